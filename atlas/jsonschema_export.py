"""JSON Schemas of practice and actor front-matter, generated from the validating model.

Editors load them through yaml-language-server, so contributors see mistakes while typing; the
ids of each vocabulary come from the current taxonomy.
"""

from __future__ import annotations

from typing import Any

from atlas.fields import Mapping
from atlas.model import ACTOR_FIELDS, PRACTICE_FIELDS
from atlas.taxonomy import Taxonomy

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: str, taxonomy: Taxonomy, site_url: str = "") -> dict[str, Any]:
    model: Mapping = PRACTICE_FIELDS if kind == "practice" else ACTOR_FIELDS
    body = model.schema(taxonomy.ids)
    head: dict[str, Any] = {"$schema": DRAFT}
    if site_url:
        head["$id"] = f"{site_url.rstrip('/')}/schema/{kind}.schema.json"
    head["title"] = f"Skills Partnerships Atlas: {kind} front-matter"
    head["description"] = (
        f"The YAML front-matter of a {kind} entry (content/{kind}s/<slug>.md). "
        "Generated from the model that `atlas check` enforces; cross-file rules "
        "(existing actor and practice slugs, unique aliases) are checked by `atlas check` only."
    )
    return {**head, **body}
