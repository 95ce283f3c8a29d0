"""Check site_config/ like content: a broken label file or scale stops the build with a positioned message."""

from __future__ import annotations

from ..load.site_config import SiteConfigFiles
from ..model.problems import ContentError
from ..model.site_config import Etiketter, Redigering, SiteConfig, Skalaer
from .record import check_document


def check_site_config(files: SiteConfigFiles) -> SiteConfig:
    """The site configuration, or ContentError with the problems of every file."""
    labels, label_problems = check_document(files.labels, Etiketter)
    scales, scale_problems = check_document(files.scales, Skalaer)
    editor, editor_problems = check_document(files.editor, Redigering) if files.editor else (None, [])
    if label_problems or scale_problems or editor_problems:
        raise ContentError(label_problems + scale_problems + editor_problems)
    return SiteConfig(etiketter=labels, skalaer=scales.skalaer, **({"redigering": editor} if editor else {}))
