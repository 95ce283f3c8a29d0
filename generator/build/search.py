"""The served site's search index: Pagefind, in pieces, instead of lunr's whole-site index."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


class SearchIndexError(Exception):
    """Pagefind failed; carries its output."""


def index_with_pagefind(site: Path) -> None:
    """Index the pages with Pagefind (chunked, loaded in pieces), so a reader downloads a few hundred kilobytes
    before the first hit instead of the whole site's text. The search box stays Material's, with an empty lunr
    index (shard_worker.py); its worker asks Pagefind (overrides/assets/javascripts/workers/anbefalt-search.js)."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", "nb",
                             "--silent"], capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError("Pagefind feilet:\n" + result.stdout + result.stderr)
