"""The `atlas` MkDocs plugin: a thin adapter that hands MkDocs what the core computes.

It loads the catalogue once per build, adds the generated pages and files, appends the home
page's generated sections, sanitises page content and watches `content/` while serving. All logic
lives in the core (`atlas.catalogue`, `atlas.site`), which never imports MkDocs.

Cost (docs/performance.md):

* `atlas build` checks the content and hands the loaded catalogue to the plugin
  (`AtlasPlugin.preloaded`), so the content is read once per build.
* A Markdown extension (`FinishedHtml`) passes the generated pages' finished-HTML blocks
  (`atlas.site.pages.raw_block`) to the output without parsing them, and generated pages run
  only their contributor's Markdown through one processor per process
  (`generated_pages.GeneratedPage`).
* Generated pages are not read by Material's search plugin (`search: exclude`); their compact
  entries (`SitePages.search_entries`) are added to its index instead.
* `atlas build` computes the explorer's index and the open data in a forked process, which
  writes them into the site, while it renders the pages (`_Elsewhere`), where the platform has
  `fork`.
* It shares making, converting and sanitising the generated pages with a forked process, and
  rendering and writing them with another (`forked_pages`), where it can fork: the build takes
  pages from the front, the child from the back, and they meet where the work is even.
* Material's navigation sidebar and tabs are rendered once for all the generated pages that
  see them alike (`navigation.RenderedParts`, used by the theme's partials).
* While serving (`atlas serve` runs MkDocs' dirty builds), the catalogue is re-read only for the
  files whose bytes changed (`catalogue.LoadCache`), only the pages whose Markdown changed are
  rendered again (`ServeState`), a prose edit regenerates only its entry's pages, and the
  explorer's index and the open data follow in the background (`AtlasPlugin._outputs`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from atlas import catalogue as catalogue_module
from atlas import exports, parallel, partners
from atlas.catalogue import Catalogue, LoadCache, LoadResult
from atlas.exports.common import FILES
from atlas.mkdocs_plugin import template_cache
from atlas.mkdocs_plugin.config import AtlasConfig
from atlas.mkdocs_plugin.forked_pages import ForkedPages, ForkedTemplates
from atlas.mkdocs_plugin.generated_pages import (
    FinishedHtml,
    GeneratedPage,
    SharedMarkdown,
    nav_paths,
)
from atlas.mkdocs_plugin.navigation import RenderedParts
from atlas.site import outputs
from atlas.site.pages import SitePages, practice_src
from atlas.site.sanitize import sanitize

_LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav", "mkdocs.commands.build")
_GENERATED_DOC = re.compile(r"'(practices|actors)/(?!index\.md')([a-z0-9-]+)\.md'")
_DIRTY_NOTICE = "A 'dirty' build is being performed"
_SKIPPED = "Page skipped: '"
log = logging.getLogger("mkdocs.plugins.atlas")


class _NameTheEntry(logging.Filter):
    """Rewrites MkDocs' messages about generated pages to name the contributor's file."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _GENERATED_DOC.search(message):
            record.msg = _GENERATED_DOC.sub(r"'content/\1/\2.md'", message)
            record.args = ()
        return True


class _Quiet(logging.Filter):
    """Drops two of MkDocs' messages that report nothing wrong here: its warning about dirty
    builds (the preview's incremental builds are dirty builds; the warning would stop every
    one in strict mode, and the plugin handles what it warns about), and "Page skipped" for
    each page a forked process wrote (`forked_pages.DISPATCH`)."""

    def __init__(self) -> None:
        super().__init__()
        self.written_elsewhere: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith(_SKIPPED):
            return message[len(_SKIPPED) :].split("'", 1)[0] not in self.written_elsewhere
        return not message.startswith(_DIRTY_NOTICE)


def _digest(data: str | bytes) -> bytes:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.blake2b(raw, digest_size=16).digest()


@dataclass
class Outputs:
    """Everything one build generates from the catalogue (pages and files may be `_Later`)."""

    pages: dict[str, Any]  # docs path -> Markdown
    files: dict[str, Any]  # site path -> bytes (or the `_Elsewhere` that writes it)
    search: dict[str, dict[str, Any]]  # docs path -> Material search entry
    jsonld: dict[str, dict[str, Any]]  # page URL -> schema.org description
    home: str | None = None  # the home page's generated sections (computed when first needed)


