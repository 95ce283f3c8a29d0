"""Changes (model/changes.py) in readers' words: labels from the guideline's label set, values as its pages show
them (dates in its format, chapters by their numbered headings), and a word-level diff of texts. One wording for the version pages, the feeds and the reviewer diff; the page and the
feeds get HTML (every value escaped here), the reviewer diff gets Markdown.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model.changes import Change
from ..model.records import Retningslinje
from ..model.site_config import SiteConfig

# What could change the reviewer diff's own emphasis, links or tables; other characters are left readable.
_MARKDOWN = re.compile(r"([\\`*_\[\]~|])")


def inline(text: str) -> str:
    """A value for the reviewer's Markdown: HTML escaped, Markdown's emphasis, links and tables neutralised."""
    return _MARKDOWN.sub(r"\\\1", html.escape(text, quote=False))


@dataclass(frozen=True)
class Piece:
    """A run of words of a diff: 'same', 'del' (removed) or 'ins' (added)."""

    tag: str
    text: str


def word_diff(old: str | None, new: str | None, context: int = 8) -> list[Piece]:
    """Words removed and added; long unchanged stretches shortened to … (context words kept around a change)."""
    a, b = (old or "").split(), (new or "").split()
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            same = a[i1:i2]
            if len(same) > 2 * context:
                same = (same[:context] if pieces else []) + ["…"] + (same[-context:] if i2 < len(a) else [])
            pieces.append(Piece("same", " ".join(same)))
            continue
        if i2 > i1:
            pieces.append(Piece("del", " ".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(Piece("ins", " ".join(b[j1:j2])))
    return [p for p in pieces if p.text]


@dataclass(frozen=True)
class Worded:
    """One change in words: its label, and either before → after, a word diff, or items added and removed."""

    label: str
    change: Change
    before: str = ""
    after: str = ""
    diff: tuple[Piece, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


class Wording:
    """Puts changes in words. old/new: the guidelines the two states belong to (chapter names, references);
    language: the guideline's (the site's when None)."""

    def __init__(self, config: SiteConfig, old: Retningslinje | None = None, new: Retningslinje | None = None,
                 language: str | None = None):
        self.config, self.labels, self.old, self.new = config, config.labels(language), old, new
        self.scales = config.scales(language)

    def _chapter(self, chapter_id: str, *guidelines: Retningslinje | None) -> str:
        """A chapter's heading, numbered as the language writes it, from the first guideline that has it."""
        for guideline in guidelines:
            found = next((c for c in guideline.kapitler if c.id == chapter_id), None) if guideline else None
            if found is not None:
                return self.labels.heading(found)
        return chapter_id

    def label(self, change: Change) -> str:
        name = self.labels.seksjon[change.label]
        if change.label == "etd" and change.subject:
            return f"{change.subject} ({self.labels.seksjon.etd_tabell})"
        if change.subject and change.label in ("referanser", "kapittel") and change.kind in ("added", "removed", "text"):
            return f"{name} {change.subject}"
        if change.within == "kapittel":
            return f"{self.labels.seksjon[change.within]} {self._chapter(change.subject, self.new, self.old)}: {name}"
        if change.within:
            return f"{self.labels.seksjon[change.within]} {change.subject}: {name}"
        return f"{change.subject}: {name}" if change.subject else name

    def value(self, change: Change, value: Any, guideline: Retningslinje | None) -> str:
        labels = self.labels
        if value is None or value == "" or value == []:
            return labels.seksjon.tomt
        if change.words in ("styrke", "retning", "kunnskapsgrunnlag", "status"):
            return getattr(labels, change.words).get(value, value)
        if change.words == "dato" and isinstance(value, date):
            return labels.date(value)
        if change.words == "kapittel" and guideline is not None:
            return self._chapter(value, guideline)
        if change.words == "referanse" and guideline is not None:
            return next((r.tekst for r in guideline.referanser if r.id == value), value)
        if change.words == "etd":
            scale = self.scales.get(change.scale or "")
            names = {c.id: c.navn for c in scale.kolonner} if scale else {}
            return ", ".join(names.get(v, v) for v in value)
        if isinstance(value, list):
            return ", ".join(map(str, value))
        return str(value)

    def word(self, change: Change) -> Worded:
        label = self.label(change)
        if change.kind == "text":
            return Worded(label, change, diff=tuple(word_diff(change.before, change.after)))
        if change.kind == "list":
            return Worded(label, change, added=tuple(self.value(change, x, self.new) for x in change.added),
                          removed=tuple(self.value(change, x, self.old) for x in change.removed))
        return Worded(label, change, self.value(change, change.before, self.old),
                      self.value(change, change.after, self.new))

    def all(self, changes: list[Change]) -> list[Worded]:
        return [self.word(c) for c in changes]

    # --- HTML, for the pages and the feeds -------------------------------------------------------------------

    def html(self, worded: Worded) -> str:
        """One change as an <li>: every value escaped."""
        s = self.labels.seksjon
        e, kind = html.escape, worded.change.kind
        if worded.diff:
            body = " ".join(e(p.text) if p.tag == "same" else f"<{p.tag}>{e(p.text)}</{p.tag}>" for p in worded.diff)
        elif kind in ("list",):
            parts = [f"{e(s.lagt_til)}: <ins>{e('; '.join(worded.added))}</ins>"] if worded.added else []
            parts += [f"{e(s.fjernet)}: <del>{e('; '.join(worded.removed))}</del>"] if worded.removed else []
            body = " · ".join(parts)
        elif kind == "added":
            body = f"{e(s.lagt_til)}: <ins>{e(worded.after)}</ins>"
        elif kind == "removed":
            body = f"{e(s.fjernet)}: <del>{e(worded.before)}</del>"
        else:
            body = f"<del>{e(worded.before)}</del> → <ins>{e(worded.after)}</ins>"
        strong = ' class="anbefalt-diff__viktig"' if worded.change.priority else ""
        return f"<li{strong}><strong>{e(worded.label)}:</strong> {body}</li>"

    def html_list(self, changes: list[Change]) -> str:
        return '<ul class="anbefalt-diff">' + "".join(self.html(w) for w in self.all(changes)) + "</ul>"

    # --- Markdown, for the reviewer diff ---------------------------------------------------------------------

    def markdown(self, worded: Worded) -> str:
        """One change as a Markdown bullet; priority changes in bold. Values are escaped for Markdown."""
        s = self.labels.seksjon
        kind = worded.change.kind
        label = inline(worded.label)
        if worded.diff:
            body = " ".join(inline(p.text) if p.tag == "same" else
                            (f"~~{inline(p.text)}~~" if p.tag == "del" else f"**{inline(p.text)}**") for p in worded.diff)
        elif kind == "list":
            parts = [f"{s.lagt_til}: {inline('; '.join(worded.added))}"] if worded.added else []
            parts += [f"{s.fjernet}: ~~{inline('; '.join(worded.removed))}~~"] if worded.removed else []
            body = " · ".join(parts)
        elif kind == "added":
            body = f"{s.lagt_til}: {inline(worded.after)}"
        elif kind == "removed":
            body = f"{s.fjernet}: ~~{inline(worded.before)}~~"
        else:
            body = f"{inline(worded.before)} → {inline(worded.after)}"
        return f"- **{label}: {body}**" if worded.change.priority else f"- {label}: {body}"
