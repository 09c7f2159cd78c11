"""What a reader does on the built site, in Chromium: search, explore, browse, switch palettes.

Every test runs in a context confined to the local server (`watch`): it fails on any console
error, uncaught exception, dialog or request to another host. The explorer's results are
compared with `atlas search --json` (the content model's contract: the same ranking).
Most tests load each page in full (on 127.0.0.1:<port> Material's instant navigation is off, see
conftest.py); `test_instant_navigation_as_published` walks the site as readers of the published
address do, page swaps and all.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.sitetools import REPO

from .browsertools import PAGES, Watch, shown, wait_for_explorer, watch_context

PRACTICE = "palim-belgium-morocco-ict"
MOBILE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def atlas_search(*args: str) -> list[str]:
    """Slugs in rank order from `atlas search --json`, run on the repository's content."""
    beside = Path(sys.executable).with_name("atlas")
    command = str(beside) if beside.exists() else shutil.which("atlas")
    assert command, "the atlas command is not installed"
    done = subprocess.run(
        [command, "search", *args, "--json"], cwd=REPO, check=True, capture_output=True, text=True
    )
    return [item["slug"] for item in json.loads(done.stdout)]


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def wait_for_results(page, expected: list[str]) -> None:
    page.wait_for_function(
        """expected => {
            const got = [...document.querySelectorAll('#explore-results [data-practice]')]
                .map(e => e.dataset.practice);
            return JSON.stringify(got) === JSON.stringify(expected);
        }""",
        arg=expected,
    )


def test_home_header_search_finds_a_practice(page, watch: Watch) -> None:
    page.goto("")
    assert page.title() == "Skills Partnerships Atlas"
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially("PALIM Morocco", delay=30)  # Material listens to keyup
    hit = page.locator(f".md-search-result__item a[href*='practices/{PRACTICE}/']").first
    hit.wait_for()
    hit.click()
    page.wait_for_url(f"**/practices/{PRACTICE}/**")
    assert page.locator("article h1").inner_text().startswith("PALIM")
    watch.assert_clean()


def test_header_search_finds_a_word_in_parentheses_of_a_title(page, watch: Watch) -> None:
    """ "Germany" is only in the title, as "(Germany)": words must end at punctuation too."""
    page.goto("")
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially("Germany", delay=30)
    page.locator(
        ".md-search-result__item a[href*='practices/hand-in-hand-international-talents/']"
    ).first.wait_for()
    watch.assert_clean()


def test_explorer_query_facets_sort_reload_and_back(page, watch: Watch) -> None:
    page.goto("explore/")
    wait_for_explorer(page)
    assert shown(page) == atlas_search()  # no query: most recently reviewed first

    page.locator("#explore-q").press_sequentially("skills", delay=30)
    page.wait_for_function("() => location.search.includes('q=skills')")
    wait_for_results(page, atlas_search("skills"))

    page.check("#explore-typology-project-based")
    page.wait_for_function("() => location.search.includes('typology=project-based')")
    page.check("#explore-theme-tvet")
    page.wait_for_function("() => location.search.includes('theme=tvet')")
    filtered = atlas_search("skills", "--typology", "project-based", "--theme", "tvet")
    assert filtered, "the content no longer has practices for this test's query"
    wait_for_results(page, filtered)

    page.select_option("#explore-sort", "title")
    page.wait_for_function("() => location.search.includes('sort=title')")
    by_title = atlas_search(
        "skills", "--typology", "project-based", "--theme", "tvet", "--sort", "title"
    )
    wait_for_results(page, by_title)
    assert query_of(page) == {
        "q": ["skills"],
        "typology": ["project-based"],
        "theme": ["tvet"],
        "sort": ["title"],
    }

    # The address is the state: opening it elsewhere shows the same thing.
    copied = page.url
    other = page.context.new_page()
    other.goto(copied)
    wait_for_explorer(other)
    assert shown(other) == by_title
    assert other.input_value("#explore-q") == "skills"
    assert other.input_value("#explore-sort") == "title"
    assert other.is_checked("#explore-typology-project-based")
    assert other.is_checked("#explore-theme-tvet")
    other.reload()
    wait_for_explorer(other)
    assert shown(other) == by_title
    other.close()

    # Back undoes one step at a time: the sort, then the theme.
    # (expect() waits: Chromium settles a checkbox a moment after popstate.)
    page.go_back()
    page.wait_for_function("() => !location.search.includes('sort=')")
    wait_for_results(page, filtered)
    expect(page.locator("#explore-sort")).to_have_value("relevance")
    page.go_back()
    page.wait_for_function("() => !location.search.includes('theme=')")
    wait_for_results(page, atlas_search("skills", "--typology", "project-based"))
    expect(page.locator("#explore-theme-tvet")).not_to_be_checked()
    expect(page.locator("#explore-typology-project-based")).to_be_checked()

    # A result leads to its practice.
    page.click(f"#explore-results [data-practice='{PRACTICE}'] a")
    page.wait_for_url(f"**/practices/{PRACTICE}/**")
    watch.assert_clean()


