"""Time the explorer as a reader gets it: first results on /explore/, and the bytes it costs.

    .venv/bin/python scripts/bench_explorer.py [--practices 1000] [--repeat 7] [--site DIR]
        [--work DIR] [--json]

It generates N practices (`scripts/generate_corpus.py`), builds the site once (`atlas build`),
serves it the way GitHub Pages does (gzip for text files when the browser accepts it, from a
threaded server on 127.0.0.1) and opens pages in Debian's Chromium through Playwright, each in a
fresh browser context (nothing cached). Per page load it records, from navigation start:

* `first`: when the explorer first rendered results (its "atlas:explore-rendered" event, the
  answer to the query in the URL), and `painted`: just after the next frame, once they show;
* `load`: the load event, and `first - load` (negative: results came before the load event);
* `dom`: DOMContentLoaded; `data`: when the data request started and ended;
* bytes transferred (compressed), for the page and for the explorer's data;
* explore.js's performance marks (data parsed, results rendered, lunr index loaded).

The visits are interleaved: the explorer with no query, the explorer with a few `?q=`, and a
practice page, the floor (a page with the same Material theme and scripts but no explorer, timed
in the same run): on a shared machine the ratio to the floor says more than milliseconds.
`--site` reuses a built site (skips generating and building). Prints medians and 95th
percentiles, and the load average.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
PREFIX = "/atlas/"  # the published site's path (its site_url)
GZIP_TYPES = (".html", ".js", ".json", ".css", ".svg", ".xml", ".txt")
QUERIES = ("diaspora", "nurses Germany", "Sénégal")
DATA_FILE = "/search/practices-index.json"  # the explorer's data
FIRST_RESULTS = """
window.__atlasFirst = null;
window.__atlasPainted = null;
document.addEventListener("atlas:explore-rendered", function () {
  if (window.__atlasFirst !== null) return;
  window.__atlasFirst = performance.now();
  requestAnimationFrame(function () {  // runs before the next paint; the timeout just after it
    setTimeout(function () { window.__atlasPainted = performance.now(); }, 0);
  });
}, true);
"""
TIMINGS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const data = resources.filter(r => r.name.includes("DATA_FILE"));
  const sum = (list) => list.reduce((n, r) => n + (r.transferSize || 0), 0);
  return {
    first: window.__atlasFirst,
    painted: window.__atlasPainted,
    load: nav.loadEventEnd,
    dom: nav.domContentLoadedEventEnd,
    bytes: nav.transferSize + sum(resources),
    data_bytes: sum(data),
    data_start: data.length ? Math.min(...data.map(r => r.startTime)) : null,
    data_end: data.length ? Math.max(...data.map(r => r.responseEnd)) : null,
    marks: Object.fromEntries(performance.getEntriesByType("mark")
      .filter(m => m.name.startsWith("atlas:")).map(m => [m.name, m.startTime])),
  };
}""".replace("DATA_FILE", DATA_FILE)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under PREFIX; text files gzipped when the client accepts gzip, as Pages does."""

    cache: ClassVar[dict[Path, bytes]] = {}
    lock: ClassVar[threading.Lock] = threading.Lock()

    def log_message(self, *args: Any) -> None:
        """Silent: the figures are the output."""

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0]
        if path.startswith(PREFIX):
            path = "/" + path[len(PREFIX) :]
        return super().translate_path(path)

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the slash
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in GZIP_TYPES and path.is_file()):
            return super().send_head()
        with self.lock:
            body = self.cache.get(path)
            if body is None:
                body = self.cache[path] = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Bytes(body)


class _Bytes:
    """What `send_head` returns for `copyfile`: a readable, closable body."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    def read(self, size: int = -1) -> bytes:
        body, self.body = self.body, b""
        return body

    def close(self) -> None:
        """Nothing to release."""


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()


def build(practices: int, work: Path) -> Path:
    """Generate the corpus and build its site; the site folder."""
    project = work / f"p{practices}"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "generate_corpus.py"),
            str(practices),
            str(project),
            "--seed",
            "0",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    atlas = Path(sys.executable).with_name("atlas")
    subprocess.run([str(atlas), "build"], cwd=project, check=True, stdout=subprocess.DEVNULL)
    return project / "build" / "site"


