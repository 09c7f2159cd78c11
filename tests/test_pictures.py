"""The pictures (atlas.pictures): accessible, linked, deterministic, light, and palette-safe.

Every test works on the pure functions' output (no MkDocs build), parsed as XML: the pictures are
written as well-formed markup, which this also checks. The page-weight test prints the bytes each
page gains (run with `-s` to see them).
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import markdown
import nh3
import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from atlas import catalogue, geo, pictures
from atlas.clock import today
from atlas.pictures import frames, geometry, topojson, urls, world
from atlas.pictures import map as maps
from atlas.pictures.matrix import bands
from atlas.pictures.timeline import spans
from atlas.site import pages as site_pages
from atlas.site import sanitize
from atlas.urlpaths import relpath
from atlas.vocabularies import BY_PARAM
from tests.sitetools import REPO

DAY = today()  # one build day for every load in this module, as one build has
CSS = REPO / "atlas/theme/assets/pictures/pictures.css"


@pytest.fixture(scope="module")
def real() -> catalogue.Catalogue:
    result = catalogue.load(REPO, build_day=DAY)
    assert result.ok, [p.text() for p in result.problems if p.is_error]
    return result.catalogue


def all_outputs(cat: catalogue.Catalogue) -> dict[str, str]:
    """docs path of the page -> the pictures' HTML on it (home, every country, every practice)."""
    out = {"index.md": pictures.home_pictures(cat, "index.md")}
    for code in sorted(cat.index.get("countries", {})):
        src = urls.country_src(code)
        out[src] = pictures.country_map(cat, code, src)
    for practice in cat.sorted_practices:
        src = urls.practice_src(practice.slug)
        out[src] = pictures.locator_map(cat, practice, src)
    return out


def blocks(text: str) -> list[ET.Element]:
    """The raw-HTML blocks of a picture output (Markdown headings skipped), parsed as XML."""
    html = "".join(line for line in text.splitlines() if line.startswith("<"))
    return list(ET.fromstring(f"<root>{html}</root>"))


def descendants(element: ET.Element, tag: str) -> list[ET.Element]:
    return list(element.iter(tag))


def served(src: str) -> str:
    return urls.served_dir(src)


def resolve(href: str, source: str) -> str:
    """The served folder an href points to, from the page at docs path `source`."""
    path = urlsplit(href).path
    base = served(source)
    joined = posixpath.normpath(posixpath.join(base or ".", path))
    return "" if joined == "." else joined.strip("/") + "/"


# Accessibility ------------------------------------------------------------------------------


def test_every_svg_has_a_title_a_description_and_a_fitting_role(real) -> None:
    for source, text in all_outputs(real).items():
        ids: list[str] = []
        for block in blocks(text):
            ids += [e.get("id") for e in block.iter() if e.get("id")]
            for svg in descendants(block, "svg"):
                role = svg.get("role")
                assert role in ("img", "group"), (source, role)
                titles = {t.get("id"): t for t in svg.findall("title")}
                descs = {d.get("id"): d for d in svg.findall("desc")}
                assert svg.get("aria-labelledby") in titles, source
                assert svg.get("aria-describedby") in descs, source
                assert "".join(titles[svg.get("aria-labelledby")].itertext()).strip()
                assert len("".join(descs[svg.get("aria-describedby")].itertext())) > 40
                links = descendants(svg, "a")
                if role == "img":  # an img's children are presentational: no link may hide there
                    assert not links, source
                else:
                    assert links, f"{source}: a group without links should be an img"
                for a in links:
                    name = a.find("title")
                    label = "".join(name.itertext()) if name is not None else ""
                    label = label or "".join("".join(t.itertext()) for t in a.iter("text"))
                    assert label.strip(), f"{source}: a link without an accessible name"
        assert len(ids) == len(set(ids)), f"{source}: duplicate ids {ids}"


