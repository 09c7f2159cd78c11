"""The Content-Security-Policy (atlas/theme/main.html): what it says, and that nothing breaks it.

The policy allows only the site's own origin, and no inline script at all: Material's inline
bootstrap scripts are files (atlas/theme/partials/javascripts/ include assets/boot/*.js), so the
policy needs neither 'unsafe-inline' nor hashes, whatever the page's depth (Material's base
script embeds the relative base URL, which would have needed one hash per folder depth). The
price is keeping those files equal to Material's scripts: `test_boot_files_are_materials_scripts`
fails when an upgrade of Material changes them. Styles: Material sets them through the CSSOM
(`el.style...`), which style-src does not govern, and no page has a style attribute or element,
so style-src is 'self' too. A <meta> policy cannot carry frame-ancestors (Chromium ignores it and
logs an error), so there is none. The live preview (`atlas serve`) goes without the policy: MkDocs
injects its live-reload script inline.

The browser tests record every `securitypolicyviolation` (from an init script, on every
document the context opens, page swaps included) while a reader's paths run: every kind of page,
the header search, the explorer, the palette toggle, the drawer, instant navigation and the 404
page at the published address.
"""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import material
import pytest

from tests.sitetools import REPO

from .browsertools import PAGES, Watch, wait_for_explorer