class _Elsewhere:
    """The explorer's index, the open data and their two pages (`SiteOutputs.data_pages`,
    `data_files`), the finder's data, and what describes the generated pages to Material's
    search and to search engines (`search_entries`, `exports.jsonld`), computed in a forked
    process while this one converts the pages: a third of the plugin's own work at 1,000
    practices, on the machine's other core (at 10,000, the last three took 0.8 s before the
    pages could start). The process writes the files into the site itself (`_WrittenThere`):
    at 10,000 practices, sending their 60 MB back and writing them here kept the build 0.5 s
    on one core. The rest comes back when MkDocs first reads one of the pages (the /explore/
    page, near the end of the pages). Only where forking is safe (`parallel.can_fork`)."""

    def __init__(self, generated: outputs.SiteOutputs, site_dir: Path) -> None:
        def compute() -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
            files = {**generated.data_files(), outputs.PARTNERS_DATA: generated.finder_data()}
            if sorted(files) != sorted(_DATA_FILES):
                raise RuntimeError(f"data files {sorted(files)} are not {sorted(_DATA_FILES)}")
            for path, data in files.items():
                target = site_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
            return (
                generated.data_pages(),
                generated.search_entries(),
                exports.jsonld(generated.catalogue, generated.site_url),
            )

        self._forked = parallel.Forked(compute)

    @classmethod
    def start(cls, generated: outputs.SiteOutputs, site_dir: Path) -> _Elsewhere | None:
        return cls(generated, site_dir) if parallel.can_fork() else None

    def result(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        try:
            return self._forked.result()
        except parallel.WorkerFailed as error:
            raise PluginError(
                f"computing the explorer's index and the open data failed: {error}"
            ) from error

    def page(self, src: str) -> Callable[[], str]:
        return lambda: self.result()[0][src]

    def ready(self) -> bool:
        return self._forked.ready()

    def described(self) -> tuple[dict[str, Any], dict[str, Any]]:
        """The generated pages' entries for Material's search, and their schema.org data."""
        _, search, jsonld = self.result()
        return search, jsonld

    def stop(self) -> None:
        """After a failed build: end the child if its result was never read."""
        self._forked.stop()


class _WrittenThere(File):
    """A generated file that `_Elsewhere`'s process writes: MkDocs' copying of it waits for
    that process instead (it has written the file once it has delivered its result)."""

    elsewhere: _Elsewhere

    def copy_file(self, dirty: bool = False) -> None:
        self.elsewhere.result()


class _Later(File):
    """A generated page or file whose content `_Elsewhere` is still computing: MkDocs reads
    `_content` when it renders the page or writes the file, and then waits for it."""

    _source: Callable[[], str | bytes] | None = None
    _value: str | bytes | None = None

    @property  # type: ignore[override]
    def _content(self) -> str | bytes | None:
        if self._source is not None:
            self._value, self._source = self._source(), None
        return self._value

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self._value = value


@dataclass
class ServeState:
    """What one `atlas serve` session keeps from build to build, per project."""

    cache: LoadCache = field(default_factory=LoadCache)
    fingerprint: bytes = b""  # the configuration, theme and set of pages of the last build
    pages: dict[str, bytes] = field(default_factory=dict)  # src -> digest of its Markdown
    files: dict[str, bytes] = field(default_factory=dict)  # generated file -> digest
    home: bytes = b""  # digest of the home page's generated sections
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # url -> entries
    context: bytes = b""  # taxonomy, build day and site URL of the last outputs
    entries: dict[str, tuple[bytes, bytes]] = field(default_factory=dict)  # front-matter, body
    outputs: Outputs | None = None  # the last build's
    data_files: set[str] = field(default_factory=set)  # the costly files (`_refresh_data`)
    lock: threading.Lock = field(default_factory=threading.Lock)
    generation: int = 0  # builds so far: a refresh of an older build writes nothing
    stale_data: bool = False  # a front-matter edit not yet in the open data and /explore/
    stale_index: bool = False  # a practice edit not yet in the explorer's index
    thread: threading.Thread | None = None  # the latest background refresh
    server: Any = None  # MkDocs' LiveReloadServer, to ask for one more build

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the latest background refresh (tests, and a clean shutdown)."""
        if self.thread is not None:
            self.thread.join(timeout)


_DATA_PAGES = (outputs.EXPLORE_SRC, "api/index.md")
_DATA_FILES = (outputs.SEARCH_INDEX, outputs.PARTNERS_DATA, *(path for path, _, _ in FILES))


def _refresh_data(
    state: ServeState, generation: int, generated: Any, everything: bool, site_dir: Path
) -> None:
    """Compute the explorer's index (and, after a front-matter edit, the open data and the
    /explore/ and /api/ pages), write what changed into the preview, and ask for one more
    build if a page changed. Runs in a background thread; gives up if a newer build started."""
    try:
        files = (
            generated.data_files()
            if everything
            else {outputs.SEARCH_INDEX: generated.search_index()}
        )
        pages = generated.data_pages() if everything else {}
    except Exception:  # a background failure must not stop the preview
        log.exception("atlas: refreshing the explorer's index and the open data failed")
        return
    with state.lock:
        if state.generation != generation or state.outputs is None:
            return
        for path, data in files.items():
            digest = _digest(data)
            if state.files.get(path) != digest:
                target = site_dir / path
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(target.name + ".atlas-tmp")
                partial.write_bytes(data)
                partial.replace(target)
                state.files[path] = digest
            state.outputs.files[path] = data
        changed = {src for src, text in pages.items() if state.outputs.pages.get(src) != text}
        state.outputs.pages.update(pages)
        state.stale_index = False
        state.stale_data = state.stale_data and not everything
    server = state.server
    if changed and server is not None and hasattr(server, "_rebuild_cond"):
        with server._rebuild_cond:  # what MkDocs' own file watcher does
            server._want_rebuild = True
            server._rebuild_cond.notify_all()


_SERVING: dict[Path, ServeState] = {}


def _search_plugin(config: MkDocsConfig) -> Any:
    """Material's search plugin, if enabled."""
    for plugin in config.plugins.values():
        if type(plugin).__name__ == "SearchPlugin" and hasattr(plugin, "search_index"):
            return plugin if plugin.config.get("enabled", True) else None
    return None


