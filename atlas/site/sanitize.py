"""Allowlist sanitising of rendered page content: entry bodies are Markdown from strangers.

Markdown lets raw HTML through, and `attr_list` lets anyone add attributes, so the HTML of every
page's content passes through nh3 (the Ammonia library) before it reaches a template: no script,
no event handler, no iframe, and no link or form target that is not http(s), mailto or relative.
Inline SVG is limited to plain shapes and text styled by class (the pictures): no script,
foreignObject, use or animation. Our own generated markup uses only what this allowlist keeps.

Two more rules close holes that tests/browser/test_hostile.py showed in a browser:
- Images and form targets must be the site's own (relative) addresses: a stranger's page must
  not make readers' browsers fetch a tracking image or post a form to another site.
- The theme's names are the theme's: Material finds its configuration, toggles and palette by
  ids and names starting with `__` (`__config`, `__search`, `__palette`...) and binds behaviour
  to `data-md-*` and `data-clipboard-*` attributes. Content reusing them could replace
  Material's configuration (it reads the first `#__config` in the page) or pose as its controls.
- A link whose address was removed (`javascript:...`) becomes a <span>: Material's instant
  navigation throws on a click on an <a> without href, which stops it for the rest of the visit.
"""

from __future__ import annotations

import re
from typing import Any

import nh3

from atlas.pictures import SVG_ATTRIBUTES, SVG_TAGS

TAGS = (
    (nh3.ALLOWED_TAGS - {"map", "area", "img"})
    | {
        "form",
        "input",
        "label",
        "button",
        "select",
        "option",
        "fieldset",
        "legend",
        "output",
        "img",
        "section",
        "tfoot",
        "noscript",
    }
    | set(SVG_TAGS)
)

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir", "role", "hidden"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"scope", "colspan", "rowspan", "align"},
    "td": {"colspan", "rowspan", "align"},
    "ol": {"start", "reversed"},
    "time": {"datetime"},
    "form": {"action", "method"},
    "input": {
        "type",
        "name",
        "value",
        "checked",
        "placeholder",
        "autocomplete",
        "for",
        "disabled",
        "spellcheck",
        "inputmode",
        "enterkeyhint",
    },
    "label": {"for"},
    "button": {"type", "name", "value", "disabled"},
    "select": {"name", "multiple", "disabled"},
    "option": {"value", "selected"},
    "output": {"for"},
    **{tag: set(names) for tag, names in SVG_ATTRIBUTES.items()},
}

URL_SCHEMES = {"http", "https", "mailto"}

LOCAL_ONLY = {("img", "src"), ("form", "action")}  # fetched or sent without a click
RESERVED_VALUE_PREFIX = "__"  # Material's ids and names
RESERVED_ATTRIBUTE_PREFIXES = ("data-md-", "data-clipboard")  # Material's and clipboard.js's hooks
_SCHEME = re.compile(r"^[^/?#]*:")


def is_local(url: str) -> bool:
    """True for a relative address (a path on this site); False for `scheme:`, `//host` and the
    variants browsers read the same way (control characters, spaces, backslashes)."""
    value = re.sub(r"[\x00-\x20\x7f]", "", url).replace("\\", "/")
    return not (_SCHEME.match(value) or value.startswith("//"))


def _filter(element: str, attribute: str, value: str) -> str | None:
    if attribute in ("id", "for", "name") and value.strip().startswith(RESERVED_VALUE_PREFIX):
        return None
    if attribute.startswith(RESERVED_ATTRIBUTE_PREFIXES):
        return None
    if (element, attribute) in LOCAL_ONLY and not is_local(value):
        return None
    return value


# nh3's output is well-formed: every element is closed by an end tag, attribute values are
# double-quoted with `<`, `>` and `"` escaped, and `<` outside tags is escaped too, except in
# <noscript>, whose content is raw text (never markup to a browser that runs scripts, and without
# scripts Material binds nothing): it is skipped whole.
_TAG = re.compile(r"<noscript[\s>].*?</noscript>|<(/?)(a|svg)(\s[^>]*)?>", re.S)
_VALUE = re.compile(r'="[^"]*"')
# An <a> start tag without an href (a `"` is never inside a value, so ` href="` is the attribute).
_HREFLESS = re.compile(r'<a(?=[\s>])(?:(?!\shref=")[^>])*>')


def _dead_links_to_spans(html: str) -> str:
    """Rewrites each <a> without href outside inline SVG, start and end tag, as a <span>.

    (Inside SVG a <span> would not render, and Material leaves SVG links alone.) One regular
    expression over nh3's output: an HTML parser reading every page took twice as long as nh3.
    """
    if not _HREFLESS.search(html):  # the usual case, found by one scan
        return html
    out: list[str] = []
    last = 0
    svg = 0  # depth of open <svg> elements
    dead: list[bool] = []  # per open <a>: is it rewritten?
    for match in _TAG.finditer(html):
        end, name, attributes = match.group(1, 2, 3)
        if name == "svg":
            svg = max(0, svg - 1) if end else svg + 1
        elif name == "a" and end:
            if dead and dead.pop():
                out += [html[last : match.start()], "</span>"]
                last = match.end()
        elif name == "a":
            names = _VALUE.sub("", attributes or "").split()
            dead.append(not svg and "href" not in names)
            if dead[-1]:
                out += [html[last : match.start()], "<span", match.group()[2:]]
                last = match.end()
    return "".join([*out, html[last:]])


def sanitize(html: str) -> str:
    """The content HTML with everything outside the allowlist removed."""
    return _dead_links_to_spans(_clean(html))


_OPTIONS: dict[str, Any] = {
    "tags": TAGS,
    "clean_content_tags": {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "math",
        "template",
        "textarea",
    },
    "attributes": ATTRIBUTES,
    "generic_attribute_prefixes": {"data-", "aria-"},
    "url_schemes": URL_SCHEMES,
    "link_rel": None,
    "strip_comments": True,
}
# Built once: nh3.clean() would build the same sanitiser again for every page.
_CLEANER = nh3.Cleaner(attribute_filter=_filter, **_OPTIONS)


def _clean(html: str) -> str:
    return _CLEANER.clean(html)
