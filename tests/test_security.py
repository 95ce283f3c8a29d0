"""Hostile content (tests/hostile.py) through real builds: refused with its position and nothing written, or
built with the text as written and nothing active in the pages, the search index, the API, FHIR and PDFs.
Every case runs as an editor runs it, in its own process, measured: under a minute and under 2 GB."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import stat
from pathlib import Path
from typing import get_args
from urllib.parse import urlsplit

import markdown
import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import GUIDELINE, RECORD, REPO, make_project, measured_run
from generator.build.pipeline import check
from generator.model.problems import ContentError
from generator.model.records import (NOKKELINFO_API, Anbefaling, Endring, EtdKriterium, Gradering, Kapittel,
                                     NokkelInfo, Referanse, Retningslinje)
from generator.model.text import Text
from generator.model.safe_html import sanitise
from generator.render.sanitise import markdown_html
from generator.checks.site_config import check_site_config
from generator.load.site_config import read_site_config
from generator.render.urls import reserved_chapter_ids, reserved_guideline_ids
from hostile import ACCEPTED_CHAPTER, ACCEPTED_CRITERION, ACCEPTED_TEXT, ACCEPTED_TITLES, REFUSED

SAFE = {"", "http", "https", "mailto"}
FIGURES: dict[str, tuple[float, float]] = {}


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under folder, links and pipes by what they are (never read through)."""
    found = {}
    for base, folders, files in os.walk(folder):
        for name in folders + files:
            path = Path(base, name)
            mode = path.lstat().st_mode
            found[path.relative_to(folder).as_posix()] = (
                f"link:{os.readlink(path)}" if stat.S_ISLNK(mode) else
                hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(mode) else
                "folder" if stat.S_ISDIR(mode) else "other")
    return found


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    """A valid project with its site built: each refused case starts from a copy of it."""
    root = tmp_path_factory.mktemp("gyldig") / "prosjekt"
    root.mkdir()
    make_project(root)
    result = measured_run(root, "build")
    assert result.returncode == 0, result.stderr
    return root


@pytest.mark.parametrize("case", REFUSED, ids=[case.kind for case in REFUSED])
def test_hostile_content_is_refused_with_its_position_and_nothing_is_written(built_project, tmp_path, case):
    root = tmp_path / "prosjekt"
    shutil.copytree(built_project, root, symlinks=True)
    case.make(root)
    content, site = snapshot(root / "content"), snapshot(root / "site")
    result = measured_run(root, "build")
    FIGURES[case.kind] = (result.seconds, result.megabytes)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith(case.where + ": ") and case.says in line for line in lines), result.stderr
    assert lines[-1] == "Ingenting er bygget."
    # Output hygiene: no control character reaches the terminal, values are quoted short, no file is quoted.
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", result.stderr + result.stdout)
    assert max(map(len, lines)) < 400
    assert "root:" not in result.stderr
    assert snapshot(root / "content") == content
    assert snapshot(root / "site") == site
    assert not list(root.glob(".site-*"))
    assert result.seconds < 60 and result.megabytes < 2048


def _words():
    """The address words of the default (bokmål) site."""
    return check_site_config(read_site_config(REPO / "site_config")).etiketter.adresser


def test_every_reserved_id_is_refused_for_a_guideline_and_a_chapter(tmp_path, monkeypatch):
    for reserved in sorted(reserved_guideline_ids(_words())):
        # Quoted: '404' unquoted is a number, refused before it could be read as an id.
        project = make_project(tmp_path / reserved, GUIDELINE.replace("id: test", f"id: '{reserved}'"), {})
        (project.content / "test").rename(project.content / reserved)
        monkeypatch.chdir(project.root)
        with pytest.raises(ContentError) as caught:
            check(project)
        assert str(caught.value.problems[0]).startswith(
            f"content/{reserved}/retningslinje.yaml:1:5: felt 'id': '{reserved}' er reservert for nettstedets egne sider")
    for reserved in sorted(reserved_chapter_ids(_words())):
        project = make_project(tmp_path / f"kapittel-{reserved}", GUIDELINE.replace("id: kap", f"id: {reserved}"), {})
        monkeypatch.chdir(project.root)
        with pytest.raises(ContentError) as caught:
            check(project)
        assert str(caught.value.problems[0]).startswith(
            f"content/test/retningslinje.yaml:9:9: felt 'kapitler[0].id': '{reserved}' er reservert")


