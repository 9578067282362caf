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

Two kinds of word on the right are evidence enough to ask less (the language's
:class:`Grammar`): a verb the pronoun takes and the third-person subject does not
("i have", "i think", "i am"; not "it have": a number as subject agrees like
"it"), after which any left word but a frequent one without its pair ("at 1 am")
will do; and, where the pair with "i" is missing, a verb the other subject takes
("he enjoyed", "he wished") that no determiner's noun is ("a protest", "one
day"), with the usual left side. Another lone "1" near is no number around
("1 hope 1 am").

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
from dataclasses import dataclass

import regex

from .pairs import WordPairs

__all__ = ["GRAMMAR", "PRONOUN_ONE", "Grammar", "pronoun_ones"]

#: Languages whose first-person pronoun is the capital "I" that OCR reads as "1",
#: with the key of the pronoun in the pair table.
PRONOUN_ONE: dict[str, str] = {"en": "i"}


@dataclass(frozen=True)
class Grammar:
    """The function words of a language the rule asks the pair table about (keys
    of the table): the third-person subject a number agrees like (``thing``), a
    third-person subject of verbs (``person``), and the determiners a noun takes.
    """

    thing: str
    person: str
    determiners: tuple[str, ...]


#: The grammar of each language of :data:`PRONOUN_ONE`.
GRAMMAR: dict[str, Grammar] = {"en": Grammar("it", "he", ("a", "one"))}

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
#: After a first-person verb ("1 have", "1 think"), the left word's missing pair
#: need only allow this much: refused are only words so frequent that the pair
#: would show ("at 1 am": "at i" is missing, its bound -2.1).
_MISSING_MIN_VERB = -1.0


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
    verb: bool = False,
) -> bool:
    """Whether what precedes the "1" at ``start`` allows the pronoun there; with
    ``verb`` (a first-person verb follows), any word, sign or sentence end does,
    except a frequent word whose pair with the pronoun the table lacks."""
    m = _LEFT_RE.search(text, max(0, start - 64), start)
    if m is None or m.group(2).count("\n") > 1:
        return False  # the start of the text or of a paragraph: a list, a heading
    tok = m.group(1)
    if verb:
        words = _WORD_RE.findall(tok)
        if not words or not _WORD_RE.fullmatch(tok) or tok[-1] in ".!?,;:":
            return True  # a sign, a hyphenated word, a sentence end: nothing against
        left = words[-1].lower()
        if table.log_count(left, pronoun) is not None:
            return True
        a = _assoc(table, zipf, left, pronoun)
        return a is None or a >= _MISSING_MIN_VERB
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


def _past_verb(
    table: WordPairs, zipf: Callable[[str], float | None], grammar: Grammar, word: str
) -> bool:
    """Whether ``word`` is a verb a subject takes ("he enjoyed": the pair in the
    table, association 0 or more) and no determiner's noun (no pair "a word" or
    "one word" in the table: not "protest", "day").
    """
    if table.log_count(grammar.person, word) is None:
        return False
    a = _assoc(table, zipf, grammar.person, word)
    if a is None or a < 0.0:
        return False
    return all(table.log_count(d, word) is None for d in grammar.determiners)


def _numbers_near(text: str, s: int) -> bool:
    """Whether a digit other than a lone "1" before a lowercase word (another
    pronoun read as a one) is within ``_NEAR`` characters of the "1" at ``s``.

    >>> _numbers_near("1 hope 1 am", 7), _numbers_near("1 or 2 days", 0)
    (False, True)
    """
    for d in _DIGIT_RE.finditer(text, max(0, s - _NEAR), min(len(text), s + 1 + _NEAR)):
        if d.start() != s and _ONE_RE.match(text, d.start()) is None:
            return True
    return False


def pronoun_ones(
    text: str,
    table: WordPairs,
    zipf: Callable[[str], float | None],
    pronoun: str = "i",
    right_min: float = -1.0,
    left_min: float = -0.9,
    grammar: Grammar | None = None,
    person_max: float = -0.6,
) -> list[tuple[int, float]]:
    """The offsets of the lone "1"s of ``text`` that stand for the pronoun, each
    with the association of the pronoun with the word on its right (the evidence).

    With a ``grammar``, a right word whose pair with its ``thing`` ("it") is at
    ``person_max`` or below ("have", "think", "am": a verb a number does not
    take) relaxes the left side (:func:`_left_ok`), and a right word without its
    pair with the pronoun counts (at ``right_min``) if its pair with ``person``
    ("he") is in the table at 0 or more and no determiner's pair is ("enjoyed",
    not "protest", "day"). Another lone "1" near ("1 hope 1 am") is no number
    around.

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
        if _numbers_near(text, s):
            continue
        right = m.group(1)
        lc = table.log_count(pronoun, right)
        if lc is None:
            # A missing pair says too little, unless the word is a verb a subject
            # takes ("he enjoyed") and no determiner's noun ("a protest", "one day").
            if grammar is None or not _past_verb(table, zipf, grammar, right):
                continue
            a = right_min
        else:
            zp, zr = zipf(pronoun) or 0.0, zipf(right) or 0.0
            a = lc - table.log10_total - (zp - 9.0) - (zr - 9.0)
        if a < right_min or math.isnan(a):
            continue
        verb = False
        if grammar is not None:
            p = _assoc(table, zipf, grammar.thing, right)
            verb = p is not None and p <= person_max
        if not _left_ok(text, s, table, zipf, pronoun, left_min, verb):
            continue
        out.append((s, a))
    return out
