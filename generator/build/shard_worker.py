"""MkDocs for some of the site's pages: the process that builds shards.

`python -m generator.build.shard_worker MKDOCS_YML COMPILED_TEMPLATES [--ahead]` loads MkDocs, reads a line of
settings from standard input (JSON: the environment mkdocs.yml reads), loads the theme, with --ahead the site
as the last build left it too (the build starts it before it needs it: shards.Worker), then reads the path of
a job from standard input (a JSON file: the mkdocs.yml, and shares, one per core, of
shards each naming its pages, its output folder and perhaps an earlier version to start from, of which only
those pages changed) and builds each shard's pages into its own folder with MkDocs' own page functions,
minified. It loads the configuration, theme and the whole site's navigation once, as `mkdocs build` does
(again, when the job's configuration or list of pages is not what it loaded ahead), then forks a copy of itself
for each share after the first, so the site is loaded once however many cores build it, and every page is
rendered exactly as in a single build: the same navigation, the same previous/next links (a neighbour of a
shard's page is read too when its title is its first heading, not the navigation's). The site's own shard
(`site: true`) also gets the theme's files, the 404 page, the sitemap and Material's search settings with an
empty lunr index: the served site searches with Pagefind, so the lunr index of every page is not built (the
offline copy is a plain `mkdocs build`, which keeps it).

Prints a JSON line per shard built; on a MkDocs warning or error (strict, as `mkdocs build --strict`)
prints the log and exits with status 1.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path


class MkDocsLog(logging.Handler):
    """MkDocs' log, kept for the caller; any warning fails the build as --strict does."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.warnings = 0

    @classmethod
    def attach(cls) -> "MkDocsLog":
        log = cls()
        logging.getLogger("mkdocs").addHandler(log)
        logging.getLogger("mkdocs").setLevel(logging.INFO)
        return log

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname:<8}-  {record.getMessage()}")
        self.warnings += record.levelno >= logging.WARNING

    def take(self) -> tuple[list[str], int]:
        """The lines and the count of warnings since the last take."""
        taken = self.lines, self.warnings
        self.lines, self.warnings = [], 0
        return taken


class Session:
    """One loaded MkDocs project: configuration, plugins, theme, files and navigation of the whole site. It reads
    a page's text only when it builds the page, so it stays right while its configuration files and its list of
    pages stay as they were (current())."""

    def __init__(self, config_file: Path, env: dict[str, str] | None = None, compiled: Path | None = None):
        """env: the environment mkdocs.yml reads (the live preview's process sets it here; a worker has set it
        from its settings line).
        compiled: a folder to keep the theme's compiled templates in for the next session: compiling them is
        most of the time of building a page or two (0.35 s), which is what a build after a small change does."""
        from mkdocs.commands.build import get_navigation
        from mkdocs.config import load_config
        from mkdocs.structure.files import get_files, set_exclusions

        os.environ.update(env or {})
        _with_libyaml()
        with _files_read() as read:
            config = load_config(str(config_file), strict=True)
        self.config_files = read
        if compiled is not None:
            _compiled_kept(config.theme, compiled)
        config.plugins.on_startup(command="build", dirty=False)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        # MkDocs parses every page's raw HTML a second time only to list the anchors it holds, for the check of
        # links to anchors. Below a warning that check reports nothing (strict fails on warnings alone, and the
        # caller shows a worker's log only when it fails), so it is left out: about a tenth of a page's time.
        self.check_anchors = config.validation.links.anchors >= logging.WARNING
        if not self.check_anchors:
            _without_raw_html_anchors()
        # Material's search plugin stays on (it gives the search box and its settings), but the served site's
        # lunr index stays empty, since Pagefind answers: pages are not added to it.
        self.search = config.plugins.get("material/search")
        if self.search is not None and self.search.config.enabled:
            self.search.search_index.add_entry_from_context = lambda page: None
        files = get_files(config)
        self.docs, self.listing = Path(config.docs_dir), {f.src_uri for f in files}
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        self.nav = config.plugins.on_nav(nav, config=config, files=files)
        self.env = config.plugins.on_env(env, config=config, files=files)
        self.config, self.files = config, files

    def current(self) -> bool:
        """Whether the configuration files and the list of pages are still the ones this session was made from
        (a build after a record's text changed writes neither)."""
        return (all(_identity(name) == seen for name, seen in self.config_files.items())
                and _listing(self.docs) == self.listing)

    def build(self, pages: list[str], out: Path, site: bool, reread: bool = False) -> list[Path]:
        """Write these pages (and, for the site's shard, the theme's files and templates) under out; returns the
        HTML files written.

        reread: their Markdown changed since this session read it (the live preview). A file already under
        out is replaced, never written in place: it may be a hard link into the cache."""
        from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
        from mkdocs.structure.files import InclusionLevel
        from mkdocs.utils import write_file

        config, files = self.config, self.files
        config.site_dir = str(out)
        own = [files.get_file_from_path(page) for page in pages]
        if None in own:
            raise LookupError(pages[own.index(None)])
        read = {f.src_uri: f for f in own}
        for f in own:
            for near in (f.page.previous_page, f.page.next_page):
                if near is not None and near.title is None:  # one the navigation gives a title is not read
                    read.setdefault(near.file.src_uri, near.file)
        for f in read.values():
            if f.page.content is None or (reread and f in own):
                _populate_page(f.page, config, files)
        doc_files = files.documentation_pages()
        written = []
        for f in own:
            f.dest_dir = str(out)
            written.append(Path(f.abs_dest_path))
            written[-1].unlink(missing_ok=True)
            _build_page(f.page, config, doc_files, self.nav, self.env)
            if self.check_anchors:
                f.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        if site:
            for f in files:
                if not f.is_documentation_page():
                    f.dest_dir = str(out)
                    Path(f.abs_dest_path).unlink(missing_ok=True)
                    written += [Path(f.abs_dest_path)] if f.dest_uri.endswith(".html") else []
            files.copy_static_files(inclusion=InclusionLevel.is_included)
            for template in config.theme.static_templates:
                written += [out / template] if template.endswith(".html") else []
                (out / template).unlink(missing_ok=True)
                (out / f"{template}.gz").unlink(missing_ok=True)
                _build_theme_template(template, self.env, files, config, self.nav)
            if self.search is not None and self.search.config.enabled:
                index = self.search.search_index.generate_search_index(None)
                (out / "search" / "search_index.json").unlink(missing_ok=True)
                write_file(index.encode("utf-8"), str(out / "search" / "search_index.json"))
        for f in read.values():
            _release(f.page)
        return written


