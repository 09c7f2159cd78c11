"""Generated pages converted by one Markdown processor per process, not one per page.

MkDocs' `Page.render` makes a new `markdown.Markdown` for every page: loading the site's
extensions and registering their processors again, 0.27 ms a page, 3.4 s of CPU for the 12,500
generated pages of 10,000 practices. Python-Markdown's `reset()` exists so that one processor
converts many documents (every extension that keeps state, such as the table of contents or the
footnotes, clears it there). `GeneratedPage.render` is MkDocs 1.6's `render` with the build's
processor reset and reused; MkDocs' four per-page processors (raw-HTML anchors, anchors, links,
title) are made for each page as MkDocs makes them and replace the previous page's by name. A
test renders every generated page both ways and requires the same result.

Pages in the navigation and the hand-written pages keep MkDocs' own `Page`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc


class SharedMarkdown:
    """The site's Markdown processor, made when first needed and reset for every page after.

    Made lazily so that every plugin's `on_config` has added its extensions first. A forked
    process uses its own copy, as it uses its own copy of everything.
    """

    def __init__(self, config: MkDocsConfig) -> None:
        self._config = config
        self._md: markdown.Markdown | None = None

    def processor(self) -> markdown.Markdown:
        if self._md is None:
            self._md = markdown.Markdown(
                extensions=self._config["markdown_extensions"],
                extension_configs=self._config["mdx_configs"] or {},
            )
        else:
            self._md.reset()
        return self._md


class GeneratedPage(mkdocs_pages.Page):
    """A generated page outside the navigation, converted with the build's shared processor."""

    def __init__(self, file: File, config: MkDocsConfig, shared: SharedMarkdown) -> None:
        super().__init__(None, file, config)
        self._shared = shared

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """Convert the page's Markdown as `Page.render` does, with the shared processor."""
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self._shared.processor()
        raw_html_ext = mkdocs_pages._RawHTMLPreprocessor()
        raw_html_ext._register(md)
        extract_anchors_ext = mkdocs_pages._ExtractAnchorsTreeprocessor(self.file, files, config)
        extract_anchors_ext._register(md)
        relative_path_ext = mkdocs_pages._RelativePathTreeprocessor(self.file, files, config)
        relative_path_ext._register(md)
        extract_title_ext = mkdocs_pages._ExtractTitleTreeprocessor()
        extract_title_ext._register(md)

        self.content = md.convert(self.markdown)
        self.toc = get_toc(getattr(md, "toc_tokens", []))
        self._title_from_render = extract_title_ext.title
        self.present_anchor_ids = (
            extract_anchors_ext.present_anchor_ids | raw_html_ext.present_anchor_ids
        )
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            self.links_to_anchors = relative_path_ext.links_to_anchors


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
