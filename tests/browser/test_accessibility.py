"""Accessibility: axe-core finds no WCAG 2.1 A/AA violation on any kind of page, light or dark.

axe-core comes from node_modules (`npm ci` at the repo root); without it these tests are
skipped with the reason. It is added to every document as an init script (which the page's
Content-Security-Policy does not govern), so pages are checked exactly as published. One
browser context per palette (and per phone palette) serves the whole module.

Material's own violations are fixed in our overrides, never by disabling a rule:
- aria-dialog-name: the search dialog gets a name (atlas/theme/partials/search.html);
- link-in-text-block: links in running text are underlined (atlas.css);
- color-contrast (atlas.css): the footer's copyright line (4.47:1), the dimmed navigation tabs
  (4.28:1), links inside <small> (3.84:1), and in the search dialog the result count and tags
  (4.41:1) and the highlighted words (4.25:1; 3.37:1 on a dark tag).
`test_search_dialog_with_results` opens the search dialog, where the first and last live.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .browsertools import AXE, PAGES, need, wait_for_explorer, watch_context

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = {"light": "default", "dark": "slate"}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SETTLE = """() => Promise.race([
  Promise.all(document.getAnimations().map((a) => a.finished)),
  new Promise((resolve) => setTimeout(resolve, 2000)),
])"""
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + n.failureSummary),
  }));
}"""


def _contexts(browser, base_url: str, **options) -> Iterator[dict[str, tuple]]:
    need(AXE, "axe-core")
    opened = {}
    for scheme in SCHEMES:
        context = browser.new_context(base_url=base_url, color_scheme=scheme, **options)
        context.add_init_script(path=str(AXE))
        watch = watch_context(context)
        opened[scheme] = (context.new_page(), watch)
    yield opened
    for page, _ in opened.values():
        page.context.close()


@pytest.fixture(scope="module")
def desktop(browser, base_url: str) -> Iterator[dict[str, tuple]]:
    """A page per palette, 1280×720."""
    yield from _contexts(browser, base_url)


@pytest.fixture(scope="module")
def phone(browser, base_url: str) -> Iterator[dict[str, tuple]]:
    """A page per palette, 390×844."""
    yield from _contexts(browser, base_url, **PHONE)


def check(pages: dict[str, tuple], path: str, before=None) -> str:
    """Open `path` in each palette and run axe; '' when clean, else a readable report."""
    lines = []
    for scheme, (page, watch) in pages.items():
        watch.reset()  # what this page does, not what earlier tests' pages did
        page.goto(path)
        if "explore/" in path:
            wait_for_explorer(page)
        assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme]
        if before:
            before(page)
        # Colours mid-transition (Material fades search results in) are not the final ones.
        page.evaluate(SETTLE)
        for v in page.evaluate(RUN_AXE, TAGS):
            lines.append(f"[{scheme}] {v['id']} ({v['impact']}): {v['help']}")
            lines.extend(f"    {node}" for node in v["nodes"])
        watch.assert_clean()
    return "\n".join(lines)


@pytest.mark.parametrize("kind", list(PAGES))
def test_no_violation(desktop, kind: str) -> None:
    assert check(desktop, PAGES[kind]) == ""


@pytest.mark.parametrize("kind", ["home", "practice", "explorer", "open data"])
def test_no_violation_on_a_phone(phone, kind: str) -> None:
    assert check(phone, PAGES[kind]) == ""


def test_search_dialog_with_results(desktop) -> None:
    def search(page) -> None:
        box = page.locator(".md-search__input")
        box.click()
        box.press_sequentially("skills", delay=20)
        page.locator(".md-search-result__item").first.wait_for()

    assert check(desktop, PAGES["practice"], before=search) == ""
