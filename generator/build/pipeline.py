"""The whole build as one function: read → check → history → render → write → site ∥ exports → search → swap.

Everything is read and checked before anything is written. Markdown goes to build/docs (only files whose
text changed are rewritten). MkDocs builds the pages in shards, one per guideline, in a process per core,
reusing unchanged shards from the cache (shards.py), while the API, FHIR, citations, feeds and PDFs, which
need only the records, are made beside them, each guideline's kept in the cache too (exports.py); then
Pagefind indexes the pages, reusing the unchanged parts of its index (search.py), and the web editor is
written. Only when every stage succeeded is the site brought up to date, by replacing the files that changed
(files.update_in_place), so a failed build leaves the previous site untouched and a small change costs little.
content/ and site_config/ are only read. Each stage is timed; a content problem stops the build with every
problem listed (ContentError), any other failure names its stage.
"""

from __future__ import annotations

import contextvars
import gc
import json
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from ..checks.content import check_content
from ..checks.history import BlobCache, read_history
from ..checks.site_config import check_site_config
from ..export.editor.site import EditorMissing
from ..export.pdf.layout import Budget, PdfTimeout
from ..load.content import ContentFiles, GuidelineFiles, Progress, read_content
from ..load.site_config import read_site_config, site_language
from ..model.library import Library
from ..model.messages import msg, speaking
from ..model.problems import ContentError, Problem
from ..model.site_config import SiteConfig
from ..model.versions import History
from ..render.environment import kept_in
from ..render.pages import Rendered, render_library
from . import shards
from .exports import write_exports, write_site_editor
from .files import sync_folder, update_in_place, write_if_changed
from .fork import ChildFailed, forked_map
from .minify import minify_site
from .mkdocs import MkDocsError, build_into_temporary, relative_404
from .project import Cache, Project
from .search import SearchIndexError, index_with_pagefind
from .store import Store

# The stages in order; the command line names each in the site's language (messages: "stage.<name>").
STAGES = ("read", "check", "history", "render", "write", "site", "search", "exports", "swap")


def stage_name(stage: str) -> str:
    return msg(f"stage.{stage}")


@dataclass(frozen=True)
class Options:
    pdf: bool = True
    pdf_budget: Budget = Budget()
    offline: bool = False
    # The last stage to run: "check" to read and check only, "history" for `check`, "write" for Markdown only
    # and the live preview.
    until: str = "swap"
    # The live preview: leave out files with errors (listed in Result.skipped and on every page) instead of stopping.
    skip_broken: bool = False
    # The site's public address, instead of site_config/nettsted.yaml's (make site ADRESSE=…).
    address: str | None = None
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
    history: History | None = None
    rendered: Rendered | None = None
    written: int = 0
    mkdocs_output: str = ""
    notes: list[str] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


class StageError(Exception):
    """A stage failed for a reason other than the content; names the stage and the cause."""

    def __init__(self, stage: str, cause: str):
        super().__init__(msg("build.stage_failed", stage=stage_name(stage), cause=cause))
        self.stage = stage


@contextmanager
def _stage(name: str, result: Result, on_stage: Callable[[str, float], None] | None) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    except (ContentError, StageError):
        raise
    except (MkDocsError, SearchIndexError, EditorMissing, PdfTimeout, shards.ShardError, ChildFailed) as error:
        raise StageError(name, str(error).strip()) from error
    except Exception as error:  # any other failure: a message naming the stage and the cause, never a traceback
        raise StageError(name, f"{type(error).__name__}: {error}") from error
    result.timings[name] = time.perf_counter() - started
    if on_stage is not None:
        on_stage(name, result.timings[name])


def build(project: Project, options: Options = Options(), progress: Progress | None = None,
          cache: Cache | None = None, on_stage: Callable[[str, float], None] | None = None) -> Result:
    """Run the stages up to options.until; returns what they made, with each stage's time in seconds."""
    # Everything the build says, and the words it writes for editors (admin/), in the site's language. A build
    # that renders keeps its compiled templates for the next (the live preview keeps them in its process).
    renders = cache is None and STAGES.index(options.until) >= STAGES.index("render")
    kept = kept_in(project.compiled_templates) if renders else nullcontext()
    with speaking(site_language(project.site_config)), kept, ExitStack() as running:
        return _build(project, options, progress, cache, on_stage, running)


