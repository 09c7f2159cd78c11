#!/usr/bin/env python3
"""Benchmark the Atlas at catalogue sizes N: check, build, page weights and the live preview.

    python scripts/bench.py [--sizes 100,1000] [--repeat 3] [--serve 1000] [--profile 1000]

For each N (default 100 and 1,000; the issue's full run is `--sizes 100,1000,5000,10000`), a
project with N practices and N//4 actors is generated in a temporary folder
(`scripts/generate_corpus.py`, seed 0: prose-like bodies under the six sections, every field of
the content model, every cross-reference valid), then measured, each timing the median of
`--repeat` runs (`--repeat-large` at 5,000 and above), interleaved so a change in the machine's
load hits every measurement alike:

- check: `atlas.catalogue.load(root)` in-process (everything `atlas check` does but printing),
  and `atlas check` as a command (with Python's start-up);
- bare: reading every entry and parsing its front-matter with PyYAML's CSafeLoader, the floor of
  any YAML-based checker;
- build: `atlas build` as a command (check, then the strict build into build/site), its peak
  memory (the child's maximum resident set size), the site's size and page weights;
- floor: a plain Material build of the same entries' Markdown bodies, practices and actors
  (`# title` and body as docs pages, a one-item nav, `plugins: [search]`, `theme: material`
  with `font: false`), `mkdocs build` as a command: what any MkDocs site of these pages costs;
- the floor read the other way: a plain Material build (Material as it comes, one-item nav,
  `plugins: [search]`) of the same Markdown the Atlas publishes, every generated page included
  ("plain Material on our Markdown"): what `atlas build` costs over it is the plugin's own work;
  beside it "Material on our pages", the same pages with the site's navigation and theme;
- page weights: the median and largest practice page, the largest generated page of each kind
  (lists of practices grow with N), the explorer's data (`search/practices-index.json`) and
  what a reader downloads for Material's header search (`search/search_index.json` and the
  search worker), gzipped (level 6, as web servers do).

`--serve N` (default 1000 when measured) starts `atlas serve` on a free port, waits for the
first build, then edits entries and polls their page until the edit shows: a body edit (one
page changes) and a title edit (every list naming the practice changes), reported as seconds
from the file write to the changed page being served. `--profile N` profiles one in-process
`atlas build`, all of it in one process (pyinstrument when installed, else cProfile), into
build/bench/profile-N.txt.

Prints a table with the ratios to the floors, writes build/bench/bench.json and the Markdown
table build/bench/bench.md (for docs/performance.md). Targets (docs/performance.md): build at
most 1.5x the floor, check at most 3x bare parsing, a practice page at most 60 KB whatever N,
the explorer's data at most 250 KB and the header search at most 600 KB gzipped at 1,000
practices, no generated page over 2 MB, a preview edit shown within 5 s at 1,000 practices.
"""

from __future__ import annotations

import argparse
import gc
import gzip
import io
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "scripts"))

from generate_corpus import generate  # noqa: E402

from atlas import catalogue  # noqa: E402

# The build day of every run (after every generated `last_reviewed`), as in the tests.
PINNED_EPOCH = str(int(datetime(2026, 11, 25, 12, 0, tzinfo=UTC).timestamp()))
TARGETS = {
    "build_ratio": 1.5,  # atlas build / plain Material build, at 1,000 and 10,000
    "check_ratio": 3.0,  # atlas check / bare CSafeLoader parsing
    "practice_page_kb": 60,  # a practice page's HTML, at any N
    "explorer_gz_kb_at_1000": 250,  # search/practices-index.json gzipped
    "header_search_gz_kb_at_1000": 600,  # Material's search_index.json + worker, gzipped
    "page_mb": 2.0,  # any generated page
    "preview_seconds_at_1000": 5.0,  # an edit shown by atlas serve
}
LIST_KINDS = (
    "practices",
    "explore",
    "actors",
    "countries",
    "regions",
    "themes",
    "typologies",
    "dimensions",
    "status",
    "evidence",
    "mobility",
    "sectors",
    "target-groups",
    "skill-levels",
    "gcm-objectives",
    "actor-types",
)
CPU: list[float] = []  # CPU seconds of each command run by `run_child`, in order


# Helpers --------------------------------------------------------------------------------


