"""The boilerplate stage's compiled line features (``textrepair._linefeatures``)
against their pure-Python references in ``textrepair/boilerplate.py``.

Every C function must answer exactly what its reference answers: the same
lists, dicts (in the same order) and tuples, floats equal bit for bit (a score
one ulp off could move a line across a threshold), the same ``Edit`` objects.
Differential properties on any ``str`` (surrogates, non-BMP characters, CRLF,
empty lines), megabyte inputs, and the whole stage with the kernel and without.
``benchmarks/bench_boilerplate.py --check-kernel`` does the same on the 1,262
benchmark pages.

Skipped when the extension is not built (no C compiler at install time); CI
builds it (``pip install -e ".[test]"``).
"""

from __future__ import annotations

import re
import struct
from contextlib import AbstractContextManager
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair import boilerplate as bp
from textrepair import native
from textrepair.config import Config
from textrepair.stage import Context

LF: Any = pytest.importorskip(
    "textrepair._linefeatures",
    reason="textrepair._linefeatures is not built (no C compiler at install time): "
    "only the pure-Python reference is available",
)

# Whitespace of every kind str.split knows (and \x1c-\x1f, \x85, \u2028), edge
# punctuation, digits of several scripts, title-case letters, commas, CJK, non-BMP.
_CHARS = (
    " \t\r\n\x0b\x0c\x1c\x1f\x85\xa0\u2000\u2028\u3000"
    "aAbBéÉǅiİı\u0307xyz.:：,،，、…[]()»›|-"
    "0159٣߂𝟘"
    "中日。"
    "𝐀😀"
)
_ANY = st.text(st.characters(exclude_categories=()), max_size=30)  # surrogates included
_TEXT = st.text(alphabet=_CHARS, max_size=30)
_STRS = st.one_of(_TEXT, _ANY)
_LINES = st.lists(_STRS, max_size=12)
_FLOAT = st.floats(allow_nan=False, allow_infinity=False, width=64)


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def same_floats(a: list[float], b: list[float]) -> bool:
    return [bits(x) for x in a] == [bits(x) for x in b]


def same_dicts(a: dict[int, float], b: dict[int, float]) -> bool:
    return list(a) == list(b) and same_floats(list(a.values()), list(b.values()))


def kernel(on: bool) -> AbstractContextManager[object]:
    """The stage runs with the compiled functions (``on``) or the references."""
    return patch.object(bp, "_lf", LF if on else None)


def test_the_active_implementation_is_reported() -> None:
    assert native.LINEFEATURES in ("c", "python")
    assert (native.linefeatures is None) == (native.LINEFEATURES == "python")
    assert bp._lf is native.linefeatures
    # The lexicons carry the compiled literal index exactly when the kernel is active.
    assert (bp.load_lexicon("en").literal_index is None) == (native.linefeatures is None)


# --- token_stats, norms ---------------------------------------------------------------


@settings(deadline=None)
@given(_LINES, st.frozensets(st.one_of(_TEXT, st.sampled_from(["the", "a", "é", "中"]))))
def test_token_stats_is_the_reference(lines: list[str], stop: frozenset[str]) -> None:
    ntok, shares = LF.token_stats(lines, stop)
    ref_ntok, ref_shares = bp._token_stats(lines, stop)
    assert ntok == ref_ntok
    assert same_floats(shares, ref_shares)


def test_token_stats_with_real_stopwords() -> None:
    stop = bp._stopwords("und")
    lines = ["the council approved the budget", "le conseil  a voté", "中文 的", "x" * 5000, ""]
    assert LF.token_stats(lines, stop) == bp._token_stats(lines, stop)


@settings(deadline=None)
@given(_LINES, st.frozensets(st.one_of(_TEXT, st.sampled_from(["the", "a", "é", "中", "𝐀"]))))
def test_token_stats_with_a_stop_index_is_the_reference(
    lines: list[str], stop: frozenset[str]
) -> None:
    ntok, shares = LF.token_stats(lines, LF.stop_index(stop))
    ref_ntok, ref_shares = bp._token_stats(lines, stop)
    assert ntok == ref_ntok
    assert same_floats(shares, ref_shares)


def test_stop_index_of_real_stopwords() -> None:
    for lang in ("en", "fr", "zh", "und"):
        stop = bp._stopwords(lang)
        lines = [" ".join(sorted(stop)[:50]), "the le la der 的 x" * 3, "THE the", "\x00 a"]
        assert LF.token_stats(lines, LF.stop_index(stop)) == bp._token_stats(lines, stop)
    with pytest.raises(TypeError):
        LF.stop_index(["a"])


