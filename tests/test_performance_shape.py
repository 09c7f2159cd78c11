"""What keeps the build's cost down, checked as behaviour rather than timed (docs/performance.md).

Timings vary with the machine; these do not. Practice pages stay out of the navigation and do not
grow with the catalogue; Material's header search gets a compact entry per generated page (title,
summary, typology and theme labels) instead of its full text; lists of practices are paged;
related practices are exactly the pairwise definition, computed all at once; finished-HTML blocks
render as Python-Markdown would render them; Material's navigation is rendered once per folder;
a build that forks (data, pages, templates) equals a one-process build and
still fails on a child's warning; a build makes the cycle collector's full passes rare; and the
live preview re-reads and re-renders only what an edit changed. `scripts/bench.py` measures the
times.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import re
import shutil
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import pytest
from helpers import PINNED_EPOCH
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.structure.files import File

from atlas import catalogue, frontmatter, parallel
from atlas.catalogue import RELATED_LIMIT, RELATED_WEIGHTS
from atlas.mkdocs_plugin import commands, forked_pages
from atlas.mkdocs_plugin import plugin as plugin_module
from atlas.mkdocs_plugin.forked_pages import ForkedPages, ForkedTemplates
from atlas.mkdocs_plugin.generated_pages import FinishedHtml
from atlas.mkdocs_plugin.navigation import RenderedParts
from atlas.site import markup, outputs
from atlas.site import pages as site_pages
from atlas.site.sanitize import sanitize
from tests.sitetools import REPO, broken_links

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SMALL, LARGE = 30, 120
PAGE_SIZE = 40  # lists are paged at this size in these builds, so paging is exercised


def _generator():
    spec = importlib.util.spec_from_file_location(
        "generate_corpus", REPO / "scripts" / "generate_corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _build(tmp: Path, n: int) -> tuple[Path, Path]:
    root = _generator().generate(n, tmp / f"corpus-{n}", seed=5)
    site = root / "build" / "site"
    assert commands.build(root, site) == 0
    return root, site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, Path]]:
    """Two generated catalogues, built with lists paged at `PAGE_SIZE`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
        patch.setattr(site_pages, "PAGE_SIZE", PAGE_SIZE)
        tmp = tmp_path_factory.mktemp("performance")
        return {n: _build(tmp, n) for n in (SMALL, LARGE)}


def _slugs(root: Path) -> list[str]:
    return sorted(p.stem for p in (root / "content" / "practices").glob("*.md"))


def _practice_page(site: Path, slug: str) -> str:
    return (site / "practices" / slug / "index.html").read_text(encoding="utf-8")


def _primary_nav(html: str) -> str:
    """The primary navigation of a Material page (nested <nav> elements included)."""
    start = html.index('<nav class="md-nav md-nav--primary')
    depth, position = 0, start
    for match in re.finditer(r"<(/?)nav\b", html[start:]):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            position = start + match.end()
            break
    return html[start:position]


# Pages that do not grow ------------------------------------------------------------------


def test_the_navigation_is_rendered_once_per_folder_not_once_per_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Material's sidebar, tabs and header are rendered afresh only for the pages of the
    navigation and once per folder of generated pages; every other page reuses a rendering
    (with its own title in the header), byte-identical to Material's own (tests/test_site.py)."""
    rendered: list[tuple[str, str | None]] = []
    keep = RenderedParts.keep

    def counting(self: RenderedParts, part: str, page: object, html: str) -> str:
        rendered.append((part, getattr(page, "url", None)))  # None: the 404 page
        return keep(self, part, page, html)

    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setenv("ATLAS_NO_FORK", "1")  # every page rendered in this process
    monkeypatch.setattr(RenderedParts, "keep", counting)
    headers: list[str | None] = []  # the pages whose header Material rendered (None: 404)
    header = RenderedParts.header

    def rendering(self: RenderedParts, page: Any, caller: Callable[[], str]) -> str:
        def render() -> str:
            headers.append(getattr(page, "url", None))
            return caller()

        return header(self, page, render)

    monkeypatch.setattr(RenderedParts, "header", rendering)
    _root, site = _build(tmp_path, SMALL)
    pages = len(list(site.rglob("index.html")))
    nav = [url for part, url in rendered if part == "nav" and url is not None]
    assert len(nav) == len(set(nav)) < pages / 3
    assert "practices/" in nav and "about/" in nav  # pages of the navigation
    assert len([url for url in nav if re.fullmatch(r"practices/[^/]+/", url)]) == 1
    headers = [url for url in headers if url is not None]
    assert 0 < len(headers) == len(set(headers)) < pages / 3
    assert len([url for url in headers if re.fullmatch(r"practices/[^/]+/", url)]) == 1


def test_a_kept_rendering_is_keyed_by_the_addresses_the_page_itself_would_write() -> None:
    """The addresses that key a kept rendering, worked out once per folder, are those the
    `url` filter writes on each page, also on a page with a target of the navigation below
    it and on pages whose names start alike."""
    from types import SimpleNamespace

    from mkdocs.utils import normalize_url

    items = [SimpleNamespace(url=url, children=None) for url in ("", "themes/", "about/team/")]
    parts = RenderedParts(SimpleNamespace(pages=[], items=items), None, "assets/logo.svg")
    urls = ["about/", "about/team-b/", "practices/a/", "practices/ab/", "practices/page/2/", "x/"]
    for url in urls + list(reversed(urls)):
        page = SimpleNamespace(url=url)
        targets = ["", "themes/", "about/team/", "assets/logo.svg", "assets/"]
        assert parts._addresses(page) == tuple(normalize_url(t, page=page) for t in targets), url


