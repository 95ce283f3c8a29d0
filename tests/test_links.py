"""Every internal link and anchor resolves, on every page and in every PDF, for the default content and for
the synthetic library the benchmark builds (citations in recommendation texts and chapter introductions)."""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import GUIDELINE, RECORD, REPO, Built, make_project
from generator.build.pipeline import Options, build, check
from generator.build.project import Project
from generator.export.pdf.documents import PdfExporter

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import write_library  # noqa: E402


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory) -> Built:
    root = write_library(tmp_path_factory.mktemp("synthetic") / "lib", guidelines=2, chapters=2, per_chapter=2)
    project = Project(root)
    return Built(project, build(project, Options(pdf=True)).mkdocs_output)


def _ids(path: Path, cache: dict) -> set[str]:
    if path not in cache:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        cache[path] = {element["id"] for element in page.find_all(id=True)} | {
            element["name"] for element in page.find_all("a", attrs={"name": True})}
    return cache[path]


def _broken_page_links(site: Path) -> list[str]:
    broken, cache = [], {}
    for path in sorted(site.rglob("*.html")):
        for link in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all("a", href=True):
            url = urlparse(link["href"])
            if url.scheme or url.netloc:
                continue
            # Only the 404 page uses root-relative links (it is served at any address); they resolve from the root.
            base = site if url.path.startswith("/") else path.parent
            target = (base / unquote(url.path).lstrip("/")).resolve() if url.path else path
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {link['href']} (no file)")
            elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in _ids(target, cache):
                broken.append(f"{path.relative_to(site)}: {link['href']} (no anchor)")
    return broken


def _broken_pdf_links(site: Path) -> list[str]:
    broken = []
    for path in sorted((site / "pdf").rglob("*.pdf")):
        reader = PdfReader(path)
        targets = set(reader.named_destinations)
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                dest = annotation.get_object().get("/Dest")
                if dest is not None and str(dest) not in targets:
                    broken.append(f"{path.relative_to(site)}: #{dest}")
    return broken


@pytest.mark.parametrize("which", ["default_site", "synthetic_site", "history_site"])
def test_every_internal_link_and_anchor_on_every_page_and_in_every_pdf_resolves(which, request):
    built = request.getfixturevalue(which)
    assert len(list(built.site.rglob("*.html"))) > 20 and len(list((built.site / "pdf").rglob("*.pdf"))) > 5
    assert _broken_page_links(built.site) == []
    assert _broken_pdf_links(built.site) == []


@pytest.mark.parametrize("which", ["default_site", "synthetic_site"])
def test_every_link_in_every_printable_document_has_its_anchor(which, request):
    """WeasyPrint silently drops a link whose anchor is missing, so the PDFs' source HTML is checked."""
    project = request.getfixturevalue(which).project
    config, library = check(project)
    exporter = PdfExporter(library, config, "v", made=date(2024, 1, 1))
    for document in exporter.documents(Path("pdf")):
        page = BeautifulSoup(exporter.html(document), "html.parser")
        ids = {element["id"] for element in page.find_all(id=True)}
        missing = [a["href"] for a in page.find_all("a", href=True) if a["href"].startswith("#") and a["href"][1:] not in ids]
        assert missing == [], document.path


def test_a_citation_in_a_recommendation_links_to_its_reference_in_the_recommendations_own_pdf(tmp_path):
    record = RECORD.replace("tekst: Helsepersonell bør gjøre noe.", "tekst: Helsepersonell bør gjøre noe [@ref-a].")
    project = make_project(tmp_path, GUIDELINE, {"rec": record})
    build(project, Options(pdf=True))
    reader = PdfReader(project.site / "pdf/test/anbefaling/rec.pdf")
    assert "ref-test-ref-a" in reader.named_destinations
    dests = [str(a.get_object().get("/Dest")) for page in reader.pages for a in page.get("/Annots") or []]
    assert "ref-test-ref-a" in dests
    assert "Forfatter A. Tittel. 2020." in " ".join(page.extract_text() for page in reader.pages)
    shutil.rmtree(project.site)