@pytest.mark.parametrize(
    ("name", "reference", "edges"),
    [
        (
            "has_cjk",
            bp._CJK,
            "\u3040\u30ff\u3400\u4dbf\u4e00\u9fff\uac00\ud7af\uf900\ufaff\u303f\u3100",
        ),
        # each range's ends and the characters right outside them
        (
            "has_other_script",
            bp._OTHER_SCRIPT,
            "\u058f\u0590\u1dff\u1e00\u2e7f\u2e80\ud7ff\ue000\uffff\U00010000\U0010ffff",
        ),
    ],
)
@settings(deadline=None)
@given(text=_STRS)
def test_script_scans_are_the_reference(
    name: str, reference: re.Pattern[str], edges: str, text: str
) -> None:
    scan = getattr(LF, name)
    for t in (text, *(text + c for c in edges)):
        assert scan(t) == (reference.search(t) is not None)


@settings(deadline=None)
@given(_STRS, st.one_of(_STRS, st.just(bp._INVISIBLE)))
def test_has_any_is_the_reference(text: str, chars: str) -> None:
    assert LF.has_any(text, chars) == any(map(text.__contains__, chars))
    for c in bp._INVISIBLE + "\x00\xac\xae\u200a\ufeff\U0001f600":
        assert LF.has_any(text + c, bp._INVISIBLE) == (
            c in bp._INVISIBLE or LF.has_any(text, bp._INVISIBLE)
        )


@settings(deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2**62), max_size=40))
def test_buckets_is_the_reference(words: list[int]) -> None:
    table = bp._BUCKET_OF_CAPPED
    cap = len(table) - 1
    assert LF.buckets(words, table) == list(
        map(table.__getitem__, map(min, words, [cap] * len(words)))
    )
    assert LF.buckets(list(range(40)), table) == [table[min(w, cap)] for w in range(40)]


@settings(deadline=None)
@given(st.lists(st.one_of(_STRS, st.just(""), st.just(" \r")), max_size=8))
def test_split_lines_is_the_reference(parts: list[str]) -> None:
    text = "\n".join(parts)
    assert LF.split_lines(text) == bp._split_lines(text)
    assert LF.split_lines(text + "\n") == bp._split_lines(text + "\n")


@settings(deadline=None)
@given(st.lists(_FLOAT, max_size=20))
def test_max_segment_and_sigmoids_are_the_reference(values: list[float]) -> None:
    assert LF.max_segment(values) == bp._max_segment(values)
    logits = [max(-800.0, min(800.0, v)) for v in values]
    assert same_floats(LF.sigmoids(logits), bp._sigmoids(logits))


@settings(deadline=None)
@given(
    st.lists(st.booleans(), max_size=30),
    st.data(),
)
def test_runs_are_the_reference(flags: list[bool], data: Any) -> None:
    n = len(flags)
    assert same_floats(LF.short_runs(flags), bp._short_runs(flags))
    terminal = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    exclude = data.draw(st.lists(st.integers(0, n - 1), max_size=5)) if n else []
    with kernel(False):
        expected = bp._link_runs(flags, terminal, exclude)
    assert LF.link_runs(flags, terminal, exclude) == expected
    good = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    words = data.draw(st.lists(st.integers(0, 30), min_size=n, max_size=n))
    doc = bp._analyse("x", "en")
    doc.good, doc.terminal, doc.words = good, terminal, words
    keep_c, keep_py = list(flags), list(flags)
    with kernel(True):
        bp._drop_isolated(doc, keep_c)
    with kernel(False):
        bp._drop_isolated(doc, keep_py)
    assert keep_c == keep_py


# --- dense_columns, separator_lines ---------------------------------------------------


@settings(deadline=None)
@given(
    st.lists(st.tuples(_STRS, st.sampled_from([0.0, -0.0, 0.25, 1.0]), st.booleans()), max_size=20)
)
def test_dense_columns_is_the_reference(rows: list[tuple[str, float, bool]]) -> None:
    stripped = [s for s, _, _ in rows]
    sw = [x for _, x, _ in rows]
    good = [g for _, _, g in rows]
    got, expected = LF.dense_columns(stripped, sw, good), bp._dense_columns(stripped, sw, good)
    assert len(got) == len(expected) == 8
    for a, b in zip(got, expected):
        assert [type(x) for x in a] == [type(x) for x in b]
        if a and isinstance(b[0], float):
            assert same_floats(a, b)
        else:
            assert a == b


def test_dense_columns_on_long_documents() -> None:
    # every length up to 5,000 (log1p as Python's math), positions and shares over
    # thousands of lines, paragraph flags in an irregular pattern
    n = 5000
    stripped = ["x" * k for k in range(n)]
    sw = [0.0 if k % 3 else 0.5 for k in range(n)]
    good = [k % 7 in (1, 2, 5) for k in range(n)]
    got, expected = LF.dense_columns(stripped, sw, good), bp._dense_columns(stripped, sw, good)
    for a, b in zip(got, expected):
        assert same_floats(a, b) if isinstance(b[0], float) else a == b


