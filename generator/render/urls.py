"""The one table of where everything lives in the built site: pages, PDFs, the API, FHIR.

A recommendation's address depends on its id alone, so retitling never moves a page. Ids are slugs
(checked by the model), so no address escapes the site; the names the site uses for itself are listed
here and refused as ids by the cross-record checks. The words in the paths are a language's (its label set's
`adresser`): a guideline's pages and PDFs in the guideline's language, the API in the site's; the top-level
folders below are the same in every language.
"""

from __future__ import annotations

import functools
import posixpath

from ..model.labels import Adresser
from ..model.messages import msg

API = "api"
PDF = "pdf"
FHIR = "fhir"
SCHEMA_FILE = "schema/dokument.schema.json"
OPENAPI_FILE = "openapi.json"
# Top-level names the site and its theme use; a guideline id may not take these.
SITE_FOLDERS = {API, PDF, FHIR, "schema", "search", "assets", "pagefind", "404", "index", "sitemap"}


def guideline_pages(words: Adresser) -> dict[str, str]:
    """Pages beside the chapters in a guideline's folder; a chapter id may not take these names."""
    return {"overview": words.alle_anbefalinger, "references": words.referanser, "changelog": words.endringslogg}


def reserved_chapter_ids(words: Adresser) -> set[str]:
    return {words.anbefaling, PDF, API, *guideline_pages(words).values()}


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
        return f"{g.id}/{g.labels.adresser.anbefaling}/{rec.id}.md"

    @staticmethod
    def overview(g) -> str:
        return f"{g.id}/{g.labels.adresser.alle_anbefalinger}.md"

    @staticmethod
    def references(g) -> str:
        return f"{g.id}/{g.labels.adresser.referanser}.md"

    @staticmethod
    def changelog(g) -> str:
        return f"{g.id}/{g.labels.adresser.endringslogg}.md"

    @staticmethod
    def of_kind(kind: str, g, item=None) -> str:
        """A page by its kind, for links between language versions: 'guideline', 'chapter' (item: the chapter's
        id), 'recommendation' (item: the record), 'overview', 'references', 'changelog'."""
        if kind == "chapter":
            return Paths.chapter(g, item)
        if kind == "recommendation":
            return Paths.recommendation(g, item)
        return getattr(Paths, kind)(g)

    @staticmethod
    def api_docs() -> str:
        return f"{API}.md"


class Files:
    """Files the build writes beside the pages, relative to the site root."""

    @staticmethod
    def api_patterns(words: Adresser) -> dict[str, str]:
        """The API's files, by kind, in a language's words (the site's)."""
        return {
            "index": f"{API}/index.json",
            "guideline": f"{API}/{words.api_retningslinjer}/{{guideline}}.json",
            "guideline-records": f"{API}/{words.api_retningslinjer}/{{guideline}}/{words.api_anbefalinger}.json",
            "chapter": f"{API}/{words.api_kapitler}/{{guideline}}/{{chapter}}.json",
            "recommendation": f"{API}/{words.api_anbefalinger}/{{record}}.json",
        }

    @classmethod
    def api_documented(cls, words: Adresser, guideline_word: str) -> dict[str, str]:
        """The API's files as its documentation writes them, the ids as {id} and a chapter's guideline as
        {guideline_word}: api/retningslinjer/{id}.json, api/kapitler/{retningslinje}/{id}.json."""
        return {kind: pattern.format(guideline="{" + guideline_word + "}" if kind == "chapter" else "{id}",
                                     chapter="{id}", record="{id}")
                for kind, pattern in cls.api_patterns(words).items()}

    @classmethod
    def api(cls, kind: str, words: Adresser, **ids: str) -> str:
        """kind: a key of api_patterns; ids: the guideline, chapter or record its pattern names."""
        return cls.api_patterns(words)[kind].format(**ids)

    @staticmethod
    def pdf(g, kind: str, item_id: str = "") -> str:
        """kind: 'guideline', 'chapter' (item_id: the chapter) or 'recommendation' (item_id: the record)."""
        words = g.labels.adresser
        folder = {"guideline": None, "chapter": words.kapittel, "recommendation": words.anbefaling}[kind]
        return f"{PDF}/{g.id}/{g.id}.pdf" if folder is None else f"{PDF}/{g.id}/{folder}/{item_id}.pdf"

    @staticmethod
    def fhir(kind: str, item_id: str) -> str:
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
