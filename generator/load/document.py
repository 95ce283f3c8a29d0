"""Read YAML strictly and remember where every value stands.

PyYAML follows YAML 1.1: `no` becomes false, `010` becomes 8, `1.10` becomes 1.1 and a duplicate
key silently keeps the last value. For clinical text none of that may happen unnoticed, so this
loader resolves only null, true/false and plain decimal integers; everything else stays the text
the editor wrote. It composes nodes (not Python objects) so each value keeps its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..model.problems import ContentError, Problem, display_path

Loc = tuple[str | int, ...]

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_STR = "tag:yaml.org,2002:str"


class StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """A loader whose implicit types are those of YAML 1.2's core schema, minus floats and dates.

    It parses with libyaml where PyYAML has it (five times faster than the pure-Python scanner)."""


StrictLoader.yaml_implicit_resolvers = {}
StrictLoader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
StrictLoader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
StrictLoader.add_implicit_resolver(_INT, re.compile(r"^(?:0|-?[1-9][0-9]*)$"), list("-0123456789"))


@dataclass
class Document:
    """A parsed YAML file: its data, and where each value and each key stands (1-based)."""

    path: Path
    shown: str
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        """Position of the value (or its key) at loc, or of the nearest enclosing value."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while loc not in self.values and loc:
            loc = loc[:-1]
        return self.values.get(loc, (1, 1))

    def problem(self, loc: Loc, message: str, key: bool = False, severity: str = "feil") -> Problem:
        line, column = self.where(loc, key)
        return Problem(self.shown, line, column, message, severity)


_YAML_MESSAGES = [
    (re.compile(r"found character '\\t' that cannot start any token"),
     "tabulatortegn er ikke tillatt i YAML; bruk mellomrom til innrykk"),
    (re.compile(r"mapping values are not allowed"),
     "kolon på feil sted; sett en tekst som inneholder ': ' i anførselstegn"),
    (re.compile(r"expected a single document"),
     "filen har flere YAML-dokumenter ('---'); skriv én post per fil"),
    (re.compile(r"could not find expected ':'"), "fant ikke forventet ':' etter en nøkkel"),
    (re.compile(r"found undefined alias"), "ukjent alias (*navn); definer ankeret (&navn) først"),
    (re.compile(r"found unexpected end of stream"), "filen slutter midt i en tekst; mangler et avsluttende anførselstegn?"),
    (re.compile(r"did not find expected key"), "fant ikke forventet nøkkel; sjekk innrykket"),
    (re.compile(r"did not find expected '-' indicator"), "fant ikke forventet '-'; sjekk innrykket i listen"),
]


def _yaml_message(error: yaml.MarkedYAMLError, source: str) -> str:
    text = f"{error.context or ''} {error.problem or ''}"
    mark = error.problem_mark
    lines = source.splitlines()
    if mark is not None and "cannot start any token" in text and mark.line < len(lines) \
            and lines[mark.line][mark.column:mark.column + 1] == "\t":
        text = "found character '\\t' that cannot start any token"
    for pattern, message in _YAML_MESSAGES:
        if pattern.search(text):
            return f"YAML-feil: {message}"
    return f"YAML-feil: {(error.problem or error.context or 'ugyldig YAML').strip()}"


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _decode(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ContentError([Problem(
            shown, line, column,
            f"filen er ikke UTF-8 (ugyldig byte 0x{raw[error.start]:02X}); lagre filen som UTF-8",
        )]) from None


def read_document(path: Path, root: Path | None = None) -> Document:
    """Parse one YAML file into a Document; raise ContentError listing every problem in it."""
    return parse_document(path.read_bytes(), path, display_path(path, root))


def parse_document(raw: bytes, path: Path, shown: str) -> Document:
    """Parse YAML bytes (a file, or a file as a commit held it) into a Document, like read_document."""
    text = _decode(raw, shown)
    try:
        node = yaml.compose(text, Loader=StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ContentError([Problem(shown, line, column, _yaml_message(error, text))]) from None
    if node is None:
        raise ContentError([Problem(shown, 1, 1, "filen er tom; forventet felt med verdier (felt: verdi)")])
    document = Document(path=path, shown=shown, data=None)
    problems: list[Problem] = []
    document.data = _construct(node, (), document, problems)
    if not problems and not isinstance(document.data, dict):
        problems.append(Problem(shown, *_pos(node),
                                f"filen må inneholde felt med verdier (felt: verdi), fant {_kind(document.data)}"))
    if problems:
        raise ContentError(problems)
    return document


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "felt med verdier"
    return f"en enkeltverdi ({value!r})"


def _construct(node: yaml.Node, loc: Loc, doc: Document, problems: list[Problem]) -> Any:
    doc.values[loc] = _pos(node)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node, doc, problems)
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, loc + (i,), doc, problems) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(doc.shown, *_pos(key_node), "en nøkkel må være et enkelt ord, ikke en liste eller mapping"))
            continue
        key = key_node.value
        if key in result:
            first_line = doc.keys[loc + (key,)][0]
            problems.append(Problem(doc.shown, *_pos(key_node),
                                    f"felt '{key}' står to ganger (første gang på linje {first_line}); fjern det ene"))
            continue
        doc.keys[loc + (key,)] = _pos(key_node)
        result[key] = _construct(value_node, loc + (key,), doc, problems)
    return result


def _scalar(node: yaml.ScalarNode, doc: Document, problems: list[Problem]) -> Any:
    tag, value = node.tag, node.value
    if tag == _STR:
        return value
    if tag == _NULL and re.fullmatch(r"~|null|Null|NULL|", value):
        return None
    if tag == _BOOL and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if tag == _INT and re.fullmatch(r"0|-?[1-9][0-9]*", value):
        return int(value)
    problems.append(Problem(doc.shown, *_pos(node), f"YAML-taggen {tag} med verdien '{value}' er ikke tillatt her"))
    return value
