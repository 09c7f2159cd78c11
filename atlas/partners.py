"""The partnership finder: which kinds of actors a practice lacks, and who could fill each gap.

The source meeting asked the Migration Labs to "identify missing links/actors for future
partnerships". Each typology and theme of `content/taxonomy.yml` may list the actor types it
`needs`; a practice has a *gap* for every needed type that none of its actors has. Each gap can
be filled by actors of that type already in the Atlas, ranked by how close they are to the
practice: where they work, what their past practices were about and how experienced they are.

Everything here is a pure, deterministic function of the catalogue (no MkDocs), so the practice
page, the `/partners/` page, the open data and `atlas gaps` all say the same thing.

Cost: ranking every actor of a type one by one for every practice made a build quadratic. The
actors of each type are held as bitsets (`atlas.bitsets`), so one practice's candidates are
scored all at once, and each practice's gaps and best candidates are computed once per
catalogue (`atlas.memo`) and shared by every output that shows them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from atlas import bitsets, geo, memo, parallel
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
    """An actor that could fill a gap of a practice (`why` says why)."""

    actor: str  # slug
    fills: str  # the actor type (gap) it fills
    score: int


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


def _gaps(catalogue: Catalogue, practice: Practice) -> list[Gap]:
    """The needed actor types none of the practice's actors has (uncached: see `gaps`)."""
    present = set(catalogue.actor_types_of(practice))
    return [
        Gap(actor_type, needed_by)
        for actor_type, needed_by in needs_of(catalogue, practice).items()
        if actor_type not in present
    ]


# Where and on what an actor works -----------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """What the Atlas knows of an actor's work: places, themes, experience."""

    countries: frozenset[str]  # based or works in, and its practices' countries
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
        countries=frozenset(places),
        regions=frozenset(r for code in places for r in geo.country_regions(code)),
        themes=Counter(theme for practice in past for theme in practice.ids("themes")),
        practices=len(past),
    )


@dataclass(frozen=True)
class _Kind:
    """The actors of one type as bitsets (see `atlas.bitsets`): bit i is the i-th of them by
    name, then slug, so that of equal scores the lowest bit ranks first, as `candidates` says."""

    slugs: tuple[str, ...]
    positions: dict[str, int]  # slug -> its bit
    everyone: int
    experience: tuple[int, ...]  # the planes of each actor's score for its past practices
    countries: dict[str, int]  # country -> the actors that work there
    regions: dict[str, int]
    themes: dict[str, int]  # theme -> the actors with a practice on it

    @classmethod
    def of(cls, slugs: list[str], profiles: dict[str, Profile]) -> _Kind:
        countries: dict[str, int] = {}
        regions: dict[str, int] = {}
        themes: dict[str, int] = {}
        for position, slug in enumerate(slugs):
            bit = 1 << position
            profile = profiles[slug]
            for table, keys in (
                (countries, profile.countries),
                (regions, profile.regions),
                (themes, profile.themes),
            ):
                for key in keys:
                    table[key] = table.get(key, 0) | bit
        experience = [
            WEIGHTS["practice"] * min(profiles[slug].practices, PRACTICE_CAP) for slug in slugs
        ]
        return cls(
            slugs=tuple(slugs),
            positions={slug: position for position, slug in enumerate(slugs)},
            everyone=(1 << len(slugs)) - 1,
            experience=tuple(bitsets.planes_of(experience)),
            countries=countries,
            regions=regions,
            themes=themes,
        )

    def ranked(self, target: _Target, taken: set[str]) -> Iterator[str]:
        """The actors not `taken`, best first: the order of `_Fit.score`, then name and slug.

        Every actor's score is summed at once: a few big-int operations per country, region
        and theme of the practice, each over all the type's actors (one machine word per 64),
        so ranking costs almost the same whatever the number of actors.
        """
        planes = list(self.experience)
        for code in target.countries:
            bitsets.add(planes, self.countries.get(code, 0), WEIGHTS["country"])
        for region in target.regions:
            bitsets.add(planes, self.regions.get(region, 0), WEIGHTS["region"])
        for theme in target.themes:
            bitsets.add(planes, self.themes.get(theme, 0), WEIGHTS["theme"])
        candidates = self.everyone
        for slug in taken:
            if slug in self.positions:
                candidates &= ~(1 << self.positions[slug])
        return (self.slugs[position] for position in bitsets.best_first(planes, candidates))


