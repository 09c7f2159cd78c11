"""Just enough TopoJSON to read Natural Earth's countries: arcs, and polygons made of arcs.

TopoJSON stores each border once, as an "arc", and countries as lists of arc indexes; a negative
index `~i` means arc `i` reversed. Keeping that topology while simplifying is what keeps
neighbouring countries from drifting apart at small scales, so the generator works on arcs and
only then assembles rings. The decoder is a few lines, which is why no package is used for it.
Only `scripts/build_world_map.py` needs this module; pages read the already projected data file.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from atlas.pictures.geometry import Point

Arc = list[Point]
# A polygon is a list of rings (outer first, then holes); a ring is a list of arc indexes.
ArcPolygon = list[list[int]]


def decode_arcs(topology: dict[str, Any]) -> list[Arc]:
    """The arcs as absolute longitude/latitude points, undoing quantisation and delta coding."""
    transform = topology.get("transform")
    arcs: list[Arc] = []
    for raw in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in raw])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points: Arc = []
        for dx, dy, *_ in raw:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def polygons(geometry: dict[str, Any]) -> list[ArcPolygon]:
    """The polygons of a Polygon or MultiPolygon geometry, as arc indexes; others have none."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["arcs"]]
    if kind == "MultiPolygon":
        return list(geometry["arcs"])
    return []


def ring_points(ring: Sequence[int], arcs: Sequence[Sequence[Point]]) -> list[Point]:
    """Join the arcs of one ring; each arc after the first repeats the previous arc's end."""
    points: list[Point] = []
    for index in ring:
        arc = list(arcs[index]) if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc[1:] if points else arc)
    return points


def arc_use(geometries: Sequence[dict[str, Any]]) -> dict[int, int]:
    """How many rings use each arc: 2 means a land border, 1 a coastline."""
    count: dict[int, int] = {}
    for geometry in geometries:
        for polygon in polygons(geometry):
            for ring in polygon:
                for index in ring:
                    key = index if index >= 0 else ~index
                    count[key] = count.get(key, 0) + 1
    return count
