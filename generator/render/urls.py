"""The one table of where everything lives in the built site: pages, PDFs, the API, FHIR.

A recommendation's address depends on its id alone, so retitling never moves a page. Ids are slugs
(checked by the model), so no address escapes the site. The names the site uses for itself are read off
this table (reserved_guideline_ids, reserved_chapter_ids), and the cross-record checks refuse them as ids.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import posixpath
from types import SimpleNamespace
from typing import Literal, get_args, get_origin, get_type_hints

RECOMMENDATION_FOLDER = "anbefaling"
# A recommendation's versions: <retningslinje>/anbefaling/<id>/versjon/<n>/, beside its page.
VERSION_FOLDER = "versjon"
# The site's "Hva er nytt" page; its feeds stand in its folder, a guideline's feeds in its change log's folder.
WHATS_NEW = "hva-er-nytt"
FEEDS = {"atom": "atom.xml", "json": "feed.json"}
# A recommendation's or version's citation, in the folder of its page.
CITATIONS = {"ris": "sitering.ris", "bibtex": "sitering.bib", "csl": "sitering.json"}
GUIDELINE_PAGES = {"overview": "alle-anbefalinger", "references": "referanser", "changelog": "endringslogg"}
API = "api"
PDF = "pdf"
FHIR = "fhir"
SCHEMA_FILE = "schema/dokument.schema.json"
OPENAPI_FILE = "openapi.json"
# What others put beside the pages: the theme (mkdocs-material) and the search index (Pagefind; the search
# worker in overrides/ loads it from there).
SEARCH_INDEX = "search/search_index.json"
THEME_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz", "assets/", SEARCH_INDEX)
PAGEFIND_FOLDER = "pagefind"
# The web editor (Decap CMS) and its generated configuration.
EDITOR_FOLDER = "admin"
PdfKind = Literal["guideline", "chapter", "recommendation"]
FhirKind = Literal["PlanDefinition", "Bundle"]


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
    def pdf(cls, guideline_id: str, kind: PdfKind, item_id: str = "") -> str:
        """kind: 'guideline', 'chapter' (item_id: the chapter) or 'recommendation' (item_id: the record)."""
        return cls.PDF[kind].format(guideline=guideline_id, item=item_id)

    @classmethod
    def feed(cls, fmt: str, guideline_id: str | None = None) -> str:
        """fmt: 'atom' or 'json'; the site's feed, or a guideline's (beside its change log)."""
        folder = f"{guideline_id}/{GUIDELINE_PAGES['changelog']}" if guideline_id else WHATS_NEW
        return f"{folder}/{FEEDS[fmt]}"

    @classmethod
    def citation(cls, page: str, fmt: str) -> str:
        """fmt: 'ris', 'bibtex' or 'csl'; the citation of a recommendation's page or version page, in its folder."""
        return f"{page_url(page, True)}{CITATIONS[fmt]}"

    @staticmethod
    def fhir(kind: FhirKind, item_id: str) -> str:
        """kind: a FHIR resource type, 'PlanDefinition' or 'Bundle'."""
        return f"{FHIR}/{kind}/{item_id}.json"


class Outputs(dict):
    """Files for the built site by path: a path given twice is an error, never a silent overwrite."""

    def __setitem__(self, path: str, content) -> None:
        if path in self:
            raise ValueError(f"to filer skulle skrives til {path}; id-ene må være unike")
        super().__setitem__(path, content)

    def update(self, other=(), **more) -> None:
        for path, content in dict(other, **more).items():
            self[path] = content


_ID = "{id}"


def _addresses() -> list[str]:
    """Every address form the table gives, with '{id}' for each id: each static method called with every
    value of its Literal arguments and a placeholder (an id, or an object with that id) for the others, and
    each pattern of the API and PDF tables."""
    found = []
    for table in (Paths, Files):
        for name, member in vars(table).items():
            if not isinstance(member, staticmethod):
                continue
            hints = get_type_hints(member.__func__)
            choices = [get_args(hints[p]) if get_origin(hints.get(p)) is Literal else
                       [_ID if hints.get(p) is str else SimpleNamespace(id=_ID)]
                       for p in inspect.signature(member.__func__).parameters]
            found += [member.__func__(*args) for args in itertools.product(*choices)]
    tables = [pattern.format(guideline=_ID, chapter=_ID, record=_ID, item=_ID, number=_ID)
              for pattern in (*Files.API.values(), *Files.PDF.values())]
    tables += [Files.feed(fmt, guideline) for fmt in FEEDS for guideline in (None, _ID)]
    return found + tables + [SCHEMA_FILE, OPENAPI_FILE, *THEME_FILES, PAGEFIND_FOLDER + "/", EDITOR_FOLDER + "/"]


def _name(segment: str) -> str:
    """The id that would take this place: 'openapi.json' → 'openapi', 'api.md' → 'api'."""
    return segment.split(".")[0]


def reserved_guideline_ids() -> set[str]:
    """The site's own top-level names: a guideline folder of that name would replace or mix with them."""
    return {_name(path.split("/")[0]) for path in _addresses() if not path.startswith(_ID)}


def reserved_chapter_ids() -> set[str]:
    """The names beside the chapters in a guideline's folder (its pages and the recommendations' folder)."""
    return {_name(parts[1]) for parts in (path.split("/") for path in _addresses())
            if parts[0] == _ID and len(parts) > 1 and parts[1] != _ID}


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
