"""The `atlas` command as contributors and CI use it: formats, exit statuses, paths, --help."""

from __future__ import annotations

import re

import pytest
from helpers import DROP, body_with

from atlas.cli import build_parser

P = "content/practices/sample.md"
OTHER = "content/practices/other.md"
TVETT = (
    f"{P}:5:16: error: 'themes[1]': 'tvett' is not one of the themes in taxonomy.yml: themes "
    "(did you mean 'tvet'?)"
)
NOBODY = (
    f"{OTHER}:10:18: error: actor 'nobody' has no file content/actors/nobody.md "
    '(run: atlas new actor "...")'
)


@pytest.fixture
def broken(project):
    """One practice with a bad theme, another naming a missing actor."""
    project.write_practice("sample", themes="[tvet, tvett]")
    project.write_practice(
        "other", title="Another sample practice", actors="[{actor: nobody, role: lead}]"
    )
    return project


def test_text_format_and_summary(broken):
    run = broken.check()
    assert run.status == 1
    assert run.lines == [NOBODY, TVETT]
    assert run.err.strip() == "7 files checked: 2 errors, 0 warnings"


def test_every_text_line_has_the_documented_shape(broken):
    broken.write_practice("third", title="Third sample practice", body="No sections.\n")
    run = broken.check()
    shape = re.compile(r"^[^:]+:\d+:\d+: (error|warning): .+$")
    assert run.lines
    assert all(shape.match(line) for line in run.lines), run.lines


def test_valid_project_exits_0_and_prints_nothing_on_stdout(project):
    run = project.check()
    assert run.status == 0
    assert run.out == ""
    assert run.err.strip() == "5 files checked: 0 errors, 0 warnings"


def test_warnings_only_exit_0(project):
    project.write_practice("sample", body=body_with(("Overview", "Skills")))
    run = project.check()
    assert run.status == 0
    assert len(run.lines) == 4
    assert all(": warning: " in line for line in run.lines)
    assert run.err.strip() == "6 files checked: 0 errors, 4 warnings"


def test_errors_exit_1_even_with_warnings(project):
    project.write_practice("sample", themes="[tvett]", body="No sections.\n")
    run = project.check()
    assert run.status == 1
    assert run.err.strip() == "6 files checked: 1 error, 6 warnings"


def test_github_format(broken):
    run = broken.check("--format", "github")
    assert run.status == 1
    pattern = re.compile(
        r"^::(error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+)"
        r"(,title=[^:]*)?::(?P<message>.*)$"
    )
    matches = [pattern.match(line) for line in run.lines]
    assert all(matches), run.lines
    found = [(m["file"], int(m["line"]), int(m["col"]), m["message"]) for m in matches]
    assert found == [
        (
            OTHER,
            10,
            18,
            "actor 'nobody' has no file content/actors/nobody.md (run: atlas new actor \"...\")",
        ),
        (
            P,
            5,
            16,
            "'themes[1]': 'tvett' is not one of the themes in taxonomy.yml: themes "
            "(did you mean 'tvet'?)",
        ),
    ]
    assert run.lines[1].startswith(f"::error file={P},line=5,col=16")


def test_github_format_warning(project):
    project.write_practice("sample", body=body_with(SECTIONS_BUT_RESULTS))
    run = project.check("--format", "github")
    assert run.status == 0
    assert run.lines == [
        f"::warning file={P},line=19,col=1,title=atlas check::the body has no '## Results' "
        "section (recommended sections: Overview, Skills, Mobility, Partnership, Results, "
        "Lessons and replicability)"
    ]


SECTIONS_BUT_RESULTS = (
    "Overview",
    "Skills",
    "Mobility",
    "Partnership",
    "Lessons and replicability",
)


def test_github_format_escapes_newlines_and_percent(project):
    # A value with a percent sign shows up in the message; it must be escaped as %25.
    project.write_practice("sample", status='"100%"')
    run = project.check("--format", "github")
    assert run.status == 1
    [line] = run.lines
    assert "100%25" in line
    assert "100%'" not in line


def test_json_format(broken):
    run = broken.check("--format", "json")
    assert run.status == 1
    data = run.json()
    assert isinstance(data, list)
    assert [
        {key: item[key] for key in ("path", "line", "column", "severity", "message", "hint")}
        for item in data
    ] == [
        {
            "path": OTHER,
            "line": 10,
            "column": 18,
            "severity": "error",
            "message": "actor 'nobody' has no file content/actors/nobody.md",
            "hint": 'run: atlas new actor "..."',
        },
        {
            "path": P,
            "line": 5,
            "column": 16,
            "severity": "error",
            "message": "'themes[1]': 'tvett' is not one of the themes in taxonomy.yml: themes",
            "hint": "did you mean 'tvet'?",
        },
    ]


def test_json_format_when_valid_is_an_empty_list(project):
    run = project.check("--format", "json")
    assert run.status == 0
    assert run.json() == []


def test_json_format_keeps_stdout_pure_json(project):
    project.write_practice("sample", body="No sections.\n")
    run = project.check("--format", "json")
    assert run.status == 0
    data = run.json()  # nothing but JSON on stdout
    assert {item["severity"] for item in data} == {"warning"}


# Paths -------------------------------------------------------------------------------------


def test_path_reports_only_that_file(broken):
    run = broken.check(OTHER)
    assert run.status == 1
    assert run.lines == [NOBODY]


