"""Mapping: one innholds-API document → the fields of a record, without inventing or losing anything.

A value the source does not give stays empty. A word outside a vocabulary (status, strength) becomes
'ikke oppgitt' with the word kept verbatim under the record's `kilde` and reported. Every value that has no
field of its own, or that a field cannot hold whole (a date's time of day, HTML a Markdown field cannot
hold), is reported and kept under `ekstra`. Each mapped field remembers where its value stands in the JSON,
so a problem found later points there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ...load.document import Loc
from ...model.problems import Problem
from ...model.records import NOKKELINFO_API
from ...model.vocab import STATUS, STYRKE
from ...model.messages import msg
from .markup import to_markdown
from .sources import STRUCTURE_RELS, Source

STATUS_BY_API = STATUS.by_api()
STRENGTH_BY_API = STYRKE.by_api()
STATUS_WORDS = ", ".join(term.api for term in STATUS.values() if term.api)
STRENGTH_WORDS = ", ".join(term.api for term in STYRKE.values() if term.api)
PROVENANCE = "Helsedirektoratets innholds-API"
# Values every document carries that the API export writes back the same: nothing is lost by leaving them.
IMPLIED = {"spraak": "no", "dokumentType": "Infobit"}
# Fields each kind maps to a field of its own (besides links and tekniskeData, handled apart).
OWN = {
    "retningslinje": {"id", "tittel", "kortTittel", "tekst", "intro", "eier", "status", "forstPublisert",
                      "sistFagligOppdatert", "url"},
    "kapittel": {"id", "tittel", "tekst", "intro", "url"},
    "anbefaling": {"id", "tittel", "kortTittel", "tekst", "intro", "status", "forstPublisert",
                   "sistFagligOppdatert", "url"},
}
RECOMMENDATION_DATA = {"styrke", "praktisk", "rasjonale", "nokkelInfo"}

Resolve = Callable[[str], "str | None"]


def empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, dict)) and not (value.strip() if isinstance(value, str) else value))


@dataclass
class Mapped:
    """A record's fields from one source, where each stands in the JSON, and what was reported."""

    source: Source
    fields: dict[str, Any] = field(default_factory=dict)
    origins: dict[tuple, Loc] = field(default_factory=dict)
    ekstra: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def put(self, name: str, value: Any, loc: Loc) -> None:
        if value is not None:
            self.fields[name] = value
            self.origins[(name,)] = loc

    def keep(self, key: str, value: Any, loc: Loc, why: str) -> None:
        """Keep a value under 'ekstra' and say so."""
        self.ekstra[key] = value
        self.warn(loc, msg("import.kept", key=key, why=why))

    def warn(self, loc: Loc, message: str) -> None:
        self.problems.append(self.source.problem(loc, message, "advarsel"))

    def error(self, loc: Loc, message: str) -> None:
        self.problems.append(self.source.problem(loc, message))


