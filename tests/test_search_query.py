"""What a reader gets from `atlas.search.query.search` (and so from `atlas search` and /explore/).

Runs on the small hand-made catalogue of `test_search_support.py`: seven practices, each there
for one behaviour (synonyms, accents, acronyms, review dates).
"""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

import pytest
from lunr.index import Index
from test_search_support import AWKWARD_QUERIES, PRACTICES, load_catalogue, write_catalogue

from atlas.search.index import build_payload, dumps, practice_records
from atlas.search.query import SCORE_QUANTUM, Searcher, search

SPEC_PARAMS = [
    "typology",
    "theme",
    "dimension",
    "mobility",
    "status",
    "evidence",
    "sector",
    "target_group",
    "skill_level",
    "gcm_objective",
    "actor_type",
    "country",
    "region",
]
# No query: most recently reviewed first, then by title.
REVIEWED_ORDER = [
    "refugee-qualifications-passport",  # 2026-11-20, "Qualifications passport ..."
    "senegal-rural-youth",  # 2026-11-20, "Rural youth ..."
    "diaspora-tvet-ghana",  # 2026-10-01
    "nurses-for-germany",  # 2026-09-15
    "ivorian-entrepreneurs",  # 2026-05-02, "Entrepreneurial mobility ..."
    "ict-talent-morocco",  # 2026-05-02, "IT talent ..."
    "employer-survey-day",  # 2025-01-10
]
TITLE_ORDER = [
    "employer-survey-day",
    "nurses-for-germany",
    "diaspora-tvet-ghana",
    "ivorian-entrepreneurs",
    "ict-talent-morocco",
    "refugee-qualifications-passport",
    "senegal-rural-youth",
]


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    return load_catalogue(write_catalogue(tmp_path_factory.mktemp("search") / "project"))


@pytest.fixture(scope="module")
def payload(catalogue):
    return build_payload(catalogue)


def slugs(payload, text: str = "", **kwargs) -> list[str]:
    return [r.slug for r in search(payload, text, **kwargs)]


# Finding ---------------------------------------------------------------------------------------


def test_taxonomy_aliases_work_as_synonyms(payload) -> None:
    assert slugs(payload, "VET")[0] == "diaspora-tvet-ghana"  # alias of the tvet theme
    assert slugs(payload, "nurses")[0] == "nurses-for-germany"  # alias of health-care
    assert slugs(payload, "vocational training")[0] == "diaspora-tvet-ghana"
    assert set(slugs(payload, "credentials")) >= {
        "refugee-qualifications-passport",
        "nurses-for-germany",
    }


def test_accents_do_not_matter(payload) -> None:
    expected = slugs(payload, "Senegal")
    assert expected[0] == "senegal-rural-youth"
    assert slugs(payload, "Sénégal") == slugs(payload, "senegal") == expected
    assert slugs(payload, "Côte d'Ivoire")[0] == "ivorian-entrepreneurs"
    assert slugs(payload, "cote divoire")[0] == "ivorian-entrepreneurs"
    assert slugs(payload, "Ivory Coast") == ["ivorian-entrepreneurs"]


def test_country_codes_and_actor_acronyms_are_searchable(payload) -> None:
    assert slugs(payload, "SN") == ["senegal-rural-youth"]
    assert set(slugs(payload, "BE")) == {"ivorian-entrepreneurs", "ict-talent-morocco"}
    assert slugs(payload, "GIZ") == ["nurses-for-germany"]
    assert set(slugs(payload, "MPF")) == {
        "ivorian-entrepreneurs",
        "employer-survey-day",
        "ict-talent-morocco",
    }
    assert set(slugs(payload, "Migration Partnership Facility")[:3]) == set(slugs(payload, "MPF"))


def test_words_lunr_py_would_stem_differently_are_found(payload) -> None:
    for word in ("survey", "employ", "day"):
        assert slugs(payload, word)[0] == "employer-survey-day"


def test_it_in_capitals_is_the_sector(payload) -> None:
    assert slugs(payload, "IT")[0] == "ict-talent-morocco"
    assert slugs(payload, "it") == REVIEWED_ORDER  # a stop word alone: no query


