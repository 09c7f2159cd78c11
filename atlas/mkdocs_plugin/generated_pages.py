"""How the generated pages are converted: Python-Markdown only for what contributors wrote.

A practice page's Markdown is mostly generated: its title and summary (escaped by
`markup.text`), a few headings, and finished HTML between marker lines (`pages.raw_block`); the
contributor's body sits between markers of its own (`pages.contributed`). MkDocs' `Page.render`
runs all of it through a new Python-Markdown processor: 0.27 ms a page to make the processor,
about 0.9 ms to convert the generated parts, as much as the body itself.

`GeneratedPage.render` gives the same result for less:

* one processor per process, reset between pages (Python-Markdown's `reset()` exists so that one
  processor converts many documents; every extension that keeps state clears it there), with
  MkDocs' four per-page processors (raw-HTML anchors, anchors, links, title) made for each page;
* when the page's Markdown is made only of escaped lines, headings, finished HTML and at most
  one contributor's body, only the body goes through Python-Markdown: the rest is written as
  Python-Markdown writes it (paragraphs, headings with their ids and permalinks, raw HTML), and
  the table of contents is the generated headings' and the body's in document order. Whenever
  the result could differ (other extensions or settings, footnotes or a `[TOC]` marker in the
  body, a body heading whose id a generated heading also has, any line outside that grammar),
  the whole page is converted as MkDocs converts it.

A test converts every generated page of a catalogue both ways and requires the same HTML,
table of contents, title, anchors and links. Pages in the navigation and hand-written pages
keep MkDocs' own `Page`.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

import markdown
from markdown import Extension, Markdown
from markdown.extensions.toc import nest_toc_tokens, unique
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.preprocessors import Preprocessor
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc

from atlas.site.markup import text_html
from atlas.site.pages import CONTRIB_CLOSE, CONTRIB_OPEN, RAW_CLOSE, RAW_OPEN

# The Markdown set-up whose output the fast path writes (mkdocs.yml; MkDocs adds the first three).
KNOWN_EXTENSIONS = frozenset(
    [
        "toc",
        "tables",
        "fenced_code",
        "def_list",
        "attr_list",
        "md_in_html",
        "admonition",
        "footnotes",
    ]
)
KNOWN_TOC = {"permalink": True}
_HEADING = re.compile(r"(#{1,6}) (.+?)(?: \{ #([a-z0-9-]+) \})?")
_BOUND = "atlasbodyboundary"  # a paragraph put around a body while it is converted alone
_PERMALINK = '<a class="headerlink" href="#{0}" title="Permanent link">&para;</a>'
# A relative path without dot segments, empty segments, scheme, query or fragment.
_PLAIN_PATH = re.compile(r"(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/?)*")

Block = tuple[Any, ...]  # ("p", html) | ("heading", level, html, id) | ("raw" | "body", text)


class SharedMarkdown:
    """The site's Markdown processor, made when first needed and reset for every page after.

    Made lazily so that every plugin's `on_config` has added its extensions first. A forked
    process uses its own copy, as it uses its own copy of everything.
    """

    def __init__(self, config: MkDocsConfig) -> None:
        self._config = config
        self._md: markdown.Markdown | None = None
        extensions = config["markdown_extensions"]
        # Whether the site's Markdown set-up is the one `GeneratedPage` writes the output of.
        self.known = (
            all(
                isinstance(e, FinishedHtml) or (isinstance(e, str) and e in KNOWN_EXTENSIONS)
                for e in extensions
            )
            and (config["mdx_configs"] or {}).get("toc") == KNOWN_TOC
        )

    def processor(self) -> markdown.Markdown:
        if self._md is None:
            self._md = markdown.Markdown(
                extensions=self._config["markdown_extensions"],
                extension_configs=self._config["mdx_configs"] or {},
            )
        else:
            self._md.reset()
        return self._md


@dataclass
class _Converted:
    """What MkDocs keeps of one conversion."""

    content: str
    toc_tokens: list[dict[str, Any]]
    title: str | None
    tree_ids: set[str]  # the ids of the converted elements (headings, attribute lists)
    raw_ids: set[str]  # ids in raw HTML
    links: Any  # links to anchors of other pages, for MkDocs' anchor validation


class GeneratedPage(mkdocs_pages.Page):
    """A generated page outside the navigation, converted with the build's shared processor."""

    def __init__(self, file: File, config: MkDocsConfig, shared: SharedMarkdown) -> None:
        super().__init__(None, file, config)
        self._shared = shared

    def _set_canonical_url(self, base: str | None) -> None:
        """MkDocs' canonical and absolute addresses, joined without `urljoin` when the site's
        address and the page's are plain (two thirds of making a page object)."""
        if base and not base.endswith("/"):
            base += "/"
        path = _plain_base(base) if base else None
        if base and path is not None and _PLAIN_PATH.fullmatch(self.url):
            self.canonical_url, self.abs_url = base + self.url, path + self.url
        else:
            super()._set_canonical_url(base)

    def _set_edit_url(
        self,
        repo_url: str | None,
        edit_uri: str | None = None,
        edit_uri_template: str | None = None,
    ) -> None:
        """MkDocs' "Edit this page" address, joined as `_set_canonical_url` joins."""
        src_uri = self.file.edit_uri
        base = repo_url if not repo_url or repo_url.endswith("/") else repo_url + "/"
        if (
            base
            and edit_uri
            and not edit_uri_template
            and src_uri is not None
            and _plain_base(base) is not None
            and _PLAIN_PATH.fullmatch(edit_uri + src_uri)
        ):
            self.edit_url = base + edit_uri + src_uri
        else:
            super()._set_edit_url(repo_url, edit_uri, edit_uri_template)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Convert the page's Markdown: its body alone when that gives the same result."""
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        blocks = _blocks(self.markdown) if self._shared.known else None
        if blocks is None or not self._render_blocks(blocks, config, files):
            whole = self._convert(self._shared.processor(), self.markdown, config, files)
            self._set(whole.content, whole.toc_tokens, whole.title, whole, set())

    def _convert(
        self, md: markdown.Markdown, source: str, config: MkDocsConfig, files: Files
    ) -> _Converted:
        """`source` through `md` (just reset) with MkDocs' per-page processors, as MkDocs 1.6's
        `Page.render` converts a page."""
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(self.file, files, config)
        anchors._register(md)
        links = mkdocs_pages._RelativePathTreeprocessor(self.file, files, config)
        links._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        content = md.convert(source)
        return _Converted(
            content,
            getattr(md, "toc_tokens", []),
            title.title,
            anchors.present_anchor_ids,
            raw_html.present_anchor_ids,
            links.links_to_anchors,
        )

    def _render_blocks(self, blocks: list[Block], config: MkDocsConfig, files: Files) -> bool:
        """Write the generated blocks and convert only the body; False, with nothing set or
        reported, when that could differ from converting the whole page."""
        bodies = [block[1] for block in blocks if block[0] == "body"]
        if len(bodies) > 1 or blocks[0][:2] != ("heading", 1):
            return False
        source = bodies[0] if bodies else ""
        if "[^" in source or "[TOC]" in source:  # footnotes and the marker span the whole page
            return False
        md = self._shared.processor()
        body = _Converted("", [], None, set(), set(), {})
        reported: list[logging.LogRecord] = []
        if source.strip():
            # Between two paragraphs, as between the blocks around it on the page, so that it
            # converts alike; the whitespace it ends with is kept (a final raw-HTML block's).
            with _held(mkdocs_pages.log) as reported:
                body = self._convert(md, f"{_BOUND}\n\n{source}\n\n{_BOUND}", config, files)
            head, tail = f"<p>{_BOUND}</p>\n", f"\n<p>{_BOUND}</p>"
            content = body.content
            if not (content.startswith(head) and content.endswith(tail)):
                return False  # the body ran into what follows it (an unclosed block)
            body = replace(body, content=content[len(head) : -len(tail)])
        toc = md.treeprocessors["toc"]
        used = {block[3] for block in blocks if block[0] == "heading" and block[3]}
        counters: dict[str, int] = {}
        parts: list[str] = []
        tokens: list[dict[str, Any]] = []
        ids: set[str] = set()
        for block in blocks:
            if block[0] == "p":
                parts.append(f"<p>{block[1]}</p>")
            elif block[0] == "raw":
                raw = block[1]
                if not raw:
                    return False
                block_level = RawHtmlPostprocessor(md).isblocklevel(raw)
                parts.append(raw if block_level else f"<p>{raw}</p>")
            elif block[0] == "body":
                if body.content:
                    parts.append(body.content)
                tokens.extend(_flat(body.toc_tokens))
            else:
                _, level, inner, explicit = block
                anchor = explicit or unique(
                    toc.slugify(html.unescape(inner), toc.sep), used, counters
                )
                ids.add(anchor)
                parts.append(
                    f'<h{level} id="{anchor}">{inner}{_PERMALINK.format(anchor)}</h{level}>'
                )
                tokens.append(
                    {
                        "level": level,
                        "id": anchor,
                        "name": inner,
                        "html": inner,
                        "data-toc-label": "",
                    }
                )
        if ids & body.tree_ids:
            return False  # converted whole, Python-Markdown makes the ids unique across the page
        for record in reported:
            mkdocs_pages.log.handle(record)
        # Each heading's permalink is a link to an anchor of this page, first on the page.
        links = {self.file: {token["id"]: f"#{token['id']}" for token in tokens}}
        for target, anchors in (body.links or {}).items():
            for anchor, url in anchors.items():
                links.setdefault(target, {}).setdefault(anchor, url)
        body = replace(body, links=links)
        title = " ".join(blocks[0][2].split())
        self._set("\n".join(parts), nest_toc_tokens(tokens), title, body, ids)
        return True

    def _set(
        self,
        content: str,
        tokens: list[dict[str, Any]],
        title: str | None,
        converted: _Converted,
        more_ids: set[str],
    ) -> None:
        self.content = content
        self.toc = get_toc(tokens)
        self._title_from_render = title
        self.present_anchor_ids = converted.tree_ids | converted.raw_ids | more_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = converted.links


