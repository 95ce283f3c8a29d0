"""Run MkDocs whole: `mkdocs build --strict` into a fresh folder, for the offline copy (the served site is built
in shards, shards.py) and as the single build the shards are compared with in the tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..model.site_config import SiteConfig
from .project import Project


class MkDocsError(Exception):
    """MkDocs failed; carries its output for the user."""


def mkdocs_env(config: SiteConfig, offline: bool = False) -> dict[str, str]:
    """The environment MkDocs runs in: this one's, with the site's settings."""
    return {**os.environ, **mkdocs_settings(config, offline)}


def mkdocs_settings(config: SiteConfig, offline: bool = False) -> dict[str, str]:
    """What mkdocs.yml reads from the environment (!ENV): the site's language and its words, so the theme, its
    search (lunr's stemmer is the theme language's) and its menus speak the site's language
    (site_config/nettsted.yaml)."""
    labels = config.etiketter
    # The end-of-life notice is known and planned for (README); keep build output to real problems.
    return {"NO_MKDOCS_2_WARNING": "1", "ANBEFALT_OFFLINE": "true" if offline else "false",
            "ANBEFALT_SPRAK": config.sprak, "ANBEFALT_BESKRIVELSE": labels.seksjon.beskrivelse,
            "ANBEFALT_TIL_MORK": labels.seksjon.til_mork_modus, "ANBEFALT_TIL_LYS": labels.seksjon.til_lys_modus}


def build_into_temporary(project: Project, config: SiteConfig, offline: bool) -> tuple[Path, str]:
    """Build the site into a new folder beside the project; returns it and MkDocs' output.

    offline: a copy for opening from a folder (file://), with file URLs and the search index inlined."""
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=project.root))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file",
         str(project.mkdocs_yml), "--site-dir", str(tmp)],
        cwd=project.root, capture_output=True, text=True, env=mkdocs_env(config, offline),
    )
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise MkDocsError(result.stdout + result.stderr)
    return tmp, result.stdout + result.stderr


_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def relative_404(site: Path) -> None:
    """MkDocs writes the 404 page with root-relative addresses (a server shows it at any depth). The offline
    copy is opened from a folder, where '/' is the file system's root: there they must be relative."""
    page = site / "404.html"
    if page.is_file():
        text = _ROOT_RELATIVE.sub(r"\1./", page.read_text(encoding="utf-8"))
        page.write_text(text.replace('"base": "/"', '"base": "."'), encoding="utf-8")
