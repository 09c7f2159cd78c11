"""The partnership finder: which kinds of actors a practice lacks, and who could fill each gap.

The source meeting asked the Migration Labs to "identify missing links/actors for future
partnerships". Each typology and theme of `content/taxonomy.yml` may list the actor types it
`needs`; a practice has a *gap* for every needed type that none of its actors has. Each gap can
be filled by actors of that type already in the Atlas, ranked by how close they are to the
practice: where they work, what their past practices were about and how experienced they are.

Everything here is a pure, deterministic function of the catalogue (no MkDocs), so the practice
page, the `/partners/` page, the open data and `atlas gaps` all say the same thing.
"""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass
from typing import Any

from atlas import geo
from atlas.catalogue import Catalogue
from atlas.model import Actor, Practice
from atlas.taxonomy import NEEDS_VOCABULARIES

# How much each kind of closeness counts (integers, so scores compare exactly). A shared
# country says most: the actor already works where the practice happens. A shared region or
# theme says less; experience (past practices, capped) only separates otherwise close actors.
WEIGHTS = {"country": 6, "region": 2, "theme": 2, "practice": 1}
PRACTICE_CAP = 3
SUGGEST_LIMIT = 5
PER_GAP_LIMIT = 3
# How many shared countries and themes a reason names before summarising the rest.
REASON_ITEMS = 2


@dataclass(frozen=True)
class Need:
    """One term that calls for an actor type: ("typologies", "project-based")."""

    vocabulary: str
    term: str


@dataclass(frozen=True)
class Gap:
    """An actor type the practice's typologies or themes need and none of its actors has."""

    actor_type: str
    needed_by: tuple[Need, ...]


@dataclass(frozen=True)
class Suggestion:
    """An actor that could fill a gap, with why it is suggested."""

    actor: str  # slug
    fills: str  # the actor type (gap) it fills
    score: int
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


# Needs and gaps ---------------------------------------------------------------------------


def needs_of(catalogue: Catalogue, practice: Practice) -> dict[str, tuple[Need, ...]]:
    """Actor type -> the practice's terms that need it, typologies first, in the entry's order.

    The order of first appearance is kept so that a practice's own set-up (its typologies)
    leads, as in the source's list of set-ups.
    """
    table: dict[str, list[Need]] = {}
    for vocabulary in NEEDS_VOCABULARIES:
        for term_id in practice.ids(vocabulary):
            term = catalogue.taxonomy.term(vocabulary, term_id)
            for actor_type in term.needs if term else ():
                table.setdefault(actor_type, []).append(Need(vocabulary, term_id))
    return {actor_type: tuple(needs) for actor_type, needs in table.items()}


def gaps(catalogue: Catalogue, practice: Practice) -> list[Gap]:
    """The needed actor types none of the practice's actors has, in the order of `needs_of`."""
    present = set(catalogue.actor_types_of(practice))
    return [
        Gap(actor_type, needed_by)
        for actor_type, needed_by in needs_of(catalogue, practice).items()
        if actor_type not in present
    ]


def needs_of_terms(catalogue: Catalogue, vocabulary: str, term_ids: list[str]) -> list[str]:
    """The actor types a set of terms needs, without repeats, in the terms' order."""
    seen: dict[str, None] = {}
    for term_id in term_ids:
        term = catalogue.taxonomy.term(vocabulary, term_id)
        for actor_type in term.needs if term else ():
            seen[actor_type] = None
    return list(seen)


# Where and on what an actor works -----------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """What the Atlas knows of an actor's work: places, themes, experience."""

    countries: tuple[str, ...]  # based or works in, then its practices' countries
    regions: frozenset[str]  # the M49 regions of those countries
    themes: Counter[str]  # theme -> how many of its practices have it
    practices: int


