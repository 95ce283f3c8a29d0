"""Writing the build's files: only what changed, never half a file, and a whole folder swapped in at once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..export.json_text import json_text
from ..render.stored import stored_form


def write_if_changed(path: Path, text: str) -> int:
    """Write only when the text differs, so unchanged pages keep their modification time."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return 1


def sync_folder(folder: Path, pages: Mapping[str, str], previous: dict | None = None) -> int:
    """Make folder hold exactly these pages: write changed ones, delete ones no longer rendered.

    previous: the pages this process wrote last time, so unchanged ones need not be read back from disk (kept,
    like the rendered pages, compressed: an unchanged page is never decompressed)."""
    stored = stored_form(pages)
    written = 0
    for relative, value in stored.items():
        if previous is not None and previous.get(relative) == value and (folder / relative).is_file():
            continue
        written += write_if_changed(folder / relative, pages[relative])
    if previous is not None:
        previous.clear()
        previous.update(stored)
    # Bottom-up, by name (not Path objects: this runs over every page on each save in the live preview).
    top = str(folder)
    for directory, _dirs, names in os.walk(top, topdown=False):
        # The folder's path below the top, by slicing: os.walk gives each directory as top joined with it.
        below = directory[len(top) + 1:].replace(os.sep, "/")
        for name in names:
            if (f"{below}/{name}" if below else name) not in pages:
                os.unlink(os.path.join(directory, name))
                written += 1
        if directory != top and not os.listdir(directory):
            os.rmdir(directory)
    return written


def write_json_files(site: Path, files: dict[str, Any]) -> int:
    """Write each value as a JSON file at its path under site; returns the count."""
    return _write(site, ((relative, json_text(content)) for relative, content in files.items()))


def write_text_files(site: Path, files: Mapping[str, str]) -> int:
    """Write each text at its path under site (UTF-8, exactly as given); returns the count."""
    return _write(site, files.items())


def _write(site: Path, files: Iterable[tuple[str, str]]) -> int:
    """Each text written as it comes (a library's JSON, all at once, would take hundreds of megabytes)."""
    made: set[Path] = set()
    count = 0
    for relative, text in files:
        path = site / relative
        if path.parent not in made:  # thousands of files share a few folders
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(text.encode("utf-8"))
        count += 1
    return count


def swap_in(built: Path, target: Path) -> None:
    """Put a finished folder in place of target, so readers of target never see half a site."""
    old = target.with_name(".site-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    built.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def merge(folders: list[Path], site: Path) -> int:
    """Put the files of these folders together in site, as hard links where the file system allows (the cache
    keeps its copy; nothing later writes to a page in place). Two folders may not hold the same path."""
    count = 0
    for source in folders:
        for directory, _dirs, names in os.walk(source):
            target = site / Path(directory).relative_to(source)
            target.mkdir(parents=True, exist_ok=True)
            for name in names:
                if (target / name).exists():
                    raise FileExistsError(f"to deler av nettstedet skriver {target.relative_to(site) / name}")
                try:
                    os.link(Path(directory) / name, target / name)
                except OSError:
                    shutil.copy2(Path(directory) / name, target / name)
                count += 1
    return count


def forget_other_versions(root: Path, current: dict[str, str]) -> None:
    """In a cache folder of root/<name>/<key>/, keep only each name's current key, so the cache does not grow
    build after build (the shards' and the PDFs')."""
    for name in root.iterdir() if root.is_dir() else []:
        for version in name.iterdir():
            if current.get(name.name) != version.name:
                shutil.rmtree(version, ignore_errors=True)
        if not any(name.iterdir()):
            name.rmdir()