def test_singular_and_plural_find_the_same(payload) -> None:
    assert slugs(payload, "nurse") == slugs(payload, "nurses")
    assert slugs(payload, "refugee") == slugs(payload, "refugees")


# Input that would break lunr's query parser ------------------------------------------------------


@pytest.mark.parametrize("text", AWKWARD_QUERIES)
def test_awkward_input_never_raises(payload, text: str) -> None:
    search(payload, text)


def test_awkward_input_gives_sensible_results(payload) -> None:
    assert slugs(payload, '"refugee diplomas"') == slugs(payload, "refugee diplomas")
    assert slugs(payload, "nurse*") == slugs(payload, "nurse")
    for nothing in ("-", "C++", "", "   "):
        assert slugs(payload, nothing) == REVIEWED_ORDER
    assert slugs(payload, "foo:") == []


# Ranking -----------------------------------------------------------------------------------------


def test_practices_matching_more_words_come_first(payload) -> None:
    results = search(payload, "refugee diplomas")
    assert results[0].slug == "refugee-qualifications-passport"
    assert results[0].matched == 2
    matched = [r.matched for r in results]
    assert matched == sorted(matched, reverse=True)
    assert slugs(payload, "youth agriculture Senegal")[0] == "senegal-rural-youth"
    assert slugs(payload, "diaspora TVET")[0] == "diaspora-tvet-ghana"


def test_ranking_is_words_matched_then_score_then_slug(payload) -> None:
    for text in ("youth", "training", "Belgium", "skills partnership", "MPF", "BE", "Africa"):
        results = search(payload, text)
        keys = [(-r.matched, -math.floor(r.score * SCORE_QUANTUM + 0.5), r.slug) for r in results]
        assert keys == sorted(keys), text


def test_title_outweighs_body(payload) -> None:
    # "hospitals" is in one title and in another practice's body only
    assert slugs(payload, "hospitals")[0] == "nurses-for-germany"
    assert slugs(payload, "survey")[0] == "employer-survey-day"


def test_no_query_lists_most_recently_reviewed_first_then_by_title(payload) -> None:
    assert slugs(payload) == REVIEWED_ORDER
    assert [r.score for r in search(payload)] == [0.0] * len(REVIEWED_ORDER)


def test_sort_by_title_and_by_review_date(payload) -> None:
    assert slugs(payload, sort="title") == TITLE_ORDER
    assert slugs(payload, "Belgium", sort="reviewed") == [
        s for s in REVIEWED_ORDER if s in slugs(payload, "Belgium")
    ]
    with pytest.raises(ValueError, match="sort"):
        search(payload, "x", sort="random")


def test_limit(payload) -> None:
    assert slugs(payload, limit=2) == REVIEWED_ORDER[:2]
    assert slugs(payload, "youth", limit=1) == slugs(payload, "youth")[:1]
    assert slugs(payload, limit=0) == []


# Facets ------------------------------------------------------------------------------------------


def test_facets_are_or_within_and_and_across(payload) -> None:
    assert set(slugs(payload, filters={"theme": ["tvet", "refugees"]})) == {
        "diaspora-tvet-ghana",
        "refugee-qualifications-passport",
    }
    assert slugs(payload, filters={"theme": ["youth"], "country": ["MA"]}) == ["ict-talent-morocco"]
    assert slugs(payload, "farming", filters={"country": ["ma"]}) == []


def test_country_codes_in_filters_are_case_insensitive(payload) -> None:
    assert (
        slugs(payload, filters={"country": ["sn"]})
        == slugs(payload, filters={"country": ["SN"]})
        == ["senegal-rural-youth"]
    )


def test_regions_include_those_of_the_countries(payload) -> None:
    assert set(slugs(payload, filters={"region": ["western-africa"]})) == {
        "diaspora-tvet-ghana",
        "senegal-rural-youth",
        "ivorian-entrepreneurs",
    }
    assert "ict-talent-morocco" in slugs(payload, filters={"region": ["northern-africa"]})


