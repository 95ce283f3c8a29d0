"""Guidelines in English and in nynorsk, built as a new user would build them (site_config/ only): every string a
reader meets in the pages, the PDFs, the API and FHIR is in the guideline's language. A test looks for every word
of the other shipped label sets and their date format; the default bokmål site is unchanged (test_golden.py)."""

from __future__ import annotations

import html
import json
import re
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from generator.build.pipeline import Options, build
from generator.model import vocab
from languages import (ENGLISH, ENGLISH_DATE, NUMERIC_DATE, NYNORSK, foreign_in, language_project, page_text,
                       with_history)

# The innholds-API's and the model's codes: stable identifiers of a contract (vocab.py), the same in every language.
CODES = {value for table in vocab.VOCABULARIES.values() for value in table} | \
        {term.api for table in vocab.VOCABULARIES.values() for term in table.values()} | set(vocab.API_TYPES)
# FHIR's human-readable elements; everything else in a resource is a code, a system or an id.
FHIR_TEXT = {"title", "description", "textEquivalent", "display", "citation", "publisher"}


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    project = with_history(language_project(tmp_path_factory.mktemp("english"), "en", ENGLISH), "alcohol",
                           "screening", "in a typical week.", "in a typical week, at their first visit.", """\
                             - dato: 2024-11-01
                               endring: The recommendation now says when to ask.
                               begrunnelse: Readers asked when.
                           """)
    build(project, Options(pdf=True))
    return project


@pytest.fixture(scope="module")
def nynorsk(tmp_path_factory):
    project = with_history(language_project(tmp_path_factory.mktemp("nynorsk"), "nn", NYNORSK), "sjolvhjelp",
                           "nn-informasjon", "informasjon om sjølvhjelpsgrupper.",
                           "skriftleg informasjon om sjølvhjelpsgrupper.", """\
                             - dato: 2024-11-01
                               endring: Tilrådinga seier no at informasjonen skal vere skriftleg.
                               begrunnelse: Lesarane spurde.
                           """)
    build(project, Options(pdf=True))
    return project


def _pages(project) -> list:
    return sorted(p for p in project.site.rglob("*.html") if "admin" not in p.parts)


