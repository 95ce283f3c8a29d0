"""The PDFs, read back with pypdf: texts, strengths, table of contents, bookmarks, footers, handouts."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from generator.build.pipeline import check

TSB = "pdf/faglige-rammer-tsb/faglige-rammer-tsb.pdf"
SELF_HELP = "pdf/selvhjelpsgrupper/selvhjelpsgrupper.pdf"


def pages_text(path) -> list[str]:
    """Page texts with WeasyPrint's automatic hyphenation (U+2010 at a line end) undone."""
    return [re.sub(r"\u2010\n", "", page.extract_text()) for page in PdfReader(path).pages]


def flat(text: str) -> str:
    """Whitespace folded; a line break after a hyphen ('TSB-\nenheter') compares equal to none."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


def outline_titles(reader: PdfReader) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


@pytest.fixture(scope="module")
def checked(default_site):
    return check(default_site.project)


@pytest.fixture(scope="module")
def library(checked):
    return checked[1]


def test_whole_guideline_has_every_recommendation_text_and_strength(default_site, checked):
    config, library = checked
    for g in library.guidelines:
        text = flat(" ".join(pages_text(default_site.site / f"pdf/{g.id}/{g.id}.pdf")))
        for entry in g.recommendations:
            rec = entry.record
            assert flat(rec.tekst) in text, rec.id
        # Each strength's label, read alone ("Styrke ikke avklart", not "Styrke: Styrke ikke avklart"), once per
        # recommendation of that strength, and the other strengths' labels not at all.
        labels = config.etiketter.styrke
        expected = Counter(labels[e.record.gradering.styrke] for e in g.recommendations)
        assert "Styrke: " not in text
        assert {label: text.count(label) for label in labels.values()} == {
            label: expected[label] for label in labels.values()}


def test_table_of_contents_page_numbers_match_where_the_headings_are(default_site):
    pages = pages_text(default_site.site / TSB)
    toc = pages[1]
    assert toc.startswith("Innhold")
    entries = re.findall(r"^(.+?)\s*\.{3,}\s*(\d+)$", toc, re.MULTILINE)
    assert len(entries) == 9 + 20 + 1  # chapters, recommendations, references
    for title, number in entries:
        page = pages[int(number) - 1]
        assert any(line.strip() == title.strip() for line in page.splitlines()), (title, number)


def test_bookmarks_for_every_chapter_and_recommendation(default_site, library):
    g = next(g for g in library.guidelines if g.id == "faglige-rammer-tsb")
    expected = []
    for chapter in g.meta.kapitler:
        expected.append(f"{chapter.nummer}. {chapter.tittel}")
        expected += [f"{r.nummer}. {r.tittel}" for r in g.in_chapter(chapter.id)]
    expected.append("Referanser")
    assert outline_titles(PdfReader(default_site.site / TSB)) == expected


def test_footer_numbers_every_page_after_the_cover_with_the_title(default_site):
    pages = pages_text(default_site.site / SELF_HELP)
    assert "Side" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Side {number} av {len(pages)}" in text
        assert "Selvhjelpsgrupper" in text


def test_cover_says_what_when_and_which_version(default_site):
    cover = pages_text(default_site.site / SELF_HELP)[0]
    for fact in ("RETNINGSLINJE", "Selvhjelpsgrupper i behandling og rehabilitering av rusmiddelproblemer",
                 "Identifikator IS-2219", "Eier Helsedirektoratet", "Status Gjeldende", "Innholdsversjon", "Laget"):
        assert fact in cover.replace("\n", " ")


def test_etd_table_marks_and_strength_in_words_print(default_site):
    text = flat(" ".join(pages_text(default_site.site / "pdf/selvhjelpsgrupper/anbefaling/informasjon-om-selvhjelpsgrupper.pdf")))
    assert "Styrke ikke avklart" in text and "Styrke: Styrke" not in text
    assert "Verdier X X" in text and "Uønskede effekter X" in text
    assert "Ressursbruk (hvor store er kostnadene som kreves for samfunnet?) Ingen" in text


def test_every_chapter_and_recommendation_has_its_pdf_linked_from_its_page(default_site, library):
    for g in library.guidelines:
        for chapter in g.meta.kapitler:
            assert (default_site.site / f"pdf/{g.id}/kapittel/{chapter.id}.pdf").is_file()
        for entry in g.recommendations:
            pdf = default_site.site / f"pdf/{g.id}/anbefaling/{entry.record.id}.pdf"
            assert flat(entry.record.tekst) in flat(" ".join(pages_text(pdf)))
            page = BeautifulSoup(default_site.html(f"{g.id}/anbefaling/{entry.record.id}/index.html"), "html.parser")
            assert page.select_one("p.anbefalt-pdf a")["href"] == f"../../../pdf/{g.id}/anbefaling/{entry.record.id}.pdf"


def test_handout_holds_exactly_the_chosen_recommendations(default_site, tmp_path):
    chosen = ["tsb-nasjonalt-kvalitetsregister", "informasjon-om-selvhjelpsgrupper", "tsb-forskningsstrategi"]
    out = tmp_path / "møte.pdf"
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(default_site.project.root), "pdf",
                             "--select", ",".join(chosen), "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # The outline: each chosen recommendation under its chapter, and nothing else.
    outline = PdfReader(out).outline
    assert [item.title for item in outline if not isinstance(item, list)] == [
        "Faglige rammer for TSB: 2. Forskningsvirksomhet", "Faglige rammer for TSB: 5. Kvalitetssikring",
        "Selvhjelpsgrupper: 2. Anbefaling om selvhjelpsgrupper"]
    assert [[item.title for item in sub] for sub in outline if isinstance(sub, list)] == [
        ["II. Egen forskningsstrategi for TSB"], ["XIV. Nasjonalt kvalitetsregister"],
        ["1. Informasjon om selvhjelpsgrupper"]]
    text = flat(" ".join(pages_text(out)))
    assert "Antall anbefalinger: 3" in text
    assert "Det bør bygges opp spesialisert døgnbasert utredningstilbud" not in text


def test_handout_with_unknown_id_is_a_clear_error(default_site, tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(default_site.project.root), "pdf",
                             "--select", "finnes-ikke", "--out", str(tmp_path / "x.pdf")], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip() == "feil: ukjente anbefalinger: finnes-ikke"
