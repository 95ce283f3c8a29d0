"""The benchmarks run, at a tiny size (their figures come from `make bench`, not from tests)."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO


def test_site_benchmark_runs_and_prints_every_figure():
    result = subprocess.run([sys.executable, str(REPO / "benchmarks/site.py"), "12"], capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    for figure in ("kald bygging", "varm bygging etter én endret anbefaling", "kald / ren mkdocs-material",
                   "kald / Python-Markdown", "ren mkdocs-material med navigation.prune", "Python-Markdown alene",
                   "lagret endring synlig etter", "høyeste minnebruk", "summert PSS", "KB HTML per anbefalingsside",
                   "søkeindeks før første treff"):
        assert figure in result.stdout, figure


def test_synthetic_library_is_valid_content():
    sys.path.insert(0, str(REPO / "benchmarks"))
    from synthetic import write_library

    import tempfile
    from pathlib import Path

    from generator.build.pipeline import check
    from generator.build.project import Project

    with tempfile.TemporaryDirectory() as tmp:
        root = write_library(Path(tmp) / "lib", guidelines=2, chapters=3, per_chapter=2)
        _config, library = check(Project(root))
        assert library.record_count == 12
        rec = library.guidelines[0].recommendations[0].record
        assert len(rec.etd.kriterier) == 8 and rec.nokkelinfo and rec.referanser
