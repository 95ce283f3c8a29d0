"""Live preview: the site is built once (reusing cached shards), then a saved record rebuilds only its pages.

MkDocs stays loaded in this process (shard_worker.Session), so a saved record costs reading the changed
files, rendering their pages and building those pages alone: well under a second at national scale. When
the navigation changes (a title, a new record), the guidelines whose menus show the change are built again.
MkDocs' live-reload server serves build/preview and reloads the browser. A bad edit prints its problems and
leaves the last good pages in place, so the preview never breaks. Search answers from the index made at
start, until the preview is restarted.
"""

from __future__ import annotations

import signal
import sys
from typing import Callable

from ..model.problems import ContentError
from . import shards
from .pipeline import Options, StageError, build
from .project import Cache, Project
from .shard_worker import MkDocsLog, Session

MARKDOWN_ONLY = Options(pdf=False, until="write")

POLL_SECONDS = 0.2


class Preview:
    """The preview's pages and the MkDocs session that builds them; update() follows a saved record."""

    def __init__(self, project: Project, cache: Cache, rendered):
        self.project, self.cache, self.rendered = project, cache, rendered
        self.plan = {s.name: s for s in shards.plan(project, rendered)}
        self.log = MkDocsLog.attach()
        self.session = Session(project.mkdocs_yml)

    def update(self) -> tuple[int, list]:
        """Build the pages that changed since the last update; returns how many, and the content's warnings."""
        result = build(self.project, MARKDOWN_ONLY, cache=self.cache)
        rendered = result.rendered
        plan = {s.name: s for s in shards.plan(self.project, rendered)}
        if set(rendered.pages) != set(self.rendered.pages) or rendered.nav != self.rendered.nav:
            self.session = Session(self.project.mkdocs_yml)
        for page in set(self.rendered.pages) - set(rendered.pages):
            self._page_file(page).unlink(missing_ok=True)
        built = 0
        for name, shard in plan.items():
            before = self.plan.get(name)
            if before is not None and before.key == shard.key:
                continue
            if before is not None and before.frame == shard.frame:
                pages = [p for p in shard.pages if self.rendered.pages.get(p) != rendered.pages[p]]
            else:
                pages = list(shard.pages)
            built += self.session.build(pages, self.project.preview, site=name == shards.SITE, reread=True)
        self.rendered, self.plan = rendered, plan
        lines, warnings = self.log.take()
        if warnings:
            raise RuntimeError("\n".join(line for line in lines if not line.startswith("INFO")))
        return built, result.library.warnings

    def _page_file(self, page: str):
        file = self.session.files.get_file_from_path(page)
        return self.project.preview / (file.dest_uri if file else page)


def serve(project: Project, dev_addr: str, say: Callable[[str], None], report: Callable) -> int:
    from mkdocs.livereload import LiveReloadServer

    cache = Cache()
    try:
        result = build(project, Options(pdf=False, preview=True), cache=cache)
        preview = Preview(project, cache, result.rendered)
    except ContentError as error:
        report(error.problems)
        return 1
    except StageError as error:
        say(str(error))
        return 1

    def rebuild() -> None:
        try:
            built, warnings = preview.update()
        except ContentError as error:
            report(error.problems)
            say("Forhåndsvisningen viser siste gyldige versjon.")
            return
        except Exception as error:  # a stage or MkDocs failed: said, and the last good pages stay
            say(f"{error}\nForhåndsvisningen viser siste gyldige versjon.")
            return
        report(warnings)
        say(f"Oppdatert: {built} sider bygget på nytt.")

    host, port = dev_addr.rsplit(":", 1)
    server = LiveReloadServer(builder=rebuild, host=host, port=int(port), root=str(project.preview),
                              polling_interval=POLL_SECONDS)
    server.build_delay = 0.05
    for folder in (project.content, project.site_config):
        server.watch(str(folder))
    # Stop the server too when we are asked to stop.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    say(f"Forhåndsvisning på http://{dev_addr}/ — lagre en post for å oppdatere. Ctrl+C avslutter.")
    try:
        server.serve()
    finally:
        server.shutdown()
    return 0
