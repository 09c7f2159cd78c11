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
  the first of them it reads everything the child found (each page's front-matter, HTML,
  table of contents, title, anchors and links) and puts it on its own pages. It leaves
  the child its last few pages, and reads what the child wrote while the child does them.
* `ForkedTemplates` forks when the build renders its first page, once every page is converted.
  The child renders its pages' templates and writes them as `_build_page` does. The build's
  "main.html" claims each page as the build renders it (`DISPATCH`): the build then renders the
  page's template itself, or makes nothing, which MkDocs does not write (the child writes it).
  It leaves the child its last few pages too, and passes over the child's while the child
  does them; what Material's search read from them joins the index at the end (`finish_index`).

Whatever MkDocs logs in a child is logged again by the build's process when it reads the child's
result, so a warning counts in a strict build as if that process had logged it. The site is
byte-identical either way (a test builds it both ways). Only for `atlas build` (the preview
converts the pages an edit changed, in its own process), where the platform has `fork` and the
process runs no other thread.
"""

from __future__ import annotations

import gc
import io
import logging
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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

# What `Page.read_source` and `Page.render` set on a page, and the build reads afterwards. Not
# the page's Markdown: nothing reads it once the page is converted (MkDocs, Material's templates
# and search and the Atlas's use the HTML), and it was half of what the child sends back (at
# 10,000 practices, 180 MB to write and read again); such a page's `markdown` is "" here.
_STATE = ("meta", "content", "toc", "_title_from_render", "present_anchor_ids")
# When `ForkedTemplates` shares the pages, "main.html" (the template of every page without a
# `template:` of its own, and the one the theme's 404 page extends) is `DISPATCH`: it extends
# `ELSEWHERE` (nothing: the child writes the page) for the pages the child claimed,
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
    back while the build takes them from the front (`parallel.Meet`).

    The child pickles each result into a file as soon as it has it, so that pickling is shared
    like the rest of the work instead of following it (at 10,000 practices, sending 6,000
    converted pages back at the end kept the build waiting 3 s), and says how far the file is
    complete every few results, so that the build can read those while the child does its
    last pages (`TAIL`).
    """

    # The build's pass over each of the child's files, as a share of doing one (`parallel.Meet`).
    TAIL = 0.0
    # Results the child writes between two reports of how far its file is complete.
    BATCH = 8

    def __init__(self, order: Sequence[File], work: Callable[[File], Any]) -> None:
        self._position = {file.src_uri: index for index, file in enumerate(order)}
        self._meet = parallel.Meet(len(order), self.TAIL)
        self.share: set[str] = set()  # the files the child did, as the build reaches them
        self._found: dict[str, Any] = {}  # its results read so far
        self._finished = False
        self._spool = tempfile.TemporaryFile(prefix="atlas-pages-")  # noqa: SIM115
        self._read_to = 0  # bytes of the spool read so far
        self._complete = multiprocessing.get_context("fork").Value("q", 0)  # bytes written
        run = partial(_run, list(order), self._meet, work, self._spool, self._complete, self.BATCH)
        self._forked = parallel.Forked(run)

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
        """The child's result for one file: read with every result the child has written so
        far; if it is not among them, once the child has finished."""
        if src_uri not in self._found and not self._finished:
            self._take(self._complete.value)
            if src_uri not in self._found:
                self.finish()
        return self._found[src_uri]

    def finish(self) -> None:
        """Wait for the child and read the rest of its results; raise if it failed."""
        if self._finished:
            return
        try:
            count, records, failed = self._forked.result()
        except parallel.WorkerFailed as error:
            raise PluginError(f"a forked process building pages failed: {error}") from error
        self._finished = True
        for record in records:
            logging.getLogger(record.name).handle(record)
        if failed:
            raise PluginError(f"Error building page '{failed}")
        self._take(os.fstat(self._spool.fileno()).st_size)
        self._spool.close()
        if len(self._found) != count:
            raise PluginError(f"a forked process built {count} pages, {len(self._found)} arrived")

    def _take(self, upto: int) -> None:
        """Read the results pickled into the spool before byte `upto`, unpickled with the
        cycle collector off, as `parallel` does: many small objects, all of which survive."""
        if upto <= self._read_to:
            return
        spool = _At(self._spool.fileno(), self._read_to)
        enabled = gc.isenabled()
        gc.disable()
        try:
            while spool.position < upto:
                src_uri, found = pickle.load(spool)
                self._found[src_uri] = found
        finally:
            if enabled:
                gc.enable()
        self._read_to = upto

    def stop(self) -> None:
        """End the child if its result was never read (after a failed build, or when the
        build did every page itself)."""
        self._forked.stop()
        self._spool.close()


