"""The published JSON Schemas: they accept every valid entry and reject bad shapes.

What `atlas check` rejects for shape (missing or unknown keys, wrong types, ids outside the
vocabularies), the schemas reject too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import DROP, REPO_ROOT, actor_text, practice_text
from jsonschema import Draft202012Validator

from atlas.frontmatter import parse_entry
from atlas.jsonschema_export import DRAFT, schema_for
from atlas.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def taxonomy():
    taxonomy, problems = load_taxonomy(REPO_ROOT)
    assert problems == []
    return taxonomy


@pytest.fixture(scope="module")
def validators(taxonomy) -> dict[str, Draft202012Validator]:
    return {
        kind: Draft202012Validator(
            schema_for(kind, taxonomy), format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for kind in ("practice", "actor")
    }


def front_matter(text: str) -> Any:
    """Front-matter as `atlas check` reads it (YAML 1.2 scalars, dates as strings)."""
    return parse_entry(Path("entry.md"), text.encode("utf-8")).meta.data


def errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [error.message for error in validator.iter_errors(data)]


@pytest.mark.parametrize("kind", ["practice", "actor"])
def test_the_schemas_are_valid_draft_2020_12(taxonomy, kind):
    schema = schema_for(kind, taxonomy, site_url="https://atlas.example.org/")
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT
    assert schema["$id"] == f"https://atlas.example.org/schema/{kind}.schema.json"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False


def test_required_keys_match_the_content_model(taxonomy):
    assert set(schema_for("practice", taxonomy)["required"]) == {
        "title",
        "summary",
        "typologies",
        "themes",
        "dimensions",
        "status",
        "actors",
        "sources",
        "evidence",
        "last_reviewed",
    }
    assert set(schema_for("actor", taxonomy)["required"]) == {"name", "type", "scope", "summary"}


def test_vocabulary_ids_come_from_the_taxonomy(taxonomy):
    properties = schema_for("practice", taxonomy)["properties"]

    def enum(prop: dict) -> list:
        inner = prop["anyOf"][0] if "anyOf" in prop else prop
        return inner["items"]["enum"] if inner.get("type") == "array" else inner["enum"]

    assert enum(properties["themes"]) == taxonomy.ids("themes")
    assert enum(properties["status"]) == taxonomy.ids("status")
    assert enum(properties["gcm_objectives"]) == list(range(1, 24))
    assert enum(properties["dimensions"]) == ["skills", "mobility", "partnerships"]


# Every valid fixture entry validates -------------------------------------------------------

FULL_PRACTICE = practice_text(
    related="[ict-talent]",
    aliases="[old-sample]",
    gcm_objectives="[5, 18, 23]",
    skill_levels="[medium, high]",
    beneficiaries="{planned: 150, reached: 120, women_share: 0.18}",
    funding="{amount: 1496448.50, currency: EUR, note: EU share of the budget}",
    see_also='[{title: GFMD Platform for Partnerships, url: "https://www.gfmd.org/pfp/1"}]',
    countries="{origin: [NO, GH], destination: [BE], transit: [NE]}",
)


def valid_entries(project) -> list[tuple[str, str, str]]:
    project.write_practice("sample")
    project.write("content/practices/full.md", FULL_PRACTICE)
    project.write_practice(
        "blank-optionals", mobility="", regions="", sectors="[]", period="{start: 2024}"
    )
    project.write_actor("sample-actor")
    project.write_actor("minimal-actor", acronym=DROP, countries=DROP, website=DROP)
    run = project.check()
    assert (run.status, run.lines) == (0, []), run.out
    found = []
    for kind in ("practice", "actor"):
        for path in sorted((project.root / "content" / f"{kind}s").glob("*.md")):
            found.append((kind, path.name, path.read_text(encoding="utf-8")))
    return found


def test_every_valid_fixture_entry_validates(project, validators):
    entries = valid_entries(project)
    assert len(entries) == 9
    for kind, name, text in entries:
        assert errors(validators[kind], front_matter(text)) == [], name


def test_every_entry_of_a_generated_corpus_validates(tmp_path, validators):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "generate_corpus", REPO_ROOT / "scripts" / "generate_corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    root = module.generate(80, tmp_path / "corpus", seed=11)
    for kind in ("practice", "actor"):
        for path in sorted((root / "content" / f"{kind}s").glob("*.md")):
            assert errors(validators[kind], front_matter(path.read_text(encoding="utf-8"))) == [], (
                path
            )


# Bad shapes are rejected by both the checker and the schema --------------------------------

BAD_PRACTICES = {
    "missing-title": {"title": DROP},
    "missing-last-reviewed": {"last_reviewed": DROP},
    "empty-themes": {"themes": "[]"},
    "unknown-key": {"themse": "[tvet]"},
    "unknown-nested-key": {"countries": "{origin: [GH], elsewhere: [BE]}"},
    "string-for-list": {"themes": "tvet"},
    "number-for-title": {"title": "12345"},
    "title-too-short": {"title": "Abc"},
    "theme-outside-vocabulary": {"themes": "[tvett]"},
    "status-outside-vocabulary": {"status": "ongoin"},
    "dimension-outside-the-three": {"dimensions": "[culture]"},
    "role-outside-vocabulary": {"actors": "[{actor: enabel, role: boss}]"},
    "actor-without-role": {"actors": "[{actor: enabel}]"},
    "gcm-24": {"gcm_objectives": "[24]"},
    "gcm-as-text": {"gcm_objectives": '["18"]'},
    "lowercase-country": {"countries": "{origin: [gh]}"},
    "unknown-country": {"countries": "{origin: [XX]}"},
    "duplicate-theme": {"themes": "[tvet, tvet]"},
    "year-not-four-digits": {"period": "{start: 19}"},
    "women-share-above-one": {"beneficiaries": "{women_share: 1.5}"},
    "negative-planned": {"beneficiaries": "{planned: -5}"},
    "zero-amount": {"funding": "{amount: 0, currency: EUR}"},
    "lowercase-currency": {"funding": "{amount: 5, currency: eur}"},
    "javascript-url": {"sources": '[{title: A source, url: "javascript:alert(1)"}]'},
    "ftp-see-also": {"see_also": '[{title: A record, url: "ftp://x.org/y"}]'},
    "bad-calendar-date": {"last_reviewed": "2026-02-30"},
    "date-not-yyyy-mm-dd": {"last_reviewed": "26-02-03"},
    "alias-not-a-slug": {"aliases": "[Old Name]"},
}

BAD_ACTORS = {
    "missing-name": {"name": DROP},
    "unknown-key": {"webside": "https://example.org/"},
    "bad-type": {"type": "ngo"},
    "bad-scope": {"scope": "planet"},
    "acronym-too-long": {"acronym": "A" * 21},
    "website-ftp": {"website": "ftp://example.org/"},
    "lowercase-country": {"countries": "[gh]"},
    "countries-as-text": {"countries": "GH"},
}


@pytest.mark.parametrize("overrides", BAD_PRACTICES.values(), ids=BAD_PRACTICES.keys())
def test_bad_practice_shapes_are_rejected_by_schema_and_checker(project, validators, overrides):
    text = practice_text(**overrides)
    assert errors(validators["practice"], front_matter(text)) != []
    project.write("content/practices/sample.md", text)
    assert project.check().status == 1


@pytest.mark.parametrize("overrides", BAD_ACTORS.values(), ids=BAD_ACTORS.keys())
def test_bad_actor_shapes_are_rejected_by_schema_and_checker(project, validators, overrides):
    text = actor_text(**overrides)
    assert errors(validators["actor"], front_matter(text)) != []
    project.write("content/actors/sample-actor.md", text)
    assert project.check().status == 1


def test_norway_and_yaml_1_1_words_pass_the_schema(validators):
    data = front_matter(actor_text(acronym="yes", countries="[NO]"))
    assert data["acronym"] == "yes"
    assert data["countries"] == ["NO"]
    assert errors(validators["actor"], data) == []
