"""The facets of the catalogue: one row per vocabulary, naming it everywhere it appears.

A vocabulary is called `target_groups` in taxonomy.yml and in front-matter, `target-groups` in
URLs and `target_group` in the explorer's query string. Keeping those names in one table means the
checker, the pages, the search index and the exports cannot disagree about them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Facet:
    vocabulary: str  # key in taxonomy.yml
    field: str  # practice front-matter key ("" where the facet is not a practice field)
    folder: str  # URL folder of its index pages
    param: str  # explorer query-string parameter
    singular: str
    plural: str
    fixed: bool = False  # contributors may not add terms


FACETS: tuple[Facet, ...] = (
    Facet("typologies", "typologies", "typologies", "typology", "Typology", "Typologies"),
    Facet("themes", "themes", "themes", "theme", "Theme", "Themes"),
    Facet("dimensions", "dimensions", "dimensions", "dimension", "Dimension", "Dimensions", True),
    Facet("mobility", "mobility", "mobility", "mobility", "Mobility", "Mobility types"),
    Facet("status", "status", "status", "status", "Status", "Statuses"),
    Facet("evidence", "evidence", "evidence", "evidence", "Evidence", "Evidence grades"),
    Facet("sectors", "sectors", "sectors", "sector", "Sector", "Sectors"),
    Facet(
        "target_groups",
        "target_groups",
        "target-groups",
        "target_group",
        "Target group",
        "Target groups",
    ),
    Facet(
        "skill_levels", "skill_levels", "skill-levels", "skill_level", "Skill level", "Skill levels"
    ),
    Facet(
        "gcm_objectives",
        "gcm_objectives",
        "gcm-objectives",
        "gcm_objective",
        "GCM objective",
        "GCM objectives",
        True,
    ),
    Facet("actor_types", "", "actor-types", "actor_type", "Actor type", "Actor types"),
    Facet("regions", "regions", "regions", "region", "Region", "Regions"),
)

# Vocabularies that are not facets of practices but are still validated and published.
OTHER_VOCABULARIES: tuple[str, ...] = ("roles",)

VOCABULARY_NAMES: tuple[str, ...] = tuple(f.vocabulary for f in FACETS) + OTHER_VOCABULARIES

# The dimensions are fixed by the content model.
FIXED_DIMENSIONS: tuple[str, ...] = ("skills", "mobility", "partnerships")
GCM_OBJECTIVE_IDS: tuple[int, ...] = tuple(range(1, 24))

BY_VOCABULARY = {f.vocabulary: f for f in FACETS}
BY_PARAM = {f.param: f for f in FACETS}
