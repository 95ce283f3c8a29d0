"""Read site_config/: the labels, the EtD scales and the site's settings, as positioned documents for the checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model.problems import ContentError
from .document import Document, read_document

LABELS_FILE = "etiketter.yaml"
SCALES_FILE = "etd_skalaer.yaml"
EDITOR_FILE = "redigering.yaml"
# Optional: a project without it has no fixed address and counts versions from its first commit.
SITE_FILE = "nettsted.yaml"


@dataclass
class SiteConfigFiles:
    labels: Document
    scales: Document
    # The web editor's settings; a project without the file gets the defaults.
    editor: Document | None = None
    site: Document | None = None


def read_site_config(folder: Path) -> SiteConfigFiles:
    """The files, or ContentError with the problems of each that could not be read."""
    docs, problems = {}, []
    for name in (LABELS_FILE, SCALES_FILE, EDITOR_FILE, SITE_FILE):
        if name in (EDITOR_FILE, SITE_FILE) and not (folder / name).is_file():
            continue
        try:
            docs[name] = read_document(folder / name)
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    return SiteConfigFiles(labels=docs[LABELS_FILE], scales=docs[SCALES_FILE], editor=docs.get(EDITOR_FILE),
                           site=docs.get(SITE_FILE))
