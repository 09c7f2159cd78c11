"""Relative URLs for raw HTML, where MkDocs rewrites nothing.

MkDocs turns a Markdown link to `countries/sn.md` into the right URL for each page, but the
pictures are raw HTML (SVG, tables) that MkDocs passes through untouched: their `href`s must
already be the final relative URLs. With MkDocs' directory URLs (`use_directory_urls`, the
default and this site's setting) the page `practices/x.md` is served at `/practices/x/`, so from
it the page `countries/sn.md` is `../../countries/sn/`. `page_url` computes exactly that; it is
the raw-HTML twin of `atlas.site.markup.rel`, which is only right for `.md` targets.

The source paths of the generated pages are fixed by the spec; they are repeated here (and a test
checks them against `atlas.site.pages`) so that `atlas.site.pages` may import the pictures
without an import cycle.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from atlas.urlpaths import relpath
from atlas.vocabularies import BY_VOCABULARY

EXPLORE_SRC = "explore.md"


def country_src(code: str) -> str:
    return f"countries/{code.lower()}.md"


def practice_src(slug: str) -> str:
    return f"practices/{slug}.md"


def term_src(vocabulary: str, term_id: Any) -> str:
    return f"{BY_VOCABULARY[vocabulary].folder}/{term_id}.md"


def served_dir(src: str) -> str:
    """The folder a docs page is served as: `index.md` -> ``, `a/b.md` -> `a/b/`."""
    stem = src[: -len(".md")] if src.endswith(".md") else src
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    return stem.rstrip("/") + "/" if stem.strip("/") else ""


@cache
def _served(src: str) -> str:
    return served_dir(src)


@cache
def _folder_url(folder: str, source_dir: str) -> str:
    path = relpath(folder, source_dir)
    return "" if path == "." else path + "/"


def page_url(target: str, source: str, query: str = "") -> str:
    """The URL of the page `target` relative to the page `source` (both docs-relative `.md`).

    `query` (already escaped for HTML, e.g. `?typology=a&amp;theme=b`) is appended as it is.
    Fast for the common case, pages in different folders: a list page linking to thousands of
    entries, or a map naming a hundred countries, computes one relative folder, not thousands.
    """
    to, here = _served(target), _served(source)
    if not to or to.startswith(here) or here.startswith(to):
        path = relpath(to, here)
        return ("./" if path == "." else path + "/") + query
    folder, _, leaf = to[:-1].rpartition("/")
    return f"{_folder_url(folder, here)}{leaf}/{query}"
