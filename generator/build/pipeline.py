"""The whole build as one function: read → check → history → render → write → site → exports → swap.

Everything is read and checked before anything is written. Markdown goes to build/docs (only files whose
text changed are rewritten); the site is built into a temporary folder, completed there (search index,
minified pages, API, FHIR, PDFs) and swapped in only when every stage succeeded, so a failed build leaves
the previous site untouched. content/ and site_config/ are only read. Each stage is timed; a content
problem stops the build with every problem listed (ContentError), any other failure names its stage.
"""

from __future__ import annotations

import json
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Callable, Iterator

from ..checks.content import check_content
from ..checks.history import BlobCache, read_history
from ..checks.site_config import check_site_config
from ..export.api import api_files
from ..export.editor.site import EditorData, EditorMissing, write_editor
from ..export.citations import citation_files
from ..export.feeds import feed_files
from ..export.fhir import fhir_files
from ..export.pdf.layout import Budget, PdfTimeout, export_library
from ..load.content import ContentFiles, GuidelineFiles, Progress, read_content
from ..load.site_config import read_site_config, site_language
from ..model.library import Library
from ..model.messages import msg, speaking
from ..model.problems import ContentError, Problem
from ..model.site_config import SiteConfig
from ..model.versions import History
from ..render.pages import Rendered, render_library
from .files import swap_in, sync_folder, write_if_changed, write_json_files, write_text_files
from .minify import minify_site
from .mkdocs import MkDocsError, build_into_temporary, relative_404
from .project import Cache, Project
from .search import SearchIndexError, index_with_pagefind

# The stages in order; the command line names each in the site's language (messages: "stage.<name>").
STAGES = ("read", "check", "history", "render", "write", "site", "exports", "swap")


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
    except (MkDocsError, SearchIndexError, EditorMissing, PdfTimeout) as error:
        raise StageError(name, str(error).strip()) from error
    except Exception as error:  # any other failure: a message naming the stage and the cause, never a traceback
        raise StageError(name, f"{type(error).__name__}: {error}") from error
    result.timings[name] = time.perf_counter() - started
    if on_stage is not None:
        on_stage(name, result.timings[name])


def build(project: Project, options: Options = Options(), progress: Progress | None = None,
          cache: Cache | None = None, on_stage: Callable[[str, float], None] | None = None) -> Result:
    """Run the stages up to options.until; returns what they made, with each stage's time in seconds."""
    # Everything the build says, and the words it writes for editors (admin/), in the site's language.
    with speaking(site_language(project.site_config)):
        return _build(project, options, progress, cache, on_stage)


def _build(project: Project, options: Options, progress: Progress | None, cache: Cache | None,
           on_stage: Callable[[str, float], None] | None) -> Result:
    result = Result()
    stop = STAGES.index(options.until)

    def stage(name: str):
        return _stage(name, result, on_stage)

    with stage("read"):
        config_files = read_site_config(project.site_config)
        content_files = read_content(project.content, progress, cache.files if cache else None)
    with stage("check"):
        result.config = check_site_config(config_files)
        if options.address:
            result.config.nettsted = result.config.nettsted.model_copy(update={"adresse": options.address})
        result.library = _check(content_files, result, options, cache)
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
                                         history=result.history)
    with stage("write"):
        result.written = sync_folder(project.docs, result.rendered.pages, cache.written if cache else None)
        # JSON is YAML, and it quotes every title safely.
        shown = {"nav": result.rendered.nav}
        if result.skipped:  # the theme lists them at the top of every page (overrides/main.html)
            shown["extra"] = {"anbefalt_feil": [str(p) for p in result.skipped if p.severity == "feil"],
                              "anbefalt_feil_tittel": result.config.etiketter.seksjon.forhandsvisning_feil}
        nav = json.dumps(shown, ensure_ascii=False, indent=1) + "\n"
        result.written += write_if_changed(project.nav, nav)
    if stop <= STAGES.index("write"):
        return result
    with stage("site"):
        built, result.mkdocs_output = build_into_temporary(project, result.config, options.offline)
    try:
        with stage("exports"):
            _exports(project, options, result, built)
        with stage("swap"):
            swap_in(built, project.offline_site if options.offline else project.site)
    finally:
        shutil.rmtree(built, ignore_errors=True)
    return result


def _check(files: ContentFiles, result: Result, options: Options, cache: Cache | None) -> Library:
    """The checked library; with skip_broken, the files with errors are left out until the rest checks clean."""
    while True:
        try:
            return check_content(files, result.config, cache.records if cache else None)
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


def _exports(project: Project, options: Options, result: Result, site) -> None:
    """What a built site gets before it is swapped in. The offline copy keeps lunr (Pagefind needs a server)."""
    if options.offline:
        relative_404(site)
    else:
        index_with_pagefind(site)
    minify_site(site)
    api = write_json_files(site, api_files(result.library, result.history))
    fhir = write_json_files(site, fhir_files(result.library))
    result.notes.append(msg("build.wrote_json", api=api, fhir=fhir))
    cited = write_text_files(site, citation_files(result.library, result.config, result.history))
    feeds = write_text_files(site, feed_files(result.library, result.config, result.history))
    result.notes.append(msg("build.wrote_citations", citations=cited, feeds=feeds))
    if result.history.available and not result.config.nettsted.adresse:
        result.notes.append(msg("build.no_address"))
    if options.pdf:
        written = export_library(result.library, result.config, project.root, site, options.pdf_budget)
        result.notes.append(msg("build.wrote_pdf", count=len(written)))
    # After minifying: the editor's scripts are copied as they are. The offline copy has no editor (it needs a server).
    if not options.offline:
        write_editor(site, editor_data(result.config, result.library), project.root)


def editor_data(config: SiteConfig, library: Library) -> EditorData:
    """What the web editor is generated from: the site's words, the guidelines and every id in use."""
    taken = [g.id for g in library.guidelines] + [e.record.id for g in library.guidelines for e in g.recommendations]
    return EditorData(config, [g.meta for g in library.guidelines], taken)


def check(project: Project, progress: Progress | None = None) -> tuple[SiteConfig, Library]:
    """Read and check everything, write nothing; raises ContentError listing every problem."""
    result = build(project, Options(until="check"), progress)
    return result.config, result.library
