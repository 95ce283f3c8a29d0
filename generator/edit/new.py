"""`new`: a recommendation file with every field of the model present and explained, never overwriting.

The fields, their descriptions and allowed values are read from the model's JSON Schema, so the
scaffold follows the model when it changes; a vocabulary's allowed values are the words of the guideline's
language (its label set's `verdier`), and the notes around them are in the site's language.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from dataclasses import dataclass, field

from ..checks.content import guideline_language
from ..checks.record import Words, check_document
from ..checks.site_config import check_site_config
from ..load.content import GUIDELINE_FILE, RECORD_FOLDER, ContentFiles, read_content
from ..load.site_config import read_site_config
from ..model.messages import msg
from ..model.problems import ContentError, Problem
from ..model.records import Anbefaling, Retningslinje
from ..model.labels import Etiketter
from ..model.schema import json_schema, language_folder, localised, shapes
from ..model.text import NUMBER_PATTERN, number_key

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_FOLD)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:64].rstrip("-")


def _to_roman(value: int) -> str:
    numerals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for amount, numeral in numerals:
        while value >= amount:
            out += numeral
            value -= amount
    return out


def next_number(numbers: list[str]) -> str:
    """One after the chapter's highest number, in its style (arabic or roman); "1" in an empty chapter."""
    valid = [n for n in numbers if re.fullmatch(NUMBER_PATTERN, n)]
    if not valid:
        return "1"
    last = sorted(valid, key=number_key)[-1]
    parts = list(number_key(last))
    parts[-1] += 1
    candidate = _to_roman(parts[0]) if not last[0].isdigit() else ".".join(map(str, parts))
    return candidate if candidate not in valid else next_number(valid + [candidate])


def next_id(taken: set[str], wanted: str) -> str:
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate


@dataclass
class Snapshot:
    """What `new` needs, read from whatever can be read: other records with errors do not stop it."""

    content: Path
    # Each guideline's chapter ids, read from its file even when the file has errors (a new guideline not
    # yet filled in): a recommendation can be added to it all the same.
    chapters: dict[str, list[str]]
    numbers: dict[tuple[str, str], list[str]]
    taken: set[str]
    problems: list[Problem]
    # The label set of each guideline's language, and of the site's (for a new guideline): the words editors write
    # for the vocabularies and the fields' descriptions. None where site_config could not be read: the model's own
    # are written then.
    labels: dict[str, Etiketter | None] = field(default_factory=dict)
    site_labels: Etiketter | None = None
    # Each guideline's language, and the site's: their schemas' folder under schema/ goes in the modeline.
    languages: dict[str, str] = field(default_factory=dict)
    site_language: str = "nb"


def snapshot(content: Path, site_config: Path | None = None) -> Snapshot:
    """site_config: the folder whose label sets give each guideline's words (the project's)."""
    files = read_content(content) if content.is_dir() else ContentFiles(content, [], [])
    none_found = msg("content.no_guidelines", file=GUIDELINE_FILE)
    problems = [p for p in files.problems if p.message != none_found]
    config = None
    if site_config is not None and site_config.is_dir():
        try:
            config = check_site_config(read_site_config(site_config))
        except ContentError as error:
            problems += error.problems
    chapters: dict[str, list[str]] = {}
    numbers: dict[tuple[str, str], list[str]] = {}
    taken: set[str] = set()
    labels: dict[str, Etiketter | None] = {}
    languages: dict[str, str] = {}
    for folder in files.guidelines:
        taken.add(folder.folder.name)
        language = guideline_language(folder.guideline, config) if config else None
        languages[folder.folder.name] = language or "nb"
        labels[folder.folder.name] = config.labels(language) if config else None
        words: Words | None = config.labels(language).verdier.tables() if config else None
        if folder.guideline is not None:
            problems += check_document(folder.guideline, Retningslinje, words)[1]
            data = folder.guideline.data if isinstance(folder.guideline.data, dict) else {}
            listed = data.get("kapitler") if isinstance(data.get("kapitler"), list) else []
            chapters[folder.folder.name] = [c["id"] for c in listed if isinstance(c, dict) and isinstance(c.get("id"), str)]
        for doc in folder.records:
            taken.add(doc.path.stem)
            problems += check_document(doc, Anbefaling, words)[1]
            data = doc.data if isinstance(doc.data, dict) else {}
            if isinstance(data.get("kapittel"), str) and isinstance(data.get("nummer"), (str, int)):
                numbers.setdefault((folder.folder.name, data["kapittel"]), []).append(str(data["nummer"]))
    return Snapshot(content, chapters, numbers, taken, sorted(problems), labels, config.etiketter if config else None,
                    languages, config.sprak if config else "nb")


def _resolve(info: dict, defs: dict) -> dict:
    if "$ref" in info:
        return defs[info["$ref"].split("/")[-1]]
    options = shapes(info)
    if len(options) == 1 and options[0] is not info:
        return _resolve(options[0], defs)
    return info


