"""The Porter stemmer exactly as lunr.js 2.3.9 implements it, ported line by line.

Why a port: lunr.py 0.8.0's stemmer differs from lunr.js 2.3.9's in step 1c (lunr.py turns a
final "y" into "i" after a vowel too, so "survey" is indexed as `survei` while the browser looks
for `survey`). The index is built in Python and searched in the browser, so both sides must
produce identical stems; the browser uses lunr.js's own `lunr.stemmer`, and this module
reproduces it (regular expressions, step order and quirks included). `tests/test_search_parity.py`
compares the two on every word of the corpus.
"""

from __future__ import annotations

import re
from functools import lru_cache

_STEP2 = {
    "ational": "ate",
    "tional": "tion",
    "enci": "ence",
    "anci": "ance",
    "izer": "ize",
    "bli": "ble",
    "alli": "al",
    "entli": "ent",
    "eli": "e",
    "ousli": "ous",
    "ization": "ize",
    "ation": "ate",
    "ator": "ate",
    "alism": "al",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "aliti": "al",
    "iviti": "ive",
    "biliti": "ble",
    "logi": "log",
}
_STEP3 = {
    "icate": "ic",
    "ative": "",
    "alize": "al",
    "iciti": "ic",
    "ical": "ic",
    "ful": "",
    "ness": "",
}

_c = "[^aeiou]"  # consonant
_v = "[aeiouy]"  # vowel
_C = _c + "[^aeiouy]*"  # consonant sequence
_V = _v + "[aeiou]*"  # vowel sequence

_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)  # [C]VC... is m>0
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?$")  # [C]VC[V] is m=1
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)  # [C]VCVC... is m>1
_S_V = re.compile("^(" + _C + ")?" + _v)  # vowel in stem

_RE_1A = re.compile(r"^(.+?)(ss|i)es$")
_RE2_1A = re.compile(r"^(.+?)([^s])s$")
_RE_1B = re.compile(r"^(.+?)eed$")
_RE2_1B = re.compile(r"^(.+?)(ed|ing)$")
_RE_LAST = re.compile(r".$")
_RE2_1B_2 = re.compile(r"(at|bl|iz)$")
_RE3_1B_2 = re.compile(r"([^aeiouylsz])\1$")
_RE4_1B_2 = re.compile("^" + _C + _v + "[^aeiouwxy]$")
_RE_1C = re.compile(r"^(.+?[^aeiou])y$")
_RE_2 = re.compile(
    r"^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism"
    r"|iveness|fulness|ousness|aliti|iviti|biliti|logi)$"
)
_RE_3 = re.compile(r"^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$")
_RE_4 = re.compile(
    r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$"
)
_RE2_4 = re.compile(r"^(.+?)(s|t)(ion)$")
_RE_5 = re.compile(r"^(.+?)e$")
_RE_5_1 = re.compile(r"ll$")
_RE3_5 = re.compile("^" + _C + _v + "[^aeiouwxy]$")


def _drop_last(word: str) -> str:
    return _RE_LAST.sub("", word, count=1)


@lru_cache(maxsize=65536)
def porter_stem(w: str) -> str:
    """The stem lunr.js 2.3.9 gives `w` (a lower-case word)."""
    if len(w) < 3:
        return w
    firstch = w[0]
    if firstch == "y":
        w = firstch.upper() + w[1:]

    # Step 1a
    if (m := _RE_1A.match(w)) or (m := _RE2_1A.match(w)):
        w = m.group(1) + m.group(2)

    # Step 1b
    if m := _RE_1B.match(w):
        if _MGR0.match(m.group(1)):
            w = _drop_last(w)
    elif m := _RE2_1B.match(w):
        stem = m.group(1)
        if _S_V.match(stem):
            w = stem
            if _RE2_1B_2.search(w):
                w = w + "e"
            elif _RE3_1B_2.search(w):
                w = _drop_last(w)
            elif _RE4_1B_2.match(w):
                w = w + "e"

    # Step 1c: final y becomes i only after a consonant (lunr.py also does it after a vowel)
    if m := _RE_1C.match(w):
        w = m.group(1) + "i"

    # Step 2
    if (m := _RE_2.match(w)) and _MGR0.match(m.group(1)):
        w = m.group(1) + _STEP2[m.group(2)]

    # Step 3
    if (m := _RE_3.match(w)) and _MGR0.match(m.group(1)):
        w = m.group(1) + _STEP3[m.group(2)]

    # Step 4
    if m := _RE_4.match(w):
        if _MGR1.match(m.group(1)):
            w = m.group(1)
    elif m := _RE2_4.match(w):
        stem = m.group(1) + m.group(2)
        if _MGR1.match(stem):
            w = stem

    # Step 5
    if m := _RE_5.match(w):
        stem = m.group(1)
        if _MGR1.match(stem) or (_MEQ1.match(stem) and not _RE3_5.match(stem)):
            w = stem
    if _RE_5_1.search(w) and _MGR1.match(w):
        w = _drop_last(w)

    # Turn an initial Y back into y
    if firstch == "y":
        w = firstch.lower() + w[1:]
    return w
