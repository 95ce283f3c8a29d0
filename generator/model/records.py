"""The record model: the one declaration of what a guideline and a recommendation hold.

Validation, the JSON Schema for editors, the templates' context and the exports all derive
from these classes, so a field is added here and nowhere else. Field names are ASCII (like
Helsedirektoratet's API); a vocabulary's values are the model's canonical (bokmål) words, which editors write
in their file's language (the label sets' `verdier`, mapped by checks/record.py).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints, model_validator

from .messages import msg, word, words
from .text import Dato, Line, Number, Slug, Text, Url
from .vocab import UNDIRECTED, Kunnskapsgrunnlag, Retning, Status, Styrke

# A language's code: a label set's file name in site_config/etiketter/, the pages' `lang` and hreflang (BCP 47:
# nb, nn, en, en-GB).
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
Sprakkode = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]


def _is_empty(value: object) -> bool:
    if isinstance(value, dict):
        return all(_is_empty(v) for v in value.values())
    if isinstance(value, list):
        return all(_is_empty(v) for v in value)
    return value is None or value == ""


class Record(BaseModel):
    """Common settings: unknown fields are errors, never silently dropped."""

    # Numbers are not silently turned into text: only `nummer` accepts one (see text.Number), as the schema says.
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _empty_optional_blocks_are_absent(cls, data: object) -> object:
        """An optional block left with only empty fields (as `new` writes it) means 'not given'."""
        if not isinstance(data, dict):
            return data
        return {
            key: value for key, value in data.items()
            if not (isinstance(value, (dict, list)) and value and _is_empty(value)
                    and key in cls.model_fields and not cls.model_fields[key].is_required())
        }


EXTRA = "Verdier fra en import som ikke har et eget felt her; bevart uendret så ingenting går tapt."
STUB = ("Satt av import-hdir når kilden bare nevner dette i en lenke (tittel og adresse), uten innholdet; "
        "en senere import av selve dokumentet fyller det ut uten --force.")


class Kilde(Record):
    """Where the content was taken from, so every text can be traced to its source."""

    dokument: Line = Field(title="Kildedokument", description="Kildedokumentet, med utgiver og år der det er kjent.")
    sted: Line | None = Field(None, title="Sted i kilden", description="Side, kapittel eller avsnitt i kildedokumentet.")
    url: Url | None = Field(
        None, title="Nettadresse", description="Nettadresse til kildedokumentet (http:// eller https://)."
    )
    status: Line | None = Field(
        None, title="Status i kilden", description="Statusen slik kilden skriver den, ordrett, når den ikke er et av modellens ord "
                          "(da er 'status' 'ikke oppgitt')."
    )
    styrke: Line | None = Field(
        None, title="Styrke i kilden", description="Styrken slik kilden skriver den, ordrett, når den ikke er et av modellens ord "
                          "(da er 'gradering.styrke' 'ikke oppgitt')."
    )


class Gradering(Record):
    """GRADE's type of recommendation: a strength and a direction, or no grading at all."""

    styrke: Styrke = Field(
        title="Styrke",
        description=(
            "Styrken: 'sterk' eller 'svak'; 'ikke avklart' når kilden gir retningen men ikke styrken; "
            "'ikke gradert' for anbefalinger uten gradering; 'ikke oppgitt' når kilden ikke sier noe om styrken."
        )
    )
    retning: Retning | None = Field(
        None, title="Retning",
        description="'for' tiltaket, 'mot' tiltaket (for alternativet) eller 'enten' tiltaket eller alternativet.",
    )
    merknad: Text | None = Field(
        None, title="Om graderingen", description="Forklaring, påkrevd når styrken er 'ikke avklart' eller kilden ikke gir retningen."
    )

    @model_validator(mode="after")
    def _consistent(self) -> Gradering:
        strength = word("styrke", self.styrke)
        if self.styrke in UNDIRECTED and self.retning is not None:
            hint = msg("grading.undirected_hint", open=word("styrke", "ikke avklart")) \
                if self.styrke == "ikke oppgitt" else ""
            raise ValueError(msg("grading.undirected", strength=strength, hint=hint))
        if self.styrke in ("sterk", "svak") and self.retning is None and self.merknad is None:
            raise ValueError(msg("grading.needs_direction", strength=strength,
                                 directions=msg("list.or", items=", ".join(words("retning", ("for", "mot"))),
                                                last=word("retning", "enten"))))
        if self.styrke == "sterk" and self.retning == "enten":
            raise ValueError(msg("grading.strong_either", either=word("retning", "enten"), weak=word("styrke", "svak")))
        if self.styrke == "ikke avklart" and self.merknad is None:
            raise ValueError(msg("grading.open_needs_note", strength=strength))
        return self


