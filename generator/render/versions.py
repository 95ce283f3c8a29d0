"""What the pages show of a recommendation's versions: the list on its page, each version's own page (an
archive: it shows the record and the guideline as they then were, and never what came after it), and the
entries of "Hva er nytt" and the change log. Each in its guideline's language: its labels, its dates, its numbered
headings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import Markup

from ..model.changes import record_changes
from ..model.library import Guideline
from ..model.records import Anbefaling, Endring, Referanse
from ..model.site_config import SiteConfig
from ..model.text import CITATION
from ..model.versions import History, Version
from .changes import Wording
from .urls import Paths


# What a version is, as lists call it (keys of seksjon): the first, one that withdraws, any other.
KINDS = ("ny_anbefaling", "trukket_tilbake", "ny_versjon")


@dataclass
class Entry:
    """One version as a list shows it."""

    guideline: Guideline
    record_id: str
    version: Version
    title: str  # the recommendation's title in this version
    heading: str
    kind: str  # a key of seksjon: ny_anbefaling, ny_versjon or trukket_tilbake
    date: str
    date_note: str | None  # where the date comes from, when it is not a professional date
    reasons: list[Endring]
    editorial: list[Endring]
    page: str  # the version page's source path
    current: bool
    config: SiteConfig

    @cached_property
    def diff(self) -> Markup:
        """What changed from the version before, rendered; worked out only where a page or feed shows it."""
        return changes_html(self.config, self.version, self.guideline.language)


def changes_html(config: SiteConfig, version: Version, language: str | None = None) -> Markup:
    """The rendered diff of a version against the one before it (empty for a first version)."""
    if version.previous is None:
        return Markup("")
    wording = Wording(config, version.previous.guideline, version.guideline, language)
    return Markup(wording.html_list(record_changes(version.previous.record, version.record)))


def entry(config: SiteConfig, g: Guideline, record_id: str, version: Version, current: bool) -> Entry:
    labels = config.labels(g.language)
    s = labels.seksjon
    kind = KINDS[1] if version.withdrawn else KINDS[0] if version.is_new else KINDS[2]
    note = {"commit": s.dato_commit, "arbeidskopi": s.dato_ikke_commitet}.get(version.dated_by)
    return Entry(g, record_id, version, version.record.tittel, labels.heading(version.record), kind,
                 labels.date(version.date), note, version.reasons, version.editorial,
                 Paths.version(g, record_id, version.number), current, config)


def entries(config: SiteConfig, g: Guideline, record_id: str, versions: list[Version]) -> list[Entry]:
    """A recommendation's versions, newest first."""
    return [entry(config, g, record_id, v, v is versions[-1]) for v in reversed(versions)]


def recent(config: SiteConfig, guidelines: list[Guideline], history: History, limit: int | None = None) -> list[Entry]:
    """The newest versions across the guidelines given, newest first."""
    by_record = {e.record.id: g for g in guidelines for e in g.recommendations}
    found = []
    for record_id, version in history.newest_first(set(by_record))[:limit]:
        versions = history.of(record_id)
        found.append(entry(config, by_record[record_id], record_id, version, version is versions[-1]))
    return found


@dataclass
class Archive:
    """A version page's own context: the version, the guideline as it then was, and its reference numbers."""

    version: Version
    current: bool
    chapter: str  # the chapter's heading as it then was
    numbers: dict[str, int] = field(default_factory=dict)
    references: dict[str, Referanse] = field(default_factory=dict)


def archive(version: Version, current: bool, labels) -> tuple[Archive, Anbefaling]:
    """The archive context of a version page, and the record as the page shows it: its reference list holds every
    reference it cites, numbered as the guideline then numbered them, so the page needs no other page. labels:
    the guideline's label set (chapter headings)."""
    meta, rec = version.guideline, version.record
    chapters = {c.id: labels.heading(c) for c in meta.kapitler} if meta else {}
    refs = {r.id: r for r in meta.referanser} if meta else {}
    numbers = {r.id: i for i, r in enumerate(meta.referanser, start=1)} if meta else {}
    cited = set(CITATION.findall(rec.model_dump_json(include=set(Anbefaling.model_fields) - {"ekstra"})))
    shown = sorted({k for k in [*rec.referanser, *cited] if k in refs}, key=lambda k: numbers[k])
    context = Archive(version, current, chapters.get(rec.kapittel, rec.kapittel), numbers, refs)
    return context, rec.model_copy(update={"referanser": shown})
