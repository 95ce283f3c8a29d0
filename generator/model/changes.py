"""What changed between two states of a recommendation or a guideline, field by field, in readers' terms.

Each Change names the label readers know the field by (a key of site_config's `seksjon`), how it is shown
(a value before → after, a word diff of a text, items added and removed, a whole item added or removed) and how
its values are put in words (a strength by its label, a date as readers see it, an EtD mark by its column's
name). The version pages, the feeds and the reviewer diff all show these; render/changes.py puts them in words.
EtD judgments are matched by criterion name, chapters and references by id, so a reordering is not a change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from .records import Anbefaling, NokkelInfo, Retningslinje
from .versions import NOT_CONTENT

Kind = Literal["value", "text", "list", "added", "removed"]
Words = Literal["plain", "styrke", "retning", "kunnskapsgrunnlag", "status", "dato", "kapittel", "referanse", "etd"]


@dataclass(frozen=True)
class Change:
    label: str  # a key of site_config's seksjon
    kind: Kind
    before: Any = None
    after: Any = None
    words: Words = "plain"
    subject: str | None = None  # what the label belongs to: an EtD criterion, a chapter, a reference
    priority: bool = False  # strength, direction, certainty and status: shown first
    scale: str | None = None  # an EtD mark's scale (site_config/etd_skalaer.yaml)
    within: str | None = None  # the label (seksjon key) of what the subject is: 'kapittel' for a chapter's field

    @property
    def added(self) -> list:
        return [x for x in self.after or [] if x not in (self.before or [])]

    @property
    def removed(self) -> list:
        return [x for x in self.before or [] if x not in (self.after or [])]


# (path, label, kind, words, priority), in the order a reviewer reads them: grading first, then the text.
_RECORD: list[tuple[tuple[str, ...], str, Kind, Words, bool]] = [
    (("gradering", "styrke"), "styrke", "value", "styrke", True),
    (("gradering", "retning"), "retning", "value", "retning", True),
    (("kunnskapsgrunnlag",), "kunnskapsgrunnlag", "value", "kunnskapsgrunnlag", True),
    (("status",), "status", "value", "status", True),
    (("tekst",), "anbefalingstekst", "text", "plain", False),
    (("tittel",), "tittel", "value", "plain", False),
    (("kort_tittel",), "kort_tittel", "value", "plain", False),
    (("nummer",), "nummer", "value", "plain", False),
    (("kapittel",), "kapittel", "value", "kapittel", False),
    (("retningslinje",), "pdf_retningslinje", "value", "plain", False),
    (("gradering", "merknad"), "gradering_merknad", "text", "plain", False),
    (("horingsfrist",), "horingsfrist", "value", "dato", False),
    (("problemstilling",), "problemstilling", "text", "plain", False),
    (("tiltak",), "tiltak", "value", "plain", False),
    (("alternativ",), "alternativ", "value", "plain", False),
    (("praktisk",), "praktisk", "text", "plain", False),
    (("begrunnelse",), "begrunnelse", "text", "plain", False),
    *[(("nokkelinfo", name), name, "text", "plain", False) for name in NokkelInfo.model_fields],
    (("prioritert_forskning",), "prioritert_forskning", "text", "plain", False),
    (("okonomiske_vurderinger",), "okonomiske_vurderinger", "text", "plain", False),
    (("referanser",), "referanser", "list", "referanse", False),
    (("stikkord",), "stikkord", "list", "plain", False),
    (("kilde", "dokument"), "kilde_dokument", "value", "plain", False),
    (("kilde", "sted"), "kilde_sted", "value", "plain", False),
    (("kilde", "url"), "kilde_url", "value", "plain", False),
    (("kilde", "status"), "kilde_status", "value", "plain", False),
    (("kilde", "styrke"), "kilde_styrke", "value", "plain", False),
    (("forst_publisert",), "forst_publisert", "value", "dato", False),
    (("sist_faglig_endret",), "sist_faglig_endret", "value", "dato", False),
]
# Fields compared elsewhere (etd), or that name the record rather than hold its content.
_SEPARATE = {"etd", "id"}
COVERED = {path[0] for path, *_ in _RECORD} | _SEPARATE | NOT_CONTENT


def _get(model: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if model is None:
            return None
        model = getattr(model, part)
    return model


def _compare(old: Any, new: Any, fields, subject: str | None = None, within: str | None = None) -> list[Change]:
    found = []
    for path, label, kind, words, priority in fields:
        before, after = _get(old, path), _get(new, path)
        if before != after and not (not before and not after):
            found.append(Change(label, kind, before, after, words, subject, priority, within=within))
    return found


def record_changes(old: Anbefaling, new: Anbefaling) -> list[Change]:
    """Everything readers see that differs between two states of a recommendation, grading first."""
    return _compare(old, new, _RECORD[:5]) + _etd(old, new) + _compare(old, new, _RECORD[5:])


def _etd(old: Anbefaling, new: Anbefaling) -> list[Change]:
    before = {c.kriterium: c for c in old.etd.kriterier} if old.etd else {}
    after = {c.kriterium: c for c in new.etd.kriterier} if new.etd else {}
    scale_before, scale_after = old.etd and old.etd.skala, new.etd and new.etd.skala
    found = []
    if scale_before and scale_after and scale_before != scale_after:
        found.append(Change("etd_skala", "value", scale_before, scale_after))
    for name in [*after, *(n for n in before if n not in after)]:
        was, now = before.get(name), after.get(name)
        if was is None or now is None:
            found.append(Change("etd", "value", was and was.markert, now and now.markert, "etd", name,
                                scale=scale_after or scale_before))
            continue
        if was.markert != now.markert:
            found.append(Change("etd", "value", was.markert, now.markert, "etd", name, scale=scale_after))
        found += _compare(was, now, [(("tekst",), "etd_tekst", "value", "plain", False),
                                     (("forklaring",), "forklaring", "text", "plain", False)], subject=name)
    return found


_GUIDELINE: list[tuple[tuple[str, ...], str, Kind, Words, bool]] = [
    (("status",), "status", "value", "status", True),
    (("tittel",), "tittel", "value", "plain", False),
    (("kort_tittel",), "kort_tittel", "value", "plain", False),
    (("identifikator",), "identifikator", "value", "plain", False),
    (("eier",), "eier", "value", "plain", False),
    (("forst_publisert",), "forst_publisert", "value", "dato", False),
    (("sist_faglig_endret",), "sist_faglig_endret", "value", "dato", False),
    (("intro",), "intro", "text", "plain", False),
]
_CHAPTER: list[tuple[tuple[str, ...], str, Kind, Words, bool]] = [
    (("tittel",), "tittel", "value", "plain", False),
    (("nummer",), "nummer", "value", "plain", False),
    (("forelder",), "overkapittel", "value", "kapittel", False),
    (("intro",), "intro", "text", "plain", False),
]


def guideline_changes(old: Retningslinje, new: Retningslinje) -> list[Change]:
    """The guideline's own fields, its sources, and its chapters and references by id."""
    found = _compare(old, new, _GUIDELINE)
    sources_before, sources_after = [k.dokument for k in old.kilder], [k.dokument for k in new.kilder]
    if sources_before != sources_after:
        found.append(Change("kilder", "list", sources_before, sources_after))
    # A chapter is named by its id here; render/changes.py names it by its heading, numbered as the language does.
    found += _by_id(old.kapitler, new.kapitler, "kapittel", lambda c: c.id,
                    lambda a, b: _compare(a, b, _CHAPTER, subject=b.id, within="kapittel"), words="kapittel")
    found += _by_id(old.referanser, new.referanser, "referanser", lambda r: r.tekst,
                    lambda a, b: [Change("referanser", "text", a.tekst, b.tekst, subject=b.id)] if a.tekst != b.tekst else [])
    return found


def _by_id(before: list, after: list, label: str, shown, compare, words: Words = "plain") -> list[Change]:
    old, new = {x.id: x for x in before}, {x.id: x for x in after}
    found = [Change(label, "added", after=shown(x), subject=x.id, words=words) for x in after if x.id not in old]
    found += [Change(label, "removed", before=shown(x), subject=x.id, words=words) for x in before if x.id not in new]
    for x in after:
        if x.id in old:
            found += compare(old[x.id], x)
    return found


def labels() -> set[str]:
    """Every label (seksjon key) a Change can carry, for the check that every declared label is used."""
    fields = [*_RECORD, *_GUIDELINE, *_CHAPTER]
    return {label for _path, label, *_ in fields} | {"etd", "etd_skala", "etd_tekst", "forklaring", "kilder",
                                                     "kapittel", "referanser"}