def _run(
    order: list[File],
    meet: parallel.Meet,
    work: Callable[[File], Any],
    spool: IO[bytes],
    complete: Any,
    batch: int,
) -> tuple[int, list[logging.LogRecord], str]:
    """In the child: each file's result pickled into `spool`, and `complete` set to how far
    the spool is complete every `batch` results; returns how many, what MkDocs logged, and the
    first page that failed."""
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
        if count % batch == 0:
            spool.flush()
            complete.value = spool.tell()
    spool.flush()
    return count, keep.records, failed


class ForkedPages(_Child):
    """The pages a forked child reads, converts and sanitises (`_populate_page`)."""

    # Measured at 10,000 practices, both cores busy: reading a page 0.05 ms, converting one 3 ms.
    TAIL = 0.017

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
        page.markdown = ""
        for name in _STATE:
            setattr(page, name, found[name])
        page.links_to_anchors = {
            files.get_file_from_path(src): anchors for src, anchors in found["links"].items()
        }


class ForkedTemplates(_Child):
    """The pages whose template a forked child renders, as `_build_page` would.

    Material's search plugin reads a page's HTML into its index as the page is rendered. The
    index is the build's, so the child hands back what it read from each page (`searched`, the
    index's list of entries, grows in the child too); the build keeps each of those pages'
    place in its index (`pending`) and puts there what the child read, once the child has
    finished (`finish_index`). The index is the same, and the build neither reads those pages
    again nor waits for the child before its own pass over them.
    """

    # Measured at 10,000 practices: the build's pass over a page 0.09 ms, rendering one 1.3 ms.
    TAIL = 0.07

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

    @staticmethod
    def pending(page: Page) -> _Pending:
        """What stands in Material's search index for `page`, which the child renders, until
        `finish_index`."""
        return _Pending(page.file.src_uri)

    def finish_index(self, entries: list[Any] | None) -> None:
        """Wait for the child (raise if it failed), and replace every `pending` page in
        `entries`, Material's search index, with what the search read from it there."""
        self.finish()
        if entries is not None:
            entries[:] = [
                each
                for entry in entries
                for each in (
                    (self._found[entry.src_uri] or []) if isinstance(entry, _Pending) else [entry]
                )
            ]

    @staticmethod
    def loader(env: jinja2.Environment) -> jinja2.BaseLoader:
        """`env`'s loader with "main.html" dispatching (`DISPATCH`): set it before forking."""
        own, _, _ = env.loader.get_source(env, MAIN)
        parts = {MAIN: DISPATCH, OWN_MAIN: own, ELSEWHERE: ""}
        return jinja2.ChoiceLoader([jinja2.DictLoader(parts), env.loader])


class _At:
    """A file read from a position of its own, for `pickle.load`: the spool's file position
    is shared with the child, which is still writing."""

    def __init__(self, fd: int, position: int) -> None:
        self._fd = fd
        self.position = position

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            size = os.fstat(self._fd).st_size - self.position
        data = os.pread(self._fd, size, self.position)
        self.position += len(data)
        return data

    def readline(self) -> bytes:  # pickle's protocol 5 never reads lines; required all the same
        raise io.UnsupportedOperation("readline")


@dataclass(frozen=True)
class _Pending:
    """The place of a page the child renders in Material's search index."""

    src_uri: str


def _meta(file: File) -> dict[str, Any]:
    assert file.page is not None
    return file.page.meta
