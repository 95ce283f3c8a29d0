"""build/docs is kept in step with the rendered pages, and the site with the cache: changed files written, files
no longer made deleted, folders left empty removed, unchanged files not touched."""

from __future__ import annotations

import shutil

import pytest

from generator.build.files import sync_folder, update_in_place


def _tree(folder, files: dict[str, str]):
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _read(folder):
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}


def test_sync_folder_writes_changed_pages_and_deletes_the_rest_at_every_depth(tmp_path):
    for name in ["a.md", "x/b.md", "x/y/c.md", "z/d.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("1", encoding="utf-8")
    kept = (tmp_path / "a.md").stat().st_mtime_ns
    assert sync_folder(tmp_path, {"a.md": "1", "x/y/c.md": "2", "n/e.md": "3"}) == 4  # 2 written, 2 deleted
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "a.md", "n", "n/e.md", "x", "x/y", "x/y/c.md"]
    assert (tmp_path / "x/y/c.md").read_text(encoding="utf-8") == "2"
    assert (tmp_path / "a.md").stat().st_mtime_ns == kept


def test_update_in_place_links_what_changed_and_leaves_the_rest(tmp_path):
    a = _tree(tmp_path / "a", {"index.html": "hjem", "g/side/index.html": "side", "g/gammel.html": "gammel"})
    b = _tree(tmp_path / "b", {"api/x.json": "{}"})
    site = tmp_path / "site"
    assert update_in_place(site, [(a, ""), (b, "data")]) == 4
    assert (site / "data/api/x.json").stat().st_ino == (b / "api/x.json").stat().st_ino  # a link, not a copy
    kept = (site / "index.html").stat().st_ino
    # The next build: one file changed (a new file in the cache), one gone, a file where a folder was and a
    # folder where a file was, a stray file in the site.
    (a / "g/side/index.html").unlink()
    _tree(a, {"g/side/index.html": "ny side"})
    (a / "g/gammel.html").rename(tmp_path / "flyttet")
    _tree(a, {"g/gammel.html/index.html": "nå en mappe"})
    (b / "api/x.json").unlink()
    (b / "api").rmdir()
    _tree(b, {"api": "nå en fil"})
    _tree(site, {"rusk/fil.txt": "ikke fra bygget"})
    update_in_place(site, [(a, ""), (b, "data")])
    assert {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*") if p.is_file()} == {
        "index.html": "hjem", "g/side/index.html": "ny side", "g/gammel.html/index.html": "nå en mappe",
        "data/api": "nå en fil"}
    assert (site / "index.html").stat().st_ino == kept
    assert not (site / "rusk").exists()
    assert update_in_place(site, [(a, ""), (b, "data")]) == 0


def test_update_in_place_refuses_two_folders_writing_one_path(tmp_path):
    a = _tree(tmp_path / "a", {"x.html": "1"})
    b = _tree(tmp_path / "b", {"x.html": "2"})
    with pytest.raises(FileExistsError, match="x.html"):
        update_in_place(tmp_path / "site", [(a, ""), (b, "")])
    assert not (tmp_path / "site").exists()  # nothing touched before the folders were read


def test_update_in_place_with_a_record_lists_only_new_folders_and_ends_as_a_full_update(tmp_path):
    """With a record, folders seen before are not listed again (cache folders never change once made): a new
    version of a folder replaces the old one's files, and the site ends exactly as an update without a record
    makes it. A target made anew is listed in full."""
    record = tmp_path / "oppdatert.pickle"
    a1 = _tree(tmp_path / "a1", {"g/index.html": "1", "g/gammel.html": "gammel"})
    b = _tree(tmp_path / "b", {"api/x.json": "{}"})
    site = tmp_path / "site"
    assert update_in_place(site, [(a1, ""), (b, "")], record) == 3
    kept = (site / "api/x.json").stat().st_ino
    a2 = _tree(tmp_path / "a2", {"g/index.html": "2", "g/ny/index.html": "ny"})
    assert update_in_place(site, [(a2, ""), (b, "")], record) == 3  # one replaced, one new, one gone
    files = _read(site)
    assert files == {"g/index.html": "2", "g/ny/index.html": "ny", "api/x.json": "{}"}
    assert (site / "api/x.json").stat().st_ino == kept
    fresh = tmp_path / "fresh"
    update_in_place(fresh, [(a2, ""), (b, "")])
    assert files == _read(fresh)
    # A folder seen before but made again (the cache emptied) is another folder: listed.
    shutil.rmtree(b)
    _tree(b, {"api/y.json": "[]"})
    update_in_place(site, [(a2, ""), (b, "")], record)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        "api/y.json", "g/index.html", "g/ny/index.html"]
    # The site folder made anew: the record is for another folder, so the update lists it and fills it.
    shutil.rmtree(site)
    _tree(site, {"rusk.txt": "x"})
    update_in_place(site, [(a2, ""), (b, "")], record)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        "api/y.json", "g/index.html", "g/ny/index.html"]