def env() -> dict[str, str]:
    values = dict(os.environ)
    values.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=PINNED_EPOCH, PYTHONHASHSEED="0")
    return values


def python(*args: str) -> list[str]:
    """A command running this Python without the working folder on sys.path (`-P`): a project
    folder holds `atlas/theme/`, which would shadow the `atlas` package."""
    return [sys.executable, "-P", *args]


def run_child(command: list[str], cwd: Path) -> tuple[float, int, str]:
    """Run a command; return wall seconds, its peak RSS in KB and stderr. Its CPU seconds (user
    and system, with the processes it waited for) are in `CPU[-1]`: on a shared machine they
    vary less than wall time."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, cwd=cwd, env=env(), stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        CPU.append(usage.ru_utime + usage.ru_stime)
        child.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if child.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({child.returncode}):\n{text[-3000:]}")
    return seconds, usage.ru_maxrss, text


def gz_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def entry_files(root: Path) -> list[Path]:
    return sorted(
        path
        for folder in ("content/practices", "content/actors")
        for path in (root / folder).iterdir()
        if path.suffix == ".md"
    )


def bare_parse(files: list[Path]) -> int:
    """Read, split and CSafeLoader-parse every entry's front-matter: the floor of a check."""
    keys = 0
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        _, front, _body = text.split("---\n", 2)
        keys += len(yaml.load(front, Loader=yaml.CSafeLoader))
    return keys


def timed(func: Any, *args: Any) -> float:
    gc.collect()
    started = time.perf_counter()
    func(*args)
    return time.perf_counter() - started


# The floor: plain Material over the entries' Markdown -----------------------------------


FLOOR_CONFIG = """\
site_name: Floor
docs_dir: docs
site_dir: site
nav:
  - Home: index.md
theme:
  name: material
  font: false
plugins:
  - search
"""


def write_floor(root: Path, out: Path) -> None:
    """The entries' bodies (the N practices and N/4 actors the benchmark generates) as plain
    docs pages (`# title` then the body), with a one-item nav."""
    (out / "docs").mkdir(parents=True)
    (out / "docs" / "index.md").write_text("# Floor\n\nThe entries, as plain pages.\n")
    for kind in ("practices", "actors"):
        docs = out / "docs" / kind
        docs.mkdir()
        for path in sorted((root / "content" / kind).glob("*.md")):
            _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
            meta = yaml.load(front, Loader=yaml.CSafeLoader)
            title = meta.get("title") or meta["name"]  # an actor's title is its name
            (docs / path.name).write_text(f"# {title}\n\n{body.strip()}\n", encoding="utf-8")
    (out / "mkdocs.yml").write_text(FLOOR_CONFIG, encoding="utf-8")


def write_site_floor(root: Path, out: Path) -> None:
    """Atlas's own pages as plain docs pages, built by Material without the Atlas plugin.

    Not a target: it shows how much of `atlas build` is MkDocs and Material rendering the
    site's pages (same Markdown, navigation, extensions and theme overrides) and how much is the
    plugin's own work (loading, generating, sanitising, the explorer's index, the open data).
    """
    from atlas.site.outputs import SiteOutputs
    from atlas.site.pages import SitePages

    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    cat = catalogue.load(root).catalogue
    docs = out / "docs"
    shutil.copytree(root / config.get("docs_dir", "docs"), docs)
    for src, text in SiteOutputs(cat, config.get("site_url", "")).pages().items():
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text(text, encoding="utf-8")
    home = docs / "index.md"
    home.write_text(
        home.read_text(encoding="utf-8").rstrip() + "\n\n" + SitePages(cat).home_sections(),
        encoding="utf-8",
    )
    config.update(docs_dir="docs", site_dir="site", strict=False, plugins=["search"])
    config["theme"]["custom_dir"] = str(root / config["theme"].get("custom_dir", "."))
    config["markdown_extensions"] = [
        *config.get("markdown_extensions", []),
        "atlas.mkdocs_plugin.generated_pages:FinishedHtml",
    ]
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


