"""HTML from the innholds-API → the Markdown records hold, without losing text.

markdownify does the conversion; this subclass makes its output what Python-Markdown (and so MkDocs) reads
the same way: list items continue at four spaces, so a heading, a paragraph or a nested list inside a list
item stays inside it; a '|' in a table cell is escaped so the cell is not split. A link to a document that
is in the import becomes an internal link (`anbefalt:anbefaling/<id>`, see model/text.py). Elements Markdown
fields cannot hold (images, frames, scripts …) are left out and named, so the caller can report them and
keep the original HTML.
"""

from __future__ import annotations

import re
from typing import Callable

from bs4 import BeautifulSoup
from markdownify import MarkdownConverter

# What a Markdown field cannot hold: left out of the text, named in the report, the HTML kept under 'ekstra'.
LOST = ("img", "picture", "iframe", "video", "audio", "object", "embed", "svg", "canvas", "script", "style",
        "form", "input", "button", "select", "textarea", "math")
_BULLET = re.compile(r"(?:[-*+]|\d+[.)]) ")

Resolve = Callable[[str], "str | None"]


class _Converter(MarkdownConverter):
    def __init__(self, resolve: Resolve, **options):
        super().__init__(**options)
        self.resolve = resolve

    def convert_li(self, el, text, parent_tags):
        converted = super().convert_li(el, text, parent_tags)
        first, newline, rest = converted.partition("\n")
        bullet = _BULLET.match(first)
        if not bullet or not rest.strip():
            return converted
        width = len(bullet.group(0))
        lines = ["    " + line[width:] if line.startswith(" " * width) else line for line in rest.split("\n")]
        converted = first + newline + "\n".join(lines)
        # An item of several blocks ends with a blank line, or Python-Markdown reads the next item's marker as
        # a continuation of this item's last paragraph.
        return converted + "\n" if "\n\n" in converted.strip() else converted

    def _cell(self, el, text, parent_tags, convert):
        return convert(self, el, text.replace("|", "\\|"), parent_tags)

    def convert_td(self, el, text, parent_tags):
        return self._cell(el, text, parent_tags, MarkdownConverter.convert_td)

    def convert_th(self, el, text, parent_tags):
        return self._cell(el, text, parent_tags, MarkdownConverter.convert_th)

    def convert_a(self, el, text, parent_tags):
        target = self.resolve(el.get("href") or "")
        if target is not None:
            el["href"] = target  # the tree is this conversion's own parse of the HTML
        return super().convert_a(el, text, parent_tags)


def to_markdown(html: str | None, resolve: Resolve = lambda href: None) -> tuple[str | None, list[str]]:
    """API HTML → Markdown (None when there is no text), and the names of the elements left out, each once."""
    if not html or not str(html).strip():
        return None, []
    soup = BeautifulSoup(str(html), "html.parser")
    lost = []
    for tag in soup.find_all(LOST):
        lost.append(tag.name)
        tag.decompose()
    text = _Converter(resolve, heading_style="ATX", bullets="-").convert_soup(soup)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    return text or None, list(dict.fromkeys(lost))
