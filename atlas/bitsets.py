"""Bit-sliced counters: give every item of a set a weighted count at once, then read the best.

Ranking the actors of one type for every practice one actor at a time makes a catalogue-wide
pass quadratic. Here an item is a bit position and a feature an int with the bits of the items
that have it. The items' counters are kept *sliced*: `planes[k]` holds bit k of every counter,
so adding a weight to all the items of a feature is a few big-int operations (the carry ripples
up the planes), whatever the number of items, and the highest counters are found plane by plane.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence


def planes_of(values: Sequence[int]) -> list[int]:
    """The sliced form of counters starting at `values` (item i at `values[i]`, all >= 0)."""
    planes: list[int] = []
    for position, value in enumerate(values):
        level = 0
        while value:
            if value & 1:
                while level >= len(planes):
                    planes.append(0)
                planes[level] |= 1 << position
            value >>= 1
            level += 1
    return planes


def add(planes: list[int], bits: int, weight: int) -> None:
    """Add `weight` (>= 0) to the counter of every item in `bits`."""
    level = 0
    while weight and bits:
        if weight & 1:
            carry = bits
            k = level
            while carry:
                while k >= len(planes):
                    planes.append(0)
                planes[k], carry = planes[k] ^ carry, planes[k] & carry
                k += 1
        weight >>= 1
        level += 1


def best_first(planes: Sequence[int], candidates: int) -> Iterator[int]:
    """The positions in `candidates`, highest counter first, equal counters lowest bit first."""
    while candidates:
        best = candidates
        for plane in reversed(planes):  # narrow down to the highest counter value left
            if best & plane:
                best &= plane
        candidates &= ~best
        while best:
            lowest = best & -best
            yield lowest.bit_length() - 1
            best ^= lowest
