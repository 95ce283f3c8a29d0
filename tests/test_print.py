"""Paper without waste, and PDFs a screen reader can read: pages counted, near-empty pages found, the
structure tree, language and title checked, the EtD table's type size read back from the PDF."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from generator.build.pipeline import check

TSB = "pdf/faglige-rammer-tsb/faglige-rammer-tsb.pdf"
SELF_HELP_REC = "pdf/selvhjelpsgrupper/anbefaling/informasjon-om-selvhjelpsgrupper.pdf"
FOOTER = re.compile(r".*Side \d+ av \d+\s*$", re.DOTALL)


def body(page) -> str:
    """A page's text without its running footer (the last line: short title and 'Side N av M')."""
    lines = page.extract_text().strip().splitlines()
    return "\n".join(lines[:-1]) if lines and re.search(r"Side \d+ av \d+$", lines[-1]) else "\n".join(lines)


def test_the_whole_guideline_has_no_near_empty_page_and_no_page_holding_only_a_trailer(default_site):
    pages = PdfReader(default_site.site / TSB).pages
    for number, page in enumerate(pages[2:-1], start=3):  # after the cover and contents; the last may be short
        text = body(page)
        assert len(text) > 400, f"page {number} is nearly empty: {text!r}"
        first = text.lstrip().splitlines()[0]
        assert not first.startswith(("Status:", "Kilde:", "Stikkord:")), f"page {number} opens with a trailer"
    assert len(pages) <= 12


def test_one_recommendation_is_one_page_where_it_fits_and_never_more_than_two(default_site):
    config, library = check(default_site.project)
    for guideline, rec in library.records():
        pages = PdfReader(default_site.site / f"pdf/{guideline.id}/anbefaling/{rec.id}.pdf").pages
        limit = 2 if rec.etd else 1
        assert len(pages) <= limit, (rec.id, len(pages))
        # No cover page: the recommendation starts on page one, under a compact header.
        first = body(pages[0])
        assert config.etiketter.heading(rec) in first.replace("\n", " ") and config.etiketter.styrke[rec.gradering.styrke] in first


def test_a_handout_is_the_chosen_recommendations_under_one_header(default_site, tmp_path):
    out = tmp_path / "møte.pdf"
    chosen = ["tsb-nasjonalt-kvalitetsregister", "tsb-kartlegging-av-rusvaner"]
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(default_site.project.root), "pdf",
                             "--select", ",".join(chosen), "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    pages = PdfReader(out).pages
    assert len(pages) == 1
    text = body(pages[0]).replace("\n", " ")
    assert text.count("Utvalgte anbefalinger") == 1
    assert "XIV. Nasjonalt kvalitetsregister" in text and "XVII. Kartlegging av rusvaner" in text


def test_every_pdf_is_tagged_with_its_language_and_title(default_site):
    paths = sorted((default_site.site / "pdf").rglob("*.pdf"))
    assert len(paths) == 34
    for path in paths:
        reader = PdfReader(path)
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"]), path
        assert root["/Lang"] == "nb", path
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]), path
        assert reader.metadata.title, path


def _sizes(page, word: str) -> list[float]:
    sizes = []

    def visit(text, cm, tm, font, size):
        if word in text:
            sizes.append(size * abs(tm[3]) * abs(cm[3]) if size else 0)

    page.extract_text(visitor_text=visit)
    return sizes


@pytest.mark.parametrize("word", ["Gjennomførbarhet", "Verdier"])
def test_the_etd_table_is_set_at_a_readable_size(default_site, word):
    pages = PdfReader(default_site.site / SELF_HELP_REC).pages
    sizes = [s for page in pages for s in _sizes(page, word)]
    assert sizes and min(sizes) >= 8.5 - 0.05, sizes
