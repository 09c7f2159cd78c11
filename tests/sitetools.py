"""Helpers for tests over a built site: building the real content, reading pages, links."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> Path:
    """A contributor's clone in miniature: mkdocs.yml, the guide, content/ and the theme."""
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copy(REPO / "CONTRIBUTING.md", target / "CONTRIBUTING.md")
    shutil.copytree(REPO / "content", target / "content")
    shutil.copytree(REPO / "atlas" / "theme", target / "atlas" / "theme")
    return target


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if values.get("name") and tag == "a":
            self.ids.add(values["name"] or "")
        for key in ("href", "src"):
            if values.get(key) and tag in ("a", "link", "script", "img"):
                self.links.append(values[key] or "")


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def base_path() -> str:
    """The path of site_url ('/atlas/'): absolute links in 404.html start with it."""
    match = re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(), re.M)
    return urlsplit(match.group(1)).path if match else "/"


def target_file(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file an internal link points to and its fragment; None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "//")):
        return None
    if not parts.path:
        return page, parts.fragment
    root_path = base_path()
    if parts.path.startswith(root_path):
        path = (site / unquote(parts.path[len(root_path) :])).resolve()
    else:
        path = (page.parent / unquote(parts.path)).resolve()
    if path.is_dir() or parts.path.endswith("/"):
        path = path / "index.html"
    return path, parts.fragment


def broken_links(site: Path) -> list[str]:
    """Every internal link or anchor in the site that does not resolve, as 'page -> href'."""
    ids: dict[Path, set[str]] = {}
    problems = []
    pages = sorted(site.rglob("*.html"))
    parsed = {page: parse(page) for page in pages}
    for page, links in parsed.items():
        ids[page.resolve()] = links.ids
    for page, links in parsed.items():
        for href in links.links:
            found = target_file(site, page, href)
            if found is None:
                continue
            path, fragment = found
            path = path.resolve()
            if not path.exists():
                problems.append(f"{page.relative_to(site)} -> {href}")
            elif fragment and path in ids and fragment not in ids[path]:
                problems.append(f"{page.relative_to(site)} -> {href} (no anchor)")
    return problems


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    """Every start tag of an HTML fragment with its attributes, in document order."""
    parser = _Elements()
    parser.feed(html)
    return parser.found
