"""Text analysis shared, rule for rule, by the index builder (Python) and the explorer (JavaScript).

A search only finds what the index holds if both sides turn text into the same terms. So the
analysis is ours, small and written twice: here and in `atlas/theme/assets/explore/atlas-search.js`
(`analyzeText` / `analyzeQuery`), and `tests/test_search_parity.py` checks that both give the
same terms for the whole corpus. The steps:

1. fold accents (NFKD, drop non-spacing marks, a few letters NFKD keeps: ß, æ, ø, ł, ...) so
   "Sénégal" and "Senegal" are one word;
2. cut into words: runs of letters and digits, a hyphenated word kept together ("e-learning");
3. per word, its parts (`e`, `learning`) and, for a hyphenated word, the parts joined
   (`elearning`), so "up-skilling" and "upskilling" meet;
4. drop one-letter parts (the `d` of "d'Ivoire", the `c` of "C++") unless they are digits, and
   English stop words unless written in capitals: "IT" (the sector), "BE" (Belgium's code) and
   "US" stay searchable, "it", "be" and "us" in a sentence do not;
5. stem ASCII words with lunr.js 2.3.9's Porter stemmer (`stemmer.porter_stem`); other scripts
   are left as they are.

The reader's text never reaches lunr's query parser: `analyze_query` returns the groups of terms
`query.py` turns into clauses, so `foo:`, `-`, `"refugee diplomas"`, `nurse*` and `C++` are just
words (or nothing) and never raise.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from lunr.pipeline import Pipeline
from lunr.token import Token

from atlas.search.stemmer import porter_stem

# lunr's English stop words (lunr.js 2.3.9 `lunr.stopWordFilter`), fixed here so that a later
# lunr release cannot change what the index holds.
_STOP_WORDS_TEXT = (
    "a able about across after all almost also am among an and any are as at be because been but "
    "by can cannot could dear did do does either else ever every for from get got had has have he "
    "her hers him his how however i if in into is it its just least let like likely may me might "
    "most must my neither no nor not of off often on only or other our own rather said say says "
    "she should since so some than that the their them then there these they this tis to too twas "
    "us wants was we were what when where which while who whom why will with would yet you your"
)
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

# Letters that NFKD does not decompose, spelt the way an English keyboard would type them.
SPECIAL_LETTERS = {
    "ß": "ss",
    "ẞ": "SS",
    "æ": "ae",
    "Æ": "AE",
    "œ": "oe",
    "Œ": "OE",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ł": "l",
    "Ł": "L",
    "ı": "i",
    "þ": "th",
    "Þ": "TH",
    "ð": "d",
    "Ð": "D",
}
_SPECIAL_RE = re.compile("[" + "".join(SPECIAL_LETTERS) + "]")

# A word: letters and digits, hyphenated parts kept together. `[^\W_]` is Python's spelling of
# JavaScript's `[\p{L}\p{N}]`.
WORD_RE = re.compile(r"[^\W_]+(?:[-\u2010\u2011][^\W_]+)*")
HYPHEN_RE = re.compile(r"[-\u2010\u2011]")
ASCII_WORD_RE = re.compile(r"^[a-z0-9]+$")

# The name under which both sides register the stemmer in lunr's pipeline registry: the index
# records it as its search pipeline, and `lunr.Index.load` (Python or JS) needs it registered.
STEMMER_LABEL = "atlasStemmer"


def fold(text: str) -> str:
    """Accents removed and special letters spelt out: "Sénégal" -> "Senegal", "Søren" -> "Soren".

    Only the runs of non-ASCII characters are looked at (ASCII text folds to itself, and
    decomposing or reordering never crosses an ASCII character), which makes indexing a body
    of prose several times faster than folding it character by character.
    """
    return text if text.isascii() else _NON_ASCII_RE.sub(_fold_run, text)


_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")


def _fold_run(match: re.Match[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", match.group(0))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPECIAL_RE.sub(lambda m: SPECIAL_LETTERS[m.group(0)], stripped)


def stem(term: str) -> str:
    """lunr.js 2.3.9's stem for plain ASCII words; other words are kept as they are."""
    return porter_stem(term) if ASCII_WORD_RE.match(term) else term


def _is_capitals(word: str) -> bool:
    return word == word.upper() and word != word.lower()


def _keep(part: str, capitals: bool) -> bool:
    if len(part) < 2 and not unicodedata.category(part).startswith("N"):
        return False
    return capitals or part not in STOP_WORDS


def word_terms(word: str) -> list[str]:
    """The terms of one word (as `WORD_RE` finds it): its parts, then the parts joined."""
    return list(_terms(word))


@lru_cache(maxsize=1 << 16)  # prose repeats its words: most are seen before
def _terms(word: str) -> tuple[str, ...]:
    capitals = _is_capitals(word)
    parts = HYPHEN_RE.split(word.lower())
    if len(parts) > 1:
        parts.append("".join(parts))
    return tuple(stem(part) for part in parts if _keep(part, capitals))


def words(text: str) -> list[str]:
    return WORD_RE.findall(fold(text))


def analyze_text(text: str | Iterable[str]) -> list[str]:
    """Every term of a text, repeats kept (they are term frequencies), for the index."""
    if not isinstance(text, str):
        text = "\n".join(text)
    return [term for word in words(text) for term in _terms(word)]


def analyze_query(text: str) -> list[list[str]]:
    """The reader's words as groups of terms, one group per word that has any, repeats dropped.

    A group matches a practice when any of its terms does; `query.py` ranks by how many groups
    match, so "nurses Germany" puts practices with both words first.
    """
    groups: list[list[str]] = []
    seen: set[tuple[str, ...]] = set()
    for word in words(text):
        terms = list(dict.fromkeys(word_terms(word)))
        key = tuple(sorted(terms))
        if terms and key not in seen:
            seen.add(key)
            groups.append(terms)
    return groups


def _stemmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
    """lunr pipeline function: the index's search pipeline, for anyone calling `idx.search`."""
    return token.update(lambda s, _metadata: stem(s))


if STEMMER_LABEL not in Pipeline.registered_functions:
    Pipeline.register_function(_stemmer, STEMMER_LABEL)
stemmer_function = Pipeline.registered_functions[STEMMER_LABEL]