def _compiled_kept(theme, folder: Path) -> None:
    """Every Jinja environment the theme makes keeps its compiled templates in folder: the one pages are built
    with, and the three Material's search plugin makes for its translations (0.03 s a session to compile)."""
    from jinja2 import FileSystemBytecodeCache

    folder.mkdir(parents=True, exist_ok=True)
    cache = FileSystemBytecodeCache(str(folder))
    plain = theme.get_env

    def get_env():
        env = plain()
        env.bytecode_cache = cache
        return env

    theme.get_env = get_env


@contextmanager
def _files_read():
    """Within: each configuration file MkDocs reads (mkdocs.yml and what it inherits, build/nav.yml) with the
    identity of the file it read (the generator replaces a file it writes, so a new one is another file)."""
    from mkdocs.utils import yaml as mkdocs_yaml

    read: dict[str, tuple[int, ...]] = {}
    plain = mkdocs_yaml.yaml_load

    def noting(source, loader=None):
        if not isinstance(source, str):
            read[source.name] = _identity(source.fileno())
        return plain(source, loader)

    mkdocs_yaml.yaml_load = noting  # MkDocs reads an inherited file through the module's name too
    try:
        yield read
    finally:
        mkdocs_yaml.yaml_load = plain


def _identity(file: str | int) -> tuple[int, ...]:
    status = os.stat(file)
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


def _listing(docs: Path) -> set[str]:
    """The files of a docs folder as MkDocs lists them (src_uri)."""
    return {os.path.relpath(os.path.join(folder, name), docs).replace(os.sep, "/")
            for folder, _dirs, names in os.walk(docs, followlinks=True) for name in names}


def _with_libyaml() -> None:
    """MkDocs reads its configuration, with the whole site's navigation (build/nav.yml), with PyYAML's parser
    written in Python: half a second at 3,000 pages. libyaml's parser gives the same events, so the same values
    (the constructors, MkDocs' tags among them, stay PyYAML's)."""
    import yaml
    from mkdocs.utils import yaml as mkdocs_yaml

    if hasattr(yaml, "CLoader"):
        mkdocs_yaml.get_yaml_loader.__defaults__ = (yaml.CLoader, None)


