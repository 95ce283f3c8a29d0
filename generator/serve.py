"""Live preview: MkDocs serves build/docs; this loop regenerates the Markdown when a record changes.

A bad edit prints its problems and leaves the last good pages in place, so the preview never breaks.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from .build import Cache, Project, generate
from .problems import ContentError

POLL_SECONDS = 0.2


def _fingerprint(folders: list[Path]) -> dict[str, tuple[int, int]]:
    return {
        str(p): (p.stat().st_mtime_ns, p.stat().st_size)
        for folder in folders for p in folder.rglob("*") if p.is_file()
    }


# Above this many recommendations MkDocs rebuilds only the pages that changed (--dirty): a full rebuild
# takes tens of seconds, while titles in sibling pages' menus may lag until the next full build.
DIRTY_FROM = 500


def serve(project: Project, dev_addr: str, say: Callable[[str], None], report: Callable) -> int:
    cache = Cache()
    try:
        library = generate(project, cache=cache).library
    except ContentError as error:
        report(error.problems)
        return 1
    dirty = ["--dirty"] if library.record_count > DIRTY_FROM else []
    # Stop the MkDocs server too when we are asked to stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    watched = [project.content, project.site_config]
    seen = _fingerprint(watched)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(project.mkdocs_yml),
         "--dev-addr", dev_addr, "--watch", str(project.nav), *dirty],
        cwd=project.root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    say(f"Forhåndsvisning på http://{dev_addr}/ — lagre en post for å oppdatere. Ctrl+C avslutter.")
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            now = _fingerprint(watched)
            if now == seen:
                continue
            seen = now
            try:
                generated = generate(project, cache=cache)
            except ContentError as error:
                report(error.problems)
                say("Forhåndsvisningen viser siste gyldige versjon.")
                continue
            report(generated.library.warnings)
            say(f"Oppdatert: {generated.written} filer endret.")
        return server.returncode or 0
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
