"""The partnership finder: gaps, ranked partners, the page section, the /partners/ page, the CLI.

Most tests build a small project whose gaps and rankings are worked out by hand below, on the
real taxonomy (so they also pin the `needs` read from the source): `project-based` needs an
international organisation and a diaspora organisation, the theme `youth` a youth organisation,
and `agriculture-rural-development` nothing. Scores use `partners.WEIGHTS`: a shared country 6,
a shared region 2, a shared theme 2, each past practice 1 (at most 3).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib.util
import io
import json
import re
import shutil
import subprocess
import sys
import weakref
from pathlib import Path

import markdown
import pytest
from helpers import DROP, PINNED_DAY, CheckRun, ContentProject

from atlas import catalogue, geo, parallel, partners, partners_cli
from atlas.model import Practice
from atlas.site import partners_page
from atlas.site.sanitize import sanitize

REPO = Path(__file__).resolve().parents[1]
SOLO_SRC = "practices/solo.md"
EXTENSIONS = ["toc", "tables", "def_list", "attr_list", "md_in_html", "admonition"]


def actor(project: ContentProject, slug: str, name: str, kind: str, countries: str | object):
    project.write_actor(
        slug, name=f'"{name}"', acronym=DROP, type=kind, countries=countries, scope="national"
    )


@pytest.fixture
def solo(project: ContentProject) -> ContentProject:
    """A project-based practice in Senegal on farming and youth, led by one organisation.

    Hand-worked expectations (Senegal lies in Western Africa and Sub-Saharan Africa):

    gap diaspora-organisation (needed by the typology project-based)
      diaspora-sn    based in SN: country 6 + 2 regions 4                   = 10
      diaspora-gb    GB, and KE via its practice: 1 region 2 + youth 2 + 1  = 5
      diaspora-none  nothing known                                          = 0
    gap youth-organisation (needed by the theme youth)
      youth-net      KE via its practice: 1 region 2 + youth 2 + 1          = 5
    """
    for path in (project.root / "content/practices").iterdir():
        path.unlink()
    for path in (project.root / "content/actors").iterdir():
        path.unlink()
    actor(project, "food-agency", "Food Agency", "international-organisation", "[IT]")
    actor(project, "diaspora-sn", "Senegalese Diaspora Network", "diaspora-organisation", "[SN]")
    actor(project, "diaspora-gb", "Diaspora Youth UK", "diaspora-organisation", "[GB]")
    actor(project, "diaspora-none", "Zeta Diaspora Forum", "diaspora-organisation", DROP)
    actor(project, "youth-net", "Youth Network", "youth-organisation", DROP)
    project.write_practice(
        "solo",
        title="Rural youth skills in Senegal",
        typologies="[project-based]",
        themes="[agriculture-rural-development, youth]",
        actors="[{actor: food-agency, role: lead}]",
        countries="{origin: [SN]}",
        regions=DROP,
    )
    project.write_practice(
        "past-youth",
        title="Young entrepreneurs in Kenya",
        typologies="[diaspora-entrepreneurship]",
        themes="[youth, entrepreneurship]",
        actors="[{actor: diaspora-gb, role: lead}, {actor: youth-net, role: partner}]",
        countries="{origin: [KE]}",
        regions=DROP,
    )
    return project


def loaded(project: ContentProject) -> catalogue.Catalogue:
    result = project.load()
    assert result.ok, [p.text() for p in result.problems if p.is_error]
    return result.catalogue


def ranking(found: list[partners.Suggestion]) -> list[tuple[str, int]]:
    return [(s.actor, s.score) for s in found]


# Gaps and suggestions on a hand-made catalogue -------------------------------------------------


def test_a_practice_led_by_one_organisation_shows_what_it_lacks(solo: ContentProject) -> None:
    cat = loaded(solo)
    practice = cat.practices["solo"]
    assert partners.gaps(cat, practice) == [
        partners.Gap("diaspora-organisation", (partners.Need("typologies", "project-based"),)),
        partners.Gap("youth-organisation", (partners.Need("themes", "youth"),)),
    ]


def test_each_gap_lists_who_could_fill_it_best_first_with_reasons(solo: ContentProject) -> None:
    cat = loaded(solo)
    found = partners.suggest_by_gap(cat, cat.practices["solo"], per_gap=5)
    assert [(gap.actor_type, ranking(fills)) for gap, fills in found] == [
        ("diaspora-organisation", [("diaspora-sn", 10), ("diaspora-gb", 5), ("diaspora-none", 0)]),
        ("youth-organisation", [("youth-net", 5)]),
    ]
    solo_practice = cat.practices["solo"]
    reasons = {
        s.actor: reason
        for _, fills in found
        for s, reason in zip(fills, partners.why(cat, solo_practice, fills), strict=True)
    }
    assert reasons == {
        "diaspora-sn": "works in Senegal; no practice in the Atlas yet",
        "diaspora-gb": "works in Sub-Saharan Africa; 1 practice on Youth",
        "diaspora-none": "no practice in the Atlas yet",
        "youth-net": "works in Sub-Saharan Africa; 1 practice on Youth",
    }


def test_suggest_ranks_across_gaps_ties_by_name_and_stops_at_the_limit(
    solo: ContentProject,
) -> None:
    cat = loaded(solo)
    practice = cat.practices["solo"]
    # diaspora-gb and youth-net both score 5: "Diaspora Youth UK" sorts before "Youth Network".
    assert [s.actor for s in partners.suggest(cat, practice)] == [
        "diaspora-sn",
        "diaspora-gb",
        "youth-net",
        "diaspora-none",
    ]
    assert [s.actor for s in partners.suggest(cat, practice, limit=2)] == [
        "diaspora-sn",
        "diaspora-gb",
    ]
    assert {s.actor: s.fills for s in partners.suggest(cat, practice)} == {
        "diaspora-sn": "diaspora-organisation",
        "diaspora-gb": "diaspora-organisation",
        "youth-net": "youth-organisation",
        "diaspora-none": "diaspora-organisation",
    }


def test_api_fields_are_exactly_the_gap_types_and_the_ranked_slugs(solo: ContentProject) -> None:
    cat = loaded(solo)
    assert partners.api_fields(cat, cat.practices["solo"]) == {
        "gaps": ["diaspora-organisation", "youth-organisation"],
        "suggested_partners": ["diaspora-sn", "diaspora-gb", "youth-net", "diaspora-none"],
    }


def test_equal_scores_are_ordered_by_name_then_slug(solo: ContentProject) -> None:
    actor(solo, "twin-b", "Alpha Diaspora", "diaspora-organisation", DROP)
    actor(solo, "twin-a", "Alpha Diaspora", "diaspora-organisation", DROP)
    actor(solo, "beta", "beta diaspora", "diaspora-organisation", DROP)
    cat = loaded(solo)
    zeros = [
        s.actor
        for s in partners.candidates(cat, cat.practices["solo"], "diaspora-organisation")
        if s.score == 0
    ]
    assert zeros == ["twin-a", "twin-b", "beta", "diaspora-none"]


def test_an_actor_in_the_practice_closes_its_gap_and_is_never_suggested(
    solo: ContentProject,
) -> None:
    solo.write_practice(
        "solo",
        title="Rural youth skills in Senegal",
        typologies="[project-based]",
        themes="[agriculture-rural-development, youth]",
        actors="[{actor: food-agency, role: lead}, {actor: diaspora-gb, role: partner}]",
        countries="{origin: [SN]}",
        regions=DROP,
    )
    cat = loaded(solo)
    practice = cat.practices["solo"]
    assert [gap.actor_type for gap in partners.gaps(cat, practice)] == ["youth-organisation"]
    assert all(s.actor != "diaspora-gb" for s in partners.suggest(cat, practice, limit=99))
    # Asked directly for its type, the finder still leaves out the actors already taking part.
    found = partners.candidates(cat, practice, "diaspora-organisation")
    assert [s.actor for s in found] == ["diaspora-sn", "diaspora-none"]


def test_a_practice_whose_needs_are_met_has_no_gap(solo: ContentProject) -> None:
    solo.write_practice(
        "solo",
        title="Rural youth skills in Senegal",
        typologies="[project-based]",
        themes="[agriculture-rural-development]",
        actors="[{actor: food-agency, role: lead}, {actor: diaspora-sn, role: partner}]",
        countries="{origin: [SN]}",
        regions=DROP,
    )
    cat = loaded(solo)
    practice = cat.practices["solo"]
    assert partners.gaps(cat, practice) == []
    assert partners.suggest(cat, practice) == []
    assert partners.api_fields(cat, practice) == {"gaps": [], "suggested_partners": []}


# The same answers every time, on the real content too ------------------------------------------


@pytest.fixture(scope="module")
def real() -> catalogue.Catalogue:
    result = catalogue.load(REPO)
    assert result.ok, [p.text() for p in result.problems if p.is_error]
    return result.catalogue


def test_on_the_real_content_every_suggestion_fills_a_gap_with_an_outsider(
    real: catalogue.Catalogue,
) -> None:
    for practice in real.sorted_practices:
        gap_types = {gap.actor_type for gap in partners.gaps(real, practice)}
        present = set(real.actor_types_of(practice))
        assert not gap_types & present, practice.slug
        inside = {ref.actor for ref in practice.actor_refs}
        found = partners.suggest(real, practice, limit=50)
        assert all(partners.why(real, practice, found))
        for suggestion in found:
            assert suggestion.fills in gap_types, (practice.slug, suggestion)
            assert real.actors[suggestion.actor].meta["type"] == suggestion.fills
            assert suggestion.actor not in inside, (practice.slug, suggestion.actor)
        scores = [s.score for s in found]
        assert scores == sorted(scores, reverse=True), practice.slug
        fields = partners.api_fields(real, practice)
        assert list(fields) == ["gaps", "suggested_partners"]
        assert fields["suggested_partners"] == [s.actor for s in found[:5]]
        for gap, fills in partners.suggest_by_gap(real, practice):
            assert all(s.fills == gap.actor_type for s in fills)


def test_on_the_real_content_answers_do_not_depend_on_load_or_call_order(
    real: catalogue.Catalogue,
) -> None:
    again = catalogue.load(REPO).catalogue
    for practice in reversed(real.sorted_practices):
        first = partners.report(real, practice)
        assert partners.report(again, again.practices[practice.slug]) == first
        assert partners.report(real, practice) == first


# The ranking is its definition, on a generated catalogue with many ties -------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> catalogue.Catalogue:
    """400 practices and 100 actors: actors share countries, regions and themes, scores tie."""
    spec = importlib.util.spec_from_file_location(
        "generate_corpus", REPO / "scripts" / "generate_corpus.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    root = module.generate(400, tmp_path_factory.mktemp("generated") / "atlas", seed=1)
    result = catalogue.load(root, build_day=PINNED_DAY)
    assert result.ok, [p.text() for p in result.problems if p.is_error]
    return result.catalogue


def ranked_by_definition(
    cat: catalogue.Catalogue, practice: Practice, actor_type: str
) -> list[tuple[str, int]]:
    """Every actor of the type outside the practice with its score, as the finder documents it,
    best first, then by name and slug: worked out actor by actor, the slow way."""
    regions = set(cat.regions_resolved(practice))
    inside = {ref.actor for ref in practice.actor_refs}
    rows = []
    for actor in cat.actors.values():
        if actor.meta["type"] != actor_type or actor.slug in inside:
            continue
        past = [p for p, _ in cat.roles_of_actor.get(actor.slug, [])]
        works = set(actor.ids("countries")) | {c for p in past for c in p.countries()}
        themes = {t for p in past for t in p.ids("themes")}
        score = (
            partners.WEIGHTS["country"] * sum(c in works for c in practice.countries())
            + partners.WEIGHTS["region"]
            * len(regions & {r for c in works for r in geo.country_regions(c)})
            + partners.WEIGHTS["theme"] * sum(t in themes for t in practice.ids("themes"))
            + partners.WEIGHTS["practice"] * min(len(past), partners.PRACTICE_CAP)
        )
        rows.append((-score, actor.title.casefold(), actor.slug, score))
    return [(slug, score) for _, _, slug, score in sorted(rows)]


def test_answers_prepared_on_several_cores_equal_answers_computed_one_by_one(
    generated: catalogue.Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`atlas build` computes every practice's gaps and suggestions up front, in forked
    processes where it can (`partners.prepare`): the same answers, each given once."""
    if sys.platform != "linux":
        pytest.skip("forks on Linux only")
    monkeypatch.delenv("ATLAS_NO_FORK", raising=False)
    monkeypatch.setattr(parallel, "MIN_ITEMS_PER_WORKER", 50)  # 400 practices: two processes
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    root = generated.root
    prepared = catalogue.load(root, build_day=PINNED_DAY).catalogue
    partners.prepare(prepared)
    monkeypatch.setattr(partners, "_gaps", lambda *_: pytest.fail("computed again"))
    answers = {
        p.slug: (partners.gaps(prepared, p), partners.suggest_by_gap(prepared, p))
        for p in prepared.sorted_practices
    }
    monkeypatch.undo()
    fresh = catalogue.load(root, build_day=PINNED_DAY).catalogue
    assert answers == {
        p.slug: (partners.gaps(fresh, p), partners.suggest_by_gap(fresh, p))
        for p in fresh.sorted_practices
    }


