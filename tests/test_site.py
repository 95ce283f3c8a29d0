"""The default site, built as `make site` builds it, read back as HTML."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import material
import pytest
from bs4 import BeautifulSoup

from conftest import SOURCES
from test_sources import EXPECTED_ETD, normalise

REC_000 = "selvhjelpsgrupper/anbefaling/informasjon-om-selvhjelpsgrupper/index.html"


def soup(built, page: str) -> BeautifulSoup:
    return BeautifulSoup(built.html(page), "html.parser")


def test_build_is_strict_and_quiet(default_site):
    # MkDocs' log is there to read (so the missing warnings mean something): each shard says what it built.
    assert "sider (selvhjelpsgrupper)" in default_site.output and "sider (_nettsted)" in default_site.output
    assert "WARNING" not in default_site.output
    assert (default_site.site / "index.html").is_file()


def test_every_recommendation_has_a_page_with_text_and_strength_first(default_site):
    from generator.build.pipeline import check

    config, library = check(default_site.project)
    assert library.record_count == 21
    for g in library.guidelines:
        for entry in g.recommendations:
            rec = entry.record
            page = soup(default_site, f"{g.id}/anbefaling/{rec.id}/index.html")
            box = page.select_one("article .anbefalt-anbefaling")
            assert normalise(box.get_text(" ")).find(normalise(rec.tekst)) > 0
            badge = box.select_one(".anbefalt-styrke")
            # The label the site configuration gives this strength, whichever of the strengths it is.
            assert badge.get_text(strip=True) == config.etiketter.styrke[rec.gradering.styrke]
            # The box comes before any section heading: recommendation and strength first.
            order = [e for e in page.select_one("article").find_all(True)]
            first_h2 = page.select_one("article h2")
            assert first_h2 is None or order.index(box) < order.index(first_h2)


def test_self_help_page_has_every_section_in_order(default_site):
    page = soup(default_site, REC_000)
    headings = [h.get_text(strip=True) for h in page.select("article h2")]
    assert headings == [
        "Begrunnelse – dette er anbefalingen basert på",
        "Fra kunnskap til beslutning",
        "Prioritert forskning",
        "Økonomiske vurderinger",
        "Datoer og status",
        "Kilde",
        "Slik siterer du",
    ]
    text = normalise(page.select_one("article").get_text(" "))
    assert "Type anbefaling: For tiltaket (styrken er ikke avklart)" in text
    assert "Kunnskapsgrunnlag: ikke oppgitt i kilden" in text
    assert "Ingen økte kostnader knyttet til tiltaket." in text


def test_etd_marks_sit_in_the_right_columns_with_headers_for_screen_readers(default_site):
    table = soup(default_site, REC_000).select_one("details.anbefalt-etd table")
    columns = [th["data-kolonne"] for th in table.select("thead th[data-kolonne]")]
    assert columns == ["alternativet", "sannsynligvis-alternativet", "vet-ikke", "sannsynligvis-tiltaket", "tiltaket"]
    assert all(th["scope"] == "col" for th in table.select("thead th"))
    assert table.caption is not None
    rows = []
    for tr in table.select("tbody tr"):
        header = tr.find("th")
        assert header["scope"] == "row"
        marked = [td["data-kolonne"] for td in tr.find_all("td") if "anbefalt-etd__markert" in td.get("class", [])]
        free_text = {td.get_text(strip=True) for td in tr.find_all("td", class_="anbefalt-etd__markert")} - {"✕Markert"}
        # Long names carry soft hyphens (U+00AD) so a narrow cell breaks them where a hyphen shows.
        name = header.get_text(strip=True).replace("\u00ad", "")
        rows.append((name.split(" (")[0], marked, free_text.pop() if free_text else None))
    assert rows == EXPECTED_ETD


def test_chapter_page_lists_its_recommendations_with_text_and_strength(default_site):
    page = soup(default_site, "faglige-rammer-tsb/brukermedvirkning/index.html")
    cards = page.select(".anbefalt-kort")
    assert [c.select_one("h3").get_text(strip=True) for c in cards] == [
        "XIX. Dokumentasjon av brukermedvirkning", "XX. Evaluering av brukermedvirkning"]
    assert "Brukermedvirkning på system, tjeneste og individnivå må dokumenteres i alle TSB-enheter." in cards[0].get_text()
    assert cards[0].select_one(".anbefalt-styrke").get_text(strip=True) == "Ikke gradert"
    assert cards[0].select_one("h3 a")["href"] == "../anbefaling/tsb-dokumentasjon-av-brukermedvirkning/"


def test_overview_table_has_every_recommendation_and_filters(default_site):
    page = soup(default_site, "faglige-rammer-tsb/alle-anbefalinger/index.html")
    rows = page.select("table.anbefalt-oversikt tbody tr")
    assert [r.find("td").get_text() for r in rows][:3] == ["I", "II", "III"]
    assert len(rows) == 20
    assert {r["data-styrke"] for r in rows} == {"ikke gradert"}
    assert [th.get_text() for th in page.select("table.anbefalt-oversikt thead th")] == [
        "Nr.", "Tittel", "Styrke", "Kunnskapsgrunnlag", "Kapittel"]
    assert page.select_one("select#filter-kapittel") and page.select_one("select#filter-styrke")
    for link in page.select("table.anbefalt-oversikt a"):
        target = default_site.site / "faglige-rammer-tsb" / "alle-anbefalinger" / link["href"] / "index.html"
        assert target.resolve().is_file(), link["href"]


def test_references_page_numbers_the_list_and_citations_link_to_it(default_site):
    refs = soup(default_site, "selvhjelpsgrupper/referanser/index.html").select("ol.anbefalt-referanser > li")
    assert len(refs) == 20
    assert refs[1]["id"] == "mclellan-2000"
    background = soup(default_site, "selvhjelpsgrupper/bakgrunn/index.html")
    citation = background.find("a", href="../referanser/#mclellan-2000")
    assert citation is not None and citation.get_text() == "[2]"


def test_permalink_comes_from_the_id(default_site):
    assert (default_site.site / "faglige-rammer-tsb/anbefaling/tsb-nasjonalt-kvalitetsregister/index.html").is_file()


def test_norwegian_everywhere(default_site):
    page = soup(default_site, "index.html")
    assert page.html["lang"] == "nb"
    config = json.loads(page.select_one("script#__config").string)
    # Material's own search worker, as the installed mkdocs-material names it, and Material's words in Norwegian.
    workers = Path(material.__file__).parent / "templates/assets/javascripts/workers"
    (material_worker,) = [p.name for p in workers.glob("search.*.min.js")]
    assert config["search"] == f"assets/javascripts/workers/{material_worker}"
    assert (default_site.site / config["search"]).is_file()
    assert config["translations"]["search.result.placeholder"] == "Skriv søkeord"
    # The script after the config routes search through Anbefalt's worker beside it, which wraps Material's.
    scripts = page.find_all("script")
    rewrites = [i for i, s in enumerate(scripts) if s.string and "anbefalt-search.js?worker=" in s.string]
    assert rewrites == [scripts.index(page.select_one("script#__config")) + 1]
    assert (default_site.site / config["search"]).with_name("anbefalt-search.js").is_file()
    index = json.loads((default_site.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["no"]
    # Served, the search reads Pagefind's index (in Norwegian), and readers download no lunr index.
    assert index["docs"] == []
    entry = json.loads((default_site.site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["nb"]
    texts = " ".join(gzip.decompress(p.read_bytes()).decode("utf-8")
                     for p in (default_site.site / "pagefind/fragment").glob("*.pf_fragment"))
    assert "Helsepersonell bør informere brukere/pasienter" in texts
    assert "Brukermedvirkning på system, tjeneste og individnivå" in texts
    # Folded details are indexed too; menus and the skip link are not.
    assert "Gjennomførbarhet" in texts
    assert "Gå til innhold" not in texts


EXTERNAL_ATTRS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src", "video": "src",
                  "audio": "src", "embed": "src", "object": "data"}


def test_no_page_loads_anything_from_another_host(default_site):
    pages = list(default_site.site.rglob("*.html"))
    assert len(pages) >= 39
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in EXTERNAL_ATTRS.items():
            for element in page.find_all(tag):
                value = element.get(attr) or ""
                assert not urlparse(value).netloc, f"{path}: <{tag} {attr}={value}>"
        assert "fonts.googleapis" not in str(page) and "fonts.gstatic" not in str(page)
    for css in default_site.site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css


def test_every_internal_link_resolves(default_site):
    checked = 0
    for path in default_site.site.rglob("*.html"):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for link in page.select("article a[href]"):
            href = link["href"].split("#")[0]
            if not href or urlparse(href).scheme:
                continue
            target = (path.parent / href).resolve()
            assert (target / "index.html").is_file() or target.is_file(), f"{path}: {link['href']}"
            checked += 1
    assert checked >= 100  # the links were found, not skipped


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the source documents are not here")
def test_all_twenty_one_recommendations_are_on_the_site_verbatim(default_site):
    source = normalise((SOURCES / "003_9a227086aa604114.txt").read_text(encoding="utf-8"))
    found = 0
    for path in default_site.site.glob("faglige-rammer-tsb/anbefaling/*/index.html"):
        box = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one(".anbefalt-anbefaling p:not([class])")
        number = path.parent.name
        assert normalise(box.get_text()) in source, number
        found += 1
    text_000 = soup(default_site, REC_000).select_one(".anbefalt-anbefaling p:not([class])").get_text()
    assert normalise(text_000) in normalise((SOURCES / "000_b16591a82c31cb6a.txt").read_text(encoding="utf-8"))
    assert found == 20
