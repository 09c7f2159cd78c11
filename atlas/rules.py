"""The rules of the content model that are more than a field's type, one `check_*` function each.

Per-entry rules take the entry and a `Checker`; cross-file rules take every entry. Each appends
problems and never raises, so `atlas check` reports everything in one run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from atlas.fields import label
from atlas.hints import did_you_mean
from atlas.model import BODY_SECTIONS, Entry
from atlas.problems import Problem, Severity
from atlas.scaffold import TEMPLATE_MARK
from atlas.taxonomy import Taxonomy
from atlas.yamlread import Located, Path

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")


class Checker:
    """Collects the problems of one file, locating each at the line and column it concerns."""

    def __init__(self, relpath: str, located: Located, taxonomy: Taxonomy, sink: list[Problem]):
        self.relpath = relpath
        self.located = located
        self.taxonomy = taxonomy
        self.sink = sink
        self.errors = 0

    def ids(self, vocabulary: str) -> list[Any]:
        return self.taxonomy.ids(vocabulary)

    def error(
        self, path: Path, message: str, hint: str = "", *, at_key: bool = False, line: int = 0
    ) -> None:
        self.errors += 1
        self._add(Severity.ERROR, path, message, hint, at_key, line)

    def warning(self, path: Path, message: str, hint: str = "", *, line: int = 0) -> None:
        self._add(Severity.WARNING, path, message, hint, False, line)

    def _add(
        self, severity: Severity, path: Path, message: str, hint: str, at_key: bool, line: int = 0
    ) -> None:
        row, column = (line, 1) if line else self.located.where(path, key=at_key)
        self.sink.append(
            Problem(self.relpath, row, column, severity, message, hint, label(path) if path else "")
        )


def listed(meta: dict[str, Any], key: str) -> list[Any]:
    """The list under `key`, or [] when it is absent or not a list (its type is reported)."""
    value = meta.get(key)
    return value if isinstance(value, list) else []


def year(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# Per-entry rules of practices --------------------------------------------------------------


def check_happens_somewhere(meta: dict[str, Any], ctx: Checker) -> None:
    """Every practice happens somewhere: at least one country or one region."""
    countries = meta.get("countries")
    has_country = isinstance(countries, dict) and any(
        isinstance(v, list) and v for v in countries.values()
    )
    if not has_country and not meta.get("regions"):
        ctx.error(
            (),
            "a practice needs at least one country or region",
            "add 'countries: {origin: [..]}' or 'regions: [..]'",
        )


def check_period_in_order(meta: dict[str, Any], ctx: Checker) -> None:
    period = meta.get("period")
    if not isinstance(period, dict):
        return
    start, end = year(period.get("start")), year(period.get("end"))
    if start is not None and end is not None and start > end:
        ctx.error(
            ("period", "end"),
            f"'period.end' ({end}) is before 'period.start' ({start})",
            "swap them or correct the year",
        )


def check_funding_complete(meta: dict[str, Any], ctx: Checker) -> None:
    funding = meta.get("funding")
    if not isinstance(funding, dict):
        return
    has_amount = funding.get("amount") is not None
    if has_amount != (funding.get("currency") is not None):
        missing = "currency" if has_amount else "amount"
        ctx.error(
            ("funding",),
            f"'funding' has an amount or a currency without the other: "
            f"'funding.{missing}' is missing",
            "give amount and currency together",
        )


def check_actor_listed_once(meta: dict[str, Any], ctx: Checker) -> None:
    seen: set[str] = set()
    for index, ref in enumerate(listed(meta, "actors")):
        if not isinstance(ref, dict) or not isinstance(ref.get("actor"), str):
            continue
        if ref["actor"] in seen:
            ctx.error(
                ("actors", index, "actor"),
                f"actor '{ref['actor']}' is listed twice",
                "list each actor once, with its main role",
            )
        seen.add(ref["actor"])


def check_not_related_to_itself(meta: dict[str, Any], slug: str, ctx: Checker) -> None:
    for index, other in enumerate(listed(meta, "related")):
        if other == slug:
            ctx.error(
                ("related", index),
                "a practice cannot be related to itself",
                f"remove '{slug}' from 'related'",
            )


def check_reviewed_not_in_future(meta: dict[str, Any], today: date, ctx: Checker) -> None:
    value = meta.get("last_reviewed")
    try:
        reviewed = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return  # the field type reports the bad date
    if reviewed and reviewed > today:
        ctx.error(
            ("last_reviewed",),
            f"'last_reviewed' ({value}) is in the future",
            f"use the date you checked the entry, at the latest {today.isoformat()}",
        )


def headings(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """(file line, level, text) of every ATX heading outside fenced code."""
    found = []
    fenced = False
    for offset, line in enumerate(body.split("\n")):
        # The substring tests only skip the regular expressions where they cannot match.
        if ("```" in line or "~~~" in line) and FENCE_RE.match(line):
            fenced = not fenced
        elif not fenced and line[:1] == "#" and (match := HEADING_RE.match(line)):
            found.append((first_line + offset, len(match.group(1)), match.group(2)))
    return found


def check_body_sections(entry: Entry, ctx: Checker) -> None:
    """Warn (never fail) about missing or out-of-order recommended sections."""
    sections = [
        (line, text) for line, level, text in headings(entry.body, entry.body_line) if level == 2
    ]
    names = [text for _, text in sections]
    for name in BODY_SECTIONS:
        if name not in names:
            ctx.warning(
                (),
                f"the body has no '## {name}' section",
                "recommended sections: " + ", ".join(BODY_SECTIONS),
                line=entry.body_line,
            )
    order = [BODY_SECTIONS.index(name) for name in names if name in BODY_SECTIONS]
    for (line, text), previous, current in zip(
        [s for s in sections if s[1] in BODY_SECTIONS][1:], order, order[1:], strict=False
    ):
        if current < previous:
            ctx.warning(
                (), f"'## {text}' is out of order", "order: " + ", ".join(BODY_SECTIONS), line=line
            )


def _holds_text(value: Any, text: str) -> bool:
    """Whether `text` is in a string of `value`, at any depth, keys of mappings included."""
    if isinstance(value, str):
        return text in value
    if isinstance(value, list):
        for item in value:
            if _holds_text(item, text):
                return True
    elif isinstance(value, dict):
        for key, item in value.items():
            if _holds_text(key, text) or _holds_text(item, text):
                return True
    return False


def check_template_text_left(entry: Entry, ctx: Checker) -> None:
    """Text from `atlas new`'s template must be replaced before the entry is published."""
    for key, value in entry.meta.items():
        if _holds_text(value, TEMPLATE_MARK):
            ctx.error(
                (key,),
                f"'{key}' still holds template text ('{TEMPLATE_MARK}...')",
                "write the real content",
            )
    if TEMPLATE_MARK not in entry.body:  # then no line of it holds the mark
        return
    for offset, line in enumerate(entry.body.split("\n")):
        if TEMPLATE_MARK in line:
            ctx.error(
                (),
                "the body still holds template text",
                "write the real content",
                line=entry.body_line + offset,
            )
            break


