"""`atlas from-issue`: a "Propose a practice" issue body becomes an entry, or a clear refusal.

Issue bodies are written here the way GitHub renders a submitted form: `### Label`, a blank
line, the answer; `_No response_` when empty; every checkbox option as `- [X]` or `- [ ]`; a
dropdown's choices joined by ", ". The content project (tests/helpers.py) has the actors
`enabel` and `afford` and pins the day to 2026-11-25.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import PINNED_DAY, REPO_ROOT

from atlas import contrib_cli, from_issue
from atlas.from_issue import FIELDS, FORM_PATH, option_text, parse_body, render_form
from atlas.taxonomy import load_taxonomy

TAXONOMY, _ = load_taxonomy(REPO_ROOT)
SLUG = "diaspora-mentors-for-vocational-graduates-in-ghana"
RELPATH = f"content/practices/{SLUG}.md"

GOOD: dict[str, Any] = {
    "Title": "Diaspora mentors for vocational graduates in Ghana",
    "Summary": "A diaspora organisation pairs graduates of vocational schools in Ghana with\n"
    "mentors abroad, who coach them into jobs at home and into regular routes to Belgium.",
    "Typologies": ["diaspora-entrepreneurship", "project-based"],
    "Themes": ["tvet", "diaspora-engagement", "youth"],
    "Dimensions": ["skills", "partnerships"],
    "Mobility types": ["none"],
    "Status": "pilot",
    "Evidence": "reported",
    "Actors": "African Foundation for Development: lead\n- enabel: Funder (funder)",
    "Countries of origin": "GH",
    "Countries of destination": "BE",
    "Regions": ["western-africa"],
    "Target groups": ["graduates", "youth"],
    "Skill levels": ["medium"],
    "Period start": "2021",
    "Sources": "- GFMD 2020 small-group discussion on skills partnerships | https://www.gfmd.org/"
    " | Global Forum on Migration and Development | 2020\n"
    "- ABC West Africa | https://afford-uk.org/abc-west-africa/",
    "See also": "UN Migration Network Hub record | https://migrationnetwork.un.org/practice/x",
    "GCM objectives": [18, 19],
    "Funding amount": "400000",
    "Funding currency": "EUR",
    "Funding note": "Match fund for the rollout.",
    "People reached": "120",
    "Share of women": "40%",
    "Overview": "The programme links graduates of technical schools with diaspora professionals.",
    "Skills": "Mentors coach graduates in job search and workplace skills.",
    "Mobility": "Skills are used at home; a few mentees move to Belgium on regular routes.",
    "Partnership": "### A heading of the contributor's own\n\nDiaspora members volunteer.",
    "Results": "The organisers report 120 mentees in the first year.",
    "Lessons and replicability": "The approach needs a committed diaspora network.",
    "Notes for the reviewers": "Nothing else.",
}


def render_issue(answers: dict[str, Any]) -> str:
    """The Markdown GitHub stores for a submitted form, from label -> answer (ids for choices)."""
    blocks = []
    for spec in FIELDS:
        value = answers.get(spec.label)
        if spec.kind == "agreement":
            text = "\n".join(f"- [X] {o}" for o in from_issue.AGREEMENT_OPTIONS)
        elif spec.kind == "checkboxes":
            chosen = value or []
            text = "\n".join(
                f"- [{'X' if t.id in chosen else ' '}] {option_text(t.id, t.label)}"
                for t in TAXONOMY.terms(spec.vocabulary)
            )
        elif spec.kind in ("dropdown", "multi") and value:
            values = value if isinstance(value, list) else [value]
            labels = {t.id: t.label for t in TAXONOMY.terms(spec.vocabulary)}
            text = ", ".join(option_text(v, labels[v]) if v in labels else str(v) for v in values)
        else:
            text = value or ""
        blocks.append(f"### {spec.label}\n\n{text or '_No response_'}")
    return "\n\n".join(blocks) + "\n"


def from_issue_cli(project, *argv: str, stdin: str | None = None) -> tuple[int, str, str]:
    """`atlas from-issue ARGV` through the subcommand's own parser, from the project root."""
    parser = argparse.ArgumentParser(prog="atlas")
    contrib_cli.add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["from-issue", *argv])
    project._monkeypatch.chdir(project.root)
    if stdin is not None:
        project._monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = args.func(args)
    return status, out.getvalue(), err.getvalue()


