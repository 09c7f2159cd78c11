"""The timeline: one bar per practice from its start year to its end, coloured by status.

A practice without an end year runs to the build day and ends in a point ("still running").
Bars cover whole years (2019–2021 spans three years). Each row is a link to the practice, its
label above its bar saying title, period and status in words, so that the colour is never the
only carrier of the status; that visible text is also the link's accessible name. Practices
without a start year cannot be placed; they are listed under the picture instead.
"""

from __future__ import annotations

from calendar import isleap
from collections import Counter
from dataclasses import dataclass
from datetime import date

from atlas.catalogue import Catalogue
from atlas.model import Practice
from atlas.pictures.geometry import num
from atlas.pictures.svg import Frame, data_table, html_link, legend, plural, svg_open
from atlas.pictures.urls import page_url, practice_src
from atlas.site.markup import html_text

WIDTH = 760
SIDE = 8  # empty margin left and right
AXIS = 26  # height of the year axis at the top
ROW = 34  # height of one practice: its label, then its bar
BAR = 10
CHAR = 6.8  # generous average width of a character of the 12px label font, to shorten titles
TIP = 6  # length of the point of a bar still running
# Past these numbers a picture stops being readable and the page gets heavy (a catalogue of 1,000
# practices would make a 500 KB timeline): the most recently started practices are drawn, and the
# rest are left to the list of all practices.
MAX_BARS = 50
MAX_UNDATED = 30
ALL_PRACTICES_SRC = "practices/index.md"


@dataclass(frozen=True)
class Span:
    practice: Practice
    start: int
    end: int | None  # None: still running

    @property
    def period(self) -> str:
        return f"{self.start}–{self.end}" if self.end is not None else f"{self.start}–ongoing"


def spans(catalogue: Catalogue) -> tuple[list[Span], list[Practice]]:
    """The practices that can be placed (by start, end, title) and those without a start year."""
    placed: list[Span] = []
    undated: list[Practice] = []
    for practice in catalogue.sorted_practices:
        period = practice.get("period", {})
        start, end = period.get("start"), period.get("end")
        if isinstance(start, int):
            placed.append(Span(practice, start, end if isinstance(end, int) else None))
        else:
            undated.append(practice)
    far = 10_000
    placed.sort(
        key=lambda s: (
            s.start,
            far if s.end is None else s.end,
            s.practice.title.casefold(),
            s.practice.slug,
        )
    )
    return placed, undated


def year_step(span: int) -> int:
    return 1 if span <= 14 else 2 if span <= 28 else 5 if span <= 70 else 10


def shorten(text: str, room: int) -> str:
    return text if len(text) <= room else text[: max(room - 1, 1)].rstrip() + "…"


def _label(title: str, tail: str, x0: float, x1: float, y: int) -> str:
    """The row's `<text>`: from the bar's start rightwards, or back from its end when that
    leaves more room, shortened to fit between the margins."""
    right = (WIDTH - SIDE - x0) / CHAR
    left = (x1 - SIDE) / CHAR
    words = shorten(title, int(max(right, left)) - len(tail)) + tail
    if right >= left:
        return f'<text x="{num(x0)}" y="{y}">{html_text(words)}</text>'
    return f'<text class="atlas-end" x="{num(x1)}" y="{y}">{html_text(words)}</text>'


def timeline(catalogue: Catalogue, source: str) -> str:
    """The picture, its legend, the undated practices and the data table; "" with no practice."""
    placed, undated = spans(catalogue)
    if not placed and not undated:
        return ""
    tax = catalogue.taxonomy
    today = catalogue.build_day
    shown = placed[-MAX_BARS:]  # `placed` is sorted by start: the most recent starts last
    everything = page_url(ALL_PRACTICES_SRC, source)
    out = ['<div class="atlas-picture atlas-timeline">']
    if shown:
        out.append(_picture(catalogue, shown, len(placed), undated, today, source))
        present = {s.practice.meta["status"] for s in shown}
        items = [
            (f"atlas-s-{t}", tax.label("status", t)) for t in tax.ids("status") if t in present
        ]
        if any(s.end is None for s in shown):
            items.append(("atlas-open-swatch", f"Pointed end: still running in {today.year}"))
        out.append(legend(items, "Timeline key"))
    if len(shown) < len(placed):
        out.append(
            f'<p class="atlas-timeline__note">The {len(shown)} practices that started most '
            f"recently are drawn; {len(placed) - len(shown)} earlier ones are in the "
            f'<a href="{everything}">list of all practices</a>.</p>'
        )
    if undated:
        links = ", ".join(
            html_link(page_url(practice_src(p.slug), source), p.title)
            for p in undated[:MAX_UNDATED]
        )
        more = len(undated) - MAX_UNDATED
        if more > 0:
            links += f' and {more} more in the <a href="{everything}">list of all practices</a>'
        out.append(
            f'<p class="atlas-timeline__undated">Without a start year ({len(undated)}): '
            f"{links}.</p>"
        )
    if shown:
        rows = [
            [
                html_link(page_url(practice_src(s.practice.slug), source), s.practice.title),
                str(s.start),
                str(s.end) if s.end is not None else "ongoing",
                html_text(tax.label("status", s.practice.meta["status"])),
            ]
            for s in shown
        ]
        out.append(
            data_table(
                "The timeline as a table", ["Practice", "Start", "End", "Status"], rows, (1, 2)
            )
        )
    out.append("</div>")
    return "".join(out)


