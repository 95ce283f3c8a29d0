"""FHIR R4 resources following the CPG-on-FHIR recommendation profile.

Each recommendation is a PlanDefinition (CPGRecommendationDefinition) whose action carries the
cqf-strengthOfRecommendation and cqf-qualityOfEvidence extensions where the record has them (an
ungraded recommendation or one whose strength is open gets none: nothing is invented). The guideline is a
PlanDefinition of type clinical-protocol whose actions, one per chapter, point at the recommendations by
canonical URL; a collection Bundle per guideline holds them all.

Layout under site/fhir/: PlanDefinition/<id>.json for every guideline and recommendation, and
Bundle/<guideline>.json. Every resource names its guideline's language (`language`), and its words (the grading's
textEquivalent, chapter headings) are that language's.
"""

from __future__ import annotations

import re
from typing import Any

from ..model.library import Guideline, Library
from ..model.records import Anbefaling
from ..model.vocab import KUNNSKAPSGRUNNLAG, STATUS, STYRKE, grading_key
from ..render.urls import Files, Outputs

CPG = "http://hl7.org/fhir/uv/cpg/StructureDefinition"


def canonical(kind: str, item_id: str) -> str:
    """A stable canonical URL that does not depend on where the site is hosted."""
    return f"urn:anbefalt:{kind}:{item_id}"


def _name(item_id: str) -> str:
    """FHIR's computable name: [A-Z][A-Za-z0-9_]*."""
    return "".join(part.capitalize() for part in re.split(r"[^a-z0-9]+", item_id) if part) or "Anbefaling"


def _coded(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}]}


def _date(*values) -> dict[str, str]:
    value = next((v for v in values if v), None)
    return {"date": value.isoformat()} if value else {}


def recommendation(g: Guideline, rec: Anbefaling) -> dict[str, Any]:
    extensions = []
    strength = STYRKE[rec.gradering.styrke].fhir
    if strength:
        extensions.append({"url": "http://hl7.org/fhir/StructureDefinition/cqf-strengthOfRecommendation",
                           "valueCodeableConcept": _coded("http://terminology.hl7.org/CodeSystem/recommendation-strength",
                                                          strength)})
    quality = KUNNSKAPSGRUNNLAG[rec.kunnskapsgrunnlag].fhir if rec.kunnskapsgrunnlag else ""
    if quality:
        extensions.append({"url": "http://hl7.org/fhir/StructureDefinition/cqf-qualityOfEvidence",
                           "valueCodeableConcept": _coded("http://terminology.hl7.org/CodeSystem/evidence-quality",
                                                          quality)})
    action: dict[str, Any] = {"title": rec.tittel, "description": rec.tekst}
    if extensions:
        action["extension"] = extensions
    if rec.gradering.retning:
        # The grading in the guideline's own words ("Vi foreslår tiltaket"), as readers see it on the page.
        action["textEquivalent"] = g.labels.anbefalingstype[grading_key(rec.gradering.styrke, rec.gradering.retning)]
    references = g.reference_numbers()
    related = [{"type": "citation", "citation": g.meta.referanser[references[key] - 1].tekst} for key in rec.referanser]
    related.append({"type": "documentation", "display": ". ".join(filter(None, [rec.kilde.dokument, rec.kilde.sted])),
                    **({"url": rec.kilde.url} if rec.kilde.url else {})})
    return {
        "resourceType": "PlanDefinition",
        "id": rec.id,
        "meta": {"profile": [f"{CPG}/cpg-recommendationdefinition"]},
        "language": g.language,
        "url": canonical("anbefaling", rec.id),
        "identifier": [{"system": "urn:anbefalt:anbefaling", "value": rec.id}],
        "version": rec.sist_faglig_endret.isoformat() if rec.sist_faglig_endret else None,
        "name": _name(rec.id),
        "title": rec.tittel,
        "type": _coded("http://terminology.hl7.org/CodeSystem/plan-definition-type", "eca-rule"),
        "status": STATUS[rec.status].fhir,
        "experimental": False,
        **_date(rec.sist_faglig_endret, rec.forst_publisert),
        "publisher": g.meta.eier,
        "description": rec.tekst,
        "relatedArtifact": related,
        "action": [action],
    }


def guideline(g: Guideline) -> dict[str, Any]:
    actions = []
    for chapter in g.meta.kapitler:
        recs = g.in_chapter(chapter.id)
        if recs:
            actions.append({"title": chapter.tittel, "action": [
                {"title": g.labels.heading(r), "definitionCanonical": canonical("anbefaling", r.id)} for r in recs]})
    resource = {
        "resourceType": "PlanDefinition",
        "id": g.id,
        "language": g.language,
        "url": canonical("retningslinje", g.id),
        "identifier": [{"system": "urn:anbefalt:retningslinje", "value": g.meta.identifikator or g.id}],
        "name": _name(g.id),
        "title": g.meta.tittel,
        "type": _coded("http://terminology.hl7.org/CodeSystem/plan-definition-type", "clinical-protocol"),
        "status": STATUS[g.meta.status].fhir,
        "experimental": False,
        **_date(g.meta.sist_faglig_endret, g.meta.forst_publisert),
        "publisher": g.meta.eier,
        "action": actions,
    }
    if g.meta.intro:
        resource["description"] = g.meta.intro
    return resource


def _clean(resource: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in resource.items() if value is not None}


def fhir_files(library: Library) -> dict[str, Any]:
    """Every FHIR file, by its path under the site."""
    files: dict[str, Any] = Outputs()
    for g in library.guidelines:
        files.update(guideline_fhir_files(g))
    return files


def guideline_fhir_files(g: Guideline) -> dict[str, Any]:
    """A guideline's FHIR files: its PlanDefinitions and its Bundle."""
    files: dict[str, Any] = Outputs()
    members = [_clean(guideline(g))] + [_clean(recommendation(g, e.record)) for e in g.recommendations]
    for resource in members:
        files[Files.fhir("PlanDefinition", resource["id"])] = resource
    files[Files.fhir("Bundle", g.id)] = {
        "resourceType": "Bundle", "id": g.id, "type": "collection",
        "entry": [{"fullUrl": r["url"], "resource": r} for r in members],
    }
    return files
