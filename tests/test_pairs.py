"""The language-level word-pair table (textrepair.pairs) and its use by the token stage:
data-driven cases where the neighbours decide between candidates, the file format's
round trip through the builder, and languages without a table left exactly as they were."""

from __future__ import annotations

import gzip
import importlib.util
import json
import math
from bisect import bisect_left
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.config import Config
from textrepair.pairs import SHIFT, WordPairs, available_pair_languages, load_pairs, parse_pairs
from textrepair.stage import Context
from textrepair.testing import ocr_noise, sentences
from textrepair.tokens import CONFIDENCE_WEIGHTS, TokenStage, Tuning, _Document

from .conftest import DATA, ROOT

CASES = [json.loads(line) for line in (DATA / "pair_cases.jsonl").read_text("utf-8").splitlines()]
ON = TokenStage(Config())
OFF = TokenStage(Config(), Tuning(pair_weight=0.0))


def _builder() -> ModuleType:  # build_pairs.py is a script beside the data, not a module
    spec = importlib.util.spec_from_file_location(
        "build_pairs", ROOT / "dictionaries" / "build_pairs.py"
    )
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("case", CASES, ids=[c["label"] for c in CASES])
def test_cases(case: dict[str, str]) -> None:
    for stage, want in ((ON, case["expected"]), (OFF, case["without"])):
        out, _ = stage.process(case["input"], Context(case["lang"], stage.config))
        assert out == want


def test_context_decides_both_ways() -> None:
    # One misread form, two neighbourhoods, two repairs ("small bcat" is a boat, "to
    # bcat" a beat); and both directions of a change: a repair the neighbours make
    # confident enough ("tbc chair"), one they take back ("And tbem he": not "them").
    by_label = {c["label"]: c for c in CASES}
    boat, beat = by_label["context/boat-after-small"], by_label["context/beat-after-to"]
    assert "small bcat" in boat["input"] and "small boat" in boat["expected"]
    assert "to bcat" in beat["input"] and "to beat" in beat["expected"]
    changed = [c for c in CASES if c["expected"] != c["without"]]
    assert any(c["without"] == c["input"] for c in changed)  # gained
    assert any(c["expected"] == c["input"] for c in changed)  # taken back


def test_round_trip_through_the_builder() -> None:
    build = _builder()
    counts = {("of", "the"): 10**9, ("the", "house"): 12_345_678, ("zoë", "of"): 6_400_000}
    data = gzip.decompress(build.render(counts, 11.96, "test"))
    table = parse_pairs(data, "test")
    assert len(table) == 3 and table.log10_total == 11.96
    for (a, b), c in counts.items():
        got = table.log_count(a, b)
        assert got is not None and abs(got - math.log10(c)) < 0.006
    assert table.log_count("the", "of") is None and table.log_count("x", "y") is None
    assert table.meta["source"] == "test"
    # Damaged: truncated pairs, a wrong header, an index past the words.
    with pytest.raises(ValueError):
        parse_pairs(data[:-3], "test")
    with pytest.raises(ValueError):
        parse_pairs(data.replace(b"textrepair-pairs/1", b"textrepair-pairs/2", 1), "test")
    with pytest.raises(ValueError):
        parse_pairs(data.replace(b"words=4", b"words=3", 1), "test")


def test_shipped_table() -> None:
    assert available_pair_languages() == ("en",)
    table = load_pairs("en")
    assert table is not None and table.meta["pairs"] == str(len(table)) == "242342"
    assert load_pairs("en-GB") is table
    lc = table.log_count("of", "the")
    assert lc is not None and lc > table.log_count("the", "house") > table.min_log_count  # type: ignore[operator]
    assert WordPairs(["a"], {}, 12.0).log_count("a", "a") is None


