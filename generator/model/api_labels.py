"""The words of the page that documents the API and FHIR and of the API's OpenAPI description: one part of a label
set (site_config/etiketter/<språk>.yaml, `api_side`), declared here so labels.py stays readable."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .text import Line, Text


class Strict(BaseModel):
    """A part of a label set: every key declared, no other key; a number written as a label is read as its text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)


class ApiFiler(Strict):
    """What each file of the API holds, for the API page's table."""

    index: Line
    retningslinje: Line
    anbefalinger: Line
    kapittel: Line
    anbefaling: Line
    plandefinition: Line
    bundle: Line


class OpenApiTekster(Strict):
    """The words of the API's OpenAPI description and JSON Schema (export/api_schema.py)."""

    tittel: Line
    beskrivelse: Line
    dokument: Line
    index: Line
    retningslinje: Line
    anbefalinger: Line
    kapittel: Line
    anbefaling: Line
    versjoner: Line
    versjon: Line
    versjon_beskrivelse: Line


class ApiSide(Strict):
    """The page that documents the API and FHIR (render/templates/api.md.j2), paragraph by paragraph."""

    tittel: Line
    innledning: Text
    innholds_api: Line
    innholds_api_tekst: Text
    fil: Line
    innhold: Line
    retningslinje_id: Line
    nummer_id: Line
    filer: ApiFiler
    lenker: Text
    skjema: Line
    openapi: Line
    fhir: Line
    fhir_tekst: Text
    importering: Line
    importering_tekst: Text
    openapi_tekster: OpenApiTekster