def _allowed(info: dict, defs: dict) -> str:
    resolved = _resolve(info, defs)
    if "enum" in resolved:
        return msg("new.allowed", values=", ".join(resolved["enum"]))
    return ""


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _lines(schema: dict, defs: dict, values: dict, indent: str = "") -> list[str]:
    out: list[str] = []
    required = set(schema.get("required", []))
    for name, info in schema.get("properties", {}).items():
        resolved = _resolve(info, defs)
        note = msg("new.required") if name in required else ""
        out.append(f"{indent}# {info.get('description', '')}{note}{_allowed(info, defs)}")
        items = _resolve(resolved.get("items", {}), defs)
        if name in values and isinstance(values[name], list):
            out.append(f"{indent}{name}:")
            for item in values[name]:
                pairs = [f"{key}: {_scalar(value)}" for key, value in item.items()]
                out += [f"{indent}  - {pairs[0]}", *(f"{indent}    {pair}" for pair in pairs[1:])]
        elif name in values:
            out.append(f"{indent}{name}: {_scalar(values[name])}")
        elif resolved.get("type") == "object" and "properties" in resolved:
            out.append(f"{indent}{name}:")
            out += _lines(resolved, defs, {}, indent + "  ")
        elif resolved.get("type") == "array" and "properties" in items:
            # One empty item shows the shape to copy; an item left empty counts as not given.
            out.append(f"{indent}{name}:")
            item = _lines(items, defs, {}, indent + "    ")
            first_field = next(i for i, line in enumerate(item) if not line.lstrip().startswith("#"))
            item[first_field] = f"{indent}  - {item[first_field].lstrip()}"
            out += item
        elif resolved.get("type") == "array":
            out.append(f"{indent}{name}: []")
        elif resolved.get("type") == "object":
            out.append(f"{indent}{name}: {{}}")
        else:
            out.append(f"{indent}{name}:")
    return out


def scaffold_text(values: dict, model: type = Anbefaling, labels: Etiketter | None = None, language: str = "nb") -> str:
    """The new file: every field with its description, in the language's schema (its words, its descriptions)."""
    schema = localised(json_schema(model), labels) if labels else json_schema(model)
    kind = "anbefaling" if model is Anbefaling else "retningslinje"
    relative = "../../../" if model is Anbefaling else "../../"
    folder = language_folder(language, labels)
    header = [f"# yaml-language-server: $schema={relative}schema/{folder}{kind}.schema.json",
              msg("new.header_record" if model is Anbefaling else "new.header_guideline")]
    return "\n".join(header + _lines(schema, schema.get("$defs", {}), values)) + "\n"


def _write_new(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    return path


def create_record(snap: Snapshot, guideline_id: str, chapter_id: str, title: str | None) -> Path:
    """Write the new recommendation and return its path; FileExistsError if it is there already."""
    if guideline_id not in snap.chapters:
        raise LookupError(msg("new.unknown_guideline", found=guideline_id,
                              allowed=", ".join(snap.chapters) or msg("new.none")))
    chapters = snap.chapters[guideline_id]
    if chapter_id not in chapters:
        raise LookupError(msg("new.unknown_chapter", found=chapter_id, guideline=guideline_id,
                              allowed=", ".join(chapters)))
    record_id = next_id(snap.taken, slugify(title) if title and slugify(title) else f"{chapter_id}-anbefaling")
    values = {"id": record_id, "retningslinje": guideline_id, "kapittel": chapter_id,
              "nummer": next_number(snap.numbers.get((guideline_id, chapter_id), []))}
    if title:
        values["tittel"] = title
    return _write_new(snap.content / guideline_id / RECORD_FOLDER / f"{record_id}.yaml",
                      scaffold_text(values, Anbefaling, snap.labels.get(guideline_id),
                                    snap.languages.get(guideline_id, "nb")))


def create_guideline(snap: Snapshot, guideline_id: str, title: str | None, chapters: list[str]) -> Path:
    """A new guideline folder with retningslinje.yaml (its chapters numbered 1, 2, …) and an empty anbefalinger/."""
    wanted = slugify(guideline_id)
    if wanted != guideline_id or not wanted:
        raise LookupError(msg("new.bad_id", found=guideline_id, example=wanted or msg("new.example_id")))
    if guideline_id in snap.taken:
        raise FileExistsError(msg("new.taken", found=guideline_id))
    values: dict = {"id": guideline_id}
    if title:
        values["tittel"] = title
    if chapters:
        values["kapitler"] = [{"id": slugify(c) or f"kapittel-{i}", "nummer": str(i), "tittel": c}
                              for i, c in enumerate(chapters, start=1)]
    text = scaffold_text(values, Retningslinje, snap.site_labels, snap.site_language)
    path = _write_new(snap.content / guideline_id / GUIDELINE_FILE, text)
    (path.parent / RECORD_FOLDER).mkdir(exist_ok=True)
    return path
