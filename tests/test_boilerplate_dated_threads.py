"""Tests of threads of readers' comments found by their dated entries
(session 12): after a comments marker that follows the article's body, a run
of short lines that date an entry ("anna_k on 2019/11/20 10:14", "geschrieben
von anna am 20. Nov. 2019, 10:14") with text between them starts a thread that
goes to the end of the page (``comment-thread``). Without a comments marker,
dated lines are an events calendar or a changelog and stay; timestamps that
follow each other (a log) or date the article's own entries are no thread.

Page cases are data (``tests/data/boilerplate_thread_cases.jsonl``, hand-written
pages in English and German); the rule is switched off to show that its cases
then fail.
"""

from __future__ import annotations

import pytest

import textrepair.boilerplate as bp
from textrepair.boilerplate import BoilerplateStage, _analyse, _dated_entries, _dated_thread
from textrepair.config import Config
from textrepair.stage import Context

from .conftest import assert_page_case, cases_of, page_cases, page_failures

CASES = page_cases("boilerplate_thread_cases.jsonl")
BODY = "A sentence of the article with enough words to be its text. " * 8


def of(rule: str) -> list[dict]:
    return cases_of(CASES, rule)


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_case(case: dict) -> None:
    assert_page_case(case, strip=True)


def test_cases_cover_the_rule_in_two_languages() -> None:
    for rule in ("dated-thread", "dated-thread-guard"):
        assert {c["lang"] for c in of(rule)} >= {"en", "de"}, rule


def test_rule_off_keeps_the_comments(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bp, "_dated_entries", lambda doc, a, b, start: None)
    for case in of("dated-thread"):
        _, left = page_failures(case, strip=True)
        assert left, case["label"]


def test_comments_go_as_a_thread() -> None:
    config = Config()
    for case in of("dated-thread"):
        _, edits = BoilerplateStage(config).process(case["input"], Context(case["lang"], config))
        reasons = {e.before.strip(): e.reason for e in edits}
        entries = [line for line in case["expected"]["remove"] if line[:1].islower()]
        assert entries, case["label"]
        assert {reasons[line] for line in entries} == {"comment-thread"}, case["label"]


def test_the_comments_marker_is_the_guard() -> None:
    # the guard cases' calendars would go as a thread under a comments marker
    for case in of("dated-thread-guard"):
        lines = case["input"].split("\n")
        k = lines.index(case["expected"]["keep"][-4]) - 2  # the calendar's heading
        marker = {"en": "Comments", "de": "Kommentare"}[case["lang"]]
        marked = _analyse("\n".join([*lines[: k + 1], marker, *lines[k + 1 :]]), case["lang"])
        assert _dated_thread(marked), case["label"]
        assert not _dated_thread(_analyse(case["input"], case["lang"])), case["label"]


def entries(stamps: list[str], text: bool = True) -> list[str]:
    out = []
    for stamp in stamps:
        out += [stamp, "I liked this article a lot, thanks."] if text else [stamp]
    return out


def test_dated_entries() -> None:
    stamps = [f"user{k} on 2019/11/2{k} 10:1{k}" for k in range(4)]
    doc = _analyse("\n".join(["Title", BODY, "Comments", *entries(stamps)]), "en")
    assert _dated_entries(doc, 1, 1, 2) == 3
    # three entries are not a thread; a log's timestamps follow each other
    doc = _analyse("\n".join(["Title", BODY, "Comments", *entries(stamps[:3])]), "en")
    assert _dated_entries(doc, 1, 1, 2) is None
    doc = _analyse("\n".join(["Title", BODY, "Comments", *entries(stamps, text=False)]), "en")
    assert _dated_entries(doc, 1, 1, 2) is None
    # timestamps alone (a table's rows) date no entry: no name, no word
    rows = [f"2019-11-2{k} 10:1{k} | 200 | 4084" for k in range(4)]
    doc = _analyse("\n".join(["Title", BODY, "Comments", *entries(rows)]), "en")
    assert _dated_entries(doc, 1, 1, 2) is None


def test_dated_entries_inside_the_body_are_the_articles() -> None:
    # a live blog dates its own entries inside the body's block
    stamps = [f"Update on Nov. 2{k}, 2019, 10:1{k}" for k in range(6)]
    lines = ["Title"]
    for stamp in stamps:
        lines += [BODY, stamp]
    doc = _analyse("\n".join([*lines, "Comments"]), "en")
    a, b, _ = max(doc.blocks, key=lambda block: block[2])
    assert a < b
    assert _dated_entries(doc, a, b, b + 1) is None