def test_every_picture_has_a_data_table(real) -> None:
    for source, text in all_outputs(real).items():
        for block in blocks(text):
            if "atlas-matrix" in block.get("class", ""):
                table = block.find("table")
                assert table is not None and table.find("caption") is not None
                assert {th.get("scope") for th in table.iter("th")} == {"col", "row"}
                continue
            if not descendants(block, "svg"):
                continue
            details = descendants(block, "details")
            assert details, source
            for item in details:
                assert item.find("summary") is not None
                table = item.find("table")
                assert table is not None and table.find("tbody") is not None
                assert all(th.get("scope") in ("col", "row") for th in table.iter("th"))
                assert list(table.find("tbody")), f"{source}: an empty data table"


def test_home_page_has_map_matrix_and_timeline(real) -> None:
    text = pictures.home_pictures(real, "index.md")
    assert re.findall(r"^## (.+)$", text, re.M) == [
        "Where the practices are",
        "Typologies and themes",
        "Practices over time",
    ]
    kinds = [b.get("class") for b in blocks(text)]
    assert [k.split()[1] for k in kinds] == ["atlas-map", "atlas-matrix", "atlas-timeline"]


# Links ---------------------------------------------------------------------------------------


def test_every_link_resolves_to_a_page_the_site_generates(real) -> None:
    generated = set(site_pages.SitePages(real).all())
    hand_written = {
        p.relative_to(REPO / "content/pages").as_posix()
        for p in (REPO / "content/pages").rglob("*.md")
    }
    targets = {served(src): src for src in generated | hand_written | {urls.EXPLORE_SRC}}
    countries = {served(urls.country_src(c)) for c in real.index["countries"]}
    for source, text in all_outputs(real).items():
        for block in blocks(text):
            for a in block.iter("a"):
                href = a.get("href")
                assert href and not href.startswith(("/", "http")), (source, href)
                target = resolve(href, source)
                assert target in targets, f"{source}: {href} -> {target} is no page"
                if target.startswith("countries/"):
                    assert target in countries, (source, href)


def test_country_links_on_the_home_map_cover_every_country_in_use(real) -> None:
    home = blocks(pictures.home_pictures(real, "index.md"))[0]
    svg = home.find(".//svg")
    linked = {resolve(a.get("href"), "index.md") for a in svg.iter("a")}
    drawable = {c for c in real.index["countries"] if world.world().country(c)}
    assert linked == {f"countries/{c.lower()}/" for c in drawable}


def test_links_from_a_practice_page_climb_two_folders(real) -> None:
    practice = real.practices["palim-belgium-morocco-ict"]
    html = pictures.locator_map(real, practice, urls.practice_src(practice.slug))
    assert 'href="../../countries/ma/"' in html and 'href="../../countries/be/"' in html


def test_matrix_cells_open_the_explorer_with_both_filters(real) -> None:
    matrix = blocks(pictures.home_pictures(real, "index.md"))[1]
    seen = 0
    for td in matrix.iter("td"):
        a = td.find("a")
        if a is None:
            assert td.text in ("0", None) or td.text.isdigit()
            continue
        href = a.get("href")
        assert href.startswith("explore/?"), href
        query = parse_qs(urlsplit(href).query)
        for param, values in query.items():
            vocabulary = BY_PARAM[param].vocabulary
            assert values[0] in real.taxonomy.ids(vocabulary), href
        typology, theme = query.get("typology", [None])[0], query.get("theme", [None])[0]
        if typology and theme:
            seen += 1
            expected = {p.slug for p in real.practices_with("typologies", typology)} & {
                p.slug for p in real.practices_with("themes", theme)
            }
            assert int(a.text) == len(expected)
            assert a.get("aria-label").startswith(a.text + " practice")
    assert seen > 10


