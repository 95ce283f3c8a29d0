"""The rules for text in records: ids, numbers, dates, plain lines and Markdown without HTML.

Every text field of the record model is one of these types, so a rule is changed here and nowhere else.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema

from .messages import msg
from .problems import excerpt
from .safe_html import links_in, scheme_refused

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
NUMBER_PATTERN = r"^(?:\d+(?:\.\d+)*|[IVXLCDM]+)$"
URL_PATTERN = r'^https?://[^\s<>"]+$'
# A citation in a Markdown field: [@reference-id].
CITATION = re.compile(r"\[@([a-z0-9-]+)\]")
# A link to another page of the site by id, resolved when the pages are made, so it never breaks when a page
# moves: [tekst](anbefalt:anbefaling/<id>), (anbefalt:kapittel/<retningslinje>/<kapittel>), (anbefalt:retningslinje/<id>).
INTERNAL_SCHEME = "anbefalt:"
INTERNAL_TARGET = re.compile(r"anbefalt:(?:(anbefaling|retningslinje)/([a-z0-9-]+)|(kapittel)/([a-z0-9-]+)/([a-z0-9-]+))")
INTERNAL_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?(anbefalt:[^)\s>]*)>?\s*\)")
INTERNAL_FORMS = "anbefalt:anbefaling/<id>, anbefalt:kapittel/<retningslinje>/<kapittel>, anbefalt:retningslinje/<id>"

# Raw HTML as a browser's tokenizer starts it: '<' directly followed by a letter, '!', '/' or '?'. A '<'
# followed by a space or a digit ("verdi < grenseverdi", "<5 mmol") is text, and Markdown escapes it.
_HTML = re.compile(r"<[A-Za-z!/?]")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# Tab and newline are text; every other control character, and the bidirectional controls that can make
# text read differently from what it says, are not.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Markdown makes a link or an image only of text holding '](' (inline) or ']:' (a reference definition);
# only such texts need rendering to find their links.
_MAY_LINK = ("](", "]:")
# What nests Markdown blocks at the start of a line: a quote marker, a list marker (each can follow the last
# on the same line: "1. 1. 1. x" is three lists deep), and every four spaces of indentation. Python-Markdown
# recurses once per level, so a few hundred levels exhaust Python's stack; clinical text needs three or four.
_BLOCK_MARKER = re.compile(r"[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$))")
MAX_NESTING = 10


class FreeText:
    """Marks the types of running text (titles, names, Markdown): there a YAML '#' comment would cut the text
    silently, so the checks refuse one after an unquoted value."""


def _plain(text: str, instead: str | None = None) -> str:
    """Text that is shown as written: no control characters, no raw HTML, no entities."""
    if _CONTROL.search(text):
        raise ValueError(msg("text.control"))
    if _HTML.search(text):
        raise ValueError(msg("text.html", instead=instead or msg("text.plain_instead")))
    if _ENTITY.search(text):
        raise ValueError(msg("text.entity"))
    return text


def _markdown_only(text: str) -> str:
    """Markdown is allowed in text fields, raw HTML is not: it could carry script or event handlers. Links are
    judged as Markdown makes them and as a browser reads their URL, so no spelling of a scheme slips past."""
    _plain(text, msg("text.markdown_instead"))
    deepest = max(map(_nesting, text.split("\n")))
    if deepest > MAX_NESTING:
        raise ValueError(msg("text.nesting", deepest=deepest, limit=MAX_NESTING))
    if any(mark in text for mark in _MAY_LINK):
        for element, url in links_in(text):
            if element == "img":
                raise ValueError(msg("text.image"))
            if url.startswith(INTERNAL_SCHEME):
                if not INTERNAL_TARGET.fullmatch(url):
                    raise ValueError(msg("text.internal_link", target=excerpt(url, 60), forms=INTERNAL_FORMS))
                continue
            if scheme_refused(url):
                raise ValueError(msg("text.link_scheme", target=excerpt(url, 40)))
    return text


def _nesting(line: str) -> int:
    """How many Markdown blocks deep a line starts: its indentation in steps of four, and its markers."""
    expanded = line.expandtabs(4)
    depth, position = (len(expanded) - len(expanded.lstrip(" "))) // 4, 0
    while (marker := _BLOCK_MARKER.match(line, position)) is not None:
        depth, position = depth + 1, marker.end()
    return depth


def _number_text(value: object) -> object:
    """`nummer: 17` is how editors write a number; it is kept as the text '17' (a bool stays an error)."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) and value > 0 else value


def internal_target(target: str) -> tuple[str, tuple[str, ...]] | None:
    """'anbefalt:kapittel/g/k' → ('kapittel', ('g', 'k')); None for anything else."""
    match = INTERNAL_TARGET.fullmatch(target)
    if match is None:
        return None
    if match.group(1):
        return match.group(1), (match.group(2),)
    return "kapittel", (match.group(4), match.group(5))


def _iso_date(value: object) -> object:
    """Dates are written ÅÅÅÅ-MM-DD; a bare number is never read as a timestamp."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(msg("text.date"))
    return value


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN),
    Field(description="Små bokstaver a–z, sifre og bindestrek; brukes i nettadressen og endres aldri."),
]
Number = Annotated[
    str,
    BeforeValidator(_number_text),
    StringConstraints(pattern=NUMBER_PATTERN),
    # Editors may write a number; every output writes the text.
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": NUMBER_PATTERN}, {"type": "integer", "minimum": 1}]},
                   mode="validation"),
]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]
# A line of plain text (titles, names): shown as written everywhere, so it holds no HTML and no entities.
Line = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(_plain), FreeText()]
Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_markdown_only), FreeText()]
Dato = Annotated[date, BeforeValidator(_iso_date)]

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