def test_every_top_level_name_of_a_built_site_is_reserved(default_site):
    """The reserved ids are read off the address table; the built site shows that the table is complete."""
    guidelines = {path.name for path in default_site.project.content.iterdir()}
    for path in default_site.site.iterdir():
        name = path.name.split(".")[0]
        assert name in guidelines or name in reserved_guideline_ids(_words()), path.name


# Built, and shown as written -------------------------------------------------------------------------------

def test_hostile_looking_text_builds_within_a_minute_and_2_gb(hostile_site):
    run = hostile_site.run
    FIGURES["bygget: fiendtlig utseende tekst"] = (run.seconds, run.megabytes)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert run.seconds < 60 and run.megabytes < 2048


def page(hostile_site, path: str) -> BeautifulSoup:
    # html5lib parses as a browser does.
    return BeautifulSoup((hostile_site.project.site / path).read_text(encoding="utf-8"), "html5lib")


def test_titles_are_text_as_written_in_heading_title_menu_contents_and_footer(hostile_site):
    ids = list(ACCEPTED_TITLES)
    for number, (record_id, title) in enumerate(ACCEPTED_TITLES.items(), start=1):
        html = page(hostile_site, f"test/anbefaling/{record_id}/index.html")
        assert html.select_one("article h1").get_text() == title
        assert html.title.get_text() == f"{title} - Anbefalt"
        assert html.select_one(".md-header__topic:last-child .md-ellipsis").get_text(strip=True) == title
        assert f"{number}. {title}" in [a.get_text(" ", strip=True) for a in html.select("nav.md-nav--primary a")]
        if number < len(ids):
            following = html.select_one("a.md-footer__link--next")
            assert following["aria-label"] == f"Neste: {number + 1}. {ACCEPTED_TITLES[ids[number]]}"
            assert following.select_one(".md-ellipsis").get_text(strip=True) == f"{number + 1}. {ACCEPTED_TITLES[ids[number]]}"
        assert html.select_one(".anbefalt-plassering a").get_text() == f"1. {ACCEPTED_CHAPTER}"
        # Table cells carry soft hyphens (U+00AD) in long words: where a narrow cell may break, with a hyphen.
        assert html.select_one("details.anbefalt-etd th[scope=row]").get_text().replace("\u00ad", "") == ACCEPTED_CRITERION
        assert html.select_one(".anbefalt-anbefaling").get_text(" ", strip=True).count("Målt verdi < grenseverdi og <5 mmol/l & mer; 3 > 2.") == 1
    chapter = page(hostile_site, "test/kap/index.html")
    assert [a.get_text(" ", strip=True) for a in chapter.select("nav.md-nav--secondary a")][1:] == [
        f"{n}. {t}" for n, t in enumerate(ACCEPTED_TITLES.values(), start=1)]
    overview = page(hostile_site, "test/alle-anbefalinger/index.html")
    assert [row.select("td")[1].get_text().replace("\u00ad", "") for row in overview.select(
        "table.anbefalt-oversikt tbody tr")] == list(ACCEPTED_TITLES.values())


# Elements that run, fetch or change where links go; none may come from content.
RUNS = {"script", "style", "iframe", "frame", "object", "embed", "img", "svg", "math", "base", "meta", "link",
        "audio", "video", "source", "input", "button", "textarea"}


