"""Hypothesis strategies that generate realistic damage together with the clean original.

For property-based tests of your own pipelines (``pip install textrepair[testing]``).
Clean text is drawn from textrepair's frequency dictionaries (:func:`words`,
:func:`sentences`, :func:`documents`); each damage strategy wraps a strategy
of clean text and yields ``(noisy, clean)`` pairs. Everything is built from
Hypothesis primitives, so failing examples shrink towards short texts of
frequent words with few corruptions.

>>> import textrepair
>>> from hypothesis import given, settings
>>> from textrepair.testing import mojibake, sentences
>>> @settings(max_examples=20, deadline=None)
... @given(mojibake(sentences("fr"), encodings=["sloppy-windows-1252"]))
... def test_encoding_repair(pair):
...     noisy, clean = pair
...     assert textrepair.repair(noisy, lang="fr", boilerplate=False, tokens=False) == clean
>>> test_encoding_repair()
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable, Sequence
from typing import TypeVar

try:
    from hypothesis import strategies as st
except ImportError as e:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "textrepair.testing needs Hypothesis: pip install 'textrepair[testing]'"
    ) from e

from . import noise
from .dictionary import available_languages, load_dictionary

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
    """Hypothesis as the source of choices for :mod:`textrepair.noise`, so examples shrink.

    ``choice`` shrinks towards the first item and ``randint`` towards ``a``.
    """

    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def choice(self, seq: Sequence[T]) -> T:
        return self._draw(st.sampled_from(seq))

    def randint(self, a: int, b: int) -> int:
        return self._draw(st.integers(a, b))

    def text(self, alphabet: str, min_size: int, max_size: int) -> str:
        return self._draw(st.text(alphabet, min_size=min_size, max_size=max_size))


@functools.lru_cache(maxsize=32)
def _vocabulary(lang: str, size: int) -> tuple[str, ...]:
    """The ``size`` most frequent purely alphabetic words (2+ letters) of ``lang``."""
    if lang not in available_languages():
        raise ValueError(
            f"no dictionary for {lang!r}; available: {', '.join(available_languages())}"
        )
    freq = load_dictionary(lang).freq
    ranked = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))
    vocab = [w for w, _ in ranked if len(w) >= 2 and w.isalpha()]
    return tuple(vocab[:size])


def words(lang: str = "en", *, vocabulary_size: int = 5000) -> st.SearchStrategy[str]:
    """Single clean lowercase words among the ``vocabulary_size`` most frequent of ``lang``.

    Shrinks towards the most frequent words. Raises ``ValueError`` for a
    language without a dictionary.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, deadline=None)
    ... @given(words("fr"))
    ... def test_words_are_in_the_dictionary(word):
    ...     assert word.isalpha() and word in load_dictionary("fr")
    >>> test_words_are_in_the_dictionary()
    """
    if vocabulary_size < 1:
        raise ValueError("vocabulary_size must be at least 1")
    return st.sampled_from(_vocabulary(lang, vocabulary_size))


def sentences(
    lang: str = "en", *, min_words: int = 3, max_words: int = 15, vocabulary_size: int = 5000
) -> st.SearchStrategy[str]:
    """A capitalised sentence of dictionary words ending with a full stop.

    Shrinks towards ``min_words`` of the most frequent words.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, deadline=None)
    ... @given(sentences("en", min_words=2, max_words=6))
    ... def test_shape(sentence):
    ...     assert sentence[0].isupper() and sentence.endswith(".")
    ...     assert 2 <= len(sentence.split()) <= 6
    >>> test_shape()
    """
    if not 1 <= min_words <= max_words:
        raise ValueError("need 1 <= min_words <= max_words")

    def build(ws: list[str]) -> str:
        text = " ".join(ws)
        return text[0].upper() + text[1:] + "."

    return st.lists(
        words(lang, vocabulary_size=vocabulary_size), min_size=min_words, max_size=max_words
    ).map(build)


def documents(
    lang: str = "en", *, max_paragraphs: int = 4, max_sentences: int = 5
) -> st.SearchStrategy[str]:
    """Paragraphs of :func:`sentences`, one paragraph per line, separated by blank lines.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, deadline=None)
    ... @given(documents("de", max_paragraphs=3))
    ... def test_paragraphs(doc):
    ...     assert 1 <= len(doc.split("\\n\\n")) <= 3
    >>> test_paragraphs()
    """
    if max_paragraphs < 1 or max_sentences < 1:
        raise ValueError("max_paragraphs and max_sentences must be at least 1")
    paragraph = st.lists(sentences(lang), min_size=1, max_size=max_sentences).map(" ".join)
    return st.lists(paragraph, min_size=1, max_size=max_paragraphs).map("\n\n".join)


def _pairs(
    text: st.SearchStrategy[str], damage: Callable[[str, _Draws], str]
) -> st.SearchStrategy[Pair]:
    @st.composite
    def pair(draw: st.DrawFn) -> Pair:
        clean = draw(text)
        return damage(clean, _Draws(draw)), clean

    return pair()


def ocr_noise(text: st.SearchStrategy[str], *, rate: float = 0.1) -> st.SearchStrategy[Pair]:
    """``(noisy, clean)``: about ``rate`` of the words (3+ letters) get one OCR confusion.

    Confusions are those of :data:`textrepair.noise.OCR_CONFUSIONS` (rn/m,
    cl/d, li/h, ...). Shrinks towards fewer corrupted words; the pair may be
    identical when no word qualifies.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, deadline=None)
    ... @given(ocr_noise(sentences("en"), rate=0.5))
    ... def test_words_stay_in_place(pair):
    ...     noisy, clean = pair
    ...     assert noisy.count(" ") == clean.count(" ")
    >>> test_words_stay_in_place()
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

    Use codecs that decode every byte (the default ones do; ftfy registers the
    ``sloppy-*`` ones). Pure ASCII text comes out unchanged. Shrinks towards
    the first codec. Raises ``LookupError`` for an unknown codec.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, deadline=None)
    ... @given(mojibake(sentences("fr"), encodings=["latin-1"]))
    ... def test_reversible(pair):
    ...     noisy, clean = pair
    ...     assert noisy.encode("latin-1").decode("utf-8") == clean
    >>> test_reversible()
    """
    names = list(encodings)
    if not names:
        raise ValueError("encodings must not be empty")
    for name in names:
        codecs.lookup(name)
    return _pairs(text, lambda clean, rng: noise.mojibake(clean, rng.choice(names)))


def hard_wrapped(
    text: st.SearchStrategy[str], *, min_width: int = 40, max_width: int = 80
) -> st.SearchStrategy[Pair]:
    """``(wrapped, clean)``: each line of the clean text hard-wrapped at a drawn width.

    Words are never split; the width shrinks towards ``min_width``.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, deadline=None)
    ... @given(hard_wrapped(documents("en"), min_width=30, max_width=50))
    ... def test_same_words(pair):
    ...     wrapped, clean = pair
    ...     assert wrapped.split() == clean.split()
    >>> test_same_words()
    """
    if not 1 <= min_width <= max_width:
        raise ValueError("need 1 <= min_width <= max_width")
    return _pairs(
        text, lambda clean, rng: noise.hard_wrap(clean, rng.randint(min_width, max_width))
    )


def with_boilerplate(
    text: st.SearchStrategy[str], *, lang: str = "en", max_head: int = 3, max_tail: int = 2
) -> st.SearchStrategy[Pair]:
    """``(page, clean)``: interface lines added above (1 to ``max_head``) and below the text.

    The lines are the literal phrases of textrepair's shipped boilerplate
    lexicon for ``lang`` (:func:`textrepair.noise.interface_lines`): skip
    links, share buttons, cookie notices, ... Shrinks towards one line, the
    lexicon's first. Raises ``ValueError`` for a language without a lexicon.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, deadline=None)
    ... @given(with_boilerplate(documents("fr"), lang="fr"))
    ... def test_text_is_inside(pair):
    ...     page, clean = pair
    ...     assert clean in page and page.count("\\n") > clean.count("\\n")
    >>> test_text_is_inside()
    """
    if max_head < 1 or max_tail < 0:
        raise ValueError("need max_head >= 1 and max_tail >= 0")
    noise.interface_lines(lang)  # fail now, not inside a test
    return _pairs(
        text,
        lambda clean, rng: noise.add_boilerplate(
            clean, rng, lang=lang, head=rng.randint(1, max_head), tail=rng.randint(0, max_tail)
        ),
    )


def _fragments(clean: str, min_hits: int) -> list[str]:
    """Fragments of 2-4 letters found after the first letter of at least ``min_hits`` words."""
    counts: dict[str, int] = {}
    for t in set(clean.split(" ")):
        if t.isalpha() and len(t) >= 4:
            for frag in {t[k : k + n] for n in (2, 3, 4) for k in range(1, len(t) - n + 1)}:
                counts[frag] = counts.get(frag, 0) + 1
    return sorted(f for f, c in counts.items() if c >= min_hits)


def fragment_substituted(
    text: st.SearchStrategy[str], *, min_hits: int = 3
) -> st.SearchStrategy[Pair]:
    """``(noisy, clean)``: one fragment replaced by consonants inside every word containing it.

    The "clbuttic" family (a naive find-and-replace). The fragment is one
    found inside at least ``min_hits`` distinct words of the text; a text
    without such a fragment comes out unchanged.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=20, deadline=None)
    ... @given(fragment_substituted(documents("en"), min_hits=2))
    ... def test_same_number_of_words(pair):
    ...     noisy, clean = pair
    ...     assert len(noisy.split(" ")) == len(clean.split(" "))
    >>> test_same_number_of_words()
    """
    if min_hits < 1:
        raise ValueError("min_hits must be at least 1")

    def damage(clean: str, rng: _Draws) -> str:
        frequent = _fragments(clean, min_hits)
        if not frequent:
            return clean
        fragment = rng.choice(frequent)
        replacement = rng.text("bcdfghjklmnpqrstvwxz", len(fragment), len(fragment) + 2)
        return noise.fragment_substitution(clean, fragment, replacement)

    return _pairs(text, damage)
