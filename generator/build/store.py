"""Checked records and rendered pages kept between builds, so a build after a small change parses, checks and
renders only what changed (the checks across records still run over all of them).

A file is known by the hash of its bytes: its checked record (and the problems its check found) is kept under
that hash and the words of its language's vocabularies. A guideline's pages are kept under the hash of
everything they are made from (render/pages.py: Renderer.stored_key); when that changed, a record's own pages
are taken from the last build's entry if what they are made from did not (Renderer._record_key). One file
per guideline folder in the cache folder, rewritten only when its entries changed; each holds the entries the
last build used, so the store does not grow. The whole store is dropped when the code changes (inputs.code).

The files are pickles: records are typed objects, and reading them back from JSON would validate them all
again, which is what the store saves. The cache folder is as trusted as the code that reads it: the shards it
holds go into the site as they are.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from . import inputs
from .files import write_whole

MARKDOWN = "_markdown"  # the group of build/docs' hashes: no guideline folder has a name starting with "_"


class Store:
    """Entries by guideline folder: ("record", file hash, words hash) → (record, problems); ("pages", key) →
    the guideline's pages, and which of them are each record's. What a build reuses stays pickled as it was
    read; what it makes is held as the objects the build holds anyway, and pickled one folder at a time when
    the store is saved (the write stage, before anything could change them), so the store costs a cold build
    no second copy of the library."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.groups: dict[str, dict[tuple, bytes]] = {}  # as read
        self.kept: dict[str, dict[tuple, bytes]] = {}  # read and used again
        self.made: dict[str, dict[tuple, Any]] = {}  # made by this build

    @classmethod
    def load(cls, folder: Path) -> Store:
        """The store of the last build, or an empty one (another version of the code, or an unreadable file)."""
        store = cls(folder)
        for path in sorted(folder.glob("*.pickle")) if folder.is_dir() else []:
            try:
                code, entries = pickle.loads(path.read_bytes())
            except Exception:  # a file cut short or from another Python: made again
                continue
            if code == inputs.code():
                store.groups[path.stem] = entries
        return store

    @property
    def files(self) -> set[str]:
        """The hashes of every file whose checked record is kept."""
        return {key[1] for entries in self.groups.values() for key in entries if key[0] == "record"}

    def get(self, group: str, key: tuple) -> Any:
        """The entry, or None; an entry asked for is kept for the next build."""
        found = self.groups.get(group, {}).get(key)
        if found is None:
            return None
        self.kept.setdefault(group, {})[key] = found
        return pickle.loads(found)

    def earlier(self, group: str, kind: str) -> Any:
        """The group's entry of this kind as the last build left it (the store keeps only what a build used: one
        at most), or None; not kept for the next build unless asked for by its key."""
        found = next((value for key, value in self.groups.get(group, {}).items() if key[0] == kind), None)
        return None if found is None else pickle.loads(found)

    def put(self, group: str, key: tuple, value: Any) -> None:
        self.made.setdefault(group, {})[key] = value

    def markdown(self) -> dict[str, str]:
        """A hash of each page of build/docs as this build and the last wrote it (files.sync_folder), kept with
        the rest when the store is saved."""
        if MARKDOWN not in self.made:
            kept = self.get(MARKDOWN, ("sider",))
            self.put(MARKDOWN, ("sider",), kept if kept is not None else {})
        return self.made[MARKDOWN][("sider",)]

    def save(self) -> None:
        """Write the folders whose entries changed and drop those the build no longer has; then let go of it all
        (nothing after the write stage reads the store)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for group in self.kept.keys() | self.made.keys():
            kept = self.kept.get(group, {})
            if group not in self.made and kept.keys() == self.groups.get(group, {}).keys():
                continue  # every entry as it was
            entries = dict(kept)
            entries.update((key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                           for key, value in self.made.get(group, {}).items())
            write_whole(self.folder / f"{group}.pickle",
                        pickle.dumps((inputs.code(), entries), protocol=pickle.HIGHEST_PROTOCOL))
        for path in self.folder.glob("*.pickle"):
            if path.stem not in self.kept and path.stem not in self.made:
                path.unlink()
        self.groups, self.kept, self.made = {}, {}, {}
