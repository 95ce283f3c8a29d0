"""Live preview: the site is built once (reusing cached shards), then a saved record rebuilds only its pages.

MkDocs stays loaded in this process (shard_worker.Session), so a saved record costs reading the changed
files, rendering their pages and building those pages alone: well under a second at national scale. When
the navigation changes (a title, a new record), the guidelines whose menus show the change are built again.
MkDocs' live-reload server serves build/preview and reloads the browser. Records with errors do not stop it:
they are left out, and their errors are printed and shown at the top of every page until they are fixed (the
list is in the navigation file MkDocs reads, so a change to it builds every page again). A failed stage leaves
the last good pages in place. Search answers from the index made at start, until the preview is restarted.
"""

from __future__ import annotations

import signal
import sys
from typing import Callable

from ..model.messages import msg
from ..model.problems import ContentError
from . import shards
from .mkdocs import mkdocs_env
from .pipeline import Options, Result, StageError, build
from .project import Cache, Project
from .shard_worker import MkDocsLog, Session

# Files with errors are left out of the preview and listed at the top of every page, so it starts and goes on.
MARKDOWN_ONLY = Options(pdf=False, until="write", skip_broken=True)

POLL_SECONDS = 0.1


class Preview:
    """The preview's pages and the MkDocs session that builds them; update() follows a saved record."""

    def __init__(self, project: Project, cache: Cache, result: Result):
        self.project, self.cache = project, cache
        self.rendered, self.skipped = result.rendered, result.skipped
        self.plan = {s.name: s for s in shards.plan(project, result.config, self.rendered)}
        self.log = MkDocsLog.attach()
        self.session = self._session(result)

    def _session(self, result: Result) -> Session:
        return Session(self.project.mkdocs_yml, mkdocs_env(result.config), self.project.compiled_templates)

    def update(self) -> Result:
        """Build the pages that changed since the last update; result.written is how many."""
        result = build(self.project, MARKDOWN_ONLY, cache=self.cache)
        rendered = result.rendered
        plan = {s.name: s for s in shards.plan(self.project, result.config, rendered)}
        every_page = result.skipped != self.skipped
        if every_page or set(rendered.pages) != set(self.rendered.pages) or rendered.nav != self.rendered.nav:
            self.session = self._session(result)
        for page in set(self.rendered.pages) - set(rendered.pages):
            self._page_file(page).unlink(missing_ok=True)
        built = 0
        for name, shard in plan.items():
            before = self.plan.get(name)
            if before is not None and before.key == shard.key and not every_page:
                continue
            if before is not None and before.frame == shard.frame and not every_page:
                pages = [p for p in shard.pages if before.digests.get(p) != shard.digests[p]]
            else:
                pages = list(shard.pages)
            self.session.build(pages, self.project.preview, site=name == shards.SITE, reread=True)
            built += len(pages)
        self.rendered, self.plan, self.skipped = rendered, plan, result.skipped
        lines, warnings = self.log.take()
        if warnings:
            raise RuntimeError("\n".join(line for line in lines if not line.startswith("INFO")))
        result.written = built
        return result

    def _page_file(self, page: str):
        file = self.session.files.get_file_from_path(page)
        return self.project.preview / (file.dest_uri if file else page)


def serve(project: Project, dev_addr: str, say: Callable[[str], None], report: Callable) -> int:
    from mkdocs.livereload import LiveReloadServer

    cache = Cache()
    try:
        result = build(project, Options(pdf=False, preview=True, skip_broken=True), cache=cache)
        if result.skipped:
            report(result.skipped)
            say(msg("serve.skipped"))
        preview = Preview(project, cache, result)
    except ContentError as error:
        report(error.problems)
        return 1
    except StageError as error:
        say(str(error))
        return 1

    def rebuild() -> None:
        try:
            result = preview.update()
        except ContentError as error:
            report(error.problems)
            say(msg("serve.last_valid"))
            return
        except Exception as error:  # a stage or MkDocs failed: said, and the last good pages stay
            say(f"{error}\n{msg('serve.last_valid')}")
            return
        report(result.skipped or result.library.warnings)
        say(msg("serve.updated", count=result.written) + (msg("serve.updated_skipped") if result.skipped else ""))

    host, port = dev_addr.rsplit(":", 1)
    server = LiveReloadServer(builder=rebuild, host=host, port=int(port), root=str(project.preview),
                              polling_interval=POLL_SECONDS)
    server.build_delay = 0.05
    for folder in (project.content, project.site_config):
        server.watch(str(folder))
    # Stop the server too when we are asked to stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    say(msg("serve.started", address=f"http://{dev_addr}/"))
    try:
        server.serve()
    finally:
        server.shutdown()
    return 0
