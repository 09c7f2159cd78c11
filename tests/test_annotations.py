"""`atlas check --format github`: GitHub Actions workflow commands, one per problem.

GitHub parses `::error file=...,line=...,col=...,title=...::message`. In the message, `%`, CR and
LF must be escaped (`%25`, `%0D`, `%0A`); in the properties, also `:` (`%3A`) and `,` (`%2C`),
or a comma in a path would end the property early. These are the rules of GitHub's
`@actions/core` (`escapeData`, `escapeProperty`).
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from atlas.problems import Problem, Severity, format_problems

COMMAND_RE = re.compile(r"^::(error|warning) (?P<props>[^:]*)::(?P<data>.*)$")


def unescape(text: str) -> str:
    """What GitHub reads back from an escaped value."""
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def parse(command: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND_RE.match(command)
    assert match, command
    props = dict(part.split("=", 1) for part in match.group("props").split(","))
    return match.group(1), {k: unescape(v) for k, v in props.items()}, unescape(match["data"])


def test_error_with_field_commas_colons_and_newlines():
    problem = Problem(
        "content/practices/a,b:c.md",
        3,
        5,
        Severity.ERROR,
        "'countries.origin[0]': 'gh' must be upper case, see: below\nsecond line 100%",
        "write 'GH'",
        "countries.origin[0]",
    )
    assert problem.github() == (
        "::error file=content/practices/a%2Cb%3Ac.md,line=3,col=5,"
        "title=atlas check%3A countries.origin[0]::"
        "'countries.origin[0]': 'gh' must be upper case, see: below%0Asecond line 100%25"
        " (write 'GH')"
    )


def test_warning_without_field_or_hint():
    problem = Problem(
        "content/practices/sample.md", 19, 1, Severity.WARNING, "the body has no '## Results'"
    )
    assert problem.github() == (
        "::warning file=content/practices/sample.md,line=19,col=1,title=atlas check::"
        "the body has no '## Results'"
    )


def test_carriage_returns_are_escaped():
    problem = Problem("x.md", 1, 1, Severity.ERROR, "a\r\nb", "c\rd")
    assert problem.github().endswith("::a%0D%0Ab (c%0Dd)")
    assert "\r" not in problem.github() and "\n" not in problem.github()


def test_one_command_per_problem():
    problems = [
        Problem("a.md", 1, 1, Severity.ERROR, "one"),
        Problem("b.md", 2, 3, Severity.WARNING, "two"),
    ]
    lines = format_problems(problems, "github").split("\n")
    assert [line.split(" ", 1)[0] for line in lines] == ["::error", "::warning"]


@given(
    path=st.text(min_size=1, max_size=40),
    message=st.text(min_size=1, max_size=80),
    hint=st.text(max_size=40),
    field=st.text(max_size=20),
    error=st.booleans(),
)
def test_round_trip_through_github_parsing(path, message, hint, field, error):
    """Whatever the text, GitHub reads back exactly the path, title and message we meant."""
    problem = Problem(
        path, 7, 2, Severity.ERROR if error else Severity.WARNING, message, hint, field
    )
    command = problem.github()
    assert "\n" not in command and "\r" not in command
    level, props, data = parse(command)
    assert level == ("error" if error else "warning")
    assert props["file"] == path
    assert props["line"] == "7" and props["col"] == "2"
    assert props["title"] == (f"atlas check: {field}" if field else "atlas check")
    assert data == message + (f" ({hint})" if hint else "")


def test_atlas_check_prints_annotations_at_the_line(project):
    """End to end: a wrong status in a practice becomes an ::error at the status line (8)."""
    project.write_practice("sample", status="on-going")
    run = project.check("--format", "github")
    assert run.status == 1
    commands = [line for line in run.lines if "sample.md" in line]
    assert len(commands) == 1
    level, props, data = parse(commands[0])
    assert level == "error"
    assert props == {
        "file": "content/practices/sample.md",
        "line": "8",
        "col": "9",
        "title": "atlas check: status",
    }
    assert "'on-going'" in data
