"""Property-based tests: whatever a contributor writes, the checker reports it and never crashes.

- any bytes through `parse_entry` give an entry or a located `YamlProblem`, nothing else;
- any YAML document as front-matter (nested mappings, lists and scalars, dumped by PyYAML)
  goes through `catalogue.load` without an exception, and every problem has a line and a
  column of at least 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import DEFAULT_BODY, PRACTICE_DEFAULTS, make_content_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlas.frontmatter import parse_entry
from atlas.model import ACTOR_FIELDS
from atlas.yamlread import YamlProblem, resolve_plain

FUZZ = settings(
    max_examples=200,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Bytes -------------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        b"---\n",
        b"\n",
        b"\r\n",
        b"\r",
        b"\xef\xbb\xbf",
        b": ",
        b"- ",
        b"[",
        b"]",
        b"{",
        b"}",
        b"&a ",
        b"*a",
        b"!!python/object ",
        b"\t",
        b"title: x\n",
        b"'",
        b'"',
        b"#",
        b"...\n",
        b"\x00",
        b"\x07",
        b"\xc3\xa9",
        b"\xe9",
        b"\xff",
        b"? ",
        b"|\n  ",
        b">-\n  ",
        b"%YAML 1.1\n",
        b"  ",
        b"NO",
        b"2026-02-30",
        b"1" * 20,
        b"0x1F",
        b".inf",
        b"~",
    ]
)
RANDOM_BYTES = st.one_of(
    st.binary(max_size=600),
    st.lists(st.one_of(FRAGMENTS, st.binary(max_size=8)), max_size=60).map(b"".join),
    st.builds(
        lambda a, b: b"---\n" + a + b"\n---\n" + b, st.binary(max_size=300), st.binary(max_size=50)
    ),
    st.text(max_size=300).map(lambda t: ("---\n" + t + "\n---\n").encode("utf-8", "surrogatepass")),
)


@FUZZ
@given(data=RANDOM_BYTES)
def test_random_bytes_raise_only_located_yaml_problems(data):
    try:
        entry = parse_entry(Path("fuzz.md"), data)
    except YamlProblem as problem:
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.message
    else:
        assert isinstance(entry.meta.data, dict)
        assert entry.body_line >= 3


# YAML documents ----------------------------------------------------------------------------

NESTED_KEYS = [
    "actor",
    "role",
    "origin",
    "destination",
    "transit",
    "start",
    "end",
    "title",
    "url",
    "publisher",
    "year",
    "planned",
    "reached",
    "women_share",
    "amount",
    "currency",
    "note",
]
KEYS = st.one_of(
    st.sampled_from(
        [
            *PRACTICE_DEFAULTS,
            "related",
            "aliases",
            "gcm_objectives",
            "skill_levels",
            "beneficiaries",
            "funding",
            "see_also",
            *(f.name for f in ACTOR_FIELDS.fields),
            *NESTED_KEYS,
        ]
    ),
    st.text(max_size=12),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.sampled_from(
        [
            "tvet",
            "youth",
            "GH",
            "gh",
            "NO",
            "XX",
            "enabel",
            "sample",
            "ict-talent",
            "lead",
            "ongoing",
            "2026-01-15",
            "2026-02-30",
            "yes",
            "on",
            "EUR",
            "https://example.org/",
            "javascript:alert(1)",
            "Replace this: x",
            "18",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=25,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, max_size=14)


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory):
    return make_content_project(tmp_path_factory.mktemp("fuzz") / "project")


def _load_fuzz(project, document, flow, unicode, body):
    from atlas import catalogue

    dumped = yaml.safe_dump(
        document, default_flow_style=flow, allow_unicode=unicode, sort_keys=False
    )
    text = "---\n" + dumped + "---\n\n" + body
    project.write("content/practices/fuzz.md", text)
    project.write("content/actors/fuzz.md", text)
    return catalogue.load(project.root)


FUZZ_ARGS = {
    "document": DOCUMENTS,
    "flow": st.sampled_from([None, True, False]),
    "unicode": st.booleans(),
    "body": st.sampled_from(["", DEFAULT_BODY, "## Results\n"]),
}


@FUZZ
@given(**FUZZ_ARGS)
def test_random_yaml_documents_never_crash_the_checker(fuzz_project, document, flow, unicode, body):
    result = _load_fuzz(fuzz_project, document, flow, unicode, body)
    for problem in result.problems:
        assert problem.line >= 1, problem
        assert problem.column >= 1, problem
        assert problem.message, problem
    assert {"tvet-exchange", "ict-talent"} <= set(result.catalogue.practices)


@FUZZ
@given(**FUZZ_ARGS)
def test_every_problem_prints_on_one_line(fuzz_project, document, flow, unicode, body):
    """`path:line:column: severity: message (hint)` is one line, whatever a key or value holds."""
    try:
        result = _load_fuzz(fuzz_project, document, flow, unicode, body)
    except Exception:  # crashes are the business of the test above
        return
    for problem in result.problems:
        assert "\n" not in problem.text(), problem


@FUZZ
@given(document=DOCUMENTS)
def test_random_yaml_documents_read_like_pyyaml_where_yaml_1_2_agrees(document):
    """Where YAML 1.1 and 1.2 agree, the located reader returns what PyYAML's loader returns."""
    from atlas.yamlread import read_yaml

    dumped = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    expected = yaml.load(dumped, Loader=yaml.SafeLoader)
    try:
        located = read_yaml(dumped)
    except YamlProblem:
        return  # e.g. nesting deeper than the reader allows
    assert _same(located.data, expected)