def test_timeline_bars_link_to_their_practices_in_order(real) -> None:
    timeline = blocks(pictures.home_pictures(real, "index.md"))[2]
    placed, undated = spans(real)
    svg = timeline.find(".//svg")
    hrefs = [a.get("href") for a in svg.iter("a")]
    assert hrefs == [f"practices/{s.practice.slug}/" for s in placed]
    listed = timeline.find("p")
    assert [a.get("href") for a in listed.iter("a")] == [f"practices/{p.slug}/" for p in undated]
    starts = [s.start for s in placed]
    assert starts == sorted(starts)


@pytest.mark.parametrize(
    ("target", "source", "url"),
    [
        ("countries/sn.md", "index.md", "countries/sn/"),
        ("countries/sn.md", "practices/x.md", "../../countries/sn/"),
        ("countries/be.md", "countries/sn.md", "../be/"),
        ("countries/sn.md", "countries/sn.md", "./"),
        ("explore.md", "practices/x.md", "../../explore/"),
        ("index.md", "practices/x.md", "../../"),
        ("countries/index.md", "index.md", "countries/"),
        ("practices/a.md", "countries/index.md", "../practices/a/"),
    ],
)
def test_page_url_follows_directory_urls(target: str, source: str, url: str) -> None:
    assert urls.page_url(target, source) == url


def test_page_url_is_the_relative_path_between_served_folders_for_any_pair() -> None:
    """The shortcut for pages in different folders gives what `posixpath.relpath` gives,
    including folders whose names start alike (`a/` and `ab/`) and paged lists."""
    sources = [
        "index.md",
        "a.md",
        "ab.md",
        "ab/index.md",
        "ab/c.md",
        "practices/index.md",
        "practices/a.md",
        "practices/ab.md",
        "practices/page/2.md",
        "themes/tvet/page/3.md",
        "countries/sn.md",
        "about/performance.md",
    ]
    for target in sources:
        for source in sources:
            path = posixpath.relpath(urls.served_dir(target) or ".", urls.served_dir(source) or ".")
            expected = ("./" if path == "." else path + "/") + "?q=1"
            assert urls.page_url(target, source, "?q=1") == expected, (target, source)


_SEGMENT = st.text(alphabet="ab-.1", min_size=1, max_size=3).filter(lambda s: s not in (".", ".."))
_CLEAN_PATH = st.lists(_SEGMENT, max_size=4).map("/".join)


@given(_CLEAN_PATH, _CLEAN_PATH)
def test_relpath_between_clean_paths_is_posixpaths(target: str, start: str) -> None:
    """`urlpaths.relpath` gives what `posixpath.relpath` gives, without asking the system for
    the working folder, for the site's clean relative paths ("" for the root)."""
    assert relpath(target, start) == posixpath.relpath(target or ".", start or ".")


def test_source_paths_agree_with_the_site_pages() -> None:
    assert urls.country_src("SN") == site_pages.country_src("SN")
    assert urls.practice_src("x") == site_pages.practice_src("x")
    assert urls.EXPLORE_SRC == site_pages.EXPLORE_SRC
    facet = site_pages.BY_VOCABULARY["regions"]
    assert urls.term_src("regions", "western-africa") == site_pages.term_src(
        facet, "western-africa"
    )


# Determinism ---------------------------------------------------------------------------------


def test_pictures_are_byte_identical_across_calls_and_loads(real) -> None:
    again = catalogue.load(REPO, build_day=DAY).catalogue
    first = all_outputs(real)
    assert first == all_outputs(real)
    assert first == all_outputs(again)
    assert pictures.static_files(real) == pictures.static_files(again)


