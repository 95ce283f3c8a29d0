"""Test guidelines in English, nynorsk and bokmål, written as their editors would (values in their language), and
what a test needs to look for another language's words in what a build makes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import textwrap
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import REPO
from generator.build.project import Project
from generator.checks.site_config import check_site_config
from generator.load.site_config import read_site_config

ENGLISH = {"alcohol": ("""\
    id: alcohol
    tittel: Alcohol use disorders
    eier: Test Guideline Group
    status: current
    forst_publisert: 2019-01-05
    sist_faglig_endret: 2021-03-02
    intro: How services should help people who have problems with alcohol [@ref-a].
    kilder:
      - dokument: Test source document
    kapitler:
      - id: assessment
        nummer: "1"
        tittel: Assessment
      - id: treatment
        nummer: "2"
        tittel: Treatment
    referanser:
      - id: ref-a
        tekst: Author A. A study of alcohol use. 2020.
    """, {
    "screening": """\
        id: screening
        retningslinje: alcohol
        kapittel: assessment
        nummer: "1.1"
        tittel: Screening for harmful alcohol use
        tekst: Health professionals should ask every adult how much they drink in a typical week.
        gradering:
          styrke: strong
          retning: for
        kunnskapsgrunnlag: moderate
        praktisk: Use a validated questionnaire rather than an informal question.
        begrunnelse: Asking helps people at risk to be identified early.
        nokkelinfo:
          fordeler_og_ulemper: Screening finds people earlier, with no evident harms.
        tiltak: Screening
        alternativ: No screening
        etd:
          skala: standard
          kriterier:
            - kriterium: Values
              markert: [tiltaket]
              forklaring: People value being asked.
            - kriterium: Feasibility
              markert: [sannsynligvis-tiltaket]
        referanser: [ref-a]
        stikkord: [questionnaire]
        kilde:
          dokument: Test source document
          sted: page 4
        status: current
        forst_publisert: 2019-01-05
        sist_faglig_endret: 2021-03-02
        endringer:
          - dato: 2021-03-02
            endring: The strength was changed to strong.
            begrunnelse: New evidence.
        """,
    "withdrawal": """\
        id: withdrawal
        retningslinje: alcohol
        kapittel: treatment
        nummer: "2.1"
        tittel: Assisted withdrawal
        tekst: Offer assisted withdrawal to people who are dependent on alcohol.
        gradering:
          styrke: conditional
          retning: either
        kunnskapsgrunnlag: very low
        kilde:
          dokument: Test source document
        status: in consultation
        horingsfrist: 2030-06-30
        """,
})}

NYNORSK = {"sjolvhjelp": ("""\
    id: sjolvhjelp
    tittel: Sjølvhjelpsgrupper i rusbehandling
    eier: Testeigar
    status: gjeldande
    forst_publisert: 2019-01-05
    sist_faglig_endret: 2021-03-02
    intro: Korleis tenestene kan hjelpe folk med å finne ei sjølvhjelpsgruppe [@ref-a].
    kilder:
      - dokument: Testkjelde
    kapitler:
      - id: kartlegging
        nummer: "1"
        tittel: Kartlegging
      - id: oppfolging
        nummer: "2"
        tittel: Oppfølging
    referanser:
      - id: ref-a
        tekst: Forfattar A. Ein studie av sjølvhjelp. 2020.
    """, {
    "nn-informasjon": """\
        id: nn-informasjon
        retningslinje: sjolvhjelp
        kapittel: kartlegging
        nummer: "1"
        tittel: Informasjon om sjølvhjelpsgrupper
        tekst: Helsepersonell bør gi pasientane og dei pårørande informasjon om sjølvhjelpsgrupper.
        gradering:
          styrke: sterk
          retning: for
        kunnskapsgrunnlag: låg
        praktisk: Gi skriftleg informasjon i tillegg til samtalen.
        begrunnelse: Mange har nytte av sjølvhjelpsgrupper etter behandlinga.
        nokkelinfo:
          fordeler_og_ulemper: Få ulemper er kjende.
        tiltak: Informasjon
        alternativ: Ingen informasjon
        etd:
          skala: standard
          kriterier:
            - kriterium: Verdiar
              markert: [tiltaket]
              forklaring: Folk set pris på å få vite om gruppene.
        referanser: [ref-a]
        stikkord: [ettervern]
        kilde:
          dokument: Testkjelde
          sted: side 4
        status: gjeldande
        forst_publisert: 2019-01-05
        sist_faglig_endret: 2021-03-02
        endringer:
          - dato: 2021-03-02
            endring: Styrken vart endra til sterk.
            begrunnelse: Ny forsking.
        """,
    "nn-oppfolging": """\
        id: nn-oppfolging
        retningslinje: sjolvhjelp
        kapittel: oppfolging
        nummer: "1"
        tittel: Oppfølging etter utskriving
        tekst: Tilbod om oppfølging bør vere ein del av behandlinga.
        gradering:
          styrke: svak
          retning: anten
        kunnskapsgrunnlag: svært låg
        kilde:
          dokument: Testkjelde
        status: på høyring
        horingsfrist: 2030-06-30
        """,
})}

# The bokmål original of the nynorsk guideline, for the two side by side.
BOKMAL = {"selvhjelp": ("""\
    id: selvhjelp
    tittel: Selvhjelpsgrupper i rusbehandling
    eier: Testeier
    status: gjeldende
    kilder:
      - dokument: Testkilde
    kapitler:
      - id: kartlegging
        nummer: "1"
        tittel: Kartlegging
      - id: oppfolging
        nummer: "2"
        tittel: Oppfølging
    """, {
    "nb-informasjon": """\
        id: nb-informasjon
        retningslinje: selvhjelp
        kapittel: kartlegging
        nummer: "1"
        tittel: Informasjon om selvhjelpsgrupper
        tekst: Helsepersonell bør gi pasientene og de pårørende informasjon om selvhjelpsgrupper.
        gradering:
          styrke: sterk
          retning: for
        kilde:
          dokument: Testkilde
        status: gjeldende
        """,
    "nb-oppfolging": """\
        id: nb-oppfolging
        retningslinje: selvhjelp
        kapittel: oppfolging
        nummer: "1"
        tittel: Oppfølging etter utskrivning
        tekst: Tilbud om oppfølging bør være en del av behandlingen.
        gradering:
          styrke: svak
          retning: enten
        kilde:
          dokument: Testkilde
        status: gjeldende
        """,
})}


def language_project(root: Path, site_language: str, *guidelines: dict, extra: dict[str, str] | None = None) -> Project:
    """A project with the repository's site_config and theme, the site in site_language, and these guidelines
    ({folder: (guideline YAML, {record id: record YAML})}); extra: lines added to a guideline file, by folder."""
    for name in ("site_config", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "site_config" / "nettsted.yaml").write_text(f"sprak: {site_language}\n", encoding="utf-8")
    for given in guidelines:
        for folder, (guideline, records) in given.items():
            (root / "content" / folder / "anbefalinger").mkdir(parents=True)
            text = textwrap.dedent(guideline) + (extra or {}).get(folder, "")
            (root / "content" / folder / "retningslinje.yaml").write_text(text, encoding="utf-8")
            for name, record in records.items():
                (root / "content" / folder / "anbefalinger" / f"{name}.yaml").write_text(textwrap.dedent(record),
                                                                                          encoding="utf-8")
    return Project(root)


def _git(root: Path, *args: str, day: str) -> None:
    stamp = f"{day}T12:00:00+00:00"
    env = {"GIT_AUTHOR_NAME": "Editors", "GIT_AUTHOR_EMAIL": "e@example.org", "GIT_COMMITTER_NAME": "Editors",
           "GIT_COMMITTER_EMAIL": "e@example.org", "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp,
           "PATH": os.environ["PATH"], "HOME": str(root)}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def with_history(project: Project, folder: str, record: str, old: str, new: str, entry: str) -> Project:
    """The project in git with the site's address set: the guidelines as written (2024-01-10), then one record's
    text changed (old → new) with a change log entry (a YAML list item, 2024-11-01), so a build makes version
    pages, the "what's new" page, feeds and citation files, with full addresses."""
    nettsted = project.root / "site_config" / "nettsted.yaml"
    nettsted.write_text(nettsted.read_text(encoding="utf-8") + "adresse: https://example.org/\n",
                        encoding="utf-8")
    _git(project.root, "init", "-q", day="2024-01-10")
    for day, message in (("2024-01-10", "Guidelines"), ("2024-11-01", "A new version")):
        if message != "Guidelines":
            path = project.content / folder / "anbefalinger" / f"{record}.yaml"
            text = path.read_text(encoding="utf-8")
            assert old in text and text.endswith("\n")
            path.write_text(text.replace(old, new) + textwrap.indent(textwrap.dedent(entry), "  "), encoding="utf-8")
        _git(project.root, "add", "content", "site_config", day=day)
        _git(project.root, "commit", "-qm", message, day=day)
    return project


# Parts of a label set that are readers' words (not codes, address words or the editors' words for values).
SHOWN = ("styrke", "anbefalingstype", "kunnskapsgrunnlag", "kunnskapsgrunnlag_mangler", "status", "skalaer", "seksjon",
         "api_side")
WORD = re.compile(r"[^\W\d_]{4,}")


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def label_words(language: str) -> set[str]:
    """The words (four letters or more, lower case) of a shipped label set's readers' texts."""
    labels = check_site_config(read_site_config(REPO / "site_config")).labels(language).model_dump()
    return {w.lower() for part in SHOWN for s in _strings(labels[part]) for w in WORD.findall(s)}


def foreign_words(language: str) -> set[str]:
    """Words of the other shipped label sets that this language's label set does not use."""
    own = label_words(language)
    return {w for other in ("nb", "nn", "en") if other != language for w in label_words(other)} - own


def foreign_in(text: str, language: str) -> list[str]:
    """The other languages' words in a text."""
    foreign = foreign_words(language)
    return sorted({w for w in WORD.findall(text) if w.lower() in foreign})


def page_text(html: str, language: str, scope: str | None = None) -> str:
    """A page's text as a reader meets it in `language`: without code (identifiers of the API, not words), without
    what is marked as another language (a language switch's names), and only within scope (a CSS selector)."""
    soup = BeautifulSoup(html, "html.parser")
    root = soup.select_one(scope) if scope else soup
    for element in root.select("code, script, style"):
        element.decompose()
    for element in root.select("[lang]"):
        if element.name != "html" and element.get("lang") != language:
            element.decompose()
    return " ".join(root.get_text(" ").split())


# A date as bokmål and nynorsk write it (05.01.2019), and as English does (5 January 2019).
NUMERIC_DATE = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")
ENGLISH_DATE = re.compile(r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|"
                          r"November|December) \d{4}\b")