def test_practice_pages_are_not_listed_in_the_navigation(built) -> None:
    root, site = built[LARGE]
    slugs = _slugs(root)
    for html in (
        _practice_page(site, slugs[0]),
        (site / "index.html").read_text(encoding="utf-8"),
    ):
        nav = _primary_nav(html)
        assert not [s for s in slugs if f"practices/{s}/" in nav]
        assert not re.search(r"actors/[a-z0-9-]+-\d+/", nav)


def test_a_practice_page_does_not_grow_with_the_catalogue(built) -> None:
    sizes = {}
    for n, (root, site) in built.items():
        sizes[n] = [len(_practice_page(site, slug).encode()) for slug in _slugs(root)]
        assert max(sizes[n]) <= 60 * 1024
    small, large = statistics.median(sizes[SMALL]), statistics.median(sizes[LARGE])
    assert abs(large - small) <= 0.1 * small, (small, large)


def test_related_practices_are_capped(built) -> None:
    root, site = built[LARGE]
    for slug in _slugs(root)[:20]:
        html = _practice_page(site, slug)
        related = html.split('id="related-practices"', 1)[-1].split("<h2", 1)[0]
        assert related.count("<li>") <= RELATED_LIMIT


# Paged lists -----------------------------------------------------------------------------


def test_lists_longer_than_a_page_are_paged_and_complete(built) -> None:
    root, site = built[LARGE]
    listed: list[str] = []
    number = 1
    while True:
        folder = site / "practices" if number == 1 else site / "practices" / "page" / str(number)
        html = (folder / "index.html").read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")]
        found = re.findall(r'<strong><a href="(?:\.\./)*(?:practices/)?([a-z0-9-]+)/">', article)
        assert 0 < len(found) <= PAGE_SIZE
        listed += found
        if number > 1:
            assert 'class="atlas-pager"' in article
        number += 1
        if not (site / "practices" / "page" / str(number)).is_dir():
            break
    assert number - 1 == -(-LARGE // PAGE_SIZE)
    assert sorted(listed) == _slugs(root)


def test_term_pages_are_paged_too_and_every_link_resolves(built) -> None:
    root, site = built[LARGE]
    cat = catalogue.load(root).catalogue
    skills = cat.practices_with("dimensions", "skills")
    assert len(skills) > PAGE_SIZE
    assert (site / "dimensions" / "skills" / "page" / "2" / "index.html").is_file()
    assert broken_links(site) == []


# Material's header search ----------------------------------------------------------------


def test_header_search_has_titles_and_labels_but_not_practice_bodies(built) -> None:
    root, site = built[LARGE]
    raw = (site / "search" / "search_index.json").read_bytes()
    docs = json.loads(raw)["docs"]
    cat = catalogue.load(root).catalogue
    by_location: dict[str, list[dict]] = {}
    for doc in docs:
        by_location.setdefault(doc["location"], []).append(doc)
    for practice in cat.sorted_practices:
        entries = by_location[practice.url]
        assert len(entries) == 1  # one entry: no section of the body
        entry = entries[0]
        assert entry["title"] == practice.title.replace("&", "&amp;")
        assert practice.summary.split()[-1].rstrip(".") in entry["text"]
        labels = {cat.taxonomy.label("themes", t) for t in practice.ids("themes")}
        labels |= {cat.taxonomy.label("typologies", t) for t in practice.ids("typologies")}
        assert labels <= set(entry["tags"])
        assert not [d for d in docs if d["location"].startswith(practice.url + "#")]
    sentence = re.search(r"## Results\n\n([^.]+\.)", cat.sorted_practices[0].body).group(1)
    assert not [d for d in docs if sentence in d.get("text", "")]
    # Compact: each practice more adds well under Material's 1.3 KB gzipped of full text.
    small = (built[SMALL][1] / "search" / "search_index.json").read_bytes()
    added = len(gzip.compress(raw)) - len(gzip.compress(small))
    assert added / (LARGE - SMALL) < 400


# Related practices -----------------------------------------------------------------------


def _related_by_definition(cat: catalogue.Catalogue, practice) -> list[str]:
    """The definition, pair by pair: named first, then by weighted shared features."""
    named = [cat.practices[s] for s in practice.ids("related") if s in cat.practices]
    mine = cat._features(practice)
    scored = []
    for other in cat.sorted_practices:
        if other.slug == practice.slug or other in named:
            continue
        theirs = cat._features(other)
        score = sum(w * len(mine[k] & theirs[k]) for k, w in RELATED_WEIGHTS.items())
        if score > 0:
            scored.append((-score, other.title.casefold(), other.slug, other))
    scored.sort(key=lambda row: row[:3])
    return [p.slug for p in (named + [row[3] for row in scored])[:RELATED_LIMIT]]


def test_related_practices_equal_the_pairwise_definition(built) -> None:
    for root, _site in built.values():
        cat = catalogue.load(root).catalogue
        for practice in cat.sorted_practices:
            got = [p.slug for p in cat.related(practice)]
            assert got == _related_by_definition(cat, practice), practice.slug
    real = catalogue.load(REPO).catalogue
    for practice in real.sorted_practices:
        assert [p.slug for p in real.related(practice)] == _related_by_definition(real, practice)


# Finished HTML ---------------------------------------------------------------------------


EXTENSIONS = ["toc", "tables", "def_list", "attr_list", "md_in_html", "admonition", "footnotes"]


def _html(text: str, fast: bool) -> str:
    extensions = [*EXTENSIONS, FinishedHtml()] if fast else EXTENSIONS
    html = sanitize(markdown.Markdown(extensions=extensions).convert(text))
    return re.sub(r"\s+", " ", html).replace("> <", "><").strip()


def test_pages_made_one_at_a_time_equal_the_pages_made_all_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build makes each page's Markdown where it converts it (`SitePages.makers`): the same
    pages, in the same order, with the same Markdown as `all()`, paged lists included, in any
    order they are asked for; and the header search describes the same pages as before."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setattr(site_pages, "PAGE_SIZE", 7)
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=3)
    cat = catalogue.load(root).catalogue
    everything = site_pages.SitePages(cat).all()
    makers = site_pages.SitePages(cat).makers()
    assert list(makers) == list(everything)
    assert any("/page/" in src for src in makers)
    backwards = {src: makers[src]() for src in reversed(makers)}
    assert backwards == everything
    entries = site_pages.SitePages(cat).search_entries()
    assert list(entries) == [src for src in everything if src in entries]
    assert not any("/page/" in src for src in entries)
    for kind in ("practices", "actors", "countries"):
        pages = [src for src in everything if re.fullmatch(f"{kind}/[a-z0-9-]+\\.md", src)]
        pages.remove(f"{kind}/index.md")  # overviews: only two have entries (below)
        assert pages and all(src in entries for src in pages), kind
    assert "practices/index.md" in entries and "actors/index.md" in entries
    slug = cat.sorted_practices[0].slug
    assert entries[f"practices/{slug}.md"]["title"] == markup.html_text(cat.practices[slug].title)