def test_dense_columns_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError):
        LF.dense_columns(["a", "b"], [0.0], [True, False])
    with pytest.raises(TypeError):
        LF.dense_columns(["a"], [0.0], [1])  # flags must be bool
    with pytest.raises(TypeError):
        LF.dense_columns(["a"], (0.0,), [True])


# Lines as the stage has them: no line break inside; separators, spaces of several kinds.
_SEP_LINES = st.lists(
    st.one_of(
        st.text(alphabet=" \t\u3000\xa0|›»·•/>–—ab中", max_size=12),
        _ANY.map(lambda s: s.replace("\n", "")),
        st.integers(195, 205).map(lambda k: "a | " + "b" * (k - 4)),
    ),
    max_size=12,
)


@settings(deadline=None)
@given(_SEP_LINES)
def test_separator_lines_is_the_reference(lines: list[str]) -> None:
    joined = "\n".join(lines)
    offsets = [0]
    for s in lines:
        offsets.append(offsets[-1] + len(s) + 1)
    expected = bp._separator_lines(joined, offsets, lines)
    got = LF.separator_lines(
        lines, bp._SEPARATOR_ONE_SIDE, bp._SEPARATOR_TWO_SIDES, bp._SEPARATOR_MAX_CHARS
    )
    assert list(got.items()) == list(expected.items())


def test_separator_lines_on_typical_lines() -> None:
    lines = ["Home | News", "a/b", "a / b", "» Next", "2019–2020", "x — y", "|", "a" * 199 + "|"]
    got = LF.separator_lines(lines, bp._SEPARATOR_ONE_SIDE, bp._SEPARATOR_TWO_SIDES, 200)
    assert got == {0: 1.0, 2: 1.0, 3: 1.0, 5: 1.0}


@settings(deadline=None)
@given(_LINES)
def test_norms_is_the_reference(lines: list[str]) -> None:
    assert LF.norms(lines, bp._EDGE_CHARS) == bp._norms(lines)


@settings(deadline=None)
@given(_LINES, _TEXT)
def test_norms_with_any_edge_characters(lines: list[str], edge: str) -> None:
    expected = [" ".join(s.split()).strip(edge) for s in lines]
    assert LF.norms(lines, edge) == expected


def test_norms_are_canonical_strings() -> None:
    # A result built character by character must equal (and hash like) the same
    # text from Python: an ASCII result of a wide line is stored as ASCII.
    out = LF.norms(["»  back\u3000to  top 😀", "中\t\tx"], bp._EDGE_CHARS)
    assert out == ["back to top 😀", "中 x"]
    assert {"中 x": 1}.get(out[1]) == 1
    assert LF.norms(["ab\u3000cd 中"], "中 ")[0] == "ab cd"
    assert {"ab cd": 1}.get(LF.norms(["ab\u3000cd 中"], "中 ")[0]) == 1


# --- literal_scan ---------------------------------------------------------------------

_LIT = st.text(alphabet="abé中𝐀 ", min_size=2, max_size=4)


@settings(deadline=None)
@given(
    st.lists(st.tuples(_LIT, st.integers(0, 5)), max_size=10),
    st.lists(st.text(alphabet="abé中𝐀 x", max_size=25), max_size=8),
)
def test_literal_scan_is_the_reference(pairs: list[tuple[str, int]], lines: list[str]) -> None:
    lits, gates = [p[0] for p in pairs], [p[1] for p in pairs]
    index = LF.literal_index(lits, gates)
    assert LF.literal_scan(index, lines) == bp._literal_scan(lits, gates, lines)


@settings(deadline=None, max_examples=50)
@given(
    st.lists(
        st.tuples(st.text(alphabet="abнتي😀 中", min_size=2, max_size=6), st.integers(0, 40)),
        min_size=50,
        max_size=400,
    ),
    st.lists(st.text(alphabet="abнتي😀 中x", max_size=60), max_size=8),
)
def test_literal_scan_with_many_literals(pairs: list[tuple[str, int]], lines: list[str]) -> None:
    # (literals of two characters filed by their bigram, longer ones by their first
    # three: hundreds of them share buckets; Cyrillic, Arabic, CJK and emoji)
    lits, gates = [p[0] for p in pairs], [p[1] for p in pairs]
    index = LF.literal_index(lits, gates)
    lines = [*lines, *lits, " ".join(lits[:20])]
    assert LF.literal_scan(index, lines) == bp._literal_scan(lits, gates, lines)


def test_literal_scan_with_the_shipped_lexicons() -> None:
    for lang in ("en", "fr", "und"):
        lex = bp.load_lexicon(lang)
        pairs = [(lit, g) for g, (gate, _) in enumerate(lex.gated) for lit in gate]
        lits, gates = [p[0] for p in pairs], [p[1] for p in pairs]
        lines = [lit for lit in lits] + [f"x {lit} y" for lit in lits[::3]] + ["nothing here"]
        index = LF.literal_index(lits, gates)
        assert LF.literal_scan(index, lines) == bp._literal_scan(lits, gates, lines)


