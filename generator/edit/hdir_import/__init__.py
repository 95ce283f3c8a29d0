"""`import-hdir`: documents in the shape of Helsedirektoratet's innholds-API → records in content/.

Reading (sources.py: BOM, CRLF, positions), HTML → Markdown (markup.py), one document → a record's fields
(fields.py), the tree of guidelines, chapters and stubs (tree.py), and merging and writing (write.py). A
document Anbefalt exported carries its complete record under `anbefalt` and comes back exactly. The records hold
the model's (bokmål) words, as Helsedirektoratet's documents are in bokmål; on a site in another language a new
guideline says so (`sprak: nb`), so `check` reads them as bokmål. Nothing is
invented: what the source does not give stays empty, an unknown word is kept verbatim and reported, and every
value without a field of its own is reported and kept under `ekstra`. Nothing is written unless every
document could be read, and no existing file is overwritten without `force` (stubs are filled in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ...load.content import GUIDELINE_FILE, RECORD_FOLDER
from ...load.document import read_document
from ...model.problems import ContentError, Problem
from ...model.records import Anbefaling, Retningslinje
from ...model.text import internal_target
from ...model.messages import msg
from .fields import Mapper
from .sources import Source, href_id, read_sources
from .tree import Tree
from .write import GUIDELINE_HEADER, RECORD_HEADER, Traced, checked, merge_guideline, write_files, yaml_text


# The language of the words the import writes: the model's own.
IMPORT_LANGUAGE = "nb"


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "feil"]


def _targets(sources: list[Source], tree: Tree) -> dict[str, str]:
    """The internal link (model/text.py) of every document in the import, by its id."""
    targets = {}
    for s in sources:
        if s.kind == "anbefaling":
            targets[s.id] = f"anbefalt:anbefaling/{s.id}"
        elif s.kind == "retningslinje":
            targets[s.id] = f"anbefalt:retningslinje/{s.id}"
        elif tree.guideline_of(s.id):
            targets[s.id] = f"anbefalt:kapittel/{tree.guideline_of(s.id)}/{s.id}"
    return {key: value for key, value in targets.items() if internal_target(value)}


def import_hdir(source: Path, content: Path, force: bool = False, site_language: str = "nb") -> ImportResult:
    result = ImportResult()
    sources, result.problems = read_sources(source)
    existing_docs = {}
    for path in sorted(content.glob(f"*/{GUIDELINE_FILE}")):
        try:
            existing_docs[path.parent.name] = read_document(path)
        except ContentError as error:
            result.problems += error.problems
    existing = {gid: doc.data for gid, doc in existing_docs.items()}
    records_there = {path.stem for path in content.glob(f"*/{RECORD_FOLDER}/*.yaml")}
    # Internal links need the tree (a chapter's address names its guideline): map once without them to
    # learn the tree, then again with them.
    targets = _targets(sources, Tree(sources, existing, Mapper(lambda href: None), records_there))
    tree = Tree(sources, existing, Mapper(lambda href: targets.get(href_id(href)) if href else None), records_there)
    result.problems += tree.problems
    files: dict[Path, str] = {}
    for gid in list(tree.guidelines) + [g for g in existing if g not in tree.guidelines]:
        chapters = tree.chapters_of(gid)
        meta = tree.guidelines.get(gid)
        if (meta is None and not chapters) or gid in tree.failed or any(c.id in tree.failed for c in chapters):
            continue
        conflicts: list[str] = []
        data, origins = merge_guideline(existing.get(gid), meta, chapters, force, conflicts)
        if site_language != IMPORT_LANGUAGE and gid not in existing and not data.get("sprak"):
            data["sprak"] = IMPORT_LANGUAGE
        path = content / gid / GUIDELINE_FILE
        if gid in existing_docs:
            origins = {(): (existing_docs[gid], ()), **origins}
        for what in conflicts:
            result.problems.append(Problem(*_at(path, origins), msg("import.conflict", what=what)))
        written = checked(Retningslinje, Traced(data, origins, msg("import.guideline_label", id=gid)), result.problems)
        if written is not None:
            files[path] = yaml_text(GUIDELINE_HEADER, written)
    guarded = set()
    for planned in tree.records:
        data = planned.data
        if data.get("id") in tree.failed:
            continue
        label = msg("import.record_label", id=data.get("id"))
        written = checked(Anbefaling, Traced(data, planned.origins, label), result.problems)
        if written is not None:
            path = content / data["retningslinje"] / RECORD_FOLDER / f"{data['id']}.yaml"
            files[path] = yaml_text(RECORD_HEADER, written)
            guarded.add(path)
    write_files(files, guarded, force, result.problems, result.written)
    return result


def _at(path: Path, origins) -> tuple[str, int, int]:
    located, loc = origins[()]
    return (located.shown, *located.where(loc))


__all__ = ["ImportResult", "import_hdir"]
