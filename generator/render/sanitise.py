"""The sanitising boundary (model/safe_html.py) as a Python-Markdown extension: all HTML Markdown makes
passes through it.

MkDocs loads it for every page (mkdocs.yml: `markdown_extensions: - generator.render.sanitise`); the API
and the PDFs add it to their own Markdown. It runs last, after Markdown has put the templates' own HTML
back in, so it sees the page's content exactly as a browser will.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from ..model.safe_html import sanitise, syntax


class _Sanitise(Postprocessor):
    def run(self, text: str) -> str:
        return sanitise(text)


class SanitiseExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Below raw_html (30) and amp_substitute (20), the postprocessors that finish the HTML.
        md.postprocessors.register(_Sanitise(md), "anbefalt_sanitise", 0)


def makeExtension(**kwargs) -> SanitiseExtension:
    """The name Python-Markdown (and so MkDocs) looks for when an extension is given by its module."""
    return SanitiseExtension(**kwargs)


def markdown_html() -> Markdown:
    """The Markdown the API and the PDFs turn a text field into HTML with: the pages' syntax, sanitised."""
    return Markdown(extensions=[*syntax(), SanitiseExtension()])
