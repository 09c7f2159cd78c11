"""Field types of the content model: each checks a value and describes itself as JSON Schema.

This is the single source of truth the guide asks for: `atlas check` validates front-matter by
walking these types, and the published JSON Schemas are generated from the very same objects,
so the two cannot drift apart.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Protocol

import pycountry

from atlas.hints import did_you_mean
from atlas.slugs import MAX_SLUG, SLUG_RE
from atlas.yamlread import Path

URL_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+[^\s]*$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
COUNTRY_CODES: frozenset[str] = frozenset(c.alpha_2 for c in pycountry.countries)
CURRENCY_CODES: frozenset[str] = frozenset(c.alpha_3 for c in pycountry.currencies)


class Context(Protocol):
    """What a field type needs while checking: the vocabularies and a place to put errors."""

    def ids(self, vocabulary: str) -> list[Any]: ...

    def error(self, path: Path, message: str, hint: str = "", *, at_key: bool = False) -> None: ...


def label(path: Path) -> str:
    """`actors[1].role`: how a field is named in messages."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "front-matter"


def plural(noun: str) -> str:
    """'typology' -> 'typologies', 'status' -> 'statuses', 'theme' -> 'themes'."""
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith("s") else "s")


def is_empty(value: Any) -> bool:
    """Empty lists and maps (and a key left blank) count as absent."""
    return value is None or (not value and isinstance(value, (list, dict)))


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty"


class FieldType:
    """Base class: `check` appends errors to the context, `schema` returns JSON Schema."""

    expected = "a value"

    def check(self, value: Any, path: Path, ctx: Context) -> None:
        raise NotImplementedError

    def schema(self, ids: Callable[[str], list[Any]]) -> dict[str, Any]:
        raise NotImplementedError

    def wrong_type(self, value: Any, path: Path, ctx: Context) -> None:
        ctx.error(path, f"'{label(path)}' must be {self.expected}, not {_kind(value)}")


@dataclass(frozen=True)
class Text(FieldType):
    min_length: int = 1
    max_length: int = 1000
    expected = "text"

    def check(self, value: Any, path: Path, ctx: Context) -> None:
        if not isinstance(value, str):
            return self.wrong_type(value, path, ctx)
        length = len(value.strip())
        if not self.min_length <= length <= self.max_length:
            ctx.error(
                path,
                f"'{label(path)}' is {length} character{'' if length == 1 else 's'} long; "
                f"it must be {self.min_length}–{self.max_length}",
                "shorten it" if length > self.max_length else "say a little more",
            )

    def schema(self, ids: Callable[[str], list[Any]]) -> dict[str, Any]:
        return {"type": "string", "minLength": self.min_length, "maxLength": self.max_length}


