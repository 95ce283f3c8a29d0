"""Checks across records: each a small pass that reports every offender, not just the first."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any, Iterator

from ..load.document import Loc
from ..model.library import Guideline
from ..model.messages import msg
from ..model.problems import Problem
from ..model.site_config import SiteConfig
from ..model.text import CITATION, INTERNAL_LINK, internal_target
from ..render.urls import Files, reserved_chapter_ids, reserved_guideline_ids
from .record import field_name as _name, suggest



def run_crosschecks(guidelines: list[Guideline], config: SiteConfig, today: date | None = None,
                    texts: dict[int, str] | None = None) -> list[Problem]:
    """texts: the JSON of models already dumped, by id (the live preview keeps them between runs)."""
    today = today or date.today()
    problems: list[Problem] = []
    known = {g.id: g for g in guidelines}
    # Each guideline and record as JSON, searched for internal links and (the records) for citations: made
    # once, not once for each search (the live preview runs these checks on every save).
    texts = texts or {}
    for g in guidelines:
        for model in [g.meta, *(e.record for e in g.recommendations)]:
            if id(model) not in texts:
                texts[id(model)] = model.model_dump_json()
    reserved: dict[str, tuple[set[str], set[str]]] = {}  # by language: worked out once, not for each guideline
    for guideline in guidelines:
        if guideline.language not in reserved:
            reserved[guideline.language] = (reserved_guideline_ids(config.etiketter.adresser),
                                            reserved_chapter_ids(config.labels(guideline.language).adresser))
        problems += _guideline_shape(guideline, *reserved[guideline.language])
        problems += _membership(guideline, known)
        problems += _numbers(guideline)
        problems += _references(guideline, texts)
        problems += _etd(guideline, config)
        problems += _dates(guideline, today)
    problems += _unique_record_ids(guidelines)
    problems += _internal_links(guidelines, texts)
    problems += _language_versions(guidelines)
    return problems


def _guideline_shape(g: Guideline, reserved_site: set[str], reserved_chapters: set[str]) -> Iterator[Problem]:
    """reserved_site: the site's top-level names, which no guideline may take; reserved_chapters: the names of
    a guideline's own pages in its language, which no chapter may take."""
    folder = g.doc.path.parent.name
    if g.meta.id != folder:
        yield g.doc.problem(("id",), msg("across.id_folder", found=g.meta.id, folder=folder))
    if g.meta.id in reserved_site:
        yield g.doc.problem(("id",), msg("across.id_reserved_site", found=g.meta.id,
                                         reserved=", ".join(sorted(reserved_site))))
    for kind, items in (("kapitler", g.meta.kapitler), ("referanser", g.meta.referanser)):
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                line = g.doc.where((kind, seen[item.id], "id"))[0]
                yield g.doc.problem((kind, i, "id"), msg("across.id_twice", name=f"{kind}[{i}].id", found=item.id,
                                                         line=line))
            seen.setdefault(item.id, i)
    earlier: list[str] = []
    for i, chapter in enumerate(g.meta.kapitler):
        if chapter.id in reserved_chapters:
            yield g.doc.problem(("kapitler", i, "id"), msg("across.chapter_reserved", name=f"kapitler[{i}].id",
                                                           found=chapter.id, reserved=", ".join(sorted(reserved_chapters))))
        if chapter.forelder is not None and chapter.forelder not in earlier:
            earlier_words = msg("across.earlier", ids=", ".join(earlier)) if earlier else msg("across.earlier_none")
            yield g.doc.problem(("kapitler", i, "forelder"), msg("across.parent", name=f"kapitler[{i}].forelder",
                                                                 found=chapter.forelder, earlier=earlier_words)
                                + suggest(chapter.forelder, earlier))
        earlier.append(chapter.id)


