"""Check site_config/ like content: a broken label file, scale or setting stops the build with a positioned message."""

from __future__ import annotations

from ..load.site_config import SiteConfigFiles
from ..model.problems import ContentError
from ..model.site_config import Etiketter, Nettsted, Redigering, SiteConfig, Skalaer
from .record import check_document


def check_site_config(files: SiteConfigFiles) -> SiteConfig:
    """The site configuration, or ContentError with the problems of every file."""
    labels, problems = check_document(files.labels, Etiketter)
    scales, found = check_document(files.scales, Skalaer)
    problems += found
    site = Nettsted()
    if files.site is not None:
        site, found = check_document(files.site, Nettsted)
        problems += found
    editor, found = check_document(files.editor, Redigering) if files.editor else (None, [])
    problems += found
    if problems:
        raise ContentError(problems)
    return SiteConfig(etiketter=labels, skalaer=scales.skalaer, nettsted=site, **({"redigering": editor} if editor else {}))