def write_pages_floor(root: Path, out: Path) -> None:
    """The other reading of the issue's floor: a plain Material build of the same Markdown the
    Atlas publishes (every generated page, the home and static pages) with a small navigation.

    `write_site_floor`'s pages and Markdown extensions, but Material as it comes (no theme
    overrides, no extra CSS or JavaScript, `font: false`), a one-item nav and `plugins:
    [search]`, as in FLOOR_CONFIG. What `atlas build` costs over it is the plugin's own work.
    """
    write_site_floor(root, out)
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    config["nav"] = [{"Home": "index.md"}]
    config["theme"] = {"name": "material", "font": False}
    for key in ("extra_css", "extra_javascript", "validation"):
        config.pop(key, None)
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")


# Page weights ---------------------------------------------------------------------------


def site_weights(root: Path, site: Path) -> dict[str, Any]:
    slugs = [p.stem for p in (root / "content" / "practices").glob("*.md")]
    practice_sizes = sorted((site / "practices" / s / "index.html").stat().st_size for s in slugs)
    total = 0
    pages: list[tuple[int, str]] = []
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            if path.suffix == ".html":
                pages.append((size, path.relative_to(site).as_posix()))
    largest_by_kind: dict[str, dict[str, Any]] = {}
    for size, rel in pages:
        kind = rel.split("/")[0] if "/" in rel else "(top)"
        if kind in LIST_KINDS or kind == "(top)":
            key = kind
            if kind == "practices" and rel != "practices/index.html" and "/page/" not in rel:
                continue  # entry pages are measured above
            if size > largest_by_kind.get(key, {}).get("bytes", -1):
                largest_by_kind[key] = {"bytes": size, "page": rel}
    search_index = (site / "search" / "search_index.json").read_bytes()
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.js"))
    worker = workers[0].read_bytes() if workers else b""
    explorer = (site / "search" / "practices-index.json").read_bytes()
    pages.sort(reverse=True)
    return {
        "site_bytes": total,
        "html_pages": len(pages),
        "practice_page_median_bytes": int(median(practice_sizes)),
        "practice_page_max_bytes": practice_sizes[-1],
        "explorer_bytes": len(explorer),
        "explorer_gz_bytes": gz_size(explorer),
        "search_index_bytes": len(search_index),
        "search_index_gz_bytes": gz_size(search_index),
        "search_worker_gz_bytes": gz_size(worker),
        "header_search_gz_bytes": gz_size(search_index) + gz_size(worker),
        "largest_pages": [{"bytes": s, "page": p} for s, p in pages[:5]],
        "largest_by_kind": dict(sorted(largest_by_kind.items())),
    }


