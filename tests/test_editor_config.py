"""The web editor's configuration is generated from the model, and the YAML it writes keeps the project's style:
every model field has a form field, choices come from site_config and the guideline, and load → save is lossless
(the format module run by Node, as the browser runs it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import Field, create_model

from conftest import GUIDELINE, REPO, RECORD, make_project
from generator.build.pipeline import check
from generator.build.project import Project
from generator.export.editor import config as editor
from generator.export.editor.config import FormBuilder, editor_config
from generator.load.document import read_document
from generator.model.records import Anbefaling, Retningslinje

FORMAT = REPO / "generator/export/editor/static/anbefalt-format.js"


def _form_fields(fields: list[dict], prefix: str = "") -> set[str]:
    names = set()
    for f in fields:
        names.add(prefix + f["name"])
        names |= _form_fields(f.get("fields", []), f"{prefix}{f['name']}.")
    return names


def _model_fields(model, prefix: str = "") -> set[str]:
    names = set()
    for name, info in model.model_fields.items():
        names.add(prefix + name)
        annotation = editor._inner(info.rebuild_annotation())
        base = editor._inner(editor._base(annotation)[0])
        item = (getattr(base, "__args__", None) or [None])[0]
        for nested in (base, item):
            if editor._is_model(nested):
                names |= _model_fields(nested, f"{prefix}{name}.")
    return names


@pytest.fixture(scope="module")
def default():
    config, library = check(Project(REPO))
    return config, library, editor_config(config, [g.meta for g in library.guidelines], REPO)


def test_every_model_field_has_a_form_field_with_its_label_and_hint(default):
    config, _library, generated = default
    guideline_form, *recommendation_forms = generated["collections"]
    assert _form_fields(guideline_form["fields"]) == _model_fields(Retningslinje)
    for form in recommendation_forms:
        assert _form_fields(form["fields"]) == _model_fields(Anbefaling)
    for f in recommendation_forms[0]["fields"]:
        info = Anbefaling.model_fields[f["name"]]
        assert f["label"] == info.title and f["hint"].startswith(info.description)


def test_a_model_field_without_a_form_field_fails_the_check(default):
    """The check above is not vacuous: a field the form does not show is caught."""
    config, library, _generated = default
    extended = create_model("Anbefaling", __base__=Anbefaling, ny=(str | None, Field(None, title="Ny")))
    form = FormBuilder(config, library.guidelines[0].meta).fields(Anbefaling)
    assert _form_fields(form) != _model_fields(extended)
    assert _model_fields(extended) - _form_fields(form) == {"ny"}


def _by_name(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


def test_choices_come_from_site_config_and_the_guideline(default):
    config, library, generated = default
    tsb = next(g for g in library.guidelines if g.id == "faglige-rammer-tsb")
    form = _by_name(next(c for c in generated["collections"] if c["name"] == "anbefalinger-faglige-rammer-tsb")["fields"])
    assert [o["label"] for o in form["kapittel"]["options"]] == [config.etiketter.heading(c) for c in tsb.meta.kapitler]
    strength = _by_name(form["gradering"]["fields"])["styrke"]
    assert {o["value"]: o["label"] for o in strength["options"]} == config.etiketter.styrke
    assert [o["label"] for o in form["status"]["options"]] == list(config.etiketter.status.values())
    criteria = _by_name(_by_name(form["etd"]["fields"])["kriterier"]["fields"])
    assert [o["label"] for o in criteria["markert"]["options"]] == [c.navn for c in config.scales()["standard"].kolonner]
    self_help = next(g for g in library.guidelines if g.id == "selvhjelpsgrupper")
    references = _by_name(next(c for c in generated["collections"] if c["name"] == "anbefalinger-selvhjelpsgrupper")["fields"])
    assert [o["value"] for o in references["referanser"]["options"]] == [r.id for r in self_help.meta.referanser]
    assert form["retningslinje"] == {**form["retningslinje"], "widget": "hidden", "default": "faglige-rammer-tsb"}


def test_the_github_backend_with_the_editorial_workflow_is_generated(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    (project.site_config / "redigering.yaml").write_text(
        "backend: github\nrepo: helsedir/retningslinjer\nbranch: main\nbase_url: https://auth.example.org\n",
        encoding="utf-8")
    config, library = check(project)
    generated = editor_config(config, [g.meta for g in library.guidelines], tmp_path)
    assert generated["publish_mode"] == "editorial_workflow"
    assert {k: generated["backend"][k] for k in ("name", "repo", "branch", "base_url")} == {
        "name": "github", "repo": "helsedir/retningslinjer", "branch": "main", "base_url": "https://auth.example.org"}
    monkeypatch.setenv("GITHUB_REPOSITORY", "eier/fra-actions")
    (project.site_config / "redigering.yaml").write_text("backend: github\nrepo:\n", encoding="utf-8")
    config, _library = check(project)
    assert editor_config(config, [], tmp_path)["backend"]["repo"] == "eier/fra-actions"


def test_a_wrong_editor_setting_is_a_positioned_error(tmp_path):
    project = make_project(tmp_path)
    (project.site_config / "redigering.yaml").write_text("backend: gitlab\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(tmp_path), "check"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "site_config/redigering.yaml:1:10: felt 'backend': fant 'gitlab', tillatt: github, git-gateway" in result.stderr


def node(script: str, payload: Any) -> Any:
    """Run the editor's format module in Node, as the browser runs it; JSON in, JSON out."""
    code = f"""
import * as YAML from "yaml";
import {{ format, SOURCE }} from {json.dumps(FORMAT.as_uri())};
const input = JSON.parse(await new Promise((done) => {{ let s = ""; process.stdin.on("data", (d) => s += d);
  process.stdin.on("end", () => done(s)); }}));
{script}
"""
    result = subprocess.run(["node", "--input-type=module", "-e", code], cwd=REPO, input=json.dumps(payload),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


CONTENT = sorted((REPO / "content").glob("*/retningslinje.yaml")) + sorted((REPO / "content").glob("*/anbefalinger/*.yaml"))


def test_load_then_save_gives_every_file_back_byte_for_byte():
    texts = [p.read_text(encoding="utf-8") for p in CONTENT]
    back = node("""const f = format(YAML, null, "# m");
console.log(JSON.stringify(input.map((t) => f.toFile(f.fromFile(t)))));""", texts)
    assert len(CONTENT) > 20 and back == texts


def test_an_edit_rewrites_only_the_changed_keys_and_save_load_save_is_lossless(tmp_path):
    path = REPO / "content/selvhjelpsgrupper/anbefalinger/informasjon-om-selvhjelpsgrupper.yaml"
    text = path.read_text(encoding="utf-8")
    first, second = node("""const f = format(YAML, null, "# m");
const data = f.fromFile(input);
data.tiltak = "Selvhjelpsgrupper og likepersoner";
data.praktisk = "Gi en brosjyre.\\n\\n- Fortell om AA\\n- Fortell om NA\\n";
data.etd.kriterier[0].forklaring = "Brukerne verdsetter det.";
const saved = f.toFile(data);
console.log(JSON.stringify([saved, f.toFile(f.fromFile(saved))]));""", text)
    assert first == second
    changed = [line for line in first.splitlines() if line and line not in text.splitlines()]
    assert changed == ["tiltak: Selvhjelpsgrupper og likepersoner", "praktisk: |", "  Gi en brosjyre.",
                       "  - Fortell om AA", "  - Fortell om NA", "      forklaring: Brukerne verdsetter det."]
    assert "# Skjemaet oppgir ikke tilliten til dokumentasjonen." in first  # comments are kept
    saved = tmp_path / "saved.yaml"
    saved.write_text(first, encoding="utf-8")
    data = read_document(saved).data
    assert data["praktisk"] == "Gi en brosjyre.\n\n- Fortell om AA\n- Fortell om NA\n"
    assert data["gradering"] == read_document(path).data["gradering"]


def test_a_new_file_is_written_in_the_project_style_and_reads_back_the_same(tmp_path):
    values = {"id": "x", "nummer": "1", "tittel": "Tittel: med kolon", "tekst": "Ord " * 60, "tiltak": "",
              "stikkord": ["ja", "no"], "kilde": {"dokument": "K", "url": ""}, "nokkelinfo": {"ressurshensyn": ""},
              "endringer": [{"dato": "2024-01-02", "endring": "Ny."}]}
    text = node("""console.log(JSON.stringify(format(YAML, {id: null, nummer: null, tittel: null, tekst: null, tiltak: null,
  stikkord: null, kilde: {dokument: null, url: null}, nokkelinfo: null, endringer: {dato: null, endring: null}},
  "# yaml-language-server: $schema=../../../schema/anbefaling.schema.json").toFile(input)));""", values)
    assert text.splitlines()[:4] == ["# yaml-language-server: $schema=../../../schema/anbefaling.schema.json",
                                     "id: x", 'nummer: "1"', 'tittel: "Tittel: med kolon"']
    # Text ending in a space cannot be folded: quoted, and wrapped with escaped line breaks that add nothing.
    assert text.splitlines()[4].startswith('tekst: "Ord Ord') and text.splitlines()[4].endswith("\\")
    assert "tiltak" not in text and "nokkelinfo" not in text and "url" not in text
    assert max(len(line) for line in text.splitlines()) <= 100
    path = tmp_path / "ny.yaml"
    path.write_text(text, encoding="utf-8")
    data = read_document(path).data
    assert data == {"id": "x", "nummer": "1", "tittel": "Tittel: med kolon", "tekst": "Ord " * 60,
                    "stikkord": ["ja", "no"], "kilde": {"dokument": "K"},
                    "endringer": [{"dato": "2024-01-02", "endring": "Ny."}]}


def test_the_built_site_serves_the_editor_from_itself(default_site):
    admin = default_site.site / "admin"
    assert (admin / "decap-cms.js").is_file() and (admin / "vendor/yaml/index.js").is_file()
    index = (admin / "index.html").read_text(encoding="utf-8")
    assert "http" not in index.replace('rel="cms-config-url"', "")
    config = (admin / "config.yml").read_text(encoding="utf-8")
    assert "name: github" in config and "publish_mode: editorial_workflow" in config
    data = json.loads((admin / "anbefalt.json").read_text(encoding="utf-8"))
    assert all((admin / style).resolve().is_file() for style in data["styles"]) and len(data["styles"]) == 3
