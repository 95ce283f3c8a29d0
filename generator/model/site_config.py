"""The shape of site_config/: the site's words and the EtD scales, so no label or scale is written in code."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .text import Line, Slug, Url
from .vocab import GRADINGS, KUNNSKAPSGRUNNLAG, STATUS, STYRKE, Retning, grading_key

COMMIT_PATTERN = r"^[0-9a-f]{7,40}$"


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
    utgatt_forklaring: Line
    versjoner: Line
    versjon: Line
    gjeldende_versjon: Line
    ikke_gjeldende_versjon: Line
    se_gjeldende_versjon: Line
    forrige_versjon: Line
    se_versjonen: Line
    versjon_begrunnelse: Line
    versjon_endring: Line
    ingen_begrunnelse: Line
    endret_fra_forrige: Line
    redaksjonelle_rettelser: Line
    ny_anbefaling: Line
    ny_versjon: Line
    trukket_tilbake: Line
    dato_commit: Line
    dato_ikke_commitet: Line
    historikk_mangler: Line
    hva_er_nytt: Line
    hva_er_nytt_intro: Line
    hva_er_nytt_alle: Line
    abonner: Line
    abonner_atom: Line
    abonner_json: Line
    ingen_versjoner: Line
    siter: Line
    last_ned_sitering: Line
    sitering_ris: Line
    sitering_bibtex: Line
    sitering_csl: Line
    nettdokument: Line
    sitering_endret: Line
    sitering_lest: Line
    tilgjengelig_fra: Line
    uten_ar: Line
    dagens_dato: Line
    denne_adressen: Line
    retning: Line
    anbefalingstekst: Line
    kort_tittel: Line
    intro: Line
    kilde_dokument: Line
    kilde_sted: Line
    kilde_url: Line
    etd_skala: Line
    etd_tekst: Line
    lagt_til: Line
    fjernet: Line
    tomt: Line
    overkapittel: Line
    sitering_i: Line

    def __getitem__(self, key: str) -> str:
        """Templates look labels up by a key they hold (sections.py names them)."""
        return getattr(self, key)


class Etiketter(Strict):
    """Every word a page shows that does not come from a record."""

    styrke: dict[str, Line]
    retning: dict[str, Line]
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
            "retning": set(get_args(Retning)),
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


class Nettsted(Strict):
    """site_config/nettsted.yaml: where the site is published, and from which commit its versions count."""

    adresse: Url | None = Field(
        None, description="Nettstedets faste adresse (https://…/), til feeder og siteringer. Tom: relative lenker."
    )
    versjoner_fra: Annotated[str, StringConstraints(pattern=COMMIT_PATTERN)] | None = Field(
        None, description="Commiten versjonene regnes fra: tilstanden der er versjon 1 av hver anbefaling, og "
                          "historikken før den vises ikke. Tom: fra første commit."
    )


class SiteConfig(Strict):
    etiketter: Etiketter
    skalaer: dict[str, Skala]
    redigering: Redigering = Field(default_factory=lambda: Redigering(backend="github"))
    nettsted: Nettsted = Nettsted()
