"""What the site gets beside its pages: the JSON API, FHIR and the PDFs. They need only the records, so the
pipeline makes them while MkDocs builds the pages.

PDFs are the slow part (WeasyPrint lays out every page), so each guideline's PDFs are kept in the cache
folder under a hash of what they are made from (the guideline and its records, the site configuration, the
print templates and code, WeasyPrint's version) and laid out again only when that changes. A reused PDF
keeps the content version and date it was made with: its content has not changed since.
"""

from __future__ import annotations

import hashlib
import shutil
from importlib import metadata
from pathlib import Path

from ..export.api import api_files
from ..export.fhir import fhir_files
from ..export.pdf import layout
from ..export.pdf.documents import PdfExporter, content_version
from ..model.library import Guideline, Library
from ..model.site_config import SiteConfig
from .files import write_json_files
from .project import Project
from .shards import merge

PDF_CODE = Path(layout.__file__).parent


def write_exports(project: Project, library: Library, config: SiteConfig, site: Path, pdf: bool) -> list[str]:
    """Write the API, FHIR and (if pdf) the PDFs into site; returns notes for the user."""
    api = write_json_files(site, api_files(library))
    fhir = write_json_files(site, fhir_files(library, config))
    notes = [f"Skrev {api} JSON-filer (api/) og {fhir} FHIR-ressurser (fhir/)."]
    if pdf:
        made, reused = _pdfs(project, library, config, site)
        notes.append(f"Laget {made} PDF-er" + (f", gjenbrukte {reused} (uendrede retningslinjer)." if reused else "."))
    return notes


def _pdfs(project: Project, library: Library, config: SiteConfig, site: Path) -> tuple[int, int]:
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
        made = len(layout.write_all(exporter, documents))
        for gid, folder in unfinished.items():
            folder.mkdir(parents=True, exist_ok=True)
            folder.rename(cache / gid / keys[gid])
    for name in cache.iterdir() if cache.is_dir() else []:
        for version in name.iterdir():
            if keys.get(name.name) != version.name:
                shutil.rmtree(version, ignore_errors=True)
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
    digest = hashlib.sha256(common)
    digest.update(g.meta.model_dump_json().encode())
    for entry in g.recommendations:
        digest.update(entry.record.model_dump_json().encode())
    return digest.hexdigest()[:20]

