"""Cheap language identification for choosing a dictionary.

:func:`detect_language` reads 300 characters at up to three places spread
over the text and, unless they agree and are decisive, up to 4,000 (five
windows spread over the text, so a page in two languages gets the language
most of it is written in). It
finds the dominant script of the words from Unicode block ranges, then scores
the words against per-language profiles (the 5,000 most frequent words of
each shipped wordfreq list, ``dictionaries/profiles.json.gz``) as a naive
Bayes over word frequencies. It answers ``"und"`` when the evidence is thin
(a word or two, no frequent words, two languages too close to call) or the
script is one no candidate uses (Chinese, Japanese, Korean, emoji); the
pipeline then skips the dictionary stage.

>>> detect_language("The cat sat on the mat and looked at the door.")
'en'
>>> detect_language("Le chat s'est assis sur le tapis et regardait la porte.")
'fr'
>>> detect_language("これは日本語の文です。")
'und'
>>> detect_language("Bonjour")
'und'
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from importlib import resources
from typing import Any

import regex

__all__ = ["UNDETERMINED", "detect_language", "profile_languages"]

#: What :func:`detect_language` returns when it cannot tell.
UNDETERMINED = "und"

_PACKAGE = "textrepair.dictionaries"
_PROFILES = "profiles.json.gz"
_PROFILES_FORMAT = "textrepair-langprofiles/2"

# Evidence thresholds, set on the dev data (benchmarks/bench_dictionary.py measures them):
# at least this many tokens among the winner's frequent words, making up at least
# this share of the text's words in that script.
_MIN_HITS = 2
_MIN_COVERAGE = 0.15
# and scoring this much (log10 likelihood) above the runner-up.
_MIN_MARGIN = 1.5
# A word outside a language's profile counts as this much below its least
# frequent profile word (log10 units).
_FLOOR_DROP = 1.0
# Text sampled: the whole text up to _WHOLE characters, else _SPREAD windows spread
# evenly over it. A page's head is often navigation, and a page in two languages
# (a German forum quoting English) must get the language most of it is written in,
# whatever lines the boilerplate stage removed: a head and a middle window gave a
# different answer for 10 of 1,262 pages before and after that stage.
_WHOLE = 4000
_SPREAD = 5
# First a quick look at this many characters at up to _QUICK_LOOKS places spread
# over the text, accepted only when all agree, with far stronger evidence than the
# full sample needs.
_QUICK = 300
_QUICK_HITS = 16
_QUICK_LOOKS = 3
_QUICK_MARGIN = 16.0
# Bits per language in the packed scores: a sample has at most _WHOLE + _SPREAD
# characters, so under 4,100 words or elided parts, each scoring at most 999
# centi-Zipf per language: sums stay below 2**22 and never carry into the next field.
_FIELD = 32
_PACK_FROM = 4
_MASK = (1 << _FIELD) - 1

# Words start with a letter. The stdlib pattern is 2-3x faster than the regex one
# but splits words at combining marks, so texts in scripts that write vowels with
# combining signs are tokenized again with the second.
_FAST_WORD = re.compile(r"[^\W\d_][\w']*")
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}\p{Nd}']*")
_MARKED_SCRIPTS = frozenset({"Bengali", "Devanagari"})
_ABJAD_MARKS = regex.compile(r"[\p{Mn}\N{ARABIC TATWEEL}]+")
# First code point of each block -> script (Unicode block ranges, enough to tell
# the scripts of the profiles from each other and from everything else).
_BLOCKS = (
    (0x0000, "Latin"),
    (0x0250, "Latin"),  # IPA, spacing modifiers, combining marks
    (0x0370, "Greek"),
    (0x0400, "Cyrillic"),
    (0x0530, "Armenian"),
    (0x0590, "Hebrew"),
    (0x0600, "Arabic"),
    (0x0700, "Syriac"),
    (0x0750, "Arabic"),
    (0x0780, "Thaana"),
    (0x08A0, "Arabic"),
    (0x0900, "Devanagari"),
    (0x0980, "Bengali"),
    (0x0A00, "Other"),
    (0x1C80, "Cyrillic"),
    (0x1C90, "Other"),
    (0x1D00, "Latin"),  # phonetic extensions, Latin extended additional
    (0x1F00, "Greek"),
    (0x2000, "Other"),
    (0x2C60, "Latin"),
    (0x2C80, "Other"),
    (0x2DE0, "Cyrillic"),
    (0x2E00, "Other"),
    (0xA640, "Cyrillic"),
    (0xA6A0, "Other"),
    (0xA720, "Latin"),
    (0xA800, "Other"),
    (0xAB30, "Latin"),
    (0xAB70, "Other"),
    (0xFB00, "Latin"),  # ligatures
    (0xFB13, "Other"),
    (0xFB1D, "Hebrew"),
    (0xFB50, "Arabic"),
    (0xFE00, "Other"),
    (0xFE70, "Arabic"),
    (0xFF00, "Other"),
    (0xFF21, "Latin"),  # full-width Latin
    (0xFF5B, "Other"),
)
_BLOCK_STARTS = [start for start, _ in _BLOCKS]


class _Profiles:
    __slots__ = ("floor", "langs", "rejected", "scripts", "shipped", "table")

    def __init__(self, doc: dict[str, object]) -> None:
        if doc.get("format") != _PROFILES_FORMAT:
            raise ValueError(f"{_PROFILES}: unsupported format {doc.get('format')!r}")
        languages = doc["languages"]
        if not isinstance(languages, dict):
            raise ValueError(f"{_PROFILES}: malformed 'languages'")
        self.langs: tuple[str, ...] = tuple(sorted(languages))
        rejected = doc.get("rejected", [])
        if not isinstance(rejected, list) or not set(rejected) <= set(self.langs):
            raise ValueError(f"{_PROFILES}: malformed 'rejected'")
        # Languages without a dictionary: they compete, and winning gives "und".
        self.rejected: frozenset[int] = frozenset(self.langs.index(r) for r in rejected)
        self.shipped: tuple[str, ...] = tuple(lang for lang in self.langs if lang not in rejected)
        self.scripts: dict[str, str] = {}
        self.floor: list[float] = []
        # word -> ((language index, centi-Zipf), ...) over every profile holding it,
        # the pairs shared between words. A word in more than _PACK_FROM profiles
        # (function words: "a", "de", "in") is (centi-Zipf, presence) instead, each
        # packed into one int with a _FIELD-bit field per language, so that scoring
        # it is two big-int additions rather than a loop over up to 36 languages.
        table: dict[str, tuple[Any, ...]] = {}
        get = table.get
        shared: dict[tuple[int, int], tuple[int, int]] = {}
        for index, lang in enumerate(self.langs):
            entry = languages[lang]
            words = entry["words"].split(" ")
            centis = entry["zipf"]
            if len(words) != len(centis):
                raise ValueError(f"{_PROFILES}: {lang}: words and weights differ in length")
            if not all(isinstance(c, int) and 0 < c < 1000 for c in centis):
                raise ValueError(f"{_PROFILES}: {lang}: weights must be centi-Zipf in 1..999")
            self.scripts[lang] = entry["script"]
            self.floor.append(min(centis) / 100 - _FLOOR_DROP)
            # ~180k entries: this loop is most of the first detection's cost.
            for word, centi in zip(words, centis):
                pair = shared.setdefault((index, centi), (index, centi))
                old = get(word)
                table[word] = (pair,) if old is None else (*old, pair)
        for word, pairs in table.items():
            if len(pairs) > _PACK_FROM:
                table[word] = (
                    sum(c << (_FIELD * i) for i, c in pairs),
                    sum(1 << (_FIELD * i) for i, _ in pairs),
                )
        self.table = table


_profiles: _Profiles | None = None
_lock = threading.Lock()


def _get_profiles() -> _Profiles:
    global _profiles
    if _profiles is None:
        with _lock:
            if _profiles is None:
                raw = resources.files(_PACKAGE).joinpath(_PROFILES).read_bytes()
                _profiles = _Profiles(json.loads(gzip.decompress(raw)))
    return _profiles


def profile_languages() -> tuple[str, ...]:
    """Languages :func:`detect_language` can answer (those with a dictionary).

    The profiles also know languages without a dictionary (Hungarian,
    Romanian, Slovak, Danish, Persian, ...), so that their text is "und"
    rather than read as the nearest language that has one.

    >>> "en" in profile_languages(), "hu" in profile_languages()
    (True, False)
    """
    return _get_profiles().shipped


def _script_of(char: str) -> str:
    return _BLOCKS[bisect_right(_BLOCK_STARTS, ord(char)) - 1][1]


def _words(
    sample: str, pattern: re.Pattern[str] | regex.Pattern[str]
) -> tuple[Counter[str], int, dict[str, int], dict[str, int]]:
    """Word counts, word total, and letters and words per script of ``sample``."""
    words = pattern.findall(sample)
    counts = Counter(words)
    if sample.isascii():
        return counts, len(words), {"Latin": 1}, {"Latin": len(words)}
    script_letters: dict[str, int] = {}
    script_words: dict[str, int] = {}
    # Script from each distinct word's first letter (words do not mix scripts).
    for word, n in counts.items():
        first = word[0]
        script = "Latin" if first < "\u0250" else _script_of(first)
        script_letters[script] = script_letters.get(script, 0) + n * len(word)
        script_words[script] = script_words.get(script, 0) + n
    return counts, len(words), script_letters, script_words


def _windows(text: str, k: int, width: int) -> list[str]:
    """``k`` windows of ``width`` characters centred at evenly spread points of ``text``.

    >>> _windows("abcdefghij", 2, 2)
    ['bc', 'gh']
    """
    step = len(text) / k
    return [text[max(0, int(step * (j + 0.5)) - width // 2) :][:width] for j in range(k)]


def _sample(text: str) -> str:
    if len(text) <= _WHOLE:
        return text
    return " ".join(_windows(text, _SPREAD, _WHOLE // _SPREAD))


def detect_language(text: str, candidates: Iterable[str] | None = None) -> str:
    """The language of ``text`` among ``candidates``, or ``"und"``.

    ``candidates`` defaults to every language with a profile (the shipped
    dictionaries); codes are compared case-insensitively and regions are
    ignored (``"en-GB"`` is ``"en"``). At most about 4,000 characters are read.

    >>> detect_language("Der Hund läuft über die Straße und bellt laut.")
    'de'
    >>> detect_language("Der Hund läuft über die Straße und bellt laut.", ["en", "fr"])
    'und'
    >>> detect_language("😀😀😀 🎉")
    'und'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    profiles = _get_profiles()
    if candidates is None:
        allowed = profiles.shipped
    else:
        if isinstance(candidates, str):
            raise TypeError("candidates must be a collection of language codes, not a str")
        wanted = {_canonical(c) for c in candidates}
        unknown = sorted(wanted.difference(profiles.shipped))
        if unknown:
            raise ValueError(
                f"no language profile for {', '.join(unknown)}; "
                f"available: {', '.join(profiles.shipped)}"
            )
        allowed = tuple(lang for lang in profiles.shipped if lang in wanted)
    if not allowed:
        return UNDETERMINED
    if len(text) > 2 * _QUICK_LOOKS * _QUICK:
        # Most long documents are decided by a few hundred characters at a few
        # places, when every one of them says the same.
        looks = iter(_windows(text, _QUICK_LOOKS, _QUICK))
        quick = _decide(next(looks), allowed, profiles, True)
        if quick is not None and all(_decide(w, allowed, profiles, True) == quick for w in looks):
            return quick
    return _decide(_sample(text), allowed, profiles, False) or UNDETERMINED


