"""Two precision mechanisms of the token stage, as data: the lone "1" read as the
pronoun "I" (textrepair.pronoun, ``Config.repair_pronoun_one``) and the clean-page
veto on rare dictionary words (``Tuning.clean_page_damage``).

Each JSONL case gives the output with the mechanism (``expected``) and without it
(``without``); labels starting with ``repair/`` must change the input, ``stay/`` and
``keep/`` must not."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.config import Config
from textrepair.edits import apply_edits
from textrepair.pairs import WordPairs
from textrepair.pronoun import pronoun_ones
from textrepair.stage import Context
from textrepair.testing import sentences
from textrepair.tokens import TokenStage, Tuning

from .conftest import DATA


def _cases(name: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines()]


ONE_CASES = _cases("pronoun_one_cases.jsonl")
PAGE_CASES = _cases("clean_page_cases.jsonl")
ON = TokenStage(Config())
ONE_OFF = TokenStage(Config(repair_pronoun_one=False))
PAGE_OFF = TokenStage(Config(), Tuning(clean_page_damage=0.0))


def _run(stage: TokenStage, case: dict[str, str]) -> tuple[str, list]:  # type: ignore[type-arg]
    return stage.process(case["input"], Context(case["lang"], stage.config))


@pytest.mark.parametrize("case", ONE_CASES, ids=[c["label"] for c in ONE_CASES])
def test_pronoun_one_cases(case: dict[str, str]) -> None:
    out, edits = _run(ON, case)
    assert out == case["expected"]
    assert (out != case["input"]) == case["label"].startswith("repair/")
    for e in edits:
        if e.before == "1":
            assert (e.after, e.reason) == ("I", "ocr-confusion") and 0.6 <= e.confidence < 1.0
    # The switch leaves every number as it is.
    assert _run(ONE_OFF, case)[0] == case["without"] == case["input"]


@pytest.mark.parametrize("case", PAGE_CASES, ids=[c["label"] for c in PAGE_CASES])
def test_clean_page_cases(case: dict[str, str]) -> None:
    out, _ = _run(ON, case)
    assert out == case["expected"]
    assert (out != case["input"]) == case["label"].startswith("repair/")
    assert _run(PAGE_OFF, case)[0] == case["without"]


def test_typing_slips_escape_the_veto_only_by_the_gap() -> None:
    # "succesfully" is repaired on a clean page because "successfully" is far more
    # frequent with one letter more; with the exemption off the veto keeps it.
    slips = [c for c in PAGE_CASES if c["label"].startswith("repair/succesfully")]
    assert slips
    no_gap = TokenStage(Config(), Tuning(clean_page_slip_gap=0.0))
    for case in slips:
        assert _run(ON, case)[0] == case["expected"] != case["input"]
        assert _run(no_gap, case)[0] == case["input"]


def test_cases_show_both_mechanisms_at_work() -> None:
    # Cases where the mechanism decides: the veto keeps a word main repaired, the
    # pronoun rule makes a repair the switch turns off.
    assert any(c["expected"] == c["input"] != c["without"] for c in PAGE_CASES)
    assert any(c["expected"] != c["input"] == c["without"] for c in ONE_CASES)
    assert {c["lang"] for c in ONE_CASES} >= {"en", "fr"}
    assert {c["lang"] for c in PAGE_CASES} >= {"en", "fr"}


def test_pronoun_needs_the_pairs() -> None:
    # The right pair must be in the table; the left word's missing pair counts
    # against it when the word is frequent (the table's smallest count would show it).
    t = WordPairs(
        ["i", "was", "and", "the"],
        {("i", "was"): 9.0, ("and", "i"): 9.0, ("the", "was"): 6.0},
        log10_total=12.0,
    )
    zipf = {"i": 7.0, "was": 7.0, "and": 7.3, "the": 7.7}.get
    assert [s for s, _ in pronoun_ones("we and 1 was", t, zipf)] == [7]
    assert pronoun_ones("we the 1 was", t, zipf) == []  # "the i": frequent, missing
    assert pronoun_ones("we and 1 were", t, zipf) == []  # "i were" not in the table
    assert pronoun_ones("we and 1 was", t, zipf, pronoun="x") == []


@settings(max_examples=60, deadline=None)
@given(sentences("en"), st.integers(min_value=0, max_value=9))
def test_pronoun_repairs_replay_and_settle(text: str, digit: int) -> None:
    # Any English text with a lone digit put in: the edits replay, the output is
    # stable, and only a "1" ever becomes "I".
    words = text.split(" ")
    words.insert(len(words) // 2, str(digit))
    doc = " ".join(words)
    ctx = Context("en", ON.config)
    out, edits = ON.process(doc, ctx)
    assert apply_edits(doc, edits) == out
    assert ON.process(out, ctx)[0] == out
    for e in edits:
        if any(c.isdigit() for c in e.before):
            assert (e.before, e.after) == ("1", "I")
