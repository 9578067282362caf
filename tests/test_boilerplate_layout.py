"""Tests of the boilerplate stage's block rules (session 4): teaser runs after the
article's body, small blocks that are text, and a headline found below the body.

Cases are data (``tests/data/boilerplate_layout_cases.jsonl``, hand-written
pages in several languages); each rule is also switched off to show that some
cases then fail, so the cases test the rule and not something else.
"""

from __future__ import annotations

import math

import pytest

import textrepair.boilerplate as bp
from textrepair.boilerplate import _analyse

from .conftest import page_cases, page_failures

CASES = page_cases("boilerplate_layout_cases.jsonl")


def failures(case: dict) -> tuple[list[str], list[str]]:
    """(content lines removed, boilerplate lines kept) for one case."""
    return page_failures(case)


def params(prefix: str) -> list[object]:
    return [
        pytest.param(
            c,
            id=c["label"],
            marks=[pytest.mark.xfail(strict=True, reason=c["xfail"])] if "xfail" in c else [],
        )
        for c in CASES
        if c["label"].startswith(prefix)
    ]


@pytest.mark.parametrize("case", params(""))
def test_case(case: dict) -> None:
    lost, left = failures(case)
    assert not lost, f"content lines removed: {lost}"
    assert not left, f"boilerplate lines kept: {left}"


def test_cases_cover_rules_and_languages() -> None:
    labels = [c["label"] for c in CASES]
    for rule in ("teaser-run/", "small-blocks-of-text/", "heading-title-repeated-below/"):
        assert sum(label.startswith(rule) for label in labels) >= 3
    passing = {
        c["lang"] for c in CASES if c["label"].startswith("teaser-run/") and "xfail" not in c
    }
    assert len(passing) >= 2


def test_teaser_rule_off_keeps_the_teasers(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the furniture tier (only the 5% rule), the passing teaser cases fail.
    cases = [c for c in CASES if c["label"].startswith("teaser-run/") and "xfail" not in c]
    assert cases and all(failures(c) == ([], []) for c in cases)
    monkeypatch.setattr(bp, "_TEASER_SHARE", 0.0)
    assert all(failures(c)[1] for c in cases)


def test_score_guard_off_loses_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without the score guard, the small blocks of text after the body go.
    cases = [c for c in CASES if c["label"].startswith("small-blocks-of-text/")]
    monkeypatch.setattr(bp, "_TEASER_SCORE", math.inf)
    assert all(failures(c)[0] for c in cases)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["label"].startswith("heading-title-repeated-below/")]
)
def test_title_repeated_below_the_body_is_not_the_headline(case: dict) -> None:
    doc = _analyse(case["input"], case["lang"])
    body_start = max(doc.blocks, key=lambda b: b[2])[0]
    title_text = doc.stripped[doc.title].split(" | ")[0]
    repeats = [j for j, s in enumerate(doc.stripped) if s == title_text]
    assert repeats and all(j > body_start for j in repeats)
    assert doc.headline == -1


def test_title_repeated_above_the_body_is_the_headline() -> None:
    case = next(c for c in CASES if c["label"] == "heading-title-repeated-below/en")
    lines = case["input"].split("\n")
    title_text = lines[0].split(" | ")[0]
    # the same page with the headline above the body as well
    page = "\n".join([lines[0], title_text, *lines[1:]])
    doc = _analyse(page, "en")
    assert doc.stripped[doc.headline] == title_text
    assert doc.headline < max(doc.blocks, key=lambda b: b[2])[0]