def test_literal_index_rejects_what_it_cannot_index() -> None:
    with pytest.raises(ValueError):
        LF.literal_index(["a"], [0])
    with pytest.raises(TypeError):
        LF.literal_index(["ab"], [0, 1])
    with pytest.raises(ValueError):
        LF.literal_scan(object(), ["ab"])  # not an index


# --- linear_scores --------------------------------------------------------------------


@settings(deadline=None)
@given(st.data(), st.integers(0, 12), st.lists(_FLOAT, min_size=4, max_size=8))
def test_linear_scores_is_the_reference(data: Any, n: int, weights: list[float]) -> None:
    w = tuple(weights)
    buckets = data.draw(st.lists(st.integers(0, len(w) - 1), min_size=n, max_size=n))
    columns: dict[int, Any] = {}
    for k in range(2, len(w)):
        kind = data.draw(st.sampled_from(["none", "dense", "bools", "sparse"]))
        if kind == "dense":
            columns[k] = data.draw(st.lists(_FLOAT, min_size=n, max_size=n))
        elif kind == "bools":
            columns[k] = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
        elif kind == "sparse" and n:
            keys = data.draw(st.lists(st.integers(0, n - 1), unique=True, max_size=n))
            columns[k] = {j: data.draw(_FLOAT) for j in keys}
    expected = bp._linear_scores(buckets, columns, w, 2)
    assert same_floats(LF.linear_scores(buckets, columns, w, 2), expected)


def test_linear_scores_rejects_bad_columns() -> None:
    with pytest.raises(IndexError):
        LF.linear_scores([0], {1: {5: 1.0}}, (0.5, 1.0), 1)
    with pytest.raises(ValueError):
        LF.linear_scores([0, 0], {1: [1.0]}, (0.5, 1.0), 1)
    with pytest.raises(TypeError):
        LF.linear_scores([0], {1: "x"}, (0.5, 1.0), 1)


# --- line_flags -----------------------------------------------------------------------


@settings(deadline=None)
@given(_LINES, st.integers(0, 40), st.data())
def test_line_flags_is_the_reference(lines: list[str], window: int, data: Any) -> None:
    lines = lines + lines[:2]  # duplicates
    ntok = data.draw(st.lists(st.integers(0, 3), min_size=len(lines), max_size=len(lines)))
    got = LF.line_flags(lines, ntok, window)
    ref = bp._line_flags(lines, ntok, window)
    assert len(got) == len(ref) == 7
    for a, b in zip(got, ref):
        if isinstance(b, dict):
            assert same_dicts(a, b)
        else:
            assert a == b


@settings(deadline=None)
@given(_LINES, st.data())
def test_line_classes_is_the_reference(lines: list[str], data: Any) -> None:
    n = len(lines)
    words = data.draw(st.lists(st.integers(0, 30), min_size=n, max_size=n))
    shares = data.draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n))
    args = (lines, words, shares, bp._TERMINAL, 10, 0.15, 20, 4)
    assert LF.line_classes(*args) == bp._line_classes(*args)
    odd = (lines, words, shares, frozenset({"a", "", "ab", "中"}), 3, 0.5, 5, 1)
    assert LF.line_classes(*odd) == bp._line_classes(*odd)


def test_line_flags_on_typical_lines() -> None:
    lines = ["Top Stories", "3 days ago", "2 days ago", "Read more…", "Note:", "1, 2, 3", "x"]
    ntok = [len(s.split()) for s in lines]
    assert LF.line_flags(lines, ntok, 200) == bp._line_flags(lines, ntok, 200)


# --- line_edits -----------------------------------------------------------------------


@settings(deadline=None)
@given(
    st.lists(st.one_of(st.just(""), _STRS), min_size=2, max_size=12),
    st.sampled_from(["\n", "\r\n", "\n\n"]),
    st.data(),
)
def test_line_edits_is_the_reference(lines: list[str], sep: str, data: Any) -> None:
    text = sep.join(lines)
    doc = bp._analyse(text, "en")
    n = len(doc.stripped)
    if n == 0:
        return
    chosen = data.draw(st.lists(st.integers(0, n - 1), unique=True, max_size=n))
    reasons = st.sampled_from(["nav-line", "footer", "repeated-line"])
    confs = st.floats(0.0, 1.0)
    removed = {j: (data.draw(reasons), data.draw(confs)) for j in sorted(chosen)}
    with kernel(True):
        fast = bp._edits(text, doc, removed)
    with kernel(False):
        slow = bp._edits(text, doc, removed)
    assert fast == slow
    assert [bits(e.confidence) for e in fast] == [bits(e.confidence) for e in slow]
    assert all(type(e) is type(slow[0]) for e in fast)


