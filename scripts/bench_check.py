#!/usr/bin/env python3
"""Benchmark `atlas check` against bare YAML parsing of the same front-matter.

    python scripts/bench_check.py [--sizes 1000,10000] [--repeat 3] [--profile]

For each size N, a corpus of N practices and N//4 actors is generated in a temporary folder
(`scripts/generate_corpus.py`, seed 0). Then, best of `--repeat` runs each:

- check: `atlas.catalogue.load(root)` in-process: everything `atlas check` does (taxonomy,
  reading, located YAML, every field and rule, cross-file rules), without printing;
- bare: read the same entry files, split off the front-matter, and `yaml.load(...,
  Loader=yaml.CSafeLoader)` it: the floor any YAML-based checker starts from.

Prints a table (N, check s, bare s, ratio) and writes the figures to `build/bench/check.json`.
Targets: 10,000 practices checked in under 2 s, at most 3x the bare parse. `--profile` runs
cProfile over one check of the largest corpus and prints the top functions by own time.
`scripts/bench.py` measures the same ratio (medians) beside the build, page weights and preview.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import platform
import pstats
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "scripts"))

from generate_corpus import generate  # noqa: E402

from atlas import catalogue  # noqa: E402

TARGET_SECONDS_AT_10K = 2.0
TARGET_RATIO = 3.0


def entry_files(root: Path) -> list[Path]:
    return sorted(
        path
        for folder in ("content/practices", "content/actors")
        for path in (root / folder).iterdir()
        if path.suffix == ".md"
    )


def bare_parse(files: list[Path]) -> int:
    """Read, split and CSafeLoader-parse every entry's front-matter; return the key count."""
    keys = 0
    for path in files:
        text = path.read_text(encoding="utf-8-sig")
        _, front, _body = text.split("---\n", 2)
        keys += len(yaml.load(front, Loader=yaml.CSafeLoader))
    return keys


def check(root: Path) -> catalogue.LoadResult:
    return catalogue.load(root)


def best_of(repeat: int, func, *args) -> tuple[float, object]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        result = func(*args)
        best = min(best, time.perf_counter() - started)
    return best, result


def profile(root: Path, top: int = 25) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    catalogue.load(root)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    out.write("\n--- by cumulative time ---\n")
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000",
        help="comma-separated numbers of practices (default 1000,10000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; best is kept")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--profile", action="store_true", help="print a cProfile of one check of the largest corpus"
    )
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "build" / "bench" / "check.json")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]

    rows = []
    profiled = ""
    print(f"{'N':>7} {'files':>7} {'check s':>9} {'bare s':>9} {'ratio':>7} {'problems':>9}")
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"atlas-bench-{n}-") as tmp:
            root = Path(tmp).resolve() / "project"
            generate(n, root, seed=args.seed)
            files = entry_files(root)
            bare_parse(files)  # warm the page cache
            # Interleaved, so that a change in the machine's load hits both measurements alike.
            check_s = bare_s = float("inf")
            result = None
            for _ in range(args.repeat):
                seconds, result = best_of(1, check, root)
                check_s = min(check_s, seconds)
                bare_s = min(bare_s, best_of(1, bare_parse, files)[0])
            problems = len(result.problems)  # type: ignore[union-attr]
            ratio = check_s / bare_s if bare_s else float("inf")
            rows.append(
                {
                    "practices": n,
                    "actors": max(1, n // 4),
                    "files": len(files),
                    "check_seconds": round(check_s, 4),
                    "bare_seconds": round(bare_s, 4),
                    "ratio": round(ratio, 2),
                    "problems": problems,
                    "check_ms_per_file": round(1000 * check_s / len(files), 4),
                    "bare_ms_per_file": round(1000 * bare_s / len(files), 4),
                }
            )
            print(
                f"{n:>7} {len(files):>7} {check_s:>9.3f} {bare_s:>9.3f} {ratio:>7.2f} {problems:>9}"
            )
            if args.profile and n == max(sizes):
                profiled = profile(root)

    verdicts = []
    for row in rows:
        per_10k = row["check_seconds"] * 10_000 / row["practices"]
        row["meets_time_target"] = per_10k < TARGET_SECONDS_AT_10K
        row["meets_ratio_target"] = row["ratio"] <= TARGET_RATIO
        verdicts.append(row["meets_time_target"] and row["meets_ratio_target"])
    report = {
        "targets": {"seconds_at_10000": TARGET_SECONDS_AT_10K, "max_ratio": TARGET_RATIO},
        "python": platform.python_version(),
        "pyyaml": yaml.__version__,
        "libyaml": getattr(yaml, "__with_libyaml__", False),
        "machine": platform.machine(),
        "repeat": args.repeat,
        "seed": args.seed,
        "results": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"targets: < {TARGET_SECONDS_AT_10K:g} s for 10,000 practices, ratio <= "
        f"{TARGET_RATIO:g}: {'met' if all(verdicts) else 'MISSED'}"
    )
    print(f"wrote {args.out}")
    if profiled:
        print(profiled)
    return 0


if __name__ == "__main__":
    sys.exit(main())
