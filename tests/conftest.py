"""Fixtures for content projects (the checker, `atlas new`, the schemas).

The helpers live in `tests/helpers.py`; site and browser fixtures belong in a conftest of their
own, next to the tests that use them.
"""

from __future__ import annotations

import pytest
from helpers import ContentProject, make_content_project


@pytest.fixture
def project(tmp_path, monkeypatch) -> ContentProject:
    """A minimal valid project (two actors, two practices) in a temporary folder.

    The build day is pinned to 2026-11-25 through SOURCE_DATE_EPOCH; `project.check(...)` runs
    `atlas check` in-process from the project root and returns its status and output.
    """
    return make_content_project(tmp_path / "atlas-project", monkeypatch)