def _build(project: Project, options: Options, progress: Progress | None, cache: Cache | None,
           on_stage: Callable[[str, float], None] | None, running: ExitStack) -> Result:
    """The stages; running holds what runs beside them (the MkDocs worker) until the build is over."""
    result = Result()
    stop = STAGES.index(options.until)

    def stage(name: str):
        return _stage(name, result, on_stage)

    # A build reads and renders on every core; the live preview keeps what it read and rendered in this process
    # (the cache) and redoes only what changed.
    each = None if cache else forked_map
    # A build keeps what it checked and rendered in the cache folder for the next (store.py).
    store = None if cache else Store.load(project.cache / "poster")
    stored_files = store.files if store else set()
    if cache is None:
        running.callback(gc.unfreeze)  # what the build froze (_collector_held) is the collector's again after it
    # After a small change MkDocs, and the site as the last build left it, load on another core while the library
    # is read, checked and rendered (the worker gets the site's settings once they are checked). A build with
    # nothing stored renders for long, on every core, and the worker would only add its memory to that stage's
    # (the build's highest): it is started at the write stage, and loads the site when its job comes.
    needs_worker = stop > STAGES.index("write") and not options.offline
    worker = running.enter_context(shards.Worker(project, ahead=True)) \
        if needs_worker and (store is None or stored_files) else None
    with _collector_held() if cache is None else nullcontext():
        with stage("read"):
            config_files = read_site_config(project.site_config)
            content_files = read_content(project.content, progress, cache.files if cache else None, each,
                                         stored_files)
        with stage("check"):
            result.config = check_site_config(config_files)
            if options.address:
                result.config.nettsted = result.config.nettsted.model_copy(update={"adresse": options.address})
            if worker is not None:
                worker.configure(result.config)
            result.library = _check(content_files, result, options, cache, store)
    if stop <= STAGES.index("check"):
        return result
    with stage("history"):
        blobs = cache.history if cache and cache.history else BlobCache.load(project.history_cache)
        if cache:
            cache.history = blobs
        result.history = read_history(project.content, result.library, result.config, config_files.site, blobs)
        if result.history.notice:
            result.notes.append(result.history.notice)
        if stop > list(STAGES).index("history"):
            blobs.save(project.history_cache)
    if stop <= list(STAGES).index("history"):
        return result
    with stage("render"):
        result.rendered = render_library(result.library, result.config, with_pdf=options.pdf,
                                         directory_urls=not options.offline, memo=cache.pages if cache else None,
                                         history=result.history, each=each, store=store)
    with stage("write"):
        if needs_worker and worker is None:
            worker = running.enter_context(shards.Worker(project, result.config))
        written = cache.written if cache else store.markdown()
        result.written = sync_folder(project.docs, result.rendered.pages, written, result.rendered.digests)
        if store is not None:
            store.save()
        # JSON is YAML, and it quotes every title safely.
        shown = {"nav": result.rendered.nav}
        if result.skipped:  # the theme lists them at the top of every page (overrides/main.html)
            shown["extra"] = {"anbefalt_feil": [str(p) for p in result.skipped if p.severity == "feil"],
                              "anbefalt_feil_tittel": result.config.etiketter.seksjon.forhandsvisning_feil}
        nav = json.dumps(shown, ensure_ascii=False, indent=1) + "\n"
        write_if_changed(project.nav, nav)  # result.written counts pages, which is what the command line says
    if stop <= STAGES.index("write"):
        return result
    # This build's own files: in own/ what it makes for this build alone (the API's index, the feeds, the search's
    # list of parts, the web editor), in pages/ the offline copy's pages. Everything else is in the cache, and
    # the site is made of links to it.
    temporary = Path(tempfile.mkdtemp(prefix=".site-", dir=project.root))
    built = temporary / "own"
    built.mkdir()
    # Beside the stages: the exports, then removing what earlier builds left in the cache and this one replaced.
    # A build that ends early (a failure, Ctrl-C) tells the exports to stop rather than wait for its PDFs.
    beside = ThreadPoolExecutor(max_workers=1)
    tidying = []
    stopping = threading.Event()
    try:
        with stage("site"):
            # In the thread too, the build speaks the site's language (messages are a context variable).
            exports = None if options.part else beside.submit(contextvars.copy_context().run, write_exports,
                                                              project, options, result, built, stopping)
            pages, result.mkdocs_output, plan = _pages(project, options, result.config, result.rendered,
                                                       temporary / "pages", worker)
            if plan is not None:
                tidying.append(beside.submit(shards.forget_others, project, plan))
        if options.part:
            return result
        sources = [(folder, "") for folder in pages]
        site_shard = list(pages)[-1]
        with stage("search"):
            if not options.offline:
                index = index_with_pagefind(pages, project.cache / "search")
                tidying.append(beside.submit(index.forget_others))
                index.write_manifest(built)
                sources += index.folders
                result.notes.append(msg("build.search_parts", parts=index.parts, indexed=index.indexed))
        with stage("exports"):
            folders, notes = exports.result()
            result.notes += notes
            sources += [(folder, "") for folder in folders]
            sources += write_site_editor(project, options, result, built, site_shard)
        with stage("swap"):
            # What the update put where, so the next lists only new folders (files.update_in_place); not for the
            # live preview, which writes saved pages into its folder itself.
            target = options.target(project)
            record = None if options.preview else project.cache / "oppdatert" / f"{target.name}.pickle"
            update_in_place(target, sources + [(built, "")], record)
            for done in tidying:
                done.result()
    except BaseException:
        stopping.set()
        raise
    finally:
        beside.shutdown(wait=True)
        shutil.rmtree(temporary, ignore_errors=True)
    return result


