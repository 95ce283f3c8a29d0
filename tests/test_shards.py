"""The sharded build makes the site `mkdocs build` makes, byte for byte where it should; reuses exactly the
shards and PDFs whose inputs did not change; and CI runners' shares merge into the same site."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, index_site
from generator.build.minify import minify_site
from generator.build.mkdocs import build_into_temporary
from generator.build.pipeline import Options, StageError, build
from generator.build.project import Project

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import write_library  # noqa: E402



def _written_later(name: str) -> bool:
    """Written beside the pages by later stages, not by MkDocs: Pagefind's index, the API, FHIR, the schemas, the
    web editor, citations and feeds."""
    return name.startswith(("pagefind/", "fhir/", "schema/", "pdf/", "admin/")) or name == "openapi.json" or (
        name.startswith("api/") and name.endswith(".json")) or name.rsplit("/", 1)[-1] in (
        "sitering.ris", "sitering.bib", "sitering.json", "atom.xml", "feed.json")

LINKED = "retningslinje-002-kapittel-2-1"


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _comparable(site: Path) -> dict[str, bytes]:
    """The site's files, less the ones that legitimately differ between two folders holding the same pages:
    Pagefind numbers pages in the order it finds their files, which the file system decides, so its metadata,
    filter and entry files (and their hashed names) differ. Its fragments (each page's text) and its word index
    chunks stay in, and are compared."""
    files = _files(site)
    varying = [n for n in files if n.startswith("pagefind/") and (
        n.endswith(("pagefind-entry.json", ".pf_meta")) or "/filter/" in n)]
    assert len(varying) >= 3 and any(n.startswith("pagefind/fragment/") for n in files)
    return {name: data for name, data in files.items() if name not in varying}


def _library(root: Path) -> Project:
    """Two guidelines, a recommendation of the first linking to one of the second."""
    write_library(root, guidelines=2, chapters=2, per_chapter=2)
    record = root / "content/retningslinje-001/anbefalinger/retningslinje-001-kapittel-1-1.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(
        'tekst: "', f'tekst: "Se [den andre]({"anbefalt:anbefaling/" + LINKED}). ', 1), encoding="utf-8")
    return Project(root)


def _shard_lines(result) -> list[str]:
    return sorted(line.split("(")[1].split(")")[0] for line in result.mkdocs_output.splitlines() if " sider (" in line)


@pytest.fixture(scope="module")
def sharded(tmp_path_factory, monkeypatch_module):
    project = _library(tmp_path_factory.mktemp("sharded") / "lib")
    return project, build(project, Options(pdf=False))


@pytest.fixture(scope="module")
def monkeypatch_module():
    # Both builds give their pages the same date (the sitemap's), even across midnight.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        yield patch


def test_the_sharded_site_is_what_a_single_mkdocs_build_makes(sharded):
    project, result = sharded
    assert _shard_lines(result) == ["_nettsted", "retningslinje-001", "retningslinje-002"]
    single, _log = build_into_temporary(project, result.config, offline=False)
    try:
        minify_site(single)
        expected, got = _files(single), _files(project.site)
    finally:
        shutil.rmtree(single)
    # The one file that differs, and why: the single build's lunr index holds every page's text; the served
    # site's holds the same settings and no page (Pagefind answers its searches).
    lunr, empty = (json.loads(files.pop("search/search_index.json")) for files in (expected, got))
    assert lunr["docs"] and empty == {"config": lunr["config"], "docs": []}
    written_later = {name for name in got if _written_later(name)}
    assert written_later and not any(_written_later(name) for name in expected)
    assert set(got) - written_later == set(expected)
    different = [name for name in expected if expected[name] != got[name]]
    assert different == []
    # Among the identical files: the page with the link to the other guideline's shard, and the sitemap.
    page = got["retningslinje-001/anbefaling/retningslinje-001-kapittel-1-1/index.html"].decode()
    assert f'<a href=../../../retningslinje-002/anbefaling/{LINKED}/>den andre</a>' in page
    assert "sitemap.xml" in expected and "404.html" in expected


def _copy(project: Project, to: Path) -> Project:
    shutil.copytree(project.root, to, ignore=shutil.ignore_patterns("site", ".site-*"))
    return Project(to)


def test_a_changed_record_rebuilds_only_its_guidelines_shard_and_the_site_is_as_if_built_cold(sharded, tmp_path):
    project = _copy(sharded[0], tmp_path / "lib")
    record = project.content / "retningslinje-002/anbefalinger/retningslinje-002-kapittel-1-2.yaml"
    text = record.read_text(encoding="utf-8")
    # A new title shows in its own guideline's menu, on every page of that guideline, and nowhere else.
    record.write_text(text.replace("tittel: \"", "tittel: \"Ny tittel ", 1), encoding="utf-8")
    warm = build(project, Options(pdf=False))
    assert _shard_lines(warm) == ["retningslinje-002"]
    cold = _copy(project, tmp_path / "cold")
    shutil.rmtree(cold.cache)
    assert _shard_lines(build(cold, Options(pdf=False))) == ["_nettsted", "retningslinje-001", "retningslinje-002"]
    assert _comparable(project.site) == _comparable(cold.site)
    # Nothing changed: nothing is built, and only the current version of each shard is kept.
    assert _shard_lines(build(project, Options(pdf=False))) == []
    versions = [p.relative_to(project.cache / "shards").parts for p in (project.cache / "shards").glob("*/*")]
    assert sorted(name for name, _key in versions) == ["_nettsted", "retningslinje-001", "retningslinje-002"]


def test_a_changed_text_builds_only_its_pages_and_touches_only_the_files_that_changed(sharded, tmp_path):
    """A text, not a title: the menus stay as they were, so the shard starts from its earlier version and only
    the pages that show the text are built; the site's other files are left as they were (the same files, not
    copies), the other guideline's exports are reused, and the site is what a cold build makes."""
    project = _copy(sharded[0], tmp_path / "lib")
    build(project, Options(pdf=False))
    before = {p: p.stat().st_ino for p in project.site.rglob("*") if p.is_file()}
    record = project.content / "retningslinje-002/anbefalinger/retningslinje-002-kapittel-1-2.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace('tekst: "', 'tekst: "Ny ordlyd. ', 1),
                      encoding="utf-8")
    warm = build(project, Options(pdf=False))
    assert [line.split("INFO    -  ")[1].split(" på")[0] for line in warm.mkdocs_output.splitlines()] == [
        "2 sider (retningslinje-002)"]
    assert "API-, FHIR- og siteringsfilene til 1 uendrede retningslinjer er gjenbrukt." in warm.notes
    after = {p: p.stat().st_ino for p in project.site.rglob("*") if p.is_file()}
    replaced = sorted(p.relative_to(project.site).as_posix() for p in after if before.get(p) != after[p])
    page = "retningslinje-002/anbefaling/retningslinje-002-kapittel-1-2/index.html"
    assert page in replaced and "Ny ordlyd." in (project.site / page).read_text(encoding="utf-8")
    assert not [p for p in replaced if p.startswith("retningslinje-001/")]
    assert len(replaced) < len(after) / 3
    # The guideline's exports are a new version, but one that kept the earlier's files where their bytes are the
    # same: the site's files change for this record, its guideline's lists and the API's index alone.
    assert [p for p in replaced if p.startswith(("api/", "fhir/")) or "/sitering." in p] == [
        "api/anbefalinger/retningslinje-002-kapittel-1-2.json", "api/index.json",
        "api/retningslinjer/retningslinje-002/anbefalinger.json", "fhir/Bundle/retningslinje-002.json",
        "fhir/PlanDefinition/retningslinje-002-kapittel-1-2.json"]
    cold = _copy(project, tmp_path / "cold")
    shutil.rmtree(cold.cache)
    build(cold, Options(pdf=False))
    assert _comparable(project.site) == _comparable(cold.site)


