"""Values derived from a whole catalogue, computed once per catalogue and dropped with it.

The practice pages, the open data, the `/partners/` page and `atlas gaps` ask the same questions
of one catalogue (who could fill each practice's gaps, which actor types have a page). Answering
them anew on every call would redo catalogue-wide work for every practice, which makes a build
quadratic. Each value is keyed by the catalogue object itself and held only while that catalogue
lives, so every output stays a pure function of its catalogue: a new catalogue (a rebuild, a
reload by `atlas serve`) starts with nothing remembered.

A value must not refer back to its catalogue, or the catalogue would never be freed.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from atlas.catalogue import Catalogue

T = TypeVar("T")

# id(catalogue) -> (a weak reference to it, its values by key).
_VALUES: dict[int, tuple[weakref.ref[Catalogue], dict[str, Any]]] = {}


def once(catalogue: Catalogue, key: str, compute: Callable[[], T]) -> T:
    """The value `compute()` gave for this catalogue and key, computing it on the first call."""
    ident = id(catalogue)
    slot = _VALUES.get(ident)
    if slot is None or slot[0]() is not catalogue:
        slot = (weakref.ref(catalogue, _forgetter(ident)), {})
        _VALUES[ident] = slot
    values = slot[1]
    if key not in values:
        values[key] = compute()
    value: T = values[key]
    return value


def _forgetter(ident: int) -> Callable[[weakref.ref[Catalogue]], None]:
    """What drops a freed catalogue's values (unless its id already serves a newer catalogue).

    It holds the table itself, not this module's name for it: at interpreter exit the module's
    names may be gone before the last catalogues are freed.
    """
    table = _VALUES

    def forget(dead: weakref.ref[Catalogue]) -> None:
        slot = table.get(ident)
        if slot is not None and slot[0] is dead:
            del table[ident]

    return forget
