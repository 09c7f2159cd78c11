"""The contributor-workflow subcommands of `atlas`, registered by `atlas.cli.build_parser`.

Kept apart from `atlas/cli.py` so the core CLI stays small and these commands (which read GitHub
issue bodies) can change without touching it. Wiring, in `build_parser`:

    from atlas import contrib_cli
    ...
    contrib_cli.add_parsers(commands)
"""

from __future__ import annotations

import argparse

from atlas.project import find_root


def cmd_from_issue(args: argparse.Namespace) -> int:
    """`atlas from-issue FILE`: make content/practices/<slug>.md from a proposal issue."""
    from atlas import from_issue

    return from_issue.run(find_root(), args.file, write=args.write, stdout=args.stdout)


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Register `from-issue` on the `atlas` command's subparsers."""
    parser = subparsers.add_parser(
        "from-issue",
        help="turn a 'Propose a practice' issue into an entry",
        description="Read the body of a 'Propose a practice' issue (the Markdown GitHub makes "
        "from the form; '-' reads stdin; the JSON of `gh issue view N --json body` works too), "
        "check the entry it describes with the real checker, and write "
        "content/practices/<slug>.md. When a field is missing or invalid, say which and why, "
        "exit 1 and write nothing. Never overwrites a file.",
    )
    parser.add_argument("file", metavar="FILE", help="the issue body: a file, or - for stdin")
    parser.add_argument(
        "--stdout",
        action="store_true",
        help="print the entry instead of writing it (add --write to do both)",
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="write content/practices/<slug>.md (the default unless --stdout is given)",
    )
    parser.set_defaults(func=cmd_from_issue)
