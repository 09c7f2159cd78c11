"""`content/taxonomy.yml`: the vocabularies and how `atlas check` reports mistakes in them.

Each test edits a copy of the real taxonomy by inserting lines at a known place, so the line of
the mistake is known: `insert_after(text, "sectors:", ...)` puts the new line right after the
vocabulary's header, `append_to(text, "sectors", ...)` after the vocabulary's last term.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO_ROOT

from atlas import geo
from atlas.taxonomy import load_taxonomy
from atlas.vocabularies import VOCABULARY_NAMES

T = "content/taxonomy.yml"


def insert_after(text: str, header: str, new: str) -> tuple[str, int]:
    """The text with `new` inserted after the line `header`, and the line number of `new`."""
    lines = text.split("\n")
    index = lines.index(header)
    return "\n".join([*lines[: index + 1], new, *lines[index + 1 :]]), index + 2


def append_to(text: str, vocabulary: str, new: str) -> tuple[str, int]:
    """The text with `new` added as the last line of a vocabulary, and its line number."""
    lines = text.split("\n")
    start = lines.index(f"{vocabulary}:")
    end = start + 1
    while end < len(lines) and (lines[end].startswith(" ") or not lines[end].strip()):
        end += 1
    while not lines[end - 1].strip():  # before the blank lines that end the section
        end -= 1
    return "\n".join([*lines[:end], new, *lines[end:]]), end + 1


def taxonomy_lines(project, text: str) -> tuple[int, list[str]]:
    project.write_taxonomy(text)
    run = project.check()
    return run.status, run.lines_for(T)


def test_the_real_taxonomy_is_valid():
    taxonomy, problems = load_taxonomy(REPO_ROOT)
    assert [p.text() for p in problems] == []
    assert set(taxonomy.vocabularies) == set(VOCABULARY_NAMES)
    assert taxonomy.ids("dimensions") == ["skills", "mobility", "partnerships"]
    assert taxonomy.ids("gcm_objectives") == list(range(1, 24))
    assert sorted(taxonomy.ids("regions")) == geo.region_ids()
    assert "tvet" in taxonomy.ids("themes")
    assert taxonomy.term("themes", "tvet").aliases[:2] == ("TVET", "VET")


def test_the_real_taxonomy_has_the_terms_the_spec_names():
    taxonomy, _ = load_taxonomy(REPO_ROOT)
    expected = {
        "typologies": [
            "diaspora-entrepreneurship",
            "state-to-state",
            "private-sector",
            "project-based",
        ],
        "mobility": [
            "circular",
            "short-term",
            "long-term",
            "business-based",
            "learning-based",
            "virtual",
            "none",
        ],
        "status": ["proposed", "pilot", "ongoing", "completed", "scaled-up"],
        "roles": ["lead", "implementer", "partner", "funder", "host", "advisor"],
        "evidence": ["reported", "documented", "evaluated"],
        "skill_levels": ["low", "medium", "high"],
    }
    for vocabulary, ids in expected.items():  # contributors may add terms after these
        assert taxonomy.ids(vocabulary)[: len(ids)] == ids, vocabulary


def test_unknown_vocabulary(project):
    text = (
        project.taxonomy_text.rstrip("\n")
        + "\n\nfacets:\n  - {id: x, label: X, description: Some words here.}\n"
    )
    line = len(project.taxonomy_text.rstrip("\n").split("\n")) + 2
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    assert lines == [f"{T}:{line}:1: error: unknown vocabulary 'facets'"]


def test_mistyped_vocabulary_has_a_hint_and_its_absence_is_reported(project):
    text = project.taxonomy_text.replace("\nroles:\n", "\nrolez:\n")
    line = project.taxonomy_text.split("\n").index("roles:") + 1
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    first_vocabulary = project.taxonomy_text.split("\n").index("typologies:") + 1
    assert lines == [
        f"{T}:{first_vocabulary}:1: error: vocabulary 'roles' is missing "
        "(add 'roles:' with its terms)",
        f"{T}:{line}:1: error: unknown vocabulary 'rolez' (did you mean 'roles'?)",
    ]


def test_term_without_description(project):
    text, line = append_to(project.taxonomy_text, "sectors", "  - {id: mining, label: Mining}")
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{T}:{line}:5: error: required key 'sectors[")
    assert lines[0].endswith("].description' is missing (add 'description:' with one sentence)")


def test_term_without_label(project):
    text, line = insert_after(
        project.taxonomy_text,
        "sectors:",
        "  - {id: mining, description: Extraction of minerals from the ground.}",
    )
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    assert lines == [
        f"{T}:{line}:5: error: required key 'sectors[0].label' is missing "
        "(add 'label:' with what pages show)"
    ]


def test_term_with_an_unknown_key(project):
    text, line = insert_after(
        project.taxonomy_text,
        "sectors:",
        "  - {id: mining, label: Mining, description: Extraction of minerals., colour: red}",
    )
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    assert lines == [
        f"{T}:{line}:71: error: unknown key 'colour' in 'sectors[0]' "
        "(allowed keys: id, label, description, aliases)"
    ]


def test_duplicate_term_id(project):
    text, line = append_to(
        project.taxonomy_text,
        "sectors",
        "  - {id: ict, label: ICT again, description: Information and communication technology.}",
    )
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{T}:{line}:10: error: 'sectors': id 'ict' is defined twice")
    assert lines[0].endswith("(ids must be unique within a vocabulary)")


def test_term_id_that_is_not_a_slug(project):
    text, line = insert_after(
        project.taxonomy_text,
        "sectors:",
        "  - {id: Mining, label: Mining, description: Extraction of minerals from the ground.}",
    )
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    assert lines == [
        f"{T}:{line}:10: error: 'sectors[0].id' must be a slug (lower-case words joined by '-'), "
        "not 'Mining' (for example enabel-palim)"
    ]


def test_region_not_in_m49(project):
    text, line = insert_after(
        project.taxonomy_text,
        "regions:",
        "  - {id: atlantis, label: Atlantis, description: A sunken continent of legend.}",
    )
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    # Reported where the vocabulary's list starts: the inserted first term.
    assert lines == [
        f"{T}:{line}:3: error: 'regions' has terms the content model does not define: atlantis "
        "(this vocabulary is fixed; remove them)"
    ]


def test_m49_region_missing(project):
    lines_ = project.taxonomy_text.split("\n")
    start = lines_.index("  - id: channel-islands")
    end = start + 1
    while lines_[end].startswith("    "):
        end += 1
    text = "\n".join(lines_[:start] + lines_[end:])
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    assert len(lines) == 1
    assert ": error: 'regions' lacks the fixed terms: channel-islands" in lines[0]


@pytest.mark.parametrize("number", [0, 24, -1])
def test_gcm_objective_outside_1_to_23(project, number):
    text, line = insert_after(
        project.taxonomy_text,
        "gcm_objectives:",
        f"  - {{id: {number}, label: Extra, description: An objective the compact does not have.}}",
    )
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    assert lines == [
        f"{T}:{line}:10: error: 'gcm_objectives[0].id' must be between 1 and 23, not {number}"
    ]


def test_gcm_objective_as_text(project):
    text, line = insert_after(
        project.taxonomy_text,
        "gcm_objectives:",
        '  - {id: "5", label: Extra, description: An objective written as text by mistake.}',
    )
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{T}:{line}:10: error: 'gcm_objectives[0].id' must be ")
    assert lines[0].endswith(", not text")


def test_extra_dimension_is_refused(project):
    text, line = insert_after(
        project.taxonomy_text,
        "dimensions:",
        "  - {id: culture, label: Culture, description: Cultural exchange between peoples.}",
    )
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    assert lines == [
        f"{T}:{line}:3: error: 'dimensions' has terms the content model does not define: "
        "culture (this vocabulary is fixed; remove them)"
    ]


def test_a_new_sector_is_allowed_and_usable(project):
    text, _ = append_to(
        project.taxonomy_text,
        "sectors",
        "  - {id: mining, label: Mining, description: Extraction of minerals from the ground.}",
    )
    project.write_taxonomy(text)
    project.write_practice("sample", sectors="[mining]")
    run = project.check()
    assert (run.status, run.lines) == (0, [])


def test_an_unused_term_is_fine_but_a_used_missing_one_is_not(project):
    project.write_practice("sample", sectors="[mining]")
    run = project.check()
    assert run.status == 1
    assert run.lines_for("content/practices/sample.md")[0].startswith(
        "content/practices/sample.md:13:11: error: 'sectors[0]': 'mining' is not one of the "
        "sectors in taxonomy.yml: sectors"
    )


def test_needs_must_name_actor_types(project):
    text, line = insert_after(
        project.taxonomy_text,
        "typologies:",
        "  - {id: city-to-city, label: City partnerships, "
        "description: Partnerships between cities., needs: [local-authorityy]}",
    )
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{T}:{line}:")
    assert "'typologies': needs 'local-authorityy', which is not an actor type" in lines[0]
    assert "(did you mean 'local-authority'?)" in lines[0]


def test_taxonomy_that_is_not_a_mapping(project):
    status, lines = taxonomy_lines(project, "- themes\n- sectors\n")
    assert status == 1
    assert lines == [f"{T}:1:1: error: taxonomy.yml must map vocabulary names to lists of terms"]


def test_vocabulary_that_is_not_a_list(project):
    text = project.taxonomy_text.replace(
        "\nskill_levels:\n", "\nskill_levels: low\nold_skill_levels:\n"
    )
    line = project.taxonomy_text.split("\n").index("skill_levels:") + 1
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    assert f"{T}:{line}:15: error: vocabulary 'skill_levels' must be a list of terms" in lines


def test_taxonomy_yaml_errors_are_located(project):
    text, line = insert_after(project.taxonomy_text, "sectors:", "  - &anchor {id: x}")
    status, lines = taxonomy_lines(project, text)
    assert status == 1
    assert lines == [
        f"{T}:{line}:5: error: YAML anchors (&anchor) are not allowed (remove the anchor)"
    ]


def test_taxonomy_with_norway_like_words_keeps_them_as_text(project):
    text, _ = append_to(
        project.taxonomy_text,
        "sectors",
        "  - {id: offshore, label: Offshore, description: Work at sea., aliases: [NO, yes, on]}",
    )
    project.write_taxonomy(text)
    taxonomy, problems = load_taxonomy(Path(project.root))
    assert problems == []
    assert taxonomy.term("sectors", "offshore").aliases == ("NO", "yes", "on")


def test_missing_taxonomy(project):
    (project.root / T).unlink()
    run = project.check()
    assert run.status == 1
    assert f"{T}:1:1: error: taxonomy.yml is missing (restore content/taxonomy.yml)" in run.lines
