"""World maps: all practices (home page), one country and its partners, one practice's places.

Each map is an inline SVG drawn over the shared base map (`world.svg`, shown by the stylesheet
behind the SVG): the page carries only its shaded countries, markers and corridors, a few KB.
The home map shows the whole world; a country's map and a practice's locator zoom to the
smallest view that holds their countries (`atlas.pictures.frames`).
Corridors are quadratic curves from the country of origin to the country of destination, always
bending to the left of the direction of travel, so that A → B and B → A stay apart; a dot marks
the destination end. Countries too small to see or click at world scale get a round marker.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from atlas import geo
from atlas.catalogue import Catalogue
from atlas.model import Practice
from atlas.pictures.frames import pick
from atlas.pictures.geometry import Point, num
from atlas.pictures.svg import Frame, data_table, html_link, legend, link_open, plural, svg_open
from atlas.pictures.urls import country_src, page_url, term_src
from atlas.pictures.world import SMALL_AREA, Country, world
from atlas.site.markup import html_text

ROLES = ("origin", "destination", "transit")
# Classes of the count of practices: 1, 2–3, 4 or more (0 is the bare land of the base map).
LEVELS = (
    (4, "atlas-c3", "4 or more practices"),
    (2, "atlas-c2", "2–3 practices"),
    (1, "atlas-c1", "1 practice"),
)
BEND = 0.22  # how far a corridor bows out, as a share of its length
MARKER = {"home": 5.0, "country": 5.0, "locator": 9.0}  # marker radius in map units
WORLDWIDE = 0.6  # a practice whose regions hold more than this share of all countries is global
# At most this many corridors are drawn (the busiest): past it lines become a tangle and the
# page heavy (a catalogue of 1,000 practices has thousands of corridors).
MAX_CORRIDORS = 60
ARC_LEGEND = ("atlas-arc-swatch", "Corridor from origin to destination (dot); thicker: more")

Corridors = dict[tuple[str, str], list[Practice]]


def level(count: int) -> str:
    """The CSS class of a count of practices."""
    return next((css for low, css, _ in LEVELS if count >= low), "")


def weight(count: int) -> str:
    return "atlas-w3" if count >= 4 else "atlas-w2" if count >= 2 else "atlas-w1"


def corridors(practices: Iterable[Practice]) -> Corridors:
    """(origin, destination) -> the practices that link them, in the given order."""
    table: Corridors = defaultdict(list)
    for practice in practices:
        for origin in practice.countries("origin"):
            for destination in practice.countries("destination"):
                if origin != destination:
                    table[(origin, destination)].append(practice)
    return dict(sorted(table.items()))


def busiest_first(table: Corridors, limit: int | None = None) -> Corridors:
    """The corridors by number of practices, most first, ties by codes; at most `limit`."""
    ranked = sorted(table.items(), key=lambda item: (-len(item[1]), item[0]))
    return dict(ranked[:limit])


def corridor_summary(shown: Corridors, total: int) -> str:
    """How the map's lines are described: all corridors, or the busiest of many."""
    lines = plural(len(shown), "line")
    if len(shown) < total:
        lines += f" (the busiest of {total} corridors)"
    return lines


