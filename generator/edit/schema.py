"""`schema`: write the editors' JSON Schemas and CONTRIBUTING.md's field table, both derived from the model."""

from __future__ import annotations

from pathlib import Path

from ..build.files import write_if_changed
from ..checks.site_config import check_site_config
from ..load.site_config import read_site_config
from ..model.problems import ContentError
from ..model.schema import Words, contributing_with_table, schema_texts


def language_words(root: Path) -> dict[str, Words]:
    """Each label set's words for the vocabularies, by language; none when site_config cannot be read."""
    try:
        config = check_site_config(read_site_config(root / "site_config"))
    except ContentError:
        return {}
    return {language: config.labels(language).verdier.tables() for language in config.etikettsett}


def write_schemas(root: Path) -> list[Path]:
    """Write schema/*.json (and schema/<språk>/*.json) and the field table; return the files that changed."""
    changed = []
    for name, text in schema_texts(language_words(root)).items():
        path = root / "schema" / name
        if write_if_changed(path, text):
            changed.append(path)
    contributing = root / "CONTRIBUTING.md"
    if contributing.is_file():
        text = contributing.read_text(encoding="utf-8")
        if write_if_changed(contributing, contributing_with_table(text)):
            changed.append(contributing)
    return changed
