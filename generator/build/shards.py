"""The served site in shards: one per guideline and one for the site's own pages, built side by side.

MkDocs renders one page at a time, so the pages of a site can be built by several processes and their
folders merged. A guideline's shard holds its pages; the site's shard holds the home page, the API page,
the 404 page, the sitemap, the theme's files and the search settings. Each worker process
(shard_worker.py) loads the whole site's configuration and navigation once and builds its shards, so
every page is byte for byte what `mkdocs build` makes of it (tests/test_shards.py compares them).

A shard's output is kept in the cache folder under a hash of everything it is made from: its pages'
Markdown, the titles of their neighbours (the previous/next links show them), the part of the navigation its
pages show (their own guideline in full; the others by title and first page, as navigation.prune
renders them), mkdocs.yml, overrides/, this code and the versions of MkDocs, the theme, Markdown and the
minifier. An unchanged shard is reused; a changed record rebuilds only its guideline's shard, and of that only
the pages whose Markdown changed when the rest of its inputs (its frame) did not: the new version starts as
links to the earlier one's files (PAGES_FILE beside them says what they were built from). The same
functions build one CI runner's share of the shards (`build --part K/N`), and the final job, which has
every share in its cache folder, only merges.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from ..model.site_config import SiteConfig
from ..render.pages import Rendered
from ..render.stored import opening
from .files import forget_other_versions
from .mkdocs import mkdocs_settings
from .project import Project

SITE = "_nettsted"  # the site's own shard; guideline ids are slugs, so none can take this name
PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "minify-html")
CODE = [Path(__file__).with_name(name) for name in ("shard_worker.py", "minify.py")]
PAGES, PAGES_FILE = "sider", "sider.json"  # a shard version's pages, and beside them its frame and pages' hashes


class ShardError(Exception):
    """A shard worker failed; carries MkDocs' log."""


@dataclass(frozen=True)
class Shard:
    name: str
    pages: tuple[str, ...]
    key: str  # everything its output is made from
    frame: str  # the same less its own pages' Markdown: when only that changed, only those pages need building
    digests: dict[str, str]  # each page's Markdown, hashed: which of them changed


def plan(project: Project, config: SiteConfig, rendered: Rendered) -> list[Shard]:
    """The shards of the site, each with the hash of its inputs."""
    order = _leaves(rendered.nav)
    titles = _titles(rendered.nav)
    position = {page: i for i, page in enumerate(order)}
    groups: dict[str, list[str]] = {}
    for page in rendered.pages:
        groups.setdefault(page.split("/", 1)[0] if "/" in page else SITE, []).append(page)
    common = _common_inputs(project, config)
    shards = []
    for name, pages in groups.items():
        near = {order[i] for page in pages if page in position for i in (position[page] - 1, position[page] + 1)
                if 0 <= i < len(order)} - set(pages)
        frame = hashlib.sha256(common)
        frame.update(json.dumps([_nav_view(rendered.nav, name), sorted(pages)], ensure_ascii=False).encode())
        for page in sorted(near):  # a neighbour shows in the footer by its address and title
            frame.update(f"\0{page}\0{titles.get(page)}\0{_heading(rendered.pages, page)}".encode())
        if name == SITE:  # the sitemap lists every page with the build's date
            frame.update(json.dumps([_build_date(), sorted(rendered.pages)]).encode())
        digest = frame.copy()
        for page in sorted(pages):
            digest.update(f"\0{page}\0{rendered.digests[page]}".encode())
        digests = {page: rendered.digests[page] for page in pages}
        shards.append(Shard(name, tuple(pages), digest.hexdigest()[:20], frame.hexdigest()[:20], digests))
    return shards


def _leaves(nav: list) -> list[str]:
    """The pages of a navigation in order (the order of MkDocs' previous/next links)."""
    found = []
    for entry in nav:
        for value in (entry.values() if isinstance(entry, dict) else [entry]):
            found += [value] if isinstance(value, str) else _leaves(value)
    return found


