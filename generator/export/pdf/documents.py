"""The printable documents: a whole guideline, a chapter, a recommendation, or a hand-picked set, as HTML.

They are rendered from the records directly, not from the site, through templates/ (cover, table of
contents, chapters, the recommendation's sections as render/sections.py declares them, references);
layout.py turns them into PDFs. A document is in its guideline's language: its labels, dates, page footer,
`lang` (which WeasyPrint hyphenates by) and path; a handout of several guidelines in one language is in that
language, else in the site's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from markupsafe import Markup

from ...load.git import describe
from ...model.library import Guideline, Library
from ...model.records import Anbefaling, Kapittel
from ...model.site_config import SiteConfig
from ...model.text import CITATION
from ...model.messages import msg
from ...render.environment import cite, environment, internal_links
from ...render.sanitise import markdown_html
from ...render.urls import Files

TEMPLATES = Path(__file__).parent / "templates"
CSS = (TEMPLATES / "print.css").read_text(encoding="utf-8")


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
        own = self.guideline.labels.heading(self.chapter)
        return f"{self.context}: {own}" if self.context else own

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
    language: str
    references: list[Guideline] = field(default_factory=list)
    # A cover page for the whole guideline only; other documents open with a compact header on page one.
    cover: bool = False
    # A one-recommendation document needs no title of its own: the recommendation's heading is it.
    titled: bool = True
    notes: list[str] = field(default_factory=list)  # said on the cover, e.g. that only a guideline's title is known
    source: str = ""  # the content file it is made from (the record's, or the guideline's), for messages


def cited(parts: list[Part]) -> list[Guideline]:
    """The guidelines whose reference lists these parts cite, so every citation in the document has its target."""
    found: list[Guideline] = []
    for part in parts:
        texts = [part.intro or "", *(rec.model_dump_json() for rec in part.recommendations)]
        if part.guideline not in found and any(CITATION.search(text) for text in texts):
            found.append(part.guideline)
    return found


def content_version(root: Path) -> str | None:
    """The git commit the content was taken from, so a printout can be traced; '-endret' if uncommitted; None
    outside a git repository (the printout says so in its language)."""
    return describe(root)


def _css_string(text: str) -> str:
    """A CSS string that cannot end the string or the style element it stands in."""
    return '"' + text.replace("\\", "\\5C ").replace('"', "\\22 ").replace("<", "\\3C ").replace("\n", " ") + '"'


def page_footer(label: str) -> Markup:
    """The label 'Side {side} av {sider}' as the CSS content of the footer: "Side " counter(page) " av " …"""
    counters = {"\0P": "counter(page)", "\0Q": "counter(pages)"}
    marked = label.replace("{side}", "\1\0P\1").replace("{sider}", "\1\0Q\1")
    return Markup(" ".join(counters.get(piece) or _css_string(piece) for piece in marked.split("\1") if piece))


class PdfExporter:
    def __init__(self, library: Library, config: SiteConfig, version: str | None, made: date | None = None):
        self.library = library
        self.config = config
        self.version = version
        self.made = made or date.today()
        self.envs: dict = {}
        self.markdown = markdown_html()

    def env(self, language: str):
        """The environment of one language, made when first needed."""
        if language not in self.envs:
            env = environment(TEMPLATES, self.config, language)
            env.globals.update(css=Markup(CSS), md=self._md,
                               footer=page_footer(self.config.labels(language).seksjon.pdf_side))
            self.envs[language] = env
        return self.envs[language]

    def _md(self, text: str, guideline: Guideline) -> Markup:
        """Markdown field → sanitised HTML; citations point at the reference list in the same document."""
        text = internal_links(text, lambda kind, ids: None)  # a printout names the page by its title in the text
        text = cite(text, guideline.reference_numbers(), lambda key: f"#ref-{guideline.id}-{key}")
        return Markup(self.markdown.reset().convert(text))

    def _facts(self, g: Guideline) -> list[tuple[str, str]]:
        s, env = g.labels.seksjon, self.env(g.language)
        facts = []
        if g.meta.identifikator:
            facts.append((s["identifikator"], g.meta.identifikator))
        facts += [
            (s["eier"], g.meta.eier or s["ikke_oppgitt"]),
            (s["status"], env.globals["status_words"](g.meta)),
            (s["sist_faglig_endret"], env.filters["date"](g.meta.sist_faglig_endret)),
        ]
        return facts + self._stamp(g.language)

    def _stamp(self, language: str) -> list[tuple[str, str]]:
        s = self.config.labels(language).seksjon
        return [(s["innholdsversjon"], self.version or s["innholdsversjon_ukjent"]),
                (s["laget"], self.env(language).filters["date"](self.made))]

    def documents(self, out: Path) -> list[Document]:
        """Every standard PDF of the library: per guideline, per chapter, per recommendation."""
        docs = []
        for g in self.library.guidelines:
            s, lang = g.labels.seksjon, g.language
            title = g.meta.tittel
            short = g.short_title
            parts = [Part(g, c, g.in_chapter(c.id), intro=c.intro) for c in g.meta.kapitler]
            docs.append(Document(out / Files.pdf(g, "guideline"), s["pdf_retningslinje"], title, short, None,
                                 self._facts(g), parts, toc=True, language=lang,
                                 references=[g] if g.meta.referanser else [],
                                 cover=True, notes=[s["stubb_retningslinje"]] if g.meta.stubb else [],
                                 source=g.doc.shown))
            for part in parts:
                docs.append(Document(out / Files.pdf(g, "chapter", part.chapter.id), s["pdf_kapittel"],
                                     part.heading, f"{short}: {part.heading}", title, self._facts(g),
                                     [part], toc=len(part.recommendations) > 3, language=lang,
                                     references=cited([part]), source=g.doc.shown))
            for entry in g.recommendations:
                rec = entry.record
                part = Part(g, g.chapter(rec.kapittel), [rec], show_chapter=False)
                docs.append(Document(out / Files.pdf(g, "recommendation", rec.id), s["pdf_anbefaling"],
                                     rec.tittel, f"{short}: {g.labels.heading(rec)}",
                                     f"{title}, {part.heading}", self._facts(g), [part], toc=False, language=lang,
                                     references=cited([part]), titled=False, source=entry.doc.shown))
        return docs

    def handout(self, ids: list[str], path: Path) -> Document:
        """A meeting handout of exactly these recommendations, in the guidelines' order."""
        wanted = set(ids)
        known = {e.record.id for g in self.library.guidelines for e in g.recommendations}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise LookupError(msg("pdf.unknown_records", ids=", ".join(unknown)))
        parts = []
        for g in self.library.guidelines:
            for chapter in g.meta.kapitler:
                recs = [r for r in g.in_chapter(chapter.id) if r.id in wanted]
                if recs:
                    parts.append(Part(g, chapter, recs, context=g.short_title))
        languages = {p.guideline.language for p in parts}
        language = languages.pop() if len(languages) == 1 else self.config.sprak
        s = self.config.labels(language).seksjon
        titles = sorted({p.guideline.meta.tittel for p in parts})
        return Document(path, s["pdf_utvalg"], s["pdf_utvalg_tittel"], s["pdf_utvalg_tittel"], "; ".join(titles),
                        [(s["antall"], str(len(wanted)))] + self._stamp(language), parts, toc=False,
                        language=language, references=cited(parts))

    def html(self, doc: Document) -> str:
        return self.env(doc.language).get_template("document.html.j2").render(doc=doc)
