"""`import-hdir`: documents in the shape of Helsedirektoratet's innholds-API → records in content/.

A document exported by Anbefalt carries its complete record under `anbefalt` and comes back exactly.
Any other document is mapped field by field; HTML becomes Markdown; every value with no field of its
own is reported and kept under `ekstra`, so nothing is lost. Nothing is written unless every document
could be read, and no existing file is overwritten without `force`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markdownify import markdownify
from pydantic import ValidationError

from ..load.content import GUIDELINE_FILE, RECORD_FOLDER
from ..load.document import read_document
from ..model.problems import ContentError, Problem, display_path
from ..model.records import NOKKELINFO_API, Anbefaling, Retningslinje
from ..model.text import SLUG_PATTERN
from ..model.vocab import STATUS
from .new import slugify

STATUS_BY_API = STATUS.by_api()
# Fields of the innholds-API that the mapping below uses, or that carry nothing a record keeps.
MAPPED = {"id", "tittel", "kortTittel", "tekst", "intro", "status", "eier", "forstPublisert", "sistFagligOppdatert",
          "data", "tekniskeData", "links", "url", "anbefalt", "dokumentType", "spraak"}


@dataclass
class Source:
    path: Path
    doc: dict[str, Any]

    @property
    def kind(self) -> str:
        return (self.doc.get("tekniskeData") or {}).get("infoType", "")

    @property
    def id(self) -> str:
        return as_id(str(self.doc.get("id", "")))

    def link(self, rel: str) -> str | None:
        for link in self.doc.get("links") or []:
            if link.get("rel") == rel:
                return as_id(Path(str(link.get("href", ""))).stem)
        return None

    def children(self) -> list[str]:
        return [as_id(Path(str(link.get("href", ""))).stem) for link in self.doc.get("links") or []
                if link.get("rel") == "barn"]


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "feil"]


def as_id(value: str) -> str:
    """Ids are used as file names: keep a valid slug, fold anything else into one."""
    return value if re.fullmatch(SLUG_PATTERN, value) else slugify(value)


def to_markdown(html: str | None) -> str | None:
    """API HTML → Markdown; scripts, styles and frames are dropped with their content."""
    if not html or not str(html).strip():
        return None
    text = markdownify(str(html), heading_style="ATX", bullets="-", strip=["img"]).strip()
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text or None


def _date(value: Any) -> str | None:
    match = re.match(r"^(\d{4}-\d{2}-\d{2})", str(value or ""))
    return match.group(1) if match else None


def read_sources(path: Path) -> tuple[list[Source], list[Problem]]:
    files = [path] if path.is_file() else sorted(path.rglob("*.json"))
    sources, problems = [], []
    if not files:
        problems.append(Problem(display_path(path), 1, 1, "fant ingen JSON-filer å importere"))
    for file in files:
        shown = display_path(file)
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            problems.append(Problem(shown, error.lineno, error.colno, f"ugyldig JSON: {error.msg}"))
            continue
        except UnicodeDecodeError:
            problems.append(Problem(shown, 1, 1, "filen er ikke UTF-8"))
            continue
        for doc in data if isinstance(data, list) else [data]:
            if not isinstance(doc, dict) or doc.get("tekniskeData", {}).get("infoType") not in (
                    "retningslinje", "kapittel", "anbefaling"):
                if isinstance(data, dict) and "retningslinjer" in data:
                    continue  # the API's own index file
                problems.append(Problem(shown, 1, 1, "ikke et dokument fra innholds-API-et (mangler "
                                        "tekniskeData.infoType: retningslinje, kapittel eller anbefaling)"))
                continue
            sources.append(Source(file, doc))
    return sources, problems


def _extra(source: Source, problems: list[Problem], mapped_data: set[str]) -> dict[str, Any]:
    """Values the mapping has no field for: reported, and kept so nothing is lost."""
    kept: dict[str, Any] = {}
    for key, value in source.doc.items():
        if key not in MAPPED and value not in (None, "", [], {}):
            kept[key] = value
    for key, value in (source.doc.get("data") or {}).items():
        if key not in mapped_data and value not in (None, "", [], {}):
            kept[f"data.{key}"] = value
    for key in kept:
        problems.append(Problem(display_path(source.path), 1, 1,
                                f"{source.kind} '{source.id}': feltet '{key}' har ingen plass i modellen; bevart under 'ekstra'",
                                "advarsel"))
    return kept


def _owner(doc: dict[str, Any]) -> str:
    owners = doc.get("eier") or []
    return (", ".join(owners) if isinstance(owners, list) else str(owners)) or "Ikke oppgitt i kilden"


def _provenance(source: Source) -> dict[str, Any]:
    url = str(source.doc.get("url") or "")
    return {"dokument": "Helsedirektoratets innholds-API", "sted": f"{source.kind} {source.doc.get('id')}",
            **({"url": url} if url.startswith(("http://", "https://")) else {})}


def _grading(source: Source, problems: list[Problem]) -> dict[str, Any]:
    word = str((source.doc.get("data") or {}).get("styrke") or "").strip().lower()
    if word in ("sterk", "svak"):
        return {"styrke": word, "merknad": "Kilden oppgir styrken, men ikke retningen (for eller mot tiltaket)."}
    if word:
        problems.append(Problem(display_path(source.path), 1, 1,
                                f"anbefaling '{source.id}': ukjent styrke '{word}'; tillatt: sterk, svak. "
                                "Lagret som 'ikke avklart', opprinnelig verdi under 'ekstra'", "advarsel"))
        return {"styrke": "ikke avklart", "merknad": f"Kilden oppgir styrken «{word}», som ikke er sterk eller svak."}
    return {"styrke": "ikke avklart", "merknad": "Kilden oppgir ikke styrken."}


def _guideline(source: Source, chapters: list[Source], problems: list[Problem]) -> dict[str, Any]:
    if "anbefalt" in source.doc:
        return source.doc["anbefalt"]
    doc = source.doc
    mine = [c for c in chapters if source.id in (c.link("forelder"), c.link("root"))]
    order = {child: i for i, child in enumerate(source.children())}
    mine.sort(key=lambda c: order.get(c.id, len(order)))
    # Empty values are None here; the written file leaves them out (see _validated).
    return {
        "id": source.id, "tittel": doc.get("tittel") or source.id,
        "kort_tittel": doc.get("kortTittel") if doc.get("kortTittel") != doc.get("tittel") else None,
        "eier": _owner(doc), "status": STATUS_BY_API.get(str(doc.get("status", "")).lower(), "gjeldende"),
        "forst_publisert": _date(doc.get("forstPublisert")),
        "sist_faglig_endret": _date(doc.get("sistFagligOppdatert")),
        "intro": to_markdown(doc.get("tekst") or doc.get("intro")),
        "kilder": [_provenance(source)],
        "kapitler": [{"id": c.id, "tittel": c.doc.get("tittel") or c.id, "intro": to_markdown(c.doc.get("tekst"))}
                     for c in mine],
        "ekstra": _extra(source, problems, set()),
    }


def _recommendation(source: Source, number: str, guideline_id: str, chapter_id: str,
                    problems: list[Problem]) -> dict[str, Any]:
    if "anbefalt" in source.doc:
        return source.doc["anbefalt"]
    doc, data = source.doc, source.doc.get("data") or {}
    info = {ours: to_markdown((data.get("nokkelInfo") or {}).get(theirs)) for ours, theirs in NOKKELINFO_API.items()}
    extra = _extra(source, problems, {"styrke", "praktisk", "rasjonale", "nokkelInfo"})
    grading = _grading(source, problems)
    if grading["styrke"] == "ikke avklart" and data.get("styrke"):
        extra["data.styrke"] = data["styrke"]
    record = {
        "id": source.id, "retningslinje": guideline_id, "kapittel": chapter_id, "nummer": number,
        "tittel": doc.get("tittel") or source.id,
        "kort_tittel": doc.get("kortTittel") if doc.get("kortTittel") != doc.get("tittel") else None,
        "tekst": to_markdown(doc.get("tekst")) or to_markdown(doc.get("intro")), "gradering": grading,
        "praktisk": to_markdown(data.get("praktisk")), "begrunnelse": to_markdown(data.get("rasjonale")),
        "nokkelinfo": info if any(info.values()) else None, "kilde": _provenance(source),
        "status": STATUS_BY_API.get(str(doc.get("status", "")).lower(), "gjeldende"),
        "forst_publisert": _date(doc.get("forstPublisert")), "sist_faglig_endret": _date(doc.get("sistFagligOppdatert")),
        "ekstra": extra,
    }
    return {k: v for k, v in record.items() if v is not None}


def plan(sources: list[Source], existing_guidelines: dict[str, dict]) -> tuple[dict[str, dict], list[dict], list[Problem]]:
    """Guideline and recommendation data from the sources; the problems found on the way."""
    problems: list[Problem] = []
    by_kind = {kind: [s for s in sources if s.kind == kind] for kind in ("retningslinje", "kapittel", "anbefaling")}
    guidelines = {g.id: _guideline(g, by_kind["kapittel"], problems) for g in by_kind["retningslinje"]}
    for chapter in by_kind["kapittel"]:
        if "anbefalt" in chapter.doc:
            data = chapter.doc["anbefalt"]
            parent = guidelines.get(data["retningslinje"]) or existing_guidelines.get(data["retningslinje"])
            if parent is not None and all(c["id"] != data["id"] for c in parent["kapitler"]):
                parent["kapitler"].append({k: v for k, v in data.items() if k != "retningslinje"})
    chapter_parent = {c.id: c.link("forelder") or c.link("root") for c in by_kind["kapittel"]}
    for g in list(guidelines.values()) + list(existing_guidelines.values()):
        for c in g.get("kapitler", []):
            chapter_parent.setdefault(c["id"], g["id"])
    children = {c.id: c.children() for c in by_kind["kapittel"]}
    records = []
    for rec in by_kind["anbefaling"]:
        if "anbefalt" in rec.doc:
            records.append(rec.doc["anbefalt"])
            continue
        chapter_id = rec.link("forelder")
        guideline_id = rec.link("root") or chapter_parent.get(chapter_id or "")
        if chapter_id not in chapter_parent:
            problems.append(Problem(display_path(rec.path), 1, 1, f"anbefaling '{rec.id}': forelder-kapittelet "
                                    f"'{chapter_id}' finnes verken i importen eller i content/; ikke importert"))
            continue
        if guideline_id not in guidelines and guideline_id not in existing_guidelines:
            problems.append(Problem(display_path(rec.path), 1, 1, f"anbefaling '{rec.id}': retningslinjen "
                                    f"'{guideline_id}' finnes verken i importen eller i content/; ikke importert"))
            continue
        siblings = children.get(chapter_id, [])
        number = str(siblings.index(rec.id) + 1) if rec.id in siblings else str(
            1 + sum(1 for r in records if r.get("kapittel") == chapter_id))
        records.append(_recommendation(rec, number, guideline_id, chapter_id, problems))
    return guidelines, records, problems


def _yaml(header: str, data: dict[str, Any]) -> str:
    return header + "\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, [], {})}


def import_hdir(source: Path, content: Path, force: bool = False) -> ImportResult:
    result = ImportResult()
    sources, result.problems = read_sources(source)
    existing = {}
    for path in content.glob(f"*/{GUIDELINE_FILE}"):
        try:
            existing[path.parent.name] = read_document(path).data
        except ContentError as error:
            result.problems += error.problems
    guidelines, records, problems = plan(sources, existing)
    result.problems += problems
    files: dict[Path, str] = {}
    for gid, data in guidelines.items():
        files[content / gid / GUIDELINE_FILE] = _validated(Retningslinje, data, gid, result, _yaml(
            "# yaml-language-server: $schema=../../schema/retningslinje.schema.json", data))
    for data in records:
        files[content / data["retningslinje"] / RECORD_FOLDER / f"{data['id']}.yaml"] = _validated(
            Anbefaling, data, data["id"], result,
            _yaml("# yaml-language-server: $schema=../../../schema/anbefaling.schema.json", data))
    for path in files:
        if path.exists() and not force:
            result.problems.append(Problem(display_path(path), 1, 1, "finnes fra før; ikke overskrevet (bruk --force)"))
    if result.errors:
        return result
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        result.written.append(path)
    return result


def _validated(model, data: dict[str, Any], name: str, result: ImportResult, text: str) -> str:
    """Check the mapped data against the model before anything is written."""
    try:
        instance = model.model_validate(data)
    except ValidationError as error:
        for e in error.errors(include_url=False):
            where = ".".join(str(p) for p in e["loc"])
            result.problems.append(Problem(name, 1, 1, f"kan ikke importeres: felt '{where}': {e['msg']}"))
        return text
    header = text.split("\n", 1)[0]
    return _yaml(header, _compact(instance.model_dump(mode="json", exclude_none=True)))
