"""The store of checked records and rendered pages (build/store.py) is only a cache: a build with it makes what a
build without it makes, a message about an unchanged file still names its line, and a broken store file is
made again."""

from __future__ import annotations

import shutil

import pytest

from conftest import RECORD, make_project
from generator.build.pipeline import Options, build
from generator.model.problems import ContentError

UNTIL_MARKDOWN = Options(pdf=False, until="write")


def _markdown(project) -> dict[str, str]:
    return {p.relative_to(project.docs).as_posix(): p.read_text(encoding="utf-8") for p in project.docs.rglob("*.md")}


def test_a_build_from_the_store_makes_what_a_cold_build_makes(tmp_path):
    project = make_project(tmp_path / "lib", records={"rec": RECORD, "rec-2": RECORD.replace("id: rec", "id: rec-2")
                                                       .replace('nummer: "1"', 'nummer: "2"')})
    build(project, UNTIL_MARKDOWN)
    assert sorted(p.name for p in (project.cache / "poster").iterdir()) == ["_markdown.pickle", "test.pickle"]
    record = project.content / "test/anbefalinger/rec-2.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("gjøre noe", "gjøre noe annet"), encoding="utf-8")
    warm = build(project, UNTIL_MARKDOWN)
    assert warm.written == 2  # the record's page and its chapter's, which shows the texts
    cold = make_project(tmp_path / "cold", records={})
    shutil.rmtree(cold.content)
    shutil.copytree(project.content, cold.content)
    build(cold, UNTIL_MARKDOWN)
    assert _markdown(project) == _markdown(cold)
    assert "Helsepersonell bør gjøre noe annet." in _markdown(project)["test/anbefaling/rec-2.md"]


def test_an_error_about_an_unchanged_file_names_its_line(tmp_path):
    project = make_project(tmp_path / "lib")
    build(project, UNTIL_MARKDOWN)
    # A new file (two lines lower) with the number of the stored one in the same chapter: the error about the
    # stored file, which this build did not parse, points at its number's value, and names the new file's line.
    (project.content / "test/anbefalinger/kopi.yaml").write_text("\n\n" + RECORD, encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        build(project, UNTIL_MARKDOWN)
    shown = [str(p) for p in raised.value.problems]
    assert any(s.startswith("test/anbefalinger/rec.yaml:4:9: felt 'nummer'") and s.endswith("kopi.yaml:6")
               for s in shown), shown


def test_a_broken_store_file_is_made_again(tmp_path):
    project = make_project(tmp_path / "lib")
    build(project, UNTIL_MARKDOWN)
    before = _markdown(project)
    for path in (project.cache / "poster").iterdir():
        path.write_bytes(b"ikke en pickle")
    shutil.rmtree(project.docs)
    build(project, UNTIL_MARKDOWN)
    assert _markdown(project) == before
    assert all(path.read_bytes() != b"ikke en pickle" for path in (project.cache / "poster").iterdir())


def test_compiled_templates_and_dictionaries_kept_for_the_next_build_are_only_a_cache(tmp_path):
    """A build keeps its compiled templates and parsed hyphenation dictionary in the cache (a build after one
    change renders little and spent half of it on them); broken, they are made again and change nothing."""
    from generator.render.environment import _dictionary, hyphenate

    hyphenate.cache_clear()  # words and dictionary met by an earlier test in this process
    _dictionary.cache_clear()
    project = make_project(tmp_path / "lib")
    build(project, UNTIL_MARKDOWN)
    kept = project.cache / "maler"
    assert [p.name for p in kept.glob("orddeling-nb_NO-*.pickle")] and list(kept.glob("__jinja2_*.cache"))
    before = _markdown(project)
    for path in kept.iterdir():
        path.write_bytes(b"ikke kompilert")
    hyphenate.cache_clear()
    _dictionary.cache_clear()
    shutil.rmtree(project.docs)
    shutil.rmtree(project.cache / "poster")
    build(project, UNTIL_MARKDOWN)
    assert _markdown(project) == before
    assert (project.cache / "maler" / next(kept.glob("orddeling-*")).name).read_bytes() != b"ikke kompilert"


def test_a_records_stored_pages_are_used_while_what_they_show_is_unchanged(tmp_path):
    """After one record changed, the others' pages come from the store (a marker put into the stored page shows
    through); after the guideline itself changed (a chapter's title, which every record page shows), every
    record page is made again."""
    import pickle

    from generator.build import inputs
    from generator.render.stored import pack

    project = make_project(tmp_path / "lib", records={"rec": RECORD, "rec-2": RECORD.replace("id: rec", "id: rec-2")
                                                       .replace('nummer: "1"', 'nummer: "2"')})
    build(project, UNTIL_MARKDOWN)
    stored = project.cache / "poster" / "test.pickle"
    code, entries = pickle.loads(stored.read_bytes())
    (key, value), = ((k, v) for k, v in entries.items() if k[0] == "pages")
    pages, owners = pickle.loads(value)
    assert code == inputs.code()
    assert sorted(owners.values()) == [["test/anbefaling/rec-2.md"], ["test/anbefaling/rec.md"]]
    pages["test/anbefaling/rec.md"] = pack("# Merket side fra lageret\n")
    entries[key] = pickle.dumps((pages, owners))
    stored.write_bytes(pickle.dumps((code, entries)))

    other = project.content / "test/anbefalinger/rec-2.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("gjøre noe", "gjøre noe annet"), encoding="utf-8")
    build(project, UNTIL_MARKDOWN)
    assert _markdown(project)["test/anbefaling/rec.md"] == "# Merket side fra lageret\n"
    assert "Helsepersonell bør gjøre noe annet." in _markdown(project)["test/anbefaling/rec-2.md"]

    guideline = project.content / "test/retningslinje.yaml"
    guideline.write_text(guideline.read_text(encoding="utf-8").replace("Kapittel én", "Kapittel 1"), encoding="utf-8")
    build(project, UNTIL_MARKDOWN)
    shown = _markdown(project)
    assert "Merket side" not in shown["test/anbefaling/rec.md"]
    assert all("Kapittel 1" in shown[f"test/anbefaling/{name}.md"] for name in ("rec", "rec-2"))
