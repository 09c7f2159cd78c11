"""The content model: the keys of a practice and an actor, and the typed entries built from them.

`PRACTICE_FIELDS` and `ACTOR_FIELDS` are read by the checker and by the JSON Schema generator;
they are the contract of `../shared/spec/content-model.md` written as data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atlas.fields import (
    COUNTRY,
    CURRENCY,
    DATE,
    SLUG,
    URL,
    YEAR,
    Choice,
    Field,
    ListOf,
    Mapping,
    Number,
    Text,
)
from atlas.vocabularies import FIXED_DIMENSIONS


def _ids(vocabulary: str, noun: str, low: int = 0, high: int | None = None) -> ListOf:
    return ListOf(Choice(vocabulary=vocabulary, noun=noun), min_items=low, max_items=high)


COUNTRY_LIST = ListOf(COUNTRY)

SOURCE = Mapping(
    fields=(
        Field("title", Text(3, 300), True, "what the source is called"),
        Field("url", URL, True, "its web address, http(s)://"),
        Field("publisher", Text(2, 200), doc="who published it"),
        Field("year", YEAR, doc="the year it was published"),
    ),
    noun="source",
)

PRACTICE_FIELDS = Mapping(
    noun="practice",
    fields=(
        Field("title", Text(5, 120), True, "5–120 characters, plain text"),
        Field("summary", Text(20, 300), True, "one or two sentences, 20–300 characters"),
        Field("typologies", _ids("typologies", "typology", 1, 4), True, "1–4 typology ids"),
        Field("themes", _ids("themes", "theme", 1, 8), True, "1–8 theme ids"),
        Field(
            "dimensions",
            ListOf(Choice(values=FIXED_DIMENSIONS, noun="dimension"), min_items=1, max_items=3),
            True,
            "1–3 of skills, mobility, partnerships",
        ),
        Field("mobility", _ids("mobility", "mobility type"), doc="mobility type ids"),
        Field("status", Choice(vocabulary="status", noun="status"), True, "a status id"),
        Field(
            "actors",
            ListOf(
                Mapping(
                    fields=(
                        Field("actor", SLUG, True, "the slug of an actor in content/actors/"),
                        Field("role", Choice(vocabulary="roles", noun="role"), True, "a role id"),
                    ),
                    noun="actor reference",
                ),
                min_items=1,
            ),
            True,
            "a list of {actor: slug, role: id}",
        ),
        Field(
            "countries",
            Mapping(
                fields=(
                    Field("origin", COUNTRY_LIST, doc="countries people or skills come from"),
                    Field("destination", COUNTRY_LIST, doc="countries people or skills go to"),
                    Field("transit", COUNTRY_LIST, doc="countries of transit"),
                ),
                noun="countries",
            ),
            doc="origin / destination / transit lists of ISO 3166-1 alpha-2 codes",
        ),
        Field("regions", _ids("regions", "region"), doc="UN M49 region ids"),
        Field("sectors", _ids("sectors", "sector"), doc="sector ids"),
        Field("target_groups", _ids("target_groups", "target group"), doc="target group ids"),
        Field(
            "period",
            Mapping(
                fields=(
                    Field("start", YEAR, doc="the year it started"),
                    Field("end", YEAR, doc="the year it ended; leave out while ongoing"),
                ),
                noun="period",
            ),
            doc="{start: year, end: year}",
        ),
        Field("sources", ListOf(SOURCE, min_items=1), True, "at least one {title, url}"),
        Field("related", ListOf(SLUG), doc="slugs of related practices"),
        Field("aliases", ListOf(SLUG), doc="earlier slugs of this practice"),
        Field(
            "evidence",
            Choice(vocabulary="evidence", noun="evidence grade"),
            True,
            "reported, documented or evaluated",
        ),
        Field(
            "gcm_objectives",
            ListOf(Choice(vocabulary="gcm_objectives", noun="GCM objective")),
            doc="numbers 1–23 of the Global Compact for Migration's objectives",
        ),
        Field("skill_levels", _ids("skill_levels", "skill level"), doc="skill level ids"),
        Field(
            "beneficiaries",
            Mapping(
                fields=(
                    Field("planned", Number(minimum=0, integer=True), doc="people planned"),
                    Field("reached", Number(minimum=0, integer=True), doc="people reached"),
                    Field("women_share", Number(minimum=0, maximum=1), doc="share of women, 0–1"),
                ),
                noun="beneficiaries",
            ),
            doc="{planned, reached, women_share}",
        ),
        Field(
            "funding",
            Mapping(
                fields=(
                    Field("amount", Number(exclusive_minimum=0), doc="the amount, a number"),
                    Field("currency", CURRENCY, doc="an ISO 4217 code such as EUR"),
                    Field("note", Text(2, 300), doc="what the figure covers"),
                ),
                noun="funding",
            ),
            doc="{amount, currency, note}",
        ),
        Field(
            "see_also",
            ListOf(
                Mapping(
                    fields=(
                        Field("title", Text(3, 200), True, "the database and record name"),
                        Field("url", URL, True, "its web address, http(s)://"),
                    ),
                    noun="record elsewhere",
                )
            ),
            doc="the same practice in other databases",
        ),
        Field("last_reviewed", DATE, True, "the date the entry was last checked, YYYY-MM-DD"),
    ),
)

ACTOR_FIELDS = Mapping(
    noun="actor",
    fields=(
        Field("name", Text(2, 120), True, "2–120 characters"),
        Field("acronym", Text(1, 20), doc="at most 20 characters"),
        Field(
            "type", Choice(vocabulary="actor_types", noun="actor type"), True, "an actor type id"
        ),
        Field("countries", COUNTRY_LIST, doc="ISO 3166-1 alpha-2 codes where it is based or works"),
        Field(
            "scope",
            Choice(values=("global", "regional", "national", "local"), noun="scope"),
            True,
            "global, regional, national or local",
        ),
        Field("website", URL, doc="its web address, http(s)://"),
        Field("summary", Text(20, 300), True, "20–300 characters"),
        Field("aliases", ListOf(SLUG), doc="earlier slugs of this actor"),
    ),
)

BODY_SECTIONS: tuple[str, ...] = (
    "Overview",
    "Skills",
    "Mobility",
    "Partnership",
    "Results",
    "Lessons and replicability",
)


@dataclass(frozen=True)
class Entry:
    """What practices and actors share: identity, source file, front-matter and body."""

    kind: str  # "practice" or "actor"
    slug: str
    path: Path  # relative to the project root
    meta: dict[str, Any]
    body: str
    body_line: int

    def get(self, key: str, default: Any = None) -> Any:
        value = self.meta.get(key)
        return default if value in (None, [], {}) else value

    def ids(self, key: str) -> list[Any]:
        return list(self.get(key, []))

    @property
    def url(self) -> str:
        """Site-relative URL, as the spec fixes it."""
        return f"{self.kind}s/{self.slug}/"


@dataclass(frozen=True)
class ActorRef:
    actor: str
    role: str


class Practice(Entry):
    @property
    def title(self) -> str:
        return str(self.meta["title"]).strip()

    @property
    def summary(self) -> str:
        return " ".join(str(self.meta["summary"]).split())

    @property
    def actor_refs(self) -> list[ActorRef]:
        return [ActorRef(a["actor"], a["role"]) for a in self.get("actors", [])]

    def countries(self, role: str | None = None) -> list[str]:
        """Countries in one role, or all of them (origin, destination, transit) without repeats."""
        table = self.get("countries", {})
        roles = (role,) if role else ("origin", "destination", "transit")
        seen: dict[str, None] = {}
        for name in roles:
            for code in table.get(name) or []:
                seen[code] = None
        return list(seen)

    @property
    def last_reviewed(self) -> str:
        return str(self.meta["last_reviewed"])


class Actor(Entry):
    @property
    def title(self) -> str:
        return str(self.meta["name"]).strip()

    @property
    def summary(self) -> str:
        return " ".join(str(self.meta["summary"]).split())