# The live preview -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, marker: str | None, limit: float, step: float = 0.05) -> float | None:
    """Seconds until the page at `url` answers (and contains `marker`), or None."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        text = fetch(url)
        if text is not None and (marker is None or marker in text):
            return time.perf_counter() - started
        time.sleep(step)
    return None


def measure_serve(root: Path, edits: int = 3, limit: float = 120.0) -> dict[str, Any]:
    """Start `atlas serve`, then time edits from the file write to the changed page."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = (root / "serve.log").open("wb")
    started = time.perf_counter()
    server = subprocess.Popen(
        python("-m", "atlas.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"),
        cwd=root,
        env=env(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    practices = sorted((root / "content" / "practices").glob("*.md"))
    result: dict[str, Any] = {"port": port, "body_edits": [], "title_edit": None}
    try:
        first = f"{base}practices/{practices[0].stem}/"
        ready = wait_for(first, None, limit=600, step=0.5)
        if ready is None:
            raise RuntimeError("atlas serve did not answer; see serve.log")
        result["first_build_seconds"] = round(time.perf_counter() - started, 2)
        time.sleep(2)  # let the watcher settle after the first build
        step = max(1, len(practices) // (edits + 1))
        for number in range(edits):
            path = practices[(number + 1) * step]
            marker = f"Preview edit marker {number} {time.time_ns()}"
            text = path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{marker}.\n"
            path.write_text(text, encoding="utf-8")
            seconds = wait_for(f"{base}practices/{path.stem}/", marker, limit)
            result["body_edits"].append(round(seconds, 2) if seconds is not None else None)
            time.sleep(4)  # an editor between two saves; the background refresh ends
        # A title edit changes the practice page and every list that names it.
        path = practices[-1]
        marker = f"Retitled practice {time.time_ns()}"
        text = re.sub(
            r"^title: .*$",
            f'title: "{marker}"',
            path.read_text(encoding="utf-8"),
            count=1,
            flags=re.M,
        )
        path.write_text(text, encoding="utf-8")
        seconds = wait_for(f"{base}practices/{path.stem}/", marker, limit)
        result["title_edit"] = round(seconds, 2) if seconds is not None else None
        if seconds is not None:  # and the full list shows it too
            listed = wait_for(f"{base}practices/", marker, limit)
            result["title_edit_in_list"] = (
                round(seconds + listed, 2) if listed is not None else None
            )
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    done = [s for s in result["body_edits"] if s is not None]
    result["body_edit_median_seconds"] = round(median(done), 2) if done else None
    return result


# Profiling ------------------------------------------------------------------------------


def profile_build(root: Path, out: Path) -> str:
    """Profile one in-process `atlas build` of `root`; write the report to `out`.

    The build runs in one process (`ATLAS_NO_FORK`): a profiler sees only its own process, and
    `atlas build` otherwise shares the pages with forked ones and computes the open data in one.
    """
    os.environ.update(NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=PINNED_EPOCH, ATLAS_NO_FORK="1")
    from atlas.mkdocs_plugin import commands

    site = root / "build" / "profiled-site"
    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None
    if Profiler is not None:
        profiler = Profiler()
        profiler.start()
        commands.build(root, site)
        profiler.stop()
        text = profiler.output_text(unicode=True, color=False, show_all=False)
    else:
        import cProfile
        import pstats

        cprofiler = cProfile.Profile()
        cprofiler.enable()
        commands.build(root, site)
        cprofiler.disable()
        stream = io.StringIO()
        pstats.Stats(cprofiler, stream=stream).sort_stats("cumulative").print_stats(40)
        text = stream.getvalue()
    del os.environ["ATLAS_NO_FORK"]
    out.write_text(text, encoding="utf-8")
    return text


# One size -------------------------------------------------------------------------------


def measure(n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    root = work / f"project-{n}"
    started = time.perf_counter()
    generate(n, root, seed=args.seed)
    generated = time.perf_counter() - started
    floor = work / f"floor-{n}"
    write_floor(root, floor)
    site_floor = work / f"site-floor-{n}"
    pages_floor = work / f"pages-floor-{n}"
    if args.site_floor:
        write_site_floor(root, site_floor)
        write_pages_floor(root, pages_floor)
    files = entry_files(root)
    repeat = args.repeat_large if n >= 5000 else args.repeat
    bare_parse(files)  # warm the page cache
    checks, cli_checks, bares, builds, floors, site_floors = [], [], [], [], [], []
    pages_floors: list[float] = []
    build_cpu, floor_cpu = [], []
    build_rss, floor_rss = [], []
    problems = 0
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        loaded = catalogue.load(root)
        checks.append(time.perf_counter() - started)
        problems = len(loaded.problems)
        bares.append(timed(bare_parse, files))
        cli_checks.append(run_child(python("-m", "atlas.cli", "check"), root)[0])
        seconds, rss, _ = run_child(python("-m", "atlas.cli", "build"), root)
        builds.append(seconds)
        build_cpu.append(CPU[-1])
        build_rss.append(rss)
        seconds, rss, _ = run_child(python("-m", "mkdocs", "build", "-q"), floor)
        floors.append(seconds)
        floor_cpu.append(CPU[-1])
        floor_rss.append(rss)
        if args.site_floor:
            site_floors.append(run_child(python("-m", "mkdocs", "build", "-q"), site_floor)[0])
            pages_floors.append(run_child(python("-m", "mkdocs", "build", "-q"), pages_floor)[0])
    weights = site_weights(root, root / "build" / "site")
    floor_search = (floor / "site" / "search" / "search_index.json").read_bytes()
    row: dict[str, Any] = {
        "practices": n,
        "actors": max(1, n // 4),
        "entry_files": len(files),
        "repeat": repeat,
        "generate_seconds": round(generated, 2),
        "check_seconds": round(median(checks), 3),
        "check_cli_seconds": round(median(cli_checks), 3),
        "bare_seconds": round(median(bares), 3),
        "check_ratio": round(median(checks) / median(bares), 2),
        "build_seconds": round(median(builds), 2),
        "floor_seconds": round(median(floors), 2),
        "build_ratio": round(median(builds) / median(floors), 2),
        "build_cpu_seconds": round(median(build_cpu), 2),
        "floor_cpu_seconds": round(median(floor_cpu), 2),
        "build_cpu_ratio": round(median(build_cpu) / median(floor_cpu), 2),
        "build_ms_per_practice": round(1000 * median(builds) / n, 2),
        "floor_ms_per_practice": round(1000 * median(floors) / n, 2),
        "material_on_our_pages_seconds": round(median(site_floors), 2) if site_floors else None,
        "pages_floor_seconds": round(median(pages_floors), 2) if pages_floors else None,
        "build_over_pages_floor": (
            round(median(builds) / median(pages_floors), 2) if pages_floors else None
        ),
        "build_peak_rss_mb": round(max(build_rss) / 1024, 1),
        "floor_peak_rss_mb": round(max(floor_rss) / 1024, 1),
        "floor_search_index_gz_bytes": gz_size(floor_search),
        "problems": problems,
        "runs": {
            "check": [round(s, 3) for s in checks],
            "bare": [round(s, 3) for s in bares],
            "build": [round(s, 2) for s in builds],
            "floor": [round(s, 2) for s in floors],
            "material_on_our_pages": [round(s, 2) for s in site_floors],
            "pages_floor": [round(s, 2) for s in pages_floors],
            "build_cpu": [round(s, 2) for s in build_cpu],
            "floor_cpu": [round(s, 2) for s in floor_cpu],
        },
        **weights,
    }
    if n in args.serve:
        row["serve"] = measure_serve(root)
    if n in args.profile:
        out = args.out.parent / f"profile-{n}.txt"
        profile_build(root, out)
        row["profile"] = (
            out.relative_to(REPO_ROOT).as_posix() if out.is_relative_to(REPO_ROOT) else str(out)
        )
    return row


# Verdicts and tables --------------------------------------------------------------------


def verdicts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    by_n = {row["practices"]: row for row in rows}
    for n in (1000, 10000):
        if n in by_n:
            found[f"build_ratio_at_{n}"] = by_n[n]["build_ratio"] <= TARGETS["build_ratio"]
            over = by_n[n].get("build_over_pages_floor")  # the floor read the other way
            if over is not None:  # (not measured under --no-site-floor)
                found[f"build_over_published_markdown_at_{n}"] = over <= TARGETS["build_ratio"]
    found["check_ratio"] = all(r["check_ratio"] <= TARGETS["check_ratio"] for r in rows)
    found["practice_page"] = all(
        r["practice_page_max_bytes"] <= TARGETS["practice_page_kb"] * 1024 for r in rows
    )
    if 1000 in by_n:
        row = by_n[1000]
        found["explorer_gz_at_1000"] = (
            row["explorer_gz_bytes"] <= TARGETS["explorer_gz_kb_at_1000"] * 1024
        )
        found["header_search_gz_at_1000"] = (
            row["header_search_gz_bytes"] <= TARGETS["header_search_gz_kb_at_1000"] * 1024
        )
        if "serve" in row:
            times = [*row["serve"]["body_edits"], row["serve"]["title_edit"]]
            found["preview_at_1000"] = all(
                t is not None and t <= TARGETS["preview_seconds_at_1000"] for t in times
            )
    found["pages_under_2mb"] = all(
        r["largest_pages"][0]["bytes"] <= TARGETS["page_mb"] * 1024 * 1024 for r in rows
    )
    if 1000 in by_n and len(rows) > 1:
        base = by_n[1000]["build_ms_per_practice"]
        growth = {
            r["practices"]: round(r["build_ms_per_practice"] / base, 2)
            for r in rows
            if r["practices"] >= 1000
        }
        found["build_cost_per_practice_vs_1000"] = growth
        found["linear"] = all(g <= 1.3 for g in growth.values())
    return found


COLUMNS = (
    ("N", "practices", "{:,}"),
    ("check s", "check_seconds", "{:.2f}"),
    ("bare s", "bare_seconds", "{:.2f}"),
    ("check/bare", "check_ratio", "{:.2f}"),
    ("build s", "build_seconds", "{:.1f}"),
    ("floor s", "floor_seconds", "{:.1f}"),
    ("build/floor", "build_ratio", "{:.2f}"),
    ("CPU build/floor", "build_cpu_ratio", "{:.2f}"),
    ("Material on our pages s", "material_on_our_pages_seconds", "opt"),
    ("plain Material on our Markdown s", "pages_floor_seconds", "opt"),
    ("build / that", "build_over_pages_floor", "ratio"),
    ("build ms/practice", "build_ms_per_practice", "{:.1f}"),
    ("peak MB", "build_peak_rss_mb", "{:.0f}"),
    ("site MB", "site_bytes", "mb"),
    ("practice page KB (median/max)", "practice_page_median_bytes", "page"),
    ("explorer data gz KB", "explorer_gz_bytes", "kb"),
    ("header search gz KB", "header_search_gz_bytes", "kb"),
    ("largest page KB", "largest_pages", "largest"),
)


def cell(row: dict[str, Any], key: str, form: str) -> str:
    value = row[key]
    if form == "mb":
        return f"{value / 1024 / 1024:.0f}"
    if form == "kb":
        return f"{value / 1024:.0f}"
    if form == "page":
        return f"{value / 1024:.0f} / {row['practice_page_max_bytes'] / 1024:.0f}"
    if form == "opt":
        return "-" if value is None else f"{value:.1f}"
    if form == "ratio":
        return "-" if value is None else f"{value:.2f}"
    if form == "largest":
        top = value[0]
        return f"{top['bytes'] / 1024:.0f} ({top['page'].removesuffix('index.html') or 'home'})"
    return form.format(value)


def text_table(rows: list[dict[str, Any]]) -> str:
    header = [name for name, _, _ in COLUMNS]
    body = [[cell(row, key, form) for _, key, form in COLUMNS] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in body)) for i, h in enumerate(header)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True))]
    lines += ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in body]
    return "\n".join(lines)


