"""OCR layout repair: words hyphenated across line breaks, and hard-wrapped paragraphs.

Used by the encoding stage. Two repairs, both reported as edits:

- **dehyphenation** (reason ``dehyphenation``): a word split at a line end
  ("inter-\\nvention") is joined when the joined form is a word or the
  hyphenated form is not one; a compound keeps its hyphen ("Saint-\\nFlour" ->
  "Saint-Flour"). Evidence comes first from the document itself (the word
  written elsewhere whole or hyphenated), then from the dictionary of the
  document's language (:func:`decide_hyphen`). Without a dictionary
  (``lang="und"`` or a language without one) only soft hyphens and document
  evidence decide. Only Latin, Greek, Cyrillic and Armenian words are
  considered: other scripts do not hyphenate this way.
- **unwrap** (reason ``unwrap``): a document whose lines were broken at a
  fixed width (scanned columns, e-mail, plain-text books) gets one line per
  paragraph. Flat web text (one block per line) must never be joined, so the
  test is strict (:func:`wrapped_breaks`): most adjacent lines must be "full"
  (close to one width of 16 to 160 characters), some breaks must be clearly
  mid-sentence (the next line starts in lower case, or the line ends with a
  hyphen) and many must look so (a line ending on a word or a comma); a
  break is joined only inside a run of full lines with such breaks. Blank lines,
  short lines (ends of paragraphs, headings, verse), list items, indented
  paragraph starts, table-like and code-like lines keep their line breaks.
  A text of two or three lines has no common width to see: a break is joined
  only after a line of 30+ characters ending on a word, a comma or a hyphen
  and before a whole lower-case word. Measured: nothing unwrapped on 1,261 of the 1,262
  flat pages of the development set; the one unwrapped page is an IETF draft,
  hard-wrapped at 72 columns (``benchmarks/bench_encoding.py``).

A compound of two words split at its hyphen keeps it, a suspended hyphen
before "and"/"et"/"und" keeps a space ("pre- and post-war"), and an
undecided hyphen inside an unwrapped paragraph stays with the lines joined.

Outside unwrapped paragraphs a split word is joined only on good evidence,
its second half moving up so that the line structure stays:

>>> r = LayoutRepairer(dehyphenate=True, unwrap=True)
>>> r.repair("the inter-\\nvention was brief", "en")[0]
'the intervention\\nwas brief'
>>> r.repair("près de Saint-\\nFlour", "fr")[0]
'près de Saint-Flour'
>>> r.repair("Menu\\n- Immobilien-\\nMarkt\\nKontakt", "und")[0]  # flat web text: untouched
'Menu\\n- Immobilien-\\nMarkt\\nKontakt'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

import regex

from .dictionary import Dictionary, available_languages, load_dictionary
from .edits import Edit, apply_edits

__all__ = ["HyphenDecision", "LayoutRepairer", "decide_hyphen", "wrap_width", "wrapped_breaks"]

STAGE = "encoding"

# Line-end hyphenation marks: hyphen-minus, soft hyphen, U+2010 HYPHEN, and the
# not sign and double oblique hyphen that Fraktur OCR produces.
_HYPHENS = "-\u00ad\u2010\u00ac\u2e17"
_SOFT_HYPHEN = "\u00ad"
_DASHES = "\u2013\u2014"
# Lines are split on "\n"; only spaces and tabs (and a "\r" before the "\n")
# count as blanks around them, so the fast checks see exactly what repair() sees.
_BLANKS = " \t"
_LINE_END_BLANKS = " \t\r"

# Scripts whose words are hyphenated at line ends.
_ALPHA = r"\p{Latin}\p{Greek}\p{Cyrillic}\p{Armenian}"
_LETTER = rf"(?:(?=\p{{L}})[{_ALPHA}])"
_HYPHEN_BREAK_RE = regex.compile(
    rf"[{_HYPHENS}](?<={_LETTER}\p{{M}}*[{_HYPHENS}])(?=[ \t\r]*\n[ \t]*{_LETTER})"
)
_LETTERS_BACK_RE = regex.compile(rf"(?:{_LETTER}|\p{{M}})+", flags=regex.REVERSE)
_LETTERS_RE = regex.compile(rf"{_LETTER}(?:{_LETTER}|\p{{M}})*")
_TOKEN_RE = regex.compile(r"[\p{L}\p{M}]+(?:-[\p{L}\p{M}]+)*")

# Fast checks (``re`` scans these faster than ``regex``): any hyphen ending a
# line; any line starting with a lower-case letter of a cased alphabet. Only
# such letters count as evidence of a wrap (_LOWER_RE), so the check is exact.
_CASED_BLOCKS = (
    "a-z\u00b5\u00df-\u00f6\u00f8-\u024f\u0250-\u02af\u0370-\u03ff\u0400-\u052f"
    "\u0560-\u0588\u1d00-\u1dbf\u1e00-\u1fff\u2c60-\u2c7f\ua640-\ua69f\ua720-\ua7ff"
    "\uab30-\uab6f\ufb00-\ufb06"
)
_HYPHEN_END_RE = re.compile(f"[{_HYPHENS}][ \t\r]*\n")
_LOWER_START_RE = re.compile(f"\n[ \t]*[{_CASED_BLOCKS}]")
_LOWER_RE = regex.compile(rf"(?=\p{{Ll}})[{_CASED_BLOCKS}]")
_UPPER_RE = regex.compile(r"[\p{Lu}\p{Lt}]")
_SENTENCE_END_RE = regex.compile(r"[.!?…][\"'’”»)\]]*$")
# For texts of two or three lines: a line ending on a word or a comma, and a
# next line starting with a whole lower-case word (not "iPhone", "e.g.", "x.y").
_MID_SENTENCE_END_RE = regex.compile(rf"[\p{{L}}\p{{M}},;{regex.escape(_HYPHENS)}]$")
_LOWER_WORD_RE = regex.compile(rf"(?:(?=\p{{Ll}})[{_CASED_BLOCKS}])+(?=[ \t,;:!?]|\.(?!\w)|$)")
_MIN_PLAIN = 30
_WORD_START_RE = regex.compile(r"[\p{L}\p{N}]")

_LIST_ITEM_RE = regex.compile(
    r"[ \t]*(?:[-*+•·▪◦‣–—>]|\(?(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)])[ \t]"
)
# Scripts written without spaces between words: never joined with a space.
_NO_SPACE_SCRIPT_RE = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}]"
)
_TABLE_RE = regex.compile(r"\t|\S {3,}\S")
# A first word like "player.setav" or "foo(x": code, not a sentence going on.
_CODE_START_RE = regex.compile(r"\w*[._(\[=]\w")
# How a wrapped prose line may end, and how its continuation may start.
_PROSE_END_RE = regex.compile(r"[\w\p{M},.;:!?'\"’”»)\]%…\-\u2010\u00ad\u00ac\u2e17\u2013\u2014]")
_PROSE_START_RE = regex.compile(r"[\w'\"‘“«(¿¡]")

MIN_WIDTH = 16
MAX_WIDTH = 160
_FULL = 0.7  # a line at least this share of the wrap width is "full"
_MIN_FULL_SHARE = 0.5  # of the pairs of adjacent non-blank lines
_MIN_EVIDENCE_SHARE = 0.4  # of the full lines, breaking mid-sentence
_WORD_ZIPF = 2.5  # a part this frequent counts as a word of its own
# A compound of two words is much rarer written as one word than its parts
# ("wellknown" 1.6 against "known" 5.4); a split word is not ("displeased" 3.0
# against "dis" 3.7). Zipf gap between the rarer part and the joined form.
_COMPOUND_GAP = 2.0
_COMMON_ZIPF = 3.0  # a joined spelling this frequent beats a compound of two words
_FUNCTION_WORD_ZIPF = 6.4  # "and", "or", "et", "ou", "und": after a suspended hyphen
_MOVE_UP_MIN_CONF = 0.75  # outside unwrapped paragraphs, weaker decisions are not acted on


@dataclass(frozen=True)
class HyphenDecision:
    """What to do with a hyphen at a line end.

    ``action`` is ``"join"`` (one word split in two), ``"keep"`` (a compound:
    the hyphen stays, the line break goes), ``"space"`` (a suspended hyphen:
    the line break becomes a space) or None (undecided).
    """

    action: str | None
    confidence: float
    why: str


def decide_hyphen(
    left: str,
    right: str,
    lang: str,
    hyphen: str = "-",
    doc_counts: Counter[str] | None = None,
    right_hyphenated: bool = False,
) -> HyphenDecision:
    """Decide whether ``left`` + hyphen + line break + ``right`` is one word split in two.

    ``left`` and ``right`` are the letters either side of the break;
    ``doc_counts`` counts the document's words (lower case, hyphenated
    compounds as one word); ``right_hyphenated`` says that ``right`` is
    followed by another hyphen ("mother-in-law").

    >>> decide_hyphen("inter", "vention", "en").action
    'join'
    >>> decide_hyphen("Saint", "Flour", "fr").action
    'keep'
    >>> decide_hyphen("peut", "être", "fr").action
    'keep'
    >>> decide_hyphen("long", "term", "en").action
    'keep'
    >>> decide_hyphen("inter", "vention", "und").action is None
    True
    >>> decide_hyphen("inter", "vention", "und", doc_counts=Counter({"intervention": 2})).action
    'join'
    """
    if hyphen == _SOFT_HYPHEN:
        return HyphenDecision("join", 0.99, "soft hyphen")
    joined = left + right
    if doc_counts:
        whole = doc_counts.get(joined.casefold(), 0)
        hyphenated = doc_counts.get(f"{left}-{right}".casefold(), 0)
        if whole > hyphenated:
            return HyphenDecision("join", 0.9, "joined form elsewhere in the document")
        if hyphenated > whole:
            return HyphenDecision("keep", 0.9, "hyphenated form elsewhere in the document")
    if right[:1].isupper() and not left.isupper():
        # "Saint-Flour", "Jean-Pierre", "anti-American": the second part is a name.
        return HyphenDecision("keep", 0.85, "capitalized second part")
    dictionary = _dictionary(lang)
    if dictionary is None:
        return HyphenDecision(None, 0.0, "no dictionary")
    zj = dictionary.zipf(joined)
    zl, zr = dictionary.zipf(left), dictionary.zipf(right)
    if zl >= _WORD_ZIPF and zr >= _WORD_ZIPF:
        # "long-term", "peut-être": two words, unless the joined spelling is a
        # common word ("to-day" -> "today") or not much rarer than the rarer
        # part: split fragments that happen to be words ("dis-pleased",
        # "fixe-ment") are rare words, compounds are common ones.
        if zj >= _COMMON_ZIPF or (zj > 0.0 and min(zl, zr) - zj < _COMPOUND_GAP):
            return HyphenDecision("join", 0.8, "joined form is a common word")
        if zr >= _FUNCTION_WORD_ZIPF and not right_hyphenated:
            # A suspended hyphen before "and"/"und"/"et": "pre- and post-war".
            return HyphenDecision("space", 0.7, "second part is a function word")
        return HyphenDecision("keep", 0.75, "both parts are words")
    if zj > 0.0:
        return HyphenDecision("join", 0.9 if zj >= _WORD_ZIPF else 0.75, "joined form is a word")
    if right[:1].isupper():
        return HyphenDecision(None, 0.0, "unknown capitals (a name?)")  # "VAN-\nVELDE"
    return HyphenDecision("join", 0.6, "neither form is a known word")


@lru_cache(maxsize=64)
def _dictionary(lang: str) -> Dictionary | None:
    # Cached: called once per line-end hyphen, and 1 MB of them is 100,000 calls.
    if lang not in available_languages():
        return None
    return load_dictionary(lang)


def wrap_width(lengths: Sequence[int]) -> int:
    """The width a hard-wrapped text was wrapped at: the 90th percentile of line lengths.

    >>> wrap_width([70, 72, 68, 71, 69, 30])
    71
    """
    ordered = sorted(lengths)
    return ordered[int(0.9 * (len(ordered) - 1))] if ordered else 0


class _Lines:
    """The text's lines, their offsets and lengths (trailing blanks excluded)."""

    __slots__ = ("lengths", "raw", "starts", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.raw = text.split("\n")
        self.lengths = [len(r.rstrip(_LINE_END_BLANKS)) for r in self.raw]
        self.starts = list(accumulate((len(r) + 1 for r in self.raw), initial=0))

    def index(self, pos: int) -> int:
        """The line containing offset ``pos``."""
        return bisect_right(self.starts, pos) - 1

    def content_start(self, i: int) -> int:
        raw = self.raw[i]
        return self.starts[i] + len(raw) - len(raw.lstrip(_BLANKS))

    def content_end(self, i: int) -> int:
        return self.starts[i] + self.lengths[i]

    def indent(self, i: int) -> int:
        raw = self.raw[i]
        return len(raw) - len(raw.lstrip(_BLANKS))

    def content(self, i: int) -> str:
        return self.raw[i][: self.lengths[i]]


def wrapped_breaks(text: str) -> set[int]:
    """Indices ``i`` of the line breaks (after line ``i``) that a hard wrap put there.

    >>> para = ("The quick brown fox jumps over the lazy dog and then\\n"
    ...         "runs away into the forest where nobody can find it,\\n"
    ...         "while the dog sleeps on under the old apple tree.\\nThe end.")
    >>> sorted(wrapped_breaks(para))
    [0, 1]
    >>> wrapped_breaks("Home\\nNews\\nSport\\nThe government said on Monday that taxes will rise.")
    set()
    """
    if "\n" not in text:
        return set()
    return _wrapped_breaks(_Lines(text))


def _wrapped_breaks(lines: _Lines) -> set[int]:
    lengths = lines.lengths
    pairs = [i for i in range(len(lengths) - 1) if lengths[i] and lengths[i + 1]]
    if len(pairs) <= 2:
        # Too few lines to see a common width: only unmistakable mid-sentence breaks.
        return {i for i in pairs if _plain_continuation(lines, i)}
    width = wrap_width([lengths[i] for i in pairs])
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return set()
    low, high = _FULL * width, 1.15 * width + 2
    full = [i for i in pairs if low <= lengths[i] <= high]
    if len(full) < 2 or len(full) < _MIN_FULL_SHARE * len(pairs):
        return set()  # cheap rejection of most flat text, before looking at the lines
    kept: list[int] = []
    evidence: set[int] = set()
    likely: set[int] = set()
    for i in full:
        line, following = lines.content(i), lines.content(i + 1)
        body = following.lstrip(_BLANKS)
        if not _PROSE_END_RE.match(line[-1]) or not _PROSE_START_RE.match(body):
            continue
        if _LIST_ITEM_RE.match(following) or _TABLE_RE.search(line) or _TABLE_RE.search(following):
            continue
        if lines.indent(i + 1) > lines.indent(i) and not _LIST_ITEM_RE.match(line):
            continue  # an indented paragraph start
        if _NO_SPACE_SCRIPT_RE.match(line[-1]) or _NO_SPACE_SCRIPT_RE.match(body):
            continue
        kept.append(i)
        # Clear mid-sentence breaks (the fast check, might_apply, looks for these),
        # and likely ones: a line ending on a word or comma, the next going on.
        if (_LOWER_RE.match(body) and not _CODE_START_RE.match(body)) or line[-1] in _HYPHENS:
            evidence.add(i)
            likely.add(i)
        elif _MID_SENTENCE_END_RE.search(line) and _WORD_START_RE.match(body):
            likely.add(i)
    if len(kept) < 2 or not evidence or len(likely) < _MIN_EVIDENCE_SHARE * len(kept):
        return set()
    # Join runs of consecutive full lines that contain a mid-sentence break. In a
    # text without blank lines between paragraphs, the last break of a run, after
    # a sentence end and before a capital, may end a paragraph that happens to
    # fill its last line: it stays.
    joins: set[int] = set()
    run: list[int] = []
    blank_separated = 0 in lengths[1:-1]
    for i in [*kept, -2]:
        if run and i != run[-1] + 1:
            if any(j in likely for j in run):
                last = run[-1]
                if (
                    not blank_separated
                    and _SENTENCE_END_RE.search(lines.content(last))
                    and _UPPER_RE.match(lines.content(last + 1).lstrip(_BLANKS))
                ):
                    run.pop()
                joins.update(run)
            run = []
        run.append(i)
    return joins


def _plain_continuation(lines: _Lines, i: int) -> bool:
    """Line ``i`` is long, ends inside a sentence, and the next line goes on in lower case."""
    line, following = lines.content(i), lines.content(i + 1)
    body = following.lstrip(_BLANKS)
    return (
        _MIN_PLAIN <= len(line) <= MAX_WIDTH
        and _MID_SENTENCE_END_RE.search(line) is not None
        and _LOWER_WORD_RE.match(body) is not None
        and lines.indent(i + 1) <= lines.indent(i)
        and not _LIST_ITEM_RE.match(following)
        and not _TABLE_RE.search(line)
        and not _TABLE_RE.search(following)
    )


class LayoutRepairer:
    """Dehyphenation and unwrapping for one configuration."""

    def __init__(self, *, dehyphenate: bool, unwrap: bool) -> None:
        self.dehyphenate = dehyphenate
        self.unwrap = unwrap
        self.enabled = dehyphenate or unwrap

    def might_apply(self, text: str) -> bool:
        """False when :meth:`repair` certainly changes nothing (a fast check)."""
        if "\n" not in text or not self.enabled:
            return False
        if _HYPHEN_END_RE.search(text):
            return True
        # Unwrapping needs at least one break followed by a lower-case letter.
        return self.unwrap and _LOWER_START_RE.search(text) is not None

    def repair(
        self, text: str, lang: str, notes: list[str] | None = None
    ) -> tuple[str, list[Edit]]:
        """Repair ``text``; return the new text and the edits (offsets into ``text``)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        if "\n" not in text or not self.enabled:
            return text, []
        lines = _Lines(text)
        joins = _wrapped_breaks(lines) if self.unwrap else set()
        splits: dict[int, int] = {}  # line index -> offset of its final hyphen
        if self.dehyphenate:
            for m in _HYPHEN_BREAK_RE.finditer(text):
                splits[lines.index(m.start())] = m.start()
        if not joins and not splits:
            return text, []
        doc_counts = Counter(t.casefold() for t in _TOKEN_RE.findall(text)) if splits else None
        edits: list[Edit] = []
        last_end = 0
        for i in sorted(joins | set(splits)):
            end = lines.content_end(i)
            if end < last_end:
                continue
            hyphen_pos = splits.get(i)
            edit: Edit | None
            if hyphen_pos is None or hyphen_pos < last_end:
                edit = (
                    self._join(lines, i, _separator(text, end), "unwrap", 0.85)
                    if i in joins
                    else None
                )
            else:
                edit = self._dehyphenate(lines, i, hyphen_pos, i in joins, lang, doc_counts)
            if edit is not None:
                edits.append(edit)
                last_end = edit.end
        if not edits:
            return text, edits
        if joins and notes is not None:
            notes.append(f"encoding: unwrapped a hard-wrapped text ({len(joins)} line breaks)")
        return apply_edits(text, edits), edits

    def _dehyphenate(
        self,
        lines: _Lines,
        i: int,
        hyphen_pos: int,
        joined_paragraph: bool,
        lang: str,
        doc_counts: Counter[str] | None,
    ) -> Edit | None:
        text = lines.text
        hyphen = text[hyphen_pos]
        left_m = _LETTERS_BACK_RE.match(text, lines.starts[i], hyphen_pos)
        right_m = _LETTERS_RE.match(text, lines.content_start(i + 1))
        if left_m is None or right_m is None:  # pragma: no cover - the regex found both
            return None
        left, right = left_m.group(), right_m.group()
        after = right_m.end()
        decision = decide_hyphen(
            left, right, lang, hyphen, doc_counts, text[after : after + 1] in _HYPHENS
        )
        conf = decision.confidence
        if joined_paragraph:
            if decision.action == "join":
                return self._join(lines, i, "", "dehyphenation", conf, hyphen_pos)
            if decision.action == "keep":
                return self._join(lines, i, "", "dehyphenation", conf)
            if decision.action == "space":
                return self._join(lines, i, " ", "unwrap", conf)
            return self._join(lines, i, "", "unwrap", 0.7)  # undecided: the hyphen stays
        # Not in an unwrapped paragraph: act only with good evidence, on a word
        # that starts the line or follows a blank (not "-crn-", "quot-x-quot-"),
        # in a line that is not a list item (menus stay).
        if decision.action is None or conf < _MOVE_UP_MIN_CONF:
            return None
        start = left_m.start()
        if start > lines.starts[i] and text[start - 1] not in _BLANKS:
            return None
        if _LIST_ITEM_RE.match(lines.raw[i]):
            return None
        if decision.action == "join" and hyphen != _SOFT_HYPHEN and not right[0].islower():
            return None
        if decision.action == "space" or decision.why == "both parts are words":
            return None
        return self._move_up(lines, i, hyphen_pos, decision.action == "keep", conf)

    @staticmethod
    def _join(
        lines: _Lines, i: int, sep: str, reason: str, conf: float, start: int | None = None
    ) -> Edit:
        """Replace from the end of line ``i`` (or ``start``) to the next line's text by ``sep``."""
        begin = lines.content_end(i) if start is None else start
        stop = lines.content_start(i + 1)
        return Edit(begin, stop, lines.text[begin:stop], sep, STAGE, reason, conf)

    @staticmethod
    def _move_up(lines: _Lines, i: int, hyphen_pos: int, keep: bool, conf: float) -> Edit | None:
        """Join a split word on line ``i``; the line break moves after it."""
        text = lines.text
        word_start = lines.content_start(i + 1)
        line_end = lines.content_end(i + 1)
        word_end = word_start
        while word_end < line_end and text[word_end] not in _BLANKS:
            word_end += 1
        head = text[hyphen_pos] if keep else ""
        word = text[word_start:word_end]
        end = word_end
        if word_end >= line_end:
            if word[-1] in _HYPHENS:
                return None  # split again at the next line end: left as it is
            after = head + word
        else:
            while end < line_end and text[end] in _BLANKS:
                end += 1
            next_start = lines.starts[i + 1]
            newline = "\r\n" if text[next_start - 2 : next_start] == "\r\n" else "\n"
            after = head + word + newline + text[next_start:word_start]
        return Edit(hyphen_pos, end, text[hyphen_pos:end], after, STAGE, "dehyphenation", conf)


def _separator(text: str, end: int) -> str:
    """What replaces a wrapped line break: a space, or nothing after a word's hyphen or dash."""
    last = text[end - 1]
    if (last in _HYPHENS or last in _DASHES) and end >= 2 and text[end - 2] not in _BLANKS + "\n":
        return ""
    return " "
