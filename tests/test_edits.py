"""Edit replay and the composition of several stages' edits onto the input."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair import Edit, apply_edits
from textrepair.edits import EditLog


def test_apply_edits_replaces_in_order() -> None:
    edits = [
        Edit(4, 7, "cat", "dog", "tokens", "x"),
        Edit(0, 3, "the", "The", "tokens", "x"),
    ]
    assert apply_edits("the cat sat", edits) == "The dog sat"


def test_insertion_before_replacement_at_same_offset() -> None:
    edits = [Edit(0, 0, "", ">", "tokens", "x"), Edit(0, 1, "a", "b", "tokens", "x")]
    assert apply_edits("ab", edits) == ">bb"


@pytest.mark.parametrize(
    ("edits", "message"),
    [
        ([Edit(0, 2, "ab", "x", "tokens", "r"), Edit(1, 3, "bc", "y", "tokens", "r")], "overlap"),
        ([Edit(0, 2, "zz", "x", "tokens", "r")], "expects"),
    ],
)
def test_apply_edits_rejects_bad_edits(edits: list[Edit], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        apply_edits("abcd", edits)


def test_edit_validates_itself() -> None:
    with pytest.raises(ValueError, match="does not match"):
        Edit(0, 3, "ab", "x", "tokens", "r")
    with pytest.raises(ValueError, match="confidence"):
        Edit(0, 1, "a", "x", "tokens", "r", 1.5)
    e = Edit(2, 3, "c", "C", "tokens", "r", 0.5)
    assert Edit.from_dict(e.to_dict()) == e


def test_apply_edits_type_error() -> None:
    with pytest.raises(TypeError, match="bytes"):
        apply_edits(b"abc", [])  # type: ignore[arg-type]


def test_log_merges_a_later_change_of_an_earlier_one() -> None:
    original = "x tbe y"
    log = EditLog(original)
    log.apply("encoding", [Edit(2, 5, "tbe", "tb\u00e9", "encoding", "mojibake", 0.8)])
    log.apply("tokens", [Edit(2, 5, "tb\u00e9", "the", "tokens", "ocr-confusion", 0.9)])
    (edit,) = log.edits()
    assert (edit.start, edit.end, edit.before, edit.after) == (2, 5, "tbe", "the")
    assert edit.reason == "mojibake+ocr-confusion"
    assert edit.stage == "tokens"
    assert edit.confidence == 0.8


def test_log_drops_a_change_that_was_undone() -> None:
    log = EditLog("abc")
    log.apply("encoding", [Edit(1, 2, "b", "X", "encoding", "r")])
    log.apply("tokens", [Edit(1, 2, "X", "b", "tokens", "r")])
    assert log.edits() == []
    assert log.text == "abc"


@st.composite
def _stage_edits(draw: st.DrawFn, text: str) -> list[Edit]:
    n = len(text)
    pos = 0
    edits: list[Edit] = []
    while pos <= n and len(edits) < 6:
        start = draw(st.integers(pos, n))
        end = draw(st.integers(start, min(n, start + 4)))
        after = draw(st.text("xyzAB\n", max_size=3))
        if text[start:end] != after:
            edits.append(Edit(start, end, text[start:end], after, "tokens", "r"))
        pos = end + (1 if end == start else 0)
        if draw(st.booleans()):
            break
    return edits


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_composed_edits_replay_on_the_input(data: st.DataObject) -> None:
    original = data.draw(st.text("abcdef \n", max_size=16))
    log = EditLog(original)
    for _ in range(data.draw(st.integers(1, 4))):
        log.apply("tokens", data.draw(_stage_edits(log.text)))
    edits = log.edits()
    assert apply_edits(original, edits) == log.text
    for a, b in itertools.pairwise(edits):
        assert a.end <= b.start
    for e in edits:
        assert original[e.start : e.end] == e.before


def test_trusted_constructor_builds_the_same_frozen_edit() -> None:
    args = (4, 12, "drstarts", "drones", "tokens", "substitution-rule", 0.93)
    fast = Edit._trusted(*args)
    assert fast == Edit(*args)
    assert hash(fast) == hash(Edit(*args))
    assert type(fast) is Edit
    assert Edit._trusted(0, 0, "", "x", "tokens", "r").confidence == 1.0
    with pytest.raises(AttributeError):
        fast.start = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 0, "", "x", "tokens", "r"), "invalid edit span"),
        ((3, 2, "", "x", "tokens", "r"), "invalid edit span"),
        ((0, 1, "ab", "x", "tokens", "r"), "does not match"),
        ((0, 1, "a", "x", "tokens", "r", -0.1), "confidence"),
    ],
)
def test_public_constructor_still_validates(args: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Edit(*args)  # type: ignore[arg-type]


def test_log_without_edits_and_with_one_stage() -> None:
    log = EditLog("the cat")
    log.apply("encoding", [])
    assert log.edits() == [] and log.text == "the cat"
    edits = [Edit(4, 7, "cat", "dog", "tokens", "x"), Edit(0, 3, "the", "a", "tokens", "y")]
    log.apply("tokens", edits)
    out = log.edits()
    assert out == sorted(edits, key=lambda e: e.start)
    assert all(any(o is e for e in edits) for o in out)  # reused, not rebuilt
    assert log.text == "a dog"


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_one_stage_log_reports_exactly_its_edits(data: st.DataObject) -> None:
    original = data.draw(st.text("abcdef \n", max_size=16))
    edits = data.draw(_stage_edits(original))
    log = EditLog(original)
    log.apply("tokens", edits)
    assert log.edits() == edits
    assert log.text == apply_edits(original, edits)
