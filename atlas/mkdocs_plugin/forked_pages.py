"""The generated pages converted, sanitised and rendered by two processes: the build's and a
forked one.

MkDocs reads and converts every page in one loop, then renders every page's template in another,
all on one core of two; at 1,000 practices the two loops are most of `atlas build`. Each loop is
shared with a forked child: the build's process takes the generated pages from the front, as
MkDocs' loop reaches them, and the child takes them from the back, each claiming a page just
before doing it (`parallel.Meet`), so the two meet where the work is split evenly, whatever
each page costs (a practice page with a contributor's Markdown costs several times a list page
of the same length). A page's Markdown is itself made where the page is converted
(`SitePages.makers`).

* `ForkedPages` forks when the navigation is ready, just before the first loop. The child runs
  MkDocs' own `_populate_page` (make, convert, sanitise) on its pages; when the build reaches
  the first of them it reads everything the child found (each page's Markdown, front-matter,
  HTML, table of contents, title, anchors and links) and puts it on its own pages.
* `ForkedTemplates` forks when the build renders its first page, once every page is converted.
  The child renders its pages' templates and writes them as `_build_page` does. The build's
  "main.html" claims each page as the build renders it (`DISPATCH`): the build then renders the
  page's template itself, or makes nothing, which MkDocs does not write (the child wrote it),
  once the child has finished.

Whatever MkDocs logs in a child is logged again by the build's process when it reads the child's
result, so a warning counts in a strict build as if that process had logged it. The site is
byte-identical either way (a test builds it both ways). Only for `atlas build` (the preview
converts the pages an edit changed, in its own process), where the platform has `fork` and the
process runs no other thread.
"""

from __future__ import annotations

import gc
import logging
import pickle
import tempfile
from collections.abc import Callable, Sequence
from functools import partial
from typing import IO, Any

import jinja2
from mkdocs import utils
from mkdocs.commands.build import _populate_page, get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from atlas import parallel

# What `Page.read_source` and `Page.render` set on a page, and the build reads afterwards.
_STATE = ("markdown", "meta", "content", "toc", "_title_from_render", "present_anchor_ids")
# When `ForkedTemplates` shares the pages, "main.html" (the template of every page without a
# `template:` of its own, and the one the theme's 404 page extends) is `DISPATCH`: it extends
# `ELSEWHERE` (nothing, once the child has written the page) for the pages the child claimed,
# and Material's main.html with the theme's overrides, renamed `OWN_MAIN`, for every other.
# (Not a `template:` in the pages' front-matter: Material's partials change when a page that
# had no front-matter gets some.)
MAIN = "main.html"
OWN_MAIN = "atlas/own-main.html"
ELSEWHERE = "atlas/rendered-elsewhere.html"
DISPATCH = f'{{% extends ("{ELSEWHERE}" if atlas_rendered_elsewhere(page) else "{OWN_MAIN}") %}}'


class _Keep(logging.Handler):
    """Collects the child's log records, to be logged again by the parent."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)


class _Child:
    """A forked process that computes one result per file of `order`, taking files from the
    back while the build takes them from the front (`parallel.Meet`)."""

    def __init__(self, order: Sequence[File], work: Callable[[File], Any]) -> None:
        self._position = {file.src_uri: index for index, file in enumerate(order)}
        self._meet = parallel.Meet(len(order))
        self.share: set[str] = set()  # the files the child did, as the build reaches them
        self._result: dict[str, Any] | None = None
        # The child pickles each result into this file as soon as it has it, so that pickling
        # is shared like the rest of the work instead of following it: at 10,000 practices,
        # sending 6,000 converted pages back at the end kept the build waiting 3 s. Closed by
        # `_read` or `stop`.
        self._spool = tempfile.TemporaryFile(prefix="atlas-pages-")  # noqa: SIM115
        self._forked = parallel.Forked(partial(_run, list(order), self._meet, work, self._spool))

    def theirs(self, src_uri: str) -> bool:
        """Called by the build for each file as it reaches it, in order: whether the child
        does (or did) this one; if not, the build does it."""
        position = self._position.get(src_uri)
        try:
            if position is None or self._meet.mine(position):
                return False
        except parallel.WorkerFailed as error:
            raise PluginError(f"a forked process building pages failed: {error}") from error
        self.share.add(src_uri)
        return True

    def result(self, src_uri: str) -> Any:
        """The child's result for one file (waiting for the child the first time)."""
        if self._result is None:
            try:
                count, records, failed = self._forked.result()
            except parallel.WorkerFailed as error:
                raise PluginError(f"a forked process building pages failed: {error}") from error
            for record in records:
                logging.getLogger(record.name).handle(record)
            if failed:
                raise PluginError(f"Error building page '{failed}")
            self._result = _read(self._spool, count)
        return self._result[src_uri]

    def stop(self) -> None:
        """End the child if its result was never read (after a failed build, or when the
        build did every page itself)."""
        self._forked.stop()
        self._spool.close()


