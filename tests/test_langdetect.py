"""Language identification: per-language samples, undetermined cases, robustness."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import DATA
from textrepair.dictionary import available_languages
from textrepair.langdetect import UNDETERMINED, detect_language, profile_languages

CASES: list[dict[str, Any]] = [
    json.loads(line)
    for line in (DATA / "langdetect_cases.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_cases(case: dict[str, Any]) -> None:
    assert detect_language(case["input"], case.get("candidates")) == case["expected"]


def test_cases_cover_every_shipped_language() -> None:
    assert {c["expected"] for c in CASES} >= set(available_languages()) | {UNDETERMINED}


def test_every_dictionary_has_a_profile() -> None:
    assert profile_languages() == available_languages()


def test_profiles_with_a_bad_rejected_list_are_refused() -> None:
    from textrepair.langdetect import _PROFILES_FORMAT, _Profiles

    doc = {
        "format": _PROFILES_FORMAT,
        "languages": {"en": {"script": "Latin", "words": "the of", "zipf": [773, 740]}},
    }
    assert _Profiles(doc).shipped == ("en",)
    with pytest.raises(ValueError, match="rejected"):
        _Profiles({**doc, "rejected": ["hu"]})  # no profile for it
    with pytest.raises(ValueError, match="centi-Zipf"):
        _Profiles({**doc, "languages": {"en": {"script": "Latin", "words": "the", "zipf": [7.7]}}})


def test_candidates_restrict_the_answer() -> None:
    text = "Hacía frío, así que nos quedamos en casa y leímos libros toda la tarde."
    assert detect_language(text) == "es"
    assert detect_language(text, ["es", "pt"]) == "es"
    assert detect_language(text, ["ru", "uk"]) == UNDETERMINED  # wrong script
    assert detect_language(text, []) == UNDETERMINED


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match=r"no language profile for xx; available: .*en"):
        detect_language("hello there", ["en", "xx"])
    with pytest.raises(TypeError):
        detect_language("hello there", "en")
    with pytest.raises(TypeError):
        detect_language(b"hello there")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        detect_language("hello there", [None])  # type: ignore[list-item]


def test_long_document_with_a_foreign_quotation() -> None:
    english = "It was the best of times and the worst of times, as everyone knows. " * 40
    text = english + "Il faisait froid, alors nous sommes restés à la maison. " + english
    assert detect_language(text) == "en"


@pytest.mark.parametrize("where", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_language_most_of_the_text_is_in(where: float) -> None:
    # A German forum thread quoting a long English passage: the answer is the
    # language of most of the text wherever the quotation sits, so removing some
    # lines of the page (as the boilerplate stage does) does not change it.
    german = (
        "Ich habe das Update gestern installiert und seitdem funktioniert das Telefon "
        "wieder ohne Probleme. Vielleicht hilft es dir, wenn du es noch einmal versuchst. "
    ) * 12
    english = (
        "During the second step your computer detects the phone as a new device and "
        "starts searching for driver updates online, which can take a while. "
    ) * 4
    cut = int(len(german) * where)
    text = german[:cut] + english + german[cut:]
    assert detect_language(text) == "de"
    assert detect_language(text[len(text) // 5 :]) == "de"
    assert detect_language(text[: len(text) * 4 // 5]) == "de"


def test_french_page_behind_english_menu() -> None:
    menu = "Home\nAbout us\nContact\nLog in\nSearch\n"
    body = "Le gouvernement a annoncé mardi une série de mesures pour les agriculteurs. " * 30
    assert detect_language(menu + body) == "fr"


@pytest.mark.parametrize(
    "text", ["a" * 1_000_000, "é" * 1_000_000, "ab'" * 300_000, "😀" * 100_000]
)
def test_huge_inputs_without_spaces(text: str) -> None:
    assert detect_language(text) in (*profile_languages(), UNDETERMINED)


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_any_text_gives_a_language_or_und(text: str) -> None:
    assert detect_language(text) in (*profile_languages(), UNDETERMINED)


# Found by the long Hypothesis profile with 1,000-word profiles: 'de' and 'fer' made Catalan,
# 'équivalent' counted for nothing, and the Catalan dictionary then dropped the accent.
def test_three_french_words_are_not_catalan() -> None:
    assert detect_language("De fer équivalent.") in ("fr", UNDETERMINED)
