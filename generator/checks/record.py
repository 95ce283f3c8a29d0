"""Validate one document against its model and say, in Norwegian, what is wrong and where.

Pydantic finds the errors; this module turns each into `path:line:column: message` naming the
field, what was found and what is allowed, with a suggestion for near misses.
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from ..load.document import Document, Loc
from ..model.problems import ContentError, Problem, excerpt
from ..model.text import NUMBER_PATTERN, SLUG_PATTERN, FreeText

M = TypeVar("M", bound=BaseModel)

# Python-Markdown's work grows with the square of a text's lines and of its '[' (links, citations): a
# few kilobytes of either can take minutes on every page, API file and PDF the text is in. Real records
# hold a few dozen of each; a guideline file, with its introductions, a few hundred.
MAX_LINE_BREAKS = 2000
MAX_BRACKETS = 500

_ALLOWED_BY_PATTERN = {
    SLUG_PATTERN: "små bokstaver a–z, sifre og bindestrek, f.eks. 'selvhjelpsgrupper'",
    NUMBER_PATTERN: "arabiske tall (1, 2.3) eller romertall (XIV)",
}


def validate_document(doc: Document, model: type[M]) -> M:
    """The document as a model instance, or ContentError with every problem in it."""
    instance, problems = check_document(doc, model)
    if problems:
        raise ContentError(problems)
    return instance


def check_document(doc: Document, model: type[M]) -> tuple[M | None, list[Problem]]:
    try:
        instance, problems = model.model_validate(doc.data), []
    except ValidationError as error:
        instance, problems = None, [_problem(doc, model, e) for e in error.errors(include_url=False)]
    return instance, problems + _cut_by_comment(doc, model) + _too_much_markdown(doc)


def _too_much_markdown(doc: Document) -> list[Problem]:
    """Refuse, at the field where a limit is passed, a file whose texts would take too long to render."""
    counts, found = {"\n": 0, "[": 0}, []
    limits = {"\n": (MAX_LINE_BREAKS, "linjeskift"), "[": (MAX_BRACKETS, "'[' (lenker og sitater)")}
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
                    found.append(doc.problem(loc, f"felt '{field_name(loc)}': filen har her passert {limit} {what} i "
                                                  "tekstene sine, mer enn det er tid til å sette opp; del innholdet opp"))
    return found


def _cut_by_comment(doc: Document, model: type[BaseModel]) -> list[Problem]:
    """`tittel: Kartlegging #1 av rusvaner` is read as 'Kartlegging': in YAML ' #' starts a comment. After a
    slug or a word from a list a comment is a note; in running text it has silently cut the text."""
    return [
        Problem(doc.shown, line, column, f"felt '{field_name(loc)}': teksten stopper ved '#', fordi YAML leser resten "
                                         "av linjen som en kommentar; sett hele teksten i anførselstegn eller fjern #")
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
    return f" (mente du '{close[0]}'?)" if close else ""


def describe(value: Any) -> str:
    if value is None:
        return "en tom verdi"
    if isinstance(value, bool):
        return f"{str(value).lower()} (sann/usann)"
    if isinstance(value, int):
        return f"tallet {value}"
    if isinstance(value, str):
        return f"'{excerpt(value)}'"
    if isinstance(value, list):
        return "en liste"
    return "felt med verdier"


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
    subject = f"felt '{name}'" if name else "posten"
    if kind == "missing":
        return doc.problem(loc[:-1], f"{subject} mangler; feltet er påkrevd", key=True)
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        return doc.problem(loc, f"ukjent {subject}{suggest(loc[-1], allowed)}", key=True)
    if kind in ("literal_error", "enum"):
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        message = f"{subject}: fant {describe(found)}, tillatt: {', '.join(allowed)}{suggest(found, allowed)}"
    elif kind == "string_pattern_mismatch":
        allowed = _ALLOWED_BY_PATTERN.get(ctx.get("pattern"), f"tekst som passer {ctx.get('pattern')}")
        message = f"{subject}: fant {describe(found)}, tillatt: {allowed}"
    elif kind == "string_too_short":
        message = f"{subject} er tomt; skriv en tekst eller fjern feltet"
    elif kind == "string_type":
        message = f"{subject}: fant {describe(found)}, forventet tekst"
    elif kind in ("int_type", "int_parsing"):
        message = f"{subject}: fant {describe(found)}, forventet et heltall"
    elif kind in ("list_type",):
        message = f"{subject}: fant {describe(found)}, forventet en liste (linjer som begynner med '- ')"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"{subject}: fant {describe(found)}, forventet felt med verdier (felt: verdi)"
    elif kind == "too_short":
        message = f"{subject} må ha minst {ctx.get('min_length')} element, fant {len(found or [])}"
    elif kind == "value_error":
        reason = str(ctx.get("error", error["msg"]))
        message = f"{subject}: fant {describe(found)}, {reason}" if isinstance(found, str) else f"{subject}: {reason}"
    elif kind.startswith("date"):
        message = f"{subject}: fant {describe(found)}, forventet en gyldig dato på formen ÅÅÅÅ-MM-DD"
    else:
        message = f"{subject}: fant {describe(found)}; {error['msg']}"
    return doc.problem(loc, message)