def test_finished_html_renders_as_markdown_would_render_it() -> None:
    cat = catalogue.load(REPO).catalogue
    pages = site_pages.SitePages(cat).all()
    for src in sorted(pages)[:: max(1, len(pages) // 40)]:
        text = pages[src].split("---\n", 2)[2]
        assert _html(text, fast=True) == _html(text, fast=False), src


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        st.text(max_size=40), st.text(alphabet="\\`*_{}[]()#+-.!|<>&;\"':~=^ a1é", max_size=40)
    ).filter(lambda s: markup.text_html(markup.text(s)))
)
def test_a_line_text_wrote_is_written_as_python_markdown_writes_it(value: str) -> None:
    """What `generated_pages` writes for a paragraph or a heading of escaped text, without
    Python-Markdown, is what Python-Markdown makes of it; and a line `text()` did not write is
    not taken for one."""
    from hypothesis import assume

    line = markup.text(value)
    assume(not line.startswith(":"))  # such a line is converted by Python-Markdown (def lists)
    html = markup.text_html(line)
    assert html is not None
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs={"toc": {"permalink": True}})
    assert md.convert(line) == f"<p>{html}</p>"
    heading = md.reset().convert(f"## {line}")
    anchor = md.toc_tokens[0]["id"]
    link = f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a>'
    assert heading == f'<h2 id="{anchor}">{html}{link}</h2>'
    assert md.toc_tokens[0]["name"] == html
    assert markup.text_html(line + "*") is None and markup.text_html("<b>" + line) is None


def test_markup_between_the_markers_is_still_sanitised() -> None:
    text = (
        f'Intro.\n\n{site_pages.RAW_OPEN}\n<p onclick="x()">hi</p><script>alert(1)</script>\n'
        f"{site_pages.RAW_CLOSE}\n\nAfter.\n"
    )
    html = _html(text, fast=True)
    assert "script" not in html and "onclick" not in html and "<p>hi</p>" in html


# The live preview ------------------------------------------------------------------------


def test_a_load_with_a_cache_reparses_only_changed_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    root = _generator().generate(20, tmp_path / "corpus", seed=2)
    parsed: list[str] = []
    original = frontmatter.parse_entry

    def counting(path, data):
        parsed.append(path.name)
        return original(path, data)

    monkeypatch.setattr(catalogue, "parse_entry", counting)
    cache = catalogue.LoadCache()
    first = catalogue.load(root, cache=cache)
    assert len(parsed) == first.files - 1
    entry = sorted((root / "content" / "practices").glob("*.md"))[3]
    entry.write_text(entry.read_text().replace("status:", "statuss:", 1))
    parsed.clear()
    second = catalogue.load(root, cache=cache)
    assert parsed == [entry.name]
    fresh = catalogue.load(root)
    assert [p.text() for p in second.problems] == [p.text() for p in fresh.problems]
    assert sorted(second.catalogue.practices) == sorted(fresh.catalogue.practices)
    assert entry.stem not in second.catalogue.practices
    taxonomy = root / "content" / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text() + "\n")
    parsed.clear()
    catalogue.load(root, cache=cache)
    assert len(parsed) == first.files - 1  # a taxonomy change re-checks everything


def test_preview_rebuilds_render_only_the_pages_an_edit_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two preview builds (MkDocs' dirty builds, as `atlas serve` runs them) around one edit."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = _generator().generate(40, tmp_path / "corpus", seed=4)
    site = tmp_path / "preview"

    def preview_build():
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    try:
        preview_build()
        pages = {p: p.stat().st_mtime_ns for p in site.rglob("index.html")}
        explorer = (site / "search" / "practices-index.json").read_bytes()
        slug = _slugs(root)[7]
        entry = root / "content" / "practices" / f"{slug}.md"
        entry.write_text(entry.read_text() + "\nA sentence added in the preview, zanzibarite.\n")
        preview_build()
        plugin_module._SERVING[root.resolve()].wait(60)  # the explorer's index follows
    finally:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="build", dirty=False)
    rewritten = {p for p, mtime in pages.items() if p.stat().st_mtime_ns != mtime}
    edited = site / "practices" / slug / "index.html"
    assert "A sentence added in the preview, zanzibarite." in edited.read_text(encoding="utf-8")
    assert edited in rewritten
    assert len(rewritten) <= 3, sorted(str(p.relative_to(site)) for p in rewritten)
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    locations = [d["location"] for d in docs]
    assert len(locations) == len(set(locations))  # no page indexed twice
    assert f"practices/{slug}/" in locations and "" in locations
    refreshed = (site / "search" / "practices-index.json").read_bytes()
    assert refreshed != explorer and b"zanzibarit" in refreshed


