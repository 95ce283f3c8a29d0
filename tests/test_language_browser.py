"""English and nynorsk in Chromium: inflected queries typed into the search box find the page in each language
(Pagefind served, lunr in the offline copy), the language switch takes a reader to the same page in the other
version, and the pages pass axe. Screenshots go to test-artifacts/screenshots/ (en-*.png, nn-*.png)."""

from __future__ import annotations

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from conftest import REPO, serve_folder
from generator.build.pipeline import Options, build
from languages import BOKMAL, ENGLISH, NYNORSK, language_project
from test_browser import WCAG, search

SHOTS = REPO / "test-artifacts" / "screenshots"


def _served(tmp_path_factory, name: str, language: str, *guidelines, extra=None):
    project = language_project(tmp_path_factory.mktemp(name), language, *guidelines, extra=extra)
    build(project, Options(pdf=False))
    url, httpd = serve_folder(project.site)
    return project, url, httpd


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    project, url, httpd = _served(tmp_path_factory, "english", "en", ENGLISH)
    yield project, url
    httpd.shutdown()


@pytest.fixture(scope="module")
def side_by_side(tmp_path_factory):
    """A bokmål site with a guideline in bokmål and its nynorsk version."""
    project, url, httpd = _served(tmp_path_factory, "versions", "nb", BOKMAL, NYNORSK,
                                  extra={"sjolvhjelp": "sprak: nn\nsprakversjon_av: selvhjelp\n"})
    yield project, url
    httpd.shutdown()


@pytest.fixture(scope="module")
def nynorsk(tmp_path_factory):
    project, url, httpd = _served(tmp_path_factory, "nynorsk", "nn", NYNORSK)
    yield project, url
    httpd.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


# Each query is an inflection that stands nowhere in the text: only stemming in the page's language finds it.
ENGLISH_QUERIES = [("dependence", "withdrawal"), ("drinking", "screening"), ("questionnaires", "screening"),
                   ("withdrawals", "withdrawal")]
NYNORSK_QUERIES = [("sjølvhjelpsgruppa", "nn-informasjon"), ("utskrivinga", "nn-oppfolging"),
                   ("pasientar", "nn-informasjon"), ("tilbodet", "nn-oppfolging")]


@pytest.mark.parametrize("query, expected", ENGLISH_QUERIES, ids=[q for q, _ in ENGLISH_QUERIES])
def test_english_inflections_find_the_recommendation(page, english, query, expected):
    _project, url = english
    page.goto(url)
    assert expected in search(page, query)[:3]


@pytest.mark.parametrize("query, expected", NYNORSK_QUERIES, ids=[q for q, _ in NYNORSK_QUERIES])
def test_nynorsk_inflections_find_the_recommendation(page, nynorsk, query, expected):
    _project, url = nynorsk
    page.goto(url)
    assert expected in search(page, query)[:3]


def test_beside_bokmal_each_version_searches_its_own_language(page, side_by_side):
    _project, url = side_by_side
    page.goto(url + "sjolvhjelp/")
    hits = search(page, "sjølvhjelpsgruppa")
    assert "nn-informasjon" in hits[:3] and not {"selvhjelp", "nb-informasjon", "nb-oppfolging"} & set(hits)
    page.goto(url + "selvhjelp/")
    hits = search(page, "selvhjelpsgruppene")
    assert "nb-informasjon" in hits[:3] and not {"sjolvhjelp", "nn-informasjon", "nn-oppfolging"} & set(hits)


def test_english_offline_copy_stems_english(page, tmp_path):
    project = language_project(tmp_path, "en", ENGLISH)
    build(project, Options(pdf=False, offline=True))
    page.goto((project.offline_site / "index.html").as_uri())
    assert "withdrawal" in search(page, "dependence")[:3]
    assert "withdrawal" in search(page, "withdrawl")[:3]  # a typo: one edit allowed


