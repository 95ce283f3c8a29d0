"""The editors' JSON Schema: valid where editors use it (JavaScript regexes, VS Code's YAML language server)
and in agreement with `check` on every record of the default content, on what `new` writes, and on bad records."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, RECORD, make_project
from generator.checks.record import check_document
from generator.edit.new import create_record, snapshot
from generator.build.pipeline import check
from generator.load.document import read_document
from generator.model.records import Anbefaling, Retningslinje
from generator.model.schema import json_schema

BIN = Path(sys.executable).parent
LANGUAGE_SERVER = REPO / "node_modules" / ".bin" / "yaml-language-server"
MODELS = {"anbefaling.schema.json": Anbefaling, "retningslinje.schema.json": Retningslinje}


def check_jsonschema(schema: Path, *files: Path) -> subprocess.CompletedProcess:
    """check-jsonschema in its default mode: formats checked, `pattern` read as a JavaScript regex."""
    return subprocess.run([str(BIN / "check-jsonschema"), "--schemafile", str(schema), *map(str, files)],
                          capture_output=True, text=True)


def test_check_jsonschema_accepts_the_schemas_and_every_record_of_the_default_content():
    records = sorted((REPO / "content").glob("*/anbefalinger/*.yaml"))
    guidelines = sorted((REPO / "content").glob("*/retningslinje.yaml"))
    assert records and guidelines
    for name, files in (("anbefaling.schema.json", records), ("retningslinje.schema.json", guidelines)):
        result = check_jsonschema(REPO / "schema" / name, *files)
        assert result.returncode == 0, result.stdout + result.stderr


def _schema_fields(data, model) -> set[str]:
    validator = jsonschema.Draft202012Validator(json_schema(model))
    return {".".join(map(str, e.absolute_path)) for e in validator.iter_errors(data)}


def _check_fields(doc, model) -> set[str]:
    _instance, problems = check_document(doc, model)
    fields = set()
    for problem in problems:
        name = problem.message.split("'")[1] if problem.message.startswith("felt '") else ""
        fields.add(name.replace("[", ".").replace("]", ""))
    return fields


BAD = [
    ("styrke: svak", "styrke: sterkk"),
    ("kunnskapsgrunnlag: lav", "kunnskapsgrunnlag: lav\nbegrunelse: x"),
    ("tekst: Helsepersonell bør gjøre noe.\n", ""),
    ("id: rec", "id: Rec Med Mellomrom"),
    ("status: gjeldende", "status: gjeldende\nforst_publisert: 2016"),
    ("nummer: \"1\"", "nummer: 0"),
    ("tittel: En anbefaling", "tittel: 17"),
    ("kilde:\n  dokument: Testkilde", "kilde:\n  dokument: Testkilde\n  url: https://example.org/a b"),
    ("status: gjeldende", "status: gjeldende\nstikkord: ''"),
    ("status: gjeldende", "status: gjeldende\nstikkord:"),
    ("kilde:\n  dokument: Testkilde", "kilde:\n  dokument: Testkilde\n  url: https://example.org/a?b=\"c\""),
]
GOOD = [
    ("nummer: \"1\"", "nummer: 17"),
    ("nummer: \"1\"", "nummer: XIV"),
    ("kilde:\n  dokument: Testkilde", "kilde:\n  dokument: Testkilde\n  url: https://example.org/a?b=c&d=e#f"),
    ("status: gjeldende", "status: gjeldende\nstikkord: ['']"),
    ("status: gjeldende", "status: gjeldende\netd:\n  skala:\n  kriterier:\n    - kriterium:\n"),
    ("status: gjeldende", "status: gjeldende\nendringer:\n  - dato:\n    endring:\n"),
]


@pytest.mark.parametrize("old, new", BAD + GOOD)
def test_schema_and_check_agree_on_a_record(tmp_path, old, new):
    assert old in RECORD
    path = tmp_path / "rec.yaml"
    path.write_text(RECORD.replace(old, new, 1), encoding="utf-8")
    doc = read_document(path)
    from_check, from_schema = _check_fields(doc, Anbefaling), _schema_fields(doc.data, Anbefaling)
    assert bool(from_check) == ((old, new) in BAD)
    assert bool(from_schema) == bool(from_check), (from_check, from_schema)


def test_schema_and_check_flag_the_same_fields_in_what_new_writes(tmp_path):
    project = make_project(tmp_path)
    path = create_record(snapshot(project.content), "test", "kap", "Ny")
    doc = read_document(path)
    from_check = _check_fields(doc, Anbefaling)
    assert from_check == {"tekst", "gradering.styrke", "kilde.dokument", "status"}
    assert {field for field in _schema_fields(doc.data, Anbefaling)} == from_check
    result = check_jsonschema(REPO / "schema/anbefaling.schema.json", path)
    assert result.returncode == 1
    assert sorted(line.split("::$.")[1].split(":")[0] for line in result.stdout.splitlines() if "::$." in line) == [
        "gradering.styrke", "gradering.styrke", "kilde.dokument", "status", "status", "tekst"]


class LanguageServer:
    """The YAML language server VS Code's YAML extension runs, spoken to over stdio (LSP)."""

    def __init__(self, root: Path):
        assert LANGUAGE_SERVER.is_file(), "run `make test` (it installs the npm packages of package.json)"
        self.process = subprocess.Popen([str(LANGUAGE_SERVER), "--stdio"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.request(1, "initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {}})
        while self.read().get("id") != 1:
            pass
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        # No schema store: it would be fetched from the internet. The modeline alone names the schema.
        self.send({"jsonrpc": "2.0", "method": "workspace/didChangeConfiguration",
                   "params": {"settings": {"yaml": {"validate": True, "schemaStore": {"enable": False}}}}})

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode()
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.process.stdin.flush()

    def request(self, number: int, method: str, params: dict) -> None:
        self.send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})

    def read(self) -> dict:
        length = 0
        while (line := self.process.stdout.readline().decode()) not in ("\r\n", ""):
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def diagnostics(self, path: Path, wait: float = 30) -> list[dict]:
        """Open the file and return the first diagnostics the server publishes for it."""
        self.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": path.as_uri(), "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}}})
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            message = self.read()
            if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == path.as_uri():
                return message["params"]["diagnostics"]
            if "id" in message and "method" in message:  # the server asks for settings
                items = message.get("params", {}).get("items", [{}])
                self.send({"jsonrpc": "2.0", "id": message["id"],
                           "result": [{"validate": True, "schemaStore": {"enable": False}}] * len(items)})
        raise TimeoutError("the language server published no diagnostics")

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


def test_vs_code_language_server_loads_the_modeline_schema_and_flags_a_wrong_value(tmp_path):
    for name in ("content", "schema"):
        shutil.copytree(REPO / name, tmp_path / name)
    good = next((tmp_path / "content").glob("*/anbefalinger/*.yaml"))
    assert good.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../../schema/")
    bad = good.with_name("feil.yaml")
    bad.write_text(good.read_text(encoding="utf-8").replace("status: gjeldende", "status: gjeldene"), encoding="utf-8")
    server = LanguageServer(tmp_path)
    try:
        assert server.diagnostics(good) == []
        found = server.diagnostics(bad)
    finally:
        server.close()
    assert len(found) == 1
    line = next(i for i, text in enumerate(bad.read_text(encoding="utf-8").splitlines()) if text.startswith("status:"))
    assert found[0]["range"]["start"]["line"] == line
    assert "gjeldende" in found[0]["message"] and found[0]["severity"] == 1
