"""`schema`: write the editors' JSON Schemas and CONTRIBUTING.md's field table, both derived from the model."""

from __future__ import annotations

from pathlib import Path

from ..build.files import write_if_changed
from ..model.schema import contributing_with_table, schema_texts


def write_schemas(root: Path) -> list[Path]:
    """Write schema/*.json and the field table; return the files that changed."""
    changed = []
    for name, text in schema_texts().items():
        path = root / "schema" / name
        if write_if_changed(path, text):
            changed.append(path)
    contributing = root / "CONTRIBUTING.md"
    if contributing.is_file():
        text = contributing.read_text(encoding="utf-8")
        if write_if_changed(contributing, contributing_with_table(text)):
            changed.append(contributing)
    return changed
