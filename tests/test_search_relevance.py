"""Do readers find what they expect? The relevance set `tests/search_queries.yml`, on real content.

Each query lists the practices a reader expects near the top. The ranking is scored as recall@3
(share of the expected practices in the first three results, out of min(3, expected)) and mean
reciprocal rank (1 / rank of the first expected practice). A change to the index, the analysis
or the ranking that lowers either figure below its floor fails here, with the queries it broke.

Measured when the floors were set (27 practices): recall@3 0.965, MRR 1.000; without bodies in
the index 0.926 and 0.979.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
import yaml
from test_search_support import REPO

from atlas.catalogue import load
from atlas.search.index import build_payload
from atlas.search.query import search

QUERIES_FILE = REPO / "tests" / "search_queries.yml"
RECALL_FLOOR = 0.90
MRR_FLOOR = 0.95
MIN_SCORED = 30


@dataclass(frozen=True)
class Score:
    query: str
    expected: list[str]
    top: list[str]
    recall: float
    reciprocal_rank: float


def cases() -> list[dict[str, Any]]:
    return yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))


@cache
def real_payload() -> dict[str, Any]:
    return build_payload(load(REPO).catalogue)


def score(payload: dict[str, Any], query: str, expected: list[str]) -> Score:
    ranked = [r.slug for r in search(payload, query)]
    top = ranked[:3]
    recall = len(set(expected) & set(top)) / min(3, len(expected))
    rank = next((i for i, slug in enumerate(ranked, 1) if slug in expected), None)
    return Score(query, expected, top, recall, 1 / rank if rank else 0.0)


def scores(payload: dict[str, Any]) -> list[Score]:
    present = set(payload["practices"]["slug"])
    out = []
    for case in cases():
        expected = [slug for slug in case["expected"] if slug in present]
        if expected:
            out.append(score(payload, case["query"], expected))
    return out


def test_the_relevance_set_covers_what_readers_type() -> None:
    queries = [case["query"] for case in cases()]
    assert len(queries) >= MIN_SCORED
    assert len(set(queries)) == len(queries), "a query is listed twice"
    for needed in (
        "VET",
        "PALIM",
        "EQPR",
        "MPF",
        "Sénégal",
        "Côte d'Ivoire",
        "refugee diplomas",
        "nurses Germany",
        "youth agriculture Senegal",
        "diaspora TVET",
    ):
        assert needed in queries
    for case in cases():
        assert case["expected"], case["query"]
        assert len(case["expected"]) == len(set(case["expected"])), case["query"]


def test_readers_find_what_they_expect() -> None:
    payload = real_payload()
    if len(payload["practices"]["slug"]) < 10:
        pytest.skip(f"only {len(payload['practices']['slug'])} valid practices in content/ so far")
    results = scores(payload)
    assert len(results) >= MIN_SCORED, "too few queries have their practices in content/"
    recall = sum(s.recall for s in results) / len(results)
    mrr = sum(s.reciprocal_rank for s in results) / len(results)
    misses = "\n".join(
        f"  {s.query!r}: top {s.top}, expected {s.expected}"
        for s in results
        if s.recall < 1 or s.reciprocal_rank < 1
    )
    report = f"recall@3 {recall:.3f}, MRR {mrr:.3f} over {len(results)} queries\n{misses}"
    assert recall >= RECALL_FLOOR, report
    assert mrr >= MRR_FLOOR, report


def test_every_expected_practice_exists_or_is_still_being_written() -> None:
    """A typo in the set would silently skip a query: slugs must look like real ones."""
    payload = real_payload()
    present = set(payload["practices"]["slug"])
    files = {p.stem for p in (REPO / "content" / "practices").glob("*.md")}
    unknown = sorted({slug for case in cases() for slug in case["expected"]} - present - files)
    assert unknown == []
