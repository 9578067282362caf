"""The compiled search of one form against the pure-Python search, candidate for candidate.

``tokens._Lexicon.candidates`` runs the compiled kernel's ``scored``,
``splits`` and ``search`` (the whole OCR path after the index lookup) when the
kernel is built, and its pure-Python code otherwise. Here one shipped lexicon
is searched both ways in the same process: a *pure twin* of it has its own
channels and index built with the kernel patched out, and its compiled paths
switched off. Both must return the same candidates, in the same order, with
scores equal bit for bit (a score one ulp off could flip a tie). Forms come
from Hypothesis (OCR-like and arbitrary strings) and from corrupting the
dictionary's own words with a seeded generator (no data file).

Skipped when the extension is not built.
"""

from __future__ import annotations

import copy
import random
import struct
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair import candidates, tokens
from textrepair.candidates import Channel, DeleteIndex, triage_variants
from textrepair.config import Config
from textrepair.dictionary import normalize_key
from textrepair.tokens import TokenStage, _Lexicon, _Memo

KERN: Any = pytest.importorskip(
    "textrepair._kernel",
    reason="textrepair._kernel is not built (no C compiler at install time): "
    "only the pure-Python reference is available",
)
if Channel.ocr()._k is None:  # TEXTREPAIR_PURE: the lexicons run pure Python already
    pytest.skip("the kernel is switched off (TEXTREPAIR_PURE)", allow_module_level=True)

_LANGS = ("en", "fr", "de")


@contextmanager
def _pure() -> Iterator[None]:
    """Module-level switches of ``candidates`` set to the pure-Python reference."""
    with (
        patch.object(candidates, "_k", None),
        patch.object(candidates, "osa_distance", candidates._osa_distance_py),
    ):
        yield


def _twin(lex: _Lexicon) -> _Lexicon:
    """A copy of ``lex`` whose search runs the pure-Python reference (call it under ``_pure``)."""
    twin = copy.copy(lex)
    twin._compiled = False
    twin.analysis = _Memo(64)
    with _pure():
        twin.channel = Channel(lex.channel.table, lex.channel._flagged)
        twin.typing_channel = Channel(lex.typing_channel.table, lex.typing_channel._flagged)
        twin._index = DeleteIndex.from_state(lex.index.to_state())
    assert twin.channel._k is None and twin._index._k is None
    twin._viable = twin.word_prefix
    return twin


_STAGE = TokenStage(Config())
_LEXICONS: dict[str, tuple[_Lexicon, _Lexicon]] = {}


def _lexicons(lang: str) -> tuple[_Lexicon, _Lexicon]:
    if lang not in _LEXICONS:
        lex = _STAGE.lexicon(lang)
        assert lex is not None and lex._compiled
        # Loaded before the twin is made (under the patch they would be built pure).
        assert lex.index._k is not None and lex.viable_prefix() is not lex.word_prefix
        _LEXICONS[lang] = (lex, _twin(lex))
    return _LEXICONS[lang]


def _flat(cands: tuple[Any, ...]) -> list[tuple[str, bytes, str]]:
    return [(c.word, struct.pack("<d", c.score), c.reason) for c in cands]


def _same(lang: str, obs: str, max_ed: int = 2) -> None:
    fast, slow = _lexicons(lang)
    assert fast.index._k is not None and slow.index._k is None
    for typing in (False, True):
        got = fast.candidates(obs, max_ed, typing=typing, cache=False)
        with _pure():
            want = slow.candidates(obs, max_ed, typing=typing, cache=False)
        assert _flat(got) == _flat(want), (lang, obs, max_ed, typing)
        assert all(type(c) is type(w) for c, w in zip(got, want))


