"""Every rule of the content model, as a contributor meets it through `atlas check`.

Each test writes a broken entry (with the fixed layout of `helpers.py`, so each key's line is
known: title on line 2, summary 3, typologies 4, themes 5, dimensions 6, mobility 7, status 8,
evidence 9, actors 10, countries 11, regions 12, sectors 13, target_groups 14, period 15,
sources 16, last_reviewed 17, extra keys from 18) and asserts the exact lines printed for it:
`path:line:column: severity: message (hint)`.
"""

from __future__ import annotations

import re

import pytest
from helpers import DROP, REPO_ROOT, body_with

from atlas.taxonomy import load_taxonomy

P = "content/practices/sample.md"
A = "content/actors/sample-actor.md"

# Contributors may add terms to most vocabularies, so "choose one of" lists come from the
# taxonomy the fixture project copies.
TAXONOMY = load_taxonomy(REPO_ROOT)[0]


def choices(vocabulary: str) -> str:
    return ", ".join(map(str, TAXONOMY.ids(vocabulary)[:30]))


def practice_lines(project, body=None, **overrides) -> tuple[int, list[str]]:
    """Write content/practices/sample.md, run `atlas check`, return (status, lines about it)."""
    if body is None:
        project.write_practice("sample", **overrides)
    else:
        project.write_practice("sample", body=body, **overrides)
    run = project.check()
    return run.status, run.lines_for(P)


def actor_lines(project, **overrides) -> tuple[int, list[str]]:
    project.write_actor("sample-actor", **overrides)
    run = project.check()
    return run.status, run.lines_for(A)


def test_the_fixture_practice_and_actor_are_valid(project):
    project.write_practice("sample")
    project.write_actor("sample-actor")
    run = project.check()
    assert run.status == 0, run.out
    assert run.lines == []
    assert "7 files checked: 0 errors, 0 warnings" in run.err


# Keys --------------------------------------------------------------------------------------


def test_unknown_key_has_a_did_you_mean_hint(project):
    status, lines = practice_lines(project, themes=DROP, themse="[tvet]")
    assert status == 1
    assert lines == [
        f"{P}:2:1: error: required key 'themes' is missing (add 'themes:' with 1–8 theme ids)",
        f"{P}:18:1: error: unknown key 'themse' (did you mean 'themes'?)",
    ]


def test_unknown_key_without_close_match_lists_the_allowed_keys(project):
    status, lines = practice_lines(project, colour="blue")
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith(
        f"{P}:18:1: error: unknown key 'colour' (allowed keys: title, summary,"
    )


def test_unknown_key_inside_a_mapping(project):
    status, lines = practice_lines(project, countries="{origin: [GH], elsewhere: [BE]}")
    assert status == 1
    assert lines == [
        f"{P}:11:27: error: unknown key 'elsewhere' in 'countries' "
        "(allowed keys: origin, destination, transit)"
    ]


REQUIRED_PRACTICE_KEYS = {
    "title": "5–120 characters, plain text",
    "summary": "one or two sentences, 20–300 characters",
    "typologies": "1–4 typology ids",
    "themes": "1–8 theme ids",
    "dimensions": "1–3 of skills, mobility, partnerships",
    "status": "a status id",
    "actors": "a list of {actor: slug, role: id}",
    "sources": "at least one {title, url}",
    "evidence": "reported, documented or evaluated",
    "last_reviewed": "the date the entry was last checked, YYYY-MM-DD",
}


@pytest.mark.parametrize("key", list(REQUIRED_PRACTICE_KEYS))
def test_each_required_practice_key_missing(project, key):
    status, lines = practice_lines(project, **{key: DROP})
    # A missing key is reported where the front-matter mapping starts: line 2, or line 3 when
    # line 2 (title) is the key left out.
    line = 3 if key == "title" else 2
    assert status == 1
    assert lines == [
        f"{P}:{line}:1: error: required key '{key}' is missing "
        f"(add '{key}:' with {REQUIRED_PRACTICE_KEYS[key]})"
    ]


def test_a_required_key_left_empty(project):
    status, lines = practice_lines(project, sources="[]")
    assert status == 1
    assert lines == [
        f"{P}:16:1: error: required key 'sources' is empty "
        "(add 'sources:' with at least one {title, url})"
    ]


