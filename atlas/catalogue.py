"""The catalogue: every entry loaded, checked and cross-linked, the single source of truth.

Every page, index and export is a pure function of one `Catalogue`. `load` reads the content
folder, applies every rule and returns the catalogue of valid entries with all problems found.

Cost (see docs/performance.md): loading is linear in the number of files, and a `LoadCache`
lets a long-lived process (`atlas serve`) re-read only the files whose bytes changed. Derived
data (resolved regions, related practices) is computed once per practice and kept; related
practices are ranked with bitsets over all practices at once (`_Similarity`), not pair by pair.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable
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
# The same weights in halves: integers, so bit-sliced counters can add them (exactly: every
# weight and every sum of weights is a multiple of 0.5).
_HALF_WEIGHTS = {name: round(weight * 2) for name, weight in RELATED_WEIGHTS.items()}
assert all(_HALF_WEIGHTS[n] == w * 2 for n, w in RELATED_WEIGHTS.items())


def _bitset(positions: Iterable[int], size: int) -> int:
    """An int with the bits at `positions` set."""
    buffer = bytearray(size // 8 + 1)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def _add_weighted(planes: list[int], bits: int, weight: int) -> None:
    """Add `weight` to the counter of every practice in `bits`.

    `planes[k]` holds bit k of every practice's counter (bit-sliced counters): one addition is a
    few big-int operations over all practices at once, with the carry rippling up the planes.
    """
    level = 0
    while weight:
        if weight & 1:
            carry = bits
            k = level
            while carry:
                while k >= len(planes):
                    planes.append(0)
                planes[k], carry = planes[k] ^ carry, planes[k] & carry
                k += 1
        weight >>= 1
        level += 1


class _Similarity:
    """Every practice's related-practice features as postings: bit i is the i-th practice in
    title order, so among equal scores the lowest bit is the first by title and slug."""

    def __init__(
        self, practices: list[Practice], features: Callable[[Practice], dict[str, set[Any]]]
    ) -> None:
        self.practices = practices
        self.position = {p.slug: i for i, p in enumerate(practices)}
        rows: dict[tuple[str, Any], list[int]] = defaultdict(list)
        for i, practice in enumerate(practices):
            for name, values in features(practice).items():
                for value in values:
                    rows[(name, value)].append(i)
        size = len(practices)
        self.postings = {feature: _bitset(found, size) for feature, found in rows.items()}

    def most_similar(
        self, features: dict[str, set[Any]], exclude: Iterable[str], limit: int
    ) -> list[Practice]:
        """The `limit` practices of highest positive score, ties by title and slug."""
        planes: list[int] = []
        for name, values in features.items():
            weight = _HALF_WEIGHTS[name]
            for value in values:
                bits = self.postings.get((name, value), 0)
                if bits:
                    _add_weighted(planes, bits, weight)
        candidates = 0
        for plane in planes:
            candidates |= plane  # a positive score
        for slug in exclude:
            if slug in self.position:
                candidates &= ~(1 << self.position[slug])
        found: list[Practice] = []
        while candidates and len(found) < limit:
            best = candidates
            for plane in reversed(planes):  # narrow down to the highest counter value
                if best & plane:
                    best &= plane
            candidates &= ~best
            while best and len(found) < limit:
                lowest = best & -best
                found.append(self.practices[lowest.bit_length() - 1])
                best ^= lowest
        return found


@dataclass
class Catalogue:
    root: Path
    taxonomy: Taxonomy
    practices: dict[str, Practice] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    build_day: date = field(default_factory=today)
    # Per-practice derived data, computed once: (name, slug) -> (practice, value).
    _memo: dict[tuple[str, str], tuple[Practice, Any]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def _remember(self, name: str, practice: Practice, compute: Callable[[], Any]) -> Any:
        known = self._memo.get((name, practice.slug))
        if known is not None and known[0] is practice:
            return known[1]
        value = compute()
        self._memo[(name, practice.slug)] = (practice, value)
        return value

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

    @cached_property
    def _region_order(self) -> dict[str, int]:
        return {region: i for i, region in enumerate(self.taxonomy.ids("regions"))}

    def regions_resolved(self, practice: Practice) -> list[str]:
        """Regions the practice names, the regions containing them, and its countries' regions."""
        return list(self._remember("regions", practice, lambda: self._regions(practice)))

    def _regions(self, practice: Practice) -> list[str]:
        found: set[str] = set()
        for region in practice.ids("regions"):
            found.update(geo.region_and_ancestors(region))
        for code in practice.countries():
            found.update(geo.country_regions(code))
        order = self._region_order
        return sorted(found, key=lambda r: (order.get(r, len(order)), r))

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
        """Named related practices first, then the most similar, ties broken by title and slug.

        Similarity is the weighted count of shared features (`RELATED_WEIGHTS`); only practices
        with a positive score are listed.
        """
        return list(self._remember("related", practice, lambda: self._related(practice)))

    def _related(self, practice: Practice) -> list[Practice]:
        named = [self.practices[s] for s in practice.ids("related") if s in self.practices]
        if len(named) >= RELATED_LIMIT:
            return named[:RELATED_LIMIT]
        exclude = {practice.slug, *(p.slug for p in named)}
        similar = self._similarity.most_similar(
            self._features(practice), exclude, RELATED_LIMIT - len(named)
        )
        return named + similar

    @cached_property
    def _similarity(self) -> _Similarity:
        return _Similarity(self.sorted_practices, self._features)

    def _features(self, practice: Practice) -> dict[str, set[Any]]:
        return self._remember(
            "features",
            practice,
            lambda: {
                "actors": {r.actor for r in practice.actor_refs},
                "typologies": set(practice.ids("typologies")),
                "themes": set(practice.ids("themes")),
                "countries": set(practice.countries()),
                "regions": set(self.regions_resolved(practice)),
            },
        )

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