def _same(ours, theirs) -> bool:
    """Equal, allowing the differences YAML 1.2 makes on purpose.

    PyYAML dumps unquoted the strings that YAML 1.1 reads as text but YAML 1.2 reads as numbers
    (`0E0`, `1e3`, `0o17`); the located reader follows YAML 1.2 there.
    """
    if isinstance(theirs, float) and theirs != theirs:
        return isinstance(ours, float) and ours != ours
    if isinstance(theirs, dict):
        return (
            isinstance(ours, dict)
            and list(ours) == list(theirs)
            and all(_same(ours[key], value) for key, value in theirs.items())
        )
    if isinstance(theirs, list):
        return (
            isinstance(ours, list)
            and len(ours) == len(theirs)
            and all(_same(a, b) for a, b in zip(ours, theirs, strict=True))
        )
    if isinstance(theirs, str) and not isinstance(ours, str):
        return _same(ours, resolve_plain(theirs)) and resolve_plain(theirs) != theirs
    return ours == theirs or (type(ours) is type(theirs) is float and abs(ours - theirs) < 1e-9)


# The quick reading and the located one --------------------------------------------------------

YAML_PIECES = st.sampled_from(
    [
        "title: x\n",
        "key: ",
        "- ",
        "? ",
        ": ",
        "[",
        "]",
        "{",
        "}",
        ", ",
        "\n",
        "  ",
        "&a ",
        "*a",
        "!!str ",
        "! ",
        "!x ",
        "'q'",
        '"d\\x41"',
        "# note\n",
        "---\n",
        "...\n",
        "%YAML 1.2\n---\n",
        "|\n  block\n",
        "NO",
        "1e3",
        "0x1F",
        ".nan",
        "~",
        "null",
        "true",
        "\t",
        "\u2028",
        "é",
    ]
)
YAML_TEXTS = st.one_of(
    st.lists(st.one_of(YAML_PIECES, st.text(max_size=6)), max_size=40).map("".join),
    st.builds(
        lambda document, flow: yaml.safe_dump(document, default_flow_style=flow, sort_keys=False),
        DOCUMENTS,
        st.sampled_from([None, True, False]),
    ),
    st.integers(min_value=28, max_value=36).map(lambda depth: "a: " + "[" * depth + "]" * depth),
)


@FUZZ
@given(text=YAML_TEXTS, line_offset=st.sampled_from([0, 1]))
def test_the_quick_reading_agrees_with_the_located_one(text, line_offset):
    """`read_yaml` reads a document without positions when nothing in it is unusual and finds
    the positions later: it must accept exactly what the located reader accepts, with the
    same data and, once asked, the same positions; and fail with the same located error."""
    from atlas import yamlread

    def outcome(read):
        try:
            located = read(text, line_offset)
        except YamlProblem as problem:
            return ("problem", problem.line, problem.column, problem.message, problem.hint)
        return ("data", repr(located.data), located.values, located.key_offsets)

    assert outcome(yamlread.read_yaml) == outcome(yamlread._located)