def _active(soup, where: str, content: bool = True) -> list[str]:
    """What could run or fetch: event handlers, script-like attributes, links and sources whose scheme is not
    http(s), mailto or relative, and (in content) any element of RUNS; on a whole page, scripts that alert."""
    found = []
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            if name.startswith("on") or name in ("srcdoc", "formaction"):
                found.append(f"{where}: <{element.name} {name}>")
            if name in ("href", "src", "action", "data", "poster", "xlink:href") and urlsplit(str(value)).scheme not in SAFE:
                found.append(f"{where}: <{element.name} {name}={value!r}>")
        if content and element.name in RUNS or element.name == "script" and "alert" in element.get_text():
            found.append(f"{where}: <{element.name}>")
    return found


def test_nothing_active_on_any_page(hostile_site):
    problems = []
    for path in hostile_site.project.site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")
        problems += _active(soup, path.name, content=False)
        body = soup.select_one("[data-pagefind-body]")
        problems += _active(body, f"{path.name} (innhold)") if body is not None else []
    assert problems == []


def _strings(value, path=()):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, path)


# The texts consumers render: the API's HTML fields, the record's Markdown fields (its Text type) under
# 'anbefalt', and FHIR's markdown elements. Titles and names are plain text, for consumers to show as text.
API_HTML = {"tekst", "praktisk", "rasjonale", *NOKKELINFO_API.values()}
MARKDOWN = {name for model in (Anbefaling, Retningslinje, Kapittel, Referanse, Gradering, NokkelInfo, EtdKriterium, Endring)
            for name, info in model.model_fields.items() if Text in (info.annotation, *get_args(info.annotation))
            or info.annotation is str and tuple(info.metadata) == Text.__metadata__}
FHIR_MARKDOWN = {"description", "citation"}


def test_api_and_fhir_carry_titles_as_written_and_no_active_html_or_markdown(hostile_site):
    site = hostile_site.project.site
    for record_id, title in ACCEPTED_TITLES.items():
        document = json.loads((site / f"api/anbefalinger/{record_id}.json").read_text(encoding="utf-8"))
        assert document["tittel"] == title and document["anbefalt"]["tittel"] == title
        text = BeautifulSoup(document["tekst"], "html5lib").get_text()
        assert "Målt verdi < grenseverdi og <5 mmol/l & mer; 3 > 2." in text and "&ltscript&gt" in text
        resource = json.loads((site / f"fhir/PlanDefinition/{record_id}.json").read_text(encoding="utf-8"))
        assert resource["title"] == title and resource["description"] == ACCEPTED_TEXT
    assert {"tekst", "praktisk", "begrunnelse", "merknad", "intro", "forklaring"} <= MARKDOWN
    problems, rendered = [], 0
    for path in [*site.glob("api/**/*.json"), *site.glob("fhir/**/*.json")]:
        for where, value in _strings(json.loads(path.read_text(encoding="utf-8"))):
            if path.parts[-3] == "fhir" or path.parts[-2] == "fhir":
                html = markdown.markdown(value) if where[-1] in FHIR_MARKDOWN else None
            elif "anbefalt" in where:
                html = markdown.markdown(value) if where[-1] in MARKDOWN else None
            else:
                html = value if where[-1] in API_HTML else None
            if html is not None:
                rendered += 1
                problems += [f"{path.name}: {p}" for p in _active(BeautifulSoup(html, "html5lib"), ".".join(where))]
    assert rendered > 50 and problems == []