def arc_d(a: Point, b: Point) -> str:
    """A curve from a to b bowing to the left of the direction of travel."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    cx = (a[0] + b[0]) / 2 + dy * BEND
    cy = (a[1] + b[1]) / 2 - dx * BEND
    return f"M{num(a[0])} {num(a[1])}Q{num(cx)} {num(cy)} {num(b[0])} {num(b[1])}"


def is_small(country: Country, zoom: float = 1) -> bool:
    """Too small on screen to see or click without a marker."""
    return country.area * zoom * zoom < SMALL_AREA


def shape(country: Country, css: str, kind: str, *, marker: bool = False, zoom: float = 1) -> str:
    """A country's outline, plus a marker when it is small (or `marker` asks for one).

    `zoom` is how much the view enlarges the map: markers shrink by as much, to keep their size
    on screen, and a country counts as small by its size on screen.
    """
    out = f'<path class="{css}" d="{country.d}"/>' if country.d else ""
    if marker or is_small(country, zoom):
        x, y = country.point
        r = num(MARKER[kind] / zoom)
        out += f'<circle class="{css} atlas-marker" cx="{num(x)}" cy="{num(y)}" r="{r}"/>'
    return out


def corridor_layer(table: Corridors, zoom: float = 1) -> str:
    """The corridors, thinnest first so that the busiest are drawn on top, and destination dots."""
    w = world()
    arcs: list[tuple[int, str, str, str]] = []
    ends: set[str] = set()
    for (origin, destination), practices in table.items():
        a, b = w.country(origin), w.country(destination)
        if a is None or b is None:
            continue
        name = f"{geo.country_name(origin)} → {geo.country_name(destination)}"
        arcs.append((len(practices), origin, destination, name))
        ends.add(destination)
    if not arcs:
        return ""
    out = ['<g class="atlas-corridors">']
    for count, origin, destination, name in sorted(arcs):
        d = arc_d(w.countries[origin].point, w.countries[destination].point)
        out.append(
            f'<path class="atlas-arc {weight(count)}" d="{d}">'
            f"<title>{html_text(name)}: {plural(count)}</title></path>"
        )
    for code in sorted(ends):
        x, y = w.countries[code].point
        r = num(2.5 / zoom)
        out.append(f'<circle class="atlas-arc-end" cx="{num(x)}" cy="{num(y)}" r="{r}"/>')
    out.append("</g>")
    return "".join(out)


def corridor_table(shown: Corridors, total: int, source: str, summary: str) -> str:
    """The drawn corridors as a data table, busiest first."""
    rows = [
        [f"{country_cell(o, source)} → {country_cell(d, source)}", str(len(practices))]
        for (o, d), practices in busiest_first(shown).items()
    ]
    if len(shown) < total:
        summary += f" (the {len(shown)} busiest of {total})"
    return data_table(summary, ["Origin → destination", "Practices"], rows, numeric=(1,))


def country_cell(code: str, source: str) -> str:
    return html_link(page_url(country_src(code), source), geo.country_name(code))


def wrap(kind: str, svg: str, key: str, tables: Sequence[str], view: str = "world") -> str:
    """The map's block: the framed SVG (over the base map), its legend and its data tables."""
    return (
        f'<div class="atlas-picture atlas-map atlas-map--{kind} atlas-view-{view}">'
        f'<div class="atlas-map__frame">{svg}</div>{key}{"".join(tables)}</div>'
    )


def unmapped(codes: Iterable[str]) -> list[str]:
    """The countries the map cannot show (no shape and no point in the data)."""
    w = world()
    return sorted(c for c in codes if w.country(c) is None)


def top(counts: Counter[str], n: int = 3) -> str:
    best = sorted(counts.items(), key=lambda item: (-item[1], geo.country_name(item[0])))[:n]
    return ", ".join(f"{geo.country_name(code)} ({count})" for code, count in best)


def busiest(table: Corridors, n: int = 3) -> str:
    return ", ".join(
        f"{geo.country_name(o)} → {geo.country_name(d)} ({len(ps)})"
        for (o, d), ps in busiest_first(table, n).items()
    )


def missing_note(codes: Sequence[str]) -> str:
    if not codes:
        return ""
    names = ", ".join(geo.country_name(c) for c in codes)
    return f" Not drawn, for want of a shape at this scale: {names}."


# The three maps ----------------------------------------------------------------------------


