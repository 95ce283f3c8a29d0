"""`edit`: the web editor against this repository, without GitHub.

Decap CMS's local backend: decap-server (npm, installed by `make`) reads and writes the files of content/
directly, listening on 127.0.0.1 only; a small server here serves the editor, whose configuration is made
afresh from the model, site_config and content/ on every load, so a guideline just created gets its
collection of recommendations when the page is reloaded. Records with errors do not stop it: a guideline
that cannot be read is left out of the collections (and named), everything else can be edited.
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread
from typing import Callable

from ..build.project import Project
from ..checks.content import guideline_language
from ..checks.record import check_document
from ..checks.site_config import check_site_config
from ..export.editor.site import EditorData, config_text, copy_assets, json_text, node_modules
from ..load.content import read_content
from ..load.site_config import read_site_config
from ..model.messages import msg
from ..model.problems import Problem
from ..model.records import Retningslinje

STARTUP_SECONDS = 30


def editor_data(project: Project) -> tuple[EditorData, list[Problem]]:
    """The editor's data from whatever can be read; the problems of what could not (site_config's are raised)."""
    config = check_site_config(read_site_config(project.site_config))
    files = read_content(project.content)
    problems = list(files.problems)
    guidelines, taken = [], []
    for folder in files.guidelines:
        taken.append(folder.folder.name)
        taken += [doc.path.stem for doc in folder.records]
        if folder.guideline is None:
            continue
        language = guideline_language(folder.guideline, config)
        meta, found = check_document(folder.guideline, Retningslinje, config.labels(language).verdier.tables())
        problems += found
        if meta is not None:
            guidelines.append(meta)
    return EditorData(config, guidelines, taken), problems


def _styles(folder: Path, project: Project) -> list[str]:
    """The site's stylesheets, copied beside the editor, so its preview looks like the site."""
    import material

    target = folder / "assets" / "stylesheets"
    target.mkdir(parents=True, exist_ok=True)
    theme = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    sources = sorted(theme.glob("main.*.min.css")) + sorted(theme.glob("palette.*.min.css"))
    sources.append(project.root / "overrides" / "assets" / "stylesheets" / "anbefalt.css")
    for path in sources:
        shutil.copyfile(path, target / path.name)
    return [f"../assets/stylesheets/{path.name}" for path in sources]


class _Handler(SimpleHTTPRequestHandler):
    """The editor's files; config.yml and anbefalt.json made on each request from the current content."""

    def __init__(self, *args, project: Project, proxy_url: str, styles: list[str], **kwargs):
        self.project, self.proxy_url, self.styles = project, proxy_url, styles
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path in ("/", "/index.html"):
            self.send_response(302)
            self.send_header("Location", "/admin/")
            self.end_headers()
            return
        if path in ("/admin/config.yml", "/admin/anbefalt.json"):
            data, _problems = editor_data(self.project)
            if path.endswith(".yml"):
                body, kind = config_text(data, self.project.root, self.proxy_url), "text/yaml"
            else:
                body, kind = json_text(data, self.styles), "application/json"
            raw = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(raw)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(raw)
            return
        super().do_GET()

    def log_message(self, *args) -> None:
        pass


def _wait_for_port(port: int, process: subprocess.Popen, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


def start_proxy(project: Project, port: int) -> subprocess.Popen:
    """decap-server in file mode on 127.0.0.1:port, writing to this project's files."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError(msg("edit.no_node"))
    script = node_modules(project.root) / "decap-server" / "dist" / "index.js"
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": "fs",
           "GIT_REPO_DIRECTORY": str(project.root), "LOG_LEVEL": "warn"}
    return subprocess.Popen([node, str(script)], cwd=project.root, env=env)


def serve_editor(project: Project, port: int, proxy_port: int, say: Callable[[str], None],
                 report: Callable[[list[Problem]], None]) -> int:
    folder = project.root / "build" / "editor"
    _data, problems = editor_data(project)
    copy_assets(folder / "admin", project.root, _data.config.sprak)
    styles = _styles(folder, project)
    if problems:
        report(problems)
        say(msg("edit.with_problems"))
    handler = functools.partial(_Handler, directory=str(folder), project=project,
                                proxy_url=f"http://127.0.0.1:{proxy_port}/api/v1", styles=styles)
    httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)  # before decap-server: a port in use stops here
    proxy = start_proxy(project, proxy_port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    serving = Thread(target=httpd.serve_forever, daemon=True)
    try:
        if not _wait_for_port(proxy_port, proxy, STARTUP_SECONDS):
            say(msg("edit.proxy_failed", port=proxy_port))
            return 1
        serving.start()
        say(msg("edit.started", address=f"http://127.0.0.1:{httpd.server_address[1]}/admin/"))
        while proxy.poll() is None:
            time.sleep(0.5)
        say(msg("edit.proxy_stopped"))
        return proxy.returncode or 1
    finally:
        if serving.is_alive():
            httpd.shutdown()
        httpd.server_close()
        if proxy.poll() is None:
            proxy.terminate()
            try:
                proxy.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proxy.kill()