@dataclass
class _Read:
    """One file as `_read` left it: the entry (None if unreadable) and its own problems."""

    digest: bytes
    entry: Entry | None
    located: Any
    problems: list[Problem]
    errors: int


@dataclass
class LoadCache:
    """What `load` learnt from each file, reused while the file's bytes and the taxonomy's stay
    the same: a long-lived process (`atlas serve`) re-parses only the files that changed.

    Keyed by content, not by modification time, so an edit is never missed; reading and hashing
    every file costs a few milliseconds per thousand files, parsing and checking them 100 times
    more. The rules that look at other files or at the date run on every load.
    """

    taxonomy: bytes = b""
    files: dict[str, _Read] = field(default_factory=dict)


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def load(
    root: Path, *, build_day: date | None = None, cache: LoadCache | None = None
) -> LoadResult:
    """Read, check and cross-link all content under `root` (reusing `cache` when given)."""
    problems: list[Problem] = []
    taxonomy, taxonomy_problems = load_taxonomy(root)
    problems.extend(taxonomy_problems)
    if cache is not None:
        try:
            fingerprint = _digest((root / "content" / "taxonomy.yml").read_bytes())
        except OSError:
            fingerprint = b""
        if fingerprint != cache.taxonomy or not fingerprint:
            cache.taxonomy = fingerprint
            cache.files = {}
    day = build_day or today()
    parsed: dict[str, list[tuple[Entry, rules.Checker]]] = {"practice": [], "actor": []}
    seen: set[str] = set()
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
            if cache is None:
                entry = _read(root, kind, path, taxonomy, problems)
            else:
                entry = _read_cached(root, kind, path, taxonomy, problems, cache)
                seen.add(str(path))
            if entry:
                parsed[kind].append(entry)
    if cache is not None:
        cache.files = {name: known for name, known in cache.files.items() if name in seen}
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


def _read_cached(
    root: Path,
    kind: str,
    path: Path,
    taxonomy: Taxonomy,
    sink: list[Problem],
    cache: LoadCache,
) -> tuple[Entry, rules.Checker] | None:
    """`_read`, or what it gave last time for the same bytes."""
    try:
        data = path.read_bytes()
    except OSError:
        return _read(root, kind, path, taxonomy, sink)
    digest = _digest(data)
    known = cache.files.get(str(path))
    if known is None or known.digest != digest:
        own: list[Problem] = []
        result = _read(root, kind, path, taxonomy, own, data)
        entry, ctx = result if result else (None, None)
        known = _Read(
            digest, entry, ctx.located if ctx else None, list(own), ctx.errors if ctx else 0
        )
        cache.files[str(path)] = known
    sink.extend(known.problems)
    if known.entry is None:
        return None
    ctx = rules.Checker(known.entry.path.as_posix(), known.located, taxonomy, sink)
    ctx.errors = known.errors
    return known.entry, ctx


def _read(
    root: Path,
    kind: str,
    path: Path,
    taxonomy: Taxonomy,
    sink: list[Problem],
    data: bytes | None = None,
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
        raw = parse_entry(path, path.read_bytes() if data is None else data)
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
