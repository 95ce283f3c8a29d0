"""Render a Library into Markdown pages and a navigation, through the Jinja templates in templates/.

A guideline's pages are in its language (its label set, through that language's environment); the home page and
the API page in the site's. A page in another language than the site's says so in its front matter (`sprak`,
which overrides/partials/language.html gives the theme), and a guideline with language versions links each page
to the same page in the others (a language switch, and `sprakversjoner` for hreflang in the head).
Nothing here knows MkDocs: the output is a mapping of page paths to Markdown text and a nav list
that any Markdown site builder can take.
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from jinja2 import pass_context
from markupsafe import Markup

from ..model.history import events
from ..model.library import Guideline, Library
from ..model.site_config import SiteConfig
from ..model.text import CITATION
from ..model.versions import History
from . import versions as versions_view
from .citation import citation, meta_tags, text_parts
from .environment import cite, environment, internal_links
from .stored import Pages, digests, pack
from .urls import CITATIONS, FEEDS, Files, Paths, page_url, relative

# How many of the newest versions the site's "Hva er nytt" page lists (the feeds, and each guideline's change
# log, list every version).
WHATS_NEW_LIMIT = 100

TEMPLATES = Path(__file__).parent / "templates"



@dataclass
class Rendered:
    pages: Pages
    nav: list

    @cached_property
    def digests(self) -> dict[str, str]:
        """Each page hashed (stored.digests), once: the Markdown folder's sync and the shards' keys use them."""
        return digests(self.pages)


class Renderer:
    def __init__(self, library: Library, config: SiteConfig, with_pdf: bool = False, directory_urls: bool = True,
                 memo: dict | None = None, history: History | None = None, each: Callable[..., list] | None = None,
                 store=None):
        self.library = library
        # How the guidelines' pages are made: one after another, or by the caller's map over processes.
        self.each = each or (lambda render, guidelines, _weight: [render(g) for g in guidelines])
        self.config = config
        self.history = history or History()
        self.directory_urls = directory_urls
        # Pages by their inputs: unchanged record objects (from the loader's cache) under unchanged guideline
        # metadata and settings render to the same pages, so they are not rendered again.
        self.memo = memo
        # A guideline's pages from an earlier build (build/store.py), by the hash of everything they show.
        self.store = store
        # A changed guideline's pages as the last build stored them, with each record's (see _guideline_pages).
        self._earlier: dict[str, tuple[dict[str, bytes], dict[str, list[str]]] | None] = {}
        self._common: bytes | None = None
        self._frames: dict[str, Any] = {}
        self.settings = hash((config.model_dump_json(), with_pdf, directory_urls))
        self.used: set = set()
        self._targets: dict | None = None
        self.with_pdf = with_pdf
        self.envs: dict = {}

    def env(self, language: str):
        """The environment of one language, made when first needed."""
        if language not in self.envs:
            env = environment(TEMPLATES, self.config, language)
            env.filters["md"] = self._markdown
            labels = self.config.labels(language)
            env.globals.update(link=self._link, href=self._href, href_file=self._href_file, paths=Paths, files=Files,
                               pdf=self._pdf if self.with_pdf else None, language_versions=[],
                               api_file=lambda kind, **ids: Files.api(kind, self.config.etiketter.adresser, **ids),
                               api_documented=lambda word, number: Files.api_documented(
                                   self.config.etiketter.adresser, word, number),
                               feed=lambda fmt, g=None: Files.feed(fmt, self.config.etiketter.adresser, g),
                               citation_file=lambda page, fmt: Files.citation(page, fmt, labels.adresser),
                               history=self.history, feeds=FEEDS, citation_formats=CITATIONS,
                               citation_text=lambda c: text_parts(c, labels))
            self.envs[language] = env
        return self.envs[language]

    @pass_context
    def _link(self, context, target: str) -> str:
        """Relative Markdown link to another page's source, which MkDocs checks and rewrites."""
        return relative(target, posixpath.dirname(context["page"]) or ".")

    def _folder(self, page: str) -> str:
        """The folder a page's relative links start from."""
        url = page_url(page, self.directory_urls)
        return (url if self.directory_urls else posixpath.dirname(url)) or "."

    @pass_context
    def _href(self, context, target: str) -> str:
        """Relative URL for raw HTML, which MkDocs leaves as it is."""
        there = page_url(target, self.directory_urls) or "."
        path = relative(there, self._folder(context["page"]))
        return path + "/" if self.directory_urls else path

    @pass_context
    def _href_file(self, context, target: str) -> str:
        """Relative URL of a file the build writes beside the pages (API, schema)."""
        return relative(target, self._folder(context["page"]))

    @pass_context
    def _pdf(self, context, kind: str, item_id: str = "") -> str:
        """Relative URL of a PDF the build writes beside the pages."""
        target = Files.pdf(context["guideline"], kind, item_id)
        return relative(target, self._folder(context["page"]))

    @pass_context
    def _markdown(self, context, text: str) -> Markup:
        """A Markdown field, with [@key] citations turned into numbered links to the reference list."""
        guideline: Guideline = context["guideline"]
        text = internal_links(text, lambda kind, ids: self._link(context, self._pages()[(kind, ids)])
                              if (kind, ids) in self._pages() else None)
        archive = context.get("archive")
        if archive is not None:
            # A version page cites the guideline's references as they then were, listed on the page itself.
            text = CITATION.sub(lambda m: m.group(0) if m.group(1) in archive.numbers else f"\\[{m.group(1)}\\]", text)
            return Markup(cite(text, archive.numbers, lambda key: f"#ref-{key}"))
        target = self._link(context, Paths.references(guideline))
        return Markup(cite(text, guideline.reference_numbers(), lambda key: f"{target}#{key}"))

    def _pages(self) -> dict[tuple[str, tuple[str, ...]], str]:
        """The page of every target an internal link can name (the checks made sure each named one exists)."""
        if self._targets is None:
            self._targets = {}
            for g in self.library.guidelines:
                self._targets[("retningslinje", (g.id,))] = Paths.guideline(g)
                for chapter in g.meta.kapitler:
                    self._targets[("kapittel", (g.id, chapter.id))] = Paths.chapter(g, chapter.id)
                for entry in g.recommendations:
                    self._targets[("anbefaling", (entry.record.id,))] = Paths.recommendation(g, entry.record)
        return self._targets

    def _page(self, template: str, page: str, guideline: Guideline | None = None, kind: str = "", item=None,
              **context) -> str:
        """A page in its guideline's language (the site's outside a guideline); kind and item name the page among
        its guideline's, so its language versions can be found."""
        language = guideline.language if guideline else self.config.sprak
        # A version page (no kind) is an archive of one state: it has no counterpart in the other versions.
        versions = self._versions(guideline, kind, item, page) if guideline and guideline.versions and kind else []
        text = self.env(language).get_template(template).render(page=page, guideline=guideline,
                                                                language_versions=versions, **context)
        front = []
        if language != self.config.sprak:
            front.append(f"sprak: {json.dumps(language)}")
        if versions:
            shown = [{"sprak": v["language"], "side": v["url"]} for v in versions]
            front.append(f"sprakversjoner: {json.dumps(shown, ensure_ascii=False)}")
        return text.replace("---\n", "---\n" + "".join(f"{line}\n" for line in front), 1) if front else text

    def _versions(self, g: Guideline, kind: str, item, page: str) -> list[dict[str, str]]:
        """This page in every language version of its guideline (itself included): the same chapter, the
        recommendation with the same chapter and number, else the version's front page."""
        out = []
        for version in sorted([g, *g.versions], key=lambda v: (v.meta.sprakversjon_av is not None, v.language)):
            target = self._counterpart(version, kind, item) if version is not g else page
            out.append({"language": version.language, "name": version.labels.sprak.navn, "current": version is g,
                        "url": page_url(target, self.directory_urls),
                        "href": self._relative_url(target, page)})
        return out

    @staticmethod
    def _counterpart(version: Guideline, kind: str, item) -> str:
        if kind == "chapter":
            known = {c.id for c in version.meta.kapitler}
            return Paths.chapter(version, item) if item in known else Paths.guideline(version)
        if kind == "recommendation":
            same = [r for r in version.in_chapter(item.kapittel) if item.nummer and r.nummer == item.nummer]
            return Paths.recommendation(version, same[0]) if same else Paths.guideline(version)
        return Paths.of_kind(kind, version)

    def _relative_url(self, target: str, page: str) -> str:
        there = page_url(target, self.directory_urls) or "."
        path = relative(there, self._folder(page))
        return path + "/" if self.directory_urls else path

    def render(self) -> Rendered:
        pages = Pages()
        nav: list = [{_nav_title(self.config.etiketter.seksjon["hjem"]): Paths.home()}]
        pages[Paths.home()] = self._page("home.md.j2", Paths.home(), guidelines=self.library.guidelines)
        guidelines = self.library.guidelines
        keys = {g.id: self.stored_key(g) for g in guidelines} if self.store is not None else {}
        packed = {}
        for g in guidelines:
            found = self.store.get(g.doc.path.parent.name, ("pages", keys[g.id])) if keys.get(g.id) else None
            if found is not None:
                packed[g.id] = found[0]
            elif keys.get(g.id):  # a changed guideline: its records' pages from the last build, where unchanged
                self._earlier[g.id] = self.store.earlier(g.doc.path.parent.name, "pages")
        missing = [g for g in guidelines if g.id not in packed]
        for g, made in zip(missing, self.each(self._guideline_pages, missing, lambda g: len(g.recommendations) + 1)):
            packed[g.id] = made[0]
            if keys.get(g.id):
                self.store.put(g.doc.path.parent.name, ("pages", keys[g.id]), made)
        for g in guidelines:
            pages.packed.update(packed[g.id])
            nav.append({_nav_title(g.short_title): self._guideline_nav(g)})
        whats_new = Paths.whats_new(self.config.etiketter.adresser)
        pages[whats_new] = self._page(
            "whats_new.md.j2", whats_new, guidelines=self.library.guidelines,
            entries=versions_view.recent(self.config, self.library.guidelines, self.history, WHATS_NEW_LIMIT))
        nav.append({_nav_title(self.config.etiketter.seksjon["hva_er_nytt"]): whats_new})
        pages[Paths.api_docs()] = self._page("api.md.j2", Paths.api_docs(), guidelines=self.library.guidelines)
        nav.append({_nav_title(self.config.etiketter.seksjon["api"]): Paths.api_docs()})
        if self.memo is not None:
            for key in set(self.memo) - self.used:
                del self.memo[key]
        return Rendered(pages=pages, nav=nav)

    def stored_key(self, g: Guideline) -> str | None:
        """The hash of everything a guideline's pages show: the settings, its files and its language versions'
        (by their bytes' hashes), its records' versions, and where every internal link can point. None when a
        file has no hash (made from data, not read)."""
        digest = self._frame(g)
        if digest is None or None in (getattr(e.doc, "digest", None) for e in g.recommendations):
            return None
        for entry in g.recommendations:
            digest.update(f"\0{entry.doc.digest}\0".encode() + self.history.fingerprint(entry.record.id))
        return digest.hexdigest()

    def _record_key(self, g: Guideline, entry) -> str | None:
        """The hash of everything a recommendation's own pages (its page and its version pages) show: what its
        guideline's pages have in common (_frame), its file and its versions. The memo of rendered pages holds
        the same: none of these pages shows another record of the guideline."""
        digest = self._frame(g)
        if digest is None or getattr(entry.doc, "digest", None) is None:
            return None
        digest.update(f"\0{Paths.recommendation(g, entry.record)}\0{entry.doc.digest}\0".encode())
        digest.update(self.history.fingerprint(entry.record.id))
        return digest.hexdigest()

    def _frame(self, g: Guideline):
        """The hash (a hashlib object to go on with) of what every page of a guideline shows besides its records:
        the settings, where every internal link can point, the guideline's file and its language versions'
        files; worked out once a guideline. None when a file has no hash (made from data, not read)."""
        if g.id not in self._frames:
            docs = [g.doc]
            for version in g.versions:
                docs += [version.doc, *(e.doc for e in version.recommendations)]
            digests = [getattr(doc, "digest", None) for doc in docs]
            if self._common is None:  # a megabyte at 10,000 records: hashed once
                self._common = hashlib.sha256(json.dumps([
                    self.config.model_dump_json(), self.with_pdf, self.directory_urls, self.history.available,
                    sorted(self._pages().items())]).encode()).digest()
            self._frames[g.id] = None if None in digests else \
                hashlib.sha256(self._common + "\0".join(digests).encode())
        frame = self._frames[g.id]
        return None if frame is None else frame.copy()

    def _memoised(self, key: tuple, keep: tuple, render) -> Any:
        """render(), or its earlier result for the same inputs. keep holds the input objects, so their ids,
        which the key is made of, cannot be reused by new objects while the entry lives."""
        key = (*key, self.settings)
        self.used.add(key)
        if self.memo is not None and key in self.memo:
            return self.memo[key][1]
        result = render()
        if self.memo is not None:
            self.memo[key] = (keep, result)
        return result

    def _guideline_pages(self, g: Guideline) -> tuple[dict[str, bytes], dict[str, list[str]]]:
        """The guideline's pages, compressed (see render/stored.py), and which of them are each record's, under
        its _record_key (with a store): a record's pages unchanged since the last build are taken from it."""
        records = tuple(e.record for e in g.recommendations)
        history_key = tuple(tuple(self.history.of(rec.id)) for rec in records)
        # A page links the same page in the guideline's language versions, so it depends on them too.
        versions = tuple(i for v in g.versions for i in (id(v.meta), *(id(e.record) for e in v.recommendations)))
        pages = dict(self._memoised(("guideline", g.id, id(g.meta), *map(id, records), _key(history_key), versions),
                                    (g.meta, records, history_key),
                                    lambda: {p: pack(text) for p, text in self._overview_pages(g).items()}))
        earlier_pages, earlier_owners = self._earlier.get(g.id) or ({}, {})
        owners = {}
        for entry, rec, history in zip(g.recommendations, records, history_key):
            path = Paths.recommendation(g, rec)
            own = [path, *(Paths.version(g, rec.id, version.number) for version in history)]
            key = self._record_key(g, entry) if self.store is not None else None
            if key is not None:
                owners[key] = own
            if key in earlier_owners and earlier_owners[key] == own:
                pages.update((page, earlier_pages[page]) for page in own)
                continue
            pages[path] = self._memoised((path, id(rec), id(g.meta), _key((history,)), versions),
                                         (rec, g.meta, history),
                                         lambda: pack(self._recommendation(g, rec, list(history))))
            for version, page in zip(history, own[1:]):
                current = version is history[-1]
                pages[page] = self._memoised((page, current, _key(((version,),))), (version,),
                                             lambda: pack(self._version(g, rec.id, version, current)))
        return pages, owners

    def _citation(self, g: Guideline, meta, rec, page: str, version) -> dict:
        found = citation(meta, rec, page, self.config.nettsted.adresse, version, g.language)
        return {"citation": found, "citation_meta": meta_tags(found, self.config.labels(g.language).sprak.api)}

    def _recommendation(self, g: Guideline, rec, history: list) -> str:
        path = Paths.recommendation(g, rec)
        current = history[-1] if history else None
        return self._page("recommendation.md.j2", path, g, "recommendation", rec, rec=rec,
                          chapter=g.chapter(rec.kapittel), archive=None,
                          versions=versions_view.entries(self.config, g, rec.id, history),
                          **self._citation(g, g.meta, rec,
                                           Paths.version(g, rec.id, current.number) if current else path, current))

    def _version(self, g: Guideline, record_id: str, version, current: bool) -> str:
        page = Paths.version(g, record_id, version.number)
        context, shown = versions_view.archive(version, current, g.labels)
        return self._page("recommendation.md.j2", page, g, rec=shown, chapter=None, archive=context,
                          versions=[versions_view.entry(self.config, g, record_id, version, current)],
                          current_page=Paths.recommendation(g, version.record),
                          **self._citation(g, version.guideline or g.meta, version.record, page, version))

    def _overview_pages(self, g: Guideline) -> dict[str, str]:
        """The guideline's pages other than its recommendations: these depend on all its records."""
        pages = {
            Paths.guideline(g): self._page("guideline.md.j2", Paths.guideline(g), g, "guideline"),
            Paths.overview(g): self._page("overview.md.j2", Paths.overview(g), g, "overview"),
            Paths.references(g): self._page("references.md.j2", Paths.references(g), g, "references"),
            Paths.changelog(g): self._page("changelog.md.j2", Paths.changelog(g), g, "changelog",
                                           events=events(g, g.labels.seksjon["forst_publisert_hendelse"]),
                                           entries=versions_view.recent(self.config, [g], self.history)),
        }
        for chapter in g.meta.kapitler:
            path = Paths.chapter(g, chapter.id)
            pages[path] = self._page("chapter.md.j2", path, g, "chapter", chapter.id, chapter=chapter)
        return pages

    def _guideline_nav(self, g: Guideline) -> list:
        items: list = [Paths.guideline(g)]
        labels = g.labels

        def chapter_nav(chapter) -> dict:
            section: list = [Paths.chapter(g, chapter.id)]
            section += [{_nav_title(labels.heading(r, short=True)): Paths.recommendation(g, r)}
                        for r in g.in_chapter(chapter.id)]
            section += [chapter_nav(sub) for sub in g.subchapters(chapter.id)]
            return {_nav_title(labels.heading(chapter)): section}

        items += [chapter_nav(chapter) for chapter in g.subchapters(None)]
        items.append({_nav_title(labels.seksjon["alle_anbefalinger"]): Paths.overview(g)})
        items.append({_nav_title(labels.seksjon["referanser"]): Paths.references(g)})
        items.append({_nav_title(labels.seksjon["endringslogg"]): Paths.changelog(g)})
        return items


def _key(histories) -> tuple:
    """What a page shows of versions, by identity and value, for the memo of rendered pages."""
    return tuple((v.number, v.commit, v.date, v.dated_by, id(v.record), id(v.guideline), len(v.reasons),
                  len(v.editorial)) for versions in histories for v in versions)


def _nav_title(text: str) -> str:
    """Nav titles reach the theme unescaped; escape them once here."""
    return html.escape(text)


def render_library(library: Library, config: SiteConfig, with_pdf: bool = False, directory_urls: bool = True,
                   memo: dict | None = None, history: History | None = None,
                   each: Callable[..., list] | None = None, store=None) -> Rendered:
    return Renderer(library, config, with_pdf, directory_urls, memo, history, each, store).render()
