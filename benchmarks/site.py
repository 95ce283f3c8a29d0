"""Site benchmark: a synthetic national library built at several sizes, from one run.

Usage: python benchmarks/site.py [N ...]    (default 1000 3000 10000 recommendations; e.g. 30 for a quick run)

The machine may be shared: up to 3,000 recommendations the cold build, plain mkdocs-material and the floor are
each measured twice, in turns, and the fastest of each is used (the load average is printed around each size).

For each size it prints, all measured in this run: the cold build (`python -m generator build --no-pdf`, empty
cache) with the generator's own stages; the warm build after one record changed; the live preview's delay
from saving a record to the served page showing it; the peak memory of the cold build (all its processes
together); the site's size, HTML per recommendation page and the search payload. For comparison, on the same
Markdown pages: plain mkdocs-material with navigation.prune, and Python-Markdown alone (the floor), with the
cold build's ratio to each. Figures only; nothing is asserted.
"""

from __future__ import annotations

import compileall
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import markdown  # noqa: E402

from generator.build.pipeline import STAGES, stage_name  # noqa: E402
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
GENERATOR = ("read", "check", "history", "render", "write")


def search_payload(site: Path) -> int:
    """Bytes a reader's browser fetches for a search before the first hit: the (empty) lunr index Material
    still asks for, the list of index parts, Pagefind's script and Norwegian wasm (once: merged parts share
    it), for each part its entry, metadata and largest index chunk, and the ten largest result fragments (an
    upper bound for one query)."""
    pagefind = site / "pagefind"
    parts = [pagefind, *sorted((pagefind / "deler").glob("*"))]
    fixed = [site / "search/search_index.json", pagefind / "deler.json", pagefind / "pagefind.js",
             pagefind / "wasm.nb.pagefind"]
    for part in parts:
        fixed += [part / "pagefind-entry.json", *part.glob("pagefind.nb_*.pf_meta")]
    chunks = [max(p.stat().st_size for p in (part / "index").iterdir()) for part in parts]
    fragments = sorted(p.stat().st_size for part in parts for p in (part / "fragment").iterdir())
    return sum(p.stat().st_size for p in fixed) + sum(chunks) + sum(fragments[-10:])


