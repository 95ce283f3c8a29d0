"""`schema`: write the editors' JSON Schemas and CONTRIBUTING.md's field table, both derived from the model."""

from __future__ import annotations

from pathlib import Path

from ..build.files import write_if_changed
from ..checks.site_config import check_site_config
from ..load.site_config import read_site_config
from ..model.problems import ContentError
from ..model.labels import Etiketter
from ..model.schema import contributing_with_table, schema_texts


def label_sets(root: Path) -> dict[str, Etiketter]:
    """The project's label sets by language; none when site_config cannot be read."""
    try:
        return check_site_config(read_site_config(root / "site_config")).etikettsett
    except ContentError:
        return {}


def write_schemas(root: Path) -> list[Path]:
    """Write schema/*.json (and schema/<språk>/*.json) and the field table; return the files that changed."""
    changed = []
    for name, text in schema_texts(label_sets(root)).items():
        path = root / "schema" / name
        if write_if_changed(path, text):
            changed.append(path)
    contributing = root / "CONTRIBUTING.md"
    if contributing.is_file():
        text = contributing.read_text(encoding="utf-8")
        if write_if_changed(contributing, contributing_with_table(text)):
            changed.append(contributing)
    return changed