def test_a_required_key_inside_a_list_item(project):
    status, lines = practice_lines(project, actors="[{actor: enabel}]")
    assert status == 1
    assert lines == [
        f"{P}:10:10: error: required key 'actors[0].role' is missing (add 'role:' with a role id)"
    ]


# Types and lengths -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"themes": "tvet"},
            f"{P}:5:9: error: 'themes' must be a list (write [tvet] or one '- item' a line)",
            id="string-for-list",
        ),
        pytest.param(
            {"title": "12345"},
            f"{P}:2:8: error: 'title' must be text, not a number",
            id="number-for-title",
        ),
        pytest.param(
            {"summary": "2020"},
            f"{P}:3:10: error: 'summary' must be text, not a number",
            id="number-for-summary",
        ),
        pytest.param(
            {"title": "true"},
            f"{P}:2:8: error: 'title' must be text, not true/false",
            id="boolean-for-title",
        ),
        pytest.param(
            {"countries": "[GH]"},
            f"{P}:11:12: error: 'countries' must be a mapping of keys to values, not a list",
            id="list-for-mapping",
        ),
        pytest.param(
            {"title": "Abc"},
            f"{P}:2:8: error: 'title' is 3 characters long; it must be 5–120 (say a little more)",
            id="title-too-short",
        ),
        pytest.param(
            {"title": "A"},
            f"{P}:2:8: error: 'title' is 1 character long; it must be 5–120 (say a little more)",
            id="title-one-character",
        ),
        pytest.param(
            {"title": "x" * 121},
            f"{P}:2:8: error: 'title' is 121 characters long; it must be 5–120 (shorten it)",
            id="title-too-long",
        ),
        pytest.param(
            {"summary": "Too short."},
            f"{P}:3:10: error: 'summary' is 10 characters long; it must be 20–300 "
            "(say a little more)",
            id="summary-too-short",
        ),
        pytest.param(
            {"summary": "y" * 301},
            f"{P}:3:10: error: 'summary' is 301 characters long; it must be 20–300 (shorten it)",
            id="summary-too-long",
        ),
    ],
)
def test_wrong_types_and_lengths(project, overrides, expected):
    status, lines = practice_lines(project, **overrides)
    assert status == 1
    assert lines == [expected]


def test_title_and_summary_at_their_length_limits_pass(project):
    status, lines = practice_lines(project, title="x" * 120, summary="y" * 300)
    assert (status, lines) == (0, [])
    status, lines = practice_lines(project, title="Abcde", summary="z" * 20)
    assert (status, lines) == (0, [])


def test_a_list_over_its_maximum(project):
    status, lines = practice_lines(
        project,
        typologies="[project-based, state-to-state, private-sector, diaspora-entrepreneurship, "
        "project-based]",
    )
    assert status == 1
    assert lines == [
        f"{P}:4:13: error: 'typologies' has 5 items; it needs 1–4",
        f"{P}:4:88: error: 'typologies': 'project-based' is listed twice (remove one)",
    ]


# Vocabularies ------------------------------------------------------------------------------


def test_unknown_theme_with_hint(project):
    status, lines = practice_lines(project, themes="[tvet, tvett]")
    assert status == 1
    assert lines == [
        f"{P}:5:16: error: 'themes[1]': 'tvett' is not one of the themes in taxonomy.yml: themes "
        "(did you mean 'tvet'?)"
    ]


def test_unknown_region_with_hint(project):
    status, lines = practice_lines(project, regions="[western-afrika]")
    assert status == 1
    assert lines == [
        f"{P}:12:11: error: 'regions[0]': 'western-afrika' is not one of the regions in "
        "taxonomy.yml: regions (did you mean 'western-africa'?)"
    ]


def test_unknown_id_without_close_match_lists_the_choices(project):
    status, lines = practice_lines(project, evidence="anecdotal")
    assert status == 1
    assert lines == [
        f"{P}:9:11: error: 'evidence': 'anecdotal' is not one of the evidence grades in "
        f"taxonomy.yml: evidence (choose one of: {choices('evidence')})"
    ]


def test_unknown_status_is_named_in_a_correct_plural(project):
    # BUG (fields.Choice): the message reads "one of the statuss".
    status, lines = practice_lines(project, status="ongoin")
    assert status == 1
    assert lines == [
        f"{P}:8:9: error: 'status': 'ongoin' is not one of the statuses in taxonomy.yml: status "
        "(did you mean 'ongoing'?)"
    ]


