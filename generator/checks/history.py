"""The history stage: every current recommendation's versions, read from git and checked like the content.

The content's history is read along HEAD's first parents (load/git.py); every state of a record or a guideline
file is a blob, parsed and validated once with the same loader and model as the work tree and remembered by its
hash, so a rebuild reads only what is new. The work tree is the last step, so an editor sees the version a change
will make before committing it. A change of strength, direction or certainty without a reason stops the build
with the file and line of the field. Without history (no repository, a shallow clone) the build goes on with a
notice and without versions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from ..load import git
from ..load.content import GUIDELINE_FILE, RECORD_FOLDER
from ..load.document import Document, parse_document
from ..model.library import Library
from ..model.messages import msg
from ..model.problems import ContentError, Problem
from ..model.records import Anbefaling, Retningslinje
from ..model.site_config import SiteConfig
from ..model.versions import History, Issue, Step, versions_of
from .record import Words, check_document, field_name

_INVALID = object()
CACHE_VERSION = 2


@dataclass
class BlobCache:
    """Parsed blobs by hash (the YAML's data as JSON text; None for a blob that could not be parsed). A blob's
    hash names its bytes, so an entry never goes stale; the checked records are kept for this process only.
    The cache lives as long as the build: as text, read again when a state is checked, it takes a quarter of
    the memory the data takes as Python objects."""

    data: dict[str, str | None] = field(default_factory=dict)
    checked: dict[tuple[str, str, str], object] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def load(cls, path: Path | None) -> BlobCache:
        try:
            stored = json.loads(path.read_text(encoding="utf-8")) if path and path.is_file() else {}
        except (OSError, ValueError):
            stored = {}
        return cls(stored.get("blobs", {}) if stored.get("versjon") == CACHE_VERSION else {})

    def save(self, path: Path) -> None:
        if self.changed:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(path.name + ".tmp")
            tmp.write_text(json.dumps({"versjon": CACHE_VERSION, "blobs": self.data}, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
            self.changed = False


def _no_history(reason: str) -> History:
    return History(available=False, notice=msg("history.none", reason=reason))


def read_history(content: Path, library: Library, config: SiteConfig, site_doc: Document | None,
                  cache: BlobCache | None = None, today: date | None = None) -> History:
    """The versions of every recommendation in library; ContentError for a graded change without a reason."""
    cache = cache if cache is not None else BlobCache()
    repo = git.repository(content)
    if repo is None:
        return _no_history(msg("history.no_repository"))
    if git.is_shallow(repo):
        return _no_history(msg("history.shallow"))
    head = git.head(repo)
    if head is None:
        return _no_history(msg("history.no_commits"))
    baseline = _baseline(repo, head, config, site_doc)
    folder = repo.path(content)
    try:
        commits = git.first_parent_log(repo, folder)
    except git.GitError as error:
        return _no_history(msg("history.git_failed", error=error))
    steps = _steps(commits, folder, git.ancestors(repo, baseline) if baseline else set())
    records = {e.record.id: (g, e) for g in library.guidelines for e in g.recommendations}
    current = _work_tree(library, head)
    known = {blob for blob, _model, _language in current}
    blobs = {blob for rid, found in steps.items() if rid in records for _c, rec, meta in found for blob in (rec, meta)
             if blob and blob not in known}
    try:
        _parse(repo, sorted(blobs), cache)
    except git.GitError as error:
        return _no_history(msg("history.git_failed", error=error))
    today = today or date.today()
    history = History(available=True)
    problems: list[Problem] = []
    skipped = 0
    for rid, (g, entry) in records.items():
        # Earlier states are read in the guideline's language of today: its editors' words.
        words = config.labels(g.language).verdier.tables()
        states = []
        for commit, rec_blob, meta_blob in steps.get(rid, []):
            record = _checked(cache, current, rec_blob, Anbefaling, g.language, words) if rec_blob else None
            if record is _INVALID:
                skipped += 1
                continue
            meta = _checked(cache, current, meta_blob, Retningslinje, g.language, words) if meta_blob else None
            states.append(Step(commit.sha, commit.date, record, None if meta is _INVALID else meta))
        states.append(Step(None, today, entry.record, g.meta))
        versions, issues = versions_of(states)
        for version in versions:
            version.guideline = version.guideline or g.meta
        history.records[rid] = versions
        problems += [_problem(entry.doc, issue) for issue in issues]
    if problems:
        raise ContentError(sorted(problems))
    if skipped:
        history.notice = msg("history.skipped", count=skipped)
    return history


def _baseline(repo: git.Repository, head: str, config: SiteConfig, site_doc: Document | None) -> str | None:
    wanted = config.nettsted.versjoner_fra
    if wanted is None:
        return None
    found = git.resolve(repo, wanted)
    if found is None or not git.is_ancestor(repo, found, head):
        where = msg("history.commit_unknown") if found is None else msg("history.commit_not_in_head")
        message = msg("history.baseline", found=wanted, where=where)
        raise ContentError([site_doc.problem(("versjoner_fra",), message) if site_doc else
                            Problem("site_config/nettsted.yaml", 1, 1, message)])
    return found


def _steps(commits: list[git.Commit], folder: str, baseline: set[str]) -> dict[str, list]:
    """(commit, record blob or None, guideline blob or None) for every step that changed a record, by record id.
    The commits the baseline reaches (the configured commit and those before it) are one step: the state they
    leave, at the last of them that changed the content."""
    tree: dict[str, str] = {}
    paths_of: dict[str, set[str]] = {}
    steps: dict[str, list] = {}
    pending: git.Commit | None = None  # the last commit of the baseline, until its step is made

    def emit(commit: git.Commit, ids) -> None:
        for rid in sorted(ids):
            path = min(paths_of.get(rid) or [""]) or None
            meta = tree.get(str(PurePosixPath(path).parent.parent / GUIDELINE_FILE)) if path else None
            steps.setdefault(rid, []).append((commit, tree.get(path) if path else None, meta))

    for commit in commits:
        if pending is not None and commit.sha not in baseline:
            emit(pending, {rid for rid, paths in paths_of.items() if paths})
            pending = None
        touched: set[str] = set()
        for change in commit.changes:
            rid = _record_id(change.path, folder)
            if change.blob is None:
                tree.pop(change.path, None)
            else:
                tree[change.path] = change.blob
            if rid is not None:
                paths = paths_of.setdefault(rid, set())
                (paths.add if change.blob else paths.discard)(change.path)
                touched.add(rid)
        if commit.sha in baseline:
            pending = commit
        else:
            emit(commit, touched)
    if pending is not None:
        emit(pending, {rid for rid, paths in paths_of.items() if paths})
    return steps


def _record_id(path: str, folder: str) -> str | None:
    parts = PurePosixPath(path).relative_to(folder).parts if folder else PurePosixPath(path).parts
    if len(parts) == 3 and parts[1] == RECORD_FOLDER and parts[2].endswith(".yaml"):
        return parts[2][: -len(".yaml")]
    return None


def _parse(repo: git.Repository, blobs: list[str], cache: BlobCache) -> None:
    missing = [b for b in blobs if b not in cache.data]
    for blob, raw in git.read_blobs(repo, missing).items():
        try:
            cache.data[blob] = json.dumps(parse_document(raw, Path(blob), blob[:10]).data, ensure_ascii=False)
        except ContentError:
            cache.data[blob] = None
        cache.changed = True


def _work_tree(library: Library, head: str) -> dict[tuple[str, str, str], object]:
    """The checked files of the work tree by the key their bytes would have as a blob (see _checked). Most states
    in git are the file as it is now, usually the last commit's: that state is the record already checked, so
    it is neither read from git nor kept a second time (for 10,000 records, over a hundred megabytes)."""
    current = {}
    for g in library.guidelines:
        for doc, instance in [(g.doc, g.meta)] + [(e.doc, e.record) for e in g.recommendations]:
            if doc.raw is not None:
                current[(git.blob_id(doc.raw, head), type(instance).__name__, g.language)] = instance
    return current


def _checked(cache: BlobCache, current: dict, blob: str, model, language: str, words: Words):
    key = (blob, model.__name__, language)
    if key in current:
        return current[key]
    if key not in cache.checked:
        text = cache.data.get(blob)
        data = json.loads(text) if text is not None else None
        instance = None
        if isinstance(data, dict):
            instance, _problems = check_document(Document(Path(blob), blob[:10], data), model, words)
        cache.checked[key] = instance if instance is not None else _INVALID
    return cache.checked[key]


def _when(issue: Issue) -> str:
    version = issue.version
    if version is None:
        return ""
    if version.commit is None:
        return msg("history.in_version_uncommitted", number=version.number)
    return msg("history.in_version", number=version.number, commit=version.commit[:7], date=version.date)


def _words(value: object) -> str:
    return msg("history.empty") if value in (None, "") else f"'{value}'"


def _problem(doc, issue: Issue) -> Problem:
    if issue.kind == "unknown_version":
        loc = ("endringer", issue.entry, "versjon")
        allowed = f"1–{issue.before}" if issue.before > 1 else "1"
        return doc.problem(loc, msg("history.unknown_version", name=field_name(loc), found=issue.number,
                                    allowed=allowed))
    name = field_name(issue.path)
    change = msg("history.changed", before=_words(issue.before), after=_words(issue.after))
    if issue.kind == "editorial_grading":
        return doc.problem(issue.path, msg("history.editorial_grading", name=name, change=change,
                                           number=issue.version.number))
    return doc.problem(issue.path, msg("history.no_reason", name=name, change=change, when=_when(issue),
                                       number=issue.version.number))
