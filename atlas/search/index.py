"""The explorer's index: `search/practices-index.json`, built once with lunr.py at build time.

The payload is everything `/explore/` needs, fetched in one request: the serialised lunr index
(loadable by lunr.js 2.3.9's `lunr.Index.load`), one compact record per practice for the result
cards and the facet filters, and the facet vocabularies with their labels.

What goes into the index, and why (sizes and relevance measured by `scripts/bench_search.py`
and `tests/search_queries.yml`):

| field | holds                                                         | boost |
|-------|---------------------------------------------------------------|-------|
| t     | title                                                         | 10    |
| s     | summary                                                       | 5     |
| l     | labels of the practice's terms (themes, sectors, ...)         | 3     |
| a     | actor names and acronyms                                      | 3     |
| p     | country names and ISO codes, region labels                    | 3     |
| y     | taxonomy aliases of those terms (synonyms: VET -> tvet)       | 1.5   |
| h     | headings other than the six standard section titles           | 2     |
| b     | body text (links' URLs left out)                              | 1     |

Field names are one letter and document refs are positions in `practices`: both are repeated
in every posting and field vector, so this roughly halves the raw size of the index.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lunr import __TARGET_JS_VERSION__
from lunr.builder import Builder

from atlas import geo
from atlas.catalogue import Catalogue
from atlas.model import BODY_SECTIONS, Practice
from atlas.search.pipeline import STEMMER_LABEL, analyze_text, fold, stemmer_function
from atlas.vocabularies import FACETS

PAYLOAD_VERSION = 1


@dataclass(frozen=True)
class IndexField:
    name: str
    boost: float
    what: str


FIELDS: tuple[IndexField, ...] = (
    IndexField("t", 10, "title"),
    IndexField("s", 5, "summary"),
    IndexField("l", 3, "labels of the practice's vocabulary terms"),
    IndexField("a", 3, "actor names and acronyms"),
    IndexField("p", 3, "country names and codes, region labels"),
    IndexField("y", 1.5, "taxonomy aliases (synonyms) of the practice's terms"),
    IndexField("h", 2, "headings other than the standard sections"),
    IndexField("b", 1, "body text"),
)


@dataclass(frozen=True)
class FacetSpec:
    """One explorer facet: its query-string parameter, label and vocabulary ("countries" too)."""

    param: str
    label: str
    vocabulary: str


def facet_specs() -> list[FacetSpec]:
    """The explorer's facets in the spec's order: the vocabularies, then country, then region."""
    specs = [FacetSpec(f.param, f.plural, f.vocabulary) for f in FACETS if f.param != "region"]
    specs.append(FacetSpec("country", "Countries", "countries"))
    specs.extend(FacetSpec(f.param, f.plural, f.vocabulary) for f in FACETS if f.param == "region")
    return specs


FACET_PARAMS: tuple[str, ...] = tuple(spec.param for spec in facet_specs())

# Vocabularies whose labels and aliases describe what a practice is about; places are indexed
# on their own (field p).
_TOPIC_VOCABULARIES = tuple(
    s.vocabulary for s in facet_specs() if s.vocabulary not in ("countries", "regions")
)
_STANDARD_HEADINGS = {fold(h).casefold() for h in BODY_SECTIONS}

_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REF_LINK_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)
_URL_RE = re.compile(r"<?https?://\S+>?")
_TAG_RE = re.compile(r"<[^>]+>")


def split_body(body: str) -> tuple[list[str], str]:
    """The headings (standard section titles left out: every practice has them) and the prose.

    Link targets and bare URLs are dropped: they are long, unique tokens nobody searches for,
    and would swell the index.
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
    text = "\n".join(prose)
    text = _LINK_RE.sub(r"\1", text)
    text = _URL_RE.sub(" ", text)
    text = _TAG_RE.sub(" ", text)
    return headings, text


def _ids(catalogue: Catalogue, practice: Practice, vocabulary: str) -> list[str]:
    return [str(value) for value in catalogue.facet_values(practice, vocabulary)]


