"""Plane geometry for the pictures: projection, simplification, polygons and number formatting.

Everything here is plain arithmetic on tuples, so the pictures need no GIS or plotting library at
build time and none at run time. The world data file is produced with these same functions
(`scripts/build_world_map.py`), and the pages format every number through `num`, which is what
keeps the SVG byte-identical from one build to the next.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Point = tuple[float, float]

# Equal Earth (Šavrič, Patterson & Jenny 2018): equal-area, so a big country does not look bigger
# than it is, and pleasant for world maps. Coefficients from the paper.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> Point:
    """Project degrees of longitude and latitude; x grows east, y grows south (SVG's way)."""
    lam = math.radians(lon)
    theta = math.asin(_M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = (
        2
        * math.sqrt(3)
        * lam
        * math.cos(theta)
        / (3 * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    )
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, -y


@dataclass(frozen=True)
class Plane:
    """Equal Earth shifted and scaled to map units: the one mapping of the data file and pages.

    The generator fits it to the land and records its numbers in the data file, so that pages can
    place anything given in degrees (such as the corners of a locator frame) on the same map.
    """

    x0: float
    y0: float
    scale: float
    margin: float

    def __call__(self, lon: float, lat: float) -> Point:
        x, y = equal_earth(lon, lat)
        return (x - self.x0) * self.scale + self.margin, (y - self.y0) * self.scale + self.margin


def triangle_area(a: Point, b: Point, c: Point) -> float:
    return abs((b[0] - a[0]) * (c[1] - a[1]) - (c[0] - a[0]) * (b[1] - a[1])) / 2


def visvalingam(points: Sequence[Point], min_area: float, keep: int = 2) -> list[int]:
    """The indexes of the points that stay when the insignificant ones are dropped.

    Visvalingam–Whyatt drops, smallest first, every point whose triangle with its neighbours is
    smaller than `min_area`; it keeps a shape's character better than Douglas–Peucker at small
    scales. The two end points always stay (they are the junctions shared with neighbouring
    countries, so shared borders stay shared), and at least `keep` points are kept, so a closed
    ring can keep enough points to remain a polygon. Ties are broken by position in the line, so
    the result depends on nothing but the input. Indexes, not points, are returned so that the
    caller can keep the original longitudes and latitudes of the points that stay.
    """
    n = len(points)
    if n <= max(keep, 2):
        return list(range(n))
    prev = list(range(-1, n - 1))
    nxt = list(range(1, n + 1))
    removed = [False] * n
    area = [math.inf] * n
    heap: list[tuple[float, int]] = []
    for i in range(1, n - 1):
        area[i] = triangle_area(points[i - 1], points[i], points[i + 1])
        heap.append((area[i], i))
    heapq.heapify(heap)
    left = n
    floor = 0.0  # an effective area never drops below that of a point removed before it
    while heap and left > keep:
        value, i = heapq.heappop(heap)
        if removed[i] or value != area[i]:
            continue
        if max(value, floor) >= min_area:
            break
        floor = max(value, floor)
        removed[i] = True
        left -= 1
        p, q = prev[i], nxt[i]
        nxt[p], prev[q] = q, p
        for j in (p, q):
            if 0 < j < n - 1:
                area[j] = triangle_area(points[prev[j]], points[j], points[nxt[j]])
                heapq.heappush(heap, (area[j], j))
    return [i for i in range(n) if not removed[i]]


def unwrap(points: Sequence[Point]) -> list[Point]:
    """Longitudes made continuous (179, 181 rather than 179, -179) along a line or ring."""
    out: list[Point] = []
    for lon, lat in points:
        if out:
            last = out[-1][0]
            while lon - last > 180:
                lon -= 360
            while last - lon > 180:
                lon += 360
        out.append((lon, lat))
    return out


def _clip(ring: Sequence[Point], edge: float, keep_west: bool) -> list[Point]:
    """Sutherland–Hodgman: the part of a ring west (or east) of the meridian `edge`."""

    def keeps(p: Point) -> bool:
        return p[0] <= edge if keep_west else p[0] >= edge

    out: list[Point] = []
    for a, b in zip([ring[-1], *ring[:-1]], ring, strict=True):
        if keeps(b):
            if not keeps(a):
                out.append(_cross(a, b, edge))
            out.append(b)
        elif keeps(a):
            out.append(_cross(a, b, edge))
    return out


def _cross(a: Point, b: Point, edge: float) -> Point:
    t = (edge - a[0]) / (b[0] - a[0])
    return edge, a[1] + t * (b[1] - a[1])


def split_antimeridian(ring: Sequence[Point]) -> list[list[Point]]:
    """A ring of longitude/latitude cut in two where it crosses the 180th meridian.

    Natural Earth's Russia and Fiji straddle the antimeridian; drawn naively, one of their edges
    runs across the whole map. Each piece comes back within -180..180.
    """
    continuous = unwrap(ring)
    east = max(p[0] for p in continuous)
    west = min(p[0] for p in continuous)
    if east <= 180 and west >= -180:
        return [list(ring)]
    edge = 180.0 if east > 180 else -180.0
    shift = -360.0 if edge > 0 else 360.0
    inner = _clip(continuous, edge, keep_west=edge > 0)
    outer = [(lon + shift, lat) for lon, lat in _clip(continuous, edge, keep_west=edge < 0)]
    return [piece for piece in (inner, outer) if len(piece) >= 3]


def ring_area(ring: Sequence[Point]) -> float:
    """Signed area (shoelace); the sign tells the winding, the size the area."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        total += x0 * y1 - x1 * y0
    return total / 2


def inside(point: Point, ring: Sequence[Point]) -> bool:
    """Even-odd ray casting."""
    x, y = point
    result = False
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
            result = not result
    return result


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = (
        0.0
        if length == 0
        else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    )
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def interior_point(polygon: Sequence[Sequence[Point]], steps: int = 24) -> Point:
    """A point well inside a polygon (outer ring first, then holes): where a marker or arc goes.

    A centroid can fall outside a crescent-shaped country (Vietnam, Chile's neighbours, Croatia);
    this searches a grid over the bounding box, then a finer grid around the best cell, for the
    point farthest from any edge — a coarse "pole of inaccessibility". Deterministic.
    """
    outer = polygon[0]
    xs = [p[0] for p in outer]
    ys = [p[1] for p in outer]
    box = (min(xs), min(ys), max(xs), max(ys))
    edges = [(r[i], r[(i + 1) % len(r)]) for r in polygon for i in range(len(r))]

    def score(p: Point) -> float:
        if not inside(p, outer) or any(inside(p, hole) for hole in polygon[1:]):
            return -1.0
        return min(_segment_distance(p, a, b) for a, b in edges)

    best = centroid(outer)
    best_score = score(best)
    x0, y0, x1, y1 = box
    for _ in range(2):
        w, h = (x1 - x0) / steps, (y1 - y0) / steps
        for i in range(steps + 1):
            for j in range(steps + 1):
                p = (x0 + i * w, y0 + j * h)
                s = score(p)
                if s > best_score:
                    best, best_score = p, s
        x0, y0, x1, y1 = best[0] - 2 * w, best[1] - 2 * h, best[0] + 2 * w, best[1] + 2 * h
    return best


def centroid(ring: Sequence[Point]) -> Point:
    area = ring_area(ring)
    if area == 0:
        return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


def num(value: float, digits: int = 1) -> str:
    """A number as SVG wants it: fixed precision, no trailing zeros, never '-0'.

    Every coordinate written into a page goes through here, so the same catalogue always gives the
    same bytes whatever the platform's float printing does.
    """
    text = f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    return "0" if text in ("-0", "") else text


def ring_path(ring: Iterable[tuple[int, int]]) -> str:
    """A closed ring of integer points as compact SVG path data: absolute move, relative lines."""
    points = list(ring)
    if len(points) > 1 and points[0] == points[-1]:
        points.pop()
    x, y = points[0]
    parts = [f"M{x} {y}"]
    deltas = []
    for px, py in points[1:]:
        deltas.append(f"{px - x} {py - y}")
        x, y = px, py
    if deltas:
        parts.append("l" + " ".join(deltas).replace(" -", "-"))
    parts.append("z")
    return "".join(parts)


def line_path(points: Sequence[tuple[int, int]]) -> str:
    """An open polyline of integer points as compact SVG path data."""
    x, y = points[0]
    deltas = []
    for px, py in points[1:]:
        deltas.append(f"{px - x} {py - y}")
        x, y = px, py
    return f"M{points[0][0]} {points[0][1]}l" + " ".join(deltas).replace(" -", "-")
