"""Hypothesis strategies that generate realistic damage together with the clean original.

For property-based tests of your own pipelines (``pip install textrepair[testing]``).
Clean text is drawn from textrepair's frequency dictionaries; each damage
strategy wraps a strategy of clean text and yields ``(noisy, clean)`` pairs.
Everything is built from Hypothesis primitives, so failing examples shrink
towards short texts with few corruptions.

>>> import textrepair
>>> from hypothesis import given
>>> from textrepair.testing import mojibake, sentences
>>> @given(mojibake(sentences("fr"), encodings=["sloppy-windows-1252"]))
... def test_encoding_repair(pair):
...     noisy, clean = pair
...     assert textrepair.repair(noisy, lang="fr", boilerplate=False, tokens=False) == clean
>>> test_encoding_repair()
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, TypeVar

try:
    from hypothesis import strategies as st
except ImportError as e:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "textrepair.testing needs Hypothesis: pip install 'textrepair[testing]'"
    ) from e

from . import noise
from .dictionary import load_dictionary

__all__ = [
    "documents",
    "fragment_substituted",
    "hard_wrapped",
    "mojibake",
    "ocr_noise",
    "sentences",
    "with_boilerplate",
    "words",
]

Pair = tuple[str, str]
T = TypeVar("T")


class _Draws:
    """Hypothesis as the source of choices for :mod:`textrepair.noise`, so examples shrink."""

    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def choice(self, seq: Sequence[T]) -> T:
        return self._draw(st.sampled_from(seq))

    def randint(self, a: int, b: int) -> int:
        return self._draw(st.integers(a, b))


@functools.lru_cache(maxsize=32)
def _vocabulary(lang: str, size: int) -> tuple[str, ...]:
    """The ``size`` most frequent purely alphabetic words (2+ letters) of ``lang``."""
    freq = load_dictionary(lang).freq
    ranked = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
    vocab = [w for w, _ in ranked if len(w) >= 2 and w.isalpha()]
    return tuple(vocab[:size])


def words(lang: str = "en", *, vocabulary_size: int = 5000) -> st.SearchStrategy[str]:
    """Single clean lowercase words among the ``vocabulary_size`` most frequent of ``lang``.

    Shrinks towards the most frequent words.
    """
    return st.sampled_from(_vocabulary(lang, vocabulary_size))


def sentences(
    lang: str = "en", *, min_words: int = 3, max_words: int = 15, vocabulary_size: int = 5000
) -> st.SearchStrategy[str]:
    """A capitalised sentence of dictionary words ending with a full stop."""

    def build(ws: list[str]) -> str:
        text = " ".join(ws)
        return text[0].upper() + text[1:] + "."

    return st.lists(
        words(lang, vocabulary_size=vocabulary_size), min_size=min_words, max_size=max_words
    ).map(build)


def documents(
    lang: str = "en", *, max_paragraphs: int = 4, max_sentences: int = 5
) -> st.SearchStrategy[str]:
    """Paragraphs of sentences, one paragraph per line, separated by blank lines."""
    paragraph = st.lists(sentences(lang), min_size=1, max_size=max_sentences).map(" ".join)
    return st.lists(paragraph, min_size=1, max_size=max_paragraphs).map("\n\n".join)


def _pairs(text: st.SearchStrategy[str], damage: Any) -> st.SearchStrategy[Pair]:
    @st.composite
    def pair(draw: st.DrawFn) -> Pair:
        clean = draw(text)
        return damage(clean, _Draws(draw)), clean

    return pair()


def ocr_noise(text: st.SearchStrategy[str], *, rate: float = 0.1) -> st.SearchStrategy[Pair]:
    """``(noisy, clean)``: about ``rate`` of the words get one OCR confusion (rn/m, cl/d, ...).

    Shrinks towards fewer corrupted words; the pair may be identical when no word qualifies.
    """
    if not 0.0 < rate <= 1.0:
        raise ValueError("rate must be in (0, 1]")
    return _pairs(text, lambda clean, rng: noise.ocr_confusions(clean, rng, rate=rate))


def mojibake(
    text: st.SearchStrategy[str],
    *,
    encodings: Sequence[str] = ("sloppy-windows-1252", "latin-1", "sloppy-windows-1250"),
) -> st.SearchStrategy[Pair]:
    """``(noisy, clean)``: the clean text encoded as UTF-8 and decoded with a wrong codec.

    Pure ASCII text comes out unchanged.
    """
    codecs = list(encodings)
    return _pairs(text, lambda clean, rng: noise.mojibake(clean, rng.choice(codecs)))


def hard_wrapped(
    text: st.SearchStrategy[str], *, min_width: int = 40, max_width: int = 80
) -> st.SearchStrategy[Pair]:
    """``(wrapped, clean)``: each line of the clean text hard-wrapped at a drawn width."""
    return _pairs(
        text, lambda clean, rng: noise.hard_wrap(clean, rng.randint(min_width, max_width))
    )


def with_boilerplate(text: st.SearchStrategy[str], *, lang: str = "en") -> st.SearchStrategy[Pair]:
    """``(page, clean)``: interface lines (skip links, share buttons, ...) added above and below."""
    return _pairs(
        text,
        lambda clean, rng: noise.add_boilerplate(
            clean, rng, lang=lang, head=rng.randint(1, 3), tail=rng.randint(0, 2)
        ),
    )


def _fragments(clean: str, min_hits: int) -> list[str]:
    """Fragments of 2-4 letters found inside at least ``min_hits`` distinct words."""
    counts: dict[str, int] = {}
    for t in set(clean.split(" ")):
        if t.isalpha() and len(t) >= 4:
            for frag in {t[k : k + n] for n in (2, 3, 4) for k in range(1, len(t) - n + 1)}:
                counts[frag] = counts.get(frag, 0) + 1
    return sorted(f for f, c in counts.items() if c >= min_hits)


def fragment_substituted(
    text: st.SearchStrategy[str], *, min_hits: int = 3
) -> st.SearchStrategy[Pair]:
    """``(noisy, clean)``: one fragment replaced by another inside every word containing it.

    The "clbuttic" family (a naive find-and-replace). The fragment is one
    found inside at least ``min_hits`` distinct words of the text; a text
    without such a fragment comes out unchanged.
    """

    def damage(clean: str, rng: _Draws) -> str:
        frequent = _fragments(clean, min_hits)
        if not frequent:
            return clean
        fragment = rng.choice(frequent)
        replacement = rng._draw(
            st.text("bcdfghjklmnpqrstvwxz", min_size=len(fragment), max_size=len(fragment) + 2)
        )
        return noise.fragment_substitution(clean, fragment, replacement)

    return _pairs(text, damage)
