"""Content-project helpers for the checker's tests (`atlas check`, `atlas new`, the schemas).

`tests/conftest.py` exposes them as the `project` fixture. They are kept in this module, named
after what they build (a *content* project), so that site and browser fixtures can live in a
conftest of their own without clashing.

Every entry the helpers write has a fixed layout, one front-matter key per line, so a test knows
the exact line of each key without counting:

    practice                              actor
    line 1   ---                          line 1   ---
    line 2   title                        line 2   name
    line 3   summary                      line 3   acronym
    line 4   typologies                   line 4   type
    line 5   themes                       line 5   countries
    line 6   dimensions                   line 6   scope
    line 7   mobility                     line 7   website
    line 8   status                       line 8   summary
    line 9   evidence                     line 9+  extra keys, in the order given
    line 10  actors                       then     ---, a blank line, the body
    line 11  countries
    line 12  regions
    line 13  sectors
    line 14  target_groups
    line 15  period
    line 16  sources
    line 17  last_reviewed
    line 18+ extra keys, in the order given
    then     ---, a blank line, the body

A key overridden with `DROP` is replaced by a comment line, so the lines of the other keys never
move. Override values are raw YAML text, written after `key: ` as they are.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]

# The build day every content-project test runs on (pinned through SOURCE_DATE_EPOCH).
PINNED_DAY = date(2026, 11, 25)
PINNED_EPOCH = str(int(datetime(2026, 11, 25, 12, 0, tzinfo=UTC).timestamp()))

DROP = object()  # an override value that removes the key (leaving a comment line in its place)

PRACTICE_DEFAULTS: dict[str, str] = {
    "title": "Sample skills partnership",
    "summary": "A sample partnership that trains young people in Ghana for jobs at home "
    "and abroad.",
    "typologies": "[project-based]",
    "themes": "[tvet, youth]",
    "dimensions": "[skills, partnerships]",
    "mobility": "[circular]",
    "status": "ongoing",
    "evidence": "documented",
    "actors": "[{actor: enabel, role: lead}]",
    "countries": "{origin: [GH], destination: [BE]}",
    "regions": "[western-africa]",
    "sectors": "[ict]",
    "target_groups": "[youth]",
    "period": "{start: 2019, end: 2023}",
    "sources": '[{title: A sample source, url: "https://example.org/sample", year: 2020}]',
    "last_reviewed": "2026-01-15",
}

ACTOR_DEFAULTS: dict[str, str] = {
    "name": "Sample Organisation",
    "acronym": "SO",
    "type": "civil-society",
    "countries": "[GH]",
    "scope": "national",
    "website": "https://example.org/",
    "summary": "A sample organisation that trains young people and links them to employers.",
}

PRACTICE_LINE: dict[str, int] = {key: index + 2 for index, key in enumerate(PRACTICE_DEFAULTS)}
ACTOR_LINE: dict[str, int] = {key: index + 2 for index, key in enumerate(ACTOR_DEFAULTS)}

SECTIONS = ("Overview", "Skills", "Mobility", "Partnership", "Results", "Lessons and replicability")


def body_with(sections: tuple[str, ...] = SECTIONS) -> str:
    """A Markdown body with one short paragraph under each `## section`."""
    return "\n".join(
        f"## {name}\n\nA short paragraph about {name.lower()} in this sample practice.\n"
        for name in sections
    )


DEFAULT_BODY = body_with()
ACTOR_BODY = "A short, neutral description of the organisation.\n"

# The two actors and two practices every content project starts with.
BASE_ACTORS: dict[str, dict[str, Any]] = {
    "enabel": {
        "name": "Enabel",
        "acronym": DROP,
        "type": "public-agency",
        "countries": "[BE]",
        "scope": "global",
        "website": "https://www.enabel.be",
        "summary": "The Belgian development agency, which runs projects for Belgium and the EU.",
    },
    "afford": {
        "name": "African Foundation for Development",
        "acronym": "AFFORD",
        "type": "diaspora-organisation",
        "countries": "[GB, GH]",
        "scope": "regional",
        "website": "https://www.afford-uk.org/",
        "summary": "A diaspora organisation that supports African entrepreneurs and training.",
    },
}
BASE_PRACTICES: dict[str, dict[str, Any]] = {
    "tvet-exchange": {
        "title": "TVET exchange between Ghana and Belgium",
        "summary": "Teachers of vocational schools in Ghana and Belgium exchange curricula and "
        "train young people together.",
        "themes": "[tvet, qualification-recognition]",
        "actors": "[{actor: enabel, role: lead}, {actor: afford, role: partner}]",
        "related": "[ict-talent]",
    },
    "ict-talent": {
        "title": "ICT talent pipeline from Morocco",
        "summary": "Young Moroccan graduates are trained in software development for jobs at "
        "home and in Belgium.",
        "typologies": "[state-to-state, private-sector]",
        "themes": "[skills-development, legal-pathways, labour-market-needs]",
        "dimensions": "[skills, mobility, partnerships]",
        "mobility": "[long-term, none]",
        "status": "completed",
        "actors": "[{actor: enabel, role: lead}]",
        "countries": "{origin: [MA], destination: [BE]}",
        "regions": DROP,
        "period": "{start: 2019, end: 2021}",
        "gcm_objectives": "[5, 18]",
        "funding": "{amount: 1496448.50, currency: EUR}",
        "beneficiaries": "{reached: 120, women_share: 0.18}",
    },
}


def render(defaults: Mapping[str, str], overrides: Mapping[str, Any], body: str) -> str:
    """Front-matter in the fixed layout (see the module docstring), then the body."""
    lines = ["---"]
    for key, value in defaults.items():
        value = overrides.get(key, value)
        if value is DROP:
            lines.append(f"# ({key} left out)")
        else:
            lines.append(f"{key}: {value}".rstrip())
    for key, value in overrides.items():
        if key not in defaults and value is not DROP:
            lines.append(f"{key}: {value}".rstrip())
    lines.extend(["---", "", body])
    return "\n".join(lines)


def practice_text(body: str = DEFAULT_BODY, **overrides: Any) -> str:
    return render(PRACTICE_DEFAULTS, overrides, body)


def actor_text(body: str = ACTOR_BODY, **overrides: Any) -> str:
    return render(ACTOR_DEFAULTS, overrides, body)


@dataclass
class CheckRun:
    """What a contributor sees from one `atlas ...` run."""

    status: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.out.splitlines() if line.strip()]

    def lines_for(self, relpath: str) -> list[str]:
        """The output lines about one file (text format)."""
        return [line for line in self.lines if line.startswith(relpath + ":")]

    def json(self) -> Any:
        return json.loads(self.out)


class ContentProject:
    """A minimal valid Atlas project in a temporary folder, with writers for entries."""

    def __init__(self, root: Path, monkeypatch: Any) -> None:
        self.root = root
        self._monkeypatch = monkeypatch
        self.today = PINNED_DAY

    # Writing ---------------------------------------------------------------------------

    def write(self, relpath: str, content: str | bytes) -> Path:
        """Write a file as given (text as UTF-8 with the line endings given)."""
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8") if isinstance(content, str) else content
        path.write_bytes(data)
        return path

    def write_practice(
        self, slug: str = "sample", body: str = DEFAULT_BODY, **overrides: Any
    ) -> Path:
        return self.write(f"content/practices/{slug}.md", practice_text(body, **overrides))

    def write_actor(
        self, slug: str = "sample-actor", body: str = ACTOR_BODY, **overrides: Any
    ) -> Path:
        return self.write(f"content/actors/{slug}.md", actor_text(body, **overrides))

    def write_taxonomy(self, text: str) -> Path:
        return self.write("content/taxonomy.yml", text)

    @property
    def taxonomy_text(self) -> str:
        return (self.root / "content/taxonomy.yml").read_text(encoding="utf-8")

    # Running ---------------------------------------------------------------------------

    def run(self, *argv: str, cwd: Path | None = None) -> CheckRun:
        """`atlas ARGV...` in-process, from `cwd` (the project root by default)."""
        from atlas.cli import main

        if self._monkeypatch is None:
            raise RuntimeError("this project was made without monkeypatch; use load()")
        self._monkeypatch.chdir(cwd or self.root)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(list(argv))
            except SystemExit as exc:  # argparse: --help, usage errors
                status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        return CheckRun(status, out.getvalue(), err.getvalue())

    def check(self, *args: str, cwd: Path | None = None) -> CheckRun:
        return self.run("check", *args, cwd=cwd)

    def load(self):  # -> atlas.catalogue.LoadResult
        from atlas import catalogue

        return catalogue.load(self.root)

    def digest(self) -> dict[str, str]:
        """sha256 of every file under the root, by relative path."""
        return {
            path.relative_to(self.root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(self.root.rglob("*"))
            if path.is_file()
        }

    def files(self) -> Iterator[Path]:
        return (p for p in sorted(self.root.rglob("*")) if p.is_file())


def make_content_project(root: Path, monkeypatch: Any = None) -> ContentProject:
    """Create the minimal valid project under `root`; with `monkeypatch`, pin the build day.

    Without `monkeypatch` (module-scoped uses such as the fuzz tests) only `load()` is usable.
    """
    if monkeypatch is not None:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO_ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content/practices").mkdir(parents=True, exist_ok=True)
    (root / "content/actors").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REPO_ROOT / "content/taxonomy.yml", root / "content/taxonomy.yml")
    project = ContentProject(root, monkeypatch)
    for slug, fields in BASE_ACTORS.items():
        project.write_actor(slug, **fields)
    for slug, fields in BASE_PRACTICES.items():
        project.write_practice(slug, **fields)
    return project
