"""Read YAML strictly and remember where every value stands.

PyYAML follows YAML 1.1: `no` becomes false, `010` becomes 8, `1.10` becomes 1.1 and a duplicate
key silently keeps the last value. For clinical text none of that may happen unnoticed, so this
loader resolves only null, true/false and plain decimal integers; everything else stays the text
the editor wrote. It builds the values from libyaml's event stream (not from PyYAML's objects or
nodes), so each value keeps its line and column, and so no input can make it recurse, expand an
alias or construct a Python object: a file is read only up to a size, nesting has a limit, aliases
and every tag but YAML's own are refused. Traps where YAML keeps less than the editor wrote (a
comment after a plain text, a folded block that flattens a list) are reported or recorded here.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Container

import yaml

from ..model.messages import msg
from ..model.problems import ContentError, Problem, display_path, excerpt, printable

Loc = tuple[str | int, ...]

# A record is a few kilobytes; the largest guideline file (with its reference list) about ten. The limit
# keeps a hostile file from taking the build's memory and time (rendering, PDF pages) with it.
MAX_BYTES = 256 * 1024
MAX_DEPTH = 20

# libyaml (five times faster than PyYAML's own parser) where PyYAML has it; only its parser's events are used.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CORE = "tag:yaml.org,2002:"
# Characters no text needs: controls other than tab and line breaks, and the bidirectional controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NULL = re.compile(r"~|null|Null|NULL|")
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_INT = re.compile(r"0|-?[1-9][0-9]*")
# Lines that Markdown reads as a list item, a table row or a heading; folding joins them to the line before.
_MARKDOWN_BLOCK = re.compile(r"(?:[-*+]|\d+[.)])\s|\||#{1,6}\s")
_TRAILING_COMMENT = re.compile(r"\s+#")


Position = tuple[int, int]


@dataclass
class Parsed:
    """A YAML file's values, and where each value and each key stands (1-based)."""

    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)
    # Plain (unquoted) values followed by a '#' comment on the same line, with the comment's position: in a
    # text field the comment has silently cut the text, which only the checks (knowing the field) can say.
    comments: dict[Loc, Position] = field(default_factory=dict)

    def where(self, loc: Loc, key: bool = False) -> Position:
        """Position of the value (or its key) at loc, or of the nearest enclosing value."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while loc not in self.values and loc:
            loc = loc[:-1]
        return self.values.get(loc, (1, 1))


class Document:
    """A YAML file: its bytes, its data, and where any value or key stands (1-based).

    The positions of every value take some ten times a file's size, and only a message needs one: for a library
    of 10,000 records, keeping them took most of the build's memory. So they are worked out again from the bytes
    (which parse the same every time) when a message asks. The data is kept until release(), once the file's
    record is checked, and parsed again if asked for after that. A Document made from data alone (a state read
    from git) has no bytes and places every message at 1:1."""

    def __init__(self, path: Path, shown: str, data: Any = None, raw: bytes | None = None,
                 comments: dict[Loc, Position] | None = None):
        self.path, self.shown, self.raw = path, shown, raw
        self._data, self._comments = data, comments or {}

    @cached_property
    def digest(self) -> str | None:
        """What the file holds, hashed: a later build knows the file by it (build/store.py)."""
        return hashlib.sha256(self.raw).hexdigest() if self.raw is not None else None

    def _parsed(self) -> None:
        if self._data is None and self.raw is not None:
            parsed = _parse(self.raw, self.shown)
            self._data, self._comments = parsed.data, parsed.comments

    @property
    def data(self) -> Any:
        self._parsed()
        return self._data

    @property
    def comments(self) -> dict[Loc, Position]:
        """See Parsed.comments."""
        self._parsed()
        return self._comments

    def release(self) -> None:
        if self.raw is not None:
            self._data, self._comments = None, {}

    def where(self, loc: Loc, key: bool = False) -> Position:
        """Position of the value (or its key) at loc, or of the nearest enclosing value."""
        return _parse(self.raw, self.shown).where(loc, key) if self.raw is not None else (1, 1)

    def problem(self, loc: Loc, message: str, key: bool = False, severity: str = "feil") -> Problem:
        line, column = self.where(loc, key)
        return Problem(self.shown, line, column, message, severity)


_YAML_MESSAGES = [
    (re.compile(r"found character '\\t' that cannot start any token"), "yaml.tab"),
    (re.compile(r"mapping values are not allowed"), "yaml.colon"),
    (re.compile(r"could not find expected ':'"), "yaml.expected_colon"),
    (re.compile(r"found unexpected end of stream"), "yaml.end"),
    (re.compile(r"did not find expected key"), "yaml.expected_key"),
    (re.compile(r"did not find expected '-' indicator"), "yaml.expected_dash"),
]


def _yaml_message(error: yaml.MarkedYAMLError, lines: list[str]) -> str:
    text = f"{error.context or ''} {error.problem or ''}"
    mark = error.problem_mark
    if mark is not None and "cannot start any token" in text and mark.line < len(lines) \
            and lines[mark.line][mark.column:mark.column + 1] == "\t":
        text = "found character '\\t' that cannot start any token"
    for pattern, key in _YAML_MESSAGES:
        if pattern.search(text):
            return msg("yaml.error", message=msg(key))
    return msg("yaml.error", message=(error.problem or error.context or msg("yaml.invalid")).strip())


def _position(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    return before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1


def _pos(mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def _control(char: str) -> str:
    return msg("file.control", char=printable(char), code=f"U+{ord(char):04X}")


def _read_bytes(path: Path, shown: str) -> bytes:
    """The file's bytes, if it is a regular file (not a link, folder or device) of at most MAX_BYTES.

    O_NOFOLLOW refuses a symbolic link at the moment of opening, so the check and the read are one step, and
    a link to /dev/zero or /etc/passwd is never read; O_NONBLOCK keeps a named pipe from stalling the open."""
    def refuse(message: str) -> ContentError:
        return ContentError([Problem(shown, 1, 1, message)])

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise refuse(msg("file.link")) from None
        raise refuse(msg("file.unreadable", error=error.strerror)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise refuse(msg("file.folder") if stat.S_ISDIR(mode) else msg("file.special"))
    with os.fdopen(fd, "rb") as file:
        raw = file.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise refuse(msg("file.too_large", kb=MAX_BYTES // 1024))
    return raw


def _decode(raw: bytes, shown: str) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ContentError([Problem(
            shown, line, column,
            msg("file.not_utf8", byte=f"0x{raw[error.start]:02X}"),
        )]) from None
    found = _CONTROL.search(text)
    if found:
        raise ContentError([Problem(shown, *_position(text, found.start()), _control(found.group()))])
    return text


def read_document(path: Path, root: Path | None = None, known: Container[str] = ()) -> Document:
    """Parse one YAML file into a Document; raise ContentError listing every problem in it. known: hashes of files
    an earlier build read without a problem; such a file is not parsed until its data is asked for."""
    shown = display_path(path, root)
    doc = Document(path, shown, raw=_read_bytes(path, shown))
    if not (known and doc.digest in known):
        doc._parsed()  # now, so that a file that does not parse is the read stage's problem
    return doc


def parse_document(raw: bytes, path: Path, shown: str) -> Document:
    """Parse YAML bytes (a file, or a file as a commit held it) into a Document, like read_document."""
    parsed = _parse(raw, shown)
    return Document(path, shown, parsed.data, raw, parsed.comments)


def _parse(raw: bytes, shown: str) -> Parsed:
    text = _decode(raw, shown)
    parsed = Parsed(data=None)
    problems: list[Problem] = []
    builder = _Builder(parsed, shown, text.splitlines(), problems)
    parser = None
    try:
        parser = _Parser(text)
        event = parser.get_event()
        while not isinstance(event, yaml.StreamEndEvent) and not builder.take(event):
            event = parser.get_event()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = _pos(mark) if mark else (1, 1)
        problems.append(Problem(shown, line, column, _yaml_message(error, builder.lines)))
    except yaml.reader.ReaderError as error:  # characters YAML itself does not allow (U+FFFE, U+FFFF)
        problems.append(Problem(shown, *_position(text, error.position),
                                msg("yaml.error", message=msg("yaml.character", code=f"U+{error.character:04X}"))))
    finally:
        if parser is not None:
            parser.dispose()
    if problems:
        raise ContentError(problems)
    if builder.result is None:
        raise ContentError([Problem(shown, 1, 1, msg("file.empty"))])
    parsed.data = builder.result
    if not isinstance(parsed.data, dict):
        raise ContentError([Problem(shown, *parsed.values[()], msg("file.not_mapping", found=_kind(parsed.data)))])
    return parsed


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return msg("describe.list")
    return msg("describe.single", value=excerpt(str(value), 40))


_EXPECT_KEY = object()   # a mapping waiting for its next key
_DISCARD = object()      # a value that is read but not kept (after a duplicate key or a key that is not a word)


class _Builder:
    """Builds the values from the event stream with an explicit stack, so nothing recurses, whatever the
    nesting. Each open mapping or list is [value, location (None when discarded), is a key, next key]."""

    def __init__(self, parsed: Parsed, shown: str, lines: list[str], problems: list[Problem]):
        self.parsed, self.shown, self.lines, self.problems = parsed, shown, lines, problems
        self.stack: list[list] = []
        self.result: Any = None
        self.documents = 0

    def _fail(self, mark, message: str) -> bool:
        self.problems.append(Problem(self.shown, *_pos(mark), message))
        return True

    def take(self, event: yaml.Event) -> bool:
        """Take one event; True when reading must stop (a limit was passed)."""
        kind = type(event)
        if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            is_key, loc = self._slot()
            if kind is not yaml.ScalarEvent:
                return self._open(event, loc, is_key)
            if is_key:
                self._key(event)
            else:
                self._put(loc, self._scalar(event, loc))
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            value, loc, is_key, _next = self.stack.pop()
            if not is_key:
                self._put(loc, value)
        elif kind is yaml.AliasEvent:
            return self._fail(event.start_mark, msg("yaml.alias", alias=excerpt(event.anchor, 40)))
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                return self._fail(event.start_mark, msg("yaml.error", message=msg("yaml.documents")))
        return False

    def _slot(self) -> tuple[bool, Loc | None]:
        """Whether the next value is a mapping's key, and where it goes; a mapping moves from key to value here."""
        if not self.stack:
            return False, ()
        top = self.stack[-1]
        container, where = top[0], top[1]
        if type(container) is list:
            return False, None if where is None else where + (len(container),)
        if top[3] is _EXPECT_KEY:
            top[3] = _DISCARD  # until _key reads a usable key
            return True, None
        key, top[3] = top[3], _EXPECT_KEY
        return False, None if key is _DISCARD or where is None else where + (key,)

    def _put(self, loc: Loc | None, value: Any) -> None:
        if not self.stack:
            self.result = value
        elif loc is not None:
            container = self.stack[-1][0]
            if type(container) is list:
                container.append(value)
            else:
                container[loc[-1]] = value

    def _open(self, event: yaml.CollectionStartEvent, loc: Loc | None, is_key: bool) -> bool:
        mapping = type(event) is yaml.MappingStartEvent
        if event.tag is not None and event.tag != _CORE + ("map" if mapping else "seq"):
            self._fail(event.start_mark, msg("yaml.tag_refused", tag=excerpt(event.tag, 60)))
        if is_key:
            self._fail(event.start_mark, msg("yaml.key_not_scalar"))
        if len(self.stack) >= MAX_DEPTH:
            return self._fail(event.start_mark, msg("yaml.too_deep", limit=MAX_DEPTH))
        if loc is not None:
            self.parsed.values[loc] = _pos(event.start_mark)
        self.stack.append([{} if mapping else [], loc, is_key, _EXPECT_KEY])
        return False

    def _key(self, event: yaml.ScalarEvent) -> None:
        top = self.stack[-1]
        if top[1] is None:
            return
        key, loc = event.value, top[1] + (event.value,)
        if key in top[0]:
            self._fail(event.start_mark, msg("yaml.duplicate", key=excerpt(key, 40), line=self.parsed.keys[loc][0]))
            return
        self.parsed.keys[loc] = _pos(event.start_mark)
        top[3] = key

    def _scalar(self, event: yaml.ScalarEvent, loc: Loc | None) -> Any:
        value, tag, style = event.value, event.tag, event.style
        if loc is not None:
            self.parsed.values[loc] = _pos(event.start_mark)
        if style == '"':  # only a double-quoted text's escapes (\e, \0) make characters the file does not hold
            found = _CONTROL_IN_VALUE.search(value)
            if found:
                self._fail(event.start_mark, _control(found.group()))
        if style != "|" and event.end_mark.line > event.start_mark.line + (style == ">"):
            self._folded_markdown(event)
        if tag is None and not style:  # plain: libyaml says '' for its style, PyYAML None
            self._comment_after(event, loc)
            if _NULL.fullmatch(value):
                return None
            if _BOOL.fullmatch(value):
                return value.lower() == "true"
            return int(value) if _INT.fullmatch(value) else value
        if tag in (None, "!", _CORE + "str"):  # quoted, a block, or YAML's own "just text"
            return value
        if tag == _CORE + "null" and _NULL.fullmatch(value):
            return None
        if tag == _CORE + "bool" and _BOOL.fullmatch(value):
            return value.lower() == "true"
        if tag == _CORE + "int" and _INT.fullmatch(value):
            return int(value)
        self._fail(event.start_mark, msg("yaml.tag", tag=excerpt(tag, 60), value=excerpt(value, 40)))
        return value

    def _comment_after(self, event: yaml.ScalarEvent, loc: Loc | None) -> None:
        mark = event.end_mark
        line = self.lines[mark.line] if mark.line < len(self.lines) else ""
        found = "#" in line and _TRAILING_COMMENT.match(line, mark.column)
        if found and loc is not None and event.value:
            self.parsed.comments[loc] = (mark.line + 1, found.end())

    def _folded_markdown(self, event: yaml.ScalarEvent) -> None:
        """A folded ('>') or flowing text joins each line to the next with a space (a blank line keeps a break,
        and so does, in '>', a line indented further), so a Markdown list item, table row or heading that
        touches another line is lost; a literal block ('|') keeps every line."""
        start, end = event.start_mark, event.end_mark
        first = start.line + 1 if event.style == ">" else start.line
        last = min(end.line if end.column else end.line - 1, len(self.lines) - 1)
        lines = [self.lines[n][start.column:] if n == start.line else self.lines[n] for n in range(first, last + 1)]
        indents = [len(line) - len(line.lstrip()) for line in lines]
        base = min((i for i, line in zip(indents, lines) if line.strip()), default=0)

        def joined(a: int, b: int) -> bool:
            # In a double-quoted text a line ending in '\' continues without a space: nothing is joined there.
            escaped = event.style == '"' and 0 <= a < len(lines) and lines[a].rstrip().endswith("\\")
            return (0 <= a and b < len(lines) and bool(lines[a].strip()) and bool(lines[b].strip()) and not escaped
                    and (event.style != ">" or indents[a] == indents[b] == base))

        for i, line in enumerate(lines):
            body = line.lstrip().lstrip("\"'")
            if _MARKDOWN_BLOCK.match(body) and (joined(i - 1, i) or joined(i, i + 1)):
                message = msg("yaml.folded") if event.style == ">" else msg("yaml.flowing")
                number = first + i
                self.problems.append(Problem(self.shown, number + 1, len(self.lines[number]) - len(body) + 1, message))
                return