def issue_file(project, answers: dict[str, Any], name: str = "issue.md") -> Path:
    path = project.root.parent / name
    path.write_text(render_issue(answers), encoding="utf-8")
    return path


# The round trip --------------------------------------------------------------------------------


def test_a_filled_form_becomes_an_entry_that_atlas_check_accepts(project):
    status, _, err = from_issue_cli(project, str(issue_file(project, GOOD)))
    assert status == 0, err
    assert f"wrote {RELPATH}" in err
    run = project.check()
    assert run.status == 0, run.out
    assert run.lines_for(RELPATH) == []  # not even a warning: all six sections are there
    practice = project.load().catalogue.practices[SLUG]
    meta = practice.meta
    assert meta["title"] == GOOD["Title"]
    assert meta["summary"] == " ".join(GOOD["Summary"].split())
    assert meta["typologies"] == ["diaspora-entrepreneurship", "project-based"]
    assert meta["themes"] == ["tvet", "diaspora-engagement", "youth"]
    assert meta["mobility"] == ["none"]
    assert meta["actors"] == [
        {"actor": "afford", "role": "lead"},
        {"actor": "enabel", "role": "funder"},
    ]
    assert meta["countries"] == {"origin": ["GH"], "destination": ["BE"]}
    assert meta["period"] == {"start": 2021}
    assert meta["gcm_objectives"] == [18, 19]
    assert meta["funding"] == {"amount": 400000, "currency": "EUR", "note": GOOD["Funding note"]}
    assert meta["beneficiaries"] == {"reached": 120, "women_share": 0.4}
    assert meta["sources"][0] == {
        "title": "GFMD 2020 small-group discussion on skills partnerships",
        "url": "https://www.gfmd.org/",
        "publisher": "Global Forum on Migration and Development",
        "year": 2020,
    }
    assert meta["sources"][1] == {
        "title": "ABC West Africa",
        "url": "https://afford-uk.org/abc-west-africa/",
    }
    assert meta["last_reviewed"] == PINNED_DAY.isoformat()
    text = (project.root / RELPATH).read_text(encoding="utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema=")
    # A heading the contributor typed inside a field stays inside that section.
    assert "## Partnership\n\n### A heading of the contributor's own\n\nDiaspora" in text


def test_options_may_be_bare_ids_or_labels(project):
    answers = dict(GOOD, Themes="tvet, Youth, Diaspora engagement (diaspora-engagement)")
    answers["Status"] = "Pilot"
    answers["GCM objectives"] = "18, Migrant and diaspora contributions"
    conversion = from_issue.convert(project.root, render_issue(answers))
    assert conversion.ok, conversion.report()
    meta = yaml.safe_load(conversion.text.split("---")[1])
    assert meta["themes"] == ["tvet", "youth", "diaspora-engagement"]
    assert meta["status"] == "pilot"
    assert meta["gcm_objectives"] == [18, 19]


def test_every_form_option_reads_back_as_its_id():
    """Ticking or choosing every option of every vocabulary field gives every id, in order."""
    answers = {}
    for spec in FIELDS:
        if spec.vocabulary:
            answers[spec.label] = TAXONOMY.ids(spec.vocabulary)
    parsed = parse_body(render_issue(answers))
    for spec in FIELDS:
        if not spec.vocabulary or spec.kind == "dropdown":
            continue
        choices = from_issue._Choices(TAXONOMY, spec.vocabulary)
        reader = choices.ticked if spec.kind == "checkboxes" else choices.many
        values, errors = reader(parsed[spec.label])
        assert errors == []
        assert values == TAXONOMY.ids(spec.vocabulary)


