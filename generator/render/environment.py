"""The Jinja environment shared by the site's pages and the PDFs, and the filters both use: one per language,
its labels, dates (the locale's format), counts and hyphenation all from that language's label set.

Strict: a missing value is an error, never an empty string. Values from records are escaped once, for the
context they land in (HTML, Markdown inline, front matter); Markdown fields were checked free of HTML, and all
HTML that Markdown makes passes the sanitiser (render/sanitise.py).
"""

from __future__ import annotations

import functools
import html
import json
import os
import pickle
import re
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

import pyphen
from jinja2 import (BytecodeCache, Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined,
                    select_autoescape)
from markupsafe import Markup

from ..model.labels import Etiketter
from ..model.site_config import SiteConfig
from ..model.text import CITATION, INTERNAL_LINK, internal_target
from ..model.vocab import STATUS, STYRKE, grading_key
from . import sections

# Exactly the characters Python-Markdown lets a backslash escape.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")


def inline(text: str) -> Markup:
    """Plain text for a Markdown inline context: HTML-escaped, Markdown syntax neutralised."""
    return Markup(_MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)))


def front(text: str) -> Markup:
    """A front-matter value. MkDocs inserts page titles unescaped, so escape HTML here."""
    return Markup(json.dumps(html.escape(text), ensure_ascii=False))


def _escaped(value):
    if isinstance(value, str):
        return html.escape(value)
    if isinstance(value, (list, tuple)):
        return [_escaped(item) for item in value]
    return value


def front_json(value) -> Markup:
    """A front-matter list (JSON, which is YAML) whose texts overrides/main.html inserts unescaped: escaped here."""
    return Markup(json.dumps(_escaped(value), ensure_ascii=False))


@functools.lru_cache(maxsize=4096)
def hyphenate(text: str, language: str) -> str:
    """Soft hyphens in long words, so a narrow table cell breaks a word only where a hyphen is shown.
    language: a pyphen dictionary (the label set's locale, nb_NO, en_GB …)."""
    dictionary = _dictionary(language)
    return " ".join(dictionary.inserted(word, hyphen="\u00ad") if len(word) > 10 else word for word in text.split(" "))


@functools.lru_cache(maxsize=8)
def _dictionary(language: str) -> pyphen.Pyphen:
    """The language's dictionary, parsed (a quarter second) or as parsed by an earlier build (see kept_in)."""
    kept = _KEPT / f"orddeling-{language}-{pyphen.__version__}.pickle" if _KEPT else None
    if kept is not None and kept.is_file():
        try:
            return pickle.loads(kept.read_bytes())
        except Exception:  # cut short, or from another Python: parsed again
            pass
    dictionary = pyphen.Pyphen(lang=language)
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        tmp = kept.with_name(f"{kept.name}.{os.getpid()}")  # forked renderers may write it at once
        tmp.write_bytes(pickle.dumps(dictionary, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(kept)
    return dictionary


def date_text(value: date, labels: Etiketter) -> str:
    """A date in the language's own format (Etiketter.date)."""
    return labels.date(value)


def cite(text: str, numbers: dict[str, int], link: Callable[[str], str] | None) -> str:
    """[@key] citations as numbered [n], linked to link(key) when given (Markdown link syntax)."""
    if link is None:
        return CITATION.sub(lambda m: f"\\[{numbers[m.group(1)]}\\]", text)
    return CITATION.sub(lambda m: f"[\\[{numbers[m.group(1)]}\\]]({link(m.group(1))})", text)


def internal_links(text: str, resolve: Callable[[str, tuple[str, ...]], str | None]) -> str:
    """[tekst](anbefalt:…) links with the address resolve() gives; where it gives none, the link's text alone."""
    def one(match: re.Match) -> str:
        target = internal_target(match.group(2))
        url = resolve(*target) if target else None
        return f"[{match.group(1)}]({url})" if url else match.group(1)

    return INTERNAL_LINK.sub(one, text) if "anbefalt:" in text else text


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept for the life of the process (Jinja checks each against its source): the live
    preview renders with a new environment on every save, and compiling the templates costs a quarter second."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED: BytecodeCache = _CompiledTemplates()
_KEPT: Path | None = None


@contextmanager
def kept_in(folder: Path) -> Iterator[None]:
    """Within: compiled templates and parsed hyphenation dictionaries kept in folder for the builds after this
    one. A build after one changed record renders a single guideline, and compiling and parsing were half of
    that. Jinja checks a kept template against its source and its own version; a dictionary is kept per pyphen
    version."""
    global _COMPILED, _KEPT
    folder.mkdir(parents=True, exist_ok=True)
    before = _COMPILED, _KEPT
    _COMPILED, _KEPT = FileSystemBytecodeCache(str(folder)), folder
    try:
        yield
    finally:
        _COMPILED, _KEPT = before


def environment(templates: Path, config: SiteConfig, language: str | None = None) -> Environment:
    """A strict environment over a template folder, with one language's labels and scales and the vocabularies as
    globals (language: a label set's code; the site's when None)."""
    env = Environment(
        loader=FileSystemLoader(templates),
        bytecode_cache=_COMPILED,
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    language = language or config.sprak
    labels = config.labels(language)

    def format_date(value: date | None) -> str:
        return date_text(value, labels) if value else labels.seksjon["ikke_registrert"]

    def grading_wording(rec) -> str:
        return labels.anbefalingstype[grading_key(rec.gradering.styrke, rec.gradering.retning)]

    def in_source(label: str, word: str | None) -> str:
        """A label, with the source's own word beside it when the source used one outside the vocabulary."""
        return f"{label} ({labels.seksjon['i_kilden']} «{word}»)" if word else label

    def strength_words(rec) -> str:
        return in_source(labels.styrke[rec.gradering.styrke], rec.source_strength)

    def status_words(item) -> str:
        return in_source(labels.status[item.status], item.source_status)

    def fact(record, name: str) -> str:
        """A fact's value in words: a status by its label, a date in the language's format."""
        value = getattr(record, name)
        if name == "status":
            return status_words(record)
        return format_date(value) if value is None or isinstance(value, date) else value

    def unknown(what: str) -> None:
        raise ValueError(f"the template has no way to show '{what}'")

    env.filters.update(inline=inline, front=front, front_json=front_json, front_pairs=front_json, date=format_date,
                       count=labels.count, hyphenate=lambda text: hyphenate(text, labels.sprak.lokale))
    env.globals.update(
        labels=labels, language=language, scales=config.scales(language), sections=sections.SECTIONS,
        unknown=unknown, heading=labels.heading, grading_wording=grading_wording, fact=fact,
        strength_words=strength_words, status_words=status_words,
        strength_class=lambda rec: STYRKE[rec.gradering.styrke].css,
        status_class=lambda item: STATUS[item.status].css,
    )
    return env
