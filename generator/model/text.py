"""The rules for text in records: ids, numbers, dates, plain lines and Markdown without HTML.

Every text field of the record model is one of these types, so a rule is changed here and nowhere else.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, WithJsonSchema

from .messages import msg

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

# Raw HTML (tags, comments, processing instructions) and links whose scheme can run code.
_HTML = re.compile(r"<\s*[A-Za-z!/?]")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SAFE_SCHEMES = ("http:", "https:", "mailto:")


def _markdown_only(text: str) -> str:
    """Markdown is allowed in text fields, raw HTML is not: it could carry script or event handlers."""
    if _CONTROL.search(text):
        raise ValueError(msg("text.control"))
    if _HTML.search(text):
        raise ValueError(msg("text.html"))
    if _ENTITY.search(text):
        raise ValueError(msg("text.entity"))
    for inline, reference in _LINK_TARGET.findall(text):
        target = inline or reference
        if target.startswith(INTERNAL_SCHEME):
            if not INTERNAL_TARGET.fullmatch(target):
                raise ValueError(msg("text.internal_link", target=target[:60], forms=INTERNAL_FORMS))
            continue
        if ":" in target and not target.lower().startswith(_SAFE_SCHEMES):
            raise ValueError(msg("text.link_scheme", target=target[:40]))
    return text


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
Line = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Text = Annotated[str, StringConstraints(min_length=1), AfterValidator(_markdown_only)]
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
