"""The typology × theme matrix: where practices cluster and where the gaps are.

It is a real HTML table, not an SVG: a table is what the data is, screen readers navigate it cell
by cell with its headers (`<th scope>`), text stays text, and it needs no separate data-table
alternative. Themes are the rows and typologies the columns, so that the long list (themes)
runs down the page. Each count links to the explorer filtered on both terms; the shading is a
CSS class per band of counts (three bands spread from 1 to the largest cell, so the shading keeps
its meaning as the catalogue grows), explained by an HTML legend.
"""

from __future__ import annotations

from atlas.catalogue import Catalogue
from atlas.pictures.svg import legend, plural
from atlas.pictures.urls import EXPLORE_SRC, page_url, term_src
from atlas.site.markup import html_text
from atlas.vocabularies import BY_VOCABULARY

ROWS, COLUMNS = "themes", "typologies"


def _query(**terms: str) -> str:
    """An explorer query string, escaped for an HTML attribute."""
    pairs = [f"{BY_VOCABULARY[vocabulary].param}={term}" for vocabulary, term in terms.items()]
    return "?" + "&amp;".join(pairs)


Band = tuple[int, int, str]  # lowest count, highest count, CSS class


def bands(maximum: int) -> list[Band]:
    """Three bands of counts from 1 to the largest cell, so that the shading uses its whole range
    whatever the size of the catalogue (1–3, 4–6, 7–10 for a largest cell of 10)."""
    if maximum <= 3:
        return [(n, n, f"atlas-c{n}") for n in range(1, maximum + 1)]
    size = maximum // 3
    return [
        (1, size, "atlas-c1"),
        (size + 1, 2 * size, "atlas-c2"),
        (2 * size + 1, maximum, "atlas-c3"),
    ]


def band_label(low: int, high: int) -> str:
    return plural(low) if low == high else f"{low}–{high} practices"


def _count_cell(count: int, href: str, name: str, scale: list[Band] | None = None) -> str:
    """A count linked to the explorer; shaded by its band, or bold as a total (no scale)."""
    if scale is None:
        css = "atlas-total"
    else:
        css = next((c for low, high, c in scale if low <= count <= high), "")
    attr = f' class="{css}"' if css else ""
    if not count:
        return f"<td{attr}>0</td>"
    return f'<td{attr}><a href="{href}" aria-label="{html_text(name)}">{count}</a></td>'


def _header(catalogue: Catalogue, vocabulary: str, term_id: str, source: str) -> str:
    label = html_text(catalogue.taxonomy.label(vocabulary, term_id))
    if term_id in catalogue.index.get(vocabulary, {}):
        return f'<a href="{page_url(term_src(vocabulary, term_id), source)}">{label}</a>'
    return label


def matrix(catalogue: Catalogue, source: str) -> str:
    """The table and its legend, nothing else: the table is its own data alternative."""
    tax = catalogue.taxonomy
    columns, rows = tax.ids(COLUMNS), tax.ids(ROWS)
    slugs = {
        (vocabulary, term): {p.slug for p in catalogue.practices_with(vocabulary, term)}
        for vocabulary, terms in ((COLUMNS, columns), (ROWS, rows))
        for term in terms
    }
    counts = {
        (row, column): len(slugs[(ROWS, row)] & slugs[(COLUMNS, column)])
        for row in rows
        for column in columns
    }
    scale = bands(max(counts.values(), default=0))
    explore = page_url(EXPLORE_SRC, source)
    head = "".join(
        f'<th scope="col">{_header(catalogue, COLUMNS, c, source)}</th>' for c in columns
    )
    body = []
    for row in rows:
        name = tax.label(ROWS, row)
        cells = [
            _count_cell(
                counts[(row, column)],
                explore + _query(typologies=column, themes=row),
                f"{plural(counts[(row, column)])}: {name}, {tax.label(COLUMNS, column)}",
                scale,
            )
            for column in columns
        ]
        total = len(slugs[(ROWS, row)])
        cells.append(_count_cell(total, explore + _query(themes=row), f"{plural(total)}: {name}"))
        body.append(
            f'<tr><th scope="row">{_header(catalogue, ROWS, row, source)}</th>{"".join(cells)}</tr>'
        )
    totals = "".join(
        _count_cell(
            len(slugs[(COLUMNS, c)]),
            explore + _query(typologies=c),
            f"{plural(len(slugs[(COLUMNS, c)]))}: {tax.label(COLUMNS, c)}",
        )
        for c in columns
    )
    key = legend([(css, band_label(low, high)) for low, high, css in scale], "Shading key")
    return (
        '<div class="atlas-picture atlas-matrix"><table>'
        "<caption>Practices by theme and typology. Each number opens the explorer with both "
        "filters; a practice may have several themes and typologies.</caption>"
        f'<thead><tr><th scope="col">Theme</th>{head}<th scope="col" class="atlas-total">All</th>'
        f'</tr></thead><tbody>{"".join(body)}</tbody><tfoot><tr><th scope="row">All</th>{totals}'
        f'<td class="atlas-total">{len(catalogue.practices)}</td></tr></tfoot></table>{key}</div>'
    )