# --- verdicts --------------------------------------------------------------------------


@settings(deadline=None)
@given(st.integers(1, 15), st.data())
def test_verdicts_is_the_reference(n: int, data: Any) -> None:
    lines = st.integers(0, n - 1)
    order = sorted(set(data.draw(st.lists(lines, max_size=n))))
    repeated = {j: data.draw(st.floats(0.6, 0.99)) for j in data.draw(st.lists(lines, max_size=3))}
    cat = st.sampled_from([None, "footer", "comments", "skip-link", "share-button"])
    cats = data.draw(st.lists(cat, min_size=n, max_size=n))
    sig = data.draw(st.lists(st.floats(0.0, 1.0), min_size=n, max_size=n))
    removable = set(data.draw(st.lists(lines, max_size=4)))
    date_only = dict.fromkeys(data.draw(st.lists(lines, max_size=3)), 1.0)
    url_only = dict.fromkeys(data.draw(st.lists(lines, max_size=3)), 1.0)
    teasers = set(data.draw(st.lists(lines, max_size=3)))
    inside = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    end = data.draw(st.integers(-1, n))
    tails = sorted(set(data.draw(st.lists(lines, max_size=4))))
    args = (order, repeated, cats, sig, removable, date_only, url_only, teasers, inside, end, tails)
    got, ref = LF.verdicts(*args), bp._verdicts(*args)
    assert list(got) == list(ref)
    assert [r for r, _ in got.values()] == [r for r, _ in ref.values()]
    assert same_floats([c for _, c in got.values()], [c for _, c in ref.values()])


@settings(deadline=None)
@given(st.integers(0, 16), st.data())
def test_lexicon_columns_is_the_reference(n: int, data: Any) -> None:
    # categories of every kind (weak, sentence, other, none, empty), word counts at the
    # thresholds, terminal flags, norms in the exact phrases or not
    cats = data.draw(
        st.lists(
            st.sampled_from([None, "", "byline", "cookie-notice", "follow", "share-button"]),
            min_size=n,
            max_size=n,
        )
    )
    words = data.draw(st.lists(st.sampled_from([0, 2, 3, 4, 30, 31]), min_size=n, max_size=n))
    terminal = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    norms = data.draw(
        st.lists(st.sampled_from(["suivre", "back to top", "x"]), min_size=n, max_size=n)
    )
    exact = {"back to top": "back-to-top"}
    expected = bp._lexicon_columns(cats, words, terminal, norms, exact)
    got = LF.lexicon_columns(
        cats, words, terminal, norms, exact, bp._WEAK_CATEGORIES, bp._SENTENCE_CATEGORIES,
        bp._LEXICON_MAX_WORDS, bp._SENTENCE_WORDS,
    )  # fmt: skip
    assert [list(d.items()) for d in got] == [list(d.items()) for d in expected]


def test_lexicon_columns_rejects_bad_arguments() -> None:
    consts = (bp._WEAK_CATEGORIES, bp._SENTENCE_CATEGORIES, 30, 3)
    with pytest.raises(IndexError):
        LF.lexicon_columns(["follow", None], [1], [True, True], ["a", "b"], {}, *consts)
    with pytest.raises(TypeError):
        LF.lexicon_columns(["follow"], [1], [True], ["a"], [], *consts)


@settings(deadline=None)
@given(st.integers(1, 16), st.data())
def test_keep_headings_is_the_reference(n: int, data: Any) -> None:
    # any keep flags, word counts around the thresholds, categories (see-through
    # ones among them), dates and URLs alone, title and headline anywhere
    doc = bp._analyse("x", "en")
    doc.words = data.draw(
        st.lists(st.sampled_from([0, 1, 3, 9, 10, 25, 26, 40]), min_size=n, max_size=n)
    )
    doc.categories = data.draw(
        st.lists(
            st.sampled_from([None, None, None, "embed", "share-button"]), min_size=n, max_size=n
        )
    )
    doc.date_only = dict.fromkeys(data.draw(st.sets(st.integers(0, n - 1), max_size=3)), 1.0)
    doc.url_only = dict.fromkeys(data.draw(st.sets(st.integers(0, n - 1), max_size=3)), 1.0)
    doc.title = data.draw(st.integers(0, n - 1))
    doc.headline = data.draw(st.integers(-1, n - 1))
    keep = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    keep_c, keep_py = list(keep), list(keep)
    with kernel(True):
        bp._keep_headings(doc, keep_c)
    with kernel(False):
        bp._keep_headings(doc, keep_py)
    assert keep_c == keep_py