def test_every_ranking_is_by_score_then_name_then_slug(generated: catalogue.Catalogue) -> None:
    ties = 0
    for practice in generated.sorted_practices:
        for actor_type in generated.taxonomy.ids("actor_types"):
            found = ranking(partners.candidates(generated, practice, actor_type))
            assert found == ranked_by_definition(generated, practice, actor_type), practice.slug
            ties += len(found) - len({score for _, score in found})
    assert ties > 1000  # the tie-breaks were exercised


def test_what_each_output_shows_is_the_head_of_the_full_ranking(
    generated: catalogue.Catalogue,
) -> None:
    for practice in generated.sorted_practices:
        full = {
            gap.actor_type: partners.candidates(generated, practice, gap.actor_type)
            for gap in partners.gaps(generated, practice)
        }
        for per_gap in (1, partners.PER_GAP_LIMIT, 8):
            shown = partners.suggest_by_gap(generated, practice, per_gap)
            assert [(gap.actor_type, found) for gap, found in shown] == [
                (kind, ranked[:per_gap]) for kind, ranked in full.items()
            ]
        across = sorted(
            (s for ranked in full.values() for s in ranked),
            key=lambda s: (-s.score, generated.actors[s.actor].title.casefold(), s.actor),
        )
        for limit in (1, partners.SUGGEST_LIMIT, 12):
            assert partners.suggest(generated, practice, limit) == across[:limit]
        assert partners.api_fields(generated, practice)["suggested_partners"] == [
            s.actor for s in across[: partners.SUGGEST_LIMIT]
        ]