def test_a_front_matter_edit_in_the_preview_refreshes_lists_now_and_data_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = _generator().generate(40, tmp_path / "corpus", seed=6)
    site = tmp_path / "preview"

    def preview_build():
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    try:
        preview_build()
        slug = _slugs(root)[3]
        entry = root / "content" / "practices" / f"{slug}.md"
        text = re.sub(
            r"^title: .*$",
            'title: "Quixotic retitled practice"',
            entry.read_text(),
            count=1,
            flags=re.M,
        )
        entry.write_text(text)
        preview_build()
        assert "Quixotic retitled practice" in _practice_page(site, slug)
        assert "Quixotic retitled practice" in (site / "practices" / "index.html").read_text()
        plugin_module._SERVING[root.resolve()].wait(60)
        data = json.loads((site / "api" / "practices.json").read_text())
        assert "Quixotic retitled practice" in [p["title"] for p in data]
        preview_build()  # what the refresh asks the server for: /explore/ shows the new title
        assert "Quixotic retitled practice" in (site / "explore" / "index.html").read_text()
    finally:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="build", dirty=False)


# The data computed beside the build --------------------------------------------------------


def test_data_computed_in_a_forked_process_equal_the_inline_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`atlas build` computes the explorer's index, the open data, the finder's data and the
    generated pages' search entries in a forked process, and shares the making and converting
    of the generated pages with another and the rendering of their templates with a third, when
    it can: each process does some of the pages, and the site is byte-identical to the one
    computed in a single process. The data process writes the data files into the site itself.
    """
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=9)
    forks: list[object] = []
    original = plugin_module._Elsewhere.__init__

    def counting(self, generated, site_dir):
        forks.append("data")
        original(self, generated, site_dir)

    def recording(start):
        def start_and_record(*args, **kwargs):
            forks.append(start(*args, **kwargs))
            return forks[-1]

        return start_and_record

    monkeypatch.setattr(plugin_module._Elsewhere, "__init__", counting)
    monkeypatch.setattr(ForkedPages, "start", recording(ForkedPages.start))
    monkeypatch.setattr(ForkedTemplates, "start", recording(ForkedTemplates.start))
    monkeypatch.setattr(plugin_module.threading, "active_count", lambda: 1)
    here: list[str] = []  # what this process computed of what the data process computes
    for name in ("search_entries", "finder_data", "data_files"):
        real = getattr(outputs.SiteOutputs, name)
        monkeypatch.setattr(
            outputs.SiteOutputs, name, lambda self, _r=real, _n=name: here.append(_n) or _r(self)
        )
    copied: list[str] = []  # the files whose bytes this process wrote
    copy_file = File.copy_file
    monkeypatch.setattr(
        File, "copy_file", lambda self, dirty=False: copied.append(self.src_uri) or copy_file(self)
    )
    assert commands.build(root, tmp_path / "forked") == 0
    assert here == []
    assert not set(copied) & set(plugin_module._DATA_FILES)  # the data process wrote them
    monkeypatch.setenv("ATLAS_NO_FORK", "1")
    assert commands.build(root, tmp_path / "inline") == 0
    assert sorted(here) == ["data_files", "finder_data", "search_entries"]
    assert len(forks) == 3 and forks[0] == "data"
    pages, templates = forks[1], forks[2]
    assert isinstance(pages, ForkedPages) and isinstance(templates, ForkedTemplates)
    generated = len(site_pages.SitePages(catalogue.load(root).catalogue).makers())
    for forked in (pages, templates):  # the child did some pages, the build the others
        assert 0 < len(forked.share) < generated

    def digest(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()
        }

    assert digest(tmp_path / "forked") == digest(tmp_path / "inline")


def test_pages_left_to_the_forked_processes_at_the_end_give_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build leaves each forked process its last pages and reads (or passes over) the
    others meanwhile; with half of them left, results read one by one, the site is still the
    one a build in one process writes, search index included."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setattr(plugin_module.threading, "active_count", lambda: 1)
    for child in (ForkedPages, ForkedTemplates):
        monkeypatch.setattr(child, "TAIL", 0.5)
        monkeypatch.setattr(child, "BATCH", 1)
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=4)
    assert commands.build(root, tmp_path / "forked") == 0
    monkeypatch.setenv("ATLAS_NO_FORK", "1")
    assert commands.build(root, tmp_path / "inline") == 0

    def digest(site: Path) -> dict[str, bytes]:
        return {
            p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()
        }

    assert digest(tmp_path / "forked") == digest(tmp_path / "inline")


def test_what_search_reads_in_pages_the_forked_process_renders_reaches_the_header_search(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Material's search reads each page it indexes as the page is rendered, into the build's
    index: when the forked process renders the overviews, the taxonomy and the partners page,
    what its search read comes back, so the build does not read them again after it, and the
    header search's index is the one a build in one process writes."""
    from material.plugins.search.plugin import SearchIndex

    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setattr(plugin_module.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel.Meet, "mine", lambda self, index: False)  # the child does all
    started: list[ForkedTemplates | None] = []
    start = ForkedTemplates.start
    monkeypatch.setattr(
        ForkedTemplates, "start", lambda *a, **k: started.append(start(*a, **k)) or started[-1]
    )
    read: dict[str, int] = {}  # what this process's search read, by page
    add = SearchIndex.add_entry_from_context

    def reading(index, page):
        read[page.file.src_uri] = len(page.content or "")
        return add(index, page)

    monkeypatch.setattr(SearchIndex, "add_entry_from_context", reading)
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=9)
    assert commands.build(root, tmp_path / "forked") == 0
    child = started[0]
    assert child is not None
    searched = {"taxonomy.md", "countries/index.md", "partners.md", "themes/index.md"}
    assert searched <= child.share
    assert not [src for src in child.share if read.get(src)]
    monkeypatch.setenv("ATLAS_NO_FORK", "1")
    assert commands.build(root, tmp_path / "inline") == 0
    assert all(read[src] for src in searched)
    index = Path("search", "search_index.json")
    forked = (tmp_path / "forked" / index).read_bytes()
    assert forked == (tmp_path / "inline" / index).read_bytes()
    assert b'"location":"taxonomy/"' in forked.replace(b" ", b"")