def markdown_table(rows: list[dict[str, Any]]) -> str:
    header = [name for name, _, _ in COLUMNS]
    lines = ["| " + " | ".join(header) + " |", "|" + "---:|" * len(header)]
    for row in rows:
        lines.append("| " + " | ".join(cell(row, k, f) for _, k, f in COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="numbers of practices (100,1000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing below 5,000")
    parser.add_argument("--repeat-large", type=int, default=1, help="runs at 5,000 and above")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--serve", default="1000", help="sizes at which to time the live preview ('' for none)"
    )
    parser.add_argument("--profile", default="", help="sizes at which to profile a build")
    parser.add_argument("--keep", type=Path, help="keep the generated projects in this folder")
    parser.add_argument(
        "--no-site-floor",
        dest="site_floor",
        action="store_false",
        help="skip the diagnostic build of our own pages by Material without the plugin",
    )
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "build" / "bench" / "bench.json")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    args.serve = {int(s) for s in args.serve.split(",") if s.strip()}
    args.profile = {int(s) for s in args.profile.split(",") if s.strip()}
    args.out = args.out.resolve()
    args.out.parent.mkdir(parents=True, exist_ok=True)

    rows = []
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        work = args.keep.resolve() if args.keep else Path(tmp).resolve()
        work.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            print(f"measuring {n:,} practices ...", file=sys.stderr, flush=True)
            row = measure(n, args, work)
            rows.append(row)
            print(text_table([row]).splitlines()[-1], file=sys.stderr, flush=True)
    found = verdicts(rows)
    report = {
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": {
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": os.getloadavg(),
        },
        "versions": _versions(),
        "seed": args.seed,
        "targets": TARGETS,
        "verdicts": found,
        "results": rows,
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(markdown_table(rows), encoding="utf-8")
    print(text_table(rows))
    for row in rows:
        if "serve" in row:
            serve = row["serve"]
            print(
                f"preview at {row['practices']:,}: first build {serve['first_build_seconds']} s, "
                f"body edits {serve['body_edits']} s, title edit {serve['title_edit']} s "
                f"(in the full list {serve.get('title_edit_in_list')} s)"
            )
        print(
            f"largest pages at {row['practices']:,}: "
            + ", ".join(f"{p['page']} {p['bytes'] / 1024:.0f} KB" for p in row["largest_pages"][:3])
        )
    print("verdicts:", json.dumps(found))
    print(f"wrote {args.out} and {args.out.with_suffix('.md')}")
    return 0


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ("mkdocs", "mkdocs-material", "Markdown", "PyYAML", "nh3", "lunr"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "-"
    return found


if __name__ == "__main__":
    sys.exit(main())