def test_unknown_typology_is_named_in_a_correct_plural(project):
    # BUG (fields.Choice): the message reads "one of the typologys".
    status, lines = practice_lines(project, typologies="[diaspora]")
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith(
        f"{P}:4:14: error: 'typologies[0]': 'diaspora' is not one of the typologies in "
        "taxonomy.yml: typologies ("
    )


def test_a_list_where_one_id_is_expected(project):
    # BUG (fields.Choice.expected): the message reads "must be status" (no article).
    status, lines = practice_lines(project, status="[ongoing]")
    assert status == 1
    assert lines == [f"{P}:8:9: error: 'status' must be a status, not a list"]


def test_gcm_objective_24_is_rejected(project):
    status, lines = practice_lines(project, gcm_objectives="[5, 24]")
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith(
        f"{P}:18:21: error: 'gcm_objectives[1]': '24' is not one of the GCM objectives in "
        "taxonomy.yml: gcm_objectives"
    )
    # BUG (fields.Choice + hints.did_you_mean): the hint suggests objective 4 for 24, a
    # string-similarity guess that makes no sense for numbers; it should name the range 1–23.
    assert "did you mean '4'" not in lines[0]


def test_gcm_objective_written_as_text_is_rejected(project):
    # BUG (fields.Choice.expected): the message reads "must be GCM objective" (no article).
    status, lines = practice_lines(project, gcm_objectives='["18"]')
    assert status == 1
    assert lines == [f"{P}:18:18: error: 'gcm_objectives[0]' must be a GCM objective, not text"]


def test_gcm_objectives_as_numbers_pass(project):
    status, lines = practice_lines(project, gcm_objectives="[1, 18, 23]")
    assert (status, lines) == (0, [])


def test_duplicate_list_item(project):
    status, lines = practice_lines(project, themes="[tvet, youth, tvet]")
    assert status == 1
    assert lines == [f"{P}:5:23: error: 'themes': 'tvet' is listed twice (remove one)"]


def test_dimension_outside_the_fixed_three(project):
    status, lines = practice_lines(project, dimensions="[skills, culture]")
    assert status == 1
    assert lines == [
        f"{P}:6:22: error: 'dimensions[1]': 'culture' is not one of the dimensions in the content "
        "model (choose one of: skills, mobility, partnerships)"
    ]


# Actors named by a practice ----------------------------------------------------------------


def test_actor_reference_to_a_missing_actor_with_hint(project):
    status, lines = practice_lines(project, actors="[{actor: enabell, role: lead}]")
    assert status == 1
    assert lines == [
        f"{P}:10:18: error: actor 'enabell' has no file content/actors/enabell.md "
        "(did you mean 'enabel'?)"
    ]


def test_actor_reference_without_close_match_hints_atlas_new(project):
    status, lines = practice_lines(project, actors="[{actor: nobody-here, role: lead}]")
    assert status == 1
    assert lines == [
        f"{P}:10:18: error: actor 'nobody-here' has no file content/actors/nobody-here.md "
        '(run: atlas new actor "...")'
    ]


def test_actor_listed_twice(project):
    status, lines = practice_lines(
        project, actors="[{actor: enabel, role: lead}, {actor: enabel, role: funder}]"
    )
    assert status == 1
    assert lines == [
        f"{P}:10:47: error: actor 'enabel' is listed twice "
        "(list each actor once, with its main role)"
    ]


def test_bad_role(project):
    status, lines = practice_lines(project, actors="[{actor: enabel, role: boss}]")
    assert status == 1
    assert lines == [
        f"{P}:10:32: error: 'actors[0].role': 'boss' is not one of the roles in taxonomy.yml: "
        f"roles (choose one of: {choices('roles')})"
    ]


def test_actor_slug_that_is_not_a_slug(project):
    status, lines = practice_lines(project, actors="[{actor: Enabel, role: lead}]")
    assert status == 1
    assert lines[0] == (
        f"{P}:10:18: error: 'actors[0].actor' must be a slug (lower-case words joined by '-'), "
        "not 'Enabel' (for example enabel-palim)"
    )


# Places ------------------------------------------------------------------------------------


def test_lower_case_country_code(project):
    status, lines = practice_lines(project, countries="{origin: [gh]}")
    assert status == 1
    assert lines == [
        f"{P}:11:22: error: 'countries.origin[0]': 'gh' must be upper case (write 'GH')"
    ]


