"""Every generated page of the site, as Markdown, computed from the catalogue alone.

Pages are keyed by their docs-relative source path (`practices/<slug>.md` becomes the URL
`/practices/<slug>/`), the same layout as `content/`, so a contributor's relative link from one
entry to another (`[PALIM](palim-belgium-morocco-ict.md)`) resolves and MkDocs validates it.
Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from atlas import geo, pictures
from atlas.catalogue import Catalogue
from atlas.model import Actor, Practice
from atlas.site.markup import external, front_matter, link, rel, text
from atlas.vocabularies import BY_VOCABULARY, FACETS, Facet

SCOPES = {"global": "Global", "regional": "Regional", "national": "National", "local": "Local"}
RECENT_ON_HOME = 8


def practice_src(slug: str) -> str:
    return f"practices/{slug}.md"


def actor_src(slug: str) -> str:
    return f"actors/{slug}.md"


def term_src(facet: Facet, term_id: Any) -> str:
    return f"{facet.folder}/{term_id}.md"


def country_src(code: str) -> str:
    return f"countries/{code.lower()}.md"


EXPLORE_SRC = "explore.md"
TAXONOMY_SRC = "taxonomy.md"


class SitePages:
    """Builds the Markdown of every generated page from one catalogue."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.cat = catalogue
        self.tax = catalogue.taxonomy

    # Shared pieces -----------------------------------------------------------------------

    def term_link(self, vocabulary: str, term_id: Any, source: str) -> str:
        facet = BY_VOCABULARY[vocabulary]
        return link(self.tax.label(vocabulary, term_id), term_src(facet, term_id), source)

    def country_link(self, code: str, source: str) -> str:
        if code in self.cat.index.get("countries", {}):
            return link(geo.country_name(code), country_src(code), source)
        return text(geo.country_name(code))

    def actor_link(self, slug: str, source: str) -> str:
        actor = self.cat.actors[slug]
        name = actor.title + (f" ({actor.meta['acronym']})" if actor.get("acronym") else "")
        return link(name, actor_src(slug), source)

    def practice_item(self, practice: Practice, source: str) -> str:
        """One line of a practice list: linked title, summary, key facets."""
        facets = [self.tax.label("typologies", t) for t in practice.ids("typologies")]
        facets.append(self.tax.label("status", practice.meta["status"]))
        places = [geo.country_name(c) for c in practice.countries()][:4]
        facets.extend(places or [self.tax.label("regions", r) for r in practice.ids("regions")][:2])
        return (
            f"- **{link(practice.title, practice_src(practice.slug), source)}**: "
            f"{text(practice.summary)}  \n  <small>{text(' · '.join(facets))}</small>"
        )

    def practice_list(self, practices: list[Practice], source: str) -> str:
        if not practices:
            return "No practice yet.\n"
        return "\n".join(self.practice_item(p, source) for p in practices) + "\n"

    # Practice ---------------------------------------------------------------------------

    def practice(self, p: Practice) -> str:
        src = practice_src(p.slug)
        tags = [self.tax.label("typologies", t) for t in p.ids("typologies")]
        tags += [self.tax.label("themes", t) for t in p.ids("themes")]
        out = [front_matter(title=p.title, description=p.summary, tags=tags)]
        out.append(f"# {text(p.title)}\n\n{text(p.summary)}\n")
        if self.cat.needs_review(p):
            out.append(
                f'!!! warning "Needs review"\n\n    Last reviewed on {p.last_reviewed}, '
                "more than 24 months ago: facts may have changed.\n"
            )
        out.append(self.fact_box(p, src))
        locator = pictures.locator_map(self.cat, p, src)
        if locator:
            out.append(f"\n{locator}\n")
        out.append(
            "## Actors\n\n"
            + "\n".join(
                f"- {self.actor_link(r.actor, src)}: {text(self.tax.label('roles', r.role))}"
                for r in p.actor_refs
            )
            + "\n"
        )
        out.append(p.body.strip() + "\n")
        out.append(
            "## Sources\n\n"
            + "\n".join(f"1. {self.source_line(s)}" for s in p.get("sources", []))
            + "\n"
        )
        if p.get("see_also"):
            out.append(
                "## Records elsewhere\n\n"
                + "\n".join(f"- {external(s['title'], s['url'])}" for s in p.get("see_also"))
                + "\n"
            )
        related = self.cat.related(p)
        if related:
            out.append("## Related practices\n\n" + self.practice_list(related, src))
        review = " (needs review)" if self.cat.needs_review(p) else ""
        out.append(f"<small>Last reviewed: {p.last_reviewed}{review}.</small>\n")
        return "\n".join(out)

    def source_line(self, source: dict[str, Any]) -> str:
        extra = [text(source[k]) for k in ("publisher", "year") if source.get(k)]
        return external(source["title"], source["url"]) + (", " + ", ".join(extra) if extra else "")

    def fact_box(self, p: Practice, src: str) -> str:
        rows: list[tuple[str, str]] = []
        for vocabulary in ("typologies", "themes", "dimensions", "mobility"):
            if p.ids(vocabulary):
                rows.append(
                    (
                        BY_VOCABULARY[vocabulary].plural,
                        ", ".join(self.term_link(vocabulary, t, src) for t in p.ids(vocabulary)),
                    )
                )
        rows.append(("Status", self.term_link("status", p.meta["status"], src)))
        rows.append(("Evidence", self.term_link("evidence", p.meta["evidence"], src)))
        period = p.get("period", {})
        if period.get("start") or period.get("end"):
            rows.append(("Period", f"{period.get('start', '?')}–{period.get('end', 'ongoing')}"))
        for role in ("origin", "destination", "transit"):
            codes = p.countries(role)
            if codes:
                rows.append(
                    (f"{role.capitalize()}", ", ".join(self.country_link(c, src) for c in codes))
                )
        if p.countries("origin") and p.countries("destination"):
            corridor = " → ".join(
                ", ".join(geo.country_name(c) for c in p.countries(r))
                for r in ("origin", "destination")
            )
            rows.append(("Corridor", text(corridor)))
        regions = self.cat.regions_resolved(p)
        if regions:
            rows.append(("Regions", ", ".join(self.term_link("regions", r, src) for r in regions)))
        for vocabulary in ("sectors", "target_groups", "skill_levels"):
            if p.ids(vocabulary):
                rows.append(
                    (
                        BY_VOCABULARY[vocabulary].plural,
                        ", ".join(self.term_link(vocabulary, t, src) for t in p.ids(vocabulary)),
                    )
                )
        if p.ids("gcm_objectives"):
            rows.append(
                (
                    "GCM objectives",
                    ", ".join(
                        link(
                            f"{n}. {self.tax.label('gcm_objectives', n)}",
                            term_src(BY_VOCABULARY["gcm_objectives"], n),
                            src,
                        )
                        for n in p.ids("gcm_objectives")
                    ),
                )
            )
        if p.get("beneficiaries"):
            rows.append(("Beneficiaries", text(self.beneficiaries(p.get("beneficiaries")))))
        if p.get("funding"):
            rows.append(("Funding", text(self.funding(p.get("funding")))))
        body = "\n\n".join(f"{name}\n:   {value}" for name, value in rows)
        return f'<div class="atlas-facts" markdown>\n\n{body}\n\n</div>\n'

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

    def actor(self, a: Actor) -> str:
        src = actor_src(a.slug)
        out = [front_matter(title=a.title, description=a.summary)]
        acronym = f" ({a.meta['acronym']})" if a.get("acronym") else ""
        out.append(f"# {text(a.title + acronym)}\n\n{text(a.summary)}\n")
        rows = [
            (
                "Type",
                link(
                    self.tax.label("actor_types", a.meta["type"]),
                    term_src(BY_VOCABULARY["actor_types"], a.meta["type"]),
                    src,
                ),
            ),
            ("Scope", text(SCOPES[a.meta["scope"]])),
        ]
        if a.ids("countries"):
            rows.append(
                ("Countries", ", ".join(self.country_link(c, src) for c in a.ids("countries")))
            )
        if a.get("website"):
            rows.append(("Website", external(a.meta["website"], a.meta["website"])))
        facts = "\n\n".join(f"{name}\n:   {value}" for name, value in rows)
        out.append(f'<div class="atlas-facts" markdown>\n\n{facts}\n\n</div>\n')
        if a.body.strip():
            out.append(a.body.strip() + "\n")
        out.append("## Practices\n")
        roles = self.cat.roles_of_actor.get(a.slug, [])
        if not roles:
            out.append("No practice in the Atlas names this actor yet.\n")
        for role in self.tax.ids("roles"):
            mine = [p for p, r in roles if r == role]
            if mine:
                out.append(
                    f"### As {text(self.tax.label('roles', role).lower())}\n\n"
                    + self.practice_list(mine, src)
                )
        return "\n".join(out)

    # Index pages ------------------------------------------------------------------------

    def term_page(self, facet: Facet, term_id: Any, practices: list[Practice]) -> str:
        src = term_src(facet, term_id)
        term = self.tax.term(facet.vocabulary, term_id)
        name = term.label if term else str(term_id)
        heading = f"{term_id}. {name}" if facet.vocabulary == "gcm_objectives" else name
        out = [
            front_matter(
                title=f"{facet.singular}: {heading}", description=term.description if term else ""
            )
        ]
        out.append(
            f"# {text(heading)}\n\n<small>{text(facet.singular)} · "
            f"{link('all ' + facet.plural.lower(), f'{facet.folder}/index.md', src)}</small>\n"
        )
        if term:
            out.append(text(term.description) + "\n")
            if term.aliases:
                out.append(f"Also known as: {text(', '.join(term.aliases))}.\n")
        if facet.vocabulary == "actor_types":
            actors = [a for a in self.cat.sorted_actors if a.meta["type"] == term_id]
            out.append(
                "## Actors\n\n"
                + "\n".join(f"- {self.actor_link(a.slug, src)}: {text(a.summary)}" for a in actors)
                + "\n"
            )
        explore = link("Open in the explorer", EXPLORE_SRC, src, f"?{facet.param}={term_id}")
        out.append(f"## Practices ({len(practices)})\n\n{explore}\n")
        out.append(self.practice_list(practices, src))
        return "\n".join(out)

    def country_page(self, code: str, practices: list[Practice]) -> str:
        src = country_src(code)
        name = geo.country_name(code)
        out = [front_matter(title=f"Country: {name}")]
        regions = geo.country_regions(code)
        where = ", ".join(
            self.term_link("regions", r, src)
            for r in regions
            if r in self.cat.index.get("regions", {})
        )
        out.append(
            f"# {text(name)}\n\n<small>Country ({code}) · "
            f"{link('all countries', 'countries/index.md', src)}</small>\n"
        )
        if where:
            out.append(f"Region: {where}\n")
        for role in ("origin", "destination", "transit"):
            mine = [p for p in practices if code in p.countries(role)]
            if mine:
                out.append(
                    f"## As country of {role} ({len(mine)})\n\n" + self.practice_list(mine, src)
                )
        actors = [a for a in self.cat.sorted_actors if code in a.ids("countries")]
        if actors:
            out.append(
                "## Actors based or working here\n\n"
                + "\n".join(f"- {self.actor_link(a.slug, src)}" for a in actors)
                + "\n"
            )
        explore = link("Open in the explorer", EXPLORE_SRC, src, f"?country={code}")
        out.append(explore + "\n")
        out.append(f"\n{pictures.country_map(self.cat, code, src)}\n")
        return "\n".join(out)

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

    def practices_overview(self) -> str:
        src = "practices/index.md"
        out = [
            front_matter(title="All practices"),
            f"# All practices ({len(self.cat.practices)})\n",
            "Filter and search them in the " + link("explorer", EXPLORE_SRC, src) + ".\n",
            self.practice_list(self.cat.sorted_practices, src),
        ]
        return "\n".join(out)

    def actors_overview(self) -> str:
        src = "actors/index.md"
        out = [front_matter(title="Actors"), f"# Actors ({len(self.cat.actors)})\n"]
        for type_id in self.tax.ids("actor_types"):
            actors = [a for a in self.cat.sorted_actors if a.meta["type"] == type_id]
            if actors:
                out.append(
                    f"## {text(self.tax.label('actor_types', type_id))}\n\n"
                    + "\n".join(
                        f"- {self.actor_link(a.slug, src)}: "
                        f"{len(self.cat.roles_of_actor.get(a.slug, []))} practices"
                        for a in actors
                    )
                    + "\n"
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
            pages[actor_src(a.slug)] = self.actor(a)
        for facet in FACETS:
            pages[f"{facet.folder}/index.md"] = self.overview(facet)
            for term_id in sorted(self.pages_for(facet), key=str):
                practices = self.cat.practices_with(facet.vocabulary, term_id)
                pages[term_src(facet, term_id)] = self.term_page(facet, term_id, practices)
        pages["countries/index.md"] = self.countries_overview()
        for code, practices in sorted(self.cat.index.get("countries", {}).items()):
            pages[country_src(code)] = self.country_page(code, practices)
        pages["practices/index.md"] = self.practices_overview()
        pages["actors/index.md"] = self.actors_overview()
        pages[TAXONOMY_SRC] = self.glossary()
        return pages


__all__ = ["EXPLORE_SRC", "SitePages", "practice_src", "rel"]
