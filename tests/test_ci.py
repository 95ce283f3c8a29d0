"""What runs on GitHub: the pull-request workflow lints YAML like pre-commit, drives a browser an Ubuntu
runner can install, and fetches the history the semantic diff reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from conftest import RECORD, REPO

BIN = Path(sys.executable).parent


def _workflow(name: str) -> dict:
    return yaml.safe_load((REPO / ".github/workflows" / name).read_text(encoding="utf-8"))


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_yamllint_as_ci_runs_it_refuses_a_record_saved_with_windows_line_endings(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "rec.yaml").write_bytes(RECORD.replace("\n", "\r\n").encode("utf-8"))
    result = subprocess.run([str(BIN / "yamllint"), "-c", str(REPO / ".yamllint.yaml"), "-f", "github", "content"],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert "::error file=content/rec.yaml,line=1" in result.stdout and "new-lines" in result.stdout


def test_pull_request_workflow_lints_uses_a_runner_browser_and_has_the_history_for_diff():
    steps = _steps(_workflow("pull-request.yml"))
    runs = [step.get("run", "") for step in steps]
    assert any(run.startswith(".venv/bin/yamllint -f github content site_config") for run in runs)
    chrome = next(step for step in steps if step.get("uses", "").startswith("browser-actions/setup-chrome@"))
    tests = next(step for step in steps if step.get("run") == "make test")
    assert tests["env"]["ANBEFALT_CHROMIUM"] == f"${{{{ steps.{chrome['id']}.outputs.chrome-path }}}}"
    assert steps.index(chrome) < steps.index(tests)
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert any("generator diff" in run for run in runs) and checkout["with"]["fetch-depth"] == 0
    assert not any("apt-get" in run for run in runs)


def test_make_installs_no_debian_browser_when_one_is_named():
    """With a browser named, `make system-test` leaves apt alone even when its package is missing."""
    result = subprocess.run(["make", "--no-print-directory", "system-test",
                             "DEBIAN_TEST_PACKAGES=anbefalt-no-such-package", "ANBEFALT_CHROMIUM=/opt/chrome/chrome"],
                            cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Installerer" not in result.stdout + result.stderr


def test_publish_and_pull_request_workflows_fetch_the_whole_history_and_publish_with_the_sites_address():
    for name in ("publish.yml", "pull-request.yml"):
        steps = _steps(_workflow(name))
        checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
        assert checkout["with"]["fetch-depth"] == 0, name
    steps = _steps(_workflow("publish.yml"))
    pages = next(step for step in steps if step.get("uses", "").startswith("actions/configure-pages@"))
    build = next(step for step in steps if step.get("run", "").startswith("make site"))
    assert steps.index(pages) < steps.index(build)
    assert f"steps.{pages['id']}.outputs.base_url" in build["run"]


def test_make_site_passes_the_address_to_the_build():
    result = subprocess.run(["make", "-n", "--no-print-directory", "site", "ADRESSE=https://example.org/x/",
                             f"BIN={BIN}"], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert '--adresse "https://example.org/x/"' in result.stdout, result.stdout + result.stderr


def test_publish_workflow_builds_shards_in_a_matrix_and_merges_them_with_the_ordinary_build():
    """The runners' steps are the ones test_shards.py runs: `build --part K/N` into the cache folder, kept by
    actions/cache, uploaded, and put together in the last job's cache folder before `make site`."""
    from generator.build.project import Project

    jobs = _workflow("publish.yml")["jobs"]
    shards, merge = jobs["shards"], jobs["build"]
    parts = shards["strategy"]["matrix"]["part"]
    assert parts == list(range(1, len(parts) + 1)) and len(parts) > 1
    cache = Project(Path(".")).cache.as_posix() + "/shards"
    runs = [step.get("run", "") for step in shards["steps"]]
    assert any(run.startswith(".venv/bin/python -m generator build --part ${{ matrix.part }}/${{ strategy.job-total }}")
               for run in runs)
    kept = next(s for s in shards["steps"] if s.get("uses", "").startswith("actions/cache@"))
    uploaded = next(s for s in shards["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert kept["with"]["path"] == cache and uploaded["with"]["path"].rstrip("/") == cache
    assert merge["needs"] == "shards"
    downloaded = next(s for s in merge["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    assert downloaded["with"]["path"] == cache and downloaded["with"]["merge-multiple"] is True
    steps = merge["steps"]
    assert steps.index(downloaded) < steps.index(next(s for s in steps if s.get("run", "").startswith("make site")))
