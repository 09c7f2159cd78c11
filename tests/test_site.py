"""The site as a reader and a contributor meet it: pages, cross-links, indexes, reproducibility."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import material
import pytest

from atlas import catalogue, geo
from atlas.mkdocs_plugin import commands
from atlas.site.sanitize import sanitize
from tests.sitetools import REPO, broken_links, copy_project, elements

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert commands.build(REPO, out) == 0
    return out


@pytest.fixture(scope="module")
def real() -> catalogue.Catalogue:
    result = catalogue.load(REPO)
    assert result.ok, [p.text() for p in result.problems if p.is_error]
    return result.catalogue


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_every_practice_and_actor_has_its_page(site: Path, real: catalogue.Catalogue) -> None:
    for slug, practice in real.practices.items():
        html = page(site, f"practices/{slug}")
        assert practice.title.split(":")[0].replace("&", "&amp;") in html
    for slug in real.actors:
        assert (site / "actors" / slug / "index.html").is_file()


def test_every_term_country_and_region_in_use_has_its_page(
    site: Path, real: catalogue.Catalogue
) -> None:
    folders = {
        "typologies": "typologies",
        "themes": "themes",
        "sectors": "sectors",
        "target_groups": "target-groups",
        "gcm_objectives": "gcm-objectives",
        "regions": "regions",
        "status": "status",
        "evidence": "evidence",
    }
    for vocabulary, folder in folders.items():
        for term_id in real.index.get(vocabulary, {}):
            assert (site / folder / str(term_id) / "index.html").is_file(), (folder, term_id)
        assert (site / folder / "index.html").is_file()
    for code in real.index["countries"]:
        assert (site / "countries" / code.lower() / "index.html").is_file()
    assert (site / "taxonomy" / "index.html").is_file()


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    assert broken_links(site) == []


def test_practice_page_links_its_facets_actors_and_sources(site: Path) -> None:
    html = page(site, "practices/palim-belgium-morocco-ict")
    assert 'href="../../themes/legal-pathways/"' in html
    assert 'href="../../countries/ma/"' in html
    assert 'href="../../actors/enabel/"' in html
    assert "Morocco → Belgium" in html
    assert 'href="https://' in html  # a source
    assert 'id="related-practices"' in html
    edit = re.search(r'href="([^"]+)"[^>]*title="Edit this page"', html)
    assert edit and edit.group(1).endswith(
        "/edit/main/content/practices/palim-belgium-morocco-ict.md"
    )


def test_actor_page_lists_its_practices_by_role(site: Path, real: catalogue.Catalogue) -> None:
    html = page(site, "actors/enabel")
    for practice, _role in real.roles_of_actor["enabel"]:
        assert f'href="../../practices/{practice.slug}/"' in html
    assert "As lead" in html


def test_region_page_lists_practices_through_their_countries(
    site: Path, real: catalogue.Catalogue
) -> None:
    in_ghana = [p for p in real.practices.values() if "GH" in p.countries()]
    assert in_ghana, "the content has a practice in Ghana"
    for region in geo.country_regions("GH"):  # western-africa and sub-saharan-africa
        html = page(site, f"regions/{region}")
        for practice in in_ghana:
            assert f'href="../../practices/{practice.slug}/"' in html


def test_home_page_has_search_entry_points_and_recent_reviews(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert 'action="explore/"' in html
    assert 'href="typologies/diaspora-entrepreneurship/"' in html
    assert "Recently reviewed" in html


def test_header_search_finds_practices_by_theme_label(site: Path) -> None:
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Qualification recognition" in index or "qualification" in index.lower()


def digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_same_content_builds_byte_identical_output(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert commands.build(REPO, again) == 0
    assert digest(site) == digest(again)


MATERIAL_PARTIALS = Path(material.__file__).parent / "templates" / "partials"
SHARED_PARTS = ("nav", "tabs")  # the theme's partials rendered once for many pages
SHARED_BLOCKS = re.compile(r"^\{% block \w+ %\}\{% if atlas_parts is defined %\}.*\n", re.M)


def _shared_part_body(text: str) -> str:
    return text.split("{% set atlas_html %}", 1)[1].split("{% endset %}", 1)[0]


def _material_body(name: str) -> str:
    text = (MATERIAL_PARTIALS / f"{name}.html").read_text(encoding="utf-8")
    return text.split("-#}\n", 1)[1].removesuffix("\n")


@pytest.mark.parametrize("name", SHARED_PARTS)
def test_the_shared_navigation_partials_are_materials_own(name: str) -> None:
    """The theme renders Material's navigation once for many pages: inside the caching it must be
    Material's partial, unchanged (a Material upgrade that changes it fails here)."""
    ours = (REPO / "atlas" / "theme" / "partials" / f"{name}.html").read_text(encoding="utf-8")
    assert _shared_part_body(ours) == _material_body(name)


