"""The second half of the generated pages converted, sanitised and rendered in forked processes.

MkDocs reads and converts every page in one loop, then renders every page's template in another,
all on one core of two; at 1,000 practices the two loops are most of `atlas build`. Each loop is
shared with a forked child, which takes the last generated pages of the loop while the build's
own process does the first ones:

* `ForkedPages` forks when the navigation is ready, just before the first loop. The child runs
  MkDocs' own `_populate_page` (read, convert, sanitise) on its pages; when the build reaches
  the first of them it reads everything the child found (each page's Markdown, front-matter,
  HTML, table of contents, title, anchors and links) and puts it on its own pages.
* `ForkedTemplates` forks when the build renders its first page, once every page is converted.
  The child renders its pages' templates as `_build_page` does; the build renders those pages
  with a template that writes the child's HTML (`TEMPLATE`), and writes them as usual.

Whatever MkDocs logs in a child is logged again by the build's process when it reads the child's
result, so a warning counts in a strict build as if that process had logged it. The site is
byte-identical either way (a test builds it both ways). Only for `atlas build` (the preview
converts the pages an edit changed, in its own process), where the platform has `fork` and the
process runs no other thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from mkdocs.commands.build import _populate_page, get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from atlas import parallel

# What `Page.read_source` and `Page.render` set on a page, and the build reads afterwards.
_STATE = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids")
# The template of a page the child rendered: the child's HTML, as it is.
TEMPLATE = "atlas/rendered-elsewhere.html"
TEMPLATE_SOURCE = "{{ atlas_rendered_elsewhere(page) }}"


class _Keep(logging.Handler):
    """Collects the child's log records, to be logged again by the parent."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


def _split(files: list[File], weights: dict[str, int]) -> list[File]:
    """The last files of the loop that add up to about half of the work (weighed by length)."""
    total = sum(weights.get(file.src_uri, 0) for file in files)
    taken, share = 0, []
    for file in reversed(files):
        if taken * 2 >= total:
            break
        taken += weights.get(file.src_uri, 0)
        share.append(file)
    return share[::-1]


class _Child:
    """A forked process that computes one result per file of its share (`parallel.Forked`)."""

    def __init__(self, share: Sequence[File], work: Callable[[File], Any]) -> None:
        self.share = {file.src_uri for file in share}
        self._result: dict[str, Any] | None = None
        self._forked = parallel.Forked(partial(_run, share, work))

    def result(self, src_uri: str) -> Any:
        """The child's result for one file (waiting for the child the first time)."""
        if self._result is None:
            try:
                result, records, failed = self._forked.result()
            except parallel.WorkerFailed as error:
                raise PluginError(f"a forked process building pages failed: {error}") from error
            for record in records:
                logging.getLogger(record.name).handle(record)
            if failed:
                raise PluginError(f"Error building page '{failed}")
            self._result = result
        return self._result[src_uri]

    def stop(self) -> None:
        """After a failed build: end the child if its result was never read."""
        self._forked.stop()


def _run(
    share: Sequence[File], work: Callable[[File], Any]
) -> tuple[dict[str, Any], list[logging.LogRecord], str]:
    """In the child: each file's result, what MkDocs logged, and the first page that failed."""
    keep = _Keep()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.handlers = [keep]
    mkdocs_log.propagate = False
    result: dict[str, Any] = {}
    failed = ""
    for file in share:
        try:
            result[file.src_uri] = work(file)
        except Exception as error:
            failed = f"{file.src_uri}': {error}"
            break
    return result, keep.records, failed


class ForkedPages(_Child):
    """The pages a forked child reads, converts and sanitises (`_populate_page`)."""

    def __init__(self, share: Sequence[File], config: MkDocsConfig, files: Files) -> None:
        def convert(file: File) -> dict[str, Any]:
            page = Page(None, file, config)
            _populate_page(page, config, files)
            found = {name: getattr(page, name) for name in _STATE}
            links = page.links_to_anchors or {}
            found["links"] = {target.src_uri: anchors for target, anchors in links.items()}
            return found

        super().__init__(share, convert)

    @classmethod
    def start(
        cls, pages: Sequence[File], weights: dict[str, int], config: MkDocsConfig, files: Files
    ) -> ForkedPages | None:
        """Fork for the second half of `pages` (in MkDocs' order), if there is work to share."""
        share = _split(list(pages), weights)
        return cls(share, config, files) if share else None

    def restore(self, page: Page, files: Files) -> None:
        """Put on `page` what the child found for it."""
        found = self.result(page.file.src_uri)
        for name in _STATE:
            setattr(page, name, found[name])
        page.links_to_anchors = {
            files.get_file_from_path(src): anchors for src, anchors in found["links"].items()
        }


class ForkedTemplates(_Child):
    """The pages whose template a forked child renders, as `_build_page` would."""

    def __init__(
        self,
        share: Sequence[File],
        documentation: Sequence[File],
        config: MkDocsConfig,
        nav: Navigation,
        env: Any,
        current: Page,
    ) -> None:
        plugins = config.plugins  # their page-context events run in the child too

        def render(file: File) -> str:
            current.active = False  # the page the build was rendering when it forked
            page = file.page
            assert page is not None
            config._current_page = page
            page.active = True
            try:
                context = get_context(nav, documentation, config, page)
                template = env.get_template(page.meta.get("template", "main.html"))
                context = plugins.on_page_context(context, page=page, config=config, nav=nav)
                return template.render(context)
            finally:
                page.active = False
                config._current_page = None

        super().__init__(share, render)
        for file in share:  # the build renders them with the child's HTML
            assert file.page is not None
            file.page.meta["template"] = TEMPLATE

    @classmethod
    def start(
        cls,
        pages: Sequence[File],
        documentation: Sequence[File],
        config: MkDocsConfig,
        nav: Navigation,
        env: Any,
        current: Page,
    ) -> ForkedTemplates | None:
        """Fork for the second half of `pages` (in MkDocs' order), if there is work to share;
        `documentation` is the list of pages MkDocs gives every template, `current` the page
        the build is rendering."""
        share = list(pages)[len(pages) // 2 :]
        return cls(share, documentation, config, nav, env, current) if share else None

    def html(self, page: Page) -> str:
        return self.result(page.file.src_uri)
