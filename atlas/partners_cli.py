"""`atlas gaps SLUG`: a practice's partnership gaps and who could fill them, from the terminal.

The same answer as the practice page's "Partnership gaps" section and the `gaps` and
`suggested_partners` fields of `api/practices.json`, without building the site.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import Any

from atlas import catalogue, partners
from atlas.clitools import load_valid
from atlas.hints import did_you_mean
from atlas.model import Practice
from atlas.project import find_root
from atlas.vocabularies import BY_VOCABULARY


def find_practice(cat: catalogue.Catalogue, slug: str) -> Practice | None:
    """The practice with this slug, or the one that lists it among its old slugs (`aliases`)."""
    if slug in cat.practices:
        return cat.practices[slug]
    for practice in cat.sorted_practices:
        if slug in practice.ids("aliases"):
            return practice
    return None


def _containing(word: str, slugs: Iterable[str]) -> str:
    """A hint for a shortened slug ('fao-senegal'), which difflib finds too far from any."""
    matches = sorted(slug for slug in slugs if word.lower() in slug)[:3]
    return "did you mean " + " or ".join(f"'{m}'" for m in matches) + "?" if matches else ""


def format_report(data: dict[str, Any]) -> str:
    """The report of `partners.report` as plain text, one gap per paragraph."""
    have = ", ".join(data["actor_types"]) or "none"
    lines = [f"{data['slug']}: {data['title']}", f"actor types taking part: {have}"]
    if not data["gaps"]:
        lines.append("no gap: every actor type its typologies and themes need takes part")
        return "\n".join(lines)
    lines.append(f"{len(data['gaps'])} gap(s):")
    for gap in data["gaps"]:
        needed = ", ".join(
            f"{BY_VOCABULARY[n['vocabulary']].singular.lower()} {n['id']}" for n in gap["needed_by"]
        )
        lines.append(f"- {gap['actor_type']} ({gap['label']}), needed by {needed}")
        if not gap["suggestions"]:
            lines.append("    no actor of this type in the Atlas yet")
        for suggestion in gap["suggestions"]:
            lines.append(
                f"    {suggestion['actor']}: {suggestion['name']} ({suggestion['reason']})"
            )
    return "\n".join(lines)


def cmd_gaps(args: argparse.Namespace) -> int:
    root = find_root()
    cat = load_valid(root, "gaps")
    if cat is None:
        return 1
    practice = find_practice(cat, args.slug)
    if practice is None:
        hint = did_you_mean(args.slug, cat.practices) or _containing(args.slug, cat.practices)
        print(f"error: no practice '{args.slug}'" + (f"; {hint}" if hint else ""), file=sys.stderr)
        return 1
    data = partners.report(cat, practice, per_gap=args.limit)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(format_report(data))
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register `gaps` on the `atlas` command's subparsers."""
    parser = subparsers.add_parser(
        "gaps",
        help="show the actor types a practice lacks and who could fill each gap",
        description="List the actor types that a practice's typologies and themes need "
        "(the `needs` of content/taxonomy.yml) and none of its actors has, each with the "
        "actors of the Atlas that could fill it, best first.",
    )
    parser.add_argument("slug", metavar="SLUG", help="the practice's slug (its file name)")
    parser.add_argument("--json", action="store_true", help="print a JSON object")
    parser.add_argument(
        "--limit",
        type=_positive,
        default=partners.PER_GAP_LIMIT,
        metavar="N",
        help=f"suggestions per gap (default {partners.PER_GAP_LIMIT})",
    )
    parser.set_defaults(func=cmd_gaps)
    return parser
