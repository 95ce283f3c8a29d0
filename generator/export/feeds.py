"""Feeds of new versions: Atom (RFC 4287) and JSON Feed 1.1, for the whole site and for each guideline.

One entry per version, newest first (the newest FEED_LIMIT), with an id that never changes (a name-based UUID of the recommendation's id
and the version's number), the version's date, its page, its reason and the same diff the page shows. Links are
absolute when the site's address is known (site_config/nettsted.yaml), else relative to the feed. Nothing in a
feed depends on when it was built, so an unchanged history gives byte-identical feeds. Built without history,
there are no feeds (and the pages do not link any).
"""

from __future__ import annotations

import html
import posixpath
import uuid
import xml.etree.ElementTree as ET
from datetime import date

from .json_text import json_text
from ..model.library import Guideline, Library
from ..model.site_config import SiteConfig
from ..model.versions import History
from ..render import versions as versions_view
from ..render.urls import Files, Paths, page_url

# A fixed namespace, so an entry's id depends only on the recommendation and the version.
NAMESPACE = uuid.UUID("6f1b7c1e-8c4e-5a57-9d2f-5e0a3b1c9d21")
ATOM = "http://www.w3.org/2005/Atom"
JSON_FEED = "https://jsonfeed.org/version/1.1"
# The newest entries a feed holds (JSON Feed's authors suggest staying well under a megabyte); older versions stay
# on the change log pages, and an entry's id never changes, so a reader that saw it never sees it again as new.
FEED_LIMIT = 100


def entry_id(record_id: str, number: int) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'anbefalt:anbefaling:{record_id}:versjon:{number}')}"


def feed_id(guideline_id: str | None) -> str:
    name = f"anbefalt:feed:{guideline_id or ''}"
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, name)}"


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


