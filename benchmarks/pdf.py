"""PDF benchmark: time for each PDF of the default content and for one 100-recommendation synthetic guideline.

Usage: python benchmarks/pdf.py [RECOMMENDATIONS]   (default 100; a small number for a quick run)
Prints figures from one run; nothing is asserted.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator.build.pipeline import check  # noqa: E402
from generator.build.project import Project  # noqa: E402
from generator.export.pdf.documents import PdfExporter  # noqa: E402
from generator.export.pdf.layout import write_all, write_pdf  # noqa: E402
from synthetic import REPO, write_library  # noqa: E402


def timed_documents(exporter: PdfExporter, out: Path) -> list[tuple[str, float, int]]:
    from pypdf import PdfReader

    rows = []
    for doc in exporter.documents(out):
        started = time.perf_counter()
        write_pdf((exporter.html(doc), str(doc.path)))
        rows.append((str(doc.path.relative_to(out)), time.perf_counter() - started, len(PdfReader(doc.path).pages)))
    return rows


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print(f"Maskin: {platform.machine()}, {os.cpu_count()} kjerner, Python {platform.python_version()}")
    config, library = check(Project(REPO))
    exporter = PdfExporter(library, config, "benchmark")
    with tempfile.TemporaryDirectory() as tmp:
        rows = timed_documents(exporter, Path(tmp))
        print("\nStandardinnholdet, én PDF om gangen:")
        for name, seconds, pages in rows:
            if name.count("/") == 2:  # the whole-guideline PDFs
                print(f"  {seconds:6.2f} s  {pages:3d} sider  {name}")
        chapters = [s for n, s, _ in rows if "/kapittel/" in n]
        recs = [s for n, s, _ in rows if "/anbefaling/" in n]
        print(f"  {statistics.mean(chapters):6.2f} s  i snitt per kapittel-PDF ({len(chapters)} stk.)")
        print(f"  {statistics.mean(recs):6.2f} s  i snitt per anbefaling-PDF ({len(recs)} stk.)")
        started = time.perf_counter()
        write_all(exporter, exporter.documents(Path(tmp) / "alle"))
        print(f"  {time.perf_counter() - started:6.2f} s  alle {len(rows)} PDF-er med 2 prosesser (som `build`)")

        per_chapter = max(1, size // 10)
        root = write_library(Path(tmp) / "syntetisk", guidelines=1, chapters=min(10, size), per_chapter=per_chapter)
        config, synthetic = check(Project(root))
        exporter = PdfExporter(synthetic, config, "benchmark")
        whole = exporter.documents(root / "pdf")[0]
        started = time.perf_counter()
        write_pdf((exporter.html(whole), str(whole.path)))
        seconds = time.perf_counter() - started
        from pypdf import PdfReader

        pages = len(PdfReader(whole.path).pages)
        print(f"\nSyntetisk retningslinje med {synthetic.record_count} anbefalinger (full EtD-tabell i hver):")
        print(f"  {seconds:6.2f} s  {pages:3d} sider  hele retningslinjen i én PDF")


if __name__ == "__main__":
    main()
