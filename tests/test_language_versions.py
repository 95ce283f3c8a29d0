"""One guideline in bokmål and nynorsk side by side, linked (hreflang, a language switch); a guideline choosing its
own language; editors writing values in their language, refused with their language's words when wrong; the web
editor and `new` offering those words."""

from __future__ import annotations

import json
import posixpath
import re

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from generator.build.pipeline import Options, build, check
from generator.edit.new import create_record, snapshot
from generator.export.editor.config import editor_config
from generator.model import messages
from generator.model.labels import record_fields
from generator.model.problems import ContentError
from languages import BOKMAL, ENGLISH, NYNORSK, foreign_in, language_project, page_text

VERSION = {"sjolvhjelp": "sprak: nn\nsprakversjon_av: selvhjelp\n"}


@pytest.fixture(scope="module")
def side_by_side(tmp_path_factory):
    project = language_project(tmp_path_factory.mktemp("side-by-side"), "nb", BOKMAL, NYNORSK, extra=VERSION)
    build(project, Options(pdf=True))
    return project


def _soup(project, page: str) -> BeautifulSoup:
    return BeautifulSoup((project.site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def _resolve(page: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(page, href)).removeprefix("./")


PAIRS = [  # the same page in both versions: by chapter id, by chapter and number, by kind
    ("selvhjelp/", "sjolvhjelp/"),
    ("selvhjelp/kartlegging/", "sjolvhjelp/kartlegging/"),
    ("selvhjelp/anbefaling/nb-informasjon/", "sjolvhjelp/tilrading/nn-informasjon/"),
    ("selvhjelp/anbefaling/nb-oppfolging/", "sjolvhjelp/tilrading/nn-oppfolging/"),
    ("selvhjelp/alle-anbefalinger/", "sjolvhjelp/alle-tilradingar/"),
    ("selvhjelp/referanser/", "sjolvhjelp/referansar/"),
    ("selvhjelp/endringslogg/", "sjolvhjelp/endringslogg/"),
]


@pytest.mark.parametrize("nb, nn", PAIRS, ids=[nb for nb, _ in PAIRS])
def test_each_page_names_its_language_and_links_the_same_page_in_the_other(side_by_side, nb, nn):
    for page, language, other, other_language in ((nb, "nb", nn, "nn"), (nn, "nn", nb, "nb")):
        soup = _soup(side_by_side, page)
        assert soup.html["lang"] == language
        # hreflang in the head: both versions, each resolving to its page.
        alternates = {link["hreflang"]: _resolve(page, link["href"]) for link in soup.select("link[hreflang]")}
        assert alternates == {language: page.rstrip("/"), other_language: other.rstrip("/")}
        # The language switch: the other version by its own name, in its own language; this one marked current.
        switch = soup.select_one("nav.anbefalt-sprakvalg")
        link = switch.select_one("a[hreflang]")
        assert (link["hreflang"], link["lang"], link.get_text()) == (
            other_language, other_language, {"nb": "Bokmål", "nn": "Nynorsk"}[other_language])
        assert _resolve(page, link["href"]) == other.rstrip("/")
        assert (side_by_side.site / other / "index.html").is_file()
        assert switch.select_one("[aria-current=true]")["lang"] == language


def test_the_nynorsk_version_has_no_bokmal_in_its_pages_pdfs_api_and_fhir(side_by_side):
    site = side_by_side.site
    for path in sorted((site / "sjolvhjelp").rglob("index.html")):
        text = page_text(path.read_text(encoding="utf-8"), "nn", scope="article")
        assert foreign_in(text, "nn") == [], path
    for path in sorted((site / "pdf/sjolvhjelp").rglob("*.pdf")):
        reader = PdfReader(path)
        assert reader.trailer["/Root"]["/Lang"] == "nn"
        assert foreign_in(" ".join(p.extract_text() for p in reader.pages), "nn") == [], path
    # The API's paths are the site's (bokmål); each document names its own language.
    nynorsk = json.loads((site / "api/retningslinjer/sjolvhjelp.json").read_text(encoding="utf-8"))
    bokmal = json.loads((site / "api/retningslinjer/selvhjelp.json").read_text(encoding="utf-8"))
    assert (nynorsk["spraak"], bokmal["spraak"]) == ("nn", "no")
    assert nynorsk["anbefalt"]["sprakversjon_av"] == "selvhjelp"
    resource = json.loads((site / "fhir/PlanDefinition/nn-informasjon.json").read_text(encoding="utf-8"))
    assert resource["language"] == "nn" and resource["action"][0]["textEquivalent"] == "Vi tilrår tiltaket"
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == ["nb", "nn"]


def test_the_bokmal_pages_are_unchanged_but_for_the_switch(side_by_side):
    soup = _soup(side_by_side, "selvhjelp/anbefaling/nb-informasjon/")
    front = (side_by_side.docs / "selvhjelp/anbefaling/nb-informasjon.md").read_text(encoding="utf-8").split("---")[1]
    # No `sprak` (the page speaks the site's language); the switch's versions, besides the title and citation.
    assert [line.split(":")[0] for line in front.strip().splitlines()] == ["sprakversjoner", "title", "citation"]
    text = page_text(str(soup), "nb", scope="article")
    assert "Sterk anbefaling" in text and "Anbefaling 1 · 1. Kartlegging" in text


def _problems(project, monkeypatch) -> list[str]:
    monkeypatch.chdir(project.root)
    with pytest.raises(ContentError) as caught:
        check(project)
    return [str(p) for p in caught.value.problems]


def _bokmal_copy() -> dict:
    """A second bokmål guideline, in bokmål words: its own mistakes alone are reported."""
    guideline, records = BOKMAL["selvhjelp"]
    guideline = guideline.replace("id: selvhjelp", "id: kopi")
    return {"kopi": (guideline, {name.replace("nb-", "kopi-"): text.replace("id: nb-", "id: kopi-").replace(
        "retningslinje: selvhjelp", "retningslinje: kopi") for name, text in records.items()})}


@pytest.mark.parametrize("extra, expected", [
    ("sprak: nn\nsprakversjon_av: selvhjelpp\n",
     "content/sjolvhjelp/retningslinje.yaml:21:18: felt 'sprakversjon_av': ukjent retningslinje 'selvhjelpp', "
     "tillatt: selvhjelp (mente du 'selvhjelp'?)"),
    ("sprakversjon_av: selvhjelp\n",
     "content/kopi/retningslinje.yaml:14:18: felt 'sprakversjon_av': 'selvhjelp' er også på 'nb'; en "
     "språkversjon er på et annet språk (sett 'sprak')"),
    ("sprak: de\n",
     "content/kopi/retningslinje.yaml:14:8: felt 'sprak': fant 'de', tillatt: nb, en, nn (språkene med et "
     "etikettsett i site_config/etiketter/)"),
])
def test_a_wrong_language_or_version_is_named_with_what_is_allowed(tmp_path, monkeypatch, extra, expected):
    folder = "sjolvhjelp" if "sprak: nn" in extra else "kopi"
    project = language_project(tmp_path, "nb", BOKMAL, NYNORSK if folder == "sjolvhjelp" else _bokmal_copy(),
                               extra={folder: extra})
    assert _problems(project, monkeypatch) == [expected]


def test_a_version_of_a_version_points_at_the_original(tmp_path, monkeypatch):
    english = {"alcohol": (ENGLISH["alcohol"][0].replace("id: alcohol", "id: alcohol"), {})}
    project = language_project(tmp_path, "nb", BOKMAL, NYNORSK, english,
                               extra={**VERSION, "alcohol": "sprak: en\nsprakversjon_av: sjolvhjelp\n"})
    assert any("felt 'sprakversjon_av': 'sjolvhjelp' er selv en språkversjon av 'selvhjelp'; pek på 'selvhjelp'"
               in p for p in _problems(project, monkeypatch))


@pytest.mark.parametrize("language, record, expected", [
    ("en", ("styrke: strong", "styrke: sterk"),
     "felt 'gradering.styrke': fant 'sterk', tillatt: strong, conditional, unclear, not graded, not stated"),
    ("nn", ("kunnskapsgrunnlag: låg", "kunnskapsgrunnlag: lav"),
     "felt 'kunnskapsgrunnlag': fant 'lav', tillatt: høg, moderat, låg, svært låg, konsensus"),
    ("en", ("  retning: for", "  retning: either"),
     "felt 'gradering': GRADE har ingen sterk anbefaling for 'either'; bruk 'conditional'"),
])
def test_editors_write_values_in_their_language_and_another_languages_word_is_refused(
        tmp_path, monkeypatch, language, record, expected):
    """A guideline's files are in its language: another language's word for a value is an error naming the allowed
    words of the file's language, in the site's language (bokmål here)."""
    content = {"en": ENGLISH, "nn": NYNORSK}[language]
    folder, (guideline, records) = next(iter(content.items()))
    name = next(iter(records))
    changed = records[name].replace(*record)
    project = language_project(tmp_path, "nb", {folder: (guideline, {name: changed})},
                               extra={folder: f"sprak: {language}\n"})
    assert any(expected in p for p in _problems(project, monkeypatch)), _problems(project, monkeypatch)


def test_the_web_editor_offers_each_guidelines_words_in_its_language(side_by_side):
    config, library = check(side_by_side)
    generated = editor_config(config, [g.meta for g in library.guidelines], side_by_side.root)
    assert generated["locale"] == "nb_no"
    forms = {c["name"]: {f["name"]: f for f in c["fields"]} for c in generated["collections"]}
    nynorsk = forms["anbefalinger-sjolvhjelp"]
    strength = {f["name"]: f for f in nynorsk["gradering"]["fields"]}["styrke"]
    assert [(o["value"], o["label"]) for o in strength["options"]] == [
        ("sterk", "Sterk tilråding"), ("svak", "Svak tilråding"), ("ikkje avklart", "Styrke ikkje avklart"),
        ("ikkje gradert", "Ikkje gradert"), ("ikkje oppgitt", "Styrke ikkje oppgitt")]
    assert [o["value"] for o in nynorsk["status"]["options"]] == [
        "gjeldande", "på høyring", "under revisjon", "gått ut", "ikkje oppgitt"]
    assert [o["label"] for o in nynorsk["kapittel"]["options"]] == ["1. Kartlegging", "2. Oppfølging"]
    # The guidelines' own status: the words of every language the site's guidelines use, each named.
    status = [o["value"] for o in forms["retningslinjer"]["status"]["options"]]
    assert "gjeldende" in status and "gjeldande" in status
    assert [o["value"] for o in forms["retningslinjer"]["sprak"]["options"]] == ["nb", "en", "nn"]


def test_an_english_site_edits_in_english(tmp_path):
    project = language_project(tmp_path, "en", ENGLISH)
    config, library = check(project)
    with messages.speaking("en"):  # as the build speaks on an English site
        generated = editor_config(config, [g.meta for g in library.guidelines], project.root)
    assert generated["locale"] == "en"
    forms = {c["name"]: c for c in generated["collections"]}
    assert forms["anbefalinger-alcohol"]["format"] == "anbefalt-anbefaling-en"
    assert forms["anbefalinger-alcohol"]["label"] == "Recommendations: Alcohol use disorders"
    fields = {f["name"]: f for f in forms["anbefalinger-alcohol"]["fields"]}
    assert [o["value"] for o in fields["kunnskapsgrunnlag"]["options"]] == [
        "high", "moderate", "low", "very low", "consensus"]
    assert [o["label"] for o in fields["kapittel"]["options"]] == ["1 Assessment", "2 Treatment"]
    # Its fields labelled and explained in English (the label set's `felt`), every field of the model.
    assert (fields["kunnskapsgrunnlag"]["label"], fields["tekst"]["label"]) == ("Certainty of evidence",
                                                                               "The recommendation")
    assert fields["status"]["hint"].startswith("Current, in consultation, under revision or withdrawn")
    assert set(config.labels("en").felt) == set(record_fields())
    # `new` writes a scaffold whose allowed values are the English words, and its notes in English.
    with messages.speaking("en"):  # as the command line speaks on an English site
        path = create_record(snapshot(project.content, project.site_config), "alcohol", "treatment",
                             "Relapse prevention")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/en/anbefaling.schema.json\n")
    assert "# New recommendation." in text
    assert "Allowed: strong, conditional, unclear, not graded, not stated." in text
    assert "Allowed: current, in consultation, under revision, withdrawn, not stated." in text
    assert "# The recommendation itself, verbatim from the source. (required)" in text


def test_an_import_into_an_english_site_says_its_guideline_is_in_bokmal(tmp_path, monkeypatch):
    """import-hdir writes the model's (bokmål) words; on a site in another language the new guideline says so, and
    `check` reads it as bokmål."""
    from generator.edit.hdir_import import import_hdir
    from test_api import FIXTURES

    project = language_project(tmp_path, "en", ENGLISH)
    result = import_hdir(FIXTURES / "enkeltanbefaling", project.content, site_language="en")
    assert result.errors == []
    created = [p for p in project.content.glob("*/retningslinje.yaml") if p.parent.name != "alcohol"]
    assert created and all("\nsprak: nb\n" in p.read_text(encoding="utf-8") for p in created)
    monkeypatch.chdir(project.root)
    _config, library = check(project)
    assert {g.id: g.language for g in library.guidelines}["alcohol"] == "en"
    assert all(g.language == "nb" for g in library.guidelines if g.id != "alcohol")


def test_editors_yaml_extension_reads_their_languages_schema(tmp_path):
    """The modeline of an English record names schema/en/, whose vocabularies are the English words: the schema VS
    Code's YAML extension reads accepts what `check` accepts and flags another language's word, as `check` does."""
    from test_schema import check_jsonschema

    from conftest import REPO

    project = language_project(tmp_path, "en", ENGLISH)
    with messages.speaking("en"):
        path = create_record(snapshot(project.content, project.site_config), "alcohol", "assessment", "Brief advice")
    schema = REPO / path.read_text(encoding="utf-8").splitlines()[0].split("$schema=../../../")[1]
    assert schema == REPO / "schema/en/anbefaling.schema.json"
    records = sorted(project.content.glob("alcohol/anbefalinger/*.yaml"))
    good = [p for p in records if p != path]
    assert check_jsonschema(schema, *good).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text(good[0].read_text(encoding="utf-8").replace("styrke: strong", "styrke: sterk"), encoding="utf-8")
    result = check_jsonschema(schema, bad)
    assert result.returncode == 1 and "'sterk' is not one of ['strong', 'conditional'" in result.stdout
    guideline = REPO / "schema/en/retningslinje.schema.json"
    assert check_jsonschema(guideline, project.content / "alcohol/retningslinje.yaml").returncode == 0
    # What the extension shows editors (fields' titles, descriptions) is English throughout, nested parts included;
    # the YAML's own keys and paths they name ('kapittel', content/<id>/retningslinje.yaml) are the model's.
    for path in (schema, guideline):
        texts = []

        def collect(node):
            if isinstance(node, dict):  # a part's title is its model's name (Anbefaling), an identifier
                texts.extend(v for k, v in node.items() if k == "description" or k == "title" and v not in names)
                [collect(v) for v in node.values()]
            elif isinstance(node, list):
                [collect(v) for v in node]

        loaded = json.loads(path.read_text(encoding="utf-8"))
        names = {loaded["title"], *loaded.get("$defs", {})}
        collect(loaded)
        prose = re.sub(r"'[^']*'|\S*[/.\[]\S*|Helsedirektoratet's '\w+'", " ", " ".join(texts))
        assert len(texts) > 40 and foreign_in(prose, "en") == [], (path, foreign_in(prose, "en"))
