"""Versions of a recommendation, derived from the states its file had along the history.

A state is what the record held after one step of the history (a commit on the main line, or the work tree);
the steps themselves are read from git by checks/history.py. Here, without git or YAML:

- a step that changes what readers see (anything but `endringer` and `ekstra`) starts a change; steps that only
  add change entries belong to the change before them, so a reason may follow in a later commit;
- a change whose new entries in `endringer` are all marked `redaksjonell` is a correction of the version before
  it, not a new version; any other change is a new version, numbered from 1, and its new entries are its reason;
- an entry with `versjon: N` is a reason given later for version N;
- a version is dated by its `sist_faglig_endret` when that changed with it, else by its entries' date, else (the
  first version) by `forst_publisert`, else by the commit that made it.

Nothing is guessed: a version without an entry has no reason, and says so.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from .records import Anbefaling, Endring, Retningslinje

# What readers do not see as the recommendation's content: the change log itself and values kept from an import.
NOT_CONTENT = {"endringer", "ekstra"}
# A change of these must give a reason; an editorial correction may not touch them.
GRADED = (("gradering", "styrke"), ("gradering", "retning"), ("kunnskapsgrunnlag",))

DatedBy = Literal["sist_faglig_endret", "endring", "forst_publisert", "commit", "arbeidskopi"]


@dataclass(frozen=True)
class Step:
    """The record after one step of the history. commit None: the work tree, which is not committed."""

    commit: str | None
    day: date
    record: Anbefaling | None  # None: the file does not exist after this step
    guideline: Retningslinje | None = None


@dataclass
class Version:
    number: int
    record: Anbefaling  # the content as this version ends (editorial corrections included)
    guideline: Retningslinje | None  # the guideline as it was then: chapter names and the reference list
    commit: str | None  # the commit that made the version; None while it is only in the work tree
    date: date
    dated_by: DatedBy
    reasons: list[Endring] = field(default_factory=list)
    editorial: list[Endring] = field(default_factory=list)
    previous: Version | None = None

    @property
    def is_new(self) -> bool:
        return self.previous is None

    @property
    def withdrawn(self) -> bool:
        """This version is the one that withdrew the recommendation (status 'utgått')."""
        was = self.previous.record.status if self.previous else None
        return self.record.status == "utgått" and was != "utgått"

    @property
    def committed(self) -> bool:
        return self.commit is not None


@dataclass(frozen=True)
class Issue:
    """Something in a record's history that stops the build; checks/history.py gives it a file and line."""

    kind: Literal["no_reason", "editorial_grading", "unknown_version"]
    version: Version | None
    path: tuple[str, ...] = ()
    before: object = None
    after: object = None
    entry: int | None = None  # index in the current record's `endringer`
    number: int | None = None


def content(record: Anbefaling) -> dict:
    """What readers see of a record: two states with the same content are the same version."""
    return record.model_dump(mode="json", exclude=NOT_CONTENT)


def graded(record: Anbefaling, path: tuple[str, ...]) -> object:
    value: object = record
    for part in path:
        value = getattr(value, part)
    return value


def graded_changes(old: Anbefaling, new: Anbefaling) -> list[tuple[tuple[str, ...], object, object]]:
    return [(path, graded(old, path), graded(new, path)) for path in GRADED if graded(old, path) != graded(new, path)]


def _new_entries(before: list[Endring], after: list[Endring]) -> list[Endring]:
    """Entries in after that were not in before (counted, so a repeated entry is new once more)."""
    remaining, new = list(before), []
    for entry in after:
        if entry in remaining:
            remaining.remove(entry)
        else:
            new.append(entry)
    return new


@dataclass
class _Change:
    base: Anbefaling | None  # the content before the change; None where the record appears
    steps: list[Step]


def _changes(steps: list[Step]) -> list[_Change]:
    changes: list[_Change] = []
    previous: Anbefaling | None = None
    for step in steps:
        if step.record is None:
            previous = None
            continue
        if previous is None or content(previous) != content(step.record):
            changes.append(_Change(previous, [step]))
        else:
            changes[-1].steps.append(step)
        previous = step.record
    return changes