def test_path_still_applies_cross_file_rules(project):
    # `related` and actors are checked against all entries, even when only one file is named.
    project.write_practice("sample", related="[ict-talent]", actors="[{actor: afford, role: lead}]")
    run = project.check(P)
    assert (run.status, run.lines) == (0, [])
    project.write_practice("sample", related="[ict-talen]")
    run = project.check(P)
    assert run.status == 1
    assert run.lines == [
        f"{P}:18:11: error: related practice 'ict-talen' does not exist "
        "(did you mean 'ict-talent'?)"
    ]


def test_path_to_a_valid_file_exits_0_despite_errors_elsewhere(broken):
    run = broken.check("content/practices/ict-talent.md")
    assert (run.status, run.lines) == (0, [])


def test_path_to_a_folder(broken):
    run = broken.check("content/actors")
    assert (run.status, run.lines) == (0, [])
    run = broken.check("content/practices/")
    assert run.status == 1
    assert run.lines == [NOBODY, TVETT]


def test_alias_claimed_twice_is_reported_on_the_named_file(project):
    project.write_practice("sample", aliases="[old-sample]")
    project.write_practice("second", title="Second sample practice", aliases="[old-sample]")
    run = project.check("content/practices/second.md")
    assert run.status == 1
    assert run.lines == [
        "content/practices/second.md:18:11: error: alias 'old-sample' is already claimed by "
        "'sample' (an old URL can redirect to one entry only)"
    ]


def test_path_relative_to_a_subfolder(broken):
    run = broken.check("other.md", cwd=broken.root / "content" / "practices")
    assert run.status == 1
    assert run.lines == [NOBODY]


def test_missing_path_is_an_error(project):
    run = project.check("content/practices/nothing.md")
    assert run.status == 1
    assert run.lines == ["content/practices/nothing.md:1:1: error: no such file"]


# Project discovery -------------------------------------------------------------------------


def test_run_from_a_subfolder_finds_the_project_root(broken):
    run = broken.check(cwd=broken.root / "content" / "practices")
    assert run.status == 1
    assert run.lines == [NOBODY, TVETT]


def test_outside_any_project_exits_2_with_a_clear_message(project, tmp_path):
    elsewhere = tmp_path / "not-a-project" / "deeper"
    elsewhere.mkdir(parents=True)
    run = project.check(cwd=elsewhere)
    assert run.status == 2
    assert run.out == ""
    assert run.err.strip().startswith("error: no Atlas project here:")
    assert "mkdocs.yml and content/" in run.err


def test_a_folder_with_mkdocs_yml_but_no_content_is_not_a_project(project, tmp_path):
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    (lonely / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    run = project.check(cwd=lonely)
    assert run.status == 2


# Read-only ---------------------------------------------------------------------------------


def test_check_never_modifies_any_file(broken):
    broken.write("content/practices/crlf.md", b"\xef\xbb\xbf---\r\ntitle: x\r\n---\r\n")
    broken.write("content/practices/notes.txt", "notes")
    broken.write_practice("warned", title="A warned practice", body="No sections.\n")
    before = broken.digest()
    for args in ((), ("--format", "json"), ("--format", "github"), (P,)):
        broken.check(*args)
    assert broken.digest() == before


def test_check_creates_no_files(project):
    before = set(project.digest())
    project.check()
    assert set(project.digest()) == before


# Help --------------------------------------------------------------------------------------


def subcommands() -> list[str]:
    parser = build_parser()
    for action in parser._actions:  # argparse keeps subcommands in a private action
        if action.choices and isinstance(action.choices, dict):
            return sorted(action.choices)
    return []


def test_help(project):
    run = project.run("--help")
    assert run.status == 0
    assert run.out.startswith("usage: atlas")
    for name in ("check", "new"):
        assert name in run.out


@pytest.mark.parametrize("command", subcommands())
def test_help_on_every_subcommand(project, command):
    run = project.run(command, "--help")
    assert run.status == 0
    assert run.out.startswith(f"usage: atlas {command}")


def test_check_help_names_the_formats(project):
    run = project.run("check", "--help")
    assert "--format" in run.out
    for fmt in ("text", "github", "json"):
        assert fmt in run.out


def test_unknown_format_is_a_usage_error(project):
    run = project.check("--format", "xml")
    assert run.status == 2
    assert "invalid choice" in run.err


def test_dropped_key_summary_counts(project):
    project.write_practice("sample", title=DROP, summary=DROP)
    run = project.check()
    assert run.status == 1
    assert run.err.strip() == "6 files checked: 2 errors, 0 warnings"


# The console command --------------------------------------------------------------------------


def test_the_console_command_runs_through_run():
    """`pip install` makes `atlas` call `atlas.cli:run`, which exits with main()'s status."""
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    assert pyproject["project"]["scripts"]["atlas"] == "atlas.cli:run"


def test_run_exits_with_mains_status_after_freezing_the_collector(monkeypatch):
    """A finished command's objects are frozen so that Python's exit does not walk them again."""
    from atlas import cli

    calls: list[str] = []
    monkeypatch.setattr(cli, "main", lambda: calls.append("main") or 1)
    monkeypatch.setattr(cli.gc, "freeze", lambda: calls.append("freeze"))
    with pytest.raises(SystemExit) as exit_:
        cli.run()
    assert exit_.value.code == 1
    assert calls == ["main", "freeze"]


def test_python_m_atlas_cli_reports_and_exits_1_on_errors(broken):
    """The command as a process (`python -m atlas.cli`, as CI and the benchmark run it)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-P", "-m", "atlas.cli", "check"],
        cwd=broken.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert TVETT in done.stdout
