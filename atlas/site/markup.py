"""Writing generated Markdown safely: escaped text, relative links, front-matter.

Titles and summaries are plain text from contributors: whatever markup they hold must show
literally. `text()` makes any string inert in Markdown and HTML; `link()` writes a relative link
between two generated pages, so MkDocs validates it like any link in the docs.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from atlas.urlpaths import relpath

# Python-Markdown's escapable characters, with `|` added by the tables extension.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MD_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def text(value: Any) -> str:
    """Plain text made inert: HTML-escaped, Markdown punctuation backslash-escaped, one line."""
    plain = " ".join(str(value).split())
    plain = plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", plain)


def text_html(line: str) -> str | None:
    """The HTML Markdown makes of a line `text()` wrote, or None if `text()` did not write it.

    `text()` HTML-escapes, then backslash-escapes every character Markdown could read as markup;
    Markdown drops those backslashes and keeps the entities, nothing else. A line that `text()`
    gives back unchanged from its unescaped form is exactly such a line.
    """
    if _CONTROL.search(line):  # never in YAML text; Python-Markdown uses some as markers
        return None
    html = _MD_ESCAPED.sub(r"\1", line)
    plain = html.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return html if text(plain) == line else None


def html_text(value: Any) -> str:
    """Text for raw HTML blocks (where Markdown is not processed)."""
    plain = " ".join(str(value).split())
    return (
        plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def rel(target: str, source: str) -> str:
    """The relative path from the page `source` to the page `target` (both docs-relative .md)."""
    return relpath(target, posixpath.dirname(source))


def link(label: Any, target: str, source: str, query: str = "") -> str:
    """A Markdown link from one generated page to another, with an escaped label."""
    return f"[{text(label)}]({rel(target, source)}{query})"


def external(label: Any, url: str) -> str:
    """A link to an outside address; the checker has made sure it is http(s)."""
    safe = quote(url, safe=":/?#[]@!$&'*+,;=%~-._")
    safe = safe.replace("(", "%28").replace(")", "%29")
    return f"[{text(label)}](<{safe}>)"


def front_matter(**meta: Any) -> str:
    """A YAML front-matter block; JSON is valid YAML, so every value is quoted safely."""
    lines = ["---"]
    for key, value in meta.items():
        if value not in (None, "", []):
            lines.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def join(parts: Iterable[str], sep: str = ", ") -> str:
    return sep.join(parts)
