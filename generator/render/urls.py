"""The one table of where everything lives in the built site: pages, PDFs, the API, FHIR.

A recommendation's address depends on its id alone, so retitling never moves a page. Ids are slugs
(checked by the model), so no address escapes the site. The names the site uses for itself are read off
this table (reserved_guideline_ids, reserved_chapter_ids), and the cross-record checks refuse them as ids.
The words in the paths are a language's (its label set's `adresser`): a guideline's pages and PDFs in the
guideline's language, the API in the site's; the top-level folders are the same in every language.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import posixpath
from types import SimpleNamespace
from typing import Literal, get_args, get_origin, get_type_hints

from ..model.labels import Adresser
from ..model.messages import msg

# A recommendation's or version's citation, in the folder of its page: <sitering>.<extension> (the name is the
# language's, adresser.sitering).
CITATIONS = {"ris": "ris", "bibtex": "bib", "csl": "json"}
FEEDS = {"atom": "atom.xml", "json": "feed.json"}
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
        return f"{g.id}/{g.labels.adresser.anbefaling}/{rec.id}.md"

    @staticmethod
    def version(g, record_id: str, number: int) -> str:
        """A version's fixed address, which never changes once the version is superseded:
        <retningslinje>/anbefaling/<id>/versjon/<n>/, beside the recommendation's page."""
        words = g.labels.adresser
        return f"{g.id}/{words.anbefaling}/{record_id}/{words.versjon}/{number}.md"

    @classmethod
    def whats_new(cls, words: Adresser) -> str:
        """The site's "Hva er nytt" page, in the site's language."""
        return f"{words.hva_er_nytt}.md"

    @staticmethod
    def overview(g) -> str:
        return f"{g.id}/{g.labels.adresser.alle_anbefalinger}.md"

    @staticmethod
    def references(g) -> str:
        return f"{g.id}/{g.labels.adresser.referanser}.md"

    @staticmethod
    def changelog(g) -> str:
        return f"{g.id}/{g.labels.adresser.endringslogg}.md"

    @classmethod
    def of_kind(cls, kind: str, g, item=None) -> str:
        """A page by its kind, for links between language versions: 'guideline', 'chapter' (item: the chapter's
        id), 'recommendation' (item: the record), 'overview', 'references', 'changelog'."""
        if kind == "chapter":
            return cls.chapter(g, item)
        if kind == "recommendation":
            return cls.recommendation(g, item)
        return getattr(cls, kind)(g)

    @staticmethod
    def api_docs() -> str:
        return f"{API}.md"


