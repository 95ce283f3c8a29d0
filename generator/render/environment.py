"""The Jinja environment shared by the site's pages and the PDFs, and the filters both use.

Strict: a missing value is an error, never an empty string. Values from records are escaped once, for the
context they land in (HTML, Markdown inline, front matter); Markdown fields were checked free of HTML, and all
HTML that Markdown makes passes the sanitiser (render/sanitise.py).
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path
from typing import Callable

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..model.site_config import SiteConfig
from ..model.text import CITATION
from ..model.vocab import STATUS, STYRKE, grading_key
from . import sections

DATE_FORMAT = "%d.%m.%Y"
# Exactly the characters Python-Markdown lets a backslash escape.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")


def inline(text: str) -> Markup:
    """Plain text for a Markdown inline context: HTML-escaped, Markdown syntax neutralised."""
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)))


def front(text: str) -> Markup:
    """A front-matter value. MkDocs inserts page titles unescaped, so escape HTML here."""
    return Markup(json.dumps(html.escape(text), ensure_ascii=False))


def cite(text: str, numbers: dict[str, int], link: Callable[[str], str] | None) -> str:
    """[@key] citations as numbered [n], linked to link(key) when given (Markdown link syntax)."""
    if link is None:
        return CITATION.sub(lambda m: f"\\[{numbers[m.group(1)]}\\]", text)
    return CITATION.sub(lambda m: f"[\\[{numbers[m.group(1)]}\\]]({link(m.group(1))})", text)


def environment(templates: Path, config: SiteConfig) -> Environment:
    """A strict environment over a template folder, with the labels, scales and vocabularies as globals."""
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    labels = config.etiketter

    def format_date(value: date | None) -> str:
        return value.strftime(DATE_FORMAT) if value else labels.seksjon["ikke_registrert"]

    def grading_wording(rec) -> str:
        return labels.anbefalingstype[grading_key(rec.gradering.styrke, rec.gradering.retning)]

    def fact(record, name: str) -> str:
        """A fact's value in words: a status by its label, a date in the site's format."""
        value = getattr(record, name)
        if name == "status":
            return labels.status[value]
        return format_date(value) if value is None or isinstance(value, date) else value

    def unknown(what: str) -> None:
        raise ValueError(f"the template has no way to show '{what}'")

    env.filters.update(inline=inline, front=front, date=format_date)
    env.globals.update(
        labels=labels, scales=config.skalaer, sections=sections.SECTIONS, unknown=unknown,
        grading_wording=grading_wording, fact=fact,
        strength_class=lambda rec: STYRKE[rec.gradering.styrke].css,
        status_class=lambda item: STATUS[item.status].css,
    )
    return env
