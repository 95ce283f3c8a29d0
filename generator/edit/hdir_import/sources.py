"""Reading: JSON files in the innholds-API's shape → Source documents, each knowing where its values stand.

A file holds one document or a list of them (the API's `anbefalinger.json`); the API's own index file is
skipped. A document's kind comes from `tekniskeData.infoType` through vocab.API_TYPES; a type not listed
there is refused with its name, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from ...load.document import Loc
from ...load.json_document import JsonDocument, read_json
from ...model.problems import ContentError, Problem, display_path
from ...model.text import SLUG_PATTERN
from ...model.vocab import API_TYPES
from ...model.messages import msg
from ..new import slugify

STRUCTURE_RELS = ("forelder", "root", "barn")


def as_id(value: str) -> str:
    """Ids are used as file names: keep a valid slug, fold anything else into one."""
    return value if re.fullmatch(SLUG_PATTERN, value) else slugify(value)


def href_id(href: str) -> str:
    """The id an API address names: its last path segment ('…/innhold/kapitler/<id>', '../kapitler/g/<id>.json')."""
    return as_id(PurePosixPath(urlsplit(href).path.rstrip("/")).name.removesuffix(".json"))


def kind_of(api_type: str) -> str | None:
    return API_TYPES.get(api_type.strip().casefold())


@dataclass(frozen=True)
class Link:
    """One entry of a document's `links`: where it stands in the file, and the id its href names."""

    rel: str
    type: str
    tittel: str
    href: str
    loc: Loc
    raw: dict[str, Any]

    @property
    def id(self) -> str:
        return href_id(self.href)

    @property
    def kind(self) -> str | None:
        return kind_of(self.type)


@dataclass
class Source:
    """One document of the import."""

    file: JsonDocument
    base: Loc  # () for a file holding one document, (i,) for the i-th of a list
    data: dict[str, Any]
    api_type: str
    kind: str
    id: str
    links: list[Link] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.api_type} '{self.id}'"

    @property
    def exported(self) -> dict[str, Any] | None:
        """The complete record, for a document Anbefalt exported."""
        value = self.data.get("anbefalt")
        return value if isinstance(value, dict) else None

    def at(self, *loc: str | int) -> tuple[JsonDocument, Loc]:
        return self.file, self.base + tuple(loc)

    def problem(self, loc: Loc, message: str, severity: str = "feil", key: bool = False) -> Problem:
        return self.file.problem(self.base + tuple(loc), f"{self.label}: {message}", key=key, severity=severity)

    def link(self, rel: str) -> Link | None:
        return next((link for link in self.links if link.rel == rel), None)

    def children(self) -> list[Link]:
        return [link for link in self.links if link.rel == "barn"]


def _links(data: dict[str, Any]) -> list[Link]:
    links = data.get("links")
    if not isinstance(links, list):
        return []
    return [Link(str(raw.get("rel") or ""), str(raw.get("type") or ""), str(raw.get("tittel") or "").strip(),
                 str(raw.get("href") or ""), ("links", i), raw)
            for i, raw in enumerate(links) if isinstance(raw, dict)]


def _document(file: JsonDocument, base: Loc, data: Any, problems: list[Problem]) -> Source | None:
    def problem(loc: Loc, message: str) -> None:
        problems.append(file.problem(base + loc, message))

    allowed = ", ".join(API_TYPES)
    if not isinstance(data, dict):
        problem((), msg("import.not_document", found=type(data).__name__))
        return None
    technical = data.get("tekniskeData")
    api_type = technical.get("infoType") if isinstance(technical, dict) else None
    if not isinstance(api_type, str) or not api_type.strip():
        problem(("tekniskeData",) if isinstance(technical, dict) else (), msg("import.no_type", allowed=allowed))
        return None
    kind = kind_of(api_type)
    if kind is None:
        problem(("tekniskeData", "infoType"), msg("import.unknown_type", found=api_type, allowed=allowed))
        return None
    raw_id = (data.get("anbefalt") or {}).get("id") if isinstance(data.get("anbefalt"), dict) else None
    raw_id = raw_id or data.get("id")
    if not isinstance(raw_id, str) or not as_id(raw_id):
        problem(("id",), msg("import.bad_id", type=api_type, found=repr(raw_id)))
        return None
    return Source(file, base, data, api_type.strip(), kind, as_id(raw_id), _links(data))


def read_sources(path: Path) -> tuple[list[Source], list[Problem]]:
    """Every document under path, in file order; the problems found reading them."""
    files = [path] if path.is_file() else sorted(path.rglob("*.json"))
    sources: list[Source] = []
    problems: list[Problem] = []
    if not files:
        problems.append(Problem(display_path(path), 1, 1, msg("import.no_files")))
    for file in files:
        try:
            document = read_json(file)
        except ContentError as error:
            problems += error.problems
            continue
        data = document.data
        if isinstance(data, dict) and "retningslinjer" in data and "tekniskeData" not in data:
            continue  # the API's own index file
        items = list(enumerate(data)) if isinstance(data, list) else [(None, data)]
        for i, item in items:
            source = _document(document, () if i is None else (i,), item, problems)
            if source is not None:
                sources.append(source)
    return _unique(sources, problems), problems


def _unique(sources: list[Source], problems: list[Problem]) -> list[Source]:
    """One source per document: the same document twice (the API's per-guideline list repeats each
    recommendation) is read once; two different documents with one id are an error."""
    first: dict[tuple[str, str], Source] = {}
    for source in sources:
        key = (source.kind, source.id)
        other = first.setdefault(key, source)
        if other is not source and other.data != source.data:
            line, _column = other.file.where(other.base)
            problems.append(source.problem(("id",), msg("import.id_twice", where=f"{other.file.shown}:{line}")))
    return list(first.values())
