"""The open-data exports: api/*.json, api/practices.csv, the schemas, feed.xml, JSON-LD, the
/api/ page and `atlas export`.

The fixture project is written here (not copied from content/, which others are editing), with
the real mkdocs.yml and taxonomy.yml, and entries chosen to reach the awkward cases: formula-like
cells, a ';' inside a URL, markup and a control character in a title, a blank optional key,
ties in review dates.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from atlas import catalogue
from atlas.catalogue import Catalogue
from atlas.export_cli import FALLBACK_SITE_URL, add_parser, site_url_of
from atlas.exports import api_page_markdown, jsonld, script_json, static_files
from atlas.exports.api_page import _fence
from atlas.exports.common import FILES
from atlas.exports.feed import FEED_LIMIT
from atlas.exports.records import ACTOR_DERIVED, PRACTICE_DERIVED
from atlas.exports.table import COLUMNS, rows, undefuse
from atlas.model import ACTOR_FIELDS, PRACTICE_FIELDS

REPO = Path(__file__).resolve().parents[1]
SITE = "https://atlas.example.org/sub/"
BUILD_DAY = date(2026, 6, 1)
ATOM = "{http://www.w3.org/2005/Atom}"
BODY = "".join(
    f"\n## {name}\n\nText.\n"
    for name in (
        "Overview",
        "Skills",
        "Mobility",
        "Partnership",
        "Results",
        "Lessons and replicability",
    )
)

ACTORS: dict[str, str] = {
    "acme-training": """\
name: Acme Training Ltd
acronym: ACME
type: private-sector
countries: [DE, GH]
scope: global
website: https://acme.example.com
summary: A training company that prepares technicians for jobs at home and abroad.
""",
    "gov-ghana": """\
name: Government of Ghana
type: state
countries: [GH]
scope: national
summary: The national government of Ghana, which co-runs skills partnerships with partners.
""",
    "diaspora-net": """\
name: "Diaspora Network </script><b>"
type: diaspora-organisation
scope: regional
summary: A network of diaspora organisations that mobilises members as trainers and mentors.
""",
}

PRACTICES: dict[str, str] = {
    "alpha-diaspora-tvet": """\
title: "Alpha: diaspora <TVET> upgrade, \\"quoted\\", Côte d'Ivoire"
summary: >-
  A diaspora network upgrades technical schools in Ghana and Côte d'Ivoire,
  linking graduates to jobs at home and in Germany.
typologies: [diaspora-entrepreneurship, project-based]
themes: [tvet, diaspora-engagement, youth]
dimensions: [skills, partnerships]
mobility: [circular, none]
status: ongoing
evidence: documented
actors:
  - {actor: diaspora-net, role: lead}
  - {actor: acme-training, role: partner}
  - {actor: gov-ghana, role: funder}
countries:
  origin: [GH, CI]
  destination: [DE]
regions: [western-africa]
sectors: [construction, ict]
target_groups: [youth, graduates]
period: {start: 2019}
sources:
  - title: A report on the programme
    url: https://example.org/report;v=2?a=1
    publisher: Example Publisher
    year: 2020
  - title: Second source
    url: https://example.net/second
gcm_objectives: [5, 18]
skill_levels: [medium, high]
beneficiaries: {planned: 500, reached: 120, women_share: 0.35}
funding: {amount: 1496448.50, currency: EUR, note: Budget of the first phase.}
see_also:
  - {title: "CGD Legal Pathways: Alpha", url: "https://gsp.example.org/alpha;x"}
related: [beta-online-skills]
aliases: [old-alpha]
last_reviewed: 2024-05-01
""",
    "beta-online-skills": """\
title: Zebra online skills programme
summary: An online programme that trains workers in South America in digital skills remotely.
typologies: [private-sector]
themes: [digital-learning]
dimensions: [skills]
mobility: [virtual]
status: pilot
evidence: reported
actors:
  - {actor: acme-training, role: lead}
regions: [south-america]
sectors:
sources:
  - title: Company news item
    url: https://acme.example.com/news
last_reviewed: 2025-01-10
""",
    "gamma-formula-title": """\
