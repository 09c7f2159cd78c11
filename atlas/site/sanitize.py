"""Allowlist sanitising of rendered page content: entry bodies are Markdown from strangers.

Markdown lets raw HTML through, and `attr_list` lets anyone add attributes, so the HTML of every
page's content passes through nh3 (the Ammonia library) before it reaches a template: no script,
no event handler, no iframe, and no link or form target that is not http(s), mailto or relative.
Inline SVG is limited to plain shapes and text styled by class (the pictures): no script,
foreignObject, use or animation. Our own generated markup uses only what this allowlist keeps.
"""

from __future__ import annotations

import nh3

from atlas.pictures import SVG_ATTRIBUTES, SVG_TAGS

TAGS = (nh3.ALLOWED_TAGS - {"map", "area", "img"}) | {
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
} | set(SVG_TAGS)

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


def sanitize(html: str) -> str:
    """The content HTML with everything outside the allowlist removed."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags={
            "script",
            "style",
            "iframe",
            "object",
            "embed",
            "math",
            "template",
            "textarea",
        },
        attributes=ATTRIBUTES,
        generic_attribute_prefixes={"data-", "aria-"},
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
