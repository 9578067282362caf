"""Noise models: realistic damage applied to clean text, for tests and benchmarks.

Each function takes the clean text and a source of choices (anything with
``choice(seq)`` and ``randint(a, b)``, such as :class:`random.Random`) and
returns the damaged text. :mod:`textrepair.testing` drives them from
Hypothesis so examples shrink; the benchmark corpus drives them from a
seeded ``random.Random`` so it is reproducible.

>>> import random
>>> ocr_confusions("the modern window", random.Random(1), rate=1.0)
'thc rnodern wlndow'
>>> mojibake("café", "sloppy-windows-1252")
'cafÃ©'
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Sequence
from importlib import resources
from typing import Protocol, TypeVar

import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-*" codecs)

__all__ = [
    "OCR_CONFUSIONS",
    "Chooser",
    "add_boilerplate",
    "fragment_substitution",
    "hard_wrap",
    "interface_lines",
    "lexicon_languages",
    "mojibake",
    "ocr_confusions",
]

T = TypeVar("T")


class Chooser(Protocol):
    """A source of choices; :class:`random.Random` is one."""

    def choice(self, seq: Sequence[T]) -> T: ...

    def randint(self, a: int, b: int) -> int: ...


#: Common OCR confusions: a clean fragment and what it is misread as.
OCR_CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("m", "rn"),
    ("rn", "m"),
    ("d", "cl"),
    ("h", "li"),
    ("h", "b"),
    ("w", "vv"),
    ("e", "c"),
    ("c", "e"),
    ("l", "1"),
    ("o", "0"),
    ("s", "5"),
    ("i", "l"),
    ("u", "n"),
    ("n", "u"),
    ("f", "ſ"),
)

_LEXICON_DIR = "lexicons"


def lexicon_languages() -> tuple[str, ...]:
    """Languages with a shipped boilerplate lexicon (``textrepair/lexicons/*.txt``).

    >>> {"en", "fr", "de", "zh"} <= set(lexicon_languages())
    True
    """
    return _lexicon_languages()


@functools.lru_cache(maxsize=1)
def _lexicon_languages() -> tuple[str, ...]:
    folder = resources.files("textrepair").joinpath(_LEXICON_DIR)
    return tuple(sorted(f.name[:-4] for f in folder.iterdir() if f.name.endswith(".txt")))


@functools.lru_cache(maxsize=64)
def interface_lines(lang: str = "en") -> tuple[str, ...]:
    """Interface lines (skip links, share buttons, cookie notices, ...) of ``lang``.

    The literal phrases of the shipped boilerplate lexicon, in file order,
    first letter capitalised; its regular expressions and stopword lists are
    left out. Raises ``ValueError`` for a language without a lexicon.

    >>> interface_lines("en")[0]
    'Skip to main content'
    >>> "Retour en haut" in interface_lines("fr")
    True
    """
    if lang not in _lexicon_languages():
        raise ValueError(
            f"no boilerplate lexicon for {lang!r}; available: {', '.join(_lexicon_languages())}"
        )
    path = resources.files("textrepair").joinpath(f"{_LEXICON_DIR}/{lang}.txt")
    lines: dict[str, None] = {}  # ordered and without duplicates
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        category, _, phrase = raw.partition("\t")
        phrase = phrase.strip()
        if category.strip() == "stopwords" or not phrase or phrase.startswith("re:"):
            continue
        phrase = phrase.removesuffix(" *").strip()  # "skip *": a prefix, itself a line
        if phrase:
            lines[phrase[0].upper() + phrase[1:]] = None
    return tuple(lines)


def ocr_confusions(text: str, rng: Chooser, *, rate: float = 0.1) -> str:
    """Give about ``rate`` of the words (3+ letters) one OCR confusion each."""
    tokens = text.split(" ")
    for i, word in enumerate(tokens):
        # Draw "skip" as the low numbers, so that Hypothesis shrinks towards less noise.
        if len(word) < 3 or not word.isalpha() or rng.randint(0, 999) < (1 - rate) * 1000:
            continue
        options = [(a, b) for a, b in OCR_CONFUSIONS if a in word]
        if not options:
            continue
        a, b = rng.choice(options)
        at = rng.choice([k for k in range(len(word)) if word.startswith(a, k)])
        tokens[i] = word[:at] + b + word[at + len(a) :]
    return " ".join(tokens)


def mojibake(text: str, codec: str = "sloppy-windows-1252") -> str:
    """The text encoded as UTF-8 and decoded as ``codec`` (ASCII text is unchanged)."""
    return text.encode("utf-8").decode(codec)


def hard_wrap(text: str, width: int) -> str:
    """Each line of ``text`` wrapped at ``width`` columns, as scanned columns and e-mails are."""
    return "\n".join(
        textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)
        for line in text.split("\n")
    )


def add_boilerplate(
    text: str, rng: Chooser, *, lang: str = "en", head: int = 2, tail: int = 1
) -> str:
    """Interface lines of ``lang`` above and below the text, one per line as in flattened pages.

    >>> import random
    >>> add_boilerplate("The text.", random.Random(3), lang="fr", head=1, tail=1)
    'Les plus commentés\\nThe text.\\nSignaler un contenu'
    """
    lines = interface_lines(lang)
    top = [rng.choice(lines) for _ in range(head)]
    bottom = [rng.choice(lines) for _ in range(tail)]
    return "\n".join([*top, text, *bottom])


def fragment_substitution(text: str, fragment: str, replacement: str) -> str:
    """Replace ``fragment`` inside every word after its first letter (a bad find-and-replace)."""
    return " ".join(
        t[0] + t[1:].replace(fragment, replacement) if t[:1].isalpha() else t
        for t in text.split(" ")
    )
