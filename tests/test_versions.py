"""Living guidelines: versions from git history, their pages and JSON, the feeds, the citations, the reviewer diff
and the checks, on a test repository made with a few commits, as an editorial team would make them:

  1. 2024-01-10  three recommendations
  2. 2024-03-01  a text edited (with its change entry)
  3. 2024-06-15  a strength changed with a reason (and an EtD judgment)
  4. 2024-09-01  a recommendation added, one withdrawn, a chapter renamed, a reference added
  5. 2024-10-05  a spelling fix marked editorial
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import bibtexparser
import feedparser
import jsonfeed
import jsonschema
import pytest
import rispy
from bs4 import BeautifulSoup
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from conftest import GUIDELINE, RECORD, make_project

FIXTURES = Path(__file__).parent / "fixtures"
ETD = """\
etd:
  skala: standard
  kriterier:
    - kriterium: Verdier
      markert: [vet-ikke]
    - kriterium: Uønskede effekter
      markert: [vet-ikke]
"""
REC = RECORD.replace("status: gjeldende", ETD + "status: gjeldende")
B = RECORD.replace("id: rec", "id: b").replace('nummer: "1"', 'nummer: "2"').replace(
    "tittel: En anbefaling", "tittel: Vurdering").replace("tekst: Helsepersonell bør gjøre noe.",
                                                           "tekst: Helsepersonell bør vurdre noe annet.")
OLD = RECORD.replace("id: rec", "id: gammel").replace('nummer: "1"', 'nummer: "3"').replace(
    "tittel: En anbefaling", "tittel: Gammel praksis")
NEW = RECORD.replace("id: rec", "id: ny").replace('nummer: "1"', 'nummer: "4"').replace(
    "tittel: En anbefaling", "tittel: Ny anbefaling om rus").replace("styrke: svak", "styrke: sterk").replace(
    "kunnskapsgrunnlag: lav", "kunnskapsgrunnlag: moderat")
ADDRESS = "https://retningslinjer.example.no/"


def git(root: Path, *args: str, day: str = "2024-01-10") -> str:
    stamp = f"{day}T12:00:00+00:00"
    env = {"GIT_AUTHOR_NAME": "Redaksjonen", "GIT_AUTHOR_EMAIL": "r@example.no", "GIT_COMMITTER_NAME": "Redaksjonen",
           "GIT_COMMITTER_EMAIL": "r@example.no", "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
           "PATH": os.environ["PATH"], "HOME": str(root)}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True, env=env).stdout


def commit(root: Path, message: str, day: str) -> str:
    git(root, "add", "-A", day=day)
    git(root, "commit", "-qm", message, day=day)
    return git(root, "rev-parse", "HEAD").strip()


def write(root: Path, name: str, text: str) -> None:
    (root / "content/test/anbefalinger" / f"{name}.yaml").write_text(text, encoding="utf-8")


def run(root: Path, *args: str):
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args], cwd=root,
                          capture_output=True, text=True)


def make_history(root: Path) -> dict[str, str]:
    """The five commits; returns their hashes by name."""
    make_project(root, records={"rec": REC, "b": B, "gammel": OLD})
    git(root, "init", "-q", "-b", "main")
    commits = {"start": commit(root, "Tre anbefalinger", "2024-01-10")}
    rec = REC.replace("bør gjøre noe.", "bør alltid gjøre noe.") + (
        "endringer:\n  - dato: 2024-03-01\n    endring: Teksten er skjerpet.\n"
        "    begrunnelse: Høringssvar viste at teksten var uklar.\n")
    write(root, "rec", rec)
    commits["tekst"] = commit(root, "Skjerpet tekst", "2024-03-01")
    rec = rec.replace("styrke: svak", "styrke: sterk").replace(
        "    - kriterium: Uønskede effekter\n      markert: [vet-ikke]",
        "    - kriterium: Uønskede effekter\n      markert: [sannsynligvis-tiltaket]").replace(
        "sist_faglig_endret", "x").replace("status: gjeldende", "status: gjeldende\nsist_faglig_endret: 2024-06-15")
    rec = rec.replace("endringer:\n", "endringer:\n  - dato: 2024-06-15\n    endring: Styrken endret fra svak til sterk.\n"
                                      "    begrunnelse: Ny randomisert studie (Hansen 2024).\n")
    write(root, "rec", rec)
    commits["styrke"] = commit(root, "Sterk anbefaling", "2024-06-15")
    write(root, "ny", NEW)
    write(root, "gammel", OLD.replace("status: gjeldende", "status: utgått\nendringer:\n  - dato: 2024-09-01\n"
                                      "    endring: Trukket tilbake.\n    begrunnelse: Erstattet av anbefaling 4.\n"))
    meta = root / "content/test/retningslinje.yaml"
    meta.write_text(GUIDELINE.replace("tittel: Kapittel én", "tittel: Kapittel én om rus").replace(
        "    tekst: Forfatter A. Tittel. 2020.\n",
        "    tekst: Forfatter A. Tittel. 2020.\n  - id: ref-b\n    tekst: Hansen B. Studie. 2024.\n"), encoding="utf-8")
    (root / "content/test/anbefalinger/ny.yaml").write_text(NEW.replace("tekst: Helsepersonell bør gjøre noe.",
                                                                        "tekst: Helsepersonell bør gjøre noe [@ref-b]."),
                                                            encoding="utf-8")
    commits["ny"] = commit(root, "Ny anbefaling, en trukket tilbake", "2024-09-01")
    write(root, "b", B.replace("vurdre", "vurdere") + "endringer:\n  - dato: 2024-10-05\n    endring: Skrivefeil rettet.\n"
                                                      "    redaksjonell: true\n")
    commits["skrivefeil"] = commit(root, "Skrivefeil", "2024-10-05")
    return commits


@pytest.fixture(scope="module")
def living(tmp_path_factory):
    root = tmp_path_factory.mktemp("levende")
    commits = make_history(root)
    (root / "site_config/nettsted.yaml").write_text(f"adresse: {ADDRESS}\nversjoner_fra:\n", encoding="utf-8")
    commits["adresse"] = commit(root, "Adresse", "2024-10-06")
    result = run(root, "build", "--no-pdf")
    assert result.returncode == 0, result.stderr
    return root, commits, result


def page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def text(soup) -> str:
    return " ".join(soup.get_text(" ").split())


VERSIONS = "test/anbefaling/rec/versjon"


def test_each_recommendation_has_numbered_versions_dated_and_explained(living):
    root, _commits, _result = living
    versions = json.loads((root / "site/api/anbefalinger/rec/versjoner.json").read_text(encoding="utf-8"))
    assert versions["gjeldende"] == 3
    listed = [(v["nummer"], v["dato"], v["datertEtter"], [e["begrunnelse"] for e in v["endringer"]])
              for v in versions["versjoner"]]
    assert listed == [(1, "2024-01-10", "commit", []),
                      (2, "2024-03-01", "endring", ["Høringssvar viste at teksten var uklar."]),
                      (3, "2024-06-15", "sist_faglig_endret", ["Ny randomisert studie (Hansen 2024)."])]
    # The spelling fix marked editorial is no new version: it corrects version 1, which now has the fixed text.
    b = json.loads((root / "site/api/anbefalinger/b/versjoner.json").read_text(encoding="utf-8"))
    assert [v["nummer"] for v in b["versjoner"]] == [1]
    assert b["versjoner"][0]["redaksjonelleRettelser"][0]["endring"] == "Skrivefeil rettet."
    v1 = json.loads((root / "site/api/anbefalinger/b/versjoner/1.json").read_text(encoding="utf-8"))
    assert v1["anbefalt"]["tekst"] == "Helsepersonell bør vurdere noe annet."


def test_the_recommendation_page_lists_its_versions_with_reasons_and_diffs(living):
    root, _commits, _result = living
    soup = page(root, "test/anbefaling/rec")
    boxes = soup.select("details.anbefalt-versjon-boks")
    assert [text(b.summary) for b in boxes] == ["Versjon 3 · 15.06.2024 · Ny versjon", "Versjon 2 · 01.03.2024 · Ny versjon",
                                                "Versjon 1 · 10.01.2024 · Ny anbefaling"]
    newest = boxes[0]
    assert "Ny randomisert studie (Hansen 2024)." in text(newest)
    items = [text(li) for li in newest.select("ul.anbefalt-diff li")]
    assert "Styrke: Svak anbefaling → Sterk anbefaling" in items
    # The EtD judgment by the criterion's name and the scale's words, not etd.kriterier[1].markert.
    assert ("Uønskede effekter (Arbeidsgruppens vurdering av kriteriene): Vet ikke → Sannsynligvis i favør av tiltaket"
            in items)
    assert "Sist faglig endret: (tomt) → 15.06.2024" in items
    assert newest.select_one("li.anbefalt-diff__viktig del").get_text() == "Svak anbefaling"
    # A word-level diff of the text: only the added word is marked.
    second = boxes[1]
    assert [i.get_text() for i in second.select("ins")] == ["alltid"]
    assert "etd.kriterier" not in text(soup) and "gradering.styrke" not in text(soup)


def test_every_version_has_a_fixed_page_with_a_banner_and_the_text_it_then_had(living):
    root, _commits, _result = living
    old = page(root, f"{VERSIONS}/1")
    banner = old.select_one(".anbefalt-status--versjon-gammel")
    assert "Dette er ikke gjeldende versjon." in text(banner)
    link = banner.find("a")
    assert (root / "site" / f"{VERSIONS}/1" / link["href"] / "index.html").resolve() == \
        (root / "site/test/anbefaling/rec/index.html").resolve()
    assert "Helsepersonell bør gjøre noe." in text(old.select_one(".anbefalt-anbefaling"))
    assert "Svak anbefaling" in text(old.select_one(".anbefalt-anbefaling"))
    current = page(root, f"{VERSIONS}/3")
    assert current.select_one(".anbefalt-status--versjon-gammel") is None
    assert "Dette er gjeldende versjon." in text(current)
    assert "Sterk anbefaling" in text(current.select_one(".anbefalt-anbefaling"))
    # A version page is an archive: no later version is named on it, and search leaves it out.
    assert "Versjon 3" not in text(old)
    assert old.find(attrs={"data-pagefind-body": True}) is None
    assert page(root, "test/anbefaling/rec").find(attrs={"data-pagefind-body": True}) is not None


def test_a_withdrawn_recommendation_keeps_its_page_marked_withdrawn_with_its_history(living):
    root, _commits, _result = living
    soup = page(root, "test/anbefaling/gammel")
    assert "Utgått" in text(soup.select_one(".anbefalt-status--utgatt"))
    summaries = [text(b.summary) for b in soup.select("details.anbefalt-versjon-boks")]
    assert summaries == ["Versjon 2 · 01.09.2024 · Trukket tilbake", "Versjon 1 · 10.01.2024 · Ny anbefaling"]
    assert "Status: Gjeldende → Utgått" in [text(li) for li in soup.select("ul.anbefalt-diff li")]


def test_old_versions_are_byte_identical_across_rebuilds_and_new_versions(living, tmp_path):
    root, _commits, _result = living
    clone = tmp_path / "klone"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True)
    assert run(clone, "build", "--no-pdf").returncode == 0
    archived = [f"{VERSIONS}/1/index.html", f"{VERSIONS}/2/index.html", "api/anbefalinger/rec/versjoner/1.json",
                "api/anbefalinger/rec/versjoner/2.json", f"{VERSIONS}/1/sitering.ris", f"{VERSIONS}/2/sitering.bib"]
    first = {path: (clone / "site" / path).read_bytes() for path in archived}
    assert first == {path: (root / "site" / path).read_bytes() for path in archived}
    # A new version of the recommendation: the archived ones stay as they were, byte for byte.
    record = clone / "content/test/anbefalinger/rec.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("bør alltid gjøre noe.", "bør alltid gjøre noe nå."),
                      encoding="utf-8")
    commit(clone, "Enda en endring", "2024-11-01")
    assert run(clone, "build", "--no-pdf").returncode == 0
    assert {path: (clone / "site" / path).read_bytes() for path in archived} == first
    assert "Dette er ikke gjeldende versjon." in text(page(clone, f"{VERSIONS}/3"))
    assert (clone / f"site/{VERSIONS}/4/index.html").is_file()


def test_feeds_have_one_entry_per_version_with_stable_ids_and_parse_back(living):
    root, _commits, _result = living
    atom = feedparser.parse((root / "site/hva-er-nytt/atom.xml").read_bytes())
    assert atom.bozo == 0 and atom.version == "atom10"
    # rec: 3 versions, b: 1 (the spelling fix is no version), gammel: 2, ny: 1.
    assert len(atom.entries) == 7
    assert len({e.id for e in atom.entries}) == 7 and all(e.id.startswith("urn:uuid:") for e in atom.entries)
    # Newest first; versions of the same day by the recommendation's id.
    assert [e.title for e in atom.entries[:2]] == ["Trukket tilbake: 3. Gammel praksis (versjon 2)",
                                                   "Ny anbefaling: 4. Ny anbefaling om rus (versjon 1)"]
    newest = atom.entries[1]
    assert newest.link == ADDRESS + "test/anbefaling/ny/versjon/1/"
    assert newest.updated.startswith("2024-09-01") and newest.author == "Testeier"
    strength = next(e for e in atom.entries if e.title == "Ny versjon: 1. En anbefaling (versjon 3)")
    assert "Svak anbefaling" in strength.content[0].value and "Ny randomisert studie" in strength.summary
    # RFC 4287: the feed's id, title, updated and self link; every entry's id, title, updated, link and author.
    assert atom.feed.id.startswith("urn:uuid:") and atom.feed.title == "Hva er nytt" and atom.feed.updated
    assert any(link.rel == "self" and link.href == ADDRESS + "hva-er-nytt/atom.xml" for link in atom.feed.links)
    guideline = feedparser.parse((root / "site/test/endringslogg/atom.xml").read_bytes())
    assert [e.id for e in guideline.entries] == [e.id for e in atom.entries]
    # JSON Feed 1.1: valid against its schema, read back with a JSON Feed library, the same entries.
    data = json.loads((root / "site/hva-er-nytt/feed.json").read_text(encoding="utf-8"))
    schema = json.loads((FIXTURES / "jsonfeed-1.1.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    parsed = jsonfeed.Feed.parse(data)
    assert [item.id for item in parsed.items] == [e.id for e in atom.entries]
    assert data["feed_url"] == ADDRESS + "hva-er-nytt/feed.json"


def test_feed_ids_do_not_change_when_more_versions_come(living, tmp_path):
    root, _commits, _result = living
    before = {e.id: e.link for e in feedparser.parse((root / "site/hva-er-nytt/atom.xml").read_bytes()).entries}
    clone = tmp_path / "klone"
    subprocess.run(["git", "clone", "-q", str(root), str(clone)], check=True)
    write(clone, "b", (clone / "content/test/anbefalinger/b.yaml").read_text(encoding="utf-8").replace(
        "annet.", "annet i dag.").replace("endringer:\n", "endringer:\n  - dato: 2024-11-02\n    endring: Ny tekst.\n"))
    commit(clone, "Ny versjon av b", "2024-11-02")
    assert run(clone, "build", "--no-pdf").returncode == 0
    after = {e.id: e.link for e in feedparser.parse((clone / "site/hva-er-nytt/atom.xml").read_bytes()).entries}
    assert len(after) == 8 and before.items() <= after.items()


def test_the_whats_new_page_lists_the_versions_and_links_the_feeds(living):
    root, _commits, _result = living
    soup = page(root, "hva-er-nytt")
    rows = [[text(td) for td in tr.find_all("td")] for tr in soup.select("table.anbefalt-endringslogg tbody tr")]
    assert rows[1][:3] == ["01.09.2024", "4. Ny anbefaling om rus Testretningslinje", "1"]
    assert len(rows) == 7
    feeds = {link["type"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    assert set(feeds) == {"application/atom+xml", "application/feed+json"}
    assert (root / "site/hva-er-nytt" / feeds["application/atom+xml"]).is_file()


def test_citations_offer_the_text_form_and_files_that_load_back(living):
    root, _commits, _result = living
    soup = page(root, f"{VERSIONS}/2")
    cited = " ".join(soup.select_one(".anbefalt-sitering__tekst").get_text().split())
    assert cited == ("Testeier (u.å.). En anbefaling. I: Testretningslinje [nettdokument]. Testeier (versjon 2, "
                     f"siste faglige endring ikke registrert, lest [dagens dato]). Tilgjengelig fra {ADDRESS}{VERSIONS}/2/")
    meta = {m["name"]: m["content"] for m in soup.find_all("meta") if m.get("name", "").startswith("citation_")}
    assert meta == {"citation_title": "En anbefaling", "citation_author": "Testeier", "citation_publisher": "Testeier",
                    "citation_online_date": "2024/03/01", "citation_public_url": f"{ADDRESS}{VERSIONS}/2/",
                    "citation_language": "no"}
    links = {a.get_text(): a["href"] for a in soup.select(".anbefalt-sitering__filer a")}
    folder = root / "site" / VERSIONS / "2"
    files = {name: (folder / href).resolve() for name, href in links.items()}
    ris = rispy.loads(files["RIS (EndNote, Zotero, Mendeley)"].read_text(encoding="utf-8"))
    assert ris[0]["type_of_reference"] == "ELEC" and ris[0]["title"] == "En anbefaling"
    assert ris[0]["authors"] == ["Testeier"] and ris[0]["urls"] == [f"{ADDRESS}{VERSIONS}/2/"]
    library = bibtexparser.parse_string(files["BibTeX"].read_text(encoding="utf-8"))
    assert not library.failed_blocks
    entry = library.entries[0]
    assert (entry.key, entry["title"], entry["author"], entry["version"]) == ("rec-v2", "{En anbefaling}", "{Testeier}", "2")
    csl = json.loads(files["CSL-JSON"].read_text(encoding="utf-8"))
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(csl), formatter.plain)
    bibliography.register(Citation([CitationItem("rec-v2")]))
    shown = str(bibliography.bibliography()[0])
    assert "Testeier" in shown and "En anbefaling" in shown and f"{ADDRESS}{VERSIONS}/2/" in shown
    # The current page cites its current version's fixed address.
    assert f"{VERSIONS}/3/" in text(page(root, "test/anbefaling/rec").select_one(".anbefalt-sitering__tekst"))


def test_the_reviewer_diff_says_each_change_in_readers_words(living):
    root, commits, _result = living
    strength = run(root, "diff", commits["tekst"], commits["styrke"])
    assert strength.returncode == 0, strength.stderr
    assert "- **Styrke: Svak anbefaling → Sterk anbefaling**" in strength.stdout
    assert ("- Uønskede effekter (Arbeidsgruppens vurdering av kriteriene): Vet ikke → Sannsynligvis i favør av "
            "tiltaket") in strength.stdout
    assert "- Sist faglig endret: (tomt) → 15.06.2024" in strength.stdout
    assert "_Ny versjon._ Styrken endret fra svak til sterk. Begrunnelse: Ny randomisert studie (Hansen 2024)." in strength.stdout
    assert "gradering.styrke" not in strength.stdout and "etd.kriterier" not in strength.stdout
    added = run(root, "diff", commits["styrke"], commits["ny"]).stdout
    assert "### Ny: 4. Ny anbefaling om rus (`ny`)" in added
    assert "- **Styrke: Sterk anbefaling · Retning: For tiltaket**" in added
    assert "- **Forskningsgrunnlag: Moderat**" in added and "- **Status: Gjeldende**" in added
    assert "- **Status: Gjeldende → Utgått**" in added
    assert "### Retningslinjen Testretningslinje (`test`)" in added
    assert "- Kapittel 1. Kapittel én om rus: Tittel: Kapittel én → Kapittel én om rus" in added
    assert "- Referanser ref-b: lagt til: Hansen B. Studie. 2024." in added
    text_edit = run(root, "diff", commits["start"], commits["tekst"]).stdout
    assert "- Anbefalingen: Helsepersonell bør **alltid** gjøre noe." in text_edit
    spelling = run(root, "diff", commits["ny"], commits["skrivefeil"]).stdout
    assert "_Redaksjonell rettelse: ingen ny versjon._" in spelling
    assert "- Anbefalingen: Helsepersonell bør ~~vurdre~~ **vurdere** noe annet." in spelling


def _line_of(path: Path, start: str) -> int:
    return next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if row.startswith(start))


def test_a_strength_changed_without_a_reason_stops_check_and_build_naming_file_and_line(tmp_path):
    make_history(tmp_path)
    assert run(tmp_path, "build", "--no-pdf").returncode == 0
    built = (tmp_path / "site/index.html").read_bytes()
    record = tmp_path / "content/test/anbefalinger/b.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("styrke: svak", "styrke: sterk"), encoding="utf-8")
    line = _line_of(record, "  styrke:")
    expected = (f"content/test/anbefalinger/b.yaml:{line}:11: felt 'gradering.styrke': endret fra 'svak' til 'sterk' "
                "i versjon 2 (ikke commitet ennå) uten begrunnelse; tillatt: en ny oppføring i 'endringer' med "
                "'begrunnelse' i samme endring, eller senere med 'versjon: 2'")
    for command in (["check"], ["build", "--no-pdf"]):
        result = run(tmp_path, *command)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert result.stderr.splitlines()[0] == expected, result.stderr
    assert (tmp_path / "site/index.html").read_bytes() == built
    # Committed as it is, it still stops the build: the message names the commit.
    sha = commit(tmp_path, "Sterk uten begrunnelse", "2024-11-01")
    result = run(tmp_path, "build", "--no-pdf")
    assert result.returncode == 1
    assert f"i versjon 2 (commit {sha[:7]}, 01.11.2024) uten begrunnelse" in result.stderr
    # A reason given later for that version (versjon: 2) lets it through, and is shown as its reason.
    record.write_text(record.read_text(encoding="utf-8").replace(
        "endringer:\n", "endringer:\n  - dato: 2024-11-02\n    endring: Styrken endret til sterk.\n"
                        "    begrunnelse: Vedtatt i arbeidsgruppen.\n    versjon: 2\n"), encoding="utf-8")
    result = run(tmp_path, "build", "--no-pdf")
    assert result.returncode == 0, result.stderr
    box = page(tmp_path, "test/anbefaling/b").select_one("details.anbefalt-versjon-boks")
    assert "Versjon 2" in text(box.summary) and "Vedtatt i arbeidsgruppen." in text(box)


def test_an_editorial_change_may_not_change_the_grading_and_a_reason_names_a_version_that_exists(tmp_path):
    make_history(tmp_path)
    record = tmp_path / "content/test/anbefalinger/b.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("kunnskapsgrunnlag: lav", "kunnskapsgrunnlag: høy")
                      .replace("endringer:\n", "endringer:\n  - dato: 2024-11-01\n    endring: Rettet.\n"
                                               "    redaksjonell: true\n"), encoding="utf-8")
    result = run(tmp_path, "check")
    line = _line_of(record, "kunnskapsgrunnlag:")
    assert result.returncode == 1
    assert result.stderr.startswith(f"content/test/anbefalinger/b.yaml:{line}:20: felt 'kunnskapsgrunnlag': endret fra "
                                    "'lav' til 'høy' i en redaksjonell endring av versjon 1")
    record.write_text(B + "endringer:\n  - dato: 2024-11-01\n    endring: Noe.\n    versjon: 7\n", encoding="utf-8")
    result = run(tmp_path, "check")
    line = _line_of(record, "    versjon:")
    assert result.returncode == 1
    assert (f"content/test/anbefalinger/b.yaml:{line}:14: felt 'endringer[0].versjon': fant 7, men anbefalingen har "
            "ikke versjon 7; tillatt: 1–2 (versjonene den har)") in result.stderr


def test_versions_count_from_the_configured_commit_and_an_unknown_one_is_a_positioned_error(tmp_path):
    commits = make_history(tmp_path)
    settings = tmp_path / "site_config/nettsted.yaml"
    settings.write_text(f"adresse:\nversjoner_fra: {commits['styrke']}\n", encoding="utf-8")
    assert run(tmp_path, "build", "--no-pdf").returncode == 0
    versions = json.loads((tmp_path / "site/api/anbefalinger/rec/versjoner.json").read_text(encoding="utf-8"))
    assert [(v["nummer"], v["dato"]) for v in versions["versjoner"]] == [(1, "2024-06-15")]
    # A commit that changed no content: the state it leaves is each recommendation's first version.
    (tmp_path / "notater.txt").write_text("ikke innhold\n", encoding="utf-8")
    settings.write_text("adresse:\nversjoner_fra:\n", encoding="utf-8")
    elsewhere = commit(tmp_path, "Ikke innhold", "2024-12-01")
    settings.write_text(f"adresse:\nversjoner_fra: {elsewhere[:12]}\n", encoding="utf-8")
    assert run(tmp_path, "build", "--no-pdf").returncode == 0
    versions = json.loads((tmp_path / "site/api/anbefalinger/b/versjoner.json").read_text(encoding="utf-8"))
    assert [(v["nummer"], v["dato"], v["datertEtter"]) for v in versions["versjoner"]] == [(1, "2024-10-05", "commit")]
    settings.write_text("adresse:\nversjoner_fra: 0123456789abcdef\n", encoding="utf-8")
    result = run(tmp_path, "check")
    assert result.returncode == 1
    assert result.stderr.startswith("site_config/nettsted.yaml:2:16: felt 'versjoner_fra': fant '0123456789abcdef', "
                                    "men commiten finnes ikke i git-depotet")


def test_a_shallow_clone_builds_with_a_notice_and_without_version_pages(living, tmp_path):
    root, _commits, _result = living
    shallow = tmp_path / "grunn"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{root}", str(shallow)], check=True)
    result = run(shallow, "build", "--no-pdf")
    assert result.returncode == 0, result.stderr
    assert "Ingen versjonshistorikk: git-depotet er en grunn klone (git clone --depth)" in result.stderr
    assert not (shallow / f"site/{VERSIONS}").exists() and not (shallow / "site/hva-er-nytt/atom.xml").exists()
    assert "Versjonshistorikken er ikke med i dette bygget" in text(page(shallow, "hva-er-nytt"))
    assert page(shallow, "test/anbefaling/rec").select("details.anbefalt-versjon-boks") == []
    # The citation is of the page itself, and its files are there.
    assert (shallow / "site/test/anbefaling/rec/sitering.ris").is_file()


def test_changes_since_finds_recommendations_without_dates_by_their_versions(living):
    root, _commits, _result = living
    result = run(root, "changes", "--since", "2024-08-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["endret\ttest\t3\tgammel\tGammel praksis", "ny\ttest\t4\tny\tNy anbefaling om rus"]
    assert run(root, "changes", "--since", "2024-02-01").stdout.count("\n") == 3


def test_the_default_content_has_one_version_each_from_the_configured_commit(history_site):
    site = history_site.site
    versions = sorted(site.glob("*/anbefaling/*/versjon/*/index.html"))
    assert len(versions) == 21 and all(p.parent.name == "1" for p in versions)
    data = json.loads((site / "api/anbefalinger/informasjon-om-selvhjelpsgrupper/versjoner.json").read_text(encoding="utf-8"))
    # The project's own history before the configured commit is no version; the date is the commit's, and says so.
    assert [(v["nummer"], v["datertEtter"], v["endringer"]) for v in data["versjoner"]] == [(1, "commit", [])]
    soup = page(history_site.project.root, "selvhjelpsgrupper/anbefaling/informasjon-om-selvhjelpsgrupper")
    assert "ingen faglig dato er registrert" in text(soup.select_one("details.anbefalt-versjon-boks"))
    atom = feedparser.parse((site / "hva-er-nytt/atom.xml").read_bytes())
    assert atom.bozo == 0 and len(atom.entries) == 21


def test_a_reason_may_follow_in_a_later_commit_and_an_editorial_mark_folds_the_change_into_the_version():
    from datetime import date

    from generator.model.records import Anbefaling
    from generator.model.versions import Step, versions_of
    from generator.load.document import parse_document

    def record(text: str) -> Anbefaling:
        return Anbefaling.model_validate(parse_document(text.encode(), Path("rec.yaml"), "rec.yaml").data)

    day = date(2024, 1, 1)
    first = record(RECORD)
    stronger = record(RECORD.replace("styrke: svak", "styrke: sterk"))
    explained = record(RECORD.replace("styrke: svak", "styrke: sterk") + (
        "endringer:\n  - dato: 2024-02-01\n    endring: Sterk.\n    begrunnelse: Ny studie.\n"))
    versions, issues = versions_of([Step("a", day, first), Step("b", day, stronger), Step("c", day, explained)])
    assert issues == [] and [v.number for v in versions] == [1, 2]
    assert versions[1].reasons[0].begrunnelse == "Ny studie." and versions[1].commit == "b"
    # Without the follow-up, the same history stops the build at version 2.
    versions, issues = versions_of([Step("a", day, first), Step("b", day, stronger)])
    assert [(i.kind, i.path, i.before, i.after, i.version.number) for i in issues] == [
        ("no_reason", ("gradering", "styrke"), "svak", "sterk", 2)]
    fixed = record(RECORD.replace("gjøre noe.", "gjøre noe annet.") + (
        "endringer:\n  - dato: 2024-02-01\n    endring: Skrivefeil.\n    redaksjonell: true\n"))
    versions, issues = versions_of([Step("a", day, first), Step("b", day, fixed)])
    assert issues == [] and len(versions) == 1 and versions[0].record is fixed and versions[0].commit == "a"


def test_hostile_text_in_a_changed_record_cannot_inject_markup_into_version_pages_diffs_or_feeds(tmp_path):
    import html5lib  # noqa: F401  (the parser BeautifulSoup uses below, as a browser parses)

    # Raw HTML is refused in titles (tests/hostile.py); what may stand there must stay text everywhere.
    hostile = "Verdi < 5 & [x](javascript:alert(2)) {: onclick=alert(1) }"
    record = RECORD.replace("tittel: En anbefaling", f"tittel: '{hostile}'")
    make_project(tmp_path, records={"rec": record})
    git(tmp_path, "init", "-q", "-b", "main")
    commit(tmp_path, "første", "2024-01-01")
    write(tmp_path, "rec", record.replace("tittel: '", "tittel: '<3 mmol *fet* ").replace(
        "status: gjeldende", "status: gjeldende\nstikkord: ['{: onmouseover=alert(4) }']"))
    commit(tmp_path, "andre", "2024-02-01")
    result = run(tmp_path, "build", "--no-pdf")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    pages = [*site.glob("test/anbefaling/rec/**/*.html"), site / "hva-er-nytt/index.html"]
    entries = feedparser.parse((site / "hva-er-nytt/atom.xml").read_bytes(), sanitize_html=False).entries
    feed_html = [e.content[0].value for e in entries]
    feed_html += [i["content_html"] for i in json.loads((site / "hva-er-nytt/feed.json").read_text(encoding="utf-8"))["items"]]
    assert len(pages) == 4 and len(feed_html) == 4
    for markup in [p.read_text(encoding="utf-8") for p in pages] + feed_html:
        soup = BeautifulSoup(markup, "html5lib")
        assert not any("alert(" in (s.string or "") for s in soup.find_all("script"))
        assert not soup.find("img", src="x") and not soup.find("b", onmouseover=True)
        for element in soup.find_all(True):
            assert not any(attr.startswith("on") for attr in element.attrs)
            assert not element.get("href", "").startswith("javascript:")
    assert hostile in text(page(tmp_path, "test/anbefaling/rec/versjon/1").find("h1"))


def test_a_damaged_history_builds_with_a_notice_instead_of_failing(tmp_path):
    commits = make_history(tmp_path)
    blob = git(tmp_path, "rev-parse", f"{commits['start']}:content/test/anbefalinger/rec.yaml").strip()
    (tmp_path / ".git/objects" / blob[:2] / blob[2:]).unlink()
    result = run(tmp_path, "build", "--no-pdf")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "Ingen versjonshistorikk: git kunne ikke lese historikken" in result.stderr
    assert not (tmp_path / f"site/{VERSIONS}").exists()


def test_version_documents_validate_against_the_published_api_schema(living):
    root, _commits, _result = living
    schema = json.loads((root / "site/schema/dokument.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    documents = sorted((root / "site/api/anbefalinger").glob("*/versjoner/*.json"))
    assert len(documents) == 7
    for path in [*documents, *(root / "site/api/anbefalinger").glob("*.json")]:
        validator.validate(json.loads(path.read_text(encoding="utf-8")))
    old = json.loads((root / "site/api/anbefalinger/rec/versjoner/1.json").read_text(encoding="utf-8"))
    assert old["versjon"]["nummer"] == 1 and old["data"]["styrke"] == "svak"
    # An archive links only to what cannot go away: its guideline and the current document.
    assert {(link["rel"], link["href"]) for link in old["links"]} == {
        ("root", "../../../retningslinjer/test.json"), ("gjeldende", "../../rec.json")}
    assert (root / "site/api/anbefalinger/rec/versjoner/1.json").parent.joinpath("../../rec.json").resolve().is_file()