# OCR confusions, accented letters, the long s, a combining mark, a non-BMP
# letter, CJK, apostrophes and hyphens.
_OCR = "rnmclidhvwu01I5sfbeotyakpgq'-" + "éèàüöäçÉßſ" + "\u0301𝐀中"


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(_LANGS),
    st.text(alphabet=_OCR, min_size=1, max_size=14),
    st.sampled_from([0, 1, 2]),
)
def test_ocr_like_forms(lang: str, obs: str, max_ed: int) -> None:
    _same(lang, obs, max_ed)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(_LANGS), st.text(st.characters(exclude_categories=()), max_size=12))
def test_any_string(lang: str, obs: str) -> None:
    _same(lang, obs)


def _damaged(lang: str, n: int, seed: int, min_len: int = 3, edits: int = 1) -> list[str]:
    """``n`` frequent words of ``lang`` (``min_len`` letters or more) with ``edits``
    to three random OCR-like edits each."""
    fast, _ = _lexicons(lang)
    words = sorted(w for w, z in fast.freq.items() if z >= 3.0 and len(w) >= min_len)
    rng = random.Random(seed)
    out = []
    for w in rng.sample(words, n):
        chars = list(w)
        for _ in range(rng.randint(edits, 3)):
            i = rng.randrange(len(chars))
            op = rng.random()
            if op < 0.4:
                chars[i] = rng.choice("rnmclihvu1I5fboe")
            elif op < 0.6:
                chars.insert(i, rng.choice("rnil'"))
            elif op < 0.8 and len(chars) > 2:
                del chars[i]
            else:
                chars[i] = chars[i].upper()
        out.append("".join(chars))
    return out


@pytest.mark.parametrize("lang", _LANGS)
def test_damaged_dictionary_words(lang: str) -> None:
    for obs in _damaged(lang, 300, seed=len(lang) + ord(lang[0])):
        _same(lang, obs)


@pytest.mark.parametrize("lang", _LANGS)
def test_far_off_long_words(lang: str) -> None:
    # Long words three edits off: the spelling search goes on to the near misses,
    # more than it keeps (the cheapest ones count).
    for obs in _damaged(lang, 60, seed=7, min_len=11, edits=3):
        _same(lang, obs)


def test_joined_words_and_compounds() -> None:
    # Splits (and German's compound test, which the compiled loop calls back).
    for lang, forms in {
        "en": ["thehouse", "ofthe", "inthemorning", "Thisis", "aman", "newyork"],
        "de": ["Reisegeschichten", "Kaffeetasse", "dasHaus", "undder", "Deutschlandkritik"],
        "fr": ["lamaison", "delavie", "Ilétait", "aujourdhui"],
    }.items():
        for obs in forms:
            _same(lang, obs)


def test_cached_results_are_the_compiled_search() -> None:
    fast, _ = _lexicons("en")
    first = fast.candidates("rnodern", 2)
    assert fast.candidates("rnodern", 2) is first  # the memo answers the second time
    assert _flat(first) == _flat(fast.candidates("rnodern", 2, cache=False))
    assert first[0].word == "modern"


_LATIN1 = "".join(chr(c) for c in [*range(0x80), *range(0xC0, 0x100)] if c != 0xDF)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_LATIN1, max_size=12), st.sampled_from([None, "en", "fr", "ar", "ja"]))
def test_plain_latin1_keys_are_lowercase(word: str, lang: str | None) -> None:
    # What the kernel's triage assumes when it lowercases such variants itself.
    assert normalize_key(word, lang) == word.lower()
    assert unicodedata.is_normalized("NFC", word)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(alphabet="abcMOÉéÀàßµ×ÿ\u0301𝐀", max_size=7), st.floats(0, 5)),
        max_size=30,
    ),
    st.dictionaries(st.text(alphabet="abcméàssµμÿ", max_size=7), st.floats(0, 7), max_size=30),
)
def test_triage_with_plain_latin1_is_the_reference(
    variants: list[tuple[str, float]], freq: dict[str, float]
) -> None:
    vs = [(v, c, 1 + i % 2) for i, (v, c) in enumerate(variants)]
    key = vs[0][0].lower() if vs else "x"
    calls: list[str] = []

    def norm(v: str) -> str:
        calls.append(v)
        return normalize_key(v)

    def run(on: bool, latin1: bool) -> tuple[list[tuple[float, str, int]], dict[str, int]]:
        found: dict[str, int] = {}
        with patch.object(candidates, "_k", KERN if on else None):
            near = triage_variants(
                vs, key, freq, {}, frozenset(), found, norm, near_below=2, plain_latin1=latin1
            )
        return near, found

    want = run(False, False)
    calls.clear()
    assert run(True, True) == want
    # The kernel asked the key function only about what it cannot lowercase itself.
    assert all(not all(c in _LATIN1 for c in v) for v in calls)
    assert run(True, False) == want


