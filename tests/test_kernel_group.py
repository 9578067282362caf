"""The token stage's per-group work in the kernel against its pure-Python reference.

``_kernel.rescored`` stands for ``_Document._rescored_py`` (``textrepair/tokens.py``):
each candidate's score in the document (the page's count of the word, the page's
word pairs through a Python callback, the language's pairs, splits through a
Python callback), as ``(score, candidate)`` pairs in the candidates' order. It
must give the same pairs with the same doubles, bit for bit. ``_kernel.align_blocks``
stands for ``candidates._align_ops_py`` (the blocks of a repair, asked for every
confident repair of a page): the same list of blocks. ``_kernel.pair_totals``
stands for ``_Document._pair_totals_py`` (the sums of the language's word pairs
for one form's candidates): the same doubles, bit for bit.

Differential properties (random candidates, counts, pair tables, case patterns on
a real damaged document), then every call the token stage makes on real documents
(``tests/data``, damaged by ``textrepair.noise``) compared as it happens, then
whole documents' groups and edits with the kernel and without it.

Skipped when the extension is not built; runs with ``TEXTREPAIR_PURE=1`` too
(it imports the extension directly and switches ``tokens.kernel`` itself).
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair import candidates, noise, tokens
from textrepair.config import Config

KERN: Any = pytest.importorskip(
    "textrepair._kernel",
    reason="textrepair._kernel is not built (no C compiler at install time): "
    "only the pure-Python reference is available",
)

DATA = Path(__file__).parent / "data"


def _documents() -> list[tuple[str, str]]:
    """English and French text of ``tests/data``, clean and damaged."""
    with (DATA / "token_cases.jsonl").open(encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    en = "\n".join(r["input"] for r in rows if r["lang"] == "en")
    rng = random.Random(11)
    seed = (DATA / "seed-fr.txt").read_text(encoding="utf-8")
    return [
        ("en", en),
        ("en", noise.ocr_confusions(en * 3, rng, rate=0.15)),
        ("en", noise.ocr_confusions(en * 2, rng, rate=0.3)),
        ("en", noise.fragment_substitution(en * 2, "one", "start")),
        ("fr", seed),
        ("fr", noise.hard_wrap(noise.ocr_confusions(seed, rng, rate=0.15), 50)),
    ]


def _bits(scored: list[tuple[Any, Any]]) -> list[tuple[str, str, Any]]:
    """Scores as exact bits (and type), candidates as they are."""
    return [(type(s).__name__, s.hex() if isinstance(s, float) else repr(s), c) for s, c in scored]


@contextmanager
def _kernel(on: bool) -> Iterator[None]:
    """Inside, ``_Document._rescored`` runs the kernel (``on``) or the reference."""
    with patch.object(tokens, "kernel", KERN if on else None):
        yield


@pytest.fixture(scope="module")
def stage() -> tokens.TokenStage:
    return tokens.TokenStage(Config())


@pytest.fixture(scope="module")
def doc(stage: tokens.TokenStage) -> Any:
    """A damaged English document with repeated words (counts above 1) and suspects."""
    lang, text = _documents()[1]
    lx = stage.lexicon(lang)
    assert lx is not None
    d = tokens._Document(text, lx, Config(), stage.tuning, None)
    assert len(d.suspects) > 50 and max(d.key_counts.values()) > 10
    return d


# --- random candidates on a real document ----------------------------------------------

_WORDS = ["the", "tbe", "and", "of", "was", "waa", "wonder", "modern", "in", "a", "ail", "all"]
_word = st.one_of(st.sampled_from(_WORDS), st.text("abcdeéhilnorstw𝐀", min_size=1, max_size=8))
_score = st.one_of(
    st.floats(-30, 10, allow_nan=False),
    st.sampled_from([0.0, -0.0, 1e-300, -5.5, 3.25]),
)
_cand = st.one_of(
    st.builds(
        lambda w, s, r: tokens._Cand(w, s, r),
        _word,
        _score,
        st.sampled_from(["ocr-confusion", "edit-distance"]),
    ),
    st.builds(
        lambda a, b, s: tokens._Cand(f"{a} {b}", s, "split"),
        _word.filter(lambda w: " " not in w),
        _word.filter(lambda w: " " not in w),
        _score,
    ),
)


@settings(max_examples=400, deadline=None)
@given(
    cands=st.lists(_cand, max_size=14),
    group=st.integers(0, 10_000),
    pattern=st.sampled_from(["lower", "title", "upper", "mixed"]),
    hyphen=st.booleans(),
    keep=st.floats(-12, 8, allow_nan=False),
    tok_zipf=st.sampled_from([0.0, 1.5, 4.0]),
    lang_pairs=st.one_of(
        st.none(), st.dictionaries(_word, st.floats(-6, 6, allow_nan=False), max_size=8)
    ),
    own_forms=st.lists(_word, max_size=4).map(tuple),
    boosts=st.tuples(st.sampled_from([0.0, 0.5, 1.0, 2]), st.sampled_from([1.5, 0.25, 3])),
)
def test_rescored_is_the_reference(
    doc: Any,
    cands: list[Any],
    group: int,
    pattern: str,
    hyphen: bool,
    keep: float,
    tok_zipf: float,
    lang_pairs: dict[str, float] | None,
    own_forms: tuple[str, ...],
    boosts: tuple[float, float],
) -> None:
    # The occurrences of one of the document's forms (their neighbours feed the
    # page's word pairs); the candidates' words are often words the page writes.
    forms: dict[str, list[Any]] = {}
    for o in doc.suspects:
        forms.setdefault(o.text, []).append(o)
    obs, occs = list(forms.items())[group % len(forms)]
    key = doc.lex.normalize_key(obs)
    args = (cands, key, pattern, hyphen, keep, tok_zipf, occs, lang_pairs, own_forms)
    tuning = doc.tuning
    try:
        doc.tuning = dataclasses.replace(tuning, context_boost=boosts[0], bigram_boost=boosts[1])
        with _kernel(True):
            fast = doc._rescored(*args)
        slow = doc._rescored_py(*args)
    finally:
        doc.tuning = tuning
    assert _bits(fast) == _bits(slow)


def test_rescored_falls_back_where_python_would_differ(doc: Any) -> None:
    # An int score, a count that is no small int: the kernel computes nothing (None)
    # and the dispatch runs the reference, which keeps Python's int arithmetic.
    forms = [o for o in doc.suspects]
    occs = forms[:1]
    word = max(doc.key_counts, key=doc.key_counts.get)
    cands = [tokens._Cand(word, -3, "ocr-confusion"), tokens._Cand("zzq", 1.0, "edit-distance")]
    assert KERN.rescored(cands, {}, 0.5, 1.5, None, None, None, None) is None
    assert KERN.rescored(cands[1:], {"zzq": 2**60}, 0.5, 1.5, None, None, None, None) is None
    assert KERN.rescored(cands[1:], {"zzq": True}, 0.5, 1.5, None, None, None, None) is None
    args = (cands, "x", "lower", False, 0.0, 0.0, occs, None, ())
    with _kernel(True):
        fast = doc._rescored(*args)
    assert _bits(fast) == _bits(doc._rescored_py(*args))
    assert type(fast[1][0]) is float


def test_bad_arguments_raise() -> None:
    c = tokens._Cand("a", 1.0, "edit-distance")
    with pytest.raises(TypeError):
        KERN.rescored([c], [], 0.5, 1.5, None, None, None, None)  # counts not a dict
    with pytest.raises(TypeError):
        KERN.rescored([c], {}, 0.5, 1.5, None, [], None, None)  # pairs not a dict
    with pytest.raises(TypeError):
        KERN.rescored([("a", 1.0)], {}, 0.5, 1.5, None, None, None, None)
    with pytest.raises(TypeError):
        KERN.rescored(5, {}, 0.5, 1.5, None, None, None, None)
    with pytest.raises(TypeError):
        KERN.rescored([c], {}, "x", 1.5, None, None, None, None)
    with pytest.raises(TypeError):
        KERN.rescored([c], {}, 0.5, 1.5, None, None, None)
    with pytest.raises(ZeroDivisionError):  # a callback's error passes through
        KERN.rescored([c], {"a": 3}, 0.5, 1.5, lambda w: 1 / 0, None, None, None)
    with pytest.raises(TypeError):  # a callback's result must be a float or None
        KERN.rescored([c], {"a": 3}, 0.5, 1.5, lambda w: "x", None, None, None)
    split = tokens._Cand("a b", 1.0, "split")
    assert KERN.rescored([split], {}, 0.5, 1.5, None, None, None, lambda c: None) == []


# --- align_blocks ------------------------------------------------------------------------

_OCR = st.text("rnmlicloeaéè𝐀\u0301 -", max_size=12)
_ANY = st.text(st.characters(exclude_categories=()), max_size=20)  # surrogates included


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_OCR, _ANY), st.one_of(_OCR, _ANY))
def test_align_blocks_is_the_reference(obs: str, gt: str) -> None:
    assert KERN.align_blocks(obs, gt) == candidates._align_ops_py(obs, gt)


@pytest.mark.parametrize("n", [0, 1, 127, 128, 129, 400])
def test_align_blocks_of_long_forms(n: int) -> None:
    # Past the kernel's stack buffer (128 characters), and two long runs of edits.
    rng = random.Random(n)
    gt = "".join(rng.choice("abcdé𝐀") for _ in range(n))
    obs = noise.ocr_confusions(gt, rng, rate=0.3) + "xyz" * (n % 3)
    assert KERN.align_blocks(obs, gt) == candidates._align_ops_py(obs, gt)
    assert KERN.align_blocks(gt, "") == candidates._align_ops_py(gt, "")
    assert KERN.align_blocks("", gt) == candidates._align_ops_py("", gt)


def test_align_blocks_bad_arguments_raise() -> None:
    for args in [("a",), ("a", 1), (None, "a"), ("a", "b", "c")]:
        with pytest.raises(TypeError):
            KERN.align_blocks(*args)


# --- pair_totals -------------------------------------------------------------------------

_NEIGHBOURS = ["the", "of", "and", "to", "in", "was", "a", "he", "it", "with", "his", None]
_CAND_WORDS = ["the", "tho", "all", "ail", "was", "waa", "his", "hia", "modern", "money"]


def _pair_args(doc: Any, top: Any, cand: list[str]) -> tuple[Any, ...]:
    lex = doc.lex
    table = lex.pairs()
    return (
        top,
        cand,
        table.index,
        lex.freq,
        lex.extra,
        lex.pair_row,
        table.keys,
        table.values,
        tokens._PAIR_SHIFT,
        table.min_log_count,
        doc.tuning.pair_cap,
    )


@settings(max_examples=400, deadline=None)
@given(
    top=st.lists(
        st.tuples(
            st.tuples(st.sampled_from(_NEIGHBOURS), st.sampled_from(_NEIGHBOURS)),
            st.integers(1, 40),
        ),
        max_size=8,
    ).map(tuple),
    cand=st.lists(
        st.one_of(st.sampled_from(_CAND_WORDS), st.text("abehilnostw", min_size=1, max_size=6)),
        min_size=1,
        max_size=12,
        unique=True,
    ),
)
def test_pair_totals_is_the_reference(doc: Any, top: Any, cand: list[str]) -> None:
    fast = KERN.pair_totals(*_pair_args(doc, top, cand))
    assert fast is not None
    assert [x.hex() for x in fast] == [x.hex() for x in doc._pair_totals_py(top, cand)]


def test_pair_totals_falls_back_and_checks_types(doc: Any) -> None:
    top = ((("the", None), 2),)
    args = list(_pair_args(doc, top, ["tho", "the"]))
    assert KERN.pair_totals(*args) is not None
    # Inputs the reference handles with Python's own numbers or types: None.
    for i, bad in [(9, 0), (10, 2), (6, list(args[6][:10])), (8, 70)]:
        changed = list(args)
        changed[i] = bad
        assert KERN.pair_totals(*changed) is None
    bad_top = ((("the", None), 2.0),)
    assert KERN.pair_totals(bad_top, *args[1:]) is None
    with pytest.raises(TypeError):
        KERN.pair_totals(list(top), *args[1:])
    with pytest.raises(TypeError):
        KERN.pair_totals(*args[:10])
    with pytest.raises(ZeroDivisionError):  # a callback's error passes through
        KERN.pair_totals(*args[:5], lambda w: 1 / 0, *args[6:])


# --- real documents --------------------------------------------------------------------


@pytest.mark.parametrize("index", range(6))
def test_every_call_on_real_documents(stage: tokens.TokenStage, index: int) -> None:
    """Every ``_rescored`` and ``pair_totals`` call of the stage on a document,
    compared as it happens."""
    lang, text = _documents()[index]
    # Loaded before the kernel is patched in: a lexicon made under the patch would
    # take the compiled paths for good (TEXTREPAIR_PURE=1 runs the next tests pure).
    lx = stage.lexicon(lang)
    calls = []
    totals = []
    real = tokens._Document._rescored
    real_totals = KERN.pair_totals
    current: list[Any] = []

    real_pairs = tokens._Document._pair_scores

    def pairs(self: Any, *args: Any) -> Any:
        current[:] = [self]  # the document whose pair totals come next
        return real_pairs(self, *args)

    def both(self: Any, *args: Any) -> Any:
        with _kernel(True):
            fast = real(self, *args)
        slow = self._rescored_py(*args)
        calls.append((_bits(fast) == _bits(slow), len(fast)))
        return fast

    def both_totals(*args: Any) -> Any:
        fast = real_totals(*args)
        slow = current[0]._pair_totals_py(args[0], args[1])
        totals.append(fast is not None and [x.hex() for x in fast] == [x.hex() for x in slow])
        return fast

    with (
        patch.object(tokens._Document, "_rescored", both),
        patch.object(tokens._Document, "_pair_scores", pairs),
        patch.object(tokens, "kernel", SimpleNamespace(**vars(KERN))) as k,
    ):
        k.pair_totals = both_totals
        stage.process(text, tokens.Context(lang, Config()))
    assert calls and all(same for same, _ in calls)
    assert all(totals)
    if index in (1, 2, 5):  # the damaged ones score many candidates
        assert sum(n for _, n in calls) > 200
    if index in (1, 2) and lx is not None and lx._compiled:  # English word pairs
        assert len(totals) > 20  # (the pure path, TEXTREPAIR_PURE=1, sums in Python)


def _groups(doc: Any) -> list[Any]:
    return [
        (
            g.obs,
            g.key,
            g.best,
            list(g.features.items()),
            g.softmax.hex(),
            g.odd,
            g.signature,
            g.veto,
            g.confidence,
        )
        for g in doc.groups()
    ]


@pytest.mark.parametrize("index", range(6))
def test_documents_group_alike(stage: tokens.TokenStage, index: int) -> None:
    lang, text = _documents()[index]
    lx = stage.lexicon(lang)
    assert lx is not None
    cfg = Config()
    out = []
    for on in (True, False):
        with ExitStack() as stack:
            stack.enter_context(_kernel(on))
            if not on:  # the token stage's pure path (the lexicon's search aside)
                stack.enter_context(patch.object(lx, "_compiled", False))
                stack.enter_context(patch.object(candidates, "_k", None))
                tokens._blocks.cache_clear()  # its memo holds the kernel's blocks
            d = tokens._Document(text, lx, cfg, stage.tuning, None)
            out.append((_groups(d), d.decide()))
    tokens._blocks.cache_clear()
    assert out[0] == out[1]
    assert out[0][0]  # every document has groups to compare