def shape(n: int) -> tuple[int, int, int]:
    """(guidelines, chapters, recommendations per chapter) for about n recommendations."""
    per_guideline = 100 if n >= 100 else n
    return max(1, n // per_guideline), 10 if per_guideline >= 10 else 1, max(1, per_guideline // 10 if per_guideline >= 10 else per_guideline)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


class PeakMemory:
    """The highest total memory of a process and all its descendants, two ways: resident memory (RSS) summed,
    sampled every 50 ms, which counts a page a forked copy shares with its parent in both; and proportional
    (PSS), which counts a page shared by n processes 1/n in each: what the machine needs. Reading a process's
    PSS walks its memory (17 ms for 1 GB), so it is read every half second, not every 50 ms: the build measured
    would otherwise share a core with the sampler."""

    def __init__(self, process: subprocess.Popen):
        self.pid, self.peak, self.peak_pss = process.pid, 0, 0
        self.thread = threading.Thread(target=self._sample, args=(process,), daemon=True)
        self.thread.start()

    def _sample(self, process: subprocess.Popen) -> None:
        last_pss = 0.0
        while process.poll() is None:
            tree, rss = self._tree_rss()
            self.peak = max(self.peak, rss)
            if time.monotonic() - last_pss >= 0.5:
                self.peak_pss = max(self.peak_pss, sum(_pss(pid) for pid in tree))
                last_pss = time.monotonic()
            time.sleep(0.05)

    def _tree_rss(self) -> tuple[set[int], int]:
        parents, rss = {}, {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                    parents[int(entry.name)] = int(fields[1])
                    rss[int(entry.name)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
                except (OSError, IndexError, ValueError):
                    continue
        tree, grown = {self.pid}, True
        while grown:
            grown = False
            for pid, parent in parents.items():
                if parent in tree and pid not in tree:
                    tree.add(pid)
                    grown = True
        return tree, sum(rss.get(pid, 0) for pid in tree)


def _pss(pid: int) -> int:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0
    found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
    return int(found[1]) * 1024 if found else 0


def children_cpu() -> float:
    """CPU seconds (user and system) of every finished child process and its descendants so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_build(root: Path, sampled: bool = True) -> tuple[float, dict[str, float], tuple[float, float], float]:
    """`python -m generator build --no-pdf -v` as an editor or CI runs it: wall time, stage times, peak MB (RSS
    summed, PSS summed; 0 unless sampled: the sampler takes CPU from a build of a second), CPU s."""
    cpu = children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "build", "--no-pdf", "-v"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(process) if sampled else None
    out, err = process.communicate()
    seconds = time.perf_counter() - started
    if memory is not None:
        memory.thread.join()
    if process.returncode != 0:
        raise RuntimeError(err)
    words = {stage_name(name): name for name in STAGES}
    stages = {words[m[1]]: float(m[2]) for m in re.finditer(r"^  (.+): ([\d.]+) s$", err, re.M) if m[1] in words}
    peaks = (memory.peak / 1e6, memory.peak_pss / 1e6) if memory is not None else (0.0, 0.0)
    return seconds, stages, peaks, children_cpu() - cpu


def change_one_record(root: Path, number: int) -> Path:
    records = sorted((root / "content").glob("*/anbefalinger/*.yaml"))
    record = records[number % len(records)]
    text = record.read_text(encoding="utf-8").replace("tekst: \"", f"tekst: \"Endret i benchmark {number}. ", 1)
    record.write_text(text, encoding="utf-8")
    return record


def plain_build(root: Path) -> tuple[float, float]:
    """Plain mkdocs-material with navigation.prune on the same Markdown pages, one process, as a user would run it:
    wall and CPU seconds."""
    (root / "plain.yml").write_text(PLAIN_MKDOCS, encoding="utf-8")
    shutil.rmtree(root / "plain-site", ignore_errors=True)
    cpu = children_cpu()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "plain.yml")], cwd=root,
                   check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.perf_counter() - started, children_cpu() - cpu


def floor_build(root: Path) -> float:
    """Python-Markdown alone converting the same pages with the same extensions: the floor of this stack."""
    pages = [p.read_text(encoding="utf-8") for p in sorted((root / "build/docs").rglob("*.md"))]
    converter = markdown.Markdown(extensions=["toc", "tables", "md_in_html", "sane_lists"])
    started = time.perf_counter()
    for text in pages:
        converter.reset().convert(text)
    return time.perf_counter() - started


def measure(n: int, tmp: Path, repeat: int) -> dict:
    """Cold builds, plain mkdocs-material and the floor taken in turns, `repeat` times each, the fastest of each
    kept (other processes on the machine only ever slow a run down); then warm builds and the preview."""
    guidelines, chapters, per_chapter = shape(n)
    root = write_library(tmp / f"lib-{n}", guidelines, chapters, per_chapter)
    colds, plains, floors = [], [], []
    for _ in range(repeat):
        for folder in (root / "build" / "cache", root / "site"):
            shutil.rmtree(folder, ignore_errors=True)
        colds.append(run_build(root))
        plains.append(plain_build(root))
        floors.append(floor_build(root))
    cold, stages, _, cold_cpu = min(colds, key=lambda run: run[0])
    plain, plain_cpu = min(plains)
    warms = []
    for number in range(repeat):
        change_one_record(root, number)
        warms.append(run_build(root, sampled=False))
    warm, warm_stages, _, _ = min(warms, key=lambda run: run[0])
    shutil.rmtree(root / "plain-site", ignore_errors=True)

    site = root / "site"
    rec_pages = list(site.glob("*/anbefaling/*/index.html"))
    first, saves = preview(root)
    return {
        "n": n, "records": guidelines * chapters * per_chapter, "pages": sum(1 for _ in (root / "build/docs").rglob("*.md")),
        "generator": sum(stages.get(s, 0) for s in GENERATOR), "stages": stages, "cold": cold,
        "colds": [run[0] for run in colds], "peak_mb": max(run[2][0] for run in colds),
        "peak_pss_mb": max(run[2][1] for run in colds),
        "warm": warm, "warms": [run[0] for run in warms], "warm_stages": warm_stages,
        "plain": plain, "plains": [run[0] for run in plains], "floor": min(floors), "floors": floors,
        "cold_cpu": cold_cpu, "plain_cpu": plain_cpu,
        "preview_first": first, "preview": saves,
        "site_mb": folder_bytes(site) / 1e6,
        "page_kb": sum(p.stat().st_size for p in rec_pages) / len(rec_pages) / 1e3,
        "search_mb": search_payload(site) / 1e6,
    }


def preview(root: Path, saves: int = 3) -> tuple[float, list[float]]:
    """Live preview (`serve`, as an editor runs it): seconds to the first page, and from each of a few saves of
    a record to the served page showing it."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def wait_for(page: str, text: str, limit: float = 600) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < limit:
            try:
                with urllib.request.urlopen(page, timeout=5) as response:
                    if text in response.read().decode("utf-8"):
                        return time.perf_counter() - started
            except OSError:
                pass
            time.sleep(0.02)
        raise TimeoutError(f"serve showed no {text!r} within {limit} s")

    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "-q", "--dev-addr",
                               f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first = wait_for(f"http://127.0.0.1:{port}/", "</html>")
        delays = []
        for number in range(1, saves + 1):
            time.sleep(1)
            record = change_one_record(root, number * 37)
            page = f"http://127.0.0.1:{port}/{record.parent.parent.name}/anbefaling/{record.stem}/"
            delays.append(wait_for(page, f"Endret i benchmark {number * 37}."))
        return first, delays
    finally:
        server.terminate()
        server.wait(timeout=30)


def zensical(root: Path) -> float | None:
    """Cold build of the same project with Zensical (mkdocs-material's successor), if it is installed."""
    binary = os.environ.get("ZENSICAL") or shutil.which("zensical")
    if not binary:
        return None
    copy = root.parent / f"{root.name}-zensical"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", "plain-site", "build"))
    subprocess.run([sys.executable, "-m", "generator", "--root", str(copy), "build", "--markdown-only", "-q"], check=True)
    started = time.perf_counter()
    subprocess.run([binary, "build", "--clean", "-f", "mkdocs.yml"], cwd=copy, check=True, capture_output=True)
    return time.perf_counter() - started


def _runs(values: list[float]) -> str:
    return "" if len(values) < 2 else " (raskeste av " + ", ".join(f"{v:.2f}" for v in values) + ")"


def report(row: dict) -> None:
    t, w = row["stages"], row["warm_stages"]
    print(f"\n{row['records']} anbefalinger ({row['pages']} sider)")
    print(f"  kald bygging: {row['cold']:.2f} s{_runs(row['colds'])}; generatoren {row['generator']:.2f} s (lese "
          f"{t['read']:.2f}, kontrollere {t['check']:.2f}, lage {t['render']:.2f}, skrive {t['write']:.2f}); MkDocs i "
          f"deler, med API og FHIR ved siden av, {t['site']:.2f} s; søkeindeks {t['search']:.2f} s")
    print(f"  ren mkdocs-material med navigation.prune på de samme sidene: {row['plain']:.2f} s{_runs(row['plains'])}")
    print(f"  Python-Markdown alene: {row['floor']:.2f} s{_runs(row['floors'])}")
    print(f"  forhold: kald / ren mkdocs-material = {row['cold'] / row['plain']:.2f}; "
          f"kald / Python-Markdown = {row['cold'] / row['floor']:.2f}")
    print(f"  CPU-tid (alle prosesser): kald {row['cold_cpu']:.1f} s, ren mkdocs-material {row['plain_cpu']:.1f} s "
          f"(forhold {row['cold_cpu'] / row['plain_cpu']:.2f})")
    print(f"  varm bygging etter én endret anbefaling: {row['warm']:.2f} s{_runs(row['warms'])} = "
          f"{100 * row['warm'] / row['cold']:.0f} % av kald (generatoren {sum(w.get(s, 0) for s in GENERATOR):.2f} s, "
          f"MkDocs {w['site']:.2f} s, søkeindeks {w['search']:.2f} s, oppdatere nettstedet {w['swap']:.2f} s)")
    delays = row["preview"]
    print(f"  forhåndsvisning: første side etter {row['preview_first']:.1f} s; lagret endring synlig etter "
          f"{statistics.median(delays):.2f} s (median av {len(delays)}, høyest {max(delays):.2f} s)")
    print(f"  høyeste minnebruk, kald bygging (alle prosessene sammen): {row['peak_mb']:.0f} MB summert RSS, "
          f"{row['peak_pss_mb']:.0f} MB summert PSS (delte sider delt mellom prosessene)")
    print(f"  nettsted {row['site_mb']:.1f} MB; {row['page_kb']:.1f} KB HTML per anbefalingsside; "
          f"søkeindeks før første treff {row['search_mb']:.2f} MB")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [1000, 3000, 10000]
    # The generator's bytecode, as an installed package has it (make setup compiles it too): a machine that sets
    # PYTHONDONTWRITEBYTECODE would otherwise compile the generator in every process measured.
    compileall.compile_dir(str(Path(__file__).resolve().parent.parent / "generator"), quiet=1)
    print(f"Maskin: {platform.machine()}, {os.cpu_count()} kjerner, Python {platform.python_version()}; "
          f"last før start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            rows.append(measure(n, Path(tmp), repeat=2 if n <= 3000 else 1))
            report(rows[-1])
            print(f"  last (1, 5, 15 min): {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
            shutil.rmtree(Path(tmp) / f"lib-{n}" / "plain-site", ignore_errors=True)
        compare = max((r for r in rows if r["records"] <= 3000), key=lambda r: r["records"], default=rows[-1])
        seconds = zensical(Path(tmp) / f"lib-{compare['n']}")
        print(f"\nZensical, kald bygging av samme prosjekt ({compare['records']} anbefalinger): "
              + (f"{seconds:.2f} s" if seconds is not None else "ikke installert (make bench installerer den)"))
    if len(rows) > 1:
        print("\nVekst (kald bygging per anbefaling): " + "; ".join(
            f"{r['records']}: {1000 * r['cold'] / r['records']:.1f} ms" for r in rows))


if __name__ == "__main__":
    main()
