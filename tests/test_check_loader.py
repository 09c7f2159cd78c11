"""Reading entry files: bytes, front-matter and YAML, as `atlas check` reports them.

The layout of the written entries is described in `helpers.py` (title on line 2, summary 3, ...,
last_reviewed 17, extra keys from 18).
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from helpers import DROP, practice_text

from atlas.frontmatter import MAX_BYTES, parse_entry
from atlas.yamlread import YamlProblem, read_yaml

P = "content/practices/sample.md"


def file_lines(project, content: str | bytes) -> tuple[int, list[str]]:
    project.write(P, content)
    run = project.check()
    return run.status, run.lines_for(P)


# YAML 1.2 scalars --------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["NO", "No", "no", "yes", "Yes", "on", "off", "y", "n", "Off"])
def test_yaml_1_1_booleans_stay_strings(word):
    assert read_yaml(f"value: {word}").data == {"value": word}


@pytest.mark.parametrize(("text", "value"), [("true", True), ("false", False), ("True", True)])
def test_only_true_and_false_are_booleans(text, value):
    assert read_yaml(f"value: {text}").data == {"value": value}


def test_dates_stay_strings():
    assert read_yaml("last_reviewed: 2026-01-15").data == {"last_reviewed": "2026-01-15"}


def test_quoted_numbers_stay_strings():
    assert read_yaml('a: "18"\nb: 18\nc: 1.5\nd: ~').data == {
        "a": "18",
        "b": 18,
        "c": 1.5,
        "d": None,
    }


def test_norway_in_a_practice_is_a_valid_country(project):
    project.write_practice("sample", countries="{origin: [NO, SE], destination: [DK]}")
    run = project.check()
    assert run.status == 0
    assert project.load().catalogue.practices["sample"].countries() == ["NO", "SE", "DK"]


# YAML that the content model refuses -------------------------------------------------------


def test_duplicate_top_level_key_names_the_first_line(project):
    status, lines = file_lines(project, practice_text(status="ongoing\nstatus: pilot"))
    assert status == 1
    assert lines == [
        f"{P}:9:1: error: duplicate key 'status' (it is already set on line 8; keep one)"
    ]


def test_duplicate_nested_key(project):
    status, lines = file_lines(project, practice_text(period="{start: 2019, start: 2020}"))
    assert status == 1
    assert lines == [
        f"{P}:15:23: error: duplicate key 'start' (it is already set on line 15; keep one)"
    ]


def test_anchor_is_refused(project):
    status, lines = file_lines(project, practice_text(themes="&t [tvet]"))
    assert status == 1
    assert lines == [f"{P}:5:9: error: YAML anchors (&t) are not allowed (remove the anchor)"]


def test_alias_is_refused(project):
    status, lines = file_lines(project, practice_text(sectors="*t"))
    assert status == 1
    assert lines == [
        f"{P}:13:10: error: YAML aliases (*name) are not allowed (write the value out in full)"
    ]


def test_python_object_tag_is_refused(project):
    status, lines = file_lines(project, practice_text(title="!!python/object:os.system ls"))
    assert status == 1
    assert lines == [
        f"{P}:2:8: error: YAML tags (tag:yaml.org,2002:python/object:os.system) are not allowed "
        "(remove the tag)"
    ]


@pytest.mark.parametrize(
    "value",
    ["!!str Some title here", "!local Some title here", "!!binary aGVsbG8=", "!!set {a, b}"],
)
def test_every_explicit_tag_is_refused(project, value):
    status, lines = file_lines(project, practice_text(title=value))
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{P}:2:8: error: YAML tags (")
    assert lines[0].endswith(") are not allowed (remove the tag)")


def test_a_mapping_as_a_key_is_refused(project):
    status, lines = file_lines(project, practice_text(extra="{? [a, b] : c}"))
    assert status == 1
    assert lines == [f"{P}:18:11: error: a key must be a plain word, not a list or mapping"]


def test_tab_at_the_start_of_a_key_line(project):
    status, lines = file_lines(
        project,
        practice_text(evidence="documented").replace(
            "evidence: documented", "\tevidence: documented"
        ),
    )
    assert status == 1
    assert lines == [
        f"{P}:9:1: error: YAML syntax error: found a tab character that violates indentation "
        "(use spaces, not tabs, to indent)"
    ]


def test_tab_indenting_a_nested_key_gets_the_tab_hint(project):
    # BUG (yamlread.read_yaml): libyaml words this "found character that cannot start any
    # token" (no '\t' in the text), so the tab hint is not given for the commonest tab mistake.
    status, lines = file_lines(project, practice_text(period="\n\tstart: 2019"))
    assert status == 1
    assert lines == [
        f"{P}:16:1: error: YAML syntax error: found character that cannot start any token "
        "(use spaces, not tabs, to indent)"
    ]


def test_syntax_error_unclosed_list(project):
    status, lines = file_lines(project, practice_text(title="[unclosed"))
    assert status == 1
    assert lines == [f"{P}:3:8: error: YAML syntax error: did not find expected ',' or ']'"]


def test_syntax_error_colon_in_a_value(project):
    status, lines = file_lines(project, practice_text(title="Ghana: skills for jobs"))
    assert status == 1
    assert lines == [
        f"{P}:2:13: error: YAML syntax error: mapping values are not allowed in this context "
        "(put the value in quotes if it contains ': ')"
    ]


def test_a_quoted_colon_is_fine(project):
    status, lines = file_lines(project, practice_text(title='"Ghana: skills for jobs"'))
    assert (status, lines) == (0, [])


def test_more_than_one_yaml_document(project):
    text = practice_text(last_reviewed="2026-01-15\n--- {another: document}")
    status, lines = file_lines(project, text)
    assert status == 1
    assert lines == [f"{P}:18:1: error: more than one YAML document (remove the extra '---' line)"]


def test_more_than_one_yaml_document_after_an_end_marker(project):
    text = practice_text(last_reviewed="2026-01-15\n...\n--- {another: document}")
    status, lines = file_lines(project, text)
    assert status == 1
    assert lines == [f"{P}:19:1: error: more than one YAML document (remove the extra '---' line)"]


def test_deeply_nested_yaml(project):
    depth = 100
    status, lines = file_lines(project, practice_text(extra="[" * depth + "]" * depth))
    assert status == 1
    # "extra: " is 7 characters; the 33rd '[' (nesting level 33) is in column 40.
    assert lines == [f"{P}:18:40: error: nesting deeper than 32 levels"]


def test_very_deeply_nested_yaml_is_fast_and_located(project):
    # libyaml scans ahead and stops first, at its own limit of 1000 levels: either message
    # is fine as long as it is one located error, found fast.
    depth = 50_000
    started = time.perf_counter()
    status, lines = file_lines(project, practice_text(extra="[" * depth + "]" * depth))
    assert time.perf_counter() - started < 1.0
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{P}:18:")
    assert "nesting" in lines[0]


def test_deeply_nested_block_mappings(project):
    nested = "".join(f"\n{'  ' * (level + 1)}k{level}:" for level in range(40)) + " end"
    status, lines = file_lines(project, practice_text(extra=nested))
    assert status == 1
    assert len(lines) == 1
    # Level 33 is the value of k31, on the line of k32 (file line 18 + 33), indented 66 spaces.
    assert lines[0] == f"{P}:51:67: error: nesting deeper than 32 levels"


BILLION_LAUGHS = """---
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
---
"""


def test_billion_laughs_fails_fast(project):
    project.write(P, BILLION_LAUGHS)
    started = time.perf_counter()
    run = project.check()
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    assert run.status == 1
    assert run.lines_for(P) == [
        f"{P}:2:4: error: YAML anchors (&a) are not allowed (remove the anchor)"
    ]


def test_billion_laughs_through_the_parser_fails_fast():
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as caught:
        parse_entry(None, BILLION_LAUGHS.encode())  # type: ignore[arg-type]
    assert time.perf_counter() - started < 1.0
    assert (caught.value.line, caught.value.column) == (2, 4)


def test_a_large_front_matter_is_read_in_linear_time():
    # BUG (yamlread.locate): each event's line is found with text.count("\n", 0, index) from
    # the start of the text, so reading is quadratic in the front-matter's size: this 480 KB
    # file (under the 512 KiB limit) takes 14 s; with a table of line starts and bisect, 0.5 s.
    items = "".join("- 1\n" for _ in range(120_000))
    data = ("---\nx:\n" + items + "---\n").encode()
    assert len(data) < MAX_BYTES
    started = time.perf_counter()
    entry = parse_entry(Path("large.md"), data)
    assert time.perf_counter() - started < 2.0
    assert len(entry.meta.data["x"]) == 120_000
    assert entry.meta.values[("x", 119_999)] == (120_002, 3)


def test_aliases_without_anchors_fail_fast():
    text = "---\n" + "x: [" + ", ".join(["*a"] * 10_000) + "]\n---\n"
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as caught:
        parse_entry(None, text.encode())  # type: ignore[arg-type]
    assert time.perf_counter() - started < 1.0
    assert caught.value.message == "YAML aliases (*name) are not allowed"
    assert (caught.value.line, caught.value.column) == (2, 5)


# Front-matter and bytes --------------------------------------------------------------------


def test_no_front_matter(project):
    status, lines = file_lines(project, "title: A practice\n\n## Overview\n")
    assert status == 1
    assert lines == [
        f"{P}:1:1: error: no front-matter: the first line must be '---' "
        "(start the file with a '---' line, the YAML keys, then another '---' line)"
    ]


def test_unclosed_front_matter(project):
    status, lines = file_lines(project, "---\ntitle: A practice\nsummary: More.\n")
    assert status == 1
    assert lines == [
        f"{P}:1:1: error: front-matter is not closed "
        "(add a line '---' after the last front-matter key)"
    ]


@pytest.mark.parametrize("content", ["", "\n\n   \n", b"\xef\xbb\xbf"])
def test_empty_file(project, content):
    status, lines = file_lines(project, content)
    assert status == 1
    assert lines == [
        f"{P}:1:1: error: file is empty (start with a front-matter block between '---' lines)"
    ]


def test_empty_front_matter(project):
    status, lines = file_lines(project, "---\n---\n\n## Overview\n")
    assert status == 1
    assert lines == [
        f"{P}:2:1: error: front-matter is empty (add the required keys (see atlas new))"
    ]


def test_front_matter_that_is_a_list(project):
    status, lines = file_lines(project, "---\n- title\n- summary\n---\n")
    assert status == 1
    assert lines == [
        f"{P}:2:1: error: front-matter must be a mapping of keys to values "
        "(write one 'key: value' per line)"
    ]


def test_not_utf8(project):
    data = practice_text(title="Sénégal: jeunes et agriculture").encode("latin-1")
    status, lines = file_lines(project, data)
    assert status == 1
    # "title: S" is 8 bytes; the latin-1 'é' is the 9th.
    assert lines == [f"{P}:2:9: error: file is not valid UTF-8 (save the file with UTF-8 encoding)"]


def test_not_utf8_column_counts_characters_not_bytes(project):
    # BUG (frontmatter.decode): the column counts bytes, so each UTF-8 accent before the bad
    # byte moves it one column right: "title: Sénégal " is 15 characters but 17 bytes.
    text = practice_text(title="Sénégal PLACEHOLDER")
    data = text.encode("utf-8").replace(b"PLACEHOLDER", "égal".encode("latin-1"))
    status, lines = file_lines(project, data)
    assert status == 1
    assert lines == [
        f"{P}:2:16: error: file is not valid UTF-8 (save the file with UTF-8 encoding)"
    ]


def test_nul_byte(project):
    status, lines = file_lines(project, practice_text(title="A title\x00with a NUL"))
    assert status == 1
    assert lines == [f"{P}:1:1: error: file contains a NUL byte (save it as plain UTF-8 text)"]


def test_control_character_is_one_located_line(project):
    # BUG (yamlread.read_yaml): a ReaderError is reported at column 1 with a two-line message
    # ('...not allowed\n  in "<unicode string>", position 8'), which breaks the one-problem-
    # a-line output. It carries the position, so it can be located at 2:9.
    project.write(P, practice_text(title="A title\x07 with a bell"))
    run = project.check()
    assert run.status == 1
    assert len(run.out.strip().splitlines()) == 1
    assert run.lines_for(P)[0].startswith(f"{P}:2:")
    assert run.lines_for(P)[0].startswith(f"{P}:2:15: error: ")
    assert "control characters are not allowed" in run.lines_for(P)[0]


def test_bom_and_crlf_are_accepted(project):
    data = b"\xef\xbb\xbf" + practice_text().replace("\n", "\r\n").encode("utf-8")
    status, lines = file_lines(project, data)
    assert (status, lines) == (0, [])


def test_bom_and_crlf_keep_positions(project):
    text = practice_text(themes="[tvet, tvett]")
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    status, lines = file_lines(project, data)
    assert status == 1
    assert lines == [
        f"{P}:5:16: error: 'themes[1]': 'tvett' is not one of the themes in taxonomy.yml: themes "
        "(did you mean 'tvet'?)"
    ]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_do_not_shift_locations(project, separator):
    # BUG (yamlread): libyaml counts U+2028, U+2029 and NEL (U+0085) as line breaks, but the
    # file's lines (and editors) do not, so every problem after one (text pasted from a PDF or
    # a word processor often carries U+2028) is reported a line too low: 6:16 instead of 5:16.
    text = practice_text(title=f'"Ghana{separator}skills programme"', themes="[tvet, tvett]")
    status, lines = file_lines(project, text)
    assert status == 1
    assert lines == [
        f"{P}:5:16: error: 'themes[1]': 'tvett' is not one of the themes in taxonomy.yml: themes "
        "(did you mean 'tvet'?)"
    ]


def test_old_mac_line_endings_are_accepted(project):
    status, lines = file_lines(project, practice_text().replace("\n", "\r").encode())
    assert (status, lines) == (0, [])


def test_file_over_the_size_limit(project):
    body = "## Overview\n\n" + ("word " * 20 + "\n") * (MAX_BYTES // 100 + 10)
    data = practice_text(body=body).encode()
    assert len(data) > MAX_BYTES
    status, lines = file_lines(project, data)
    assert status == 1
    assert lines == [f"{P}:1:1: error: file is larger than 512 KiB (split or shorten the entry)"]


def test_file_just_under_the_size_limit_is_read(project):
    text = practice_text()
    padding = MAX_BYTES - len(text.encode()) - 1
    data = (text + "x" * padding + "\n").encode()
    assert len(data) == MAX_BYTES
    status, lines = file_lines(project, data)
    assert (status, lines) == (0, [])


# Robustness: wrong shapes never crash the checker ------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"actors": "5"},
            f"{P}:10:9: error: 'actors' must be a list (write [5] or one '- item' a line)",
            id="actors-number",
        ),
        pytest.param(
            {"actors": "true"},
            f"{P}:10:9: error: 'actors' must be a list, not true/false",
            id="actors-boolean",
        ),
        pytest.param(
            {"related": "5"},
            f"{P}:18:10: error: 'related' must be a list (write [5] or one '- item' a line)",
            id="related-number",
        ),
        pytest.param(
            {"related": "1.5"},
            f"{P}:18:10: error: 'related' must be a list, not a number",
            id="related-float",
        ),
        pytest.param(
            {"aliases": "5"},
            f"{P}:18:10: error: 'aliases' must be a list (write [5] or one '- item' a line)",
            id="aliases-number",
        ),
    ],
)
def test_scalars_where_lists_of_references_are_expected(project, overrides, expected):
    # BUG (rules.check_actor_listed_once, check_actors_exist, check_not_related_to_itself,
    # check_related_exist, check_aliases_unique): they iterate `meta.get(key) or []` without
    # checking it is a list, so `actors: 5` (or related/aliases) raises TypeError out of
    # catalogue.load and `atlas check` crashes with a traceback.
    project.write_practice("sample", **overrides)
    run = project.check()
    assert run.status == 1
    assert run.lines_for(P) == [expected]


def test_actor_aliases_as_a_number_do_not_crash(project):
    project.write_actor("sample-actor", aliases="7")
    run = project.check()
    assert run.status == 1
    assert run.lines_for("content/actors/sample-actor.md") == [
        "content/actors/sample-actor.md:9:10: error: 'aliases' must be a list "
        "(write [7] or one '- item' a line)"
    ]


def test_huge_integer_does_not_crash(project):
    # BUG (yamlread.resolve_plain): int() of more than 4300 digits raises ValueError
    # (Python's int_max_str_digits), which escapes parse_entry and crashes `atlas check`.
    status, lines = file_lines(project, practice_text(title="1" * 5000))
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{P}:2:8: error: 'title' ")


def test_huge_integer_through_the_parser_raises_only_yaml_problem():
    text = "---\ntitle: " + "9" * 5000 + "\n---\n"
    with contextlib.suppress(YamlProblem):
        parse_entry(None, text.encode())  # type: ignore[arg-type]


# The load API ------------------------------------------------------------------------------


def test_load_returns_valid_entries_and_sorted_problems(project):
    project.write_practice("sample", themes="[tvett]")
    project.write_practice("zeta", title="Last practice", last_reviewed="2026-02-30")
    project.write("content/actors/notes.txt", "x")
    result = project.load()
    assert not result.ok
    assert result.files == 1 + 2 + 5  # taxonomy, actors incl. notes.txt, practices
    assert [(p.path, p.line, p.column, str(p.severity)) for p in result.problems] == [
        ("content/actors/notes.txt", 1, 1, "warning"),
        (P, 5, 10, "error"),
        ("content/practices/zeta.md", 17, 16, "error"),
    ]
    assert set(result.catalogue.practices) == {"tvet-exchange", "ict-talent"}


def test_load_of_a_valid_project_is_ok(project):
    result = project.load()
    assert result.ok
    assert result.problems == []
    practice = result.catalogue.practices["ict-talent"]
    assert practice.meta["last_reviewed"] == "2026-01-15"
    assert practice.meta["gcm_objectives"] == [5, 18]
    assert practice.body_line == 22  # three extra keys on lines 18-20, '---' on 21


def test_missing_folders_are_errors(project):
    for path in (project.root / "content/actors").iterdir():
        path.unlink()
    (project.root / "content/actors").rmdir()
    result = project.load()
    assert [p.text() for p in result.problems if p.path == "content/actors"] == [
        "content/actors:1:1: error: folder content/actors/ is missing"
    ]


def test_dotfiles_and_folders_are_ignored(project):
    project.write("content/practices/.draft.md", "not an entry")
    project.write("content/practices/drafts/x.md", "not an entry either")
    run = project.check()
    assert (run.status, run.lines) == (0, [])


def test_entries_with_a_dropped_optional_key(project):
    project.write_practice("sample", mobility=DROP, sectors=DROP, target_groups=DROP, period=DROP)
    run = project.check()
    assert (run.status, run.lines) == (0, [])


def test_a_generated_corpus_is_valid(tmp_path, monkeypatch):
    import importlib.util

    from helpers import PINNED_EPOCH, REPO_ROOT

    from atlas import catalogue

    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    spec = importlib.util.spec_from_file_location(
        "generate_corpus", REPO_ROOT / "scripts" / "generate_corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    root = tmp_path / "corpus"
    module.generate(60, root, seed=3)
    result = catalogue.load(root)
    assert [p.text() for p in result.problems] == []
    assert len(result.catalogue.practices) == 60
    assert len(result.catalogue.actors) == 15
    again = tmp_path / "again"
    module.generate(60, again, seed=3)
    for path in sorted((root / "content").rglob("*.md")):
        assert path.read_bytes() == (again / path.relative_to(root)).read_bytes()
