"""A static JSON API beside the site, in the shape of Helsedirektoratet's innholds-API.

Every document carries the API's own fields (id, tittel, kortTittel, tekst, data.styrke, data.praktisk,
data.rasjonale, data.nokkelInfo, links with rel forelder/root/barn, …), so existing consumers can switch,
and the complete record under `anbefalt`, in exactly the shape of the record model's JSON Schema, so
nothing the records hold (grading, EtD judgments, certainty, references) is lost. Links are relative
URLs between the API's files, so the API works wherever the site is hosted.

Layout under site/api/ (the folders' names in the site's language, render/urls.py; in bokmål):
  index.json                              the guidelines
  retningslinjer/<id>.json                a guideline, its chapters as links
  retningslinjer/<id>/anbefalinger.json   every recommendation of a guideline, in full
  kapitler/<retningslinje>/<id>.json      a chapter, its recommendations as links
  anbefalinger/<id>.json                  a recommendation
A document's `spraak` is its guideline's language as the innholds-API writes it (the label set's `sprak.api`).
"""

from __future__ import annotations

import posixpath
from typing import Any

from ..model.library import Guideline, Library
from ..model.records import NOKKELINFO_API, Anbefaling, Kapittel
from ..model.vocab import STATUS, STYRKE
from ..render.environment import cite, internal_links
from ..render.sanitise import markdown_html
from ..render.urls import API, OPENAPI_FILE, SCHEMA_FILE, Files, Outputs, Paths, page_url
from .api_schema import api_schema_files


