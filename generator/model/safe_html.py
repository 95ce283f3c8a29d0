"""The one sanitising boundary: HTML made from record text, and every link in it, passes here.

Every output that carries HTML gets it through sanitise(): the pages (render/sanitise.py plugs it into the
Markdown that MkDocs runs), the API's HTML fields and the PDFs. It is nh3 (the Rust sanitiser ammonia): it
parses the HTML as a browser does, keeps only the elements and attributes listed here, and keeps a link
only if its URL, parsed and normalised, is relative or uses an allowed scheme. The record checks refuse
the same things earlier, with a position (model/text.py asks links_in() for the links Markdown makes of a
text); this is the guarantee behind them. The search box reads its index in the browser and escapes it
there (overrides/assets/javascripts/workers/anbefalt-search.js).
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension

SAFE_SCHEMES = ("http", "https", "mailto")

# What Python-Markdown makes of text (tables, lists, code) and what the page templates write around it.
TAGS = {
    "a", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "ins", "label", "li", "nav", "ol", "option", "p", "pre", "select", "span", "strong",
    "summary",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ATTRIBUTES = {
    # lang, hreflang and aria-current: the language switch (render/templates/_macros.md.j2) names each version's
    # language, so a screen reader pronounces it, and marks the page's own.
    "*": {"class", "id", "role", "tabindex", "hidden", "title", "aria-label", "aria-hidden", "aria-live", "lang",
          "aria-current"},
    "a": {"href", "download", "hreflang"},
    "th": {"scope", "style"},
    "td": {"style"},
    "ol": {"start"},
    "label": {"for"},
    "option": {"value"},
}

_CLEANER = nh3.Cleaner(
    tags=TAGS,
    attributes=ATTRIBUTES,
    generic_attribute_prefixes={"data-"},
    url_schemes=set(SAFE_SCHEMES),
    filter_style_properties={"text-align"},  # table column alignment, which Markdown writes as a style
    link_rel=None,
    strip_comments=True,
)


def sanitise(html: str) -> str:
    """The HTML with only the allowed elements, attributes and link schemes left."""
    return _CLEANER.clean(html)


def scheme_refused(url: str) -> bool:
    """True when a browser would read the URL with a scheme other than http, https or mailto.

    urlsplit normalises as the WHATWG URL parser does (tabs and newlines anywhere and control characters at
    the start are removed, the scheme is lower-cased), so 'java\\nscript:' is judged as 'javascript:'."""
    scheme = urlsplit(url).scheme
    return bool(scheme) and scheme not in SAFE_SCHEMES


class _Links(HTMLParser):
    """Every URL in a piece of HTML, with the element it stands on; attribute values arrive decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.found.append((tag, value))


def syntax() -> list[markdown.Extension]:
    """The extensions of the pages' Markdown syntax (mkdocs.yml lists them for MkDocs), as objects: by name,
    Markdown looks them up among every installed package's entry points (0.03 s, once a process)."""
    return [TableExtension(), SaneListExtension()]


_MARKDOWN = markdown.Markdown(extensions=syntax())


def links_in(text: str) -> list[tuple[str, str]]:
    """(element, URL) of every link and image Markdown makes of the text, as it would be on the page."""
    parser = _Links()
    parser.feed(_MARKDOWN.reset().convert(text))
    parser.close()
    return parser.found
