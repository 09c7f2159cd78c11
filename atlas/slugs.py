"""Slugs: the identity of every entry, and how a title becomes one."""

from __future__ import annotations

import re
import unicodedata

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_SLUG = 80


def is_slug(value: object) -> bool:
    return isinstance(value, str) and len(value) <= MAX_SLUG and bool(SLUG_RE.match(value))


def fold(text: str) -> str:
    """Accents removed ("Sénégal" -> "Senegal"), for slugs and for search."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(title: str) -> str:
    """A slug from a title: accents folded, lower case, words joined by '-', at most 80 chars."""
    words = re.findall(r"[a-z0-9]+", fold(title).lower().replace("'", "").replace("’", ""))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG:
            slug = slug or word[:MAX_SLUG]
            break
        slug = candidate
    return slug or "entry"