class Mapper:
    """Maps sources; resolve(href) gives the internal link for a document in the import (see markup.py)."""

    def __init__(self, resolve: Resolve):
        self.resolve = resolve

    def markdown(self, m: Mapped, key: str, loc: Loc) -> str | None:
        html = _get(m.source.data, loc)
        if html is not None and not isinstance(html, str):
            m.keep(key, html, loc, msg("import.why_not_text", found=type(html).__name__))
            return None
        text, lost = to_markdown(html, self.resolve)
        if lost:
            m.keep(f"html.{key}", html, loc, msg("import.why_html", elements=", ".join(f"<{name}>" for name in lost)))
        return text

    def common(self, source: Source) -> Mapped:
        """What every kind shares: id, title, dates, provenance, and every value with no field of its own."""
        m, doc = Mapped(source), source.data
        m.put("id", source.id, ("id",))
        if source.id != doc.get("id"):
            m.warn(("id",), msg("import.id_rewritten", found=doc.get("id"), id=source.id))
        title = _text(doc.get("tittel"))
        if title is None:
            m.error(("tittel",), msg("import.no_title"))
        m.put("tittel", title, ("tittel",))
        short = _text(doc.get("kortTittel"))
        if short is not None and short != title:
            if "kortTittel" in OWN[source.kind]:
                m.put("kort_tittel", short, ("kortTittel",))
            else:
                m.keep("kortTittel", short, ("kortTittel",), msg("import.why_no_place"))
        url = _text(doc.get("url"))
        provenance = {"dokument": PROVENANCE, "sted": f"{source.api_type} {doc.get('id')}"}
        if url and re.match(r"https?://\S+$", url):
            provenance["url"] = url
        elif url:
            m.keep("url", doc["url"], ("url",), msg("import.why_not_url"))
        m.put("kilde", provenance, ())
        if "forstPublisert" in OWN[source.kind]:
            m.put("forst_publisert", self._date(m, "forstPublisert"), ("forstPublisert",))
            m.put("sist_faglig_endret", self._date(m, "sistFagligOppdatert"), ("sistFagligOppdatert",))
        self._unplaced(m)
        return m

    def _date(self, m: Mapped, key: str) -> str | None:
        value = m.source.data.get(key)
        if empty(value):
            return None
        match = re.match(r"(\d{4}-\d{2}-\d{2})", str(value))
        if match is None:
            m.keep(key, value, (key,), msg("import.why_not_date"))
            return None
        if str(value) != match.group(1):
            m.keep(key, value, (key,), msg("import.why_time", found=value, date=match.group(1)))
        return match.group(1)

    def _unplaced(self, m: Mapped) -> None:
        doc, kind = m.source.data, m.source.kind
        for key, value in doc.items():
            if key in OWN[kind] or key in ("links", "tekniskeData", "data", "anbefalt", "kortTittel") or empty(value):
                continue
            if key in IMPLIED and value == IMPLIED[key]:
                continue
            if key == "eier" or (key == "status" and kind == "kapittel"):
                continue  # compared with the guideline's own by the tree (tree.py)
            m.keep(key, value, (key,), msg("import.why_no_place"))
        technical = doc.get("tekniskeData") or {}
        for key, value in technical.items():
            if key == "infoType" or empty(value) or (key == "infoId" and value == doc.get("id")):
                continue
            m.keep(f"tekniskeData.{key}", value, ("tekniskeData", key), msg("import.why_no_place"))
        data = doc.get("data")
        if not isinstance(data, dict):
            if not empty(data):
                m.keep("data", data, ("data",), msg("import.why_not_object"))
            return
        for key, value in data.items():
            if not empty(value) and not (kind == "anbefaling" and key in RECOMMENDATION_DATA):
                m.keep(f"data.{key}", value, ("data", key), msg("import.why_no_place"))
        other = [link.raw for link in m.source.links if link.rel not in STRUCTURE_RELS]
        if other:
            m.keep("links", other, ("links",), msg("import.why_links", rels=", ".join(
                sorted({link.get('rel') or '?' for link in other}))))

    def body(self, m: Mapped, field_name: str) -> None:
        """tekst (or, when it is empty, intro) → the Markdown field; an intro beside a tekst is kept."""
        doc = m.source.data
        if not empty(doc.get("tekst")):
            m.put(field_name, self.markdown(m, "tekst", ("tekst",)), ("tekst",))
            if not empty(doc.get("intro")):
                m.keep("intro", doc["intro"], ("intro",), msg("import.why_intro"))
        elif not empty(doc.get("intro")):
            m.put(field_name, self.markdown(m, "intro", ("intro",)), ("intro",))

    def guideline(self, source: Source) -> Mapped:
        m = self.common(source)
        self.body(m, "intro")
        owners = source.data.get("eier")
        names = [str(o).strip() for o in owners if str(o).strip()] if isinstance(owners, list) else (
            [str(owners).strip()] if not empty(owners) else [])
        m.fields["eier"] = ", ".join(names) or None
        m.origins[("eier",)] = ("eier",)
        self.status(m)
        m.fields["kilder"] = [m.fields.pop("kilde")]
        m.origins[("kilder",)] = ()
        return m

    def chapter(self, source: Source) -> Mapped:
        m = self.common(source)
        self.body(m, "intro")
        return m

    def recommendation(self, source: Source) -> Mapped:
        m = self.common(source)
        self.body(m, "tekst")
        if "tekst" not in m.fields:
            m.error(("tekst",), msg("import.no_text"))
        data = source.data.get("data") if isinstance(source.data.get("data"), dict) else {}
        m.put("gradering", self.grading(m, data), ("data", "styrke"))
        m.put("praktisk", self.markdown(m, "data.praktisk", ("data", "praktisk")), ("data", "praktisk"))
        m.put("begrunnelse", self.markdown(m, "data.rasjonale", ("data", "rasjonale")), ("data", "rasjonale"))
        info = data.get("nokkelInfo")
        if isinstance(info, dict):
            theirs_to_ours = {theirs: ours for ours, theirs in NOKKELINFO_API.items()}
            values = {}
            for key, value in info.items():
                loc = ("data", "nokkelInfo", key)
                if key in theirs_to_ours:
                    values[theirs_to_ours[key]] = self.markdown(m, f"data.nokkelInfo.{key}", loc)
                elif not empty(value):
                    m.keep(f"data.nokkelInfo.{key}", value, loc, msg("import.why_no_place"))
            if any(values.values()):
                m.put("nokkelinfo", {k: v for k, v in values.items() if v}, ("data", "nokkelInfo"))
        elif not empty(info):
            m.keep("data.nokkelInfo", info, ("data", "nokkelInfo"), msg("import.why_not_object"))
        self.status(m)
        return m

    def grading(self, m: Mapped, data: dict[str, Any]) -> dict[str, Any]:
        word = data.get("styrke")
        if empty(word):
            if m.source.api_type == "anbefaling":
                m.warn(("data",) if "styrke" not in data else ("data", "styrke"),
                       msg("import.no_strength"))
            return {"styrke": "ikke oppgitt"}
        strength = STRENGTH_BY_API.get(str(word).strip().casefold())
        if strength is None:
            m.fields["kilde"]["styrke"] = str(word)
            m.warn(("data", "styrke"), msg("import.unknown_strength", found=word, allowed=STRENGTH_WORDS))
            return {"styrke": "ikke oppgitt"}
        return {"styrke": strength, "merknad": "Kilden oppgir styrken, men ikke retningen (for eller mot tiltaket)."}

    def status(self, m: Mapped) -> None:
        word = m.source.data.get("status")
        kilde = m.fields["kilde"] if "kilde" in m.fields else m.fields["kilder"][0]
        if empty(word):
            m.warn(("status",), msg("import.no_status"))
            status = "ikke oppgitt"
        else:
            status = STATUS_BY_API.get(str(word).strip().casefold())
            if status is None:
                kilde["status"] = str(word)
                m.warn(("status",), msg("import.unknown_status", found=word, allowed=STATUS_WORDS))
                status = "ikke oppgitt"
        m.put("status", status, ("status",))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data