class _Feed:
    def __init__(self, config: SiteConfig, guideline: Guideline | None, entries: list[versions_view.Entry],
                 fallback: date):
        self.config, self.guideline, self.entries = config, guideline, entries
        # A guideline's feed is in its language; the site's in the site's, each entry in its guideline's.
        self.language = guideline.language if guideline else config.sprak
        self.labels = config.labels(self.language).seksjon
        self.address = config.nettsted.adresse
        self.updated = max((e.version.date for e in entries), default=fallback)

    def url(self, target: str, here: str) -> str:
        """A page's or file's address: absolute with the site's address, else relative to the feed file."""
        if self.address:
            return self.address.rstrip("/") + "/" + target
        return posixpath.relpath(target, posixpath.dirname(here)) + ("/" if target.endswith("/") else "")

    @property
    def title(self) -> str:
        s = self.labels
        return f"{s.hva_er_nytt}: {self.guideline.meta.tittel}" if self.guideline else s.hva_er_nytt

    @property
    def page(self) -> str:
        return page_url(Paths.changelog(self.guideline) if self.guideline else
                        Paths.whats_new(self.config.etiketter.adresser))

    def words(self, e: versions_view.Entry):
        """The labels of an entry's language (its guideline's)."""
        return self.config.labels(e.guideline.language).seksjon

    def item_title(self, e: versions_view.Entry) -> str:
        s = self.words(e)
        return f"{s[e.kind]}: {e.heading} ({s.versjon.lower()} {e.version.number})"

    def summary(self, e: versions_view.Entry) -> str:
        s = self.words(e)
        parts = [f"{c.endring}" + (f" {s.versjon_begrunnelse}: {c.begrunnelse}" if c.begrunnelse else "")
                 for c in e.reasons]
        if not parts and not e.version.is_new:
            parts = [s.ingen_begrunnelse]
        return " ".join([f"{e.guideline.short_title}. {e.date}."] + parts)

    def content(self, e: versions_view.Entry) -> str:
        """The entry's HTML: what changed and why, and the diff, as the version's page shows them."""
        s, x = self.words(e), html.escape
        body = [f"<p>{x(e.guideline.meta.tittel)}. {x(s.versjon)} {e.version.number}, {x(e.date)}.</p>"]
        for c in e.reasons:
            body.append(f"<p><strong>{x(s.versjon_endring)}:</strong> {x(c.endring)}"
                        + (f"<br><strong>{x(s.versjon_begrunnelse)}:</strong> {x(c.begrunnelse)}" if c.begrunnelse else "")
                        + "</p>")
        if not e.reasons and not e.version.is_new:
            body.append(f"<p>{x(s.ingen_begrunnelse)}</p>")
        body.append(f"<p>{x(e.version.record.tekst)}</p>")
        if e.diff:
            body.append(f"<p><strong>{x(s.endret_fra_forrige)}:</strong></p>{e.diff}")
        return "".join(body)

    def author(self, e: versions_view.Entry) -> str:
        return e.guideline.meta.eier or self.words(e).ikke_oppgitt

    def atom(self, here: str) -> str:
        ET.register_namespace("", ATOM)
        feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": self.language})
        sub = lambda parent, tag, text=None, **attrs: _element(parent, tag, text, attrs)  # noqa: E731
        sub(feed, "id", feed_id(self.guideline.id if self.guideline else None))
        sub(feed, "title", self.title)
        sub(feed, "updated", _timestamp(self.updated))
        sub(feed, "link", rel="self", type="application/atom+xml", href=self.url(here, here))
        sub(feed, "link", rel="alternate", type="text/html", href=self.url(self.page, here))
        for e in self.entries:
            entry = sub(feed, "entry", **{"{http://www.w3.org/XML/1998/namespace}lang": e.guideline.language})
            sub(entry, "id", entry_id(e.record_id, e.version.number))
            sub(entry, "title", self.item_title(e))
            sub(entry, "updated", _timestamp(e.version.date))
            sub(entry, "published", _timestamp(e.version.date))
            author = sub(entry, "author")
            sub(author, "name", self.author(e))
            sub(entry, "link", rel="alternate", type="text/html", href=self.url(page_url(e.page), here))
            sub(entry, "category", term=e.guideline.id, label=e.guideline.short_title)
            sub(entry, "summary", self.summary(e))
            sub(entry, "content", self.content(e), type="html")
        ET.indent(feed)
        return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"

    def json_feed(self, here: str) -> str:
        feed: dict = {"version": JSON_FEED, "title": self.title}
        if self.address:
            feed["home_page_url"] = self.url(self.page, here)
            feed["feed_url"] = self.url(here, here)
        feed["description"] = self.labels.hva_er_nytt_intro
        feed["language"] = self.language
        feed["items"] = [{
            "id": entry_id(e.record_id, e.version.number),
            "url": self.url(page_url(e.page), here),
            "title": self.item_title(e),
            "content_html": self.content(e),
            "summary": self.summary(e),
            "date_published": _timestamp(e.version.date),
            "authors": [{"name": self.author(e)}],
            "tags": [e.guideline.short_title, self.words(e)[e.kind]],
            "language": e.guideline.language,
        } for e in self.entries]
        return json_text(feed)


def _element(parent, tag: str, text: str | None, attrs: dict) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def feed_files(library: Library, config: SiteConfig, history: History) -> dict[str, str]:
    """The site's feeds and each guideline's, by path under the site; none without history."""
    if not history.available:
        return {}
    everything = versions_view.recent(config, library.guidelines, history)
    fallback = max((e.version.date for e in everything), default=date(1970, 1, 1))
    files: dict[str, str] = {}
    for guideline in [None, *library.guidelines]:
        entries = everything if guideline is None else [e for e in everything if e.guideline is guideline]
        feed = _Feed(config, guideline, entries[:FEED_LIMIT], fallback)
        words = config.etiketter.adresser
        files[Files.feed("atom", words, guideline)] = feed.atom(Files.feed("atom", words, guideline))
        files[Files.feed("json", words, guideline)] = feed.json_feed(Files.feed("json", words, guideline))
    return files