# Cross-file rules ------------------------------------------------------------------------


def check_actors_exist(entry: Entry, actor_slugs: set[str], ctx: Checker) -> None:
    for index, ref in enumerate(listed(entry.meta, "actors")):
        slug = ref.get("actor") if isinstance(ref, dict) else None
        if isinstance(slug, str) and slug not in actor_slugs:
            ctx.error(
                ("actors", index, "actor"),
                f"actor '{slug}' has no file content/actors/{slug}.md",
                did_you_mean(slug, sorted(actor_slugs)) or 'run: atlas new actor "..."',
            )


def check_related_exist(entry: Entry, practice_slugs: set[str], ctx: Checker) -> None:
    for index, slug in enumerate(listed(entry.meta, "related")):
        if isinstance(slug, str) and slug != entry.slug and slug not in practice_slugs:
            ctx.error(
                ("related", index),
                f"related practice '{slug}' does not exist",
                did_you_mean(slug, sorted(practice_slugs)) or "use the slug of a practice",
            )


def check_aliases_unique(entries: Iterable[tuple[Entry, Checker]]) -> None:
    """An alias redirects an old URL: it may not be a live slug nor claimed twice."""
    pairs = list(entries)
    slugs = {entry.slug for entry, _ in pairs}
    claimed: dict[str, str] = {}
    for entry, ctx in pairs:
        for index, alias in enumerate(listed(entry.meta, "aliases")):
            if not isinstance(alias, str):
                continue
            if alias in slugs:
                ctx.error(
                    ("aliases", index),
                    f"alias '{alias}' is the slug of an existing {entry.kind}",
                    "an alias must be an old slug that no entry uses now",
                )
            elif alias in claimed and claimed[alias] != entry.slug:
                ctx.error(
                    ("aliases", index),
                    f"alias '{alias}' is already claimed by '{claimed[alias]}'",
                    "an old URL can redirect to one entry only",
                )
            claimed.setdefault(alias, entry.slug)
