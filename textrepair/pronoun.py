"""The digit one printed for the pronoun "I" ("and 1 was"), repaired on word-pair evidence.

OCR confuses "1", "l" and "I". A lone "1" between words is usually a number
("at 1 am", "1 day", "chapter 1 and", "1 or 2"), but in running English prose
where only the pronoun fits both neighbours it is the misread capital: "and 1
was", "1 think". The token stage never touches numbers otherwise; this module
finds the one exception on strong evidence only (:func:`pronoun_ones`):

- the "1" stands alone: no word character, digit, decimal point, currency or
  other sign touches it, no other digit is near (not a table line, a date or a
  run of numbers), and a space separates it from a lowercase word on its right;
- the language's word-pair table (:mod:`textrepair.pairs`) holds the pair
  "i" + that word with an association of ``right_min`` or more ("i think", "i
  was": "i day", "i or", "i and" are far below);
- on its left, a word the pronoun may follow: a pair of the table at
  ``left_min`` or more ("and i", "that i"), a word frequent enough that its
  missing pair would show ("at i": the table's smallest count gives the bound)
  is refused, and a rare lowercase word says nothing; or the end of a sentence
  after a lowercase word of four letters or more (not "p. 1", "No. 1", "Vol. 1"),
  or a comma after a word. A capitalised word the table lacks ("Apollo 1 was")
  and the start of the text are refused.

Only English has the pronoun written as one capital I and a pair table; every
other language gets nothing. ``Config.repair_pronoun_one=False`` turns it off.

>>> from textrepair.pairs import WordPairs
>>> t = WordPairs(["and", "i", "was", "day"], {("and", "i"): 9.5, ("i", "was"): 9.6,
...     ("and", "was"): 8.0, ("day", "was"): 5.0}, log10_total=11.0)
>>> zipf = {"and": 7.0, "i": 7.0, "was": 7.0, "day": 6.0}.get
>>> [s for s, _ in pronoun_ones("we sat and 1 was glad", t, zipf)]
[11]
>>> pronoun_ones("we sat 1 day and 1 was 2 days", t, zipf)
[]
"""

from __future__ import annotations

import math
from collections.abc import Callable

import regex

from .pairs import WordPairs

__all__ = ["PRONOUN_ONE", "pronoun_ones"]

#: Languages whose first-person pronoun is the capital "I" that OCR reads as "1",
#: with the key of the pronoun in the pair table.
PRONOUN_ONE: dict[str, str] = {"en": "i"}

# A lone "1": not touched by a letter, digit, sign or decimal separator on either
# side (an opening quote or bracket may precede it), then spaces and a lowercase
# word ("1 think"), the word group captured.
_ONE_RE = regex.compile(
    r"(?<![\p{L}\p{M}\p{Nd}_.,:/$£€¥#%+\-–—'’=°^*&@])1"
    r"(?=[ \t]*(?:\n[ \t]*)?(?<=[ \t\n])(\p{Ll}+)(?![\p{L}\p{M}\p{Nd}'’\-]))"
)
# What lies before the "1" on its left: the last token and the gap before the "1".
_LEFT_RE = regex.compile(r"(\S+)(\s+)[\"“‘(\[]?$")
_WORD_RE = regex.compile(r"\p{L}+")
# Another digit this near means numbers around (a date, a table, "1 or 2").
_NEAR = 24
_DIGIT_RE = regex.compile(r"\p{Nd}")
#: A sentence end before the "1" counts after a lowercase word this long
#: ("soil. 1 was"): shorter ones are abbreviations ("p. 1", "no. 1", "vol. 1").
_SENTENCE_WORD_MIN = 4
#: The least association a missing left pair may have (from the table's smallest
#: count): only a word rarer than about Zipf 4 whose pair with "i" could be
#: missing by chance ("gauntlet 1 have"), not "room 1 was" or "at 1 am".
_MISSING_MIN = 0.5