def test_a_reloaded_catalogue_answers_afresh_and_the_old_one_keeps_its_answers(
    solo: ContentProject,
) -> None:
    before = loaded(solo)
    first = partners.report(before, before.practices["solo"])
    # Now based in Senegal: country 6 + 2 regions 4 + youth 2 + 1 practice = 13, above 10.
    actor(solo, "diaspora-gb", "Diaspora Youth UK", "diaspora-organisation", "[SN]")
    after = loaded(solo)
    assert partners.api_fields(after, after.practices["solo"])["suggested_partners"][:2] == [
        "diaspora-gb",
        "diaspora-sn",
    ]
    assert partners.report(before, before.practices["solo"]) == first
    assert first["suggested_partners"][:2] == ["diaspora-sn", "diaspora-gb"]


def test_answers_kept_for_a_catalogue_do_not_keep_it_alive(solo: ContentProject) -> None:
    cat = loaded(solo)
    partners.report(cat, cat.practices["solo"])
    partners_page.gaps_section(cat, cat.practices["solo"], SOLO_SRC)
    alive = weakref.ref(cat)
    del cat
    gc.collect()
    assert alive() is None  # `atlas serve` reloads the catalogue after every edit


def test_the_real_typologies_need_what_the_source_says(real: catalogue.Catalogue) -> None:
    needs = {t.id: t.needs for t in real.taxonomy.terms("typologies")}
    assert needs == {
        "diaspora-entrepreneurship": ("diaspora-organisation", "private-sector", "public-agency"),
        "state-to-state": ("state", "youth-organisation", "civil-society", "diaspora-organisation"),
        "private-sector": ("private-sector", "public-agency", "international-organisation"),
        "project-based": ("international-organisation", "diaspora-organisation"),
    }
    assert real.taxonomy.term("themes", "tvet").needs == ("tvet-institution",)
    assert real.taxonomy.term("themes", "qualification-recognition").needs == ("public-agency",)


