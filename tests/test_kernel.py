"""The compiled kernel (``textrepair._kernel``) against the pure-Python reference.

Every kernel function must answer exactly what its pure-Python reference in
``textrepair/candidates.py`` answers: the same integers, sets and lists in the
same order, and costs equal bit for bit (a cost one ulp off could flip a tie
and change a decision). Differential properties on random strings (non-BMP
characters, combining marks, empty and long strings) and checks that the
kernel takes any ``str`` without crashing, including megabyte inputs.

Skipped when the extension is not built (no C compiler at install time); CI
builds it (``pip install -e ".[test]"``).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair import candidates, native
from textrepair.candidates import (
    DEFAULT_CONFUSIONS,
    DEFAULT_TYPOS,
    Channel,
    ConfusionTable,
    DeleteIndex,
    triage_variants,
)

KERN: Any = pytest.importorskip(
    "textrepair._kernel",
    reason="textrepair._kernel is not built (no C compiler at install time): "
    "only the pure-Python reference is available",
)

PY_OSA = candidates._osa_distance_py
# As candidates does when the kernel is active (here it may be off: TEXTREPAIR_PURE).
KERN._set_osa_fallback(PY_OSA)

# Characters the channels have rules for, ASCII letters, accented letters,
# combining marks, a non-BMP letter and emoji, CJK, and the long s.
_CHARS = "rnmclidhvwu01I5sfbeoty'-.," + "aképüÉ" + "\u0301\u0316" + "ſ𝐀😀中"
_TEXT = st.text(alphabet=_CHARS, max_size=14)
_ANY = st.text(st.characters(exclude_categories=()), max_size=14)  # surrogates included
_STRS = st.one_of(_TEXT, _ANY)


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def kernel(on: bool) -> AbstractContextManager[object]:
    """Objects built inside use the kernel (``on``) or the pure-Python reference."""
    return patch.object(candidates, "_k", KERN if on else None)


def pair(make: Callable[[], Any]) -> tuple[Any, Any]:
    """The same object built with the kernel and without."""
    with kernel(True):
        fast = make()
    with kernel(False):
        slow = make()
    return fast, slow


def test_the_active_implementation_is_reported() -> None:
    assert native.KERNEL in ("c", "python")
    assert candidates.KERNEL == native.KERNEL
    if native.KERNEL == "c":
        assert candidates.osa_distance is KERN.osa_distance
        assert Channel.ocr()._k is not None


# --- osa_distance -----------------------------------------------------------------------


@settings(max_examples=400, deadline=None)
@given(_STRS, _STRS)
def test_osa_distance_is_the_reference(a: str, b: str) -> None:
    assert KERN.osa_distance(a, b) == PY_OSA(a, b)


@settings(max_examples=60, deadline=None)
@given(
    st.text(alphabet="ab𝐀\u0301", min_size=60, max_size=90),
    st.text(alphabet="ab𝐀\u0301", min_size=60, max_size=90),
)
def test_osa_distance_around_the_64_character_word(a: str, b: str) -> None:
    # Middles of 64 characters or fewer run in C; longer ones go back to the reference.
    assert KERN.osa_distance(a, b) == PY_OSA(a, b)
    assert KERN.osa_distance("x" + a[:64], "y" + a[:64]) == PY_OSA("x" + a[:64], "y" + a[:64])


def test_osa_distance_on_megabyte_strings() -> None:
    big = "a" * 1_000_000
    assert KERN.osa_distance(big, big) == 0
    assert KERN.osa_distance(big, big + "b") == 1
    assert KERN.osa_distance(big + "xy" + big, big + "yx" + big) == 1
    assert KERN.osa_distance("", big) == 1_000_000
    no_spaces = "".join(chr(0x4E00 + i % 500) for i in range(1_000_000))
    assert KERN.osa_distance(no_spaces, no_spaces[:-3] + "abc") == 3


def test_osa_distance_rejects_what_the_reference_rejects() -> None:
    with pytest.raises(TypeError):
        KERN.osa_distance("a", 1)
    with pytest.raises(TypeError):
        KERN.osa_distance("a")


# --- Channel.align ------------------------------------------------------------------------


def _channels() -> list[Channel]:
    learned = {("k", "x"): 1.0, ("ck", "k"): 0.7, ("", "z"): 0.4, ("é", "e"): 0.3}
    odd = ConfusionTable(
        {("a", "b"): 1, ("ab", ""): 2, ("", "ab"): 0.5, ("x", "yz"): 0.25, ("", "q"): 1},
        substitution=3,
        insertion=2,
        deletion=2,
        transposition=1.5,
    )
    # Every operation costs 1 and only some are flagged: ties everywhere, so the
    # flag shows which path won, which the kernel must pick as the reference does.
    ties = ConfusionTable(
        {
            ("a", "b"): 1,
            ("ab", "ba"): 1,
            ("", "ab"): 1,
            ("b", ""): 1,
            ("a", "bb"): 1,
            ("", "b"): 1,
            ("ba", ""): 1,
            ("b", "a"): 1,
        },
        substitution=1,
        insertion=1,
        deletion=1,
        transposition=1,
    )
    ocr, typing = Channel.ocr(), Channel.typing()  # shared objects: built anew here
    return [
        Channel(ties, [("", "ab"), ("a", "bb"), ("b", "")]),
        Channel(
            ConfusionTable(
                {k: c for k, c in ties.pairs.items() if k != ("ab", "ba")},
                substitution=1,
                insertion=1,
                deletion=1,
                transposition=2,
            ),
            [("a", "b"), ("b", "a"), ("", "b"), ("ba", "")],
        ),
        Channel(ocr.table, ocr._flagged),
        Channel(typing.table, typing._flagged),
        ocr.adapted(learned),
        Channel(DEFAULT_CONFUSIONS),
        Channel(DEFAULT_TYPOS, flagged=[]),
        Channel(odd),
    ]


CHANNELS = [pair(lambda i=i: _channels()[i]) for i in range(len(_channels()))]  # type: ignore[misc]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(range(len(CHANNELS))), _STRS, _STRS)
def test_align_is_the_reference_bit_for_bit(which: int, observed: str, intended: str) -> None:
    fast, slow = CHANNELS[which]
    assert fast._k is not None and slow._k is None
    c1, f1 = fast.align(observed, intended)
    c2, f2 = slow.align(observed, intended)
    assert (bits(c1), f1) == (bits(c2), f2)
    assert type(c1) is float and type(f1) is bool


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([0, 1]), st.text("abc", max_size=7), st.text("abc", max_size=7))
def test_align_breaks_ties_as_the_reference(which: int, observed: str, intended: str) -> None:
    fast, slow = CHANNELS[which]
    c1, f1 = fast.align(observed, intended)
    c2, f2 = slow.align(observed, intended)
    assert (bits(c1), f1) == (bits(c2), f2)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(range(len(CHANNELS))), st.text(alphabet=_CHARS, max_size=40))
def test_align_on_long_tokens(which: int, word: str) -> None:
    fast, slow = CHANNELS[which]
    observed = word.replace("m", "rn").replace("h", "li")[::-1] + word
    assert bits(fast.align(observed, word)[0]) == bits(slow.align(observed, word)[0])


def test_align_on_a_megabyte_token() -> None:
    fast = CHANNELS[0][0]
    big = "rn" * 500_000
    cost, _ = fast.align(big, "more")
    assert math.isfinite(cost) and cost > 0
    assert fast.align(big, big) == (0.0, False)
    assert fast.align("😀" * 1000, "") == CHANNELS[0][1].align("😀" * 1000, "")


def test_a_channel_pickles_and_rebuilds_its_kernel() -> None:
    import pickle

    fast = CHANNELS[2][0]
    with kernel(True):
        again = pickle.loads(pickle.dumps(fast))
    assert again._k is not None
    assert again.align("xey", "key") == fast.align("xey", "key")


# --- DeleteIndex --------------------------------------------------------------------------

_WORDS = st.lists(st.text(alphabet="abcdeé𝐀\u0301", min_size=1, max_size=10), max_size=40)


@settings(max_examples=150, deadline=None)
@given(_WORDS, _WORDS, st.integers(-1, 3), st.sampled_from([1, 2]), st.integers(0, 9))
def test_delete_index_lookup_is_the_reference(
    words: list[str], queries: list[str], d: int, max_distance: int, prefix: int
) -> None:
    half = len(words) // 2
    fast, slow = pair(
        lambda: DeleteIndex(
            words[:half], max_distance=max_distance, prefix=prefix, near=words[half:]
        )
    )
    assert fast._k is not None and slow._k is None
    for q in [*queries, "", *words[:3]]:
        assert fast.lookup(q, d) == slow.lookup(q, d)
        assert fast.lookup(q) == slow.lookup(q)


@settings(max_examples=150, deadline=None)
@given(
    _WORDS,
    st.lists(st.text(alphabet="abcdeé𝐀\u0301", max_size=12), max_size=10),
    st.integers(0, 3),
    st.dictionaries(st.text(alphabet="abcde", max_size=5), st.floats(0, 7), max_size=20),
    st.floats(0, 7),
)
def test_delete_index_within_is_the_reference(
    words: list[str], queries: list[str], d: int, freq: dict[str, float], known: float
) -> None:
    fast, slow = pair(lambda: DeleteIndex(words, max_distance=2))
    extra = {w: 4.0 for w in words[::3]}
    for q in [*queries, *words[:3]]:
        assert fast.within(q, d, freq, extra, known) == slow.within(q, d, freq, extra, known)


def test_delete_index_buckets_on_a_large_index() -> None:
    # Tens of thousands of entries: the kernel searches one bucket of its
    # directory, the reference the whole sorted array; the answers must agree.
    import random

    rng = random.Random(5)
    words = sorted({"".join(rng.choices("abcdefghij", k=rng.randint(2, 9))) for _ in range(4000)})
    fast, slow = pair(lambda: DeleteIndex(words[::2], max_distance=2, near=words[1::2]))
    queries = [*words[:50], *("".join(rng.choices("abcdefghijk", k=6)) for _ in range(150))]
    for q in queries:
        assert fast.lookup(q, 2) == slow.lookup(q, 2)
        assert fast.within(q, 2, {}, {}, 0.0) == slow.within(q, 2, {}, {}, 0.0)
    state = fast.to_state()
    with kernel(True):
        again = DeleteIndex.from_state(state)
    assert all(again.lookup(q, 1) == slow.lookup(q, 1) for q in queries)


def test_delete_index_on_megabyte_queries() -> None:
    fast, slow = pair(lambda: DeleteIndex(["house", "mouse", "horse"], max_distance=2))
    for q in ("h" * 1_000_000, "😀" * 1_000_000, "ho" + "\u0301" * 1_000_000):
        assert fast.lookup(q, 2) == slow.lookup(q, 2)
        assert fast.within(q, 2, {}, {}, 3.0) == slow.within(q, 2, {}, {}, 3.0) == {}


# --- Channel.variants and the triage of variants ----------------------------------------


def _prefix_sample() -> list[str]:
    return sorted({"more", "mode", "the", "then", "tbe", "clean", "dean", "home", "hole", "é"})


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(range(len(CHANNELS))),
    _STRS,
    st.integers(0, 3),
    st.sampled_from([1.5, 2.0, 3.0]),
    st.sampled_from([None, 3.5, 4.5]),
    st.sampled_from([0, 1, 5, 50, 2000]),
    st.sampled_from(["none", "python", "kernel"]),
    st.booleans(),
)
def test_variants_are_the_reference_in_order(
    which: int,
    observed: str,
    max_rewrites: int,
    max_cost: float,
    max_total: float | None,
    limit: int,
    viable_kind: str,
    always_prune: bool,
) -> None:
    fast, slow = CHANNELS[which]
    keys = _prefix_sample()

    def word_prefix(head: str) -> bool:  # tokens._Lexicon.word_prefix on ``keys``
        if not head.isascii():
            return True
        from bisect import bisect_left

        h = head.lower()
        j = bisect_left(keys, h)
        return j < len(keys) and keys[j].startswith(h)

    viable_fast: Any = {"none": None, "python": word_prefix, "kernel": KERN.PrefixKeys(keys)}
    kw: dict[str, Any] = {
        "max_rewrites": max_rewrites,
        "max_cost": max_cost,
        "max_total": max_total,
        "limit": limit,
        "always_prune": always_prune,
    }
    with kernel(True):
        got = fast.variants(observed, viable=viable_fast[viable_kind], **kw)
    with kernel(False):
        want = slow.variants(observed, viable=None if viable_kind == "none" else word_prefix, **kw)
    assert [(v, bits(c), r) for v, c, r in got] == [(v, bits(c), r) for v, c, r in want]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=8), st.lists(st.text(alphabet="abcdeé𝐀", max_size=6), max_size=40))
def test_prefix_keys_is_word_prefix(head: str, keys: list[str]) -> None:
    from bisect import bisect_left

    keys = sorted(set(keys))
    fast = KERN.PrefixKeys(keys)
    if not head.isascii():
        want = True
    else:
        h = head.lower()
        j = bisect_left(keys, h)
        want = j < len(keys) and keys[j].startswith(h)
    assert fast(head) is want


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet="abcdeMORÉé𝐀\u0301", max_size=7),
            st.floats(0, 5),
            st.integers(1, 3),
        ),
        max_size=30,
    ),
    st.dictionaries(st.text(alphabet="abcdeé𝐀\u0301", max_size=7), st.floats(0, 7), max_size=30),
    st.integers(0, 3),
)
def test_triage_is_the_reference(
    variants: list[tuple[str, float, int]], freq: dict[str, float], near_below: int
) -> None:
    from textrepair.dictionary import normalize_key

    key = variants[0][0].lower() if variants else "x"
    extra = {w: 2.0 for w in list(freq)[::4]}
    protected = frozenset(list(freq)[1::5])
    start = {w: 2 for w in list(freq)[::2]}

    def run(on: bool) -> tuple[list[tuple[float, str, int]], dict[str, int]]:
        found = dict(start)
        with kernel(on):
            near = triage_variants(
                variants,
                key,
                freq,
                extra,
                protected,
                found,
                normalize_key,
                min_zipf=1.5,
                near_below=near_below,
            )
        return near, found

    assert run(True) == run(False)


def test_variants_of_a_long_token() -> None:
    fast, slow = CHANNELS[0]
    for obs in ("rnlilicle1vvii" * 30, "m" * 10_000):
        with kernel(True):
            got = fast.variants(obs, max_rewrites=2, max_cost=3.0, max_total=4.5)
        with kernel(False):
            want = slow.variants(obs, max_rewrites=2, max_cost=3.0, max_total=4.5)
        assert got == want


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(range(len(CHANNELS))), _STRS, st.sampled_from([0, 1.0, 1.5, 3.0, 9.0]))
def test_variant_sites_are_the_reference(which: int, observed: str, max_cost: float) -> None:
    fast, slow = CHANNELS[which]
    with kernel(True):
        got = fast.variant_sites(observed, max_cost)
    with kernel(False):
        want = slow.variant_sites(observed, max_cost)
    assert [(i, e, a, bits(c)) for i, e, a, c in got] == [(i, e, a, bits(c)) for i, e, a, c in want]
    assert [i for i, _, _, _ in got] == sorted(i for i, _, _, _ in got)


def _naive_variants(
    channel: Channel,
    observed: str,
    max_rewrites: int,
    max_cost: float,
    total: float,
    limit: int,
    viable: Callable[[str], bool],
) -> list[tuple[str, float, int]]:
    """Channel.variants as it was before the stretch cut: every head is tested."""
    sites = channel.variant_sites(observed, max_cost)
    seen = {observed}
    out: list[tuple[str, float, int]] = []

    def rec(start: int, prefix: str, pos: int, cost: float, depth: int) -> None:
        for k in range(start, len(sites)):
            i, e, a, c = sites[k]
            if i < pos or cost + c > total:
                continue
            head = prefix + observed[pos:i] + a
            if not viable(head):
                continue
            new = head + observed[e:]
            if new not in seen:
                seen.add(new)
                out.append((new, cost + c, depth + 1))
                if len(out) >= limit:
                    return
            if depth + 1 < max_rewrites:
                rec(k + 1, head, e, cost + c, depth + 1)
                if len(out) >= limit:
                    return

    rec(0, "", 0, 0.0, 0)
    return out


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(range(len(CHANNELS))),
    st.text(alphabet="rnmclidhvwuiea015Isfbety'", max_size=12),
    st.integers(1, 3),
    st.sampled_from([1, 7, 20_000]),
    st.lists(st.text(alphabet="mhenoradluwbcisft", min_size=1, max_size=9), max_size=60),
)
def test_stretch_cut_is_exact(
    which: int, observed: str, max_rewrites: int, limit: int, words: list[str]
) -> None:
    # With a prefix test, a rejected unrewritten stretch ends the search at that
    # depth: the variants must be those of the search that tests every head.
    fast, slow = CHANNELS[which]
    keys = sorted(set(words))

    def word_prefix(head: str) -> bool:
        if not head.isascii():
            return True
        from bisect import bisect_left

        h = head.lower()
        j = bisect_left(keys, h)
        return j < len(keys) and keys[j].startswith(h)

    kw: dict[str, Any] = {"max_rewrites": max_rewrites, "max_cost": 3.0, "max_total": 5.5}
    with kernel(False):
        want = _naive_variants(slow, observed, max_rewrites, 3.0, 5.5, limit, word_prefix)
        pure = slow.variants(observed, viable=word_prefix, always_prune=True, limit=limit, **kw)
    with kernel(True):
        got = fast.variants(
            observed, viable=KERN.PrefixKeys(keys), always_prune=True, limit=limit, **kw
        )
        sites = fast.variant_sites(observed, 3.0)
        again = fast.variants(
            observed, viable=word_prefix, always_prune=True, limit=limit, sites=sites, **kw
        )
    assert pure == want
    assert got == want
    assert again == want


def test_pruned_variants_of_a_long_token() -> None:
    fast, slow = CHANNELS[3]
    keys = ["more", "them", "then", "mode"]
    for obs in ("rnlilicle1vvii" * 30, "m" * 10_000, "theii" * 200):
        kw: dict[str, Any] = {"max_rewrites": 3, "max_cost": 3.0, "max_total": 5.5}
        kw.update(always_prune=True, limit=20_000)
        with kernel(True):
            got = fast.variants(obs, viable=KERN.PrefixKeys(keys), **kw)
        with kernel(False):
            want = slow.variants(
                obs,
                viable=lambda h: not h.isascii() or any(k.startswith(h.lower()) for k in keys),
                **kw,
            )
        assert got == want
