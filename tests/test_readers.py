"""What a reader sees in Chromium, measured at a phone's width (375 px) and a desktop's (1280 px): no sideways
scrolling, titles at a readable width, every EtD judgment in words beside its criterion on a phone, filters
that offer what is there and keep their choice in the address, counts in the right number."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import GUIDELINE, RECORD, REPO, make_project, serve_folder
from generator.build.pipeline import Options, build, check

SHOTS = REPO / "test-artifacts" / "screenshots"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
PAGE_TYPES = {
    "hjem": "",
    "retningslinje": "faglige-rammer-tsb/",
    "kapittel": "faglige-rammer-tsb/kvalitetssikring/",
    "anbefaling": "selvhjelpsgrupper/anbefaling/informasjon-om-selvhjelpsgrupper/",
    "anbefaling-tsb": "faglige-rammer-tsb/anbefaling/tsb-nasjonalt-kvalitetsregister/",
    "alle-anbefalinger": "faglige-rammer-tsb/alle-anbefalinger/",
    "referanser": "selvhjelpsgrupper/referanser/",
    "endringslogg": "faglige-rammer-tsb/endringslogg/",
    "api": "api/",
}
READABLE = 200  # px: a title narrower than this breaks after a word or two


def _page(browser, viewport) -> Page:
    return browser.new_context(viewport=viewport, locale="nb-NO", is_mobile=viewport is PHONE,
                               has_touch=viewport is PHONE).new_page()


def _no_sideways_scroll(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("window.scrollTo(300, 0), window.scrollX") == 0


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_every_page_type_reads_without_sideways_scrolling(browser, server, viewport):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = _page(browser, viewport)
    for name, path in PAGE_TYPES.items():
        page.goto(server + path)
        for details in page.locator("article details").all():
            details.locator("summary").click()
        _no_sideways_scroll(page, viewport["width"])
        page.screenshot(path=SHOTS / f"{name}-{viewport['width']}.png", full_page=True)
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_overview_titles_have_a_readable_width(browser, server, viewport):
    page = _page(browser, viewport)
    page.goto(server + PAGE_TYPES["alle-anbefalinger"])
    titles = page.locator(".anbefalt-kort__tittel, table.anbefalt-oversikt td:nth-child(2)")
    visible = [t for t in titles.all() if t.is_visible()]
    assert len(visible) == 20
    for title in visible:
        box = title.bounding_box()
        assert box["width"] >= READABLE, title.inner_text()
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    # A phone shows cards, a desktop the table; never both.
    cards, table = page.locator(".anbefalt-kortliste"), page.locator("table.anbefalt-oversikt")
    assert cards.is_visible() == (viewport is PHONE) and table.is_visible() == (viewport is DESKTOP)
    page.context.close()


def test_on_a_phone_every_etd_judgment_is_in_words_beside_its_criterion(browser, server, default_site):
    config, library = check(default_site.project)
    guideline = next(g for g in library.guidelines if g.id == "selvhjelpsgrupper")
    rec = guideline.recommendations[0].record
    columns = {c.id: c.navn for c in config.scales(guideline.language)[rec.etd.skala].kolonner}
    page = _page(browser, PHONE)
    page.goto(server + PAGE_TYPES["anbefaling"])
    page.locator("details.anbefalt-etd > summary").click()
    assert not page.locator("details.anbefalt-etd table").is_visible()
    terms = page.locator(".anbefalt-etd-liste dt").all()
    judgments = page.locator(".anbefalt-etd-liste__vurdering").all()
    assert len(terms) == len(judgments) == len(rec.etd.kriterier) == 8
    for criterion, term, judgment in zip(rec.etd.kriterier, terms, judgments):
        words = ", ".join(columns[c] for c in criterion.markert)
        expected = f"{criterion.tekst} ({words})" if criterion.tekst else words
        assert term.inner_text() == criterion.kriterium and judgment.inner_text() == expected
        for element in (term, judgment):
            box = element.bounding_box()
            assert element.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        # Beside: the judgment follows its criterion directly, on the next line at most.
        assert 0 <= judgment.bounding_box()["y"] - term.bounding_box()["y"] <= 60
    page.screenshot(path=SHOTS / "anbefaling-etd-375.png", full_page=True)
    page.context.close()


def test_on_a_desktop_the_etd_is_a_table_whose_cells_never_break_a_word_without_a_hyphen(browser, server):
    page = _page(browser, {"width": 700, "height": 900})  # the narrowest width that shows the table
    page.goto(server + PAGE_TYPES["anbefaling"])
    page.locator("details.anbefalt-etd > summary").click()
    assert page.locator("details.anbefalt-etd table").is_visible()
    assert not page.locator(".anbefalt-etd-liste").is_visible()
    for url in (PAGE_TYPES["anbefaling"], PAGE_TYPES["alle-anbefalinger"]):
        page.goto(server + url)
        for cell in page.locator(".anbefalt-tabell th, .anbefalt-tabell td").all():
            style = cell.evaluate("e => [getComputedStyle(e).overflowWrap, getComputedStyle(e).wordBreak]")
            assert style == ["normal", "normal"]
        # Long words carry soft hyphens, the only places a cell may break them.
        assert "\u00ad" in page.locator("table.anbefalt-oversikt, table.anbefalt-etd-tabell").first.inner_html()
    page.context.close()


def test_the_menu_keeps_its_start_in_view_on_every_recommendation_at_1280_by_800(browser, server, default_site):
    page = _page(browser, DESKTOP)
    for path in sorted(default_site.site.glob("*/anbefaling/*/index.html")):
        page.goto(server + path.parent.relative_to(default_site.site).as_posix() + "/")
        home = page.locator(".md-sidebar--primary a.md-nav__link", has_text="Hjem").first
        active = page.locator(".md-sidebar--primary a.md-nav__link--active").first
        top = page.locator(".md-sidebar--primary .md-sidebar__scrollwrap").bounding_box()["y"]
        assert home.bounding_box()["y"] >= top, path
        assert active.bounding_box()["y"] + active.bounding_box()["height"] <= DESKTOP["height"], path
    page.context.close()


@pytest.fixture(scope="module")
def two_strengths(tmp_path_factory):
    """A guideline using two strengths in two chapters, so a filter can find nothing."""
    root = tmp_path_factory.mktemp("filter")
    guideline = GUIDELINE.replace("    tittel: Kapittel én\n",
                                  "    tittel: Kapittel én\n  - id: kap2\n    nummer: \"2\"\n    tittel: Kapittel to\n")
    strong = RECORD.replace("id: rec", "id: sterk").replace("kapittel: kap", "kapittel: kap2").replace(
        "styrke: svak", "styrke: sterk")
    project = make_project(root, guideline, {"rec": RECORD, "sterk": strong})
    build(project, Options(pdf=False))
    url, httpd = serve_folder(project.site)
    yield url
    httpd.shutdown()


def test_filters_offer_what_is_there_keep_their_choice_in_the_address_and_say_when_nothing_matches(
        browser, two_strengths):
    page = _page(browser, PHONE)
    overview = two_strengths + "test/alle-anbefalinger/"
    page.goto(overview)
    count = page.locator("[data-filter-antall]")
    expect(count).to_have_text("Viser 2 av 2 anbefalinger")
    assert page.locator("#filter-styrke option").all_inner_texts() == ["Alle", "Sterk anbefaling", "Svak anbefaling"]
    page.select_option("#filter-styrke", "sterk")
    expect(count).to_have_text("Viser 1 av 2 anbefalinger")
    assert page.url.endswith("?styrke=sterk")
    page.select_option("#filter-kapittel", "kap")
    expect(count).to_have_text("Viser 0 av 2 anbefalinger")
    expect(page.locator("[data-filter-ingen]")).to_be_visible()
    assert [c.is_visible() for c in page.locator(".anbefalt-kortliste > li").all()] == [False, False]
    # Reload and back keep the choice; the address can be shared.
    page.reload()
    expect(count).to_have_text("Viser 0 av 2 anbefalinger")
    assert page.input_value("#filter-styrke") == "sterk" and page.input_value("#filter-kapittel") == "kap"
    page.select_option("#filter-kapittel", "")
    page.locator(".anbefalt-kortliste > li:not([hidden]) a").first.click()
    expect(page.locator("h1")).to_have_text("En anbefaling")
    page.go_back()
    expect(count).to_have_text("Viser 1 av 2 anbefalinger")
    assert page.input_value("#filter-styrke") == "sterk"
    page.goto(overview + "?styrke=finnes-ikke")
    expect(count).to_have_text("Viser 2 av 2 anbefalinger")
    page.context.close()


def test_counts_use_the_singular_for_one(browser, server):
    page = _page(browser, DESKTOP)
    page.goto(server)
    text = page.locator("article").inner_text()
    assert "1 anbefaling\n" in text + "\n" and "1 anbefalinger" not in text
    assert "20 anbefalinger" in text
    page.goto(server + "selvhjelpsgrupper/alle-anbefalinger/")
    expect(page.locator("[data-filter-antall]")).to_have_text("Viser 1 av 1 anbefaling")
    page.context.close()
