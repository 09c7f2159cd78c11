"""The catalogue: every entry loaded, checked and cross-linked, the single source of truth.

Every page, index and export is a pure function of one `Catalogue`. `load` reads the content
folder, applies every rule and returns the catalogue of valid entries with all problems found.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from atlas import geo, rules
from atlas.clock import today
from atlas.frontmatter import parse_entry
from atlas.model import ACTOR_FIELDS, PRACTICE_FIELDS, Actor, Entry, Practice
from atlas.problems import Problem, Severity, sort_problems
from atlas.slugs import is_slug, slugify
from atlas.taxonomy import Taxonomy, load_taxonomy
from atlas.yamlread import YamlProblem

KINDS: dict[str, type[Entry]] = {"practice": Practice, "actor": Actor}
FOLDERS = {"practice": "content/practices", "actor": "content/actors"}
RELATED_LIMIT = 5
# How much each kind of overlap counts when ranking related practices.
RELATED_WEIGHTS = {
    "actors": 3.0,
    "typologies": 2.0,
    "themes": 1.0,
    "countries": 1.0,
    "regions": 0.5,
}


@dataclass
class Catalogue:
    root: Path
    taxonomy: Taxonomy
    practices: dict[str, Practice] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    build_day: date = field(default_factory=today)

    # Cross-links, all derived -----------------------------------------------------------

    @cached_property
    def roles_of_actor(self) -> dict[str, list[tuple[Practice, str]]]:
        """For each actor slug, its practices with its role in each, sorted by practice title."""
        table: dict[str, list[tuple[Practice, str]]] = defaultdict(list)
        for practice in self.sorted_practices:
            for ref in practice.actor_refs:
                table[ref.actor].append((practice, ref.role))
        return dict(table)

    @cached_property
    def sorted_practices(self) -> list[Practice]:
        return sorted(self.practices.values(), key=lambda p: (p.title.casefold(), p.slug))

    @cached_property
    def sorted_actors(self) -> list[Actor]:
        return sorted(self.actors.values(), key=lambda a: (a.title.casefold(), a.slug))

    def regions_resolved(self, practice: Practice) -> list[str]:
        """Regions the practice names, the regions containing them, and its countries' regions."""
        found: set[str] = set()
        for region in practice.ids("regions"):
            found.update(geo.region_and_ancestors(region))
        for code in practice.countries():
            found.update(geo.country_regions(code))
        order = self.taxonomy.ids("regions")
        return sorted(found, key=lambda r: (order.index(r) if r in order else len(order), r))

    def actor_types_of(self, practice: Practice) -> list[str]:
        return sorted(
            {
                self.actors[r.actor].meta["type"]
                for r in practice.actor_refs
                if r.actor in self.actors
            }
        )

    def facet_values(self, practice: Practice, vocabulary: str) -> list[Any]:
        """The ids a practice has in a facet, including the derived ones (regions, actor types)."""
        if vocabulary == "regions":
            return self.regions_resolved(practice)
        if vocabulary == "actor_types":
            return self.actor_types_of(practice)
        if vocabulary == "countries":
            return practice.countries()
        value = practice.get(vocabulary)
        if value is None:
            return []
        return list(value) if isinstance(value, list) else [value]

    @cached_property
    def index(self) -> dict[str, dict[Any, list[Practice]]]:
        """vocabulary (or 'countries') -> term id -> practices, each list sorted by title."""
        table: dict[str, dict[Any, list[Practice]]] = defaultdict(lambda: defaultdict(list))
        names = [*self.taxonomy.vocabularies, "countries"]
        for practice in self.sorted_practices:
            for name in names:
                for value in self.facet_values(practice, name):
                    table[name][value].append(practice)
        return {name: dict(terms) for name, terms in table.items()}

    def practices_with(self, vocabulary: str, term_id: Any) -> list[Practice]:
        return self.index.get(vocabulary, {}).get(term_id, [])

    def related(self, practice: Practice) -> list[Practice]:
        """Named related practices first, then the most similar, ties broken by title and slug."""
        named = [self.practices[s] for s in practice.ids("related") if s in self.practices]
        mine = self._features(practice)
        scored = []
        for other in self.sorted_practices:
            if other.slug == practice.slug or other in named:
                continue
            theirs = self._features(other)
            score = sum(
                weight * len(mine[key] & theirs[key]) for key, weight in RELATED_WEIGHTS.items()
            )
            if score > 0:
                scored.append((-score, other.title.casefold(), other.slug, other))
        scored.sort(key=lambda row: row[:3])
        return (named + [row[3] for row in scored])[:RELATED_LIMIT]

    def _features(self, practice: Practice) -> dict[str, set[Any]]:
        return {
            "actors": {r.actor for r in practice.actor_refs},
            "typologies": set(practice.ids("typologies")),
            "themes": set(practice.ids("themes")),
            "countries": set(practice.countries()),
            "regions": set(self.regions_resolved(practice)),
        }

    def needs_review(self, practice: Practice) -> bool:
        """Not reviewed for more than 24 months before the build day."""
        reviewed = date.fromisoformat(practice.last_reviewed)
        limit = self.build_day
        try:
            limit = limit.replace(year=limit.year - 2)
        except ValueError:  # 29 February
            limit = limit.replace(year=limit.year - 2, day=28)
        return reviewed < limit


