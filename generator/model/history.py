"""Change history gathered from the records: the guideline's change log without git history, and 'new or
changed since'.

With versions from git (model/versions.py), 'since' reads their dates, so a recommendation without dates filled in
is found by the commit that changed it. Without them, dates come only from the records (forst_publisert,
sist_faglig_endret, endringer); nothing is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .library import Guideline
from .records import Anbefaling
from .versions import History


@dataclass(frozen=True)
class Event:
    dato: date
    rec: Anbefaling
    endring: str
    begrunnelse: str | None = None


def events(guideline: Guideline, first_published_label: str) -> list[Event]:
    """Every dated change of the guideline's recommendations, newest first."""
    found = []
    for entry in guideline.recommendations:
        rec = entry.record
        if rec.forst_publisert:
            found.append(Event(rec.forst_publisert, rec, first_published_label))
        found += [Event(c.dato, rec, c.endring, c.begrunnelse) for c in rec.endringer]
    return sorted(found, key=lambda e: e.dato, reverse=True)


def new_or_changed_since(guideline: Guideline, since: date,
                         history: History | None = None) -> list[tuple[str, Anbefaling]]:
    """('ny' | 'endret', recommendation) for those first published or professionally changed on or after since:
    by their versions when there is history, else by the dates the records give."""
    listed = []
    for entry in guideline.recommendations:
        rec = entry.record
        versions = history.of(rec.id) if history and history.available else []
        if versions:
            recent = [v for v in versions if v.date >= since]
            if recent:
                listed.append(("ny" if recent[0].is_new else "endret", rec))
            continue
        changes = [rec.sist_faglig_endret] + [c.dato for c in rec.endringer]
        if rec.forst_publisert and rec.forst_publisert >= since:
            listed.append(("ny", rec))
        elif any(d and d >= since for d in changes):
            listed.append(("endret", rec))
    return listed
