"""feed.xml: an Atom 1.0 feed of the most recently reviewed practices.

Deterministic by construction: entry ids are the practices' URLs (never a time), every date is
a `last_reviewed` date, and the feed's own `updated` is its newest entry's, not the build time,
so rebuilding unchanged content never makes readers think something changed.

The feed holds at most `FEED_LIMIT` entries: it announces what was added or re-reviewed
lately, it is not the archive (that is api/practices.json). Feed readers poll it often, so it
stays small, while 50 is far more than one round of reviews touches.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from atlas.catalogue import Catalogue
from atlas.exports.common import LANGUAGE, LICENCE, LICENCE_URL, SITE_NAME, base
from atlas.model import Practice

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 50
# Characters XML 1.0 forbids; YAML's "\x07" escapes could put them in a title.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    """Text XML can hold; no feed field means anything by whitespace at its ends."""
    return _NOT_XML.sub("", value).strip()


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, name, attributes)
    if text is not None:
        element.text = _text(text)
    return element


def timestamp(day: str) -> str:
    """An Atom date-time for a review date: midnight UTC of that day."""
    return f"{day}T00:00:00Z"


def feed_practices(catalogue: Catalogue) -> list[Practice]:
    """Newest `last_reviewed` first, ties by slug, at most FEED_LIMIT."""
    ordered = sorted(catalogue.practices.values(), key=lambda p: p.slug)
    ordered.sort(key=lambda p: p.last_reviewed, reverse=True)  # stable: slug order within a day
    return ordered[:FEED_LIMIT]


def _entry(feed: ET.Element, catalogue: Catalogue, practice: Practice, root: str) -> None:
    url = root + practice.url
    entry = _add(feed, "entry")
    _add(entry, "id", url)
    _add(entry, "title", practice.title, type="text")
    _add(entry, "link", rel="alternate", type="text/html", href=url)
    _add(entry, "updated", timestamp(practice.last_reviewed))
    _add(entry, "summary", practice.summary, type="text")
    for theme in practice.ids("themes"):
        _add(
            entry,
            "category",
            term=str(theme),
            scheme=f"{root}themes/",
            label=_text(catalogue.taxonomy.label("themes", theme)),
        )


def atom_feed(catalogue: Catalogue, site_url: str) -> bytes:
    root = base(site_url)
    practices = feed_practices(catalogue)
    # An empty catalogue has no newest entry; the build day is the only honest date left.
    newest = practices[0].last_reviewed if practices else catalogue.build_day.isoformat()
    # Plain tag names plus an explicit xmlns: ElementTree's default_namespace option rejects
    # unqualified attributes (rel, href), and register_namespace would change global state.
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": LANGUAGE})
    _add(feed, "id", root)
    _add(feed, "title", f"{SITE_NAME}: recently reviewed practices", type="text")
    _add(
        feed,
        "subtitle",
        "Skills and labour-mobility partnership practices, newest review first.",
        type="text",
    )
    _add(feed, "link", rel="self", type="application/atom+xml", href=root + "feed.xml")
    _add(feed, "link", rel="alternate", type="text/html", href=root)
    _add(feed, "updated", timestamp(newest))
    author = _add(feed, "author")
    _add(author, "name", f"{SITE_NAME} contributors")
    _add(author, "uri", root)
    _add(feed, "rights", f"{LICENCE} ({LICENCE_URL})", type="text")
    for practice in practices:
        _entry(feed, catalogue, practice, root)
    ET.indent(feed)
    body = ET.tostring(feed, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")
