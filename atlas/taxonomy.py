"""The controlled vocabularies of `content/taxonomy.yml`: loading and checking them.

Terms are the ids entries refer to, the labels pages show and the aliases search treats as
synonyms. A broken taxonomy is reported like any other file, term by term; the valid terms are
still used so that one typo does not bury every entry under errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from atlas import geo
from atlas.fields import SLUG, Field, ListOf, Mapping, Number, Text, label
from atlas.frontmatter import decode
from atlas.hints import did_you_mean
from atlas.problems import Problem, Severity
from atlas.vocabularies import FIXED_DIMENSIONS, GCM_OBJECTIVE_IDS, VOCABULARY_NAMES
from atlas.yamlread import Located, YamlProblem, read_yaml

NEEDS_VOCABULARIES = ("typologies", "themes")


@dataclass(frozen=True)
class Term:
    id: Any  # a slug, or an integer for gcm_objectives
    label: str
    description: str
    aliases: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()  # actor types a typology or theme needs (the partnership finder)


@dataclass(frozen=True)
class Taxonomy:
    vocabularies: dict[str, dict[Any, Term]] = field(default_factory=dict)

    @cached_property
    def _ids(self) -> dict[str, list[Any]]:
        return {name: list(terms) for name, terms in self.vocabularies.items()}

    def ids(self, vocabulary: str) -> list[Any]:
        """The ids of a vocabulary in taxonomy order (a shared list: do not modify it)."""
        return self._ids.get(vocabulary, [])

    def terms(self, vocabulary: str) -> list[Term]:
        return list(self.vocabularies.get(vocabulary, {}).values())

    def term(self, vocabulary: str, term_id: Any) -> Term | None:
        return self.vocabularies.get(vocabulary, {}).get(term_id)

    def label(self, vocabulary: str, term_id: Any) -> str:
        term = self.term(vocabulary, term_id)
        return term.label if term else str(term_id)


def _term_shape(vocabulary: str) -> Mapping:
    id_type = (
        Number(minimum=1, maximum=23, integer=True) if vocabulary == "gcm_objectives" else SLUG
    )
    fields = [
        Field("id", id_type, True, "the term's id"),
        Field("label", Text(1, 80), True, "what pages show"),
        Field("description", Text(10, 400), True, "one sentence"),
        Field("aliases", ListOf(Text(1, 80)), doc="other words people search for"),
    ]
    if vocabulary in NEEDS_VOCABULARIES:
        fields.append(Field("needs", ListOf(Text(1, 80)), doc="actor type ids this set-up needs"))
    return Mapping(fields=tuple(fields), noun="term")


class _TaxonomyChecker:
    def __init__(self, path: str, located: Located) -> None:
        self.path = path
        self.located = located
        self.problems: list[Problem] = []

    def ids(self, vocabulary: str) -> list[Any]:
        return []

    def error(self, path: tuple, message: str, hint: str = "", *, at_key: bool = False) -> None:
        line, column = self.located.where(path, key=at_key)
        self.problems.append(
            Problem(self.path, line, column, Severity.ERROR, message, hint, label(path))
        )


def load_taxonomy(
    root: Path, relpath: str = "content/taxonomy.yml"
) -> tuple[Taxonomy, list[Problem]]:
    """Read and check taxonomy.yml; return the valid terms and every problem found."""
    try:
        located = read_yaml(decode((root / relpath).read_bytes()))
    except FileNotFoundError:
        return Taxonomy(), [
            Problem(
                relpath,
                1,
                1,
                Severity.ERROR,
                "taxonomy.yml is missing",
                "restore content/taxonomy.yml",
            )
        ]
    except YamlProblem as exc:
        return Taxonomy(), [
            Problem(relpath, exc.line, exc.column, Severity.ERROR, exc.message, exc.hint)
        ]
    checker = _TaxonomyChecker(relpath, located)
    data = located.data
    if not isinstance(data, dict):
        checker.error((), "taxonomy.yml must map vocabulary names to lists of terms")
        return Taxonomy(), checker.problems
    vocabularies: dict[str, dict[Any, Term]] = {}
    for name, terms in data.items():
        if name not in VOCABULARY_NAMES:
            checker.error(
                (name,),
                f"unknown vocabulary '{name}'",
                did_you_mean(name, VOCABULARY_NAMES),
                at_key=True,
            )
            continue
        if not isinstance(terms, list):
            checker.error((name,), f"vocabulary '{name}' must be a list of terms")
            continue
        vocabularies[name] = _read_terms(checker, name, terms)
    for name in VOCABULARY_NAMES:
        if name not in data:
            checker.error((), f"vocabulary '{name}' is missing", f"add '{name}:' with its terms")
    _check_fixed(checker, vocabularies)
    taxonomy = Taxonomy(vocabularies)
    _check_needs(checker, taxonomy, data)
    return taxonomy, checker.problems


def _read_terms(checker: _TaxonomyChecker, name: str, terms: list[Any]) -> dict[Any, Term]:
    shape = _term_shape(name)
    result: dict[Any, Term] = {}
    for index, raw in enumerate(terms):
        before = len(checker.problems)
        shape.check(raw, (name, index), checker)
        if len(checker.problems) > before:
            continue
        term_id = raw["id"]
        if term_id in result:
            checker.error(
                (name, index, "id"),
                f"'{name}': id '{term_id}' is defined twice",
                "ids must be unique within a vocabulary",
            )
            continue
        result[term_id] = Term(
            id=term_id,
            label=raw["label"].strip(),
            description=" ".join(raw["description"].split()),
            aliases=tuple(raw.get("aliases") or ()),
            needs=tuple(raw.get("needs") or ()),
        )
    return result


def _check_fixed(checker: _TaxonomyChecker, vocabularies: dict[str, dict[Any, Term]]) -> None:
    """Dimensions, GCM objectives and M49 regions are fixed by the spec, not by contributors."""
    expected: dict[str, tuple[Any, ...]] = {
        "dimensions": FIXED_DIMENSIONS,
        "gcm_objectives": GCM_OBJECTIVE_IDS,
        "regions": tuple(geo.region_ids()),
    }
    for name, ids in expected.items():
        if name not in vocabularies:
            continue
        have = set(vocabularies[name])
        missing = [i for i in ids if i not in have]
        extra = sorted(map(str, have - set(ids)))
        if missing:
            checker.error(
                (name,),
                f"'{name}' lacks the fixed terms: {', '.join(map(str, missing))}",
                "this vocabulary is fixed by the content model",
            )
        if extra:
            checker.error(
                (name,),
                f"'{name}' has terms the content model does not define: {', '.join(extra)}",
                "this vocabulary is fixed; remove them",
            )


def _check_needs(checker: _TaxonomyChecker, taxonomy: Taxonomy, data: dict[str, Any]) -> None:
    actor_types = taxonomy.ids("actor_types")
    for name in NEEDS_VOCABULARIES:
        for index, raw in enumerate(data.get(name) or []):
            if not isinstance(raw, dict):
                continue
            for position, need in enumerate(raw.get("needs") or []):
                if need not in actor_types:
                    checker.error(
                        (name, index, "needs", position),
                        f"'{name}': needs '{need}', which is not an actor type",
                        did_you_mean(need, actor_types),
                    )