def test_pages_sharing_the_navigation_are_as_material_renders_them(
    site: Path, tmp_path: Path
) -> None:
    """With Material's own navigation partials and blocks (header, styles, footer, config,
    scripts), rendered afresh on every page, every file of the site is byte-identical to the
    site built with the shared renderings."""
    project = copy_project(tmp_path)
    shutil.copytree(REPO / "docs", project / "docs")
    for name in SHARED_PARTS:
        (project / "atlas" / "theme" / "partials" / f"{name}.html").unlink()
    main = project / "atlas" / "theme" / "main.html"
    text, found = SHARED_BLOCKS.subn("", main.read_text(encoding="utf-8"))
    assert found == 5
    main.write_text(text, encoding="utf-8")  # Material's blocks rendered afresh on every page
    plain = project / "build" / "site"
    assert commands.build(project, plain) == 0
    ours = digest(site)
    assert ours == digest(plain)
    sidebars = set()
    for path in ours:
        if re.fullmatch(r"practices/[^/]+/index\.html", path):
            html = (site / path).read_text(encoding="utf-8")
            sidebars.add(html[html.index("md-nav--primary") : html.index("md-sidebar--secondary")])
    assert len(sidebars) == 1 and 'href="../../about/"' in sidebars.pop()  # one for every entry


def test_the_performance_report_is_published_under_about(site: Path) -> None:
    html = page(site, "about/performance")
    assert "<title>Performance - " in html and "<table>" in html
    assert "build / floor" in html
    assert 'href="performance/"' in page(site, "about")


def test_a_project_without_the_performance_report_builds_strictly_without_its_link(
    tmp_path: Path,
) -> None:
    project = copy_project(tmp_path)
    assert not (project / "docs" / "performance.md").exists()
    out = project / "build" / "site"
    assert commands.build(project, out) == 0
    assert not (out / "about" / "performance").exists()
    about = page(out, "about")
    assert "About the Atlas" in about and "performance/" not in about


def test_a_practice_past_24_months_shows_needs_review(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    entry = project / "content" / "practices" / "palim-belgium-morocco-ict.md"
    text = re.sub(r"last_reviewed: .*", "last_reviewed: 2020-01-15", entry.read_text())
    entry.write_text(text)
    out = project / "build" / "site"
    assert commands.build(project, out) == 0
    html = page(out, "practices/palim-belgium-morocco-ict")
    assert "Needs review" in html and "(needs review)" in html
    assert "Needs review" not in page(out, "practices/digital-explorers")


def test_a_broken_entry_fails_the_build_and_keeps_the_last_good_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path)
    out = project / "build" / "site"
    assert commands.build(project, out) == 0
    before = (out / "index.html").read_bytes()
    entry = project / "content" / "practices" / "digital-explorers.md"
    entry.write_text(entry.read_text().replace("status:", "statuss:", 1))
    assert commands.build(project, out) == 1
    assert "content/practices/digital-explorers.md" in capsys.readouterr().err
    assert (out / "index.html").read_bytes() == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".site-")]


