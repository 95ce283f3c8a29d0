"""The message catalog: every message the tool prints is in it, in bokmål and English with the same placeholders,
every key the code asks for exists and every key in it is asked for; `check` speaks the site's language."""

from __future__ import annotations

import re
import string
import subprocess
import sys

import pytest

from conftest import REPO, RECORD, make_project
from generator.model import messages
from generator.model.messages import en, nb

# Keys the code builds from a stage or a kind rather than writing out (f"stage.{name}").
BUILT = {"stage.": ("read", "check", "render", "write", "site", "exports", "swap"), "cli.change_": ("ny", "endret"),
         "editor.pattern_": ("slug", "number", "url", "language")}
# A key in the code: msg("area.name", …), or a literal the code hands msg() later ("yaml.tab").
ASKS = re.compile(r"""\bmsg\(\s*["']([a-z]+\.[a-z_0-9]+)["']""")
USES = re.compile(r"""["']([a-z]+\.[a-z_0-9]+)["']""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _found(pattern: re.Pattern) -> set[str]:
    found = set()
    for path in REPO.glob("generator/**/*.py"):
        found |= set(pattern.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_catalog_has_every_key_with_the_same_placeholders():
    assert set(nb.MESSAGES) == set(en.MESSAGES)
    for key, text in nb.MESSAGES.items():
        assert _placeholders(text) == _placeholders(en.MESSAGES[key]), key


def test_every_key_the_code_asks_for_exists_and_every_key_is_asked_for():
    assert _found(ASKS) - set(nb.MESSAGES) == set(), "asked for but not in the catalog"
    used = _found(USES) | {prefix + name for prefix, names in BUILT.items() for name in names}
    assert set(nb.MESSAGES) - used == set(), "in the catalog but never asked for"


def test_no_module_prints_norwegian_of_its_own():
    """Messages come from the catalog: no f-string or literal in the code outside it holds a Norwegian message word."""
    words = re.compile(r"""["'][^"'\n]*\b(?:feil|ukjent|tillatt|mangler|fant ikke|finnes|påkrevd|forventet)\b""")
    offenders = []
    for path in REPO.glob("generator/**/*.py"):
        # model/schema.py writes CONTRIBUTING.md's field table, in that file's language (bokmål), not a message.
        if "messages" in path.parts or path.name == "schema.py" and path.parent.name == "model":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith("#") or "description=" in line or '"""' in line:
                continue
            if words.search(line) and "severity" not in line and '"feil"' not in line:
                offenders.append(f"{path.relative_to(REPO)}:{number}: {stripped}")
    assert offenders == []


def test_a_language_without_a_catalog_speaks_its_fallback():
    assert messages.catalog_language("nn") == "nb"
    assert messages.catalog_language("en-GB") == "en"
    assert messages.catalog_language("de") == "en"
    with messages.speaking("en"):
        assert messages.msg("cli.errors", count=2) == "Errors: 2."
    assert messages.msg("cli.errors", count=2) == "2 feil."


@pytest.mark.parametrize("language, expected", [
    ("nb", "felt 'gradering.styrke': fant 'sterkk', tillatt: sterk, svak, ikke avklart, ikke gradert, ikke oppgitt "
           "(mente du 'sterk'?)"),
    ("en", "field 'gradering.styrke': found 'sterkk', allowed: strong, conditional, unclear, not graded, not stated"),
])
def test_check_speaks_the_sites_language_and_lists_its_words(tmp_path, language, expected):
    project = make_project(tmp_path, records={"rec": RECORD.replace("styrke: svak", "styrke: sterkk")})
    (project.site_config / "nettsted.yaml").write_text(f"sprak: {language}\n", encoding="utf-8")
    if language == "en":  # the minimal project's guideline is then in bokmål, its records' words too
        guideline = project.content / "test" / "retningslinje.yaml"
        guideline.write_text(guideline.read_text(encoding="utf-8").replace("status: gjeldende", "status: current"),
                             encoding="utf-8")
        rec = project.content / "test" / "anbefalinger" / "rec.yaml"
        rec.write_text(rec.read_text(encoding="utf-8").replace("kunnskapsgrunnlag: lav", "kunnskapsgrunnlag: low")
                       .replace("status: gjeldende", "status: current"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), "check"],
                            cwd=project.root, capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"content/test/anbefalinger/rec.yaml:8:11: {expected}" in result.stderr, result.stderr
    assert result.stderr.strip().endswith("1 feil." if language == "nb" else "Errors: 1.")
