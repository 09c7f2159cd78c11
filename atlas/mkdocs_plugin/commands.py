"""`atlas build` and `atlas serve`: MkDocs driven from the Atlas CLI.

`build` checks the content first, builds strictly into a temporary folder beside `build/site/`
and swaps it in only when everything succeeded, so a failed build leaves the last good site
untouched; the content is read once (the plugin gets the checked catalogue). `serve` is MkDocs'
live preview; the plugin makes it watch `content/` too, and its rebuilds incremental: MkDocs'
dirty builds, in which the plugin re-reads only the changed files and renders again only the
pages whose Markdown changed (see `atlas.mkdocs_plugin.plugin`).
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from atlas import catalogue
from atlas.problems import format_problems, summary_line

log = logging.getLogger("mkdocs")

# A full pass of the cycle collector once every this many passes over the middle generation
# (Python's default: 10, and only when the old generation has grown by a quarter).
FULL_COLLECTION_EVERY = 1000


def _quiet_eol_banner() -> None:
    """Material prints an end-of-life banner on every build; the notes say how to hide it."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _log_to_stderr() -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(logging.WARNING)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return handler


@contextmanager
def _few_full_collections() -> Iterator[None]:
    """Run a build with the cycle collector's full passes made rare, in it and in its children.

    A build keeps nearly everything it makes until it ends (the catalogue, every page MkDocs
    holds), so the full passes, which walk every object alive each time the old generation has
    grown by a quarter, free next to nothing: at 10,000 practices they cost 4.3 s in the build's
    process and about 5 s in the processes it forks, and the peak memory was the same without
    them (1.87 GB). The young generations are still collected as usual, so the short-lived
    cycles (a Markdown processor per page) are freed as before. Forked children inherit this.
    """
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, max(old, FULL_COLLECTION_EVERY))
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)


def build(root: Path, site_dir: Path | None = None) -> int:
    """Check, then build the site strictly; replace `site_dir` only on success."""
    with _few_full_collections():
        return _build(root, site_dir)


def _build(root: Path, site_dir: Path | None) -> int:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    result = catalogue.load(root, workers=None)  # single-threaded here: workers may fork
    if result.problems:
        print(format_problems(result.problems, "text"), file=sys.stderr)
    if not result.ok:
        print(summary_line(result.problems, result.files), file=sys.stderr)
        print(
            "build stopped: fix the errors above; the previous site is untouched", file=sys.stderr
        )
        return 1
    _quiet_eol_banner()
    target = (site_dir or root / "build" / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=target.parent))
    handler = _log_to_stderr()
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(staging), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        plugin = config.plugins.get("atlas")
        if plugin is not None:
            plugin.preloaded = result  # type: ignore[attr-defined]
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed: {exc}; the previous site is untouched", file=sys.stderr)
        return 1
    finally:
        log.removeHandler(handler)
    _swap(staging, target)
    print(
        f"built {target.relative_to(root) if target.is_relative_to(root) else target}",
        file=sys.stderr,
    )
    return 0


def _swap(staging: Path, target: Path) -> None:
    """Put the new site in place with two renames, then delete the old one."""
    retired = None
    if target.exists():
        retired = Path(tempfile.mkdtemp(prefix=".old-site-", dir=target.parent))
        target.rename(retired / "site")
    staging.rename(target)
    if retired:
        shutil.rmtree(retired, ignore_errors=True)


def serve(root: Path, address: str = "127.0.0.1:8000") -> int:
    """Live preview that rebuilds when content, pages or the theme change."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    _quiet_eol_banner()
    handler = _log_to_stderr()
    handler.setLevel(logging.INFO)
    try:
        # Served at the root of the address, whatever path the published site_url has.
        mkdocs_serve(
            config_file=str(root / "mkdocs.yml"),
            dev_addr=address,
            livereload=True,
            build_type="dirty",
            site_url=f"http://{address}/",
        )
    except MkDocsException as exc:
        print(f"serve failed: {exc}", file=sys.stderr)
        return 1
    finally:
        log.removeHandler(handler)
    return 0
