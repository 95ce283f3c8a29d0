"""Check the content read from content/: every document against its model, then the records across each
other. The result is the Library the later stages use; every error of every file is raised together."""

from __future__ import annotations

from ..load.content import ContentFiles
from ..load.document import Document
from ..model.library import Guideline, Library, RecordEntry
from ..model.problems import ContentError, Problem
from ..model.records import Anbefaling, Retningslinje
from ..model.site_config import SiteConfig
from ..model.text import number_key
from .across import run_crosschecks
from .record import check_document


def check_content(files: ContentFiles, config: SiteConfig, cache: dict | None = None) -> Library:
    """The checked Library, or ContentError with every error (warnings after them).

    cache (kept by the caller between runs) maps an unchanged document to its checked record, so an
    unchanged file yields the same record object and the renderer can reuse its pages."""
    problems = list(files.problems)
    guidelines: list[Guideline] = []
    seen: set[int] = set()
    for folder in files.guidelines:
        meta = _checked(folder.guideline, Retningslinje, problems, cache, seen) if folder.guideline else None
        records = []
        for doc in folder.records:
            record = _checked(doc, Anbefaling, problems, cache, seen)
            if record is not None:
                records.append(RecordEntry(record, doc))
        if meta is not None:
            guidelines.append(Guideline(meta=meta, doc=folder.guideline, recommendations=records))
    if cache is not None:
        for key in set(cache) - seen:
            del cache[key]
    problems += run_crosschecks(guidelines, config)
    errors = sorted(p for p in problems if p.severity == "feil")
    if errors:
        raise ContentError(errors + sorted(p for p in problems if p.severity != "feil"))
    for guideline in guidelines:
        order = {c.id: i for i, c in enumerate(guideline.meta.kapitler)}
        # A recommendation without a number (the source gives none) comes after the numbered ones of its chapter.
        guideline.recommendations.sort(key=lambda e: (order[e.record.kapittel], e.record.nummer is None,
                                                      number_key(e.record.nummer or "0")))
    return Library(root=files.root, guidelines=guidelines, warnings=sorted(problems))


def _checked(doc: Document, model, problems: list[Problem], cache: dict | None, seen: set[int]):
    key = id(doc)
    seen.add(key)
    if cache is not None and key in cache and cache[key][0] is doc:
        _doc, instance, found = cache[key]
    else:
        instance, found = check_document(doc, model)
        if cache is not None:
            cache[key] = (doc, instance, found)
    problems += found
    return instance