def _api_strings(value, key: str = "") -> list[str]:
    """The API's texts: every string value except codes, ids, addresses and dates."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _api_strings(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in _api_strings(v, key)]
    if not isinstance(value, str) or value in CODES or re.fullmatch(r"[\w./:#{}-]*", value):
        return []
    return [value]


def _fhir_strings(value, key: str = "") -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _fhir_strings(v, k)]
    if isinstance(value, list):
        return [s for v in value for s in _fhir_strings(v, key)]
    return [value] if isinstance(value, str) and key in FHIR_TEXT else []


@pytest.mark.parametrize("name, language", [("english", "en"), ("nynorsk", "nn")])
def test_every_page_is_in_the_guidelines_language_with_no_word_of_another(request, name, language):
    project = request.getfixturevalue(name)
    pages = _pages(project)
    assert len(pages) >= 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert BeautifulSoup(html, "html.parser").html["lang"] == language, path
        text = page_text(html, language)
        assert foreign_in(text, language) == [], path
        if language == "en":
            assert not NUMERIC_DATE.search(text), path


def test_english_addresses_dates_numbers_and_values(english):
    site = english.site
    for page in ("alcohol/recommendation/screening/index.html", "alcohol/all-recommendations/index.html",
                 "alcohol/references/index.html", "alcohol/changelog/index.html", "alcohol/assessment/index.html"):
        assert (site / page).is_file(), page
    assert not list(site.glob("alcohol/anbefaling*")) and not (site / "alcohol/alle-anbefalinger").exists()
    text = page_text((site / "alcohol/recommendation/screening/index.html").read_text(encoding="utf-8"), "en")
    # The editors' English values, as readers read them; dates in the locale's format; numbers without a full stop.
    assert "Strong recommendation" in text and "Certainty of evidence: Moderate" in text
    assert "Type of recommendation: We recommend the intervention" in text
    assert "First published 5 January 2019" in text and "2 March 2021: The strength was changed to strong." in text
    assert "Recommendation 1.1 · 1 Assessment" in text
    overview = page_text((site / "alcohol/all-recommendations/index.html").read_text(encoding="utf-8"), "en")
    assert "2.1 Assisted withdrawal" in overview and "Conditional recommendation" in overview
    changelog = page_text((site / "alcohol/changelog/index.html").read_text(encoding="utf-8"), "en")
    assert ENGLISH_DATE.search(changelog)
    # The API's page and its OpenAPI description document the English paths.
    api_page = (site / "api/index.html").read_text(encoding="utf-8")
    for path in ("api/guidelines/{id}.json", "api/guidelines/{id}/recommendations.json",
                 "api/chapters/{guideline}/{id}.json", "api/recommendations/{id}.json"):
        assert path in api_page
        assert "/" + path in json.loads((site / "openapi.json").read_text(encoding="utf-8"))["paths"]


def test_english_pdfs_are_tagged_english_with_english_words_footer_and_dates(english):
    pdfs = sorted(english.site.glob("pdf/**/*.pdf"))
    assert [p.relative_to(english.site).as_posix() for p in pdfs] == [
        "pdf/alcohol/alcohol.pdf", "pdf/alcohol/chapter/assessment.pdf", "pdf/alcohol/chapter/treatment.pdf",
        "pdf/alcohol/recommendation/screening.pdf", "pdf/alcohol/recommendation/withdrawal.pdf"]
    for path in pdfs:
        reader = PdfReader(path)
        assert reader.trailer["/Root"]["/Lang"] == "en"
        pages = [re.sub(r"\u2010\n", "", page.extract_text()) for page in reader.pages]
        text = " ".join(pages)
        assert foreign_in(text, "en") == [], path
        assert not NUMERIC_DATE.search(text), path
        assert f"Page {len(pages)} of {len(pages)}" in pages[-1], path
    whole = " ".join(page.extract_text() for page in PdfReader(english.site / "pdf/alcohol/alcohol.pdf").pages)
    assert "Last substantively updated 2 March 2021" in whole and "Consultation deadline: 30 June 2030" in whole
    assert "Favours the" in whole and re.search(r"Content version [0-9a-f]{7}", whole)


@pytest.mark.parametrize("name, language, folders", [
    ("english", "en", ("guidelines", "chapters", "recommendations")),
    ("nynorsk", "nn", ("retningslinjer", "kapittel", "tilradingar")),
])
def test_api_and_fhir_are_in_the_guidelines_language(request, name, language, folders):
    project = request.getfixturevalue(name)
    api = project.site / "api"
    assert sorted(p.name for p in api.iterdir() if p.is_dir()) == sorted(folders)
    documents = [json.loads(p.read_text(encoding="utf-8")) for p in api.rglob("*.json")]
    texts = [s for doc in documents for s in _api_strings(doc)]
    assert texts and foreign_in(" ".join(texts), language) == []
    guideline = next(d for d in documents if isinstance(d, dict) and d.get("tekniskeData", {}).get("infoType") ==
                     "retningslinje")
    assert guideline["spraak"] == {"en": "en", "nn": "nn"}[language]
    page = page_text((project.site / "api/index.html").read_text(encoding="utf-8"), language)
    assert foreign_in(page, language) == []
    for path in (project.site / "fhir").rglob("*.json"):
        resource = json.loads(path.read_text(encoding="utf-8"))
        members = [e["resource"] for e in resource["entry"]] if resource["resourceType"] == "Bundle" else [resource]
        assert {m["language"] for m in members} == {language}
        assert foreign_in(" ".join(s for m in members for s in _fhir_strings(m)), language) == [], path
    strong = {"en": "screening", "nn": "nn-informasjon"}[language]
    graded = json.loads((project.site / f"fhir/PlanDefinition/{strong}.json").read_text(encoding="utf-8"))
    assert graded["action"][0]["textEquivalent"] == {"en": "We recommend the intervention",
                                                     "nn": "Vi tilrår tiltaket"}[language]


# The fields of feeds and citation files that hold codes, addresses and dates, not words.
CODE_FIELDS = {"id", "url", "URL", "home_page_url", "feed_url", "language", "type", "version", "date_published",
               "date_modified", "TY", "ID", "UR", "LA", "DA", "PY", "ET", "year"}


def _readers_text(path) -> str:
    """What a feed reader or reference manager shows of a feed or citation file: its values, without the format's
    own keys and tags."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        def values(node, key=""):
            if isinstance(node, dict):
                return [s for k, v in node.items() for s in values(v, k)]
            if isinstance(node, list):
                return [s for v in node for s in values(v, key)]
            return [str(node)] if isinstance(node, str) and key not in CODE_FIELDS else []
        found = values(json.loads(raw))
    elif path.suffix == ".xml":
        root = ElementTree.fromstring(raw)
        found = [e.text or "" for e in root.iter() if e.tag.split("}")[1] not in ("id", "updated", "published")]
        found += [e.get("label", "") for e in root.iter()]
    elif path.suffix == ".ris":
        found = [line[6:] for line in raw.splitlines() if line[:2] not in CODE_FIELDS]
    else:  # BibTeX: field = {value}
        found = [value for key, value in re.findall(r"^\s*(\w+) = \{(.*)\},?$", raw, re.M) if key not in CODE_FIELDS]
    return " ".join(BeautifulSoup(s, "html.parser").get_text(" ") for s in found)