@dataclass(frozen=True)
class _Finder:
    """What ranking needs of a catalogue, computed once for it (`atlas.memo`), and the answers
    given so far: each practice's are shared by its page, the open data and `atlas gaps`."""

    profiles: dict[str, Profile]  # actor slug -> profile
    kinds: dict[str, _Kind]  # actor type -> its actors
    names: dict[str, str]  # actor slug -> its name, case-folded, for ties
    answers: dict[str, tuple[Practice, _Answer]] = field(default_factory=dict)  # by slug


def _finder(catalogue: Catalogue) -> _Finder:
    return memo.once(catalogue, "partners", lambda: _new_finder(catalogue))


def _new_finder(catalogue: Catalogue) -> _Finder:
    by_type: dict[str, list[str]] = {}
    for actor in catalogue.sorted_actors:
        by_type.setdefault(actor.meta["type"], []).append(actor.slug)
    profiles = {a.slug: _profile(catalogue, a) for a in catalogue.sorted_actors}
    return _Finder(
        profiles=profiles,
        kinds={kind: _Kind.of(slugs, profiles) for kind, slugs in by_type.items()},
        names={a.slug: a.title.casefold() for a in catalogue.sorted_actors},
    )


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


@dataclass(frozen=True)
class _Target:
    """What of a practice the ranking compares, computed once per practice, not per actor."""

    countries: tuple[str, ...]
    regions: frozenset[str]
    themes: tuple[str, ...]

    @classmethod
    def of(cls, catalogue: Catalogue, practice: Practice) -> _Target:
        return cls(
            countries=tuple(practice.countries()),
            regions=frozenset(catalogue.regions_resolved(practice)),
            themes=tuple(practice.ids("themes")),
        )


def _fit(target: _Target, profile: Profile) -> _Fit:
    """How close an actor is to a practice: shared places, shared themes, experience."""
    shared = [(i, theme) for i, theme in enumerate(target.themes) if profile.themes[theme]]
    shared.sort(key=lambda item: (-profile.themes[item[1]], item[0]))
    return _Fit(
        countries=[code for code in target.countries if code in profile.countries],
        regions=set(profile.regions & target.regions),
        themes=[(theme, profile.themes[theme]) for _, theme in shared],
        practices=profile.practices,
    )


def why(catalogue: Catalogue, practice: Practice, suggestions: list[Suggestion]) -> list[str]:
    """Why each actor is suggested for the practice, most telling first: "works in Senegal;
    2 practices on TVET".

    Written when shown (a practice page's first three candidates of a gap, `atlas gaps`), not
    for every candidate ranked: it was a third of computing every practice's suggestions, which
    `atlas build` does before it can start on the pages (`prepare`).
    """
    target, profiles = _Target.of(catalogue, practice), _finder(catalogue).profiles
    return ["; ".join(_reasons(catalogue, _fit(target, profiles[s.actor]))) for s in suggestions]


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


def candidates(
    catalogue: Catalogue, practice: Practice, actor_type: str, limit: int | None = None
) -> list[Suggestion]:
    """The actors of a type that are not already in the practice, best first (`limit` of them).

    Ties are broken by name, then slug, so the order never depends on file order. Ranking
    needs the scores alone; the reasons are written only for a suggestion shown (`why`).
    """
    finder = _finder(catalogue)
    kind = finder.kinds.get(actor_type)
    if kind is None:
        return []
    target = _Target.of(catalogue, practice)
    taken = {ref.actor for ref in practice.actor_refs}
    found = []
    for slug in islice(kind.ranked(target, taken), limit):
        fit = _fit(target, finder.profiles[slug])
        found.append(Suggestion(slug, actor_type, fit.score))
    return found


# Each practice's answer, computed once -------------------------------------------------------


@dataclass(frozen=True)
class _Answer:
    """A practice's gaps, each with its best `_SHARED_LIMIT` candidates."""

    gaps: tuple[Gap, ...]
    fills: tuple[tuple[Suggestion, ...], ...]


# Enough candidates per gap for both the practice page (`PER_GAP_LIMIT`) and the best across
# gaps (`SUGGEST_LIMIT`): the best k of a gap are the first k of its best _SHARED_LIMIT.
_SHARED_LIMIT = max(SUGGEST_LIMIT, PER_GAP_LIMIT)