@contextmanager
def _collector_held() -> Iterator[None]:
    """Python's cycle collector held off while the library is read and checked, and what that made frozen out of
    its way: hundreds of thousands of objects that live to the end of the build (records, many from the store),
    which the collections walked again and again (half the check stage of a build after one change at 10,000).
    Objects no longer used are still freed as ever; only cycles among them wait, until the build is over. The
    live preview, which runs for hours, keeps the collector as it is."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


def _pages(project: Project, options: Options, config: SiteConfig, rendered: Rendered, offline: Path,
           worker: shards.Worker | None) -> tuple[dict[Path, str | None], str, list[shards.Shard] | None]:
    """The pages: in shards, kept in the cache (the site's own last), or for the offline copy as one
    `mkdocs build` into the folder offline that keeps lunr's index (Pagefind needs a server) and relative links
    on its 404 page. Returns the folders that hold them, each with the hash of its inputs (a shard's key; none
    for the offline copy), MkDocs' log and the shards (none for the offline copy)."""
    if options.offline:
        whole, output = build_into_temporary(project, config, offline=True)
        try:
            relative_404(whole)
            minify_site(whole)
            whole.rename(offline)
        finally:
            shutil.rmtree(whole, ignore_errors=True)
        return {offline: None}, output, None
    plan = shards.plan(project, config, rendered)
    log = shards.build(project, config, shards.share(plan, *options.part) if options.part else plan, worker)
    ordered = sorted(plan, key=lambda s: s.name == shards.SITE)
    return {shards.folder(project, s): s.key for s in ordered}, "\n".join(log), plan


def _check(files: ContentFiles, result: Result, options: Options, cache: Cache | None, store: Store | None) -> Library:
    """The checked library; with skip_broken, the files with errors are left out until the rest checks clean."""
    while True:
        try:
            return check_content(files, result.config, cache.records if cache else None, store)
        except ContentError as error:
            if not options.skip_broken:
                raise
            bad = {p.path for p in error.problems if p.severity == "feil"}
            kept = [GuidelineFiles(f.folder, f.guideline, [d for d in f.records if d.shown not in bad])
                    for f in files.guidelines if f.guideline is not None and f.guideline.shown not in bad]
            if not files.problems and [len(f.records) for f in kept] == [len(f.records) for f in files.guidelines]:
                raise  # nothing left to leave out: an error across files that stays
            result.skipped += [p for p in error.problems if p not in result.skipped]
            files = ContentFiles(files.root, kept, [])


def check(project: Project, progress: Progress | None = None) -> tuple[SiteConfig, Library]:
    """Read and check everything, write nothing; raises ContentError listing every problem."""
    result = build(project, Options(until="check"), progress)
    return result.config, result.library