def test_unknown_country_code(project):
    status, lines = practice_lines(project, countries="{origin: [GH], destination: [XX]}")
    assert status == 1
    assert lines == [
        f"{P}:11:41: error: 'countries.destination[0]': 'XX' is not an ISO 3166-1 alpha-2 "
        "country code"
    ]


def test_norway_is_a_country_not_false(project):
    status, lines = practice_lines(project, countries="{origin: [NO], destination: [BE]}")
    assert (status, lines) == (0, [])


def test_no_country_and_no_region(project):
    status, lines = practice_lines(project, countries=DROP, regions=DROP)
    assert status == 1
    assert lines == [
        f"{P}:2:1: error: a practice needs at least one country or region "
        "(add 'countries: {origin: [..]}' or 'regions: [..]')"
    ]


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"countries": DROP, "regions": "[]"}, id="empty-regions"),
        pytest.param({"countries": "{}", "regions": "[]"}, id="empty-countries-map"),
        pytest.param(
            {"countries": "{origin: [], destination: []}", "regions": DROP},
            id="empty-country-lists",
        ),
        pytest.param({"countries": "", "regions": ""}, id="blank-keys"),
    ],
)
def test_empty_lists_and_maps_count_as_absent(project, overrides):
    status, lines = practice_lines(project, **overrides)
    assert status == 1
    assert lines == [
        f"{P}:2:1: error: a practice needs at least one country or region "
        "(add 'countries: {origin: [..]}' or 'regions: [..]')"
    ]


def test_a_region_alone_is_enough(project):
    status, lines = practice_lines(project, countries=DROP, regions="[western-africa]")
    assert (status, lines) == (0, [])


def test_a_transit_country_alone_is_enough(project):
    status, lines = practice_lines(project, countries="{transit: [NE]}", regions=DROP)
    assert (status, lines) == (0, [])


@pytest.mark.parametrize("key", ["mobility", "sectors", "target_groups", "regions"])
def test_empty_optional_lists_are_fine(project, key):
    status, lines = practice_lines(project, **{key: "[]"})
    assert (status, lines) == (0, [])


# Period, funding, beneficiaries ------------------------------------------------------------


def test_period_start_after_end(project):
    status, lines = practice_lines(project, period="{start: 2023, end: 2019}")
    assert status == 1
    assert lines == [
        f"{P}:15:28: error: 'period.end' (2019) is before 'period.start' (2023) "
        "(swap them or correct the year)"
    ]


@pytest.mark.parametrize("year", ["19", "20190", "-2019"])
def test_year_not_four_digits(project, year):
    status, lines = practice_lines(project, period=f"{{start: {year}}}")
    assert status == 1
    assert lines == [f"{P}:15:17: error: 'period.start' must be a four-digit year, not {year}"]


def test_year_as_text(project):
    status, lines = practice_lines(project, period='{start: "2019"}')
    assert status == 1
    assert lines == [f"{P}:15:17: error: 'period.start' must be a four-digit year, not text"]


def test_an_ongoing_period_has_no_end(project):
    status, lines = practice_lines(project, period="{start: 2024}")
    assert (status, lines) == (0, [])


def test_source_year_not_four_digits(project):
    status, lines = practice_lines(
        project, sources='[{title: A source, url: "https://example.org/", year: 20}]'
    )
    assert status == 1
    assert lines == [f"{P}:16:64: error: 'sources[0].year' must be a four-digit year, not 20"]


def test_wrongly_typed_years_give_only_type_errors(project):
    # BUG (rules.check_period_in_order): booleans are ints in Python, so `true`/`false` years
    # also produce "'period.end' (False) is before 'period.start' (True)".
    status, lines = practice_lines(project, period="{start: true, end: false}")
    assert status == 1
    assert lines == [
        f"{P}:15:17: error: 'period.start' must be a four-digit year, not true/false",
        f"{P}:15:28: error: 'period.end' must be a four-digit year, not true/false",
    ]


def test_funding_amount_without_currency(project):
    status, lines = practice_lines(project, funding="{amount: 1000}")
    assert status == 1
    assert lines == [
        f"{P}:18:10: error: 'funding' has an amount or a currency without the other: "
        "'funding.currency' is missing (give amount and currency together)"
    ]


def test_funding_currency_without_amount(project):
    status, lines = practice_lines(project, funding="{currency: EUR, note: Budget of the pilot}")
    assert status == 1
    assert lines == [
        f"{P}:18:10: error: 'funding' has an amount or a currency without the other: "
        "'funding.amount' is missing (give amount and currency together)"
    ]