def _naive_prefix(keys: list[str], head: str) -> bool:
    if not head.isascii():
        return True
    h = head.lower()
    return any(k.startswith(h) for k in keys)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="rnmcliaeéoO", max_size=10),
    st.lists(st.text(alphabet="mnraeloicé𝐀\x00", max_size=9), max_size=60),
    st.integers(1, 3),
)
def test_packed_prefix_narrowing(observed: str, words: list[str], max_rewrites: int) -> None:
    # The search narrows its key range on the first six characters packed into
    # integers, then on the str objects: keys shorter and longer than six,
    # non-ASCII, non-BMP and NUL characters.
    keys = sorted(set(words))
    channel = Channel.ocr()
    kw: dict[str, Any] = {"max_rewrites": max_rewrites, "max_cost": 3.0, "max_total": 5.5}
    got = channel.variants(observed, viable=KERN.PrefixKeys(keys), always_prune=True, **kw)
    want = channel.variants(
        observed, viable=lambda h: _naive_prefix(keys, h), always_prune=True, **kw
    )
    assert got == want


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="rnabcxm", max_size=9),
    st.lists(st.text(alphabet="abcxm", min_size=1, max_size=6), max_size=12),
)
def test_prefix_directory_narrowing(observed: str, words: list[str]) -> None:
    # Neighbouring letters in the keys: the directory of two-character prefixes
    # must give exactly the keys of one second character, not its neighbours'.
    keys = sorted(set(words))
    channel = Channel.ocr()
    kw: dict[str, Any] = {"max_rewrites": 3, "max_cost": 3.0, "max_total": 9.0}
    got = channel.variants(observed, viable=KERN.PrefixKeys(keys), always_prune=True, **kw)
    want = channel.variants(
        observed, viable=lambda h: _naive_prefix(keys, h), always_prune=True, **kw
    )
    assert got == want


def test_prefix_directory_does_not_take_the_next_letter() -> None:
    # "rnaxrn": "m" + "ax" + "m" would come out if "mb..." counted for "ma...".
    channel = Channel.ocr()
    got = channel.variants("rnaxrn", viable=KERN.PrefixKeys(["mbxm"]), always_prune=True)
    assert "maxm" not in {v for v, _, _ in got}
    assert got == channel.variants(
        "rnaxrn", viable=lambda h: _naive_prefix(["mbxm"], h), always_prune=True
    )


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(
        st.text(alphabet="phckqzjvaeiouyhwbrstPHCKéß\n1 ", max_size=16),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzPHCK", max_size=200),
    )
)
def test_skeleton_is_the_reference(word: str) -> None:
    got = KERN.skeleton(word)
    if word.isascii() and word.isalpha() and len(word) <= 128:
        assert got == tokens._skeleton_py(word)
    else:
        assert got is None  # the reference runs
    assert tokens._skeleton(word) == tokens._skeleton_py(word)


def test_skeleton_of_dictionary_words() -> None:
    fast, _ = _lexicons("en")
    words = [w for w in fast.freq if w.isascii()][:50_000]
    assert [tokens._skeleton(w) for w in words] == [tokens._skeleton_py(w) for w in words]
