"""Properties the whole pipeline holds on any input.

Run with ``HYPOTHESIS_PROFILE=long`` for the deep run recorded in tests/README.md.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textrepair import Repairer
from textrepair.testing import documents, hard_wrapped, mojibake, sentences

from .conftest import check_edits

REPAIRERS = {lang: Repairer(lang=lang) for lang in ("en", "fr")}
AUTO = Repairer(lang="auto")

# Text in scripts without a dictionary here, including emoji ZWJ sequences and RTL marks.
FOREIGN_ALPHABET = (
    "漢字仮名交じり文한국어中文文本"
    "العربية نص"
    "हिन्दी पाठ"
    "ภาษาไทย"
    "👩\u200d👩\u200d👧\u200d👦 👍🏽 🇫🇷 "
    "\u200f\u200e .,;:!?()«»—\n"
)


@given(st.text())
def test_any_str_is_handled_and_edits_replay(text: str) -> None:
    result = AUTO.repair(text)
    assert isinstance(result.text, str)
    check_edits(text, result.text, result.edits)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_any_text_with_a_fixed_language(lang: str, text: str) -> None:
    result = REPAIRERS[lang].repair(text)
    check_edits(text, result.text, result.edits)


@given(st.text(alphabet=FOREIGN_ALPHABET, max_size=200))
def test_scripts_without_a_dictionary_come_back_unchanged(text: str) -> None:
    assert AUTO.repair(text).text == text


@given(st.data())
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_idempotent(lang: str, data: st.DataObject) -> None:
    text = data.draw(
        st.one_of(
            documents(lang),
            mojibake(sentences(lang)).map(lambda p: p[0]),
            st.text(max_size=200),
        )
    )
    r = REPAIRERS[lang]
    once = r.repair(text).text
    assert r.repair(once).text == once


@given(st.data())
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_clean_dictionary_text_is_unchanged(lang: str, data: st.DataObject) -> None:
    text = data.draw(documents(lang))
    assert REPAIRERS[lang].repair(text).text == text


@given(st.data())
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_mojibake_is_undone(lang: str, data: st.DataObject) -> None:
    codecs = ["sloppy-windows-1252", "latin-1"]
    noisy, clean = data.draw(mojibake(sentences(lang), encodings=codecs))
    assert Repairer(lang=lang, boilerplate=False, tokens=False).repair(noisy).text == clean


@pytest.mark.xfail(
    strict=True,
    reason="Windows-1250 mojibake at the start of a word in a short text is ambiguous "
    "without more context; ftfy leaves it too. Longer text is repaired.",
)
def test_short_windows_1250_mojibake_at_word_start() -> None:
    r = Repairer(lang="fr", boilerplate=False, tokens=False)
    assert r.repair("De de \u0102\u015ftre.").text == "De de \u00eatre."


def test_windows_1250_mojibake_in_longer_text() -> None:
    clean = "Le g\u00e2teau est tr\u00e8s bon \u00e0 manger, m\u00eame pour \u00eatre honn\u00eate."
    noisy = clean.encode("utf-8").decode("cp1250", "replace")
    assert Repairer(lang="fr", boilerplate=False, tokens=False).repair(noisy).text == clean


@given(hard_wrapped(documents("en"), min_width=50, max_width=70))
def test_hard_wrapped_edits_replay(pair: tuple[str, str]) -> None:
    noisy, _ = pair
    result = REPAIRERS["en"].repair(noisy)
    check_edits(noisy, result.text, result.edits)
