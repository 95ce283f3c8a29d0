"""import-hdir on exports in the innholds-API's real shape: BOM, CRLF, partial trees, guideline-like roots of
other types, nested chapters, råd, unknown words and HTML as the API writes it. Nothing is invented or lost."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.build.pipeline import check
from generator.edit.hdir_import import import_hdir
from generator.edit.hdir_import.markup import to_markdown
from generator.export.pdf.documents import PdfExporter
from generator.load.document import read_document
from test_api import FIXTURES, SAMPLES, _empty_project

API = "https://api.helsedirektoratet.no/innhold"
KILDE = "Helsedirektoratets innholds-API"
# enkeltanbefaling: a recommendation fetched alone, its chapter and guideline only links.
E_REC, E_CHAPTER, E_GUIDELINE = ("e1c6a1d2-0b6a-4c55-9c1e-1a2b3c4d5e01", "c2d3e4f5-0000-4000-8000-0000000000a1",
                                 "a9b8c7d6-0000-4000-8000-0000000000f1")
E_TITLE = "Nasjonal faglig retningslinje for avrusning"
P = "p1000000-0000-4000-8000-00000000000"  # prioriteringsveileder-kapittel, + 1…5
N = "n3000000-0000-4000-8000-00000000000"  # nestede-kapitler, + 1…5
DATES = {"forstPublisert": "2016-05-02T10:20", "sistFagligOppdatert": "2021-11-30T14:05",
         "opprettet": "2016-05-02T10:20", "sistOppdatert": "2023-03-01T08:00"}
CHAPTER_DATES = {"opprettet": "2016-05-02T10:20", "forstPublisert": "2016-05-02T10:20",
                 "sistOppdatert": "2023-03-01T08:00", "sistFagligOppdatert": "2021-11-30T14:05"}
LIST_MD = ("Helsepersonell\xa0bør vurdere følgende:\n\n- ### Kartlegging\n\n    Kartlegg *rusmiddelbruk* ved første "
           "samtale.\n\n    - alkohol\n    - andre rusmidler\n        1. cannabis\n        2. opioider\n\n"
           "- ### Oppfølging\n\n    Avtal ny samtale innen fire uker.")
TABLE_MD = "#### Doser\n\n| Legemiddel | Dose |\n| --- | --- |\n| Buprenorfin | 8 \\| 16 mg |\n| Metadon | 60–120 mg |"


def data(path: Path) -> dict:
    return read_document(path).data


def records(content: Path, guideline: str) -> dict[str, dict]:
    return {p.stem: data(p) for p in sorted((content / guideline / "anbefalinger").glob("*.yaml"))}


def test_the_fixtures_are_saved_as_users_save_exports():
    for path in [p for name in ("enkeltanbefaling", "enkeltanbefaling-foreldre", "prioriteringsveileder-kapittel",
                                "uten-barn", "nestede-kapitler") for p in (FIXTURES / name).glob("*.json")]:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b""), path


def test_a_lone_recommendation_imports_with_stub_parents_and_nothing_invented(tmp_path):
    project = _empty_project(tmp_path)
    result = import_hdir(FIXTURES / "enkeltanbefaling", project.content)
    assert result.errors == []
    assert data(project.content / E_GUIDELINE / "anbefalinger" / f"{E_REC}.yaml") == {
        "id": E_REC, "retningslinje": E_GUIDELINE, "kapittel": E_CHAPTER,
        "nummer": None,  # the source gives no position in the chapter
        "tittel": "Kartlegg rusmiddelbruk ved innleggelse",
        "tekst": LIST_MD + "\n\n" + TABLE_MD + "\n\nSe også [retningslinjen](https://www.helsedirektoratet.no/retningslinjer/rus).",
        "gradering": {"styrke": "ikke oppgitt"},  # no data.styrke: not 'ikke avklart', and no invented note
        "praktisk": "Bruk AUDIT.",
        "kilde": {"dokument": KILDE, "sted": f"anbefaling {E_REC}"},
        "status": "gjeldende", "forst_publisert": "2016-05-02", "sist_faglig_endret": "2021-11-30",
        "ekstra": DATES,
    }
    assert data(project.content / E_GUIDELINE / "retningslinje.yaml") == {
        "id": E_GUIDELINE, "tittel": E_TITLE, "eier": None, "status": "ikke oppgitt", "stubb": True,
        "kilder": [{"dokument": KILDE, "sted": f"retningslinje {E_GUIDELINE}", "url": f"{API}/retningslinjer/{E_GUIDELINE}"}],
        "kapitler": [{"id": E_CHAPTER, "tittel": "Kartlegging og utredning", "stubb": True, "kilde": {
            "dokument": KILDE, "sted": f"kapittel {E_CHAPTER}", "url": f"{API}/kapitler/{E_CHAPTER}"}}],
    }
    shown = "tests/fixtures/hdir/enkeltanbefaling/anbefaling.json"
    assert [str(p) for p in result.problems] == [
        f"{shown}:13:21: advarsel: anbefaling '{E_REC}': feltet 'forstPublisert' har mer enn datoen (2016-05-02T10:20); "
        "modellen har bare datoen 2016-05-02; bevart under 'ekstra'",
        f"{shown}:15:26: advarsel: anbefaling '{E_REC}': feltet 'sistFagligOppdatert' har mer enn datoen "
        "(2021-11-30T14:05); modellen har bare datoen 2021-11-30; bevart under 'ekstra'",
        f"{shown}:12:16: advarsel: anbefaling '{E_REC}': feltet 'opprettet' har ingen plass i modellen; bevart under 'ekstra'",
        f"{shown}:14:20: advarsel: anbefaling '{E_REC}': feltet 'sistOppdatert' har ingen plass i modellen; bevart under 'ekstra'",
        f"{shown}:25:11: advarsel: anbefaling '{E_REC}': kilden oppgir ingen styrke (data.styrke); lagret som 'ikke oppgitt'",
    ]


def test_a_later_import_of_the_parents_fills_the_stubs_without_force(tmp_path):
    project = _empty_project(tmp_path)
    assert import_hdir(FIXTURES / "enkeltanbefaling", project.content).errors == []
    record = project.content / E_GUIDELINE / "anbefalinger" / f"{E_REC}.yaml"
    before = record.read_bytes()
    result = import_hdir(FIXTURES / "enkeltanbefaling-foreldre", project.content)
    assert result.errors == []
    assert result.written == [project.content / E_GUIDELINE / "retningslinje.yaml"]
    assert record.read_bytes() == before
    guideline = data(project.content / E_GUIDELINE / "retningslinje.yaml")
    assert guideline == {
        "id": E_GUIDELINE, "tittel": E_TITLE, "eier": "Helsedirektoratet", "status": "gjeldende",
        "forst_publisert": "2016-05-02", "sist_faglig_endret": "2021-11-30",
        "intro": "Retningslinjen gjelder avrusning i spesialisthelsetjenesten.",
        "kilder": [{"dokument": KILDE, "sted": f"retningslinje {E_GUIDELINE}"}],
        "kapitler": [{"id": E_CHAPTER, "tittel": "Kartlegging og utredning", "intro": "Kapittelet handler om kartlegging.",
                      "kilde": {"dokument": KILDE, "sted": f"kapittel {E_CHAPTER}"}, "ekstra": CHAPTER_DATES}],
        "ekstra": DATES,
    }
    # Once filled in, the guideline is the editors': a different version is not written over it without --force.
    again = import_hdir(FIXTURES / "enkeltanbefaling-foreldre", project.content)
    assert again.errors == [] and again.written == []
    check(project)


def test_a_lone_chapter_of_a_prioriteringsveileder_keeps_its_parent_and_children(tmp_path):
    project = _empty_project(tmp_path)
    result = import_hdir(FIXTURES / "prioriteringsveileder-kapittel", project.content)
    assert result.errors == []
    guideline = data(project.content / f"{P}1" / "retningslinje.yaml")
    link = lambda kind, n, title: {"rel": "barn", "type": kind, "tittel": title, "href": f"{API}/rad/{P}{n}", "strukturId": ""}
    assert guideline == {
        "id": f"{P}1", "tittel": "Prioriteringsveileder – ortopedi", "eier": None, "status": "ikke oppgitt", "stubb": True,
        "kilder": [{"dokument": KILDE, "sted": f"prioriteringsveileder {P}1", "url": f"{API}/retningslinjer/{P}1"}],
        "kapitler": [
            {"id": f"{P}2", "tittel": "Tilstander i hofte",
             "intro": "## Om tilstandene\n\nVeilederen gir **veiledende** frister.",
             "kilde": {"dokument": KILDE, "sted": f"kapittel {P}2"},
             "ekstra": {**CHAPTER_DATES, "eier": ["Helsedirektoratet"], "status": "Gjeldende",
                        "links": [{"rel": "publikasjon", "type": "pdf", "tittel": "Prioriteringsveileder ortopedi (PDF)",
                                   "href": f"{API}/publikasjoner/p-pdf-1", "strukturId": ""}],
                        "links.barn": [link("rad", 4, "Hofteleddsartrose"), link("rad", 5, "Lårhalsbrudd")]}},
            {"id": f"{P}3", "tittel": "Artrose i hofte", "forelder": f"{P}2", "stubb": True,
             "kilde": {"dokument": KILDE, "sted": f"underkapittel {P}3", "url": f"{API}/kapitler/{P}3"}},
        ],
    }
    messages = [p.message for p in result.problems]
    assert f"kapittel '{P}2': 2 barn-lenke(r) peker på dokumenter som ikke er med i importen; bevart under 'ekstra'" in messages
    assert f"kapittel '{P}2': feltet 'links' har lenker av andre slag enn forelder, root og barn (publikasjon); " \
           "bevart under 'ekstra'" in messages
    assert f"kapittel '{P}2': feltet 'status' har ingen plass i modellen og er ikke retningslinjens eget; " \
           "bevart under 'ekstra'" in messages
    check(project)


def test_a_guideline_without_children_and_with_an_unknown_status_keeps_the_word(tmp_path):
    project = _empty_project(tmp_path)
    result = import_hdir(FIXTURES / "uten-barn", project.content)
    assert result.errors == []
    vid = "v2000000-0000-4000-8000-000000000001"
    assert data(project.content / vid / "retningslinje.yaml") == {
        "id": vid, "tittel": "Nasjonal veileder for legemiddelgjennomganger", "eier": None,
        "status": "ikke oppgitt",  # never 'gjeldende': the source says 'Arkivert', kept verbatim below
        "forst_publisert": "2016-05-02", "sist_faglig_endret": "2021-11-30",
        "intro": "Veilederen beskriver legemiddelgjennomganger.",
        "kilder": [{"dokument": KILDE, "sted": f"nasjonal-veileder {vid}", "status": "Arkivert"}],
        "ekstra": DATES,
    }
    assert "tests/fixtures/hdir/uten-barn/veileder.json:16:13: advarsel: nasjonal-veileder '" + vid + "': ukjent status " \
           "'Arkivert', tillatt: Gjeldende, På høring, Under revisjon, Utgått; lagret som 'ikke oppgitt' (vises ikke " \
           "som gjeldende), ordet i kilden står under kilde.status" in [str(p) for p in result.problems]


def test_nested_chapters_a_rad_and_links_between_imported_documents(tmp_path):
    project = _empty_project(tmp_path)
    result = import_hdir(FIXTURES / "nestede-kapitler", project.content)
    assert result.errors == []
    guideline = data(project.content / f"{N}1" / "retningslinje.yaml")
    assert [(c["id"], c["tittel"], c.get("forelder"), c.get("intro")) for c in guideline["kapitler"]] == [
        (f"{N}2", "Rutineundersøkelser", None, None), (f"{N}3", "Blodprøver", f"{N}2", "Om blodprøver.")]
    assert guideline["kapitler"][1]["kilde"] == {"dokument": KILDE, "sted": f"underkapittel {N}3"}
    found = records(project.content, f"{N}1")
    assert found[f"{N}5"] == {
        "id": f"{N}5", "retningslinje": f"{N}1", "kapittel": f"{N}2", "nummer": "1", "tittel": "Tilby ultralyd i uke 18",
        "tekst": f"Alle gravide bør tilbys ultralyd. Se [rådet om blodtype](anbefalt:anbefaling/{N}4) og "
                 f"[kapittelet om blodprøver](anbefalt:kapittel/{N}1/{N}3).\n\n" + TABLE_MD,
        "gradering": {"styrke": "sterk", "merknad": "Kilden oppgir styrken, men ikke retningen (for eller mot tiltaket)."},
        "begrunnelse": "Fordi.", "nokkelinfo": {"fordeler_og_ulemper": "Få ulemper."},
        "kilde": {"dokument": KILDE, "sted": f"anbefaling {N}5", "status": "Trukket tilbake"},
        "status": "ikke oppgitt", "forst_publisert": "2016-05-02", "sist_faglig_endret": "2021-11-30", "ekstra": DATES,
    }
    assert found[f"{N}4"] == {
        "id": f"{N}4", "retningslinje": f"{N}1", "kapittel": f"{N}3", "nummer": "1", "tittel": "Tilby blodtypebestemmelse",
        "tekst": "Gravide bør tilbys blodtypebestemmelse.",
        "gradering": {"styrke": "ikke oppgitt"},  # a råd has no strength, and none is made up
        "praktisk": LIST_MD,
        "kilde": {"dokument": KILDE, "sted": f"rad {N}4"},  # the råd's own type stays with it
        "status": "gjeldende", "forst_publisert": "2016-05-02", "sist_faglig_endret": "2021-11-30", "ekstra": DATES,
    }
    assert not any("styrke" in p.message for p in result.problems if f"'{N}4'" in p.message)


@pytest.fixture(scope="module")
def imported_site(tmp_path_factory):
    """Every fixture of this file and the shared samples, imported through the command line and built."""
    root = tmp_path_factory.mktemp("importert")
    project = _empty_project(root)
    sources = ["enkeltanbefaling", "prioriteringsveileder-kapittel", "uten-barn", "nestede-kapitler"]
    for source in [FIXTURES / name for name in sources] + ([SAMPLES] if SAMPLES.is_dir() else []):
        run = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "import-hdir", str(source)],
                             capture_output=True, text=True)
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    built = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build"], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    return project


def _page(project, path: str) -> BeautifulSoup:
    return BeautifulSoup((project.site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" "))


def test_the_built_site_shows_the_sources_own_words(imported_site):
    lone = _page(imported_site, f"{E_GUIDELINE}/anbefaling/{E_REC}").select_one("article")
    assert lone.select_one(".anbefalt-styrke--uoppgitt").get_text(strip=True) == "Styrke ikke oppgitt"
    assert [h.get_text() for h in lone.select(".anbefalt-anbefaling ul > li > h3")] == ["Kartlegging", "Oppfølging"]
    assert [li.get_text() for li in lone.select("ul > li > ul > li > ol > li")] == ["cannabis", "opioider"]
    assert [[c.get_text() for c in row.select("td")] for row in lone.select("table tbody tr")] == [
        ["Buprenorfin", "8 | 16 mg"], ["Metadon", "60–120 mg"]]
    assert "Anbefaling ·" in _text(lone.select_one(".anbefalt-plassering"))  # no number made up
    stub = _text(_page(imported_site, E_GUIDELINE).select_one("article"))
    assert "Bare tittelen er kjent" in stub and "Eier ikke oppgitt i kilden" in stub and "Status Status ikke oppgitt" in stub

    withdrawn = _page(imported_site, f"{N}1/anbefaling/{N}5")
    banner = withdrawn.select_one(".anbefalt-status")
    assert _text(banner).strip() == "Status ikke oppgitt (ordet i kilden: «Trukket tilbake»)"
    assert "Gjeldende" not in _text(withdrawn.select_one("article"))
    for a in withdrawn.select(".anbefalt-anbefaling a"):
        target = (imported_site.site / f"{N}1/anbefaling/{N}5" / a["href"] / "index.html").resolve()
        assert target.is_file(), a["href"]
    assert [a.get_text() for a in withdrawn.select(".anbefalt-anbefaling a")] == ["rådet om blodtype",
                                                                                    "kapittelet om blodprøver"]
    assert "Kilden har ingen kapitler" in _text(_page(imported_site, "v2000000-0000-4000-8000-000000000001"))
    chapter = _page(imported_site, f"{P}1/{P}2")
    assert [a.get_text() for a in chapter.select("article li a")] == ["Artrose i hofte"]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared/samples is not here")
def test_the_samples_imported_beside_the_fixtures_show_the_recommendation(imported_site):
    page = _text(_page(imported_site, "0006-0001-00000000-0000-4000-8000-000000000001/anbefaling/"
                                      "0006-0002-00000000-0000-4000-8000-000000000003"))
    assert "Helsepersonell bør informere brukere/pasienter om muligheten til å delta i selvhjelpsgrupper." in page
    assert "Svak anbefaling" in page


def test_the_pdf_says_strength_and_status_are_not_given(tmp_path):
    project = _empty_project(tmp_path)
    assert import_hdir(FIXTURES / "nestede-kapitler", project.content).errors == []
    config, library = check(project)
    exporter = PdfExporter(library, config, "v", made=date(2024, 1, 1))
    document = next(d for d in exporter.documents(tmp_path / "pdf") if d.path.name == f"{N}4.pdf")
    text = _text(BeautifulSoup(exporter.html(document), "html.parser"))
    assert "Styrke ikke oppgitt" in text
    withdrawn = next(d for d in exporter.documents(tmp_path / "pdf") if d.path.name == f"{N}5.pdf")
    text = _text(BeautifulSoup(exporter.html(withdrawn), "html.parser"))
    assert "Status ikke oppgitt (ordet i kilden: «Trukket tilbake»)" in text and "Status i kilden: Trukket tilbake" in text


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))


def test_errors_name_the_line_and_column_through_a_bom_and_crlf(tmp_path):
    project = _empty_project(tmp_path / "p")
    source = tmp_path / "kilde"
    _write(source, "a.json", '{\n  "id": "x",\n  "tittel": "y"\n  "tekst": ""\n}\n')
    _write(source, "b.json", '{\n  "id": "x",\n  "id": "z"\n}\n')
    good = json.loads((FIXTURES / "uten-barn" / "veileder.json").read_text(encoding="utf-8-sig"))
    _write(source, "c.json", json.dumps({**good, "tekniskeData": {"infoType": "artikkel"}}, indent=2))
    _write(source, "d.json", json.dumps({**good, "id": "d", "tittel": "  "}, indent=2))
    result = import_hdir(source, project.content)
    shown = (tmp_path / "kilde").as_posix()
    assert [str(p) for p in result.errors] == [
        f"{shown}/a.json:4:3: ugyldig JSON: Expecting ',' delimiter",
        f"{shown}/b.json:3:3: ugyldig JSON: nøkkelen 'id' står to ganger i samme objekt; fjern den ene",
        f"{shown}/c.json:27:17: felt 'tekniskeData.infoType': fant 'artikkel', tillatt: retningslinje, nasjonal-veileder, "
        "prioriteringsveileder, veileder-lov-forskrift, regelverk-lov-eller-forskrift, rundskriv, kapittel, "
        "underkapittel, anbefaling, rad, råd",
        f"{shown}/d.json:3:13: nasjonal-veileder 'd': felt 'tittel' mangler eller er tomt i kilden; tillatt: en tittel "
        "(den finnes ikke andre steder, så dokumentet kan ikke importeres)",
    ]
    assert not project.content.exists() or list(project.content.iterdir()) == []


def test_html_becomes_markdown_that_keeps_structure_and_says_what_it_left_out():
    html = ('<ol><li><h4>Første</h4><p>Avsnitt</p></li><li>Andre</li></ol><table><tr><td>a|b</td></tr></table>'
            '<p>Bilde <img src="https://x/y.png" alt="x"> og <a href="https://api.x/innhold/anbefalinger/a-9">lenke</a></p>'
            '<iframe src="https://video"></iframe>')
    text, lost = to_markdown(html, lambda href: "anbefalt:anbefaling/a-9" if href.endswith("/a-9") else None)
    assert text == ("1. #### Første\n\n    Avsnitt\n\n2. Andre\n\n|  |\n| --- |\n| a\\|b |\n\n"
                    "Bilde  og [lenke](anbefalt:anbefaling/a-9)")
    assert lost == ["img", "iframe"]
