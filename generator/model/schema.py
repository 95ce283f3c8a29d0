"""Derived from the record model: the JSON Schemas editors' YAML extensions read, and the field
table in CONTRIBUTING.md. `python -m generator schema` writes both (edit/schema.py); a test fails when
they are stale."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel

from .records import Anbefaling, Retningslinje

SCHEMAS: dict[str, type[BaseModel]] = {
    "anbefaling.schema.json": Anbefaling,
    "retningslinje.schema.json": Retningslinje,
}
TABLE_START = "<!-- feltliste: laget av `python -m generator schema` -->"
TABLE_END = "<!-- /feltliste -->"


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_texts() -> dict[str, str]:
    return {name: json.dumps(json_schema(model), ensure_ascii=False, indent=2) + "\n" for name, model in SCHEMAS.items()}


def _type_words(info: dict, defs: dict) -> str:
    if "$ref" in info:
        return f"se {info['$ref'].split('/')[-1]}"
    if "anyOf" in info:
        return " eller ".join(_type_words(option, defs) for option in info["anyOf"] if option.get("type") != "null")
    if "enum" in info:
        return ", ".join(f"`{value}`" for value in info["enum"])
    if info.get("type") == "array":
        return f"liste av {_type_words(info.get('items', {}), defs)}"
    if info.get("format") == "date":
        return "dato ÅÅÅÅ-MM-DD"
    return {"string": "tekst", "integer": "heltall", "boolean": "ja/nei"}.get(info.get("type"), "verdi")


def field_table() -> str:
    """Markdown tables of every field of a recommendation and of its nested parts."""
    schema = json_schema(Anbefaling)
    defs = schema.get("$defs", {})
    sections = [("Anbefaling", schema)] + [(name, defs[name]) for name in sorted(defs)]
    out = []
    for name, part in sections:
        out.append(f"**{name}**\n\n| felt | påkrevd | verdi | hva det er |\n|---|---|---|---|")
        required = set(part.get("required", []))
        for field, info in part.get("properties", {}).items():
            description = info.get("description", "").replace("|", "\\|")
            out.append(f"| `{field}` | {'ja' if field in required else 'nei'} | {_type_words(info, defs)} | {description} |")
        out.append("")
    return "\n".join(out)


def contributing_with_table(text: str) -> str:
    pattern = re.compile(re.escape(TABLE_START) + r".*?" + re.escape(TABLE_END), re.DOTALL)
    return pattern.sub(lambda _: f"{TABLE_START}\n\n{field_table()}\n{TABLE_END}", text)
