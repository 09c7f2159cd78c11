"""Everything the site publishes besides the hand-written pages, from one catalogue.

`SiteOutputs.pages()` gives the generated Markdown pages and `SiteOutputs.files()` the other
generated files (search index, open data, shared pictures, redirects for renamed entries). A
generator other than MkDocs would call these two methods and nothing else; one that has
Material's header search also adds `search_entries()` to its index (the generated pages are
marked `search: exclude`, see `atlas.site.pages`). `data_pages`, `data_files`, `other_pages` and
`other_files` split the two for `atlas serve`, which refreshes the costly data in the background.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from atlas import exports, pictures
from atlas.catalogue import Catalogue
from atlas.search.explorer import explore_markdown
from atlas.search.index import build_payload, dumps
from atlas.site.markup import front_matter, html_text, link
from atlas.site.pages import EXPLORE_SRC, NO_SEARCH, SitePages, raw_block
from atlas.site.partners_page import DATA_PATH as PARTNERS_DATA
from atlas.site.partners_page import PARTNERS_SRC, partners_data, partners_page

SEARCH_INDEX = "search/practices-index.json"
# The project's performance report (scripts/bench.py's figures), published under About when the
# project has it: a copy of the project without it still builds strictly.
PERFORMANCE_REPORT = "docs/performance.md"  # relative to the project's root
PERFORMANCE_SRC = "about/performance.md"
ABOUT_SRC = "about.md"


class SiteOutputs:
    """The generated pages and files of one build; the search payload is computed once."""

    def __init__(self, catalogue: Catalogue, site_url: str) -> None:
        self.catalogue = catalogue
        self.site_url = site_url

    @cached_property
    def payload(self) -> dict[str, Any]:
        return build_payload(self.catalogue)

    @cached_property
    def site_pages(self) -> SitePages:
        return SitePages(self.catalogue)

    def pages(self) -> dict[str, str]:
        """docs-relative Markdown path -> Markdown, for every generated page."""
        result = self.site_pages.all()
        result.update(self.data_pages())
        result.update(self.other_pages())
        return result

    def data_pages(self) -> dict[str, str]:
        """The pages built from the explorer's index and the open data: /explore/ and /api/."""
        return {
            EXPLORE_SRC: (
                front_matter(
                    title="Explore practices", hide=["navigation", "toc"], search=NO_SEARCH
                )
                + "# Explore practices\n\n"
                + raw_block(explore_markdown(self.catalogue, self.payload).strip())
            ),
            "api/index.md": exports.api_page_markdown(self.catalogue, self.site_url),
        }

    def other_pages(self) -> dict[str, str]:
        """The partnership finder, the contributors' guide as it reads on GitHub, and the
        performance report when the project has one (see `about_sections`)."""
        result = {PARTNERS_SRC: partners_page(self.catalogue)}
        guide = self.catalogue.root / "CONTRIBUTING.md"
        if guide.is_file():
            result["contributing.md"] = guide.read_text(encoding="utf-8")
        report = self.catalogue.root / PERFORMANCE_REPORT
        if report.is_file():
            result[PERFORMANCE_SRC] = report.read_text(encoding="utf-8")
        return result

    def about_sections(self, source: str = ABOUT_SRC) -> str:
        """Appended to the About page: a link to the performance report, only when the project
        has one, so that no link can point to a page the build does not make."""
        if not (self.catalogue.root / PERFORMANCE_REPORT).is_file():
            return ""
        return (
            "## Performance\n\n"
            "How long checking and building the Atlas take as the catalogue grows, how much a "
            "reader downloads, and how fast the preview shows an edit: "
            f"{link('the performance report', PERFORMANCE_SRC, source)}.\n"
        )

    def search_entries(self) -> dict[str, dict[str, Any]]:
        """docs path -> Material search entry, for the generated pages it does not read."""
        entries = self.site_pages.search_entries()
        entries[EXPLORE_SRC] = {"location": "explore/", "title": "Explore practices", "text": ""}
        return entries

    def files(self) -> dict[str, bytes]:
        """site-relative path -> bytes, for every generated file that is not a page."""
        return {**self.data_files(), **self.other_files()}

    def data_files(self) -> dict[str, bytes]:
        """The explorer's index and the open data: the costly files (see `files`)."""
        return {
            SEARCH_INDEX: self.search_index(),
            **exports.static_files(self.catalogue, self.site_url),
        }

    def search_index(self) -> bytes:
        return dumps(self.payload).encode("utf-8")

    def other_files(self) -> dict[str, bytes]:
        """The finder's data, the shared pictures and the redirects of renamed entries."""
        return {PARTNERS_DATA: self.finder_data(), **self.small_files()}

    def finder_data(self) -> bytes:
        """What the partner finder (/partners/) loads: a tenth of a second per 1,000 practices."""
        return partners_data(self.catalogue)

    def small_files(self) -> dict[str, bytes]:
        """The shared pictures and the redirects of renamed entries."""
        return {**pictures.static_files(self.catalogue), **redirects(self.catalogue)}


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