@pytest.mark.parametrize("lang", ["fr", "de", "es", "nl"])
def test_languages_without_a_table(lang: str) -> None:
    assert load_pairs(lang) is None
    assert ON.lexicon(lang).pairs() is None  # type: ignore[union-attr]


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(["fr", "de", "es"]).flatmap(
        lambda lang: st.tuples(st.just(lang), ocr_noise(sentences(lang), rate=0.3))
    )
)
def test_other_languages_identical(drawn: tuple[str, tuple[str, str]]) -> None:
    lang, (noisy, _) = drawn
    a = ON.process(noisy, Context(lang, ON.config))
    b = OFF.process(noisy, Context(lang, OFF.config))
    assert a == b


def test_pair_row_agrees_with_log_count() -> None:
    """The token stage's per-neighbour rows (``_Lexicon.pair_row``) find exactly
    the pairs ``log_count`` finds, for neighbours known enough to count, and
    the memo holds only the table's words."""
    lex = ON.lexicon("en")
    assert lex is not None
    table = lex.pairs()
    assert table is not None
    words = sorted(table.index)
    # Every 97th table word as a neighbour, every 41st as a candidate (and words
    # outside the table on both sides): thousands of pairs, found and missing.
    neighbours = [*words[::97], "qzxvw", "the", "of"]
    cands = [*words[::41], "qzxvw", "bcat"]
    found = 0
    for nb in neighbours:
        entry = lex.pair_row(nb)
        if nb not in table or lex.zipf(nb) < lex.tuning.known_zipf:
            assert entry is None
            continue
        assert entry is not None
        n, base, lo, hi = entry
        assert n == table.index[nb]
        assert base == 18.0 - table.log10_total - lex.zipf(nb)
        for w in cands:
            i = table.index.get(w)
            got = None
            if i is not None:
                key = n << SHIFT | i
                p = bisect_left(table.keys, key, lo, hi)
                if p < hi and table.keys[p] == key:
                    got = table.values[p] / 100
            assert got == table.log_count(nb, w), (nb, w)
            found += got is not None
    assert found > 50
    lex.pair_row("qzxvw-not-a-word")
    assert set(lex._pair_rows) <= set(table.index)


# -- the confidence model's pair feature (session 12) --------------------------------

CONF_CASES = [
    json.loads(line)
    for line in (DATA / "pair_confidence_cases.jsonl").read_text("utf-8").splitlines()
]


@pytest.mark.parametrize("case", CONF_CASES, ids=[c["label"] for c in CONF_CASES])
def test_confidence_cases(case: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = Context(case["lang"], ON.config)
    assert ON.process(case["input"], ctx)[0] == case["expected"]
    monkeypatch.setitem(CONFIDENCE_WEIGHTS, "pair_rare_short", 0.0)
    assert ON.process(case["input"], ctx)[0] == case["without"]


def test_confidence_cases_go_both_ways() -> None:
    # The feature raises some repair over the threshold; names and rare valid words
    # beside frequent pairs stay, with and without it.
    raised = [c for c in CONF_CASES if c["expected"] != c["without"]]
    assert raised and all(c["label"].startswith("raised/") for c in raised)
    kept = [c for c in CONF_CASES if c["label"].startswith("kept/")]
    assert kept and all(c["expected"] == c["without"] for c in kept)
    assert CONFIDENCE_WEIGHTS["pair_rare_short"] > 0


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(["fr", "de", "es"]).flatmap(
        lambda lang: st.tuples(st.just(lang), ocr_noise(sentences(lang), rate=0.3))
    )
)
def test_pair_feature_zero_without_a_table(drawn: tuple[str, tuple[str, str]]) -> None:
    # 0 in every group: the other languages' confidences are the old model's.
    lang, (noisy, _) = drawn
    lex = ON.lexicon(lang)
    assert lex is not None
    doc = _Document(noisy, lex, ON.config, ON.tuning, None)
    _, consumed = doc.rules_and_merges()
    assert all(g.features["pair_rare_short"] == 0.0 for g in doc.groups(consumed))
