"""Material's navigation sidebar, tabs and header, rendered once for every page that sees them
alike.

Material renders the whole navigation (a sidebar of some twenty links, and the tabs) into every
page; on the Atlas's generated pages that was about half of its template time. Those pages are
outside the navigation (`InclusionLevel.NOT_IN_NAV`), so no item of it is active on them, and
two of them get the same HTML whenever every link of the navigation is the same relative URL
from both: one rendering per folder depth and section, not one per page. The theme's copies of
Material's `partials/nav.html` and `partials/tabs.html` ask `RenderedParts` for a rendering it
kept, and hand it each one they render. Pages in the navigation (an active item, their own table
of contents) are rendered as Material renders them. The pages are byte-identical either way.

The theme's main.html hands `RenderedParts` four more of Material's blocks that differ from page
to page only by their links (the styles, the footer, the configuration and the scripts), and
the header, which differs by the page's title too: `RenderedParts.header` keeps the HTML around
the title and writes each page's title in between (the theme's copy of the header partial stays
Material's own).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import escape
from mkdocs.structure.nav import Navigation
from mkdocs.utils import normalize_url


def _urls(items: Iterable[Any]) -> Iterable[str]:
    for item in items:
        url = getattr(item, "url", None)
        if url is not None:
            yield url
        yield from _urls(getattr(item, "children", None) or ())


class RenderedParts:
    """Keeps each rendering of a navigation part by the relative URLs of every link it holds.

    The key is computed with the `url` filter's own function from every address the part can
    link to (each item of the navigation, the home page, the logo), so two pages share a
    rendering only if each of those addresses reads the same from both.
    """

    def __init__(self, nav: Navigation, homepage: str | None, logo: str | None) -> None:
        self._in_nav = {id(page) for page in nav.pages}
        targets = [*_urls(nav.items)]
        targets += [url for url in (homepage, logo) if url]
        targets.append("assets/")  # the folder of every asset the blocks link to
        self._targets = tuple(dict.fromkeys(targets))
        self._kept: dict[tuple[str, ...], str] = {}
        self._headers: dict[tuple[str, ...], tuple[str, str]] = {}
        self._from_folder: dict[str, tuple[str, ...]] = {}

    def _key(self, part: str, page: Any) -> tuple[str, ...] | None:
        if page is None or id(page) in self._in_nav:
            return None
        return (part, *self._addresses(page))

    def _addresses(self, page: Any) -> tuple[str, ...]:
        """Every target as the `url` filter writes it on this page.

        From `folder/a/` and `folder/b/` a target reads the same unless it is one of the two
        pages or below it, so the addresses are worked out once per folder (the filter's
        function on seven blocks of every page was a sixth of the template time).
        """
        url = page.url
        folder, _, leaf = url[:-1].rpartition("/") if url.endswith("/") else ("", "", "")
        if not leaf or "." in leaf or any(target.startswith(url) for target in self._targets):
            return tuple(normalize_url(target, page=page) for target in self._targets)
        addresses = self._from_folder.get(folder)
        if addresses is None:
            addresses = tuple(normalize_url(target, page=page) for target in self._targets)
            self._from_folder[folder] = addresses
        return addresses

    def get(self, part: str, page: Any) -> str | None:
        """The HTML kept for this part as this page would render it, if any."""
        key = self._key(part, page)
        return None if key is None else self._kept.get(key)

    def keep(self, part: str, page: Any, html: str) -> str:
        """Keep a rendering of the part for the pages that see it alike; return it."""
        key = self._key(part, page)
        if key is not None:
            self._kept[key] = html
        return html

    def block(self, part: str, page: Any, caller: Callable[[], str]) -> str:
        """One of Material's blocks (`styles`, `footer`, `config`, `scripts`) as `caller` renders
        it for this page: besides the navigation's addresses, they link to the site's assets
        only, all under assets/, whose address from the page is in the key. (The footer's links
        to the previous and next pages are only on pages of the navigation.)"""
        key = self._key(part, page)
        if key is None:
            return caller()
        kept = self._kept.get(key)
        if kept is None:
            kept = self._kept[key] = str(caller())
        return kept

    def header(self, page: Any, caller: Callable[[], str]) -> str:
        """The header block as `caller` (Material's) renders it for this page.

        Rendered once per key, then split around the page's title: the HTML before and after it
        is kept, and each page that sees them alike gets them with its own title in between.
        Only for pages with a front-matter title (every generated page): the header prints it
        escaped (`| e`), which is what `escape` gives here.
        """
        key = self._key("header", page)
        title = (page.meta or {}).get("title") if page is not None else None
        if key is None or not str(title or "").strip():
            return caller()
        written = str(escape(title))
        kept = self._headers.get(key)
        if kept is not None:
            return kept[0] + written + kept[1]
        html = str(caller())
        around = _around_title(html, written)
        if around is not None:
            self._headers[key] = around
        return html


_TOPIC = '<div class="md-header__topic" data-md-component="header-topic">'
_TITLE_START, _TITLE_END = '<span class="md-ellipsis">', "</span>"


def _around_title(html: str, title: str) -> tuple[str, str] | None:
    """The header's HTML before and after the title it shows, or None if the title is not
    where Material writes it (alone between blanks, in the header's topic)."""
    topic = html.find(_TOPIC)
    start = html.find(_TITLE_START, topic) if topic >= 0 else -1
    end = html.find(_TITLE_END, start) if start >= 0 else -1
    if end < 0:
        return None
    start += len(_TITLE_START)
    blank_before, found, blank_after = html[start:end].partition(title)
    if not found or blank_before.strip() or blank_after.strip():
        return None
    return html[:start] + blank_before, blank_after + html[end:]
