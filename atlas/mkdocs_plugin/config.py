"""Typed configuration of the `atlas` MkDocs plugin (the `plugins: - atlas:` block)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class AtlasConfig(Config):
    # How many of the most recently reviewed practices the home page lists.
    recent_practices = c.Type(int, default=8)
