"""Read every file of content/ into positioned documents; checking them is the next stage's job.

Layout: content/<retningslinje>/retningslinje.yaml and content/<retningslinje>/anbefalinger/<id>.yaml.
Problems in any file (YAML errors, files in the wrong place) are collected, not raised, so one run
shows everything to fix.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..model.problems import ContentError, Problem, display_path
from .document import Document, read_document

GUIDELINE_FILE = "retningslinje.yaml"
RECORD_FOLDER = "anbefalinger"

Progress = Callable[[int, int], None]


@dataclass
class GuidelineFiles:
    """One guideline folder: its guideline document (None if it could not be read) and its record documents."""

    folder: Path
    guideline: Document | None
    records: list[Document] = field(default_factory=list)


@dataclass
class ContentFiles:
    root: Path
    guidelines: list[GuidelineFiles]
    problems: list[Problem]


def read_content(root: Path, progress: Progress | None = None, cache: dict | None = None) -> ContentFiles:
    """Every guideline folder's documents, and the problems of files that could not be read.

    progress(done, total) is called as record files are read, for a progress bar on long runs. A cache
    (any dict, kept by the caller between runs) reuses documents whose file size and time are unchanged,
    which is what makes the live preview of a large library quick."""
    reader = _Reader(root, sum(1 for _ in root.glob(f"*/{RECORD_FOLDER}/*.yaml")), progress, cache)
    guidelines: list[GuidelineFiles] = []
    problems: list[Problem] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        meta_path = folder / GUIDELINE_FILE
        if not meta_path.is_file():
            problems.append(Problem(display_path(folder, root), 1, 1, f"mappen mangler {GUIDELINE_FILE}"))
            continue
        files = GuidelineFiles(folder, reader.read(meta_path, problems))
        for path in sorted((folder / RECORD_FOLDER).glob("*.yaml")):
            doc = reader.read(path, problems)
            reader.step()
            if doc is not None:
                files.records.append(doc)
        guidelines.append(files)
    problems += _stray_files(root)
    if not guidelines and not problems:
        problems.append(Problem(display_path(root), 1, 1, f"fant ingen retningslinjer ({{mappe}}/{GUIDELINE_FILE})"))
    reader.forget_unseen()
    return ContentFiles(root, guidelines, problems)


class _Reader:
    """Reads one file at a time, counting progress and reusing unchanged files from a cache."""

    def __init__(self, root: Path, total: int, progress: Progress | None, cache: dict | None):
        self.root, self.total, self.progress, self.cache = root, total, progress, cache
        self.done = 0
        self.seen: set = set()

    def read(self, path: Path, problems: list[Problem]) -> Document | None:
        stat = path.stat()
        key = (path, stat.st_mtime_ns, stat.st_size)
        self.seen.add(key)
        if self.cache is not None and key in self.cache:
            doc, found = self.cache[key]
        else:
            try:
                doc, found = read_document(path, self.root), []
            except ContentError as error:
                doc, found = None, error.problems
            if self.cache is not None:
                self.cache[key] = (doc, found)
        problems += found
        return doc

    def forget_unseen(self) -> None:
        """Drop cached versions of files that changed or went away, so the cache does not grow."""
        if self.cache is not None:
            for key in set(self.cache) - self.seen:
                del self.cache[key]

    def step(self) -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)


def _stray_files(root: Path) -> list[Problem]:
    """Files the loader would not read are reported, so a record saved as .yml is not silently skipped."""
    allowed = re.compile(rf"^[^/]+/(?:{GUIDELINE_FILE}|{RECORD_FOLDER}/[^/]+\.yaml)$")
    # Names as text, not Path objects: at national scale this runs over thousands of files on every save.
    found = [os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
             for folder, _dirs, names in os.walk(root) for name in names if not name.startswith(".")]
    return [Problem(display_path(root / relative, root), 1, 1,
                    f"filen blir ikke lest; anbefalinger ligger i {{retningslinje}}/{RECORD_FOLDER}/{{id}}.yaml")
            for relative in sorted(found) if not allowed.match(relative)]