def _titles(nav: list) -> dict[str, str]:
    """The title the navigation gives each page it names with one."""
    found = {}
    for entry in nav:
        for title, value in (entry.items() if isinstance(entry, dict) else []):
            found.update({value: title} if isinstance(value, str) else _titles(value))
    return found


def _heading(pages: Mapping[str, str], page: str) -> str:
    """What MkDocs takes a page's title from when the navigation gives none: front matter, or the first heading.
    Read from the page's opening, as far as needed (a guideline's page of all its recommendations is megabytes)."""
    size = 8192
    while True:
        markdown, whole = opening(pages, page, size)
        if not whole:
            markdown = markdown[:markdown.rfind("\n") + 1]  # whole lines only
        heading = next((line for line in markdown.splitlines() if line.startswith("# ")), None)
        if whole or (heading is not None and (not markdown.startswith("---\n") or "\n---\n" in markdown)):
            front = markdown.split("\n---\n", 1)[0] if markdown.startswith("---\n") else ""
            return front + "\0" + (heading or "")
        size *= 4


def _nav_view(nav: list, name: str) -> list:
    """The navigation as the shard's pages show it: other guidelines pruned to their title and first page."""
    view = []
    for entry in nav:
        (title, value), = entry.items()
        leaf = value
        while not isinstance(leaf, str):  # a section's first page: its first entry, all the way down
            leaf = leaf[0] if isinstance(leaf, list) else next(iter(leaf.values()))
        view.append({title: value if isinstance(value, str) or leaf.startswith(name + "/") else ["…", leaf]})
    return view