# The taxonomy's `needs` are checked ------------------------------------------------------------


def test_a_need_that_is_not_an_actor_type_is_reported_with_its_location(
    project: ContentProject,
) -> None:
    original = project.taxonomy_text
    broken = original.replace(
        "needs: [international-organisation, diaspora-organisation]",
        "needs: [international-organisation, diaspora-organisaton]",
    )
    assert broken != original
    project.write_taxonomy(broken)
    line_no = next(
        i for i, line in enumerate(broken.splitlines(), 1) if "diaspora-organisaton" in line
    )
    column = broken.splitlines()[line_no - 1].index("diaspora-organisaton") + 1
    run = project.check()
    assert run.status == 1
    assert (
        f"content/taxonomy.yml:{line_no}:{column}: error: 'typologies': needs "
        "'diaspora-organisaton', which is not an actor type "
        "(did you mean 'diaspora-organisation'?)"
    ) in run.lines


# The practice page's section -------------------------------------------------------------------


def rendered(markdown_text: str) -> str:
    """What a reader gets: Markdown rendered as the site does, then the HTML allowlist."""
    return sanitize(markdown.markdown(markdown_text, extensions=EXTENSIONS))


def test_the_gaps_section_has_its_anchor_gaps_and_linked_partners(solo: ContentProject) -> None:
    cat = loaded(solo)
    section = partners_page.gaps_section(cat, cat.practices["solo"], SOLO_SRC)
    assert section.startswith("## Partnership gaps { #partnership-gaps }\n")
    html = rendered(section)
    assert '<h2 id="partnership-gaps">Partnership gaps</h2>' in html
    assert (
        '<a href="../../actors/diaspora-sn/">Senegalese Diaspora Network</a>: works in Senegal'
    ) in html
    assert '<a href="../../actors/youth-net/">Youth Network</a>' in html
    assert (
        '<strong><a href="../../actor-types/diaspora-organisation/">Diaspora organisation</a>'
        "</strong>, needed by the typology "
        '<a href="../../typologies/project-based/">Project-based partnerships</a>.'
    ) in html
    assert 'href="../../partners/?country=SN&amp;typology=project-based"' in html
    # Within a gap, the best candidate comes first.
    assert html.index("diaspora-sn/") < html.index("diaspora-gb/") < html.index("youth-net/")


