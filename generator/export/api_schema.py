"""JSON Schema and OpenAPI description of the static API, derived from the record model."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from ..model.labels import Etiketter
from ..model.records import NOKKELINFO_API, Anbefaling, Kapittel, Retningslinje
from ..model.text import Slug
from ..model.vocab import STATUS, STYRKE
from ..render.urls import OPENAPI_FILE, SCHEMA_FILE, Files


class ApiKapittel(Kapittel):
    """A chapter as the API gives it: with the id of its guideline, since it stands in a file of its own."""

    retningslinje: Slug


_TEXT = {"type": "string"}
_LINK = {
    "type": "object",
    "required": ["rel", "type", "tittel", "href", "strukturId"],
    "properties": {
        "rel": {"enum": ["forelder", "root", "barn", "publikasjon", "gjeldende"]},
        "type": {"enum": ["retningslinje", "kapittel", "anbefaling"]},
        "tittel": _TEXT, "href": _TEXT, "strukturId": _TEXT,
    },
}


def _version(words: Etiketter) -> dict[str, Any]:
    return {
        "description": words.api_side.openapi_tekster.versjon_beskrivelse,
        "type": "object",
        "required": ["nummer", "dato", "datertEtter", "commit", "endringer", "redaksjonelleRettelser", "alle"],
        "properties": {
            "nummer": {"type": "integer", "minimum": 1}, "dato": {"type": "string", "format": "date"},
            "datertEtter": {"enum": ["sist_faglig_endret", "endring", "forst_publisert", "commit", "arbeidskopi"]},
            "commit": {"type": ["string", "null"]}, "endringer": {"type": "array"},
            "redaksjonelleRettelser": {"type": "array"}, "alle": _TEXT,
        },
    }


def _document(ref: str, words: Etiketter) -> dict[str, Any]:
    """The innholds-API document, with the complete record under 'anbefalt'."""
    strings = ["id", "tittel", "kortTittel", "tekst", "intro", "kortIntro", "gruppeId", "opprettet", "forstPublisert",
               "sistOppdatert", "sistFagligOppdatert", "spraak", "arkivreferanse", "bidragsytersRolle", "url",
               "dokumentType"]
    lists = ["tema", "eier", "redaksjonelleier", "fagansvarlig", "fagansvarligMedAvdeling", "bidragsyter"]
    properties: dict[str, Any] = {name: _TEXT for name in strings}
    properties.update({name: {"type": "array"} for name in lists})
    properties.update({
        "koder": {}, "maalgruppe": {}, "attachments": {},
        "status": {"enum": [term.api for term in STATUS.values()]},
        "data": {"type": "object", "properties": {
            "styrke": {"enum": list(dict.fromkeys(term.api for term in STYRKE.values()))},
            "praktisk": _TEXT, "rasjonale": _TEXT,
            "nokkelInfo": {"type": "object", "properties": {key: _TEXT for key in NOKKELINFO_API.values()}},
        }},
        "tekniskeData": {"type": "object", "required": ["infoId", "infoType"], "properties": {
            "infoId": _TEXT, "infoType": {"enum": ["retningslinje", "kapittel", "anbefaling"]}, "subtype": _TEXT}},
        "links": {"type": "array", "items": _LINK},
        "versjon": _version(words),
        "anbefalt": {
            "description": words.api_side.openapi_tekster.dokument,
            "oneOf": [{"$ref": ref.format(model=name)} for name in ("Anbefaling", "Retningslinje", "ApiKapittel")],
        },
    })
    return {"type": "object", "required": [*strings, *lists, "status", "data", "tekniskeData", "links", "anbefalt"],
            "properties": properties}


def _models(ref: str) -> dict[str, Any]:
    # What the API writes (serialization), not what a record may be written as.
    _, top = models_json_schema([(m, "serialization") for m in (Anbefaling, Retningslinje, ApiKapittel)],
                                ref_template=ref)
    return top["$defs"]


def document_schema(words: Etiketter) -> dict[str, Any]:
    ref = "#/$defs/{model}"
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Anbefalt-dokument",
            **_document(ref, words), "$defs": _models(ref)}


def openapi(words: Etiketter) -> dict[str, Any]:
    """The OpenAPI description, its paths and words in the site's language."""
    text = words.api_side.openapi_tekster
    side = words.api_side
    paths = {kind: "/" + path for kind, path in Files.api_documented(words.adresser, side.retningslinje_id,
                                                                     side.nummer_id).items()}
    ref = "#/components/schemas/{model}"
    document = {"$ref": ref.format(model="Dokument")}

    def get(summary: str, schema: dict, parameters: list[str] = ()) -> dict:
        return {"get": {
            "summary": summary,
            "parameters": [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}} for p in parameters],
            "responses": {"200": {"description": summary, "content": {"application/json": {"schema": schema}}}},
        }}

    index = {"type": "object", "required": ["retningslinjer"], "properties": {"retningslinjer": {"type": "array", "items": {
        "type": "object", "required": ["id", "tittel", "href", "anbefalinger"],
        "properties": {"id": _TEXT, "tittel": _TEXT, "kortTittel": _TEXT, "href": _TEXT, "anbefalinger": _TEXT}}},
        "skjema": _TEXT, "openapi": _TEXT}}
    version = _version(words)
    versions = {"type": "object", "required": ["id", "gjeldende", "versjoner"], "properties": {
        "id": _TEXT, "gjeldende": {"type": "integer"},
        "versjoner": {"type": "array", "items": {**version, "properties": {
            **version["properties"], "href": _TEXT, "url": _TEXT}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": text.tittel, "version": "1", "description": text.beskrivelse},
        "paths": {
            paths["index"]: get(text.index, index),
            paths["guideline"]: get(text.retningslinje, document, ["id"]),
            paths["guideline-records"]: get(text.anbefalinger, {"type": "array", "items": document}, ["id"]),
            paths["chapter"]: get(text.kapittel, document, [words.api_side.retningslinje_id, "id"]),
            paths["recommendation"]: get(text.anbefaling, document, ["id"]),
            paths["recommendation-versions"]: get(text.versjoner, versions, ["id"]),
            paths["recommendation-version"]: get(text.versjon, document, ["id", side.nummer_id]),
        },
        "components": {"schemas": {"Dokument": _document(ref, words), **_models(ref)}},
    }


def api_schema_files(words: Etiketter) -> dict[str, Any]:
    """The schema and the OpenAPI description, in the site's language (its label set)."""
    return {SCHEMA_FILE: document_schema(words), OPENAPI_FILE: openapi(words)}
