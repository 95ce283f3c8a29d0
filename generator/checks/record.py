"""Validate one document against its model and say, in the site's language, what is wrong and where.

Editors write a vocabulary's values in their file's language (`strong`, `gjeldande`); the label set's `verdier`
map them to the model's values before validation, and a word that is not one of them is reported with the
words of that language. Pydantic finds the errors; this module turns each into `path:line:column: message`
naming the field, what was found and what is allowed, with a suggestion for near misses.
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..load.document import Document, Loc
from ..model.messages import msg, word, writing
from ..model.problems import ContentError, Problem, excerpt
from ..model.site_config import LANGUAGE_PATTERN
from ..model.text import NUMBER_PATTERN, SLUG_PATTERN, FreeText
from ..model.vocab import VOCABULARIES, vocabulary_of

M = TypeVar("M", bound=BaseModel)

# Python-Markdown's work grows with the square of a text's lines and of its '[' (links, citations): a
# few kilobytes of either can take minutes on every page, API file and PDF the text is in. Real records
# hold a few dozen of each; a guideline file, with its introductions, a few hundred.
MAX_LINE_BREAKS = 2000
MAX_BRACKETS = 500

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
            instance, problems = model.model_validate(data), []
        except ValidationError as error:
            instance, problems = None, [_problem(doc, model, e) for e in error.errors(include_url=False)]
        return instance, problems + _cut_by_comment(doc, model) + _too_much_markdown(doc)


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


def _too_much_markdown(doc: Document) -> list[Problem]:
    """Refuse, at the field where a limit is passed, a file whose texts would take too long to render."""
    counts, found = {"\n": 0, "[": 0}, []
    limits = {"\n": (MAX_LINE_BREAKS, msg("check.line_breaks")), "[": (MAX_BRACKETS, msg("check.brackets"))}
    stack: list[tuple[Loc, Any]] = [((), doc.data)]
    while stack and len(found) < len(limits):
        loc, value = stack.pop()
        if isinstance(value, dict):
            stack += [(loc + (key,), item) for key, item in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(loc + (i,), item) for i, item in reversed(list(enumerate(value)))]
        elif isinstance(value, str):
            for char, (limit, what) in limits.items():
                before, counts[char] = counts[char], counts[char] + value.count(char)
                if before <= limit < counts[char]:
                    found.append(doc.problem(loc, msg("check.too_much", name=field_name(loc), limit=limit, what=what)))
    return found


def _cut_by_comment(doc: Document, model: type[BaseModel]) -> list[Problem]:
    """`tittel: Kartlegging #1 av rusvaner` is read as 'Kartlegging': in YAML ' #' starts a comment. After a
    slug or a word from a list a comment is a note; in running text it has silently cut the text."""
    return [
        Problem(doc.shown, line, column, msg("check.comment", name=field_name(loc)))
        for loc, (line, column) in doc.comments.items() if _is_free_text(_type_at(model, loc))
    ]


def _type_at(model: type[BaseModel], loc: Loc) -> Any:
    """The declared type of the value at loc, followed through nested models, lists and mappings."""
    current: Any = model
    for part in loc:
        inner = None if isinstance(part, int) else _inner_model(current)
        if inner is not None:
            info = inner.model_fields.get(part)
            if info is None:
                return None
            current = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        else:
            current = _item_type(current, list if isinstance(part, int) else dict)
        if current is None:
            return None
    return current


def _item_type(annotation: Any, container: type) -> Any:
    """The type of a list's items or a mapping's values, through Optional and Annotated."""
    if get_origin(annotation) is container:
        return get_args(annotation)[-1]
    for arg in get_args(annotation) if get_origin(annotation) in (Union, Annotated) else ():
        found = _item_type(arg, container)
        if found is not None:
            return found
    return None


def _is_free_text(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated:
        return any(isinstance(meta, FreeText) for meta in annotation.__metadata__)
    return get_origin(annotation) is Union and any(_is_free_text(arg) for arg in get_args(annotation))


def field_name(loc: Loc) -> str:
    """Dotted field path as an editor reads it: etd.kriterier[2].markert (a long unknown key cut short)."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{excerpt(part, 40)}" if name else excerpt(part, 40))
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
        return f"'{excerpt(value)}'"
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
