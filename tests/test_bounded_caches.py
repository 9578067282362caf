"""The token stage's per-form caches stay bounded on a stream of new forms, and
evicting from them never changes a result (they only memoize)."""

from __future__ import annotations

import random

import pytest

from textrepair import tokens
from textrepair.config import Config
from textrepair.stage import Context
from textrepair.tokens import TokenStage, _Memo


def _garbled_forms(n: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(5, 9))) for _ in range(n)]


def test_memo_never_holds_more_than_two_generations() -> None:
    m: _Memo[int] = _Memo(10)
    for i in range(1_000):
        m.put(str(i), i)
        assert len(m) <= 20
    assert m.get("999") == 999
    assert m.get("0") is None


def test_memo_keeps_what_is_still_used() -> None:
    # A form seen in every generation survives any number of one-off forms.
    m: _Memo[int] = _Memo(8)
    m.put("the", 1)
    for i in range(500):
        m.put(f"x{i}", i)
        assert m.get("the") == 1


def test_candidate_memo_is_bounded_and_eviction_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    forms = _garbled_forms(300)
    text = " ".join(forms) + "."
    cfg = Config()
    expected = TokenStage(cfg).process(text, Context("en", cfg))

    # A fresh lexicon whose memo holds at most 2 x 16 forms.
    monkeypatch.setattr(tokens, "_ANALYSIS_GENERATION", 16)
    monkeypatch.setattr(tokens, "_LEXICONS", {})
    stage = TokenStage(cfg)
    got = stage.process(text, Context("en", cfg))
    lex = stage.lexicon("en")
    assert lex is not None
    assert 0 < len(lex.analysis) <= 32
    assert got == expected