class NokkelInfo(Record):
    """Helsedirektoratet's 'Vurdering' headings, each optional."""

    fordeler_og_ulemper: Text | None = Field(None, title="Fordeler og ulemper", description="Fordeler og ulemper.")
    kvalitet_pa_dokumentasjonen: Text | None = Field(None, title="Kvalitet på dokumentasjonen", description="Kvalitet på dokumentasjonen.")
    verdier_og_preferanser: Text | None = Field(None, title="Verdier og preferanser", description="Verdier og preferanser.")
    ressurshensyn: Text | None = Field(None, title="Ressurshensyn", description="Ressurshensyn.")


# The innholds-API's key for each NokkelInfo field (data.nokkelInfo.<key>): the export writes, the import reads them.
NOKKELINFO_API = {
    "fordeler_og_ulemper": "fordelerogulemper",
    "kvalitet_pa_dokumentasjonen": "kvalitetdokumentasjon",
    "verdier_og_preferanser": "verdierogpreferanser",
    "ressurshensyn": "ressurshensyn",
}
if set(NOKKELINFO_API) != set(NokkelInfo.model_fields):
    raise TypeError("NOKKELINFO_API must name every NokkelInfo field")


class EtdKriterium(Record):
    """One row of the Evidence-to-Decision table."""

    kriterium: Line = Field(title="Kriterium", description="Kriteriets navn, som i kilden, f.eks. 'Verdier'.")
    markert: list[Slug] = Field(
        title="Markert",
        default_factory=list,
        description="Kolonnene som er krysset av (nøkler fra skalaen i site_config); én eller flere.",
    )
    tekst: Line | None = Field(
        None, title="Tekst i kolonnen", description="Fritekst som står i stedet for et kryss i de markerte kolonnene, f.eks. 'Ingen'."
    )
    forklaring: Text | None = Field(None, title="Forklaring", description="Arbeidsgruppens forklaring til vurderingen.")

    @model_validator(mode="after")
    def _text_needs_column(self) -> EtdKriterium:
        if self.tekst is not None and not self.markert:
            raise ValueError(msg("etd.text_needs_column"))
        return self


class Etd(Record):
    """The EtD framework: criteria in the record's order, judged on a scale named in site_config."""

    skala: Slug = Field(title="Vurderingsskala", description="Nøkkelen til vurderingsskalaen i site_config/etd_skalaer.yaml.")
    kriterier: list[EtdKriterium] = Field(title="Kriterier", min_length=1, description="Kriteriene i kildens rekkefølge.")


class Endring(Record):
    """One entry of a recommendation's change history, written in the same change as what it describes.

    The versions themselves come from git (model/versions.py): an entry added together with a change that
    readers see is that version's reason; an entry marked `redaksjonell` makes the change a correction of
    the current version instead of a new one."""

    dato: Dato = Field(title="Dato", description="Datoen endringen ble publisert (ÅÅÅÅ-MM-DD).")
    endring: Text = Field(title="Endring", description="Hva som ble endret.")
    begrunnelse: Text | None = Field(
        None, title="Begrunnelse", description="Hvorfor det ble endret. Påkrevd når styrke, retning eller kunnskapsgrunnlag endres."
    )
    redaksjonell: bool = Field(
        False, title="Redaksjonell endring", description="Sann for en redaksjonell endring (skrivefeil, formatering) som ikke gir en ny versjon: "
                           "endringen rettes inn i gjeldende versjon. Kan ikke endre styrke, retning eller "
                           "kunnskapsgrunnlag."
    )
    versjon: int | None = Field(
        None, ge=1, title="Gjelder versjon", description="Nummeret på en tidligere versjon denne oppføringen begrunner, når begrunnelsen "
                                "kommer i en senere endring enn den den gjelder. Tomt for vanlige oppføringer."
    )

    @model_validator(mode="after")
    def _editorial_is_not_for_an_old_version(self) -> Endring:
        if self.redaksjonell and self.versjon is not None:
            raise ValueError(msg("record.editorial_with_version"))
        return self


