"""The web editor in Chromium against the local backend (`edit`: decap-server on 127.0.0.1): a guideline with a
chapter and a recommendation with an EtD table made through the forms only, written to content/, passing
`check` and building. Screenshots of the forms go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
import subprocess
import sys
import time

import pytest
from playwright.sync_api import Page, expect

from conftest import make_project
from test_browser import SHOTS
from test_serve import free_port

STARTUP_SECONDS = 90


@pytest.fixture
def editor(tmp_path):
    """`python -m generator edit` on free ports of 127.0.0.1, always stopped afterwards."""
    project = make_project(tmp_path)
    port, proxy_port = free_port(), free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(tmp_path), "edit", "--port", str(port),
                                "--proxy-port", str(proxy_port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        lines = []
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            lines.append(line)
            if "Redigering på" in line or process.poll() is not None:
                break
        assert "Redigering på" in "".join(lines), "".join(lines)
        yield project, f"http://127.0.0.1:{port}/admin/"
    finally:
        process.terminate()
        try:
            process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="nb-NO")
    yield context.new_page()
    context.close()


def field(page: Page, label: str, nth: int = 0):
    """The input of a form field by its label as editors see it (optional fields say '(valgfritt)')."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(valgfritt\))?$", re.I)).nth(nth)


def choose(page: Page, label: str, option: str, nth: int = 0) -> None:
    """Pick an option of a select (react-select) by the text the editor reads."""
    field(page, label, nth).click()
    page.get_by_role("option", name=option, exact=True).click()


def expand(page: Page, label: str) -> None:
    """Open a group that is folded until used (an optional block such as the EtD table)."""
    page.locator("[class*=ExpandButtonContainer]", has_text=label).get_by_test_id("expand-button").click()


def publish(page: Page, path, seconds: float = 30) -> str:
    """Save through the editor's own button; the text of the file it wrote, once it is there."""
    page.get_by_role("button", name="Publiser").first.click()
    page.get_by_text("Publiser nå", exact=True).click()
    deadline = time.monotonic() + seconds
    while not path.is_file() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert path.is_file(), f"{path} was not written"
    time.sleep(0.5)
    return path.read_text(encoding="utf-8")


def run(root, *args):
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args], cwd=root,
                          capture_output=True, text=True)


def test_a_guideline_and_a_recommendation_with_an_etd_table_made_through_the_forms(editor, page):
    project, url = editor
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url)
    page.get_by_role("button", name="Logg inn").click()

    # A guideline with a source and a chapter.
    page.goto(url + "#/collections/retningslinjer/new")
    field(page, "Tittel").fill("Søvn hos eldre")
    field(page, "Eier").fill("Helsedirektoratet")
    choose(page, "Status", "Gjeldende")
    page.get_by_role("button", name="Add kilder").click()
    field(page, "Kildedokument").fill("Helsedirektoratet. Søvn hos eldre. 2024")
    page.get_by_role("button", name="Add kapitler").click()
    field(page, "Id", 1).fill("utredning")
    field(page, "Nummer").fill("1")
    field(page, "Tittel", 1).fill("Utredning")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "redigering-ny-retningslinje.png", full_page=True)
    guideline = project.content / "sovn-hos-eldre" / "retningslinje.yaml"
    assert publish(page, guideline) == GUIDELINE_AS_WRITTEN

    # The new guideline's recommendations get their collection when the editor is loaded again.
    page.goto(url)
    page.reload()
    page.get_by_role("link", name="Anbefalinger: Søvn hos eldre").click()
    page.get_by_role("link", name="Opprett innlegg av typen anbefaling").click()
    choose(page, "Kapittel", "1. Utredning")
    field(page, "Nummer").fill("1")
    field(page, "Tittel").fill("Kartlegging av søvnvaner")
    field(page, "Anbefalingen").fill("Helsepersonell bør kartlegge søvnvaner hos eldre med søvnplager.")
    choose(page, "Styrke", "Svak anbefaling")
    choose(page, "Retning", "for")
    choose(page, "Kunnskapsgrunnlag", "Forskningsgrunnlag: Lav")
    field(page, "Praktisk").fill("Bruk en søvndagbok i to uker.\n\n- Spør om vaner\n- Spør om medisiner\n")
    expand(page, "Fra kunnskap til beslutning (EtD)")
    choose(page, "Vurderingsskala", "Generisk EtR/EtD-rammeverk (versjon 2.2)")
    page.get_by_role("button", name="Add kriterier").click()
    field(page, "Kriterium").fill("Verdier")
    choose(page, "Markert", "Sannsynligvis i favør av tiltaket")
    choose(page, "Markert", "I favør av tiltaket")
    page.get_by_role("button", name="Add kriterier").click()
    field(page, "Kriterium", 1).fill("Ressursbruk")
    choose(page, "Markert", "Vet ikke", 1)
    field(page, "Tekst i kolonnen", 1).fill("Ingen")
    field(page, "Kildedokument").fill("Helsedirektoratet. Søvn hos eldre. 2024")
    choose(page, "Status", "Gjeldende")
    page.screenshot(path=SHOTS / "redigering-ny-anbefaling.png", full_page=True)
    record = project.content / "sovn-hos-eldre" / "anbefalinger" / "kartlegging-av-sovnvaner.yaml"
    assert publish(page, record) == RECORD_AS_WRITTEN
    # No request left this machine's editor and decap-server.
    assert {re.sub(r":\d+$", "", u.split("/")[2]) for u in requested if u.startswith("http")} == {"127.0.0.1"}

    result = run(project.root, "check")
    assert result.returncode == 0, result.stderr
    assert run(project.root, "build", "--no-pdf").returncode == 0
    page_html = (project.site / "sovn-hos-eldre/anbefaling/kartlegging-av-sovnvaner/index.html").read_text(encoding="utf-8")
    assert "Helsepersonell bør kartlegge søvnvaner" in page_html and "Ressursbruk" in page_html


GUIDELINE_AS_WRITTEN = """\
# yaml-language-server: $schema=../../schema/retningslinje.schema.json
id: sovn-hos-eldre
tittel: Søvn hos eldre
eier: Helsedirektoratet
status: gjeldende
kilder:
  - dokument: Helsedirektoratet. Søvn hos eldre. 2024
kapitler:
  - id: utredning
    nummer: "1"
    tittel: Utredning
"""

RECORD_AS_WRITTEN = """\
# yaml-language-server: $schema=../../../schema/anbefaling.schema.json
id: kartlegging-av-sovnvaner
retningslinje: sovn-hos-eldre
kapittel: utredning
nummer: "1"
tittel: Kartlegging av søvnvaner
tekst: Helsepersonell bør kartlegge søvnvaner hos eldre med søvnplager.
gradering:
  styrke: svak
  retning: for
kunnskapsgrunnlag: lav
praktisk: |
  Bruk en søvndagbok i to uker.

  - Spør om vaner
  - Spør om medisiner
etd:
  skala: standard
  kriterier:
    - kriterium: Verdier
      markert: [sannsynligvis-tiltaket, tiltaket]
    - kriterium: Ressursbruk
      markert: [vet-ikke]
      tekst: Ingen
kilde:
  dokument: Helsedirektoratet. Søvn hos eldre. 2024
status: gjeldende
"""
