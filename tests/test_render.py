"""Each section of the templates (escaping of hostile text through real builds is in test_security.py)."""

from __future__ import annotations

import markdown
from bs4 import BeautifulSoup

from conftest import GUIDELINE, RECORD, make_project
from generator.build.pipeline import check
from generator.render.pages import render_library

FULL = RECORD.replace("status: gjeldende", """\
status: på høring
horingsfrist: 2020-06-30
forst_publisert: 2019-01-15
sist_faglig_endret: 2020-02-01
problemstilling: Bør vi gjøre noe?
tiltak: Noe
alternativ: Ingenting
praktisk: Gjør det *slik*.
begrunnelse: Fordi det virker [@ref-a].
nokkelinfo:
  fordeler_og_ulemper: Flere fordeler.
  kvalitet_pa_dokumentasjonen: Lav kvalitet.
  verdier_og_preferanser: De fleste vil.
  ressurshensyn: Billig.
etd:
  skala: standard
  kriterier:
    - kriterium: Verdier
      markert: [tiltaket]
      forklaring: Begrunnet.
    - kriterium: Ressursbruk
      markert: [vet-ikke]
      tekst: Ingen
prioritert_forskning: Mer forskning.
okonomiske_vurderinger: Ingen kostnader.
referanser: [ref-a]
endringer:
  - dato: 2020-02-01
    endring: Styrken endret.
    begrunnelse: Ny studie.""")


def rendered_html(tmp_path, record=FULL, guideline=GUIDELINE) -> BeautifulSoup:
    config, library = check(make_project(tmp_path, guideline, {"rec": record}))
    pages = render_library(library, config).pages
    html = markdown.markdown(pages["test/anbefaling/rec.md"].split("---", 2)[2],
                             extensions=["toc", "tables", "md_in_html", "sane_lists"])
    return BeautifulSoup(html, "html.parser")


def test_recommendation_sections_in_order(tmp_path):
    page = rendered_html(tmp_path)
    assert [h.get_text() for h in page.find_all(["h2", "h3"])] == [
        "Praktisk – slik kan anbefalingen følges",
        "Begrunnelse – dette er anbefalingen basert på",
        "Fordeler og ulemper", "Kvalitet på dokumentasjonen", "Verdier og preferanser", "Ressurshensyn",
        "Fra kunnskap til beslutning", "Problemstilling", "Prioritert forskning", "Økonomiske vurderinger",
        "Referanser", "Datoer og status", "Endringer", "Kilde", "Slik siterer du",
    ]


def test_strength_box_shows_label_form_wording_and_certainty(tmp_path):
    box = rendered_html(tmp_path).select_one(".anbefalt-anbefaling")
    assert box.select_one(".anbefalt-styrke").get_text() == "Svak anbefaling"
    assert "anbefalt-styrke--svak" in box.select_one(".anbefalt-styrke")["class"]
    assert box.select_one(".anbefalt-gradering").get_text() == (
        "Type anbefaling: Vi foreslår tiltaket · Forskningsgrunnlag: Lav")


def test_status_banner_with_deadline_and_dates(tmp_path):
    page = rendered_html(tmp_path)
    assert page.select_one(".anbefalt-status").get_text(strip=True) == "På høring. Høringsfrist: 30.06.2020"
    facts = dict(zip([d.get_text() for d in page.select("dl.anbefalt-fakta dt")],
                     [d.get_text() for d in page.select("dl.anbefalt-fakta dd")]))
    assert facts["Først publisert"] == "15.01.2019" and facts["Sist faglig endret"] == "01.02.2020"
    assert facts["Tiltak"] == "Noe" and facts["Alternativet"] == "Ingenting"
    assert "01.02.2020: Styrken endret. — Ny studie." in page.get_text()


def test_etd_table_with_free_text_and_explanations(tmp_path):
    table = rendered_html(tmp_path).select_one("details.anbefalt-etd table")
    assert [th.get_text() for th in table.select("thead th")][-1] == "Forklaring"
    rows = table.select("tbody tr")
    assert [td.get_text() for td in rows[0].find_all("td")] == ["", "", "", "", "✕Markert", "Begrunnet."]
    assert [td.get_text() for td in rows[1].find_all("td")] == ["", "", "Ingen", "", "", ""]


def test_citations_and_reference_section_link_to_the_reference_list(tmp_path):
    page = rendered_html(tmp_path)
    assert [a["href"] for a in page.find_all("a") if "referanser" in a["href"]] == [
        "../referanser.md#ref-a", "../referanser.md#ref-a"]
    assert "Forfatter A. Tittel. 2020." in page.get_text()


def test_empty_sections_are_left_out(tmp_path):
    page = rendered_html(tmp_path, RECORD)
    assert [h.get_text() for h in page.find_all("h2")] == ["Datoer og status", "Kilde", "Slik siterer du"]
    assert "Forskningsgrunnlag: Lav" in page.get_text()
