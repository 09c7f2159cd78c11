"""`atlas new`: a new entry from the template, never overwriting, valid against the schema."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from helpers import PINNED_DAY
from jsonschema import Draft202012Validator

from atlas.frontmatter import parse_entry
from atlas.jsonschema_export import schema_for
from atlas.scaffold import TEMPLATE_MARK
from atlas.taxonomy import load_taxonomy

TITLE = "Sénégal: jeunes & agri"
NEW = "content/practices/senegal-jeunes-agri.md"


def schema_errors(root: Path, kind: str, path: Path) -> list[str]:
    taxonomy, _ = load_taxonomy(root)
    validator = Draft202012Validator(
        schema_for(kind, taxonomy), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    data = parse_entry(path, path.read_bytes()).meta.data
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_practice_writes_the_slugged_file(project):
    run = project.run("new", "practice", TITLE)
    assert run.status == 0, run.err
    assert run.out.strip() == f"wrote {NEW}: fill it in, then run `atlas check`"
    path = project.root / NEW
    assert path.is_file()
    meta = parse_entry(path, path.read_bytes()).meta.data
    assert meta["title"] == TITLE
    assert meta["last_reviewed"] == PINNED_DAY.isoformat()
    assert meta["period"] == {"start": PINNED_DAY.year}


def test_new_practice_is_utf8_with_lf_line_endings(project):
    project.run("new", "practice", TITLE)
    data = (project.root / NEW).read_bytes()
    assert b"\r\n" not in data
    assert not data.startswith(b"\xef\xbb\xbf")
    assert "Sénégal".encode() in data


def test_new_practice_validates_against_the_json_schema(project):
    project.run("new", "practice", TITLE)
    assert schema_errors(project.root, "practice", project.root / NEW) == []


def test_new_actor_validates_against_the_json_schema(project):
    run = project.run("new", "actor", "Réseau des jeunes d'Afrique")
    assert run.status == 0, run.err
    path = project.root / "content/actors/reseau-des-jeunes-dafrique.md"
    assert path.is_file()
    assert schema_errors(project.root, "actor", path) == []


def test_new_refuses_to_overwrite(project):
    project.run("new", "practice", TITLE)
    path = project.root / NEW
    path.write_text(path.read_text(encoding="utf-8") + "\nMy own notes.\n", encoding="utf-8")
    before = sha(path)
    run = project.run("new", "practice", TITLE)
    assert run.status == 1
    assert run.out == ""
    assert run.err.strip() == (f"error: {NEW} already exists; edit it, or choose another title")
    assert sha(path) == before


def test_new_refuses_to_overwrite_an_existing_fixture_entry(project):
    path = project.root / "content/practices/ict-talent.md"
    before = sha(path)
    run = project.run("new", "practice", "ICT talent!")
    assert run.status == 1
    assert sha(path) == before


def test_new_from_a_subfolder_writes_into_the_project(project):
    run = project.run("new", "actor", "Some Org", cwd=project.root / "content" / "practices")
    assert run.status == 0
    assert (project.root / "content/actors/some-org.md").is_file()
    assert not (project.root / "content/practices/content").exists()


def test_new_outside_a_project_exits_2(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    run = project.run("new", "practice", TITLE, cwd=elsewhere)
    assert run.status == 2
    assert "no Atlas project here" in run.err
    assert not (elsewhere / "content").exists()


def test_template_text_left_is_reported_by_check(project):
    project.run("new", "practice", TITLE)
    run = project.check()
    assert run.status == 1
    lines = run.lines_for(NEW)
    assert (
        f"{NEW}:4:10: error: 'summary' still holds template text ('{TEMPLATE_MARK}...') "
        "(write the real content)" in lines
    )
    assert any(
        ": error: the body still holds template text (write the real content)" in line
        for line in lines
    )
    assert any(
        f"{NEW}:12:13: error: actor 'replace-with-actor-slug' has no file" in line for line in lines
    )


def test_a_filled_in_template_passes_check(project):
    project.run("new", "practice", TITLE)
    path = project.root / NEW
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        f'"{TEMPLATE_MARK}: one or two sentences saying who does what, where and for whom."',
        '"Young people in rural Senegal learn modern farming with support from the diaspora."',
    )
    text = text.replace(
        f'"{TEMPLATE_MARK}: the title of a source for what the entry says"', '"Programme report"'
    )
    text = text.replace("replace-with-actor-slug", "afford")
    text = text.replace("  origin: []", "  origin: [SN]")
    body_start = text.index("\n---\n", 4) + 5
    text = text[:body_start] + "\n".join(
        line if TEMPLATE_MARK not in line else "A paragraph written by the contributor."
        for line in text[body_start:].split("\n")
    )
    path.write_text(text, encoding="utf-8")
    run = project.check()
    assert (run.status, run.lines) == (0, []), run.out


def test_new_actor_template_text_is_reported(project):
    project.run("new", "actor", "Some Org")
    run = project.check()
    assert run.status == 1
    assert run.lines_for("content/actors/some-org.md") == [
        f"content/actors/some-org.md:7:10: error: 'summary' still holds template text "
        f"('{TEMPLATE_MARK}...') (write the real content)",
        "content/actors/some-org.md:10:1: error: the body still holds template text "
        "(write the real content)",
    ]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Côte d'Ivoire – Italy: nurses", "cote-divoire-italy-nurses"),
        ("  TVET   for   Youth ", "tvet-for-youth"),
        ("Ghana/Germany skills (2020)", "ghana-germany-skills-2020"),
    ],
)
def test_slugs_made_from_titles(project, title, slug):
    run = project.run("new", "practice", title)
    assert run.status == 0
    assert (project.root / f"content/practices/{slug}.md").is_file()


def test_very_long_title_gives_a_slug_of_at_most_80_characters(project):
    title = "A partnership " + "with many words " * 10
    run = project.run("new", "practice", title)
    assert run.status == 0
    [path] = [p for p in (project.root / "content/practices").glob("a-partnership-*.md")]
    assert len(path.stem) <= 80
    assert not path.stem.endswith("-")