def test_the_language_switch_takes_the_reader_to_the_same_recommendation(page, side_by_side):
    _project, url = side_by_side
    page.goto(url + "selvhjelp/anbefaling/nb-oppfolging/")
    page.locator("nav.anbefalt-sprakvalg").get_by_role("link", name="Nynorsk").click()
    page.wait_for_url("**/sjolvhjelp/tilrading/nn-oppfolging/")
    expect(page.locator("h1")).to_have_text("Oppfølging etter utskriving")
    assert page.evaluate("document.documentElement.lang") == "nn"
    expect(page.locator("input.md-search__input")).to_have_attribute("placeholder", "Søk")
    expect(page.locator(".md-footer__link--prev")).to_contain_text("Førre")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "nn-tilrading-1280.png", full_page=True)
    page.locator("nav.anbefalt-sprakvalg").get_by_role("link", name="Bokmål").click()
    page.wait_for_url("**/selvhjelp/anbefaling/nb-oppfolging/")


@pytest.mark.parametrize("site, path, written", [
    ("english", "alcohol/recommendation/screening/", lambda d: f"{d.day} {d:%B %Y}"),
    ("nynorsk", "sjolvhjelp/tilrading/nn-informasjon/", lambda d: f"{d:%d.%m.%Y}"),
    ("side_by_side", "selvhjelp/anbefaling/nb-informasjon/", lambda d: f"{d:%d.%m.%Y}"),
])
def test_the_citations_read_date_is_written_as_the_pages_language_writes_dates(page, request, site, path, written):
    """The script writes today's date by the pattern and names the page gives (Chromium has no nynorsk date data:
    asked for nn-NO it would write 11/23/26)."""
    _project, url = request.getfixturevalue(site)
    page.goto(url + path)
    expect(page.locator("[data-anbefalt-lest]").first).to_have_text(written(date.today()))


@pytest.mark.parametrize("site, written", [("english", "First published | 5 January 2019"),
                                           ("nynorsk", "Først publisert | 05.01.2019")])
def test_the_web_editors_preview_writes_dates_as_the_guidelines_language(page, request, site, written):
    """The web editor's preview (admin/anbefalt-preview.js, with the built admin/anbefalt.json) writes a record's
    dates as the site's pages do, in a browser with no nynorsk date data of its own."""
    _project, url = request.getfixturevalue(site)
    page.goto(url)
    shown = page.evaluate("""async () => {
        const data = await (await fetch("admin/anbefalt.json")).json();
        const { makePreview } = await import(new URL("admin/anbefalt-preview.js", location.href));
        const guideline = data.guidelines[0];
        const html = makePreview({ parse: (text) => text }, data.site, data.languages[guideline.language], guideline);
        const box = document.createElement("div");
        box.innerHTML = html({ tittel: "T", tekst: "T", forst_publisert: "2019-01-05" });
        return [...box.querySelectorAll("dt, dd")].map((cell) => cell.textContent.trim()).join(" | ");
    }""")
    assert written in shown


@pytest.mark.parametrize("site, path, name", [
    ("english", "alcohol/recommendation/screening/", "en-recommendation"),
    ("english", "alcohol/all-recommendations/", "en-all-recommendations"),
    ("english", "api/", "en-api"),
    ("nynorsk", "sjolvhjelp/tilrading/nn-informasjon/", "nn-tilrading"),
    ("nynorsk", "sjolvhjelp/alle-tilradingar/", "nn-alle-tilradingar"),
    ("side_by_side", "sjolvhjelp/tilrading/nn-informasjon/", "nn-beside-bokmal"),
])
def test_pages_in_english_and_nynorsk_pass_axe_and_are_photographed(request, browser, site, path, name):
    _project, url = request.getfixturevalue(site)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        context = browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width == 375)
        page = context.new_page()
        page.goto(url + path)
        for summary in page.locator("article details > summary").all():
            summary.click()
        if width == 1280:
            result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
            assert [v["id"] for v in result.response["violations"]] == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
        context.close()
