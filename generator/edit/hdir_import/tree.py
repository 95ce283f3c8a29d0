"""The tree: which guideline and chapter each document belongs to, in the source's order.

A document's parents are named in its `links` (forelder, root) and a parent's children in its `barn` links.
A parent that is not in the import, and not in content/ either, becomes a stub: a record holding only what
the link gives (title and address), marked `stubb`, which a later import of the parent fills in. Chapters
nest (`forelder` names the parent chapter); they are listed parent first, in the order of the `barn` links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...load.document import Loc
from ...model.problems import Located, Problem
from ...model.messages import msg
from .fields import PROVENANCE, Mapped, Mapper, empty
from .sources import Link, Source

Origins = dict[tuple, tuple[Located, Loc]]


@dataclass
class Node:
    """A guideline's metadata or a chapter: its fields, where they stand, and its place in the tree."""

    id: str
    data: dict[str, Any]
    origins: Origins
    stub: bool
    source: Source | None = None
    guideline: str | None = None  # chapters: the guideline they belong to
    parent: str | None = None  # chapters: the parent chapter
    parent_link: Link | None = None  # chapters: the forelder link, for a stub parent
    root_link: Link | None = None
    named_by: Source | None = None  # the document whose links name this one (for a stub)
    order: list[str] = field(default_factory=list)  # the children's ids, in the source's order


@dataclass
class Planned:
    """One record: its fields and where they stand."""

    data: dict[str, Any]
    origins: Origins
    root: str | None = None


def _origins(mapped: Mapped) -> Origins:
    return {key: (mapped.source.file, mapped.source.base + loc) for key, loc in mapped.origins.items()} | {
        (): (mapped.source.file, mapped.source.base)}


def _exported_origins(source: Source, *prefix: str | int) -> Origins:
    return {(): (source.file, source.base + ("anbefalt",) + prefix)}