class Files:
    """Files the build writes beside the pages, relative to the site root."""

    @classmethod
    def api_patterns(cls, words: Adresser) -> dict[str, str]:
        """The API's files, by kind, in a language's words (the site's)."""
        return {
            "index": f"{API}/index.json",
            "guideline": f"{API}/{words.api_retningslinjer}/{{guideline}}.json",
            "guideline-records": f"{API}/{words.api_retningslinjer}/{{guideline}}/{words.api_anbefalinger}.json",
            "chapter": f"{API}/{words.api_kapitler}/{{guideline}}/{{chapter}}.json",
            "recommendation": f"{API}/{words.api_anbefalinger}/{{record}}.json",
            "recommendation-versions": f"{API}/{words.api_anbefalinger}/{{record}}/{words.api_versjoner}.json",
            "recommendation-version": f"{API}/{words.api_anbefalinger}/{{record}}/{words.api_versjoner}/{{number}}.json",
        }

    @classmethod
    def api_documented(cls, words: Adresser, guideline_word: str, number_word: str) -> dict[str, str]:
        """The API's files as its documentation writes them, the ids as {id}, a chapter's guideline as
        {guideline_word} and a version's number as {number_word}: api/retningslinjer/{id}.json,
        api/kapitler/{retningslinje}/{id}.json, api/anbefalinger/{id}/versjoner/{nummer}.json."""
        return {kind: pattern.format(guideline="{" + guideline_word + "}" if kind == "chapter" else "{id}",
                                     chapter="{id}", record="{id}", number="{" + number_word + "}")
                for kind, pattern in cls.api_patterns(words).items()}

    @classmethod
    def api(cls, kind: str, words: Adresser, **ids: str) -> str:
        """kind: a key of api_patterns; ids: the guideline, chapter or record its pattern names."""
        return cls.api_patterns(words)[kind].format(**ids)

    @staticmethod
    def pdf(g, kind: PdfKind, item_id: str = "") -> str:
        """kind: 'guideline', 'chapter' (item_id: the chapter) or 'recommendation' (item_id: the record); the
        folders in the guideline's language."""
        words = g.labels.adresser
        folder = {"guideline": None, "chapter": words.kapittel, "recommendation": words.anbefaling}[kind]
        return f"{PDF}/{g.id}/{g.id}.pdf" if folder is None else f"{PDF}/{g.id}/{folder}/{item_id}.pdf"

    @classmethod
    def feed(cls, fmt: str, words: Adresser, g=None) -> str:
        """fmt: 'atom' or 'json'; the site's feed (in its "Hva er nytt" folder, words: the site's), or a guideline's
        (beside its change log, in its language)."""
        folder = f"{g.id}/{g.labels.adresser.endringslogg}" if g is not None else words.hva_er_nytt
        return f"{folder}/{FEEDS[fmt]}"

    @classmethod
    def citation(cls, page: str, fmt: str, words: Adresser) -> str:
        """fmt: 'ris', 'bibtex' or 'csl'; the citation of a recommendation's page or version page, in its folder
        (words: the page's language)."""
        return f"{page_url(page, True)}{words.sitering}.{CITATIONS[fmt]}"

    @staticmethod
    def fhir(kind: FhirKind, item_id: str) -> str:
        """kind: a FHIR resource type, 'PlanDefinition' or 'Bundle'."""
        return f"{FHIR}/{kind}/{item_id}.json"


class Outputs(dict):
    """Files for the built site by path: a path given twice is an error, never a silent overwrite."""

    def __setitem__(self, path: str, content) -> None:
        if path in self:
            raise ValueError(msg("build.path_twice", path=path))
        super().__setitem__(path, content)

    def update(self, other=(), **more) -> None:
        for path, content in dict(other, **more).items():
            self[path] = content


_ID = "{id}"


def _addresses(words: Adresser) -> list[str]:
    """Every address form the table gives in a language, with '{id}' for each id: each static method called
    with every value of its Literal arguments and a placeholder (an id, or an object with that id and that
    language's words) for the others, and each pattern of the API."""
    placeholder = SimpleNamespace(id=_ID, labels=SimpleNamespace(adresser=words))
    found = []
    for table in (Paths, Files):
        for name, member in vars(table).items():
            if not isinstance(member, staticmethod):
                continue
            hints = get_type_hints(member.__func__)
            choices = [get_args(hints[p]) if get_origin(hints.get(p)) is Literal else
                       [_ID if hints.get(p) is str else placeholder]
                       for p in inspect.signature(member.__func__).parameters]
            found += [member.__func__(*args) for args in itertools.product(*choices)]
    tables = [pattern.format(guideline=_ID, chapter=_ID, record=_ID, number=_ID)
              for pattern in Files.api_patterns(words).values()]
    tables += [Paths.whats_new(words)] + [Files.feed(fmt, words, g) for fmt in FEEDS for g in (None, placeholder)]
    return found + tables + [SCHEMA_FILE, OPENAPI_FILE, *THEME_FILES, PAGEFIND_FOLDER + "/", EDITOR_FOLDER + "/"]


def _name(segment: str) -> str:
    """The id that would take this place: 'openapi.json' → 'openapi', 'api.md' → 'api'."""
    return segment.split(".")[0]


def reserved_guideline_ids(words: Adresser) -> set[str]:
    """The site's own top-level names, in the site's language (words): a guideline folder of that name would
    replace or mix with them."""
    return {_name(path.split("/")[0]) for path in _addresses(words) if not path.startswith(_ID)}


def reserved_chapter_ids(words: Adresser) -> set[str]:
    """The names beside the chapters in a guideline's folder (its pages and the recommendations' folder), in the
    guideline's language."""
    return {_name(parts[1]) for parts in (path.split("/") for path in _addresses(words))
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