def test_stdout_prints_the_entry_and_writes_nothing(project):
    before = project.digest()
    status, out, err = from_issue_cli(project, str(issue_file(project, GOOD)), "--stdout")
    assert status == 0, err
    assert out.startswith("---\n") and "title: " in out
    assert project.digest() == before


def test_stdout_and_write_do_both(project):
    status, out, _ = from_issue_cli(project, str(issue_file(project, GOOD)), "--stdout", "--write")
    assert status == 0
    assert (project.root / RELPATH).read_text(encoding="utf-8") == out


def test_reads_stdin_and_github_json(project):
    body = render_issue(GOOD)
    status, _, err = from_issue_cli(project, "-", "--stdout", stdin=body)
    assert status == 0, err
    payload = json.dumps({"issue": {"number": 7, "body": body}})
    status, out, err = from_issue_cli(project, "-", "--stdout", stdin=payload)
    assert status == 0, err
    gh = project.root.parent / "gh.json"
    gh.write_text(json.dumps({"body": body}), encoding="utf-8")
    status, out2, _ = from_issue_cli(project, str(gh), "--stdout")
    assert status == 0 and out2 == out


# Refusals, field by field ----------------------------------------------------------------------


def test_bad_fields_are_reported_field_by_field_and_nothing_is_written(project):
    answers = dict(GOOD, Themes=["tvet", "space-tourism"], Sources="")
    answers["Countries of origin"] = "gh, SN"
    before = project.digest()
    status, out, err = from_issue_cli(project, str(issue_file(project, answers)))
    assert status == 1
    assert project.digest() == before
    assert out == ""
    assert "nothing was written" in err
    problems = [line for line in err.splitlines() if line.startswith("- ")]
    assert problems == [
        "- Themes: 'space-tourism' is not in content/taxonomy.yml: themes",
        "- Countries of origin: 'gh' must be upper case (write 'GH')",
        "- Sources: required, but left empty",
    ]


def test_unknown_actor_and_role(project):
    answers = dict(GOOD, Actors="Nobody Incorporated: lead\nenabel: sponsor\njust a name")
    conversion = from_issue.convert(project.root, render_issue(answers))
    assert not conversion.ok
    messages = [m for label, m in conversion.problems if label == "Actors"]
    assert any("line 1: 'Nobody Incorporated' is not an actor in the Atlas" in m for m in messages)
    assert "line 2: role 'sponsor' is not in content/taxonomy.yml: roles" in messages
    assert any(m.startswith("line 3: write `name: role`") for m in messages)


def test_checkbox_groups_need_a_tick(project):
    answers = dict(GOOD, Typologies=[], Dimensions=[])
    conversion = from_issue.convert(project.root, render_issue(answers))
    assert ("Typologies", "required: tick at least one") in conversion.problems
    assert ("Dimensions", "required: tick at least one") in conversion.problems


def test_malformed_lines_and_numbers(project):
    answers = dict(GOOD)
    answers["Sources"] = "Only a title\nA title | https://example.org/x | Publisher | 20"
    answers["Period start"] = "around 2020"
    answers["People reached"] = "1,200"
    conversion = from_issue.convert(project.root, render_issue(answers))
    assert ("Sources", "line 1: write `Title | URL | Publisher | Year`, not `Only a title`") in (
        conversion.problems
    )
    assert ("Sources", "line 2: '20' is not a four-digit year") in conversion.problems
    assert ("Period start", "'around 2020' is not a four-digit year") in conversion.problems
    assert any(label == "People reached" for label, _ in conversion.problems)


def test_checker_errors_are_named_by_form_field(project):
    """Problems only the real checker finds (lengths, URLs, ranges) carry the form's label."""
    answers = dict(GOOD, Title="Short", Summary="Too short.")
    answers["Sources"] = "A source | ftp://example.org/file"
    answers["Period end"] = "2019"
    answers["Countries of origin"] = ""
    answers["Countries of destination"] = ""
    answers["Regions"] = []
    conversion = from_issue.convert(project.root, render_issue(answers))
    labels = [label for label, _ in conversion.problems]
    assert "Summary" in labels
    assert "Sources" in labels
    assert "Period end" in labels  # before the start
    assert "Countries of origin" in labels  # neither a country nor a region
    assert "Entry" not in labels