class Anbefaling(Record):
    """A recommendation: one YAML file in content/<retningslinje>/anbefalinger/."""

    id: Slug = Field(title="Id", description="Fast id; gir nettadressen og brukes aldri om igjen. Lik filnavnet.")
    retningslinje: Slug = Field(title="Retningslinje", description="Id-en til retningslinjen anbefalingen hører til.")
    kapittel: Slug = Field(title="Kapittel", description="Id-en til kapittelet i retningslinjen.")
    nummer: Number | None = Field(
        title="Nummer",
        description="Nummeret i kapittelet, som i kilden: arabiske tall (1, 2.3) eller romertall (XIV). "
                    "Påkrevd, men kan stå tomt når kilden ikke gir det (en anbefaling importert uten kapittelet sitt)."
    )
    tittel: Line = Field(title="Tittel", description="Tittel.")
    kort_tittel: Line | None = Field(None, title="Kort tittel", description="Kort tittel til meny og tabeller.")
    tekst: Text = Field(title="Anbefalingen", description="Selve anbefalingen, ordrett fra kilden.")
    gradering: Gradering = Field(title="Type anbefaling", description="Type anbefaling (styrke og retning).")
    kunnskapsgrunnlag: Kunnskapsgrunnlag | None = Field(
        None, title="Kunnskapsgrunnlag", description="Tilliten til dokumentasjonen (GRADE), eller 'konsensus'. Tomt når kilden ikke oppgir den."
    )
    problemstilling: Text | None = Field(None, title="Problemstilling", description="Problemstillingen (spørsmålet) anbefalingen svarer på.")
    tiltak: Line | None = Field(None, title="Tiltak", description="Tiltaket som vurderes (Tiltak = …).")
    alternativ: Line | None = Field(None, title="Alternativet", description="Alternativet det sammenlignes med (Alternativet = …).")
    praktisk: Text | None = Field(None, title="Praktisk", description="Praktisk – slik kan anbefalingen følges.")
    begrunnelse: Text | None = Field(None, title="Begrunnelse", description="Begrunnelse – dette er anbefalingen basert på.")
    nokkelinfo: NokkelInfo | None = Field(None, title="Vurdering", description="Vurdering: fordeler og ulemper, dokumentasjon osv.")
    etd: Etd | None = Field(None, title="Fra kunnskap til beslutning (EtD)", description="Rammeverket fra kunnskap til beslutning (EtD).")
    prioritert_forskning: Text | None = Field(None, title="Prioritert forskning", description="Prioritert forskning.")
    okonomiske_vurderinger: Text | None = Field(None, title="Økonomiske vurderinger", description="Økonomiske vurderinger.")
    referanser: list[Slug] = Field(title="Referanser", default_factory=list, description="Nøkler i retningslinjens referanseliste.")
    stikkord: list[Line] = Field(
        title="Stikkord",
        default_factory=list, description="Ord lesere søker med som ikke står i teksten (vises på siden og i søket)."
    )
    kilde: Kilde = Field(title="Kilde", description="Hvor anbefalingen er hentet fra.")
    status: Status = Field(
        title="Status",
        description="Gjeldende, på høring, under revisjon eller utgått; 'ikke oppgitt' når kilden ikke gir en "
                    "kjent status (ordet står da under kilde.status). Bare 'gjeldende' vises som gjeldende."
    )
    horingsfrist: Dato | None = Field(None, title="Høringsfrist", description="Høringsfrist; påkrevd når status er 'på høring'.")
    forst_publisert: Dato | None = Field(None, title="Først publisert", description="Først publisert (ÅÅÅÅ-MM-DD). Tomt når ukjent.")
    sist_faglig_endret: Dato | None = Field(None, title="Sist faglig endret", description="Siste faglige endring (ÅÅÅÅ-MM-DD). Tomt når ukjent.")
    endringer: list[Endring] = Field(title="Endringer", default_factory=list, description="Endringshistorikk, nyeste først.")
    ekstra: dict[str, JsonValue] = Field(title="Ekstra (fra import)", default_factory=dict, description=EXTRA)

    @model_validator(mode="after")
    def _hearing_has_deadline(self) -> Anbefaling:
        if self.status == "på høring" and self.horingsfrist is None:
            raise ValueError(msg("record.hearing_needs_deadline", status=word("status", "på høring")))
        return self

    @property
    def source_status(self) -> str | None:
        return self.kilde.status

    @property
    def source_strength(self) -> str | None:
        return self.kilde.styrke