def _membership(g: Guideline, known: dict[str, Guideline]) -> Iterator[Problem]:
    chapters = [c.id for c in g.meta.kapitler]
    for entry in g.recommendations:
        rec, doc = entry.record, entry.doc
        if rec.id != doc.path.stem:
            yield doc.problem(("id",), msg("across.id_file", found=rec.id, file=doc.path.name))
        if rec.retningslinje not in known:
            yield doc.problem(("retningslinje",), msg("across.unknown_guideline", name="retningslinje",
                                                      found=rec.retningslinje, allowed=", ".join(known))
                              + suggest(rec.retningslinje, list(known)))
        elif rec.retningslinje != g.id:
            yield doc.problem(("retningslinje",), msg("across.guideline_folder", found=rec.retningslinje, folder=g.id))
        elif rec.kapittel not in chapters:
            yield doc.problem(("kapittel",), msg("across.unknown_chapter", found=rec.kapittel, guideline=g.id,
                                                 allowed=", ".join(chapters)) + suggest(rec.kapittel, chapters))


def _numbers(g: Guideline) -> Iterator[Problem]:
    first: dict[tuple[str, str], Any] = {}
    for entry in g.recommendations:
        if entry.record.nummer is None:
            continue  # not given by the source
        key = (entry.record.kapittel, entry.record.nummer)
        if key in first:
            other = first[key]
            yield entry.doc.problem(("nummer",), msg("across.number_twice", found=entry.record.nummer,
                                                     chapter=entry.record.kapittel,
                                                     where=f"{other.doc.shown}:{other.doc.where(('nummer',))[0]}"))
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
            yield entry.doc.problem(("id",), msg("across.id_taken", found=record_id, where=entries[0].doc.shown))
        if record_id in guideline_docs:
            # Both are FHIR PlanDefinitions, whose addresses are by id alone.
            yield entries[0].doc.problem(("id",), msg("across.id_guideline_taken", found=record_id,
                                                      where=guideline_docs[record_id].shown,
                                                      path=Files.fhir("PlanDefinition", record_id)))


def _strings(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, loc + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, loc + (i,))


def _references(g: Guideline, texts: dict[int, str]) -> Iterator[Problem]:
    keys = [ref.id for ref in g.meta.referanser]
    cited: set[str] = set()
    sources = [(g.meta, g.doc)] + [(e.record, e.doc) for e in g.recommendations]
    for model, doc in sources:
        exclude = {"referanser"} if model is g.meta else set()
        found = set(CITATION.findall(model.model_dump_json(exclude=exclude) if exclude else texts[id(model)]))
        cited |= found
        if found <= set(keys):
            continue  # all known: no need to find where each citation stands
        for loc, text in _strings(model.model_dump(exclude=exclude)):
            for key in CITATION.findall(text):
                cited.add(key)
                if key not in keys:
                    yield doc.problem(loc, msg("across.unknown_citation", name=_name(loc), found=key, guideline=g.id)
                                      + suggest(key, keys))
    for entry in g.recommendations:
        for i, key in enumerate(entry.record.referanser):
            cited.add(key)
            if key not in keys:
                yield entry.doc.problem(("referanser", i), msg("across.unknown_reference", name=f"referanser[{i}]",
                                                               found=key, guideline=g.id) + suggest(key, keys))
    for i, ref in enumerate(g.meta.referanser):
        if ref.id not in cited:
            yield g.doc.problem(("referanser", i, "id"), msg("across.uncited", found=ref.id), severity="advarsel")


def _internal_links(guidelines: list[Guideline], texts: dict[int, str]) -> Iterator[Problem]:
    """Every [tekst](anbefalt:…) link names a page that exists."""
    known = {("retningslinje", (g.id,)) for g in guidelines}
    known |= {("kapittel", (g.id, c.id)) for g in guidelines for c in g.meta.kapitler}
    known |= {("anbefaling", (e.record.id,)) for g in guidelines for e in g.recommendations}
    for g in guidelines:
        for model, doc in [(g.meta, g.doc)] + [(e.record, e.doc) for e in g.recommendations]:
            if "anbefalt:" not in texts[id(model)]:
                continue
            for loc, text in _strings(model.model_dump(exclude={"ekstra"})):
                for _text, target in INTERNAL_LINK.findall(text):
                    if internal_target(target) not in known:
                        yield doc.problem(loc, msg("across.internal_link", name=_name(loc), target=target))


