"""Validate one document against its model and say, in the site's language, what is wrong and where.

Editors write a vocabulary's values in their file's language (`strong`, `gjeldande`); the label set's `verdier`
map them to the model's values before validation, and a word that is not one of them is reported with the
words of that language. Pydantic finds the errors; this module turns each into `path:line:column: message`
naming the field, what was found and what is allowed, with a suggestion for near misses.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from ..load.document import Document, Loc
from ..model.messages import msg, word, writing
from ..model.problems import ContentError, Problem
from ..model.site_config import LANGUAGE_PATTERN
from ..model.text import NUMBER_PATTERN, SLUG_PATTERN
from ..model.vocab import VOCABULARIES, vocabulary_of

M = TypeVar("M", bound=BaseModel)

_ALLOWED_BY_PATTERN = {SLUG_PATTERN: "check.allowed_slug", NUMBER_PATTERN: "check.allowed_number",
                       LANGUAGE_PATTERN: "check.allowed_language"}
# Vocabulary → model value → the word editors write: a file's language's `verdier` (Verdier.tables()).
Words = dict[str, dict[str, str]]


class UnknownWord:
    """A vocabulary word that is not one of the file's language: never equal to a model value, so it is refused."""

    def __init__(self, word: str):
        self.word = word


def validate_document(doc: Document, model: type[M], words: Words | None = None) -> M:
    """The document as a model instance, or ContentError with every problem in it."""
    instance, problems = check_document(doc, model, words)
    if problems:
        raise ContentError(problems)
    return instance


def check_document(doc: Document, model: type[M], words: Words | None = None) -> tuple[M | None, list[Problem]]:
    """words: the file's language's words for the vocabularies; without them the model's own values are written."""
    with writing(words):
        data = canonical(doc.data, model, words) if words else doc.data
        try:
            return model.model_validate(data), []
        except ValidationError as error:
            return None, [_problem(doc, model, e) for e in error.errors(include_url=False)]


def _inner(annotation: Any) -> Any:
    args = [a for a in getattr(annotation, "__args__", ()) if a is not type(None)]
    return args[0] if getattr(annotation, "__origin__", None) is not Literal and len(args) == 1 else annotation


def canonical(data: Any, model: Any, words: Words) -> Any:
    """The data with every vocabulary word of the file's language turned into the model's value."""
    if isinstance(data, list):
        return [canonical(item, model, words) for item in data]
    if not isinstance(data, dict) or not (isinstance(model, type) and issubclass(model, BaseModel)):
        return data
    out = dict(data)
    for name, info in model.model_fields.items():
        if name not in out:
            continue
        inner = _inner(info.annotation)
        vocabulary = vocabulary_of(inner)
        if vocabulary is not None and isinstance(out[name], str):
            values = {w: v for v, w in words[vocabulary].items()}
            out[name] = values[out[name]] if out[name] in values else UnknownWord(out[name])
        else:
            item = (getattr(inner, "__args__", None) or [None])[0] if getattr(inner, "__origin__", None) is list else inner
            out[name] = canonical(out[name], item, words)
    return out


def field_name(loc: Loc) -> str:
    """Dotted field path as an editor reads it: etd.kriterier[2].markert."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def suggest(found: Any, allowed: list[str]) -> str:
    """' (mente du 'x'?)' for a near miss, else nothing."""
    if not isinstance(found, str):
        return ""
    close = difflib.get_close_matches(found, allowed, n=1, cutoff=0.6)
    return msg("check.suggest", word=close[0]) if close else ""


def describe(value: Any) -> str:
    if isinstance(value, UnknownWord):
        value = value.word
    if value is None:
        return msg("describe.empty")
    if isinstance(value, bool):
        return msg("describe.bool", value=str(value).lower())
    if isinstance(value, int):
        return msg("describe.number", value=value)
    if isinstance(value, str):
        return f"'{value}'" if len(value) <= 60 else f"'{value[:57]}…'"
    if isinstance(value, list):
        return msg("describe.list")
    return msg("describe.mapping")


def _fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at loc, followed through nested models and lists."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _problem(doc: Document, model: type[BaseModel], error: dict) -> Problem:
    loc: Loc = tuple(part for part in error["loc"] if not (isinstance(part, str) and "[" in part))
    kind, found, ctx = error["type"], error.get("input"), error.get("ctx", {})
    name = field_name(loc)
    subject = msg("check.field", name=name) if name else msg("check.record")
    if kind == "missing":
        return doc.problem(loc[:-1], msg("check.missing", subject=subject), key=True)
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        return doc.problem(loc, msg("check.unknown_field", subject=subject) + suggest(loc[-1], allowed), key=True)
    if isinstance(found, UnknownWord):
        found = found.word
    if kind in ("literal_error", "enum"):
        values = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        vocabulary = next((n for n, table in VOCABULARIES.items() if list(table) == values), None)
        allowed = [word(vocabulary, v) for v in values] if vocabulary else values
        message = msg("check.found_allowed", subject=subject, found=describe(found), allowed=", ".join(allowed))
        message += suggest(found, allowed)
    elif kind == "string_pattern_mismatch":
        key = _ALLOWED_BY_PATTERN.get(ctx.get("pattern"))
        allowed = msg(key) if key else msg("check.allowed_pattern", pattern=ctx.get("pattern"))
        message = msg("check.found_allowed", subject=subject, found=describe(found), allowed=allowed)
    elif kind == "string_too_short":
        message = msg("check.empty_text", subject=subject)
    elif kind == "string_type":
        message = msg("check.expected", subject=subject, found=describe(found), expected=msg("check.expected_text"))
    elif kind in ("int_type", "int_parsing"):
        message = msg("check.expected", subject=subject, found=describe(found), expected=msg("check.expected_int"))
    elif kind in ("list_type",):
        message = msg("check.expected", subject=subject, found=describe(found), expected=msg("check.expected_list"))
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = msg("check.expected", subject=subject, found=describe(found), expected=msg("check.expected_mapping"))
    elif kind == "too_short":
        message = msg("check.too_few", subject=subject, least=ctx.get("min_length"), count=len(found or []))
    elif kind == "value_error":
        reason = str(ctx.get("error", error["msg"]))
        message = msg("check.found_reason", subject=subject, found=describe(found), reason=reason) \
            if isinstance(found, str) else msg("check.reason", subject=subject, reason=reason)
    elif kind.startswith("date"):
        message = msg("check.expected", subject=subject, found=describe(found), expected=msg("check.expected_date"))
    else:
        message = msg("check.other", subject=subject, found=describe(found), reason=error["msg"])
    return doc.problem(loc, message)