def _term_words(catalogue: Catalogue, practice: Practice) -> tuple[list[str], list[str]]:
    """Labels and aliases of every vocabulary term the practice has (regions' aliases too)."""
    labels: list[str] = []
    aliases: list[str] = []
    for vocabulary in (*_TOPIC_VOCABULARIES, "regions"):
        for value in catalogue.facet_values(practice, vocabulary):
            term = catalogue.taxonomy.term(vocabulary, value)
            if term is None:
                continue
            if vocabulary != "regions":
                labels.append(term.label)
            aliases.extend(term.aliases)
    return labels, aliases


def _places(catalogue: Catalogue, practice: Practice) -> list[str]:
    words: list[str] = []
    for code in practice.countries():
        words.extend((geo.country_name(code), code))
    words.extend(catalogue.taxonomy.label("regions", r) for r in catalogue.regions_resolved(practice))
    return words


def _actor_words(catalogue: Catalogue, practice: Practice) -> list[str]:
    words: list[str] = []
    for ref in practice.actor_refs:
        actor = catalogue.actors.get(ref.actor)
        if actor is None:
            continue
        words.append(actor.title)
        if acronym := actor.get("acronym"):
            words.append(str(acronym))
    return words


def document(catalogue: Catalogue, practice: Practice, *, body: bool = True) -> dict[str, Any]:
    """The analysed terms of one practice, field by field (lists of terms, as lunr takes them)."""
    labels, aliases = _term_words(catalogue, practice)
    headings, prose = split_body(practice.body)
    return {
        "t": analyze_text(practice.title),
        "s": analyze_text(practice.summary),
        "l": analyze_text(labels),
        "a": analyze_text(_actor_words(catalogue, practice)),
        "p": analyze_text(_places(catalogue, practice)),
        "y": analyze_text(aliases),
        "h": analyze_text(headings),
        "b": analyze_text(prose) if body else [],
    }


def build_index(documents: Iterable[dict[str, Any]]) -> dict[str, Any]:
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
    for ref, doc in enumerate(documents):
        builder.add({"id": str(ref), **doc})
        count += 1
    if count == 0:  # lunr.py divides by the document count; an empty index is written by hand
        return {"version": __TARGET_JS_VERSION__, "fields": [f.name for f in FIELDS],
                "fieldVectors": [], "invertedIndex": [], "pipeline": [STEMMER_LABEL]}
    return builder.build().serialize()


def _record(catalogue: Catalogue, practice: Practice) -> dict[str, Any]:
    facets = {}
    for spec in facet_specs():
        ids = _ids(catalogue, practice, spec.vocabulary)
        if ids:
            facets[spec.param] = ids
    actors = [catalogue.actors[r.actor].title for r in practice.actor_refs
              if r.actor in catalogue.actors]
    return {
        "slug": practice.slug,
        "title": practice.title,
        "summary": practice.summary,
        "url": practice.url,
        "last_reviewed": practice.last_reviewed,
        "facets": facets,
        "actors": actors,
    }


def _facet_terms(catalogue: Catalogue, spec: FacetSpec, used: set[str]) -> list[dict[str, str]]:
    if spec.vocabulary == "countries":
        codes = sorted(used, key=lambda c: (fold(geo.country_name(c)).casefold(), c))
        return [{"id": c, "label": geo.country_name(c)} for c in codes]
    return [{"id": str(t.id), "label": t.label} for t in catalogue.taxonomy.terms(spec.vocabulary)
            if str(t.id) in used]


def build_payload(catalogue: Catalogue, *, body: bool = True) -> dict[str, Any]:
    """The whole of `search/practices-index.json`, as a dict (see `dumps` for the bytes).

    Practices are listed by title (the catalogue's order): their position is their lunr ref and
    the "title" sort order, so both sides sort by title without comparing strings.
    """
    practices = catalogue.sorted_practices
    records = [_record(catalogue, p) for p in practices]
    facets = []
    for spec in facet_specs():
        used = {i for r in records for i in r["facets"].get(spec.param, [])}
        facets.append({"param": spec.param, "label": spec.label,
                       "terms": _facet_terms(catalogue, spec, used)})
    index = build_index(document(catalogue, p, body=body) for p in practices)
    return {"version": PAYLOAD_VERSION, "index": index, "practices": records, "facets": facets}


def dumps(payload: dict[str, Any]) -> str:
    """The payload as compact JSON (no spaces, UTF-8 text): what the plugin writes to disk."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
