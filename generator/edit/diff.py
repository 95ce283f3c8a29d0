"""The reviewer diff: what a change does to the content, in readers' words, as Markdown for a pull request.

The content is read at two git revisions and checked with today's site_config (so labels and EtD scales are the
ones readers see). Guidelines are compared field by field, with their chapters and references by id;
recommendations by id: new ones with their grading, certainty and status, removed ones with a warning, changed
ones with what readers see (strength, direction, certainty and status first, in bold; EtD judgments by criterion
name; texts as a word diff; dates as the pages show them), and whether the change makes a new version. The notes
are in the site's language; a guideline's labels, values and headings in the guideline's.
"""

from __future__ import annotations

import io
import shutil
import tarfile
import tempfile
from datetime import date
from pathlib import Path

from ..build.pipeline import check
from ..build.project import Project
from ..load import git
from ..model.changes import guideline_changes, record_changes
from ..model.library import Library
from ..model.messages import msg
from ..model.problems import printable
from ..model.site_config import SiteConfig
from ..model.versions import Step, versions_of
from ..render.changes import Wording, inline


class RevisionError(Exception):
    """A revision could not be read (unknown revision, no content there)."""


def library_at(root: Path, revision: str) -> Library:
    """The content of a git revision, loaded and validated like a build would, with the project's site_config."""
    return _at(root, revision)[1]


def _at(root: Path, revision: str) -> tuple[SiteConfig, Library]:
    project = Project(root)
    repo = git.repository(root)
    if repo is None:
        raise RevisionError(msg("diff.not_git", revision=revision, root=root))
    content = repo.path(project.content)
    try:
        archive = git.archive(repo, revision, [content])
    except git.GitError as error:
        raise RevisionError(msg("diff.unreadable", revision=revision, error=error)) from None
    with tempfile.TemporaryDirectory(prefix="anbefalt-diff-") as tmp:
        folder = Path(tmp)
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            try:
                tar.extractall(folder, filter="data")
            except tarfile.FilterError as error:  # a link out of the folder: neither unpacked nor followed
                raise RevisionError(msg("diff.unsafe", revision=revision, name=printable(error.tarinfo.name))) from None
        if content != "content":
            (folder / content).rename(folder / "_content")
            (folder / "_content").rename(folder / "content")
        shutil.copytree(project.site_config, folder / "site_config")
        return check(Project(folder))


def _heading(g, rec) -> str:
    return f"{inline(g.labels.heading(rec))} (`{rec.id}`)"


def _version_line(old_rec, new_rec, day) -> str:
    """Whether the change makes a new version, corrects the current one, or does not change what readers see."""
    versions, issues = versions_of([Step("før", day, old_rec), Step("etter", day, new_rec)])
    if any(i.kind == "no_reason" for i in issues):
        return msg("diff.no_reason")
    if any(i.kind == "editorial_grading" for i in issues):
        return msg("diff.editorial_grading")
    if len(versions) > 1:
        reasons = "; ".join(e.endring + (msg("diff.reason", reason=e.begrunnelse) if e.begrunnelse else "")
                            for e in versions[-1].reasons)
        return msg("diff.new_version", reasons=inline(reasons) if reasons else msg("diff.no_reason_given"))
    if versions and versions[-1].editorial:
        return msg("diff.editorial")
    return msg("diff.log_only")


def diff_libraries(old: Library, new: Library, old_name: str, new_name: str, config: SiteConfig) -> str:
    before = {e.record.id: (g, e.record) for g in old.guidelines for e in g.recommendations}
    after = {e.record.id: (g, e.record) for g in new.guidelines for e in g.recommendations}
    guidelines_before = {g.id: g for g in old.guidelines}
    added = [after[i] for i in after if i not in before]
    removed = [before[i] for i in before if i not in after]
    changed = [(before[i], after[i]) for i in after if i in before and before[i][1] != after[i][1]]
    guideline_parts = []
    for g in new.guidelines:
        was = guidelines_before.get(g.id)
        changes = guideline_changes(was.meta, g.meta) if was else []
        if was is None:
            guideline_parts += [msg("diff.new_guideline", title=inline(g.meta.tittel), id=g.id), ""]
        elif changes:
            wording = Wording(config, was.meta, g.meta, g.language)
            guideline_parts += [msg("diff.guideline", title=inline(g.meta.tittel), id=g.id), ""]
            guideline_parts += [wording.markdown(w) for w in wording.all(changes)] + [""]
    guideline_parts += [msg("diff.removed_guideline", title=inline(g.meta.tittel), id=g.id) + "\n"
                        for g in old.guidelines if g.id not in {x.id for x in new.guidelines}]
    out = [msg("diff.title", old=old_name, new=new_name), ""]
    if not (added or removed or changed or guideline_parts):
        return "\n".join(out + [msg("diff.none"), ""])
    out += [msg("diff.counts", added=len(added), removed=len(removed), changed=len(changed)), ""]
    out += guideline_parts
    for g, rec in added:
        labels = g.labels
        s = labels.seksjon
        chapter = next((labels.heading(c) for c in g.meta.kapitler if c.id == rec.kapittel), rec.kapittel)
        grading = [f"{s.styrke}: {labels.styrke[rec.gradering.styrke]}"]
        if rec.gradering.retning:
            grading.append(f"{s.retning}: {labels.retning[rec.gradering.retning]}")
        certainty = (labels.kunnskapsgrunnlag[rec.kunnskapsgrunnlag] if rec.kunnskapsgrunnlag
                     else labels.kunnskapsgrunnlag_mangler)
        out += [msg("diff.new_record", heading=_heading(g, rec)), "",
                f"- {s.pdf_retningslinje}: {inline(g.meta.tittel)} · {s.kapittel}: {inline(chapter)}",
                f"- **{inline(' · '.join(grading))}**", f"- **{inline(certainty)}**",
                f"- **{s.status}: {inline(labels.status[rec.status])}**",
                f"- {s.anbefalingstekst}: {inline(' '.join(rec.tekst.split()))}", ""]
    for g, rec in removed:
        out += [msg("diff.removed_record", heading=_heading(g, rec)), "",
                msg("diff.removed_warning", withdrawn=g.labels.verdier.status["utgått"]), ""]
    for (g_old, was), (g_new, now) in changed:
        wording = Wording(config, g_old.meta, g_new.meta, g_new.language)
        out += [f"### {_heading(g_new, now)}", "", _version_line(was, now, date.today())]
        out += [wording.markdown(w) for w in wording.all(record_changes(was, now))] + [""]
    return "\n".join(out)


def diff_revisions(root: Path, old_rev: str, new_rev: str) -> str:
    config, old = _at(root, old_rev)
    _config, new = _at(root, new_rev)
    return diff_libraries(old, new, old_rev, new_rev, config)
