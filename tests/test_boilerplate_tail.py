"""Tests of the main stretch's tail measured again at a stricter threshold
(session 12): a list of teaser headlines closing the stretch goes as
``related-links``; the article's own closing lists (tour dates, specifications,
a list introduced by a colon, bullets) stay.

Page cases are data (``tests/data/boilerplate_tail_cases.jsonl``, hand-written
pages in English and French); the line lists that :func:`_headline_list`
reads as headlines or not are data too
(``tests/data/boilerplate_headline_lists.jsonl``, English, German and French).
The rule and its guard are each switched off to show that their cases then
fail.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import textrepair.boilerplate as bp
from textrepair.boilerplate import BoilerplateStage, _analyse, _headline_list, _teaser_tail
from textrepair.config import Config
from textrepair.stage import Context

from .conftest import assert_page_case, cases_of, page_cases, page_failures

CASES = page_cases("boilerplate_tail_cases.jsonl")
LISTS = [
    json.loads(line)
    for line in (Path(__file__).parent / "data" / "boilerplate_headline_lists.jsonl")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]


def of(rule: str) -> list[dict]:
    return cases_of(CASES, rule)


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case: dict) -> None:
    assert_page_case(case, strip=True)


def test_cases_cover_the_rule_in_two_languages() -> None:
    for rule in ("teaser-tail", "teaser-tail-guard"):
        assert {c["lang"] for c in of(rule)} >= {"en", "fr"}, rule
    assert {c["lang"] for c in LISTS if c["headlines"]} >= {"en", "de", "fr"}
    assert {c["lang"] for c in LISTS if not c["headlines"]} >= {"en", "de", "fr"}


def test_rule_off_keeps_the_teasers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_teaser_tail", lambda doc, start, end: end)
    for case in of("teaser-tail"):
        _, left = page_failures(case, strip=True)
        assert left, case["label"]


def test_guard_off_loses_the_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    # the guard cases are "tempted": the stricter stretch ends before their lists
    monkeypatch.setattr(bp, "_headline_list", lambda doc, lo, hi: True)
    for case in of("teaser-tail-guard"):
        lost, _ = page_failures(case, strip=True)
        assert lost, case["label"]


def test_teasers_go_as_related_links(monkeypatch: pytest.MonkeyPatch) -> None:
    config = Config()
    for case in of("teaser-tail"):
        _, edits = BoilerplateStage(config).process(case["input"], Context(case["lang"], config))
        with monkeypatch.context() as m:
            m.setattr(bp, "_teaser_tail", lambda doc, start, end: end)
            off, _ = BoilerplateStage(config).process(case["input"], Context(case["lang"], config))
        # the lines this rule removes (kept without it) go as related links
        cut = [e for e in edits if e.before.strip() in off.split("\n")]
        assert len(cut) >= 3, case["label"]
        assert {e.reason for e in cut} == {"related-links"}, case["label"]


@pytest.mark.parametrize("case", LISTS, ids=[c["label"] for c in LISTS])
def test_headline_list(case: dict) -> None:
    # the first line is the list's label (a marker, a heading): it stays out
    doc = _analyse("\n".join(case["lines"]), case["lang"])
    assert _headline_list(doc, 1, len(case["lines"])) is case["headlines"]


def test_a_colon_above_introduces_the_list() -> None:
    lines = next(case for case in LISTS if case["label"] == "teasers/en")["lines"]
    doc = _analyse("\n".join(["These were the most read stories:", *lines[1:]]), "en")
    assert not _headline_list(doc, 1, len(lines))
    assert _headline_list(_analyse("\n".join(lines), "en"), 1, len(lines))


def test_teaser_tail_needs_lines_and_no_paragraph() -> None:
    body = "A sentence of the article body that is long enough to be its text. " * 3
    heads = [
        "Storm closes the mountain pass again",
        "Why the new bridge costs more than planned",
        "Five walks along the river this autumn",
        "The mayor answers your questions",
    ]
    doc = _analyse("\n".join(["Title", body, body, "Popular", *heads]), "en")
    doc.z = [1.0, 3.0, 3.0, -0.6, -0.7, -0.6, -0.7, -0.6]
    assert _teaser_tail(doc, 1, 7) == 2
    assert _teaser_tail(doc, 1, 4) == 4  # too few lines after the stricter stretch
    doc.good[6] = True  # a paragraph among them: not a list of headlines
    assert _teaser_tail(doc, 1, 7) == 7
