"""The served site's search index: Pagefind, in pieces, instead of lunr's whole-site index.

Pagefind indexes each page in the language its `<html lang>` names (the site's, or its guideline's: see
overrides/partials/language.html), with that language's stemming, one index per language; the search worker
asks the index of the page the reader searches from.

Pagefind's indexer holds every page it indexes in memory until it writes (about 170 KB a page here), so a
national library is indexed in parts, whole guidelines to a part, as many at a time as there are cores: the
first part is pagefind/, the others pagefind/deler/<n>/, listed in pagefind/deler.json. The search worker
merges them in the browser (Pagefind's mergeIndex, which loads the language's wasm once for all of them), so
readers search one index; each extra part costs a reader its entry, its metadata and a word chunk per word
searched (about 30 KB), and a changed page costs a build its part indexed again (2 ms a page): part_size()
is the trade between the two.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pagefind.service import get_executable

from ..model.messages import msg
from ..render.urls import PAGEFIND_FOLDER
from .files import link, write_whole

PAGES_PER_INDEX = 1000  # the most in a part: the indexer's memory
SMALLEST_PART = 100  # the least, while the site has fewer than PARTS of them: a guideline of 100 is a part
PARTS = 12  # the most a reader's first search fetches, while parts are smaller than PAGES_PER_INDEX
MANIFEST = f"{PAGEFIND_FOLDER}/deler.json"
COUNTS = "antall.json"  # in the cache: the pages in each entry of a folder with a known hash
# Pagefind indexes what the theme marks (data-pagefind-body, overrides/main.html); told to read only that, it
# skips the rest of each page, mostly its menu: a quarter of its time, and the same index.
FLAGS = ("--glob", "**/*.html", "--root-selector", "[data-pagefind-body]", "--silent")


class SearchIndexError(Exception):
    """Pagefind failed; carries its output."""


@dataclass
class SearchIndex:
    """The index's parts in the cache, each with its place in the site."""

    folders: list[tuple[Path, str]]
    indexed: int
    cache: Path

    @property
    def parts(self) -> int:
        return len(self.folders)

    def forget_others(self) -> None:
        """Remove the earlier builds' parts from the cache, keeping these (the site has links to their files)."""
        kept = {folder for folder, _place in self.folders}
        for old in self.cache.iterdir():
            if old.name != COUNTS and old not in kept:
                shutil.rmtree(old, ignore_errors=True)

    def write_manifest(self, site: Path) -> None:
        """The list of the parts after the first, which the search worker reads to find them."""
        path = site / MANIFEST
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps([f"deler/{number}/" for number in range(2, self.parts + 1)]), encoding="utf-8")