def test_funding_with_a_blank_amount_has_no_amount(project):
    # BUG (rules.check_funding_complete): a key left blank counts as absent (fields.is_empty),
    # but the rule tests `"amount" in funding`, so `{amount: , currency: EUR}` passes.
    status, lines = practice_lines(project, funding="{amount: , currency: EUR}")
    assert status == 1
    assert lines == [
        f"{P}:18:10: error: 'funding' has an amount or a currency without the other: "
        "'funding.amount' is missing (give amount and currency together)"
    ]


@pytest.mark.parametrize(
    ("funding", "expected"),
    [
        (
            "{amount: 1000, currency: EURO}",
            f"{P}:18:35: error: 'funding.currency': 'EURO' is not an ISO 4217 currency code",
        ),
        (
            "{amount: 1000, currency: eur}",
            f"{P}:18:35: error: 'funding.currency': 'eur' must be upper case (write 'EUR')",
        ),
        (
            "{amount: 0, currency: EUR}",
            f"{P}:18:19: error: 'funding.amount' must be greater than 0, not 0",
        ),
        (
            "{amount: -3, currency: EUR}",
            f"{P}:18:19: error: 'funding.amount' must be greater than 0, not -3",
        ),
    ],
)
def test_bad_funding(project, funding, expected):
    status, lines = practice_lines(project, funding=funding)
    assert status == 1
    assert lines == [expected]


def test_women_share_above_one(project):
    status, lines = practice_lines(project, beneficiaries="{women_share: 1.5}")
    assert status == 1
    assert lines == [
        f"{P}:18:30: error: 'beneficiaries.women_share' must be between 0 and 1, not 1.5"
    ]


def test_negative_planned_beneficiaries(project):
    status, lines = practice_lines(project, beneficiaries="{planned: -5}")
    assert status == 1
    assert lines == [f"{P}:18:26: error: 'beneficiaries.planned' must be at least 0, not -5"]


def test_beneficiaries_as_fractions_of_people(project):
    status, lines = practice_lines(project, beneficiaries="{reached: 12.5}")
    assert status == 1
    assert lines == [
        f"{P}:18:26: error: 'beneficiaries.reached' must be a whole number, not a number"
    ]


def test_complete_funding_and_beneficiaries_pass(project):
    status, lines = practice_lines(
        project,
        funding="{amount: 1496448.50, currency: EUR, note: EU share of the budget}",
        beneficiaries="{planned: 150, reached: 120, women_share: 0.18}",
    )
    assert (status, lines) == (0, [])


# URLs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/file", "example.org"])
def test_source_url_must_be_http(project, url):
    status, lines = practice_lines(project, sources=f'[{{title: A source, url: "{url}"}}]')
    assert status == 1
    assert lines == [
        f"{P}:16:34: error: 'sources[0].url' must be an http:// or https:// address, not '{url}' "
        "(write the full address, https://...)"
    ]


def test_see_also_url_must_be_http(project):
    status, lines = practice_lines(
        project, see_also='[{title: GFMD platform, url: "ftp://x.org/y"}]'
    )
    assert status == 1
    assert lines == [
        f"{P}:18:40: error: 'see_also[0].url' must be an http:// or https:// address, "
        "not 'ftp://x.org/y' (write the full address, https://...)"
    ]


def test_see_also_with_http_urls_passes(project):
    status, lines = practice_lines(
        project,
        see_also='[{title: GFMD Platform for Partnerships, url: "https://www.gfmd.org/pfp/1"}, '
        '{title: UN Migration Network Hub, url: "http://migrationnetwork.un.org/x"}]',
    )
    assert (status, lines) == (0, [])


# Related practices and aliases -------------------------------------------------------------


def test_related_to_itself(project):
    status, lines = practice_lines(project, related="[sample]")
    assert status == 1
    assert lines == [
        f"{P}:18:11: error: a practice cannot be related to itself (remove 'sample' from 'related')"
    ]


def test_related_to_a_missing_practice(project):
    status, lines = practice_lines(project, related="[ict-talent, ict-talen]")
    assert status == 1
    assert lines == [
        f"{P}:18:23: error: related practice 'ict-talen' does not exist "
        "(did you mean 'ict-talent'?)"
    ]