class Kapittel(Record):
    """A chapter of a guideline; its recommendations name it in their 'kapittel' field."""

    id: Slug = Field(title="Id", description="Fast id; gir nettadressen til kapittelet.")
    nummer: Number | None = Field(
        None, title="Nummer", description="Kapittelnummer."
    )
    tittel: Line = Field(title="Tittel", description="Kapittelets tittel.")
    intro: Text | None = Field(None, title="Innledning", description="Innledning (Markdown); sitér med [@nøkkel].")
    forelder: Slug | None = Field(
        None, title="Overordnet kapittel", description="Id-en til kapittelet dette er et underkapittel av; tomt for et kapittel på øverste nivå."
    )
    stubb: bool = Field(False, title="Bare kjent fra en lenke", description=STUB)
    kilde: Kilde | None = Field(None, title="Kilde", description="Hvor kapittelet er hentet fra.")
    ekstra: dict[str, JsonValue] = Field(title="Ekstra (fra import)", default_factory=dict, description=EXTRA)


class Referanse(Record):
    """One entry of a guideline's reference list; cited by its id."""

    id: Slug = Field(title="Nøkkel", description="Nøkkel som anbefalinger og tekster siterer.")
    tekst: Text = Field(title="Referansen", description="Den bibliografiske oppføringen, som i kilden.")


class Retningslinje(Record):
    """A guideline: content/<id>/retningslinje.yaml, with its chapters and reference list."""

    id: Slug = Field(title="Id", description="Fast id; gir nettadressen til retningslinjen. Lik mappenavnet.")
    tittel: Line = Field(title="Tittel", description="Tittel.")
    kort_tittel: Line | None = Field(None, title="Kort tittel", description="Kort tittel.")
    sprak: Sprakkode | None = Field(
        None, title="Språk",
        description="Språket retningslinjen er skrevet på (nb, nn, en …: et etikettsett i site_config/etiketter/); "
                    "tomt: nettstedets språk. Sidene, PDF-ene og verdiene i postene (styrke, status …) følger det.")
    sprakversjon_av: Slug | None = Field(
        None, title="Språkversjon av",
        description="Id-en til retningslinjen dette er en annen språkversjon av (samme innhold på et annet språk, "
                    "f.eks. nynorsk ved siden av bokmål); sidene lenker til hverandre.")
    identifikator: Line | None = Field(None, title="Identifikator", description="Utgiverens identifikator, f.eks. IS-2219.")
    eier: Line | None = Field(title="Eier", description="Hvem som eier (utgir) retningslinjen. Påkrevd, men kan stå tomt når kilden ikke oppgir det.")
    status: Status = Field(
        title="Status",
        description="Gjeldende, på høring, under revisjon eller utgått; 'ikke oppgitt' når kilden ikke gir en "
                    "kjent status (ordet står da under kilder[0].status)."
    )
    stubb: bool = Field(False, title="Bare kjent fra en lenke", description=STUB)
    forst_publisert: Dato | None = Field(None, title="Først publisert", description="Først publisert (ÅÅÅÅ-MM-DD). Tomt når ukjent.")
    sist_faglig_endret: Dato | None = Field(None, title="Sist faglig endret", description="Siste faglige endring (ÅÅÅÅ-MM-DD). Tomt når ukjent.")
    intro: Text | None = Field(None, title="Innledning", description="Innledning på forsiden (Markdown).")
    kilder: list[Kilde] = Field(title="Kilder", min_length=1, description="Kildedokumentene innholdet bygger på.")
    kapitler: list[Kapittel] = Field(
        title="Kapitler",
        default_factory=list,
        description="Kapitlene i rekkefølge, et underkapittel etter sitt forelder-kapittel. Tomt når kilden ikke har kapitler.",
    )
    referanser: list[Referanse] = Field(title="Referanser", default_factory=list, description="Referanselisten.")
    ekstra: dict[str, JsonValue] = Field(title="Ekstra (fra import)", default_factory=dict, description=EXTRA)

    @property
    def source_status(self) -> str | None:
        return next((k.status for k in self.kilder if k.status), None)
