"""The explorer's facets: which vocabularies a reader filters by, under which URL parameter.

The spec fixes the parameters and their order: typology, theme, dimension, mobility, status,
evidence, sector, target_group, skill_level, gcm_objective, actor_type, country, region. They
come from `atlas.vocabularies.FACETS`, with countries (not a vocabulary) placed before regions.
"""

from __future__ import annotations

from dataclasses import dataclass

from atlas.vocabularies import FACETS


@dataclass(frozen=True)
class FacetSpec:
    param: str  # query-string parameter and CLI flag
    label: str  # fieldset legend
    vocabulary: str  # taxonomy.yml vocabulary, or "countries"


def facet_specs() -> list[FacetSpec]:
    specs = [FacetSpec(f.param, f.plural, f.vocabulary) for f in FACETS if f.param != "region"]
    specs.append(FacetSpec("country", "Countries", "countries"))
    specs.extend(FacetSpec(f.param, f.plural, f.vocabulary) for f in FACETS if f.param == "region")
    return specs


FACET_PARAMS: tuple[str, ...] = tuple(spec.param for spec in facet_specs())
VOCABULARY_OF: dict[str, str] = {spec.param: spec.vocabulary for spec in facet_specs()}


def typed_id(param: str, term_id: str) -> object:
    """A facet id as the taxonomy stores it (GCM objectives are integers)."""
    return int(term_id) if param == "gcm_objective" and term_id.isdigit() else term_id
