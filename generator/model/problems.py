"""Problems found in content, printed compiler-style so editors and CI annotations can jump to them.

Every stage reports with these: the loader (YAML), the checks (fields, cross-record), the importer.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from .messages import msg

# C0 and C1 controls, DEL, and the Unicode line separators and bidirectional controls, which could break a
# message over lines, drive the terminal (ESC sequences) or reorder what an editor reads.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """The text with every control character shown escaped (\\n, \\x1b, \\u202e), on one line."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def excerpt(text: str, limit: int = 60) -> str:
    """A value as a message quotes it: at most limit characters, control characters shown escaped."""
    return printable(text if len(text) <= limit else text[: limit - 3] + "…")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at a 1-based line and column of a file."""

    path: str
    line: int
    column: int
    message: str
    severity: Literal["feil", "advarsel"] = "feil"

    def __post_init__(self) -> None:
        # Paths and messages can carry an editor's text; neither may reach a terminal or a log raw.
        object.__setattr__(self, "path", printable(self.path))
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        prefix = msg("problem.warning_prefix") if self.severity == "advarsel" else ""
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "message": self.message,
        }


class ContentError(Exception):
    """Raised when content has errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        super().__init__(msg("problem.errors", count=len(problems)))
        self.problems = problems


def display_path(path: Path, root: Path | None = None) -> str:
    """A path relative to the working directory where possible, as editors and CI print it. The file's own
    name is kept as it is: a symbolic link is named where it stands, not by where it points."""
    try:
        path = _resolved(path.parent) / path.name
        bases = [_resolved(base) for base in (Path.cwd(), root) if base is not None]
    except (OSError, RuntimeError):  # a loop of links above the file
        return path.as_posix()
    for base in bases:
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            pass
    return path.as_posix()


@functools.lru_cache(maxsize=4096)
def _resolved(folder: Path) -> Path:
    """A folder's real path, worked out once per process: every file of a library is named (10,000 files, three
    folders each, took most of a second)."""
    return folder.resolve()


class Located(Protocol):
    """What the later stages need of a parsed file: its path, its bytes (None when made from data alone), and a
    Problem at any field's line and column. load.document.Document is one; the model names only this, so it
    does not depend on the loader."""

    path: Path
    shown: str
    raw: bytes | None

    def where(self, loc: tuple, key: bool = False) -> tuple[int, int]: ...

    def problem(self, loc: tuple, message: str, key: bool = False, severity: str = "feil") -> Problem: ...