def _run(
    order: list[File], meet: parallel.Meet, work: Callable[[File], Any], spool: IO[bytes]
) -> tuple[int, list[logging.LogRecord], str]:
    """In the child: each file's result pickled into `spool`; returns how many, what MkDocs
    logged, and the first page that failed."""
    keep = _Keep()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.handlers = [keep]
    mkdocs_log.propagate = False
    count, failed = 0, ""
    while (index := meet.next_back()) is not None:
        file = order[index]
        try:
            found = work(file)
        except Exception as error:
            failed = f"{file.src_uri}': {error}"
            break
        pickle.dump((file.src_uri, found), spool, protocol=pickle.HIGHEST_PROTOCOL)
        count += 1
    spool.flush()
    return count, keep.records, failed


def _read(spool: IO[bytes], count: int) -> dict[str, Any]:
    """The `count` results the child pickled into `spool`. Unpickled with the cycle collector
    off, as `parallel` does: many small objects, all of which survive."""
    spool.seek(0)
    enabled = gc.isenabled()
    gc.disable()
    try:
        return dict(pickle.load(spool) for _ in range(count))
    finally:
        if enabled:
            gc.enable()
        spool.close()


class ForkedPages(_Child):
    """The pages a forked child reads, converts and sanitises (`_populate_page`)."""

    def __init__(self, order: Sequence[File], config: MkDocsConfig, files: Files) -> None:
        def convert(file: File) -> dict[str, Any]:
            page = file.page  # this process's copy, of the class the build made it
            assert page is not None
            _populate_page(page, config, files)
            found = {name: getattr(page, name) for name in _STATE}
            links = page.links_to_anchors or {}
            found["links"] = {target.src_uri: anchors for target, anchors in links.items()}
            return found

        super().__init__(order, convert)

    @classmethod
    def start(cls, pages: Sequence[File], config: MkDocsConfig, files: Files) -> ForkedPages | None:
        """Fork to share `pages` (in MkDocs' order), if there are any."""
        return cls(pages, config, files) if pages else None

    def restore(self, page: Page, files: Files) -> None:
        """Put on `page` what the child found for it."""
        found = self.result(page.file.src_uri)
        for name in _STATE:
            setattr(page, name, found[name])
        page.links_to_anchors = {
            files.get_file_from_path(src): anchors for src, anchors in found["links"].items()
        }


class ForkedTemplates(_Child):
    """The pages whose template a forked child renders, as `_build_page` would.

    Material's search plugin reads a page's HTML into its index as the page is rendered. The
    index is the build's, so the child hands back what it read from each page (`searched`, the
    index's list of entries, grows in the child too) and the build adds that to its own index
    where it would have read the page itself (`search_entries`): the index is the same, and the
    build does not read, alone after the child, the pages it did not render.
    """

    def __init__(
        self,
        order: Sequence[File],
        documentation: Sequence[File],
        config: MkDocsConfig,
        nav: Navigation,
        env: Any,
        current: Page,
        searched: list[Any] | None,
    ) -> None:
        plugins = config.plugins  # their page-context events run in the child too
        order = [file for file in order if _meta(file).get("template", MAIN) == MAIN]

        def render(file: File) -> list[Any] | None:
            current.active = False  # the page the build was rendering when it forked
            page = file.page
            assert page is not None
            config._current_page = page
            page.active = True
            try:
                context = get_context(nav, documentation, config, page)
                template = env.get_template(OWN_MAIN)
                known = len(searched) if searched is not None else 0
                context = plugins.on_page_context(context, page=page, config=config, nav=nav)
                output = plugins.on_post_page(template.render(context), page=page, config=config)
                if output.strip():
                    utils.write_file(
                        output.encode("utf-8", errors="xmlcharrefreplace"), file.abs_dest_path
                    )
                return searched[known:] if searched is not None and len(searched) > known else None
            finally:
                page.active = False
                config._current_page = None

        super().__init__(order, render)

    @classmethod
    def start(
        cls,
        pages: Sequence[File],
        documentation: Sequence[File],
        config: MkDocsConfig,
        nav: Navigation,
        env: Any,
        current: Page,
        searched: list[Any] | None,
    ) -> ForkedTemplates | None:
        """Fork to share `pages` (in MkDocs' order, after `current`, the page the build is
        rendering), if there are any; `documentation` is the list of pages MkDocs gives every
        template, `searched` the entries of Material's search index (None without it)."""
        if not pages:
            return None
        return cls(pages, documentation, config, nav, env, current, searched)

    def search_entries(self, page: Page) -> list[Any]:
        """What Material's search read from `page`, which the child rendered."""
        return self.result(page.file.src_uri) or []

    def written(self, page: Page) -> str:
        """Nothing, once the child has written `page` (MkDocs writes no empty page)."""
        self.result(page.file.src_uri)
        return ""

    @staticmethod
    def loader(env: jinja2.Environment) -> jinja2.BaseLoader:
        """`env`'s loader with "main.html" dispatching (`DISPATCH`): set it before forking."""
        own, _, _ = env.loader.get_source(env, MAIN)
        elsewhere = "{{ atlas_written_elsewhere(page) }}"
        parts = {MAIN: DISPATCH, OWN_MAIN: own, ELSEWHERE: elsewhere}
        return jinja2.ChoiceLoader([jinja2.DictLoader(parts), env.loader])


def _meta(file: File) -> dict[str, Any]:
    assert file.page is not None
    return file.page.meta