def _assoc(table: WordPairs, zipf: Callable[[str], float | None], a: str, b: str) -> float | None:
    """Pointwise association of the pair ``a b`` (log10 P(b | a) / P(b)); for a
    pair the table lacks, the most its smallest count allows (so a missing pair
    of two frequent words is strongly negative, of a rare word near 0); None if a
    word is not in the table.
    """
    if a not in table or b not in table:
        return None
    lc = table.log_count(a, b)
    if lc is None:
        lc = table.min_log_count
    return lc - table.log10_total - ((zipf(a) or 0.0) - 9.0) - ((zipf(b) or 0.0) - 9.0)


def _left_ok(
    text: str,
    start: int,
    table: WordPairs,
    zipf: Callable[[str], float | None],
    pronoun: str,
    left_min: float,
) -> bool:
    """Whether what precedes the "1" at ``start`` allows the pronoun there."""
    m = _LEFT_RE.search(text, max(0, start - 64), start)
    if m is None or m.group(2).count("\n") > 1:
        return False  # the start of the text or of a paragraph: a list, a heading
    tok = m.group(1)
    if tok[-1] in ".!?":
        # A sentence ends: after a lowercase word long enough not to be an
        # abbreviation ("soil. 1 was"; not "p. 1", "No. 1", "Vol. 1").
        words = _WORD_RE.findall(tok)
        return bool(words) and words[-1].islower() and len(words[-1]) >= _SENTENCE_WORD_MIN
    if tok[-1] == "," and _WORD_RE.fullmatch(tok[:-1]):
        return True  # "matter, 1 applied"
    if not _WORD_RE.fullmatch(tok):
        return False
    left = tok.lower()
    if table.log_count(left, pronoun) is None and not tok.islower():
        # A capitalised word without the pair: a name numbered ("Apollo 1 was"),
        # unless it opens a sentence and the pair shows ("But 1 was").
        return False
    a = _assoc(table, zipf, left, pronoun)
    if a is None:
        return True  # a rare lowercase word the table lacks says nothing
    # A missing pair gives the most the table's smallest count allows: below
    # ``left_min`` for words frequent enough that the pair would show ("at 1 am",
    # "room 1 was"); only rare words pass.
    return a >= (left_min if table.log_count(left, pronoun) is not None else _MISSING_MIN)


def pronoun_ones(
    text: str,
    table: WordPairs,
    zipf: Callable[[str], float | None],
    pronoun: str = "i",
    right_min: float = -1.0,
    left_min: float = -0.9,
) -> list[tuple[int, float]]:
    """The offsets of the lone "1"s of ``text`` that stand for the pronoun, each
    with the association of the pronoun with the word on its right (the evidence).

    >>> from textrepair.pairs import WordPairs
    >>> t = WordPairs(["at", "i", "am", "and"], {("i", "am"): 9.9, ("and", "i"): 9.5,
    ...     ("am", "at"): 5.0}, log10_total=11.0)
    >>> zipf = {"at": 7.0, "i": 7.0, "am": 6.0, "and": 7.0}.get
    >>> pronoun_ones("we met at 1 am", t, zipf), len(pronoun_ones("and 1 am", t, zipf))
    ([], 1)
    """
    if "1" not in text or pronoun not in table:
        return []
    out: list[tuple[int, float]] = []
    for m in _ONE_RE.finditer(text):
        s = m.start()
        if _DIGIT_RE.search(text, max(0, s - _NEAR), s) or _DIGIT_RE.search(
            text, s + 1, s + 1 + _NEAR
        ):
            continue
        right = m.group(1)
        lc = table.log_count(pronoun, right)
        if lc is None:
            continue  # the pair must be in the table: a missing one says too little
        a = lc - table.log10_total - ((zipf(pronoun) or 0.0) - 9.0) - ((zipf(right) or 0.0) - 9.0)
        if a < right_min or math.isnan(a):
            continue
        if not _left_ok(text, s, table, zipf, pronoun, left_min):
            continue
        out.append((s, a))
    return out
