"""The shape of one label set, site_config/etiketter/<språk>.yaml: every word a reader sees that does not come from
a record, in one language, and what that language needs besides words (its locale for dates and hyphenation,
its search stemmer, the path segments of the site's addresses, the words editors write for the model's values).

One field per label, so `check` names a missing one with its file, line and column; a label set is complete or
it is refused. tests/test_site_config.py proves every label the templates use is declared here and every one
declared is used.
"""

from __future__ import annotations

import functools
from typing import Annotated, Literal

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_date_format, get_day_names, get_month_names
from pydantic import AfterValidator, BaseModel, Field, model_validator

from .api_labels import ApiSide, Strict
from .messages import msg
from .records import Anbefaling, Retningslinje
from .text import Line, Slug
from .vocab import GRADINGS, VOCABULARIES, grading_key


def _locale(value: str) -> str:
    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError):
        raise ValueError(msg("labels.locale", found=value)) from None
    return value


class Sprak(Strict):
    """The language itself: its name and what dates, hyphenation, search and the editor need."""

    navn: Line = Field(description="Språkets navn på språket selv, slik språkvelgeren viser det (Nynorsk, English).")
    lokale: Annotated[str, AfterValidator(_locale)] = Field(
        description="CLDR-lokale for datoer og orddeling (nb_NO, nn_NO, en_GB).")
    datoformat: Literal["short", "medium", "long", "full"] = Field(
        description="Datoformatet fra lokalet: short (05.01.2019), medium, long (5 January 2019) eller full.")
    api: Line = Field(description="Språkkoden innholds-API-et, RIS og CSL-JSON bruker ('no' for bokmål).")
    bibtex: Line = Field(description="Språket slik biblatex navngir det i BibTeX-siteringer (norsk, nynorsk, english).")
    redigering: Line = Field(description="Språket i nettredigeringen (Decap CMS: nb_no, nn_no, en).")


class Adresser(Strict):
    """The path segments of the site's addresses in this language; ids are never translated."""

    anbefaling: Slug
    kapittel: Slug
    alle_anbefalinger: Slug
    referanser: Slug
    endringslogg: Slug
    api_retningslinjer: Slug
    api_kapitler: Slug
    api_anbefalinger: Slug
    versjon: Slug
    hva_er_nytt: Slug
    api_versjoner: Slug
    sitering: Slug

    @model_validator(mode="after")
    def _distinct(self) -> Adresser:
        pages = [self.anbefaling, self.alle_anbefalinger, self.referanser, self.endringslogg]
        # A version's folder and a citation file stand in a recommendation's folder: they must differ.
        beside_page = [self.versjon, self.sitering]
        api = [self.api_retningslinjer, self.api_kapitler, self.api_anbefalinger]
        for group in (pages, api, [self.anbefaling, self.kapittel], beside_page):
            twice = sorted({segment for segment in group if group.count(segment) > 1})
            if twice:
                raise ValueError(msg("labels.segments_twice", segments=", ".join(twice)))
        return self


class Verdier(Strict):
    """The words editors write for the model's values in this language, by vocabulary (model/vocab.py)."""

    styrke: dict[str, Line]
    retning: dict[str, Line]
    kunnskapsgrunnlag: dict[str, Line]
    status: dict[str, Line]

    @model_validator(mode="after")
    def _cover(self) -> Verdier:
        for name, table in VOCABULARIES.items():
            given = getattr(self, name)
            missing, unknown = [v for v in table if v not in given], [v for v in given if v not in table]
            if missing or unknown:
                raise ValueError(msg("labels.values_cover", vocabulary=name, missing=", ".join(missing) or "–",
                                     unknown=", ".join(unknown) or "–"))
            written = list(given.values())
            twice = sorted({w for w in written if written.count(w) > 1})
            if twice:
                raise ValueError(msg("labels.values_twice", vocabulary=name, words=", ".join(twice)))
        return self

    def tables(self) -> dict[str, dict[str, str]]:
        """Vocabulary → model value → word, in the model's order."""
        return {name: {value: getattr(self, name)[value] for value in table} for name, table in VOCABULARIES.items()}

    def values(self, vocabulary: str) -> dict[str, str]:
        """Word → model value: what an editor wrote, as the model holds it."""
        return {word: value for value, word in getattr(self, vocabulary).items()}


class SkalaNavn(Strict):
    """An EtD scale's name and its columns' names in this language (the columns' order: etd_skalaer.yaml)."""

    navn: Line
    kolonner: dict[Slug, Line]


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
    pdf_side: Line
    antall: Line
    innholdsversjon: Line
    innholdsversjon_ukjent: Line
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
    nummerert: Line
    sprakversjoner: Line
    til_mork_modus: Line
    til_lys_modus: Line
    beskrivelse: Line
    forhandsvisning_feil: Line
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

    @model_validator(mode="after")
    def _placeholders(self) -> Seksjon:
        needed = {"nummerert": ("{nummer}", "{tittel}"), "pdf_side": ("{side}", "{sider}"),
                  "antall_en": ("{n}",), "antall_flere": ("{n}",), "filter_viser": ("{vist}", "{antall}")}
        for name, marks in needed.items():
            missing = [mark for mark in marks if mark not in getattr(self, name)]
            if missing:
                raise ValueError(msg("labels.placeholders", label=name, missing=", ".join(missing)))
        return self

    def __getitem__(self, key: str) -> str:
        """Templates look labels up by a key they hold (sections.py names them)."""
        return getattr(self, key)


