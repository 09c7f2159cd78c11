"""The theme's templates compiled once, not at every build: Jinja's bytecode cache in `build/`.

MkDocs makes a new Jinja environment for every build, and the first page it renders (the 404
page) compiles Material's base template, its partials and our overrides: about 40 templates,
0.17 s of every `atlas build` and of every rebuild of the preview, spent while the build's
second process has nothing to do. Jinja can keep the compiled code on disk and reuse it while
a template's source is unchanged (it checks a checksum of the source, so a new Material or an
edited override is compiled again); a folder per version of Jinja and MkDocs and per setting of
the environment that changes the compiled code keeps an upgrade from reading another's code.
The output is the same either way (tested).

A cache that cannot be written (a read-only checkout) only means compiling as before.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
from pathlib import Path

import jinja2
import mkdocs

log = logging.getLogger("mkdocs.plugins.atlas")
PREFIX = "templates-"


class _Cache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, except that failing to write an entry is not an error."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as error:
            log.debug("compiled template not cached: %s", error)


def attach(env: jinja2.Environment, folder: Path) -> None:
    """Make `env` keep its compiled templates under `folder` (`build/cache/`), removing what
    other versions left there."""
    key = repr(
        (
            jinja2.__version__,
            mkdocs.__version__,
            sorted(env.extensions),
            env.autoescape if isinstance(env.autoescape, bool) else "by template name",
            env.optimized,
        )
    )
    here = folder / (PREFIX + hashlib.sha256(key.encode()).hexdigest()[:16])
    try:
        here.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        log.debug("templates compiled without a cache: %s", error)
        return
    for other in folder.glob(PREFIX + "*"):
        if other != here:
            shutil.rmtree(other, ignore_errors=True)
    env.bytecode_cache = _Cache(str(here))