def _decide(text: str, allowed: tuple[str, ...], profiles: _Profiles, quick: bool) -> str | None:
    # A language, "und", or (quick pass only) None when the evidence is not decisive.
    sample = text.casefold().replace("’", "'")
    counts, n_words, script_letters, script_words = _words(sample, _FAST_WORD)
    if "Arabic" in script_letters or "Hebrew" in script_letters:
        # Vowel points and tatweels are not in the profiles (wordfreq removes them).
        sample = _ABJAD_MARKS.sub("", sample)
        counts, n_words, script_letters, script_words = _words(sample, _FAST_WORD)
    if any(script in _MARKED_SCRIPTS for script in script_letters):
        # re's \w stops at combining vowel signs, which these scripts need inside words.
        counts, n_words, script_letters, script_words = _words(sample, _WORD)
    if not n_words:
        return None if quick else UNDETERMINED
    get = profiles.table.get
    n_langs = len(profiles.langs)
    score = [0] * n_langs  # centi-Zipf
    hits = [0] * n_langs
    packed_score = packed_hits = 0
    informative = 0
    elisions = "'" in sample
    for word, n in counts.items():
        entry = get(word)
        if entry is None:
            if not elisions or "'" not in word:
                continue
            # Elisions (l'homme, dell'anno) are separate words in the profiles.
            parts = [e for p in word.split("'") if (e := get(p)) is not None]
        else:
            parts = [entry]
        for part in parts:
            informative += n
            if part[0].__class__ is int:
                packed_score += n * part[0]
                packed_hits += n * part[1]
                continue
            for index, centi in part:
                score[index] += n * centi
                hits[index] += n
    if packed_hits:
        for i in range(n_langs):
            score[i] += packed_score >> (_FIELD * i) & _MASK
            hits[i] += packed_hits >> (_FIELD * i) & _MASK
    # The dominant script must be one the candidates use: a Japanese page with a
    # few English menu words is "und", not English.
    script = max(sorted(script_letters), key=script_letters.__getitem__)
    if informative == 0 or script_letters[script] * 2 < sum(script_letters.values()):
        return None if quick else UNDETERMINED
    floor = profiles.floor
    ranked = sorted(
        (
            # Informative words missing from a profile count at that profile's floor.
            (score[i] / 100 + (informative - hits[i]) * floor[i], i)
            for i, lang in enumerate(profiles.langs)
            if (lang in allowed or i in profiles.rejected) and profiles.scripts[lang] == script
        ),
        reverse=True,
    )
    if not ranked:
        return None if quick else UNDETERMINED
    best_score, best = ranked[0]
    min_hits, min_margin = (_QUICK_HITS, _QUICK_MARGIN) if quick else (_MIN_HITS, _MIN_MARGIN)
    if (
        hits[best] < min_hits
        or hits[best] < _MIN_COVERAGE * script_words[script]
        or (len(ranked) > 1 and best_score - ranked[1][0] < min_margin)
    ):
        return None if quick else UNDETERMINED
    # A language without a dictionary won: no dictionary suits the text.
    return UNDETERMINED if best in profiles.rejected else profiles.langs[best]


def _canonical(code: object) -> str:
    if not isinstance(code, str):
        raise TypeError(f"language codes must be str, not {type(code).__name__}")
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return "nb" if base == "no" else base
