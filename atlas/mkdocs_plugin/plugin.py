"""The `atlas` MkDocs plugin: a thin adapter that hands MkDocs what the core computes.

It loads the catalogue once per build, adds the generated pages and files, appends the home
page's generated sections, sanitises page content and watches `content/` while serving. All logic
lives in the core (`atlas.catalogue`, `atlas.site`), which never imports MkDocs.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from atlas import catalogue as catalogue_module
from atlas import exports
from atlas.catalogue import Catalogue
from atlas.mkdocs_plugin.config import AtlasConfig
from atlas.site import outputs
from atlas.site.pages import SitePages
from atlas.site.sanitize import sanitize

_LOGGERS = ("mkdocs.structure.pages", "mkdocs.structure.nav", "mkdocs.commands.build")
_GENERATED_DOC = re.compile(r"'(practices|actors)/(?!index\.md')([a-z0-9-]+)\.md'")


class _NameTheEntry(logging.Filter):
    """Rewrites MkDocs' messages about generated pages to name the contributor's file."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _GENERATED_DOC.search(message):
            record.msg = _GENERATED_DOC.sub(r"'content/\1/\2.md'", message)
            record.args = ()
        return True


class AtlasPlugin(BasePlugin[AtlasConfig]):
    """Publishes the catalogue through MkDocs."""

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        self._jsonld: dict[str, dict[str, Any]] = {}
        self.root = Path.cwd()
        self._filter = _NameTheEntry()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Load and check the catalogue; a content error stops the build before any output."""
        self.root = Path(config.config_file_path).resolve().parent
        result = catalogue_module.load(self.root)
        if not result.ok:
            errors = "\n".join(p.text() for p in result.problems if p.is_error)
            raise PluginError(f"the content has errors (run `atlas check`):\n{errors}")
        self.catalogue = result.catalogue
        self._jsonld = exports.jsonld(self.catalogue, config.site_url or "")
        for name in _LOGGERS:
            logging.getLogger(name).addFilter(self._filter)
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add every generated page and file; point "Edit this page" at the source in content/."""
        assert self.catalogue is not None
        for file in files:
            if file.is_documentation_page():
                file.edit_uri = f"content/pages/{file.src_uri}"
        generated = outputs.SiteOutputs(self.catalogue, config.site_url or "")
        for src_uri, markdown in generated.pages().items():
            file = File.generated(
                config, src_uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV
            )
            if src_uri.startswith(("practices/", "actors/")) and not src_uri.endswith("index.md"):
                file.edit_uri = f"content/{src_uri}"
            else:
                file.edit_uri = None
            self._replace(files, file)
        for path, data in generated.files().items():
            self._replace(files, File.generated(config, path, content=data))
        return files

    @staticmethod
    def _replace(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(file)

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """The home page: the hand-written text, then search, entry points and recent reviews."""
        if page.file.src_uri == "index.md" and self.catalogue is not None:
            return markdown.rstrip() + "\n\n" + SitePages(self.catalogue).home_sections()
        return markdown

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Every page's content passes the HTML allowlist: entry bodies come from strangers."""
        return sanitize(html)

    def on_page_context(
        self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any]:
        """Hand the template the page's schema.org description, serialised safely for <script>."""
        data = self._jsonld.get(page.url)
        context["atlas_jsonld"] = exports.script_json(data) if data else ""
        return context

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when any entry or the taxonomy changes, not only the hand-written pages."""
        server.watch(str(self.root / "content"))
        server.watch(str(self.root / "atlas" / "theme"))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Stop rewriting log messages once this build is over."""
        for name in _LOGGERS:
            logging.getLogger(name).removeFilter(self._filter)