def _dated(base: Anbefaling | None, record: Anbefaling, reasons: list[Endring], first: Step) -> tuple[date, DatedBy]:
    if record.sist_faglig_endret and (base is None or record.sist_faglig_endret != base.sist_faglig_endret):
        return record.sist_faglig_endret, "sist_faglig_endret"
    if reasons:
        return max(e.dato for e in reasons), "endring"
    if base is None and record.forst_publisert:
        return record.forst_publisert, "forst_publisert"
    return first.day, "commit" if first.commit else "arbeidskopi"


def versions_of(steps: list[Step]) -> tuple[list[Version], list[Issue]]:
    """A record's versions, oldest first, from its states oldest first, and what in them stops the build."""
    versions: list[Version] = []
    issues: list[Issue] = []
    for change in _changes(steps):
        last, first = change.steps[-1], change.steps[0]
        new = [e for e in _new_entries(change.base.endringer if change.base else [], last.record.endringer)
               if e.versjon is None]
        if change.base is not None and versions and new and all(e.redaksjonell for e in new):
            current = versions[-1]
            for path, before, after in graded_changes(current.record, last.record):
                issues.append(Issue("editorial_grading", current, path, before, after))
            current.record, current.guideline = last.record, last.guideline
            current.editorial += new
            continue
        reasons = [e for e in new if not e.redaksjonell] if change.base is not None else []
        day, dated_by = _dated(change.base, last.record, reasons, first)
        versions.append(Version(
            number=len(versions) + 1, record=last.record, guideline=last.guideline, commit=first.commit,
            date=day, dated_by=dated_by, reasons=reasons, editorial=[e for e in new if e.redaksjonell],
            previous=versions[-1] if versions else None,
        ))
    latest = next((s.record for s in reversed(steps) if s.record is not None), None)
    if latest is not None:
        for index, entry in enumerate(latest.endringer):
            if entry.versjon is None:
                continue
            if entry.versjon > len(versions):
                issues.append(Issue("unknown_version", None, before=len(versions), entry=index, number=entry.versjon))
            elif entry not in versions[entry.versjon - 1].reasons:
                versions[entry.versjon - 1].reasons.append(entry)
    for version in versions:
        if version.previous is None or any(e.begrunnelse for e in version.reasons):
            continue
        for path, before, after in graded_changes(version.previous.record, version.record):
            issues.append(Issue("no_reason", version, path, before, after))
    return versions, issues


@dataclass
class History:
    """Every current recommendation's versions, by id. available False: built without git history (a shallow
    clone, no repository), so there are no version pages; notice says why."""

    records: dict[str, list[Version]] = field(default_factory=dict)
    available: bool = False
    notice: str | None = None

    # Each record's fingerprint, once asked for (the pages' and the exports' cache keys both ask).
    _fingerprints: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    def of(self, record_id: str) -> list[Version]:
        return self.records.get(record_id, [])

    def fingerprint(self, record_id: str) -> bytes:
        """Everything the record's versions show, hashed: what a cache of pages or files made from them is kept
        under."""
        if record_id not in self._fingerprints:
            digest = hashlib.sha256()
            for v in self.of(record_id):
                digest.update(f"\0{v.number}\0{v.commit}\0{v.date}\0{v.dated_by}\0".encode())
                digest.update(v.record.model_dump_json().encode())
                digest.update(v.guideline.model_dump_json().encode() if v.guideline else b"-")
                for change in (*v.reasons, None, *v.editorial):
                    digest.update(change.model_dump_json().encode() if change else b"\0")
            self._fingerprints[record_id] = digest.digest()
        return self._fingerprints[record_id]

    def newest_first(self, record_ids: set[str] | None = None) -> list[tuple[str, Version]]:
        """Every version (of the given records), newest first; ties by record id and number, for a stable order."""
        found = [(rid, v) for rid, versions in self.records.items() if record_ids is None or rid in record_ids
                 for v in versions]
        return sorted(found, key=lambda item: (-item[1].date.toordinal(), item[1].commit is not None, item[0],
                                               -item[1].number))
