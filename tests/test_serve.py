"""The live preview picks up a saved record, and survives a bad one."""

from __future__ import annotations

import html
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import RECORD, make_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, needle: str, seconds: float = 60) -> bool:
    """Whether the page shows needle, as a reader reads it (entities decoded: the pages are minified)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if needle in html.unescape(fetch(url)):
            return True
        time.sleep(0.3)
    return False


def start_serve(root) -> tuple[subprocess.Popen, int]:
    """`serve` as an editor runs it, on a free loopback port; its output is read when it is stopped."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve",
                               "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return server, port


def test_saving_a_record_updates_the_served_page(tmp_path):
    project = make_project(tmp_path)
    server, port = start_serve(tmp_path)
    try:
        url = f"http://127.0.0.1:{port}/test/anbefaling/rec/"
        assert wait_for(url, "Helsepersonell bør gjøre noe.")
        record = project.content / "test/anbefalinger/rec.yaml"
        record.write_text(RECORD.replace("styrke: svak", "styrke: sterkk"), encoding="utf-8")
        time.sleep(1)
        record.write_text(RECORD.replace("gjøre noe.", "gjøre noe annet."), encoding="utf-8")
        assert wait_for(url, "Helsepersonell bør gjøre noe annet.")
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "rec.yaml:8:11: felt 'gradering.styrke': fant 'sterkk'" in output
    assert "Traceback" not in output


def test_serve_starts_with_an_invalid_record_and_shows_its_error_on_the_pages(tmp_path):
    bad = RECORD.replace("id: rec", "id: feil").replace("styrke: svak", "styrke: sterkk").replace('"1"', '"2"')
    project = make_project(tmp_path, records={"rec": RECORD, "feil": bad})
    server, port = start_serve(tmp_path)
    try:
        url = f"http://127.0.0.1:{port}/test/anbefaling/rec/"
        assert wait_for(url, "Helsepersonell bør gjøre noe.")
        assert wait_for(url, "anbefalinger/feil.yaml:8:11: felt 'gradering.styrke': fant 'sterkk'")
        # Fixed, the record appears and the list of errors goes away.
        (project.content / "test/anbefalinger/feil.yaml").write_text(bad.replace("sterkk", "sterk"), encoding="utf-8")
        assert wait_for(f"http://127.0.0.1:{port}/test/anbefaling/feil/", "Helsepersonell bør gjøre noe.")
        assert "anbefalt-feil" not in fetch(url)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "Traceback" not in output and "utelatt" in output


def test_a_page_the_preview_wrote_is_put_right_when_the_preview_starts_again(tmp_path):
    """The preview writes saved pages into its folder itself; a preview started again after the record changed
    back shows the record as it is, not the page the last preview wrote."""
    project = make_project(tmp_path)
    record = project.content / "test/anbefalinger/rec.yaml"
    url_of = lambda port: f"http://127.0.0.1:{port}/test/anbefaling/rec/"  # noqa: E731
    server, port = start_serve(tmp_path)
    try:
        assert wait_for(url_of(port), "Helsepersonell bør gjøre noe.")
        record.write_text(RECORD.replace("gjøre noe.", "gjøre noe annet."), encoding="utf-8")
        assert wait_for(url_of(port), "Helsepersonell bør gjøre noe annet.")
    finally:
        server.terminate()
        server.communicate(timeout=20)
    record.write_text(RECORD, encoding="utf-8")
    server, port = start_serve(tmp_path)
    try:
        assert wait_for(url_of(port), "Helsepersonell bør gjøre noe.")
        assert "gjøre noe annet" not in fetch(url_of(port))
    finally:
        server.terminate()
        server.communicate(timeout=20)