def test_related_to_a_practice_that_does_not_look_like_any(project):
    status, lines = practice_lines(project, related="[nothing-here]")
    assert status == 1
    assert lines == [
        f"{P}:18:11: error: related practice 'nothing-here' does not exist "
        "(use the slug of a practice)"
    ]


def test_related_written_as_one_string_gives_one_error(project):
    # BUG (rules.check_related_exist / check_not_related_to_itself): a string is iterated
    # character by character, adding "related practice 'i' does not exist" for every letter.
    status, lines = practice_lines(project, related="ict-talent")
    assert status == 1
    assert lines == [
        f"{P}:18:10: error: 'related' must be a list (write [ict-talent] or one '- item' a line)"
    ]


def test_alias_equal_to_an_existing_slug(project):
    status, lines = practice_lines(project, aliases="[ict-talent]")
    assert status == 1
    assert lines == [
        f"{P}:18:11: error: alias 'ict-talent' is the slug of an existing practice "
        "(an alias must be an old slug that no entry uses now)"
    ]


def test_alias_claimed_twice(project):
    project.write_practice("sample", aliases="[old-sample]")
    project.write_practice("second", title="Second sample practice", aliases="[old-sample]")
    run = project.check()
    assert run.status == 1
    assert run.lines_for(P) == []
    assert run.lines_for("content/practices/second.md") == [
        "content/practices/second.md:18:11: error: alias 'old-sample' is already claimed by "
        "'sample' (an old URL can redirect to one entry only)"
    ]


def test_alias_may_equal_an_actor_slug(project):
    # Slugs are unique per kind: a practice alias may be spelled like an actor.
    status, lines = practice_lines(project, aliases="[enabel]")
    assert (status, lines) == (0, [])


# Dates -------------------------------------------------------------------------------------


def test_last_reviewed_in_the_future(project):
    # The build day is pinned to 2026-11-25 by SOURCE_DATE_EPOCH (see helpers.py).
    status, lines = practice_lines(project, last_reviewed="2026-11-26")
    assert status == 1
    assert lines == [
        f"{P}:17:16: error: 'last_reviewed' (2026-11-26) is in the future "
        "(use the date you checked the entry, at the latest 2026-11-25)"
    ]


def test_last_reviewed_today_is_fine(project):
    status, lines = practice_lines(project, last_reviewed="2026-11-25")
    assert (status, lines) == (0, [])


