"""Site benchmark: a synthetic national library built at several sizes, from one run.

Usage: python benchmarks/site.py [N ...]    (default 300 1000 3000 recommendations; e.g. 30 for a quick run)

For each size it prints: records validated and rendered per second; the generator's own time (load and
validate, render, write); the MkDocs build; the total; the site's size; HTML bytes per recommendation page;
the search payload a reader downloads before the first result; peak memory. For comparison, from the same
run: plain mkdocs-material with navigation.prune on the same Markdown pages, and Python-Markdown alone
converting them (the floor). Figures only; nothing is asserted.
"""

from __future__ import annotations

import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import markdown  # noqa: E402

from generator.build.pipeline import Options, build  # noqa: E402
from generator.build.project import Project  # noqa: E402
from synthetic import write_library  # noqa: E402

PLAIN_MKDOCS = """\
INHERIT: build/nav.yml
site_name: Plain
docs_dir: build/docs
site_dir: plain-site
theme:
  name: material
  language: nb
  font: false
  features: [navigation.prune, navigation.indexes]
plugins:
  - search:
      lang: ["no"]
markdown_extensions: [toc, tables, md_in_html, sane_lists]
"""


def search_payload(site: Path) -> int:
    """Bytes a reader's browser fetches for a search before the first hit: the (empty) lunr index Material
    still asks for, Pagefind's script, entry, metadata and Norwegian wasm, the largest index chunk, and the ten
    largest result fragments (an upper bound for one query)."""
    pagefind = site / "pagefind"
    fixed = [site / "search/search_index.json", pagefind / "pagefind.js", pagefind / "pagefind-entry.json",
             pagefind / "wasm.nb.pagefind", *pagefind.glob("pagefind.nb_*.pf_meta")]
    chunks = sorted(p.stat().st_size for p in (pagefind / "index").iterdir())
    fragments = sorted(p.stat().st_size for p in (pagefind / "fragment").iterdir())
    return sum(p.stat().st_size for p in fixed) + chunks[-1] + sum(fragments[-10:])