title: "=1+2 looks like a formula \\a"
summary: "+ A summary that starts with a plus sign, as strangers may write it one day."
typologies: [state-to-state]
themes: [qualification-recognition]
dimensions: [mobility, partnerships]
status: completed
evidence: evaluated
actors:
  - {actor: gov-ghana, role: lead}
  - {actor: acme-training, role: implementer}
countries:
  origin: [GH]
  transit: [NE]
  destination: [IT]
period: {start: 2015, end: 2018}
funding: {amount: 2000000, currency: USD, note: "@ the budget, to the nearest million"}
beneficiaries: {planned: 0}
sources:
  - title: "-dash title of a source"
    url: https://example.org/gamma
last_reviewed: 2025-01-10
""",
}


def write_project(
    root: Path, practices: dict[str, str] | None = None, actors: dict[str, str] | None = None
) -> Path:
    """A project with the real mkdocs.yml and taxonomy.yml and the given entries."""
    (root / "content" / "practices").mkdir(parents=True)
    (root / "content" / "actors").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "content" / "taxonomy.yml", root / "content" / "taxonomy.yml")
    for slug, meta in (PRACTICES if practices is None else practices).items():
        (root / "content" / "practices" / f"{slug}.md").write_text(
            f"---\n{meta}---\n{BODY}", encoding="utf-8"
        )
    for slug, meta in (ACTORS if actors is None else actors).items():
        (root / "content" / "actors" / f"{slug}.md").write_text(
            f"---\n{meta}---\n\nAbout.\n", encoding="utf-8"
        )
    return root


def load_ok(root: Path) -> Catalogue:
    result = catalogue.load(root, build_day=BUILD_DAY)
    assert result.ok, "\n".join(p.text() for p in result.problems if p.is_error)
    return result.catalogue


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "atlas")


@pytest.fixture
def cat(project: Path) -> Catalogue:
    return load_ok(project)


@pytest.fixture
def files(cat: Catalogue) -> dict[str, bytes]:
    return static_files(cat, SITE)


def jload(files: dict[str, bytes], path: str) -> Any:
    return json.loads(files[path].decode("utf-8"))


def front_matter(record: dict[str, Any], derived: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in derived}


def csv_table(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# static_files: the set of files and determinism ---------------------------------------------


def test_static_files_has_every_published_file(files: dict[str, bytes]) -> None:
    assert list(files) == [path for path, _, _ in FILES]
    assert {
        "api/practices.json",
        "api/actors.json",
        "api/taxonomy.json",
        "api/practices.csv",
        "schema/practice.schema.json",
        "schema/actor.schema.json",
        "feed.xml",
    } <= set(files)
    for path, data in files.items():
        assert isinstance(data, bytes)
        assert data.endswith(b"\n"), path
        data.decode("utf-8")


def test_byte_identical_across_builds(project: Path) -> None:
    first = static_files(load_ok(project), SITE)
    second = static_files(load_ok(project), SITE)
    assert first == second
    assert api_page_markdown(load_ok(project), SITE) == api_page_markdown(load_ok(project), SITE)


def test_site_url_without_trailing_slash_gives_the_same_files(cat: Catalogue) -> None:
    assert static_files(cat, SITE.rstrip("/")) == static_files(cat, SITE)


def test_derived_names_never_shadow_front_matter_keys() -> None:
    assert not set(PRACTICE_DERIVED) & set(PRACTICE_FIELDS.by_name)
    assert not set(ACTOR_DERIVED) & set(ACTOR_FIELDS.by_name)


# api/practices.json -------------------------------------------------------------------------


def test_practices_json_is_a_list_by_slug_with_absolute_urls(files: dict[str, bytes]) -> None:
    items = jload(files, "api/practices.json")
    assert isinstance(items, list)
    assert [p["slug"] for p in items] == sorted(PRACTICES)
    for item in items:
        assert item["url"] == f"{SITE}practices/{item['slug']}/"
        assert item["source_path"] == f"content/practices/{item['slug']}.md"


def test_practices_json_round_trips_the_front_matter(
    cat: Catalogue, files: dict[str, bytes]
) -> None:
    for item in jload(files, "api/practices.json"):
        practice = cat.practices[item["slug"]]
        assert front_matter(item, PRACTICE_DERIVED) == practice.meta
        assert set(item) == set(practice.meta) | set(PRACTICE_DERIVED)


def test_practices_json_keeps_values_as_parsed(files: dict[str, bytes]) -> None:
    items = {p["slug"]: p for p in jload(files, "api/practices.json")}
    alpha = items["alpha-diaspora-tvet"]
    assert alpha["last_reviewed"] == "2024-05-01"
    assert alpha["funding"]["amount"] == 1496448.5
    assert alpha["gcm_objectives"] == [5, 18]
    assert alpha["title"] == 'Alpha: diaspora <TVET> upgrade, "quoted", Côte d\'Ivoire'
    assert items["beta-online-skills"]["sectors"] is None  # a blank key stays what YAML says
    assert "Côte" in files["api/practices.json"].decode("utf-8")  # ensure_ascii=False


def test_practices_json_derived_fields(cat: Catalogue, files: dict[str, bytes]) -> None:
    items = {p["slug"]: p for p in jload(files, "api/practices.json")}
    alpha = items["alpha-diaspora-tvet"]
    assert {"western-africa", "sub-saharan-africa", "western-europe"} <= set(
        alpha["regions_resolved"]
    )
    assert alpha["related_resolved"][0] == "beta-online-skills"
    assert alpha["related_resolved"] == [p.slug for p in cat.related(cat.practices[alpha["slug"]])]
    assert alpha["country_names"] == {"GH": "Ghana", "CI": "Côte d'Ivoire", "DE": "Germany"}
    assert alpha["actors_resolved"][0] == {
        "actor": "diaspora-net",
        "role": "lead",
        "name": "Diaspora Network </script><b>",
        "type": "diaspora-organisation",
        "url": f"{SITE}actors/diaspora-net/",
    }
    assert [a["actor"] for a in alpha["actors_resolved"]] == [
        "diaspora-net",
        "acme-training",
        "gov-ghana",
    ]
    assert alpha["needs_review"] is True  # 2024-05-01 is more than 24 months before 2026-06-01
    assert items["beta-online-skills"]["needs_review"] is False
    assert items["beta-online-skills"]["regions_resolved"] == [
        "latin-america-caribbean",
        "south-america",
    ]


# api/actors.json and api/taxonomy.json ----------------------------------------------------


def test_actors_json_round_trips_and_lists_roles(cat: Catalogue, files: dict[str, bytes]) -> None:
    items = jload(files, "api/actors.json")
    assert [a["slug"] for a in items] == sorted(ACTORS)
    by_slug = {a["slug"]: a for a in items}
    for slug, item in by_slug.items():
        assert front_matter(item, ACTOR_DERIVED) == cat.actors[slug].meta
        assert item["url"] == f"{SITE}actors/{slug}/"
    assert by_slug["acme-training"]["practices"] == [
        {"practice": "alpha-diaspora-tvet", "role": "partner"},
        {"practice": "beta-online-skills", "role": "lead"},
        {"practice": "gamma-formula-title", "role": "implementer"},
    ]
    assert by_slug["diaspora-net"]["practices"] == [
        {"practice": "alpha-diaspora-tvet", "role": "lead"}
    ]


def test_taxonomy_json_has_every_vocabulary_and_region_parents(
    cat: Catalogue, files: dict[str, bytes]
) -> None:
    data = jload(files, "api/taxonomy.json")
    assert set(data) == set(cat.taxonomy.vocabularies)
    for name, terms in data.items():
        assert [t["id"] for t in terms] == cat.taxonomy.ids(name)
        for term in terms:
            assert {"id", "label", "description", "aliases"} <= set(term)
            if "needs" in term:
                assert term["needs"]
    regions = {t["id"]: t for t in data["regions"]}
    assert regions["western-africa"]["parent"] == "sub-saharan-africa"
    assert regions["sub-saharan-africa"]["parent"] is None
    assert regions["western-africa"]["m49"] == "011"
    assert [t["id"] for t in data["gcm_objectives"]] == list(range(1, 24))


def test_index_json_holds_version_licence_and_files(files: dict[str, bytes]) -> None:
    index = jload(files, "api/index.json")
    assert index["version"] == 1
    assert index["licence"] == "CC BY 4.0"
    assert index["licence_url"].startswith("https://creativecommons.org/licenses/by/4.0")
    assert index["counts"]["practices"] == len(PRACTICES)
    assert index["counts"]["actors"] == len(ACTORS)
    assert index["updated"] == "2025-01-10"
    assert set(index["files"]) == set(files)
    assert index["files"]["feed.xml"]["url"] == SITE + "feed.xml"


# api/practices.csv ---------------------------------------------------------------------------


def expected_cells(meta: dict[str, Any]) -> dict[str, str]:
    """The CSV cells of a practice, computed from its front-matter independently of the export."""

    def join(values: Any) -> str:
        return ";".join(str(v) for v in values or [])

    def sub(key: str, inner: str) -> str:
        value = (meta.get(key) or {}).get(inner)
        return "" if value is None else str(value)

    countries = meta.get("countries") or {}
    return {
        "title": meta["title"],
        "summary": meta["summary"],
        **{
            key: join(meta.get(key))
            for key in (
                "typologies",
                "themes",
                "dimensions",
                "mobility",
                "regions",
                "sectors",
                "target_groups",
                "gcm_objectives",
                "skill_levels",
                "related",
            )
        },
        "status": meta["status"],
        "evidence": meta["evidence"],
        "actors": join(f"{a['actor']}:{a['role']}" for a in meta["actors"]),
        **{role: join(countries.get(role)) for role in ("origin", "destination", "transit")},
        "period_start": sub("period", "start"),
        "period_end": sub("period", "end"),
        "beneficiaries_planned": sub("beneficiaries", "planned"),
        "beneficiaries_reached": sub("beneficiaries", "reached"),
        "women_share": sub("beneficiaries", "women_share"),
        "funding_amount": sub("funding", "amount"),
        "funding_currency": sub("funding", "currency"),
        "funding_note": sub("funding", "note"),
        "sources": join(s["url"].replace(";", "%3B") for s in meta["sources"]),
        "see_also": join(s["url"].replace(";", "%3B") for s in meta.get("see_also") or []),
        "last_reviewed": meta["last_reviewed"],
    }


def test_csv_has_bom_header_and_one_row_per_practice(files: dict[str, bytes]) -> None:
    data = files["api/practices.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in data.replace(b'\r\n"', b"")  # lines end in \n
    table = csv_table(data)
    assert list(table[0]) == list(COLUMNS)
    assert [row["slug"] for row in table] == sorted(PRACTICES)


def test_csv_cells_equal_the_joined_front_matter(cat: Catalogue, files: dict[str, bytes]) -> None:
    for row in csv_table(files["api/practices.csv"]):
        practice = cat.practices[row["slug"]]
        exact = {key: undefuse(value) for key, value in row.items()}
        assert exact["url"] == SITE + practice.url
        assert exact["regions_resolved"] == ";".join(cat.regions_resolved(practice))
        for key, value in expected_cells(practice.meta).items():
            assert exact[key] == value, (row["slug"], key)


def test_csv_defuses_formula_cells(files: dict[str, bytes]) -> None:
    gamma = {r["slug"]: r for r in csv_table(files["api/practices.csv"])}["gamma-formula-title"]
    assert gamma["title"].startswith("'=1+2")
    assert gamma["summary"].startswith("'+ A summary")
    assert gamma["funding_note"] == "'@ the budget, to the nearest million"
    assert gamma["funding_amount"] == "2000000"
    for row in csv_table(files["api/practices.csv"]):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_columns_match_the_documented_header(cat: Catalogue) -> None:
    assert tuple(rows(cat, SITE)[0]) == COLUMNS


# schema/*.schema.json ------------------------------------------------------------------------


def validator(files: dict[str, bytes], kind: str) -> Draft202012Validator:
    schema = jload(files, f"schema/{kind}.schema.json")
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"{SITE}schema/{kind}.schema.json"
    return Draft202012Validator(schema)


def test_every_fixture_entry_validates_against_the_published_schema(
    cat: Catalogue, files: dict[str, bytes]
) -> None:
    practices, actors = validator(files, "practice"), validator(files, "actor")
    for practice in cat.practices.values():
        assert not list(practices.iter_errors(practice.meta)), practice.slug
    for actor in cat.actors.values():
        assert not list(actors.iter_errors(actor.meta)), actor.slug
    for item in jload(files, "api/practices.json"):  # the published records, derived keys off
        assert not list(practices.iter_errors(front_matter(item, PRACTICE_DERIVED)))


@pytest.mark.parametrize(
    "change",
    [
        {"title": None, "_drop": "title"},
        {"titel": "A title that is misspelt"},
        {"themes": "tvet"},
        {"themes": ["not-a-theme"]},
        {"status": "finished"},
        {"countries": {"origin": ["gh"]}},
        {"gcm_objectives": [24]},
        {"last_reviewed": "25/11/2026"},
        {"actors": []},
        {"sources": [{"title": "No address"}]},
        {"beneficiaries": {"reached": -1}},
    ],
)
def test_practice_schema_rejects_bad_shapes(
    cat: Catalogue, files: dict[str, bytes], change: dict[str, Any]
) -> None:
    meta = dict(cat.practices["beta-online-skills"].meta)
    meta.update({k: v for k, v in change.items() if k != "_drop"})
    if "_drop" in change:
        meta.pop(change["_drop"])
    assert list(validator(files, "practice").iter_errors(meta))


@pytest.mark.parametrize(
    "change",
    [
        {"type": "company"},
        {"scope": "planetary"},
        {"website": "ftp://x.example"},
        {"nickname": "Acme"},
        {"countries": "DE"},
    ],
)
def test_actor_schema_rejects_bad_shapes(
    cat: Catalogue, files: dict[str, bytes], change: dict[str, Any]
) -> None:
    meta = {**cat.actors["acme-training"].meta, **change}
    assert list(validator(files, "actor").iter_errors(meta))


# feed.xml ----------------------------------------------------------------------------------


def feed_root(files: dict[str, bytes]) -> ET.Element:
    return ET.fromstring(files["feed.xml"])


def test_feed_is_atom_newest_review_first_ties_by_slug(files: dict[str, bytes]) -> None:
    feed = feed_root(files)
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert ids == [
        f"{SITE}practices/{slug}/"
        for slug in ("beta-online-skills", "gamma-formula-title", "alpha-diaspora-tvet")
    ]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [
        "2025-01-10T00:00:00Z",
        "2025-01-10T00:00:00Z",
        "2024-05-01T00:00:00Z",
    ]
    assert feed.findtext(f"{ATOM}updated") == "2025-01-10T00:00:00Z"  # newest entry, not today
    self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link[0].get("href") == SITE + "feed.xml"
    assert feed.findtext(f"{ATOM}id") and feed.find(f"{ATOM}author") is not None


def test_feed_entries_escape_text_and_carry_themes(files: dict[str, bytes]) -> None:
    entries = {e.findtext(f"{ATOM}id"): e for e in feed_root(files).findall(f"{ATOM}entry")}
    alpha = entries[f"{SITE}practices/alpha-diaspora-tvet/"]
    assert (
        alpha.findtext(f"{ATOM}title") == 'Alpha: diaspora <TVET> upgrade, "quoted", Côte d\'Ivoire'
    )
    assert alpha.findtext(f"{ATOM}summary").startswith("A diaspora network upgrades")
    assert [c.get("term") for c in alpha.findall(f"{ATOM}category")] == [
        "tvet",
        "diaspora-engagement",
        "youth",
    ]
    link = alpha.find(f"{ATOM}link")
    assert link is not None and link.get("href") == f"{SITE}practices/alpha-diaspora-tvet/"
    gamma = entries[f"{SITE}practices/gamma-formula-title/"]
    assert gamma.findtext(f"{ATOM}title") == "=1+2 looks like a formula"  # \a dropped: not XML


def test_feed_ids_are_stable_across_builds(project: Path) -> None:
    def ids() -> list[str | None]:
        feed = ET.fromstring(static_files(load_ok(project), SITE)["feed.xml"])
        return [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")]

    assert ids() == ids()


def test_feed_holds_at_most_the_limit(tmp_path: Path) -> None:
    many = {
        f"p{n:03d}-practice": PRACTICES["beta-online-skills"].replace(
            "2025-01-10", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"
        )
        for n in range(FEED_LIMIT + 5)
    }
    cat = load_ok(write_project(tmp_path / "many", practices=many))
    entries = feed_root(static_files(cat, SITE)).findall(f"{ATOM}entry")
    assert len(entries) == FEED_LIMIT
    keys = [(e.findtext(f"{ATOM}updated"), e.findtext(f"{ATOM}id")) for e in entries]
    assert keys == sorted(keys, key=lambda k: (_negated(k[0]), k[1]))


def _negated(text: str | None) -> list[int]:
    return [-ord(c) for c in text or ""]


def test_empty_catalogue_exports(tmp_path: Path) -> None:
    cat = load_ok(write_project(tmp_path / "empty", practices={}, actors={}))
    files = static_files(cat, SITE)
    assert jload(files, "api/practices.json") == []
    assert jload(files, "api/actors.json") == []
    assert len(csv_table(files["api/practices.csv"])) == 0
    assert feed_root(files).findtext(f"{ATOM}updated") == "2026-06-01T00:00:00Z"
    assert "There are no practices yet." in api_page_markdown(cat, SITE)


# JSON-LD --------------------------------------------------------------------------------------


def test_jsonld_objects(cat: Catalogue) -> None:
    pages = jsonld(cat, SITE)
    assert set(pages) == {""} | {f"practices/{s}/" for s in PRACTICES} | {
        f"actors/{s}/" for s in ACTORS
    }
    for data in pages.values():
        json.dumps(data)
        assert data["@context"] == "https://schema.org" and data["@type"]
    home = pages[""]
    assert home["@type"] == "WebSite"
    assert home["potentialAction"]["target"] == f"{SITE}explore/?q={{search_term_string}}"
    assert home["potentialAction"]["query-input"] == "required name=search_term_string"
    alpha = pages["practices/alpha-diaspora-tvet/"]
    assert alpha["@type"] == "CreativeWork"
    assert alpha["url"] == f"{SITE}practices/alpha-diaspora-tvet/"
    assert alpha["dateModified"] == "2024-05-01"
    assert {p["name"] for p in alpha["spatialCoverage"]} >= {"Ghana", "Côte d'Ivoire", "Germany"}
    assert alpha["contributor"][0]["url"] == f"{SITE}actors/diaspora-net/"
    assert {t["termCode"] for t in alpha["about"]} >= {"tvet", "project-based"}
    assert alpha["isPartOf"]["url"] == SITE
    assert alpha["temporalCoverage"] == "2019/.."
    acme = pages["actors/acme-training/"]
    assert acme["@type"] == "Organization"
    assert acme["alternateName"] == "ACME" and acme["sameAs"] == "https://acme.example.com"
    assert {c["name"] for c in acme["areaServed"]} == {"Germany", "Ghana"}


def test_script_json_cannot_close_the_script_element(cat: Catalogue) -> None:
    data = jsonld(cat, SITE)["actors/diaspora-net/"]
    text = script_json(data)
    assert "<" not in text and ">" not in text
    assert json.loads(text) == data


# the /api/ page ------------------------------------------------------------------------------


def test_api_page_documents_every_file_with_relative_links(cat: Catalogue) -> None:
    page = api_page_markdown(cat, SITE)
    for link in (
        "(index.json)",
        "(practices.json)",
        "(actors.json)",
        "(taxonomy.json)",
        "(practices.csv)",
        "(../schema/practice.schema.json)",
        "(../schema/actor.schema.json)",
        "(../feed.xml)",
    ):
        assert link in page
    assert f"]({SITE}api/" not in page
    assert f"# yaml-language-server: $schema={SITE}schema/practice.schema.json" in page
    assert "CC BY 4.0" in page and "MIT" in page and "`1`" in page
    assert "utf-8-sig" in page and "'" in page
    assert page.count("```") % 2 == 0
    assert page.endswith("\n") and not page.endswith("\n\n")


def test_api_page_examples_are_real_records(cat: Catalogue) -> None:
    page = api_page_markdown(cat, SITE)
    assert '"slug": "alpha-diaspora-tvet"' in page  # the richest practice
    assert '"slug": "acme-training"' in page  # the actor in most practices


def _page_sections(page: str) -> dict[str, str]:
    return {part.split("\n", 1)[0]: part for part in page.split("\n## ")[1:]}


def test_api_page_examples_are_the_richest_practice_the_busiest_actor_and_the_first_row(
    tmp_path: Path,
) -> None:
    spec = importlib.util.spec_from_file_location(
        "generate_corpus", REPO / "scripts" / "generate_corpus.py"
    )
    assert spec and spec.loader
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    root = generator.generate(80, tmp_path / "atlas", seed=2)
    cat = catalogue.load(root, build_day=date(2026, 11, 25)).catalogue
    sections = _page_sections(api_page_markdown(cat, SITE))
    practices = jload(static_files(cat, SITE), "api/practices.json")
    filled = [sum(v not in (None, [], {}) for v in item.values()) for item in practices]
    richest = practices[filled.index(max(filled))]  # the first by slug of the richest
    assert f'"slug": "{richest["slug"]}"' in sections["Practices: practices.json"]
    actors = jload(static_files(cat, SITE), "api/actors.json")
    counts = [len(item["practices"]) for item in actors]
    busiest = actors[counts.index(max(counts))]
    assert f'"slug": "{busiest["slug"]}"' in sections["Actors: actors.json"]
    header, first = rows(cat, SITE)[:2]
    sample = sections["Spreadsheet: practices.csv"].split("```csv\n", 1)[1].split("\n```")[0]
    assert sample.splitlines()[0] == ",".join(header)
    assert sample.splitlines()[1].startswith(f"{first[0]},{SITE}practices/")


def test_fences_survive_backticks_in_content() -> None:
    block = _fence('{"title": "``` breaks out"}', "json")
    assert block.startswith("````json\n") and block.endswith("\n````")


# atlas export ----------------------------------------------------------------------------------


def run_export(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="atlas")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_export_csv_writes_the_file(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "content")  # found by walking up, like git
    out = project / "out" / "practices.csv"
    assert run_export(["export", "--format", "csv", "--out", str(out)]) == 0
    site = site_url_of(project) or FALLBACK_SITE_URL
    table = csv_table(out.read_bytes())
    assert [r["slug"] for r in table] == sorted(PRACTICES)
    assert table[0]["url"].startswith(site.rstrip("/") + "/practices/")
    assert not list((project / "out").glob(".*"))  # no temporary file left


def test_export_json_prints_the_practices_list(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(project)
    assert run_export(["export", "--format", "json", "--site-url", SITE]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == jload(
        static_files(catalogue.load(project).catalogue, SITE), "api/practices.json"
    )


def test_export_refuses_broken_content(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = project / "content" / "practices" / "broken.md"
    bad.write_text("---\ntitle: Broken\n---\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert run_export(["export", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "content/practices/broken.md:" in captured.err and "error:" in captured.err


def test_site_url_read_despite_mkdocs_python_tags(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: X\nsite_url: https://x.example/atlas/\nmarkdown_extensions:\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n  key: !ENV [SOME_KEY, default]\n",
        encoding="utf-8",
    )
    assert site_url_of(tmp_path) == "https://x.example/atlas/"
    (tmp_path / "mkdocs.yml").write_text("site_name: X\n", encoding="utf-8")
    assert site_url_of(tmp_path) is None
    (tmp_path / "mkdocs.yml").write_text("site_url: https://y.example/\nbad: [\n", "utf-8")
    assert site_url_of(tmp_path) == "https://y.example/"  # unreadable YAML: the line itself


def test_export_without_site_url_warns_and_uses_the_preview_address(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "mkdocs.yml").write_text("site_name: X\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert run_export(["export"]) == 0
    captured = capsys.readouterr()
    assert "no site_url" in captured.err
    assert json.loads(captured.out)[0]["url"].startswith(FALLBACK_SITE_URL)


# the real content ------------------------------------------------------------------------------


def test_real_content_validates_against_the_published_schemas() -> None:
    result = catalogue.load(REPO)
    if not result.ok:
        pytest.skip("content/ does not pass `atlas check` right now")
    cat = result.catalogue
    files = static_files(cat, SITE)
    practices, actors = validator(files, "practice"), validator(files, "actor")
    for path in sorted((REPO / "content" / "practices").glob("*.md")):
        assert not list(practices.iter_errors(cat.practices[path.stem].meta)), path.name
    for actor in cat.actors.values():
        assert not list(actors.iter_errors(actor.meta)), actor.slug
    assert len(jload(files, "api/practices.json")) == len(cat.practices)
    assert len(csv_table(files["api/practices.csv"])) == len(cat.practices)
    ET.fromstring(files["feed.xml"])
    api_page_markdown(cat, SITE)