def test_a_broken_link_in_a_page_converted_by_the_forked_process_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The warnings MkDocs logs in the forked process count in a strict build, naming the
    entry, as if they were logged in the build's own process."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setattr(plugin_module.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel.Meet, "mine", lambda self, index: False)  # the child does all
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=9)
    entry = sorted((root / "content" / "practices").glob("*.md"))[-1]
    entry.write_text(entry.read_text() + "\nSee [a missing page](no-such-entry.md).\n")
    assert commands.build(root, tmp_path / "site") == 1
    err = capsys.readouterr().err
    assert f"content/practices/{entry.name}" in err and "no-such-entry.md" in err


def test_the_forked_process_converts_its_pages_only_by_their_bodies_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process that shares the conversion converts the pages it takes as the build's own
    process does: the generated pages' own `render`, Python-Markdown for the bodies only."""
    if not hasattr(os, "fork"):
        pytest.skip("no fork on this platform")
    from atlas.mkdocs_plugin import generated_pages

    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setattr(plugin_module.threading, "active_count", lambda: 1)
    monkeypatch.setattr(parallel.Meet, "mine", lambda self, index: False)  # the child does all
    seen = tmp_path / "seen.txt"
    real = generated_pages.GeneratedPage._render_blocks

    def noted(page: Any, *args: Any) -> bool:
        done = real(page, *args)
        with seen.open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()} {page.file.src_uri} {done}\n")
        return done

    monkeypatch.setattr(generated_pages.GeneratedPage, "_render_blocks", noted)
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=6)
    assert commands.build(root, tmp_path / "site") == 0
    rows = [line.split() for line in seen.read_text(encoding="utf-8").splitlines()]
    practices = [row for row in rows if row[1].startswith("practices/")]
    assert len(practices) == SMALL
    assert all(pid != str(os.getpid()) and done == "True" for pid, _, done in practices)


