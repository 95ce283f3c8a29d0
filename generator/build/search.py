"""The served site's search index: Pagefind, in pieces, instead of lunr's whole-site index.

Pagefind indexes each page in the language its `<html lang>` names (the site's, or its guideline's: see
overrides/partials/language.html), with that language's stemming, one index per language; the search worker
asks the index of the page the reader searches from."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ..model.messages import msg
from ..render.urls import PAGEFIND_FOLDER, SEARCH_INDEX


class SearchIndexError(Exception):
    """Pagefind failed; carries its output."""


def index_with_pagefind(site: Path) -> None:
    """Index the pages with Pagefind (chunked, loaded in pieces) and leave lunr's index empty, so a reader
    downloads a few hundred kilobytes before the first hit instead of the whole site's text. The search box
    stays Material's; its worker asks Pagefind (overrides/assets/javascripts/workers/anbefalt-search.js)."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", PAGEFIND_FOLDER,
                             "--silent"], capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(msg("build.pagefind_failed", output=result.stdout + result.stderr))
    index = site / SEARCH_INDEX
    data = json.loads(index.read_text(encoding="utf-8"))
    index.write_text(json.dumps({"config": data["config"], "docs": []}), encoding="utf-8")
