"""The shape of the code: vocabularies cover their Literals, every field is shown on the web and in print,
imports run one way, only the loader parses YAML, modules stay small."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path
from typing import get_args

import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import GUIDELINE, REPO, make_project
from generator.build.pipeline import check
from generator.export.pdf.documents import PdfExporter
from generator.model import vocab
from generator.model.records import NOKKELINFO_API, Anbefaling, NokkelInfo
from generator.render import sections
from generator.render.pages import render_library
from test_render import FULL

PACKAGE = REPO / "generator"


@pytest.mark.parametrize("table", [vocab.STYRKE, vocab.KUNNSKAPSGRUNNLAG, vocab.STATUS], ids=lambda t: str(t.literal))
def test_every_vocabulary_table_covers_its_literal_exactly(table):
    assert list(table) == list(get_args(table.literal))


def test_a_table_that_misses_a_value_is_refused():
    with pytest.raises(TypeError):
        vocab.Vocabulary(vocab.Styrke, {"sterk": vocab.Term(), "svak": vocab.Term()})


def test_the_model_uses_the_declared_vocabularies():
    fields = Anbefaling.model_fields
    assert get_args(fields["status"].annotation) == get_args(vocab.Status)
    assert get_args(fields["kunnskapsgrunnlag"].annotation)[0] == vocab.Kunnskapsgrunnlag
    assert set(NOKKELINFO_API) == set(NokkelInfo.model_fields)


def test_every_recommendation_field_is_in_the_head_a_section_or_hidden_with_a_reason():
    shown = sections.shown_fields()
    placed = list(sections.HEAD) + shown + list(sections.HIDDEN)
    assert len(placed) == len(set(placed)), "a field is placed twice"
    assert set(placed) == set(Anbefaling.model_fields)
    assert all(reason for reason in sections.HIDDEN.values())


EVERYTHING = (FULL + """
kort_tittel: Kort
stikkord: [ettervern]
kilde:
  dokument: Kildedokument
  sted: side 4
  url: https://example.org/kilde
""").replace("kilde:\n  dokument: Testkilde\n", "", 1)


def _probes(rec: Anbefaling, labels) -> dict[str, list[str]]:
    """For each shown field, words a reader must find on the page and in the PDF."""
    etd = rec.etd
    return {
        "praktisk": ["slik"], "begrunnelse": ["Fordi det virker"],
        "nokkelinfo": [rec.nokkelinfo.fordeler_og_ulemper, rec.nokkelinfo.ressurshensyn],
        "problemstilling": [rec.problemstilling], "tiltak": [rec.tiltak], "alternativ": [rec.alternativ],
        "etd": [etd.kriterier[0].kriterium, etd.kriterier[0].forklaring, etd.kriterier[1].tekst],
        "prioritert_forskning": [rec.prioritert_forskning], "okonomiske_vurderinger": [rec.okonomiske_vurderinger],
        "referanser": ["Forfatter A. Tittel. 2020."],
        "status": [labels.status[rec.status]], "horingsfrist": ["30.06.2020"],
        "forst_publisert": ["15.01.2019"], "sist_faglig_endret": ["01.02.2020"],
        "endringer": [rec.endringer[0].endring, rec.endringer[0].begrunnelse],
        "stikkord": ["ettervern"], "kilde": ["Kildedokument", "side 4", "https://example.org/kilde"],
    }


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", BeautifulSoup(html, "html.parser").get_text(" "))


def test_web_page_and_pdf_show_every_section_and_every_field(tmp_path):
    config, library = check(make_project(tmp_path, GUIDELINE, {"rec": EVERYTHING}))
    rec = library.guidelines[0].recommendations[0].record
    page = render_library(library, config).pages["test/anbefaling/rec.md"].split("---", 2)[2]
    web = _text(markdown.markdown(page, extensions=["tables", "md_in_html"]))
    exporter = PdfExporter(library, config, "v", made=date(2024, 1, 1))
    document = next(d for d in exporter.documents(tmp_path / "pdf") if d.path.name == "rec.pdf")
    pdf = _text(exporter.html(document))
    probes = _probes(rec, config.etiketter)
    assert set(probes) == set(sections.shown_fields())
    labels = config.etiketter.seksjon
    for output, text in (("web", web), ("pdf", pdf)):
        for section in sections.SECTIONS:
            for item in section.items:
                # Print closes a recommendation with a small trailer whose facts carry their own labels.
                heading = None if output == "pdf" and section.trailer else section.label
                for label in filter(None, [heading, item.label]):
                    assert labels[label] in text, (output, label)
                for name in item.fields:
                    for probe in probes[name]:
                        assert probe in text, (output, name, probe)


def _modules() -> dict[str, ast.Module]:
    return {".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__"): ast.parse(
        path.read_text(encoding="utf-8")) for path in PACKAGE.rglob("*.py")}


def _imports(name: str, tree: ast.Module) -> set[str]:
    """Modules of the package that this module imports (at any level, in functions too)."""
    package = name if name.endswith(("generator", "__init__")) else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("generator"):
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("generator"))
    return found


def _package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else module


def test_no_import_cycles_between_stages_and_nothing_imports_the_cli():
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, tree in modules.items():
        targets = {t for t in _imports(name, tree) if t in known and t != name}
        if name != "generator.__main__":
            assert "generator.cli" not in targets, f"{name} imports the command line"
        stage = _package_of(name)
        graph.setdefault(stage, set()).update(_package_of(t) for t in targets if _package_of(t) != stage)
    # Depth-first search for a cycle among the stage packages.
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in graph.get(node, ()):
            assert state.get(nxt) != "open", f"import cycle: {' → '.join(path + [nxt])}"
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for node in graph:
        if node not in state:
            visit(node, [node])


YAML_PARSERS = {"load", "safe_load", "full_load", "unsafe_load", "load_all", "safe_load_all", "compose",
                "compose_all", "parse", "scan"}


def test_only_the_loader_parses_yaml():
    for name, tree in _modules().items():
        if name.startswith("generator.load."):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml":
                assert node.attr not in YAML_PARSERS, f"{name} parses YAML with yaml.{node.attr}"


def test_every_module_is_small():
    for path in PACKAGE.rglob("*.py"):
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= 400, f"{path.relative_to(REPO)} has {lines} lines"


def test_only_one_module_runs_git():
    """Reading git is kept in generator/load/git.py: history, archives for the diff, `describe` for the PDFs."""
    for name, tree in _modules().items():
        if name == "generator.load.git":
            continue
        literals = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        assert "git" not in literals, f"{name} runs git; use generator.load.git"
    assert "git" in {node.value for node in ast.walk(_modules()["generator.load.git"]) if isinstance(node, ast.Constant)}


def test_every_field_of_a_recommendation_is_compared_between_versions_or_said_why_not():
    from generator.model import changes, versions

    assert set(Anbefaling.model_fields) == changes.COVERED
    assert versions.NOT_CONTENT <= set(Anbefaling.model_fields)
