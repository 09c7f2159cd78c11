"""The world the maps are drawn on: the shipped country shapes and the shared base map file.

`atlas/data/world-110m.json` (made by `scripts/build_world_map.py` from Natural Earth, public
domain) holds every country already projected (Equal Earth), simplified and rounded, keyed by
ISO 3166-1 alpha-2 code. The land and its borders are published once as `world.svg`, which every
map page reuses from the browser's cache through CSS; a page's own SVG carries only what is
specific to it (the shaded countries, markers and corridors), drawn in the same coordinates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from atlas.pictures.geometry import Plane, Point

DATA_FILE = "data/world-110m.json"
BASE_FILE = "assets/pictures/world.svg"
# Countries drawn smaller than this (square map units) get a marker, so they can be seen and hit.
SMALL_AREA = 40


@dataclass(frozen=True)
class Country:
    d: str  # SVG path data, "" for a country only known as a point
    point: Point  # where markers and corridor lines attach
    area: int  # drawn area in square map units (0 for a point)


@dataclass(frozen=True)
class World:
    width: int
    height: int
    countries: dict[str, Country]
    other: tuple[str, ...]  # shapes without an ISO code, drawn on the base map only
    borders: str
    plane: Plane  # longitude/latitude -> map units, as the shapes were drawn
    source: dict[str, Any]

    def country(self, code: str) -> Country | None:
        return self.countries.get(code)


@cache
def world() -> World:
    """The shipped data, read once per process."""
    with resources.files("atlas").joinpath(DATA_FILE).open(encoding="utf-8") as handle:
        raw = json.load(handle)
    countries = {
        code: Country(c["d"], (c["point"][0], c["point"][1]), c["area"])
        for code, c in raw["countries"].items()
    }
    for code, (x, y) in raw["points"].items():
        countries.setdefault(code, Country("", (x, y), 0))
    return World(
        width=raw["width"],
        height=raw["height"],
        countries=dict(sorted(countries.items())),
        other=tuple(o["d"] for o in raw["other"]),
        borders=raw["borders"],
        plane=Plane(**raw["plane"]),
        source=raw["source"],
    )


def base_svg() -> bytes:
    """The standalone base map: all land, with the land borders cut out as thin gaps.

    The stylesheet uses it as a CSS mask, so the land takes the colour of the reader's palette;
    where masks are unsupported it shows as a grey background image. The borders are cut with an
    SVG mask (rather than drawn) because only the file's alpha channel counts in a CSS mask.
    """
    w = world()
    land = "".join(c.d for c in w.countries.values()) + "".join(w.other)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w.width} {w.height}" '
        f'width="{w.width}" height="{w.height}">'
        "<title>World base map: Natural Earth (public domain), Equal Earth projection</title>"
        f'<mask id="borders"><rect width="{w.width}" height="{w.height}" fill="#fff"/>'
        f'<path d="{w.borders}" fill="none" stroke="#000" stroke-width="0.7" '
        'stroke-linejoin="round" stroke-linecap="round"/></mask>'
        f'<path d="{land}" fill="#8c8c8c" mask="url(#borders)"/></svg>\n'
    )
    return svg.encode("utf-8")