@pytest.mark.parametrize("name, language, expected", [
    ("english", "en", {"whats-new/atom.xml": "What's new", "alcohol/changelog/atom.xml":
                       "New version: 1.1 Screening for harmful alcohol use (version 2)",
                       "alcohol/recommendation/screening/version/2/citation.ris":
                       "Version 2, last substantive update 2 March 2021",
                       "alcohol/recommendation/screening/version/2/citation.bib": "language = {english}"}),
    ("nynorsk", "nn", {"kva-er-nytt/atom.xml": "Kva er nytt", "sjolvhjelp/endringslogg/atom.xml":
                       "Ny versjon: 1. Informasjon om sjølvhjelpsgrupper (versjon 2)",
                       "sjolvhjelp/tilrading/nn-informasjon/versjon/2/sitering.ris":
                       "Versjon 2, siste faglege endring 02.03.2021",
                       "sjolvhjelp/tilrading/nn-informasjon/versjon/2/sitering.bib": "language = {nynorsk}"}),
])
def test_versions_feeds_and_citations_are_in_the_guidelines_language(request, name, language, expected):
    """With a history in git the build makes version pages, a "what's new" page, feeds and citation files (the
    pages are read above): their addresses and words are the guideline's language's, and so are the feeds'
    entries and the citations' notes."""
    site = request.getfixturevalue(name).site
    for path, wanted in expected.items():
        assert wanted in html.unescape((site / path).read_text(encoding="utf-8")), path
    made = sorted([*site.rglob("atom.xml"), *site.rglob("feed.json"), *site.glob("*/*/*/*/*/*.ris"),
                   *site.glob("*/*/*/*/*/*.bib"), *site.glob("*/*/*/*/*/*.json")])
    assert len(made) == 4 + 3 * 3, made  # the site's and the guideline's feeds; three versions' citations
    for path in made:
        text = _readers_text(path)
        assert text and foreign_in(text, language) == [], path
        if language == "en":
            assert not NUMERIC_DATE.search(text), path


def test_nynorsk_words_dates_and_addresses(nynorsk):
    site = nynorsk.site
    assert (site / "sjolvhjelp/tilrading/nn-informasjon/index.html").is_file()
    assert (site / "sjolvhjelp/alle-tilradingar/index.html").is_file()
    assert (site / "sjolvhjelp/referansar/index.html").is_file()
    text = page_text((site / "sjolvhjelp/tilrading/nn-informasjon/index.html").read_text(encoding="utf-8"), "nn")
    assert "Sterk tilråding" in text and "Forskingsgrunnlag: Låg" in text and "Først publisert 05.01.2019" in text
    assert "Tilråding 1 · 1. Kartlegging" in text and "Til fordel for tiltaket" in text
    other = page_text((site / "sjolvhjelp/tilrading/nn-oppfolging/index.html").read_text(encoding="utf-8"), "nn")
    assert "Status På høyring Høyringsfrist 30.06.2030" in other
    assert "Vi føreslår å bruke anten tiltaket eller alternativet" in other
    pdf = PdfReader(site / "pdf/sjolvhjelp/sjolvhjelp.pdf")
    assert pdf.trailer["/Root"]["/Lang"] == "nn"
    text = " ".join(re.sub(r"\u2010\n", "", page.extract_text()) for page in pdf.pages)
    assert foreign_in(text, "nn") == [] and "Side 2 av" in text


def test_the_theme_speaks_the_sites_language(english, nynorsk):
    for project, language, placeholder in ((english, "en", "Type to start searching"), (nynorsk, "nn", "Skriv søkjeord")):
        html = BeautifulSoup((project.site / "index.html").read_text(encoding="utf-8"), "html.parser")
        config = json.loads(html.select_one("script#__config").string)
        assert config["translations"]["search.result.placeholder"] == placeholder
        index = json.loads((project.site / "search/search_index.json").read_text(encoding="utf-8"))
        assert index["config"]["lang"] == [{"en": "en", "nn": "no"}[language]]
        entry = json.loads((project.site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [language]


def test_the_probe_finds_another_languages_words_and_dates():
    """The checks above can fail: the bokmål labels, and a date as bokmål writes it, are found on an English page."""
    assert foreign_in("Strong recommendation. Sterk anbefaling, sist faglig endret 05.01.2019", "en") == [
        "Sterk", "anbefaling", "endret", "faglig", "sist"]
    assert NUMERIC_DATE.search("First published 05.01.2019")
    assert foreign_in("Sterk tilråding. Sterk anbefaling", "nn") == ["anbefaling"]
