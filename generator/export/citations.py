"""Citation files beside each version page (and each recommendation page, when there is no history): RIS,
BibTeX and CSL-JSON, which reference managers import. The fields come from render/citation.py, so the files say
what "Slik siterer du" says; they carry no date read, so an archived version's files never change.
"""

from __future__ import annotations

import re

from .json_text import json_text
from ..model.library import Guideline
from ..model.site_config import SiteConfig
from ..model.versions import History
from ..render.citation import Citation, citation
from ..render.urls import Files, Paths


def _note(c: Citation, config: SiteConfig) -> str:
    labels = config.labels(c.language)
    s = labels.seksjon
    changed = labels.date(c.changed) if c.changed else s.ikke_registrert
    parts = ([f"{s.versjon} {c.version}"] if c.version else []) + [f"{s.sitering_endret} {changed}"]
    if c.identifier:
        parts.append(c.identifier)
    return ", ".join(parts)


def ris(c: Citation, config: SiteConfig) -> str:
    """RIS (EndNote, Zotero, Mendeley): one tag a line, 'TY' first and 'ER' last, CRLF as the format has it."""
    fields = [("TY", "ELEC"), ("ID", c.key), ("TI", c.title), ("T2", c.container)]
    if c.author:
        fields += [("AU", c.author), ("PB", c.author)]
    if c.year:
        fields.append(("PY", str(c.year)))
    if c.published:
        fields.append(("DA", c.published.strftime("%Y/%m/%d")))
    if c.version:
        fields.append(("ET", str(c.version)))
    if c.url:
        fields.append(("UR", c.url))
    fields += [("LA", config.labels(c.language).sprak.api), ("N1", _note(c, config))]
    lines = [f"{tag}  - {' '.join(value.split())}" for tag, value in fields] + ["ER  - ", ""]
    return "\r\n".join(lines)


_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_BIBTEX_ESCAPE = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def bibtex_value(text: str) -> str:
    """Text for a braced BibTeX value: LaTeX's special characters escaped, whitespace on one line."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPE.get(m.group(1), "\\" + m.group(1)), " ".join(text.split()))


def bibtex(c: Citation, config: SiteConfig) -> str:
    """A BibTeX @misc entry (biblatex reads it as @online); the owner is a body, so its name is braced whole."""
    labels = config.labels(c.language)
    s = labels.seksjon
    fields = []
    if c.author:
        fields += [("author", "{" + bibtex_value(c.author) + "}"), ("organization", bibtex_value(c.author))]
    fields += [("title", "{" + bibtex_value(c.title) + "}"),
               ("howpublished", bibtex_value(f"{s.nettdokument}. {s.sitering_i} {c.container}"))]
    if c.year:
        fields.append(("year", str(c.year)))
    if c.version:
        fields.append(("version", str(c.version)))
    if c.url:
        fields.append(("url", c.url))
    fields += [("language", labels.sprak.bibtex), ("note", bibtex_value(_note(c, config)))]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{c.key},\n{body}\n}}\n"


def csl_json(c: Citation, config: SiteConfig) -> str:
    """CSL-JSON (Zotero, citeproc, Pandoc): a list with one item of type 'webpage'."""
    item: dict = {"id": c.key, "type": "webpage", "title": c.title, "container-title": c.container}
    if c.author:
        item["author"] = [{"literal": c.author}]
        item["publisher"] = c.author
    if c.published:
        item["issued"] = {"date-parts": [[c.published.year, c.published.month, c.published.day]]}
    if c.version:
        item["version"] = str(c.version)
    if c.identifier:
        item["number"] = c.identifier
    if c.url:
        item["URL"] = c.url
    item["language"] = config.labels(c.language).sprak.api
    item["note"] = _note(c, config)
    return json_text([item])


FORMATS = {"ris": ris, "bibtex": bibtex, "csl": csl_json}


def guideline_citation_files(g: Guideline, config: SiteConfig, history: History) -> dict[str, str]:
    """The citation files of a guideline's recommendations and their versions."""
    files: dict[str, str] = {}
    address = config.nettsted.adresse
    for entry in g.recommendations:
        rec = entry.record
        found = [(Paths.version(g, rec.id, v.number), citation(v.guideline or g.meta, v.record,
                                                               Paths.version(g, rec.id, v.number), address, v,
                                                               g.language))
                 for v in history.of(rec.id)]
        if not found:
            page = Paths.recommendation(g, rec)
            found = [(page, citation(g.meta, rec, page, address, None, g.language))]
        for page, cited in found:
            for fmt, write in FORMATS.items():
                files[Files.citation(page, fmt, g.labels.adresser)] = write(cited, config)
    return files