@functools.cache
def _plain_base(base: str) -> str | None:
    """The path of `base` if `urljoin(base, path)` is `base + path` for every plain relative
    path (`_PLAIN_PATH`): an absolute http(s) address ending in "/" with a plain path."""
    if base.startswith(("http://", "https://")) and base.endswith("/"):
        parts = urlsplit(base)
        plain = parts.netloc and not (parts.query or parts.fragment or "?" in base)
        if plain and _PLAIN_PATH.fullmatch(parts.path[1:]) and urljoin(base, "x") == base + "x":
            return parts.path
    return None


def _blocks(source: str) -> list[Block] | None:
    """The page's Markdown as generated blocks, or None if any part is not one of them: a line
    `markup.text()` wrote (a paragraph), a heading of such text (with an explicit id or not),
    finished HTML, a contributor's body; each line a block of its own."""
    lines = source.split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line in (RAW_OPEN, CONTRIB_OPEN):
            close = RAW_CLOSE if line == RAW_OPEN else CONTRIB_CLOSE
            try:
                end = lines.index(close, i + 1)
            except ValueError:
                return None
            blocks.append(("raw" if line == RAW_OPEN else "body", "\n".join(lines[i + 1 : end])))
            i = end + 1
            continue
        if line.strip():
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if following.strip() and following not in (RAW_OPEN, CONTRIB_OPEN):
                return None  # a paragraph of several lines
            heading = _HEADING.fullmatch(line)
            inner = text_html(heading.group(2) if heading else line)
            if inner is None or (not heading and line.startswith(":")):
                return None
            if heading:
                blocks.append(("heading", len(heading.group(1)), inner, heading.group(3)))
            else:
                blocks.append(("p", inner))
        i += 1
    return blocks or None


