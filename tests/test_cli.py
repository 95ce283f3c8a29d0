"""The command line as an editor meets it: clear errors, exit codes, nothing half-written, content untouched."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

from conftest import RECORD, REPO


def run(project, *args):
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(project.root), *args],
                          cwd=project.root, capture_output=True, text=True)


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_check_passes_on_good_content(project):
    result = run(project, "check")
    assert result.returncode == 0
    assert "OK: 1 retningslinjer, 1 anbefalinger" in result.stderr


def test_build_writes_the_site_and_never_touches_content(project):
    before = snapshot(project.content)
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    assert (project.site / "test/anbefaling/rec/index.html").is_file()
    assert snapshot(project.content) == before
    assert not list(project.root.glob(".site-*"))


def test_bad_record_stops_the_build_with_one_line_and_keeps_the_old_site(project):
    assert run(project, "build").returncode == 0
    site_before = snapshot(project.site)
    record = project.content / "test/anbefalinger/rec.yaml"
    record.write_text(RECORD.replace("styrke: svak", "styrke: sterkk"), encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "content/test/anbefalinger/rec.yaml:8:11: felt 'gradering.styrke': fant 'sterkk', tillatt: sterk, svak, "
        "ikke avklart, ikke gradert, ikke oppgitt (mente du 'sterk'?)",
        "1 feil.",
        "Ingenting er bygget.",
    ]
    assert snapshot(project.site) == site_before


def test_failing_mkdocs_build_leaves_the_previous_site_whole(project):
    assert run(project, "build").returncode == 0
    site_before = snapshot(project.site)
    # A link to a page that does not exist fails `mkdocs build --strict`.
    (project.content / "test/retningslinje.yaml").write_text(
        (project.content / "test/retningslinje.yaml").read_text(encoding="utf-8").replace(
            "Innledning med sitat", "Se [siden](finnes-ikke.md). Innledning med sitat"), encoding="utf-8")
    result = run(project, "build")
    assert result.returncode == 1
    assert "finnes-ikke.md" in result.stderr
    assert "Steget «bygge nettstedet med MkDocs» feilet" in result.stderr
    assert result.stderr.rstrip().endswith("site/ er uendret.")
    assert "Traceback" not in result.stderr
    assert snapshot(project.site) == site_before
    assert not list(project.root.glob(".site-*"))


def test_check_json_output_for_tools(project):
    (project.content / "test/anbefalinger/rec.yaml").write_text(RECORD.replace("lav", "middels"), encoding="utf-8")
    result = run(project, "check", "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout) == [{
        "path": "content/test/anbefalinger/rec.yaml", "line": 10, "column": 20, "severity": "feil",
        "message": "felt 'kunnskapsgrunnlag': fant 'middels', tillatt: høy, moderat, lav, svært lav, konsensus",
    }]


def test_unchanged_pages_are_not_rewritten(project):
    assert run(project, "build", "--markdown-only").returncode == 0
    page = project.docs / "test/anbefaling/rec.md"
    mtime = page.stat().st_mtime_ns
    result = run(project, "build", "--markdown-only")
    assert "(0 endret)" in result.stderr
    assert page.stat().st_mtime_ns == mtime


def test_output_read_by_a_pipe_closed_early_ends_without_a_traceback(project):
    """`check --format json | head -c 100`, with output unbuffered (PYTHONUNBUFFERED, as CI sets it): the reader
    has gone before the first write; the command ends with status 1 and says nothing more."""
    (project.content / "test/anbefalinger/rec.yaml").write_text(RECORD.replace("lav", "middels"), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(project.root), "check", "--format",
                                "json"], cwd=project.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    process.stdout.close()
    error = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in error and "BrokenPipeError" not in error, error


def test_ctrl_c_while_the_pdfs_are_laid_out_ends_the_build_at_once(tmp_path):
    """Ctrl-C (SIGINT to the build's process group) while the PDFs are laid out beside MkDocs: the build ends
    within seconds with status 130, no traceback, no process of its own left and no site written. It waited
    for the PDFs' time budget (20 s and more) before: the layout workers had died of the signal, and the
    exports thread kept waiting for their documents."""
    for name in ("content", "site_config", "overrides"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    process = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(tmp_path), "build", "-v"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    said = []
    for line in process.stderr:  # the write stage is over: the site stage, with the PDFs beside it, begins
        said.append(line)
        if line.startswith("  skrive Markdown"):
            break
    time.sleep(1.0)
    os.killpg(process.pid, signal.SIGINT)
    interrupted = time.monotonic()
    _out, error = process.communicate(timeout=60)
    seconds = time.monotonic() - interrupted
    assert process.returncode == 130, "".join(said) + error
    assert seconds < 8, seconds
    assert "Traceback" not in error, error
    left = subprocess.run(["ps", "-o", "stat=,args=", "-g", str(process.pid)], capture_output=True, text=True)
    assert [line for line in left.stdout.splitlines() if "python" in line and not line.startswith("Z")] == []
    assert not (tmp_path / "site").exists() and not list(tmp_path.glob(".site-*"))
