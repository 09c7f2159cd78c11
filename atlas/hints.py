"""'Did you mean' suggestions for mistyped keys and ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: object, choices: Iterable[object]) -> str:
    """A hint naming the closest choice, or "" when nothing is close enough to help."""
    options = {str(choice): choice for choice in choices}
    match = difflib.get_close_matches(str(word).lower(), list(options), n=1, cutoff=0.6)
    return f"did you mean '{options[match[0]]}'?" if match else ""
