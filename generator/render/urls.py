"""The one table of where everything lives in the built site: pages, PDFs, the API, FHIR.

A recommendation's address depends on its id alone, so retitling never moves a page. Ids are slugs
(checked by the model), so no address escapes the site; the names the site uses for itself are listed
here and refused as ids by the cross-record checks.
"""

from __future__ import annotations

import functools
import posixpath

RECOMMENDATION_FOLDER = "anbefaling"
# A recommendation's versions: <retningslinje>/anbefaling/<id>/versjon/<n>/, beside its page.
VERSION_FOLDER = "versjon"
# The site's "Hva er nytt" page; its feeds stand in its folder, a guideline's feeds in its change log's folder.
WHATS_NEW = "hva-er-nytt"
FEEDS = {"atom": "atom.xml", "json": "feed.json"}
# A recommendation's or version's citation, in the folder of its page.
CITATIONS = {"ris": "sitering.ris", "bibtex": "sitering.bib", "csl": "sitering.json"}
# Pages beside the chapters in a guideline's folder; a chapter id may not take these names.
GUIDELINE_PAGES = {"overview": "alle-anbefalinger", "references": "referanser", "changelog": "endringslogg"}
API = "api"
PDF = "pdf"
FHIR = "fhir"
SCHEMA_FILE = "schema/dokument.schema.json"
OPENAPI_FILE = "openapi.json"
# Top-level names the site and its theme use; a guideline id may not take these.
SITE_FOLDERS = {API, PDF, FHIR, WHATS_NEW, "schema", "search", "assets", "pagefind", "404", "index", "sitemap"}


def reserved_chapter_ids() -> set[str]:
    return {RECOMMENDATION_FOLDER, PDF, API, *GUIDELINE_PAGES.values()}


def reserved_guideline_ids() -> set[str]:
    return set(SITE_FOLDERS)


class Paths:
    """Markdown pages, by the source path MkDocs turns into a URL (a/b.md → a/b/)."""

    @staticmethod
    def home() -> str:
        return "index.md"

    @staticmethod
    def guideline(g) -> str:
        return f"{g.id}/index.md"

    @staticmethod
    def chapter(g, chapter_id: str) -> str:
        return f"{g.id}/{chapter_id}/index.md"

    @staticmethod
    def recommendation(g, rec) -> str:
        return f"{g.id}/{RECOMMENDATION_FOLDER}/{rec.id}.md"

    @staticmethod
    def version(g, record_id: str, number: int) -> str:
        """A version's fixed address, which never changes once the version is superseded."""
        return f"{g.id}/{RECOMMENDATION_FOLDER}/{record_id}/{VERSION_FOLDER}/{number}.md"

    @staticmethod
    def whats_new() -> str:
        return f"{WHATS_NEW}.md"

    @staticmethod
    def overview(g) -> str:
        return f"{g.id}/{GUIDELINE_PAGES['overview']}.md"

    @staticmethod
    def references(g) -> str:
        return f"{g.id}/{GUIDELINE_PAGES['references']}.md"

    @staticmethod
    def changelog(g) -> str:
        return f"{g.id}/{GUIDELINE_PAGES['changelog']}.md"

    @staticmethod
    def api_docs() -> str:
        return f"{API}.md"


class Files:
    """Files the build writes beside the pages, relative to the site root."""

    API = {
        "index": f"{API}/index.json",
        "guideline": f"{API}/retningslinjer/{{guideline}}.json",
        "guideline-records": f"{API}/retningslinjer/{{guideline}}/anbefalinger.json",
        "chapter": f"{API}/kapitler/{{guideline}}/{{chapter}}.json",
        "recommendation": f"{API}/anbefalinger/{{record}}.json",
        "recommendation-versions": f"{API}/anbefalinger/{{record}}/versjoner.json",
        "recommendation-version": f"{API}/anbefalinger/{{record}}/versjoner/{{number}}.json",
    }
    PDF = {
        "guideline": f"{PDF}/{{guideline}}/{{guideline}}.pdf",
        "chapter": f"{PDF}/{{guideline}}/kapittel/{{item}}.pdf",
        "recommendation": f"{PDF}/{{guideline}}/{RECOMMENDATION_FOLDER}/{{item}}.pdf",
    }

    @classmethod
    def api(cls, kind: str, **ids: str) -> str:
        """kind: a key of Files.API; ids: the guideline, chapter or record its pattern names."""
        return cls.API[kind].format(**ids)

    @classmethod
    def pdf(cls, guideline_id: str, kind: str, item_id: str = "") -> str:
        """kind: 'guideline', 'chapter' (item_id: the chapter) or 'recommendation' (item_id: the record)."""
        return cls.PDF[kind].format(guideline=guideline_id, item=item_id)

    @staticmethod
    def feed(fmt: str, guideline_id: str | None = None) -> str:
        """fmt: 'atom' or 'json'; the site's feed, or a guideline's (beside its change log)."""
        folder = f"{guideline_id}/{GUIDELINE_PAGES['changelog']}" if guideline_id else WHATS_NEW
        return f"{folder}/{FEEDS[fmt]}"

    @staticmethod
    def citation(page: str, fmt: str) -> str:
        """fmt: 'ris', 'bibtex' or 'csl'; the citation of a recommendation's page or version page, in its folder."""
        return f"{page_url(page, True)}{CITATIONS[fmt]}"

    @staticmethod
    def fhir(kind: str, item_id: str) -> str:
        """kind: a FHIR resource type, 'PlanDefinition' or 'Bundle'."""
        return f"{FHIR}/{kind}/{item_id}.json"


@functools.lru_cache(maxsize=65536)
def relative(target: str, folder: str) -> str:
    """posixpath.relpath, remembered: the same few thousand links recur on every page of a large site."""
    return posixpath.relpath(target, folder)


def page_url(page: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a page: a/b.md → a/b/ (or a/b.html without directory URLs)."""
    stem = page[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"
