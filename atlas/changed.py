"""Which content changed on this branch: the files `atlas check --changed [BASE]` reports on.

In a large catalogue a contributor wants to see the problems of the entries they touched, not
every warning of ten thousand others. The whole catalogue is still loaded and checked (an entry
can break because of another one: an actor it names, a related practice); only the report is
narrowed to the changed files.

Changed means: committed on this branch since it left BASE (`git diff BASE...HEAD`), plus what is
modified, staged or untracked in the working tree. Some changes can break entries that were not
touched, so they widen the report to all of `content/`:

- a change to `content/taxonomy.yml` (a renamed or removed term breaks the entries using it);
- a deleted or renamed entry (entries that refer to the old slug break).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

CONTENT = "content"
TAXONOMY = "content/taxonomy.yml"
ENTRY_FOLDERS = ("content/practices/", "content/actors/")
# Tried in this order when no BASE is given: the remote's main, the local main, the last commit.
DEFAULT_BASES = ("origin/main", "main", "HEAD")


class ChangedError(Exception):
    """Git is missing, the project is not in a repository, or BASE names no commit."""


def _git(top: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    git = shutil.which("git")
    if git is None:
        raise ChangedError("git is not installed or not on PATH; --changed needs it")
    return subprocess.run(
        [git, "-C", str(top), *args], capture_output=True, check=False, stdin=subprocess.DEVNULL
    )


def _toplevel(root: Path) -> Path:
    result = _git(root, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise ChangedError(
            f"{root} is not inside a git repository, so there is nothing to compare with; "
            "run `atlas check` without --changed"
        )
    return Path(result.stdout.decode("utf-8", "replace").strip()).resolve()


def _is_commit(top: Path, ref: str) -> bool:
    if not ref or ref.startswith("-"):  # never let a ref be read as an option
        return False
    return _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode == 0


def resolve_base(root: Path, base: str | None) -> str | None:
    """The base to compare with: BASE itself, or the first of origin/main, main, HEAD that exists.

    Returns None in a repository without any commit (then only the working tree counts).
    """
    return _resolve(_toplevel(root), base)


def _resolve(top: Path, base: str | None) -> str | None:
    if base is not None:
        if not _is_commit(top, base):
            raise ChangedError(
                f"unknown base '{base}': no branch, tag or commit of that name "
                "(try `git fetch origin main`, then --changed origin/main)"
            )
        return base
    for candidate in DEFAULT_BASES:
        if _is_commit(top, candidate):
            return candidate
    return None


def _split_z(data: bytes) -> list[str]:
    return [part for part in data.decode("utf-8", "surrogateescape").split("\0") if part]


def _name_status(top: Path, *args: str) -> list[tuple[str, str]]:
    """(status letter, path) pairs from `git diff --name-status -z`, renames as delete + add."""
    result = _git(top, "diff", "--name-status", "--no-renames", "-z", *args)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise ChangedError(f"git diff {' '.join(args)} failed: {message}")
    parts = _split_z(result.stdout)
    return [(parts[i][:1], parts[i + 1]) for i in range(0, len(parts) - 1, 2)]


def _changes(root: Path, base: str | None) -> tuple[Path, list[tuple[str, str]]]:
    top = _toplevel(root)
    resolved = _resolve(top, base)
    pairs: list[tuple[str, str]] = []
    if resolved is not None:
        pairs += _name_status(top, f"{resolved}...HEAD")  # committed on this branch
        pairs += _name_status(top, "HEAD")  # staged and unstaged, against the last commit
    else:  # no commit yet: everything staged is new
        staged = _git(top, "ls-files", "-z")
        pairs += [("A", p) for p in _split_z(staged.stdout)]
    untracked = _git(top, "ls-files", "--others", "--exclude-standard", "-z")
    pairs += [("A", p) for p in _split_z(untracked.stdout)]
    return top, pairs


def _project_relative(top: Path, root: Path, path: str) -> str | None:
    """A git path (relative to the repository) made relative to the project root, or None."""
    try:
        return (top / path).relative_to(root).as_posix()
    except ValueError:  # outside the project (the project is a sub-folder of the repository)
        return None


def changed_paths(root: Path, base: str | None) -> list[str]:
    """The files whose problems `atlas check --changed [BASE]` reports, relative to the project.

    These are the changed files under `content/` (POSIX paths, sorted, each once; in the usual
    layout the project is the repository, so they are also repository paths). When the change
    can break entries nobody touched (taxonomy.yml changed, an entry deleted or renamed) the
    result is `["content"]`: the whole folder. An empty list means nothing under content/
    changed; note that `atlas.cli._selected(root, [])` keeps *everything*, so callers must treat
    an empty list as "report nothing" (`report_filter` does).

    Raises ChangedError with a message for people when git is missing, the project is not in a
    repository, or BASE names no commit.
    """
    root = root.resolve()
    top, pairs = _changes(root, base)
    changed: set[str] = set()
    widen = False
    for status, git_path in pairs:
        rel = _project_relative(top, root, git_path)
        if rel is None or not (rel == CONTENT or rel.startswith(CONTENT + "/")):
            continue
        if rel == TAXONOMY:
            widen = True
        if status == "D" and rel.startswith(ENTRY_FOLDERS):
            widen = True
        changed.add(rel)
    if widen:
        return [CONTENT]
    return sorted(changed)


def report_filter(root: Path, base: str | None) -> Callable[[str], bool]:
    """A predicate on a problem's path: True when `atlas check --changed` should report it."""
    chosen = changed_paths(root, base)
    if not chosen:
        return lambda _rel: False
    return lambda rel: any(rel == c or rel.startswith(c.rstrip("/") + "/") for c in chosen)


def describe(paths: Sequence[str]) -> str:
    """One line for people saying what `--changed` narrowed the report to."""
    if not paths:
        return "no content changed: nothing to report"
    if list(paths) == [CONTENT]:
        return "the taxonomy or an entry's slug changed: reporting on all content"
    return f"reporting on {len(paths)} changed file{'s' if len(paths) != 1 else ''}"
