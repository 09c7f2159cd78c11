"""Everything the site publishes besides the hand-written pages, as one pure function each.

`pages()` gives the generated Markdown pages and `files()` the other generated files (redirects
for renamed entries and, as they are added, the open data and search index). A generator other
than MkDocs would call these two functions and nothing else.
"""

from __future__ import annotations

from atlas import exports
from atlas.catalogue import Catalogue
from atlas.site.markup import html_text
from atlas.site.pages import SitePages


def pages(catalogue: Catalogue, site_url: str) -> dict[str, str]:
    """docs-relative Markdown path -> Markdown, for every generated page."""
    result = SitePages(catalogue).all()
    result["api/index.md"] = exports.api_page_markdown(catalogue, site_url)
    return result


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


def files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    """site-relative path -> bytes, for every generated file that is not a page."""
    return {**exports.static_files(catalogue, site_url), **redirects(catalogue)}
