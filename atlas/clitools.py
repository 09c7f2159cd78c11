"""What every read-only `atlas` command does first: load the catalogue, or explain why not."""

from __future__ import annotations

import sys
from pathlib import Path

from atlas import catalogue
from atlas.problems import format_problems


def load_valid(root: Path, command: str) -> catalogue.Catalogue | None:
    """The catalogue, or None after printing its errors: commands work on valid content only."""
    result = catalogue.load(root, workers=None)
    if result.ok:
        return result.catalogue
    errors = [p for p in result.problems if p.is_error]
    print(format_problems(errors, "text"), file=sys.stderr)
    print(
        f"atlas {command}: the content has {len(errors)} error(s); fix them "
        "(see `atlas check`) and try again",
        file=sys.stderr,
    )
    return None
