"""The Markdown of the /api/ page: every open-data file explained, with real, trimmed examples.

Generated rather than written by hand so the examples are always real records of the current
catalogue and the page can never describe a file or column that does not exist. Links are
relative to the page (`api/index.md`), so the page works under any `site_url`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from atlas.catalogue import Catalogue
from atlas.exports import records, table
from atlas.exports.common import (
    API_VERSION,
    CODE_LICENCE,
    CODE_LICENCE_URL,
    FILES,
    LICENCE,
    LICENCE_URL,
    SITE_NAME,
    base,
)
from atlas.exports.feed import FEED_LIMIT
from atlas.model import Practice

EXAMPLE_LIST_ITEMS = 2
PAGE_DIR = "api/"

PRACTICE_DERIVED_DOCS: dict[str, str] = {
    "slug": "the practice's identity: its file name without `.md`",
    "url": "the absolute address of its page",
    "regions_resolved": (
        "UN M49 regions: those named, the regions containing them, and those "
        "of its countries (Ghana adds `western-africa` and `sub-saharan-africa`)"
    ),
    "related_resolved": (
        "slugs of related practices as the site shows them: those named in "
        "`related` first, then the most similar"
    ),
    "country_names": "English names of its countries, by ISO code",
    "actors_resolved": "its actors in the order written, each `{actor, role, name, type, url}`",
    "needs_review": "`true` when `last_reviewed` is more than 24 months before the build day",
    "source_path": "the Markdown file in the repository, to propose a correction",
    "gaps": (
        "actor types its typologies and themes need that none of its actors has "
        "(the partnership finder)"
    ),
    "suggested_partners": "slugs of actors that could fill those gaps, best first",
}


def _link(path: str) -> str:
    """A file's link relative to the api/ page."""
    return path[len(PAGE_DIR) :] if path.startswith(PAGE_DIR) else "../" + path


