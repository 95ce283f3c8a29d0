"""What the site gets beside its pages: the JSON API, FHIR, citations, feeds and the PDFs, which need only the
records, so the pipeline makes them while MkDocs builds the pages; and the web editor, made after the pages.

A guideline's files depend on nothing outside it, so each guideline's are kept in the cache folder under a
hash of what they are made from and made again only when that changes: the API, FHIR and citation files
(inputs.py: the guideline, its records and their versions, the site configuration, the code), and the PDFs,
the slow part (WeasyPrint lays out every page: the guideline and its records, the site configuration, the
print templates and code, WeasyPrint's version). A reused PDF keeps the content version and date it was made
with: its content has not changed since. What lists every guideline (the API's index, the feeds) is made anew.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from ..export.api import ApiWriter, api_site_files
from ..export.citations import guideline_citation_files
from ..export.editor.site import EditorData, assets_folder, write_editor
from ..export.feeds import feed_files
from ..export.fhir import guideline_fhir_files
from ..export.pdf import layout
from ..export.pdf.documents import PdfExporter, content_version
from ..model.library import Guideline, Library
from ..model.messages import msg
from ..model.site_config import SiteConfig
from ..model.versions import History
from ..render.urls import EDITOR_FOLDER
from . import inputs
from .files import forget_other_versions, remove_all_but, update_in_place, write_json_files, write_text_files
from .project import Project

if TYPE_CHECKING:
    from .pipeline import Options, Result

PDF_CODE = Path(layout.__file__).parent
# A guideline's exports in the cache: the files under FILES, how many of each kind in COUNTS.
FILES, COUNTS = "filer", "antall.json"


def write_exports(project: Project, options: Options, result: Result, site: Path,
                  stop: threading.Event | None = None) -> tuple[list[Path], list[str]]:
    """Everything but the pages: each guideline's API, FHIR and citation files and PDFs, made into the cache only
    when the guideline changed, and the files about every guideline (the API's index and schema, the feeds)
    written into site. Returns the cache folders that belong in the site beside site, and notes for the user.
    stop: set when the build ends before this does (the PDFs stop: layout.write_all)."""
    library, config, history = result.library, result.config, result.history
    folders, counts, reused = _guideline_files(project, library, config, history)
    site_api = write_json_files(site, api_site_files(library))
    notes = [msg("build.wrote_json", api=counts["api"] + site_api, fhir=counts["fhir"])]
    feeds = write_text_files(site, feed_files(library, config, history))
    notes.append(msg("build.wrote_citations", citations=counts["citations"], feeds=feeds))
    if reused:
        notes.append(msg("build.reused_exports", count=reused))
    if history.available and not config.nettsted.adresse:
        notes.append(msg("build.no_address"))
    if options.pdf:
        pdfs, made, reused = _pdfs(project, library, config, options.pdf_budget, stop)
        folders += pdfs
        reused_note = " " + msg("build.reused_pdf", count=reused) if reused else ""
        notes.append(msg("build.wrote_pdf", count=made) + reused_note)
    return folders, notes


def _guideline_files(project: Project, library: Library, config: SiteConfig,
                     history: History) -> tuple[list[Path], dict[str, int], int]:
    """Each guideline's API, FHIR and citation files in the cache under the hash of their inputs; returns the
    folders, the count of files of each kind and how many guidelines' files were reused."""
    common = hashlib.sha256(inputs.code() + config.model_dump_json().encode()).digest()
    cache = project.cache / "eksport"
    writer = ApiWriter(library, history)
    keys, folders, counts, reused = {}, [], {"api": 0, "fhir": 0, "citations": 0}, 0
    for g in library.guidelines:
        keys[g.id] = hashlib.sha256(common + inputs.guideline(g, history)).hexdigest()[:20]
        folder = cache / g.id / keys[g.id]
        if folder.is_dir():
            reused += 1
        else:
            unfinished = folder.with_name(keys[g.id] + ".delvis")
            shutil.rmtree(unfinished, ignore_errors=True)
            # The new version starts as links to the earlier's files, and keeps those it writes with the same
            # bytes: the site keeps them too, and its update renames only what changed (for a changed record
            # its own API and FHIR files and its guideline's two lists, of the guideline's 500).
            files, earlier = unfinished / FILES, _earlier(cache / g.id)
            written: set[str] | None = None
            if earlier is not None:
                update_in_place(files, [(earlier, "")])
                written = set()
            made = {"api": write_json_files(files, writer.guideline_documents(g), written),
                    "fhir": write_json_files(files, guideline_fhir_files(g), written),
                    "citations": write_text_files(files, guideline_citation_files(g, config, history), written)}
            if written is not None:
                remove_all_but(files, written)
            (unfinished / COUNTS).write_text(json.dumps(made), encoding="utf-8")
            unfinished.rename(folder)
        for kind, count in json.loads((folder / COUNTS).read_text(encoding="utf-8")).items():
            counts[kind] += count
        folders.append(folder / FILES)
    forget_other_versions(cache, keys)
    return folders, counts, reused


def _earlier(versions: Path) -> Path | None:
    """The files of the version of a guideline's exports that the last build left (the others are forgotten)."""
    found = [v / FILES for v in versions.iterdir() if v.suffix != ".delvis"] if versions.is_dir() else []
    return next((files for files in found if files.is_dir()), None)


def write_site_editor(project: Project, options: Options, result: Result, site: Path,
                      pages: Path) -> list[tuple[Path, str]]:
    """The web editor's generated files into admin/ in site, once the pages are built: its preview uses the
    site's stylesheets, found in pages (the site's own shard). Returns the cache folder of Decap's files, with
    their place in the site. The offline copy has none (it needs a server)."""
    if options.offline:
        return []
    write_editor(site, editor_data(result.config, result.library), project.root, pages,
                 project.cache / "redigering-oppsett")
    return [(assets_folder(project.cache / "redigering", project.root, result.config.sprak), EDITOR_FOLDER)]


def editor_data(config: SiteConfig, library: Library) -> EditorData:
    """What the web editor is generated from: the site's words, the guidelines and every id in use."""
    taken = [g.id for g in library.guidelines] + [e.record.id for g in library.guidelines for e in g.recommendations]
    return EditorData(config, [g.meta for g in library.guidelines], taken)


def _pdfs(project: Project, library: Library, config: SiteConfig, budget: layout.Budget,
          stop: threading.Event | None) -> tuple[list[Path], int, int]:
    """The PDFs of every guideline in the cache, laid out only for guidelines whose inputs changed; returns the
    folders, and how many PDFs were made and reused."""
    common = _common(config)
    cache = project.cache / "pdf"
    keys = {g.id: _key(common, g) for g in library.guidelines}
    changed = [g.id for g in library.guidelines if not (cache / g.id / keys[g.id]).is_dir()]
    made = 0
    if changed:
        exporter = PdfExporter(library, config, content_version(project.root))
        unfinished = {gid: cache / gid / (keys[gid] + ".delvis") for gid in changed}
        documents = []
        for gid, folder in unfinished.items():
            shutil.rmtree(folder, ignore_errors=True)
            documents += [d for d in exporter.documents(folder) if d.path.relative_to(folder).parts[1] == gid]
        made = len(layout.write_all(exporter, documents, budget=budget, stop=stop))
        for gid, folder in unfinished.items():
            folder.mkdir(parents=True, exist_ok=True)
            folder.rename(cache / gid / keys[gid])
    forget_other_versions(cache, keys)
    folders = [cache / g.id / keys[g.id] for g in library.guidelines]
    return folders, made, sum(1 for f in folders for p in f.rglob("*.pdf")) - made


def _common(config: SiteConfig) -> bytes:
    digest = hashlib.sha256(config.model_dump_json().encode())
    for path in sorted(PDF_CODE.rglob("*")):
        if path.is_file() and path.suffix != ".pyc":
            digest.update(path.name.encode() + path.read_bytes())
    digest.update(metadata.version("weasyprint").encode())
    return digest.digest()


def _key(common: bytes, g: Guideline) -> str:
    """The hash of a guideline's PDFs' inputs: its metadata (with its reference list) and its records."""
    digest = hashlib.sha256(common)
    digest.update(g.meta.model_dump_json().encode())
    for entry in g.recommendations:
        digest.update(entry.record.model_dump_json().encode())
    return digest.hexdigest()[:20]