def test_keep_headings_rejects_bad_arguments() -> None:
    args = ({}, {}, 0, -1, bp._SEE_THROUGH_CATEGORIES, 10, 3, 25)
    with pytest.raises(ValueError):
        LF.keep_headings([True, False], [10], [None, None], *args)
    with pytest.raises(TypeError):
        LF.keep_headings([True], [10], [None], [], {}, 0, -1, frozenset(), 10, 3, 25)


def test_corpus_mode_is_the_same_with_and_without_the_kernel() -> None:
    config = Config(boilerplate_repeat_min_docs=2)
    pages = [
        f"Example News\nHome\n{_PARAGRAPH} {k}\n{_PARAGRAPH}\n© 202{k} Example\nContact us"
        for k in range(4)
    ]
    outcomes = []
    for on in (True, False):
        with kernel(on):
            stage = bp.BoilerplateStage(config)
            for page in pages[:3]:
                stage.observe(page, Context("en", config, "site"))
            ctx = Context("en", config, "site")
            out, edits = stage.process(pages[3], ctx)
            outcomes.append((out, [(e.start, e.end, e.reason, bits(e.confidence)) for e in edits]))
    assert outcomes[0] == outcomes[1]
    assert any(r[2] == "repeated-line" for r in outcomes[0][1])


# --- categorize_indexed ---------------------------------------------------------------


def _lexicon_lines(lex: bp.Lexicon) -> list[str]:
    lines = list(lex.exact)[:300]
    lines += [p for group in lex.prefixes.values() for p, _ in group]
    lines += [p + " more words" for group in lex.prefixes.values() for p, _ in group]
    lines += ["12 comments", "© 2024 example", "share on facebook", "1 comment", "٣ comments"]
    lines += ["the council approved the budget", "", "x" * 700, "c" * 2500, "中文"]
    return lines


@pytest.mark.parametrize("lang", ["en", "fr", "de", "und"])
def test_categorize_indexed_is_the_reference(lang: str) -> None:
    lex = bp.load_lexicon(lang)
    norms = _lexicon_lines(lex)
    args = (lex.exact, lex.prefix_starts, lex._prefix, lex.anchored_heads, lex.anchored_chars)
    got = LF.categorize_indexed(norms, *args, bp._REGEX_MAX_CHARS, bp._HEAD)
    assert got == bp._categorize_indexed(norms, *args, bp._REGEX_MAX_CHARS, bp._HEAD)
    assert any(got[0])  # the lexicon's own phrases are found
    no_prefix = (lex.exact, lex.prefix_starts, None, lex.anchored_heads, lex.anchored_chars)
    got = LF.categorize_indexed(norms, *no_prefix, 20, bp._HEAD)
    assert got == bp._categorize_indexed(norms, *no_prefix, 20, bp._HEAD)
    # the dict of "PHRASE *" entries, read in C as Lexicon._prefix reads it
    in_c = (lex.exact, lex.prefix_starts, lex.prefixes, lex.anchored_heads, lex.anchored_chars)
    got = LF.categorize_indexed(norms, *in_c, bp._REGEX_MAX_CHARS, bp._HEAD)
    assert got == bp._categorize_indexed(norms, *args, bp._REGEX_MAX_CHARS, bp._HEAD)


# First words as _FIRST_WORD reads them: runs of letters and digits of any script
# joined by an apostrophe or a hyphen, "_" (a word character that is not one), marks.
_WORDY = st.text(alphabet="ab é1٣_'’- \u0301中.Ⅻ", max_size=14)


@settings(deadline=None)
@given(
    st.lists(st.tuples(_WORDY, st.sampled_from(["share-button", "footer"])), max_size=6),
    st.lists(st.one_of(_WORDY, _STRS), max_size=10),
)
def test_prefix_lookup_is_lexicon_prefix(entries: list[tuple[str, str]], lines: list[str]) -> None:
    # any "PHRASE *" table, keyed by each phrase's first word as load_lexicon keys it
    prefixes: dict[str, tuple[tuple[str, str], ...]] = {}
    for phrase, cat in entries:
        m = bp._FIRST_WORD.match(phrase)
        key = m.group() if m is not None else ""
        prefixes[key] = (*prefixes.get(key, ()), (phrase, cat))
    lex = bp.load_lexicon("en")
    lex = bp.Lexicon(
        lex.langs, {}, prefixes, {}, {}, (), None, frozenset(),
        frozenset(p[:2] for p, _ in entries) | frozenset(p[:1] for p, _ in entries),
    )  # fmt: skip
    norms = [*lines, *(p for p, _ in entries), *(p + " x" for p, _ in entries)]
    norms += [p + "x" for p, _ in entries]
    args = (lex.exact, lex.prefix_starts)
    expected = bp._categorize_indexed(norms, *args, lex._prefix, {}, {}, 600, 3)
    assert LF.categorize_indexed(norms, *args, lex.prefixes, {}, {}, 600, 3) == expected


_SHORT = st.text(alphabet="abé中😀Ж ", min_size=1, max_size=6)


