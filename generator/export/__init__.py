"""Exports of the library beyond the site: JSON API, FHIR, PDF."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def write_json_files(site: Path, files: dict[str, Any]) -> int:
    """Write each value as a JSON file at its path under site; returns the count."""
    for relative, content in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return len(files)