def test_last_reviewed_far_in_the_future_without_pinned_day(project, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    status, lines = practice_lines(project, last_reviewed="2999-01-01")
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{P}:17:16: error: 'last_reviewed' (2999-01-01) is in the future")


def test_bad_calendar_date(project):
    status, lines = practice_lines(project, last_reviewed="2026-02-30")
    assert status == 1
    assert lines == [
        f"{P}:17:16: error: 'last_reviewed': '2026-02-30' is not a calendar date "
        "(for example 2026-11-25)"
    ]


@pytest.mark.parametrize("value", ["26-02-03", "2026/02/03", "20260203", "2026-2-3"])
def test_date_not_written_yyyy_mm_dd(project, value):
    status, lines = practice_lines(project, last_reviewed=value)
    assert status == 1
    shown = value if value != "20260203" else None
    if shown is None:  # a plain 20260203 is a number in YAML
        assert lines == [
            f"{P}:17:16: error: 'last_reviewed' must be a date written YYYY-MM-DD, not a number"
        ]
    else:
        assert lines == [
            f"{P}:17:16: error: 'last_reviewed' must be a date written YYYY-MM-DD, not '{value}' "
            "(for example 2026-11-25)"
        ]


# Files -------------------------------------------------------------------------------------


def test_file_name_that_is_not_a_slug(project):
    project.write(
        "content/practices/Bad Name.md",
        (project.root / "content/practices/ict-talent.md").read_text(encoding="utf-8"),
    )
    run = project.check()
    assert run.status == 1
    assert run.lines_for("content/practices/Bad Name.md") == [
        "content/practices/Bad Name.md:2:1: error: file name 'Bad Name.md' is not a valid slug "
        "(rename it to bad-name.md (lower-case words joined by '-'))"
    ]


def test_file_name_longer_than_80_characters(project):
    slug = "-".join(["skills"] * 12)  # 83 characters
    project.write_practice(slug)
    run = project.check()
    assert run.status == 1
    assert run.lines_for(f"content/practices/{slug}.md") == [
        f"content/practices/{slug}.md:2:1: error: file name '{slug}.md' is not a valid slug "
        f"(rename it to {'-'.join(['skills'] * 11)}.md (lower-case words joined by '-'))"
    ]


def test_one_word_file_name_longer_than_80_characters(project):
    # BUG (slugs.slugify): a first word longer than 80 characters gives the slug "entry", so
    # the hint says "rename it to entry.md" (and `atlas new` would write entry.md); it should
    # cut the word to 80 characters.
    slug = "a" * 81
    project.write_practice(slug)
    run = project.check()
    assert run.status == 1
    assert run.lines_for(f"content/practices/{slug}.md") == [
        f"content/practices/{slug}.md:2:1: error: file name '{slug}.md' is not a valid slug "
        f"(rename it to {'a' * 80}.md (lower-case words joined by '-'))"
    ]


def test_file_name_of_80_characters_is_fine(project):
    project.write_practice("a" * 80)
    run = project.check()
    assert (run.status, run.lines) == (0, [])


def test_a_practice_and_an_actor_may_share_a_slug(project):
    project.write_practice("enabel", actors="[{actor: enabel, role: lead}]")
    run = project.check()
    assert (run.status, run.lines) == (0, [])


def test_non_markdown_file_is_warned_and_ignored(project):
    project.write("content/practices/notes.txt", "some notes\n")
    run = project.check()
    assert run.status == 0
    assert run.lines == [
        "content/practices/notes.txt:1:1: warning: not a Markdown entry: ignored "
        "(entries are files named <slug>.md in content/practices/)"
    ]


# Body --------------------------------------------------------------------------------------

RECOMMENDED = "Overview, Skills, Mobility, Partnership, Results, Lessons and replicability"


def test_missing_body_sections_are_warnings_only(project):
    # The body starts on line 19 (the blank line after the closing '---').
    status, lines = practice_lines(
        project, body=body_with(("Overview", "Skills", "Partnership", "Results"))
    )
    assert status == 0
    assert lines == [
        f"{P}:19:1: warning: the body has no '## Lessons and replicability' section "
        f"(recommended sections: {RECOMMENDED})",
        f"{P}:19:1: warning: the body has no '## Mobility' section "
        f"(recommended sections: {RECOMMENDED})",
    ]


def test_a_body_without_sections_warns_six_times(project):
    status, lines = practice_lines(project, body="Just a paragraph.\n")
    assert status == 0
    assert len(lines) == 6
    assert all(": warning: the body has no '## " in line for line in lines)


def test_sections_out_of_order_are_warned(project):
    # Line 20 '## Skills', 22 paragraph, 24 '## Overview'.
    status, lines = practice_lines(
        project,
        body=body_with(
            (
                "Skills",
                "Overview",
                "Mobility",
                "Partnership",
                "Results",
                "Lessons and replicability",
            )
        ),
    )
    assert status == 0
    assert lines == [f"{P}:24:1: warning: '## Overview' is out of order (order: {RECOMMENDED})"]


def test_headings_inside_fenced_code_do_not_count(project):
    body = "```\n## Overview\n```\n\n" + body_with(SECTIONS_WITHOUT_OVERVIEW)
    status, lines = practice_lines(project, body=body)
    assert status == 0
    assert lines == [
        f"{P}:19:1: warning: the body has no '## Overview' section "
        f"(recommended sections: {RECOMMENDED})"
    ]


SECTIONS_WITHOUT_OVERVIEW = (
    "Skills",
    "Mobility",
    "Partnership",
    "Results",
    "Lessons and replicability",
)


def test_template_text_left_in_the_body(project):
    body = body_with() + "\nReplace this: what the practice is.\n"
    status, lines = practice_lines(project, body=body)
    assert status == 1
    # Six sections of four lines each start at line 20; the blank and the template line follow.
    assert lines == [
        f"{P}:44:1: error: the body still holds template text (write the real content)"
    ]


def test_template_text_left_in_a_key(project):
    status, lines = practice_lines(project, summary='"Replace this: one or two sentences on it."')
    assert status == 1
    assert lines == [
        f"{P}:3:10: error: 'summary' still holds template text ('Replace this...') "
        "(write the real content)"
    ]


# Actors ------------------------------------------------------------------------------------

REQUIRED_ACTOR_KEYS = {
    "name": "2–120 characters",
    "type": "an actor type id",
    "scope": "global, regional, national or local",
    "summary": "20–300 characters",
}


@pytest.mark.parametrize("key", list(REQUIRED_ACTOR_KEYS))
def test_each_required_actor_key_missing(project, key):
    status, lines = actor_lines(project, **{key: DROP})
    line = 3 if key == "name" else 2
    assert status == 1
    assert lines == [
        f"{A}:{line}:1: error: required key '{key}' is missing "
        f"(add '{key}:' with {REQUIRED_ACTOR_KEYS[key]})"
    ]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"type": "ngo"},
            f"{A}:4:7: error: 'type': 'ngo' is not one of the actor types in taxonomy.yml: "
            f"actor_types (choose one of: {choices('actor_types')})",
            id="bad-type",
        ),
        pytest.param(
            {"type": "civil-societ"},
            f"{A}:4:7: error: 'type': 'civil-societ' is not one of the actor types in "
            "taxonomy.yml: "
            "actor_types (did you mean 'civil-society'?)",
            id="mistyped-type",
        ),
        pytest.param(
            {"scope": "planet"},
            f"{A}:6:8: error: 'scope': 'planet' is not one of the scopes in the content model "
            "(choose one of: global, regional, national, local)",
            id="bad-scope",
        ),
        pytest.param(
            {"acronym": "A" * 21},
            f"{A}:3:10: error: 'acronym' is 21 characters long; it must be 1–20 (shorten it)",
            id="acronym-too-long",
        ),
        pytest.param(
            {"website": "ftp://example.org/"},
            f"{A}:7:10: error: 'website' must be an http:// or https:// address, not "
            "'ftp://example.org/' (write the full address, https://...)",
            id="website-ftp",
        ),
        pytest.param(
            {"website": '"javascript:alert(1)"'},
            f"{A}:7:10: error: 'website' must be an http:// or https:// address, not "
            "'javascript:alert(1)' (write the full address, https://...)",
            id="website-javascript",
        ),
        pytest.param(
            {"countries": "[NO, gh]"},
            f"{A}:5:17: error: 'countries[1]': 'gh' must be upper case (write 'GH')",
            id="lower-case-country",
        ),
        pytest.param(
            {"aliases": "[enabel]"},
            f"{A}:9:11: error: alias 'enabel' is the slug of an existing actor "
            "(an alias must be an old slug that no entry uses now)",
            id="alias-of-live-actor",
        ),
    ],
)
def test_actor_rules(project, overrides, expected):
    status, lines = actor_lines(project, **overrides)
    assert status == 1
    assert lines == [expected]


