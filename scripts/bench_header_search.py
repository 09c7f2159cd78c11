"""Time Material's header search as a reader gets it, on a generated catalogue of N practices.

    .venv/bin/python scripts/bench_header_search.py [--practices 10000] [--repeat 5]
        [--site DIR] [--work DIR] [--json]

Issue #9 asks that the header search keep working at 10,000 practices, measured: Material's
search worker downloads `search/search_index.json` and builds a lunr index in the reader's
browser before it can answer, which is what made the default unusable on large sites. This
generates the corpus and builds it (or reuses `--site`), serves it as GitHub Pages does (gzip,
`scripts/bench_explorer.py`'s server), and in Debian's Chromium, per cold visit of a practice
page (fresh context, nothing cached):

* `ready`: ms from navigation start until a query typed as soon as the page has loaded shows
  its first result: download, index building in the worker and the search together;
* `ready - load`: the same from the load event, what a reader who searches at once waits;
* `query`: ms for the same query typed again, once the index is built, to show its results;
* the bytes transferred for the search index.

The query is a word from the first practice's title, so it must find that practice; a visit
whose results do not include it fails the run. Prints medians and 95th percentiles with the
load average.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from bench_explorer import CHROMIUM, build, percentile, serve  # noqa: E402

INPUT = "input.md-search__input"
RESULT = ".md-search-result__item"
INDEX_FILE = "/search/search_index.json"
TIMINGS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const index = performance.getEntriesByType("resource").filter(r => r.name.includes("INDEX"));
  return {load: nav.loadEventEnd, index_bytes: index.reduce((n, r) => n + r.transferSize, 0)};
}""".replace("INDEX", INDEX_FILE)


def first_practice(site: Path) -> tuple[str, str]:
    """The slug of the first practice page and a word of its title that few others share.

    Generated titles end in a number, "(3028)": that is the word; otherwise the longest word.
    A common word would find the practice too, but below the results Material shows at first.
    """
    page = min((site / "practices").glob("*/index.html"))
    found = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
    title = re.sub(r"<[^>]+>", " ", found.group(1) if found else "")
    number = re.search(r"\((\d+)\)", title)
    words = re.findall(r"[A-Za-z]{5,}", title)
    if not (number or words):
        raise SystemExit(f"no title word to search for in {page}")
    return page.parent.name, number.group(1) if number else max(words, key=len)


def results_for(page: Any, query: str, slug: str) -> float:
    """Type `query` into the header search; performance.now() when a result links to `slug`.

    Material searches on keyup, so the last character is pressed as a key.
    """
    page.fill(INPUT, query[:-1])
    page.press(INPUT, query[-1])
    page.wait_for_selector(f"{RESULT} a[href*='practices/{slug}/']", timeout=120_000)
    return page.evaluate("performance.now()")


def visit(browser: Any, url: str, word: str, slug: str) -> dict[str, float]:
    """One cold visit: the practice page, a search at once, then a second search."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.click(INPUT)
        ready = results_for(page, word, slug)
        page.fill(INPUT, "")
        start = page.evaluate("performance.now()")
        done = results_for(page, word, slug)  # searched again, with the index built
        timings = page.evaluate(TIMINGS)
        return {
            "ready": ready,
            "ready_minus_load": ready - timings["load"],
            "query": done - start,
            "index_bytes": timings["index_bytes"],
        }
    finally:
        context.close()


def measure(site: Path, repeat: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    slug, word = first_practice(site)
    load_before = os.getloadavg()
    runs: list[dict[str, float]] = []
    with serve(site) as root, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--disable-gpu", "--no-sandbox"]
        )
        try:
            url = f"{root}practices/{slug}/"
            visit(browser, url, word, slug)  # warm the server's gzip cache
            runs = [visit(browser, url, word, slug) for _ in range(repeat)]
        finally:
            browser.close()

    def stats(name: str) -> dict[str, float]:
        values = [run[name] for run in runs]
        return {
            "median": round(statistics.median(values), 1),
            "p95": round(percentile(values, 0.95), 1),
        }

    index = site / INDEX_FILE.lstrip("/")
    return {
        "query": word,
        "site": str(site),
        "repeat": repeat,
        "index_raw_bytes": index.stat().st_size,
        "index_transferred_bytes": int(statistics.median(r["index_bytes"] for r in runs)),
        "ready_ms": stats("ready"),
        "ready_minus_load_ms": stats("ready_minus_load"),
        "query_ms": stats("query"),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }


def text_report(report: dict[str, Any]) -> str:
    def ms(name: str) -> str:
        return f"{report[name]['median']:.0f} ms (p95 {report[name]['p95']:.0f})"

    return "\n".join(
        [
            f"header search of {report['site']}, query {report['query']!r}, "
            f"{report['repeat']} cold visits of its first practice page",
            f"  search_index.json: {report['index_raw_bytes'] / 1024:.0f} KB raw, "
            f"{report['index_transferred_bytes'] / 1024:.0f} KB transferred",
            f"  first results from navigation start: {ms('ready_ms')}",
            f"  first results after the load event:  {ms('ready_minus_load_ms')}",
            f"  a further query:                     {ms('query_ms')}",
            f"  load average before {report['load_average_before']}, "
            f"after {report['load_average_after']}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=10_000, help="how many to generate")
    parser.add_argument("--repeat", type=int, default=5, help="cold visits (median)")
    parser.add_argument("--site", type=Path, help="a built site to serve (skips the build)")
    parser.add_argument("--work", type=Path, help="where to generate and build (kept)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.site:
        report = measure(args.site, args.repeat)
    elif args.work:
        report = measure(build(args.practices, args.work), args.repeat)
    else:
        with tempfile.TemporaryDirectory(prefix="atlas-header-search-") as tmp:
            report = measure(build(args.practices, Path(tmp)), args.repeat)
    print(json.dumps(report, indent=2) if args.json else text_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