def test_pdfs_show_the_titles_and_link_only_to_safe_schemes(hostile_site):
    for record_id, title in ACCEPTED_TITLES.items():
        reader = PdfReader(hostile_site.project.site / f"pdf/test/anbefaling/{record_id}.pdf")
        text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
        # Arabic is laid out right to left and the emoji has no glyph in the PDF's fonts: look for the rest.
        for part in (title.split(" مرحبا")[0], "tankestrek") if record_id == "ytre-tegn" else (title,):
            assert part in text, (record_id, part)
        assert "Målt verdi < grenseverdi og <5 mmol/l & mer" in text
    for path in hostile_site.project.site.rglob("*.pdf"):
        reader = PdfReader(path)
        catalog = reader.root_object
        assert "/OpenAction" not in catalog and "/AA" not in catalog
        assert "/JavaScript" not in str(catalog.get("/Names", {}))
        for pdf_page in reader.pages:
            for annotation in pdf_page.get("/Annots", []) or []:
                action = annotation.get_object().get("/A", {})
                assert action.get("/S") in (None, "/URI", "/GoTo"), (path, action)
                if "/URI" in action:
                    assert urlsplit(str(action["/URI"])).scheme in ("http", "https", "mailto"), (path, action)


def _fragments(site: Path) -> list[dict]:
    fragments = []
    for path in (site / "pagefind/fragment").iterdir():
        raw = gzip.decompress(path.read_bytes())
        fragments.append(json.loads(raw[raw.index(b"{"):]))
    return fragments


def test_search_index_holds_the_titles_as_plain_text(hostile_site):
    """Pagefind keeps text, not markup: the search box must escape it (test_browser types these titles)."""
    titles = {fragment["meta"]["title"] for fragment in _fragments(hostile_site.project.site)}
    assert set(ACCEPTED_TITLES.values()) <= titles


def test_the_sanitiser_keeps_text_and_drops_what_could_run():
    """The boundary on its own, for HTML no record check would let through."""
    assert sanitise('<p onclick="x()">a &lt; b <a href="java\nscript:alert(1)">x</a> <a href="../y/">y</a>'
                    '<img src=x onerror=alert(1)><script>alert(2)</script></p><details open><summary>s</summary></details>'
                    '<a href="https://example.org" style="color:red" target="_top">z</a>') == (
        '<p>a &lt; b <a>x</a> <a href="../y/">y</a></p><details><summary>s</summary></details>'
        '<a href="https://example.org">z</a>')
    html = markdown_html().convert("- [x]: javascript:alert(1)\n\n  [klikk][x] [her](java\nscript:alert(1))")
    assert "href" not in html and "klikk" in html and "her" in html


def test_a_pdf_past_its_time_budget_stops_the_build_and_keeps_the_site(built_project, tmp_path):
    """A table of thousands of rows takes WeasyPrint minutes; the budget stops it with a message naming it."""
    root = tmp_path / "prosjekt"
    shutil.copytree(built_project, root, symlinks=True)
    rows = "".join(f"  | {i} | tiltak | vurdering | oppfølging |\n" for i in range(1900))
    (root / "content/test/anbefalinger/rec.yaml").write_text(RECORD.replace(
        "tekst: Helsepersonell bør gjøre noe.", "tekst: |\n  | n | a | b | c |\n  |---|---|---|---|\n" + rows),
        encoding="utf-8")
    site = snapshot(root / "site")
    result = measured_run(root, "build", "--pdf-seconds", "2")
    FIGURES["PDF over tidsrammen (--pdf-seconds 2)"] = (result.seconds, result.megabytes)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(r"content/test/(anbefalinger/rec|retningslinje)\.yaml:1:1: PDF-en \S+\.pdf \(\w+ «[^»]+»\) "
                     r"ble ikke ferdig på \d+ s", result.stderr), result.stderr
    assert result.stderr.rstrip().endswith("site/ er uendret.")
    assert snapshot(root / "site") == site
    assert result.seconds < 60


def test_figures(request):
    """Prints each case's time and peak memory (run with -s to see them); the limits are asserted per case."""
    if FIGURES:
        width = max(map(len, FIGURES))
        lines = [f"{kind:<{width}}  {seconds:6.2f} s  {mb:7.1f} MB" for kind, (seconds, mb) in sorted(FIGURES.items())]
        print("\n" + "\n".join(lines))
        print(f"{'maks':<{width}}  {max(s for s, _ in FIGURES.values()):6.2f} s  {max(m for _, m in FIGURES.values()):7.1f} MB")