def visit(browser: Any, url: str, explorer: bool) -> dict[str, Any]:
    """One cold page load in a fresh context: its timings (ms from navigation start)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.add_init_script(FIRST_RESULTS)
        page.goto(url, wait_until="load")
        if explorer:
            page.wait_for_selector(
                "#explore-results[data-state=ready]", state="attached", timeout=60_000
            )
            page.wait_for_function("() => window.__atlasPainted !== null", timeout=60_000)
        return page.evaluate(TIMINGS)
    finally:
        context.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "median": round(statistics.median(values), 1),
        "p95": round(percentile(values, 0.95), 1),
    }


def file_sizes(site: Path) -> dict[str, dict[str, int]]:
    """Raw and gzipped bytes of the explorer page and of each of its data files."""
    files = [site / "explore" / "index.html", *sorted((site / "search").glob("*.json"))]
    out = {}
    for path in files:
        data = path.read_bytes()
        out[str(path.relative_to(site))] = {
            "raw": len(data),
            "gzip": len(gzip.compress(data, compresslevel=9)),
        }
    return out


def measure(site: Path, repeat: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    kinds = {
        "no query": "explore/",
        **{f"q={q}": f"explore/?q={q}" for q in QUERIES},
        "floor (practice page)": None,
    }
    practice = next(p.parent.name for p in sorted((site / "practices").glob("*/index.html")))
    runs: dict[str, list[dict[str, Any]]] = {kind: [] for kind in kinds}
    load_before = os.getloadavg()
    with serve(site) as root, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--disable-gpu", "--disable-quic", "--no-sandbox"]
        )
        try:
            visit(browser, root + "explore/", True)  # warm the server's gzip cache and the OS
            for _ in range(repeat):
                for kind, path in kinds.items():
                    if path is None:
                        runs[kind].append(visit(browser, f"{root}practices/{practice}/", False))
                    else:
                        runs[kind].append(visit(browser, root + path, True))
        finally:
            browser.close()
    load_after = os.getloadavg()
    floor = statistics.median(r["load"] for r in runs["floor (practice page)"])
    rows = {}
    for kind, found in runs.items():
        row: dict[str, Any] = {
            "load": summary([r["load"] for r in found]),
            "bytes": int(statistics.median(r["bytes"] for r in found)),
        }
        if kinds[kind] is not None:
            row["first"] = summary([r["first"] for r in found])
            row["painted"] = summary([r["painted"] for r in found])
            row["painted_minus_load"] = summary([r["painted"] - r["load"] for r in found])
            row["dom"] = summary([r["dom"] for r in found])
            row["data_start"] = summary([r["data_start"] for r in found])
            row["data_end"] = summary([r["data_end"] for r in found])
            row["first_minus_load"] = summary([r["first"] - r["load"] for r in found])
            row["painted_over_floor"] = round(row["painted"]["median"] / floor, 2)
            row["data_bytes"] = int(statistics.median(r["data_bytes"] for r in found))
            marks: dict[str, list[float]] = {}
            for r in found:
                for name, at in r["marks"].items():
                    marks.setdefault(name, []).append(at)
            row["marks"] = {name: round(statistics.median(v), 1) for name, v in marks.items()}
        rows[kind] = row
    return {
        "repeat": repeat,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "visits": rows,
        "files": file_sizes(site),
    }


def text_report(report: dict[str, Any]) -> str:
    lines = [
        f"{report['practices']} practices, {report['repeat']} cold loads of each, load "
        f"average {report['load_average_before'][0]} before, "
        f"{report['load_average_after'][0]} after"
    ]
    for name, size in report["files"].items():
        lines.append(f"  {name}: {size['raw'] / 1024:.0f} KB, {size['gzip'] / 1024:.1f} KB gz")
    lines.append("ms from navigation start, median / p95:")
    for kind, row in report["visits"].items():
        text = (
            f"  {kind:<22} load {row['load']['median']:>6} / {row['load']['p95']:<6} "
            f"{row['bytes'] / 1024:.0f} KB"
        )
        if "first" in row:
            text += (
                f"  first {row['first']['median']} / {row['first']['p95']}"
                f"  dom {row['dom']['median']}  data {row['data_start']['median']}-"
                f"{row['data_end']['median']}"
                f"  first-load {row['first_minus_load']['median']} / "
                f"{row['first_minus_load']['p95']}  painted {row['painted']['median']} / "
                f"{row['painted']['p95']}  painted-load {row['painted_minus_load']['median']}"
                f" / {row['painted_minus_load']['p95']}  painted/floor "
                f"{row['painted_over_floor']}"
                f"  data {row['data_bytes'] / 1024:.0f} KB"
            )
            if row["marks"]:
                text += "\n" + " " * 26 + "  ".join(f"{k} {v}" for k, v in row["marks"].items())
        lines.append(text)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--practices",
        type=int,
        default=1000,
        help="how many to generate (with --site: what the report says)",
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--site", type=Path, help="a built site to serve (skips the build)")
    parser.add_argument("--work", type=Path, help="where to generate and build (kept)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"needs Chromium at {CHROMIUM}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="bench-explorer-") as tmp:
        started = time.perf_counter()
        site = args.site or build(args.practices, args.work or Path(tmp))
        built = time.perf_counter() - started
        report = {
            "practices": args.practices,
            "build_seconds": round(built, 1),
            **measure(site, args.repeat),
        }
    print(json.dumps(report, indent=2) if args.json else text_report(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
