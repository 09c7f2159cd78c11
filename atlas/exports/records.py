"""The JSON records of `api/*.json`: each entry's front-matter exactly, plus fields of our own.

Consumers rely on the front-matter keys meaning what the content model says, so derived values
live under names the model never uses (`regions_resolved`, not a rewritten `regions`); a test
checks the two sets of names stay apart.
"""

from __future__ import annotations

import copy
from typing import Any

from atlas import geo, partners
from atlas.catalogue import Catalogue
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
from atlas.model import Actor, Practice

# The keys each record adds to the front-matter; none may be a front-matter key.
PRACTICE_DERIVED: tuple[str, ...] = (
    "slug",
    "url",
    "regions_resolved",
    "related_resolved",
    "country_names",
    "actors_resolved",
    "needs_review",
    "source_path",
    "gaps",
    "suggested_partners",
)
ACTOR_DERIVED: tuple[str, ...] = ("slug", "url", "practices", "source_path")


def practices_by_slug(catalogue: Catalogue) -> list[Practice]:
    """Exports list practices by slug: stable under title edits, unlike the site's title order."""
    return [catalogue.practices[slug] for slug in sorted(catalogue.practices)]


def actors_by_slug(catalogue: Catalogue) -> list[Actor]:
    return [catalogue.actors[slug] for slug in sorted(catalogue.actors)]


def practice_record(catalogue: Catalogue, practice: Practice, site_url: str) -> dict[str, Any]:
    """One item of api/practices.json."""
    record = copy.deepcopy(practice.meta)  # never hand out the catalogue's own objects
    record.update(practice_derived(catalogue, practice, site_url))
    return record


def practice_derived(catalogue: Catalogue, practice: Practice, site_url: str) -> dict[str, Any]:
    """The fields a practice's record adds to its front-matter (`PRACTICE_DERIVED`)."""
    root = base(site_url)
    return {
        "slug": practice.slug,
        "url": root + practice.url,
        "regions_resolved": catalogue.regions_resolved(practice),
        "related_resolved": [other.slug for other in catalogue.related(practice)],
        "country_names": {code: geo.country_name(code) for code in practice.countries()},
        "actors_resolved": _actors_resolved(catalogue, practice, root),
        "needs_review": catalogue.needs_review(practice),
        "source_path": practice.path.as_posix(),
        **partners.api_fields(catalogue, practice),
    }


def _actors_resolved(catalogue: Catalogue, practice: Practice, root: str) -> list[dict[str, Any]]:
    """The practice's actors in the order written (the lead usually first), with their names."""
    rows = []
    for ref in practice.actor_refs:
        actor = catalogue.actors.get(ref.actor)
        rows.append(
            {
                "actor": ref.actor,
                "role": ref.role,
                "name": actor.title if actor else ref.actor,
                "type": actor.meta.get("type") if actor else None,
                "url": root + actor.url if actor else None,
            }
        )
    return rows


def actor_record(catalogue: Catalogue, actor: Actor, site_url: str) -> dict[str, Any]:
    """One item of api/actors.json: front-matter, URL and the practices naming it, by role."""
    record = copy.deepcopy(actor.meta)
    roles = catalogue.roles_of_actor.get(actor.slug, [])
    record.update(
        slug=actor.slug,
        url=base(site_url) + actor.url,
        practices=sorted(
            ({"practice": p.slug, "role": role} for p, role in roles),
            key=lambda row: (row["practice"], row["role"]),
        ),
        source_path=actor.path.as_posix(),
    )
    return record


def practices_list(catalogue: Catalogue, site_url: str) -> list[dict[str, Any]]:
    return [practice_record(catalogue, p, site_url) for p in practices_by_slug(catalogue)]


def actors_list(catalogue: Catalogue, site_url: str) -> list[dict[str, Any]]:
    return [actor_record(catalogue, a, site_url) for a in actors_by_slug(catalogue)]


def taxonomy_record(catalogue: Catalogue) -> dict[str, list[dict[str, Any]]]:
    """Every vocabulary, terms in taxonomy.yml's order (which is meaningful: it is the site's)."""
    result: dict[str, list[dict[str, Any]]] = {}
    for name, terms in catalogue.taxonomy.vocabularies.items():
        rows = []
        for term in terms.values():
            row: dict[str, Any] = {
                "id": term.id,
                "label": term.label,
                "description": term.description,
                "aliases": list(term.aliases),
            }
            if term.needs:
                row["needs"] = list(term.needs)
            if name == "regions":
                row.update(_region_facts(term.id))
            rows.append(row)
        result[name] = rows
    return result


def _region_facts(region: str) -> dict[str, Any]:
    """The M49 hierarchy, so a consumer can roll Western Africa up into Sub-Saharan Africa."""
    entry = geo.m49()["regions"].get(region, {})
    return {"parent": geo.region_parent(region), "m49": entry.get("m49")}


def newest_review(catalogue: Catalogue) -> str | None:
    return max((p.last_reviewed for p in catalogue.practices.values()), default=None)


def index_record(catalogue: Catalogue, site_url: str) -> dict[str, Any]:
    """api/index.json: the version and licence, which cannot live inside the list-shaped files."""
    root = base(site_url)
    return {
        "name": SITE_NAME,
        "version": API_VERSION,
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "code_licence": CODE_LICENCE,
        "code_licence_url": CODE_LICENCE_URL,
        "site_url": root,
        "updated": newest_review(catalogue),
        "counts": {
            "practices": len(catalogue.practices),
            "actors": len(catalogue.actors),
            "vocabularies": len(catalogue.taxonomy.vocabularies),
        },
        "files": {
            path: {"url": root + path, "media_type": media, "description": text}
            for path, media, text in FILES
        },
    }