def test_world_data_file_is_reproducible(tmp_path: Path) -> None:
    if shutil.which("npm") is None:
        pytest.skip("npm is not on the PATH: cannot install world-atlas to regenerate the data")
    out = tmp_path / "world.json"
    run = subprocess.run(
        [sys.executable, str(REPO / "scripts/build_world_map.py"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    npm_failed = "npm" in run.stderr and "returned non-zero exit status" in run.stderr
    if run.returncode != 0 and npm_failed:
        pytest.skip(
            f"npm could not install world-atlas (registry unreachable?): {run.stderr[-300:]}"
        )
    assert run.returncode == 0, run.stderr
    assert out.read_bytes() == (REPO / "atlas/data/world-110m.json").read_bytes()


def test_world_data_names_its_source_and_stays_small() -> None:
    raw = json.loads((REPO / "atlas/data/world-110m.json").read_text(encoding="utf-8"))
    source = raw["source"]
    assert source["package"] == "world-atlas" and source["version"] == "2.0.2"
    assert source["package_licence"] == "ISC" and "public domain" in source["data_licence"]
    assert (REPO / "atlas/data/world-110m.json").stat().st_size < 150_000
    assert set(raw["countries"]) <= {c.alpha_2 for c in pycountry.countries}
    assert "AQ" not in raw["countries"] and "GF" in raw["countries"]


# Edge cases ----------------------------------------------------------------------------------


def test_countries_without_a_shape_and_undated_practices(project) -> None:
    """Gibraltar has no shape at 1:110m or 1:50m: it is listed and named, never drawn."""
    project.write_practice(
        "gibraltar-link",
        title="Gibraltar and Ghana training link",
        countries="{origin: [GH], destination: [GI]}",
        period="{end: 2020}",
    )
    cat = project.load().catalogue
    home = pictures.home_pictures(cat, "index.md")
    assert "Gibraltar" in home and 'href="countries/gi/"' in home  # in the data table
    svg = blocks(home)[0].find(".//svg")
    assert "countries/gi/" not in {a.get("href") for a in svg.iter("a")}
    assert "Not drawn, for want of a shape at this scale: Gibraltar." in svg.find("desc").text
    assert "Without a start year (1)" in home
    gi = pictures.country_map(cat, "GI", urls.country_src("GI"))
    assert "too small to be drawn" in gi
    assert pictures.country_map(cat, "FR", urls.country_src("FR")) == ""


def test_locator_of_a_practice_without_place_or_worldwide_is_empty(real) -> None:
    for practice in real.sorted_practices:
        html = pictures.locator_map(real, practice, urls.practice_src(practice.slug))
        regions = maps.region_countries(practice.ids("regions"))
        if practice.countries():
            assert html
        elif not regions or len(regions) > maps.WORLDWIDE * len(geo.m49()["countries"]):
            assert html == "", practice.slug
        else:
            assert "atlas-region" in html


def test_locator_zooms_to_the_smallest_view_holding_its_countries(real) -> None:
    palim = real.practices["palim-belgium-morocco-ict"]
    html = pictures.locator_map(real, palim, urls.practice_src(palim.slug))
    view = frames.views()["europe-mena"]
    assert "atlas-view-europe-mena" in html
    assert f'viewBox="{view.x} {view.y} {view.width} {view.height}"' in html


# Styles and the sanitiser ---------------------------------------------------------------------


def test_stylesheet_carries_the_current_view_rules() -> None:
    assert frames.frames_css() in CSS.read_text(encoding="utf-8"), (
        "paste atlas.pictures.frames.frames_css() into pictures.css"
    )


def _hex(value: str) -> tuple[float, float, float]:
    return tuple(int(value[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(_hex(a)), _luminance(_hex(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _palettes() -> dict[str, dict[str, str]]:
    css = CSS.read_text(encoding="utf-8")
    found = {}
    for name, selector in (
        ("default", r":root,\s*\[data-md-color-scheme=\"default\"\]"),
        ("slate", r"\[data-md-color-scheme=\"slate\"\]"),
    ):
        body = re.search(selector + r"\s*\{([^}]*)\}", css).group(1)
        found[name] = dict(re.findall(r"--(atlas-[\w-]+):\s*(#[0-9a-fA-F]{6})", body))
    return found


# Material's page backgrounds: white, and slate's hsl(225, 15%, 14%).
BACKGROUNDS = {"default": "#ffffff", "slate": "#1e2129"}


def test_palette_colours_keep_their_contrast_in_both_schemes() -> None:
    palettes = _palettes()
    assert set(palettes["default"]) == set(palettes["slate"])
    for scheme, colours in palettes.items():
        bg = BACKGROUNDS[scheme]
        marks = [k for k in colours if k.startswith("atlas-s-")] + [
            "atlas-arc",
            "atlas-destination",
            "atlas-transit",
        ]
        for key in marks:  # bars, lines, markers: WCAG 1.4.11, 3:1 against the page
            assert _contrast(colours[key], bg) >= 3, (scheme, key)
        for level in ("c1", "c2", "c3"):  # matrix numbers on shaded cells: 4.5:1
            assert _contrast(colours[f"atlas-on-{level}"], colours[f"atlas-{level}"]) >= 4.5
        assert _contrast(colours["atlas-land"], bg) > 1.15  # the land shows against the sea


def test_status_colours_cover_the_taxonomy(real) -> None:
    css = CSS.read_text(encoding="utf-8")
    for status in real.taxonomy.ids("status"):
        assert f".atlas-s-{status} {{" in css, status


def _sanitizer():
    """The site's sanitiser; until it allows SVG, the same call with the proposed additions."""
    if "svg" in sanitize.TAGS:
        return sanitize.sanitize
    tags = set(sanitize.TAGS) | set(pictures.SVG_TAGS)
    attributes = {k: set(v) for k, v in sanitize.ATTRIBUTES.items()}
    for tag, names in pictures.SVG_ATTRIBUTES.items():
        attributes.setdefault(tag, set()).update(names)

    def clean(html: str) -> str:
        return nh3.clean(
            html,
            tags=tags,
            clean_content_tags={
                "script",
                "style",
                "iframe",
                "object",
                "embed",
                "math",
                "template",
                "textarea",
            },
            attributes=attributes,
            generic_attribute_prefixes={"data-", "aria-"},
            url_schemes=sanitize.URL_SCHEMES,
            link_rel=None,
            strip_comments=True,
        )

    return clean


def _shape(element: ET.Element) -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    """Every element with its attributes and text, in order: what a sanitiser must keep."""
    return [(e.tag, tuple(sorted(e.attrib.items())), e.text or "") for e in element.iter()]


def test_pictures_survive_markdown_and_the_sanitiser(real) -> None:
    extensions = ["toc", "tables", "def_list", "attr_list", "md_in_html", "admonition"]
    clean = _sanitizer()
    outputs = all_outputs(real)
    for source in ("index.md", "countries/sn.md", "practices/thamm-north-africa.md"):
        text = outputs[source]
        html = clean(markdown.markdown(text, extensions=extensions))
        page = ET.fromstring(f"<root>{html}</root>")
        kept = [d for d in page.iter("div") if "atlas-picture" in d.get("class", "")]
        assert [_shape(d) for d in kept] == [_shape(b) for b in blocks(text)], source


def test_proposed_allowlist_still_strips_dangerous_svg() -> None:
    clean = _sanitizer()
    nasty = (
        '<svg onload="x()"><a href="javascript:alert(1)"><circle r="1"/></a><script>x()</script>'
        '<foreignObject><p>hi</p></foreignObject><use href="#a"/><style>*{}</style>'
        '<set attributeName="href" to="javascript:x()"/><image href="https://e.x/a.png"/></svg>'
    )
    out = clean(nasty)
    for bad in (
        "onload",
        "javascript",
        "script",
        "foreignObject",
        "<use",
        "style",
        "<set",
        "image",
    ):
        assert bad not in out, out


# Page weight ---------------------------------------------------------------------------------


def test_page_weight(real) -> None:
    outputs = all_outputs(real)
    sizes = {src: len(html.encode()) for src, html in outputs.items()}
    gz = {src: len(gzip.compress(html.encode(), mtime=0)) for src, html in outputs.items()}
    countries = [s for s in sizes if s.startswith("countries/")]
    practices = [s for s in sizes if s.startswith("practices/") and sizes[s]]
    base = pictures.static_files(real)[world.BASE_FILE]
    report = [
        f"home page pictures: {sizes['index.md']} B ({gz['index.md']} B gzipped)",
        f"country map: mean {sum(sizes[s] for s in countries) // len(countries)} B, "
        f"max {max(sizes[s] for s in countries)} B "
        f"(gzipped max {max(gz[s] for s in countries)} B)",
        f"practice locator: mean {sum(sizes[s] for s in practices) // len(practices)} B, "
        f"max {max(sizes[s] for s in practices)} B "
        f"(gzipped max {max(gz[s] for s in practices)} B); "
        f"{len(outputs) - 1 - len(countries) - len(practices)} practices without one",
        f"shared world.svg: {len(base)} B ({len(gzip.compress(base, mtime=0))} B gzipped), "
        f"stylesheet: {CSS.stat().st_size} B",
    ]
    print("\n" + "\n".join(report))
    assert sizes["index.md"] < 90_000
    assert max(sizes[s] for s in countries) < 25_000
    assert max(sizes[s] for s in practices) < 15_000
    assert len(base) < 60_000


# Geometry ------------------------------------------------------------------------------------


def test_equal_earth_is_symmetric_and_bounded() -> None:
    x, y = geometry.equal_earth(180, 0)
    assert x == pytest.approx(2.7064, abs=1e-3) and y == 0
    assert geometry.equal_earth(-30, 40) == pytest.approx(
        (-geometry.equal_earth(30, 40)[0], geometry.equal_earth(30, 40)[1])
    )
    assert geometry.equal_earth(0, 90)[1] == pytest.approx(-1.3173, abs=1e-3)


def test_visvalingam_keeps_the_ends_and_the_corners() -> None:
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (2.0, 2.0), (2.01, 3.0), (2.0, 4.0)]
    assert geometry.visvalingam(line, 0.1) == [0, 2, 5]
    ring = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
    assert geometry.visvalingam(ring, 100, keep=4) == [0, 2, 3, 4]


def test_rings_across_the_antimeridian_are_cut() -> None:
    ring = [(170.0, 0.0), (-170.0, 0.0), (-170.0, 10.0), (170.0, 10.0)]
    pieces = geometry.split_antimeridian(ring)
    assert len(pieces) == 2
    for piece in pieces:
        lons = [lon for lon, _ in piece]
        assert max(lons) - min(lons) <= 10 + 1e-9


def test_numbers_are_formatted_the_same_everywhere() -> None:
    assert [geometry.num(v) for v in (1.0, -0.04, 2.25, 1234.56)] == ["1", "0", "2.2", "1234.6"]
    assert geometry.ring_path([(1, 1), (3, 1), (3, -2), (1, 1)]) == "M1 1l2 0 0-3z"


def test_topojson_decoding_undoes_delta_coding() -> None:
    topology = {
        "transform": {"scale": [0.5, 2.0], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 1]], [[2, 1], [-2, -1]]],
    }
    arcs = topojson.decode_arcs(topology)
    assert arcs[0] == [(10.0, 20.0), (11.0, 20.0), (11.0, 22.0)]
    assert topojson.ring_points([0, ~1], [[(0, 0), (1, 0)], [(0, 0), (1, 0)]]) == [
        (0, 0),
        (1, 0),
        (0, 0),
    ]


def test_matrix_bands_spread_over_the_counts() -> None:
    assert bands(0) == []
    assert bands(2) == [(1, 1, "atlas-c1"), (2, 2, "atlas-c2")]
    assert bands(10) == [(1, 3, "atlas-c1"), (4, 6, "atlas-c2"), (7, 10, "atlas-c3")]
