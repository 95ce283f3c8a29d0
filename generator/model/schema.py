"""Derived from the record model: the JSON Schemas editors' YAML extensions read, and the field
table in CONTRIBUTING.md. `python -m generator schema` writes both (edit/schema.py); a test fails when
they are stale.

schema/<name>.schema.json lists the model's own values (bokmål's words); a language whose editors write other words
(its label set's `verdier`) gets schema/<språk>/<name>.schema.json, the same schema with that language's words, and
its files' modeline names it."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel

from .labels import Etiketter
from .records import Anbefaling, Retningslinje
from .vocab import VOCABULARIES

# Vocabulary → model value → the word a language's editors write (a label set's Verdier.tables()).
Words = dict[str, dict[str, str]]

SCHEMAS: dict[str, type[BaseModel]] = {
    "anbefaling.schema.json": Anbefaling,
    "retningslinje.schema.json": Retningslinje,
}
TABLE_START = "<!-- feltliste: laget av `python -m generator schema` -->"
TABLE_END = "<!-- /feltliste -->"


# An optional block left with only empty values (as `new` writes it) counts as not given (records.Record);
# the schema says the same, so an editor's YAML extension and `check` agree on every file.
EMPTY_BLOCK = "TomBlokk"
EMPTY_VALUE = "TomVerdi"
_EMPTY = {
    EMPTY_VALUE: {"anyOf": [{"type": "null"}, {"const": ""},
                            {"type": "array", "items": {"$ref": f"#/$defs/{EMPTY_VALUE}"}},
                            {"type": "object", "additionalProperties": {"$ref": f"#/$defs/{EMPTY_VALUE}"}}]},
    EMPTY_BLOCK: {
        "description": "En valgfri blokk der ingen verdi er fylt ut; regnes som ikke oppgitt.",
        "anyOf": [{"type": "array", "minItems": 1, "items": {"$ref": f"#/$defs/{EMPTY_VALUE}"}},
                  {"type": "object", "minProperties": 1, "additionalProperties": {"$ref": f"#/$defs/{EMPTY_VALUE}"}}],
    },
}
_ANNOTATIONS = ("title", "description", "default")


def _is_block(info: dict[str, Any]) -> bool:
    options = info.get("anyOf", [info])
    return any("$ref" in o or o.get("type") in ("object", "array") for o in options)


def _allow_empty_blocks(schema: dict[str, Any]) -> None:
    for part in [schema, *schema.get("$defs", {}).values()]:
        required = set(part.get("required", []))
        for name, info in part.get("properties", {}).items():
            if name in required or not _is_block(info):
                continue
            kept = {k: v for k, v in info.items() if k in _ANNOTATIONS}
            shape = {k: v for k, v in info.items() if k not in _ANNOTATIONS}
            options = shape["anyOf"] if list(shape) == ["anyOf"] else [shape]
            part["properties"][name] = {**kept, "anyOf": [*options, {"$ref": f"#/$defs/{EMPTY_BLOCK}"}]}
    schema.setdefault("$defs", {}).update(_EMPTY)


def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    _allow_empty_blocks(schema)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def shapes(info: dict[str, Any]) -> list[dict[str, Any]]:
    """The shapes a property may take, leaving out 'nothing' (null and the empty block)."""
    return [o for o in info.get("anyOf", [info])
            if o.get("type") != "null" and o.get("$ref") != f"#/$defs/{EMPTY_BLOCK}"]


def _words(schema: Any, words: Words) -> Any:
    if isinstance(schema, list):
        return [_words(item, words) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: _words(value, words) for key, value in schema.items()}
    vocabulary = next((name for name, table in VOCABULARIES.items() if list(table) == schema.get("enum")), None)
    if vocabulary is not None:
        out["enum"] = [words[vocabulary][value] for value in schema["enum"]]
    return out


def localised(schema: dict[str, Any], labels: Etiketter) -> dict[str, Any]:
    """The schema in a language: every vocabulary's values as its editors' words, and every field's title and
    description as its label set gives them (`felt`; the model's own where it gives none)."""
    schema = _words(schema, labels.verdier.tables())
    schema.get("$defs", {}).get(EMPTY_BLOCK, {}).pop("description", None)  # the model's bokmål note
    for model, part in [(schema.get("title"), schema), *schema.get("$defs", {}).items()]:
        for name, info in part.get("properties", {}).items():
            title, description = labels.field_text(model, name)
            info.update({k: v for k, v in (("title", title), ("description", description)) if v is not None})
            _drop_item_texts(info)
    return schema


def _drop_item_texts(info: Any) -> None:
    """A list's items and an optional field's choices carry their type's own description (model/text.py,
    bokmål); the field's, in the language, says it for the editor."""
    for key in ("anyOf", "items"):
        for part in info.get(key) if isinstance(info.get(key), list) else [info.get(key)]:
            if isinstance(part, dict):
                part.pop("description", None)
                _drop_item_texts(part)


def language_folder(language: str, labels: Etiketter | None) -> str:
    """The folder under schema/ of a language's schemas: none when its editors write the model's own values and
    read the model's own field descriptions."""
    if labels is None or not labels.felt and all(
            word == value for table in labels.verdier.tables().values() for value, word in table.items()):
        return ""
    return f"{language}/"


def schema_texts(label_sets: dict[str, Etiketter] | None = None) -> dict[str, str]:
    """Every schema file by its path under schema/: the model's, and one folder per language with its own words."""
    texts = {name: json.dumps(json_schema(model), ensure_ascii=False, indent=2) + "\n" for name, model in SCHEMAS.items()}
    for language, labels in sorted((label_sets or {}).items()):
        folder = language_folder(language, labels)
        if folder:
            texts.update({folder + name: json.dumps(localised(json_schema(model), labels), ensure_ascii=False,
                                                    indent=2) + "\n" for name, model in SCHEMAS.items()})
    return texts


def _type_words(info: dict, defs: dict) -> str:
    if "$ref" in info:
        return f"se {info['$ref'].split('/')[-1]}"
    if "anyOf" in info:
        return " eller ".join(_type_words(option, defs) for option in shapes(info))
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
    sections = [("Anbefaling", schema)] + [(name, defs[name]) for name in sorted(defs) if name not in _EMPTY]
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
