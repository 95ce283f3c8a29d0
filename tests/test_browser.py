"""The built site in a real browser (Debian's Chromium through Playwright): search, accessibility,
keyboard, privacy, offline use and the phone layout. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import json
import shutil
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import RECORD, REPO, index_site, make_project, serve_folder, serving
from generator.build.pipeline import Options, build
from generator.build.project import Project
from hostile import ACCEPTED_TITLES

SHOTS = REPO / "test-artifacts" / "screenshots"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

PAGES = {
    "hjem": "",
    "retningslinje": "faglige-rammer-tsb/",
    "kapittel": "faglige-rammer-tsb/kvalitetssikring/",
    "anbefaling": "selvhjelpsgrupper/anbefaling/informasjon-om-selvhjelpsgrupper/",
    "alle-anbefalinger": "faglige-rammer-tsb/alle-anbefalinger/",
    "referanser": "selvhjelpsgrupper/referanser/",
    "endringslogg": "faglige-rammer-tsb/endringslogg/",
}


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nb-NO")
    yield context
    context.close()


@pytest.fixture
def page(context) -> Page:
    return context.new_page()


def search(page: Page, query: str) -> list[str]:
    """Type a query into the site's search box as a reader would; the pages of the hits, in order."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    page.wait_for_function("document.querySelector('.md-search-result__meta')?.textContent.trim().length > 0")
    page.wait_for_timeout(400)
    hits = page.locator("li.md-search-result__item > a:first-child")
    return [urlparse(hits.nth(i).get_attribute("href")).path.rstrip("/").split("/")[-1].removesuffix(".html")
            for i in range(hits.count())]


SEARCHES = [
    ("selvhjelpsgrupper", "informasjon-om-selvhjelpsgrupper"),
    ("selvhjelpsgruppe", "informasjon-om-selvhjelpsgrupper"),
    ("selvhjelpsgruppene", "informasjon-om-selvhjelpsgrupper"),
    ("selvhjelp", "informasjon-om-selvhjelpsgrupper"),
    ("ettervern", "informasjon-om-selvhjelpsgrupper"),
    ("pårørende", "informasjon-om-selvhjelpsgrupper"),
    ("Anonyme Alkoholikere", "informasjon-om-selvhjelpsgrupper"),
    ("brukermedvirkning", "tsb-dokumentasjon-av-brukermedvirkning"),
    ("kvalitetsregister", "tsb-nasjonalt-kvalitetsregister"),
    ("kvalitetsregisteret", "tsb-nasjonalt-kvalitetsregister"),
    ("XIV", "tsb-nasjonalt-kvalitetsregister"),
    ("døgnbasert", "tsb-dognbasert-utredning"),
    ("henvisningsprosessen", "tsb-veiledning-om-henvisning"),
    ("rusvanene", "tsb-kartlegging-av-rusvaner"),
    ("spesialistutdanningen", "tsb-spesialistutdanning-leger"),
    ("universitetssykehusene", "tsb-plassering-i-universitetssykehus"),
    ("Norsk pasientregister", "tsb-rapportering-til-npr"),
]


@pytest.mark.parametrize("query, expected", SEARCHES, ids=[q for q, _ in SEARCHES])
def test_search_finds_the_recommendation_among_the_first_three(page, server, query, expected):
    page.goto(server)
    assert expected in search(page, query)[:3]


@pytest.fixture(scope="module")
def parted_server(default_site, tmp_path_factory):
    """The default site with its search index made in parts of at most 25 pages, as a large library's is."""
    site = tmp_path_factory.mktemp("parted") / "site"
    shutil.copytree(default_site.site, site, ignore=shutil.ignore_patterns("pagefind"))
    assert index_site(site, tmp_path_factory.mktemp("search-cache"), limit=25) == (3, 3)
    assert json.loads((site / "pagefind/deler.json").read_text()) == ["deler/2/", "deler/3/"]
    url, httpd = serve_folder(site)
    yield url
    httpd.shutdown()


@pytest.mark.parametrize("query, expected", [("selvhjelpsgruppene", "informasjon-om-selvhjelpsgrupper"),
                                             ("XIV", "tsb-nasjonalt-kvalitetsregister"),
                                             ("kvalitetsregisteret", "tsb-nasjonalt-kvalitetsregister")])
def test_search_over_an_index_in_parts_answers_as_one(page, parted_server, query, expected):
    """Hits come from every part. Each part ranks by its own word statistics, which in parts of 3,000 pages are
    close to the whole library's; in these parts of a few pages they are not, so only the presence is asserted,
    and the number filter's first place."""
    page.goto(parted_server)
    hits = search(page, query)
    assert expected in (hits[:1] if query == "XIV" else hits)


