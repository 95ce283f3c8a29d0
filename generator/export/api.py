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
  anbefalinger/<id>/versjoner.json        its versions (with history): number, date, reason, where each is
  anbefalinger/<id>/versjoner/<n>.json    a version, as the recommendation then was; never changes once superseded
A document's `spraak` is its guideline's language as the innholds-API writes it (the label set's `sprak.api`).
"""

from __future__ import annotations

import posixpath
from typing import Any

from ..model.library import Guideline, Library
from ..model.records import NOKKELINFO_API, Anbefaling, Kapittel
from ..model.versions import History, Version
from ..model.vocab import STATUS, STYRKE
from ..model.text import CITATION
from ..render.environment import cite, internal_links
from ..render.sanitise import markdown_html
from ..render.urls import API, OPENAPI_FILE, SCHEMA_FILE, Files, Outputs, Paths, page_url
from .api_schema import api_schema_files


class ApiWriter:
    def __init__(self, library: Library, history: History | None = None):
        self.library = library
        self.history = history or History()
        # The API's folders are named in the site's language.
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

    def html(self, text: str | None, g: Guideline, numbers: dict[str, int] | None = None) -> str:
        """A Markdown field as the (sanitised) HTML the innholds-API carries; citations become plain [n] (numbers: the
        reference list's, by default the guideline's own; a key it lacks stays as written)."""
        if not text:
            return ""
        numbers = g.reference_numbers() if numbers is None else numbers
        text = internal_links(text, lambda kind, ids: None)  # the complete record under 'anbefalt' keeps the link
        text = CITATION.sub(lambda m: m.group(0) if m.group(1) in numbers else f"\\[{m.group(1)}\\]", text)
        return self._markdown.reset().convert(cite(text, numbers, None))

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

    def _base(self, g: Guideline, here: str, doc_id: str, title: str, short: str | None, owner: str | None,
              status: str, kind: str, page: str) -> dict[str, Any]:
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

    def recommendation(self, g: Guideline, rec: Anbefaling, version: Version | None = None,
                       current: Version | None = None) -> dict[str, Any]:
        """The recommendation's document; with version, that version's (an archive: its links lead only to what
        cannot go away, the guideline and the current document)."""
        here = Files.api("recommendation-version", self.words, record=rec.id, number=version.number) if version else \
            self.recommendation_path(rec)
        meta = (version.guideline or g.meta) if version else g.meta
        numbers = {r.id: i for i, r in enumerate(meta.referanser, start=1)}
        page = Paths.version(g, rec.id, version.number) if version else Paths.recommendation(g, rec)
        doc = self._base(g, here, rec.id, rec.tittel, rec.kort_tittel, meta.eier, self._status(rec), "anbefaling",
                         page)
        info = rec.nokkelinfo
        doc.update({
            "tekst": self.html(rec.tekst, g, numbers),
            "forstPublisert": self._date(rec.forst_publisert),
            "sistFagligOppdatert": self._date(rec.sist_faglig_endret),
            "data": {
                "styrke": STYRKE[rec.gradering.styrke].api,
                "praktisk": self.html(rec.praktisk, g, numbers),
                "rasjonale": self.html(rec.begrunnelse, g, numbers),
                "nokkelInfo": {theirs: self.html(info and getattr(info, ours), g, numbers)
                               for ours, theirs in NOKKELINFO_API.items()},
            },
            "links": [self._link("root", "retningslinje", g.meta.tittel, here, self.guideline_path(g))],
            "anbefalt": rec.model_dump(mode="json"),
        })
        if version is None:
            chapter = g.chapter(rec.kapittel)
            doc["links"].insert(0, self._link("forelder", "kapittel", chapter.tittel, here,
                                              self.chapter_path(g, chapter)))
        else:
            doc["links"].append(self._link("gjeldende", "anbefaling", rec.tittel, here, self.recommendation_path(rec)))
        shown = version or current
        if shown is not None:
            doc["versjon"] = self._version(shown, here, rec.id)
        return doc

    def _version(self, version: Version, here: str, record_id: str) -> dict[str, Any]:
        return {
            "nummer": version.number, "dato": version.date.isoformat(), "datertEtter": version.dated_by,
            "commit": version.commit, "endringer": [e.model_dump(mode="json") for e in version.reasons],
            "redaksjonelleRettelser": [e.model_dump(mode="json") for e in version.editorial],
            "alle": posixpath.relpath(Files.api("recommendation-versions", self.words, record=record_id),
                                      posixpath.dirname(here)),
        }

    def versions(self, g: Guideline, rec: Anbefaling, history: list[Version]) -> dict[str, Any]:
        here = Files.api("recommendation-versions", self.words, record=rec.id)
        return {"id": rec.id, "gjeldende": history[-1].number, "versjoner": [{
            **self._version(v, here, rec.id),
            "href": posixpath.relpath(Files.api("recommendation-version", self.words, record=rec.id, number=v.number),
                                      posixpath.dirname(here)),
            "url": posixpath.relpath(page_url(Paths.version(g, rec.id, v.number)), posixpath.dirname(here)) + "/",
        } for v in history]}

    def chapter(self, g: Guideline, chapter: Kapittel) -> dict[str, Any]:
        here = self.chapter_path(g, chapter)
        doc = self._base(g, here, chapter.id, chapter.tittel, None, g.meta.eier, self._status(g.meta), "kapittel",
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
        doc = self._base(g, here, g.id, g.meta.tittel, g.meta.kort_tittel, g.meta.eier, self._status(g.meta),
                         "retningslinje", Paths.guideline(g))
        doc.update({
            "tekst": self.html(g.meta.intro, g),
            "forstPublisert": self._date(g.meta.forst_publisert),
            "sistFagligOppdatert": self._date(g.meta.sist_faglig_endret),
            "links": [self._link("barn", "kapittel", c.tittel, here, self.chapter_path(g, c)) for c in g.meta.kapitler],
            "anbefalt": g.meta.model_dump(mode="json"),
        })
        return doc

    def guideline_documents(self, g: Guideline) -> dict[str, Any]:
        """A guideline's API files, by path under the site: itself, its chapters, its recommendations and their
        versions. They depend on no other guideline, so a build can keep them while the guideline is unchanged."""
        files: dict[str, Any] = Outputs()
        files[self.guideline_path(g)] = self.guideline(g)
        for chapter in g.meta.kapitler:
            files[self.chapter_path(g, chapter)] = self.chapter(g, chapter)
        records = []
        for entry in g.recommendations:
            rec, history = entry.record, self.history.of(entry.record.id)
            doc = self.recommendation(g, rec, current=history[-1] if history else None)
            records.append(doc)
            files[self.recommendation_path(rec)] = doc
            if history:
                files[Files.api("recommendation-versions", self.words, record=rec.id)] = self.versions(g, rec, history)
            for version in history:
                files[Files.api("recommendation-version", self.words, record=rec.id, number=version.number)] = \
                    self.recommendation(g, version.record, version=version)
        files[self.guideline_records_path(g)] = records
        return files

    def index(self) -> dict[str, Any]:
        """The API's index file: every guideline, by path under the site."""
        index = [{"id": g.id, "tittel": g.meta.tittel, "kortTittel": g.short_title,
                  "href": posixpath.relpath(self.guideline_path(g), API),
                  "anbefalinger": posixpath.relpath(self.guideline_records_path(g), API)}
                 for g in self.library.guidelines]
        document = {"retningslinjer": index, "skjema": SCHEMA_FILE, "openapi": OPENAPI_FILE}
        return {Files.api("index", self.words): document}


def api_files(library: Library, history: History | None = None) -> dict[str, Any]:
    """The API, its schema and its OpenAPI description: every file by its path under the site."""
    writer = ApiWriter(library, history)
    files: dict[str, Any] = Outputs()
    for g in library.guidelines:
        files.update(writer.guideline_documents(g))
    files.update(api_site_files(library, writer))
    return files


def api_site_files(library: Library, writer: ApiWriter | None = None) -> dict[str, Any]:
    """The API's files that list or describe every guideline: the index, the schema, the OpenAPI description."""
    files = (writer or ApiWriter(library)).index()
    files.update(api_schema_files(library.labels))
    return files
