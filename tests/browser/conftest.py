"""Fixtures for the browser tests: one build of the real content, one local server, one Chromium.

The site is built once per session into a temporary folder (`atlas.mkdocs_plugin.commands.build`)
and served by a `ThreadingHTTPServer` on 127.0.0.1 (port 0: any free port) at `/`. The published
site lives under `/atlas/` (its site_url), but every page links relatively, so the folder served
at `/` behaves the same; only 404.html uses absolute `/atlas/` links, as on GitHub Pages.

One difference matters: Material's instant navigation only intercepts links listed in
sitemap.xml, whose addresses it rebases to the current scheme and host name but not the port. On
127.0.0.1:<port> every link is therefore an ordinary page load. The `production_origin` fixture
answers the published origin (https://skills-partnerships-atlas.github.io/atlas/) from the local
server inside one browser context, so a test can walk the site as readers do, page swaps and all.

pytest-playwright supplies `context` and `page` per test; this file points it at Debian's
/usr/bin/chromium (never a downloaded browser) and at the local server (`base_url`), and scopes
its Playwright and browser to this package (one Chromium for all these tests, stopped after the
last one: a second sync Playwright cannot start while one runs, and test_search_explorer.py
starts its own). Every test in this folder is skipped, with the reason, when /usr/bin/chromium
is absent. Helpers live in browsertools.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.sitetools import REPO

from .browsertools import (
    CHROMIUM,
    Watch,
    build_site,
    route_published_origin,
    serve,
    watch_context,
)

LAUNCH_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"Chromium is not installed ({CHROMIUM}); .ci/run installs it")
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content, built once for the whole session."""
    return build_site(REPO, tmp_path_factory.mktemp("browser-site") / "site")


@pytest.fixture(scope="session")
def site_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(site_url: str) -> str:
    """pytest-playwright's base_url: `page.goto("explore/")` opens the local site."""
    return site_url


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict:
    """Debian's Chromium, never a browser Playwright would download."""
    return {"executable_path": str(CHROMIUM), "args": LAUNCH_ARGS}


# pytest-playwright's session-scoped chain, scoped to this package instead (same behaviour).


@pytest.fixture(scope="package")
def playwright(_pw_api_request_contexts) -> Iterator:
    pw = sync_playwright().start()
    if _pw_api_request_contexts:
        _pw_api_request_contexts.instrument(pw)
    yield pw
    pw.stop()


@pytest.fixture(scope="package")
def browser_type(playwright, browser_name: str):
    return getattr(playwright, browser_name)


@pytest.fixture(scope="package")
def launch_browser(browser_type_launch_args: dict, browser_type):
    def launch(**kwargs):
        return browser_type.launch(**{**browser_type_launch_args, **kwargs})

    return launch


@pytest.fixture(scope="package")
def browser(launch_browser) -> Iterator:
    browser = launch_browser()
    yield browser
    browser.close()


@pytest.fixture(scope="package")
def browser_context_args(base_url: str) -> dict:
    return {"base_url": base_url}


@pytest.fixture
def watch(context, page) -> Watch:
    """The test's `page`, confined to 127.0.0.1 and watched (see browsertools.Watch).

    Tests call `watch.assert_clean()` at the end, so a failure shows what was seen.
    """
    return watch_context(context, [page])


@pytest.fixture
def production_origin(context, watch: Watch, site_url: str) -> str:
    """The published address, answered by the local server in this test's context."""
    return route_published_origin(context, site_url)
