"""Every generated page of the site, as Markdown, computed from the catalogue alone.

Pages are keyed by their docs-relative source path (`practices/<slug>.md` becomes the URL
`/practices/<slug>/`), the same layout as `content/`, so a contributor's relative link from one
entry to another (`[PALIM](palim-belgium-morocco-ict.md)`) resolves and MkDocs validates it.
Nothing here imports MkDocs.

What it costs (docs/performance.md): the generated parts of a page (fact box, lists of practices,
actors and sources) are written here as finished HTML with final relative URLs
(`atlas.pictures.urls.page_url`), inside `raw_block` markers, not as Markdown: Markdown's inline
processing of thousands of links was most of a build. Any Markdown processor passes such a
block through as raw HTML; the Atlas plugin's Markdown extension hands it over without parsing
it at all. Headings stay Markdown, for the table of contents and anchors. Contributor text is
escaped (`html_text`), and the sanitiser still sees every page. A page made only of escaped
lines (`text`), headings of them, finished HTML (a line with links is a `_p` paragraph) and one
entry's body converts only that body (`atlas.mkdocs_plugin.generated_pages`): every entry page
and every list of a country or a term is written so.

Lists that grow with the catalogue are paged (`PAGE_SIZE` practices a page; pages 2 and up at
`<page>/page/<n>/`), so no page grows without bound. Generated pages are left out of Material's
full-text search (`search: exclude`) and described to it by `search_entries` instead: title,
summary or description, and for practices the typology and theme labels as tags.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from functools import cached_property, partial
from typing import Any
from urllib.parse import quote

from atlas import geo, pictures
from atlas.catalogue import Catalogue
from atlas.model import Actor, Practice
from atlas.pictures.urls import page_url, served_dir
from atlas.site.markup import front_matter, html_text, link, rel, text
from atlas.vocabularies import BY_VOCABULARY, FACETS, Facet

SCOPES = {"global": "Global", "regional": "Regional", "national": "National", "local": "Local"}
RECENT_ON_HOME = 8
PAGE_SIZE = 1000  # practices listed on one page of a term, country, actor or the full list

# Finished HTML in generated Markdown: see `raw_block`.
RAW_OPEN = "<!-- atlas:html -->"
RAW_CLOSE = "<!-- /atlas:html -->"
# A contributor's Markdown (an entry's body) in generated Markdown: see `contributed`.
CONTRIB_OPEN = "<!-- atlas:markdown -->"
CONTRIB_CLOSE = "<!-- /atlas:markdown -->"
NO_PRACTICE = text("No practice yet.") + "\n"
NO_SEARCH = {"exclude": True}  # Material's front-matter switch: not in the full-text index


def raw_block(html: str) -> str:
    """A block of finished HTML, between marker comments, as a Markdown block of its own."""
    return f"{RAW_OPEN}\n{html}\n{RAW_CLOSE}\n"


def contributed(markdown: str) -> str:
    """A contributor's Markdown between marker lines, so that a converter can tell it from the
    generated Markdown around it and convert only it (the markers convert to nothing)."""
    return f"{CONTRIB_OPEN}\n{markdown.strip()}\n{CONTRIB_CLOSE}\n"


def practice_src(slug: str) -> str:
    return f"practices/{slug}.md"


def actor_src(slug: str) -> str:
    return f"actors/{slug}.md"


def term_src(facet: Facet, term_id: Any) -> str:
    return f"{facet.folder}/{term_id}.md"


def country_src(code: str) -> str:
    return f"countries/{code.lower()}.md"


def paged_src(src: str, number: int) -> str:
    """Page `number` of a paged list: the page itself, then `<page>/page/<n>.md`.

    No entry can clash with these: entry and alias pages are one folder below their kind's.
    """
    if number == 1:
        return src
    stem = src[: -len(".md")]
    stem = stem[: -len("/index")] if stem.endswith("/index") else stem
    return f"{stem}/page/{number}.md"


EXPLORE_SRC = "explore.md"
TAXONOMY_SRC = "taxonomy.md"


def _a(label: Any, target: str, source: str, query: str = "") -> str:
    """A raw-HTML link from the page `source` to the page `target` (docs-relative .md)."""
    return f'<a href="{page_url(target, source, query)}">{html_text(label)}</a>'


def _p(html: str) -> str:
    """A paragraph of finished HTML (its links made by `_a`) as a Markdown block of its own."""
    return raw_block(f"<p>{html}</p>")


def _ul(items: Sequence[str], css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<ul{cls}>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"


def _runs(rows: Sequence[tuple[str, Practice]]) -> list[tuple[str, list[Practice]]]:
    """Consecutive rows with the same heading, as (heading, practices)."""
    runs: list[tuple[str, list[Practice]]] = []
    for heading, practice in rows:
        if not runs or runs[-1][0] != heading:
            runs.append((heading, []))
        runs[-1][1].append(practice)
    return runs


def _href(url: str) -> str:
    """An outside address for an href: percent-encoded as `markup.external` does, escaped."""
    safe = quote(url, safe=":/?#[]@!$&'*+,;=%~-._")
    return html_text(safe.replace("(", "%28").replace(")", "%29"))


def _dl(rows: Sequence[tuple[str, str]]) -> str:
    items = "\n".join(f"<dt>{html_text(name)}</dt>\n<dd>{value}</dd>" for name, value in rows)
    return f"<dl>\n{items}\n</dl>"


class SitePages:
    """Builds the Markdown of every generated page from one catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.cat = catalogue
        self.tax = catalogue.taxonomy
        self._items: dict[str, tuple[Practice, tuple[str, str]]] = {}

    # Shared pieces: Markdown (for Markdown written elsewhere) ----------------------------

    def term_link(self, vocabulary: str, term_id: Any, source: str) -> str:
        facet = BY_VOCABULARY[vocabulary]
        return link(self.tax.label(vocabulary, term_id), term_src(facet, term_id), source)

    def country_link(self, code: str, source: str) -> str:
        if code in self.cat.index.get("countries", {}):
            return link(geo.country_name(code), country_src(code), source)
        return text(geo.country_name(code))

    def actor_name(self, slug: str) -> str:
        actor = self.cat.actors[slug]
        return actor.title + (f" ({actor.meta['acronym']})" if actor.get("acronym") else "")

    def actor_link(self, slug: str, source: str) -> str:
        return link(self.actor_name(slug), actor_src(slug), source)

    # Shared pieces: finished HTML ---------------------------------------------------------

    def term_a(self, vocabulary: str, term_id: Any, source: str) -> str:
        facet = BY_VOCABULARY[vocabulary]
        return _a(self.tax.label(vocabulary, term_id), term_src(facet, term_id), source)

    def country_a(self, code: str, source: str) -> str:
        if code in self.cat.index.get("countries", {}):
            return _a(geo.country_name(code), country_src(code), source)
        return html_text(geo.country_name(code))

    def actor_a(self, slug: str, source: str) -> str:
        return _a(self.actor_name(slug), actor_src(slug), source)

    def practice_item(self, practice: Practice, source: str) -> str:
        """One item of a practice list (HTML): linked title, summary, key facets."""
        href = page_url(practice_src(practice.slug), source)
        title, rest = self._item_parts(practice)
        return f'<strong><a href="{href}">{title}</a></strong>: {rest}'

    def _item_parts(self, practice: Practice) -> tuple[str, str]:
        """A list item's text, the same on every page listing the practice: computed once."""
        known = self._items.get(practice.slug)
        if known is not None and known[0] is practice:
            return known[1]
        facets = [self.tax.label("typologies", t) for t in practice.ids("typologies")]
        facets.append(self.tax.label("status", practice.meta["status"]))
        places = [geo.country_name(c) for c in practice.countries()][:4]
        facets.extend(places or [self.tax.label("regions", r) for r in practice.ids("regions")][:2])
        parts = (
            html_text(practice.title),
            f"{html_text(practice.summary)}<br>\n<small>{html_text(' · '.join(facets))}</small>",
        )
        self._items[practice.slug] = (practice, parts)
        return parts

    def practice_list(self, practices: Sequence[Practice], source: str) -> str:
        """A list of practices as a Markdown block (finished HTML inside `raw_block`)."""
        if not practices:
            return NO_PRACTICE
        return raw_block(_ul([self.practice_item(p, source) for p in practices]))

    @staticmethod
    def _entry(src: str, title: str, text_: str = "", tags: Sequence[str] = ()) -> dict[str, Any]:
        """What Material's header search gets for one generated page (see `search_entries`)."""
        entry: dict[str, Any] = {
            "location": served_dir(src),
            "title": html_text(title),
            "text": f"<p>{html_text(text_)}</p>" if text_ else "",
        }
        if tags:  # Material renders tags as HTML in its results: labels come from contributors
            entry["tags"] = [html_text(tag) for tag in tags]
        return entry

    # Practice ---------------------------------------------------------------------------

    def _tags(self, p: Practice) -> list[str]:
        """A practice's typology and theme labels: its page's tags and its search entry's."""
        tags = [self.tax.label("typologies", t) for t in p.ids("typologies")]
        return tags + [self.tax.label("themes", t) for t in p.ids("themes")]

    def practice(self, p: Practice) -> str:
        src = practice_src(p.slug)
        tags = self._tags(p)
        out = [front_matter(title=p.title, description=p.summary, tags=tags, search=NO_SEARCH)]
        out.append(f"# {text(p.title)}\n\n{text(p.summary)}\n")
        needs_review = self.cat.needs_review(p)
        if needs_review:
            out.append(
                raw_block(
                    '<div class="admonition warning">\n'
                    '<p class="admonition-title">Needs review</p>\n'
                    f"<p>Last reviewed on {p.last_reviewed}, more than 24 months ago: "
                    "facts may have changed.</p>\n</div>"
                )
            )
        out.append(raw_block(self.fact_box(p, src)))
        locator = pictures.locator_map(self.cat, p, src)
        if locator:
            out.append(raw_block(locator))
        actors = [
            f"{self.actor_a(r.actor, src)}: {html_text(self.tax.label('roles', r.role))}"
            for r in p.actor_refs
        ]
        out.append("## Actors\n\n" + raw_block(_ul(actors)))
        if p.body.strip():
            out.append(contributed(p.body))
        sources = "".join(f"<li>{self.source_line(s)}</li>" for s in p.get("sources", []))
        out.append("## Sources\n\n" + raw_block(f"<ol>{sources}</ol>"))
        if p.get("see_also"):
            out.append(
                "## Records elsewhere\n\n"
                + raw_block(_ul([self.external_a(s["title"], s["url"]) for s in p.get("see_also")]))
            )
        related = self.cat.related(p)
        if related:
            out.append("## Related practices\n\n" + self.practice_list(related, src))
        # Imported here: the partners page module builds on SitePages itself.
        from atlas.site.partners_page import gaps_section

        out.append(gaps_section(self.cat, p, src))
        review = " (needs review)" if needs_review else ""
        out.append(raw_block(f"<p><small>Last reviewed: {p.last_reviewed}{review}.</small></p>"))
        return "\n".join(out)

    @staticmethod
    def external_a(label: Any, url: str) -> str:
        """A link to an outside address; the checker has made sure it is http(s)."""
        return f'<a href="{_href(url)}">{html_text(label)}</a>'

    def source_line(self, source: dict[str, Any]) -> str:
        extra = [html_text(source[k]) for k in ("publisher", "year") if source.get(k)]
        return self.external_a(source["title"], source["url"]) + (
            ", " + ", ".join(extra) if extra else ""
        )

    def fact_box(self, p: Practice, src: str) -> str:
        rows: list[tuple[str, str]] = []
        for vocabulary in ("typologies", "themes", "dimensions", "mobility"):
            if p.ids(vocabulary):
                rows.append(
                    (
                        BY_VOCABULARY[vocabulary].plural,
                        ", ".join(self.term_a(vocabulary, t, src) for t in p.ids(vocabulary)),
                    )
                )
        rows.append(("Status", self.term_a("status", p.meta["status"], src)))
        rows.append(("Evidence", self.term_a("evidence", p.meta["evidence"], src)))
        period = p.get("period", {})
        if period.get("start") or period.get("end"):
            rows.append(
                ("Period", html_text(f"{period.get('start', '?')}–{period.get('end', 'ongoing')}"))
            )
        for role in ("origin", "destination", "transit"):
            codes = p.countries(role)
            if codes:
                rows.append(
                    (f"{role.capitalize()}", ", ".join(self.country_a(c, src) for c in codes))
                )
        if p.countries("origin") and p.countries("destination"):
            corridor = " → ".join(
                ", ".join(geo.country_name(c) for c in p.countries(r))
                for r in ("origin", "destination")
            )
            rows.append(("Corridor", html_text(corridor)))
        regions = self.cat.regions_resolved(p)
        if regions:
            rows.append(("Regions", ", ".join(self.term_a("regions", r, src) for r in regions)))
        for vocabulary in ("sectors", "target_groups", "skill_levels"):
            if p.ids(vocabulary):
                rows.append(
                    (
                        BY_VOCABULARY[vocabulary].plural,
                        ", ".join(self.term_a(vocabulary, t, src) for t in p.ids(vocabulary)),
                    )
                )
        if p.ids("gcm_objectives"):
            rows.append(
                (
                    "GCM objectives",
                    ", ".join(
                        _a(
                            f"{n}. {self.tax.label('gcm_objectives', n)}",
                            term_src(BY_VOCABULARY["gcm_objectives"], n),
                            src,
                        )
                        for n in p.ids("gcm_objectives")
                    ),
                )
            )
        if p.get("beneficiaries"):
            rows.append(("Beneficiaries", html_text(self.beneficiaries(p.get("beneficiaries")))))
        if p.get("funding"):
            rows.append(("Funding", html_text(self.funding(p.get("funding")))))
        return f'<div class="atlas-facts">\n{_dl(rows)}\n</div>'

    @staticmethod
    def beneficiaries(data: dict[str, Any]) -> str:
        parts = []
        if "planned" in data:
            parts.append(f"{data['planned']:,} planned")
        if "reached" in data:
            parts.append(f"{data['reached']:,} reached")
        if "women_share" in data:
            parts.append(f"{data['women_share'] * 100:.0f}% women")
        return ", ".join(parts)

    @staticmethod
    def funding(data: dict[str, Any]) -> str:
        amount = ""
        if "amount" in data:
            value = data["amount"]
            amount = (
                f"{data['currency']} {value:,.2f}"
                if value % 1
                else f"{data['currency']} {value:,.0f}"
            )
        note = data.get("note", "")
        return f"{amount} ({note})" if amount and note else amount or note

    # Actor ------------------------------------------------------------------------------

    def actor(self, a: Actor) -> dict[str, str]:
        """The actor's page, paged when it names more than `PAGE_SIZE` practices."""
        src = actor_src(a.slug)
        head = [f"# {text(self.actor_name(a.slug))}\n\n{text(a.summary)}\n"]
        type_id = a.meta["type"]
        rows = [
            (
                "Type",
                _a(
                    self.tax.label("actor_types", type_id),
                    term_src(BY_VOCABULARY["actor_types"], type_id),
                    src,
                ),
            ),
            ("Scope", html_text(SCOPES[a.meta["scope"]])),
        ]
        if a.ids("countries"):
            rows.append(
                ("Countries", ", ".join(self.country_a(c, src) for c in a.ids("countries")))
            )
        if a.get("website"):
            rows.append(("Website", self.external_a(a.meta["website"], a.meta["website"])))
        head.append(raw_block(f'<div class="atlas-facts">\n{_dl(rows)}\n</div>'))
        if a.body.strip():
            head.append(contributed(a.body))
        head.append("## Practices\n")
        if a.slug not in self.cat.roles_of_actor:
            head.append(text("No practice in the Atlas names this actor yet.") + "\n")
        groups = self._actor_groups(a)
        return self._paged(src, a.title, "\n".join(head), groups, description=a.summary)

    def _actor_groups(self, a: Actor) -> list[tuple[str, list[Practice]]]:
        """The actor's practices under one heading per role."""
        roles = self.cat.roles_of_actor.get(a.slug, [])
        groups = []
        for role in self.tax.ids("roles"):
            mine = [p for p, r in roles if r == role]
            if mine:
                groups.append((f"### As {text(self.tax.label('roles', role).lower())}", mine))
        return groups

    # Paging -----------------------------------------------------------------------------

    def _paged(
        self,
        src: str,
        title: str,
        head: str,
        groups: list[tuple[str, list[Practice]]],
        tail: str = "",
        description: str = "",
    ) -> dict[str, str]:
        """A page of grouped practice lists, split into pages of at most `PAGE_SIZE` practices.

        `head` opens the first page and `tail` closes it; each group is a Markdown heading (or
        "") and its practices. A group cut by a page break repeats its heading, "continued".
        """
        rows = [(heading, p) for heading, practices in groups for p in practices]
        total = _page_count(groups)
        pages: dict[str, str] = {}
        for number in range(1, total + 1):
            page = paged_src(src, number)
            start = (number - 1) * PAGE_SIZE
            chunk = rows[start : start + PAGE_SIZE]
            if number == 1:
                out = [front_matter(title=title, description=description, search=NO_SEARCH), head]
            else:
                out = [
                    front_matter(title=f"{title} (page {number} of {total})", search=NO_SEARCH),
                    f"# {text(title)}\n",
                    _p(f"<small>Page {number} of {total} · {_a('first page', src, page)}</small>"),
                ]
            for index, (heading, practices) in enumerate(_runs(chunk)):
                if heading:
                    cut = index == 0 and start > 0 and rows[start - 1][0] == heading
                    out.append(heading + (" " + text("(continued)") if cut else "") + "\n")
                out.append(self.practice_list(practices, page))
            if total > 1:
                out.append(self._pager(src, number, total, page))
            if number == 1 and tail:
                out.append(tail)
            pages[page] = "\n".join(out)
        return pages

    @staticmethod
    def _pager(src: str, number: int, total: int, page: str) -> str:
        links = [
            f"<strong>{n}</strong>" if n == number else _a(str(n), paged_src(src, n), page)
            for n in range(1, total + 1)
        ]
        nav = f'<nav class="atlas-pager" aria-label="Pages">Pages: {" · ".join(links)}</nav>'
        return raw_block(nav)

    # Index pages ------------------------------------------------------------------------

    def term_page(self, facet: Facet, term_id: Any, practices: list[Practice]) -> dict[str, str]:
        """A term's page (and its continuation pages when it has many practices)."""
        src = term_src(facet, term_id)
        term = self.tax.term(facet.vocabulary, term_id)
        name = term.label if term else str(term_id)
        heading = f"{term_id}. {name}" if facet.vocabulary == "gcm_objectives" else name
        description = term.description if term else ""
        title = f"{facet.singular}: {heading}"
        every = _a(f"all {facet.plural.lower()}", f"{facet.folder}/index.md", src)
        out = [
            f"# {text(heading)}\n",
            _p(f"<small>{html_text(facet.singular)} · {every}</small>"),
        ]
        if term:
            out.append(text(term.description) + "\n")
            if term.aliases:
                out.append(text(f"Also known as: {', '.join(term.aliases)}.") + "\n")
        if facet.vocabulary == "actor_types":
            actors = [a for a in self.cat.sorted_actors if a.meta["type"] == term_id]
            items = [f"{self.actor_a(a.slug, src)}: {html_text(a.summary)}" for a in actors]
            out.append("## Actors\n\n" + (raw_block(_ul(items)) if items else ""))
        explore = _a("Open in the explorer", EXPLORE_SRC, src, f"?{facet.param}={term_id}")
        out.append(f"## {text(f'Practices ({len(practices)})')}\n\n{_p(explore)}")
        if not practices:
            out.append(NO_PRACTICE)
        return self._paged(src, title, "\n".join(out), [("", practices)], description=description)

    def country_page(self, code: str, practices: list[Practice]) -> dict[str, str]:
        src = country_src(code)
        name = geo.country_name(code)
        regions = geo.country_regions(code)
        known = self.cat.index.get("regions", {})
        where = ", ".join(self.term_a("regions", r, src) for r in regions if r in known)
        every = _a("all countries", "countries/index.md", src)
        head = [f"# {text(name)}\n", _p(f"<small>Country ({code}) · {every}</small>")]
        if where:
            head.append(_p(f"Region: {where}"))
        groups = self._country_groups(code, practices)
        tail = []
        actors = self._actors_by_country.get(code, [])
        if actors:
            tail.append(
                "## Actors based or working here\n\n"
                + raw_block(_ul([self.actor_a(a.slug, src) for a in actors]))
            )
        tail.append(_p(_a("Open in the explorer", EXPLORE_SRC, src, f"?country={code}")))
        tail.append(raw_block(pictures.country_map(self.cat, code, src)))
        return self._paged(src, f"Country: {name}", "\n".join(head), groups, "\n".join(tail))

    @staticmethod
    def _country_groups(code: str, practices: list[Practice]) -> list[tuple[str, list[Practice]]]:
        """The country's practices under one heading per role it plays in them."""
        groups = []
        for role in ("origin", "destination", "transit"):
            mine = [p for p in practices if code in p.countries(role)]
            if mine:
                groups.append((f"## {text(f'As country of {role} ({len(mine)})')}", mine))
        return groups

    @cached_property
    def _actors_by_country(self) -> dict[str, list[Actor]]:
        table: dict[str, list[Actor]] = {}
        for actor in self.cat.sorted_actors:
            for code in dict.fromkeys(actor.ids("countries")):
                table.setdefault(code, []).append(actor)
        return table

    def overview(self, facet: Facet) -> str:
        src = f"{facet.folder}/index.md"
        out = [front_matter(title=facet.plural)]
        out.append(f"# {text(facet.plural)}\n")
        counts = self.counts(facet)
        rows = ["| Term | Practices | Description |", "|---|---:|---|"]
        for term in self.tax.terms(facet.vocabulary):
            label = (
                f"{term.id}. {term.label}" if facet.vocabulary == "gcm_objectives" else term.label
            )
            name = (
                link(label, term_src(facet, term.id), src)
                if term.id in self.pages_for(facet)
                else text(label)
            )
            rows.append(f"| {name} | {counts.get(term.id, 0)} | {text(term.description)} |")
        out.append("\n".join(rows) + "\n")
        return "\n".join(out)

    def counts(self, facet: Facet) -> Counter[Any]:
        return Counter({k: len(v) for k, v in self.cat.index.get(facet.vocabulary, {}).items()})

    def pages_for(self, facet: Facet) -> set[Any]:
        """The terms of a facet that get a page: those in use."""
        used = set(self.cat.index.get(facet.vocabulary, {}))
        if facet.vocabulary == "actor_types":
            used |= {a.meta["type"] for a in self.cat.actors.values()}
        return used & set(self.tax.ids(facet.vocabulary))

    def countries_overview(self) -> str:
        src = "countries/index.md"
        out = [front_matter(title="Countries"), "# Countries\n"]
        rows = ["| Country | Code | Origin | Destination | Transit |", "|---|---|---:|---:|---:|"]
        table = self.cat.index.get("countries", {})
        for code in sorted(table, key=lambda c: (geo.country_name(c).casefold(), c)):
            counts = [
                sum(code in p.countries(r) for p in table[code])
                for r in ("origin", "destination", "transit")
            ]
            rows.append(
                f"| {link(geo.country_name(code), country_src(code), src)} | {code} | "
                + " | ".join(map(str, counts))
                + " |"
            )
        out.append("\n".join(rows) + "\n")
        return "\n".join(out)

    def practices_overview(self) -> dict[str, str]:
        src = "practices/index.md"
        title = f"All practices ({len(self.cat.practices)})"
        head = (
            f"# {title}\n\n"
            "Filter and search them in the " + link("explorer", EXPLORE_SRC, src) + ".\n"
        )
        practices = self.cat.sorted_practices
        if not practices:
            head += "\n" + NO_PRACTICE
        return self._paged(src, "All practices", head, [("", practices)])

    def actors_overview(self) -> str:
        src = "actors/index.md"
        out = [
            front_matter(title="Actors", search=NO_SEARCH),
            f"# Actors ({len(self.cat.actors)})\n",
        ]
        for type_id in self.tax.ids("actor_types"):
            actors = [a for a in self.cat.sorted_actors if a.meta["type"] == type_id]
            if actors:
                items = [
                    f"{self.actor_a(a.slug, src)}: "
                    f"{len(self.cat.roles_of_actor.get(a.slug, []))} practices"
                    for a in actors
                ]
                out.append(
                    f"## {text(self.tax.label('actor_types', type_id))}\n\n" + raw_block(_ul(items))
                )
        return "\n".join(out)

    def glossary(self) -> str:
        src = TAXONOMY_SRC
        out = [
            front_matter(title="Glossary of terms"),
            "# Glossary of terms\n",
            "Every term of the Atlas's controlled vocabularies (`content/taxonomy.yml`), "
            "with the other words search treats as synonyms.\n",
        ]
        for facet in (*FACETS, None):
            vocabulary = facet.vocabulary if facet else "roles"
            title = facet.plural if facet else "Roles"
            out.append(f"## {text(title)}\n")
            pages = self.pages_for(facet) if facet else set()
            for term in self.tax.terms(vocabulary):
                label = f"{term.id}. {term.label}" if vocabulary == "gcm_objectives" else term.label
                name = (
                    link(label, term_src(facet, term.id), src)
                    if facet and term.id in pages
                    else text(label)
                )
                aliases = f" *Also: {text(', '.join(term.aliases))}.*" if term.aliases else ""
                out.append(
                    f"{name} <small>`{term.id}`</small>\n:   {text(term.description)}{aliases}\n"
                )
        return "\n".join(out)

    def home_sections(self, source: str = "index.md") -> str:
        """Appended to the home page text: search, entry points with counts, recent reviews."""
        out = [
            '\n<form class="atlas-home-search" action="explore/" method="get" role="search">'
            '<label for="atlas-home-q">Search the practices</label> '
            '<input id="atlas-home-q" name="q" type="search" placeholder="e.g. nurses Germany">'
            ' <button type="submit" class="md-button md-button--primary">Search</button>'
            "</form>\n"
        ]
        out.append(pictures.home_pictures(self.cat, source))
        for vocabulary in ("typologies", "themes"):
            facet = BY_VOCABULARY[vocabulary]
            counts = self.counts(facet)
            items = [
                f"- {self.term_link(vocabulary, t.id, source)} ({counts[t.id]})"
                for t in self.tax.terms(vocabulary)
                if counts.get(t.id)
            ]
            out.append(f"## Browse by {facet.singular.lower()}\n\n" + "\n".join(items) + "\n")
        recent = sorted(
            self.cat.practices.values(), key=lambda p: (p.last_reviewed, p.title), reverse=True
        )[:RECENT_ON_HOME]
        out.append(f"## Recently reviewed\n\n{self.practice_list(recent, source)}")
        out.append(
            f"{link('All practices', 'practices/index.md', source)} · "
            f"{link('All actors', 'actors/index.md', source)} · "
            f"{link('Countries', 'countries/index.md', source)} · "
            f"{link('Regions', 'regions/index.md', source)}\n"
        )
        return "\n".join(out)

    # Everything -------------------------------------------------------------------------

    def all(self) -> dict[str, str]:
        """docs-relative path -> Markdown, for every generated page, in a stable order."""
        pages: dict[str, str] = {}
        for p in self.cat.sorted_practices:
            pages[practice_src(p.slug)] = self.practice(p)
        for a in self.cat.sorted_actors:
            pages.update(self.actor(a))
        for facet in FACETS:
            pages[f"{facet.folder}/index.md"] = self.overview(facet)
            for term_id in sorted(self.pages_for(facet), key=str):
                practices = self.cat.practices_with(facet.vocabulary, term_id)
                pages.update(self.term_page(facet, term_id, practices))
        pages["countries/index.md"] = self.countries_overview()
        for code, practices in sorted(self.cat.index.get("countries", {}).items()):
            pages.update(self.country_page(code, practices))
        pages.update(self.practices_overview())
        pages["actors/index.md"] = self.actors_overview()
        pages[TAXONOMY_SRC] = self.glossary()
        return pages

    def makers(self) -> dict[str, Callable[[], str]]:
        """`all()` without making any page yet: docs path -> a function that makes the page.

        The same paths in the same order, each function giving the Markdown `all()` gives;
        the pages of one paged list are made together when the first of them is asked for.
        A build makes each page where it converts it (`atlas.mkdocs_plugin.forked_pages`), so
        the work is shared between processes; `all()` is what the preview uses.
        """
        pages: dict[str, Callable[[], str]] = {}

        def paged(src: str, groups: list[tuple[str, list[Practice]]], make: Any) -> None:
            group = _Together(make)
            for number in range(1, _page_count(groups) + 1):
                pages[paged_src(src, number)] = partial(group.page, paged_src(src, number))

        for p in self.cat.sorted_practices:
            pages[practice_src(p.slug)] = partial(self.practice, p)
        for a in self.cat.sorted_actors:
            paged(actor_src(a.slug), self._actor_groups(a), partial(self.actor, a))
        for facet in FACETS:
            pages[f"{facet.folder}/index.md"] = partial(self.overview, facet)
            for term_id in sorted(self.pages_for(facet), key=str):
                practices = self.cat.practices_with(facet.vocabulary, term_id)
                make = partial(self.term_page, facet, term_id, practices)
                paged(term_src(facet, term_id), [("", practices)], make)
        pages["countries/index.md"] = self.countries_overview
        for code, practices in sorted(self.cat.index.get("countries", {}).items()):
            make = partial(self.country_page, code, practices)
            paged(country_src(code), self._country_groups(code, practices), make)
        everything = self.cat.sorted_practices
        paged("practices/index.md", [("", everything)], self.practices_overview)
        pages["actors/index.md"] = self.actors_overview
        pages[TAXONOMY_SRC] = self.glossary
        return pages

    def search_entries(self) -> dict[str, dict[str, Any]]:
        """docs path -> the entry Material's header search gets for a page it does not read.

        Pages marked `search: exclude` (entries, term, country and list pages) are described
        by their title, their summary or description, and for practices their typology and
        theme labels as `tags`, so the header search finds them by those without shipping
        their full text. Values are HTML-escaped, as Material's index expects. In `all()`'s
        order; continuation pages of a paged list have no entry of their own.
        """
        entries: dict[str, dict[str, Any]] = {}
        for p in self.cat.sorted_practices:
            src = practice_src(p.slug)
            entries[src] = self._entry(src, p.title, p.summary, self._tags(p))
        for a in self.cat.sorted_actors:
            src = actor_src(a.slug)
            entries[src] = self._entry(src, self.actor_name(a.slug), a.summary)
        for facet in FACETS:
            for term_id in sorted(self.pages_for(facet), key=str):
                src = term_src(facet, term_id)
                term = self.tax.term(facet.vocabulary, term_id)
                name = term.label if term else str(term_id)
                heading = f"{term_id}. {name}" if facet.vocabulary == "gcm_objectives" else name
                about = " ".join([term.description, *term.aliases]) if term else ""
                entries[src] = self._entry(src, f"{facet.singular}: {heading}", about.strip())
        for code in sorted(self.cat.index.get("countries", {})):
            src = country_src(code)
            entries[src] = self._entry(src, f"Country: {geo.country_name(code)}")
        entries["practices/index.md"] = self._entry("practices/index.md", "All practices")
        entries["actors/index.md"] = self._entry("actors/index.md", "Actors")
        return entries


def _page_count(groups: list[tuple[str, list[Practice]]]) -> int:
    """How many pages a paged list of these groups takes (`SitePages._paged`)."""
    rows = sum(len(practices) for _, practices in groups)
    return max(1, -(-rows // PAGE_SIZE))


class _Together:
    """The pages of one paged list, made all at once by `make` when one is first asked for."""

    def __init__(self, make: Callable[[], dict[str, str]]) -> None:
        self._make: Callable[[], dict[str, str]] | None = make
        self._pages: dict[str, str] = {}

    def page(self, src: str) -> str:
        if self._make is not None:
            self._pages, self._make = self._make(), None
        return self._pages[src]


__all__ = ["EXPLORE_SRC", "RAW_CLOSE", "RAW_OPEN", "SitePages", "practice_src", "raw_block", "rel"]
