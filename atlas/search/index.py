"""The explorer's index: `search/practices-index.json`, built once with lunr.py at build time.

The payload is everything `/explore/` needs, fetched in one request:

* `index`: the lunr index of the practices' text, serialised by lunr.py and loadable by lunr.js
  2.3.9's `lunr.Index.load`;
* `practices`: the practices, by title, for the result cards and the facet filters, as
  columns (`slug`, `title`, `summary`, `reviewed`, `actors`, and under `facets` one column per
  facet), each listing one value per practice: a field name written once, not once per practice.
  A practice's facet ids are positions in its facet's `terms` and its actors numbers into
  `actors` (names); `practice_records` turns the columns back into one record per practice;
* `facets`: the facet vocabularies with their labels (only ids some practice has);
* `actors`: the names of the actors some practice names, by number;
* `lexicon`: the words that name facet ids and actors (labels, aliases, country names and
  codes, actor names and acronyms), and `keys`: the weight of each such id (see `lexicon.py`).

| field | holds                                                    | boost |
|-------|----------------------------------------------------------|-------|
| t     | title                                                    | 10    |
| s     | summary                                                  | 5     |
| h     | headings other than the six standard section titles      | 2     |
| b     | body text: its most distinctive terms (`BODY_BUDGET`)    | 1     |
| keys  | facet ids and actors, scored outside lunr (`query.py`)   | 3     |

Why facet ids are not a lunr field: each (practice, term) pair costs lunr a posting and a
field-vector entry; a practice has some 25 facet ids and actors, more than its title and summary
together, and the records already list them. Scoring them from the records (a BM25 of the same
shape, weights computed here) halves the index.

The body is the most expensive field and, with titles, summaries and facets indexed, adds less:
on the real content it lifts recall@3 from 0.926 to 0.965 and MRR from 0.979 to 1.0
(tests/search_queries.yml), but only when each body keeps some 100 terms (48 terms: 0.954, 32:
0.933, 24 or fewer: no gain). So it gets a fixed budget of `BODY_BUDGET` index entries shared by
all practices: each body keeps its `BODY_BUDGET // practices` most distinctive terms (highest
tf-idf, with their frequencies). Up to 40 practices that is (about) the whole body; at 1,000 it
is the 4 words a reader is most likely to search for (acronyms, names, places), for 13 KB
gzipped where 8 words cost 25 KB.

Field names are one letter and document refs are positions in `practices`: both repeat in every
posting and field vector. Field-vector weights keep `WEIGHT_DIGITS` significant digits (lunr
keeps 3 decimals); both sides search the same rounded payload, so parity holds.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import lunr.builder
from lunr import __TARGET_JS_VERSION__
from lunr.builder import Builder
from lunr.token import Token
from lunr.utils import as_string

from atlas import geo
from atlas.catalogue import Catalogue
from atlas.model import BODY_SECTIONS, Practice
from atlas.search.facets import facet_specs
from atlas.search.lexicon import build_lexicon, key, key_weights
from atlas.search.pipeline import STEMMER_LABEL, analyze_text, fold, stemmer_function

PAYLOAD_VERSION = 2
WEIGHT_DIGITS = 2  # significant digits of field-vector weights
BODY_BUDGET = 4_000  # body terms in the whole index (see the module docstring)


@dataclass(frozen=True)
class IndexField:
    name: str
    boost: float
    what: str


FIELDS: tuple[IndexField, ...] = (
    IndexField("t", 10, "title"),
    IndexField("s", 5, "summary"),
    IndexField("h", 2, "headings other than the standard sections"),
    IndexField("b", 1, "body text (its most distinctive terms)"),
)

_STANDARD_HEADINGS = {fold(h).casefold() for h in BODY_SECTIONS}
_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REF_LINK_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_URL_RE = re.compile(r"<?https?://\S+>?")
_TAG_RE = re.compile(r"<[^>]+>")


def split_body(body: str) -> tuple[list[str], str]:
    """The headings (standard section titles left out: every practice has them) and the prose.

    Link targets and bare URLs are dropped: they are long, unique tokens nobody searches for.
    """
    headings: list[str] = []
    prose: list[str] = []
    for line in _REF_LINK_RE.sub("", body).splitlines():
        if match := _HEADING_RE.match(line):
            text = match.group(2)
            if fold(text).casefold() not in _STANDARD_HEADINGS:
                headings.append(text)
            continue
        prose.append(line)
    text = _LINK_RE.sub(r"\1", "\n".join(prose))
    return headings, _TAG_RE.sub(" ", _URL_RE.sub(" ", text))


def document(practice: Practice) -> dict[str, list[str]]:
    """The analysed terms of one practice, field by field (lists of terms, as lunr takes them)."""
    headings, prose = split_body(practice.body)
    return {
        "t": analyze_text(practice.title),
        "s": analyze_text(practice.summary),
        "h": analyze_text(headings),
        "b": analyze_text(prose),
    }


def distinctive_body(documents: list[dict[str, list[str]]], limit: int) -> None:
    """Keep in each body only its `limit` terms of highest tf-idf (ties by term), repeats kept.

    Common words (in most bodies) carry little and cost as much as rare ones; the rare ones
    (acronyms, names, places) are what readers search for.
    """
    frequencies = [Counter(doc["b"]) for doc in documents]
    df = Counter(term for tf in frequencies for term in tf)
    total = len(documents)
    for doc, tf in zip(documents, frequencies, strict=True):
        ranked = sorted(tf, key=lambda t: (-tf[t] * math.log(1 + total / df[t]), t))[:limit]
        kept = set(ranked)
        doc["b"] = [term for term in doc["b"] if term in kept]


def _significant(value: float) -> float:
    return float(f"{value:.{WEIGHT_DIGITS}g}")


def _round_weights(index: dict[str, Any]) -> None:
    for _ref, elements in index["fieldVectors"]:
        for i in range(1, len(elements), 2):
            elements[i] = _significant(elements[i])


_TOKENIZER_LOCK = threading.Lock()  # the preview refreshes the index in a background thread


@contextmanager
def _list_tokens_without_copies() -> Iterator[None]:
    """Meanwhile, lunr.py's `Builder.add` makes the tokens of a list field without deep-copying
    an empty metadata dict for each (`lunr.tokenizer.Tokenizer` does): our fields are lists of
    final terms, so those copies were a sixth of building the index. The tokens are the same:
    each term lower-cased, with metadata of its own, empty."""
    original = lunr.builder.Tokenizer

    def tokens(obj: Any, metadata: Any = None, separator: Any = None) -> list[Token]:
        if isinstance(obj, (list, tuple)) and not metadata:
            return [Token(as_string(element).lower(), {}) for element in obj]
        return original(obj, metadata, separator)

    with _TOKENIZER_LOCK:
        lunr.builder.Tokenizer = tokens
        try:
            yield
        finally:
            lunr.builder.Tokenizer = original


def build_index(documents: Iterable[dict[str, list[str]]]) -> dict[str, Any]:
    """Index analysed documents with lunr.py; the serialised form lunr.js loads.

    The terms are final (folded, stop words gone, stemmed), so the build pipeline is empty; the
    search pipeline records our stemmer under the name both sides register.
    """
    builder = Builder()
    builder.ref("id")
    for field in FIELDS:
        builder.field(field.name, boost=field.boost)
    builder.search_pipeline.add(stemmer_function)
    count = 0
    with _list_tokens_without_copies():
        for ref, doc in enumerate(documents):
            builder.add({"id": str(ref), **doc})
            count += 1
    if count == 0:  # lunr.py divides by the document count: an empty index is written by hand
        return {
            "version": __TARGET_JS_VERSION__,
            "fields": [f.name for f in FIELDS],
            "fieldVectors": [],
            "invertedIndex": [],
            "pipeline": [STEMMER_LABEL],
        }
    index = builder.build().serialize()
    _round_weights(index)
    return index


def _record(
    catalogue: Catalogue, practice: Practice, actor_numbers: dict[str, int]
) -> dict[str, Any]:
    """A practice as the explorer shows and filters it (`practice_records` gives it back)."""
    facets = {}
    for spec in facet_specs():
        ids = [str(value) for value in catalogue.facet_values(practice, spec.vocabulary)]
        if ids:
            facets[spec.param] = ids
    known = [r.actor for r in practice.actor_refs if r.actor in catalogue.actors]
    return {
        "slug": practice.slug,
        "title": practice.title,
        "summary": practice.summary,
        "url": practice.url,
        "last_reviewed": practice.last_reviewed,
        "facets": facets,
        "actors": [catalogue.actors[slug].title for slug in known],
        "actor_ids": [actor_numbers[slug] for slug in known],
    }


def _columns(records: list[dict[str, Any]], facets: list[dict[str, Any]]) -> dict[str, Any]:
    """The records as the payload ships them: one list per field (see the module docstring).

    Facet ids become positions in their facet's `terms`, actors numbers into the payload's
    `actors`; a facet no practice has gets no column.
    """
    columns: dict[str, Any] = {
        "slug": [r["slug"] for r in records],
        "title": [r["title"] for r in records],
        "summary": [r["summary"] for r in records],
        "reviewed": [r["last_reviewed"] for r in records],
        "actors": [r["actor_ids"] for r in records],
        "facets": {},
    }
    for facet in facets:
        if facet["terms"]:
            position = {term["id"]: i for i, term in enumerate(facet["terms"])}
            columns["facets"][facet["param"]] = [
                [position[i] for i in r["facets"].get(facet["param"], [])] for r in records
            ]
    return columns


def practice_records(payload: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One record per practice, by title, from the payload's columns: `slug`, `title`,
    `summary`, `url`, `last_reviewed`, `facets` ({param: [ids]}), `actors` (names) and
    `actor_ids`. atlas-search.js `practiceRecords` gives the same."""
    columns = payload["practices"]
    names = payload["actors"]
    terms = {f["param"]: [t["id"] for t in f["terms"]] for f in payload["facets"]}
    records = []
    for i, slug in enumerate(columns["slug"]):
        facets = {}
        for param, column in columns["facets"].items():
            if column[i]:
                facets[param] = [terms[param][j] for j in column[i]]
        actor_ids = columns["actors"][i]
        records.append(
            {
                "slug": slug,
                "title": columns["title"][i],
                "summary": columns["summary"][i],
                "url": f"practices/{slug}/",
                "last_reviewed": columns["reviewed"][i],
                "facets": facets,
                "actors": [names[n] for n in actor_ids],
                "actor_ids": actor_ids,
            }
        )
    return records


