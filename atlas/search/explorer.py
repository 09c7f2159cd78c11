"""The body of the `/explore/` page: the faceted explorer, usable without JavaScript.

`explore_markdown` returns one raw HTML block (Markdown passes it through untouched): the query
form (search box and sort), the facets (one foldable fieldset per vocabulary, countries and
regions included, with counts), the status line, the empty state and the results. Without
JavaScript a reader gets a plain list of practices, most recently reviewed first, with working
links; the controls stay `hidden` because they could not filter anything. That list stops at the
`LISTED` most recently reviewed, with a link to the full list at /practices/: the page stays
small however large the catalogue grows (a full list weighed 960 KB at 1,000 practices and
8.7 MB at 10,000, downloaded for nothing by every reader with JavaScript). With JavaScript,
`assets/explore/explore.js` shows the controls at once (the root's `data-facets` names the URL
parameters it reads), loads `../search/practices-index.json` and re-renders the list as the
reader types and filters. The result cards here and in
explore.js have the same markup (`li.explore-card[data-practice]`), so the page looks the same
before and after the script runs.

No inline script or style: the site's Content-Security-Policy forbids them. Every tag and
attribute used here survives the site's HTML allowlist (`atlas.site.sanitize`).
"""

from __future__ import annotations

from html import escape
from typing import Any

from atlas.catalogue import Catalogue
from atlas.search.index import build_payload
from atlas.search.query import Searcher

INDEX_URL = "../search/practices-index.json"  # relative to /explore/
SITE_ROOT = "../"  # from /explore/ to the site root
OPEN_FACETS = ("typology", "theme")  # the facets shown unfolded at first
CARD_FACETS = (
    ("typology", "Typology"),
    ("theme", "Themes"),
    ("country", "Countries"),
    ("status", "Status"),
)
SUGGESTED_THEMES = 6
# Practices in the no-JavaScript list; explore.js's first page of results (PAGE_SIZE) is as long,
# so the page looks the same once the script has run.
LISTED = 50


def _attr(value: Any) -> str:
    return escape(str(value), quote=True)


