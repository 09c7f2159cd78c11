#!/usr/bin/env python3
"""Time the partnership finder and the open data per practice, to show their cost is linear.

    python scripts/bench_partners.py [--sizes 1000,2500,5000,10000] [--repeat 3]

For each size N, a corpus of N practices and N//4 actors is generated in a temporary folder
(`scripts/generate_corpus.py`, seed 0) and loaded once (`atlas.catalogue.load`, build day
pinned). Each repeat then reloads it through a `LoadCache` (a new catalogue, so nothing computed
for the previous repeat is reused, without parsing the files again) and times, in the build's
order, exactly what the build computes from the partnership finder and the open data:

- related: every practice's related practices (the catalogue's, which the practice pages
  compute first and the records reuse): not this module's cost, shown to read the others by;
- gaps: the "Partnership gaps" section of every practice page (`gaps_section`);
- partners: the `/partners/` page and its data (`partners_page`, `partners_data`);
- api page: the `/api/` page (`exports.api_page_markdown`);
- open data: every file under `api/`, the schemas and the feed (`exports.static_files`);
- jsonld: the JSON-LD of every page (`exports.jsonld`);
- floor: a deep copy and JSON dump of every practice's front-matter, the least that writing
  `api/practices.json` can cost, timed in the same repeat.

Each figure is the median over `--repeat` repeats (one at 5,000 and above unless
`--repeat-large`) of the CPU time spent, in milliseconds per practice; linear cost shows as a
flat column down the sizes, and as a flat ratio to the floor. Prints the table and the load
average before and after.
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "scripts"))

from generate_corpus import generate  # noqa: E402

from atlas import catalogue, exports  # noqa: E402
from atlas.site.partners_page import gaps_section, partners_data, partners_page  # noqa: E402

BUILD_DAY = date(2026, 11, 25)
SITE_URL = "https://atlas.example.org/"


def _related(cat: catalogue.Catalogue) -> None:
    for practice in cat.sorted_practices:
        cat.related(practice)


def _gaps(cat: catalogue.Catalogue) -> None:
    for practice in cat.sorted_practices:
        gaps_section(cat, practice, f"practices/{practice.slug}.md")


def _partners(cat: catalogue.Catalogue) -> None:
    partners_page(cat)
    partners_data(cat)


def _floor(cat: catalogue.Catalogue) -> None:
    json.dumps([copy.deepcopy(p.meta) for p in cat.practices.values()], sort_keys=True)


STAGES: dict[str, Callable[[catalogue.Catalogue], Any]] = {
    "related": _related,
    "gaps": _gaps,
    "partners": _partners,
    "api page": lambda cat: exports.api_page_markdown(cat, SITE_URL),
    "open data": lambda cat: exports.static_files(cat, SITE_URL),
    "jsonld": lambda cat: exports.jsonld(cat, SITE_URL),
}
MINE = ("gaps", "partners", "api page", "open data", "jsonld")


def _timed(func: Callable[[catalogue.Catalogue], Any], cat: catalogue.Catalogue) -> float:
    """CPU seconds of this process: other work on the machine slows the wall clock more."""
    gc.collect()
    started = time.process_time()
    func(cat)
    return time.process_time() - started


def measure(n: int, repeat: int, work: Path) -> dict[str, float]:
    """Median seconds of each stage at size `n`, each repeat on a freshly loaded catalogue."""
    root = generate(n, work / f"corpus-{n}", seed=0)
    cache = catalogue.LoadCache()
    catalogue.load(root, build_day=BUILD_DAY, cache=cache)
    times: dict[str, list[float]] = {name: [] for name in [*STAGES, "floor"]}
    for _ in range(repeat):
        cat = catalogue.load(root, build_day=BUILD_DAY, cache=cache).catalogue
        times["floor"].append(_timed(_floor, cat))
        for name, stage in STAGES.items():
            times[name].append(_timed(stage, cat))
    return {name: statistics.median(values) for name, values in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,2500,5000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repeat-large", type=int, default=1, help="repeats at N >= 5,000")
    parser.add_argument(
        "--work", type=Path, help="folder for the corpora (default: a temporary folder)"
    )
    args = parser.parse_args(argv)
    columns = [*STAGES, "mine", "floor", "mine/floor"]
    print("ms per practice; load average", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"{'N':>6} " + " ".join(f"{name:>10}" for name in columns))
    with tempfile.TemporaryDirectory(prefix="bench-partners-") as tmp:
        for n in (int(size) for size in args.sizes.split(",")):
            repeat = args.repeat if n < 5000 else args.repeat_large
            seconds = measure(n, repeat, args.work or Path(tmp))
            seconds["mine"] = sum(seconds[name] for name in MINE)
            cells = [f"{seconds[name] * 1000 / n:10.3f}" for name in columns[:-1]]
            cells.append(f"{seconds['mine'] / seconds['floor']:10.1f}")
            print(f"{n:>6} " + " ".join(cells), flush=True)
    print("load average", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
