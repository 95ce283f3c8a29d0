"""A recommendation's sections in reading order, declared once for the web page and the PDF.

Both outputs show the head first (HEAD: number, title, chapter, strength, text, grading, certainty), then
these sections, each only when it has content. An item names the fields it shows, the label of its
sub-heading (a key of site_config's `seksjon`) and how it is shown; the web and the PDF templates each
have one branch per way of showing, so a field placed here appears in both. A test proves every field
of the model is in HEAD, in a section, or in HIDDEN with the reason it is not shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Show = Literal["markdown", "keyinfo", "facts", "etd", "references", "changes", "keywords", "source"]


@dataclass(frozen=True)
class Item:
    fields: tuple[str, ...]
    show: Show
    label: str | None = None
    # Facts shown even when empty, saying so ("ikke registrert"): readers should see that a date is unknown.
    always: tuple[str, ...] = ()

    def present(self, rec) -> bool:
        return bool(self.always) or any(getattr(rec, name) for name in self.fields)


@dataclass(frozen=True)
class Section:
    label: str | None
    items: tuple[Item, ...]
    # Dates, status and source: print sets them small, kept with the recommendation they close.
    trailer: bool = False

    def present(self, rec) -> bool:
        return any(item.present(rec) for item in self.items)


HEAD = ("nummer", "tittel", "kapittel", "tekst", "gradering", "kunnskapsgrunnlag")

SECTIONS = (
    Section("praktisk", (Item(("praktisk",), "markdown"),)),
    Section("begrunnelse", (Item(("begrunnelse",), "markdown"), Item(("nokkelinfo",), "keyinfo"))),
    Section("etd", (
        Item(("problemstilling",), "markdown", label="problemstilling"),
        Item(("tiltak", "alternativ"), "facts"),
        Item(("etd",), "etd"),
    )),
    Section("prioritert_forskning", (Item(("prioritert_forskning",), "markdown"),)),
    Section("okonomiske_vurderinger", (Item(("okonomiske_vurderinger",), "markdown"),)),
    Section("referanser", (Item(("referanser",), "references"),)),
    Section("datoer", (
        Item(("status", "horingsfrist", "forst_publisert", "sist_faglig_endret"), "facts",
             always=("status", "forst_publisert", "sist_faglig_endret")),
        Item(("endringer",), "changes", label="endringer"),
    ), trailer=True),
    Section(None, (Item(("stikkord",), "keywords", label="stikkord"),), trailer=True),
    Section("kilde", (Item(("kilde",), "source", label="kilde"),), trailer=True),
)

HIDDEN = {
    "id": "gives the page's address",
    "retningslinje": "the page sits in its guideline",
    "kort_tittel": "shown in menus and tables instead of the title",
    "ekstra": "values an import had no field for, kept verbatim for a lossless round trip",
}


def shown_fields() -> list[str]:
    """Every field the sections show, in order."""
    return [name for section in SECTIONS for item in section.items for name in item.fields]
