"""Semantic diff: what a change does to the recommendations, in Markdown for a reviewer.

Records are read at two git revisions and compared by id: added, removed, moved or renumbered, and
for each changed one the fields that changed — strength, certainty and status first, in bold — with a
word-level diff of changed texts.
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
        raise RevisionError(f"kan ikke lese {revision}: {archive.stderr.decode(errors='replace').strip()}")
    with tempfile.TemporaryDirectory(prefix="anbefalt-diff-") as tmp:
        folder = Path(tmp)
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            try:
                tar.extractall(folder, filter="data")
            except tarfile.FilterError as error:  # a link out of the folder: neither unpacked nor followed
                raise RevisionError(f"innholdet i {revision} kan ikke pakkes ut trygt: "
                                    f"{printable(error.tarinfo.name)} er en lenke ut av mappen") from None
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
        return "(tomt)"
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


def _records(library: Library) -> dict[str, tuple[str, Any]]:
    return {e.record.id: (g.id, e.record) for g in library.guidelines for e in g.recommendations}


def _heading(rec) -> str:
    return f"{rec.heading} (`{rec.id}`)"


def record_changes(old, new) -> list[str]:
    """Bulleted lines for one record's changes, priority fields first."""
    before, after = _flatten(old.model_dump(mode="json")), _flatten(new.model_dump(mode="json"))
    changed = [p for p in dict.fromkeys([*before, *after])
               if before.get(p) != after.get(p) and _show(before.get(p)) != _show(after.get(p))]
    lines = []
    for path in sorted(changed, key=lambda p: PRIORITY.index(p) if p in PRIORITY else len(PRIORITY)):
        was, now = before.get(path), after.get(path)
        if path in PRIORITY:
            lines.append(f"- **{_label(path)}: {_show(was)} → {_show(now)}**")
        elif path == "kapittel":
            lines.append(f"- flyttet fra kapittel `{was}` til `{now}`")
        elif path == "nummer":
            lines.append(f"- nytt nummer: {was} → {now}")
        elif _is_text(was, now):
            lines.append(f"- {path}: {word_diff(was, now)}")
        else:
            lines.append(f"- {path}: {_show(was)} → {_show(now)}")
    return lines


def diff_libraries(old: Library, new: Library, old_name: str, new_name: str) -> str:
    before, after = _records(old), _records(new)
    added = [after[i][1] for i in after if i not in before]
    removed = [before[i][1] for i in before if i not in after]
    changed = [(before[i][1], after[i][1]) for i in after if i in before and before[i][1] != after[i][1]]
    out = [f"## Endringer i anbefalingene ({old_name} → {new_name})", ""]
    if not (added or removed or changed):
        return "\n".join(out + ["Ingen endringer i anbefalingene.", ""])
    out += [f"{len(added)} nye, {len(removed)} fjernet, {len(changed)} endret.", ""]
    if added:
        out += ["### Nye", ""] + [f"- **{_heading(r)}** i `{r.retningslinje}/{r.kapittel}`: {r.tekst}" for r in added] + [""]
    if removed:
        out += ["### Fjernet", ""] + [f"- **{_heading(r)}** fra `{r.retningslinje}/{r.kapittel}`" for r in removed] + [""]
    for was, now in changed:
        out += [f"### {_heading(now)}", ""] + record_changes(was, now) + [""]
    return "\n".join(out)


def diff_revisions(repo: Path, old_rev: str, new_rev: str) -> str:
    return diff_libraries(library_at(repo, old_rev), library_at(repo, new_rev), old_rev, new_rev)

