"""The partnership finder on the site: a section of every practice page and the `/partners/` page.

A practice page says which kinds of actors its typologies and themes call for but none of its
actors is, and who in the Atlas could fill each gap (`gaps_section`). The `/partners/` page lets
a reader choose countries, themes and a typology and see who is active there and which actor
types are missing (`partners_page`); like the explorer it is static: the data it needs is one
JSON file (`partners_data`, published at `DATA_PATH`) and the behaviour one script
(`SCRIPT_ASSET`). Without JavaScript the page still shows, for every actor type, how many
practices need one and lack it.

Contributor text (names, titles, labels) is always escaped: `text()` and `link()` in Markdown,
`html_text()` inside raw HTML. Nothing here imports MkDocs.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from atlas import geo, memo, partners
from atlas.catalogue import Catalogue
from atlas.model import Practice
from atlas.pictures.urls import page_url
from atlas.site.markup import front_matter, html_text, link, text
from atlas.site.pages import SitePages, raw_block, term_src
from atlas.taxonomy import NEEDS_VOCABULARIES
from atlas.vocabularies import BY_VOCABULARY

PARTNERS_SRC = "partners.md"  # the page's docs-relative source: URL /partners/
DATA_PATH = "partners/data.json"  # site-relative: beside the page, fetched as "data.json"
SCRIPT_ASSET = "assets/partners/partners.js"  # under the theme's custom_dir (atlas/theme)
STYLE_ASSET = "assets/partners/partners.css"
SECTION_ID = "partnership-gaps"
DATA_VERSION = 1


# The practice page's section -------------------------------------------------------------


def gaps_section(
    catalogue: Catalogue, practice: Practice, source: str, *, finder: bool = True
) -> str:
    """`## Partnership gaps`: each unmet need, what needs it, and who could fill it.

    `source` is the docs-relative path of the page the section goes into (for relative links);
    `finder` adds a link to the `/partners/` page, so leave it on only when that page is built.
    The heading is Markdown (table of contents, anchor); the rest is finished HTML (`raw_block`):
    as Markdown, its dozen links took Python-Markdown about 2.7 ms on every practice page.
    """
    pages = SitePages(catalogue)
    needs = partners.needs_of(catalogue, practice)
    found = partners.suggest_by_gap(catalogue, practice)
    if not needs:
        parts = ["<p>Its typologies and themes name no kinds of actors they need.</p>"]
    elif not found:
        parts = [
            "<p>Every kind of actor that its typologies and themes call for takes part: no gap.</p>"
        ]
    else:
        parts = [
            "<p>Its typologies and themes call for kinds of actors it does not have yet. Under "
            "each gap, actors of the Atlas that could fill it: first those that work in the same "
            "countries or regions, on the same themes, in more practices.</p>",
            _list([_gap_item(pages, practice, gap, fills, source) for gap, fills in found]),
        ]
    if finder:
        href = page_url(PARTNERS_SRC, source, html_text(_finder_query(practice)))
        parts.append(f'<p><a href="{href}">Find partners by country, theme and typology</a></p>')
    return f"## Partnership gaps {{ #{SECTION_ID} }}\n\n" + raw_block("\n".join(parts))


def _list(items: list[str]) -> str:
    return "<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"


def _gap_item(
    pages: SitePages,
    practice: Practice,
    gap: partners.Gap,
    fills: list[partners.Suggestion],
    source: str,
) -> str:
    """One gap as list-item HTML, its candidates as a nested list."""
    needed = _needed_by(pages, gap.needed_by, source)
    item = f"<strong>{_type_a(pages, gap.actor_type, source)}</strong>, needed by {needed}."
    if not fills:
        return item + " No actor of this type is in the Atlas yet."
    reasons = partners.why(pages.cat, practice, fills)
    found = [
        f"{pages.actor_a(s.actor, source)}: {html_text(reason)}"
        for s, reason in zip(fills, reasons, strict=True)
    ]
    return f"{item}\n{_list(found)}"


def _needed_by(pages: SitePages, needs: tuple[partners.Need, ...], source: str) -> str:
    """'the typologies A and B and the theme C' in HTML, each term linked to its page."""
    groups = []
    for vocabulary in NEEDS_VOCABULARIES:
        terms = [
            pages.term_a(n.vocabulary, n.term, source) for n in needs if n.vocabulary == vocabulary
        ]
        if terms:
            facet = BY_VOCABULARY[vocabulary]
            noun = (facet.singular if len(terms) == 1 else facet.plural).lower()
            groups.append(f"the {html_text(noun)} {_and(terms)}")
    return " and ".join(groups)


def _and(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _type_link(pages: SitePages, actor_type: str, source: str) -> str:
    """An actor type linked to its page when it has one (pages exist only for types in use)."""
    facet = BY_VOCABULARY["actor_types"]
    label = pages.tax.label("actor_types", actor_type)
    if actor_type in _types_with_pages(pages):
        return link(label, term_src(facet, actor_type), source)
    return text(label)


def _type_a(pages: SitePages, actor_type: str, source: str) -> str:
    """`_type_link` in HTML."""
    if actor_type in _types_with_pages(pages):
        return pages.term_a("actor_types", actor_type, source)
    return html_text(pages.tax.label("actor_types", actor_type))


def _types_with_pages(pages: SitePages) -> set[Any]:
    """The actor types that have a page, found once per catalogue: finding them reads every
    actor, and every practice page names the types of its gaps."""
    facet = BY_VOCABULARY["actor_types"]
    return memo.once(pages.cat, "actor types with pages", lambda: pages.pages_for(facet))


def _finder_query(practice: Practice) -> str:
    """The finder opened on the practice's countries and first typology."""
    params = [("country", code) for code in sorted(practice.countries())]
    params += [("typology", t) for t in practice.ids("typologies")[:1]]
    return "?" + urlencode(params) if params else ""


