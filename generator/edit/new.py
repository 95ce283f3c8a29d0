"""`new`: a recommendation file with every field of the model present and explained, never overwriting.

The fields, their descriptions and allowed values are read from the model's JSON Schema, so the
scaffold follows the model when it changes.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from dataclasses import dataclass

from ..checks.record import check_document
from ..load.content import GUIDELINE_FILE, RECORD_FOLDER, ContentFiles, read_content
from ..model.problems import Problem
from ..model.records import Anbefaling, Retningslinje
from ..model.schema import json_schema, shapes
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


def snapshot(content: Path) -> Snapshot:
    files = read_content(content) if content.is_dir() else ContentFiles(content, [], [])
    problems = [p for p in files.problems if "fant ingen retningslinjer" not in p.message]
    chapters: dict[str, list[str]] = {}
    numbers: dict[tuple[str, str], list[str]] = {}
    taken: set[str] = set()
    for folder in files.guidelines:
        taken.add(folder.folder.name)
        if folder.guideline is not None:
            problems += check_document(folder.guideline, Retningslinje)[1]
            data = folder.guideline.data if isinstance(folder.guideline.data, dict) else {}
            listed = data.get("kapitler") if isinstance(data.get("kapitler"), list) else []
            chapters[folder.folder.name] = [c["id"] for c in listed if isinstance(c, dict) and isinstance(c.get("id"), str)]
        for doc in folder.records:
            taken.add(doc.path.stem)
            problems += check_document(doc, Anbefaling)[1]
            data = doc.data if isinstance(doc.data, dict) else {}
            if isinstance(data.get("kapittel"), str) and isinstance(data.get("nummer"), (str, int)):
                numbers.setdefault((folder.folder.name, data["kapittel"]), []).append(str(data["nummer"]))
    return Snapshot(content, chapters, numbers, taken, sorted(problems))


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
        return " Tillatt: " + ", ".join(resolved["enum"]) + "."
    return ""


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _lines(schema: dict, defs: dict, values: dict, indent: str = "") -> list[str]:
    out: list[str] = []
    required = set(schema.get("required", []))
    for name, info in schema.get("properties", {}).items():
        resolved = _resolve(info, defs)
        note = " (påkrevd)" if name in required else ""
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


def scaffold_text(values: dict, model: type = Anbefaling) -> str:
    schema = json_schema(model)
    kind = "anbefaling" if model is Anbefaling else "retningslinje"
    relative = "../../../" if model is Anbefaling else "../../"
    header = [f"# yaml-language-server: $schema={relative}schema/{kind}.schema.json",
              f"# Ny {kind}. Fyll ut feltene; tomme felt vises ikke. Kjør `make check` når du er ferdig."]
    return "\n".join(header + _lines(schema, schema.get("$defs", {}), values)) + "\n"


def _write_new(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(text)
    return path


def create_record(snap: Snapshot, guideline_id: str, chapter_id: str, title: str | None) -> Path:
    """Write the new recommendation and return its path; FileExistsError if it is there already."""
    if guideline_id not in snap.chapters:
        raise LookupError(f"ukjent retningslinje '{guideline_id}', tillatt: {', '.join(snap.chapters) or '(ingen)'}")
    chapters = snap.chapters[guideline_id]
    if chapter_id not in chapters:
        raise LookupError(f"ukjent kapittel '{chapter_id}' i '{guideline_id}', tillatt: {', '.join(chapters)}")
    record_id = next_id(snap.taken, slugify(title) if title and slugify(title) else f"{chapter_id}-anbefaling")
    values = {"id": record_id, "retningslinje": guideline_id, "kapittel": chapter_id,
              "nummer": next_number(snap.numbers.get((guideline_id, chapter_id), []))}
    if title:
        values["tittel"] = title
    return _write_new(snap.content / guideline_id / RECORD_FOLDER / f"{record_id}.yaml", scaffold_text(values))


def create_guideline(snap: Snapshot, guideline_id: str, title: str | None, chapters: list[str]) -> Path:
    """A new guideline folder with retningslinje.yaml (its chapters numbered 1, 2, …) and an empty anbefalinger/."""
    wanted = slugify(guideline_id)
    if wanted != guideline_id or not wanted:
        raise LookupError(f"id-en '{guideline_id}' er ikke tillatt; bruk små bokstaver a–z, sifre og bindestrek, "
                          f"f.eks. '{wanted or 'min-retningslinje'}'")
    if guideline_id in snap.taken:
        raise FileExistsError(f"'{guideline_id}' er allerede brukt")
    values: dict = {"id": guideline_id}
    if title:
        values["tittel"] = title
    if chapters:
        values["kapitler"] = [{"id": slugify(c) or f"kapittel-{i}", "nummer": str(i), "tittel": c}
                              for i, c in enumerate(chapters, start=1)]
    path = _write_new(snap.content / guideline_id / GUIDELINE_FILE, scaffold_text(values, Retningslinje))
    (path.parent / RECORD_FOLDER).mkdir(exist_ok=True)
    return path
