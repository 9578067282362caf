"""Tests of share, follow and print bars in the middle of an article (issue #4,
session 13): a bar the article goes on after is no end marker, so only its
buttons go and the paragraphs after it stay; the same bar at the end of the
article, before related links and the footer, still goes with what follows.

Page cases are data (``tests/data/boilerplate_share_bar_cases.jsonl``,
hand-written pages in English, French and German: ``bar-continues/...`` with a
share, a follow and a print / e-mail bar, ``bar-ends/...`` with the share bar
closing the article). With the rule switched off the continuations go again,
so the cases test it.
"""

from __future__ import annotations

import pytest

import textrepair.boilerplate as bp

from .conftest import assert_page_case, cases_of, page_cases, page_failures

CASES = page_cases("boilerplate_share_bar_cases.jsonl")


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case: dict) -> None:
    assert_page_case(case, strip=True)


def test_cases_cover_three_languages() -> None:
    for rule in ("bar-continues", "bar-ends"):
        assert {c["lang"] for c in cases_of(CASES, rule)} >= {"en", "fr", "de"}, rule


def test_rule_off_loses_the_continuation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_BAR_CATEGORIES", frozenset())
    for case in cases_of(CASES, "bar-continues"):
        lost, _ = page_failures(case, strip=True)
        assert lost, case["label"]


def test_a_bar_needs_its_buttons(monkeypatch: pytest.MonkeyPatch) -> None:
    # (fewer buttons than the minimum: the bar ends the article, as a lone "Share" does)
    monkeypatch.setattr(bp, "_BAR_MIN_BUTTONS", 5)
    for case in cases_of(CASES, "bar-continues"):
        lost, _ = page_failures(case, strip=True)
        assert lost, case["label"]


def test_second_pass_changes_nothing() -> None:
    from textrepair.boilerplate import BoilerplateStage
    from textrepair.config import Config
    from textrepair.stage import Context

    config = Config()
    stage = BoilerplateStage(config)
    for case in CASES:
        once, _ = stage.process(case["input"], Context(case["lang"], config))
        assert stage.process(once, Context(case["lang"], config))[0] == once, case["label"]
