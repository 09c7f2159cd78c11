"""`atlas search` from a contributor's terminal: ranked list, `--json`, facet flags, errors.

The lead wires the subcommand into `atlas.cli` with `from atlas.search.cli import add_parser`;
these tests build the same parser around `add_parser` so they do not depend on that wiring.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_search_support import load_catalogue, write_catalogue

from atlas.search.cli import add_parser
from atlas.search.query import search


@dataclass
class Run:
    status: int
    out: str
    err: str


def atlas_search(root: Path, monkeypatch, *argv: str) -> Run:
    parser = argparse.ArgumentParser(prog="atlas")
    add_parser(parser.add_subparsers(dest="command", required=True))
    monkeypatch.chdir(root)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            args = parser.parse_args(["search", *argv])
            status = args.func(args)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 2
    return Run(status, out.getvalue(), err.getvalue())


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_catalogue(tmp_path / "project")


def test_json_lists_results_in_rank_order_with_slug_title_url_score(root, monkeypatch) -> None:
    run = atlas_search(root, monkeypatch, "VET", "--json")
    assert run.status == 0, run.err
    items = json.loads(run.out)
    assert items[0]["slug"] == "diaspora-tvet-ghana"
    assert items[0]["url"] == "practices/diaspora-tvet-ghana/"
    assert {"slug", "title", "url", "score"} <= set(items[0])
    expected = search(load_catalogue(root), "VET")
    assert [(i["slug"], i["score"]) for i in items] == [(r.slug, r.score) for r in expected]


def test_readable_list_numbers_titles_and_shows_urls(root, monkeypatch) -> None:
    run = atlas_search(root, monkeypatch, "Sénégal")
    assert run.status == 0
    lines = run.out.splitlines()
    assert lines[0] == "1. Rural youth learn farming business skills in Sénégal"
    assert "practices/senegal-rural-youth/" in lines[1]
    assert "score" in lines[1]


def test_no_query_lists_most_recently_reviewed_first(root, monkeypatch) -> None:
    items = json.loads(atlas_search(root, monkeypatch, "--json").out)
    assert [i["slug"] for i in items][:2] == [
        "refugee-qualifications-passport",
        "senegal-rural-youth",
    ]


def test_facet_flags_filter_and_repeat(root, monkeypatch) -> None:
    run = atlas_search(root, monkeypatch, "--theme", "tvet", "--theme", "refugees", "--json")
    assert {i["slug"] for i in json.loads(run.out)} == {
        "diaspora-tvet-ghana",
        "refugee-qualifications-passport",
    }
    run = atlas_search(
        root, monkeypatch, "--country", "ma", "--typology", "private-sector", "--json"
    )
    assert [i["slug"] for i in json.loads(run.out)] == ["ict-talent-morocco"]
    run = atlas_search(
        root, monkeypatch, "--target-group", "refugees", "--gcm-objective", "5", "--json"
    )
    assert json.loads(run.out) == []


def test_limit_and_sort(root, monkeypatch) -> None:
    items = json.loads(
        atlas_search(root, monkeypatch, "--sort", "title", "--limit", "2", "--json").out
    )
    assert [i["slug"] for i in items] == ["employer-survey-day", "nurses-for-germany"]


def test_no_match_says_so(root, monkeypatch) -> None:
    run = atlas_search(root, monkeypatch, "zzzz")
    assert run.status == 0
    assert "No practice matches 'zzzz'" in run.out


def test_works_from_a_subfolder_without_a_build(root, monkeypatch) -> None:
    run = atlas_search(root / "content" / "practices", monkeypatch, "GIZ", "--json")
    assert [i["slug"] for i in json.loads(run.out)] == ["nurses-for-germany"]
    assert not (root / "build").exists()


def test_content_errors_are_printed_and_exit_1(root, monkeypatch) -> None:
    broken = root / "content" / "practices" / "nurses-for-germany.md"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("status: ongoing", "status: sideways"),
        encoding="utf-8",
    )
    run = atlas_search(root, monkeypatch, "nurses", "--json")
    assert run.status == 1
    assert run.out == ""
    assert "content/practices/nurses-for-germany.md:" in run.err
    assert "sideways" in run.err


def test_outside_a_project_is_an_error(tmp_path, monkeypatch) -> None:
    run = atlas_search(tmp_path, monkeypatch, "VET")
    assert run.status == 2
    assert "no Atlas project" in run.err
