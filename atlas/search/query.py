"""Searching the explorer's payload: the ranking `atlas search` and `/explore/` share.

`atlas/theme/assets/explore/atlas-search.js` implements the same steps in the browser, and the
parity tests run both on the same payload. The rules:

* The reader's words go through `pipeline.analyze_query`, never through lunr's query parser;
  each word is a group of terms. `lexicon.expand` adds, per word, the facet keys its phrases
  name (`theme:tvet` for "VET") and the plain terms an acronym stands for.
* Text: every term is an optional lunr clause (no pipeline: the terms are final), scored by
  lunr over title, summary, headings and body.
* Keys: a practice with any of the query's keys gets, on top of the text score,
  `sum(weights of its matched keys) * norm * KEY_BOOST / sqrt(number of query keys)`, where
  `norm` is BM25's length normalisation over its number of keys: lunr's own formula for a
  field, computed from the payload records with + - * / and sqrt only, so JavaScript gets the
  same bits.
* Relevance: practices matching more of the reader's words first (so "nurses Germany" puts the
  practices with both ahead of those with one), then the score rounded to 1e-6 (float noise
  between engines cannot reorder), then the slug.
* No searchable words ("", "-", "C++"): every practice, most recently reviewed first, then by
  title. Sort "reviewed": the same order over the matches; "title": by title (the payload lists
  practices by title, so a position is the title order on both sides).
* Facets: a practice passes a facet when it has any of the chosen ids (OR within a facet), and
  must pass every facet with a choice (AND across facets). A facet's counts take the query and
  the other facets into account, not its own choices, so a reader can widen a choice.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lunr.index import Index

from atlas.search.facets import FACET_PARAMS
from atlas.search.index import build_payload, practice_records, record_keys
from atlas.search.lexicon import expand, max_phrase_length
from atlas.search.pipeline import analyze_query

SORTS = ("relevance", "reviewed", "title")
SCORE_QUANTUM = 1e6
KEY_BOOST = 3.0
K1 = 1.2  # lunr's BM25 parameters
B = 0.75


@dataclass(frozen=True)
class Result:
    slug: str
    title: str
    url: str  # site-relative: practices/<slug>/
    score: float
    matched: int = 0  # how many of the reader's words the practice matches
    last_reviewed: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "url": self.url,
            "score": self.score,
            "matched": self.matched,
            "last_reviewed": self.last_reviewed,
        }


@dataclass
class Outcome:
    """One search: ranked results, and for every facet the counts of its ids."""

    results: list[Result]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    groups: list[list[str]] = field(default_factory=list)  # the analysed query


def normalise_filters(filters: Mapping[str, Iterable[Any]] | None) -> dict[str, set[str]]:
    """Facet choices as sets of string ids; country codes upper case; empty choices dropped."""
    chosen: dict[str, set[str]] = {}
    for param, values in (filters or {}).items():
        if param not in FACET_PARAMS:
            raise ValueError(f"unknown facet '{param}': use one of {', '.join(FACET_PARAMS)}")
        ids = {str(v).strip() for v in values if str(v).strip()}
        if param == "country":
            ids = {i.upper() for i in ids}
        if ids:
            chosen[param] = ids
    return chosen


def _quantised(score: float) -> int:
    return math.floor(score * SCORE_QUANTUM + 0.5)


class Searcher:
    """A loaded payload, ready for many searches (the CLI builds one per run)."""

    def __init__(self, payload: Mapping[str, Any]) -> None:
        self.payload = payload
        self.practices: list[dict[str, Any]] = practice_records(payload)
        self.lexicon: dict[str, list[str]] = dict(payload.get("lexicon", {}))
        self.longest = max_phrase_length(self.lexicon)
        self.weights: dict[str, float] = dict(payload.get("keys", {}))
        self.keys = [set(record_keys(record)) for record in self.practices]
        self.having: dict[str, list[int]] = {}  # key -> positions of the practices with it
        for position, keys in enumerate(self.keys):
            for k in keys:
                self.having.setdefault(k, []).append(position)
        total = 0
        for keys in self.keys:
            total += len(keys)
        average = total / len(self.keys) if self.keys else 1.0
        self.norms = [
            (K1 + 1) / (K1 * (1 - B + B * (len(keys) / average)) + 1) if keys else 0.0
            for keys in self.keys
        ]
        by_date = sorted(
            range(len(self.practices)),
            key=lambda i: self.practices[i]["last_reviewed"],
            reverse=True,
        )
        self.reviewed_order = {pos: rank for rank, pos in enumerate(by_date)}

    @cached_property
    def index(self) -> Index:
        """The lunr index, loaded for the first query with words: a search without any (the
        /explore/ page's own list, 0.6 s of loading at 10,000 practices) never reads it."""
        return Index.load(self.payload["index"])

    def _match(self, groups: list[list[str]]) -> dict[int, tuple[float, int]]:
        """Position -> (score, number of words matched), for practices matching any word."""
        expanded = expand(groups, self.lexicon, self.longest)
        texts = [
            group + [t for t in extra if ":" not in t]
            for group, extra in zip(groups, expanded, strict=True)
        ]
        keys = [[t for t in extra if ":" in t] for extra in expanded]
        query = self.index.create_query()
        for terms in texts:
            for term in terms:
                query.term(term, use_pipeline=False)
        hits = {
            int(hit["ref"]): (hit["score"], set(hit["match_data"].metadata))
            for hit in self.index.query(query)
        }
        wanted = list(dict.fromkeys(k for group_keys in keys for k in group_keys))
        candidates = set(hits)
        for k in wanted:
            candidates.update(self.having.get(k, ()))
        found: dict[int, tuple[float, int]] = {}
        for position in candidates:
            have = self.keys[position]
            score, matched_terms = hits.get(position, (0.0, set()))
            shared = [k for k in wanted if k in have]
            if shared:
                total = 0.0
                for k in shared:
                    total += self.weights.get(k, 0.0)
                score += total * self.norms[position] * KEY_BOOST / math.sqrt(len(wanted))
            matched = sum(
                1
                for terms, group_keys in zip(texts, keys, strict=True)
                if matched_terms.intersection(terms) or have.intersection(group_keys)
            )
            found[position] = (score, matched)
        return found

    def _passes(self, position: int, chosen: dict[str, set[str]]) -> list[str]:
        """The facets whose choices this practice fails."""
        facets = self.practices[position]["facets"]
        return [
            param for param, ids in chosen.items() if not ids.intersection(facets.get(param, ()))
        ]

    def run(
        self,
        text: str = "",
        filters: Mapping[str, Iterable[Any]] | None = None,
        sort: str = "relevance",
        limit: int | None = None,
    ) -> Outcome:
        """Rank, filter and count: what the explorer renders for one state of its controls."""
        if sort not in SORTS:
            raise ValueError(f"unknown sort '{sort}': use one of {', '.join(SORTS)}")
        chosen = normalise_filters(filters)
        groups = analyze_query(text or "")
        if groups:
            found = self._match(groups)
        else:
            found = {pos: (0.0, 0) for pos in range(len(self.practices))}
        counts: dict[str, dict[str, int]] = {param: {} for param in FACET_PARAMS}
        kept: list[int] = []
        for position in found:
            failed = self._passes(position, chosen)
            if not failed:
                kept.append(position)
            facets = self.practices[position]["facets"]
            for param in FACET_PARAMS:
                if failed and failed != [param]:
                    continue
                table = counts[param]
                for term_id in facets.get(param, ()):
                    table[term_id] = table.get(term_id, 0) + 1
        kept.sort(key=self._sort_key(sort, found, bool(groups)))
        if limit is not None:
            kept = kept[: max(limit, 0)]
        results = [self._result(pos, *found[pos]) for pos in kept]
        return Outcome(results, counts, groups)

    def _sort_key(
        self, sort: str, found: dict[int, tuple[float, int]], query: bool
    ) -> Callable[[int], Any]:
        if sort == "title":
            return lambda pos: pos
        if sort == "reviewed" or not query:
            return lambda pos: (self.reviewed_order[pos], pos)
        slugs = self.practices
        return lambda pos: (-found[pos][1], -_quantised(found[pos][0]), slugs[pos]["slug"])

    def _result(self, position: int, score: float, matched: int) -> Result:
        record = self.practices[position]
        return Result(
            record["slug"], record["title"], record["url"], score, matched, record["last_reviewed"]
        )


# One searcher per payload (and one payload per catalogue) kept between calls: the CLI and the
# tests search the same catalogue many times, and loading the index is the slow part.
_CACHE: list[tuple[Any, Searcher]] = []
_CACHE_SIZE = 4


def searcher_for(catalogue_or_payload: Any) -> Searcher:
    for source, searcher in _CACHE:
        if source is catalogue_or_payload:
            return searcher
    if isinstance(catalogue_or_payload, Mapping):
        payload = catalogue_or_payload
    else:
        payload = build_payload(catalogue_or_payload)
    searcher = Searcher(payload)
    _CACHE.insert(0, (catalogue_or_payload, searcher))
    del _CACHE[_CACHE_SIZE:]
    return searcher


def search(
    catalogue_or_payload: Any,
    text: str = "",
    filters: Mapping[str, Iterable[Any]] | None = None,
    limit: int | None = None,
    sort: str = "relevance",
) -> list[Result]:
    """Ranked practices for a reader's text and facet choices, exactly as `/explore/` ranks them.

    `catalogue_or_payload` is an `atlas.catalogue.Catalogue` or a payload from `build_payload`
    (or read back from `search/practices-index.json`).
    """
    return searcher_for(catalogue_or_payload).run(text, filters, sort, limit).results
