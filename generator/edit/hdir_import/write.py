"""Writing: the planned records checked against the model, merged with what content/ holds, then written.

Nothing is written if any document has an error. An existing file is never overwritten without `force`,
with one exception that is the point of stubs: a stub (a guideline or chapter known only from a link) is
filled in, and a chapter the file lacks is added, while everything else in the file stays as it was. A file
whose content would not change is left alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from ...checks.record import check_document
from ...load.document import Loc
from ...load.json_document import JsonDocument
from ...model.problems import Located, Problem, display_path
from ...model.records import Kapittel, Retningslinje
from ...model.messages import msg
from .tree import Node, Origins

GUIDELINE_HEADER = "# yaml-language-server: $schema=../../schema/retningslinje.schema.json"
RECORD_HEADER = "# yaml-language-server: $schema=../../../schema/anbefaling.schema.json"


class _Dumper(yaml.SafeDumper):
    """Text of several lines as a literal block ('|'), as editors write it: every line kept, diffs small."""


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


class Traced:
    """A record assembled from several places, as the checks see a document: a problem at one of its fields
    is reported at the JSON (or YAML) value that field came from."""

    def __init__(self, data: dict[str, Any], origins: Origins, label: str):
        self.data, self.origins, self.label = data, origins, label
        self.path = Path(origins[()][0].path)
        self.shown = origins[()][0].shown
        # Values from JSON carry no YAML comments that could have cut a text.
        self.comments: dict[Loc, tuple[int, int]] = {}

    def _origin(self, loc: Loc) -> tuple[Located, Loc]:
        """The place of the nearest traced field. Below it, a record exported by Anbefalt (under 'anbefalt') or
        read from YAML has the record's own shape, so the rest of the path is followed there too."""
        loc = tuple(loc)
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.origins:
                located, base = self.origins[loc[:end]]
                same_shape = "anbefalt" in base or not isinstance(located, JsonDocument)
                return located, base + (loc[end:] if same_shape else ())
        return self.origins[()]

    def where(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        located, base = self._origin(loc)
        return located.where(base, key)

    def problem(self, loc: Loc, message: str, key: bool = False, severity: str = "feil") -> Problem:
        located, base = self._origin(loc)
        return located.problem(base, msg("import.cannot", what=self.label, message=message), key=False,
                               severity=severity)


def normal(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any] | None:
    """A record as it is written: validated, without values equal to their defaults (required fields stay,
    empty or not). None if it is not valid."""
    try:
        return model.model_validate(data).model_dump(mode="json", exclude_defaults=True)
    except ValueError:
        return None


def checked(model: type[BaseModel], traced: Traced, problems: list[Problem]) -> dict[str, Any] | None:
    instance, found = check_document(traced, model)
    problems += found
    return None if instance is None else instance.model_dump(mode="json", exclude_defaults=True)


def yaml_text(header: str, data: dict[str, Any]) -> str:
    return header + "\n" + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def merge_guideline(old: dict[str, Any] | None, meta: Node | None, chapters: list[Node], force: bool,
                    conflicts: list[str]) -> tuple[dict[str, Any], Origins]:
    """The guideline file's data: what is there, with stubs filled in and missing chapters added; with force,
    what the import gives wins wherever it is not itself a stub."""
    origins: Origins = {}
    if old is None:
        data = dict(meta.data)
        origins.update(meta.origins)
        from_import = True
    else:
        old_meta = {k: v for k, v in old.items() if k != "kapitler"}
        data, from_import = old_meta, False
        if meta is not None and not meta.stub:
            same = normal(Retningslinje, {**old_meta, "kapitler": []}) == normal(Retningslinje, {**meta.data, "kapitler": []})
            if old_meta.get("stubb") or force or same:
                data, from_import = dict(meta.data), True
                origins.update(meta.origins)
            else:
                conflicts.append(msg("import.the_guideline"))
    old_chapters = [c for c in (old or {}).get("kapitler") or [] if isinstance(c, dict)]
    new = {node.id: node for node in chapters}
    order = [n.id for n in chapters] + [c.get("id") for c in old_chapters if c.get("id") not in new] \
        if from_import and (old is None or old.get("stubb")) else \
        [c.get("id") for c in old_chapters] + [n.id for n in chapters if n.id not in {c.get("id") for c in old_chapters}]
    olds = {c.get("id"): c for c in old_chapters}
    result = []
    for i, cid in enumerate(order):
        node, before = new.get(cid), olds.get(cid)
        chosen = before
        if node is not None:
            fresh = {**node.data, **({"forelder": node.parent} if node.parent else {}), "stubb": node.stub}
            if before is None or (not node.stub and (before.get("stubb") or force)):
                chosen = fresh
            elif not node.stub and normal(Kapittel, before) != normal(Kapittel, fresh):
                conflicts.append(msg("import.the_chapter", id=cid))
            if chosen is fresh:
                origins.update({("kapitler", i) + key: value for key, value in node.origins.items()})
        result.append(chosen)
    data["kapitler"] = result
    return data, origins


def write_files(files: dict[Path, str], guarded: set[Path], force: bool, problems: list[Problem],
                written: list[Path]) -> None:
    """Write every file whose text changes; a guarded file (a recommendation) that exists needs force."""
    changed = {path: text for path, text in files.items()
               if not (path.exists() and path.read_text(encoding="utf-8") == text)}
    for path in changed:
        if path in guarded and path.exists() and not force:
            problems.append(Problem(display_path(path), 1, 1, msg("import.exists")))
    if any(p.severity == "feil" for p in problems):
        return
    for path, text in changed.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
