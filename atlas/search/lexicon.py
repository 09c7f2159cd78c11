"""Synonyms without swelling the index: a lexicon from the reader's words to facet keys.

Every practice has one *key* per facet id and actor (`theme:tvet`, `country:sn`,
`region:western-africa`, `actor:12`, ...), read from its payload record. The words that name
those ids (term labels, taxonomy aliases, country names and codes, region labels, actor names
and acronyms) are shipped once in the payload's `lexicon`, from analysed phrase to keys, instead
of being indexed again in every practice: at 1,000 practices that is the difference between a
few kilobytes and most of the index. `key_weights` gives each key its inverse document
frequency, as lunr weighs a term, for `query.py` to score key matches.

At query time `expand` finds the phrases of the lexicon among the reader's words and adds their
keys to the words they span: "VET" -> `theme:tvet`, "nurses" -> `sector:health-care`,
"Côte d'Ivoire" -> `country:ci`. An entry without a colon is a plain term, searched in the
text fields: an actor's acronym brings its name's words ("MPF" -> `migrat`, `partnership`,
`facil`). The JavaScript twin is `expand` in `atlas-search.js`.

Phrases come in two strengths:
* names (term labels, region labels, actor names): the whole name and each of its words,
  so "training" finds the themes labelled "... training" and "Africa" the African regions;
* aliases (taxonomy aliases, ids, country names, ISO codes, acronyms): the whole phrase only,
  so "asylum seekers" finds refugees but "seekers" alone does not.
"""

from __future__ import annotations

import math
from collections import Counter

import pycountry

from atlas import geo
from atlas.catalogue import Catalogue
from atlas.search.facets import VOCABULARY_OF, typed_id
from atlas.search.pipeline import analyze_query


def key(param: str, term_id: object) -> str:
    """The index token of a facet id; lower case because lunr lower-cases every token."""
    return f"{param}:{term_id}".lower()


def key_weights(practice_keys: list[list[str]]) -> dict[str, float]:
    """Each key's inverse document frequency, lunr's formula, rounded as lunr rounds weights.

    Computed here and shipped so that both sides add the same numbers (no logarithm at query
    time, whose last bit may differ between engines).
    """
    total = len(practice_keys)
    df = Counter(k for keys in practice_keys for k in set(keys))
    return {
        k: round(math.log(1 + abs(total - n + 0.5) / (n + 0.5)), 3) for k, n in sorted(df.items())
    }


def phrase_of(text: str) -> str:
    """The lexicon's spelling of a phrase: its analysed terms joined by spaces."""
    return " ".join(term for group in analyze_query(text) for term in group)


class LexiconBuilder:
    """Collects phrase -> keys, in a fixed order so the payload is byte-identical across builds."""

    def __init__(self) -> None:
        self.table: dict[str, list[str]] = {}

    def add_alias(self, text: str, target: str) -> None:
        phrase = phrase_of(text)
        if phrase:
            keys = self.table.setdefault(phrase, [])
            if target not in keys:
                keys.append(target)

    def add_name(self, text: str, target: str) -> None:
        self.add_alias(text, target)
        for group in analyze_query(text):
            self.add_alias_phrase(" ".join(group), target)

    def add_alias_phrase(self, phrase: str, target: str) -> None:
        keys = self.table.setdefault(phrase, [])
        if target not in keys:
            keys.append(target)


# Everyday English names the ISO table does not give (its names and common names are used too).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "AE": ("UAE", "Emirates"),
    "BO": ("Bolivia",),
    "CD": ("DRC", "DR Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
    "CI": ("Ivory Coast",),
    "CV": ("Cape Verde",),
    "CZ": ("Czech Republic",),
    "GB": ("UK", "Britain", "Great Britain", "England"),
    "IR": ("Iran",),
    "KP": ("North Korea",),
    "KR": ("South Korea", "Korea"),
    "LA": ("Laos",),
    "MD": ("Moldova",),
    "MK": ("Macedonia",),
    "MM": ("Burma",),
    "NL": ("Holland",),
    "PS": ("Palestine",),
    "RU": ("Russia",),
    "SY": ("Syria",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "TR": ("Turkey",),
    "TZ": ("Tanzania",),
    "US": ("USA", "United States", "America"),
    "VE": ("Venezuela",),
    "VN": ("Vietnam",),
}


def _country_names(code: str) -> list[str]:
    names = [geo.country_name(code)]
    country = pycountry.countries.get(alpha_2=code)
    if country is not None and country.name not in names:
        names.append(country.name)
    names.extend(n for n in COUNTRY_ALIASES.get(code, ()) if n not in names)
    return names


def build_lexicon(
    catalogue: Catalogue, actor_numbers: dict[str, int], facets: list[dict]
) -> dict[str, list[str]]:
    """Phrase -> keys for every facet id (`facets`: the payload's) and actor the practices name.

    `actor_numbers` maps actor slugs to the numbers their keys use (`index.actor_numbers`).
    """
    lexicon = LexiconBuilder()
    for spec in facets:
        param = spec["param"]
        for entry in spec["terms"]:
            target = key(param, entry["id"])
            if param == "country":
                for name in _country_names(entry["id"]):
                    lexicon.add_alias(name, target)
                lexicon.add_alias(entry["id"], target)  # the ISO code, kept as capitals
                continue
            term = catalogue.taxonomy.term(VOCABULARY_OF[param], typed_id(param, entry["id"]))
            if term is None:
                continue
            lexicon.add_name(term.label, target)
            for alias in term.aliases:
                lexicon.add_alias(alias, target)
            if param != "gcm_objective":  # a bare number is too ambiguous to stand for one
                lexicon.add_alias(str(term.id).replace("-", " "), target)
    for slug, number in actor_numbers.items():
        actor = catalogue.actors[slug]
        target = key("actor", number)
        lexicon.add_name(actor.title, target)
        if acronym := actor.get("acronym"):
            lexicon.add_alias(str(acronym), target)
            # An acronym also stands for its name's words, so "MPF" finds the practice titled
            # "Migration Partnership Facility" as well as the practices MPF funds.
            for term in phrase_of(actor.title).split():
                lexicon.add_alias(str(acronym), term)
    return lexicon.table


def max_phrase_length(lexicon: dict[str, list[str]]) -> int:
    return max((phrase.count(" ") + 1 for phrase in lexicon), default=0)


def expand(groups: list[list[str]], lexicon: dict[str, list[str]], longest: int) -> list[list[str]]:
    """For each group of the reader's terms, the keys of the lexicon phrases it is part of.

    Every run of consecutive terms (across words, as `phrase_of` spells them) up to the longest
    phrase is looked up; a phrase's keys go to every word it spans, so "Côte d'Ivoire" counts
    as two matched words for a practice in Côte d'Ivoire.
    """
    flat = [(term, index) for index, group in enumerate(groups) for term in group]
    found: list[list[str]] = [[] for _ in groups]
    for start in range(len(flat)):
        for end in range(start + 1, min(start + longest, len(flat)) + 1):
            keys = lexicon.get(" ".join(term for term, _ in flat[start:end]))
            if not keys:
                continue
            spanned = sorted({index for _, index in flat[start:end]})
            for index in spanned:
                for target in keys:
                    if target not in found[index]:
                        found[index].append(target)
    return found
