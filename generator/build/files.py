"""Writing the build's files: only what changed, never half a file."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping

from ..export.json_text import json_text


def write_if_changed(path: Path, text: str) -> int:
    """Write only when the text differs, so unchanged pages keep their modification time."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return 0
    write_whole(path, text.encode("utf-8"))
    return 1


def write_whole(path: Path, data: bytes) -> None:
    """Write beside path and rename over it, so a reader (or a build cut short) finds the old file or the new,
    never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def sync_folder(folder: Path, pages: Mapping[str, str], previous: dict | None = None,
                digests: Mapping[str, str] | None = None) -> int:
    """Make folder hold exactly these pages: write changed ones, delete ones no longer rendered.

    previous: each page's hash as last written here (kept by the live preview in its process and by a build in
    the store), with digests, each page's hash now (stored.digests): an unchanged page is neither read back from
    disk nor decompressed. previous is updated to digests."""
    written = 0
    for relative in pages:
        if previous is not None and previous.get(relative) == digests[relative] and (folder / relative).is_file():
            continue
        written += write_if_changed(folder / relative, pages[relative])
    if previous is not None:
        previous.clear()
        previous.update(digests)
    return written + remove_all_but(folder, pages)


def remove_all_but(folder: Path, kept: Mapping[str, Any] | set[str]) -> int:
    """Delete the files under folder whose paths below it are not in kept, and folders left empty; returns the
    count deleted."""
    removed = 0
    # Bottom-up, by name (not Path objects: this runs over every page on each save in the live preview).
    top = str(folder)
    for directory, _dirs, names in os.walk(top, topdown=False):
        # The folder's path below the top, by slicing: os.walk gives each directory as top joined with it.
        below = directory[len(top) + 1:].replace(os.sep, "/")
        for name in names:
            if (f"{below}/{name}" if below else name) not in kept:
                os.unlink(os.path.join(directory, name))
                removed += 1
        if directory != top and not os.listdir(directory):
            os.rmdir(directory)
    return removed


def write_json_files(site: Path, files: dict[str, Any], written: set[str] | None = None) -> int:
    """Write each value as a JSON file at its path under site; returns the count (see _write)."""
    return _write(site, ((relative, json_text(content)) for relative, content in files.items()), written)


def write_text_files(site: Path, files: Mapping[str, str], written: set[str] | None = None) -> int:
    """Write each text at its path under site (UTF-8, exactly as given); returns the count (see _write)."""
    return _write(site, files.items(), written)


def _write(site: Path, files: Iterable[tuple[str, str]], written: set[str] | None) -> int:
    """Each text written as it comes (a library's JSON, all at once, would take hundreds of megabytes).
    written: given for a folder that starts as links to an earlier version's files (which the site links to
    as well): a file with the same bytes is kept, else replaced, never written into; gets each path."""
    made: set[Path] = set()
    count = 0
    for relative, text in files:
        path = site / relative
        if path.parent not in made:  # thousands of files share a few folders
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = text.encode("utf-8")
        if written is None:
            path.write_bytes(data)
        else:
            if not path.is_file() or path.read_bytes() != data:
                write_whole(path, data)
            written.add(relative)
        count += 1
    return count


def update_in_place(target: Path, sources: list[tuple[Path, str]], record: Path | None = None) -> int:
    """Make target hold exactly the files of these folders, each under its place in target ("" for the top), as
    hard links where the file system allows (the cache keeps its copy; nothing writes to a file in place).

    Only what differs is touched, so a build after a small change costs what changed, not the whole site: a file
    that already is its source's (the same inode, or for a copy the same size and time) stays; the others are
    linked or copied beside their place and renamed over it, so a reader gets the old file or the new, never half
    of one; files no folder holds are deleted. The caller runs this last, once everything has been made: a failed
    build never gets here. Two folders may not hold the same path. Returns how many files changed.

    record: a file where the update writes down what it put where. With it, the next update lists only the
    folders it has not seen (a cache folder never changes once made, so one seen before, the same folder, still
    holds what it held) and takes target's files from the record instead of listing them: at 10,000
    recommendations that is seconds. A record is used only for target as the update left it (made anew, or an
    entry added or removed at its top, it is listed); a file changed deeper in target by hand is put right when
    its folder changes or the record is gone."""
    last = _last_update(record, target)
    if record is not None:
        record.unlink(missing_ok=True)  # an update cut short leaves no record that would trust what it left
    wanted: dict[str, tuple[str | None, int]] = {}
    listed: dict[tuple, list[tuple[str, int]]] = {}
    for source, place in sources:
        folder = os.stat(source)
        # The same folder, not one made again at the same path (which may even get the same inode).
        name = (str(source), place, folder.st_dev, folder.st_ino, folder.st_ctime_ns)
        if last is not None and name in last[1]:
            files = [(relative, None, inode) for relative, inode in last[1][name]]
        else:
            files = list(_files(str(source), place))
        for relative, path, inode in files:
            if relative in wanted:
                raise FileExistsError(f"to deler av nettstedet skriver {relative}")
            wanted[relative] = (path, inode)
        listed[name] = [(relative, inode) for relative, _path, inode in files]
    target.mkdir(parents=True, exist_ok=True)
    if last is not None:
        have = {relative: (os.path.join(target, relative), inode)
                for files in last[1].values() for relative, inode in files}
    else:
        have = {relative: (path, inode) for relative, path, inode in _files(str(target), "")}
    changed, emptied, made = 0, set(), set()
    for relative, (path, _inode) in have.items():
        if relative not in wanted:
            try:
                os.unlink(path)
            except FileNotFoundError:  # taken away by hand since the record was written
                pass
            emptied.add(os.path.dirname(path))
            changed += 1
    for relative, (source, inode) in wanted.items():
        present = have.get(relative)
        if present is not None and (present[1] == inode or last is None and _same_copy(source, present[0])):
            continue
        _place(source, target, relative, made)
        changed += 1
    for folder in sorted(emptied, key=len, reverse=True):  # the deepest first, then up while they are empty
        while folder != str(target) and os.path.isdir(folder) and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)
    if record is not None:
        _write_record(record, target, listed)
    return changed


def _last_update(record: Path | None, target: Path) -> tuple | None:
    """The record of the last update into target: (target's device, inode and change time, files by source
    folder), or None when there is none for this very folder as the update left it."""
    if record is None or not record.is_file() or not target.is_dir():
        return None
    try:
        last = pickle.loads(record.read_bytes())
    except Exception:  # cut short or from another version: target is listed instead
        return None
    here = os.stat(target)
    return last if last[0] == (here.st_dev, here.st_ino, here.st_ctime_ns) else None


def _write_record(record: Path, target: Path, listed: dict) -> None:
    here = os.stat(target)
    state = (here.st_dev, here.st_ino, here.st_ctime_ns)
    write_whole(record, pickle.dumps((state, listed), protocol=pickle.HIGHEST_PROTOCOL))


def link(source: str | Path, destination: str | Path) -> None:
    """A hard link to source (the cache keeps the file, nothing writes into it), or a copy on another file
    system."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def _files(top: str, place: str) -> Iterator[tuple[str, str, int]]:
    """Every file under top as (its path below top, under place; its path; its inode), from the directory
    listing alone (no stat call per file)."""
    pending = [(top, place)]
    while pending:
        folder, below = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = f"{below}/{entry.name}" if below else entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, relative))
                else:
                    yield relative, entry.path, entry.inode()


