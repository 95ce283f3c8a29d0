"""Checked records and rendered pages kept between builds, so a build after a small change parses, checks and
renders only what changed (the checks across records still run over all of them).

A file is known by the hash of its bytes: its checked record (and the problems its check found) is kept under
that hash and the words of its language's vocabularies. A guideline's pages are kept under the hash of
everything they are made from (render/pages.py: Renderer.stored_key). One file per guideline folder in the
cache folder, rewritten only when its entries changed; each holds the entries the last build used, so the
store does not grow. The whole store is dropped when the code changes (inputs.code).

The files are pickles: records are typed objects, and reading them back from JSON would validate them all
again, which is what the store saves. The cache folder is as trusted as the code that reads it: the shards it
holds go into the site as they are.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

from . import inputs

MARKDOWN = "_markdown"  # the group of build/docs' hashes: no guideline folder has a name starting with "_"


class Store:
    """Entries by guideline folder, each pickled: ("record", file hash, words hash) → (record, problems);
    ("pages", key) → the guideline's pages."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.groups: dict[str, dict[tuple, Any]] = {}
        self.used: dict[str, dict[tuple, Any]] = {}

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
        self.used.setdefault(group, {})[key] = found
        return pickle.loads(found)

    def put(self, group: str, key: tuple, value: Any) -> None:
        """Keep value as it is now (pickled at once: a later stage may change the objects)."""
        self.used.setdefault(group, {})[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def markdown(self) -> dict[str, str]:
        """A hash of each page of build/docs as this build and the last wrote it (files.sync_folder), kept with
        the rest when the store is saved."""
        if MARKDOWN not in self.used:
            kept = self.get(MARKDOWN, ("sider",))
            self.used[MARKDOWN] = {("sider",): kept if kept is not None else {}}
        return self.used[MARKDOWN][("sider",)]

    def save(self) -> None:
        """Write the groups whose entries changed and drop the folders the build no longer has; then empty."""
        self.folder.mkdir(parents=True, exist_ok=True)
        if MARKDOWN in self.used:
            self.put(MARKDOWN, ("sider",), self.used[MARKDOWN][("sider",)])
        for group, entries in self.used.items():
            if entries != self.groups.get(group):
                path = self.folder / f"{group}.pickle"
                tmp = path.with_name(path.name + ".tmp")
                tmp.write_bytes(pickle.dumps((inputs.code(), entries), protocol=pickle.HIGHEST_PROTOCOL))
                self.groups[group] = entries
                tmp.replace(path)
        for path in self.folder.glob("*.pickle"):
            if path.stem not in self.used:
                path.unlink()
        # Nothing after the write stage reads the store: let its copies go before MkDocs and Pagefind run.
        self.groups, self.used = {}, {}
