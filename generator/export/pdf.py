"""PDF export for meetings and archives: a whole guideline, a chapter, a recommendation, or a hand-picked set.

WeasyPrint lays out HTML with CSS paged media: a cover, a table of contents whose page numbers come from
`target-counter`, bookmarks from headings, a running footer and Norwegian hyphenation. It runs no
JavaScript and fetches nothing: the stylesheet is inlined and every other URL is refused, so export works
offline. The documents are rendered from the records directly, not from the site.
"""

from __future__ import annotations

import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..config import SiteConfig
from ..crosschecks import CITATION
from ..library import Guideline, Library
from ..models import Anbefaling, Kapittel
from ..paths import pdf_paths
from ..render import TEMPLATES, strength_class

CSS = (TEMPLATES / "pdf" / "print.css").read_text(encoding="utf-8")


@dataclass
class Part:
    """A chapter's worth of a document: its heading and intro (if shown) and the recommendations in it."""

    guideline: Guideline
    chapter: Kapittel
    recommendations: list[Anbefaling]
    show_chapter: bool = True
    intro: str | None = None
    context: str | None = None  # the guideline's name, where a document mixes guidelines

    @property
    def anchor(self) -> str:
        return f"kap-{self.guideline.id}-{self.chapter.id}"

    @property
    def heading(self) -> str:
        return f"{self.context}: {self.chapter.heading}" if self.context else self.chapter.heading

    def rec_anchor(self, rec: Anbefaling) -> str:
        return f"anb-{self.guideline.id}-{rec.id}"


@dataclass
class Document:
    path: Path
    kind: str
    title: str
    short_title: str
    subtitle: str | None
    facts: list[tuple[str, str]]
    parts: list[Part]
    toc: bool
    references: list[Guideline] = field(default_factory=list)


def content_version(root: Path) -> str:
    """The git commit the content was taken from, so a printout can be traced; '-endret' if uncommitted."""
    result = subprocess.run(["git", "-C", str(root), "describe", "--always", "--dirty=-endret", "--abbrev=10"],
                            capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else "ukjent (ikke et git-repo)"


class PdfExporter:
    def __init__(self, library: Library, config: SiteConfig, version: str, made: date | None = None):
        self.library = library
        self.labels = config.etiketter
        self.version = version
        self.made = made or date.today()
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(labels=config.etiketter, scales=config.skalaer, css=Markup(CSS), md=self._md,
                                strength_class=strength_class)
        self.markdown = markdown.Markdown(extensions=["tables", "sane_lists"])

    def _md(self, text: str, guideline: Guideline) -> Markup:
        """Markdown field → HTML; citations point at the reference list in the same document."""
        numbers = guideline.reference_numbers()
        text = CITATION.sub(lambda m: f"[\\[{numbers[m.group(1)]}\\]](#ref-{guideline.id}-{m.group(1)})", text)
        return Markup(self.markdown.reset().convert(text))

    def _facts(self, g: Guideline) -> list[tuple[str, str]]:
        s = self.labels.seksjon
        facts = []
        if g.meta.identifikator:
            facts.append((s["identifikator"], g.meta.identifikator))
        facts += [
            (s["eier"], g.meta.eier),
            (s["status"], self.labels.status[g.meta.status]),
            (s["sist_faglig_endret"], g.meta.sist_faglig_endret.strftime("%d.%m.%Y") if g.meta.sist_faglig_endret
             else s["ikke_registrert"]),
        ]
        return facts + self._stamp()

    def _stamp(self) -> list[tuple[str, str]]:
        s = self.labels.seksjon
        return [(s["innholdsversjon"], self.version), (s["laget"], self.made.strftime("%d.%m.%Y"))]

    def documents(self, out: Path) -> list[Document]:
        """Every standard PDF of the library: per guideline, per chapter, per recommendation."""
        s = self.labels.seksjon
        docs = []
        for g in self.library.guidelines:
            paths = pdf_paths(g.id)
            title = g.meta.tittel
            short = g.meta.kort_tittel or title
            parts = [Part(g, c, g.in_chapter(c.id), intro=c.intro) for c in g.meta.kapitler]
            docs.append(Document(out / paths["guideline"], s["pdf_retningslinje"], title, short, None,
                                 self._facts(g), parts, toc=True, references=[g] if g.meta.referanser else []))
            for part in parts:
                docs.append(Document(out / paths["chapter"].format(id=part.chapter.id), s["pdf_kapittel"],
                                     part.heading, f"{short}: {part.heading}", title, self._facts(g),
                                     [part], toc=len(part.recommendations) > 3,
                                     references=[g] if g.meta.referanser and part.intro and CITATION.search(part.intro) else []))
            for entry in g.recommendations:
                rec = entry.record
                part = Part(g, g.chapter(rec.kapittel), [rec], show_chapter=False)
                docs.append(Document(out / paths["recommendation"].format(id=rec.id), s["pdf_anbefaling"],
                                     rec.tittel, f"{short}: {rec.nummer}. {rec.tittel}",
                                     f"{title}, {part.heading}", self._facts(g), [part], toc=False))
        return docs

    def handout(self, ids: list[str], path: Path) -> Document:
        """A meeting handout of exactly these recommendations, in the guidelines' order."""
        wanted = set(ids)
        known = {e.record.id for g in self.library.guidelines for e in g.recommendations}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise LookupError(f"ukjente anbefalinger: {', '.join(unknown)}")
        parts = []
        for g in self.library.guidelines:
            for chapter in g.meta.kapitler:
                recs = [r for r in g.in_chapter(chapter.id) if r.id in wanted]
                if recs:
                    parts.append(Part(g, chapter, recs, context=g.meta.kort_tittel or g.meta.tittel))
        s = self.labels.seksjon
        titles = sorted({p.guideline.meta.tittel for p in parts})
        return Document(path, s["pdf_utvalg"], s["pdf_utvalg_tittel"], s["pdf_utvalg_tittel"], "; ".join(titles),
                        [(s["antall"], str(len(wanted)))] + self._stamp(), parts, toc=True)

    def html(self, doc: Document) -> str:
        return self.env.get_template("pdf/document.html.j2").render(doc=doc)


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"PDF-eksporten henter ikke noe utenfra: {url}")


def write_pdf(job: tuple[str, str]) -> str:
    """Render one HTML document to a PDF file (run in a worker process)."""
    from weasyprint import HTML

    html, path = job
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, url_fetcher=_refuse_fetch).write_pdf(path, pdf_variant=None)
    return path


def write_all(exporter: PdfExporter, documents: list[Document], workers: int = 2) -> list[Path]:
    """Lay out the PDFs on all cores; WeasyPrint is single-threaded and the documents independent."""
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
    exporter = PdfExporter(library, config, content_version(root))
    return write_all(exporter, [exporter.handout(ids, path)], workers=1)[0]