def _profile(catalogue: Catalogue, actor: Actor) -> Profile:
    """Actor entries often name only a headquarters; its practices say where it worked."""
    past = [practice for practice, _ in catalogue.roles_of_actor.get(actor.slug, [])]
    places: dict[str, None] = dict.fromkeys(actor.ids("countries"))
    for practice in past:
        places.update(dict.fromkeys(practice.countries()))
    return Profile(
        countries=tuple(places),
        regions=frozenset(r for code in places for r in geo.country_regions(code)),
        themes=Counter(theme for practice in past for theme in practice.ids("themes")),
        practices=len(past),
    )


# One table of profiles per catalogue, computed once: ranking every practice of a large
# catalogue would otherwise walk each actor's practices again and again. Held weakly, so a
# catalogue that is no longer used takes its table with it.
_PROFILES: dict[int, tuple[weakref.ref[Catalogue], dict[str, Profile]]] = {}


def profiles(catalogue: Catalogue) -> dict[str, Profile]:
    """Actor slug -> profile, for every actor of the catalogue (cached per catalogue)."""
    key = id(catalogue)
    cached = _PROFILES.get(key)
    if cached is not None and cached[0]() is catalogue:
        return cached[1]
    table = {slug: _profile(catalogue, actor) for slug, actor in catalogue.actors.items()}
    ref = weakref.ref(catalogue, lambda _: _PROFILES.pop(key, None))
    _PROFILES[key] = (ref, table)
    return table


def _most_specific(regions: set[str]) -> list[str]:
    """The regions of a set that contain none of the others (Western Africa, not Sub-Saharan)."""
    parents = {geo.region_parent(region) for region in regions}
    return sorted(region for region in regions if region not in parents)


# Ranking -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fit:
    countries: list[str]  # shared, in the practice's order
    regions: set[str]  # shared
    themes: list[tuple[str, int]]  # shared theme -> the actor's practices on it, most first
    practices: int  # the actor's practices in the Atlas

    @property
    def score(self) -> int:
        return (
            WEIGHTS["country"] * len(self.countries)
            + WEIGHTS["region"] * len(self.regions)
            + WEIGHTS["theme"] * len(self.themes)
            + WEIGHTS["practice"] * min(self.practices, PRACTICE_CAP)
        )


def _fit(practice: Practice, regions: set[str], profile: Profile) -> _Fit:
    """How close an actor is to a practice: shared places, shared themes, experience."""
    wanted = practice.ids("themes")
    themes = sorted(
        ((theme, profile.themes[theme]) for theme in wanted if profile.themes[theme]),
        key=lambda item: (-item[1], wanted.index(item[0])),
    )
    return _Fit(
        countries=[code for code in practice.countries() if code in profile.countries],
        regions=set(profile.regions & regions),
        themes=themes,
        practices=profile.practices,
    )


def _reasons(catalogue: Catalogue, fit: _Fit) -> tuple[str, ...]:
    """Human reasons, most telling first: "works in Senegal", "2 practices on TVET"."""
    reasons: list[str] = []
    if fit.countries:
        reasons.append("works in " + _some([geo.country_name(c) for c in fit.countries]))
    elif fit.regions:
        labels = [catalogue.taxonomy.label("regions", r) for r in _most_specific(fit.regions)]
        reasons.append("works in " + _some(labels))
    if fit.themes:
        reasons.append(_themes_reason(catalogue, fit.themes))
    elif fit.practices:
        reasons.append(f"{_count(fit.practices, 'practice')} in the Atlas")
    else:
        reasons.append("no practice in the Atlas yet")
    return tuple(reasons)


def _themes_reason(catalogue: Catalogue, themes: list[tuple[str, int]]) -> str:
    """'2 practices on TVET, 1 on Youth and 3 other shared themes'."""
    label = catalogue.taxonomy.label
    (first, count), *others = themes[:REASON_ITEMS]
    parts = [f"{_count(count, 'practice')} on {label('themes', first)}"]
    parts += [f"{n} on {label('themes', theme)}" for theme, n in others]
    rest = len(themes) - REASON_ITEMS
    tail = f" and {_count(rest, 'other shared theme')}" if rest > 0 else ""
    return ", ".join(parts) + tail