def test_actor_page_leads_to_its_practices(page, watch: Watch) -> None:
    page.goto(PAGES["actor"])
    assert page.locator("article h1").inner_text().startswith("Enabel")
    page.click(f"article a[href$='practices/{PRACTICE}/']")
    page.wait_for_url(f"**/practices/{PRACTICE}/**")
    assert page.locator("article a[href$='actors/enabel/']").count() >= 1
    watch.assert_clean()


def test_palette_toggle_switches_and_is_remembered(page, watch: Watch) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(PAGES["practice"])
    body = page.locator("body")
    assert body.get_attribute("data-md-color-scheme") == "default"
    page.click("form[data-md-component=palette] label:visible")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    # Remembered (Material's bootstrap, now in assets/boot/, reads localStorage), also elsewhere.
    page.goto(PAGES["explorer"])
    assert body.get_attribute("data-md-color-scheme") == "slate"
    page.reload()
    assert body.get_attribute("data-md-color-scheme") == "slate"
    page.click("form[data-md-component=palette] label:visible")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")
    watch.assert_clean()


def _overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_mobile_pages_fit_and_the_explorer_works(new_context, site_url: str) -> None:

    context = new_context(**MOBILE)
    watch = watch_context(context)
    page = context.new_page()
    for kind, path in PAGES.items():
        page.goto(path)
        assert page.locator("article h1").first.is_visible(), kind
        assert _overflow(page) <= 0, f"{kind} ({path}) scrolls sideways on a phone"
    page.goto("explore/")
    wait_for_explorer(page)
    page.locator("#explore-q").press_sequentially("youth", delay=30)
    page.wait_for_function("() => location.search.includes('q=youth')")
    wait_for_results(page, atlas_search("youth"))
    assert _overflow(page) <= 0
    # The drawer opens the navigation on a phone.
    page.click("label.md-header__button[for=__drawer]")
    page.locator(".md-nav--primary .md-nav__link").first.wait_for()
    watch.assert_clean()


def test_instant_navigation_as_published(page, watch: Watch, production_origin: str) -> None:
    """Readers of the published site move between pages without reloads (Material's instant
    navigation): the explorer must start after such a swap, Back must bring its state back, and
    the pictures' SVG links must not stop the navigation."""
    page.goto(production_origin)
    page.evaluate("window.__sameDocument = true")
    page.click(".md-tabs__link:text-is('Explore')")
    page.wait_for_url("**/atlas/explore/")
    wait_for_explorer(page)
    assert page.evaluate("window.__sameDocument === true"), "not an instant navigation"
    page.locator("#explore-q").press_sequentially("Belgium", delay=30)
    wait_for_results(page, atlas_search("Belgium"))
    page.check("#explore-theme-tvet")
    chosen = atlas_search("Belgium", "--theme", "tvet")
    assert chosen, "the content no longer has practices for this test's query"
    wait_for_results(page, chosen)

    page.click(f"#explore-results [data-practice='{chosen[0]}'] a")
    page.wait_for_url(f"**/practices/{chosen[0]}/")
    page.locator("article h1").first.wait_for()
    page.go_back()
    page.wait_for_url("**/explore/?q=Belgium&theme=tvet")
    wait_for_explorer(page)
    wait_for_results(page, chosen)
    expect(page.locator("#explore-q")).to_have_value("Belgium")
    expect(page.locator("#explore-theme-tvet")).to_be_checked()
    page.go_back()
    page.wait_for_url("**/explore/?q=Belgium")
    wait_for_results(page, atlas_search("Belgium"))
    expect(page.locator("#explore-theme-tvet")).not_to_be_checked()

    # Home: its map and timeline link through SVG <a>, whose read-only `href` once made
    # Material's link rewriting throw and stopped instant navigation (assets/boot/md-base.js).
    page.click(".md-tabs__link:text-is('Home')")
    page.wait_for_url(production_origin)
    page.locator("svg.atlas-map__svg").wait_for()
    page.click(".md-tabs__link:text-is('Actors')")
    page.wait_for_url("**/atlas/actors/")
    page.locator("article h1").filter(has_text="Actors").wait_for()
    assert page.evaluate("window.__sameDocument === true"), "a page was reloaded"
    # Material leaves SVG links to the browser (an ordinary page load), which works too.
    page.go_back()
    page.wait_for_url(production_origin)
    page.locator("svg.atlas-map__svg a[href$='countries/ma/']").first.click()
    page.wait_for_url("**/countries/ma/")
    page.locator("article h1").filter(has_text="Morocco").wait_for()
    watch.assert_clean()


def test_missing_page_shows_the_404_page(page, watch: Watch, production_origin: str) -> None:
    """404.html links absolutely (/atlas/...): checked at the published address."""
    response = page.goto(production_origin + "does-not-exist/")
    assert response is not None and response.status == 404
    assert "404" in page.locator("article h1").inner_text()
    page.click(".md-tabs__link:text-is('Explore')")
    wait_for_explorer(page)
    # A missing page answers 404, which Chromium reports as a console error; nothing else may.
    watch.errors = [e for e in watch.errors if "status of 404" not in e]
    watch.assert_clean()