# The /partners/ page ------------------------------------------------------------------------


def partners_page(catalogue: Catalogue) -> str:
    """The Markdown of `partners.md`: the finder's form and result area, then a static summary."""
    pages = SitePages(catalogue)
    src = PARTNERS_SRC
    out = [
        front_matter(
            title="Partnership finder",
            description="Who is active in the countries and on the themes you choose, and "
            "which kinds of actors are missing for a partnership there.",
        ),
        "# Partnership finder\n",
        "The meeting this Atlas starts from asked to identify the *missing links and actors "
        "for future partnerships*. Choose countries, themes and a typology: the finder lists "
        "the actors active there with their practices, and the kinds of actors the chosen "
        "typology and themes need that none of them is. The address of the page keeps your "
        "choice, so you can share it.\n",
        _finder_html(catalogue),
        "## What each typology and theme needs\n",
        _needs_list(pages, src),
        "## Actor types across the Atlas\n",
        "How many practices have an actor of each type, how many need one (through their "
        "typologies and themes), and how many of those lack it.\n",
        _types_table(catalogue, pages, src),
    ]
    return "\n".join(out)


def _finder_html(catalogue: Catalogue) -> str:
    """The form and result area as one raw HTML block (no blank line inside, no script)."""
    parts = [
        '<div id="atlas-partners" class="atlas-partners" data-src="data.json">',
        '<p class="atlas-partners-nojs">The finder needs JavaScript. Without it, the table '
        "below sums up the whole Atlas.</p>",
        '<form id="partners-form" class="atlas-partners-form" hidden>',
        _typology_select(catalogue),
        _checkboxes("theme", "Themes", _theme_options(catalogue)),
        _checkboxes("country", "Countries", _country_options(catalogue)),
        '<p class="atlas-partners-actions"><button type="reset" class="md-button">'
        "Clear the choice</button></p>",
        "</form>",
        '<p id="partners-status" class="atlas-partners-status" role="status" '
        'aria-live="polite"></p>',
        '<div id="partners-results" class="atlas-partners-results"></div>',
        "</div>",
    ]
    return "\n".join(parts) + "\n"


def _typology_select(catalogue: Catalogue) -> str:
    options = ['<option value="">Any typology</option>'] + [
        f'<option value="{html_text(t.id)}">{html_text(t.label)}</option>'
        for t in catalogue.taxonomy.terms("typologies")
    ]
    return (
        '<fieldset class="atlas-partners-typology"><legend>Typology</legend>'
        '<label for="partners-typology">Set-up of the partnership</label> '
        f'<select id="partners-typology" name="typology">{"".join(options)}</select>'
        "</fieldset>"
    )


def _checkboxes(name: str, legend: str, options: list[tuple[str, str]]) -> str:
    """A fieldset of labelled checkboxes sharing one query-string parameter name."""
    items = []
    for value, label in options:
        ident = f"partners-{name}-{value.lower()}"
        items.append(
            f'<span class="atlas-partners-option"><input type="checkbox" id="{html_text(ident)}" '
            f'name="{name}" value="{html_text(value)}"> '
            f'<label for="{html_text(ident)}">{html_text(label)}</label></span>'
        )
    return (
        f'<fieldset class="atlas-partners-{name}"><legend>{html_text(legend)}</legend>'
        + "".join(items)
        + "</fieldset>"
    )


def _theme_options(catalogue: Catalogue) -> list[tuple[str, str]]:
    return [(t.id, t.label) for t in catalogue.taxonomy.terms("themes")]