@dataclass(frozen=True)
class Pattern(FieldType):
    """Text matching a regular expression: URLs, dates, slugs, codes."""

    regex: re.Pattern[str]
    expected: str = "text"
    hint: str = ""
    extra: Callable[[str], str] | None = None  # further check; returns an error message or ""
    json_format: str = ""
    max_length: int = 0

    def check(self, value: Any, path: Path, ctx: Context) -> None:
        if not isinstance(value, str):
            return self.wrong_type(value, path, ctx)
        too_long = self.max_length and len(value) > self.max_length
        if too_long or not self.regex.match(value):
            ctx.error(path, f"'{label(path)}' must be {self.expected}, not '{value}'", self.hint)
        elif self.extra and (message := self.extra(value)):
            ctx.error(path, f"'{label(path)}': {message}", self.hint)

    def schema(self, ids: Callable[[str], list[Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "string", "pattern": self.regex.pattern}
        if self.json_format:
            result["format"] = self.json_format
        if self.max_length:
            result["maxLength"] = self.max_length
        return result


def _valid_date(value: str) -> str:
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"'{value}' is not a calendar date"
    return ""


URL = Pattern(URL_RE, "an http:// or https:// address", "write the full address, https://...")
DATE = Pattern(DATE_RE, "a date written YYYY-MM-DD", "for example 2026-11-25", _valid_date, "date")
SLUG = Pattern(
    SLUG_RE,
    "a slug (lower-case words joined by '-')",
    "for example enabel-palim",
    max_length=MAX_SLUG,
)


@dataclass(frozen=True)
class Code(FieldType):
    """An upper-case code from a fixed list: ISO 3166-1 countries, ISO 4217 currencies."""

    codes: frozenset[str]
    expected: str = "a code"

    def check(self, value: Any, path: Path, ctx: Context) -> None:
        if not isinstance(value, str):
            return self.wrong_type(value, path, ctx)
        if value in self.codes:
            return
        if value.upper() in self.codes:
            ctx.error(
                path, f"'{label(path)}': '{value}' must be upper case", f"write '{value.upper()}'"
            )
        else:
            ctx.error(
                path,
                f"'{label(path)}': '{value}' is not {self.expected}",
                did_you_mean(value.upper(), sorted(self.codes)),
            )

    def schema(self, ids: Callable[[str], list[Any]]) -> dict[str, Any]:
        return {"type": "string", "enum": sorted(self.codes)}


COUNTRY = Code(COUNTRY_CODES, "an ISO 3166-1 alpha-2 country code")
CURRENCY = Code(CURRENCY_CODES, "an ISO 4217 currency code")


@dataclass(frozen=True)
class Choice(FieldType):
    """One id from a vocabulary of taxonomy.yml, or from a fixed list."""

    vocabulary: str = ""
    values: tuple[str, ...] = ()
    noun: str = "a term"

    @property
    def expected(self) -> str:  # type: ignore[override]
        return ("an " if self.noun[0] in "aeiou" else "a ") + self.noun

    def _ids(self, ids: Callable[[str], list[Any]]) -> list[Any]:
        return list(self.values) if self.values else ids(self.vocabulary)

    def check(self, value: Any, path: Path, ctx: Context) -> None:
        choices: Sequence[Any] = self.values or ctx.ids(self.vocabulary)
        numeric = bool(choices) and isinstance(choices[0], int)
        if isinstance(value, bool) or not isinstance(value, int if numeric else str):
            return self.wrong_type(value, path, ctx)
        if value in choices:
            return
        where = f"taxonomy.yml: {self.vocabulary}" if self.vocabulary else "the content model"
        if numeric:
            hint = f"choose a number from {min(choices)} to {max(choices)}"
        else:
            hint = did_you_mean(value, choices) or "choose one of: " + ", ".join(choices[:30])
        message = f"'{label(path)}': '{value}' is not one of the {plural(self.noun)} in {where}"
        ctx.error(path, message, hint)

    def schema(self, ids: Callable[[str], list[Any]]) -> dict[str, Any]:
        choices = self._ids(ids)
        kind = "integer" if choices and all(isinstance(c, int) for c in choices) else "string"
        return {"type": kind, "enum": choices}


@dataclass(frozen=True)
class Number(FieldType):
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    integer: bool = False
    description: str = ""

    @property
    def expected(self) -> str:  # type: ignore[override]
        return self.description or ("a whole number" if self.integer else "a number")

    def check(self, value: Any, path: Path, ctx: Context) -> None:
        allowed = int if self.integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, allowed) or not math.isfinite(value):
            return self.wrong_type(value, path, ctx)
        too_low = (self.minimum is not None and value < self.minimum) or (
            self.exclusive_minimum is not None and value <= self.exclusive_minimum
        )
        too_high = self.maximum is not None and value > self.maximum
        if too_low or too_high:
            ctx.error(path, f"'{label(path)}' must be {self.range_text()}, not {value}")

    def range_text(self) -> str:
        if self.description:
            return self.description
        if self.exclusive_minimum is not None:
            return f"greater than {self.exclusive_minimum:g}"
        if self.maximum is None:
            return f"at least {self.minimum:g}"
        return f"between {self.minimum:g} and {self.maximum:g}"

    def schema(self, ids: Callable[[str], list[Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "integer" if self.integer else "number"}
        for key in ("minimum", "maximum"):
            if getattr(self, key) is not None:
                result[key] = getattr(self, key)
        if self.exclusive_minimum is not None:
            result["exclusiveMinimum"] = self.exclusive_minimum
        return result


YEAR = Number(minimum=1000, maximum=9999, integer=True, description="a four-digit year")


@dataclass(frozen=True)
class ListOf(FieldType):
    item: FieldType
    min_items: int = 0
    max_items: int | None = None
    unique: bool = True

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "a list"

    def check(self, value: Any, path: Path, ctx: Context) -> None:
        if not isinstance(value, list):
            if isinstance(value, str | int) and not isinstance(value, bool):
                ctx.error(
                    path,
                    f"'{label(path)}' must be a list",
                    f"write [{value}] or one '- item' a line",
                )
                return
            return self.wrong_type(value, path, ctx)
        if len(value) < self.min_items or (self.max_items and len(value) > self.max_items):
            most = f"–{self.max_items}" if self.max_items else " or more"
            ctx.error(
                path, f"'{label(path)}' has {len(value)} items; it needs {self.min_items}{most}"
            )
        seen: set[Any] = set()
        for index, item in enumerate(value):
            self.item.check(item, (*path, index), ctx)
            if self.unique and isinstance(item, (str, int)):
                if item in seen:
                    ctx.error(
                        (*path, index), f"'{label(path)}': '{item}' is listed twice", "remove one"
                    )
                seen.add(item)

    def schema(self, ids: Callable[[str], list[Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {"type": "array", "items": self.item.schema(ids)}
        if self.min_items:
            result["minItems"] = self.min_items
        if self.max_items:
            result["maxItems"] = self.max_items
        if self.unique and not isinstance(self.item, Mapping):
            result["uniqueItems"] = True
        return result


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    required: bool = False
    doc: str = ""


@dataclass(frozen=True)
class Mapping(FieldType):
    """A mapping with known keys: the whole front-matter, a source, an actor's role, a period."""

    fields: tuple[Field, ...] = field(default_factory=tuple)
    noun: str = "mapping"

    expected = "a mapping of keys to values"

    @cached_property
    def by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def check(self, value: Any, path: Path, ctx: Context) -> None:
        if not isinstance(value, dict):
            return self.wrong_type(value, path, ctx)
        known = self.by_name
        for key in value:
            if key not in known:
                where = f" in '{label(path)}'" if path else ""
                ctx.error(
                    (*path, key),
                    f"unknown key '{key}'{where}",
                    did_you_mean(key, known) or "allowed keys: " + ", ".join(known),
                    at_key=True,
                )
        for spec in self.fields:
            item = value.get(spec.name)
            if is_empty(item):
                if spec.required:
                    what = "is empty" if spec.name in value else "is missing"
                    ctx.error(
                        (*path, spec.name) if spec.name in value else path,
                        f"required key '{label((*path, spec.name))}' {what}",
                        f"add '{spec.name}:' with {spec.doc}" if spec.doc else "",
                        at_key=spec.name in value,
                    )
                continue
            spec.type.check(item, (*path, spec.name), ctx)

    def schema(self, ids: Callable[[str], list[Any]]) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        for spec in self.fields:
            inner = spec.type.schema(ids)
            if spec.doc:
                inner = {"description": spec.doc, **inner}
            if not spec.required:  # a blank optional key counts as absent
                inner = {"anyOf": [inner, {"type": "null"}], **_doc(inner)}
            properties[spec.name] = inner
        result: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        required = [f.name for f in self.fields if f.required]
        if required:
            result["required"] = required
        return result


def _doc(inner: dict[str, Any]) -> dict[str, Any]:
    return {"description": inner["description"]} if "description" in inner else {}
