"""Helpers for the browser tests (the fixtures are in conftest.py): serving a folder, watching a
browser context, the pages to visit, the tools from node_modules."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from atlas.mkdocs_plugin import commands
from tests.sitetools import REPO

CHROMIUM = Path("/usr/bin/chromium")
NODE_MODULES = REPO / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
PUBLISHED = "https://skills-partnerships-atlas.github.io/atlas/"

# One page of each kind, as paths under the site root (slugs of the real content).
# tests/test_site.py checks that every entry and term in use has its page; these are the
# representatives the browser visits.
PAGES = {
    "home": "",
    "practice": "practices/palim-belgium-morocco-ict/",
    "actor": "actors/enabel/",
    "practices index": "practices/",
    "actors index": "actors/",
    "typology": "typologies/state-to-state/",
    "theme": "themes/tvet/",
    "country": "countries/ma/",
    "region": "regions/western-africa/",
    "sector": "sectors/ict/",
    "target group": "target-groups/youth/",
    "gcm objective": "gcm-objectives/18/",
    "actor type": "actor-types/international-organisation/",
    "status": "status/ongoing/",
    "evidence": "evidence/documented/",
    "dimension": "dimensions/skills/",
    "mobility": "mobility/circular/",
    "skill level": "skill-levels/high/",
    "vocabulary overview": "themes/",
    "explorer": "explore/?q=youth",
    "glossary": "taxonomy/",
    "about": "about/",
    "open data": "api/",
    "contributing": "contributing/",
}


def need(tool: Path, what: str) -> None:
    """Skip, with the reason, when a tool from node_modules is missing."""
    if not tool.is_file():
        pytest.skip(f"{what} is missing ({tool.relative_to(REPO)}): run `npm ci` at the repo root")


def build_site(root: Path, out: Path) -> Path:
    """Build the project at `root` into `out` (the way `atlas build` does); fail if it fails."""
    assert commands.build(root, out) == 0, f"the site at {root} did not build"
    return out


# Serving ----------------------------------------------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder silently, and answers a missing file with the site's 404 page."""

    def log_message(self, *args) -> None:
        """Silent: keep the test output clean."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` at http://127.0.0.1:<free port>/ for the duration of the block."""
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Watching ---------------------------------------------------------------------------------------


@dataclass
class Watch:
    """Console errors, uncaught exceptions, dialogs and requests to other hosts in a context."""

    errors: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", lambda m: self._console(page, m))
        page.on("pageerror", lambda exc: self.exceptions.append(f"{page.url}: {exc}"))
        page.on("dialog", self._dialog)

    def _console(self, page, message) -> None:
        if message.type == "error":
            self.errors.append(f"{page.url}: {message.text}")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == "127.0.0.1" or url.startswith(("data:", "blob:")):
            route.fallback()
        else:
            self.outside.append(url)
            route.abort()

    def reset(self) -> None:
        """Forget what was seen so far (a context reused by several tests)."""
        for seen in (self.errors, self.exceptions, self.dialogs, self.outside):
            seen.clear()

    def assert_clean(self) -> None:
        assert self.exceptions == [], "uncaught exceptions"
        assert self.errors == [], "console errors"
        assert self.dialogs == [], "a dialog opened"
        assert self.outside == [], "requests to another host"


def watch_context(context, pages=()) -> Watch:
    """Confine `context` to 127.0.0.1 (other hosts are aborted and recorded) and watch its pages:
    those given and every page it opens from now on."""
    watch = Watch()
    context.route("**/*", watch._route)
    for page in pages:
        watch.attach(page)
    context.on("page", watch.attach)
    return watch


def route_published_origin(context, site_url: str) -> str:
    """Answer the published address (https://skills-partnerships-atlas.github.io/atlas/...)
    from the local server inside `context`; other requests go on to the earlier routes."""

    def handler(route) -> None:
        url = route.request.url
        if url.startswith(PUBLISHED):
            route.fulfill(response=route.fetch(url=site_url + url[len(PUBLISHED) :]))
        else:
            route.fallback()

    context.route("**/*", handler)
    return PUBLISHED


# The explorer -----------------------------------------------------------------------------------


def wait_for_explorer(page) -> None:
    page.wait_for_selector("#explore-results[data-state=ready]", state="attached")


def shown(page) -> list[str]:
    """The practices the explorer shows, in order."""
    return page.eval_on_selector_all(
        "#explore-results [data-practice]", "els => els.map(e => e.dataset.practice)"
    )
