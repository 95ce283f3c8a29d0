"""The served site's search index: Pagefind, in pieces, instead of lunr's whole-site index.

Pagefind indexes each page in the language its `<html lang>` names (the site's, or its guideline's: see
overrides/partials/language.html), with that language's stemming, one index per language; the search worker
asks the index of the page the reader searches from.

Pagefind's indexer holds every page it indexes in memory until it writes (about 170 KB a page here), so a
national library is indexed in parts of at most PAGES_PER_INDEX pages, whole guidelines to a part, as many
at a time as there are cores: the first part is pagefind/, the others pagefind/deler/<n>/, listed in
pagefind/deler.json. The search worker merges them in the browser (Pagefind's mergeIndex), so readers search
one index; each extra part costs a reader its metadata, a word chunk and the language's wasm (about 0.1 MB).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

from pagefind.service import get_executable

from ..model.messages import msg
from ..render.urls import PAGEFIND_FOLDER
from .files import merge

PAGES_PER_INDEX = 1000


class SearchIndexError(Exception):
    """Pagefind failed; carries its output."""


def index_with_pagefind(site: Path, cache: Path, limit: int = PAGES_PER_INDEX) -> tuple[int, int]:
    """Index the pages with Pagefind (chunked, loaded in pieces), so a reader downloads a few hundred kilobytes
    before the first hit instead of the whole site's text. The search box stays Material's, with an empty lunr
    index (shard_worker.py); its worker asks Pagefind (overrides/assets/javascripts/workers/anbefalt-search.js).

    Each part is kept in cache under a hash of its pages and indexed again only when one of them changed, so
    a changed record costs one part, not the whole site. Returns (parts, parts indexed again)."""
    parts = _parts(site, limit)
    keys = [_key(site, names) for names in parts]
    cache.mkdir(parents=True, exist_ok=True)
    pending = [(names, key) for names, key in zip(parts, keys) if not (cache / key).is_dir()]
    if pending:
        binary = get_executable()  # shipped in the pagefind_bin wheel
        if binary is None:
            raise SearchIndexError(msg("build.pagefind_missing"))
        # Pagefind keeps about one and a half cores busy, so parts are indexed side by side, one per core.
        with ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, len(pending))) as pool:
            failures = [f for f in pool.map(lambda part: _index(binary, site, cache, *part), pending) if f is not None]
        if failures:
            raise SearchIndexError(msg("build.pagefind_failed", output=failures[0]))
    indexed = len(pending)
    for old in cache.iterdir():
        if old.name not in keys:
            shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(site / PAGEFIND_FOLDER, ignore_errors=True)
    for number, key in enumerate(keys, start=1):
        merge([cache / key], site / (PAGEFIND_FOLDER if number == 1 else f"{PAGEFIND_FOLDER}/deler/{number}"))
    manifest = [f"deler/{number}/" for number in range(2, len(parts) + 1)]
    (site / PAGEFIND_FOLDER / "deler.json").write_text(json.dumps(manifest), encoding="utf-8")
    return len(parts), indexed


def _index(binary: Path, site: Path, cache: Path, names: list[str], key: str) -> str | None:
    """Index one part into cache/key; returns Pagefind's output if it failed."""
    unfinished = cache / f"{key}.delvis"
    shutil.rmtree(unfinished, ignore_errors=True)
    globs = [f"{name}/**/*.html" if (site / name).is_dir() else name for name in names]
    result = subprocess.run([str(binary), "--site", str(site), "--glob", "{" + ",".join(globs) + "}",
                             "--output-path", str(unfinished), "--silent"], capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(unfinished, ignore_errors=True)
        return result.stdout + result.stderr
    unfinished.rename(cache / key)
    return None


def _key(site: Path, names: list[str]) -> str:
    """The hash of a part's pages (their paths and bytes) and of Pagefind's version."""
    digest = hashlib.sha256(metadata.version("pagefind").encode())
    for name in names:
        entry = site / name
        for page in sorted(entry.rglob("*.html")) if entry.is_dir() else [entry]:
            digest.update(f"\0{page.relative_to(site).as_posix()}\0".encode())
            digest.update(page.read_bytes())
    return digest.hexdigest()[:20]


def _parts(site: Path, limit: int) -> list[list[str]]:
    """The site's top-level pages and folders, in order, in groups of at most `limit` pages (a folder, which is
    a guideline, the API page or theme files, is not split)."""
    parts: list[list[str]] = [[]]
    count = 0
    for entry in sorted(site.iterdir()):
        size = sum(1 for _ in entry.rglob("*.html")) if entry.is_dir() else int(entry.suffix == ".html")
        if size == 0 or entry.name == PAGEFIND_FOLDER:
            continue
        if parts[-1] and count + size > limit:
            parts.append([])
            count = 0
        parts[-1].append(entry.name)
        count += size
    return parts