def test_a_process_converting_pages_that_dies_fails_the_build_and_keeps_the_last_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """If the forked process converting pages dies in the middle of one, `atlas build` says so
    when it needs that page and exits 1; the previous site stays as it was."""
    if sys.platform != "linux":
        pytest.skip("the build forks on Linux only")
    monkeypatch.delenv("ATLAS_NO_FORK", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setattr(plugin_module.threading, "active_count", lambda: 1)
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=9)
    site = tmp_path / "site"
    assert commands.build(root, site) == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    monkeypatch.setattr(forked_pages, "_populate_page", lambda *args: os._exit(3))
    assert commands.build(root, site) == 1
    err = capsys.readouterr().err
    assert "a forked process building pages failed" in err and "exited with status 3" in err
    assert "the previous site is untouched" in err
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_a_process_rendering_pages_that_dies_fails_the_build_and_keeps_the_last_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The build does not wait for the forked process rendering pages before it passes over
    that process's pages; if the process dies, `atlas build` still says so and exits 1, and the
    previous site stays as it was."""
    if sys.platform != "linux":
        pytest.skip("the build forks on Linux only")
    monkeypatch.delenv("ATLAS_NO_FORK", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setattr(plugin_module.threading, "active_count", lambda: 1)
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=9)
    site = tmp_path / "site"
    assert commands.build(root, site) == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    monkeypatch.setattr(forked_pages, "get_context", lambda *args: os._exit(3))
    assert commands.build(root, site) == 1
    err = capsys.readouterr().err
    assert "a forked process building pages failed" in err and "exited with status 3" in err
    assert "the previous site is untouched" in err
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_the_build_reads_what_the_forked_process_has_written_while_it_finishes() -> None:
    """`forked_pages._Child`: the build asks for the child's result for the first file it
    left it, which the child, working from the back, does last; the build reads every result
    the child has written so far at once, then the rest when the child is done, and gets
    every result."""
    if sys.platform != "linux":
        pytest.skip("forks on Linux only")

    class Item:
        def __init__(self, index: int) -> None:
            self.src_uri = f"item-{index}.md"

    class LeaveAll(forked_pages._Child):
        TAIL = 1.0  # this process leaves the child every item
        BATCH = 2

    order = [Item(index) for index in range(20)]

    def work(item: Any) -> str:
        time.sleep(0.02)
        return item.src_uri.upper()

    child = LeaveAll(order, work)
    reads: list[tuple[bool, int]] = []  # (child finished, bytes) of each read
    take = child._take

    def reading(upto: int) -> None:
        if upto > child._read_to:
            reads.append((child._finished, upto - child._read_to))
        take(upto)

    child._take = reading  # type: ignore[method-assign]
    try:
        assert not any(child.theirs(item.src_uri) is False for item in order)
        waited = time.monotonic()
        while child._complete.value == 0 and time.monotonic() - waited < 10:
            time.sleep(0.005)
        assert child.result("item-0.md") == "ITEM-0.MD"
        assert [child.result(item.src_uri) for item in order] == [
            item.src_uri.upper() for item in order
        ]
    finally:
        child.stop()
    assert len(reads) == 2 and reads[0][0] is False and reads[1][0] is True


def test_a_forked_computation_says_when_its_result_is_ready() -> None:
    """`parallel.Forked.ready`: false while the child computes, true once it has started
    sending its result, which then arrives whole."""
    if sys.platform != "linux":
        pytest.skip("forks on Linux only")

    def compute() -> list[int]:
        time.sleep(0.5)
        return list(range(100_000))

    forked = parallel.Forked(compute)
    assert not forked.ready()
    waited = time.monotonic()
    while not forked.ready() and time.monotonic() - waited < 10:
        time.sleep(0.01)
    assert forked.ready() and time.monotonic() - waited >= 0.3
    assert forked.result() == list(range(100_000)) and forked.ready()


def test_this_process_leaves_the_child_a_share_to_overlap_its_pass_over_them() -> None:
    """`parallel.Meet(count, tail)`: this process stops claiming items while some are still
    unclaimed, about `tail` of what the child will then have done, and never claims one again
    (asked again about an item, it answers the same); every item is claimed once. Without a
    tail it claims until the two meet."""
    for tail in (0.0, 0.1):
        meet = parallel.Meet(100, tail)
        mine: list[int] = []
        theirs: list[int] = []
        unclaimed_at_first_no = None
        for index in range(100):
            if index % 2 == 0 and (back := meet.next_back()) is not None:
                theirs.append(back)  # the child claims one for every two of this process's
            if meet.mine(index):
                assert unclaimed_at_first_no is None  # never again after a no
                mine.append(index)
                if (back := meet.next_back()) is not None:  # the child claims more meanwhile
                    theirs.append(back)
                assert meet.mine(index)  # asked again: the same answer
            elif unclaimed_at_first_no is None:
                unclaimed_at_first_no = min(theirs) - index
        while (back := meet.next_back()) is not None:
            theirs.append(back)
        assert sorted(mine + theirs) == list(range(100))
        assert mine == list(range(len(mine)))
        if tail:
            # within what the child claims between two of this process's items (up to 3)
            assert tail * len(theirs) - 3 < unclaimed_at_first_no <= tail * len(theirs)
        else:
            assert unclaimed_at_first_no == 0


def test_two_processes_sharing_items_meet_where_the_work_is_even() -> None:
    """`parallel.Meet`: this process takes items from the front, a forked child from the back;
    every item is done exactly once, and when this process's items are the slow ones, the
    child does more of them (a fixed split would leave it idle)."""
    if sys.platform != "linux":
        pytest.skip("forks on Linux only")
    count = 60
    meet = parallel.Meet(count)

    def child() -> list[int]:
        done = []
        while (index := meet.next_back()) is not None:
            time.sleep(0.001)
            done.append(index)
        return done

    theirs_forked = parallel.Forked(child)
    mine = []
    for index in range(count):
        if meet.mine(index):
            time.sleep(0.02)  # this process's items cost twenty times the child's
            mine.append(index)
    theirs = theirs_forked.result()
    assert sorted(mine + theirs) == list(range(count))
    assert mine == list(range(len(mine))) and len(theirs) > count // 2


def test_sharing_items_with_a_process_that_died_holding_the_lock_is_an_error_not_a_hang(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If the other process died while claiming an item (holding the lock), claiming the next
    one fails with a clear error after a while instead of waiting forever."""
    monkeypatch.setattr(parallel.Meet, "PATIENCE", 0.05)
    meet = parallel.Meet(4)
    assert meet.mine(0)
    held, done = threading.Event(), threading.Event()

    def hold() -> None:  # takes the lock and keeps it, as a child that died holding it would
        with meet._ends.get_lock():
            held.set()
            done.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    try:
        with pytest.raises(parallel.WorkerFailed, match="stopped while claiming"):
            meet.mine(1)
    finally:
        done.set()
        holder.join()
    assert meet.mine(1)  # once the lock is free again


def test_a_forked_process_that_dies_fails_the_build_and_keeps_the_last_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """If the process computing the open data dies, `atlas build` says so and exits 1; the
    previous site stays as it was."""
    if sys.platform != "linux":
        pytest.skip("the build forks on Linux only")
    monkeypatch.delenv("ATLAS_NO_FORK", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setattr(plugin_module.threading, "active_count", lambda: 1)
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=9)
    site = tmp_path / "site"
    assert commands.build(root, site) == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    monkeypatch.setattr(outputs.SiteOutputs, "data_files", lambda self: os._exit(3))
    assert commands.build(root, site) == 1
    err = capsys.readouterr().err
    assert "computing the explorer's index and the open data failed" in err
    assert "exited with status 3" in err and "the previous site is untouched" in err
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_a_build_makes_full_collections_rare_and_gives_the_collector_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build keeps what it makes, so the cycle collector's full passes, which walk every
    object alive, are made rare while it runs (forked processes inherit that); afterwards, and
    after a build stopped by the content, the collector is as it was (`atlas serve` and the
    tests go on in the same process)."""
    import gc

    import mkdocs.commands.build as mkdocs_build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    before = gc.get_threshold()
    seen: list[tuple[int, int, int]] = []
    real = mkdocs_build.build
    monkeypatch.setattr(
        mkdocs_build, "build", lambda config: seen.append(gc.get_threshold()) or real(config)
    )
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=3)
    assert commands.build(root, tmp_path / "site") == 0
    [(young, middle, old)] = seen
    assert (young, middle) == before[:2] and old >= 10 * before[2]
    assert gc.get_threshold() == before
    practice = next((root / "content" / "practices").glob("*.md"))
    practice.write_text(practice.read_text(encoding="utf-8").replace("title:", "titel:", 1))
    assert commands.build(root, tmp_path / "site") == 1
    assert gc.get_threshold() == before


def _site_bytes(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_second_build_reuses_the_compiled_templates_and_writes_the_same_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The theme's templates are compiled by the first build and kept in `build/cache/`: the
    next build compiles none of those it renders pages with, and its site is byte-identical."""
    import jinja2

    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    compiled: list[str | None] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=4)
    assert commands.build(root, tmp_path / "first") == 0
    assert "main.html" in compiled and any(n and n.startswith("partials/") for n in compiled)
    assert any((root / "build" / "cache").glob("templates-*/*"))
    compiled.clear()
    assert commands.build(root, tmp_path / "second") == 0
    # Material's search plugin compiles its language partials in an environment of its own.
    assert set(compiled) <= {"partials/language.html", "partials/languages/en.html"}
    assert _site_bytes(tmp_path / "second") == _site_bytes(tmp_path / "first")


