#!/usr/bin/env python3
"""Build ``atlas/data/world-110m.json``: the projected, simplified country shapes of the maps.

Why this script exists
----------------------
The Atlas draws its world maps as SVG at build time, with no JavaScript and no GIS library. That
needs country outlines keyed by ISO 3166-1 alpha-2 code, already projected to the plane and small
enough to ship. This script makes them once from Natural Earth and commits the result as JSON
with its source named; the site build then only reads that file. Re-run it only to refresh the
data; it is deterministic, so running it twice gives byte-identical output (a test checks that).

Source and licence
------------------
* Natural Earth 4.1.0, Admin 0 countries at 1:110m (outlines) and 1:50m (a point for the small
  countries and islands that the 110m set leaves out, such as Cabo Verde, Malta or Singapore).
  Natural Earth is in the public domain (https://www.naturalearthdata.com/about/terms-of-use/).
* Obtained as TopoJSON through the npm package ``world-atlas`` 2.0.2 by Mike Bostock (ISC
  licence), files ``countries-110m.json`` and ``countries-50m.json``. The registry's integrity
  hash and the SHA-256 of both files are pinned below and checked.

How it works
------------
1. ``npm install --prefix TMP --no-audit --no-fund --ignore-scripts world-atlas@2.0.2`` into a
   temporary directory; the installed version, licence, integrity and file hashes are checked.
2. The TopoJSON arcs are decoded (``atlas.pictures.topojson``) and projected with Equal Earth
   (``atlas.pictures.geometry.equal_earth``), an equal-area projection, onto a plane
   ``WIDTH`` units wide. Antarctica is left out: no practice happens there and it would take a
   fifth of the height.
3. Each *arc* is simplified (Visvalingam–Whyatt, ``MIN_AREA`` square units), before the rings
   are assembled, so a border shared by two countries is simplified once and stays shared.
   Coordinates are then rounded to whole units (a unit is a thousandth of the map's width).
4. Numeric ISO 3166-1 ids become alpha-2 codes through pycountry; French Guiana, drawn as part
   of France by Natural Earth, becomes its own shape (GF). Shapes without an ISO code
   (Northern Cyprus, Somaliland, Kosovo in Natural Earth) are kept, unlinked, in ``other``, so
   the land looks whole.
5. For every country, ``point`` is a point well inside its largest polygon, where markers and
   corridor arcs attach, and ``area`` its drawn area in square units (pages add a marker to the
   countries too small to click). Countries only present at 1:50m get a point in ``points``.
6. ``borders`` holds the arcs shared by two shapes (the land borders), drawn on the base map.

Usage: ``python scripts/build_world_map.py [--out PATH] [--package-dir DIR]``. Without
``--package-dir`` it needs ``npm`` on the PATH and access to the npm registry.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pycountry

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from npm_package import (  # noqa: E402
    BuildError,
    check_manifest,
    install_pinned,
    write_text_atomically,
)

from atlas.pictures import topojson  # noqa: E402
from atlas.pictures.geometry import (  # noqa: E402
    Plane,
    Point,
    equal_earth,
    interior_point,
    line_path,
    ring_area,
    ring_path,
    split_antimeridian,
    unwrap,
    visvalingam,
)

PACKAGE = "world-atlas"
VERSION = "2.0.2"
LICENCE = "ISC"
# The registry's `dist.integrity` (`npm view world-atlas@2.0.2 dist.integrity`).
INTEGRITY = (
    "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5C"
    "txMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ=="
)
# SHA-256 of the two files read, so that a changed upstream file cannot slip in unnoticed.
FILES = {
    "countries-110m.json": "2516c915867c7baf18ddec727aec46c315541a07cfb3d79a6559b05d5e94eee8",
    "countries-50m.json": "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394",
}
NATURAL_EARTH = "4.1.0"

DEFAULT_OUT = ROOT / "atlas" / "data" / "world-110m.json"

WIDTH = 1000  # units across the map; the viewBox height follows from the projection
MARGIN = 4  # units of empty sea around the land
MIN_AREA = 0.3  # Visvalingam threshold, square units: fine enough for a locator zoomed 4 times
MIN_RING_AREA = 1.5  # islands smaller than this (square units) are dropped, but never a country
OMITTED = {"010": "Antarctica"}  # numeric ids left out of the map
# Natural Earth draws French Guiana as part of France; it has its own ISO code (GF), and a map of
# a practice in France must not shade South America. (numeric id, code) -> lon/lat box.
OVERSEAS = {("250", "GF"): (-55.0, -51.0, 1.0, 6.5)}


def warn(message: str) -> None:
    print(f"build_world_map: {message}", file=sys.stderr)


def check_package(package_dir: Path) -> dict[str, str]:
    """Check version, licence and file hashes; return the files' SHA-256 for the record."""
    check_manifest(package_dir, PACKAGE, VERSION, LICENCE)
    hashes = {}
    for name, expected in FILES.items():
        digest = hashlib.sha256((package_dir / name).read_bytes()).hexdigest()
        if digest != expected:
            raise BuildError(f"{name} has SHA-256 {digest}, expected {expected}")
        hashes[name] = digest
    return hashes