def test_the_gaps_section_escapes_contributor_names(solo: ContentProject) -> None:
    evil = "<b>Evil</b> *Diaspora* [x](https://e.vil) & co"
    solo.write_actor(
        "diaspora-sn",
        name=json.dumps(evil),
        acronym=DROP,
        type="diaspora-organisation",
        countries="[SN]",
        scope="national",
    )
    cat = loaded(solo)
    section = partners_page.gaps_section(cat, cat.practices["solo"], SOLO_SRC)
    assert "<b>" not in section
    html = rendered(section)
    assert "<b>" not in html and "<em>" not in html and "e.vil" not in html.split("href")[-1]
    assert "&lt;b&gt;Evil&lt;/b&gt; *Diaspora* [x](https://e.vil) &amp; co" in html


def test_the_gaps_section_says_so_when_nothing_is_missing(solo: ContentProject) -> None:
    solo.write_practice(
        "solo",
        title="Rural youth skills in Senegal",
        typologies="[project-based]",
        themes="[agriculture-rural-development]",
        actors="[{actor: food-agency, role: lead}, {actor: diaspora-sn, role: partner}]",
        countries="{origin: [SN]}",
        regions=DROP,
    )
    cat = loaded(solo)
    html = rendered(partners_page.gaps_section(cat, cat.practices["solo"], SOLO_SRC, finder=False))
    expected = (
        '<h2 id="partnership-gaps">Partnership gaps</h2>\n'
        "<p>Every kind of actor that its typologies and themes call for takes part: no gap.</p>"
    )
    assert html.split() == expected.split()


# The /partners/ page and its data ---------------------------------------------------------------


def test_partners_data_is_compact_deterministic_and_complete(real: catalogue.Catalogue) -> None:
    data = partners_page.partners_data(real)
    assert data == partners_page.partners_data(real)
    assert data == partners_page.partners_data(catalogue.load(REPO).catalogue)
    assert b'": ' not in data and b'", "' not in data  # compact separators
    parsed = json.loads(data)
    assert [p["slug"] for p in parsed["practices"]] == [p.slug for p in real.sorted_practices]
    assert {a["slug"] for a in parsed["actors"]} == set(real.actors)
    for record in parsed["practices"]:
        practice = real.practices[record["slug"]]
        assert record["gaps"] == partners.api_fields(real, practice)["gaps"]
    assert {t["id"]: tuple(t["needs"]) for t in parsed["typologies"]} == {
        t.id: t.needs for t in real.taxonomy.terms("typologies")
    }