def test_a_template_cache_that_cannot_be_written_does_not_fail_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where `build/cache/` cannot be made (here a file is in its way), the templates are
    compiled as they would be without a cache, and the site is the same."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=4)
    assert commands.build(root, tmp_path / "cached") == 0
    shutil.rmtree(root / "build" / "cache")
    (root / "build" / "cache").write_text("not a folder")
    assert commands.build(root, tmp_path / "uncached") == 0
    assert _site_bytes(tmp_path / "uncached") == _site_bytes(tmp_path / "cached")


def _toc(items: Any) -> list[Any]:
    return [(i.title, i.id, i.level, _toc(i.children)) for i in items]


def _edit(path: Path, old: str, new: str) -> None:
    source = path.read_text(encoding="utf-8")
    assert old in source
    path.write_text(source.replace(old, new, 1), encoding="utf-8")


def test_generated_pages_convert_exactly_as_mkdocs_converts_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build converts only the contributors' Markdown of generated pages, with one reused
    processor, and writes the rest itself; each page's HTML, table of contents, title, anchors
    and links equal MkDocs' own `Page.render` of the whole page. Tried on titles full of
    markup characters, an entry needing review, bodies with their own first-level heading,
    explicit ids, links to other pages and their anchors, raw HTML with an id, an actor's body;
    and on what makes the whole page go through Python-Markdown instead: footnotes (state a
    processor keeps between documents) and a body heading with the id of a generated one.
    The lists of countries and terms, continued pages included, are never converted whole."""
    from mkdocs.structure import pages as mkdocs_pages

    from atlas.mkdocs_plugin import generated_pages

    monkeypatch.setenv("ATLAS_NO_FORK", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setattr(site_pages, "PAGE_SIZE", 4)  # lists continued on further pages
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=4)
    practices = sorted((root / "content" / "practices").glob("*.md"))
    footnoted, clashing, marked, linking = practices[:4]
    with footnoted.open("a", encoding="utf-8") as out:
        out.write("\nA claim[^1] and another[^note].\n\n[^1]: The first.\n[^note]: Named.\n")
    with clashing.open("a", encoding="utf-8") as out:
        out.write('\n## Sources\n\n<span id="kept">raw</span>\n')
    _edit(marked, "title: ", 'title: "A & B <i>x</i> *y* \\"q\\" (z) [1] #2 _u_ | 3.5"\nold: ')
    _edit(marked, "\nold: ", "\n#")
    _edit(marked, "last_reviewed: ", "last_reviewed: 2019-01-01\n#")
    with linking.open("a", encoding="utf-8") as out:
        out.write(
            f"\n# A heading of its own\n\n## Custom {{ #custom-id }}\n\n"
            f"See [another]({practices[5].name}) and "
            f"[its gaps]({practices[5].name}#partnership-gaps)."
            '\n\n<div id="boxed">kept</div>\n'
        )
    actor = sorted((root / "content" / "actors").glob("*.md"))[0]
    with actor.open("a", encoding="utf-8") as out:
        out.write("\n## History\n\nFounded *long* ago; see [a practice](../practices/x.md).\n")
    _edit(
        actor,
        "see [a practice](../practices/x.md)",
        f"see [a practice](../practices/{linking.name})",
    )
    whole: list[str] = []  # pages of generated blocks converted whole after all
    by_body: list[str] = []  # pages of which only the body was converted
    real = generated_pages.GeneratedPage.render
    real_blocks = generated_pages.GeneratedPage._render_blocks

    def blocks_or_whole(page: Any, *args: Any) -> bool:
        done = real_blocks(page, *args)
        (by_body if done else whole).append(page.file.src_uri)
        return done

    compared: list[str] = []

    def render_both(page: Any, config: Any, files: Any) -> None:
        real(page, config, files)
        plain = mkdocs_pages.Page.__new__(mkdocs_pages.Page)  # not made the file's page
        plain.file, plain.markdown = page.file, page.markdown
        mkdocs_pages.Page.render(plain, config, files)
        assert page.content == plain.content, page.file.src_uri
        assert _toc(page.toc) == _toc(plain.toc), page.file.src_uri
        assert page._title_from_render == plain._title_from_render
        assert page.present_anchor_ids == plain.present_anchor_ids
        assert page.links_to_anchors == plain.links_to_anchors
        compared.append(page.file.src_uri)

    monkeypatch.setattr(generated_pages.GeneratedPage, "render", render_both)
    monkeypatch.setattr(generated_pages.GeneratedPage, "_render_blocks", blocks_or_whole)
    assert commands.build(root, tmp_path / "site") == 0
    entry_pages = [src for src in compared if src.startswith("practices/") and "/page/" not in src]
    assert len(entry_pages) == SMALL
    assert f"actors/{actor.name}" in compared
    assert "practices/index.md" not in compared  # in the navigation: MkDocs' own page
    entries = [src for src in whole if src.startswith(("practices/", "actors/"))]
    entries = [src for src in entries if "/page/" not in src]
    assert sorted(entries) == sorted(f"practices/{p.name}" for p in (footnoted, clashing))
    # A country's or a term's lists, first pages and continued, are only generated blocks.
    lists = [src for src in compared if src.startswith(("countries/", "themes/", "regions/"))]
    lists = [src for src in lists if not src.endswith("index.md")]
    assert any("/page/" in src for src in lists) and set(lists) <= set(by_body)
    site = tmp_path / "site" / "practices"
    assert 'class="footnote"' in (site / footnoted.stem / "index.html").read_text("utf-8")
    page = (site / marked.stem / "index.html").read_text(encoding="utf-8")
    assert "Needs review" in page and "A &amp; B &lt;i&gt;x&lt;/i&gt; *y*" in page


_SEGMENT = st.text(alphabet="abcXYZ019._~-%:;@!$&'()*+,=?# ", min_size=0, max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from(["https://", "http://", "HTTPS://", "ftp://", ""]),
    host=st.sampled_from(["x.org", "user@x.org:8080", "", "x.org?q", "x.org#f"]),
    base_path=st.lists(_SEGMENT, max_size=3),
    path=st.lists(_SEGMENT, max_size=4),
    slash=st.booleans(),
)
def test_a_plain_address_is_joined_as_urljoin_joins_it(
    scheme: str, host: str, base_path: list[str], path: list[str], slash: bool
) -> None:
    """Generated pages join the site's address and their own without `urljoin` only where that
    gives `urljoin`'s address: both plain, as every generated page's is."""
    from urllib.parse import urljoin, urlsplit

    from atlas.mkdocs_plugin.generated_pages import _PLAIN_PATH, _plain_base

    base = scheme + host + "/" + "/".join(base_path) + ("/" if base_path else "")
    relative = "/".join(path) + ("/" if slash else "")
    known = _plain_base(base)
    if known is not None and _PLAIN_PATH.fullmatch(relative):
        assert base + relative == urljoin(base, relative)
        assert known + relative == urlsplit(urljoin(base, relative)).path
    if base == "https://x.org/" and relative in ("practices/a-b/", "", "content/x.md"):
        assert known == "/" and _PLAIN_PATH.fullmatch(relative)


def test_generated_pages_have_the_addresses_mkdocs_gives_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every generated page's canonical, absolute and "Edit this page" addresses are those
    MkDocs' own `Page` gives the same file, with the site's settings and with odd ones."""
    from mkdocs.config import load_config
    from mkdocs.structure import pages as mkdocs_pages

    from atlas.mkdocs_plugin import generated_pages

    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    monkeypatch.setenv("ATLAS_NO_FORK", "1")
    root = _generator().generate(SMALL, tmp_path / "corpus", seed=5)
    seen: list[Any] = []
    real = generated_pages.GeneratedPage.__init__

    def keeping(page: Any, file: Any, config: Any, shared: Any) -> None:
        real(page, file, config, shared)
        seen.append((page, config))

    monkeypatch.setattr(generated_pages.GeneratedPage, "__init__", keeping)
    assert commands.build(root, tmp_path / "site") == 0
    config = load_config(str(root / "mkdocs.yml"))
    settings_tried = [
        {},
        {"site_url": "https://x.org/a b/", "repo_url": "https://github.com/o/r?x=1"},
        {"site_url": "HTTPS://x.org/a/../b", "edit_uri": "edit/main/../x/"},
        {"site_url": "", "repo_url": "", "edit_uri_template": "blob/main/{path}"},
    ]
    assert len(seen) > SMALL
    for changed in settings_tried:
        config.update(changed)
        for page, _ in seen:
            ours = generated_pages.GeneratedPage.__new__(generated_pages.GeneratedPage)
            plain = mkdocs_pages.Page.__new__(mkdocs_pages.Page)
            for made in (ours, plain):
                made.file = page.file
                made._set_canonical_url(config.get("site_url"))
                made._set_edit_url(
                    config.get("repo_url"), config.get("edit_uri"), config.get("edit_uri_template")
                )
            assert (ours.canonical_url, ours.abs_url, ours.edit_url) == (
                plain.canonical_url,
                plain.abs_url,
                plain.edit_url,
            ), page.file.src_uri


def test_the_benchmark_judges_a_run_without_the_diagnostic_builds() -> None:
    """`scripts/bench.py --no-site-floor` skips the builds of the Atlas's own pages by plain
    Material: the verdicts leave out the one ratio that needs them instead of failing."""
    spec = importlib.util.spec_from_file_location("bench", REPO / "scripts" / "bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    row = {
        "practices": 10000,
        "build_ratio": 1.31,
        "build_over_pages_floor": None,
        "check_ratio": 1.32,
        "practice_page_max_bytes": 49_000,
        "largest_pages": [{"bytes": 455_000, "page": "actor-types/public-agency/index.html"}],
        "build_ms_per_practice": 4.4,
    }
    found = bench.verdicts([row])
    assert found["build_ratio_at_10000"] is True
    assert "build_over_published_markdown_at_10000" not in found