def _same_copy(source: str, present: str) -> bool:
    """A copy (where hard links are not possible) is the source's if it has its size and modification time."""
    a, b = os.stat(source), os.lstat(present)
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns and not os.path.islink(present)


def _place(source: str, target: Path, relative: str, made: set[Path]) -> None:
    """Put source at target/relative: linked (or copied) beside it, then renamed over it. A file where one of
    its folders now goes, or a folder where it goes, is taken away first. made: folders known to exist."""
    path = target / relative
    if path.parent not in made:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            for above in reversed(path.relative_to(target).parents):
                if (target / above).is_file() or (target / above).is_symlink():
                    (target / above).unlink()
            path.parent.mkdir(parents=True, exist_ok=True)
        made.add(path.parent)
    beside = path.with_name(f".{path.name}.ny")
    beside.unlink(missing_ok=True)
    link(source, beside)
    try:
        os.replace(beside, path)
    except IsADirectoryError:
        shutil.rmtree(path)
        os.replace(beside, path)


def forget_other_versions(root: Path, current: dict[str, str]) -> None:
    """In a cache folder of root/<name>/<key>/, keep only each name's current key, so the cache does not grow
    build after build (the shards' and the PDFs')."""
    for name in root.iterdir() if root.is_dir() else []:
        for version in name.iterdir():
            if current.get(name.name) != version.name:
                shutil.rmtree(version, ignore_errors=True)
        if not any(name.iterdir()):
            name.rmdir()