def test_the_partners_page_form_is_labelled_and_survives_the_allowlist(
    real: catalogue.Catalogue,
) -> None:
    page = partners_page.partners_page(real)
    html = rendered(page.split("---\n", 2)[2])
    assert "<script" not in html and "style=" not in html
    assert 'id="atlas-partners"' in html and 'data-src="data.json"' in html
    assert 'id="partners-status"' in html and 'aria-live="polite"' in html
    assert html.count("<fieldset") == 3 and html.count("<legend>") == 3
    inputs = re.findall(r'<input type="checkbox" id="([^"]+)" name="(country|theme)"', html)
    assert len(inputs) == len(real.taxonomy.ids("themes")) + len(
        partners_page.finder_countries(real)
    )
    for ident, _ in inputs:
        assert f'<label for="{ident}">' in html, ident
    assert '<label for="partners-typology">' in html and '<select id="partners-typology"' in html
    assert 'value="SN"' in html and 'value="tvet"' in html and 'value="project-based"' in html
    # Without JavaScript: the summary table of actor types across the Atlas.
    assert "<th>Actor type</th>" in html
    for term in real.taxonomy.terms("actor_types"):
        assert term.label in html


def test_the_script_is_valid_and_draws_without_innerhtml() -> None:
    script = REPO / "atlas/theme/assets/partners/partners.js"
    source = script.read_text(encoding="utf-8")
    assert ".innerHTML" not in source and "insertAdjacentHTML" not in source
    assert "eval(" not in source and "document.write" not in source
    assert "popstate" in source and "replaceState" in source and "pushState" in source
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    subprocess.run([node, "--check", str(script)], check=True)


# `atlas gaps` ----------------------------------------------------------------------------------


def run_gaps(project: ContentProject, monkeypatch: pytest.MonkeyPatch, *argv: str) -> CheckRun:
    """`atlas gaps ARGV...` in-process, through the parser `partners_cli` registers."""
    parser = argparse.ArgumentParser(prog="atlas")
    partners_cli.add_parser(parser.add_subparsers(dest="command", required=True))
    monkeypatch.chdir(project.root)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        args = parser.parse_args(["gaps", *argv])
        status = args.func(args)
    return CheckRun(status, out.getvalue(), err.getvalue())


def test_atlas_gaps_json(solo: ContentProject, monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_gaps(solo, monkeypatch, "solo", "--json")
    assert run.status == 0, run.err
    data = run.json()
    assert data["slug"] == "solo" and data["actor_types"] == ["international-organisation"]
    assert [g["actor_type"] for g in data["gaps"]] == [
        "diaspora-organisation",
        "youth-organisation",
    ]
    first = data["gaps"][0]
    assert first["needed_by"] == [
        {"vocabulary": "typologies", "id": "project-based", "label": "Project-based partnerships"}
    ]
    assert [s["actor"] for s in first["suggestions"]] == [
        "diaspora-sn",
        "diaspora-gb",
        "diaspora-none",
    ]
    assert first["suggestions"][0] == {
        "actor": "diaspora-sn",
        "name": "Senegalese Diaspora Network",
        "score": 10,
        "reason": "works in Senegal; no practice in the Atlas yet",
    }
    assert data["suggested_partners"] == [
        "diaspora-sn",
        "diaspora-gb",
        "youth-net",
        "diaspora-none",
    ]
    assert run_gaps(solo, monkeypatch, "solo", "--json").out == run.out


def test_atlas_gaps_text(solo: ContentProject, monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_gaps(solo, monkeypatch, "solo", "--limit", "1")
    assert run.status == 0
    assert run.out.splitlines() == [
        "solo: Rural youth skills in Senegal",
        "actor types taking part: international-organisation",
        "2 gap(s):",
        "- diaspora-organisation (Diaspora organisation), needed by typology project-based",
        "    diaspora-sn: Senegalese Diaspora Network "
        "(works in Senegal; no practice in the Atlas yet)",
        "- youth-organisation (Youth organisation), needed by theme youth",
        "    youth-net: Youth Network (works in Sub-Saharan Africa; 1 practice on Youth)",
    ]


def test_atlas_gaps_unknown_slug_suggests_the_closest(
    solo: ContentProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = run_gaps(solo, monkeypatch, "sollo")
    assert run.status == 1 and run.out == ""
    assert run.err.strip() == "error: no practice 'sollo'; did you mean 'solo'?"


def test_atlas_gaps_refuses_content_with_errors(
    solo: ContentProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    solo.write_practice("broken", themes="[tvett]")
    run = run_gaps(solo, monkeypatch, "solo")
    assert run.status == 1 and run.out == ""
    assert "content/practices/broken.md:5:" in run.err and "tvett" in run.err