class Tree:
    def __init__(self, sources: list[Source], existing: dict[str, dict[str, Any]], mapper: Mapper,
                 existing_records: set[str] = frozenset()):
        self.mapper = mapper
        self.existing = existing
        self.existing_chapters = {c.get("id"): gid for gid, data in existing.items()
                                  for c in data.get("kapitler") or [] if isinstance(c, dict)}
        self.problems: list[Problem] = []
        self.failed: set[str] = set()
        self.guidelines: dict[str, Node] = {}
        self.chapters: dict[str, Node] = {}
        self.records: list[Planned] = []
        self.record_ids = {s.id for s in sources if s.kind == "anbefaling"} | set(existing_records)
        by_kind = {kind: [s for s in sources if s.kind == kind] for kind in ("retningslinje", "kapittel", "anbefaling")}
        for source in by_kind["retningslinje"]:
            self._guideline(source)
        for source in by_kind["kapittel"]:
            self._chapter(source)
        for node in list(self.guidelines.values()) + list(self.chapters.values()):
            self._children(node)
        for source in by_kind["anbefaling"]:
            self._recommendation(source)
        self._stub_parents()
        for planned in self.records:
            if "retningslinje" not in planned.data:
                planned.data["retningslinje"] = self.guideline_of(planned.data["kapittel"]) or planned.root
        self.chapter_owners()

    # --- the documents of the import ---------------------------------------------------------------------------

    def _keep_mapped(self, mapped: Mapped) -> dict[str, Any]:
        self.problems += mapped.problems
        if any(p.severity == "feil" for p in mapped.problems):
            self.failed.add(mapped.source.id)  # reported once, here; not checked against the model again
        data = dict(mapped.fields)
        if mapped.ekstra:
            data["ekstra"] = mapped.ekstra
        return data

    def _guideline(self, source: Source) -> None:
        exported = source.exported
        if exported is not None:
            data = dict(exported)
            node = Node(source.id, data, _exported_origins(source), stub=bool(data.get("stubb")), source=source)
            for i, chapter in enumerate(data.pop("kapitler", None) or []):
                self.chapters[chapter["id"]] = Node(chapter["id"], dict(chapter), _exported_origins(
                    source, "kapitler", i), bool(chapter.get("stubb")), source, source.id, chapter.get("forelder"))
                node.order.append(chapter["id"])
            self.guidelines[source.id] = node
            return
        mapped = self.mapper.guideline(source)
        self.guidelines[source.id] = Node(source.id, self._keep_mapped(mapped), _origins(mapped), False, source)

    def _chapter(self, source: Source) -> None:
        exported = source.exported
        if exported is not None:
            data = dict(exported)
            gid = data.pop("retningslinje", None)
            if source.id not in self.chapters or self.chapters[source.id].stub:
                self.chapters[source.id] = Node(source.id, data, _exported_origins(source), bool(data.get("stubb")),
                                                source, gid, data.get("forelder"))
            return
        mapped = self.mapper.chapter(source)
        node = Node(source.id, self._keep_mapped(mapped), _origins(mapped), False, source,
                    root_link=self._root(source), named_by=source)
        parent = source.link("forelder")
        if parent is not None and parent.kind == "kapittel":
            node.parent, node.parent_link = parent.id, parent
        elif parent is not None and parent.kind == "retningslinje":
            node.guideline = parent.id
        elif parent is not None:
            self.problems.append(source.problem(parent.loc + ("type",), msg("import.parent_type", found=parent.type)))
        if node.guideline is None and node.root_link is not None:
            node.guideline = node.root_link.id
        self.chapters[source.id] = node

    def _root(self, source: Source) -> Link | None:
        root = source.link("root")
        if root is not None and root.kind != "retningslinje":
            self.problems.append(source.problem(root.loc + ("type",), msg("import.root_type", found=root.type)))
            return None
        return root

    def _children(self, node: Node) -> None:
        """A parent's barn links: chapters in order (a stub for each not in the import), recommendations counted."""
        source = node.source
        if source is None or source.exported is not None:
            return
        missing = []
        is_guideline = node.id in self.guidelines and self.guidelines[node.id] is node
        for link in source.children():
            if link.kind == "kapittel":
                node.order.append(link.id)
                if link.id not in self.chapters and link.id not in self.existing_chapters:
                    gid = node.id if is_guideline else node.guideline
                    self._stub_chapter(link, gid, None if is_guideline else node.id, source, node.root_link)
            elif link.kind == "anbefaling":
                node.order.append(link.id)
                if link.id not in self.record_ids:
                    missing.append(link.raw)
            else:
                missing.append(link.raw)
        if missing:
            node.data.setdefault("ekstra", {})["links.barn"] = missing
            self.problems.append(source.problem(("links",), msg("import.children_missing", count=len(missing)),
                                                "advarsel"))

    def _recommendation(self, source: Source) -> None:
        exported = source.exported
        if exported is not None:
            self.records.append(Planned(dict(exported), _exported_origins(source)))
            return
        mapped = self.mapper.recommendation(source)
        data = self._keep_mapped(mapped)
        parent = source.link("forelder")
        if parent is None:
            self.problems.append(source.problem(("links",), msg("import.no_parent")))
            return
        if parent.kind != "kapittel" and parent.id not in self.chapters:
            self.problems.append(source.problem(parent.loc + ("type",), msg("import.record_parent_type",
                                                                            found=parent.type)))
            return
        root = self._root(source)
        if parent.id not in self.chapters and parent.id not in self.existing_chapters:
            self._stub_chapter(parent, root.id if root else None, None, source, root)
        chapter = self.chapters.get(parent.id)
        number = None
        if chapter is not None and chapter.source is not None and chapter.source.exported is None and not chapter.stub:
            siblings = [link.id for link in chapter.source.children() if link.kind == "anbefaling"]
            number = str(siblings.index(source.id) + 1) if source.id in siblings else None
        data.update({"kapittel": parent.id, "nummer": number})
        origins = _origins(mapped)
        origins[("kapittel",)] = (source.file, source.base + parent.loc)
        self.records.append(Planned(data, origins, root.id if root else None))
        self._owner(source, data, lambda: self.guideline_of(parent.id) or (root.id if root else None))

    # --- stubs ---------------------------------------------------------------------------------------------------

    def _stub_data(self, link: Link, child: Source) -> dict[str, Any] | None:
        if not link.tittel:
            self.problems.append(child.problem(link.loc + ("tittel",), msg("import.link_untitled", id=link.id,
                                                                           rel=link.rel)))
            return None
        kilde = {"dokument": PROVENANCE, "sted": f"{link.type} {link.href.rstrip('/').rsplit('/', 1)[-1]}"}
        if re.match(r"https?://\S+$", link.href):
            kilde["url"] = link.href
        return {"id": link.id, "tittel": link.tittel, "stubb": True, "kilde": kilde}

    def _stub_chapter(self, link: Link, gid: str | None, parent: str | None, child: Source,
                      root: Link | None) -> None:
        data = self._stub_data(link, child)
        if data is not None:
            self.chapters[link.id] = Node(link.id, data, {(): (child.file, child.base + link.loc)}, True, None, gid,
                                          parent, root_link=root, named_by=child)

    def _stub_parents(self) -> None:
        """A parent chapter named only in a forelder link becomes a stub at the top of its guideline; a guideline
        named only in links becomes a stub guideline."""
        for node in list(self.chapters.values()):
            link = node.parent_link
            if link is not None and link.id not in self.chapters and link.id not in self.existing_chapters:
                self._stub_chapter(link, node.guideline, None, node.named_by, node.root_link)
        for node in self.chapters.values():
            node.guideline = self.guideline_of(node.id)
            if node.guideline is None:
                self.problems.append(Problem(*_where(node), msg("import.chapter_orphan", id=node.id)))
        wanted: dict[str, tuple[Link | None, Node]] = {}
        for node in self.chapters.values():
            if node.guideline and node.guideline not in self.guidelines and node.guideline not in self.existing:
                wanted.setdefault(node.guideline, (node.root_link, node))
        for gid, (link, node) in wanted.items():
            source = node.named_by
            if link is None or source is None:
                self.problems.append(Problem(*_where(node), msg("import.guideline_unknown", id=gid)))
                continue
            data = self._stub_data(link, source)
            if data is not None:
                kilde = data.pop("kilde")
                data.update({"eier": None, "status": "ikke oppgitt", "kilder": [kilde]})
                self.guidelines[gid] = Node(gid, data, {(): (source.file, source.base + link.loc)}, True)

    def guideline_of(self, chapter_id: str, seen: frozenset = frozenset()) -> str | None:
        node = self.chapters.get(chapter_id)
        if node is None:
            return self.existing_chapters.get(chapter_id)
        if node.guideline or node.parent is None or node.parent in seen:
            return node.guideline
        return self.guideline_of(node.parent, seen | {chapter_id})

    # --- what is implied by the guideline ------------------------------------------------------------------------

    def _owner(self, source: Source, data: dict[str, Any], guideline) -> None:
        """A document's eier (and a chapter's status) is implied when it is the guideline's; otherwise kept."""
        keys = ("eier", "status") if source.kind == "kapittel" else ("eier",)
        gid = guideline()
        node = self.guidelines.get(gid) if gid else None
        for key in keys:
            value = source.data.get(key)
            if empty(value):
                continue
            theirs = node.source.data.get(key) if node and node.source and node.source.exported is None else None
            if value != theirs:
                data.setdefault("ekstra", {})[key] = value
                self.problems.append(source.problem((key,), msg("import.not_guidelines_own", key=key), "advarsel"))

    def chapter_owners(self) -> None:
        for node in self.chapters.values():
            if node.source is not None and node.source.exported is None and not node.stub and node.source.kind == "kapittel":
                self._owner(node.source, node.data, lambda n=node: n.guideline)

    # --- the result ----------------------------------------------------------------------------------------------

    def chapters_of(self, gid: str) -> list[Node]:
        """The guideline's chapters in the import, parent first, in the order of the barn links."""
        mine = [n for n in self.chapters.values() if n.guideline == gid]
        ids = {n.id for n in mine}
        done: list[Node] = []
        seen: set[str] = set()

        def visit(cid: str) -> None:
            node = self.chapters.get(cid)
            if node is None or cid in seen or cid not in ids:
                return
            seen.add(cid)
            if node.parent in ids:
                visit(node.parent)
            done.append(node)
            for child in node.order:
                visit(child)
            for other in mine:
                if other.parent == cid:
                    visit(other.id)

        guideline = self.guidelines.get(gid)
        for cid in (guideline.order if guideline else []):
            visit(cid)
        for node in mine:
            visit(node.id)
        return done


def _where(node) -> tuple[str, int, int]:
    located, loc = node.origins[()]
    return (located.shown, *located.where(loc))