def _without_raw_html_anchors() -> None:
    """Pages render without MkDocs' pass over their raw HTML for anchors (it changes no output)."""
    from mkdocs.structure import pages

    pages._RawHTMLPreprocessor._register = lambda self, md: None


def _release(page) -> None:
    """Put a built page back as it was before it was read: a worker builds thousands of pages, and MkDocs
    would otherwise keep every page's Markdown and HTML until the process ends. A page that is needed again
    (a neighbour of a later shard) is read again."""
    page.markdown, page.content, page._title_from_render = None, None, None
    page.toc, page.meta = [], {}
    page.present_anchor_ids = page.links_to_anchors = None


def main() -> int:
    """Load what every job needs, wait for the settings and then the job, load the site once, then build each
    share in a process of its own: forked copies of this one, which start with the site loaded (build/fork.py);
    fails if any of them failed. An empty line instead of the settings or a job ends it."""
    import minify_html  # noqa: F401  (what Session, its pages and the minifier use)
    from markdown.util import get_installed_extensions
    from mkdocs.commands import build  # noqa: F401
    from mkdocs.config import load_config  # noqa: F401

    from . import files, minify  # noqa: F401
    from .fork import ChildFailed, forked_map

    get_installed_extensions()  # the Markdown extensions mkdocs.yml names are looked up there (once: 0.03 s)
    log = MkDocsLog.attach()
    compiled = Path(sys.argv[2])
    settings = sys.stdin.readline().strip()
    if not settings:
        return 0
    os.environ.update(json.loads(settings))
    session = _load_ahead(Path(sys.argv[1]), compiled, site="--ahead" in sys.argv[3:])
    _lines, warnings = log.take()  # a session made again says it again; one that warned is made again
    line = sys.stdin.readline().strip()
    if not line:
        return 0
    job = json.loads(Path(line).read_text(encoding="utf-8"))
    try:
        if session is None or warnings or not session.current():
            session = None
            gc.collect()  # the pages and navigation of the session loaded ahead go before the new one's come
            session = Session(Path(job["config"]), compiled=compiled)
        shares = job["shares"]
        return max(forked_map(lambda share: _build_share(session, share, log), shares, processes=len(shares)))
    except (Exception, ChildFailed) as error:  # reported by the caller, which names the stage
        log.lines.append(f"ERROR   -  {type(error).__name__}: {error}")
        os.write(sys.stderr.fileno(), ("\n".join(log.lines) + "\n").encode())
        return 1


def _load_ahead(config_file: Path, compiled: Path, site: bool) -> Session | None:
    """The theme, its plugins and Markdown extensions loaded while the build is still busy before MkDocs
    (checking and rendering, after a small change), by reading the configuration as it stands; with site, the
    whole site as the last build left it (navigation and pages), which after a changed text is this build's
    too. Whatever fails here fails again, and is reported, when the job loads the site again."""
    from mkdocs.config import load_config

    try:
        if site:
            return Session(config_file, compiled=compiled)
        _with_libyaml()
        load_config(str(config_file), strict=True)
    except Exception:
        pass
    return None


def _build_share(session: Session, shards: list[dict], log: MkDocsLog) -> int:
    """Build these shards, minified, a JSON line for each on standard output; on a MkDocs warning or error the
    log goes to standard error and the status is 1."""
    from .files import update_in_place
    from .minify import minify_files

    try:
        for shard in shards:
            begun = time.perf_counter()
            out = Path(shard["out"])
            if shard["base"]:  # an earlier version, of which only these pages changed
                update_in_place(out, [(Path(shard["base"]), "")])
            written = session.build(shard["pages"], out, shard["site"])
            minify_files(sorted(written))
            count = len(shard["pages"])
            if log.warnings:
                break
            # One write of one line: the forked copies share standard output, and a line written in pieces
            # (as print does without a buffer, PYTHONUNBUFFERED) could be cut by another copy's.
            done = {"name": shard["name"], "pages": count, "seconds": time.perf_counter() - begun}
            os.write(sys.stdout.fileno(), (json.dumps(done) + "\n").encode())
    except Exception as error:  # reported by the caller, which names the stage
        log.lines.append(f"ERROR   -  {type(error).__name__}: {error}")
        log.warnings += 1
    if log.warnings:
        os.write(sys.stderr.fileno(), ("\n".join(log.lines) + "\n").encode())
        return 1
    return 0


if __name__ == "__main__":
    from ..leave import leave

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    leave(main())
