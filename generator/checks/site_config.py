"""Check site_config/ like content: a broken label file or scale stops the build with a positioned message."""

from __future__ import annotations

from ..load.site_config import SiteConfigFiles
from ..model.problems import ContentError
from ..model.site_config import Etiketter, SiteConfig, Skalaer
from .record import check_document


def check_site_config(files: SiteConfigFiles) -> SiteConfig:
    """The site configuration, or ContentError with the problems of both files."""
    labels, label_problems = check_document(files.labels, Etiketter)
    scales, scale_problems = check_document(files.scales, Skalaer)
    if label_problems or scale_problems:
        raise ContentError(label_problems + scale_problems)
    return SiteConfig(etiketter=labels, skalaer=scales.skalaer)
