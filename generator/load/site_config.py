"""Read site_config/: the site's language, the label sets, the EtD scales and the editor's settings, as positioned
documents for the checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..model.messages import msg
from ..model.problems import ContentError, Problem, display_path
from .document import Document, read_document

SITE_FILE = "nettsted.yaml"
LABELS_FOLDER = "etiketter"
SCALES_FILE = "etd_skalaer.yaml"
EDITOR_FILE = "redigering.yaml"
DEFAULT_LANGUAGE = "nb"


@dataclass
class SiteConfigFiles:
    folder: Path
    scales: Document
    # The label sets by language code (the file's name).
    labels: dict[str, Document] = field(default_factory=dict)
    # The site's language; a project without the file is in bokmål.
    site: Document | None = None
    # The web editor's settings; a project without the file gets the defaults.
    editor: Document | None = None


def read_site_config(folder: Path) -> SiteConfigFiles:
    """The files, or ContentError with the problems of each that could not be read."""
    docs, problems = {}, []

    def read(path: Path, optional: bool = False) -> Document | None:
        if optional and not path.is_file():
            return None
        try:
            return read_document(path)
        except ContentError as error:
            problems.extend(error.problems)
            return None

    scales = read(folder / SCALES_FILE)
    site = read(folder / SITE_FILE, optional=True)
    editor = read(folder / EDITOR_FILE, optional=True)
    for path in sorted((folder / LABELS_FOLDER).glob("*.yaml")):
        docs[path.stem] = read(path)
    if not docs and not problems:
        problems.append(Problem(display_path(folder / LABELS_FOLDER), 1, 1, msg("config.no_labels", folder=LABELS_FOLDER)))
    if problems:
        raise ContentError(problems)
    return SiteConfigFiles(folder, scales, docs, site, editor)


def site_language(folder: Path) -> str:
    """The site's language as nettsted.yaml gives it, read before anything else so messages speak it; bokmål when
    the file is missing or unreadable (its problems are reported when site_config is read)."""
    try:
        data = read_document(folder / SITE_FILE).data if (folder / SITE_FILE).is_file() else {}
    except (ContentError, OSError):
        return DEFAULT_LANGUAGE
    value = data.get("sprak") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else DEFAULT_LANGUAGE
