"""api/practices.csv: one row per practice, for people who open the data in a spreadsheet.

Conventions (documented on the /api/ page):

- UTF-8 with a byte-order mark, because Excel reads BOM-less CSV in the local code page and
  garbles "Côte d'Ivoire"; the `csv` module and pandas read it with `encoding="utf-8-sig"`.
- `\\n` line ends and minimal quoting, so the bytes do not depend on the platform.
- list fields joined with `;`; a `;` inside a URL is written `%3B` (the same address), so
  splitting on `;` is always safe.
- a cell whose first character is `=`, `+`, `-`, `@`, tab, carriage return or `'` gets one
  extra leading `'`. The data come from strangers, and a spreadsheet would run a cell such as
  `=HYPERLINK(...)` as a formula; Excel hides the apostrophe. Escaping `'` itself keeps the rule
  reversible: drop the first character of any cell that starts with `'`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from atlas.catalogue import Catalogue
from atlas.exports.common import base
from atlas.exports.records import practices_by_slug
from atlas.model import Practice

BOM = "\ufeff"
LIST_SEPARATOR = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def _joined(values: Any) -> str:
    return LIST_SEPARATOR.join(cell_text(v) for v in values or [])


def _urls(items: Any) -> str:
    return LIST_SEPARATOR.join(str(item["url"]).replace(";", "%3B") for item in items or [])


def _sub(key: str, inner: str) -> Callable[[Practice], str]:
    return lambda p: cell_text((p.meta.get(key) or {}).get(inner))


def _sub_list(role: str) -> Callable[[Practice], str]:
    return lambda p: _joined((p.meta.get("countries") or {}).get(role))


def _meta(key: str) -> Callable[[Practice], str]:
    return lambda p: cell_text(p.meta.get(key))


def _meta_list(key: str) -> Callable[[Practice], str]:
    return lambda p: _joined(p.meta.get(key))


def cell_text(value: Any) -> str:
    """How a scalar is written: blank for absent, numbers as Python (and JSON) write them."""
    if value is None or value == [] or value == {}:
        return ""
    if isinstance(value, list):
        return _joined(value)
    return str(value)


def _columns(catalogue: Catalogue, root: str) -> list[tuple[str, Callable[[Practice], str]]]:
    """The CSV's columns, in order, each with how it is computed from a practice."""
    return [
        ("slug", lambda p: p.slug),
        ("url", lambda p: root + p.url),
        ("title", _meta("title")),
        ("summary", _meta("summary")),
        ("typologies", _meta_list("typologies")),
        ("themes", _meta_list("themes")),
        ("dimensions", _meta_list("dimensions")),
        ("mobility", _meta_list("mobility")),
        ("status", _meta("status")),
        ("evidence", _meta("evidence")),
        ("actors", lambda p: LIST_SEPARATOR.join(f"{r.actor}:{r.role}" for r in p.actor_refs)),
        ("origin", _sub_list("origin")),
        ("destination", _sub_list("destination")),
        ("transit", _sub_list("transit")),
        ("regions", _meta_list("regions")),
        ("regions_resolved", lambda p: _joined(catalogue.regions_resolved(p))),
        ("sectors", _meta_list("sectors")),
        ("target_groups", _meta_list("target_groups")),
        ("period_start", _sub("period", "start")),
        ("period_end", _sub("period", "end")),
        ("gcm_objectives", _meta_list("gcm_objectives")),
        ("skill_levels", _meta_list("skill_levels")),
        ("beneficiaries_planned", _sub("beneficiaries", "planned")),
        ("beneficiaries_reached", _sub("beneficiaries", "reached")),
        ("women_share", _sub("beneficiaries", "women_share")),
        ("funding_amount", _sub("funding", "amount")),
        ("funding_currency", _sub("funding", "currency")),
        ("funding_note", _sub("funding", "note")),
        ("sources", lambda p: _urls(p.meta.get("sources"))),
        ("related", _meta_list("related")),
        ("see_also", lambda p: _urls(p.meta.get("see_also"))),
        ("last_reviewed", _meta("last_reviewed")),
    ]


# The header, as the /api/ page documents it; a test keeps it equal to `_columns`.
COLUMNS: tuple[str, ...] = (
    "slug",
    "url",
    "title",
    "summary",
    "typologies",
    "themes",
    "dimensions",
    "mobility",
    "status",
    "evidence",
    "actors",
    "origin",
    "destination",
    "transit",
    "regions",
    "regions_resolved",
    "sectors",
    "target_groups",
    "period_start",
    "period_end",
    "gcm_objectives",
    "skill_levels",
    "beneficiaries_planned",
    "beneficiaries_reached",
    "women_share",
    "funding_amount",
    "funding_currency",
    "funding_note",
    "sources",
    "related",
    "see_also",
    "last_reviewed",
)


def defuse(cell: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (see the module docstring)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def undefuse(cell: str) -> str:
    """The exact value of a cell written by `defuse`: what a careful consumer does."""
    return cell[1:] if cell.startswith("'") else cell


def rows(catalogue: Catalogue, site_url: str, limit: int | None = None) -> list[list[str]]:
    """Header and one row per practice (by slug; the first `limit`), cells not yet defused."""
    columns = _columns(catalogue, base(site_url))
    table = [[name for name, _ in columns]]
    for practice in practices_by_slug(catalogue)[:limit]:
        table.append([compute(practice) for _, compute in columns])
    return table


def practices_csv(catalogue: Catalogue, site_url: str) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows(catalogue, site_url):
        writer.writerow([defuse(cell) for cell in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