def finder_countries(catalogue: Catalogue) -> list[str]:
    """Countries where a practice happens or an actor is based or works, by English name."""
    codes = {c for p in catalogue.practices.values() for c in p.countries()}
    codes |= {c for a in catalogue.actors.values() for c in a.ids("countries")}
    return sorted(codes, key=lambda c: (geo.country_name(c).casefold(), c))


def _country_options(catalogue: Catalogue) -> list[tuple[str, str]]:
    return [(code, geo.country_name(code)) for code in finder_countries(catalogue)]


def _needs_list(pages: SitePages, source: str) -> str:
    """Each typology and theme that needs actor types, as a definition list."""
    items = []
    for vocabulary in NEEDS_VOCABULARIES:
        for term in pages.tax.terms(vocabulary):
            if not term.needs:
                continue
            name = (
                pages.term_link(vocabulary, term.id, source)
                if term.id in pages.pages_for(BY_VOCABULARY[vocabulary])
                else text(term.label)
            )
            singular = BY_VOCABULARY[vocabulary].singular.lower()
            needs = ", ".join(_type_link(pages, t, source) for t in term.needs)
            items.append(f"{name} <small>({text(singular)})</small>\n:   {needs}\n")
    if not items:
        return "No typology or theme names the actors it needs.\n"
    body = "\n".join(items)
    return f'<div class="atlas-partners-needs" markdown>\n\n{body}\n</div>\n'


def type_counts(catalogue: Catalogue) -> dict[str, dict[str, int]]:
    """Actor type -> counts of actors, practices with one, practices needing one, lacking one."""
    counts = {
        t: {"actors": 0, "with": 0, "need": 0, "lack": 0}
        for t in catalogue.taxonomy.ids("actor_types")
    }
    for actor in catalogue.actors.values():  # loaded actors have a valid type
        counts[actor.meta["type"]]["actors"] += 1
    for practice in catalogue.practices.values():
        present = set(catalogue.actor_types_of(practice))
        for actor_type in present:
            counts[actor_type]["with"] += 1
        for actor_type in partners.needs_of(catalogue, practice):
            if actor_type in counts:
                counts[actor_type]["need"] += 1
                counts[actor_type]["lack"] += actor_type not in present
    return counts


def _types_table(catalogue: Catalogue, pages: SitePages, source: str) -> str:
    rows = [
        "| Actor type | Actors | Practices with one | Practices that need one | "
        "Of those, lacking one |",
        "|---|---:|---:|---:|---:|",
    ]
    for actor_type, c in type_counts(catalogue).items():
        rows.append(
            f"| {_type_link(pages, actor_type, source)} | {c['actors']} | {c['with']} | "
            f"{c['need']} | {c['lack']} |"
        )
    return "\n".join(rows) + "\n"


# The data file ------------------------------------------------------------------------------


def partners_data(catalogue: Catalogue) -> bytes:
    """The finder's data (`partners/data.json`): compact, ordered, byte-identical per catalogue.

    URLs are left out: the script builds them from slugs, relative to the page, so the file
    does not depend on `site_url`.
    """
    taxonomy = catalogue.taxonomy
    data: dict[str, Any] = {
        "version": DATA_VERSION,
        "actor_types": [{"id": t.id, "label": t.label} for t in taxonomy.terms("actor_types")],
        "typologies": _terms_with_needs(catalogue, "typologies"),
        "themes": _terms_with_needs(catalogue, "themes"),
        "countries": [
            {"id": code, "label": geo.country_name(code), "regions": geo.country_regions(code)}
            for code in finder_countries(catalogue)
        ],
        "actors": [
            {
                "slug": a.slug,
                "name": a.title,
                "type": a.meta["type"],
                "countries": a.ids("countries"),
            }
            for a in catalogue.sorted_actors
        ],
        "practices": [_practice_record(catalogue, p) for p in catalogue.sorted_practices],
    }
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (encoded + "\n").encode("utf-8")


def _terms_with_needs(catalogue: Catalogue, vocabulary: str) -> list[dict[str, Any]]:
    return [
        {"id": t.id, "label": t.label, "needs": list(t.needs)}
        for t in catalogue.taxonomy.terms(vocabulary)
    ]


def _practice_record(catalogue: Catalogue, practice: Practice) -> dict[str, Any]:
    return {
        "slug": practice.slug,
        "title": practice.title,
        "typologies": practice.ids("typologies"),
        "themes": practice.ids("themes"),
        "countries": practice.countries(),
        "regions": practice.ids("regions"),
        "actors": [ref.actor for ref in practice.actor_refs if ref.actor in catalogue.actors],
        "gaps": [gap.actor_type for gap in partners.gaps(catalogue, practice)],
    }
