"""Shared fixtures: small projects written to temporary folders, and the default site built once."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
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