def test_a_removed_records_exports_go_and_its_guidelines_other_files_stay_the_sites(sharded, tmp_path):
    """The new version of a guideline's exports starts as links to the earlier's: a file written again with the
    same bytes stays the very file the site has, and what is no longer made (a removed record's) is not kept."""
    project = _copy(sharded[0], tmp_path / "lib")
    build(project, Options(pdf=False))
    kept = [project.site / "api/anbefalinger/retningslinje-002-kapittel-2-2.json",
            project.site / "fhir/PlanDefinition/retningslinje-002-kapittel-1-1.json",
            project.site / "retningslinje-002/anbefaling/retningslinje-002-kapittel-1-1/sitering.ris"]
    before = [p.stat().st_ino for p in kept]
    removed = "retningslinje-002-kapittel-1-2"
    (project.content / f"retningslinje-002/anbefalinger/{removed}.yaml").unlink()
    build(project, Options(pdf=False))
    assert [p.stat().st_ino for p in kept] == before
    assert list(project.site.rglob(f"*{removed}*")) == []
    assert list((project.cache / "eksport").rglob(f"*{removed}*")) == []
    cold = _copy(project, tmp_path / "cold")
    shutil.rmtree(cold.cache)
    build(cold, Options(pdf=False))
    assert _comparable(project.site) == _comparable(cold.site)


def test_the_site_loaded_ahead_is_current_while_configuration_and_pages_stay(sharded, tmp_path):
    """The MkDocs worker loads the site as the last build left it before its job comes, and builds with it only
    if the build did not write the configuration (the navigation) anew or add or remove a page; a page's text
    it reads when it builds the page."""
    from generator.build.shard_worker import Session

    project = _copy(sharded[0], tmp_path / "lib")
    session = Session(project.mkdocs_yml)
    assert session.current()
    page = project.docs / "retningslinje-001/kapittel-1/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNy tekst.\n", encoding="utf-8")
    assert session.current()
    new_page = project.docs / "retningslinje-001/ny.md"
    new_page.write_text("# Ny\n", encoding="utf-8")
    assert not session.current()
    new_page.unlink()
    assert session.current()
    project.nav.write_bytes(project.nav.read_bytes().replace(b'"Hjem"', b'"Forside"'))
    assert not session.current()
    assert Session(project.mkdocs_yml).current()