def test_a_broken_link_in_an_entry_fails_the_build_naming_the_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path)
    entry = project / "content" / "practices" / "digital-explorers.md"
    entry.write_text(entry.read_text() + "\nSee [a missing page](no-such-practice.md).\n")
    assert commands.build(project, project / "build" / "site") == 1
    err = capsys.readouterr().err
    assert "content/practices/digital-explorers.md" in err
    assert "no-such-practice.md" in err
    assert not (project / "build" / "site").exists()


def test_a_broken_anchor_in_an_entry_fails_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path)
    entry = project / "content" / "practices" / "digital-explorers.md"
    entry.write_text(entry.read_text() + "\nSee [PALIM](palim-belgium-morocco-ict.md#nowhere).\n")
    assert commands.build(project, project / "build" / "site") == 1
    assert "nowhere" in capsys.readouterr().err


def test_untrusted_markup_in_entries_is_inert(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    entry = project / "content" / "practices" / "digital-explorers.md"
    text = entry.read_text()
    text = re.sub(
        r"^title: .*$",
        'title: "<script>alert(1)</script> Digital Explorers"',
        text,
        count=1,
        flags=re.M,
    )
    text += (
        '\n<script>alert(2)</script>\n\n<img src="x.png" onerror="alert(3)">\n\n'
        '[click](javascript:alert(4))\n\n<iframe src="https://example.org"></iframe>\n'
        '\n<svg><script>alert(5)</script></svg>\n\nText{: onclick="alert(6)" }\n'
        '\n<p data-search-exclude="yes">Out of search</p>\n'
    )
    entry.write_text(text)
    out = project / "build" / "site"
    assert commands.build(project, out) == 0
    html = page(out, "practices/digital-explorers")
    article = html[html.index("<article") : html.index("</article>")]
    tags = elements(article)
    assert not [t for t in tags if t[0] in ("script", "iframe", "object", "embed")]
    assert not [(t, a) for t, attrs in tags for a in attrs if a.startswith("on")]
    assert not [v for _, attrs in tags for v in attrs.values() if "javascript:" in (v or "")]
    assert "alert(5)" not in article  # the script inside the SVG is gone with its content
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Digital Explorers" in article
    # Material's search plugin removes its own attributes, also from pages it does not index
    assert "<p>Out of search</p>" in article and "data-search-" not in html


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p><a>no address</a></p>", "<p><span>no address</span></p>"),
        (
            '<a href="javascript:alert(1)" title="a href=x &gt; y">x</a>',
            '<span title="a href=x &gt; y">x</span>',
        ),
        ('<a href="../x/">kept</a> <abbr>A</abbr>', '<a href="../x/">kept</a> <abbr>A</abbr>'),
        ('<a hreflang="en">no address</a>', '<span hreflang="en">no address</span>'),
        (
            "<a title='say href=\"x\"'>quoted</a>",
            '<span title="say href=&quot;x&quot;">quoted</span>',
        ),
        (
            "<svg><a><text>in SVG</text></a></svg><a>x</a>",
            "<svg><a><text>in SVG</text></a></svg><span>x</span>",
        ),
        (
            '<a href="../x/"><noscript><a></noscript></a> <a>y</a>',
            '<a href="../x/"><noscript><a></noscript></a> <span>y</span>',
        ),
        (
            "<noscript><svg></noscript><a>after</a>",
            "<noscript><svg></noscript><span>after</span>",
        ),
    ],
)
def test_a_link_without_a_safe_address_reads_as_text(html: str, expected: str) -> None:
    """Material's instant navigation stops for the rest of a visit after a click on an <a>
    without href: such links become <span>s, their end tag too, wherever they are, except inside
    SVG (where Material leaves links alone) and in <noscript> text (never markup to a browser
    that runs Material's scripts)."""
    assert sanitize(html) == expected
