"""Check site_config/ like content: a broken label set, scale or setting stops the build with a positioned message.

Every label set must be complete (a missing key is named with its file, line and column), the site's language must
have one, and each must name every EtD scale and every column of etd_skalaer.yaml, and no other.
"""

from __future__ import annotations

from ..load.document import Document
from ..load.site_config import LABELS_FOLDER, SiteConfigFiles
from ..model.messages import msg
from ..model.problems import ContentError, Problem, display_path
from ..model.site_config import Etiketter, Nettsted, Redigering, SiteConfig, Skalaer
from .record import check_document, suggest


def check_site_config(files: SiteConfigFiles) -> SiteConfig:
    """The site configuration, or ContentError with the problems of every file."""
    problems: list[Problem] = []
    scales, found = check_document(files.scales, Skalaer)
    problems += found
    site, found = check_document(files.site, Nettsted) if files.site else (Nettsted(), [])
    problems += found
    editor, found = check_document(files.editor, Redigering) if files.editor else (None, [])
    problems += found
    label_sets: dict[str, Etiketter] = {}
    for language, doc in files.labels.items():
        labels, found = check_document(doc, Etiketter)
        problems += found
        if labels is not None:
            label_sets[language] = labels
            if scales is not None:
                problems += _scale_names(doc, labels, scales)
    if site is not None and site.sprak not in files.labels:
        known = list(files.labels)
        message = msg("config.unknown_language", found=site.sprak, allowed=", ".join(known),
                      folder=LABELS_FOLDER) + suggest(site.sprak, known)
        problems.append(files.site.problem(("sprak",), message) if files.site else
                        Problem(display_path(files.folder / LABELS_FOLDER), 1, 1, message))
    if problems:
        raise ContentError(problems)
    return SiteConfig(nettsted=site, etikettsett=label_sets, skalaer=scales.skalaer,
                      **({"redigering": editor} if editor else {}))


def _scale_names(doc: Document, labels: Etiketter, scales: Skalaer) -> list[Problem]:
    """A label set names exactly the scales and columns etd_skalaer.yaml declares."""
    problems = []
    for key, scale in scales.skalaer.items():
        named = labels.skalaer.get(key)
        if named is None:
            problems.append(doc.problem(("skalaer",), msg("config.scale_unnamed", scale=key), key=True))
            continue
        missing = [c for c in scale.kolonner if c not in named.kolonner]
        if missing:
            problems.append(doc.problem(("skalaer", key, "kolonner"),
                                        msg("config.columns_unnamed", scale=key, columns=", ".join(missing)), key=True))
        for column in named.kolonner:
            if column not in scale.kolonner:
                problems.append(doc.problem(("skalaer", key, "kolonner", column),
                                            msg("config.column_unknown", scale=key, found=column,
                                                allowed=", ".join(scale.kolonner)) + suggest(column, scale.kolonner),
                                            key=True))
    for key in labels.skalaer:
        if key not in scales.skalaer:
            problems.append(doc.problem(("skalaer", key), msg("config.scale_unknown", found=key,
                                                              allowed=", ".join(scales.skalaer)), key=True))
    return problems
