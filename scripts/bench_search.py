"""Measure the explorer's search at scale: payload size, build time, query latency (Python, node).

    .venv/bin/python scripts/bench_search.py [--practices 1000] [--seed 0] [--json]

It generates a corpus of N practices (with `scripts/generate_corpus.py` when that script is
present, otherwise with the small generator below, which samples sentences of the real
practices so that bodies have realistic length and vocabulary), builds `practices-index.json`
with and without bodies, and times queries through `atlas.search.query.search` and through
lunr.js in node (`atlas-search.js` with the vendored lunr). Targets from the issue: at most
250 KB gzipped at 1,000 practices (aim below 120 KB) and a node p95 under 10 ms.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from atlas import geo  # noqa: E402
from atlas.catalogue import Catalogue, load  # noqa: E402
from atlas.search.index import build_payload, dumps  # noqa: E402
from atlas.search.query import Searcher  # noqa: E402
from atlas.taxonomy import load_taxonomy  # noqa: E402

SEARCH_JS = REPO / "atlas" / "theme" / "assets" / "explore" / "atlas-search.js"
QUERIES = [
    "diaspora",
    "VET",
    "refugee diplomas",
    "nurses Germany",
    "youth agriculture Senegal",
    "Sénégal",
    "Côte d'Ivoire",
    "diaspora TVET",
    "PALIM",
    "MPF",
    "online training",
    "labour migration North Africa",
    "women entrepreneurs",
    "ICT graduates Morocco",
    "recognition of qualifications",
    "C++",
    "foo:",
    "nurse*",
    "pilot",
    "skills partnership",
]
SECTIONS = ("Overview", "Skills", "Mobility", "Partnership", "Results", "Lessons and replicability")
REAL_PRACTICES = REPO / "content" / "practices"


def _sentences() -> tuple[list[str], list[str], list[str]]:
    """Sentences of the real bodies and summaries, and real titles, to sample from."""
    body, summaries, titles = [], [], []
    for path in sorted(REAL_PRACTICES.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        parts = text.split("---", 2)
        if len(parts) < 3:
            continue
        front, rest = parts[1], parts[2]
        for line in front.splitlines():
            if line.startswith("title:"):
                titles.append(line[6:].strip().strip('"'))
            if line.startswith("summary:"):
                summaries.append(line[8:].strip().strip('"'))
        prose = re.sub(r"^#.*$", "", rest, flags=re.MULTILINE)
        body.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", prose) if len(s.split()) > 5)
    if not body:  # a checkout without content: plain filler
        body = [f"Partners train people in skill {i} and share lessons." for i in range(50)]
        summaries = ["A partnership that trains young people for jobs at home and abroad."]
        titles = ["Skills partnership"]
    return body, summaries, titles


def generate_own(n: int, out: Path, seed: int = 0) -> Path:
    """A valid content project of `n` practices and n/10 actors under `out`."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO / "mkdocs.yml", out / "mkdocs.yml")
    (out / "content").mkdir(exist_ok=True)
    shutil.copyfile(REPO / "content" / "taxonomy.yml", out / "content" / "taxonomy.yml")
    taxonomy, _ = load_taxonomy(REPO)
    ids = {name: taxonomy.ids(name) for name in taxonomy.vocabularies}
    codes = sorted(geo.country_names())
    body_pool, summary_pool, title_pool = _sentences()
    actors_dir = out / "content" / "actors"
    practices_dir = out / "content" / "practices"
    actors_dir.mkdir(exist_ok=True)
    practices_dir.mkdir(exist_ok=True)
    actor_slugs = []
    for i in range(max(n // 10, 3)):
        slug = f"actor-{i}"
        actor_slugs.append(slug)
        acronym = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVW") for _ in range(4))
        (actors_dir / f"{slug}.md").write_text(
            f"---\nname: Generated Organisation {i}\nacronym: {acronym}\n"
            f"type: {rng.choice(ids['actor_types'])}\nscope: national\n"
            "summary: A generated organisation that trains people and links them to jobs.\n"
            "---\n\nGenerated.\n",
            encoding="utf-8",
        )
    day0 = date(2024, 1, 1)
    for i in range(n):
        pick = lambda name, k: rng.sample(ids[name], k)  # noqa: E731
        title = f"{rng.choice(title_pool)[:90]} ({i})".replace('"', "'")
        summary = rng.choice(summary_pool)[:290].replace('"', "'")
        actors = rng.sample(actor_slugs, rng.randint(1, 4))
        actor_lines = "\n".join(
            f"  - {{actor: {a}, role: {rng.choice(ids['roles'])}}}" for a in actors
        )
        origin = ", ".join(f'"{c}"' for c in rng.sample(codes, rng.randint(1, 3)))
        dest = ", ".join(f'"{c}"' for c in rng.sample(codes, rng.randint(0, 2)))
        body = "\n\n".join(
            f"## {section}\n\n" + " ".join(rng.sample(body_pool, min(4, len(body_pool))))
            for section in SECTIONS
        )
        reviewed = day0 + timedelta(days=rng.randint(0, 1000))
        (practices_dir / f"practice-{i}.md").write_text(
            "---\n"
            f'title: "{title}"\n'
            f'summary: "{summary}"\n'
            f"typologies: [{', '.join(pick('typologies', rng.randint(1, 2)))}]\n"
            f"themes: [{', '.join(pick('themes', rng.randint(2, 6)))}]\n"
            f"dimensions: [{', '.join(pick('dimensions', rng.randint(1, 3)))}]\n"
            f"mobility: [{', '.join(pick('mobility', rng.randint(0, 2)))}]\n"
            f"status: {rng.choice(ids['status'])}\n"
            f"evidence: {rng.choice(ids['evidence'])}\n"
            f"actors:\n{actor_lines}\n"
            f"countries: {{origin: [{origin}], destination: [{dest}]}}\n"
            f"sectors: [{', '.join(pick('sectors', rng.randint(0, 2)))}]\n"
            f"target_groups: [{', '.join(pick('target_groups', rng.randint(1, 3)))}]\n"
            f"gcm_objectives: [{', '.join(map(str, pick('gcm_objectives', rng.randint(0, 3))))}]\n"
            'sources:\n  - {title: A generated source, url: "https://example.org/"}\n'
            f"last_reviewed: {reviewed.isoformat()}\n"
            f"---\n\n{body}\n",
            encoding="utf-8",
        )
    return out


def generate(n: int, out: Path, seed: int) -> tuple[Path, str]:
    """The corpus: the shared generator when present, otherwise ours."""
    shared = REPO / "scripts" / "generate_corpus.py"
    if shared.is_file():
        spec = importlib.util.spec_from_file_location("generate_corpus", shared)
        if spec and spec.loader:
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            if hasattr(module, "generate"):
                module.generate(n, out, seed=seed)
                if not (out / "mkdocs.yml").is_file():
                    shutil.copyfile(REPO / "mkdocs.yml", out / "mkdocs.yml")
                taxonomy = out / "content" / "taxonomy.yml"
                if not taxonomy.is_file():
                    shutil.copyfile(REPO / "content" / "taxonomy.yml", taxonomy)
                return out, "scripts/generate_corpus.py"
    return generate_own(n, out, seed), "bench_search.generate_own"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def sizes(payload: dict[str, Any]) -> dict[str, int]:
    raw = dumps(payload).encode("utf-8")
    return {"raw": len(raw), "gzip": len(gzip.compress(raw, compresslevel=9))}


def part_sizes(payload: dict[str, Any]) -> dict[str, dict[str, int]]:
    parts = {
        "index.fieldVectors": payload["index"]["fieldVectors"],
        "index.invertedIndex": payload["index"]["invertedIndex"],
        "lexicon": payload["lexicon"],
        "keys": payload["keys"],
        "facets": payload["facets"],
        "actors": payload["actors"],
        **{f"practices.{name}": column for name, column in payload["practices"].items()},
    }
    out = {}
    for name, part in parts.items():
        raw = json.dumps(part, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        out[name] = {"raw": len(raw), "gzip": len(gzip.compress(raw, compresslevel=9))}
    return out


def python_latency(payload: dict[str, Any], repeat: int) -> list[float]:
    searcher = Searcher(payload)
    times = []
    for query in QUERIES:
        for _ in range(repeat):
            start = time.perf_counter()
            searcher.run(query)
            times.append((time.perf_counter() - start) * 1000)
    return times


NODE_TIMER = r"""
const search = require(process.argv[1]);
const fs = require("fs");
const request = JSON.parse(fs.readFileSync(0, "utf8"));
let t0 = process.hrtime.bigint();
const payload = JSON.parse(fs.readFileSync(request.payload, "utf8"));
const searcher = new search.Searcher(payload);
searcher.loadIndex();  // otherwise on the first text query
const load = Number(process.hrtime.bigint() - t0) / 1e6;
for (const q of request.queries) searcher.run(q, {}, "relevance");  // warm up
const times = [];
for (const q of request.queries) {
  for (let i = 0; i < request.repeat; i++) {
    t0 = process.hrtime.bigint();
    searcher.run(q, {}, "relevance");
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
process.stdout.write(JSON.stringify({load: load, times: times}));
"""


def node_latency(payload_path: Path, repeat: int) -> dict[str, Any] | None:
    node = shutil.which("node")
    if node is None:
        return None
    request = {"payload": str(payload_path), "queries": QUERIES, "repeat": repeat}
    done = subprocess.run(
        [node, "-e", NODE_TIMER, str(SEARCH_JS)],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout)


def bench(n: int, seed: int, repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        root, generator = generate(n, Path(tmp) / "corpus", seed)
        start = time.perf_counter()
        loaded = load(root)
        load_s = time.perf_counter() - start
        catalogue: Catalogue = loaded.catalogue
        errors = [p.text() for p in loaded.problems if p.is_error]
        start = time.perf_counter()
        payload = build_payload(catalogue)
        build_s = time.perf_counter() - start
        without_body = build_payload(catalogue, body=False)
        variants = {
            "whole body": build_payload(catalogue, body_terms=10**9),
            "body top 20 terms": build_payload(catalogue, body_terms=20),
        }
        path = Path(tmp) / "practices-index.json"
        path.write_text(dumps(payload), encoding="utf-8")
        py_times = python_latency(payload, repeat)
        node = node_latency(path, repeat)
    report: dict[str, Any] = {
        "practices": len(catalogue.practices),
        "generator": generator,
        "content_errors": len(errors),
        "load_seconds": round(load_s, 2),
        "build_payload_seconds": round(build_s, 2),
        "payload": sizes(payload),
        "payload_without_body": sizes(without_body),
        "payload_variants": {name: sizes(p) for name, p in variants.items()},
        "parts": part_sizes(payload),
        "python_ms": {
            "p50": round(statistics.median(py_times), 2),
            "p95": round(percentile(py_times, 0.95), 2),
        },
    }
    if node is not None:
        report["node_ms"] = {
            "index_load": round(node["load"], 1),
            "p50": round(statistics.median(node["times"]), 2),
            "p95": round(percentile(node["times"], 0.95), 2),
        }
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = bench(args.practices, args.seed, args.repeat)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    kb = 1024
    print(
        f"{report['practices']} practices ({report['generator']}), "
        f"{report['content_errors']} content errors"
    )
    print(f"load {report['load_seconds']} s, build_payload {report['build_payload_seconds']} s")
    for name in ("payload", "payload_without_body"):
        size = report[name]
        print(f"{name}: {size['raw'] / kb:.0f} KB raw, {size['gzip'] / kb:.0f} KB gzipped")
    for name, size in report["payload_variants"].items():
        print(
            f"payload with {name}: {size['raw'] / kb:.0f} KB raw, "
            f"{size['gzip'] / kb:.0f} KB gzipped"
        )
    for name, size in report["parts"].items():
        print(f"  {name}: {size['raw'] / kb:.0f} KB raw, {size['gzip'] / kb:.0f} KB gzipped")
    print(f"Python query: p50 {report['python_ms']['p50']} ms, p95 {report['python_ms']['p95']} ms")
    if "node_ms" in report:
        node = report["node_ms"]
        print(
            f"node (lunr.js) query: p50 {node['p50']} ms, p95 {node['p95']} ms "
            f"(index load {node['index_load']} ms)"
        )
    else:
        print("node: not installed, lunr.js not measured")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
