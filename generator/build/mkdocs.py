"""Run MkDocs: `mkdocs build --strict` into a fresh folder, and `mkdocs serve` for the live preview."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .project import Project


class MkDocsError(Exception):
    """MkDocs failed; carries its output for the user."""


def _env(offline: bool = False) -> dict[str, str]:
    # The end-of-life notice is known and planned for (README); keep build output to real problems.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ANBEFALT_OFFLINE": "true" if offline else "false"}


def build_into_temporary(project: Project, offline: bool) -> tuple[Path, str]:
    """Build the site into a new folder beside the project; returns it and MkDocs' output.

    offline: a copy for opening from a folder (file://), with file URLs and the search index inlined."""
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=project.root))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file",
         str(project.mkdocs_yml), "--site-dir", str(tmp)],
        cwd=project.root, capture_output=True, text=True, env=_env(offline),
    )
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        raise MkDocsError(result.stdout + result.stderr)
    return tmp, result.stdout + result.stderr


def start_server(project: Project, dev_addr: str, dirty: bool) -> subprocess.Popen:
    """`mkdocs serve`, reloading when the generated navigation changes."""
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(project.mkdocs_yml),
         "--dev-addr", dev_addr, "--watch", str(project.nav), *(["--dirty"] if dirty else [])],
        cwd=project.root, env=_env(),
    )