def _flat(tokens: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Nested table-of-contents tokens in document order, without their children."""
    for token in tokens:
        yield {k: v for k, v in token.items() if k != "children"}
        yield from _flat(token.get("children", []))


@contextmanager
def _held(logger: logging.Logger) -> Iterator[list[logging.LogRecord]]:
    """Hold back what `logger` reports meanwhile (MkDocs' link checks on the body), so that
    converting the page again after all does not report it twice; the caller replays it."""
    records: list[logging.LogRecord] = []

    def hold(record: logging.LogRecord) -> bool:
        records.append(record)
        return False

    logger.addFilter(hold)
    try:
        yield records
    finally:
        logger.removeFilter(hold)


class _FinishedHtmlBlocks(Preprocessor):
    """Stores each finished-HTML block as raw HTML without parsing it, and blanks the lines
    that mark a contributor's Markdown (`pages.contributed`).

    Python-Markdown would find the same block to be raw HTML and store it the same way, after
    running it through its HTML parser: for the generated list pages that parse was most of the
    Markdown time. The sanitiser still reads every page's output.
    """

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == RAW_OPEN:
                    block = []
                elif line in (CONTRIB_OPEN, CONTRIB_CLOSE):
                    out.append("")
                else:
                    out.append(line)
            elif line == RAW_CLOSE:
                out.extend(["", self.md.htmlStash.store("\n".join(block)), ""])
                block = None
            else:
                block.append(line)
        if block is not None:  # never closed: leave the text as it was
            out.extend([RAW_OPEN, *block])
        return out


class FinishedHtml(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace normalisation (30), before the raw-HTML block parser (20).
        md.preprocessors.register(_FinishedHtmlBlocks(md), "atlas_finished_html", 25)


def nav_paths(nav: Any) -> Iterator[str]:
    """Every docs path the `nav` setting names (MkDocs makes those pages itself, with titles)."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_paths(item)