def _build_date() -> str:
    """The date MkDocs gives every page (it honours SOURCE_DATE_EPOCH, for reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%d")


def _common_inputs(project: Project, config: SiteConfig) -> bytes:
    """What every page is made from besides its own Markdown and the navigation: mkdocs.yml and what it reads from
    the environment, the rest of the navigation file (the preview's list of errors), the theme, this code."""
    digest = hashlib.sha256()
    digest.update(project.mkdocs_yml.read_bytes())
    settings = {name: value for name, value in mkdocs_settings(config).items() if name.startswith("ANBEFALT_")}
    extra = json.loads(project.nav.read_text(encoding="utf-8")).get("extra") if project.nav.is_file() else None
    digest.update(json.dumps([settings, extra], ensure_ascii=False, sort_keys=True).encode())
    theme = project.root / "overrides"
    for path in sorted(theme.rglob("*")) if theme.is_dir() else []:
        if path.is_file():
            digest.update(f"\0{path.relative_to(theme).as_posix()}\0".encode() + path.read_bytes())
    for path in CODE:
        digest.update(path.read_bytes())
    digest.update(json.dumps([sys.version, [metadata.version(p) for p in PACKAGES]]).encode())
    return digest.digest()


def folder(project: Project, shard: Shard) -> Path:
    """The shard's pages in the cache (beside them, PAGES_FILE says what they were built from)."""
    return _version(project, shard) / PAGES


def _version(project: Project, shard: Shard) -> Path:
    return project.cache / "shards" / shard.name / shard.key


def share(shards: list[Shard], part: int, parts: int) -> list[Shard]:
    """Runner part (1…parts) of the shards, by page count, the same on every runner whatever is cached."""
    bins: list[list[Shard]] = [[] for _ in range(parts)]
    for shard in sorted(shards, key=lambda s: (-len(s.pages), s.name)):
        min(bins, key=lambda b: sum(len(s.pages) for s in b)).append(shard)
    return bins[part - 1]


class Worker:
    """The MkDocs worker (shard_worker.py), started before it is needed, so that Python, MkDocs and the theme load
    on another core while the generator works (pipeline.py says when); it then waits for the site's settings
    (configure: mkdocs.yml reads them), loads what it can, and waits for its job. A worker that gets no job
    (every shard in the cache, or the build stopped) is stopped when the build leaves it.
    ahead: load the site as the last build left it too (started before this build writes its pages)."""

    def __init__(self, project: Project, config: SiteConfig | None = None, ahead: bool = False):
        self.process = subprocess.Popen(
            [sys.executable, "-P", "-m", "generator.build.shard_worker", str(project.mkdocs_yml),
             str(project.compiled_templates), *(["--ahead"] if ahead else [])], cwd=project.root,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(project))
        if config is not None:
            self.configure(config)

    def configure(self, config: SiteConfig) -> None:
        """The site's settings, once they are checked (a line of JSON)."""
        try:
            self.process.stdin.write(json.dumps(mkdocs_settings(config)) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:  # the worker ended; run() says why
            pass

    def run(self, job: Path) -> tuple[int, str, str]:
        """The job done: the worker's exit status, its output and its log."""
        out, err = self.process.communicate(f"{job}\n")
        return self.process.returncode, out, err

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *_exc) -> None:
        if self.process.returncode is None:
            self.process.kill()
            self.process.communicate()


def build(project: Project, config: SiteConfig, shards: list[Shard], worker: Worker | None = None,
          workers: int | None = None) -> list[str]:
    """Build every shard not already in the cache, in up to `workers` processes (one per core); returns their log
    lines. One worker (the one given, already started, or a new one) loads the site and forks itself into the
    others, so the site is loaded once. A shard whose earlier version differs only in some of its pages'
    Markdown starts from that version and builds those pages."""
    pending = [s for s in shards if not folder(project, s).is_dir()]
    count = min(workers or os.cpu_count() or 1, len(pending))
    if not count:
        return []
    jobs = project.cache / "shards"
    jobs.mkdir(parents=True, exist_ok=True)
    jobs_of = {}
    for s in pending:
        shutil.rmtree(_unfinished(project, s), ignore_errors=True)
        base = _earlier(project, s)
        pages = [p for p in s.pages if base is None or base[1].get(p) != s.digests[p]]
        jobs_of[s.name] = {"name": s.name, "pages": pages, "out": str(_unfinished(project, s) / PAGES),
                           "site": s.name == SITE, "base": str(base[0]) if base else None}
    job = jobs / "jobb.json"
    shares = [[jobs_of[s.name] for s in share(pending, index + 1, count)] for index in range(count)]
    job.write_text(json.dumps({"config": str(project.mkdocs_yml), "shares": shares}), encoding="utf-8")
    try:
        with nullcontext(worker) if worker is not None else Worker(project, config) as running:
            status, out, err = running.run(job)
        named = {s.name: s for s in pending}
        lines = []
        for line in out.splitlines():
            done = json.loads(line)
            shard = named[done["name"]]
            made = {"frame": shard.frame, "pages": shard.digests}
            (_unfinished(project, shard) / PAGES_FILE).write_text(json.dumps(made), encoding="utf-8")
            shutil.rmtree(_version(project, shard), ignore_errors=True)  # a version without its pages
            _unfinished(project, shard).rename(_version(project, shard))
            lines.append(f"INFO    -  {done['pages']} sider ({shard.name}) på {done['seconds']:.2f} s")
    finally:
        job.unlink(missing_ok=True)
        for s in pending:
            shutil.rmtree(_unfinished(project, s), ignore_errors=True)
    if status != 0:
        raise ShardError(err)
    return lines


def _earlier(project: Project, shard: Shard) -> tuple[Path, dict[str, str]] | None:
    """An earlier version of the shard in the cache with the same frame: its pages and their Markdown's hashes."""
    for version in sorted((project.cache / "shards" / shard.name).glob("*/" + PAGES_FILE)):
        made = json.loads(version.read_text(encoding="utf-8"))
        if made["frame"] == shard.frame and (version.parent / PAGES).is_dir():
            return version.parent / PAGES, made["pages"]
    return None


def _unfinished(project: Project, shard: Shard) -> Path:
    return _version(project, shard).with_name(shard.key + ".delvis")


def _env(project: Project) -> dict[str, str]:
    """The worker's environment. It runs with -P, so this package comes first on its path, then the project's own
    folder: a project folder that is an older checkout of Anbefalt must not lend the worker its code."""
    package_parent = str(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([package_parent, str(project.root)] + ([path] if path else []))}


def forget_others(project: Project, shards: list[Shard]) -> None:
    """Keep only the current version of each shard in the cache."""
    forget_other_versions(project.cache / "shards", {s.name: s.key for s in shards})
