"""The whole pipeline in order: load → validate → render → write Markdown → build the site.

All data is gathered and checked before anything is written. Markdown goes to build/docs (only
files whose text changed are rewritten); the site is built into a temporary folder and swapped in
only when MkDocs succeeded, so a failed build never leaves a half-written site. content/ is only read.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .config import SiteConfig, load_config
from .library import Library, Progress, load_library
from .render import Rendered, render_library


@dataclass(frozen=True)
class Project:
    """The folders of an Anbefalt project, relative to its root."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site_config(self) -> Path:
        return self.root / "site_config"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def docs(self) -> Path:
        return self.root / "build" / "docs"

    @property
    def nav(self) -> Path:
        return self.root / "build" / "nav.yml"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def offline_site(self) -> Path:
        return self.root / "site-offline"


@dataclass
class Cache:
    """Kept between runs by the live preview: parsed files by size and time, rendered pages by their inputs."""

    files: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)
    written: dict = field(default_factory=dict)


class BuildError(Exception):
    """MkDocs failed; carries its output for the user."""


@dataclass
class Generated:
    library: Library
    config: SiteConfig
    rendered: Rendered
    written: int


def check(project: Project, progress: Progress | None = None, cache: Cache | None = None
          ) -> tuple[SiteConfig, Library]:
    """Load and validate everything; raises ContentError listing every problem."""
    config = load_config(project.site_config)
    return config, load_library(project.content, config, progress, cache.files if cache else None)


def generate(project: Project, with_pdf: bool = False, offline: bool = False,
             progress: Progress | None = None, cache: Cache | None = None) -> Generated:
    """Validate content and write the Markdown pages and navigation; returns how many files changed."""
    config, library = check(project, progress, cache)
    rendered = render_library(library, config, with_pdf, directory_urls=not offline,
                              memo=cache.pages if cache else None)
    written = sync_folder(project.docs, rendered.pages, cache.written if cache else None)
    # JSON is YAML, and it quotes every title safely.
    written += write_if_changed(project.nav, json.dumps({"nav": rendered.nav}, ensure_ascii=False, indent=1) + "\n")
    return Generated(library=library, config=config, rendered=rendered, written=written)


def _minify(paths: list[Path]) -> int:
    import minify_html

    saved = 0
    for path in paths:
        html = path.read_text(encoding="utf-8")
        small = minify_html.minify(html, keep_closing_tags=True, keep_html_and_head_opening_tags=True)
        path.write_text(small, encoding="utf-8")
        saved += len(html) - len(small)
    return saved


def minify_site(site: Path, workers: int = 2) -> int:
    """Strip whitespace and comments from every page (about a third of the HTML); returns characters saved."""
    pages = sorted(site.rglob("*.html"))
    if len(pages) < 200 or workers <= 1:
        return _minify(pages)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(_minify, [pages[i::workers] for i in range(workers)]))


def index_with_pagefind(site: Path) -> None:
    """Index the pages with Pagefind (chunked, loaded in pieces) and leave lunr's index empty, so a reader
    downloads a few hundred kilobytes before the first hit instead of the whole site's text. The search box
    stays Material's; its worker asks Pagefind (overrides/assets/javascripts/workers/anbefalt-search.js)."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", "nb",
                             "--silent"], capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError("Pagefind feilet:\n" + result.stdout + result.stderr)
    index = site / "search" / "search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    index.write_text(json.dumps({"config": data["config"], "docs": []}), encoding="utf-8")


def add_exports(generated: Generated, root: Path, with_pdf: bool, say: Callable[[str], None] = lambda _: None,
                offline: bool = False) -> Callable[[Path], None]:
    """What the build does to a built site before it is swapped in: index it for search (served sites),
    minify the pages, add the JSON API, FHIR and the PDFs."""

    def write(site: Path) -> None:
        if not offline:
            index_with_pagefind(site)
        minify_site(site)
        from .export.api import write_api
        from .export.fhir import write_fhir

        api_files = write_api(generated.library, generated.config, site)
        fhir_files = write_fhir(generated.library, site)
        say(f"Skrev {api_files} JSON-filer (api/) og {fhir_files} FHIR-ressurser (fhir/).")
        if with_pdf:
            from .export.pdf import export_library

            started = time.perf_counter()
            written = export_library(generated.library, generated.config, root, site)
            say(f"Laget {len(written)} PDF-er ({time.perf_counter() - started:.1f} s).")

    return write


def write_if_changed(path: Path, text: str) -> int:
    """Write only when the text differs, so unchanged pages keep their modification time."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return 1


def sync_folder(folder: Path, pages: dict[str, str], previous: dict[str, str] | None = None) -> int:
    """Make folder hold exactly these pages: write changed ones, delete ones no longer rendered.

    previous: the pages this process wrote last time, so unchanged ones need not be read back from disk."""
    written = 0
    for relative, text in pages.items():
        if previous is not None and previous.get(relative) == text and (folder / relative).is_file():
            continue
        written += write_if_changed(folder / relative, text)
    if previous is not None:
        previous.clear()
        previous.update(pages)
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(folder).as_posix() not in pages:
            path.unlink()
            written += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written


def build_site(project: Project, before_swap: Callable[[Path], None] | None = None, offline: bool = False) -> str:
    """Run `mkdocs build --strict` into a temporary folder, add to it (PDFs), then swap it in place of site/.

    offline: a copy for opening from a folder (file://), with file URLs and the search index inlined,
    swapped in place of site-offline/.
    """
    target = project.offline_site if offline else project.site
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=project.root))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file",
             str(project.mkdocs_yml), "--site-dir", str(tmp)],
            cwd=project.root, capture_output=True, text=True,
            # The end-of-life notice is known and planned for (README); keep build output to real problems.
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "ANBEFALT_OFFLINE": "true" if offline else "false"},
        )
        if result.returncode != 0:
            raise BuildError(result.stdout + result.stderr)
        if before_swap is not None:
            before_swap(tmp)
        old = project.root / ".site-old"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        tmp.rename(target)
        shutil.rmtree(old, ignore_errors=True)
        return result.stdout + result.stderr
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
