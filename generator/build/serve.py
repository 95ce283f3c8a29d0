"""Live preview: MkDocs serves build/docs; this loop regenerates the Markdown when a record changes.

Records with errors do not stop it: they are left out, and their errors are printed and shown at the top of every
page until they are fixed.
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path
from typing import Callable

from ..model.messages import msg
from ..model.problems import ContentError
from .mkdocs import start_server
from .pipeline import Options, StageError, build
from .project import Cache, Project

# Files with errors are left out of the preview and listed at the top of every page, so it starts and goes on.
MARKDOWN_ONLY = Options(pdf=False, until="write", skip_broken=True)

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
        result = build(project, MARKDOWN_ONLY, cache=cache)
        library = result.library
        if result.skipped:
            report(result.skipped)
            say(msg("serve.skipped"))
    except ContentError as error:
        report(error.problems)
        return 1
    except StageError as error:
        say(str(error))
        return 1
    # Stop the MkDocs server too when we are asked to stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    watched = [project.content, project.site_config]
    seen = _fingerprint(watched)
    server = start_server(project, result.config, dev_addr, dirty=library.record_count > DIRTY_FROM)
    say(msg("serve.started", address=f"http://{dev_addr}/"))
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            now = _fingerprint(watched)
            if now == seen:
                continue
            seen = now
            try:
                result = build(project, MARKDOWN_ONLY, cache=cache)
            except ContentError as error:
                report(error.problems)
                say(msg("serve.last_valid"))
                continue
            except StageError as error:
                say(f"{error}\n{msg('serve.last_valid')}")
                continue
            report(result.skipped or result.library.warnings)
            say(msg("serve.updated", count=result.written) + (msg("serve.updated_skipped") if result.skipped else ""))
        return server.returncode or 0
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
