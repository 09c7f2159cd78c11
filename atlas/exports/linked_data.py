"""schema.org JSON-LD for the practice, actor and home pages, so search engines and other
catalogues understand what a page describes.

The templates embed these objects in `<script type="application/ld+json">`; `script_json`
serialises one so that text from contributors cannot close the script element.
"""

from __future__ import annotations

import json
from typing import Any

from atlas import geo
from atlas.catalogue import Catalogue
from atlas.exports.common import LANGUAGE, LICENCE_URL, SITE_NAME, base
from atlas.model import Actor, Practice

CONTEXT = "https://schema.org"


def _website(root: str) -> dict[str, Any]:
    return {"@type": "WebSite", "name": SITE_NAME, "url": root}


def _place(name: str) -> dict[str, Any]:
    return {"@type": "Place", "name": name}


def _terms(catalogue: Catalogue, practice: Practice, root: str) -> list[dict[str, Any]]:
    """Themes and typologies as DefinedTerms of the site's own glossaries."""
    found = []
    for vocabulary in ("typologies", "themes"):
        for term_id in practice.ids(vocabulary):
            found.append(
                {
                    "@type": "DefinedTerm",
                    "name": catalogue.taxonomy.label(vocabulary, term_id),
                    "termCode": str(term_id),
                    "inDefinedTermSet": f"{root}{vocabulary}/",
                }
            )
    return found


def _coverage(catalogue: Catalogue, practice: Practice) -> list[dict[str, Any]]:
    """Where it happens: its countries by name, then the regions it names."""
    places = [_place(geo.country_name(code)) for code in practice.countries()]
    places += [_place(catalogue.taxonomy.label("regions", r)) for r in practice.ids("regions")]
    return places


def _contributors(catalogue: Catalogue, practice: Practice, root: str) -> list[dict[str, Any]]:
    found = []
    for ref in practice.actor_refs:
        actor = catalogue.actors.get(ref.actor)
        if actor:
            found.append({"@type": "Organization", "name": actor.title, "url": root + actor.url})
    return found


def _period(practice: Practice) -> str | None:
    """An ISO 8601 interval, open-ended ("2019/..") while the practice is ongoing."""
    period = practice.get("period", {})
    if "start" not in period:
        return None
    end = period.get("end")
    return f"{period['start']}/{end if end is not None else '..'}"


def practice_jsonld(catalogue: Catalogue, practice: Practice, site_url: str) -> dict[str, Any]:
    root = base(site_url)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "CreativeWork",
        "@id": root + practice.url,
        "url": root + practice.url,
        "name": practice.title,
        "description": practice.summary,
        "about": _terms(catalogue, practice, root),
        "spatialCoverage": _coverage(catalogue, practice),
        "contributor": _contributors(catalogue, practice, root),
        "dateModified": practice.last_reviewed,
        "license": LICENCE_URL,
        "inLanguage": LANGUAGE,
        "isPartOf": _website(root),
    }
    if temporal := _period(practice):
        data["temporalCoverage"] = temporal
    return data


def actor_jsonld(actor: Actor, site_url: str) -> dict[str, Any]:
    root = base(site_url)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Organization",
        "@id": root + actor.url,
        "url": root + actor.url,
        "name": actor.title,
        "description": actor.summary,
    }
    if acronym := actor.get("acronym"):
        data["alternateName"] = str(acronym)
    if website := actor.get("website"):
        data["sameAs"] = website
    if countries := actor.ids("countries"):
        data["areaServed"] = [{"@type": "Country", "name": geo.country_name(c)} for c in countries]
    return data


def home_jsonld(site_url: str) -> dict[str, Any]:
    """The WebSite with a SearchAction, so search engines can offer a search box into /explore/."""
    root = base(site_url)
    return {
        "@context": CONTEXT,
        **_website(root),
        "inLanguage": LANGUAGE,
        "license": LICENCE_URL,
        "potentialAction": {
            "@type": "SearchAction",
            "target": f"{root}explore/?q={{search_term_string}}",
            "query-input": "required name=search_term_string",
        },
    }


def jsonld(catalogue: Catalogue, site_url: str) -> dict[str, dict[str, Any]]:
    """Page path ('practices/<slug>/', 'actors/<slug>/', '' for home) -> JSON-LD object."""
    pages: dict[str, dict[str, Any]] = {"": home_jsonld(site_url)}
    for slug in sorted(catalogue.practices):
        practice = catalogue.practices[slug]
        pages[practice.url] = practice_jsonld(catalogue, practice, site_url)
    for slug in sorted(catalogue.actors):
        actor = catalogue.actors[slug]
        pages[actor.url] = actor_jsonld(actor, site_url)
    return pages


def script_json(data: dict[str, Any]) -> str:
    """JSON text safe inside <script>: '<', '>' and '&' escaped, so a title such as
    '</script><script>...' cannot end the element. Still valid JSON, same value."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
