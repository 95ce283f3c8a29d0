"""The content as the pipeline holds it once read and checked: guidelines with their recommendations.

Each record keeps the parsed document it came from, so later checks and messages can point at a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .labels import Etiketter
from .problems import Located, Problem
from .records import Anbefaling, Kapittel, Retningslinje


@dataclass
class RecordEntry:
    record: Anbefaling
    doc: Located


@dataclass
class Guideline:
    meta: Retningslinje
    doc: Located
    recommendations: list[RecordEntry] = field(default_factory=list)
    # Its language (its own `sprak`, else the site's) and that language's label set, set when it is checked.
    language: str = "nb"
    labels: Etiketter | None = None
    # The other language versions of the same guideline (`sprakversjon_av`), set by the checks; empty when none.
    versions: list[Guideline] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def short_title(self) -> str:
        return self.meta.kort_tittel or self.meta.tittel

    def chapter(self, chapter_id: str) -> Kapittel:
        return next(c for c in self.meta.kapitler if c.id == chapter_id)

    def subchapters(self, chapter_id: str | None) -> list[Kapittel]:
        """The chapters directly under a chapter, or the top-level chapters for None, in order."""
        return [c for c in self.meta.kapitler if c.forelder == chapter_id]

    def in_chapter(self, chapter_id: str) -> list[Anbefaling]:
        return [e.record for e in self.recommendations if e.record.kapittel == chapter_id]

    def reference_numbers(self) -> dict[str, int]:
        return {ref.id: i for i, ref in enumerate(self.meta.referanser, start=1)}


@dataclass
class Library:
    root: Path
    guidelines: list[Guideline]
    warnings: list[Problem]
    # The site's language and label set: pages outside a guideline and the API's paths.
    language: str = "nb"
    labels: Etiketter | None = None

    @property
    def record_count(self) -> int:
        return sum(len(g.recommendations) for g in self.guidelines)

    def records(self) -> list[tuple[Guideline, Anbefaling]]:
        return [(g, e.record) for g in self.guidelines for e in g.recommendations]