def alpha2(numeric: str | None) -> str | None:
    if not numeric:
        return None
    record = pycountry.countries.get(numeric=numeric)
    return record.alpha_2 if record else None


def kept(geometries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [g for g in geometries if g.get("id") not in OMITTED and topojson.polygons(g)]


def plane(geometries: Sequence[dict[str, Any]], arcs: Sequence[Sequence[Point]]) -> Plane:
    """The map from longitude/latitude to map units, fitted to the kept land plus a margin.

    Its numbers are rounded before use, so that the ones written to the data file are exactly
    the ones the shapes were drawn with.
    """
    used = {
        i if i >= 0 else ~i for g in geometries for p in topojson.polygons(g) for r in p for i in r
    }
    projected = [equal_earth(*pt) for i in sorted(used) for pt in arcs[i]]
    x0 = min(p[0] for p in projected)
    x1 = max(p[0] for p in projected)
    y0 = min(p[1] for p in projected)
    scale = (WIDTH - 2 * MARGIN) / (x1 - x0)
    return Plane(round(x0, 9), round(y0, 9), round(scale, 6), MARGIN)


def dedupe(points: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for p in points:
        if not out or out[-1] != p:
            out.append(p)
    return out


def simplify_arcs(arcs: Sequence[Sequence[Point]], to_map: Plane) -> list[list[Point]]:
    """Each arc with only the points that matter at map scale, still in longitude/latitude.

    The areas are measured on the projected arc, its longitudes made continuous so that an arc
    crossing the 180th meridian is measured where it lies, not across the whole map.
    """
    out = []
    for arc in arcs:
        projected = [to_map(lon, lat) for lon, lat in unwrap(arc)]
        closed = len(arc) > 3 and arc[0] == arc[-1]
        out.append([arc[i] for i in visvalingam(projected, MIN_AREA, keep=4 if closed else 2)])
    return out


def rounded(points: Sequence[Point], to_map: Plane) -> list[tuple[int, int]]:
    return dedupe([(round(x), round(y)) for x, y in (to_map(lon, lat) for lon, lat in points)])


def shape_rings(
    polygons: Sequence[topojson.ArcPolygon], arcs: Sequence[Sequence[Point]], to_map: Plane
) -> list[tuple[float, list[tuple[int, int]]]]:
    """The rounded map rings of a country, each with its area, cut at the antimeridian."""
    rings = []
    for polygon in polygons:
        for ring in polygon:
            for piece in split_antimeridian(topojson.ring_points(ring, arcs)):
                points = rounded(piece, to_map)
                if len(points) > 1 and points[0] == points[-1]:
                    points.pop()
                if len(set(points)) >= 3:
                    rings.append((abs(ring_area(points)), points))
    return rings


def anchor(
    polygons: Sequence[topojson.ArcPolygon], arcs: Sequence[Sequence[Point]], to_map: Plane
) -> list[float]:
    """A point well inside the largest polygon (full detail), where markers and arcs attach."""
    best: list[list[Point]] = []
    best_area = -1.0
    for polygon in polygons:
        pieces = split_antimeridian(topojson.ring_points(polygon[0], arcs))
        for piece in pieces:
            outer = [to_map(lon, lat) for lon, lat in piece]
            area = abs(ring_area(outer))
            if area > best_area:
                holes = (
                    []
                    if len(pieces) > 1
                    else [
                        [to_map(lon, lat) for lon, lat in topojson.ring_points(r, arcs)]
                        for r in polygon[1:]
                    ]
                )
                best, best_area = [outer, *holes], area
    x, y = interior_point(best)
    return [round(x, 1), round(y, 1)]


def split_overseas(
    geometries: Sequence[dict[str, Any]], arcs: Sequence[Sequence[Point]]
) -> list[dict[str, Any]]:
    """Give the overseas parts listed in `OVERSEAS` their own geometry and code (see there)."""
    out = []
    for geometry in geometries:
        parts = {
            code: box for (numeric, code), box in OVERSEAS.items() if geometry.get("id") == numeric
        }
        if not parts:
            out.append(geometry)
            continue
        home: list[topojson.ArcPolygon] = []
        away: dict[str, list[topojson.ArcPolygon]] = {code: [] for code in parts}
        for polygon in topojson.polygons(geometry):
            points = topojson.ring_points(polygon[0], arcs)
            for code, (west, east, south, north) in parts.items():
                if all(west <= lon <= east and south <= lat <= north for lon, lat in points):
                    away[code].append(polygon)
                    break
            else:
                home.append(polygon)
        out.append({**geometry, "type": "MultiPolygon", "arcs": home})
        for code, polygons in away.items():
            if not polygons:
                raise BuildError(f"no polygon of {geometry.get('id')} lies in the box of {code}")
            numeric = pycountry.countries.get(alpha_2=code).numeric
            out.append({"type": "MultiPolygon", "arcs": polygons, "id": numeric})
    return out


def shapes(topology: dict[str, Any]) -> dict[str, Any]:
    """Project, simplify and round the 110m countries; return the data file's geometry part."""
    arcs = topojson.decode_arcs(topology)
    geometries = split_overseas(kept(topology["objects"]["countries"]["geometries"]), arcs)
    to_map = plane(geometries, arcs)
    simple = simplify_arcs(arcs, to_map)
    countries: dict[str, dict[str, Any]] = {}
    other: list[dict[str, str]] = []
    height = 0
    for geometry in geometries:
        code = alpha2(geometry.get("id"))
        name = geometry.get("properties", {}).get("name", "")
        polygons = topojson.polygons(geometry)
        rings = shape_rings(polygons, simple, to_map)
        if not rings:
            raise BuildError(f"{name} ({geometry.get('id')}) has no ring left after rounding")
        height = max(height, *(y for _, ring in rings for _, y in ring))
        biggest = max(area for area, _ in rings)
        rings = [
            (area, points) for area, points in rings if area >= MIN_RING_AREA or area == biggest
        ]
        d = "".join(ring_path(points) for _, points in rings)
        if code is None:
            warn(f"{name!r} has no ISO 3166-1 code: kept, unlinked, in 'other'")
            other.append({"name": name, "d": d})
            continue
        if code in countries:
            raise BuildError(f"two shapes map to {code}")
        countries[code] = {
            "area": round(sum(area for area, _ in rings)),
            "d": d,
            "point": anchor(polygons, arcs, to_map),
        }

    use = topojson.arc_use(geometries)
    borders = []
    for index in sorted(use):
        if use[index] < 2:
            continue
        line = rounded(simple[index], to_map)
        for piece in _unbroken(line):
            if len(piece) > 1:
                borders.append(line_path(piece))
    return {
        "width": WIDTH,
        "height": height + MARGIN,
        "countries": countries,
        "other": sorted(other, key=lambda o: o["name"]),
        "borders": "".join(borders),
        "plane": to_map,
    }


def _unbroken(line: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """A border line cut where it jumps across the map (no land border does at 110m)."""
    pieces: list[list[tuple[int, int]]] = [[]]
    for point in line:
        if pieces[-1] and abs(point[0] - pieces[-1][-1][0]) > WIDTH / 2:
            pieces.append([])
        pieces[-1].append(point)
    return pieces


def small_points(topology: dict[str, Any], have: set[str], to_map: Plane) -> dict[str, list]:
    """A point for each country that only the 50m set has: islands too small for 110m."""
    arcs = topojson.decode_arcs(topology)
    by_code: dict[str, list[topojson.ArcPolygon]] = {}
    for geometry in kept(topology["objects"]["countries"]["geometries"]):
        code = alpha2(geometry.get("id"))
        if code is not None and code not in have:
            by_code.setdefault(code, []).extend(topojson.polygons(geometry))
    return {code: anchor(polygons, arcs, to_map) for code, polygons in sorted(by_code.items())}


def build(package_dir: Path) -> dict[str, Any]:
    hashes = check_package(package_dir)
    coarse = json.loads((package_dir / "countries-110m.json").read_text(encoding="utf-8"))
    fine = json.loads((package_dir / "countries-50m.json").read_text(encoding="utf-8"))
    data = shapes(coarse)
    to_map = data["plane"]
    data["plane"] = {
        "margin": to_map.margin,
        "scale": to_map.scale,
        "x0": to_map.x0,
        "y0": to_map.y0,
    }
    data["points"] = small_points(fine, set(data["countries"]), to_map)
    data["source"] = {
        "data": f"Natural Earth {NATURAL_EARTH}, Admin 0 countries, 1:110m (shapes) and 1:50m "
        "(points of small countries)",
        "data_licence": "public domain (https://www.naturalearthdata.com/about/terms-of-use/)",
        "package": PACKAGE,
        "version": VERSION,
        "package_licence": LICENCE,
        "integrity": INTEGRITY,
        "sha256": hashes,
        "generator": "scripts/build_world_map.py",
        "projection": "Equal Earth",
        "simplification": f"Visvalingam-Whyatt on shared arcs, {MIN_AREA} square units",
        "omitted": sorted(OMITTED.values()),
    }
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output file (default: {DEFAULT_OUT})"
    )
    parser.add_argument(
        "--package-dir",
        type=Path,
        help=f"an installed {PACKAGE}@{VERSION} to read instead of installing it with npm",
    )
    args = parser.parse_args(argv)
    try:
        if args.package_dir:
            data = build(args.package_dir)
        else:
            with tempfile.TemporaryDirectory(prefix="world-atlas-") as tmp:
                data = build(install_pinned(Path(tmp), PACKAGE, VERSION, LICENCE, INTEGRITY))
    except (BuildError, subprocess.CalledProcessError, OSError, json.JSONDecodeError) as error:
        warn(f"error: {error}")
        return 1
    # Sorted keys, one country a line.
    write_text_atomically(
        json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", args.out
    )
    warn(
        f"wrote {args.out}: {len(data['countries'])} country shapes, "
        f"{len(data['points'])} small-country points, {args.out.stat().st_size} bytes"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