def test_ci_runners_build_their_shares_and_the_last_job_only_merges(sharded, tmp_path):
    """As .github/workflows/publish.yml runs it: each runner a fresh copy building `--part K/2`, their cache
    folders put together in the last job, whose build finds every shard there."""
    shares = []
    for k in (1, 2):
        runner = _copy(sharded[0], tmp_path / f"runner-{k}")
        shutil.rmtree(runner.cache)
        done = subprocess.run([sys.executable, "-m", "generator", "--root", str(runner.root), "build", "--no-pdf",
                               "--part", f"{k}/2"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert not runner.site.exists()
        shares.append({p.parent.name for p in (runner.cache / "shards").glob("*/*")})
        shutil.copytree(runner.cache, tmp_path / "artifacts", dirs_exist_ok=True)
    assert shares[0] and shares[1] and not shares[0] & shares[1]
    last = _copy(sharded[0], tmp_path / "last")
    shutil.rmtree(last.cache)
    shutil.copytree(tmp_path / "artifacts", last.cache)
    result = build(last, Options(pdf=False))
    assert _shard_lines(result) == []
    assert _comparable(last.site) == _comparable(sharded[0].site)


def test_pdfs_are_laid_out_again_only_for_the_guideline_that_changed(tmp_path):
    project = Project(write_library(tmp_path / "lib", guidelines=2, chapters=1, per_chapter=1))
    first = build(project, Options(pdf=True))
    assert "Laget 6 PDF-er." in first.notes
    record = project.content / "retningslinje-001/anbefalinger/retningslinje-001-kapittel-1-1.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace('tekst: "', 'tekst: "Endret. ', 1), encoding="utf-8")
    kept = (project.site / "pdf/retningslinje-002/retningslinje-002.pdf").read_bytes()
    second = build(project, Options(pdf=True))
    assert "Laget 3 PDF-er. Gjenbrukte 3 (uendrede retningslinjer)." in second.notes
    assert (project.site / "pdf/retningslinje-002/retningslinje-002.pdf").read_bytes() == kept
    assert sorted(p.relative_to(project.site).as_posix() for p in (project.site / "pdf").rglob("*.pdf")) == [
        f"pdf/retningslinje-00{g}/{kind}" for g in (1, 2) for kind in (
            f"anbefaling/retningslinje-00{g}-kapittel-1-1.pdf", "kapittel/kapittel-1.pdf", f"retningslinje-00{g}.pdf")]


def test_a_changed_page_indexes_only_its_part_of_the_search_index_again(sharded, tmp_path):
    """The index in parts of at most 150 pages, one guideline to a part here: a changed page costs its part alone,
    and the merged index is the one a cold indexing makes."""
    site = tmp_path / "site"
    shutil.copytree(sharded[0].site, site, ignore=shutil.ignore_patterns("pagefind"))
    cache = tmp_path / "search-cache"
    limit = max(sum(1 for _ in (site / g).rglob("*.html")) for g in ("retningslinje-001", "retningslinje-002"))
    parts, indexed = index_site(site, cache, limit=limit)
    assert parts == indexed >= 3
    page = site / f"retningslinje-002/anbefaling/{LINKED}/index.html"
    text = page.read_text(encoding="utf-8")
    page.unlink()  # a hard link into the shard cache: replaced, as a build replaces it
    page.write_text(text.replace("</h1>", " Ny ordlyd</h1>", 1), encoding="utf-8")
    assert index_site(site, cache, limit=limit) == (parts, 1)
    assert len(list(cache.iterdir())) == parts
    again = tmp_path / "cold"
    shutil.copytree(site, again, ignore=shutil.ignore_patterns("pagefind"))
    assert index_site(again, tmp_path / "cold-cache", limit=limit) == (parts, parts)
    assert _comparable(site) == _comparable(again)


def test_a_shard_that_fails_in_a_forked_worker_fails_the_build_with_mkdocs_message(sharded, tmp_path):
    """The second guideline's shard is built by the worker's forked copy (the first share stays in the process
    that loaded the site): its MkDocs error still reaches the build, and the site stays as it was."""
    project = _copy(sharded[0], tmp_path / "lib")
    build(project, Options(pdf=False))
    before = _files(project.site)
    record = project.content / "retningslinje-002/anbefalinger/retningslinje-002-kapittel-1-2.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace(
        'tekst: "', 'tekst: "Se [siden](finnes-ikke.md). ', 1), encoding="utf-8")
    with pytest.raises(StageError) as failed:
        build(project, Options(pdf=False))
    assert failed.value.stage == "site"
    assert "finnes-ikke.md" in str(failed.value)
    assert _files(project.site) == before
    assert not list((project.cache / "shards").glob("*/*.delvis"))
