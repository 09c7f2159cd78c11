"""`atlas from-issue`: a "Propose a practice" issue becomes an entry file.

Practitioners who do not use git propose a practice through a GitHub issue form
(`.github/ISSUE_TEMPLATE/propose-practice.yml`). GitHub stores a submitted form as Markdown: one
`### Field label` heading per field, the answer below it, `_No response_` for an empty field,
`- [X] option` / `- [ ] option` for checkboxes and the chosen options joined by ", " for a
dropdown. This module reads that Markdown back, field by field, writes the front-matter and
body of `content/practices/<slug>.md`, and runs the real checker on the result (in a temporary
copy of the content) before anything is written. When the proposal is incomplete it says which
form field is wrong and why, in the form's own words, and writes nothing.

The form itself is generated from this module's field table and `content/taxonomy.yml`
(`python -m atlas.from_issue --write-form`), so its options are always real taxonomy ids, and
the parser and the form cannot disagree about labels. Options read `Label (id)`; the parser also
accepts a bare id or a label, so a maintainer can fix an answer by editing the issue.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from atlas import catalogue
from atlas.clock import today
from atlas.hints import did_you_mean
from atlas.model import BODY_SECTIONS
from atlas.problems import Problem
from atlas.slugs import slugify
from atlas.taxonomy import Taxonomy, load_taxonomy
from atlas.yamlread import resolve_plain

FORM_PATH = ".github/ISSUE_TEMPLATE/propose-practice.yml"
NO_RESPONSE = "_No response_"
SCHEMA_MODELINE = "# yaml-language-server: $schema=../../build/site/schema/practice.schema.json"


class FromIssueError(Exception):
    """The issue cannot be read at all (not a file, not text)."""


# The form's fields ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FormField:
    """One field of the issue form, and the front-matter key (or body section) it fills.

    kind: input, textarea, dropdown (one choice), multi (dropdown, several choices), checkboxes.
    target: the front-matter key path, e.g. ("countries", "origin"), or ("body", "Overview").
    """

    id: str
    label: str
    kind: str
    target: tuple[str, ...]
    description: str = ""
    placeholder: str = ""
    required: bool = False
    vocabulary: str = ""


def _section(name: str, what: str) -> FormField:
    return FormField(
        id="section-" + slugify(name),
        label=name,
        kind="textarea",
        target=("body", name),
        description=f"{what} In your own words, with a source for every claim.",
    )


FIELDS: tuple[FormField, ...] = (
    FormField(
        "title",
        "Title",
        "input",
        ("title",),
        '5–120 characters: what the practice is and where, e.g. "Nurses from the Philippines '
        'for Germany". It also becomes the file name.',
        required=True,
    ),
    FormField(
        "summary",
        "Summary",
        "textarea",
        ("summary",),
        "One or two sentences (20–300 characters): who does what, where and for whom.",
        required=True,
    ),
    FormField(
        "typologies",
        "Typologies",
        "checkboxes",
        ("typologies",),
        "Tick 1 to 4: the set-ups of the partnership.",
        required=True,
        vocabulary="typologies",
    ),
    FormField(
        "themes",
        "Themes",
        "multi",
        ("themes",),
        "Choose 1 to 8.",
        required=True,
        vocabulary="themes",
    ),
    FormField(
        "dimensions",
        "Dimensions",
        "checkboxes",
        ("dimensions",),
        "Tick 1 to 3: what the practice works on.",
        required=True,
        vocabulary="dimensions",
    ),
    FormField(
        "mobility",
        "Mobility types",
        "checkboxes",
        ("mobility",),
        "The kinds of mobility it supports, if any.",
        vocabulary="mobility",
    ),
    FormField(
        "status",
        "Status",
        "dropdown",
        ("status",),
        "An idea that is not yet funded is 'Proposed'.",
        required=True,
        vocabulary="status",
    ),
    FormField(
        "evidence",
        "Evidence",
        "dropdown",
        ("evidence",),
        "How well the results are known. An idea put forward at a meeting is 'Reported'.",
        required=True,
        vocabulary="evidence",
    ),
    FormField(
        "actors",
        "Actors",
        "textarea",
        ("actors",),
        "One organisation a line, as `name: role`. Use the name, acronym or slug of an actor "
        "already in the Atlas (listed at "
        "https://skills-partnerships-atlas.github.io/atlas/actors/). "
        "Roles: lead, implementer, partner, funder, host, advisor. An organisation that is not "
        "in the Atlas yet: name it under 'Notes for the reviewers' and a maintainer adds it.",
        "African Foundation for Development: lead\nenabel: partner",
        required=True,
    ),
    FormField(
        "countries-origin",
        "Countries of origin",
        "input",
        ("countries", "origin"),
        "ISO 3166-1 alpha-2 codes in capitals, separated by commas: where people or skills "
        "come from. At least one country or one region is needed.",
        "GH, NG",
    ),
    FormField(
        "countries-destination",
        "Countries of destination",
        "input",
        ("countries", "destination"),
        "ISO codes, separated by commas: where people or skills go.",
        "BE, DE",
    ),
    FormField(
        "countries-transit",
        "Countries of transit",
        "input",
        ("countries", "transit"),
        "ISO codes, separated by commas.",
    ),
    FormField(
        "regions",
        "Regions",
        "multi",
        ("regions",),
        "UN M49 regions, when the practice covers a region rather than named countries.",
        vocabulary="regions",
    ),
    FormField(
        "sectors", "Sectors", "multi", ("sectors",), "Economic sectors.", vocabulary="sectors"
    ),
    FormField(
        "target-groups",
        "Target groups",
        "multi",
        ("target_groups",),
        "Who the practice is for.",
        vocabulary="target_groups",
    ),
    FormField(
        "skill-levels",
        "Skill levels",
        "checkboxes",
        ("skill_levels",),
        "The skill levels of the people it trains or moves.",
        vocabulary="skill_levels",
    ),
    FormField(
        "period-start", "Period start", "input", ("period", "start"), "The year it began.", "2020"
    ),
    FormField(
        "period-end",
        "Period end",
        "input",
        ("period", "end"),
        "The year it ended; leave empty while it runs.",
        "2024",
    ),
    FormField(
        "sources",
        "Sources",
        "textarea",
        ("sources",),
        "At least one, one a line: `Title | URL | publisher | year` (publisher and year may be "
        "left out). Every claim in the entry needs a source.",
        "ABC West Africa | https://afford-uk.org/abc-west-africa/ | "
        "African Foundation for Development | 2021",
        required=True,
    ),
    FormField(
        "see-also",
        "See also",
        "textarea",
        ("see_also",),
        "The same practice in other databases (UN Migration Network Hub, GFMD Platform for "
        "Partnerships, ...), one a line: `Title | URL`.",
    ),
    FormField(
        "gcm-objectives",
        "GCM objectives",
        "multi",
        ("gcm_objectives",),
        "Objectives of the Global Compact for Migration the practice serves.",
        vocabulary="gcm_objectives",
    ),
    FormField(
        "related",
        "Related practices",
        "input",
        ("related",),
        "Slugs of practices already in the Atlas (the last part of their address), separated "
        "by commas.",
    ),
    FormField(
        "funding-amount",
        "Funding amount",
        "input",
        ("funding", "amount"),
        "A number, digits only (e.g. 400000).",
    ),
    FormField(
        "funding-currency",
        "Funding currency",
        "input",
        ("funding", "currency"),
        "An ISO 4217 code such as EUR or USD.",
    ),
    FormField(
        "funding-note", "Funding note", "input", ("funding", "note"), "What the figure covers."
    ),
    FormField(
        "beneficiaries-planned",
        "People planned",
        "input",
        ("beneficiaries", "planned"),
        "How many people it planned to reach (a whole number).",
    ),
    FormField(
        "beneficiaries-reached",
        "People reached",
        "input",
        ("beneficiaries", "reached"),
        "How many people it reached (a whole number).",
    ),
    FormField(
        "beneficiaries-women",
        "Share of women",
        "input",
        ("beneficiaries", "women_share"),
        "Between 0 and 1, or a percentage (e.g. 0.4 or 40%).",
    ),
    _section("Overview", "What the practice is, who runs it, where and since when."),
    _section("Skills", "Which skills are built, how, and for whom."),
    _section("Mobility", "What kind of mobility it supports, if any, and under which rules."),
    _section("Partnership", "With whom, why, what each party gains, and how long it lasts."),
    _section("Results", "What is known of its results, with figures and their sources."),
    _section(
        "Lessons and replicability", "What others can learn from it and what repeating it needs."
    ),
    FormField(
        "notes",
        "Notes for the reviewers",
        "textarea",
        (),
        "Anything else: organisations to add to the Atlas, doubts, your connection to the "
        "practice. Not copied into the entry (the issue itself is public).",
    ),
    # Not part of the entry: the contributor confirms the two rules reviewers care most about.
    FormField("agreement", "Before you submit", "agreement", ()),
)

AGREEMENT_OPTIONS = (
    "The text is in my own words (no sentences copied from the sources).",
    "Every claim can be checked in one of the sources I listed.",
)


def _norm(label: str) -> str:
    """Labels and options compared the way people see them: case and spacing ignored."""
    return " ".join(label.casefold().split())


BY_LABEL = {_norm(f.label): f for f in FIELDS}


# Reading the issue body ----------------------------------------------------------------------


def parse_body(body: str) -> dict[str, str]:
    """Field label -> raw answer ("" for `_No response_`), for the form's own labels only.

    A `### heading` that is not one of the form's labels stays part of the answer it is in, so
    a contributor may use headings inside a text field.
    """
    answers: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        match = re.match(r"^###\s+(.+?)\s*#*\s*$", line)
        if match and _norm(match.group(1)) in BY_LABEL and _norm(match.group(1)) not in answers:
            current = answers.setdefault(_norm(match.group(1)), [])
            continue
        if current is not None:
            current.append(line)
    result = {}
    for key, lines in answers.items():
        text = _unfence("\n".join(lines).strip())
        result[BY_LABEL[key].label] = "" if text == NO_RESPONSE else text
    return result


def _unfence(text: str) -> str:
    """The text inside a ``` block (textareas with `render:` arrive fenced)."""
    match = re.fullmatch(r"```[\w-]*\n(.*?)\n?```", text, re.DOTALL)
    return match.group(1).strip() if match else text


def _lines(text: str) -> list[str]:
    """Non-empty lines with list bullets removed."""
    found = []
    for line in text.split("\n"):
        line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line).strip()
        if line:
            found.append(line)
    return found


# Answers to values ---------------------------------------------------------------------------


def option_text(term_id: Any, label: str) -> str:
    """How the form shows a term: `Label (id)`, so both people and the parser can read it."""
    return f"{label} ({term_id})"


class _Choices:
    """Turns option texts, ids or labels into the ids of one vocabulary."""

    def __init__(self, taxonomy: Taxonomy, vocabulary: str) -> None:
        self.vocabulary = vocabulary
        self.terms = taxonomy.terms(vocabulary)
        self.by_text: dict[str, Any] = {}
        # Ids first, so a label that happens to equal another term's id never shadows it.
        for text_of in (
            lambda t: str(t.id),
            lambda t: option_text(t.id, t.label),
            lambda t: t.label,
        ):
            for term in self.terms:
                self.by_text.setdefault(_norm(text_of(term)), term.id)

    def one(self, text: str) -> tuple[Any, str]:
        """(id, "") or (None, error message)."""
        text = text.strip()
        key = _norm(text)
        if key in self.by_text:
            return self.by_text[key], ""
        inner = re.search(r"\(([^()]*)\)\s*$", text)
        if inner and _norm(inner.group(1)) in self.by_text:
            return self.by_text[_norm(inner.group(1))], ""
        ids = [str(t.id) for t in self.terms]
        hint = did_you_mean(text, ids) or did_you_mean(text, [t.label for t in self.terms])
        where = f"content/taxonomy.yml: {self.vocabulary}"
        return None, f"'{text}' is not in {where}" + (f" ({hint})" if hint else "")

    def many(self, text: str) -> tuple[list[Any], list[str]]:
        """A dropdown's ", "-joined options (labels may themselves hold commas)."""
        options = sorted((option_text(t.id, t.label) for t in self.terms), key=len, reverse=True)
        found: list[Any] = []
        errors: list[str] = []
        rest = text.strip()
        while rest:
            for option in options:
                if rest.startswith(option) and re.match(r"\s*(,|$)", rest[len(option) :]):
                    piece, rest = option, rest[len(option) :]
                    break
            else:
                piece, _, rest = rest.partition(",")
            rest = rest.lstrip().removeprefix(",").lstrip()
            if not piece.strip():
                continue
            value, error = self.one(piece)
            if error:
                errors.append(error)
            elif value not in found:
                found.append(value)
        return found, errors

    def ticked(self, text: str) -> tuple[list[Any], list[str]]:
        """Checkboxes: `- [X] option` lines; unticked `- [ ]` lines are ignored."""
        found: list[Any] = []
        errors: list[str] = []
        for line in text.split("\n"):
            match = re.match(r"^\s*[-*]\s*\[([ xX])\]\s*(.*?)\s*$", line)
            if match is None:
                if line.strip():  # typed by hand: accept ids or labels, comma-separated
                    values, problems = self.many(line)
                    found += [v for v in values if v not in found]
                    errors += problems
                continue
            if match.group(1).lower() != "x":
                continue
            value, error = self.one(match.group(2))
            if error:
                errors.append(error)
            elif value not in found:
                found.append(value)
        return found, errors


def _words(text: str) -> list[str]:
    """Codes or slugs separated by commas, semicolons or spaces; case kept for the checker."""
    return [w for w in re.split(r"[\s,;]+", text) if w]


def _year(text: str) -> tuple[Any, str]:
    if re.fullmatch(r"[0-9]{4}", text.strip()):
        return int(text), ""
    return None, f"'{text}' is not a four-digit year"


def _number(text: str, *, integer: bool, percent: bool = False) -> tuple[Any, str]:
    raw = text.strip().replace(" ", "").replace("_", "")
    scale = 1.0
    if percent and raw.endswith("%"):
        raw, scale = raw[:-1], 0.01
    pattern = r"[0-9]+" if integer else r"[0-9]+(\.[0-9]+)?"
    if not re.fullmatch(pattern, raw):
        kind = "a whole number" if integer else "a number"
        return None, f"'{text}' is not {kind}; write digits only, without separators"
    if integer:
        return int(raw), ""
    value = float(raw) * scale
    return (int(value) if value.is_integer() and scale == 1.0 else round(value, 6)), ""


def _records(text: str, keys: tuple[str, ...], required: int) -> tuple[list[dict], list[str]]:
    """`Title | URL | ...` lines to mappings; the first `required` parts must be given."""
    records: list[dict[str, Any]] = []
    errors: list[str] = []
    shape = " | ".join(k.capitalize() if k != "url" else "URL" for k in keys)
    for number, line in enumerate(_lines(text), 1):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) > len(keys) or any(not p for p in parts[:required]) or len(parts) < required:
            errors.append(f"line {number}: write `{shape}`, not `{line}`")
            continue
        record: dict[str, Any] = {}
        for key, part in zip(keys, parts, strict=False):
            part = part.strip().strip("<>").strip()
            if not part:
                continue
            if key == "year":
                value, error = _year(part)
                if error:
                    errors.append(f"line {number}: {error}")
                    continue
                record[key] = value
            else:
                record[key] = part
        records.append(record)
    return records, errors


@dataclass
class _Actors:
    """Actor names, acronyms and slugs, so a form may name an actor the way people do."""

    slugs: set[str]
    names: dict[str, str]  # normalised name or acronym -> slug

    @classmethod
    def of(cls, cat: catalogue.Catalogue) -> _Actors:
        names: dict[str, str] = {}
        for actor in cat.sorted_actors:
            names.setdefault(_norm(actor.title), actor.slug)
            if acronym := actor.meta.get("acronym"):
                names.setdefault(_norm(str(acronym)), actor.slug)
        return cls(set(cat.actors), names)

    def find(self, text: str) -> str | None:
        text = text.strip()
        if text in self.slugs:
            return text
        if _norm(text) in self.names:
            return self.names[_norm(text)]
        inner = re.search(r"\(([^()]*)\)\s*$", text)  # "Name (slug)" or "Name (ACRONYM)"
        if inner:
            return self.find(inner.group(1))
        return slugify(text) if slugify(text) in self.slugs else None


def _actor_refs(text: str, actors: _Actors, roles: _Choices) -> tuple[list[dict], list[str]]:
    refs: list[dict[str, Any]] = []
    errors: list[str] = []
    for number, line in enumerate(_lines(text), 1):
        name, sep, role_text = line.rpartition(":")
        if not sep or not name.strip() or not role_text.strip():
            errors.append(f"line {number}: write `name: role`, e.g. `enabel: lead`, not `{line}`")
            continue
        slug = actors.find(name)
        role, error = roles.one(role_text)
        if slug is None:
            hint = did_you_mean(slugify(name), sorted(actors.slugs))
            errors.append(
                f"line {number}: '{name.strip()}' is not an actor in the Atlas"
                + (f" ({hint})" if hint else "")
                + "; name one that is, or ask for it to be added under 'Notes for the reviewers'"
            )
        if error:
            errors.append(f"line {number}: role {error}")
        if slug is not None and role is not None:
            refs.append({"actor": slug, "role": role})
    return refs, errors


# The conversion ------------------------------------------------------------------------------


@dataclass
class Conversion:
    """The entry made from an issue, or the reasons it cannot be made, field by field."""

    slug: str = ""
    relpath: str = ""
    text: str = ""
    problems: list[tuple[str, str]] = field(default_factory=list)  # (form label, message)
    notes: list[str] = field(default_factory=list)  # warnings that do not block

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.text)

    def report(self) -> str:
        """What people read: one line per problem, named by the form's field label."""
        lines = [f"- {label}: {message}" for label, message in self.problems]
        return "\n".join(lines)


def _set(meta: dict[str, Any], target: tuple[str, ...], value: Any) -> None:
    if len(target) == 1:
        meta[target[0]] = value
    else:
        meta.setdefault(target[0], {})[target[1]] = value


_EMPTY = {
    "input": "required, but left empty",
    "textarea": "required, but left empty",
    "dropdown": "required: choose one",
    "multi": "required: choose at least one",
    "checkboxes": "required: tick at least one",
}


def read_answers(
    answers: dict[str, str], taxonomy: Taxonomy, actors: _Actors
) -> tuple[dict[str, Any], dict[str, str], list[tuple[str, str]]]:
    """Form answers -> (front-matter, body sections, problems per form label)."""
    meta: dict[str, Any] = {}
    sections: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    roles = _Choices(taxonomy, "roles")

    def fail(spec: FormField, messages: Sequence[str]) -> None:
        problems.extend((spec.label, m) for m in messages)

    for spec in FIELDS:
        text = answers.get(spec.label, "").strip()
        if not spec.target:
            continue
        if not text:
            if spec.required:
                fail(spec, [_EMPTY[spec.kind]])
            continue
        kind, key = spec.kind, spec.target[-1]
        errors: list[str] = []
        value: Any = None
        if spec.target[0] == "body":
            sections[spec.target[1]] = text
            continue
        if spec.vocabulary:
            choices = _Choices(taxonomy, spec.vocabulary)
            if kind == "dropdown":
                value, error = choices.one(text)
                errors = [error] if error else []
            elif kind == "multi":
                value, errors = choices.many(text)
            else:
                value, errors = choices.ticked(text)
        elif key in ("title", "summary", "note"):  # plain text on one line
            value = " ".join(text.split())
        elif key == "actors":
            value, errors = _actor_refs(text, actors, roles)
        elif key in ("origin", "destination", "transit", "related"):
            value = _words(text)
        elif key == "currency":
            value = text.strip()
        elif key in ("start", "end"):
            value, error = _year(text)
            errors = [error] if error else []
        elif key in ("planned", "reached"):
            value, error = _number(text, integer=True)
            errors = [error] if error else []
        elif key in ("amount", "women_share"):
            value, error = _number(text, integer=False, percent=key == "women_share")
            errors = [error] if error else []
        elif key == "sources":
            value, errors = _records(text, ("title", "url", "publisher", "year"), 2)
        elif key == "see_also":
            value, errors = _records(text, ("title", "url"), 2)
        if errors:
            fail(spec, errors)
        elif value not in (None, [], {}, ""):
            _set(meta, spec.target, value)
        elif spec.required:
            fail(spec, [_EMPTY[spec.kind]])
    return meta, sections, problems


# Writing the entry ---------------------------------------------------------------------------

# The order keys are written in: the spec's example first, then the optional details.
KEY_ORDER = (
    "title",
    "summary",
    "typologies",
    "themes",
    "dimensions",
    "mobility",
    "status",
    "evidence",
    "actors",
    "countries",
    "regions",
    "sectors",
    "target_groups",
    "skill_levels",
    "period",
    "beneficiaries",
    "funding",
    "gcm_objectives",
    "sources",
    "see_also",
    "related",
    "last_reviewed",
)
# Words other YAML tools (YAML 1.1) read as booleans or null: always quote them.
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def _scalar(value: Any) -> str:
    """A YAML scalar: plain when unambiguous in YAML 1.1 and 1.2, otherwise a JSON string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    text = str(value)
    plain = (
        re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]*", text) is not None
        and resolve_plain(text) == text
        and text.lower() not in _YAML11_WORDS
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def _flow(values: Sequence[Any]) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


def _flow_map(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in mapping.items()) + "}"


def render_entry(meta: dict[str, Any], sections: dict[str, str]) -> str:
    """The entry file: front-matter in a fixed, readable layout, then the body sections."""
    lines = ["---", SCHEMA_MODELINE]
    for key in KEY_ORDER:
        if key not in meta:
            continue
        value = meta[key]
        if key in ("actors",):
            lines.append(f"{key}:")
            lines += [f"  - {_flow_map(ref)}" for ref in value]
        elif key in ("sources", "see_also"):
            lines.append(f"{key}:")
            for record in value:
                first = True
                for name, item in record.items():
                    lines.append(f"  {'- ' if first else '  '}{name}: {_scalar(item)}")
                    first = False
        elif key == "countries":
            lines.append(f"{key}:")
            for role in ("origin", "destination", "transit"):
                if role in value:
                    lines.append(f"  {role}: {_flow(value[role])}")
        elif key == "funding":
            lines.append(f"{key}:")
            lines += [f"  {name}: {_scalar(item)}" for name, item in value.items()]
        elif isinstance(value, dict):
            lines.append(f"{key}: {_flow_map(value)}")
        elif isinstance(value, list):
            lines.append(f"{key}: {_flow(value)}")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    lines.append("---")
    body = [
        f"## {name}\n\n{sections[name].strip()}\n" for name in BODY_SECTIONS if name in sections
    ]
    return "\n".join(lines) + "\n\n" + "\n".join(body)


# Checker messages about no single key, and the form field that can fix them.
_MESSAGE_LABELS = (("country or region", "Countries of origin"),)


def _label_for(problem: Problem) -> str:
    """The form label a checker problem belongs to, from its field path or its message."""
    path = problem.field
    if not path:
        missing = re.search(r"required key '([\w.]+)'", problem.message)
        path = missing.group(1) if missing else ""
    parts = tuple(p for p in re.split(r"[.\[\]]", path) if p and not p.isdigit())
    for spec in FIELDS:  # the exact key first: countries.origin, period.end, sources
        if spec.target and spec.target == parts[: len(spec.target)]:
            return spec.label
    for spec in FIELDS:  # then the first field filling that top-level key (funding)
        if parts and spec.target[:1] == parts[:1]:
            return spec.label
    for fragment, label in _MESSAGE_LABELS:
        if fragment in problem.message:
            return label
    return "Entry"


def _check_in_copy(root: Path, relpath: str, text: str) -> list[Problem]:
    """Run the real checker on the content plus the new entry, in a temporary copy."""
    with tempfile.TemporaryDirectory(prefix="atlas-from-issue-") as tmp:
        copy = Path(tmp)
        if (root / "mkdocs.yml").is_file():
            shutil.copyfile(root / "mkdocs.yml", copy / "mkdocs.yml")
        (copy / "content").mkdir()
        for folder in ("practices", "actors"):
            source = root / "content" / folder
            if source.is_dir():
                shutil.copytree(source, copy / "content" / folder)
            else:
                (copy / "content" / folder).mkdir()
        if (root / "content/taxonomy.yml").is_file():
            shutil.copyfile(root / "content/taxonomy.yml", copy / "content/taxonomy.yml")
        target = copy / relpath
        target.write_text(text, encoding="utf-8", newline="\n")
        result = catalogue.load(copy)
    return result.problems


def convert(root: Path, body: str) -> Conversion:
    """Read an issue body and make the entry, checked by the real checker; write nothing."""
    loaded = catalogue.load(root)
    taxonomy = loaded.catalogue.taxonomy
    answers = parse_body(body)
    if not answers:
        return Conversion(
            problems=[("Issue", "no field of the 'Propose a practice' form was found in it")]
        )
    meta, sections, problems = read_answers(answers, taxonomy, _Actors.of(loaded.catalogue))
    result = Conversion(problems=problems)
    title = meta.get("title")
    if not isinstance(title, str):
        return result
    result.slug = slugify(title)
    result.relpath = f"content/practices/{result.slug}.md"
    if (root / result.relpath).exists():
        result.problems.insert(
            0,
            (
                "Title",
                f"{result.relpath} already exists: a practice with this title is in the Atlas; "
                "choose a more specific title, or propose changes to the existing entry",
            ),
        )
    meta["last_reviewed"] = today().isoformat()
    result.text = render_entry(meta, sections)
    labelled = {label for label, _ in result.problems}
    for problem in _check_in_copy(root, result.relpath, result.text):
        mine = problem.path == result.relpath
        if not mine and f"'{result.slug}'" not in problem.message:
            continue  # a problem the catalogue already had, not caused by this entry
        if not problem.is_error:
            if mine:
                result.notes.append(problem.message)
            continue
        label = _label_for(problem) if mine else "Title"
        if label in labelled:
            continue  # the form-level message already explains it
        hint = f" ({problem.hint})" if problem.hint else ""
        message = problem.message.removeprefix(f"'{problem.field}': ") if problem.field else ""
        result.problems.append((label, (message or problem.message) + hint))
    order = {spec.label: index for index, spec in enumerate(FIELDS)}
    result.problems.sort(key=lambda item: order.get(item[0], len(order)))
    return result


def write_entry(root: Path, conversion: Conversion) -> Path:
    """Write the entry; never overwrite (an existing file raises FileExistsError)."""
    if not conversion.ok:
        raise ValueError("the conversion has problems; nothing to write")
    path = root / conversion.relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(conversion.text)
    return path


def read_issue(path: str) -> str:
    """The issue body from a file ('-' for stdin): Markdown, or GitHub's JSON for an issue.

    JSON is accepted as `gh issue view N --json body` prints it ({"body": ...}) or as the
    event payload of an `issues` workflow ({"issue": {"body": ...}}).
    """
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FromIssueError(f"cannot read {path}: {exc}") from None
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError:
            return text
        if isinstance(data, dict):
            issue = data.get("issue") if isinstance(data.get("issue"), dict) else data
            if isinstance(issue.get("body"), str):
                return issue["body"]
    return text


# The issue form ------------------------------------------------------------------------------


def _element(spec: FormField, taxonomy: Taxonomy) -> dict[str, Any]:
    if spec.kind == "agreement":
        return {
            "type": "checkboxes",
            "id": spec.id,
            "attributes": {
                "label": spec.label,
                "options": [{"label": text, "required": True} for text in AGREEMENT_OPTIONS],
            },
        }
    attributes: dict[str, Any] = {"label": spec.label}
    if spec.description:
        attributes["description"] = spec.description
    if spec.placeholder:
        attributes["placeholder"] = spec.placeholder
    kind = spec.kind
    if spec.vocabulary:
        options = [option_text(t.id, t.label) for t in taxonomy.terms(spec.vocabulary)]
        if kind == "checkboxes":
            attributes["options"] = [{"label": o} for o in options]
        else:
            if kind == "multi":
                attributes["multiple"] = True
            attributes["options"] = options
    element: dict[str, Any] = {
        "type": "dropdown" if kind in ("dropdown", "multi") else kind,
        "id": spec.id,
        "attributes": attributes,
    }
    if spec.required and kind != "checkboxes":
        element["validations"] = {"required": True}
    return element


INTRO = """\
Thank you for proposing a practice for the Skills Partnerships Atlas. A maintainer turns this
issue into an entry with `atlas from-issue`, then reviews it with you in a pull request.

Write in your own words, in a neutral, encyclopedic tone, and give a source for every claim.
A practice that is only an idea so far is welcome too: choose the status *Proposed* and the
evidence *Reported*. The fields follow the content model; the ids in parentheses are the
vocabulary ids listed at https://skills-partnerships-atlas.github.io/atlas/taxonomy/.
"""


def render_form(taxonomy: Taxonomy) -> str:
    """The issue form YAML, generated so its options are exactly the taxonomy's ids."""
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": INTRO}}]
    body += [_element(spec, taxonomy) for spec in FIELDS]
    form = {
        "name": "Propose a practice",
        "description": "Propose a skills or labour-mobility partnership practice for the "
        "Atlas, without using git.",
        "title": "[Practice]: ",
        "labels": ["proposal", "practice"],
        "body": body,
    }
    header = (
        "# Generated from atlas/from_issue.py and content/taxonomy.yml; do not edit by hand.\n"
        "# Regenerate: python -m atlas.from_issue --write-form\n"
    )
    return header + yaml.dump(
        form, Dumper=_FormDumper, sort_keys=False, allow_unicode=True, width=100
    )


class _FormDumper(yaml.SafeDumper):
    """Block style for multi-line text, so the generated form stays readable."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_FormDumper.add_representer(str, _represent_str)


# Command line --------------------------------------------------------------------------------


def run(root: Path, issue: str, *, write: bool, stdout: bool) -> int:
    """`atlas from-issue`: 0 when the entry was made (and written unless only printed), else 1."""
    try:
        body = read_issue(issue)
    except FromIssueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    conversion = convert(root, body)
    if not conversion.ok:
        print(
            "The proposal cannot become an entry yet; nothing was written. "
            "Fix these fields in the issue, then run again:",
            file=sys.stderr,
        )
        print(conversion.report(), file=sys.stderr)
        return 1
    if stdout:
        sys.stdout.write(conversion.text)
    if write or not stdout:
        try:
            write_entry(root, conversion)
        except FileExistsError:
            print(f"error: {conversion.relpath} already exists; nothing written", file=sys.stderr)
            return 1
        print(
            f"wrote {conversion.relpath}: review it, run `atlas check` and `atlas serve`, "
            "then open a pull request",
            file=sys.stderr,
        )
    for note in conversion.notes:
        print(f"note: {note}", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m atlas.from_issue --write-form`: regenerate the issue form from the taxonomy."""
    from atlas.project import find_root

    parser = argparse.ArgumentParser(
        prog="python -m atlas.from_issue",
        description=f"Print (or, with --write-form, write to {FORM_PATH}) the 'Propose a "
        "practice' issue form generated from content/taxonomy.yml.",
    )
    parser.add_argument("--write-form", action="store_true", help=f"write {FORM_PATH}")
    args = parser.parse_args(argv)
    root = find_root()
    taxonomy, _ = load_taxonomy(root)
    text = render_form(taxonomy)
    if args.write_form:
        target = root / FORM_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {FORM_PATH}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