THEME = REPO / "atlas" / "theme"
MATERIAL = Path(material.__file__).resolve().parent / "templates"
POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
DATA_BLOCKS = {"application/json", "application/ld+json"}  # never executed: CSP does not apply
RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__atlasCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}` +
    ` in ${e.sourceFile || document.location.href}:${e.lineNumber} (${e.sample || ""})`);
});
"""


def parse_policy(text: str) -> dict[str, list[str]]:
    directives = [d.split() for d in text.split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.policies: list[tuple[int, str]] = []
        self.first_resource: int | None = None
        self.problems: list[str] = []
        self._script: dict[str, str | None] | None = None
        self._position = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._position += 1
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == (
            "content-security-policy"
        ):
            self.policies.append((self._position, values.get("content") or ""))
        is_resource = tag == "script" or (tag == "link" and values.get("rel") == "stylesheet")
        if is_resource and self.first_resource is None:
            self.first_resource = self._position
        if tag == "script":
            self._script = values
        if tag == "style":
            self.problems.append("a <style> element")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"a style attribute on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"an event handler {name} on <{tag}>")
            if name in ("href", "src", "action") and re.match(r"\s*javascript:", value or "", re.I):
                self.problems.append(f"a javascript: URL on <{tag}>")

    def handle_data(self, data: str) -> None:
        script = self._script
        if script is None or "src" in script or not data.strip():
            return
        if (script.get("type") or "").lower() not in DATA_BLOCKS:
            self.problems.append(f"an inline script: {data.strip()[:60]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def theme_pages(site: Path) -> list[Path]:
    """Every page the theme renders (redirect stubs for renamed entries are plain HTML)."""
    return [p for p in sorted(site.rglob("*.html")) if 'http-equiv="refresh"' not in p.read_text()]


# The built pages -------------------------------------------------------------------------------


def test_every_page_carries_the_policy_before_any_resource(site: Path) -> None:
    pages = theme_pages(site)
    assert len(pages) > 100
    for path in pages:
        found = _Page()
        found.feed(path.read_text(encoding="utf-8"))
        assert len(found.policies) == 1, path
        position, text = found.policies[0]
        assert parse_policy(text) == POLICY, path
        assert found.first_resource is not None and position < found.first_resource, path


def test_no_page_needs_inline_script_or_style(site: Path) -> None:
    """What the policy forbids is absent from the markup: it would break, not just be unsafe."""
    for path in theme_pages(site):
        found = _Page()
        found.feed(path.read_text(encoding="utf-8"))
        assert found.problems == [], path.relative_to(site)


def test_boot_files_are_materials_scripts() -> None:
    """Our copies of Material's inline scripts equal the installed Material's, line for line.

    When this fails after upgrading Material, copy the new scripts into atlas/theme/assets/boot/
    (keeping the data-md-scope change in md-base.js) and check the partials still match.
    """
    scope = '"{{ config.extra.scope | d(base_url) }}"'
    ours_scope = 'document.currentScript.getAttribute("data-md-scope")'
    copies = {
        "partials/javascripts/base.html": ["md-base.js"],
        "partials/javascripts/palette.html": ["md-palette.js"],
        "partials/javascripts/content.html": ["md-tabs-link.js", "md-content.js"],
    }
    for template, files in copies.items():
        scripts = re.findall(r"<script>(.*?)</script>", (MATERIAL / template).read_text(), re.S)
        assert len(scripts) == len(files), f"Material's {template} changed its scripts"
        for script, name in zip(scripts, files, strict=True):
            expected = script.replace(scope, ours_scope).strip()
            lines = (THEME / "assets" / "boot" / name).read_text(encoding="utf-8").splitlines()
            assert expected in lines, f"assets/boot/{name} differs from Material's {template}"
        assert (THEME / template).is_file(), f"no override of Material's {template}"
    # Material still includes them by these names, from the places we expect.
    base = (MATERIAL / "base.html").read_text()
    assert '{% include "partials/javascripts/base.html" %}' in base
    assert '{% include "partials/javascripts/content.html" %}' in base
    header = (MATERIAL / "partials" / "header.html").read_text()
    assert '{% include "partials/javascripts/palette.html" %}' in header


def test_the_policy_in_main_html_is_the_tested_one() -> None:
    text = (THEME / "main.html").read_text(encoding="utf-8")
    metas = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
    assert [parse_policy(m) for m in metas] == [POLICY]
    assert "frame-ancestors" not in metas[0]  # ignored (and logged as an error) in <meta>


# In Chromium -----------------------------------------------------------------------------------


@pytest.fixture
def violations(context, page) -> list[str]:
    found: list[str] = []
    context.expose_function("__atlasCspViolation", lambda text: found.append(text))
    context.add_init_script(RECORD_VIOLATIONS)
    return found


def test_the_policy_is_enforced(page, watch: Watch, violations: list[str]) -> None:
    """An inline script added to a page does not run; a style attribute is refused; the CSSOM
    (how Material styles elements) still works."""
    page.goto(PAGES["practice"])
    ran = page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__inlineRan = true";
            document.body.appendChild(script);
            const p = document.querySelector("article p");
            p.setAttribute("style", "color: rgb(1, 2, 3)");
            const attribute = getComputedStyle(p).color;
            p.removeAttribute("style");
            p.style.color = "rgb(4, 5, 6)";
            return [window.__inlineRan === true, attribute, getComputedStyle(p).color];
        }"""
    )
    assert ran[0] is False
    assert ran[1] != "rgb(1, 2, 3)"
    assert ran[2] == "rgb(4, 5, 6)"
    page.wait_for_function("() => true")  # let the violation reports arrive
    assert any(v.startswith("script-src") for v in violations), violations
    assert any(v.startswith("style-src") for v in violations), violations
    watch.errors.clear()  # Chromium logs each refusal as a console error: expected here
    watch.assert_clean()


def test_no_violation_on_any_kind_of_page(page, watch: Watch, violations: list[str]) -> None:
    for kind, path in PAGES.items():
        page.goto(path)
        if kind == "explorer":
            wait_for_explorer(page)
        page.locator("article h1").first.wait_for()
        assert violations == [], kind
    watch.assert_clean()


def test_no_violation_while_reading(page, watch: Watch, violations: list[str]) -> None:
    """Search, explorer, palette, drawer: everything still works under the policy."""
    page.goto(PAGES["practice"])
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially("diaspora", delay=20)
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    page.click("form[data-md-component=palette] label:visible")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    page.goto("explore/")
    wait_for_explorer(page)
    page.locator("#explore-q").press_sequentially("youth", delay=20)
    page.wait_for_function("() => location.search.includes('q=youth')")
    page.check("#explore-typology-project-based")
    page.wait_for_function("() => location.search.includes('typology=')")
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("label.md-header__button[for=__drawer]")
    page.locator(".md-nav--primary .md-nav__link").first.wait_for()
    assert violations == []
    watch.assert_clean()


def test_no_violation_with_instant_navigation_and_the_404_page(
    page, watch: Watch, violations: list[str], production_origin: str
) -> None:
    response = page.goto(production_origin + "no-such-page/")
    assert response is not None and response.status == 404
    page.click(".md-tabs__link:text-is('Explore')")
    page.wait_for_url("**/atlas/explore/")
    wait_for_explorer(page)
    page.click(".md-tabs__link:text-is('Home')")
    page.locator("svg.atlas-map__svg").wait_for()
    page.click(".md-tabs__link:text-is('Practices')")
    page.wait_for_url("**/atlas/practices/")
    page.locator("article h1").filter(has_text="Practices").wait_for()
    assert violations == []
    watch.errors = [e for e in watch.errors if "status of 404" not in e]  # the missing page
    watch.assert_clean()


def test_the_live_preview_goes_without_the_policy(page, watch: Watch) -> None:
    """`atlas serve` injects MkDocs' live-reload script inline into every page: under the
    policy it could not run, and the preview would not reload when content changes."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    atlas = Path(sys.executable).with_name("atlas")
    server = subprocess.Popen(
        [str(atlas), "serve", "--dev-addr", address],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://{address}/about/", timeout=2):
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "no preview"
                time.sleep(0.3)
        page.goto(f"http://{address}/about/")
        assert page.locator("meta[http-equiv='Content-Security-Policy']").count() == 0
        assert page.evaluate("typeof livereload") == "function"
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl-C: MkDocs removes its temporary site
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    watch.assert_clean()
