"""The shape of site_config/: the site's words and the EtD scales, so no label or scale is written in code."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .text import Line, Slug, Url
from .vocab import GRADINGS, KUNNSKAPSGRUNNLAG, STATUS, STYRKE, grading_key


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class Kolonne(Strict):
    id: Slug
    navn: Line


class Skala(Strict):
    navn: Line
    kolonner: list[Kolonne] = Field(min_length=2)


class Seksjon(Strict):
    """Headings and words of the pages and PDFs, one field each, so `check` names a missing one."""

    hjem: Line
    api: Line
    anbefaling: Line
    anbefalinger: Line
    type_anbefaling: Line
    praktisk: Line
    begrunnelse: Line
    fordeler_og_ulemper: Line
    kvalitet_pa_dokumentasjonen: Line
    verdier_og_preferanser: Line
    ressurshensyn: Line
    etd: Line
    etd_vis: Line
    etd_tabell: Line
    kriterium: Line
    markert: Line
    problemstilling: Line
    tiltak: Line
    alternativ: Line
    forklaring: Line
    prioritert_forskning: Line
    okonomiske_vurderinger: Line
    referanser: Line
    datoer: Line
    forst_publisert: Line
    sist_faglig_endret: Line
    ikke_registrert: Line
    horingsfrist: Line
    endringer: Line
    kilde: Line
    gradering_merknad: Line
    alle_anbefalinger: Line
    kapitler: Line
    kapittel: Line
    nummer: Line
    tittel: Line
    styrke: Line
    kunnskapsgrunnlag: Line
    filter_styrke: Line
    filter_kapittel: Line
    filter_alle: Line
    filter_viser: Line
    filter_ingen: Line
    antall_en: Line
    antall_flere: Line
    retningslinjer: Line
    eier: Line
    identifikator: Line
    status: Line
    kilder: Line
    endringslogg: Line
    ingen_endringer: Line
    dato: Line
    stikkord: Line
    innhold: Line
    last_ned_pdf: Line
    pdf_retningslinje: Line
    pdf_kapittel: Line
    pdf_anbefaling: Line
    pdf_utvalg: Line
    pdf_utvalg_tittel: Line
    antall: Line
    innholdsversjon: Line
    laget: Line
    forst_publisert_hendelse: Line
    ikke_oppgitt: Line
    i_kilden: Line
    kilde_status: Line
    kilde_styrke: Line
    underkapitler: Line
    ingen_kapitler: Line
    stubb_retningslinje: Line
    stubb_kapittel: Line

    def __getitem__(self, key: str) -> str:
        """Templates look labels up by a key they hold (sections.py names them)."""
        return getattr(self, key)


class Etiketter(Strict):
    """Every word a page shows that does not come from a record."""

    styrke: dict[str, Line]
    anbefalingstype: dict[str, Line] = Field(description="Nøkkel 'styrke/retning', f.eks. 'svak/for'.")
    kunnskapsgrunnlag: dict[str, Line]
    kunnskapsgrunnlag_mangler: Line
    status: dict[str, Line]
    seksjon: Seksjon

    @model_validator(mode="after")
    def _complete(self) -> Etiketter:
        """A label missing for an allowed value would render as nothing; refuse that at start-up."""
        wanted = {
            "styrke": set(STYRKE),
            "kunnskapsgrunnlag": set(KUNNSKAPSGRUNNLAG),
            "status": set(STATUS),
            "anbefalingstype": {grading_key(*pair) for pair in GRADINGS},
        }
        for name, keys in wanted.items():
            missing = keys - set(getattr(self, name))
            if missing:
                raise ValueError(f"{name} mangler etiketter for: {', '.join(sorted(missing))}")
        return self


class Skalaer(Strict):
    skalaer: dict[Slug, Skala] = Field(min_length=1)


class Redigering(Strict):
    """site_config/redigering.yaml: where the web editor (/admin/) commits. Empty values are looked up or left out."""

    backend: Literal["github", "git-gateway"] = Field(description="github, eller git-gateway (Netlify Identity).")
    repo: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")] | None = Field(
        None, description="Depotet på GitHub, eier/navn.")
    branch: Line = Field("main", description="Grenen nettstedet bygges fra; pull requests går mot den.")
    base_url: Url | None = Field(None, description="Innloggingstjenesten for GitHub OAuth.")
    auth_endpoint: Line | None = Field(None, description="Stien til innloggingen hos base_url (standard 'auth').")
    site_url: Url | None = Field(None, description="Nettstedets adresse.")


class SiteConfig(Strict):
    etiketter: Etiketter
    skalaer: dict[str, Skala]
    redigering: Redigering = Field(default_factory=lambda: Redigering(backend="github"))
