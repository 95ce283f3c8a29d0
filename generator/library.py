"""Gather content/ into a Library: every file read, every record validated, before anything is written.

Layout: content/<retningslinje>/retningslinje.yaml and content/<retningslinje>/anbefalinger/<id>.yaml.
All problems from all files are collected and raised together, so one run shows everything to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .config import SiteConfig
from .crosschecks import run_crosschecks
from .load import Document, read_document
from .models import Anbefaling, Kapittel, Retningslinje
from .problems import ContentError, Problem, display_path
from .validate import check_document

GUIDELINE_FILE = "retningslinje.yaml"
RECORD_FOLDER = "anbefalinger"

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def number_key(number: str) -> tuple[int, ...]:
    """Sort key for '2.10' (after '2.9') and roman numerals ('IX' before 'X')."""
    if number[0].isdigit():
        return tuple(int(part) for part in number.split("."))
    total = 0
    for char, following in zip(number, number[1:] + " "):
        value = _ROMAN[char]
        total += -value if _ROMAN.get(following, 0) > value else value
    return (total,)


@dataclass
class RecordEntry:
    record: Anbefaling
    doc: Document


@dataclass
class Guideline:
    meta: Retningslinje
    doc: Document
    recommendations: list[RecordEntry] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.meta.id

    def chapter(self, chapter_id: str) -> Kapittel:
        return next(c for c in self.meta.kapitler if c.id == chapter_id)

    def in_chapter(self, chapter_id: str) -> list[Anbefaling]:
        return [e.record for e in self.recommendations if e.record.kapittel == chapter_id]

    def reference_numbers(self) -> dict[str, int]:
        return {ref.id: i for i, ref in enumerate(self.meta.referanser, start=1)}


@dataclass
class Library:
    root: Path
    guidelines: list[Guideline]
    warnings: list[Problem]

    @property
    def record_count(self) -> int:
        return sum(len(g.recommendations) for g in self.guidelines)


Progress = Callable[[int, int], None]


def load_library(root: Path, config: SiteConfig, progress: Progress | None = None,
                 cache: dict | None = None) -> Library:
    """Read and validate all of content/; raise ContentError with every error found.

    progress(done, total) is called as record files are read, for a progress bar on long runs. A cache
    (any dict, kept by the caller between runs) skips re-reading files whose size and time are unchanged,
    which is what makes the live preview of a large library quick."""
    problems: list[Problem] = []
    guidelines: list[Guideline] = []
    total = sum(1 for _ in root.glob(f"*/{RECORD_FOLDER}/*.yaml"))
    reader = _Reader(root, total, progress, cache)
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        guideline = _load_guideline(folder, reader, problems)
        if guideline is not None:
            guidelines.append(guideline)
    problems += _stray_files(root)
    if not guidelines and not problems:
        problems.append(Problem(display_path(root), 1, 1, f"fant ingen retningslinjer ({{mappe}}/{GUIDELINE_FILE})"))
    problems += run_crosschecks(guidelines, config)
    reader.forget_unseen()
    errors = sorted(p for p in problems if p.severity == "feil")
    if errors:
        raise ContentError(errors + sorted(p for p in problems if p.severity != "feil"))
    for guideline in guidelines:
        order = {c.id: i for i, c in enumerate(guideline.meta.kapitler)}
        guideline.recommendations.sort(key=lambda e: (order[e.record.kapittel], number_key(e.record.nummer)))
    return Library(root=root, guidelines=guidelines, warnings=sorted(problems))


class _Reader:
    """Reads and validates one file at a time, counting progress and reusing unchanged files from a cache."""

    def __init__(self, root: Path, total: int, progress: Progress | None, cache: dict | None):
        self.root, self.total, self.progress, self.cache = root, total, progress, cache
        self.done = 0
        self.seen: set = set()

    def read(self, path: Path, model, problems: list[Problem]):
        stat = path.stat()
        key = (path, model, stat.st_mtime_ns, stat.st_size)
        self.seen.add(key)
        if self.cache is not None and key in self.cache:
            instance, doc, found = self.cache[key]
        else:
            instance, doc, found = self._read(path, model)
            if self.cache is not None:
                self.cache[key] = (instance, doc, found)
        problems += found
        return instance, doc

    def _read(self, path: Path, model):
        try:
            doc = read_document(path, self.root)
        except ContentError as error:
            return None, None, error.problems
        instance, found = check_document(doc, model)
        return instance, doc, found

    def forget_unseen(self) -> None:
        """Drop cached versions of files that changed or went away, so the cache does not grow."""
        if self.cache is not None:
            for key in set(self.cache) - self.seen:
                del self.cache[key]

    def step(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def _load_guideline(folder: Path, reader: _Reader, problems: list[Problem]) -> Guideline | None:
    meta_path = folder / GUIDELINE_FILE
    if not meta_path.is_file():
        problems.append(Problem(display_path(folder, reader.root), 1, 1, f"mappen mangler {GUIDELINE_FILE}"))
        return None
    meta, doc = reader.read(meta_path, Retningslinje, problems)
    records = []
    for path in sorted((folder / RECORD_FOLDER).glob("*")):
        if path.suffix != ".yaml":
            continue
        record, record_doc = reader.read(path, Anbefaling, problems)
        reader.step()
        if record is not None:
            records.append(RecordEntry(record, record_doc))
    if meta is None:
        return None
    return Guideline(meta=meta, doc=doc, recommendations=records)


def _stray_files(root: Path) -> list[Problem]:
    """Files the loader would not read are reported, so a record saved as .yml is not silently skipped."""
    allowed = re.compile(rf"^[^/]+/(?:{GUIDELINE_FILE}|{RECORD_FOLDER}/[^/]+\.yaml)$")
    problems = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).as_posix()
        if path.is_file() and not allowed.match(relative) and not path.name.startswith("."):
            problems.append(Problem(
                display_path(path, root), 1, 1,
                f"filen blir ikke lest; anbefalinger ligger i {{retningslinje}}/{RECORD_FOLDER}/{{id}}.yaml",
            ))
    return problems
