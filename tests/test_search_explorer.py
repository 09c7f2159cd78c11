"""The /explore/ page: its markup without JavaScript, and the explorer in a real browser.

The browser tests serve a page made of `explore_markdown` (through Python-Markdown, which with
the site's HTML sanitiser leaves it intact) and the explorer's assets in the order the site
includes them, under a Content-Security-Policy that forbids inline script and style. They check
what a reader sees: the results for a URL equal `atlas search`'s, typing and ticking update the
results and the URL, Back undoes a facet, and an empty result offers a way out. Skipped when
Chromium or Playwright is missing; the full-site browser test is the lead's.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import markdown
import pytest
from test_search_support import ASSETS, load_catalogue, write_catalogue

from atlas.search.explorer import card_html, explore_markdown
from atlas.search.index import build_payload, dumps
from atlas.search.query import search
from atlas.site.sanitize import sanitize

CHROMIUM = Path("/usr/bin/chromium")
# The assets, in the order the page must load them (the report to the lead names the same).
SCRIPTS = ("lunr-2.3.9.min.js", "atlas-search.js", "explore.js")
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
 content="default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'">
<title>Explore practices</title>
<link rel="stylesheet" href="../assets/explore/explore.css">
</head><body><main class="md-typeset"><h1>Explore practices</h1>
{body}
</main>
{scripts}
</body></html>
"""


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    return load_catalogue(write_catalogue(tmp_path_factory.mktemp("explore") / "project"))


@pytest.fixture(scope="module")
def payload(catalogue):
    return build_payload(catalogue)