def test_actor_words_that_yaml_1_1_reads_as_booleans_stay_text(project):
    status, lines = actor_lines(project, acronym="yes", countries="[NO]")
    assert (status, lines) == (0, [])
    status, lines = actor_lines(project, acronym="on")
    assert (status, lines) == (0, [])


def test_actor_template_text_left(project):
    project.write_actor("sample-actor", body="Replace this: a short description.\n")
    run = project.check()
    assert run.status == 1
    assert run.lines_for(A) == [
        f"{A}:11:1: error: the body still holds template text (write the real content)"
    ]


def test_keys_and_values_with_line_breaks_print_on_one_line(project):
    # BUG (fields.Mapping.check, fields.Pattern.check, ...): messages quote keys and values as
    # they are, so a key or value holding a line break (a YAML "\n" escape) splits the problem
    # over two lines and breaks the `path:line:column: severity: message` format.
    project.write_practice(
        "sample",
        sources='[{title: A source, url: "https://example.org/\\nsecond-line"}]',
        **{'"bad\\nkey"': "1"},
    )
    run = project.check()
    assert run.status == 1
    shape = re.compile(r"^content/practices/sample\.md:\d+:\d+: error: .+$")
    assert all(shape.match(line) for line in run.out.strip().split("\n")), run.out
    assert [line.split(": error: ")[0] for line in run.lines_for(P)] == [f"{P}:16:34", f"{P}:18:1"]


def test_an_entry_with_errors_is_left_out_of_the_catalogue(project):
    project.write_practice("sample", themes="[tvett]")
    result = project.load()
    assert not result.ok
    assert "sample" not in result.catalogue.practices
    assert set(result.catalogue.practices) == {"tvet-exchange", "ict-talent"}
    assert set(result.catalogue.actors) == {"enabel", "afford"}
