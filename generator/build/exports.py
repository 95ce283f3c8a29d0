"""What the site gets beside its pages: the JSON API, FHIR, citations, feeds and the PDFs, which need only the
records, so the pipeline makes them while MkDocs builds the pages; and the web editor, made after the pages.

PDFs are the slow part (WeasyPrint lays out every page), so each guideline's PDFs are kept in the cache
folder under a hash of what they are made from (the guideline and its records, the site configuration, the
print templates and code, WeasyPrint's version) and laid out again only when that changes. A reused PDF keeps the content version and date it was made with: its
content has not changed since.
"""

from __future__ import annotations

import hashlib
import shutil
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from ..export.api import api_files
from ..export.citations import citation_files
from ..export.editor.site import EditorData, write_editor
from ..export.feeds import feed_files
from ..export.fhir import fhir_files
from ..export.pdf import layout
from ..export.pdf.documents import PdfExporter, content_version
from ..model.library import Guideline, Library
from ..model.messages import msg
from ..model.site_config import SiteConfig
from .files import forget_other_versions, merge, write_json_files, write_text_files
from .project import Project

if TYPE_CHECKING:
    from .pipeline import Options, Result

PDF_CODE = Path(layout.__file__).parent


def write_exports(project: Project, options: Options, result: Result, site: Path) -> list[str]:
    """Write everything but the pages into site; returns notes for the user."""
    library, config, history = result.library, result.config, result.history
    api = write_json_files(site, api_files(library, history))
    fhir = write_json_files(site, fhir_files(library))
    notes = [msg("build.wrote_json", api=api, fhir=fhir)]
    cited = write_text_files(site, citation_files(library, config, history))
    feeds = write_text_files(site, feed_files(library, config, history))
    notes.append(msg("build.wrote_citations", citations=cited, feeds=feeds))
    if history.available and not config.nettsted.adresse:
        notes.append(msg("build.no_address"))
    if options.pdf:
        made, reused = _pdfs(project, library, config, site, options.pdf_budget)
        notes.append(msg("build.wrote_pdf", count=made) + (" " + msg("build.reused_pdf", count=reused) if reused else ""))
    return notes


def write_site_editor(project: Project, options: Options, result: Result, site: Path) -> None:
    """The web editor into admin/, once the pages are in site (its preview uses the site's stylesheets). The
    offline copy has none (it needs a server)."""
    if not options.offline:
        write_editor(site, editor_data(result.config, result.library), project.root)


def editor_data(config: SiteConfig, library: Library) -> EditorData:
    """What the web editor is generated from: the site's words, the guidelines and every id in use."""
    taken = [g.id for g in library.guidelines] + [e.record.id for g in library.guidelines for e in g.recommendations]
    return EditorData(config, [g.meta for g in library.guidelines], taken)


def _pdfs(project: Project, library: Library, config: SiteConfig, site: Path, budget: layout.Budget) -> tuple[int, int]:
    """The PDFs of every guideline into site, laid out only for guidelines whose inputs changed; returns
    (made, reused)."""
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
        made = len(layout.write_all(exporter, documents, budget=budget))
        for gid, folder in unfinished.items():
            folder.mkdir(parents=True, exist_ok=True)
            folder.rename(cache / gid / keys[gid])
    forget_other_versions(cache, keys)
    files = merge([cache / g.id / keys[g.id] for g in library.guidelines], site)
    return made, files - made


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
