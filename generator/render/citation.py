"""How to cite a recommendation or one of its versions: the text readers copy ("Slik siterer du"), the
citation_* meta tags reference managers read, and the fields export/citations.py writes as RIS, BibTeX and
CSL-JSON.

The text follows Helsedirektoratet's form (shared/REFERENCE.md): "<eier> (<år>). <tittel> [nettdokument].
<eier> (siste faglige endring <dato>, lest <dato>). Tilgjengelig fra <url>", with the guideline after the
title ("I: …") and the version's number first in the parenthesis. Nothing is invented: the year is the year
first published, or "u.å."; a date not registered says so; the place of publication, which records do not hold,
is left out. The date read is the reader's: the page fills it in (and the address, where the site's own is not
configured); the files carry no date read, so an archived version's files never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model.records import Anbefaling, Retningslinje
from ..model.site_config import Etiketter
from ..model.versions import Version
from .urls import page_url


@dataclass(frozen=True)
class Citation:
    key: str  # for BibTeX and CSL-JSON: the record's id, with the version
    author: str | None  # the guideline's owner, a body
    title: str
    container: str  # the guideline
    identifier: str | None  # the publisher's identifier of the guideline (IS-2219)
    published: date | None  # first published
    changed: date | None  # last professional change
    version: int | None
    version_date: date | None
    url: str | None  # absolute, when the site's address is known
    page: str  # the page's source path, for links within the site
    language: str = "nb"  # the guideline's: the citation's words, dates and language field

    @property
    def year(self) -> int | None:
        return self.published.year if self.published else None


def citation(meta: Retningslinje, rec: Anbefaling, page: str, address: str | None,
             version: Version | None, language: str = "nb") -> Citation:
    """The citation of a recommendation's page (its current version, when there is history) or a version page."""
    return Citation(
        key=f"{rec.id}-v{version.number}" if version else rec.id,
        author=meta.eier, title=rec.tittel, container=meta.tittel, identifier=meta.identifikator,
        published=rec.forst_publisert or meta.forst_publisert, changed=rec.sist_faglig_endret,
        version=version.number if version else None, version_date=version.date if version else None,
        url=address.rstrip("/") + "/" + page_url(page, True) if address else None, page=page, language=language,
    )


def text_parts(c: Citation, labels: Etiketter) -> list[tuple[str, str]]:
    """The citation as ('text' | 'read' | 'url', words): the page shows 'read' and 'url' in elements its script
    fills in (the reader's date; the page's address when the site's is not configured)."""
    s = labels.seksjon
    year = str(c.year) if c.year else s.uten_ar
    work = f"{c.title}. {s.sitering_i} {c.container}" + (f" ({c.identifier})" if c.identifier else "")
    changed = labels.date(c.changed) if c.changed else s.ikke_registrert
    details = ([f"{s.versjon.lower()} {c.version}"] if c.version else []) + [f"{s.sitering_endret} {changed}"]
    opening = f"{c.author} ({year}). {work} [{s.nettdokument}]. {c.author} (" if c.author else \
        f"{work} ({year}) [{s.nettdokument}]. ("
    return [("text", f"{opening}{', '.join(details)}, {s.sitering_lest} "), ("read", s.dagens_dato),
            ("text", f"). {s.tilgjengelig_fra} "), ("url", c.url or s.denne_adressen)]


def plain_text(c: Citation, labels: Etiketter, read: date) -> str:
    """The citation as one line, read on a given date (for tests and tools; the page builds it in the reader's)."""
    return "".join(labels.date(read) if kind == "read" else words for kind, words in text_parts(c, labels))


def meta_tags(c: Citation, language: str) -> list[tuple[str, str]]:
    """Highwire Press tags, which reference managers (Zotero, Mendeley, EndNote) read from a page; language: the
    guideline's, as its label set gives it to the API (sprak.api: no, nn, en)."""
    tags = [("citation_title", c.title)]
    if c.author:
        tags += [("citation_author", c.author), ("citation_publisher", c.author)]
    if c.published:
        tags.append(("citation_publication_date", c.published.strftime("%Y/%m/%d")))
    if c.version_date:
        tags.append(("citation_online_date", c.version_date.strftime("%Y/%m/%d")))
    if c.url:
        tags.append(("citation_public_url", c.url))
    tags.append(("citation_language", language))
    return tags
