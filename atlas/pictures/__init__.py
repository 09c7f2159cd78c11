"""Pictures of the catalogue: world maps, the typology × theme matrix and the timeline.

All are computed at build time from the catalogue alone, as SVG (the matrix as an HTML table),
styled only through CSS classes and Material's palette variables, with no JavaScript at run time,
and byte-identical from one build to the next (sorted iteration, fixed number formatting).
Nothing here imports MkDocs. The functions return raw HTML blocks (the home page also gets
Markdown headings) with links relative to the page at docs path `source`, in MkDocs' directory
URL form (see `atlas.pictures.urls.page_url`).

For the lead, the whole API:

* `home_pictures(catalogue, "index.md")`: map, matrix and timeline, each under a `##` heading,
  to append to the home page.
* `country_map(catalogue, code, country_src(code))`: for each country page ("" if unused).
* `locator_map(catalogue, practice, practice_src(slug))`: for each practice page ("" when the
  practice names no country, and no region or regions covering most of the world).

Each returned block is one line of raw HTML: put it in the page's Markdown on its own, with a
blank line before and after, never indented (indentation would make it a code block).
* `static_files(catalogue)`: `{"assets/pictures/world.svg": bytes}`, the shared base map, to add
  to the site's files; the stylesheet `assets/pictures/pictures.css` (in the theme) expects it
  next to itself.
* `SVG_TAGS`, `SVG_ATTRIBUTES`: what `atlas.site.sanitize` must keep for the pictures to survive.
"""

from __future__ import annotations

from atlas.catalogue import Catalogue
from atlas.pictures.map import country_map, locator_map
from atlas.pictures.map import home_map as _home_map
from atlas.pictures.matrix import matrix as _matrix
from atlas.pictures.svg import SVG_ATTRIBUTES, SVG_TAGS
from atlas.pictures.timeline import timeline as _timeline
from atlas.pictures.world import BASE_FILE, base_svg

STYLESHEET = "assets/pictures/pictures.css"


def home_pictures(catalogue: Catalogue, source: str = "index.md") -> str:
    """The home page's pictures, each under a `##` heading, as Markdown with raw HTML blocks."""
    sections = [
        ("Where the practices are", _home_map(catalogue, source)),
        ("Typologies and themes", _matrix(catalogue, source)),
        ("Practices over time", _timeline(catalogue, source)),
    ]
    return "\n".join(f"## {title}\n\n{html}\n" for title, html in sections if html)


def static_files(catalogue: Catalogue) -> dict[str, bytes]:
    """Site files shared by every page with a map: the base map, cached once by browsers."""
    return {BASE_FILE: base_svg()}


__all__ = [
    "STYLESHEET",
    "SVG_ATTRIBUTES",
    "SVG_TAGS",
    "country_map",
    "home_pictures",
    "locator_map",
    "static_files",
]