def home_map(catalogue: Catalogue, source: str) -> str:
    """Every country shaded by its number of practices, every corridor, each country linked."""
    w = world()
    in_use = catalogue.index.get("countries", {})
    counts = Counter({code: len(practices) for code, practices in in_use.items()})
    every = corridors(catalogue.sorted_practices)
    table = busiest_first(every, MAX_CORRIDORS)
    desc = (
        f"World map of the {len(counts)} countries named by practices in the Atlas, shaded by "
        f"their number of practices (1, 2–3, 4 or more); most often named: {top(counts)}. "
        f"{corridor_summary(table, len(every))} join a country of origin to a country of "
        f"destination, marked by a dot; the busiest: {busiest(table) or 'none'}."
        + missing_note(unmapped(counts))
    )
    frame = Frame("atlas-map", w.width, w.height, "Where the practices are", desc, bool(counts))
    parts = [svg_open(frame, "atlas-map__svg"), '<g class="atlas-countries">']
    drawn = [c for c in counts if w.country(c) is not None]
    for code in sorted(drawn, key=lambda c: (is_small(w.countries[c]), c)):
        count = counts[code]
        parts.append(
            link_open(
                page_url(country_src(code), source),
                f"{geo.country_name(code)}: {plural(count)}",
            )
            + shape(w.countries[code], level(count), "home")
            + "</a>"
        )
    parts.append("</g>" + corridor_layer(table) + "</svg>")
    items = [
        (css, text) for low, css, text in reversed(LEVELS) if counts and low <= max(counts.values())
    ]
    key = legend(items + ([ARC_LEGEND] if table else []), "Map key")
    country_rows = []
    for code in sorted(counts, key=lambda c: (geo.country_name(c).casefold(), c)):
        per_role = [sum(code in p.countries(r) for p in in_use[code]) for r in ROLES]
        country_rows.append([country_cell(code, source), str(counts[code]), *map(str, per_role)])
    tables = [
        data_table(
            "The map's countries as a table",
            ["Country", "Practices", "As origin", "As destination", "As transit"],
            country_rows,
            numeric=(1, 2, 3, 4),
        )
    ]
    if table:
        tables.append(corridor_table(table, len(every), source, "The map's corridors as a table"))
    return wrap("home", "".join(parts), key, tables)


def country_map(catalogue: Catalogue, code: str, source: str) -> str:
    """One country highlighted, the countries it shares practices with linked, its corridors.

    Returns "" for a country that no practice names (it has no page either).
    """
    w = world()
    practices = catalogue.index.get("countries", {}).get(code, [])
    if not practices:
        return ""
    name = geo.country_name(code)
    partners: Counter[str] = Counter()
    for practice in practices:
        partners.update(c for c in practice.countries() if c != code)
    every = {pair: ps for pair, ps in corridors(practices).items() if code in pair}
    table = busiest_first(every, MAX_CORRIDORS)
    here = w.country(code)
    where = "" if here else f" {name} itself is too small to be drawn at this scale."
    desc = (
        f"Map highlighting {name}, named by {plural(len(practices))}, and the "
        f"{plural(len(partners), 'country')} named together with it"
        + (f", most often {top(partners)}" if partners else "")
        + f". {corridor_summary(table, len(every))} show its corridors from origin to destination"
        + (f": {busiest(table)}." if table else ".")
        + where
        + missing_note(unmapped(partners))
    )
    drawn = [c for c in partners if w.country(c) is not None]
    view = pick(w.countries[c].point for c in [*drawn, code] if w.country(c) is not None)
    frame = Frame(
        "atlas-country-map",
        view.width,
        view.height,
        f"{name} on the map",
        desc,
        links=bool(partners),
        x=view.x,
        y=view.y,
    )
    parts = [svg_open(frame, "atlas-map__svg"), '<g class="atlas-countries">']
    for partner in sorted(drawn, key=lambda c: (is_small(w.countries[c], view.zoom), c)):
        count = partners[partner]
        parts.append(
            link_open(
                page_url(country_src(partner), source),
                f"{geo.country_name(partner)}: {plural(count)} shared with {name}",
            )
            + shape(w.countries[partner], "atlas-partner", "country", zoom=view.zoom)
            + "</a>"
        )
    if here:
        parts.append(shape(here, "atlas-here", "country", marker=True, zoom=view.zoom))
    parts.append("</g>" + corridor_layer(table, view.zoom) + "</svg>")
    items = [("atlas-here", name)]
    if partners:
        items.append(("atlas-partner", "Named in the same practices"))
    if table:
        items.append(ARC_LEGEND)
    rows = [[html_text(f"{name}: all its practices"), str(len(practices))]]
    rows += [
        [country_cell(c, source), str(partners[c])]
        for c in sorted(partners, key=lambda c: (-partners[c], geo.country_name(c).casefold()))
    ]
    tables = [
        data_table(
            "The map's countries as a table",
            ["Country", f"Practices shared with {name}"],
            rows,
            numeric=(1,),
        )
    ]
    if table:
        tables.append(corridor_table(table, len(every), source, f"Corridors of {name}, as a table"))
    return wrap("country", "".join(parts), legend(items, "Map key"), tables, view.name)