def _picture(
    catalogue: Catalogue,
    placed: list[Span],
    total: int,
    undated: list[Practice],
    today: date,
    source: str,
) -> str:
    """The SVG of the bars `placed` (of `total` practices with a start year)."""
    tax = catalogue.taxonomy
    first = min(s.start for s in placed)
    last = max(today.year, *(s.end or s.start for s in placed))
    inner = WIDTH - 2 * SIDE
    per_year = inner / (last + 1 - first)
    now = today.year + (today.timetuple().tm_yday - 0.5) / (366 if isleap(today.year) else 365)

    def x(year: float) -> float:
        return SIDE + (year - first) * per_year

    height = AXIS + ROW * len(placed) + 6
    statuses = Counter(tax.label("status", s.practice.meta["status"]) for s in placed)
    running = sum(s.end is None for s in placed)
    drawn = (
        plural(len(placed))
        if len(placed) == total
        else f"{len(placed)} most recently started of the {total} practices"
    )
    desc = (
        f"Timeline of the {drawn} with a start year, {first} to {last}. Each bar "
        f"runs from the start year to the end year; {running} still running end in a point at "
        f"the build day. Colour shows the status: "
        + ", ".join(f"{label} {count}" for label, count in sorted(statuses.items()))
        + "."
        + (f" {plural(len(undated))} without a start year are listed below." if undated else "")
    )
    frame = Frame("atlas-timeline", WIDTH, height, "Practices over time", desc, True)
    out = [svg_open(frame, "atlas-timeline__svg"), '<g class="atlas-timeline__axis">']
    step = year_step(last + 1 - first)
    for year in range(first, last + 1):
        if year % step:
            continue
        out.append(
            f'<line class="atlas-grid" x1="{num(x(year))}" y1="{AXIS - 6}" '
            f'x2="{num(x(year))}" y2="{height}"/>'
            f'<text class="atlas-year" x="{num(x(year) + 3)}" y="{AXIS - 10}">{year}</text>'
        )
    out.append(
        f'<line class="atlas-now" x1="{num(x(now))}" y1="{AXIS - 6}" '
        f'x2="{num(x(now))}" y2="{height}"/></g>'
    )
    for row, span in enumerate(placed):
        practice = span.practice
        status = practice.meta["status"]
        label = tax.label("status", status)
        top = AXIS + row * ROW
        x0 = x(span.start)
        x1 = x(span.end + 1) if span.end is not None else max(x(now), x0 + TIP)
        text = _label(practice.title, f" · {span.period} · {label}", x0, x1, top + 13)
        bar_y = top + 18
        if span.end is None:
            mid = bar_y + BAR / 2
            bar = (
                f'<path class="atlas-bar atlas-s-{status}" d="M{num(x0)} {bar_y}'
                f"H{num(x1 - TIP)}L{num(x1)} {num(mid)}L{num(x1 - TIP)} {bar_y + BAR}"
                f'H{num(x0)}Z"/>'
            )
        else:
            bar = (
                f'<rect class="atlas-bar atlas-s-{status}" x="{num(x0)}" y="{bar_y}" '
                f'width="{num(x1 - x0)}" height="{BAR}"/>'
            )
        href = page_url(practice_src(practice.slug), source)
        out.append(f'<a href="{href}">{text}{bar}</a>')
    out.append("</svg>")
    return f'<div class="atlas-timeline__frame">{"".join(out)}</div>'
