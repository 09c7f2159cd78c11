"""Relative paths between the site's own docs paths, without touching the file system.

`posixpath.relpath` makes both paths absolute first, which asks the operating system for the
working folder on every call: a build makes a hundred thousand relative links, and those calls
were a sixth of making the pages' Markdown. The site's paths are already clean (relative,
`/`-separated, no `.` or `..` parts, no doubled or trailing slashes), so comparing their parts is
enough; a test checks the result against `posixpath.relpath` on random paths.
"""

from __future__ import annotations


def relpath(target: str, start: str = "") -> str:
    """`posixpath.relpath(target, start)` for two clean relative paths ("" or "." for the root)."""
    to = [part for part in target.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, here, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."
