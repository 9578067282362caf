"""How a repair is written back: the case and the characters of the token it replaces."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.dictionary import normalize_key
from textrepair.tokenize import _is_caps, restore_case


@pytest.mark.parametrize(
    ("word", "token", "lang", "expected"),
    [
        ("the", "Tbe", None, "The"),
        ("gravure", "GRAFURB", None, "GRAVURE"),
        ("folly", "foUy", None, "folly"),
        # What the key folds stays as the token writes it, at both ends of the repair.
        ("schiesst bei", "schießtbei", "de", "schießt bei"),
        ("strasse", "Straβe", "de", "Strasse"),  # a Greek beta is not a sharp s
        ("grosse", "großc", "de", "große"),
        ("l'état", "L’étal", "fr", "L’état"),
        ("aujourd'hui", "aujourd’bui", "fr", "aujourd’hui"),
        ("such", "ſucb", "en", "ſuch"),
        ("λόγος", "λόγoς", "el", "λόγος"),
        ("كتاب", "كِتاث", "ar", "كِتاب"),
        ("state", "ſtatc", "en", "ſtate"),
        # Nothing folded: the key's own spelling.
        ("wasser", "wafser", "de", "wasser"),
    ],
)
def test_repairs_keep_the_tokens_spelling(
    word: str, token: str, lang: str | None, expected: str
) -> None:
    assert restore_case(word, token, lang) == expected


def _old(word: str, token: str) -> str:
    # The key in the token's case pattern (what restore_case wrote before it kept spellings).
    if _is_caps([c for c in token if c.isalpha()]):
        return word.upper()
    if token[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


_text = st.text(alphabet=st.sampled_from("abcsſßςσΣ’'éÉe\u0301\u064eكSSTtIİ ﬁ"), max_size=8)


@settings(max_examples=500, deadline=None)
@given(_text, _text, st.sampled_from([None, "de", "fr", "ar", "el"]))
def test_same_repair_as_the_key_in_the_tokens_case(word: str, token: str, lang: str | None) -> None:
    key = normalize_key(word, lang)
    out = restore_case(key, token, lang)
    # The written form is the same repair: it looks up as the key in the token's case.
    assert normalize_key(out, lang) == normalize_key(_old(key, token), lang)
    if token.isascii():
        assert out == _old(key, token)
