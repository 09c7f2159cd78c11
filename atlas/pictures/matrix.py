"""The typology × theme matrix: where practices cluster and where the gaps are.

It is a real HTML table, not an SVG: a table is what the data is, screen readers navigate it cell
by cell with its headers (`<th scope>`), text stays text, and it needs no separate data-table
alternative. Themes are the rows and typologies the columns, so that the long list (themes)
runs down the page. Each count links to the explorer filtered on both terms; the shading is a
CSS class per count band, explained by an HTML legend with the same swatches as the map.
"""

from __future__ import annotations

from atlas.catalogue import Catalogue
from atlas.pictures.map import LEVELS, level
from atlas.pictures.svg import legend, plural
from atlas.pictures.urls import EXPLORE_SRC, page_url, term_src
from atlas.site.markup import html_text
from atlas.vocabularies import BY_VOCABULARY

ROWS, COLUMNS = "themes", "typologies"


def _query(**terms: str) -> str:
    """An explorer query string, escaped for an HTML attribute."""
    pairs = [f"{BY_VOCABULARY[vocabulary].param}={term}" for vocabulary, term in terms.items()]
    return "?" + "&amp;".join(pairs)


def _count_cell(count: int, href: str, name: str, shade: bool = True) -> str:
    css = level(count) if shade else "atlas-total"
    attr = f' class="atlas-num {css}"' if css else ' class="atlas-num"'
    if not count:
        return f"<td{attr}>0</td>"
    return f'<td{attr}><a href="{href}" aria-label="{html_text(name)}">{count}</a></td>'


def _header(catalogue: Catalogue, vocabulary: str, term_id: str, source: str) -> str:
    label = html_text(catalogue.taxonomy.label(vocabulary, term_id))
    if term_id in catalogue.index.get(vocabulary, {}):
        return f'<a href="{page_url(term_src(vocabulary, term_id), source)}">{label}</a>'
    return label


def matrix(catalogue: Catalogue, source: str) -> str:
    """The table, its legend, and nothing else: the table is its own data alternative."""
    tax = catalogue.taxonomy
    index = catalogue.index
    columns = tax.ids(COLUMNS)
    rows = tax.ids(ROWS)
    slugs = {
        (vocabulary, term): {p.slug for p in index.get(vocabulary, {}).get(term, [])}
        for vocabulary, terms in ((COLUMNS, columns), (ROWS, rows))
        for term in terms
    }
    explore = page_url(EXPLORE_SRC, source)
    head = "".join(
        f'<th scope="col">{_header(catalogue, COLUMNS, c, source)}</th>' for c in columns
    )
    out = [
        '<div class="atlas-picture atlas-matrix"><table>'
        "<caption>Practices by theme and typology. Each number opens the explorer with both "
        "filters; a practice may have several themes and typologies.</caption>"
        f'<thead><tr><th scope="col">Theme</th>{head}'
        '<th scope="col" class="atlas-total">All typologies</th></tr></thead><tbody>'
    ]
    for row in rows:
        row_label = tax.label(ROWS, row)
        cells = []
        for column in columns:
            count = len(slugs[(ROWS, row)] & slugs[(COLUMNS, column)])
            name = f"{plural(count)}: {row_label}, {tax.label(COLUMNS, column)}"
            cells.append(_count_cell(count, explore + _query(typologies=column, themes=row), name))
        total = len(slugs[(ROWS, row)])
        cells.append(
            _count_cell(total, explore + _query(themes=row), f"{plural(total)}: {row_label}", False)
        )
        out.append(
            f'<tr><th scope="row">{_header(catalogue, ROWS, row, source)}</th>'
            + "".join(cells)
            + "</tr>"
        )
    totals = "".join(
        _count_cell(
            len(slugs[(COLUMNS, c)]),
            explore + _query(typologies=c),
            f"{plural(len(slugs[(COLUMNS, c)]))}: {tax.label(COLUMNS, c)}",
            False,
        )
        for c in columns
    )
    out.append(
        f'</tbody><tfoot><tr><th scope="row">All themes</th>{totals}'
        f'<td class="atlas-num atlas-total">{len(catalogue.practices)}</td></tr></tfoot>'
        "</table>"
    )
    out.append(legend([(css, text) for _, css, text in reversed(LEVELS)], "Shading key"))
    out.append("</div>")
    return "".join(out)