def part_size(pages: int) -> int:
    """The most pages in a part of a site of this many: 100 up to 1,200 pages, then growing so there are about
    12 parts (a part holds whole guidelines), up to 1,000 (12,000 pages and more)."""
    return min(PAGES_PER_INDEX, max(SMALLEST_PART, -(-pages // PARTS)))


def index_with_pagefind(pages: dict[Path, str | None], cache: Path, limit: int | None = None) -> SearchIndex:
    """Index the pages with Pagefind (chunked, loaded in pieces), so a reader downloads a few hundred kilobytes
    before the first hit instead of the whole site's text. The search box stays Material's, with an empty lunr
    index (shard_worker.py); its worker asks Pagefind (overrides/assets/javascripts/workers/anbefalt-search.js).
    pages: folders laid out like the site (its shards), which together hold its pages, each with a hash of
    what it holds if one is known (a shard's key), else None (its pages are read to make one).

    Each part is kept in cache under a hash of its pages and indexed again only when one of them changed, so
    a changed record costs one part, not the whole site. limit: the most pages in a part (else part_size's)."""
    cache.mkdir(parents=True, exist_ok=True)
    parts = _parts(pages, limit, cache / COUNTS)
    version = metadata.version("pagefind")
    keys = [_key(entries, pages, version) for entries in parts]
    pending = [(entries, key) for entries, key in zip(parts, keys) if not (cache / key).is_dir()]
    if pending:
        binary = get_executable()  # shipped in the pagefind_bin wheel
        if binary is None:
            raise SearchIndexError(msg("build.pagefind_missing"))
        # Pagefind keeps about one and a half cores busy, so parts are indexed side by side, one per core.
        with ThreadPoolExecutor(max_workers=min(os.cpu_count() or 1, len(pending))) as pool:
            failures = [f for f in pool.map(lambda part: _index(binary, cache, *part), pending) if f is not None]
        if failures:
            raise SearchIndexError(msg("build.pagefind_failed", output=failures[0]))
    places = [PAGEFIND_FOLDER if number == 1 else f"{PAGEFIND_FOLDER}/deler/{number}"
              for number in range(1, len(keys) + 1)]
    return SearchIndex([(cache / key, place) for key, place in zip(keys, places)], len(pending), cache)


def _index(binary: Path, cache: Path, entries: list[Path], key: str) -> str | None:
    """Index one part into cache/key; returns Pagefind's output if it failed. Pagefind reads the part's pages
    from a folder laid out like the site, so each page gets its address in the site: the folder that holds
    them when the part is all of it (a guideline's shard), else a folder of links to them."""
    unfinished = cache / f"{key}.delvis"
    shutil.rmtree(unfinished, ignore_errors=True)
    whole = entries[0].parent
    direct = _all_of(whole, entries)
    with nullcontext(str(whole)) if direct else tempfile.TemporaryDirectory(prefix="sider-", dir=cache) as folder:
        site = Path(folder)
        if not direct:
            for entry, pages in _pages(entries):
                for page in pages:
                    target = site / page.relative_to(entry.parent)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    link(page, target)
        result = subprocess.run([str(binary), "--site", str(site), *FLAGS, "--output-path", str(unfinished)],
                                capture_output=True, text=True)
    if result.returncode != 0:
        shutil.rmtree(unfinished, ignore_errors=True)
        return result.stdout + result.stderr
    unfinished.rename(cache / key)
    return None


def _all_of(folder: Path, entries: list[Path]) -> bool:
    """Whether the entries are everything in the folder."""
    return all(entry.parent == folder for entry in entries) and \
        sorted(entry.name for entry in folder.iterdir()) == sorted(entry.name for entry in entries)


def _pages(entries: list[Path]) -> list[tuple[Path, list[Path]]]:
    """Each top-level entry of the site (a folder or a page) with its pages, in order."""
    return [(entry, sorted(Path(folder, name) for folder, _dirs, names in os.walk(entry) for name in names
                           if name.endswith(".html")) if entry.is_dir() else [entry]) for entry in entries]


def _key(entries: list[Path], known: dict[Path, str | None], version: str) -> str:
    """The hash of a part's pages (their paths in the site and their bytes, or the known hash of the folder they
    are in) and of Pagefind's version and flags."""
    digest = hashlib.sha256(json.dumps([version, FLAGS]).encode())
    for entry in entries:
        if known.get(entry.parent):
            digest.update(f"\0{entry.name}\0{known[entry.parent]}".encode())
            continue
        for page in _pages([entry])[0][1]:
            digest.update(f"\0{page.relative_to(entry.parent).as_posix()}\0".encode())
            digest.update(page.read_bytes())
    return digest.hexdigest()[:20]


def _parts(pages: dict[Path, str | None], limit: int | None, counts: Path) -> list[list[Path]]:
    """The site's top-level pages and folders (from every folder of pages), in order, in groups of at most
    `limit` pages (a folder, which is a guideline, the API page or theme files, is not split). The pages of an
    entry of a folder with a known hash are counted once and kept in counts (a count walks a folder for every
    page: a tenth of a second at 1,000)."""
    entries = sorted((entry for folder in pages for entry in folder.iterdir()), key=lambda entry: entry.name)
    try:
        known = json.loads(counts.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    sizes, kept = {}, {}
    for entry in entries:
        if entry.name == PAGEFIND_FOLDER:
            continue
        name = f"{pages[entry.parent]}/{entry.name}" if pages.get(entry.parent) else None
        size = known.get(name) if name else None
        if not isinstance(size, int):
            size = _count(entry) if entry.is_dir() else int(entry.suffix == ".html")
        sizes[entry] = size
        if name:
            kept[name] = size
    if kept != known:
        write_whole(counts, json.dumps(kept).encode())
    limit = limit or part_size(sum(sizes.values()))
    parts: list[list[Path]] = [[]]
    count = 0
    for entry, size in sizes.items():
        if size == 0:
            continue
        if parts[-1] and count + size > limit:
            parts.append([])
            count = 0
        parts[-1].append(entry)
        count += size
    return parts


def _count(folder: Path) -> int:
    """The pages in a folder, counted without a path for each (os.walk, as _pages: a site has a folder for every
    page, and pathlib's glob is slow there)."""
    return sum(name.endswith(".html") for _folder, _dirs, names in os.walk(folder) for name in names)