class AtlasPlugin(BasePlugin[AtlasConfig]):
    """Publishes the catalogue through MkDocs."""

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        self.preloaded: LoadResult | None = None  # set by `atlas build`, which has checked
        self._jsonld: dict[str, dict[str, Any]] = {}
        self._search: dict[str, dict[str, Any]] = {}
        self.root = Path.cwd()
        self._filter = _NameTheEntry()
        self._quiet = _Quiet()
        self._dirty = False
        self._serve: ServeState | None = None
        self._rendered: list[str] = []  # URLs of the pages rendered in this build
        self._home: str | None = None  # the home page's generated sections
        self._elsewhere: _Elsewhere | None = None
        self._refresh: threading.Thread | None = None  # serve: the data to compute after
        self._nav: Any = None  # this build's navigation
        self._shareable: set[str] = set()  # generated pages a forked process may do
        self._forked: ForkedPages | None = None
        self._templates: ForkedTemplates | None = None
        self._env: Any = None  # this build's Jinja environment
        self._fork_templates = False  # when the build renders its first page
        self._hidden_content: str | None = None  # from Material's search plugin, for one page
        # What Material's search read from one page, in the process that rendered the page.
        self._searched_elsewhere: list[Any] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """MkDocs keeps a plugin with this method for the whole process (every build of one
        `serve`, and of one test session): everything a build needs is reset in `on_config`."""
        self._dirty = command == "serve" and dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check the catalogue; a content error stops the build before any output."""
        self.root = Path(config.config_file_path).resolve().parent
        self._serve = _SERVING.setdefault(self.root, ServeState()) if self._dirty else None
        self._rendered = []
        self._search = {}
        self._home = None
        self._elsewhere = None
        self._forked = None
        self._templates = None
        self._fork_templates = False
        self._shareable = set()
        self._refresh = None
        result, self.preloaded = self.preloaded, None
        if result is None or result.catalogue.root.resolve() != self.root:
            cache = self._serve.cache if self._serve else None
            result = catalogue_module.load(self.root, cache=cache)
        if not result.ok:
            errors = "\n".join(p.text() for p in result.problems if p.is_error)
            raise PluginError(f"the content has errors (run `atlas check`):\n{errors}")
        self.catalogue = result.catalogue
        config.markdown_extensions.append(FinishedHtml())
        self._quiet.written_elsewhere = set()
        logging.getLogger("mkdocs.commands.build").addFilter(self._quiet)  # before the renaming
        for name in _LOGGERS:
            logging.getLogger(name).addFilter(self._filter)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add every generated page and file; point "Edit this page" at the source in content/."""
        assert self.catalogue is not None
        for file in files:
            if file.is_documentation_page():
                file.edit_uri = f"content/pages/{file.src_uri}"
        made = self._outputs(config.site_url or "", config.site_dir)
        pages = made.pages
        self._search, self._jsonld, self._home = made.search, made.jsonld, made.home
        changed = self._serve_plan(files, config, pages) if self._serve else None
        self._shareable = set(pages) - set(_DATA_PAGES)  # those wait for `_Elsewhere`
        in_nav = set(nav_paths(config.nav))
        shared = SharedMarkdown(config)
        for src_uri, markdown in pages.items():
            file = _generated(config, src_uri, markdown, InclusionLevel.NOT_IN_NAV)
            if src_uri.startswith(("practices/", "actors/")) and not src_uri.endswith("index.md"):
                file.edit_uri = f"content/{src_uri}"
            elif src_uri == outputs.PERFORMANCE_SRC:
                file.edit_uri = outputs.PERFORMANCE_REPORT
            else:
                file.edit_uri = None
            if changed is not None and src_uri not in changed:
                file.is_modified = _unchanged  # type: ignore[method-assign]
            if src_uri not in in_nav:
                GeneratedPage(file, config, shared)  # becomes `file.page`
            self._replace(files, file)
        for path, data in made.files.items():
            file = _generated(config, path, data)
            if self._serve is not None:
                digest = _digest(data)
                if self._serve.files.get(path) == digest and Path(file.abs_dest_path).exists():
                    file.is_modified = _unchanged  # type: ignore[method-assign]
                self._serve.files[path] = digest
            self._replace(files, file)
        return files

    def _outputs(self, site_url: str, site_dir: str) -> Outputs:
        """The generated pages and files of this build.

        While serving (after the session's first build), an edit is shown as fast as possible:

        * if every front-matter is as it was (prose edited), only the edited entries' pages
          are generated again;
        * otherwise every page is generated again, but the explorer's index, the open data and
          the two pages made from them (/explore/ and /api/) keep the previous build's;
        * those costly data are computed again in the background (`_refresh_data`), written
          into the preview when ready, and their pages rendered by one more build if they
          changed. `atlas build` always computes everything, in order.
        """
        assert self.catalogue is not None
        generated = outputs.SiteOutputs(self.catalogue, site_url)
        state = self._serve
        if state is None:
            # First every practice's partner suggestions, on both cores: the finder's data, the
            # open data and the practice pages use them, in the processes forked from here on.
            partners.prepare(self.catalogue)
            self._elsewhere = _Elsewhere.start(generated, Path(site_dir))
            if self._elsewhere is None:
                return Outputs(
                    generated.pages(),
                    {**generated.data_files(), **generated.other_files()},
                    generated.search_entries(),
                    exports.jsonld(self.catalogue, site_url),
                )
            later = self._elsewhere
            return Outputs(
                {
                    **generated.site_pages.makers(),
                    **{src: later.page(src) for src in _DATA_PAGES},
                    **generated.other_pages(),
                },
                {**{path: later for path in _DATA_FILES}, **generated.small_files()},
                {},  # the search entries and schema.org data come with the data (`on_env`)
                {},
            )
        entries = _entry_digests(self.catalogue)
        context = _digest(repr((state.cache.taxonomy, self.catalogue.build_day, site_url)))
        with state.lock:  # a background refresh may be updating the previous outputs
            state.generation += 1
            generation = state.generation
            before = state.outputs
            if before is not None:
                before = replace(before, pages=dict(before.pages), files=dict(before.files))
        if before is None or state.context != context:
            data_files = generated.data_files()
            made = Outputs(
                {**generated.site_pages.all(), **generated.data_pages(), **generated.other_pages()},
                {**data_files, **generated.other_files()},
                generated.search_entries(),
                exports.jsonld(self.catalogue, site_url),
                SitePages(self.catalogue).home_sections(),
            )
            state.data_files = set(data_files)
            state.stale_data = state.stale_index = False
            refresh = False
        else:
            same = entries.keys() == state.entries.keys() and all(
                entries[k][0] == state.entries[k][0] for k in entries
            )
            edited = [k for k in entries if entries[k] != state.entries.get(k)]
            if same:
                made = before
                site = generated.site_pages
                for key in edited:
                    kind, slug = key.split(":", 1)
                    if kind == "practice":
                        practice = self.catalogue.practices[slug]
                        made.pages[practice_src(slug)] = site.practice(practice)
                    else:
                        made.pages.update(site.actor(self.catalogue.actors[slug]))
            else:
                kept = {src: before.pages[src] for src in _DATA_PAGES if src in before.pages}
                made = Outputs(
                    {**generated.site_pages.all(), **kept, **generated.other_pages()},
                    {
                        **{p: d for p, d in before.files.items() if p in state.data_files},
                        **generated.other_files(),
                    },
                    generated.search_entries(),
                    exports.jsonld(self.catalogue, site_url),
                    SitePages(self.catalogue).home_sections(),
                )
            state.stale_data |= not same
            state.stale_index |= any(k.startswith("practice:") for k in edited)
            refresh = state.stale_data or state.stale_index
        state.context, state.entries, state.outputs = context, entries, made
        if refresh:  # started when this build is over, so as not to slow it down
            self._refresh = threading.Thread(
                target=_refresh_data,
                args=(state, generation, generated, state.stale_data, Path(site_dir)),
                name="atlas-refresh",
                daemon=True,
            )
        return made

    def _serve_plan(self, files: Files, config: MkDocsConfig, pages: dict[str, str]) -> set[str]:
        """The generated pages to render again in this preview build: those whose Markdown
        changed, or all of them when the configuration, the theme or the set of pages did."""
        assert self._serve is not None and self.catalogue is not None
        state = self._serve
        theme = sorted(
            (str(p), p.stat().st_mtime_ns, p.stat().st_size)
            for d in config.theme.dirs
            if Path(d).is_relative_to(self.root)
            for p in Path(d).rglob("*")
            if p.is_file()
        )
        hand_written = sorted(f.src_uri for f in files if f.is_documentation_page())
        fingerprint = _digest(
            repr((Path(config.config_file_path).read_bytes(), theme, hand_written, sorted(pages)))
        )
        digests = {src: _digest(markdown) for src, markdown in pages.items()}
        if fingerprint != state.fingerprint:
            for gone in set(state.pages) - set(pages):  # a deleted or renamed entry's old page
                Path(File.generated(config, gone, content="").abs_dest_path).unlink(missing_ok=True)
            state.fingerprint = fingerprint
            state.pages = {}
            state.files = {}
            state.search = {}
        changed = {src for src, digest in digests.items() if state.pages.get(src) != digest}
        home = _digest(self._home_sections())
        home_changed = state.home != home
        for file in files:
            if (file.src_uri == "index.md" and home_changed) or (
                not state.search and file.is_documentation_page()
            ):
                file.is_modified = _modified  # type: ignore[method-assign]
        state.pages = digests
        state.home = home
        return changed

    @staticmethod
    def _replace(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Give the theme's navigation partials this build's kept renderings (empty); keep
        the compiled templates for the next build (`template_cache`); take the search entries
        and schema.org data the forked process computed (`_Elsewhere`)."""
        template_cache.attach(env, self.root / "build" / "cache")
        if self._elsewhere is not None:  # every page is converted: the data is here
            self._search, self._jsonld = self._elsewhere.described()
        env.globals["atlas_parts"] = RenderedParts(
            self._nav, config.extra.get("homepage"), config.theme.get("logo")
        )
        self._env = env
        if self._fork_templates:  # see `forked_pages.DISPATCH`
            env.globals["atlas_rendered_elsewhere"] = self._rendered_elsewhere
            env.loader = ForkedTemplates.loader(env)
        return env

    def _rendered_elsewhere(self, page: Page | None) -> bool:
        """Whether the forked process renders this page (`forked_pages.DISPATCH`); `page` is
        None for the theme's own pages (404)."""
        forked = self._templates
        return forked is not None and page is not None and forked.theirs(page.file.src_uri)

    def on_nav(self, nav: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        """Keep the navigation for the theme; `atlas build`: fork to share converting pages."""
        self._nav = nav
        if self._serve is None and parallel.can_fork():
            order = [f for f in files.documentation_pages() if f.src_uri in self._shareable]
            self._forked = ForkedPages.start(order, config, files)
            self._fork_templates = True
        return nav

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        """A page the forked process converts takes what it found instead of reading and
        converting its Markdown again (`ForkedPages`). The data computed elsewhere is read as
        soon as it is ready, while the other core still converts pages, rather than after
        them, when this process alone would read it (`_Elsewhere`)."""
        if self._elsewhere is not None and self._elsewhere.ready():
            self._elsewhere.result()
        forked = self._forked
        if forked is not None and forked.theirs(page.file.src_uri):
            page.read_source = lambda config: forked.restore(page, files)  # type: ignore[method-assign]
            page.render = lambda config, files: None  # type: ignore[method-assign]
        return page

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """The home page: the hand-written text, then search, entry points and recent reviews;
        the About page: the hand-written text, then a link to the performance report if any."""
        if page.file.src_uri == "index.md" and self.catalogue is not None:
            return markdown.rstrip() + "\n\n" + self._home_sections()
        if page.file.src_uri == outputs.ABOUT_SRC and self.catalogue is not None:
            about = outputs.SiteOutputs(self.catalogue, config.site_url or "").about_sections()
            return markdown.rstrip() + "\n\n" + about if about else markdown
        return markdown

    def _home_sections(self) -> str:
        if self._home is None:
            assert self.catalogue is not None
            self._home = SitePages(self.catalogue).home_sections()
        return self._home

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Every page's content passes the HTML allowlist: entry bodies come from strangers.
        (The forked process sanitised the pages it converted.)"""
        if self._forked is not None and page.file.src_uri in self._forked.share:
            return html
        return sanitize(html)

    @event_priority(50)  # before Material's search plugin
    def _on_page_context_first(
        self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        """Hand the template the page's schema.org description, serialised safely for <script>.

        `atlas build`, at the first page: fork to share rendering the generated pages
        that are still to render (`ForkedTemplates`).

        A page outside the search index is hidden from Material's search plugin (given back
        by `_on_page_context_last`): it does not index the page, but runs a regular expression
        over its HTML to remove `data-search-*` attributes (3 s of CPU at 10,000 practices).
        A page that has such attributes keeps its content, so the output does not change.
        A page the forked process renders is hidden too: the index keeps its place for what
        the search read from it there (`_on_page_context_last`, `on_post_build`)."""
        search = _search_plugin(config)
        if self._fork_templates:
            self._fork_templates = False  # before forking: the child renders pages too
            documentation = context["pages"]
            later = [f.src_uri for f in documentation].index(page.file.src_uri) + 1
            order = [f for f in documentation[later:] if f.src_uri in self._shareable]
            searched = search.search_index.entries if search is not None else None
            self._templates = ForkedTemplates.start(
                order, documentation, config, nav, self._env, page, searched
            )
            if self._templates is not None:
                self._quiet.written_elsewhere = self._templates.share
        content = page.content or ""
        elsewhere = self._templates is not None and self._templates.theirs(page.file.src_uri)
        if elsewhere and search is not None:
            self._searched_elsewhere = [ForkedTemplates.pending(page)]
            self._hidden_content, page.content = content, ""
        elif (page.meta.get("search") or {}).get("exclude") and "data-search-" not in content:
            self._hidden_content, page.content = content, ""
        data = None if elsewhere else self._jsonld.get(page.url)  # not rendered here
        context["atlas_jsonld"] = exports.script_json(data) if data else ""
        self._rendered.append(page.url)
        return context

    @event_priority(-50)  # after Material's search plugin
    def _on_page_context_last(
        self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        """Give the page its content back, and the search index a place for what the forked
        process's search read from it if that process rendered it (see
        `_on_page_context_first`)."""
        if self._hidden_content is not None:
            page.content, self._hidden_content = self._hidden_content, None
        if self._searched_elsewhere is not None:
            search = _search_plugin(config)
            assert search is not None
            search.search_index.entries.extend(self._searched_elsewhere)
            self._searched_elsewhere = None
        return context

    on_page_context = CombinedEvent(_on_page_context_first, _on_page_context_last)

    def on_build_error(self, *, error: Exception) -> None:
        if self._elsewhere is not None:
            self._elsewhere.stop()
            self._elsewhere = None
        for child in (self._forked, self._templates):
            if child is not None:
                child.stop()
        self._forked = self._templates = None

    @event_priority(50)  # before Material's search plugin writes its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Describe the generated pages to Material's search, with what its search read in the
        pages the forked process rendered (once it has finished); stop rewriting log
        messages."""
        search = _search_plugin(config)
        if self._templates is not None:
            self._templates.finish_index(search.search_index.entries if search else None)
        if search is not None:
            index = search.search_index
            if self._serve is not None:
                index.entries = self._merge_search(index.entries)
                search.search_index_prev = None
            index.entries.extend(self._search.values())
        for name in _LOGGERS:
            logging.getLogger(name).removeFilter(self._filter)
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet)
        if self._elsewhere is not None:
            self._elsewhere.result()  # read (every data file was written by now)
            self._elsewhere = None
        for child in (self._forked, self._templates):
            if child is not None:
                child.stop()  # reaps a child whose result was not needed (it did no page)
        self._forked = self._templates = None
        if self._refresh is not None and self._serve is not None:
            self._serve.thread, self._refresh = self._refresh, None
            self._serve.thread.start()

    def _merge_search(self, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Material's entries for the pages rendered now, and from earlier builds for the rest.

        (Material's own merge for dirty builds assumes one page was rendered.)
        """
        assert self._serve is not None
        by_page: dict[str, list[dict[str, Any]]] = {}
        for entry in entries:
            by_page.setdefault(_page_of(entry["location"]), []).append(entry)
        known = self._serve.search
        for url in self._rendered:
            known[url] = by_page.get(url, [])
        return [entry for url in known for entry in known[url]]

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when any entry or the taxonomy changes, not only the hand-written pages."""
        server.watch(str(self.root / "content"))
        server.watch(str(self.root / "atlas" / "theme"))
        if self._serve is not None:
            self._serve.server = server
        return server


def _generated(
    config: MkDocsConfig,
    src_uri: str,
    content: Any,
    inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
) -> File:
    """`File.generated`, or a `_Later` when the content is still being computed elsewhere, or a
    `_WrittenThere` when it is written there."""
    if isinstance(content, _Elsewhere):
        written = _WrittenThere.generated(config, src_uri, content=b"", inclusion=inclusion)
        written.elsewhere = content
        return written
    if callable(content):
        file = _Later.generated(config, src_uri, content="", inclusion=inclusion)
        file._source = content
        return file
    return File.generated(config, src_uri, content=content, inclusion=inclusion)


def _entry_digests(cat: Catalogue) -> dict[str, tuple[bytes, bytes]]:
    """kind:slug -> digests of the entry's front-matter and of its body."""
    found = {}
    for kind, entries in (("practice", cat.practices), ("actor", cat.actors)):
        for slug, entry in entries.items():
            meta = json.dumps(entry.meta, sort_keys=True, default=str, ensure_ascii=False)
            found[f"{kind}:{slug}"] = (_digest(meta), _digest(entry.body))
    return found


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


def _unchanged() -> bool:
    return False


def _modified() -> bool:
    return True
