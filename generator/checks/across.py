"""Checks across records: each a small pass that reports every offender, not just the first."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, Iterator

from ..load.document import Loc
from ..model.library import Guideline
from ..model.problems import Problem
from ..model.site_config import SiteConfig
from ..model.text import CITATION, INTERNAL_LINK, internal_target
from ..render.urls import Files, reserved_chapter_ids, reserved_guideline_ids
from .record import field_name as _name, suggest

RESERVED_CHAPTER_IDS = reserved_chapter_ids()
RESERVED_GUIDELINE_IDS = reserved_guideline_ids()


def run_crosschecks(guidelines: list[Guideline], config: SiteConfig, today: date | None = None) -> list[Problem]:
    today = today or date.today()
    problems: list[Problem] = []
    known = {g.id: g for g in guidelines}
    for guideline in guidelines:
        problems += _guideline_shape(guideline)
        problems += _membership(guideline, known)
        problems += _numbers(guideline)
        problems += _references(guideline)
        problems += _etd(guideline, config)
        problems += _dates(guideline, today)
    problems += _unique_record_ids(guidelines)
    problems += _internal_links(guidelines)
    return problems


def _guideline_shape(g: Guideline) -> Iterator[Problem]:
    folder = g.doc.path.parent.name
    if g.meta.id != folder:
        yield g.doc.problem(("id",), f"felt 'id': fant '{g.meta.id}', men mappen heter '{folder}'; id og mappenavn må være like")
    if g.meta.id in RESERVED_GUIDELINE_IDS:
        yield g.doc.problem(("id",), f"felt 'id': '{g.meta.id}' er reservert for nettstedets egne sider; "
                            f"ikke tillatt: {', '.join(sorted(RESERVED_GUIDELINE_IDS))}")
    for kind, items in (("kapitler", g.meta.kapitler), ("referanser", g.meta.referanser)):
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                line = g.doc.where((kind, seen[item.id], "id"))[0]
                yield g.doc.problem((kind, i, "id"), f"felt '{kind}[{i}].id': '{item.id}' er brukt før (linje {line}); id-er må være unike")
            seen.setdefault(item.id, i)
    earlier: list[str] = []
    for i, chapter in enumerate(g.meta.kapitler):
        if chapter.id in RESERVED_CHAPTER_IDS:
            yield g.doc.problem(("kapitler", i, "id"), f"felt 'kapitler[{i}].id': '{chapter.id}' er reservert; "
                                f"ikke tillatt: {', '.join(sorted(RESERVED_CHAPTER_IDS))}")
        if chapter.forelder is not None and chapter.forelder not in earlier:
            yield g.doc.problem(("kapitler", i, "forelder"), f"felt 'kapitler[{i}].forelder': fant '{chapter.forelder}', "
                                "tillatt: id-en til et kapittel som står før dette i listen"
                                f"{': ' + ', '.join(earlier) if earlier else ' (det finnes ingen)'}"
                                f"{suggest(chapter.forelder, earlier)}")
        earlier.append(chapter.id)


def _membership(g: Guideline, known: dict[str, Guideline]) -> Iterator[Problem]:
    chapters = [c.id for c in g.meta.kapitler]
    for entry in g.recommendations:
        rec, doc = entry.record, entry.doc
        if rec.id != doc.path.stem:
            yield doc.problem(("id",), f"felt 'id': fant '{rec.id}', men filen heter '{doc.path.name}'; id og filnavn må være like")
        if rec.retningslinje not in known:
            yield doc.problem(("retningslinje",), f"felt 'retningslinje': ukjent retningslinje '{rec.retningslinje}', "
                              f"tillatt: {', '.join(known)}{suggest(rec.retningslinje, list(known))}")
        elif rec.retningslinje != g.id:
            yield doc.problem(("retningslinje",), f"felt 'retningslinje': fant '{rec.retningslinje}', men filen ligger i "
                              f"mappen til '{g.id}'; flytt filen eller rett feltet")
        elif rec.kapittel not in chapters:
            yield doc.problem(("kapittel",), f"felt 'kapittel': ukjent kapittel '{rec.kapittel}' i '{g.id}', "
                              f"tillatt: {', '.join(chapters)}{suggest(rec.kapittel, chapters)}")


def _numbers(g: Guideline) -> Iterator[Problem]:
    first: dict[tuple[str, str], Any] = {}
    for entry in g.recommendations:
        if entry.record.nummer is None:
            continue  # not given by the source
        key = (entry.record.kapittel, entry.record.nummer)
        if key in first:
            other = first[key]
            yield entry.doc.problem(("nummer",), f"felt 'nummer': '{entry.record.nummer}' er allerede brukt i kapittelet "
                                    f"'{entry.record.kapittel}' av {other.doc.shown}:{other.doc.where(('nummer',))[0]}")
        first.setdefault(key, entry)


def _unique_record_ids(guidelines: list[Guideline]) -> Iterator[Problem]:
    """Record ids are unique, and differ from every guideline id: the FHIR export files guidelines and
    recommendations side by side (fhir/PlanDefinition/<id>.json), so one would overwrite the other."""
    by_id = defaultdict(list)
    for g in guidelines:
        for entry in g.recommendations:
            by_id[entry.record.id].append(entry)
    guideline_docs = {g.id: g.doc for g in guidelines}
    for record_id, entries in by_id.items():
        for entry in entries[1:]:
            yield entry.doc.problem(("id",), f"felt 'id': '{record_id}' er også id-en til {entries[0].doc.shown}; "
                                    "en id kan bare brukes én gang")
        if record_id in guideline_docs:
            # Both are FHIR PlanDefinitions, whose addresses are by id alone.
            yield entries[0].doc.problem(("id",), f"felt 'id': '{record_id}' er også id-en til retningslinjen i "
                                         f"{guideline_docs[record_id].shown}, og begge ville bli "
                                         f"{Files.fhir('PlanDefinition', record_id)}; velg en annen id")


def _strings(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, loc + (i,))


def _references(g: Guideline) -> Iterator[Problem]:
    keys = [ref.id for ref in g.meta.referanser]
    cited: set[str] = set()
    sources = [(g.meta, g.doc)] + [(e.record, e.doc) for e in g.recommendations]
    for model, doc in sources:
        exclude = {"referanser"} if model is g.meta else set()
        found = set(CITATION.findall(model.model_dump_json(exclude=exclude)))
        cited |= found
        if found <= set(keys):
            continue  # all known: no need to find where each citation stands
        for loc, text in _strings(model.model_dump(exclude=exclude)):
            for key in CITATION.findall(text):
                cited.add(key)
                if key not in keys:
                    yield doc.problem(loc, f"felt '{_name(loc)}': ukjent referanse [@{key}]; finnes ikke i "
                                      f"referanselisten til '{g.id}'{suggest(key, keys)}")
    for entry in g.recommendations:
        for i, key in enumerate(entry.record.referanser):
            cited.add(key)
            if key not in keys:
                yield entry.doc.problem(("referanser", i), f"felt 'referanser[{i}]': ukjent referanse '{key}'; finnes ikke "
                                        f"i referanselisten til '{g.id}'{suggest(key, keys)}")
    for i, ref in enumerate(g.meta.referanser):
        if ref.id not in cited:
            yield g.doc.problem(("referanser", i, "id"), f"referansen '{ref.id}' er ikke sitert noe sted", severity="advarsel")


def _internal_links(guidelines: list[Guideline]) -> Iterator[Problem]:
    """Every [tekst](anbefalt:…) link names a page that exists."""
    known = {("retningslinje", (g.id,)) for g in guidelines}
    known |= {("kapittel", (g.id, c.id)) for g in guidelines for c in g.meta.kapitler}
    known |= {("anbefaling", (e.record.id,)) for g in guidelines for e in g.recommendations}
    for g in guidelines:
        for model, doc in [(g.meta, g.doc)] + [(e.record, e.doc) for e in g.recommendations]:
            if "anbefalt:" not in model.model_dump_json():
                continue
            for loc, text in _strings(model.model_dump(exclude={"ekstra"})):
                for _text, target in INTERNAL_LINK.findall(text):
                    if internal_target(target) not in known:
                        yield doc.problem(loc, f"felt '{_name(loc)}': den interne lenken '{target}' peker på en side "
                                          "som ikke finnes; tillatt: en retningslinje, et kapittel eller en anbefaling "
                                          "i innholdet")


def _etd(g: Guideline, config: SiteConfig) -> Iterator[Problem]:
    for entry in g.recommendations:
        etd, doc = entry.record.etd, entry.doc
        if etd is None:
            continue
        scale = config.skalaer.get(etd.skala)
        if scale is None:
            names = list(config.skalaer)
            yield doc.problem(("etd", "skala"), f"felt 'etd.skala': ukjent skala '{etd.skala}', tillatt: "
                              f"{', '.join(names)}{suggest(etd.skala, names)}")
            continue
        columns = [c.id for c in scale.kolonner]
        for i, criterion in enumerate(etd.kriterier):
            for j, column in enumerate(criterion.markert):
                loc = ("etd", "kriterier", i, "markert", j)
                if column not in columns:
                    yield doc.problem(loc, f"felt '{_name(loc)}': ukjent kolonne '{column}', tillatt: "
                                      f"{', '.join(columns)}{suggest(column, columns)}")
                elif column in criterion.markert[:j]:
                    yield doc.problem(loc, f"felt '{_name(loc)}': kolonnen '{column}' er krysset av to ganger")


def _dates(g: Guideline, today: date) -> Iterator[Problem]:
    sources = [(g.meta, g.doc)] + [(e.record, e.doc) for e in g.recommendations]
    for model, doc in sources:
        dated = [(("forst_publisert",), model.forst_publisert), (("sist_faglig_endret",), model.sist_faglig_endret)]
        dated += [(("endringer", i, "dato"), c.dato) for i, c in enumerate(getattr(model, "endringer", []))]
        for loc, value in dated:
            if value is not None and value > today:
                yield doc.problem(loc, f"felt '{_name(loc)}': datoen {value.isoformat()} er i fremtiden")
        if model.forst_publisert and model.sist_faglig_endret and model.sist_faglig_endret < model.forst_publisert:
            yield doc.problem(("sist_faglig_endret",), f"felt 'sist_faglig_endret': {model.sist_faglig_endret.isoformat()} "
                              f"er før først publisert ({model.forst_publisert.isoformat()})")