@dataclass
class LoadResult:
    catalogue: Catalogue
    problems: list[Problem]
    files: int

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def _relpath(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load(root: Path, *, build_day: date | None = None) -> LoadResult:
    """Read, check and cross-link all content under `root`."""
    problems: list[Problem] = []
    taxonomy, taxonomy_problems = load_taxonomy(root)
    problems.extend(taxonomy_problems)
    day = build_day or today()
    parsed: dict[str, list[tuple[Entry, rules.Checker]]] = {"practice": [], "actor": []}
    files = 1
    for kind, folder in FOLDERS.items():
        directory = root / folder
        if not directory.is_dir():
            problems.append(Problem(folder, 1, 1, Severity.ERROR, f"folder {folder}/ is missing"))
            continue
        for path in sorted(directory.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            files += 1
            entry = _read(root, kind, path, taxonomy, problems)
            if entry:
                parsed[kind].append(entry)
    actor_slugs = {e.slug for e, _ in parsed["actor"]}
    practice_slugs = {e.slug for e, _ in parsed["practice"]}
    for entry, ctx in parsed["actor"]:
        rules.check_template_text_left(entry, ctx)
    for entry, ctx in parsed["practice"]:
        _check_practice(entry, ctx, day)
        rules.check_actors_exist(entry, actor_slugs, ctx)
        rules.check_related_exist(entry, practice_slugs, ctx)
    for kind in KINDS:
        rules.check_aliases_unique(parsed[kind])
    catalogue = Catalogue(root=root, taxonomy=taxonomy, build_day=day)
    for entry, ctx in parsed["practice"]:
        if not ctx.errors:
            catalogue.practices[entry.slug] = entry  # type: ignore[assignment]
    for entry, ctx in parsed["actor"]:
        if not ctx.errors:
            catalogue.actors[entry.slug] = entry  # type: ignore[assignment]
    return LoadResult(catalogue, sort_problems(problems), files)


def _read(
    root: Path, kind: str, path: Path, taxonomy: Taxonomy, sink: list[Problem]
) -> tuple[Entry, rules.Checker] | None:
    relpath = _relpath(root, path)
    if path.suffix != ".md":
        sink.append(
            Problem(
                relpath,
                1,
                1,
                Severity.WARNING,
                "not a Markdown entry: ignored",
                f"entries are files named <slug>.md in {FOLDERS[kind]}/",
            )
        )
        return None
    try:
        raw = parse_entry(path, path.read_bytes())
    except YamlProblem as exc:
        sink.append(Problem(relpath, exc.line, exc.column, Severity.ERROR, exc.message, exc.hint))
        return None
    except OSError as exc:
        sink.append(Problem(relpath, 1, 1, Severity.ERROR, f"cannot read the file: {exc.strerror}"))
        return None
    ctx = rules.Checker(relpath, raw.meta, taxonomy, sink)
    slug = path.stem
    if not is_slug(slug):
        ctx.error(
            (),
            f"file name '{path.name}' is not a valid slug",
            f"rename it to {slugify(slug)}.md (lower-case words joined by '-')",
        )
    (PRACTICE_FIELDS if kind == "practice" else ACTOR_FIELDS).check(raw.meta.data, (), ctx)
    entry = KINDS[kind](
        kind=kind,
        slug=slug,
        path=Path(relpath),
        meta=raw.meta.data,
        body=raw.body,
        body_line=raw.body_line,
    )
    return entry, ctx


def _check_practice(entry: Entry, ctx: rules.Checker, day: date) -> None:
    meta = entry.meta
    rules.check_happens_somewhere(meta, ctx)
    rules.check_period_in_order(meta, ctx)
    rules.check_funding_complete(meta, ctx)
    rules.check_actor_listed_once(meta, ctx)
    rules.check_not_related_to_itself(meta, entry.slug, ctx)
    rules.check_reviewed_not_in_future(meta, day, ctx)
    rules.check_body_sections(entry, ctx)
    rules.check_template_text_left(entry, ctx)
