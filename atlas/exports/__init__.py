"""Open data: every file under `api/` and `schema/`, the Atom feed, JSON-LD and the /api/ page.

Everything here is a pure function of a `Catalogue` and the site's URL: the same content on the
same build day gives byte-identical files, so a rebuild that changes nothing changes no file.

The lead's entry points:

- `static_files(catalogue, site_url)`: {path under the site root: bytes} for every file;
- `api_page_markdown(catalogue, site_url)`: the Markdown of the page `api/index.md`;
- `jsonld(catalogue, site_url)`: {page path: schema.org object}; embed with `script_json`.
"""

from __future__ import annotations

from atlas.catalogue import Catalogue
from atlas.exports.api_page import api_page_markdown
from atlas.exports.common import API_VERSION, FILES, LICENCE, LICENCE_URL, dumps
from atlas.exports.feed import FEED_LIMIT, atom_feed
from atlas.exports.linked_data import jsonld, script_json
from atlas.exports.records import (
    actors_list,
    index_record,
    practices_list,
    taxonomy_record,
)
from atlas.exports.table import practices_csv
from atlas.jsonschema_export import schema_for

__all__ = [
    "API_VERSION",
    "FEED_LIMIT",
    "LICENCE",
    "LICENCE_URL",
    "api_page_markdown",
    "jsonld",
    "schema_file",
    "script_json",
    "static_files",
]


def schema_file(kind: str, catalogue: Catalogue, site_url: str) -> bytes:
    """A schema in the vocabularies' own order (sort_keys=False): editors show it as written."""
    return dumps(schema_for(kind, catalogue.taxonomy, site_url), sort_keys=False)


def static_files(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    """Every open-data file, keyed by its path under the site root, in FILES' order."""
    files = {
        "api/index.json": dumps(index_record(catalogue, site_url)),
        "api/practices.json": dumps(practices_list(catalogue, site_url)),
        "api/actors.json": dumps(actors_list(catalogue, site_url)),
        "api/taxonomy.json": dumps(taxonomy_record(catalogue)),
        "api/practices.csv": practices_csv(catalogue, site_url),
        "schema/practice.schema.json": schema_file("practice", catalogue, site_url),
        "schema/actor.schema.json": schema_file("actor", catalogue, site_url),
        "feed.xml": atom_feed(catalogue, site_url),
    }
    return {path: files[path] for path, _, _ in FILES}
