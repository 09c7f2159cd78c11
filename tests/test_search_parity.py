"""The explorer (lunr.js 2.3.9 in the browser) ranks exactly as `atlas search` (lunr.py) does.

Each test runs the same thing twice: in Python, and in node through the files the site ships
(`atlas/theme/assets/explore/lunr-2.3.9.min.js` and `atlas-search.js`), on the same payload file
written by `build_payload`. Stems, analysed terms, ranked slugs, scores (to 1e-6), the number of
words each result matches and the facet counts must all be equal.

Corpora: the small hand-made catalogue, the real content (when enough of it loads), and a
generated corpus of 300 practices. Skipped, with the reason, when node is not installed.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_search_support import (
    AWKWARD_QUERIES,
    REPO,
    load_catalogue,
    node_path,
    run_node,
    write_catalogue,
)

from atlas.catalogue import load
from atlas.search.index import build_payload, dumps
from atlas.search.pipeline import analyze_query, analyze_text, stem
from atlas.search.query import Searcher

pytestmark = pytest.mark.skipif(
    node_path() is None, reason="node is not installed: lunr.js parity not checked"
)

TRICKY_WORDS = [
    "survey",
    "surveys",
    "employ",
    "employed",
    "day",
    "days",
    "say",
    "enjoy",
    "play",
    "obey",
    "yearly",
    "youth",
    "yes",
    "y",
    "ye",
    "yy",
    "yyy",
    "cry",
    "happy",
    "sky",
    "agreed",
    "feed",
    "hoping",
    "hopping",
    "filing",
    "failing",
    "generalization",
    "relational",
    "conditional",
    "rational",
    "valenci",
    "hesitanci",
    "digitizer",
    "conformabli",
    "radicalli",
    "differentli",
    "vileli",
    "analogousli",
    "vietnamization",
    "predication",
    "operator",
    "feudalism",
    "decisiveness",
    "hopefulness",
    "callousness",
    "formaliti",
    "sensitiviti",
    "sensibiliti",
    "triplicate",
    "formative",
    "formalize",
    "electriciti",
    "electrical",
    "hopeful",
    "goodness",
    "revival",
    "allowance",
    "inference",
    "airliner",
    "gyroscopic",
    "adjustable",
    "defensible",
    "irritant",
    "replacement",
    "adjustment",
    "dependent",
    "adoption",
    "homologou",
    "communism",
    "activate",
    "angulariti",
    "homologous",
    "effective",
    "bowdlerize",
    "probate",
    "rate",
    "cease",
    "controll",
    "roll",
    "tvet",
    "palim",
    "eqpr",
    "mpf",
    "covid19",
    "2019",
    "19",
    "a1b2",
    "ying",
    "yelling",
    "bly",
    "tying",
    "dying",
    "lying",
]
TRICKY_TEXTS = [
    "Sénégal, Côte d'Ivoire and Türkiye; São Tomé; Curaçao; Réunion; Åland; Tromsø; Łódź; Straße",
    "IT in IT; BE be US us; it is what it is",
    "e-learning, peer-to-peer, COVID-19, up‑skilling",
    'C++ foo: a:b - + ~ ^ * "quoted" nurse* (( \\ \' ’ — 🙂 <b>bold</b> %20 __proto__',
    "ﬁnance ＦＵＬＬＷＩＤＴＨ ¹²³ Ⅻ ½",
    "Ελλάδα Россия مصر 中国 日本語 한국어 ไทย",
    "İstanbul ıi ǅ ﬀ",
    "constructor toString hasOwnProperty valueOf",
]
# The shared awkward input, and words that mean different things in different places.
PARITY_QUERIES = [
    *AWKWARD_QUERIES,
    "IT",
    "it",
    "BE",
    "Sénégal Côte d’Ivoire",
    "e-learning",
    "COVID-19",
    "constructor",
    "toString hasOwnProperty",
    "objective 5",
    "Ivory Coast",
    "MPF",
    "zzzz",
    "the of and",
]


def _queries() -> list[str]:
    cases = yaml.safe_load((REPO / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
    return [case["query"] for case in cases] + PARITY_QUERIES


def _searches(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """Every query alone, then with facets and sorts drawn from the payload's own facets."""
    searches: list[dict[str, Any]] = [{"q": q} for q in _queries()]
    facets = {f["param"]: [t["id"] for t in f["terms"]] for f in payload["facets"]}
    picks = [(param, ids[:2]) for param, ids in facets.items() if ids]
    for i, (param, ids) in enumerate(picks):
        other_param, other_ids = picks[(i + 3) % len(picks)]
        filters = {param: ids} if other_param == param else {param: ids, other_param: other_ids[:1]}
        for q, sort in (
            ("", "relevance"),
            ("youth", "relevance"),
            ("skills", "reviewed"),
            ("diaspora", "title"),
        ):
            searches.append({"q": q, "filters": filters, "sort": sort})
    searches.append({"q": "youth", "limit": 2})
    searches.append({"q": "", "filters": {"country": ["sn", "ma"]}})
    searches.append({"q": "", "filters": {"theme": ["no-such-theme"]}})
    return searches