def test_search_over_an_index_in_parts_fetches_the_language_wasm_once(page, parted_server):
    """Each part's entry, metadata and word chunk are fetched, but the language's WebAssembly (70 KB) only once
    however many parts the index has: what search.part_size weighs against a warm build's indexing."""
    fetched = []
    page.context.on("request", lambda request: fetched.append(urlparse(request.url).path))
    page.goto(parted_server)
    assert "informasjon-om-selvhjelpsgrupper" in search(page, "selvhjelpsgruppene")
    assert sum(path.endswith(".pf_meta") for path in fetched) == 3  # every part answered
    assert [path.rsplit("/", 1)[1] for path in fetched if "/wasm." in path] == ["wasm.nb.pagefind"]


def _axe(page: Page) -> list[str]:
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in result.response["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", [*PAGES, "søkeresultater"])
def test_no_wcag_21_aa_violations(page, server, name, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(server + PAGES.get(name, ""))
    if name == "søkeresultater":
        search(page, "brukermedvirkning")
    for summary in page.locator("details > summary").all():
        summary.click()
    assert _axe(page) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-{scheme}-desktop.png", full_page=False)


def _focus_is_visible(page: Page) -> bool:
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== 'none';
    }""")


def _tab_to(page: Page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            assert _focus_is_visible(page), f"focus on {selector} is not visible"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_from_home_to_the_etd_details_and_the_pdf(page, server):
    page.goto(server)
    _tab_to(page, "article a[href='selvhjelpsgrupper/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/selvhjelpsgrupper/")
    _tab_to(page, "article a[href='selvhjelpsgrupper/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/selvhjelpsgrupper/selvhjelpsgrupper/")
    _tab_to(page, "article a[href*='anbefaling/informasjon-om-selvhjelpsgrupper']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/anbefaling/informasjon-om-selvhjelpsgrupper/")
    _tab_to(page, "a[href$='informasjon-om-selvhjelpsgrupper.pdf']")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename == "informasjon-om-selvhjelpsgrupper.pdf"
    details = page.locator("details.anbefalt-etd")
    expect(details).not_to_have_attribute("open", "")
    _tab_to(page, "details.anbefalt-etd > summary")
    page.keyboard.press("Enter")
    expect(details).to_have_attribute("open", "")
    expect(details.locator("th[scope=row]").first).to_be_visible()


def _contrast(page: Page, selector: str) -> list[float]:
    return page.evaluate("""(selector) => {
        const rgb = (value) => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
        const lum = ([r, g, b]) => {
            const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        return [...document.querySelectorAll(selector)].map((el) => {
            const style = getComputedStyle(el);
            const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))].sort((x, y) => y - x);
            return (a + 0.05) / (b + 0.05);
        });
    }""", selector)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_strength_badges_meet_contrast_in_both_palettes(page, server, scheme):
    page.emulate_media(color_scheme=scheme)
    ratios = []
    for path in (PAGES["anbefaling"], PAGES["kapittel"], PAGES["alle-anbefalinger"]):
        page.goto(server + path)
        ratios += _contrast(page, ".anbefalt-styrke, .anbefalt-merke")
    assert len(ratios) >= 25
    assert min(ratios) >= 4.5


def test_no_request_leaves_the_local_server_and_no_cookies(page, context, server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGES.values():
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    search(page, "selvhjelp")
    local = urlparse(server).netloc
    assert requested and {urlparse(url).netloc for url in requested if not url.startswith("data:")} == {local}
    assert context.cookies() == []


@pytest.fixture(scope="module")
def offline_site(default_site):
    """The offline copy (build --offline), opened from its folder."""
    build(default_site.project, Options(pdf=False, offline=True))
    build(default_site.project, Options(until="write"))  # leave build/docs as the served site was made
    return default_site.project.offline_site


def test_offline_copy_works_from_a_folder_with_search(page, offline_site):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto((offline_site / "index.html").as_uri())
    page.locator("article a[href='faglige-rammer-tsb/index.html']").click()
    page.locator("article a[href='alle-anbefalinger.html']").click()
    page.locator("table.anbefalt-oversikt").get_by_role("link", name="Nasjonalt kvalitetsregister").click()
    expect(page.locator("h1")).to_have_text("Nasjonalt kvalitetsregister")
    assert "tsb-nasjonalt-kvalitetsregister" in search(page, "kvalitetsregisteret")[:3]
    # Offline, lunr answers, with Norwegian stemming and one edit allowed for typos.
    assert "tsb-forskningsstrategi" in search(page, "forskningstrategi")[:3]
    assert {urlparse(url).scheme for url in requested} == {"file"}


def test_phone_layout_has_no_page_scroll_and_shows_the_strength_first(browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in PAGES.items():
        page.goto(server + path)
        page.screenshot(path=SHOTS / f"{name}-phone.png")
    page.goto(server + PAGES["anbefaling"])
    badge = page.locator(".anbefalt-anbefaling .anbefalt-styrke")
    box = badge.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 740 and box["x"] + box["width"] <= 375
    page.locator("details.anbefalt-etd > summary").click()
    # The page itself cannot be scrolled sideways, and its content fits the screen.
    assert page.evaluate("window.scrollTo(300, 0), window.scrollX") == 0
    assert page.evaluate("document.querySelector('.md-container').scrollWidth") <= 375
    page.screenshot(path=SHOTS / "anbefaling-etd-phone.png", full_page=True)
    context.close()


# Hostile text in the search box (tests/hostile.py): shown as the text it is, nothing run, nothing inserted.
WATCH = """() => {
    window.anbefaltAdded = [];
    new MutationObserver((changes) => changes.forEach((change) => change.addedNodes.forEach((node) => {
        if (node.nodeType !== 1) return;
        for (const element of [node, ...node.querySelectorAll("*")]) {
            if (element.matches("script, img, iframe, object, embed, svg, math, [onerror], [onload], [onclick]"))
                window.anbefaltAdded.push(element.outerHTML);
        }
    }))).observe(document.documentElement, {childList: true, subtree: true});
}"""


def _result_titles(page: Page, query: str) -> list[str]:
    search(page, query)
    return page.locator(".md-search-result__article h1, .md-search-result__article h2").all_text_contents()


@pytest.fixture
def dialogs(page) -> list[str]:
    opened: list[str] = []
    page.on("dialog", lambda dialog: (opened.append(dialog.message), dialog.dismiss()))
    return opened


@pytest.mark.parametrize("record_id, word", [("mindre-enn", "Måling"), ("entitet-uten-semikolon", "onerror"),
                                             ("markdown-i-tittel", "klikk"), ("attributtliste", "dobbelt"),
                                             ("ytre-tegn", "tankestrek")])
def test_hostile_titles_typed_into_the_search_box_are_shown_as_written(page, hostile_site, dialogs, record_id, word):
    with serving(hostile_site.project.site) as url:
        page.goto(url)
        page.evaluate(WATCH)
        assert ACCEPTED_TITLES[record_id] in _result_titles(page, word)
        assert dialogs == [] and page.evaluate("window.anbefaltAdded") == []


def test_search_box_escapes_markup_in_the_index_whatever_put_it_there(page, hostile_site, dialogs, tmp_path):
    """The boundary in the worker on its own: a page whose text is markup (escaped on the page, as any text is)
    goes into Pagefind's index as that markup; typed into the search box, it must be text, and run nothing."""
    site = tmp_path / "site"
    shutil.copytree(hostile_site.project.site, site)
    (site / "injisert").mkdir()
    (site / "injisert/index.html").write_text(
        '<!DOCTYPE html><html lang="nb"><head><title>x</title></head><body><div data-pagefind-body>'
        "<h1>&lt;img src=x onerror=alert(1)&gt; Injisert</h1><h2 id=a>&lt;svg onload=alert(2)&gt; del</h2>"
        "<p>&lt;script&gt;alert(3)&lt;/script&gt; &amp; injisert tekst</p></div></body></html>",
        encoding="utf-8")
    index_site(site, tmp_path / "search-cache")
    with serving(site) as url:
        page.goto(url)
        page.evaluate(WATCH)
        titles = _result_titles(page, "injisert")
        text = page.locator(".md-search-result").inner_text()
    assert "<img src=x onerror=alert(1)> Injisert" in titles and "<svg onload=alert(2)> del" in titles
    assert "<script>alert(3)</script> & injisert tekst" in text
    assert dialogs == [] and page.evaluate("window.anbefaltAdded") == []


