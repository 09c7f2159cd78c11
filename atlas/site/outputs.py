"""Everything the site publishes besides the hand-written pages, from one catalogue.

`SiteOutputs.pages()` gives the generated Markdown pages and `SiteOutputs.files()` the other
generated files (search index, open data, shared pictures, redirects for renamed entries). A
generator other than MkDocs would call these two methods and nothing else.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from atlas import exports, pictures
from atlas.catalogue import Catalogue
from atlas.search.explorer import explore_markdown
from atlas.search.index import build_payload, dumps
from atlas.site.markup import front_matter, html_text
from atlas.site.pages import EXPLORE_SRC, SitePages

SEARCH_INDEX = "search/practices-index.json"


class SiteOutputs:
    """The generated pages and files of one build; the search payload is computed once."""

    def __init__(self, catalogue: Catalogue, site_url: str) -> None:
        self.catalogue = catalogue
        self.site_url = site_url

    @cached_property
    def payload(self) -> dict[str, Any]:
        return build_payload(self.catalogue)

    def pages(self) -> dict[str, str]:
        """docs-relative Markdown path -> Markdown, for every generated page."""
        result = SitePages(self.catalogue).all()
        result[EXPLORE_SRC] = (
            front_matter(title="Explore practices", hide=["navigation", "toc"])
            + "# Explore practices\n\n"
            + explore_markdown(self.catalogue, self.payload)
        )
        result["api/index.md"] = exports.api_page_markdown(self.catalogue, self.site_url)
        guide = self.catalogue.root / "CONTRIBUTING.md"
        if guide.is_file():  # the contributors' guide, published as it reads on GitHub
            result["contributing.md"] = guide.read_text(encoding="utf-8")
        return result

    def files(self) -> dict[str, bytes]:
        """site-relative path -> bytes, for every generated file that is not a page."""
        return {
            SEARCH_INDEX: dumps(self.payload).encode("utf-8"),
            **exports.static_files(self.catalogue, self.site_url),
            **pictures.static_files(self.catalogue),
            **redirects(self.catalogue),
        }


def redirect_html(target: str, title: str) -> str:
    """A static redirect for an old URL: works without JavaScript, tells search engines."""
    safe = html_text(target)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Moved: {html_text(title)}</title>"
        f'<meta http-equiv="refresh" content="0; url={safe}">'
        f'<link rel="canonical" href="{safe}"><meta name="robots" content="noindex"></head>'
        f'<body><p>This page has moved to <a href="{safe}">{html_text(title)}</a>.</p></body>'
        "</html>\n"
    )


def redirects(catalogue: Catalogue) -> dict[str, bytes]:
    """`<kind>s/<old slug>/index.html` -> a redirect to the entry's current page."""
    files: dict[str, bytes] = {}
    for entries in (catalogue.practices, catalogue.actors):
        for entry in entries.values():
            for alias in entry.ids("aliases"):
                path = f"{entry.kind}s/{alias}/index.html"
                files[path] = redirect_html(f"../{entry.slug}/", entry.title).encode()
    return dict(sorted(files.items()))

