"""`atlas new`: a new entry from the template, with a slug made from its title.

The template has every required key in the right shape (it validates against the published JSON
Schema); what only the contributor can know is marked "Replace this", which `atlas check` points
out until it is gone. An existing file is never overwritten.
"""

from __future__ import annotations

import json
from pathlib import Path

from atlas.clock import today
from atlas.model import BODY_SECTIONS
from atlas.slugs import slugify

TEMPLATE_MARK = "Replace this"


class EntryExists(Exception):
    pass


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def practice_template(title: str) -> str:
    body = "\n".join(
        f"## {name}\n\n{TEMPLATE_MARK}: {hint}\n"
        for name, hint in zip(
            BODY_SECTIONS,
            (
                "what the practice is, who runs it, where and since when.",
                "which skills are built, how, and for whom.",
                "what kind of mobility it supports, if any, and under which rules.",
                "with whom, why, what each party gains, and how long it lasts.",
                "what is known of its results, with figures and their sources.",
                "what others can learn from it and what it needs to be repeated.",
            ),
            strict=True,
        )
    )
    return f"""---
# yaml-language-server: $schema=../../build/site/schema/practice.schema.json
title: {_quote(title)}
summary: "{TEMPLATE_MARK}: one or two sentences saying who does what, where and for whom."
typologies: [project-based]  # 1-4 of content/taxonomy.yml: typologies
themes: [skills-development]  # 1-8 of content/taxonomy.yml: themes
dimensions: [skills, partnerships]  # 1-3 of skills, mobility, partnerships
mobility: []  # e.g. [circular, short-term]
status: pilot  # proposed, pilot, ongoing, completed or scaled-up
evidence: reported  # reported, documented or evaluated
actors:  # slugs of files in content/actors/ (atlas new actor "Name" adds one)
  - {{actor: replace-with-actor-slug, role: lead}}
countries:  # ISO 3166-1 alpha-2 codes, upper case; at least one country or region
  origin: []
  destination: []
regions: []
sectors: []
target_groups: []
period: {{start: {today().year}}}
sources:
  - title: "{TEMPLATE_MARK}: the title of a source for what the entry says"
    url: https://example.org/
last_reviewed: {today().isoformat()}
---

{body}"""


def actor_template(name: str) -> str:
    return f"""---
# yaml-language-server: $schema=../../build/site/schema/actor.schema.json
name: {_quote(name)}
type: civil-society  # content/taxonomy.yml: actor_types
scope: national  # global, regional, national or local
countries: []  # ISO 3166-1 alpha-2 codes where it is based or works
summary: "{TEMPLATE_MARK}: one or two sentences saying what the organisation is and does."
---

{TEMPLATE_MARK}: a short, neutral description of the organisation, with sources.
"""


def new_entry(root: Path, kind: str, title: str) -> Path:
    """Write the template for a new practice or actor; refuse to overwrite anything."""
    slug = slugify(title)
    path = root / "content" / f"{kind}s" / f"{slug}.md"
    text = practice_template(title) if kind == "practice" else actor_template(title)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise EntryExists(
            f"{path.relative_to(root)} already exists; edit it, or choose another title"
        ) from None
    return path
