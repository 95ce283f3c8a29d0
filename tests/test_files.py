"""build/docs is kept in step with the rendered pages: changed pages written, pages no longer rendered deleted,
folders left empty removed, unchanged pages not touched."""

from __future__ import annotations

from generator.build.files import sync_folder


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
