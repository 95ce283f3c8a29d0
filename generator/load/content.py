"""Read every file of content/ into positioned documents; checking them is the next stage's job.

Layout: content/<retningslinje>/retningslinje.yaml and content/<retningslinje>/anbefalinger/<id>.yaml.
Problems in any file (YAML errors, files in the wrong place) are collected, not raised, so one run
shows everything to fix. Symbolic links are never followed (a link could point at /etc/passwd, at
/dev/zero or back at its own folder): each is reported where it stands.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Container

from ..model.messages import msg
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


def read_content(root: Path, progress: Progress | None = None, cache: dict | None = None,
                 each: Callable[..., list] | None = None, known: Container[str] = ()) -> ContentFiles:
    """Every guideline folder's documents, and the problems of files that could not be read.

    progress(done, total) is called as record files are read, for a progress bar on long runs. A cache
    (any dict, kept by the caller between runs) reuses documents whose file size and time are unchanged,
    which is what makes the live preview of a large library quick. each(read, folders, weight) maps the
    reading of a folder over the folders, on several cores (build/fork.py); not with a progress bar or a
    cache, which live in this process. known: hashes of files an earlier build read and checked (build/store.py),
    which are not parsed again."""
    folders = sorted(p for p in root.iterdir() if _is_folder(p))
    records = {folder: sorted((folder / RECORD_FOLDER).glob("*.yaml")) if _is_folder(folder / RECORD_FOLDER) else []
               for folder in folders}
    reader = _Reader(root, sum(map(len, records.values())), progress, cache, known)

    def read_folder(folder: Path) -> tuple[GuidelineFiles | None, list[Problem]]:
        problems: list[Problem] = []
        meta_path = folder / GUIDELINE_FILE
        if not os.path.lexists(meta_path):
            return None, [Problem(display_path(folder, root), 1, 1,
                                  msg("content.no_guideline_file", file=GUIDELINE_FILE))]
        files = GuidelineFiles(folder, reader.read(meta_path, problems))
        for path in records[folder]:
            doc = reader.read(path, problems)
            reader.step()
            if doc is not None:
                files.records.append(doc)
        return files, problems

    if each is None or progress is not None or cache is not None:
        read = [read_folder(folder) for folder in folders]
    else:
        read = each(read_folder, folders, lambda folder: len(records[folder]) + 1)
    guidelines = [files for files, _problems in read if files is not None]
    problems = [problem for _files, found in read for problem in found]
    problems += _stray_files(root)
    if not guidelines and not problems:
        problems.append(Problem(display_path(root), 1, 1, msg("content.no_guidelines", file=GUIDELINE_FILE)))
    reader.forget_unseen()
    return ContentFiles(root, guidelines, problems)


class _Reader:
    """Reads one file at a time, counting progress and reusing unchanged files from a cache."""

    def __init__(self, root: Path, total: int, progress: Progress | None, cache: dict | None, known: Container[str]):
        self.root, self.total, self.progress, self.cache, self.known = root, total, progress, cache, known
        self.done = 0
        self.seen: set = set()

    def read(self, path: Path, problems: list[Problem]) -> Document | None:
        stat = path.lstat()  # of the link itself, if it is one: the reader refuses it
        key = (path, stat.st_mtime_ns, stat.st_size, stat.st_mode)
        self.seen.add(key)
        if self.cache is not None and key in self.cache:
            doc, found = self.cache[key]
        else:
            try:
                doc, found = read_document(path, self.root, self.known), []
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


def _is_folder(path: Path) -> bool:
    """A real folder: a symbolic link to one is not followed."""
    return path.is_dir() and not path.is_symlink()


def _stray_files(root: Path) -> list[Problem]:
    """Files the loader would not read are reported, so a record saved as .yml is not silently skipped, and so
    is every symbolic link the loader does not meet itself (to a folder, or somewhere a file is not read)."""
    allowed = re.compile(rf"^[^/]+/(?:{GUIDELINE_FILE}|{RECORD_FOLDER}/[^/]+\.yaml)$")
    problems = []
    top = str(root)
    for folder, subfolders, names in os.walk(top):  # does not follow links to folders
        subfolders.sort()
        # The folder below root by slicing (os.walk gives top joined with it): this runs on every save in the
        # live preview, over every file of the library.
        below = folder[len(top) + 1:].replace(os.sep, "/")
        for name in sorted(names + [d for d in subfolders if os.path.islink(os.path.join(folder, d))]):
            if name.startswith(".") or allowed.match(f"{below}/{name}" if below else name):
                continue
            path = Path(folder, name)
            message = msg("content.link") if path.is_symlink() else msg("content.stray_file", folder=RECORD_FOLDER)
            problems.append(Problem(display_path(path, root), 1, 1, message))
    return sorted(problems)
