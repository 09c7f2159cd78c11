"""Views of the world for the smaller maps: zoom on the part of the world that matters.

At world scale Belgium is two pixels wide on a practice page's small map, so a practice's locator
and a country's map pick the smallest of a few fixed views that holds all their countries. The
base map behind the SVG is one shared CSS mask; for a view it must be enlarged and shifted exactly
as the SVG's viewBox is, and a page may not carry inline styles, so each view has a CSS class.
`frames_css()` writes those rules; they are pasted into `pictures.css`, and a test checks that the
two agree. (The FRAMES are listed smallest first only for reading: `pick` compares areas.)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from atlas.pictures.geometry import Point, num
from atlas.pictures.world import world

# name -> west, south, east, north, in degrees.
FRAMES: dict[str, tuple[float, float, float, float]] = {
    "europe": (-13.0, 33.0, 44.0, 71.0),
    "europe-mena": (-26.0, 8.0, 63.0, 71.0),
    "asia": (25.0, -12.0, 150.0, 58.0),
    "americas": (-170.0, -56.0, -30.0, 75.0),
    "africa-europe": (-26.0, -36.0, 63.0, 71.0),
    "atlantic": (-125.0, -56.0, 63.0, 72.0),
}
MARGIN = 0.04  # share of a view's width that a point must keep from its edges
TALLEST = 28  # rem: a zoomed view is narrowed so that it is never taller than this


@dataclass(frozen=True)
class View:
    name: str  # "world" or a key of FRAMES
    x: int
    y: int
    width: int
    height: int

    def holds(self, point: Point) -> bool:
        pad = self.width * MARGIN
        return (
            self.x + pad <= point[0] <= self.x + self.width - pad
            and self.y + pad <= point[1] <= self.y + self.height - pad
        )

    @property
    def zoom(self) -> float:
        return world().width / self.width


@cache
def views() -> dict[str, View]:
    """Every view in map units, the whole world last; a frame's box is its degrees projected."""
    w = world()
    out: dict[str, View] = {}
    for name, (west, south, east, north) in FRAMES.items():
        edge = [(west + (east - west) * i / 32, lat) for i in range(33) for lat in (south, north)]
        edge += [(lon, south + (north - south) * i / 32) for i in range(33) for lon in (west, east)]
        points = [w.plane(lon, lat) for lon, lat in edge]
        x0 = max(0, math.floor(min(p[0] for p in points)))
        y0 = max(0, math.floor(min(p[1] for p in points)))
        x1 = min(w.width, math.ceil(max(p[0] for p in points)))
        y1 = min(w.height, math.ceil(max(p[1] for p in points)))
        out[name] = View(name, x0, y0, x1 - x0, y1 - y0)
    out["world"] = View("world", 0, 0, w.width, w.height)
    return out


def pick(points: Iterable[Point]) -> View:
    """The smallest view that holds every point (with a margin); the world if none does."""
    points = list(points)
    if not points:
        return views()["world"]
    fitting = [v for v in views().values() if v.name == "world" or all(map(v.holds, points))]
    return min(fitting, key=lambda v: (v.width * v.height, v.name))


def frames_css() -> str:
    """The CSS rules that enlarge and shift the shared base map for each view but the world,
    and keep a tall view from filling the screen."""
    w = world()
    rules = ["/* Zoomed map views: made by atlas.pictures.frames.frames_css(); do not edit. */"]
    for view in views().values():
        if view.name == "world":
            continue
        size = f"{num(w.width / view.width * 100, 3)}% {num(w.height / view.height * 100, 3)}%"
        px = view.x / (w.width - view.width) * 100 if w.width > view.width else 0
        py = view.y / (w.height - view.height) * 100 if w.height > view.height else 0
        position = f"{num(px, 3)}% {num(py, 3)}%"
        narrow = num(TALLEST * view.width / view.height, 2)
        rules.append(f".atlas-view-{view.name} .atlas-map__frame {{ max-width: {narrow}rem; }}")
        rules.append(
            f".atlas-view-{view.name} .atlas-map__frame::before {{ "
            f"-webkit-mask-size: {size}; mask-size: {size}; "
            f"-webkit-mask-position: {position}; mask-position: {position}; "
            f"background-size: {size}; background-position: {position}; }}"
        )
    rules.append("/* End of the zoomed map views. */")
    return "\n".join(rules) + "\n"