def record_keys(record: dict[str, Any]) -> list[str]:
    """The facet and actor keys of a practice record (`query.py` and atlas-search.js agree)."""
    keys = [key(param, term_id) for param, ids in record["facets"].items() for term_id in ids]
    keys.extend(key("actor", slug) for slug in record.get("actor_ids", []))
    return keys


def _facet_terms(catalogue: Catalogue, vocabulary: str, used: set[str]) -> list[dict[str, str]]:
    if vocabulary == "countries":
        codes = sorted(used, key=lambda c: (fold(geo.country_name(c)).casefold(), c))
        return [{"id": c, "label": geo.country_name(c)} for c in codes]
    return [
        {"id": str(t.id), "label": t.label}
        for t in catalogue.taxonomy.terms(vocabulary)
        if str(t.id) in used
    ]


def actor_numbers(catalogue: Catalogue) -> dict[str, int]:
    """A number for each actor some practice names, by slug order: its key is `actor:<number>`."""
    used = sorted(
        {
            r.actor
            for p in catalogue.practices.values()
            for r in p.actor_refs
            if r.actor in catalogue.actors
        }
    )
    return {slug: number for number, slug in enumerate(used)}


def build_payload(
    catalogue: Catalogue, *, body: bool = True, body_terms: int | None = None
) -> dict[str, Any]:
    """The whole of `search/practices-index.json`, as a dict (`dumps` gives the bytes).

    Practices are listed by title (the catalogue's order): a practice's position is its lunr ref
    and its place in the "title" sort, so neither side compares titles. Facets list only the
    ids some practice has, in taxonomy order (countries by name).
    """
    practices = catalogue.sorted_practices
    numbers = actor_numbers(catalogue)
    records = [_record(catalogue, p, numbers) for p in practices]
    facets = []
    for spec in facet_specs():
        used = {i for r in records for i in r["facets"].get(spec.param, [])}
        facets.append(
            {
                "param": spec.param,
                "label": spec.label,
                "terms": _facet_terms(catalogue, spec.vocabulary, used),
            }
        )
    documents = [document(p) for p in practices]
    if not body:
        for doc in documents:
            doc["b"] = []
    if body_terms is None:
        body_terms = BODY_BUDGET // max(len(documents), 1)
    distinctive_body(documents, body_terms)
    return {
        "version": PAYLOAD_VERSION,
        "index": build_index(documents),
        "lexicon": build_lexicon(catalogue, numbers, facets),
        "keys": key_weights([record_keys(r) for r in records]),
        "facets": facets,
        "actors": [catalogue.actors[slug].title for slug in numbers],
        "practices": _columns(records, facets),
    }


def dumps(payload: dict[str, Any]) -> str:
    """The payload as compact JSON (no spaces, UTF-8 text): what the plugin writes to disk."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
