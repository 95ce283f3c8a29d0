"""Lay out the printable documents as PDFs with WeasyPrint, on all cores.

WeasyPrint implements CSS paged media: `target-counter` page numbers in the table of contents, running
footers, bookmarks from headings and hyphenation from the document's language. It runs no JavaScript and
fetches nothing: the stylesheet is inlined and every other URL is refused, so export works offline.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ...model.library import Library
from ...model.messages import msg
from ...model.site_config import SiteConfig
from .documents import Document, PdfExporter, content_version


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(msg("pdf.no_fetch", url=url))


def write_pdf(job: tuple[str, str]) -> str:
    """Render one HTML document to a PDF file (run in a worker process)."""
    from weasyprint import HTML

    html, path = job
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    # PDF/UA-1: tagged, with the document's language and title, so screen readers get its structure.
    HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(path, pdf_variant="pdf/ua-1")
    return path


def write_all(exporter: PdfExporter, documents: list[Document], workers: int = 2) -> list[Path]:
    """WeasyPrint is single-threaded and the documents independent, so they are laid out side by side."""
    jobs = [(exporter.html(doc), str(doc.path)) for doc in documents]
    if workers <= 1 or len(jobs) == 1:
        return [Path(write_pdf(job)) for job in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [Path(p) for p in pool.map(write_pdf, jobs, chunksize=4)]


def export_library(library: Library, config: SiteConfig, root: Path, out: Path) -> list[Path]:
    """Every standard PDF of the library, under out/ (the site folder, or any folder)."""
    exporter = PdfExporter(library, config, content_version(root))
    return write_all(exporter, exporter.documents(out))


def export_handout(library: Library, config: SiteConfig, root: Path, ids: list[str], path: Path) -> Path:
    """A meeting handout of exactly these recommendations."""
    exporter = PdfExporter(library, config, content_version(root))
    return write_all(exporter, [exporter.handout(ids, path)], workers=1)[0]
