"""How the search reads words: accents, capitals, hyphens, plurals, and input that is not words.

These are the rules both the index builder and the explorer apply (`atlas/search/pipeline.py`
and its JavaScript twin); `test_search_parity.py` checks that the twin agrees.
"""

from __future__ import annotations

import contextlib
import unicodedata
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunr.stemmer import stemmer as lunr_py_stemmer
from test_search_support import AWKWARD_QUERIES

from atlas.search import index as index_module
from atlas.search.index import FIELDS, build_index
from atlas.search.pipeline import SPECIAL_LETTERS, analyze_query, analyze_text, fold
from atlas.search.stemmer import porter_stem


def terms(text: str) -> list[str]:
    return [t for group in analyze_query(text) for t in group]


def test_accented_and_plain_spellings_are_the_same_word() -> None:
    assert analyze_query("Sénégal") == analyze_query("Senegal") == analyze_query("SENEGAL")
    assert analyze_query("Côte d'Ivoire") == analyze_query("Cote d’Ivoire")
    assert fold("Tromsø Straße Łódź") == "Tromso Strasse Lodz"


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet="abcXYZ -'\u00e9\u0301\u0323\u00f1\u00df\u00d8\u0152\ufb01\u2460\u01c5")
    | st.text()
)
def test_folding_a_text_equals_folding_it_character_by_character(text: str) -> None:
    """`fold` looks only at runs of non-ASCII characters: the same result as decomposing the
    whole text, dropping every combining mark and spelling out the special letters."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    expected = "".join(SPECIAL_LETTERS.get(c, c) for c in stripped)
    assert fold(text) == expected


def test_singular_and_plural_meet() -> None:
    for one, many in [
        ("nurse", "nurses"),
        ("refugee", "refugees"),
        ("diploma", "diplomas"),
        ("internship", "internships"),
        ("survey", "surveys"),
    ]:
        assert analyze_query(one) == analyze_query(many)


def test_stop_words_are_dropped_unless_written_in_capitals() -> None:
    """'IT' is the sector and 'BE' Belgium's code; 'it' and 'be' in a sentence are noise."""
    assert terms("it be us") == []
    assert terms("IT") == ["it"]
    assert terms("BE US") == ["be", "us"]
    assert terms("nurses in Germany") == terms("nurses Germany")


def test_hyphenated_words_also_count_joined() -> None:
    assert "elearn" in terms("e-learning")
    assert set(terms("upskilling")) <= set(terms("up-skilling"))
    assert terms("COVID-19") == ["covid", "19", "covid19"]


def test_single_letters_are_dropped_but_digits_kept() -> None:
    assert terms("C++") == []
    assert terms("d'Ivoire") == ["ivoir"]
    assert terms("objective 5") == ["object", "5"]


@pytest.mark.parametrize("text", AWKWARD_QUERIES)
def test_any_input_gives_plain_terms_never_an_error(text: str) -> None:
    for group in analyze_query(text):
        assert group, "no empty groups"
        for term in group:
            assert term.isalnum(), term


def test_query_syntax_is_just_punctuation() -> None:
    assert analyze_query('"refugee diplomas"') == analyze_query("refugee diplomas")
    assert analyze_query("nurse*") == analyze_query("nurse")
    assert analyze_query("title:tvet") == analyze_query("title tvet")
    assert analyze_query("-diaspora") == analyze_query("diaspora")


def test_repeated_words_count_once() -> None:
    assert analyze_query("nurse nurses Nurse") == [["nurs"]]


def test_text_keeps_repeats_for_term_frequency() -> None:
    assert analyze_text("Training, training and more training.") == [
        "train",
        "train",
        "more",
        "train",
    ]


def test_stemmer_is_lunr_js_not_lunr_py() -> None:
    """lunr.py stems "survey" as `survei`; the browser (lunr.js 2.3.9) searches for `survey`."""
    from lunr.token import Token

    for word, js_stem in [
        ("survey", "survey"),
        ("employ", "employ"),
        ("day", "day"),
        ("cry", "cri"),
        ("nationalization", "nation"),
        ("agreed", "agre"),
    ]:
        assert porter_stem(word) == js_stem
    assert str(lunr_py_stemmer(Token("survey"))) == "survei"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.fixed_dictionaries(
            {field.name: st.lists(st.text(min_size=1, max_size=12), max_size=8) for field in FIELDS}
        ),
        min_size=1,
        max_size=6,
    )
)
def test_the_explorer_index_is_the_one_lunr_builds_without_the_token_shortcut(
    documents: list[dict[str, list[str]]],
) -> None:
    """`build_index` spares lunr.py a deep copy per token; the serialised index is the one
    lunr.py builds with its own tokenizer, and lunr.py's tokenizer is back afterwards."""
    import lunr.builder

    tokenizer = lunr.builder.Tokenizer
    shortcut = build_index(documents)
    assert lunr.builder.Tokenizer is tokenizer
    with patch.object(index_module, "_list_tokens_without_copies", contextlib.nullcontext):
        assert build_index(documents) == shortcut
