"""Every controlled vocabulary of the record model, declared once with what each output needs.

A value is the model's canonical word (bokmål). Editors write the word of their file's language, which each
label set maps to these values (site_config/etiketter/<språk>.yaml, `verdier`); beside each value stand the
CSS modifier the site and the PDFs use, the innholds-API's word and the FHIR code; labels readers see come
from the label sets too (keyed by the value itself). A table that does not cover its Literal exactly is
refused when this module is imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Styrke = Literal["sterk", "svak", "ikke avklart", "ikke gradert", "ikke oppgitt"]
Retning = Literal["for", "mot", "enten"]
Kunnskapsgrunnlag = Literal["høy", "moderat", "lav", "svært lav", "konsensus"]
Status = Literal["gjeldende", "på høring", "under revisjon", "utgått", "ikke oppgitt"]


@dataclass(frozen=True)
class Term:
    """What the outputs make of one value. Empty where an output has no word for it (nothing is invented)."""

    css: str = ""
    api: str = ""
    fhir: str = ""


class Vocabulary(dict[str, Term]):
    """A value → Term table that covers its Literal exactly, in the Literal's order."""

    def __init__(self, literal: object, terms: dict[str, Term]):
        values = get_args(literal)
        if set(terms) != set(values) or len(terms) != len(values):
            raise TypeError(f"vocabulary {sorted(terms)} does not cover {values} exactly")
        super().__init__((value, terms[value]) for value in values)
        self.literal = literal

    def by_api(self) -> dict[str, str]:
        """The innholds-API's word (case-folded) → value, for import."""
        return {term.api.casefold(): value for value, term in self.items() if term.api}


STYRKE = Vocabulary(Styrke, {
    "sterk": Term(css="sterk", api="sterk", fhir="strong"),
    "svak": Term(css="svak", api="svak", fhir="weak"),
    "ikke avklart": Term(css="uavklart"),
    "ikke gradert": Term(css="ugradert"),
    # The source gives no strength (or a word outside this vocabulary, kept verbatim under kilde.styrke).
    "ikke oppgitt": Term(css="uoppgitt"),
})

KUNNSKAPSGRUNNLAG = Vocabulary(Kunnskapsgrunnlag, {
    "høy": Term(fhir="high"),
    "moderat": Term(fhir="moderate"),
    "lav": Term(fhir="low"),
    "svært lav": Term(fhir="very-low"),
    "konsensus": Term(),
})

RETNING = Vocabulary(Retning, {"for": Term(), "mot": Term(), "enten": Term()})

STATUS = Vocabulary(Status, {
    "gjeldende": Term(css="gjeldende", api="Gjeldende", fhir="active"),
    "på høring": Term(css="pa-horing", api="På høring", fhir="draft"),
    "under revisjon": Term(css="under-revisjon", api="Under revisjon", fhir="active"),
    "utgått": Term(css="utgatt", api="Utgått", fhir="retired"),
    # The source gives no status (or a word outside this vocabulary, kept verbatim under kilde.status):
    # never shown as current.
    "ikke oppgitt": Term(css="ikke-oppgitt", fhir="unknown"),
})

# Every vocabulary by the name its words have in a label set's `verdier`, and the Literal the model types it with.
VOCABULARIES: dict[str, Vocabulary] = {
    "styrke": STYRKE, "retning": RETNING, "kunnskapsgrunnlag": KUNNSKAPSGRUNNLAG, "status": STATUS,
}


def vocabulary_of(literal: object) -> str | None:
    """The name of the vocabulary a Literal types, or None for any other type."""
    return next((name for name, table in VOCABULARIES.items() if table.literal == literal), None)


# Strengths that have no direction: an ungraded recommendation, and one whose source gives no strength.
UNDIRECTED = ("ikke gradert", "ikke oppgitt")

# GRADE's types of recommendation: strength × direction. GRADE has no strong recommendation for "either".
GRADINGS: tuple[tuple[str, str], ...] = tuple(
    (strength, direction)
    for strength in get_args(Styrke) if strength not in UNDIRECTED
    for direction in get_args(Retning) if (strength, direction) != ("sterk", "enten")
)


def grading_key(strength: str, direction: str) -> str:
    """The key of a grading's wording in site_config's `anbefalingstype`: 'svak/for'."""
    return f"{strength}/{direction}"


# The innholds-API's document types (tekniskeData.infoType, links[].type) that import-hdir reads, by the kind of
# record each becomes. Guideline-like roots of other types (veiledere, rundskriv …) become guidelines; a råd has
# the shape of a recommendation. A type not listed here is refused, never guessed.
API_TYPES: dict[str, Literal["retningslinje", "kapittel", "anbefaling"]] = {
    "retningslinje": "retningslinje",
    "nasjonal-veileder": "retningslinje",
    "prioriteringsveileder": "retningslinje",
    "veileder-lov-forskrift": "retningslinje",
    "regelverk-lov-eller-forskrift": "retningslinje",
    "rundskriv": "retningslinje",
    "kapittel": "kapittel",
    "underkapittel": "kapittel",
    "anbefaling": "anbefaling",
    "rad": "anbefaling",
    "råd": "anbefaling",
}
