"""Semantic diff: what a change does to the recommendations, in Markdown for a reviewer.

Records are read at two git revisions and compared by id: added, removed, moved or renumbered, and
for each changed one the fields that changed — strength, certainty and status first, in bold — with a
word-level diff of changed texts. The notes are in the site's language; a vocabulary's values are shown as
the record's editors write them (its guideline's language), headings numbered as its label set says.
"""

from __future__ import annotations

import difflib
import io
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from ..build.pipeline import check
from ..build.project import Project
from ..model.library import Library
from ..model.messages import msg
from ..model.problems import printable

# Fields a reviewer must not miss, shown first and in bold.
PRIORITY = ["gradering.styrke", "gradering.retning", "kunnskapsgrunnlag", "status"]


class RevisionError(Exception):
    """A revision could not be read (unknown revision, no content there)."""


def library_at(repo: Path, revision: str) -> Library:
    """The content and site_config of a git revision, loaded and validated like a build would."""
    archive = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", revision, "content", "site_config"],
                             capture_output=True)
    if archive.returncode != 0:
        raise RevisionError(msg("diff.unreadable", revision=revision,
                                error=archive.stderr.decode(errors="replace").strip()))
    with tempfile.TemporaryDirectory(prefix="anbefalt-diff-") as tmp:
        folder = Path(tmp)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            try:
                tar.extractall(folder, filter="data")
            except tarfile.FilterError as error:  # a link out of the folder: neither unpacked nor followed
                raise RevisionError(msg("diff.unsafe", revision=revision, name=printable(error.tarinfo.name))) from None
        return check(Project(folder))[1]


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value):
        out = {}
        for i, item in enumerate(value):
            out.update(_flatten(item, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


def _show(value: Any) -> str:
    if value is None or value == []:
        return msg("diff.empty")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def word_diff(old: str, new: str, context: int = 8) -> str:
    """Words removed as ~~struck~~, added as **bold**; long unchanged stretches shortened to …"""
    a, b = old.split(), new.split()
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            same = a[i1:i2]
            if len(same) > 2 * context:
                same = (same[:context] if parts else []) + ["…"] + (same[-context:] if i2 < len(a) else [])
            parts.append(" ".join(same))
        else:
            if i2 > i1:
                parts.append(f"~~{' '.join(a[i1:i2])}~~")
            if j2 > j1:
                parts.append(f"**{' '.join(b[j1:j2])}**")
    return " ".join(p for p in parts if p)


def _label(path: str) -> str:
    return path.split(".", 1)[1] if path.startswith("gradering.") else path


def _is_text(old: Any, new: Any) -> bool:
    return isinstance(old, str) and isinstance(new, str) and (len(old.split()) > 4 or len(new.split()) > 4)


def _records(library: Library) -> dict[str, tuple[Any, Any]]:
    """Every record by its id, with its guideline."""
    return {e.record.id: (g, e.record) for g in library.guidelines for e in g.recommendations}


def _heading(g, rec) -> str:
    return f"{g.labels.heading(rec)} (`{rec.id}`)"


# The vocabulary of each priority field, whose values are shown in the words of the record's language.
_VOCABULARY = {"gradering.styrke": "styrke", "gradering.retning": "retning", "kunnskapsgrunnlag": "kunnskapsgrunnlag",
               "status": "status"}


def _written(dump: dict[str, Any], g) -> dict[str, Any]:
    """A record's flattened values, a vocabulary's value as its editors write it."""
    words = g.labels.verdier.tables() if g is not None and g.labels else {}
    return {path: words[_VOCABULARY[path]].get(value, value) if path in _VOCABULARY and words and value else value
            for path, value in dump.items()}


def record_changes(old, new, old_g=None, new_g=None) -> list[str]:
    """Bulleted lines for one record's changes, priority fields first."""
    before = _written(_flatten(old.model_dump(mode="json")), old_g)
    after = _written(_flatten(new.model_dump(mode="json")), new_g)
    changed = [p for p in dict.fromkeys([*before, *after])
               if before.get(p) != after.get(p) and _show(before.get(p)) != _show(after.get(p))]
    lines = []
    for path in sorted(changed, key=lambda p: PRIORITY.index(p) if p in PRIORITY else len(PRIORITY)):
        was, now = before.get(path), after.get(path)
        if path in PRIORITY:
            lines.append(f"- **{_label(path)}: {_show(was)} → {_show(now)}**")
        elif path == "kapittel":
            lines.append(msg("diff.moved", old=was, new=now))
        elif path == "nummer":
            lines.append(msg("diff.renumbered", old=was, new=now))
        elif _is_text(was, now):
            lines.append(f"- {path}: {word_diff(was, now)}")
        else:
            lines.append(f"- {path}: {_show(was)} → {_show(now)}")
    return lines


def diff_libraries(old: Library, new: Library, old_name: str, new_name: str) -> str:
    before, after = _records(old), _records(new)
    added = [after[i] for i in after if i not in before]
    removed = [before[i] for i in before if i not in after]
    changed = [(before[i], after[i]) for i in after if i in before and before[i][1] != after[i][1]]
    out = [msg("diff.title", old=old_name, new=new_name), ""]
    if not (added or removed or changed):
        return "\n".join(out + [msg("diff.none"), ""])
    out += [msg("diff.counts", added=len(added), removed=len(removed), changed=len(changed)), ""]
    if added:
        out += [msg("diff.added"), ""] + [msg("diff.added_line", heading=_heading(g, r), place=f"{r.retningslinje}/{r.kapittel}",
                                              text=r.tekst) for g, r in added] + [""]
    if removed:
        out += [msg("diff.removed"), ""] + [msg("diff.removed_line", heading=_heading(g, r),
                                                place=f"{r.retningslinje}/{r.kapittel}") for g, r in removed] + [""]
    for (old_g, was), (new_g, now) in changed:
        out += [f"### {_heading(new_g, now)}", ""] + record_changes(was, now, old_g, new_g) + [""]
    return "\n".join(out)


def diff_revisions(repo: Path, old_rev: str, new_rev: str) -> str:
    return diff_libraries(library_at(repo, old_rev), library_at(repo, new_rev), old_rev, new_rev)

