"""Finding the project a command works on, the way git finds its repository."""

from __future__ import annotations

from pathlib import Path


class ProjectNotFound(Exception):
    pass


def find_root(start: Path | None = None) -> Path:
    """The nearest folder, from `start` upwards, that holds both `mkdocs.yml` and `content/`."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "mkdocs.yml").is_file() and (folder / "content").is_dir():
            return folder
    raise ProjectNotFound(
        f"no Atlas project here: neither {here} nor a folder above it holds mkdocs.yml and content/"
    )