def _answer(catalogue: Catalogue, practice: Practice) -> _Answer:
    """The practice's gaps and candidates, computed once per catalogue (see `_Finder`)."""
    answers = _finder(catalogue).answers
    known = answers.get(practice.slug)
    if known is not None and known[0] is practice:
        return known[1]
    found = tuple(_gaps(catalogue, practice))
    answer = _Answer(
        found,
        tuple(
            tuple(candidates(catalogue, practice, gap.actor_type, _SHARED_LIMIT)) for gap in found
        ),
    )
    answers[practice.slug] = (practice, answer)
    return answer


def prepare(catalogue: Catalogue) -> None:
    """Every practice's gaps and candidates, computed now, on every core that pays off
    (`parallel.map_forked`), and kept as `_answer` keeps them: for `atlas build`, whose forked
    processes all use them (practice pages, open data, /partners/) and inherit them."""
    finder = _finder(catalogue)  # before forking: every process needs it
    todo = [p for p in catalogue.sorted_practices if p.slug not in finder.answers]

    def answer_all(practices: Sequence[Practice]) -> list[_Answer]:
        return [_answer(catalogue, practice) for practice in practices]

    found = parallel.map_forked(answer_all, todo, parallel.workers_for(len(todo)))
    for practice, answer in zip(todo, found, strict=True):
        finder.answers[practice.slug] = (practice, answer)


def gaps(catalogue: Catalogue, practice: Practice) -> list[Gap]:
    """The needed actor types none of the practice's actors has, in the order of `needs_of`."""
    return list(_answer(catalogue, practice).gaps)


def _best_by_gap(catalogue: Catalogue, practice: Practice, limit: int) -> list[list[Suggestion]]:
    """Each gap's best `limit` candidates: from the shared answer when it holds enough."""
    answer = _answer(catalogue, practice)
    if limit <= _SHARED_LIMIT:
        return [list(fills[:limit]) for fills in answer.fills]
    return [candidates(catalogue, practice, gap.actor_type, limit) for gap in answer.gaps]


def suggest_by_gap(
    catalogue: Catalogue, practice: Practice, per_gap: int = PER_GAP_LIMIT
) -> list[tuple[Gap, list[Suggestion]]]:
    """Each gap with its best `per_gap` candidates: what a practice page shows."""
    found = _best_by_gap(catalogue, practice, per_gap)
    return list(zip(_answer(catalogue, practice).gaps, found, strict=True))


def suggest(
    catalogue: Catalogue, practice: Practice, limit: int = SUGGEST_LIMIT
) -> list[Suggestion]:
    """The best `limit` actors that would fill one of the practice's gaps, across all gaps.

    An actor has one type, so each suggestion fills exactly one gap. Ranked by score, then name,
    then slug.
    """
    names = _finder(catalogue).names
    rows = [
        (-suggestion.score, names[suggestion.actor], suggestion.actor, suggestion)
        for found in _best_by_gap(catalogue, practice, limit)
        for suggestion in found
    ]
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
    return {
        "slug": practice.slug,
        "title": practice.title,
        "actor_types": catalogue.actor_types_of(practice),
        "gaps": [
            _gap_record(catalogue, practice, gap, found)
            for gap, found in suggest_by_gap(catalogue, practice, per_gap)
        ],
        "suggested_partners": [s.actor for s in suggest(catalogue, practice)],
    }


def _gap_record(
    catalogue: Catalogue, practice: Practice, gap: Gap, found: list[Suggestion]
) -> dict[str, Any]:
    """One gap with labels, so a reader of the JSON needs no taxonomy at hand."""
    label = catalogue.taxonomy.label
    return {
        "actor_type": gap.actor_type,
        "label": label("actor_types", gap.actor_type),
        "needed_by": [
            {"vocabulary": n.vocabulary, "id": n.term, "label": label(n.vocabulary, n.term)}
            for n in gap.needed_by
        ],
        "suggestions": [
            {
                "actor": s.actor,
                "name": catalogue.actors[s.actor].title,
                "score": s.score,
                "reason": reason,
            }
            for s, reason in zip(found, why(catalogue, practice, found), strict=True)
        ],
    }
