"""Read site_config/: the labels and the EtD scales, as positioned documents for the checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..model.problems import ContentError
from .document import Document, read_document

LABELS_FILE = "etiketter.yaml"
SCALES_FILE = "etd_skalaer.yaml"


@dataclass
class SiteConfigFiles:
    labels: Document
    scales: Document


def read_site_config(folder: Path) -> SiteConfigFiles:
    """Both files, or ContentError with the problems of each that could not be read."""
    docs, problems = {}, []
    for name in (LABELS_FILE, SCALES_FILE):
        try:
            docs[name] = read_document(folder / name)
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ContentError(problems)
    return SiteConfigFiles(labels=docs[LABELS_FILE], scales=docs[SCALES_FILE])