@settings(deadline=None)
@given(st.lists(_SHORT, max_size=14), st.lists(_SHORT, max_size=10))
def test_group_starts_are_bisected_as_startswith(words: list[str], lines: list[str]) -> None:
    # any starts (sorted, none beginning another: as _PatternGroup requires),
    # more and fewer than the kernel's linear scan covers
    starts = sorted({w for w in words if not any(w.startswith(v) for v in words if v != w)})
    group = bp._PatternGroup(re.compile("(?P<c0>)"), {"c0": "x"}, tuple(starts) or None)
    lines = [*lines, *starts, *(w + "z" for w in starts), *(w[:-1] for w in starts if w[:-1])]
    heads = {x[:3]: group for x in lines}
    got = LF.categorize_indexed(lines, {}, frozenset(), None, heads, {}, 600, 3)
    assert got == bp._categorize_indexed(lines, {}, frozenset(), None, heads, {}, 600, 3)
    assert got[0] == [("x" if not starts or x.startswith(tuple(starts)) else None) for x in lines]


@pytest.mark.parametrize("lang", ["en", "fr", "de", "und"])
def test_gated_categorize_is_the_reference(lang: str) -> None:
    # the unanchored patterns' step, against the pure path's substring scans
    lex = bp.load_lexicon(lang)
    assert lex.literal_index is not None and lex.gated
    lits = [lit for gate, _ in lex.gated for lit in gate]
    norms = [*lits, *(f"x {lit} y" for lit in lits), *_lexicon_lines(lex)]
    norms += ["we use cookies on this site", "sign up for our newsletter", "the council met"]
    with kernel(True):
        fast = lex.categorize(norms)
    with kernel(False):
        slow = lex.categorize(norms)
    assert fast == slow
    assert sum(c is not None for c in fast) > len(lits) // 2
    cats: list[str | None] = [None] * len(norms)
    todo = list(range(len(norms)))
    LF.gated_categorize(lex.literal_index, norms, todo, lex.gated, cats)
    # per line, the first gate in order holding one of its literals whose pattern
    # matches (the loop of Lexicon.category)
    expected = [
        next(
            (c for gate, group in lex.gated if any(lit in x for lit in gate)
             for c in [group.search(x)] if c is not None),
            None,
        )
        for x in norms
    ]  # fmt: skip
    assert cats == expected


def test_gated_categorize_rejects_bad_arguments() -> None:
    lex = bp.load_lexicon("en")
    with pytest.raises(TypeError):
        LF.gated_categorize(lex.literal_index, ["a"], [0], lex.gated, [None, None])
    with pytest.raises(IndexError):
        LF.gated_categorize(lex.literal_index, ["a"], [1], lex.gated, [None])
    with pytest.raises(TypeError):
        LF.gated_categorize(lex.literal_index, ["a"], [0], (), [None])


@settings(deadline=None)
@given(
    st.lists(st.sampled_from(["new ", "zz", "中文", "تسجيل", "Войти", "😀", "ab"]), max_size=3),
    st.lists(
        st.one_of(_STRS, st.sampled_from(["open in new tab", "ab zz", "😀 ab 中文"])), max_size=8
    ),
)
def test_need_literals_are_read_as_the_reference(need: list[str], lines: list[str]) -> None:
    # a group's need literals (any script, emoji), in C as _PatternGroup.search reads them
    group = bp._PatternGroup(
        re.compile("(?P<c0>ab|open in new tab)"), {"c0": "share"}, None, tuple(need) or None
    )
    gated = (((" in ", "ab"), group),)
    index = LF.literal_index([" in ", "ab"], [0, 0])
    cats: list[str | None] = [None] * len(lines)
    LF.gated_categorize(index, lines, list(range(len(lines))), gated, cats)
    held = [(" in " in x or "ab" in x) for x in lines]
    assert cats == [group.search(x) if h else None for x, h in zip(lines, held)]
    if not need:
        assert cats == [
            ("share" if group.regex.search(x) and h else None) for x, h in zip(lines, held)
        ]


def test_need_literals_reject_bad_values() -> None:
    index = LF.literal_index(["ab"], [0])
    for need in (["ab"], ("zz", 1)):
        group = bp._PatternGroup(re.compile("(?P<c0>ab)"), {"c0": "share"}, None, need)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            LF.gated_categorize(index, ["ab"], [0], ((("ab",), group),), [None])


@settings(deadline=None)
@given(_LINES)
def test_categorize_is_the_same_with_and_without_the_kernel(lines: list[str]) -> None:
    lex = bp.load_lexicon("und")
    norms = [*bp._norms(lines), "back to top", "12 comments", "we use cookies on this site"]
    with kernel(True):
        fast = lex.categorize(norms)
    with kernel(False):
        slow = lex.categorize(norms)
    assert fast == slow


