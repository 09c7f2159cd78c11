"""What every export shares: the licence, the site's name, URL joining and JSON serialisation.

Exports must be byte-identical for the same content on the same build day, so all JSON goes
through `dumps` (sorted keys, UTF-8, a trailing newline) and every URL through `base`.
"""

from __future__ import annotations

import json
from typing import Any

API_VERSION = 1
SITE_NAME = "Skills Partnerships Atlas"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
CODE_LICENCE = "MIT"
CODE_LICENCE_URL = "https://opensource.org/license/mit"
LANGUAGE = "en"


def base(site_url: str) -> str:
    """`site_url` with exactly one trailing slash, so `base(u) + 'practices/x/'` is always right."""
    return site_url.rstrip("/") + "/"


def dumps(value: Any, *, sort_keys: bool = True) -> bytes:
    """Deterministic, readable JSON bytes.

    `allow_nan=False`: YAML can spell infinity (`.inf`), which JSON cannot; publishing the
    non-standard `Infinity` would break strict parsers, so such a value fails the build loudly.
    """
    text = json.dumps(value, indent=2, ensure_ascii=False, sort_keys=sort_keys, allow_nan=False)
    return (text + "\n").encode("utf-8")


# Every published open-data file: path under the site root, media type, one-line description.
# `api/index.json` and the /api/ page are both generated from this table, so they cannot
# forget a file.
FILES: tuple[tuple[str, str, str], ...] = (
    (
        "api/index.json",
        "application/json",
        "this list of files, the format version, the licence and the counts",
    ),
    (
        "api/practices.json",
        "application/json",
        "every practice: its front-matter exactly, plus its URL and derived fields",
    ),
    (
        "api/actors.json",
        "application/json",
        "every actor: its front-matter exactly, plus its URL and its practices with roles",
    ),
    (
        "api/taxonomy.json",
        "application/json",
        "every controlled vocabulary with its terms; regions with their parent region",
    ),
    (
        "api/practices.csv",
        "text/csv; charset=utf-8",
        "one row per practice for spreadsheets; list fields joined with ';'",
    ),
    (
        "schema/practice.schema.json",
        "application/schema+json",
        "JSON Schema (draft 2020-12) of a practice's front-matter",
    ),
    (
        "schema/actor.schema.json",
        "application/schema+json",
        "JSON Schema (draft 2020-12) of an actor's front-matter",
    ),
    ("feed.xml", "application/atom+xml", "Atom feed of the most recently reviewed practices"),
)