def region_countries(regions: Iterable[str]) -> list[str]:
    """The countries of the M49 regions given (and of the regions inside them)."""
    wanted = set(regions)
    return sorted(
        code for code, entry in geo.m49()["countries"].items() if wanted & set(entry["regions"])
    )


def locator_map(catalogue: Catalogue, practice: Practice, source: str) -> str:
    """A small map of a practice's countries by role (or of its regions), without links.

    A practice without countries shows the countries of its regions as one shape. Returns ""
    when there is nothing to locate: no country and no region, or regions covering most of the
    world (a practice open to every region), where a map would say less than the word "global".
    The data table's names link to the country and region pages.
    """
    w = world()
    roles = {role: practice.countries(role) for role in ROLES}
    places = [c for role in ROLES for c in roles[role]]
    regions = practice.ids("regions") if not places else []
    shaded = region_countries(regions)
    if not places and not 0 < len(shaded) <= WORLDWIDE * len(geo.m49()["countries"]):
        return ""
    table = corridors([practice])
    if places:
        said = "; ".join(
            f"{role}: " + ", ".join(geo.country_name(c) for c in codes)
            for role, codes in roles.items()
            if codes
        )
        desc = f"Map of the practice's countries, by role ({said})." + missing_note(
            unmapped(places)
        )
    else:
        names = ", ".join(catalogue.taxonomy.label("regions", r) for r in regions)
        desc = f"Map of the region{'s' if len(regions) > 1 else ''} of the practice: {names}."
    anchors = [w.countries[c].point for c in [*places, *shaded] if w.country(c) is not None]
    view = pick(anchors)
    frame = Frame(
        "atlas-locator",
        view.width,
        view.height,
        f"Where: {practice.title}",
        desc,
        links=False,
        x=view.x,
        y=view.y,
    )
    parts = [svg_open(frame, "atlas-map__svg"), '<g class="atlas-countries">']
    region_d = "".join(w.countries[c].d for c in shaded if w.country(c) is not None)
    if region_d:
        parts.append(f'<path class="atlas-region" d="{region_d}"/>')
    done: set[str] = set()
    for role in ROLES:  # a country in two roles is drawn in the first
        for code in sorted(roles[role]):
            country = w.country(code)
            if country is None or code in done:
                continue
            done.add(code)
            parts.append(shape(country, f"atlas-{role}", "locator", marker=True, zoom=view.zoom))
    parts.append("</g>" + corridor_layer(table, view.zoom) + "</svg>")
    if places:
        items = [(f"atlas-{r}", f"Country of {r}") for r in ROLES if roles[r]]
        if table:
            items.append(ARC_LEGEND)
        rows = [[country_cell(c, source), role] for role in ROLES for c in roles[role]]
        tables = [data_table("The map's countries as a table", ["Country", "Role"], rows)]
    else:
        items = [("atlas-region", "Region of the practice")]
        rows = [
            [
                html_link(
                    page_url(term_src("regions", r), source),
                    catalogue.taxonomy.label("regions", r),
                ),
                str(len(region_countries([r]))),
            ]
            for r in regions
        ]
        tables = [
            data_table("The map's regions as a table", ["Region", "Countries"], rows, numeric=(1,))
        ]
    return wrap("locator", "".join(parts), legend(items, "Map key"), tables, view.name)