def _etd(g: Guideline, config: SiteConfig) -> Iterator[Problem]:
    for entry in g.recommendations:
        etd, doc = entry.record.etd, entry.doc
        if etd is None:
            continue
        scale = config.skalaer.get(etd.skala)
        if scale is None:
            names = list(config.skalaer)
            yield doc.problem(("etd", "skala"), msg("across.unknown_scale", found=etd.skala, allowed=", ".join(names))
                              + suggest(etd.skala, names))
            continue
        columns = list(scale.kolonner)
        for i, criterion in enumerate(etd.kriterier):
            for j, column in enumerate(criterion.markert):
                loc = ("etd", "kriterier", i, "markert", j)
                if column not in columns:
                    yield doc.problem(loc, msg("across.unknown_column", name=_name(loc), found=column,
                                               allowed=", ".join(columns)) + suggest(column, columns))
                elif column in criterion.markert[:j]:
                    yield doc.problem(loc, msg("across.column_twice", name=_name(loc), found=column))


def _dates(g: Guideline, today: date) -> Iterator[Problem]:
    sources = [(g.meta, g.doc)] + [(e.record, e.doc) for e in g.recommendations]
    for model, doc in sources:
        dated = [(("forst_publisert",), model.forst_publisert), (("sist_faglig_endret",), model.sist_faglig_endret)]
        dated += [(("endringer", i, "dato"), c.dato) for i, c in enumerate(getattr(model, "endringer", []))]
        for loc, value in dated:
            if value is not None and value > today:
                yield doc.problem(loc, msg("across.future", name=_name(loc), date=value.isoformat()))
        if model.forst_publisert and model.sist_faglig_endret and model.sist_faglig_endret < model.forst_publisert:
            yield doc.problem(("sist_faglig_endret",), msg("across.updated_before", date=model.sist_faglig_endret.isoformat(),
                                                           first=model.forst_publisert.isoformat()))



def language_groups(guidelines: list[Guideline]) -> list[list[Guideline]]:
    """The guidelines that are language versions of one another (`sprakversjon_av` names the original), each
    group the original first; guidelines without versions are in no group."""
    known = {g.id: g for g in guidelines}
    groups: dict[str, list[Guideline]] = {}
    for g in guidelines:
        original = g.meta.sprakversjon_av
        if original in known and known[original].meta.sprakversjon_av is None:
            groups.setdefault(original, [known[original]]).append(g)
    return list(groups.values())


def _language_versions(guidelines: list[Guideline]) -> Iterator[Problem]:
    """A language version names an existing original in another language, which is itself no version, and an
    original has at most one version per language."""
    known = {g.id: g for g in guidelines}
    languages: dict[tuple[str, str], Guideline] = {}
    for g in guidelines:
        original = g.meta.sprakversjon_av
        if original is None:
            continue
        loc = ("sprakversjon_av",)
        others = [i for i in known if i != g.id]
        if original not in known or original == g.id:
            yield g.doc.problem(loc, msg("across.unknown_guideline", name="sprakversjon_av", found=original,
                                         allowed=", ".join(others)) + suggest(original, others))
        elif known[original].meta.sprakversjon_av is not None:
            yield g.doc.problem(loc, msg("across.version_of_version", found=original,
                                         original=known[original].meta.sprakversjon_av))
        elif known[original].language == g.language:
            yield g.doc.problem(loc, msg("across.version_same_language", found=original, language=g.language))
        elif (original, g.language) in languages:
            yield g.doc.problem(loc, msg("across.version_twice", found=original, language=g.language,
                                         other=languages[(original, g.language)].id))
        else:
            languages[(original, g.language)] = g
