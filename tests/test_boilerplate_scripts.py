"""Other scripts inside a content line (session 9): a German, English or French
article quoting Japanese, Chinese, Arabic or Hindi text, or emoji, keeps that
line, while a language menu listing "中文 | 日本語" still goes.

Cases are data (``tests/data/boilerplate_scripts_cases.jsonl``, hand-written
pages). The feature tests check the mechanism: a run of another script in a
long line of a European-script page changes neither the line's word count and
stopword share nor sets its ``cjk`` feature (before session 9 it did all three).
"""

from __future__ import annotations

import pytest

from textrepair.boilerplate import FEATURES, _analyse

from .conftest import page_cases, page_failures

CASES = page_cases("boilerplate_scripts_cases.jsonl")
RUN = " 東京都の人口は約1400万人です。 مرحبا بالعالم नमस्ते दुनिया 👩🏽\u200d💻🎉 "
CJK = FEATURES.index("cjk")
WATCHED = ("cjk", "stopword_share", "no_stopword", "words_13_25", "words_26_up", "words_7_12")


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case: dict) -> None:
    lost, left = page_failures(case)
    assert not lost, f"content lines removed: {lost}"
    assert not left, f"boilerplate lines kept: {left}"


def test_cases_cover_languages_and_menus() -> None:
    assert len({c["lang"] for c in CASES}) >= 3
    for c in CASES:
        assert any("中文" in line for line in c["expected"]["remove"])
        assert any(ch >= "\u3040" or "\u0600" <= ch <= "\u06ff" for ch in c["input"])


def _row(text: str, lang: str, needle: str) -> dict[str, float]:
    doc = _analyse(text, lang)
    j = next(j for j, s in enumerate(doc.stripped) if needle in s)
    row = doc.rows[j]
    return {name: row[FEATURES.index(name)] for name in WATCHED}


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_run_in_a_long_line_leaves_its_features(case: dict) -> None:
    lines = case["input"].split("\n")
    j = max(range(len(lines)), key=lambda i: len(lines[i]))
    # the longest line without any other script, then with the run in its middle
    lines[j] = "".join(ch for ch in lines[j] if ch < "\u0590").replace("  ", " ")
    plain = "\n".join(lines)
    words = lines[j].split(" ")
    mid = len(words) // 2
    lines[j] = " ".join(words[:mid]) + RUN + " ".join(words[mid:])
    probed = "\n".join(lines)
    needle = " ".join(words[:3])
    assert _row(probed, case["lang"], needle) == _row(plain, case["lang"], needle)


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_language_menu_keeps_the_cjk_feature(case: dict) -> None:
    doc = _analyse(case["input"], case["lang"])
    menus = [j for j, s in enumerate(doc.stripped) if "中文" in s]
    assert menus and all(doc.rows[j][CJK] == 1.0 for j in menus)


def test_chinese_page_lines_keep_the_cjk_feature() -> None:
    body = "北京今天举行了一场盛大的文化活动，吸引了来自全国各地的数万名游客参加。\n"
    text = "首页 | 新闻 | 体育\n" + body * 3
    doc = _analyse(text, "zh")
    assert all(doc.rows[j][CJK] == 1.0 for j in range(len(doc.stripped)))
