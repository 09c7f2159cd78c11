"""The markup every picture shares: the accessible SVG frame, legends and data tables.

Each picture is an inline `<svg>` with a `<title>` and a `<desc>` referenced by id, a legend in
HTML (text that wraps and scales with the reader's settings) and a `<details>` holding the same
data as a real table, for screen readers and for anyone who wants the numbers. Everything is
written as one raw-HTML block without blank lines, so Python-Markdown passes it through untouched.

Roles: a picture without links is `role="img"`. A picture with links (the home and country maps,
the timeline) is `role="group"`: ARIA makes the children of an `img` presentational, which would
hide the links from screen readers while leaving them focusable — a WCAG 4.1.2 failure that axe
reports as "nested-interactive". Both carry `aria-labelledby` (the title) and `aria-describedby`
(the description), and every link in a group has an accessible name: its own `<title>` on the
maps (also its tooltip), its visible `<text>` on the timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from atlas.site.markup import html_text

# Tags and attributes the pictures use that `atlas.site.sanitize` must keep (see the package doc).
SVG_TAGS: frozenset[str] = frozenset(
    {"svg", "g", "path", "circle", "rect", "line", "text", "title", "desc"}
)
SVG_ATTRIBUTES: dict[str, frozenset[str]] = {
    "svg": frozenset({"viewBox", "width", "height"}),
    "path": frozenset({"d"}),
    "circle": frozenset({"cx", "cy", "r"}),
    "rect": frozenset({"x", "y", "width", "height"}),
    "line": frozenset({"x1", "y1", "x2", "y2"}),
    "text": frozenset({"x", "y"}),
}


@dataclass(frozen=True)
class Frame:
    """The identity and size of one picture on its page."""

    pid: str  # unique on the page: the ids of its title and description derive from it
    width: int | float
    height: int | float
    title: str
    desc: str
    links: bool  # True when the picture holds links: role="group" rather than "img"
    x: int | float = 0  # the viewBox's origin, for a view on part of the picture
    y: int | float = 0


def svg_open(frame: Frame, css_class: str) -> str:
    """`<svg>` with its role, accessible name and description, then `<title>` and `<desc>`."""
    role = "group" if frame.links else "img"
    box = f"{frame.x} {frame.y} {frame.width} {frame.height}"
    size = f'width="{frame.width}" height="{frame.height}"'
    return (
        f'<svg class="{css_class}" viewBox="{box}" {size} '
        f'role="{role}" aria-labelledby="{frame.pid}-title" aria-describedby="{frame.pid}-desc">'
        f'<title id="{frame.pid}-title">{html_text(frame.title)}</title>'
        f'<desc id="{frame.pid}-desc">{html_text(frame.desc)}</desc>'
    )


def link_open(href: str, name: str) -> str:
    """An SVG link; its `<title>` is both its accessible name and its tooltip."""
    return f'<a href="{href}"><title>{html_text(name)}</title>'


def legend(items: Sequence[tuple[str, str]], label: str) -> str:
    """An HTML legend: one swatch (a CSS class) and its meaning per item."""
    entries = "".join(
        f'<li><span class="atlas-swatch {css}"></span>{html_text(text)}</li>' for css, text in items
    )
    return f'<ul class="atlas-legend" aria-label="{html_text(label)}">{entries}</ul>'


def data_table(
    summary: str, head: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    """A `<details>` with a table of the picture's data; cells are HTML, the first a row header.

    `numeric` names the columns (by index) that hold numbers, aligned right by the CSS.
    """

    def cell(index: int, value: str) -> str:
        css = num_class if index in numeric else ""
        if index == 0:
            return f'<th scope="row"{css}>{value}</th>'
        return f"<td{css}>{value}</td>"

    num_class = ' class="atlas-num"'
    header = "".join(
        f'<th scope="col"{num_class if i in numeric else ""}>{html_text(h)}</th>'
        for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>" + "".join(cell(i, value) for i, value in enumerate(row)) + "</tr>" for row in rows
    )
    return (
        f'<details class="atlas-data abstract"><summary>{html_text(summary)}</summary>'
        f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table></details>"
    )


def html_link(href: str, label: str) -> str:
    return f'<a href="{href}">{html_text(label)}</a>'


def plural(count: int, noun: str = "practice") -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")
