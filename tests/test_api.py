"""The static JSON API, the FHIR export, and import from the innholds-API shape, with a round trip."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.plandefinition import PlanDefinition
from openapi_spec_validator import validate as validate_openapi

from conftest import REPO, RECORD, make_project
from generator.build.pipeline import check
from generator.build.project import Project
from generator.export.api import ApiWriter
from generator.export.fhir import fhir_files
from generator.edit.hdir_import import import_hdir
from generator.load.document import read_document
from generator.render.pages import render_library

SAMPLES = REPO.parent / "shared" / "samples"
FIXTURES = Path(__file__).parent / "fixtures" / "hdir"


def run(root, *args):
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args], cwd=root,
                          capture_output=True, text=True)


def api_files(site: Path) -> dict[str, object]:
    return {p.relative_to(site).as_posix(): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((site / "api").rglob("*.json"))}


def test_every_api_document_validates_against_the_published_schema(default_site):
    schema = json.loads((default_site.site / "schema/dokument.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    jsonschema.Draft202012Validator.check_schema(schema)
    files = api_files(default_site.site)
    documents = [d for path, data in files.items() if path != "api/index.json"
                 for d in (data if isinstance(data, list) else [data])]
    assert len(documents) == 2 + 11 + 21 + 21
    for document in documents:
        validator.validate(document)
    validate_openapi(json.loads((default_site.site / "openapi.json").read_text(encoding="utf-8")))


def test_recommendation_document_has_the_innholds_api_fields_and_the_full_record(default_site):
    path = default_site.site / "api/anbefalinger/informasjon-om-selvhjelpsgrupper.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["tekst"] == "<p>Helsepersonell bør informere brukere/pasienter om muligheten til å delta i selvhjelpsgrupper.</p>"
    assert doc["tekniskeData"]["infoType"] == "anbefaling"
    assert doc["data"]["styrke"] == ""  # the form does not show the strength
    # The grading as the record in content/ gives it, its note included.
    record = default_site.project.content / "selvhjelpsgrupper/anbefalinger/informasjon-om-selvhjelpsgrupper.yaml"
    source = read_document(record).data
    assert source["gradering"]["merknad"].startswith("I kildeskjemaet står krysset under «Type anbefaling»")
    assert doc["anbefalt"]["gradering"] == {"styrke": "ikke avklart", "retning": "for",
                                            "merknad": source["gradering"]["merknad"]}
    assert [c["markert"] for c in doc["anbefalt"]["etd"]["kriterier"]][:2] == [
        ["sannsynligvis-tiltaket", "tiltaket"]] * 2
    assert [(link["rel"], link["type"]) for link in doc["links"]] == [("forelder", "kapittel"), ("root", "retningslinje")]
    for link in doc["links"]:
        assert (path.parent / link["href"]).resolve().is_file()
    assert (path.parent / doc["url"] / "index.html").resolve().is_file()


def test_api_documentation_page_links_the_files(default_site):
    links = {a["href"] for a in BeautifulSoup(default_site.html("api/index.html"), "html.parser").select("article a")}
    for target in ("index.json", "../schema/dokument.schema.json", "../openapi.json"):
        assert target in links
        assert (default_site.site / "api" / target).resolve().is_file()


def test_fhir_resources_validate_and_carry_grading_only_where_given(default_site, tmp_path):
    written = sorted(p.relative_to(default_site.site).as_posix() for p in (default_site.site / "fhir").rglob("*.json"))
    config, library = check(default_site.project)
    assert written == sorted(fhir_files(library))  # every resource is there to be validated
    for path in (default_site.site / "fhir").rglob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        (Bundle if data["resourceType"] == "Bundle" else PlanDefinition).model_validate(data)
    rec = json.loads((default_site.site / "fhir/PlanDefinition/informasjon-om-selvhjelpsgrupper.json").read_text())
    assert rec["meta"]["profile"] == ["http://hl7.org/fhir/uv/cpg/StructureDefinition/cpg-recommendationdefinition"]
    assert "extension" not in rec["action"][0]  # strength open, certainty not given: nothing invented
    config, library = check(make_project(tmp_path, records={"rec": RECORD.replace("styrke: svak", "styrke: sterk")}))
    graded = fhir_files(library)["fhir/PlanDefinition/rec.json"]
    PlanDefinition.model_validate(graded)
    assert [(e["url"].rsplit("/", 1)[1], e["valueCodeableConcept"]["coding"][0]["code"])
            for e in graded["action"][0]["extension"]] == [("cqf-strengthOfRecommendation", "strong"),
                                                           ("cqf-qualityOfEvidence", "low")]
    bundle = Bundle.model_validate(fhir_files(library)["fhir/Bundle/test.json"])
    assert len(bundle.entry) == 2


def _empty_project(root: Path) -> Project:
    for name in ("site_config", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content").mkdir()
    return Project(root)


def test_round_trip_export_import_export_gives_the_same_json(default_site, tmp_path):
    exported = tmp_path / "eksport"
    shutil.copytree(default_site.site / "api", exported / "api")
    project = _empty_project(tmp_path / "ny")
    result = import_hdir(exported, project.content)
    assert result.errors == [] and len(result.written) == 2 + 21
    config, library = check(project)
    writer = ApiWriter(library)
    documents = writer.index()
    for g in library.guidelines:
        documents.update(writer.guideline_documents(g))
    again = {f"api/{path}": doc for path, doc in {k.removeprefix("api/"): v for k, v in documents.items()}.items()}
    assert again == api_files(default_site.site)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="shared/samples is not here")
def test_importing_the_samples_builds_a_site_that_shows_the_recommendation(tmp_path):
    project = _empty_project(tmp_path)
    result = run(tmp_path, "import-hdir", str(SAMPLES))
    assert result.returncode == 0, result.stderr
    assert run(tmp_path, "build", "--no-pdf").returncode == 0
    pages = list(project.site.glob("*/anbefaling/*/index.html"))
    assert len(pages) == 1
    html = pages[0].read_text(encoding="utf-8")
    assert "Helsepersonell bør informere brukere/pasienter om muligheten til å delta i selvhjelpsgrupper." in html
    assert "Svak anbefaling" in html
    assert "Ingen økte kostnader knyttet til tiltaket." in html


def test_html_lists_links_and_empty_fields_become_clean_markdown(tmp_path):
    project = _empty_project(tmp_path)
    result = import_hdir(FIXTURES / "lister-og-lenker", project.content)
    assert result.errors == []
    config, library = check(project)
    rec = library.guidelines[0].recommendations[0].record
    assert rec.praktisk == "- Gi skriftlig informasjon\n- Følg opp i neste samtale\n\nSe [Selvhjelp Norge](https://selvhjelp.no)."
    assert rec.begrunnelse is None and rec.nokkelinfo is None  # empty in the source, empty here
    # The script is not in the text; the original HTML is kept (never shown) and the report says what was left out.
    assert "alert" not in rec.praktisk
    assert rec.ekstra["html.data.praktisk"].endswith("<script>alert(1)</script>")
    assert [p.message for p in result.problems if "script" in p.message] == [
        "anbefaling 'a-1': feltet 'html.data.praktisk' har HTML som et Markdown-felt ikke kan holde (<script>); "
        "teksten ellers er tatt med; bevart under 'ekstra'"]


def test_unknown_strength_word_and_unmapped_fields_are_reported_and_kept(tmp_path):
    project = _empty_project(tmp_path)
    result = import_hdir(FIXTURES / "ukjent-styrke", project.content)
    assert result.errors == []
    assert [str(p) for p in result.problems] == [
        "tests/fixtures/hdir/ukjent-styrke/anbefaling.json:10:11: advarsel: anbefaling 'a-2': feltet 'tema' har "
        "ingen plass i modellen; bevart under 'ekstra'",
        "tests/fixtures/hdir/ukjent-styrke/anbefaling.json:30:15: advarsel: anbefaling 'a-2': ukjent styrke "
        "'moderat', tillatt: sterk, svak; lagret som 'ikke oppgitt', ordet i kilden står under kilde.styrke",
    ]
    rec = check(project)[1].guidelines[0].recommendations[0].record
    # Never mapped to a default: 'ikke oppgitt', with the source's word verbatim beside it and no invented note.
    assert rec.gradering.model_dump() == {"styrke": "ikke oppgitt", "retning": None, "merknad": None}
    assert rec.kilde.styrke == "moderat"
    assert rec.ekstra == {"tema": ["rus"]}


def test_missing_parent_and_malformed_json_are_clear_errors_and_nothing_is_written(tmp_path):
    project = _empty_project(tmp_path)
    result = run(tmp_path, "import-hdir", str(FIXTURES / "feil"))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert any(line.endswith("ødelagt.json:4:3: ugyldig JSON: Expecting ',' delimiter") for line in lines), lines
    assert any(line.endswith("foreldreløs.json:35:12: anbefaling 'foreldrelos': mangler en forelder-lenke "
                             "(links[].rel 'forelder'); vet ikke hvilket kapittel anbefalingen hører til")
               for line in lines), lines
    assert "Ingenting er importert." in lines
    assert list(project.content.iterdir()) == []


def test_import_never_overwrites_without_force(tmp_path):
    project = _empty_project(tmp_path)
    assert import_hdir(FIXTURES / "ukjent-styrke", project.content).errors == []
    record = project.content / "g-2" / "anbefalinger" / "a-2.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "# redaktørens merknad\n", encoding="utf-8")
    again = import_hdir(FIXTURES / "ukjent-styrke", project.content)
    # The guideline file is as the import would write it, so it is left alone; the edited record is refused.
    assert [str(p) for p in again.errors] == [f"{record}:1:1: finnes fra før; ikke overskrevet (bruk --force)"]
    assert record.read_text(encoding="utf-8").endswith("# redaktørens merknad\n")
    assert import_hdir(FIXTURES / "ukjent-styrke", project.content, force=True).errors == []
    assert "redaktørens" not in record.read_text(encoding="utf-8")


def test_guideline_without_owner_leaves_it_empty_and_the_page_says_so(tmp_path):
    project = _empty_project(tmp_path)
    source = tmp_path / "kilde"
    shutil.copytree(FIXTURES / "ukjent-styrke", source)
    guideline = json.loads((source / "retningslinje.json").read_text(encoding="utf-8"))
    guideline["eier"] = []
    (source / "retningslinje.json").write_text(json.dumps(guideline, ensure_ascii=False), encoding="utf-8")
    assert import_hdir(source, project.content).errors == []
    config, library = check(project)
    assert library.guidelines[0].meta.eier is None  # not a phrase standing in for a name
    page = render_library(library, config).pages["g-2/index.md"]
    assert "<dt>Eier</dt><dd>ikke oppgitt i kilden</dd>" in page
