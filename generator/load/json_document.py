"""Read JSON as users save it, and remember where every value stands.

Exports from Helsedirektoratet's innholds-API are often saved with a UTF-8 byte order mark (PowerShell
writes one) and CRLF line endings; both are read. A duplicate key is an error rather than a silent last
value. Positions come from json-source-map and are worked out only when a message needs one, so a file
without problems is parsed once, by the standard library.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import json_source_map

from ..model.problems import ContentError, Problem, display_path
from ..model.messages import msg
from .document import Loc, _decode


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _refuse_constant(name: str) -> Any:
    raise ValueError(msg("json.constant", name=name))


def _pointer(loc: Loc) -> str:
    """The JSON pointer json-source-map names a value by ('/links/0/href'); its keys are not ~-escaped."""
    return "".join(f"/{part}" for part in loc)


@dataclass
class JsonDocument:
    """A parsed JSON file: its data, and the 1-based line and column of each value (see load.document.Document)."""

    path: Path
    shown: str
    text: str
    data: Any
    _map: dict[str, Any] | None = field(default=None, repr=False)

    def _source_map(self) -> dict[str, Any]:
        if self._map is None:
            try:
                self._map = json_source_map.calculate(self.text)
            except json_source_map.errors.BaseError:
                self._map = {}
        return self._map

    def where(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        """Position of the value (or its key) at loc, or of the nearest enclosing value that is found."""
        loc = tuple(loc)
        entries = self._source_map()
        while True:
            entry = entries.get(_pointer(loc))
            if entry is not None:
                mark = entry.key_start if key and entry.key_start is not None else entry.value_start
                return mark.line + 1, mark.column + 1
            if not loc:
                return 1, 1
            loc, key = loc[:-1], False

    def problem(self, loc: Loc, message: str, key: bool = False, severity: str = "feil") -> Problem:
        line, column = self.where(loc, key)
        return Problem(self.shown, line, column, message, severity)


def read_json(path: Path, root: Path | None = None) -> JsonDocument:
    """Parse one JSON file; raise ContentError naming the line and column of what is wrong."""
    shown = display_path(path, root)
    text = _decode(path.read_bytes(), shown)
    if not text.strip():
        raise ContentError([Problem(shown, 1, 1, msg("json.empty"))])
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ContentError([Problem(shown, error.lineno, error.colno, msg("json.invalid", error=error.msg))]) from None
    except _DuplicateKey as error:
        line, column = _duplicate_position(text)
        raise ContentError([Problem(shown, line, column, msg("json.duplicate", key=error))]) from None
    except ValueError as error:
        raise ContentError([Problem(shown, 1, 1, msg("json.invalid", error=error))]) from None
    return JsonDocument(path, shown, text, data)


def _duplicate_position(text: str) -> tuple[int, int]:
    """Where the second of two equal keys in one object stands. json-source-map's public result keeps one entry
    per pointer, so its list of entries (pinned version, see requirements.txt) is read for the repeated one."""
    from json_source_map import handle, types

    seen: set[str] = set()
    for pointer, entry in handle.value(source=text, current_location=types.Location(0, 0, 0)):
        if pointer in seen and entry.key_start is not None:
            return entry.key_start.line + 1, entry.key_start.column + 1
        seen.add(pointer)
    return 1, 1
