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

from ..load.content import RECORD_FOLDER
from ..model.library import Guideline, Library
from ..model.records import Anbefaling
from ..model.schema import json_schema, shapes
from ..model.text import number_key

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


def next_number(guideline: Guideline, chapter_id: str) -> str:
    """One after the chapter's highest number, in its style, skipping numbers used elsewhere in the guideline."""
    used = {e.record.nummer for e in guideline.recommendations}
    in_chapter = sorted((r.nummer for r in guideline.in_chapter(chapter_id) if r.nummer), key=number_key)
    if not in_chapter:
        candidate_parts, roman = [0], False
    else:
        last = in_chapter[-1]
        roman = not last[0].isdigit()
        candidate_parts = list(number_key(last))
    while True:
        candidate_parts[-1] += 1
        candidate = _to_roman(candidate_parts[0]) if roman else ".".join(map(str, candidate_parts))
        if candidate not in used:
            return candidate


def next_id(library: Library, wanted: str) -> str:
    taken = {e.record.id for g in library.guidelines for e in g.recommendations}
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate


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
        if name in values:
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


def scaffold_text(values: dict) -> str:
    schema = json_schema(Anbefaling)
    header = ["# yaml-language-server: $schema=../../../schema/anbefaling.schema.json",
              "# Ny anbefaling. Fyll ut feltene; tomme felt vises ikke. Kjør `make check` når du er ferdig."]
    return "\n".join(header + _lines(schema, schema.get("$defs", {}), values)) + "\n"


def create_record(library: Library, guideline_id: str, chapter_id: str, title: str | None) -> Path:
    """Write the new file and return its path; FileExistsError if it is there already."""
    guideline = next((g for g in library.guidelines if g.id == guideline_id), None)
    if guideline is None:
        raise LookupError(f"ukjent retningslinje '{guideline_id}', tillatt: {', '.join(g.id for g in library.guidelines)}")
    chapters = [c.id for c in guideline.meta.kapitler]
    if chapter_id not in chapters:
        raise LookupError(f"ukjent kapittel '{chapter_id}' i '{guideline_id}', tillatt: {', '.join(chapters)}")
    record_id = next_id(library, slugify(title) if title and slugify(title) else f"{chapter_id}-anbefaling")
    values = {"id": record_id, "retningslinje": guideline_id, "kapittel": chapter_id,
              "nummer": next_number(guideline, chapter_id)}
    if title:
        values["tittel"] = title
    path = library.root / guideline_id / RECORD_FOLDER / f"{record_id}.yaml"
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite
        handle.write(scaffold_text(values))
    return path
