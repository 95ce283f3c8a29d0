"""Golden files: every Markdown page, the navigation and every API document the default content makes,
compared with the expected copies kept in tests/golden/.

Any change to the output, intended or not, fails here with the files named and the first diffs shown.
After an intended change, rewrite the expected files with `make golden`
(`pytest tests/test_golden.py --update-golden`) and review `git diff tests/golden` before committing.
Without that option the test only reads tests/golden/.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from conftest import REPO
from generator.build.pipeline import Options, build
from generator.build.project import Project
from generator.export.api import api_files
from generator.checks.site_config import check_site_config
from generator.load.site_config import read_site_config
from generator.render.environment import date_text

GOLDEN = Path(__file__).resolve().parent / "golden"
# tests/golden/markdown/<page>, tests/golden/markdown/nav.json, tests/golden/api/<path under the site>.
KINDS = ("markdown", "api")
SHOWN_DIFFS = 3  # unified diffs in a failure message
DIFF_LINES = 60  # lines shown of each


def _head_commit() -> str | None:
    result = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None


def normalise(text: str, today: date | None = None, commit: str | None = None) -> str:
    """The one place volatile values are masked, in what is compared and in what is written.

    Today's date, as ISO (2024-05-01, also with a time of day after it) or in the site's format
    (01.05.2024, from its label set), becomes <I-DAG>. A git commit becomes <COMMIT>: any full 40-digit hash, and the
    repository's HEAD abbreviated to 7 digits or more (as `git describe` prints it, with its '-endret'
    mark for uncommitted changes). Other dates, such as those the records give, are left alone.
    The Markdown and the API hold none of these today (the PDFs carry the date and the commit);
    this keeps a golden file from going stale by itself the day one appears."""
    today = today or date.today()
    commit = commit if commit is not None else _head_commit()
    iso = re.escape(today.isoformat())
    text = re.sub(iso + r"(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?\b", "<I-DAG>", text)
    site_labels = check_site_config(read_site_config(REPO / "site_config")).etiketter
    text = re.sub(r"(?<!\d)" + re.escape(date_text(today, site_labels)) + r"(?!\d)", "<I-DAG>", text)

    def mask(match: re.Match) -> str:
        digits = match[1]
        return "<COMMIT>" if len(digits) == 40 or (commit and commit.startswith(digits)) else match[0]

    # A hash stands alone or follows `git describe`'s '-g' (v1.0-3-g30097e31ff).
    return re.sub(r"(?:(?<=-g)|\b)([0-9a-f]{7,40})(?:-endret)?\b", mask, text)


def json_text(value) -> str:
    """A JSON document as the build writes it (generator.build.files.write_json_files)."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def generated(root: Path) -> dict[str, str]:
    """Build the default content (read → write, no MkDocs) in a copy at root; every compared file by its
    path under tests/golden/, normalised."""
    for name in ("content", "site_config", "overrides"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    project = Project(root)
    result = build(project, Options(until="write"))
    files = {f"markdown/{path}": text for path, text in result.rendered.pages.items()}
    # The navigation exactly as the pipeline wrote it for mkdocs.yml to inherit (JSON, which is YAML).
    files["markdown/nav.json"] = project.nav.read_text(encoding="utf-8")
    files.update({f"api/{path}": json_text(value) for path, value in api_files(result.library).items()})
    return {path: normalise(text) for path, text in files.items()}


def expected() -> dict[str, str]:
    """The files kept in tests/golden/, by their path under it."""
    return {p.relative_to(GOLDEN).as_posix(): p.read_bytes().decode("utf-8")
            for kind in KINDS for p in sorted((GOLDEN / kind).rglob("*")) if p.is_file()}


def rewrite(actual: dict[str, str]) -> tuple[int, int]:
    """Make tests/golden/ hold exactly these files: write new and changed ones, delete stale ones."""
    written = removed = 0
    for path, text in expected().items():
        if path not in actual:
            (GOLDEN / path).unlink()
            removed += 1
    for path, text in actual.items():
        target = GOLDEN / path
        assert target.resolve().is_relative_to(GOLDEN), path
        if not target.is_file() or target.read_bytes() != text.encode("utf-8"):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
            written += 1
    for kind in KINDS:
        for folder in sorted((GOLDEN / kind).rglob("*"), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return written, removed


def differences(actual: dict[str, str], wanted: dict[str, str]) -> str:
    """A report of every file that differs, is missing or is extra, with the first few diffs; '' if none."""
    changed = sorted(p for p in actual.keys() & wanted.keys() if actual[p] != wanted[p])
    missing = sorted(actual.keys() - wanted.keys())
    extra = sorted(wanted.keys() - actual.keys())
    if not (changed or missing or extra):
        return ""
    lines = ["The build's output differs from the expected files in tests/golden/.",
             "If the change is intended, run `make golden` and review `git diff tests/golden`."]
    for title, paths in ((f"Changed ({len(changed)})", changed),
                         (f"Missing from tests/golden/: the build makes them, no expected file ({len(missing)})", missing),
                         (f"Extra in tests/golden/: expected, but the build no longer makes them ({len(extra)})", extra)):
        if paths:
            lines += [f"{title}:", *(f"  tests/golden/{p}" for p in paths)]
    for path in changed[:SHOWN_DIFFS]:
        diff = list(difflib.unified_diff(wanted[path].splitlines(), actual[path].splitlines(),
                                         f"tests/golden/{path} (expected)", f"{path} (built)", lineterm=""))
        lines += ["", *diff[:DIFF_LINES]]
        if len(diff) > DIFF_LINES:
            lines.append(f"... {len(diff) - DIFF_LINES} more diff lines")
    if len(changed) > SHOWN_DIFFS:
        lines.append(f"\n(diffs of {len(changed) - SHOWN_DIFFS} more changed files not shown)")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def actual(tmp_path_factory) -> dict[str, str]:
    return generated(tmp_path_factory.mktemp("golden"))


def test_markdown_nav_and_api_match_the_golden_files(actual, request, capsys):
    if request.config.getoption("--update-golden"):
        written, removed = rewrite(actual)
        with capsys.disabled():
            print(f"\ntests/golden/: {written} filer skrevet, {removed} fjernet, {len(actual)} i alt.")
    report = differences(actual, expected())
    if report:
        pytest.fail(report, pytrace=False)


def test_the_compared_files_are_the_pages_the_nav_and_the_api(actual):
    kinds = {path.split("/", 1)[0] for path in actual}
    assert kinds == set(KINDS)
    assert "markdown/nav.json" in actual and "markdown/index.md" in actual and "api/api/index.json" in actual


def test_normalise_masks_today_and_commits_and_nothing_else():
    today, commit = date(2024, 5, 1), "30097e31ff5ac741c6c0d0dcc2b0b03475fd86c5"
    text = ("Laget 01.05.2024, 2024-05-01T10:20:30+02:00 og 2024-05-01; versjon 30097e31ff-endret, "
            "v1.0-3-g30097e31ff, 30097e3, 0123456789abcdef0123456789abcdef01234567. "
            "Først publisert 2016-05-01, 01.05.2016, id 30097e, ikke HEAD 30097e4 eller 30097e3abc.")
    assert normalise(text, today, commit) == (
        "Laget <I-DAG>, <I-DAG> og <I-DAG>; versjon <COMMIT>, v1.0-3-g<COMMIT>, <COMMIT>, <COMMIT>. "
        "Først publisert 2016-05-01, 01.05.2016, id 30097e, ikke HEAD 30097e4 eller 30097e3abc.")

