"""Check the content read from content/: every document against its model, then the records across each
other. The result is the Library the later stages use; every error of every file is raised together.

A guideline is in its own language (`sprak`) or the site's; its file and its recommendations are checked with
that language's words for the vocabularies, and it carries that language's label set to the later stages."""

from __future__ import annotations

import hashlib
import json
import re

from ..load.content import ContentFiles
from ..load.document import Document
from ..model.library import Guideline, Library, RecordEntry
from ..model.messages import msg
from ..model.problems import ContentError, Problem
from ..model.records import LANGUAGE_PATTERN, Anbefaling, Retningslinje
from ..model.site_config import SiteConfig
from ..model.text import number_key
from .across import language_groups, run_crosschecks
from .record import Words, check_document, suggest


def check_content(files: ContentFiles, config: SiteConfig, cache: dict | None = None, store=None) -> Library:
    """The checked Library, or ContentError with every error (warnings after them).

    cache (kept by the caller between runs) maps an unchanged document to its checked record, so an
    unchanged file yields the same record object and the renderer can reuse its pages. store (build/store.py,
    kept between builds) holds the checked record of a file by its hash, so an unchanged file is not checked
    again."""
    problems = list(files.problems)
    guidelines: list[Guideline] = []
    seen: set[int] = set()
    keys: dict[str, str] = {}
    for folder in files.guidelines:
        language = guideline_language(folder.guideline, config, problems)
        words = config.labels(language).verdier.tables()
        if language not in keys:
            keys[language] = hashlib.sha256(json.dumps(words, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
        stored = (store, folder.folder.name, keys[language]) if store is not None else None
        meta = _checked(folder.guideline, Retningslinje, problems, cache, seen, words,
                        stored) if folder.guideline else None
        records = []
        for doc in folder.records:
            record = _checked(doc, Anbefaling, problems, cache, seen, words, stored)
            if record is not None:
                records.append(RecordEntry(record, doc))
        if meta is not None:
            guidelines.append(Guideline(meta=meta, doc=folder.guideline, recommendations=records, language=language,
                                        labels=config.labels(language)))
    if cache is not None:
        for key in set(cache) - seen:
            del cache[key]
    # The live preview keeps each record's JSON (which the checks across records search) with its check.
    texts = {id(entry[1]): entry[4] for entry in cache.values() if entry[1] is not None} if cache is not None else None
    problems += run_crosschecks(guidelines, config, texts=texts)
    errors = sorted(p for p in problems if p.severity == "feil")
    if errors:
        raise ContentError(errors + sorted(p for p in problems if p.severity != "feil"))
    for group in language_groups(guidelines):
        for guideline in group:
            guideline.versions = [g for g in group if g is not guideline]
    for guideline in guidelines:
        order = {c.id: i for i, c in enumerate(guideline.meta.kapitler)}
        # A recommendation without a number (the source gives none) comes after the numbered ones of its chapter.
        guideline.recommendations.sort(key=lambda e: (order[e.record.kapittel], e.record.nummer is None,
                                                      number_key(e.record.nummer or "0")))
    return Library(root=files.root, guidelines=guidelines, warnings=sorted(problems), language=config.sprak,
                   labels=config.etiketter)


def guideline_language(doc: Document | None, config: SiteConfig, problems: list[Problem] | None = None) -> str:
    """The language a guideline's file names (`sprak`), or the site's. A language without a label set is reported
    (the model reports one that is not a language code) and the site's is used meanwhile."""
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    wanted = data.get("sprak")
    if not isinstance(wanted, str) or not wanted:
        return config.sprak
    if wanted in config.etikettsett:
        return wanted
    if problems is not None and re.fullmatch(LANGUAGE_PATTERN, wanted):
        problems.append(doc.problem(("sprak",), msg("config.unknown_language", found=wanted,
                                                    allowed=", ".join(config.languages), folder="etiketter")
                                    + suggest(wanted, config.languages)))
    return config.sprak


def _checked(doc: Document, model, problems: list[Problem], cache: dict | None, seen: set[int], words: Words,
             stored: tuple | None):
    key = id(doc)
    seen.add(key)
    kept = stored[0].get(stored[1], ("record", doc.digest, stored[2])) if stored and doc.digest else None
    if cache is not None and key in cache and cache[key][0] is doc and cache[key][3] == words:
        _doc, instance, found, _words, _text = cache[key]
    elif kept is not None:
        instance, found = kept
    else:
        instance, found = check_document(doc, model, words)
        if stored and doc.digest:
            stored[0].put(stored[1], ("record", doc.digest, stored[2]), (instance, found))
        if cache is not None:
            text = instance.model_dump_json() if instance is not None else None
            cache[key] = (doc, instance, found, words, text)
    # The record holds what later stages need; a message can still find a position (the document parses again).
    # A guideline's file is kept: its language is read from it on every run of the live preview.
    if model is not Retningslinje:
        doc.release()
    problems += found
    return instance
