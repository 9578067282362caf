"""The token stage's per-document work in the kernel against its pure-Python reference.

``_kernel.scan_runs``, ``run_keys``, ``spaced_piece``, ``plain_chunk``,
``rule_fragments`` and ``replacements`` stand for Python in
``textrepair/tokens.py`` (``_scan_runs_py``, ``_run_keys_py``,
``_Document._spaced_piece``, ``tokenize.is_protected_chunk``,
``_rule_fragments_py``, ``_Document._replacements``). Each must give what the
Python gives: the same lists and dicts in the same order, sets built by the same
insertions (so iterated in the same order in one process). Differential
properties on random text (non-BMP characters, combining marks, spaces,
hyphens, the characters the protection patterns look for), then whole
documents (``tests/data``, and the same text damaged by ``textrepair.noise``)
scanned with the kernel and without it: runs, suspects, names, neighbours and
rule evidence compared.

Skipped when the extension is not built; runs with ``TEXTREPAIR_PURE=1`` too
(it imports the extension directly and switches ``tokens.kernel`` itself).
"""

from __future__ import annotations

import json
import random
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair import noise, tokens
from textrepair.config import Config
from textrepair.tokenize import is_protected_chunk

KERN: Any = pytest.importorskip(
    "textrepair._kernel",
    reason="textrepair._kernel is not built (no C compiler at install time): "
    "only the pure-Python reference is available",
)

DATA = Path(__file__).parent / "data"

# Letters (ASCII, accented, non-BMP, a titlecase digraph), combining marks, digits,
# apostrophes, spaces and line ends, hyphens (soft too) and what the protection
# patterns look for.
_CHARS = (
    "abcdefrnmltThe" + "éÉßǅ𝐀中" + "\u0301" + "07٣" + "'’" + "  \n\t" + "-\u00ad" + "@#/_.:()<>$w"
)
_TEXT = st.text(alphabet=_CHARS, max_size=60)
_ANY = st.text(st.characters(exclude_categories=()), max_size=30)  # surrogates included


@pytest.fixture(scope="module")
def lex() -> Any:
    stage = tokens.TokenStage(Config())
    lx = stage.lexicon("en")
    assert lx is not None
    return lx


def _pure(lx: Any) -> ExitStack:
    """Inside, the token stage runs its pure-Python functions."""
    stack = ExitStack()
    stack.enter_context(patch.object(tokens, "kernel", None))
    stack.enter_context(patch.object(lx, "_compiled", False))
    return stack


# --- scan_runs, run_keys -------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXT, _ANY), st.integers(0, 2**32))
def test_scan_runs_is_the_reference(text: str, seed: int) -> None:
    pieces = tokens._WORD_SPLIT_RE.split(text)
    words = pieces[1::2]
    rng = random.Random(seed)
    suspicious = {w for w in set(words) if rng.random() < 0.5}
    runs, ks = KERN.scan_runs(pieces, suspicious)
    ref_runs, ref_ks = tokens._scan_runs_py(pieces, suspicious)
    assert runs == ref_runs
    assert ks == list(ref_ks)
    assert [text[s:e] for s, e, _ in runs] == words


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXT, _ANY), st.integers(0, 2**32))
def test_run_keys_is_the_reference(text: str, seed: int) -> None:
    pieces = tokens._WORD_SPLIT_RE.split(text)
    runs, _ = KERN.scan_runs(pieces, set())
    rng = random.Random(seed)
    # Some words without a key (overlong runs have none).
    norm_of = {w: w.lower() for w in pieces[1::2] if rng.random() < 0.8}
    keys, pairs = KERN.run_keys(runs, norm_of)
    ref_keys, ref_pairs = tokens._run_keys_py(runs, norm_of)
    assert keys == ref_keys
    assert pairs == ref_pairs


def test_bad_arguments_raise() -> None:
    with pytest.raises(TypeError):
        KERN.scan_runs(("a",), set())
    with pytest.raises(TypeError):
        KERN.scan_runs(["", 3, ""], set())
    with pytest.raises(TypeError):
        KERN.run_keys([(0, 1)], {})
    with pytest.raises(TypeError):
        KERN.spaced_piece(b"a", [], 0, 0, 1, str, {}, {}, 3.0)
    with pytest.raises(IndexError):
        KERN.spaced_piece("a", [], 0, 0, 1, str, {}, {}, 3.0)
    with pytest.raises(TypeError):
        KERN.plain_chunk(b"a")
    with pytest.raises(TypeError):
        KERN.rule_fragments({1: 1}, 3)
    with pytest.raises(TypeError):
        KERN.replacements("ab", "a", ("ab",), [], False)


# --- spaced_piece ------------------------------------------------------------------

_WORDS = ["the", "fran", "çais", "ac", "tuellement", "some", "thing", "any", "way", "Some", "x"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([*_WORDS, "rn", "-", "\n", "é𝐀"]), max_size=12),
    st.lists(st.sampled_from([" ", "  ", "-", ", ", "\u00a0"]), min_size=12, max_size=12),
    st.sampled_from([0.0, 3.0, 4.5, 9.0]),
)
def test_spaced_piece_is_the_reference(
    lex: Any, parts: list[str], gaps: list[str], t: float
) -> None:
    text = "".join(p + g for p, g in zip(parts, gaps, strict=False))
    pieces = tokens._WORD_SPLIT_RE.split(text)
    runs, _ = KERN.scan_runs(pieces, set())
    doc = SimpleNamespace(text=text, runs=runs, lex=lex, tuning=SimpleNamespace(split_zipf=t))
    for k, (s, e, _) in enumerate(runs):
        for a, b in ((s, e), (s, e - 1), (s + 1, e)):
            occ = tokens._Occ(a, b, text[a:b], k)
            want = tokens._Document._spaced_piece(doc, occ)  # type: ignore[arg-type]
            got = KERN.spaced_piece(text, runs, k, a, b, lex.normalize_key, lex.freq, lex.extra, t)
            assert got is want, (text, k, a, b)