def _fence(text: str, language: str) -> str:
    """A fenced block that contributors' text cannot close early, whatever backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{text.rstrip()}\n{fence}"


def _trim(value: Any) -> Any:
    """Lists shortened to their first items, so an example shows the shape, not the whole entry."""
    if isinstance(value, list):
        return [_trim(item) for item in value[:EXAMPLE_LIST_ITEMS]]
    if isinstance(value, dict):
        return {key: _trim(item) for key, item in value.items()}
    return value


def _json_example(value: Any) -> str:
    return _fence(json.dumps(_trim(value), indent=2, ensure_ascii=False, sort_keys=True), "json")


def _filled(values: Iterable[Any]) -> int:
    return sum(value not in (None, [], {}) for value in values)


def _richest(catalogue: Catalogue, site_url: str) -> dict[str, Any] | None:
    """The record with the most keys filled in (first by slug on ties): the most telling example.

    Only that record is built: the others' filled keys are counted on their front-matter and
    derived fields, which the record is made of (without the copy of the front-matter).
    """

    def filled(practice: Practice) -> int:
        derived = records.practice_derived(catalogue, practice, site_url)
        return _filled(practice.meta.values()) + _filled(derived.values())

    # max keeps the first of equals, and the practices come sorted by slug
    best = max(records.practices_by_slug(catalogue), key=filled, default=None)
    return records.practice_record(catalogue, best, site_url) if best else None


def _section(title: str, *parts: str) -> str:
    return "\n\n".join([f"## {title}", *[p for p in parts if p]])


def _intro(catalogue: Catalogue) -> str:
    rows = "\n".join(
        f"| [{path}]({_link(path)}) | `{media}` | {text} |" for path, media, text in FILES
    )
    return "\n\n".join(
        [
            "# Open data",
            f"Everything in the {SITE_NAME} is open data. The files below are rebuilt with the "
            "site from the same content, so they are never out of step with the pages. There is "
            "no key, no sign-up and no rate limit: they are static files you can download, "
            "mirror or read from a script. The current build holds "
            f"{len(catalogue.practices)} practices and {len(catalogue.actors)} actors.",
            "| file | media type | what it holds |\n|---|---|---|\n" + rows,
        ]
    )


def _licence() -> str:
    return _section(
        "Licence",
        f"The content (entries, vocabularies and every file on this page) is published under "
        f"[{LICENCE}]({LICENCE_URL}): reuse it for any purpose, including commercially, if you "
        f'credit the "{SITE_NAME}" and link to the entry or to this site. The source code '
        f"that builds the site is under the [{CODE_LICENCE} licence]({CODE_LICENCE_URL}). "
        "Each entry cites its own sources; their licences apply to them.",
    )


def _version(catalogue: Catalogue, site_url: str) -> str:
    index = records.index_record(catalogue, site_url)
    index["files"] = dict(list(index["files"].items())[:EXAMPLE_LIST_ITEMS])
    return _section(
        "Version",
        f"[index.json]({_link('api/index.json')}) names the format version (now "
        f"`{API_VERSION}`), the licence, the counts and every file. The data files themselves "
        "are plain JSON lists, so their version lives here. The version goes up only when a "
        "change would break a careful reader: a key removed or renamed, or its meaning "
        "changed. New keys may appear at any time; ignore those you do not know. `updated` is "
        "the newest `last_reviewed` date in the catalogue. Example (files shortened):",
        _fence(json.dumps(index, indent=2, ensure_ascii=False, sort_keys=True), "json"),
    )


def _practices(catalogue: Catalogue, site_url: str) -> str:
    derived = "\n".join(f"| `{key}` | {text} |" for key, text in PRACTICE_DERIVED_DOCS.items())
    example = _richest(catalogue, site_url)
    return _section(
        "Practices: practices.json",
        f"[practices.json]({_link('api/practices.json')}) is a JSON list of every practice, "
        "sorted by slug. Each item holds the practice's front-matter exactly as the content "
        "model defines it (every key and value as written, dates as `YYYY-MM-DD` strings, "
        "optional keys only when the entry has them), plus fields of our own, whose names "
        "never collide with a front-matter key:",
        "| key | what |\n|---|---|\n" + derived,
        "Example (a real record, lists shortened to their first items):"
        if example
        else "There are no practices yet.",
        _json_example(example) if example else "",
    )


def _actors(catalogue: Catalogue, site_url: str) -> str:
    roles = catalogue.roles_of_actor  # an actor's record lists each of its roles
    busiest = max(  # the first by slug of those with the most practices
        records.actors_by_slug(catalogue),
        key=lambda actor: len(roles.get(actor.slug, [])),
        default=None,
    )
    example = records.actor_record(catalogue, busiest, site_url) if busiest else None
    return _section(
        "Actors: actors.json",
        f"[actors.json]({_link('api/actors.json')}) is a JSON list of every actor (organisation, "
        "government or network), sorted by slug: its front-matter exactly, plus `slug`, its "
        "page's `url`, `source_path` and `practices`, every practice that names it as "
        "`{practice, role}`, sorted by practice slug. Nobody writes that list: it is derived "
        "from the practices' `actors`.",
        "Example (lists shortened):" if example else "There are no actors yet.",
        _json_example(example) if example else "",
    )


def _taxonomy(catalogue: Catalogue) -> str:
    vocabularies = records.taxonomy_record(catalogue)
    example = {
        name: terms[:1]
        for name, terms in vocabularies.items()
        if name in ("themes", "regions") and terms
    }
    return _section(
        "Vocabularies: taxonomy.json",
        f"[taxonomy.json]({_link('api/taxonomy.json')}) maps each controlled vocabulary "
        f"({', '.join(f'`{name}`' for name in vocabularies)}) to its terms, in the site's "
        "order. A term has `id`, `label`, `description` and `aliases` (other words readers "
        "search for); typologies and themes may have `needs` (the actor types the set-up "
        "needs); regions add `parent` (the UN M49 region containing it, or `null`) and `m49` "
        "(the numeric M49 code). Use it to turn the ids in practices.json into labels.",
        "Example (one term of two vocabularies):" if example else "",
        _json_example(example) if example else "",
    )


def _csv(catalogue: Catalogue, site_url: str) -> str:
    rows = table.rows(catalogue, site_url, limit=1)
    sample = "\n".join(",".join(_csv_cell(c) for c in row) for row in rows[:2])
    columns = ", ".join(f"`{name}`" for name in table.COLUMNS)
    return _section(
        "Spreadsheet: practices.csv",
        f"[practices.csv]({_link('api/practices.csv')}) has a header row and one row per "
        f"practice, sorted by slug. Columns: {columns}.",
        "Conventions:",
        "\n".join(
            [
                "- UTF-8 with a byte-order mark, so Excel shows accented names correctly; in "
                'Python read it with `encoding="utf-8-sig"`.',
                '- Comma-separated, lines ending in `\\n`, a cell quoted with `"` only when it '
                "holds a comma, a quote or a line break.",
                "- Lists are joined with `;` (`themes`: `tvet;youth`). `actors` is written "
                "`slug:role`; `sources` and `see_also` hold the URLs only (a `;` inside a URL is "
                "written `%3B`). `origin`, `destination` and `transit` are the practice's country "
                "codes; `regions_resolved` adds the regions derived from them.",
                "- Absent values are empty cells. Numbers are written as in JSON (`0.18`, "
                "`1496448.5`).",
                "- Protection against spreadsheet formulas: a cell starting with `=`, `+`, `-`, "
                "`@`, a tab, a carriage return or `'` is written with one extra `'` in front "
                "(spreadsheets hide it and show the text instead of running it). To get the exact "
                "value, remove the first character of any cell that starts with `'`, or use "
                "practices.json.",
            ]
        ),
        "The header and first row (long cells shortened):" if len(rows) > 1 else "",
        _fence(sample, "csv") if len(rows) > 1 else "",
    )


def _csv_cell(cell: str) -> str:
    """A cell as in the file, shortened for the example (so quoting stays visible)."""
    short = cell if len(cell) <= 60 else cell[:57] + "..."
    text = table.defuse(short)
    if any(c in text for c in ',"\n\r'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _schemas(site_url: str) -> str:
    root = base(site_url)
    return _section(
        "JSON Schemas",
        f"[practice.schema.json]({_link('schema/practice.schema.json')}) and "
        f"[actor.schema.json]({_link('schema/actor.schema.json')}) describe an entry's "
        "front-matter in JSON Schema (draft 2020-12), generated from the same model that "
        "`atlas check` enforces: required keys, no unknown keys, types, and the ids of every "
        "vocabulary. Rules that need the whole catalogue (that an actor or related practice "
        "exists, that `start` is not after `end`) are checked by `atlas check` only.",
        "To see mistakes while typing in VS Code (with the YAML extension) or any editor using "
        "yaml-language-server, put this line first inside the front-matter of a practice:",
        _fence(
            f"---\n# yaml-language-server: $schema={root}schema/practice.schema.json\ntitle: ...",
            "yaml",
        ),
        "(`actor.schema.json` for an actor). In a clone of the repository, after `atlas build`, "
        "the local copy works offline: "
        "`# yaml-language-server: $schema=../../build/site/schema/practice.schema.json`. "
        "Or map every entry once in the editor's settings:",
        _fence(
            json.dumps(
                {
                    "yaml.schemas": {
                        f"{root}schema/practice.schema.json": "content/practices/*.md",
                        f"{root}schema/actor.schema.json": "content/actors/*.md",
                    }
                },
                indent=2,
            ),
            "json",
        ),
        "The schemas also validate the records of practices.json after removing the derived "
        "keys, for example in Python:",
        _fence(
            "import json, urllib.request\n"
            "from jsonschema import Draft202012Validator\n\n"
            "def get(url):\n    with urllib.request.urlopen(url) as response:\n"
            "        return json.load(response)\n\n"
            f'schema = get("{root}schema/practice.schema.json")\n'
            f'practices = get("{root}api/practices.json")\n'
            f"derived = {{{', '.join(repr(k) for k in records.PRACTICE_DERIVED)}}}\n"
            "validator = Draft202012Validator(schema)\n"
            "for practice in practices:\n"
            "    front_matter = {k: v for k, v in practice.items() if k not in derived}\n"
            "    validator.validate(front_matter)",
            "python",
        ),
    )


def _feed() -> str:
    return _section(
        "Feed: feed.xml",
        f"[feed.xml]({_link('feed.xml')}) is an Atom 1.0 feed of the {FEED_LIMIT} most "
        "recently reviewed practices, newest `last_reviewed` first. An entry's `id` is the "
        "practice's URL and never changes; its `updated` is the review date, and the feed's "
        "`updated` is that of its newest entry, so an unchanged catalogue never looks new. "
        "Each theme is a `category`. The full list is practices.json; the feed only announces "
        "what was added or reviewed lately.",
    )


def _command_line() -> str:
    return _section(
        "From a clone of the repository",
        "The same data come from the `atlas` command, without building the site:",
        _fence(
            "atlas export --format json              # practices.json to stdout\n"
            "atlas export --format csv --out practices.csv",
            "sh",
        ),
    )


def api_page_markdown(catalogue: Catalogue, site_url: str) -> str:
    """The page the lead publishes as `api/index.md`."""
    parts = [
        _intro(catalogue),
        _licence(),
        _version(catalogue, site_url),
        _practices(catalogue, site_url),
        _actors(catalogue, site_url),
        _taxonomy(catalogue),
        _csv(catalogue, site_url),
        _schemas(site_url),
        _feed(),
        _command_line(),
    ]
    return "\n\n".join(parts) + "\n"