def _labels(payload: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {f["param"]: {t["id"]: t["label"] for t in f["terms"]} for f in payload["facets"]}


def card_html(record: dict[str, Any], labels: dict[str, dict[str, str]]) -> str:
    """One result card; explore.js `renderCard` builds the same elements."""
    parts = [
        f'<li class="explore-card" data-practice="{_attr(record["slug"])}">',
        f'<h3 class="explore-card__title"><a href="{_attr(SITE_ROOT + record["url"])}">'
        f"{escape(record['title'])}</a></h3>",
        f'<p class="explore-card__summary">{escape(record["summary"])}</p>',
        '<dl class="explore-card__facts">',
    ]
    for param, name in CARD_FACETS:
        ids = record["facets"].get(param, [])
        if ids:
            text = ", ".join(labels.get(param, {}).get(i, i) for i in ids)
            parts.append(f"<div><dt>{name}</dt><dd>{escape(text)}</dd></div>")
    if record["actors"]:
        parts.append(f"<div><dt>Actors</dt><dd>{escape(', '.join(record['actors']))}</dd></div>")
    parts.append(f"<div><dt>Reviewed</dt><dd>{escape(record['last_reviewed'])}</dd></div>")
    parts.append("</dl></li>")
    return "".join(parts)


def _facet_html(facet: dict[str, Any], counts: dict[str, int]) -> str:
    param = facet["param"]
    # `data-open`, not `open`: the site's HTML sanitiser drops `open`; explore.js unfolds them.
    is_open = ' data-open="true"' if param in OPEN_FACETS else ""
    label = escape(facet["label"])
    rows = []
    for term in facet["terms"]:
        box = _attr(f"explore-{param}-{term['id']}")
        count = counts.get(term["id"], 0)
        rows.append(
            f'<li><input type="checkbox" id="{box}" name="{_attr(param)}" '
            f'value="{_attr(term["id"])}"><label for="{box}">{escape(term["label"])} '
            f'<span class="explore-count">({count})</span></label></li>'
        )
    return (
        f'<details class="explore-facet" data-facet="{_attr(param)}"{is_open}>'
        f"<summary>{label}</summary>"
        f'<fieldset><legend class="explore-sr-only">{label}</legend>'
        f'<ul class="explore-options">{"".join(rows)}</ul></fieldset></details>'
    )


def _suggestions(payload: dict[str, Any], counts: dict[str, dict[str, int]]) -> str:
    """Starting points for an empty result: the most used themes."""
    themes = next((f for f in payload["facets"] if f["param"] == "theme"), {"terms": []})
    ranked = sorted(themes["terms"], key=lambda t: -counts["theme"].get(t["id"], 0))
    links = [
        f'<li><a href="?theme={_attr(t["id"])}">{escape(t["label"])}</a></li>'
        for t in ranked[:SUGGESTED_THEMES]
    ]
    return f'<ul class="explore-starts">{"".join(links)}</ul>' if links else ""


def _static_list(searcher: Searcher, results: list[Any], listed: int) -> str:
    """The no-JavaScript list: the first `listed` results, and a way to all of them."""
    labels = _labels(searcher.payload)
    by_slug = {record["slug"]: record for record in searcher.practices}
    cards = "".join(card_html(by_slug[r.slug], labels) for r in results[:listed])
    html = f'<ol class="explore-list">{cards}</ol>'
    if len(results) > listed:
        html += (
            f'<p class="explore-all">The {listed} most recently reviewed of '
            f'{len(results)} practices. <a href="{_attr(SITE_ROOT)}practices/">All '
            f"{len(results)} practices, by title</a></p>"
        )
    return html


def explore_markdown(
    catalogue: Catalogue, payload: dict[str, Any] | None = None, *, listed: int = LISTED
) -> str:
    """The /explore/ page body: controls, status, empty state and the no-JavaScript list.

    `payload` may be passed when the caller has already built it (the plugin builds it once for
    `search/practices-index.json`); otherwise it is built here. `listed` caps the list.
    """
    payload = payload or build_payload(catalogue)
    searcher = Searcher(payload)
    outcome = searcher.run("")
    total = len(searcher.practices)
    facets = "".join(
        _facet_html(f, outcome.counts[f["param"]]) for f in payload["facets"] if f["terms"]
    )
    noun = "practice" if total == 1 else "practices"
    params = " ".join(f["param"] for f in payload["facets"])
    return "\n".join(
        [
            f'<div class="atlas-explore" id="explore" data-index="{_attr(INDEX_URL)}" '
            f'data-site-root="{_attr(SITE_ROOT)}" data-facets="{_attr(params)}">',
            '<form class="explore-form" id="explore-form" role="search" action="./" method="get" '
            "hidden>",
            '<div class="explore-query"><label for="explore-q">Search practices</label>'
            '<input type="search" id="explore-q" name="q" autocomplete="off" spellcheck="false" '
            'aria-describedby="explore-q-hint" aria-controls="explore-results">'
            '<p id="explore-q-hint" class="explore-hint">Any words, in any order: '
            "<em>refugee diplomas</em>, <em>VET</em>, <em>nurses Germany</em>, <em>Sénégal</em>. "
            "Results update as you type.</p></div>",
            '<div class="explore-sort"><label for="explore-sort">Sort by</label>'
            '<select id="explore-sort" name="sort" aria-controls="explore-results">'
            '<option value="relevance">Relevance</option>'
            '<option value="reviewed">Most recently reviewed</option>'
            '<option value="title">Title (A–Z)</option></select></div>',
            "</form>",
            '<div class="explore-facets" id="explore-facets" role="group" '
            'aria-labelledby="explore-facets-heading" hidden>',
            '<h2 id="explore-facets-heading" class="explore-facets__heading">Filters</h2>',
            '<button type="button" class="md-button explore-clear" id="explore-clear" disabled>'
            "Clear all filters</button>",
            facets,
            "</div>",
            '<div class="explore-main">',
            f'<p id="explore-status" class="explore-status" role="status" aria-live="polite">'
            f"{total} {noun}, most recently reviewed first.</p>",
            '<div id="explore-empty" class="explore-empty" hidden>',
            '<h2 class="explore-empty__heading">No practice matches</h2>',
            "<p>Try fewer words or other words, check the spelling, or remove a filter.</p>",
            '<ul id="explore-suggestions" class="explore-suggestions"></ul>',
            "<p>Or start from a theme:</p>",
            _suggestions(payload, outcome.counts),
            "</div>",
            '<h2 id="explore-results-heading" class="explore-sr-only">Practices</h2>',
            '<div id="explore-results" class="explore-results" data-state="static" '
            'aria-labelledby="explore-results-heading">',
            _static_list(searcher, outcome.results, listed),
            "</div>",
            "</div>",
            "</div>",
            "",
        ]
    )
