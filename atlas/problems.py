"""Problems found in content, and the three ways `atlas check` prints them.

Every rule appends `Problem`s to a list instead of raising, so a contributor sees every
mistake in one run; the exit status is decided once, from the collected list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, located at a file, line and column (both 1-based)."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    hint: str = ""
    field: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def text(self) -> str:
        """One line per problem, even when a quoted value holds a line break."""
        hint = f" ({self.hint})" if self.hint else ""
        line = f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}{hint}"
        return line.replace("\r", "\\r").replace("\n", "\\n")

    def github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the pull request's diff."""
        level = "error" if self.is_error else "warning"
        body = self.message + (f" ({self.hint})" if self.hint else "")
        title = f"atlas check: {self.field}" if self.field else "atlas check"
        return (
            f"::{level} file={_escape_property(self.path)},line={self.line},col={self.column},"
            f"title={_escape_property(title)}::{_escape_data(body)}"
        )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Sorted by path, then line and column, so output is stable and reads top to bottom."""
    return sorted(set(problems))


def format_problems(problems: list[Problem], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(p.github() for p in problems)
    return "\n".join(p.text() for p in problems)


def summary_line(problems: list[Problem], files: int) -> str:
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return (
        f"{files} file{'s' if files != 1 else ''} checked: "
        f"{errors} error{'s' if errors != 1 else ''}, "
        f"{warnings} warning{'s' if warnings != 1 else ''}"
    )
