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

import textwrap
from collections.abc import Sequence
from typing import Protocol, TypeVar

import ftfy.bad_codecs  # noqa: F401  (registers the "sloppy-windows-*" codecs)

__all__ = [
    "BOILERPLATE_LINES",
    "OCR_CONFUSIONS",
    "Chooser",
    "add_boilerplate",
    "fragment_substitution",
    "hard_wrap",
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

#: Interface lines that extraction leaves in flattened pages, a few per language.
BOILERPLATE_LINES: dict[str, tuple[str, ...]] = {
    "en": (
        "Skip to main content",
        "Back to top",
        "Share on Facebook",
        "Accept all cookies",
        "Sign in",
        "Subscribe to our newsletter",
    ),
    "fr": (
        "Aller au contenu principal",
        "Retour en haut",
        "Partager sur Facebook",
        "Accepter les cookies",
        "Se connecter",
        "S'abonner à la newsletter",
    ),
    "de": (
        "Zum Inhalt springen",
        "Nach oben",
        "Auf Facebook teilen",
        "Alle Cookies akzeptieren",
        "Anmelden",
        "Newsletter abonnieren",
    ),
    "es": (
        "Ir al contenido",
        "Volver arriba",
        "Compartir en Facebook",
        "Aceptar cookies",
        "Iniciar sesión",
        "Suscríbete al boletín",
    ),
}


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
    """Interface lines above and below the text, one block per line as in flattened pages."""
    lines = BOILERPLATE_LINES.get(lang, BOILERPLATE_LINES["en"])
    top = [rng.choice(lines) for _ in range(head)]
    bottom = [rng.choice(lines) for _ in range(tail)]
    return "\n".join([*top, text, *bottom])


def fragment_substitution(text: str, fragment: str, replacement: str) -> str:
    """Replace ``fragment`` inside every word after its first letter (a bad find-and-replace)."""
    return " ".join(
        t[0] + t[1:].replace(fragment, replacement) if t[:1].isalpha() else t
        for t in text.split(" ")
    )
