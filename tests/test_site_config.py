"""site_config/: `check` finds everything the build would fail on, with the file, line and field."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import REPO
from generator.model import changes
from generator.model.api_labels import ApiFiler, ApiSide, OpenApiTekster
from generator.model.site_config import Seksjon
from generator.render import sections, versions

LABEL_USES = [
    re.compile(r"\bs\.([a-z_]+)\b"),                      # {% set s = labels.seksjon %} … s.praktisk
    re.compile(r"\bseksjon\.([a-z_]+)\b"),                 # labels.seksjon.x, g.labels.seksjon.x …
    re.compile(r"""(?:\bs|seksjon|labels)\[["']([a-z_]+)["']\]"""),
]


def _used_labels() -> set[str]:
    used = set()
    for path in [*REPO.glob("generator/**/*.j2"), *REPO.glob("generator/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        # `s.` is the templates' short name for the labels; in Python only where a module names them so.
        short = path.suffix == ".j2" or re.search(r"\bs = [a-z._]*seksjon\b", text)
        for pattern in LABEL_USES if short else LABEL_USES[1:]:
            used |= set(pattern.findall(text))
    # A change names the label of its field (model/changes.py); a version list names what each version is.
    used |= changes.labels() | set(versions.KINDS)
    for section in sections.SECTIONS:
        used |= {section.label, *(item.label for item in section.items)} - {None}
        # A facts item labels each of its fields by the field's own name; keyinfo labels each key likewise.
        used |= {name for item in section.items if item.show == "facts" for name in item.fields}
    return used


def test_every_label_the_templates_use_is_declared_and_every_declared_label_is_used():
    declared = set(Seksjon.model_fields)
    used = _used_labels()
    keyinfo = {"fordeler_og_ulemper", "kvalitet_pa_dokumentasjonen", "verdier_og_preferanser", "ressurshensyn"}
    assert used - declared == set()
    assert declared - used - keyinfo == set()


def test_every_part_of_the_api_page_is_used():
    """The API page's labels (api_side) are all shown: on the page (api.md.j2) or in the OpenAPI description."""
    used = (REPO / "generator/render/templates/api.md.j2").read_text(encoding="utf-8") + \
        (REPO / "generator/export/api_schema.py").read_text(encoding="utf-8")
    for model, prefix in ((ApiSide, r"\b(?:a|api_side)\."), (ApiFiler, r"\ba\.filer\."), (OpenApiTekster, r"\b(?:text|openapi_tekster)\.")):
        for name in model.model_fields:
            assert re.search(prefix + name + r"\b", used), f"{model.__name__}.{name} is declared but never shown"


def test_a_missing_label_is_a_positioned_error_from_check_and_build(project):
    path = project.site_config / "etiketter" / "nb.yaml"
    text = path.read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("  praktisk:"))
    path.write_text(text.replace("  praktisk: Praktisk – slik kan anbefalingen følges\n", ""), encoding="utf-8")
    for command in ("check", "build"):
        result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), command],
                                cwd=project.root, capture_output=True, text=True)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        seksjon_line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("seksjon:"))
        assert f"site_config/etiketter/nb.yaml:{seksjon_line}:" in result.stderr, result.stderr
        assert "felt 'seksjon.praktisk' mangler" in result.stderr
    assert line > seksjon_line
    assert not project.site.exists()


def test_an_unknown_label_is_refused_with_a_suggestion(project):
    path = project.site_config / "etiketter" / "nb.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  praktisk:", "  praktsk:"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "check"],
                            cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 1
    assert "ukjent felt 'seksjon.praktsk' (mente du 'praktisk'?)" in result.stderr
