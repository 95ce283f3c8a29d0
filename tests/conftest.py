"""Shared fixtures: small projects written to temporary folders, and the default site built once."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import textwrap
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.build.pipeline import Options, build
from generator.build.project import Project

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO.parent / "shared" / "sources"

GUIDELINE = """\
id: test
tittel: Testretningslinje
eier: Testeier
status: gjeldende
intro: Innledning med sitat [@ref-a].
kilder:
  - dokument: Testkilde
kapitler:
  - id: kap
    nummer: "1"
    tittel: Kapittel én
referanser:
  - id: ref-a
    tekst: Forfatter A. Tittel. 2020.
"""

RECORD = """\
id: rec
retningslinje: test
kapittel: kap
nummer: "1"
tittel: En anbefaling
tekst: Helsepersonell bør gjøre noe.
gradering:
  styrke: svak
  retning: for
kunnskapsgrunnlag: lav
kilde:
  dokument: Testkilde
status: gjeldende
"""


def make_project(root: Path, guideline: str = GUIDELINE, records: dict[str, str] | None = None) -> Project:
    """A minimal project: the repository's site_config and theme, with the given content."""
    for name in ("site_config", "overrides"):
        shutil.copytree(REPO / name, root / name)
    # A test project is a site of its own: no address, and versions from its own first commit.
    (root / "site_config" / "nettsted.yaml").write_text("adresse:\nversjoner_fra:\n", encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    folder = root / "content" / "test"
    (folder / "anbefalinger").mkdir(parents=True)
    (folder / "retningslinje.yaml").write_text(textwrap.dedent(guideline), encoding="utf-8")
    for name, text in (records if records is not None else {"rec": RECORD}).items():
        (folder / "anbefalinger" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return Project(root)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected files in tests/golden/ from the default content (make golden)")


@pytest.fixture
def project(tmp_path) -> Project:
    return make_project(tmp_path)


@dataclass
class Built:
    project: Project
    output: str

    @property
    def site(self) -> Path:
        return self.project.site

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def default_site(tmp_path_factory) -> Built:
    """The default content built once, in a copy of the repository, as `make site` builds it."""
    root = tmp_path_factory.mktemp("default")
    for name in ("content", "site_config", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    project = Project(root)
    return Built(project, build(project, Options(pdf=True)).mkdocs_output)


def _is_shallow(repo: Path) -> bool:
    result = subprocess.run(["git", "-C", str(repo), "rev-parse", "--is-shallow-repository"], capture_output=True, text=True)
    return result.returncode != 0 or result.stdout.strip() != "false"


@pytest.fixture(scope="session")
def history_site(tmp_path_factory) -> Built:
    """The default content built as `make site` builds it in a clone with its whole history: versions start at the
    commit site_config/nettsted.yaml names. The work tree's files are laid over the clone, so what is not
    committed yet is built as the next version, as a build in the work tree would."""
    if _is_shallow(REPO):
        pytest.skip("the repository is a shallow clone: its history, which these tests read, is not here")
    root = tmp_path_factory.mktemp("historikk") / "anbefalt"
    subprocess.run(["git", "clone", "-q", str(REPO), str(root)], check=True)
    for name in ("content", "site_config", "overrides"):
        shutil.rmtree(root / name)
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    project = Project(root)
    return Built(project, build(project, Options(pdf=True)).mkdocs_output)


# The browser: Debian's Chromium here; on GitHub's Ubuntu runners the workflow sets ANBEFALT_CHROMIUM to the
# browser setup-chrome installed.
CHROMIUM = os.environ.get("ANBEFALT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def index_site(site: Path, cache: Path, limit: int | None = None) -> tuple[int, int]:
    """A built site's search index made again from its own pages, in parts of at most limit pages, and put in
    place as a build puts it (in the cache, linked into the site); returns (parts, parts indexed again)."""
    from generator.build.files import update_in_place
    from generator.build.search import index_with_pagefind

    index = index_with_pagefind({site: None}, cache, limit)
    # Each part's place is under pagefind/ (the first part is pagefind/ itself).
    update_in_place(site / "pagefind", [(folder, place.partition("/")[2]) for folder, place in index.folders])
    index.write_manifest(site)
    index.forget_others()
    return index.parts, index.indexed


def serve_folder(folder: Path):
    """A static file server for a built site on a free loopback port; returns (base URL, server)."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/", httpd


@pytest.fixture(scope="session")
def server(default_site):
    url, httpd = serve_folder(default_site.site)
    yield url
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def serving(folder: Path):
    """serve_folder as a context: the server stops when the block ends."""
    url, httpd = serve_folder(folder)
    try:
        yield url
    finally:
        httpd.shutdown()

# Runs a command in a child process that measures it: wall time, and the peak memory of the largest process
# under it (getrusage of the children it waited for). Address space is capped at 4 GB so that a regression
# (an alias expanded, /dev/zero read) fails with MemoryError instead of taking the machine down.
_MEASURE = """
import resource, subprocess, sys, time
cap = 4 * 1024 ** 3
started = time.perf_counter()
code = subprocess.call(sys.argv[2:], preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (cap, cap)))
with open(sys.argv[1], "w") as out:
    out.write(f"{time.perf_counter() - started} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
sys.exit(code)
"""


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    megabytes: float


def measured_run(root: Path, *args: str, timeout: float = 180) -> Run:
    """`python -m generator --root root args…` as an editor runs it, with its time and peak memory."""
    figures = root.parent / f".{root.name}-figures"
    result = subprocess.run([sys.executable, "-c", _MEASURE, str(figures), sys.executable, "-m", "generator",
                             "--root", str(root), *args], cwd=root, capture_output=True, timeout=timeout,
                            env={**os.environ, "CI": "1"})
    seconds, kilobytes = figures.read_text().split()
    figures.unlink()
    return Run(result.returncode, result.stdout.decode("utf-8", "replace"), result.stderr.decode("utf-8", "replace"),
               float(seconds), int(kilobytes) / 1024)


@dataclass
class HostileSite:
    project: Project
    run: Run


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> HostileSite:
    """A project whose titles and texts look hostile and are legitimate (tests/hostile.py), built once."""
    from hostile import ACCEPTED_CHAPTER, ACCEPTED_CRITERION, ACCEPTED_TEXT, ACCEPTED_TITLES

    root = tmp_path_factory.mktemp("hostile") / "prosjekt"
    records = {}
    for number, (record_id, title) in enumerate(ACCEPTED_TITLES.items(), start=1):
        records[record_id] = RECORD.replace("id: rec", f"id: {record_id}").replace('nummer: "1"', f'nummer: "{number}"') \
            .replace("tittel: En anbefaling", f"tittel: {_quoted(title)}") \
            .replace("tekst: Helsepersonell bør gjøre noe.", f"tekst: {_quoted(ACCEPTED_TEXT)}") \
            + f"etd:\n  skala: standard\n  kriterier:\n    - kriterium: {_quoted(ACCEPTED_CRITERION)}\n" \
              "      markert: [tiltaket]\n"
    root.mkdir()
    project = make_project(root, GUIDELINE.replace("tittel: Kapittel én", f"tittel: {_quoted(ACCEPTED_CHAPTER)}"),
                           records)
    return HostileSite(project, measured_run(root, "build"))


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly text."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
