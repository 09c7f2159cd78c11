"""`atlas search`: the explorer's ranking from the terminal, straight from the content.

It loads and checks the content itself (no prior build needed), builds the same payload the
site ships and searches it with the same rules as `/explore/`, so a contributor can see how a
reader's query ranks their entry. The lead wires it in with
`from atlas.search.cli import add_parser`.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from atlas.clitools import load_valid
from atlas.project import ProjectNotFound, find_root
from atlas.search.facets import facet_specs
from atlas.search.query import SORTS, Result, searcher_for


def _flag(param: str) -> str:
    return "--" + param.replace("_", "-")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `atlas search "query" [--theme ID] ... [--limit N] [--json]`."""
    parser = subparsers.add_parser(
        "search",
        help="search practices as the site's explorer does",
        description="Rank practices for a query, with the same rules as the site's explorer "
        "(/explore/). Works on the content directly, without a build. With no query, practices "
        "come most recently reviewed first, then by title. Facet flags can be repeated: a "
        "practice passes a facet if it has any of the ids given (and must pass every facet).",
    )
    parser.add_argument("query", nargs="?", default="", help="the words to search for")
    for spec in facet_specs():
        metavar = (
            "CC" if spec.param == "country" else ("N" if spec.param == "gcm_objective" else "ID")
        )
        parser.add_argument(
            _flag(spec.param),
            dest=f"facet_{spec.param}",
            action="append",
            default=[],
            metavar=metavar,
            help=f"only practices with this {spec.label.lower()} id",
        )
    parser.add_argument(
        "--sort",
        choices=SORTS,
        default="relevance",
        help="relevance (default), reviewed (most recent first) or title",
    )
    parser.add_argument(
        "--limit", type=int, default=None, metavar="N", help="show at most N results"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print a JSON list in rank order (slug, title, url, score, ...)",
    )
    parser.set_defaults(func=cmd_search)
    return parser


def _filters(args: argparse.Namespace) -> dict[str, list[str]]:
    return {
        spec.param: values
        for spec in facet_specs()
        if (values := getattr(args, f"facet_{spec.param}", None))
    }


def format_results(results: list[Result], query: str) -> str:
    """The readable list: rank, title, slug and score, then the site-relative URL."""
    if not results:
        return f"No practice matches {query!r}." if query.strip() else "No practice matches."
    lines = []
    width = len(str(len(results)))
    for rank, result in enumerate(results, 1):
        head = f"{rank:>{width}}. {result.title}"
        score = f"score {result.score:.3f}, " if query.strip() else ""
        lines.append(head)
        lines.append(
            textwrap.indent(
                f"{result.url}  ({score}reviewed {result.last_reviewed})", " " * (width + 2)
            )
        )
    return "\n".join(lines)


def cmd_search(args: argparse.Namespace) -> int:
    """Load the content, stop on errors (as the build would), then search and print."""
    if args.limit is not None and args.limit < 0:
        print("error: --limit must be 0 or more", file=sys.stderr)
        return 2
    try:
        root = find_root()
    except ProjectNotFound as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    cat = load_valid(root, "search")
    if cat is None:
        return 1
    try:
        outcome = searcher_for(cat).run(args.query, _filters(args), args.sort, args.limit)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([r.as_dict() for r in outcome.results], ensure_ascii=False, indent=2))
    else:
        print(format_results(outcome.results, args.query))
    return 0