def test_a_form_without_fields_is_refused(project):
    status, _, err = from_issue_cli(project, "-", stdin="Just some text, no form.")
    assert status == 1
    assert "no field of the 'Propose a practice' form" in err


def test_never_overwrites_an_existing_entry(project):
    issue = str(issue_file(project, GOOD))
    assert from_issue_cli(project, issue)[0] == 0
    (project.root / RELPATH).write_text("edited by hand\n", encoding="utf-8")
    status, _, err = from_issue_cli(project, issue)
    assert status == 1
    assert f"- Title: {RELPATH} already exists" in err
    assert (project.root / RELPATH).read_text(encoding="utf-8") == "edited by hand\n"


def test_write_entry_refuses_an_existing_file_even_after_a_clean_conversion(project):
    """A file appearing between the check and the write is not overwritten either."""
    conversion = from_issue.convert(project.root, render_issue(GOOD))
    assert conversion.ok
    (project.root / RELPATH).write_text("raced\n", encoding="utf-8")
    with pytest.raises(FileExistsError):
        from_issue.write_entry(project.root, conversion)
    assert (project.root / RELPATH).read_text(encoding="utf-8") == "raced\n"


def test_atlas_main_has_the_from_issue_command(project):
    """Through `atlas.cli.main`: needs `contrib_cli.add_parsers(commands)` in build_parser."""
    issue = issue_file(project, GOOD)
    run = project.run("from-issue", str(issue), "--stdout")
    assert run.status == 0, run.err
    assert run.out.startswith("---\n")


# The issue form --------------------------------------------------------------------------------


def form() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / FORM_PATH).read_text(encoding="utf-8"))


def test_the_form_is_generated_from_the_current_taxonomy():
    committed = (REPO_ROOT / FORM_PATH).read_text(encoding="utf-8")
    assert committed == render_form(TAXONOMY), (
        "the issue form is out of date with content/taxonomy.yml or atlas/from_issue.py: "
        "run `python -m atlas.from_issue --write-form`"
    )


def test_form_ids_and_labels_are_unique_and_match_the_parser():
    elements = [e for e in form()["body"] if e["type"] != "markdown"]
    ids = [e["id"] for e in elements]
    labels = [e["attributes"]["label"] for e in elements]
    assert len(ids) == len(set(ids))
    assert len(labels) == len(set(labels))
    assert labels == [spec.label for spec in FIELDS]


def test_form_options_are_the_taxonomy_ids():
    by_label = {e["attributes"]["label"]: e for e in form()["body"] if e["type"] != "markdown"}
    for spec in FIELDS:
        if not spec.vocabulary:
            continue
        options = by_label[spec.label]["attributes"]["options"]
        texts = [o["label"] if isinstance(o, dict) else o for o in options]
        assert texts == [option_text(t.id, t.label) for t in TAXONOMY.terms(spec.vocabulary)]


def tool_path(name: str) -> str | None:
    """A console script on PATH or beside this Python (the venv's bin/), or None."""
    beside = Path(sys.executable).with_name(name)
    return shutil.which(name) or (str(beside) if beside.exists() else None)


def test_form_validates_against_github_issue_forms_schema():
    tool = tool_path("check-jsonschema")
    if tool is None:
        pytest.skip("check-jsonschema is not installed (pip install check-jsonschema)")
    paths = [REPO_ROOT / FORM_PATH]
    result = subprocess.run(
        [tool, "--builtin-schema", "vendor.github-issue-forms", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = REPO_ROOT / ".github/ISSUE_TEMPLATE/config.yml"
    if config.exists():
        result = subprocess.run(
            [tool, "--builtin-schema", "vendor.github-issue-config", str(config)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
