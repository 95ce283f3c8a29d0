"""Lay out the printable documents as PDFs with WeasyPrint, on all cores, each within a time budget.

WeasyPrint implements CSS paged media: `target-counter` page numbers in the table of contents, running
footers, bookmarks from headings and hyphenation from the document's language. It runs no JavaScript and
fetches nothing: the stylesheet is inlined and every other URL is refused, so export works offline. A
document that takes longer than its budget (a few seconds for the usual one; a record made to be slow to
lay out, such as a table of thousands of rows, takes minutes) stops the export with a message naming it.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ...model.library import Library
from ...model.messages import msg
from ...model.site_config import SiteConfig
from .documents import Document, PdfExporter, content_version

# A whole guideline of 100 recommendations with full EtD tables (260 pages) takes about 20 s; the budget
# leaves room for three times that, and for a slower machine.
BASE_SECONDS = 20.0
SECONDS_PER_RECOMMENDATION = 0.5
_POLL_SECONDS = 0.05


class PdfTimeout(Exception):
    """A document was not laid out within its budget; the message names it."""


class Stopped(Exception):
    """The build stopped (interrupted, or failed elsewhere) while its documents were being laid out."""


@dataclass(frozen=True)
class Budget:
    """Seconds a document may take: a base, and more for each recommendation in it."""

    base: float = BASE_SECONDS
    per_recommendation: float = SECONDS_PER_RECOMMENDATION

    def of(self, doc: Document) -> float:
        return self.base + self.per_recommendation * sum(len(part.recommendations) for part in doc.parts)


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


def write_all(exporter: PdfExporter, documents: list[Document], workers: int = 2,
              budget: Budget = Budget(), stop: threading.Event | None = None) -> list[Path]:
    """WeasyPrint is single-threaded and the documents independent, so they are laid out side by side, at most
    `workers` at a time, so that each one's time can be measured from when it is handed to a worker. One past
    its budget raises PdfTimeout, stop set (by a build that ends: this runs beside its stages) raises Stopped,
    and leaving the pool's block stops every worker. The workers leave Ctrl-C to this process: killed by it,
    a worker's document would never be ready."""
    queue = list(reversed(documents))
    written: dict[Path, Path] = {}
    with multiprocessing.Pool(processes=max(1, min(workers, len(queue))), initializer=signal.signal,
                              initargs=(signal.SIGINT, signal.SIG_IGN)) as pool:
        running: list = []
        while queue or running:
            if stop is not None and stop.is_set():
                raise Stopped()
            while queue and len(running) < workers:
                doc = queue.pop()
                job = (exporter.html(doc), str(doc.path))
                running.append((doc, pool.apply_async(write_pdf, (job,)), time.monotonic() + budget.of(doc)))
            time.sleep(_POLL_SECONDS)
            for item in list(running):
                doc, result, deadline = item
                if result.ready():
                    written[doc.path] = Path(result.get())
                    running.remove(item)
                elif time.monotonic() > deadline:
                    raise PdfTimeout((doc.source + ":1:1: " if doc.source else "") + msg(
                        "pdf.timeout", file=doc.path.name, kind=doc.kind.lower(), title=doc.title,
                        seconds=f"{budget.of(doc):.0f}"))
    return [written[doc.path] for doc in documents]


def export_library(library: Library, config: SiteConfig, root: Path, out: Path, budget: Budget = Budget()) -> list[Path]:
    """Every standard PDF of the library, under out/ (the site folder, or any folder)."""
    exporter = PdfExporter(library, config, content_version(root))
    return write_all(exporter, exporter.documents(out), budget=budget)


def export_handout(library: Library, config: SiteConfig, root: Path, ids: list[str], path: Path,
                   budget: Budget = Budget()) -> Path:
    """A meeting handout of exactly these recommendations."""
    exporter = PdfExporter(library, config, content_version(root))
    return write_all(exporter, [exporter.handout(ids, path)], workers=1, budget=budget)[0]