def _plural(number: int, noun: str) -> str:
    return noun if number == 1 else noun + "s"


def _count(number: int, noun: str) -> str:
    return f"{number} {_plural(number, noun)}"


def _some(names: list[str]) -> str:
    """'Senegal', 'Senegal and Ghana', 'Senegal, Ghana and 2 more'."""
    if len(names) <= REASON_ITEMS:
        return " and ".join(names)
    return f"{', '.join(names[:REASON_ITEMS])} and {len(names) - REASON_ITEMS} more"


def candidates(catalogue: Catalogue, practice: Practice, actor_type: str) -> list[Suggestion]:
    """Every actor of a type that is not already in the practice, best first.

    Ties are broken by name, then slug, so the order never depends on file order.
    """
    taken = {ref.actor for ref in practice.actor_refs}
    regions = set(catalogue.regions_resolved(practice))
    table = profiles(catalogue)
    rows = []
    for actor in catalogue.sorted_actors:
        if actor.meta["type"] != actor_type or actor.slug in taken:
            continue
        fit = _fit(practice, regions, table[actor.slug])
        suggestion = Suggestion(actor.slug, actor_type, fit.score, _reasons(catalogue, fit))
        rows.append((-fit.score, actor.title.casefold(), actor.slug, suggestion))
    rows.sort(key=lambda row: row[:3])
    return [row[3] for row in rows]


def suggest_by_gap(
    catalogue: Catalogue, practice: Practice, per_gap: int = PER_GAP_LIMIT
) -> list[tuple[Gap, list[Suggestion]]]:
    """Each gap with its best `per_gap` candidates: what a practice page shows."""
    return [
        (gap, candidates(catalogue, practice, gap.actor_type)[:per_gap])
        for gap in gaps(catalogue, practice)
    ]


def suggest(
    catalogue: Catalogue, practice: Practice, limit: int = SUGGEST_LIMIT
) -> list[Suggestion]:
    """The best `limit` actors that would fill one of the practice's gaps, across all gaps.

    An actor has one type, so each suggestion fills exactly one gap. Ranked by score, then name,
    then slug.
    """
    rows = []
    for gap in gaps(catalogue, practice):
        for suggestion in candidates(catalogue, practice, gap.actor_type):
            name = catalogue.actors[suggestion.actor].title.casefold()
            rows.append((-suggestion.score, name, suggestion.actor, suggestion))
    rows.sort(key=lambda row: row[:3])
    return [row[3] for row in rows[:limit]]


def api_fields(catalogue: Catalogue, practice: Practice) -> dict[str, Any]:
    """The derived fields of a practice in `api/practices.json`: gap types and ranked partners."""
    return {
        "gaps": [gap.actor_type for gap in gaps(catalogue, practice)],
        "suggested_partners": [s.actor for s in suggest(catalogue, practice)],
    }


def report(
    catalogue: Catalogue, practice: Practice, per_gap: int = PER_GAP_LIMIT
) -> dict[str, Any]:
    """Everything about a practice's gaps as plain data (`atlas gaps --json`)."""
    taxonomy = catalogue.taxonomy
    return {
        "slug": practice.slug,
        "title": practice.title,
        "actor_types": catalogue.actor_types_of(practice),
        "gaps": [
            {
                "actor_type": gap.actor_type,
                "label": taxonomy.label("actor_types", gap.actor_type),
                "needed_by": [
                    {
                        "vocabulary": need.vocabulary,
                        "id": need.term,
                        "label": taxonomy.label(need.vocabulary, need.term),
                    }
                    for need in gap.needed_by
                ],
                "suggestions": [
                    {
                        "actor": s.actor,
                        "name": catalogue.actors[s.actor].title,
                        "score": s.score,
                        "reason": s.reason,
                    }
                    for s in found
                ],
            }
            for gap, found in suggest_by_gap(catalogue, practice, per_gap)
        ],
        "suggested_partners": [s.actor for s in suggest(catalogue, practice)],
    }