def test_every_spec_facet_filters(payload) -> None:
    examples = {
        "typology": "private-sector",
        "theme": "youth",
        "dimension": "mobility",
        "mobility": "long-term",
        "status": "completed",
        "evidence": "evaluated",
        "sector": "ict",
        "target_group": "youth",
        "skill_level": "high",
        "gcm_objective": "5",
        "actor_type": "funding-mechanism",
        "country": "BE",
        "region": "western-europe",
    }
    assert set(examples) == set(SPEC_PARAMS)
    for param, value in examples.items():
        search(payload, "", filters={param: [value]})
    assert slugs(payload, filters={"gcm_objective": [5]}) == ["ict-talent-morocco"]
    assert slugs(payload, filters={"skill_level": ["high"]}) == []


def test_unknown_facet_is_an_error_and_unknown_id_matches_nothing(payload) -> None:
    with pytest.raises(ValueError, match="unknown facet"):
        search(payload, "", filters={"colour": ["red"]})
    assert slugs(payload, filters={"theme": ["no-such-theme"]}) == []


def test_counts_follow_the_query_and_the_other_facets(payload) -> None:
    searcher = Searcher(payload)
    outcome = searcher.run("", {"theme": ["tvet"]})
    # its own facet still counts every theme, so a reader can widen the choice
    assert outcome.counts["theme"]["refugees"] == 1
    assert outcome.counts["theme"]["tvet"] == 1
    # the other facets count only the tvet practices
    assert outcome.counts["country"] == {"GH": 1}
    outcome = searcher.run("Belgium")
    assert set(outcome.counts["country"]) >= {"BE"}
    assert sum(outcome.counts["status"].values()) == len(outcome.results)


# The payload -------------------------------------------------------------------------------------


def test_results_carry_slug_title_url_and_score(catalogue, payload) -> None:
    result = search(payload, "VET")[0]
    assert result.slug == "diaspora-tvet-ghana"
    assert result.title == catalogue.practices["diaspora-tvet-ghana"].title
    assert result.url == "practices/diaspora-tvet-ghana/"
    assert isinstance(result.score, float) and result.score > 0


def test_search_takes_a_catalogue_or_a_payload_read_back_from_json(catalogue, payload) -> None:
    read_back = json.loads(dumps(payload))
    for text in ("VET", "youth", "Sénégal", ""):
        assert [(r.slug, r.score) for r in search(catalogue, text)] == [
            (r.slug, r.score) for r in search(read_back, text)
        ]


def test_payload_shape(payload) -> None:
    assert payload["version"] == 2
    assert [f["param"] for f in payload["facets"]] == SPEC_PARAMS
    records = practice_records(payload)
    assert len(records) == len(PRACTICES)
    record = next(p for p in records if p["slug"] == "ict-talent-morocco")
    assert record["url"] == "practices/ict-talent-morocco/"
    assert record["last_reviewed"] == "2026-05-02"
    assert record["facets"]["country"] == ["MA", "BE"]
    assert record["facets"]["gcm_objective"] == ["5", "18"]
    assert "northern-africa" in record["facets"]["region"]
    assert record["actors"] == ["Enabel", "Migration Partnership Facility"]
    themes = next(f for f in payload["facets"] if f["param"] == "theme")
    assert {"id": "tvet", "label": "Technical and vocational education and training"} in themes[
        "terms"
    ]
    assert payload["index"]["pipeline"] == ["atlasStemmer"]
    Index.load(payload["index"])


def test_payload_is_compact_and_reproducible(catalogue, payload) -> None:
    text = dumps(payload)
    assert text == json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    assert "\n" not in text
    assert dumps(build_payload(catalogue)) == text
    assert len(gzip.compress(text.encode())) < 20_000


def test_an_empty_catalogue_gives_an_empty_but_working_payload(tmp_path: Path) -> None:
    root = write_catalogue(tmp_path / "empty")
    for path in (root / "content" / "practices").iterdir():
        path.unlink()
    payload = build_payload(load_catalogue(root))
    assert practice_records(payload) == []
    assert search(payload, "anything") == []
    assert search(payload) == []
