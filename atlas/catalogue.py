"""The catalogue: every entry loaded, checked and cross-linked, the single source of truth.

Every page, index and export is a pure function of one `Catalogue`. `load` reads the content
folder, applies every rule and returns the catalogue of valid entries with all problems found.

Cost (see docs/performance.md): loading is linear in the number of files. Each file is read
and checked on its own (`_read`), so `atlas check` and `atlas build` spread that work over one
process per core (`atlas.parallel`) and only the rules across files run on the collected
results; a `LoadCache` lets a long-lived process (`atlas serve`) re-read only the files whose
bytes changed. Derived
data (resolved regions, related practices) is computed once per practice and kept; related
practices are ranked with bitsets over all practices at once (`_Similarity`), not pair by pair.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from atlas import bitsets, geo, parallel, rules
from atlas.clock import today
from atlas.frontmatter import parse_entry
from atlas.model import ACTOR_FIELDS, PRACTICE_FIELDS, Actor, Entry, Practice
from atlas.problems import Problem, Severity, sort_problems
from atlas.slugs import is_slug, slugify
from atlas.taxonomy import Taxonomy, load_taxonomy
from atlas.yamlread import Located, YamlProblem

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
                    bitsets.add(planes, bits, weight)
        candidates = 0
        for plane in planes:
            candidates |= plane  # a positive score
        for slug in exclude:
            if slug in self.position:
                candidates &= ~(1 << self.position[slug])
        best = bitsets.best_first(planes, candidates)
        found = [self.practices[position] for position in itertools.islice(best, limit)]
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
class _File:
    """One file to read: its kind, where it is, and its path as problems name it."""

    kind: str
    path: Path
    relpath: str


@dataclass
class _Read:
    """One file as `_read` left it: the entry (None if unreadable), its located front-matter,
    its own problems and how many of them are errors. Small and picklable: what a worker
    process sends back, and what `LoadCache` keeps."""

    entry: Entry | None
    located: Located | None
    problems: list[Problem]
    errors: int
    digest: bytes = b""


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
    root: Path,
    *,
    build_day: date | None = None,
    cache: LoadCache | None = None,
    workers: int | None = 1,
) -> LoadResult:
    """Read, check and cross-link all content under `root` (reusing `cache` when given).

    `workers` is how many processes read and check the files: 1 (the default, right for a
    library call and inside `atlas serve` or MkDocs), None for as many as pay off for the
    number of files (`atlas check`, `atlas build`), or a number. Every file is read and checked
    on its own in `_read`, wherever it runs; the rules that look across files or at the date
    run here, on the collected results, so the problems are the same whatever the number.
    With a `cache`, the files are read in this process: few of them have changed.
    """
    problems: list[Problem] = []
    taxonomy, taxonomy_problems = load_taxonomy(root)
    problems.extend(taxonomy_problems)
    day = build_day or today()
    files = _listing(root, problems)
    if cache is not None:
        reads = _read_cached(root, files, taxonomy, cache)
    else:
        count = parallel.workers_for(len(files)) if workers is None else workers
        reads = parallel.map_forked(partial(_read_all, taxonomy), files, count)
    parsed: dict[str, list[tuple[Entry, rules.Checker]]] = {"practice": [], "actor": []}
    for file, read in zip(files, reads, strict=True):
        problems.extend(read.problems)
        if read.entry is not None and read.located is not None:
            ctx = rules.Checker(file.relpath, read.located, taxonomy, problems)
            ctx.errors = read.errors
            parsed[file.kind].append((read.entry, ctx))
    actor_slugs = {e.slug for e, _ in parsed["actor"]}
    practice_slugs = {e.slug for e, _ in parsed["practice"]}
    for entry, ctx in parsed["practice"]:
        rules.check_reviewed_not_in_future(entry.meta, day, ctx)
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
    return LoadResult(catalogue, sort_problems(problems), len(files) + 1)


def _listing(root: Path, sink: list[Problem]) -> list[_File]:
    """Every entry file, practices then actors, each folder in name order (dot files and
    folders left out); a missing folder is an error in `sink`."""
    found: list[_File] = []
    for kind, folder in FOLDERS.items():
        directory = root / folder
        if not directory.is_dir():
            sink.append(Problem(folder, 1, 1, Severity.ERROR, f"folder {folder}/ is missing"))
            continue
        # A file that is not a symbolic link resolves to its resolved folder plus its name:
        # one `resolve()` per folder instead of one per file.
        try:
            prefix: str | None = directory.resolve().relative_to(root).as_posix() + "/"
        except ValueError:
            prefix = None
        with os.scandir(directory) as listing:
            names = [
                (item.name, item.is_symlink())
                for item in listing
                if not item.name.startswith(".") and not item.is_dir()
            ]
        names.sort(key=lambda item: os.path.normcase(item[0]))  # the order of their Paths
        for name, linked in names:
            path = directory / name
            relpath = prefix + name if prefix is not None and not linked else _relpath(root, path)
            found.append(_File(kind, path, relpath))
    return found


def _read_all(taxonomy: Taxonomy, files: Sequence[_File]) -> list[_Read]:
    return [_read(file, taxonomy) for file in files]


def _read_cached(
    root: Path, files: list[_File], taxonomy: Taxonomy, cache: LoadCache
) -> list[_Read]:
    """`_read` of every file, or what it gave last time for the same bytes and taxonomy."""
    try:
        fingerprint = _digest((root / "content" / "taxonomy.yml").read_bytes())
    except OSError:
        fingerprint = b""
    if fingerprint != cache.taxonomy or not fingerprint:
        cache.taxonomy = fingerprint
        cache.files = {}
    reads: list[_Read] = []
    for file in files:
        try:
            data = file.path.read_bytes()
        except OSError:
            reads.append(_read(file, taxonomy))
            continue
        digest = _digest(data)
        known = cache.files.get(str(file.path))
        if known is None or known.digest != digest:
            known = _read(file, taxonomy, data)
            known.digest = digest
            cache.files[str(file.path)] = known
        reads.append(known)
    seen = {str(file.path) for file in files}
    cache.files = {name: known for name, known in cache.files.items() if name in seen}
    return reads


def _read(file: _File, taxonomy: Taxonomy, data: bytes | None = None) -> _Read:
    """Read one file and apply every rule that looks at nothing else (nor at the date)."""
    path, kind, relpath = file.path, file.kind, file.relpath
    own: list[Problem] = []
    if path.suffix != ".md":
        own.append(
            Problem(
                relpath,
                1,
                1,
                Severity.WARNING,
                "not a Markdown entry: ignored",
                f"entries are files named <slug>.md in {FOLDERS[kind]}/",
            )
        )
        return _Read(None, None, own, 0)
    try:
        raw = parse_entry(path, path.read_bytes() if data is None else data)
    except YamlProblem as exc:
        own.append(Problem(relpath, exc.line, exc.column, Severity.ERROR, exc.message, exc.hint))
        return _Read(None, None, own, 1)
    except OSError as exc:
        own.append(Problem(relpath, 1, 1, Severity.ERROR, f"cannot read the file: {exc.strerror}"))
        return _Read(None, None, own, 1)
    ctx = rules.Checker(relpath, raw.meta, taxonomy, own)
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
    if kind == "practice":
        _check_practice(entry, ctx)
    rules.check_template_text_left(entry, ctx)
    return _Read(entry, raw.meta, own, ctx.errors)


def _check_practice(entry: Entry, ctx: rules.Checker) -> None:
    meta = entry.meta
    rules.check_happens_somewhere(meta, ctx)
    rules.check_period_in_order(meta, ctx)
    rules.check_funding_complete(meta, ctx)
    rules.check_actor_listed_once(meta, ctx)
    rules.check_not_related_to_itself(meta, entry.slug, ctx)
    rules.check_body_sections(entry, ctx)