def _compare(payload: dict[str, Any], tmp_path: Path, name: str) -> int:
    path = tmp_path / f"{name}.json"
    path.write_text(dumps(payload), encoding="utf-8")
    read_back = json.loads(path.read_text(encoding="utf-8"))
    searcher = Searcher(read_back)
    searches = _searches(read_back)
    answer = run_node({"payload": str(path), "searches": searches})
    assert len(answer["searches"]) == len(searches)
    for request, js in zip(searches, answer["searches"], strict=True):
        outcome = searcher.run(
            request["q"],
            request.get("filters"),
            request.get("sort", "relevance"),
            request.get("limit"),
        )
        where = f"{name}: {request}"
        assert [r.slug for r in outcome.results] == [r["slug"] for r in js["results"]], where
        for py, j in zip(outcome.results, js["results"], strict=True):
            assert py.score == pytest.approx(j["score"], abs=1e-6), where
            assert py.matched == j["matched"], where
        assert outcome.counts == js["counts"], where
        assert outcome.groups == js["groups"], where
    return len(searches)


# Text analysis ------------------------------------------------------------------------------------


def _corpus_words() -> list[str]:
    texts = [
        path.read_text(encoding="utf-8")
        for folder in ("practices", "actors")
        for path in sorted((REPO / "content" / folder).glob("*.md"))
    ]
    texts.append((REPO / "content" / "taxonomy.yml").read_text(encoding="utf-8"))
    words = {w.lower() for text in texts for w in re.findall(r"[A-Za-z0-9]+", text)}
    return sorted(words | set(TRICKY_WORDS))


def test_stemmer_matches_lunr_js_on_every_word_of_the_content() -> None:
    words = _corpus_words()
    assert len(words) > 500
    answer = run_node({"stems": words})
    mismatches = [
        (w, stem(w), js) for w, js in zip(words, answer["stems"], strict=True) if stem(w) != js
    ]
    assert mismatches == []


def test_text_and_query_analysis_match() -> None:
    texts = list(TRICKY_TEXTS)
    for path in sorted((REPO / "content" / "practices").glob("*.md")):
        texts.append(path.read_text(encoding="utf-8"))
    answer = run_node({"texts": texts, "queries": texts + PARITY_QUERIES})
    assert answer["texts"] == [analyze_text(t) for t in texts]
    assert answer["queries"] == [analyze_query(t) for t in texts + PARITY_QUERIES]


# Rankings --------------------------------------------------------------------------------------


def test_small_catalogue_ranks_identically(tmp_path: Path) -> None:
    catalogue = load_catalogue(write_catalogue(tmp_path / "project"))
    assert _compare(build_payload(catalogue), tmp_path, "small") > 100


def test_real_content_ranks_identically(tmp_path: Path) -> None:
    catalogue = load(REPO).catalogue
    if len(catalogue.practices) < 5:
        pytest.skip(f"only {len(catalogue.practices)} valid practices in content/ so far")
    _compare(build_payload(catalogue), tmp_path, "real")


def test_generated_corpus_ranks_identically(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "bench_search", REPO / "scripts" / "bench_search.py"
    )
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    root = bench.generate_own(300, tmp_path / "corpus", seed=1)
    catalogue = load(root).catalogue
    assert len(catalogue.practices) == 300
    _compare(build_payload(catalogue), tmp_path, "generated")


def test_payload_loads_in_lunr_js_with_our_pipeline_function(tmp_path: Path) -> None:
    """`lunr.Index.load` needs every function of the serialised pipeline registered by name."""
    catalogue = load_catalogue(write_catalogue(tmp_path / "project"))
    payload = build_payload(catalogue)
    assert payload["index"]["pipeline"] == ["atlasStemmer"]
    path = tmp_path / "payload.json"
    path.write_text(dumps(payload), encoding="utf-8")
    answer = run_node({"payload": str(path), "searches": [{"q": "surveys"}]})
    assert answer["searches"][0]["results"][0]["slug"] == "employer-survey-day"