# --- plain_chunk -------------------------------------------------------------------


@settings(max_examples=2000, deadline=None)
@given(st.one_of(_TEXT, _ANY, st.text(alphabet="wW.:/()#@_azé\u212a\u017f0", max_size=12)))
def test_a_plain_chunk_is_never_protected(chunk: str) -> None:
    if KERN.plain_chunk(chunk):
        assert not is_protected_chunk(chunk)


def test_plain_chunk_beside_every_character() -> None:
    # Every code point (a stride keeps it quick; the full range was checked once,
    # see benchmarks/README.md) where the patterns look: after a dot, before one,
    # before a parenthesis, alone.
    for cp in list(range(0, 0x3000)) + list(range(0x3000, 0x110000, 97)):
        c = chr(cp)
        for chunk in (f"a.{c}", f"{c}.", f"ww{c}.", f"a{c}(", f"{c}", f"x.c{c}", f"({c}"):
            if KERN.plain_chunk(chunk):
                assert not is_protected_chunk(chunk), (hex(cp), chunk)
    # And what it must leave to the patterns.
    for chunk in ("a.com", "www.", "WwW.", "f()", "a1(", "x::y", "#tag", "me@x", "a/b", "a_b"):
        assert not KERN.plain_chunk(chunk)
    for chunk in ("word,", "word.", "(word", "3.5", "l’Ukraine", "«mot»"):
        assert KERN.plain_chunk(chunk)


# --- rule_fragments, replacements ----------------------------------------------------

_KEYS = st.text(alphabet="tbeornmlhé𝐀", min_size=1, max_size=9)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, st.integers(1, 6), max_size=12), st.integers(1, 4))
def test_rule_fragments_is_the_reference(types: dict[str, int], min_support: int) -> None:
    counted = Counter(types)
    ft, occ, cands = KERN.rule_fragments(counted, min_support)
    ref_ft, ref_occ, ref_cands = tokens._rule_fragments_py(counted, min_support)
    assert list(ft.items()) == list(ref_ft.items())  # same order: the sets iterated alike
    assert occ == dict(ref_occ)
    assert cands == ref_cands


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="thearnomlisé𝐀", min_size=2, max_size=12),
    st.integers(0, 11),
    st.integers(1, 6),
    st.booleans(),
)
def test_replacements_is_the_reference(lex: Any, t: str, i: int, k: int, inside: bool) -> None:
    words, rwords = lex.frequent_sorted()
    f = t[i : i + k] or t[:2]
    got = KERN.replacements(t, f, words, rwords, inside)
    want = tokens._Document._replacements(None, t, f, words, rwords, inside)  # type: ignore[arg-type]
    assert got == want
    assert list(got) == list(want)


def test_replacements_of_real_fragments(lex: Any) -> None:
    words, rwords = lex.frequent_sorted()
    for t, f in (("tbere", "tb"), ("wben", "wb"), ("drstarts", "start"), ("rnorning", "rn")):
        for inside in (False, True):
            got = KERN.replacements(t, f, words, rwords, inside)
            want = tokens._Document._replacements(None, t, f, words, rwords, inside)  # type: ignore[arg-type]
            assert list(got) == list(want)
    assert "h" in KERN.replacements("tbere", "tb", words, rwords, False)  # t[h]ere


# --- whole documents -------------------------------------------------------------------


def _documents() -> list[tuple[str, str]]:
    docs = []
    with (DATA / "token_cases.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    en = "\n".join(r["input"] for r in rows if r["lang"] == "en")
    docs.append(("en", en))
    rng = random.Random(7)
    docs.append(("en", noise.ocr_confusions(en * 3, rng, rate=0.15)))
    docs.append(("en", noise.fragment_substitution(en * 2, "one", "start")))
    seed = (DATA / "seed-fr.txt").read_text(encoding="utf-8")
    docs.append(("fr", seed))
    docs.append(("fr", noise.hard_wrap(noise.ocr_confusions(seed, rng, rate=0.15), 50)))
    docs.append(
        ("en", "See https://apolut.net/app/ and apolut, re- quirements, fran çais x.com f(x) a_b")
    )
    return docs


def _snapshot(doc: Any) -> dict[str, Any]:
    groups: dict[str, list[Any]] = {}
    for o in doc.suspects:
        groups.setdefault(o.text, []).append(o)
    return {
        "runs": doc.runs,
        "suspects": [(o.start, o.end, o.text, o.run, o.hyphen) for o in doc.suspects],
        "named": doc.named,
        "key_counts": list(doc.key_counts.items()),
        "neighbours": [doc._neighbours(occs) for occs in groups.values()],
        "pairs": doc._pairs,
        "rules": doc.rule_evidence(),
    }


@pytest.mark.parametrize("index", range(6))
def test_documents_scan_alike(index: int) -> None:
    lang, text = _documents()[index]
    cfg = Config()
    stage = tokens.TokenStage(cfg)
    lx = stage.lexicon(lang)
    assert lx is not None
    for join in (True, False):
        c = Config(join_hyphen_breaks=join)
        fast = _snapshot(tokens._Document(text, lx, c, stage.tuning, None))
        with _pure(lx):
            slow = _snapshot(tokens._Document(text, lx, c, stage.tuning, None))
        assert fast == slow
    assert fast["suspects"]  # the damaged documents have suspects to compare
