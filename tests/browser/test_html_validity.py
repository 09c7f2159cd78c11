"""The built HTML is valid: the Nu HTML Checker (vnu.jar) finds no error beyond those listed.

One page of each kind, the explorer, the 404 page and a redirect stub for a renamed entry go
through `java -jar vnu.jar --errors-only --format json` in one run. Every error must match an
entry of EXCEPTIONS, each with its reason; an exception nothing matches any more is reported as a
warning, so the list can shrink. Skipped, with the reason, when java or vnu.jar (npm `vnu-jar`,
installed by `npm ci`) is missing. Internal links and anchors are tests/test_site.py's.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from atlas.site.outputs import redirect_html

from .browsertools import PAGES, VNU, need


@dataclass(frozen=True)
class Allowed:
    message: str  # a regular expression the checker's message matches
    extract: str  # a regular expression the quoted markup matches
    reason: str


EXCEPTIONS = [
    Allowed(
        r"^Attribute “autocomplete” is only allowed when the input type is",
        r'<input class="md-(nav__)?toggle md-toggle"|<input class="md-toggle"',
        "Material's hidden checkbox toggles (drawer, search, navigation sections) carry "
        'autocomplete="off" so Firefox does not restore their state on reload; written in '
        "Material's base.html and nav-item.html, which we do not copy for this.",
    ),
    Allowed(
        r"^The value of the “for” attribute of the “label” element must be the ID of a "
        r"non-hidden form control\.",
        r'<label class="md-nav__title" for="__toc">',
        "Material's table of contents (toc.html) labels the `__toc` toggle that its navigation "
        "(nav-item.html) renders only for pages in the nav; entry and term pages are left out "
        "of the nav on purpose (with every page in it, build time and size grow with the square "
        "of the number of entries).",
    ),
    Allowed(
        r"^Bad value “” for attribute “tabindex” on element “label”",
        r'<label class="md-nav__link[^"]*" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" '
        r'tabindex="">',
        "Material's nav-item.html prints an empty tabindex on a section's label when the "
        "section has an index page (navigation.indexes); browsers ignore it.",
    ),
    Allowed(
        r"^The “aria-labelledby” attribute must not be specified on any “div” element unless "
        r"the element has a “role”",
        r'<div id="explore-results" class="explore-results"[^>]*aria-labelledby=',
        "Ours, in atlas/search/explorer.py (the explorer's owner fixes it: a role such as "
        '"region" on #explore-results, or aria-labelledby on the list). Listed so this test '
        "can guard everything else meanwhile.",
    ),
]


def representative_files(site: Path, tmp: Path) -> list[Path]:
    files = {(site / path.split("?")[0] / "index.html") for path in PAGES.values()}
    files.add(site / "404.html")
    redirect = tmp / "redirect.html"  # what a renamed entry's old URL serves
    redirect.write_text(redirect_html("../new-slug/", "A renamed <practice> & co"), "utf-8")
    files.add(redirect)
    return sorted(files)


def run_vnu(files: list[Path]) -> list[dict]:
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed (the Nu HTML Checker needs Java 11+)")
    need(VNU, "the Nu HTML Checker (npm vnu-jar)")
    done = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr  # 1: errors found, reported as JSON
    return json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]


def excused(message: dict) -> Allowed | None:
    for exception in EXCEPTIONS:
        if re.search(exception.message, message.get("message", "")) and re.search(
            exception.extract, message.get("extract", "")
        ):
            return exception
    return None


def test_pages_are_valid_html(site: Path, tmp_path: Path) -> None:
    files = representative_files(site, tmp_path)
    assert all(f.is_file() for f in files), [f for f in files if not f.is_file()]
    messages = run_vnu(files)
    used = set()
    problems = []
    for message in messages:
        exception = excused(message)
        if exception is None:
            where = message.get("url", "").removeprefix(f"file:{site}/")
            problems.append(
                f"{where}:{message.get('lastLine')}: {message.get('message')}\n"
                f"    {message.get('extract', '').strip()[:160]}"
            )
        else:
            used.add(exception)
    assert problems == [], "\n".join(problems)
    for exception in EXCEPTIONS:
        if exception not in used:
            warnings.warn(f"HTML exception no longer needed: {exception.message}", stacklevel=1)


def test_every_exception_has_a_reason() -> None:
    for exception in EXCEPTIONS:
        assert len(exception.reason) > 40 and re.compile(exception.message)
