"""Problems found in content, printed compiler-style so editors and CI annotations can jump to them.

Every stage reports with these: the loader (YAML), the checks (fields, cross-record), the importer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from .messages import msg


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, at a 1-based line and column of a file."""

    path: str
    line: int
    column: int
    message: str
    severity: Literal["feil", "advarsel"] = "feil"

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
    """A path relative to the working directory where possible, as editors and CI print it."""
    for base in (Path.cwd(), root):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


class Located(Protocol):
    """What the later stages need of a parsed file: its path, and a Problem at any field's line and column.
    load.document.Document is one; the model names only this, so it does not depend on the loader."""

    path: Path
    shown: str

    def where(self, loc: tuple, key: bool = False) -> tuple[int, int]: ...

    def problem(self, loc: tuple, message: str, key: bool = False, severity: str = "feil") -> Problem: ...