class ApiWriter:
    def __init__(self, library: Library):
        self.library = library
        self.words = library.labels.adresser
        self._markdown = markdown_html()

    def guideline_path(self, g: Guideline) -> str:
        return Files.api("guideline", self.words, guideline=g.id)

    def guideline_records_path(self, g: Guideline) -> str:
        return Files.api("guideline-records", self.words, guideline=g.id)

    def chapter_path(self, g: Guideline, chapter: Kapittel) -> str:
        return Files.api("chapter", self.words, guideline=g.id, chapter=chapter.id)

    def recommendation_path(self, rec: Anbefaling) -> str:
        return Files.api("recommendation", self.words, record=rec.id)

    def html(self, text: str | None, g: Guideline) -> str:
        """A Markdown field as the (sanitised) HTML the innholds-API carries; citations become plain [n]."""
        if not text:
            return ""
        text = internal_links(text, lambda kind, ids: None)  # the complete record under 'anbefalt' keeps the link
        return self._markdown.reset().convert(cite(text, g.reference_numbers(), None))

    @staticmethod
    def _link(rel: str, kind: str, title: str, here: str, target: str) -> dict[str, str]:
        return {"rel": rel, "type": kind, "tittel": title, "href": posixpath.relpath(target, posixpath.dirname(here)),
                "strukturId": ""}

    @staticmethod
    def _date(value) -> str:
        return value.isoformat() if value else ""

    @staticmethod
    def _status(item) -> str:
        """The API's word for a status; for 'ikke oppgitt', the source's own word if it had one, else nothing."""
        return STATUS[item.status].api or item.source_status or ""

    def _base(self, g: Guideline, here: str, doc_id: str, title: str, short: str | None, status: str,
              kind: str, page: str) -> dict[str, Any]:
        owner = g.meta.eier
        return {
            "id": doc_id, "tittel": title, "kortTittel": short or title, "tekst": "", "intro": "", "kortIntro": "",
            "gruppeId": "", "koder": None, "tema": [], "eier": [owner] if owner else [], "opprettet": "", "forstPublisert": "",
            "sistOppdatert": "", "sistFagligOppdatert": "", "status": status, "maalgruppe": None,
            "spraak": g.labels.sprak.api, "redaksjonelleier": [], "fagansvarlig": [], "fagansvarligMedAvdeling": [],
            "arkivreferanse": "", "bidragsyter": [], "bidragsytersRolle": "", "data": {},
            "tekniskeData": {"infoId": doc_id, "infoType": kind, "subtype": ""}, "links": [], "attachments": None,
            "url": posixpath.relpath(page_url(page, True) or ".", posixpath.dirname(here)) + "/",
            "dokumentType": "Infobit",
        }

    def recommendation(self, g: Guideline, rec: Anbefaling) -> dict[str, Any]:
        here = self.recommendation_path(rec)
        chapter = g.chapter(rec.kapittel)
        doc = self._base(g, here, rec.id, rec.tittel, rec.kort_tittel, self._status(rec), "anbefaling",
                         Paths.recommendation(g, rec))
        info = rec.nokkelinfo
        doc.update({
            "tekst": self.html(rec.tekst, g),
            "forstPublisert": self._date(rec.forst_publisert),
            "sistFagligOppdatert": self._date(rec.sist_faglig_endret),
            "data": {
                "styrke": STYRKE[rec.gradering.styrke].api,
                "praktisk": self.html(rec.praktisk, g),
                "rasjonale": self.html(rec.begrunnelse, g),
                "nokkelInfo": {theirs: self.html(info and getattr(info, ours), g)
                               for ours, theirs in NOKKELINFO_API.items()},
            },
            "links": [
                self._link("forelder", "kapittel", chapter.tittel, here, self.chapter_path(g, chapter)),
                self._link("root", "retningslinje", g.meta.tittel, here, self.guideline_path(g)),
            ],
            "anbefalt": rec.model_dump(mode="json"),
        })
        return doc

    def chapter(self, g: Guideline, chapter: Kapittel) -> dict[str, Any]:
        here = self.chapter_path(g, chapter)
        doc = self._base(g, here, chapter.id, chapter.tittel, None, self._status(g.meta), "kapittel",
                         Paths.chapter(g, chapter.id))
        doc["tekst"] = self.html(chapter.intro, g)
        doc["links"] = [
            self._link("forelder", "retningslinje", g.meta.tittel, here, self.guideline_path(g)),
            self._link("root", "retningslinje", g.meta.tittel, here, self.guideline_path(g)),
        ] + [self._link("barn", "anbefaling", rec.tittel, here, self.recommendation_path(rec))
             for rec in g.in_chapter(chapter.id)]
        doc["anbefalt"] = {"retningslinje": g.id, **chapter.model_dump(mode="json")}
        return doc

    def guideline(self, g: Guideline) -> dict[str, Any]:
        here = self.guideline_path(g)
        doc = self._base(g, here, g.id, g.meta.tittel, g.meta.kort_tittel, self._status(g.meta), "retningslinje",
                         Paths.guideline(g))
        doc.update({
            "tekst": self.html(g.meta.intro, g),
            "forstPublisert": self._date(g.meta.forst_publisert),
            "sistFagligOppdatert": self._date(g.meta.sist_faglig_endret),
            "links": [self._link("barn", "kapittel", c.tittel, here, self.chapter_path(g, c)) for c in g.meta.kapitler],
            "anbefalt": g.meta.model_dump(mode="json"),
        })
        return doc

    def documents(self) -> dict[str, Any]:
        """Every API file, by its path under the site."""
        files: dict[str, Any] = Outputs()
        index = []
        for g in self.library.guidelines:
            files[self.guideline_path(g)] = self.guideline(g)
            for chapter in g.meta.kapitler:
                files[self.chapter_path(g, chapter)] = self.chapter(g, chapter)
            records = [self.recommendation(g, e.record) for e in g.recommendations]
            for entry, doc in zip(g.recommendations, records):
                files[self.recommendation_path(entry.record)] = doc
            files[self.guideline_records_path(g)] = records
            index.append({"id": g.id, "tittel": g.meta.tittel, "kortTittel": g.short_title,
                          "href": posixpath.relpath(self.guideline_path(g), API),
                          "anbefalinger": posixpath.relpath(self.guideline_records_path(g), API)})
        files[Files.api("index", self.words)] = {"retningslinjer": index, "skjema": SCHEMA_FILE, "openapi": OPENAPI_FILE}
        return files


def api_files(library: Library) -> dict[str, Any]:
    """The API, its schema and its OpenAPI description: every file by its path under the site."""
    files = ApiWriter(library).documents()
    files.update(api_schema_files(library.labels))
    return files
