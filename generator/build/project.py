"""An Anbefalt project's folders, and what the live preview keeps between runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """The folders of an Anbefalt project, relative to its root. Only content/ and site_config/ are read;
    build/ (with the cache) and the site folders are written."""

    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def site_config(self) -> Path:
        return self.root / "site_config"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def docs(self) -> Path:
        return self.root / "build" / "docs"

    @property
    def nav(self) -> Path:
        return self.root / "build" / "nav.yml"

    @property
    def history_cache(self) -> Path:
        """Parsed states of the content's files from git, by blob hash, so a rebuild parses only what is new."""
        return self.root / "build" / "historikk.json"

    @property
    def cache(self) -> Path:
        """Shards and PDFs of earlier builds, by the hash of their inputs; a CI workflow can keep it between runs."""
        return self.root / "build" / "cache"

    @property
    def compiled_templates(self) -> Path:
        """Jinja's compiled templates, the generator's and the theme's (Jinja checks each against its source)."""
        return self.cache / "maler"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def preview(self) -> Path:
        """What `serve` shows: the site without PDFs, updated page by page as records are saved."""
        return self.root / "build" / "preview"

    @property
    def offline_site(self) -> Path:
        return self.root / "site-offline"


@dataclass
class Cache:
    """Kept between runs by the live preview: parsed files by size and time, checked records by document,
    rendered pages by their inputs, the pages last written, and the history's parsed blobs."""

    files: dict = field(default_factory=dict)
    records: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)
    written: dict = field(default_factory=dict)
    history: object = None  # checks.history.BlobCache, set by the first build
