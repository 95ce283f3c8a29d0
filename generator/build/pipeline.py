"""The whole build as one function: read → check → render → write → site ∥ exports → search → swap.

Everything is read and checked before anything is written. Markdown goes to build/docs (only files whose
text changed are rewritten). The site is built into a temporary folder: MkDocs builds the pages in shards,
one per guideline, in a process per core, reusing unchanged shards from the cache (shards.py), while the
API, FHIR and PDFs, which need only the records, are written beside them; then Pagefind indexes the merged
pages, and the folder is swapped in only when every stage succeeded, so a failed build leaves the previous
site untouched. content/ and site_config/ are only read. Each stage is timed; a content problem stops the
build with every problem listed (ContentError), any other failure names its stage.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ..checks.content import check_content
from ..checks.site_config import check_site_config
from ..load.content import Progress, read_content
from ..load.site_config import read_site_config
from ..model.library import Library
from ..model.problems import ContentError
from ..model.site_config import SiteConfig
from ..render.pages import Rendered, render_library
from . import shards
from .exports import write_exports
from .files import swap_in, sync_folder, write_if_changed
from .minify import minify_site
from .mkdocs import MkDocsError, build_into_temporary, relative_404
from .project import Cache, Project
from .search import SearchIndexError, index_with_pagefind

# The stages in order, with the words the command line shows editors.
STAGES = {
    "read": "lese innholdet",
    "check": "kontrollere innholdet",
    "render": "lage sidene",
    "write": "skrive Markdown",
    "site": "bygge nettstedet med MkDocs",
    "search": "søkeindeks",
    "exports": "API, FHIR og PDF",
    "swap": "bytte inn det nye nettstedet",
}


@dataclass(frozen=True)
class Options:
    pdf: bool = True
    offline: bool = False
    # The last stage to run: "check" for `check`, "write" for Markdown only and the live preview.
    until: str = "swap"
    # (k, n): build only CI runner k's share of the shards into the cache and stop; the last job merges them.
    part: tuple[int, int] | None = None
    # The live preview's site, in build/preview instead of site/.
    preview: bool = False

    def target(self, project: Project) -> Path:
        return project.offline_site if self.offline else project.preview if self.preview else project.site


@dataclass
class Result:
    config: SiteConfig | None = None
    library: Library | None = None
    rendered: Rendered | None = None
    written: int = 0
    mkdocs_output: str = ""
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


class StageError(Exception):
    """A stage failed for a reason other than the content; names the stage and the cause."""

    def __init__(self, stage: str, cause: str):
        super().__init__(f"Steget «{STAGES[stage]}» feilet:\n{cause}")
        self.stage = stage


@contextmanager
def _stage(name: str, result: Result, on_stage: Callable[[str, float], None] | None) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    except (ContentError, StageError):
        raise
    except (MkDocsError, SearchIndexError, shards.ShardError) as error:
        raise StageError(name, str(error).strip()) from error
    except Exception as error:  # any other failure: a message naming the stage and the cause, never a traceback
        raise StageError(name, f"{type(error).__name__}: {error}") from error
    result.timings[name] = time.perf_counter() - started
    if on_stage is not None:
        on_stage(name, result.timings[name])


def build(project: Project, options: Options = Options(), progress: Progress | None = None,
          cache: Cache | None = None, on_stage: Callable[[str, float], None] | None = None) -> Result:
    """Run the stages up to options.until; returns what they made, with each stage's time in seconds."""
    result = Result()
    stop = list(STAGES).index(options.until)

    def stage(name: str):
        return _stage(name, result, on_stage)

    with stage("read"):
        config_files = read_site_config(project.site_config)
        content_files = read_content(project.content, progress, cache.files if cache else None)
    with stage("check"):
        result.config = check_site_config(config_files)
        result.library = check_content(content_files, result.config, cache.records if cache else None)
    if stop <= list(STAGES).index("check"):
        return result
    with stage("render"):
        result.rendered = render_library(result.library, result.config, with_pdf=options.pdf,
                                         directory_urls=not options.offline, memo=cache.pages if cache else None)
    with stage("write"):
        result.written = sync_folder(project.docs, result.rendered.pages, cache.written if cache else None)
        # JSON is YAML, and it quotes every title safely.
        nav = json.dumps({"nav": result.rendered.nav}, ensure_ascii=False, indent=1) + "\n"
        result.written += write_if_changed(project.nav, nav)
    if stop <= list(STAGES).index("write"):
        return result
    built = Path(tempfile.mkdtemp(prefix=".site-", dir=project.root))
    beside = ThreadPoolExecutor(max_workers=1)
    try:
        with stage("site"):
            exports = None if options.part else beside.submit(
                write_exports, project, result.library, result.config, built, options.pdf)
            result.mkdocs_output = _pages(project, options, result.rendered, built)
        if options.part:
            return result
        with stage("search"):
            if not options.offline:
                index_with_pagefind(built)
        with stage("exports"):
            result.notes += exports.result()
        with stage("swap"):
            swap_in(built, options.target(project))
    finally:
        beside.shutdown(wait=True)
        shutil.rmtree(built, ignore_errors=True)
    return result


def _pages(project: Project, options: Options, rendered: Rendered, site: Path) -> str:
    """The pages into site: in shards, or for the offline copy as one `mkdocs build` that keeps lunr's index
    (Pagefind needs a server) and relative links on its 404 page. Returns MkDocs' log."""
    if options.offline:
        whole, output = build_into_temporary(project, offline=True)
        try:
            relative_404(whole)
            minify_site(whole)
            shards.merge([whole], site)
        finally:
            shutil.rmtree(whole, ignore_errors=True)
        return output
    plan = shards.plan(project, rendered)
    log = shards.build(project, shards.share(plan, *options.part) if options.part else plan)
    shards.forget_others(project, plan)
    if not options.part:
        shards.merge([shards.folder(project, s) for s in plan], site)
    return "\n".join(log)


def check(project: Project, progress: Progress | None = None) -> tuple[SiteConfig, Library]:
    """Read and check everything, write nothing; raises ContentError listing every problem."""
    result = build(project, Options(until="check"), progress)
    return result.config, result.library