def shape(n: int) -> tuple[int, int, int]:
    """(guidelines, chapters, recommendations per chapter) for about n recommendations."""
    per_guideline = 100 if n >= 100 else n
    return max(1, n // per_guideline), 10 if per_guideline >= 10 else 1, max(1, per_guideline // 10 if per_guideline >= 10 else per_guideline)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure(n: int, tmp: Path) -> dict:
    guidelines, chapters, per_chapter = shape(n)
    root = write_library(tmp / f"lib-{n}", guidelines, chapters, per_chapter)
    project = Project(root)
    # As `build --no-pdf` does: every stage of the pipeline, timed by the pipeline itself.
    result = build(project, Options(pdf=False))
    t = result.timings
    generator = t["read"] + t["check"] + t["render"] + t["write"]
    total = sum(t.values())
    mkdocs_peak = child_peak_mb()
    rendered, library = result.rendered, result.library

    (root / "plain.yml").write_text(PLAIN_MKDOCS, encoding="utf-8")
    plain_started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "plain.yml")], cwd=root,
                   check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    plain = time.perf_counter() - plain_started

    converter = markdown.Markdown(extensions=["toc", "tables", "md_in_html", "sane_lists"])
    floor_started = time.perf_counter()
    for text in rendered.pages.values():
        converter.reset().convert(text)
    floor = time.perf_counter() - floor_started

    records = library.record_count
    rec_pages = list(project.site.glob("*/anbefaling/*/index.html"))
    search = search_payload(project.site)
    return {
        "records": records,
        "pages": len(rendered.pages),
        "load": t["read"] + t["check"],
        "render": t["render"],
        "write": t["write"],
        "generator": generator,
        "mkdocs": t["site"],
        "exports": t["exports"] + t["swap"],  # search index, minifying, the API and FHIR files
        "total": total,
        "per_second": records / generator,
        "site_mb": folder_bytes(project.site) / 1e6,
        "page_kb": sum(p.stat().st_size for p in rec_pages) / len(rec_pages) / 1e3,
        "search_mb": search / 1e6,
        "peak_mb": max(mkdocs_peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "plain": plain,
        "floor": floor,
    }


def incremental(root: Path) -> tuple[float, float]:
    """Live preview: seconds from saving one record to the served page showing it, and for the first page."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    record = sorted((root / "content").glob("*/anbefalinger/*.yaml"))[0]
    page = f"http://127.0.0.1:{port}/{record.parent.parent.name}/anbefaling/{record.stem}/"

    def wait_for(text: str, limit: float = 300) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < limit:
            try:
                with urllib.request.urlopen(page, timeout=5) as response:
                    if text in response.read().decode("utf-8"):
                        return time.perf_counter() - started
            except OSError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"serve showed no {text!r} within {limit} s")

    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "-q", "--dev-addr",
                               f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first = wait_for("</html>")
        time.sleep(2)
        text = record.read_text(encoding="utf-8").replace("tekst: \"", "tekst: \"Endret i benchmark. ", 1)
        record.write_text(text, encoding="utf-8")
        return first, wait_for("Endret i benchmark.")
    finally:
        server.terminate()
        server.wait(timeout=30)


def zensical(root: Path) -> float | None:
    """Cold build of the same project with Zensical (mkdocs-material's successor), if it is installed."""
    binary = os.environ.get("ZENSICAL") or shutil.which("zensical")
    if not binary:
        return None
    copy = root.parent / f"{root.name}-zensical"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", "plain-site", ".cache"))
    started = time.perf_counter()
    subprocess.run([binary, "build", "--clean", "-f", "mkdocs.yml"], cwd=copy, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [300, 1000, 3000]
    print(f"Maskin: {platform.machine()}, {os.cpu_count()} kjerner, Python {platform.python_version()}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            row = measure(n, Path(tmp))
            rows.append(row)
            print(f"\n{row['records']} anbefalinger ({row['pages']} sider)")
            print(f"  generator: {row['generator']:.2f} s (lese og validere {row['load']:.2f} s, lage Markdown "
                  f"{row['render']:.2f} s, skrive {row['write']:.2f} s), {row['per_second']:.0f} poster/s")
            print(f"  MkDocs-bygging: {row['mkdocs']:.2f} s; søkeindeks, minifisering, API og FHIR: "
                  f"{row['exports']:.2f} s; totalt {row['total']:.2f} s; "
                  f"generatoren er {100 * row['generator'] / row['total']:.1f} % av totalen")
            print(f"  ren mkdocs-material med navigation.prune på de samme sidene: {row['plain']:.2f} s; "
                  f"Python-Markdown alene: {row['floor']:.2f} s (totalt = {row['total'] / row['floor']:.1f} × gulvet)")
            print(f"  nettsted {row['site_mb']:.1f} MB; {row['page_kb']:.1f} KB HTML per anbefalingsside; "
                  f"søkeindeks før første treff {row['search_mb']:.2f} MB; høyeste minnebruk {row['peak_mb']:.0f} MB")
        seconds = zensical(Path(tmp) / f"lib-{sizes[-1]}")
        print(f"\nZensical, kald bygging av samme prosjekt ({rows[-1]['records']} anbefalinger): "
              + (f"{seconds:.2f} s" if seconds is not None else "ikke installert (make bench installerer den)"))
        first, update = incremental(Path(tmp) / f"lib-{sizes[-1]}")
        print(f"\nForhåndsvisning ({rows[-1]['records']} anbefalinger): første side etter {first:.1f} s; "
              f"lagret endring synlig etter {update:.2f} s")
    if len(rows) > 1:
        print(f"\nVekst: {rows[-1]['records']} mot {rows[0]['records']} anbefalinger tok "
              f"{rows[-1]['total'] / rows[0]['total']:.1f} × tiden")


if __name__ == "__main__":
    main()