def test_offline_search_box_shows_hostile_titles_as_written(page, hostile_site, dialogs):
    build(hostile_site.project, Options(pdf=False, offline=True))
    page.goto((hostile_site.project.offline_site / "index.html").as_uri())
    page.evaluate(WATCH)
    assert ACCEPTED_TITLES["entitet-uten-semikolon"] in _result_titles(page, "onerror")
    assert ACCEPTED_TITLES["mindre-enn"] in _result_titles(page, "måling")
    assert dialogs == [] and page.evaluate("window.anbefaltAdded") == []


@pytest.fixture(scope="module")
def living_server(tmp_path_factory):
    """A site with versions: the repository test_versions.py makes with five commits."""
    from test_versions import make_history

    root = tmp_path_factory.mktemp("levende")
    make_history(root)
    build(Project(root), Options(pdf=False))
    url, httpd = serve_folder(root / "site")
    yield url
    httpd.shutdown()


VERSION_PAGES = {
    "versjon-gammel": "test/anbefaling/rec/versjon/1/",
    "anbefaling-versjoner": "test/anbefaling/rec/",
    "hva-er-nytt": "hva-er-nytt/",
    "endringslogg-versjoner": "test/endringslogg/",
    "utgatt": "test/anbefaling/gammel/",
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", VERSION_PAGES)
def test_version_pages_and_whats_new_have_no_wcag_21_aa_violations(page, living_server, name, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(living_server + VERSION_PAGES[name])
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert _axe(page) == []
    # The script fills in the reader's date in the citation.
    if page.locator("[data-anbefalt-lest]").count():
        assert page.locator("[data-anbefalt-lest]").first.inner_text() != "[dagens dato]"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-{scheme}-desktop.png", full_page=True)