class Elements(HTMLParser):
    """Start tags with their attributes, and text by enclosing element id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


# Without JavaScript ----------------------------------------------------------------------------


def test_page_lists_every_practice_with_working_links_in_no_query_order(catalogue, payload):
    html = explore_markdown(catalogue, payload)
    items = parse(html).find("li", **{"class": "explore-card"})
    assert [i["data-practice"] for i in items] == [r.slug for r in search(payload)]
    links = [a["href"] for a in parse(html).find("a") if a["href"].startswith("../practices/")]
    assert links == [f"../practices/{r.slug}/" for r in search(payload)]
    results = html.index('id="explore-results"')
    assert results < html.index('data-practice="')


def test_a_long_catalogue_lists_the_most_recent_and_links_to_all(catalogue, payload):
    html = explore_markdown(catalogue, payload, listed=3)
    items = parse(html).find("li", **{"class": "explore-card"})
    assert [i["data-practice"] for i in items] == [r.slug for r in search(payload)][:3]
    total = len(search(payload))
    assert f"The 3 most recently reviewed of {total} practices." in html
    assert parse(html).find("a", href="../practices/")
    # inside the results, which explore.js replaces
    assert html.index('id="explore-results"') < html.index('href="../practices/"')


def test_a_short_catalogue_needs_no_link_to_all(catalogue, payload):
    html = explore_markdown(catalogue, payload, listed=len(search(payload)))
    assert not parse(html).find("a", href="../practices/")


def test_page_has_labelled_query_box_sort_and_facet_fieldsets(catalogue, payload):
    html = explore_markdown(catalogue, payload)
    page = parse(html)
    assert page.find("label", **{"for": "explore-q"})
    assert page.find("input", id="explore-q", type="search", name="q")
    assert page.find("label", **{"for": "explore-sort"})
    assert [o["value"] for o in page.find("option")] == ["relevance", "reviewed", "title"]
    assert len(page.find("fieldset")) == sum(1 for f in payload["facets"] if f["terms"])
    assert html.count("<legend") == len(page.find("fieldset"))
    tvet = page.find("input", type="checkbox", name="theme", value="tvet")
    assert tvet and page.find("label", **{"for": tvet[0]["id"]})
    assert "Technical and vocational education and training" in html
    assert page.find("p", id="explore-status", role="status")[0]["aria-live"] == "polite"
    assert page.find("div", id="explore-empty")


def test_page_needs_no_inline_script_or_style(catalogue, payload):
    html = explore_markdown(catalogue, payload)
    assert "<script" not in html
    assert "style=" not in html
    handlers = [name for _, attrs in parse(html).tags for name in attrs if name.startswith("on")]
    assert handlers == []


@pytest.mark.parametrize("listed", [50, 3])  # the whole list; a capped list and its link
def test_markdown_and_the_site_sanitiser_keep_the_page_intact(catalogue, payload, listed):
    html = explore_markdown(catalogue, payload, listed=listed)
    rendered = sanitize(markdown.markdown(html))
    assert parse(rendered).tags == parse(html).tags
    assert [
        a["data-practice"] for a in parse(rendered).find("li", **{"class": "explore-card"})
    ] == [a["data-practice"] for a in parse(html).find("li", **{"class": "explore-card"})]
    assert "<p><div" not in rendered


def test_titles_and_summaries_are_shown_literally():
    record = {
        "slug": "x",
        "title": "<script>alert(1)</script> & co",
        "summary": "a <b>b</b>",
        "url": "practices/x/",
        "last_reviewed": "2026-01-01",
        "facets": {},
        "actors": [],
    }
    html = card_html(record, {})
    assert "<script>" not in html and "&lt;script&gt;" in html and "&amp; co" in html
    assert "<b>" not in html


# In a browser ------------------------------------------------------------------------------------


def _serve(root: Path):
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        """Silent: keep the test output clean."""


@pytest.fixture(scope="module")
def site(tmp_path_factory, catalogue, payload):
    """A minimal site: /explore/ with the explorer, /search/practices-index.json, the assets."""
    root = tmp_path_factory.mktemp("site")
    (root / "explore").mkdir()
    (root / "search").mkdir()
    shutil.copytree(ASSETS, root / "assets" / "explore")
    (root / "search" / "practices-index.json").write_text(dumps(payload), encoding="utf-8")
    (root / "favicon.ico").write_bytes(b"")  # browsers ask for it; a 404 would log an error
    scripts = "\n".join(f'<script src="../assets/explore/{name}"></script>' for name in SCRIPTS)
    # Not sanitised here: test_markdown_and_the_site_sanitiser_keep_the_page_intact shows the
    # sanitiser changes nothing, and a sanitiser being edited should not fail every test here.
    body = markdown.markdown(explore_markdown(catalogue, payload))
    (root / "explore" / "index.html").write_text(
        PAGE.format(body=body, scripts=scripts), encoding="utf-8"
    )
    for slug in catalogue.practices:
        (root / "practices" / slug).mkdir(parents=True)
        (root / "practices" / slug / "index.html").write_text("<!doctype html><title>x</title>")
    server = _serve(root)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (/usr/bin/chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM), args=["--disable-gpu", "--disable-quic"]
        )
        yield browser
        browser.close()


@contextlib.contextmanager
def opened(chromium, url: str, *, javascript: bool = True):
    context = chromium.new_context(java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url)
    if javascript:
        page.wait_for_selector("#explore-results[data-state=ready]", state="attached")
    try:
        yield page
    finally:
        context.close()
    assert errors == []


def shown(page) -> list[str]:
    return page.eval_on_selector_all(
        "#explore-results [data-practice]", "els => els.map(e => e.dataset.practice)"
    )


def explore_url(site: str, query: dict | list | None = None) -> str:
    return f"{site}/explore/" + (f"?{urlencode(query, doseq=True)}" if query else "")


@pytest.mark.parametrize(
    "query",
    [
        {"q": "VET"},
        {"q": "nurses Germany"},
        {"q": "Sénégal"},
        {"q": "refugee diplomas"},
        {"q": "C++"},
        {"q": "foo:"},
        {"q": "youth", "sort": "title"},
        {},
        [("theme", "tvet"), ("theme", "refugees")],
        [("q", "Belgium"), ("country", "ma")],
        {"q": "skills", "sort": "reviewed", "region": "western-africa"},
    ],
)
def test_results_for_a_url_equal_atlas_search(chromium, site, payload, query):
    pairs = list(query.items()) if isinstance(query, dict) else query
    text = next((v for k, v in pairs if k == "q"), "")
    sort = next((v for k, v in pairs if k == "sort"), "relevance")
    filters: dict[str, list[str]] = {}
    for key, value in pairs:
        if key not in ("q", "sort"):
            filters.setdefault(key, []).append(value)
    expected = [r.slug for r in search(payload, text, filters=filters, sort=sort)]
    with opened(chromium, explore_url(site, pairs)) as page:
        assert shown(page) == expected
        assert page.input_value("#explore-q") == text
        assert page.input_value("#explore-sort") == sort
        for param, ids in filters.items():
            for term_id in ids:
                box = f"#explore-{param}-{term_id.upper() if param == 'country' else term_id}"
                assert page.is_checked(box)


def test_controls_appear_with_the_first_facets_unfolded(chromium, site):
    with opened(chromium, explore_url(site)) as page:
        assert page.is_visible("#explore-q")
        assert page.is_visible("#explore-theme-tvet")
        assert not page.is_visible("#explore-country-SN")  # folded until opened
        assert page.text_content("#explore-status").startswith("7 practices")


def test_typing_updates_results_and_replaces_the_url(chromium, site, payload):
    with opened(chromium, explore_url(site)) as page:
        history = page.evaluate("history.length")
        page.locator("#explore-q").press_sequentially("refugee diplomas", delay=20)
        expected = [r.slug for r in search(payload, "refugee diplomas")]
        page.wait_for_function("() => document.location.search.includes('diplomas')")
        page.wait_for_function(
            "n => document.querySelectorAll('#explore-results [data-practice]').length === n",
            arg=len(expected),
        )
        assert shown(page) == expected
        assert page.evaluate("history.length") == history
        assert "match" in page.text_content("#explore-status")


def test_text_typed_before_the_data_arrives_is_kept_and_searched(chromium, site, payload):
    context = chromium.new_context()
    held = []
    context.route("**/search/practices-index.json", lambda route: held.append(route))
    page = context.new_page()
    try:
        page.goto(explore_url(site, {"q": "youth"}), wait_until="domcontentloaded")
        page.wait_for_selector("#explore-q", state="visible")  # usable before the data
        page.fill("#explore-q", "")
        page.locator("#explore-q").press_sequentially("refugee", delay=20)
        page.wait_for_function("() => document.location.search === '?q=refugee'")
        assert page.get_attribute("#explore-results", "data-state") == "static"
        assert page.text_content("#explore-status") == "Searching…"
        for _ in range(250):  # the request is held until the route is continued
            if held:
                break
            page.wait_for_timeout(20)
        held[0].continue_()
        page.wait_for_selector("#explore-results[data-state=ready]", state="attached")
        assert page.input_value("#explore-q") == "refugee"
        assert shown(page) == [r.slug for r in search(payload, "refugee")]
    finally:
        context.close()


def test_ticking_a_facet_pushes_history_and_back_undoes_it(chromium, site, payload):
    with opened(chromium, explore_url(site, {"q": "youth"})) as page:
        before = shown(page)
        page.click("details[data-facet=country] > summary")  # folded at first
        page.check("#explore-country-SN")
        page.wait_for_function("() => document.location.search.includes('country=SN')")
        expected = search(payload, "youth", filters={"country": ["SN"]})
        assert shown(page) == [r.slug for r in expected]
        counts = page.text_content("label[for=explore-country-MA] .explore-count")
        assert counts == "(1)"  # other countries still counted, for the current query
        page.go_back()
        page.wait_for_function("() => !document.location.search.includes('country')")
        assert not page.is_checked("#explore-country-SN")
        assert shown(page) == before


def test_sort_change_pushes_history(chromium, site, payload):
    with opened(chromium, explore_url(site, {"q": "Belgium"})) as page:
        page.select_option("#explore-sort", "title")
        page.wait_for_function("() => document.location.search.includes('sort=title')")
        assert shown(page) == [r.slug for r in search(payload, "Belgium", sort="title")]
        page.go_back()
        page.wait_for_function("() => !document.location.search.includes('sort')")
        assert page.input_value("#explore-sort") == "relevance"


def test_empty_result_offers_suggestions(chromium, site, payload):
    found = len(search(payload, "refugee"))
    noun = "practice" if found == 1 else "practices"
    with opened(chromium, explore_url(site, [("q", "refugee"), ("theme", "tvet")])) as page:
        assert shown(page) == []
        assert page.is_visible("#explore-empty")
        assert "No practice matches" in page.text_content("#explore-status")
        suggestions = page.locator("#explore-suggestions a").all_text_contents()
        assert suggestions == [
            "Remove the filter Themes: Technical and vocational education and training "
            f"({found} {noun})",
            f"Search all practices for “refugee” ({found} {noun})",
        ]
        page.click("#explore-suggestions a >> text=Remove the filter")
        page.wait_for_function("() => !document.location.search.includes('theme')")
        assert not page.is_visible("#explore-empty")
        assert shown(page)


def test_without_javascript_every_practice_is_listed(chromium, site, payload):
    with opened(chromium, explore_url(site, {"q": "VET"}), javascript=False) as page:
        assert shown(page) == [r.slug for r in search(payload)]
        assert page.is_hidden("#explore-form")
        page.click(f"#explore-results a[href='../practices/{search(payload)[0].slug}/']")
        assert page.url.endswith(f"/practices/{search(payload)[0].slug}/")