@functools.lru_cache(maxsize=None)
def _date_pattern(length: str, locale: str) -> tuple[tuple[str, str], ...]:
    pattern = get_date_format(length, locale=locale).pattern
    found = [("datomal", pattern)]
    if "MMM" in pattern or "LLL" in pattern:
        found.append(("maaneder", "|".join(get_month_names("wide", locale=locale)[m] for m in range(1, 13))))
    if "E" in pattern:  # Sunday first, as a script counts the days of the week
        found.append(("dager", "|".join(get_day_names("wide", locale=locale)[d] for d in (6, 0, 1, 2, 3, 4, 5))))
    return tuple(found)


@functools.lru_cache(maxsize=1)
def record_fields() -> dict[str, object]:
    """Every field of the record models as 'Model.field' (Anbefaling.tittel, Gradering.styrke …), with its FieldInfo."""
    found: dict[str, object] = {}

    def walk(model) -> None:
        for name, info in model.model_fields.items():
            key = f"{model.__name__}.{name}"
            if key in found:
                continue
            found[key] = info
            for inner in _models_in(info.annotation):
                walk(inner)

    walk(Anbefaling)
    walk(Retningslinje)
    return found


def _models_in(annotation) -> list:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in getattr(annotation, "__args__", ()) for m in _models_in(arg)]


class FeltTekst(Strict):
    """A field's title and description in this language (the web editor's label and hint, the schema's words)."""

    tittel: Line
    beskrivelse: Line


class Etiketter(Strict):
    """One language's label set: site_config/etiketter/<språk>.yaml."""

    sprak: Sprak
    adresser: Adresser
    verdier: Verdier
    styrke: dict[str, Line]
    # A recommendation's direction, as the changes between versions show it.
    retning: dict[str, Line]
    anbefalingstype: dict[str, Line] = Field(description="Nøkkel 'styrke/retning', f.eks. 'svak/for'.")
    kunnskapsgrunnlag: dict[str, Line]
    kunnskapsgrunnlag_mangler: Line
    status: dict[str, Line]
    skalaer: dict[Slug, SkalaNavn]
    seksjon: Seksjon
    api_side: ApiSide
    # The record model's fields in this language, by 'Model.field'; a field left out shows the model's own words.
    felt: dict[str, FeltTekst] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> Etiketter:
        """A label missing for an allowed value would render as nothing; refuse that at start-up."""
        wanted = {name: set(VOCABULARIES[name]) for name in ("styrke", "retning", "kunnskapsgrunnlag", "status")}
        wanted["anbefalingstype"] = {grading_key(*pair) for pair in GRADINGS}
        for name, keys in wanted.items():
            missing = keys - set(getattr(self, name))
            if missing:
                raise ValueError(msg("labels.missing_values", group=name, keys=", ".join(sorted(missing))))
        unknown = sorted(set(self.felt) - set(record_fields()))
        if unknown:
            raise ValueError(msg("labels.unknown_fields", fields=", ".join(unknown)))
        return self

    def field_text(self, model: str, name: str) -> tuple[str | None, str | None]:
        """A field's title and description in this language, or the model's own."""
        own = self.felt.get(f"{model}.{name}")
        info = record_fields().get(f"{model}.{name}")
        if own is not None:
            return own.tittel, own.beskrivelse
        return (info.title, info.description) if info is not None else (None, None)

    def heading(self, item, short: bool = False) -> str:
        """A chapter's or recommendation's title with its number, as this language writes it ('XIV. Tittel')."""
        title = (getattr(item, "kort_tittel", None) or item.tittel) if short else item.tittel
        if not item.nummer:
            return title
        return self.seksjon.nummerert.replace("{nummer}", item.nummer).replace("{tittel}", title)

    def date(self, value) -> str:
        """A date in the language's own format (its locale and the length its label set chooses): 05.01.2019 in
        bokmål and nynorsk, 5 January 2019 in English."""
        return format_date(value, format=self.sprak.datoformat, locale=self.sprak.lokale)

    def date_pattern(self) -> dict[str, str]:
        """How the page's script writes a date it only knows in the reader's browser (today's, in a citation): the
        locale's CLDR pattern (dd.MM.y, d MMMM y) and the names it needs, so every browser writes it as date() does,
        whatever locale data it has."""
        return dict(_date_pattern(self.sprak.datoformat, self.sprak.lokale))

    def count(self, n: int) -> str:
        """'1 anbefaling', '20 anbefalinger'."""
        return (self.seksjon.antall_en if n == 1 else self.seksjon.antall_flere).replace("{n}", str(n))