# --- the whole stage ------------------------------------------------------------------

_FURNITURE = [
    "Skip to main content",
    "Home",
    "News",
    "Sport",
    "Share on Facebook",
    "Back to top",
    "© 2024 Example Inc.",
    "12 comments",
    "November 19, 2019",
    "https://example.com/a",
    "Read more...",
    "Related articles",
    "Retour en haut",
]
_PARAGRAPH = (
    "The council approved the new budget on Tuesday after a long debate about the "
    "cost of the bridge and the schools."
)
_LINE = st.one_of(
    st.sampled_from(_FURNITURE), st.just(_PARAGRAPH), st.just(""), _STRS, st.just("中文的句子。")
)


def _outcome(text: str, lang: str) -> tuple[Any, ...]:
    config = Config()
    ctx = Context(lang, config)
    out, edits = bp.BoilerplateStage(config).process(text, ctx)
    rows = [(e.start, e.end, e.before, e.reason, bits(e.confidence)) for e in edits]
    return out, rows, ctx.notes


@settings(deadline=None, max_examples=60)
@given(
    st.lists(_LINE, min_size=2, max_size=30),
    st.sampled_from(["\n", "\r\n"]),
    st.sampled_from(["en", "fr", "und", "zh"]),
)
def test_the_stage_is_the_same_with_and_without_the_kernel(
    lines: list[str], sep: str, lang: str
) -> None:
    text = sep.join(lines)
    with kernel(True):
        fast = _outcome(text, lang)
    with kernel(False):
        slow = _outcome(text, lang)
    assert fast == slow


def test_the_stage_on_a_page() -> None:
    page = "\n".join(_FURNITURE[:5] + [_PARAGRAPH] * 4 + _FURNITURE[5:])
    with kernel(True):
        fast = _outcome(page, "en")
    with kernel(False):
        slow = _outcome(page, "en")
    assert fast == slow
    assert fast[1]  # lines were removed


# --- megabyte inputs ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a" * 1_000_000,
        "".join(chr(0x4E00 + i % 500) for i in range(1_000_000)),
        "x, 1: " * 170_000,
        ".\n" * 100_000,
        "»|\r\n" * 100_000,
    ],
    ids=["one-char", "no-spaces-cjk", "commas-digits", "punct-lines", "crlf-lines"],
)
def test_megabyte_inputs(text: str) -> None:
    assert LF.split_lines(text) == bp._split_lines(text)
    assert LF.has_cjk(text) == (bp._CJK.search(text) is not None)
    lines = text.split("\n")
    stop = bp._stopwords("en")
    assert LF.token_stats(lines, stop) == bp._token_stats(lines, stop)
    assert LF.token_stats(lines, LF.stop_index(stop)) == bp._token_stats(lines, stop)
    assert LF.norms(lines, bp._EDGE_CHARS) == bp._norms(lines)
    ntok = [len(s.split()) for s in lines]
    assert LF.line_flags(lines, ntok, 200) == bp._line_flags(lines, ntok, 200)
    assert LF.has_other_script(text) == (bp._OTHER_SCRIPT.search(text) is not None)
    assert LF.has_any(text, bp._INVISIBLE) == any(map(text.__contains__, bp._INVISIBLE))
    lex = bp.load_lexicon("und")
    lits = [lit for gate, _ in lex.gated for lit in gate]
    gates = [g for g, (gate, _) in enumerate(lex.gated) for _ in gate]
    index = LF.literal_index(lits, gates)
    assert LF.literal_scan(index, lines) == bp._literal_scan(lits, gates, lines)
    with kernel(True):
        fast = _outcome(text + "\nSkip to main content\n" + _PARAGRAPH, "en")
    with kernel(False):
        slow = _outcome(text + "\nSkip to main content\n" + _PARAGRAPH, "en")
    assert fast == slow


def test_bad_arguments_raise() -> None:
    with pytest.raises(TypeError):
        LF.has_other_script(b"abc")
    with pytest.raises(TypeError):
        LF.has_any("abc", None)
    with pytest.raises(ValueError):
        LF.buckets([1, -1], bp._BUCKET_OF_CAPPED)
    with pytest.raises(ValueError):
        LF.buckets([1], ())
    with pytest.raises(TypeError):
        LF.buckets((1,), bp._BUCKET_OF_CAPPED)
    with pytest.raises(TypeError):
        LF.token_stats(["a", 1], frozenset())
    with pytest.raises(TypeError):
        LF.token_stats(("a",), frozenset())
    with pytest.raises(TypeError):
        LF.norms(["a"], 3)
    with pytest.raises(ValueError):
        LF.line_flags(["a"], [1], -1)
    with pytest.raises(TypeError):
        LF.line_edits("a", [0], ["a"], [0], {0: ("x", 1.0)}, int, (), "s", round)
