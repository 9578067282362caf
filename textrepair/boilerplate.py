"""The boilerplate stage: remove web interface lines (menus, skip links, share
buttons, cookie notices, footers) from the plain text of a web page.

The input is text as extraction leaves it: one block element per line, the
article among navigation, login prompts, related-article lists and footers.
Every removed line becomes one :class:`~textrepair.edits.Edit` (stage
``"boilerplate"``) with a reason code such as ``"nav-line"``, ``"skip-link"``,
``"cookie-notice"``, ``"share-button"``, ``"related-links"``, ``"footer"`` or
``"repeated-line"``.

How a line is judged, in three layers:

1. **Lexicon.** Interface phrases per language (``textrepair/lexicons/<lang>.txt``,
   see :func:`load_lexicon`; the page's language plus English, or all of them
   when the language is ``"und"``, has no lexicon, or looks wrong because the
   long lines hold none of its stopwords): a line that *is* "Skip to main
   content", "Retour en haut" or "12 comments" is interface text whatever its
   context. On a paragraph of over 30 words a hit is only evidence; "By ..."
   and "Photo: ..." lines (``byline``) go when short.
2. **Line features and context**, scored by a small linear model: words per
   line, terminal punctuation, stopword share, capitalisation, separators,
   dates/URLs alone, repetition within the page, position (before the page's
   headline, after the last paragraph, after a "Related articles" or
   "Comments" marker), and how content-like the neighbouring lines are. The
   weights were fitted on the development half of the benchmark pages
   (``benchmarks/bench_boilerplate.py --fit``).
3. **Blocks, not lines.** The main text is the stretch of lines whose summed
   scores is largest (a maximum-sum segment, so a short line between
   paragraphs stays, and a long run of short link-like lines goes); headings
   directly above a paragraph are kept; outside that stretch only clearly
   content-like lines survive.

Corpus mode (:meth:`BoilerplateStage.observe`, which ``Repairer.fit`` calls):
lines that occur in at least ``boilerplate_repeat_min_docs`` documents of the
same ``ctx.group`` (digits ignored, so "© 2023" and "© 2024" are one line) are
template lines (reason ``"repeated-line"``), unless they read as a paragraph of
the main text. Memory is bounded: per group at most ``_REPEAT_CAPACITY`` (5,000)
line fingerprints, an int each (when full, the rarer half is dropped: template
lines recur in every page and stay), for at most ``_MAX_GROUPS`` (64) groups,
the least recently observed one evicted; a few MB in all.

Conservative by design: the layout model only acts on documents that look
like pages (a paragraph, and at least three lines of page furniture: interface
phrases or runs of link-like lines); clean prose, like the seed article with
its two navigation lines, only loses its lexicon lines. When removal would keep
less than ``boilerplate_min_keep`` of a document's characters, the document is
kept as it is and a note says so.

>>> from textrepair.config import Config
>>> from textrepair.stage import Context
>>> page = "Skip to main content\\nHome\\nNews\\nSport\\n" + (
...     "The council approved the new budget on Tuesday after a long debate "
...     "about the cost of the bridge and the schools.\\n") * 3 + "Back to top\\n"
>>> stage = BoilerplateStage(Config())
>>> text, edits = stage.process(page, Context("en", Config()))
>>> print(text.splitlines()[0][:30])
The council approved the new b
>>> for e in edits:
...     print(repr(e.before), e.reason)
'Skip to main content\\n' skip-link
'Home\\n' nav-line
'News\\n' nav-line
'Sport\\n' nav-line
'Back to top\\n' back-to-top
"""

from __future__ import annotations

import math
import re
import threading
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from operator import mul
from typing import ClassVar

from .config import Config
from .edits import Edit
from .stage import Context

__all__ = [
    "BoilerplateStage",
    "Lexicon",
    "lexicon_languages",
    "load_lexicon",
    "normalize_line",
]

_PACKAGE = "textrepair"
_LEXICON_DIR = "lexicons"

# --------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------

# Stripped from both ends of a line before lexicon lookup: punctuation, arrows,
# bullets, pipes, invisible characters. (Not © @ # $ € £ ¥ %: they carry meaning.)
_EDGE_CHARS = (
    " \t\r\n\v\f!\"&'()*+,-./:;<=>?[\\]^_`{|}~"
    "\u00a0\u00a1\u00a6\u00a7\u00a8\u00ab\u00ad\u00b0\u00b4\u00b6\u00b7\u00b8\u00bb\u00bf\u00d7\u00f7"
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2016\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021"
    "\u2022\u2023\u2026\u2027\u2039\u203a\u203b\u2043\u2190\u2191\u2192\u2193\u2194\u2196\u2197"
    "\u2198\u2199\u21d0\u21d2\u2303\u2304\u2329\u232a\u25a0\u25a1\u25aa\u25ab\u25b2\u25b4\u25b6"
    "\u25b8\u25b9\u25ba\u25bc\u25be\u25c0\u25c2\u25c4\u25cf\u25cb\u25e6\u2605\u2606\u2713\u2714"
    "\u2715\u2716\u2717\u2718\u2794\u27a4\u276f\u276e\u2b06\u2b07\u2b05\u27a1\u2039\u203a"
    "\u200b\u200c\u200d\u2060\ufeff\u3000\u3001\u3002\u3008\u3009\u300a\u300b\u300c\u300d"
    "\u300e\u300f\u3010\u3011\u3014\u3015\u30fb\uff01\uff08\uff09\uff0c\uff0e\uff1a\uff1b\uff1f"
    "\u060c\u061b\u061f\u06d4\u2212"
)


def normalize_line(line: str) -> str:
    """A line as the lexicon sees it: lowercase, inner whitespace collapsed,
    punctuation, arrows and bullets stripped from both ends.

    >>> normalize_line("  » Back to   Top ↑ ")
    'back to top'
    >>> normalize_line("© 2024 Example Inc.")
    '© 2024 example inc'
    """
    low = line.lower()
    if "\u0307" in low:
        low = low.replace("i\u0307", "i")  # Turkish dotted capital I lowercases to i + dot
    return " ".join(low.split()).strip(_EDGE_CHARS)


# --------------------------------------------------------------------------------------
# Lexicons
# --------------------------------------------------------------------------------------

# Categories that mark the end of the article when they follow most of its text.
_TAIL_CATEGORIES = frozenset(
    {"comments", "related-links", "newsletter", "share-button", "footer", "read-more"}
)
# Categories that are evidence but not a verdict on their own (a "By ..." line).
_WEAK_CATEGORIES = frozenset({"byline"})
_STOPWORD_CATEGORY = "stopwords"
# Regular expressions only look at lines up to this long (interface text is short;
# this also bounds the regex work on pathological input).
_REGEX_MAX_CHARS = 600
# Anchored patterns are indexed by the first _HEAD characters they require.
_HEAD = 3
# A line's first word: the key of the "PHRASE *" entries.
_FIRST_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class _PatternGroup:
    """Patterns compiled into one alternation, one named group per category."""

    regex: re.Pattern[str]
    categories: dict[str, str]  # group name -> category

    def match(self, norm: str) -> str | None:
        m = self.regex.match(norm)
        return self.categories[m.lastgroup] if m is not None and m.lastgroup else None

    def search(self, norm: str) -> str | None:
        m = self.regex.search(norm)
        return self.categories[m.lastgroup] if m is not None and m.lastgroup else None


def _group_patterns(rules: Sequence[tuple[str, str]]) -> _PatternGroup:
    by_cat: dict[str, list[str]] = {}
    for cat, pattern in rules:
        by_cat.setdefault(cat, []).append(pattern)
    names: dict[str, str] = {}
    parts = []
    for i, (cat, patterns) in enumerate(by_cat.items()):
        name = f"c{i}"
        names[name] = cat
        parts.append(f"(?P<{name}>{'|'.join(f'(?:{p})' for p in patterns)})")
    return _PatternGroup(re.compile("|".join(parts)), names)


@dataclass(frozen=True)
class Lexicon:
    """The interface phrases of one or more languages, ready for lookup.

    Build one with :func:`load_lexicon`. :meth:`category` answers the
    category of one normalised line (see :func:`normalize_line`) or ``None``;
    :meth:`categorize` does a whole document's lines at once, faster.
    """

    langs: tuple[str, ...]
    exact: dict[str, str]
    #: first word -> ((phrase, category), ...) for "PHRASE *" entries
    prefixes: dict[str, tuple[tuple[str, str], ...]]
    #: first three characters -> patterns anchored at the line start that begin with them
    anchored_heads: dict[str, _PatternGroup]
    #: first character -> other anchored patterns that can begin with it ("0" for digits)
    anchored_chars: dict[str, _PatternGroup]
    #: unanchored patterns, each with literal strings one of which every match contains
    gated: tuple[tuple[tuple[str, ...], _PatternGroup], ...]
    #: patterns that could not be indexed: tried on every line (none in shipped files)
    ungated: _PatternGroup | None
    #: the stopwords listed in the lexicon files (used when no dictionary is available)
    stopwords: frozenset[str]

    def category(self, norm: str) -> str | None:
        """The category of the normalised line ``norm``, or ``None``.

        >>> load_lexicon("en").category(normalize_line("Share on Facebook"))
        'share-button'
        >>> load_lexicon("en").category(normalize_line("We use cookies to improve your visit."))
        'cookie-notice'
        >>> load_lexicon("en").category("the council approved the budget") is None
        True
        """
        cat = self._indexed(norm)
        if cat is not None or not norm or len(norm) > _REGEX_MAX_CHARS:
            return cat
        for gate, group in self.gated:
            if any(lit in norm for lit in gate):
                cat = group.search(norm)
                if cat is not None:
                    return cat
        return None

    def categorize(self, norms: Sequence[str]) -> list[str | None]:
        """:meth:`category` of every line of a document.

        Unanchored patterns are only tried on the lines that contain one of
        their literals, found with one substring scan of the whole document.
        """
        cats = [self._indexed(n) if len(n) < 2000 else None for n in norms]
        if not self.gated:
            return cats
        # Only undecided lines up to _REGEX_MAX_CHARS are searched.
        limit = _REGEX_MAX_CHARS
        todo = [j for j, n in enumerate(norms) if cats[j] is None and 0 < len(n) <= limit]
        if not todo:
            return cats
        lines = [norms[j] for j in todo]
        joined = "\n".join(lines)
        offsets: list[int] = []
        for gate, group in self.gated:
            for lit in gate:
                pos = joined.find(lit)
                if pos < 0:
                    continue
                if not offsets:
                    offsets = list(accumulate((len(n) + 1 for n in lines), initial=0))
                while pos >= 0:
                    k = bisect_right(offsets, pos) - 1
                    j = todo[k]
                    if cats[j] is None:
                        cats[j] = group.search(lines[k])
                    pos = joined.find(lit, offsets[k + 1])
        return cats

    def _indexed(self, norm: str) -> str | None:
        """Exact phrases, prefixes and anchored patterns (no document-wide scan needed)."""
        cat = self.exact.get(norm)
        if cat is not None or not norm:
            return cat
        if self.prefixes:
            m = _FIRST_WORD.match(norm)
            for phrase, pcat in self.prefixes.get(m.group() if m is not None else "", ()):
                if norm.startswith(phrase) and norm[len(phrase) : len(phrase) + 1] in ("", " "):
                    return pcat
        if len(norm) > _REGEX_MAX_CHARS:
            return None
        group = self.anchored_heads.get(norm[:_HEAD])
        if group is not None:
            cat = group.match(norm)
            if cat is not None:
                return cat
        head = norm[0]
        group = self.anchored_chars.get("0" if head.isdigit() else head)
        if group is not None:
            cat = group.match(norm)
            if cat is not None:
                return cat
        if self.ungated is not None and len(norm) <= 200:
            return self.ungated.search(norm)
        return None


def lexicon_languages() -> tuple[str, ...]:
    """The languages with a shipped lexicon file, sorted.

    >>> {"en", "fr", "de", "zh", "ar"} <= set(lexicon_languages())
    True
    """
    return _lexicon_languages()


@lru_cache(maxsize=1)
def _lexicon_languages() -> tuple[str, ...]:
    root = resources.files(_PACKAGE).joinpath(_LEXICON_DIR)
    return tuple(
        sorted(e.name[:-4] for e in root.iterdir() if e.name.endswith(".txt") and len(e.name) <= 10)
    )


def _canonical(lang: str) -> str:
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    return {"no": "nb", "iw": "he", "in": "id"}.get(code, code)


_LEXICON_LOCK = threading.Lock()


def load_lexicon(lang: str) -> Lexicon:
    """The lexicon for ``lang`` (plus English, the lingua franca of web
    interfaces), loaded on first use and cached.

    ``"und"`` or a language without a lexicon file gives the union of all
    shipped lexicons. Raises ``ValueError`` naming the file and line of a
    malformed entry.

    >>> load_lexicon("fr").category("retour en haut")
    'back-to-top'
    >>> load_lexicon("und").category("zum inhalt springen")
    'skip-link'
    """
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str, not {type(lang).__name__}")
    code = _canonical(lang)
    available = _lexicon_languages()
    langs: tuple[str, ...] = available
    if code in available:
        langs = (code,) if code == "en" else (code, "en")
    with _LEXICON_LOCK:
        return _build_lexicon(langs)


@lru_cache(maxsize=64)
def _build_lexicon(langs: tuple[str, ...]) -> Lexicon:
    exact: dict[str, str] = {}
    prefixes: dict[str, list[tuple[str, str]]] = {}
    by_head: dict[str, list[tuple[str, str]]] = {}
    by_char: dict[str, list[tuple[str, str]]] = {}
    gated: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    ungated: list[tuple[str, str]] = []
    stopwords: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for lang in langs:  # earlier languages win on conflicting phrases
        for cat, kind, value in _read_lexicon(lang):
            if cat == _STOPWORD_CATEGORY:
                stopwords.update(value.split())
            elif kind == "exact":
                exact.setdefault(value, cat)
            elif kind == "prefix":
                m = _FIRST_WORD.match(value)
                prefixes.setdefault(m.group() if m else "", []).append((value, cat))
            elif (cat, value) not in seen:
                seen.add((cat, value))
                rule = (cat, value)
                if value.startswith("^"):
                    heads = _heads(value[1:])
                    chars = () if heads else _first_chars(value[1:])
                    for h in heads:
                        by_head.setdefault(h, []).append(rule)
                    for c in chars:
                        by_char.setdefault(c, []).append(rule)
                    if heads or chars:
                        continue
                gate = _necessary_literals(value)
                if gate:
                    gated.setdefault(gate, []).append(rule)
                else:
                    ungated.append(rule)
    return Lexicon(
        langs=langs,
        exact=exact,
        prefixes={k: tuple(v) for k, v in prefixes.items()},
        anchored_heads={k: _group_patterns(v) for k, v in by_head.items()},
        anchored_chars={k: _group_patterns(v) for k, v in by_char.items()},
        gated=tuple((g, _group_patterns(v)) for g, v in gated.items()),
        ungated=_group_patterns(ungated) if ungated else None,
        stopwords=frozenset(stopwords),
    )


@lru_cache(maxsize=128)
def _read_lexicon(lang: str) -> tuple[tuple[str, str, str], ...]:
    """Entries of one lexicon file as (category, kind, normalised value)."""
    name = f"{_LEXICON_DIR}/{lang}.txt"
    text = resources.files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    out: list[tuple[str, str, str]] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cat, sep, value = line.partition("\t")
        cat = cat.strip()
        if not sep or not cat or not value.strip() or not re.fullmatch(r"[a-z][a-z-]*", cat):
            raise ValueError(f"{name}:{lineno}: expected CATEGORY<TAB>PHRASE, got {raw!r}")
        if cat == _STOPWORD_CATEGORY:
            out.append((cat, "words", value.lower()))
        elif value.startswith("re:"):
            pattern = value[3:]
            try:
                compiled = re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{name}:{lineno}: bad pattern {pattern!r}: {exc}") from None
            if compiled.groupindex or re.search(r"\\[1-9]", pattern):
                raise ValueError(
                    f"{name}:{lineno}: named groups and backreferences are not allowed"
                )
            out.append((cat, "regex", pattern))
        elif value.endswith(" *"):
            out.append((cat, "prefix", normalize_line(value[:-2])))
        else:
            norm = normalize_line(value)
            if not norm:
                raise ValueError(f"{name}:{lineno}: phrase {value!r} is empty once normalised")
            out.append((cat, "exact", norm))
    return tuple(out)


def _heads(pattern: str) -> tuple[str, ...]:
    """The strings of :data:`_HEAD` characters every match of ``pattern`` (which
    must match at the line start) begins with, if the reader can tell.

    >>> _heads(r"(?:shares?|likes?) \\d+$")
    ('lik', 'sha')
    >>> _heads(r"(?:no|one) comments?$")
    ('no ', 'one')
    >>> _heads(r"\\d+ comments$")
    ()
    """
    try:
        alts, _ = _parse_alternation(pattern, 0)
    except (IndexError, ValueError):
        return ()
    out: set[str] = set()
    for seq in alts:
        heads = _heads_of(seq, _HEAD)
        if heads is None:
            return ()
        out |= heads
    if not all(len(h) == _HEAD for h in out):
        return ()
    return tuple(sorted(out))


def _heads_of(items: list[_Item], k: int) -> set[str] | None:
    if k == 0:
        return {""}
    if not items:
        return None  # the pattern may end before k characters
    (node, _lo), rest = items[0], items[1:]
    kind = node[0]
    if kind == "zw":
        return _heads_of(rest, k)
    if kind == "lit":
        sub = _heads_of(rest, k - 1)
        return None if sub is None else {str(node[1]) + h for h in sub}
    if kind == "group":
        out: set[str] = set()
        for alt in node[1]:  # type: ignore[attr-defined]
            sub = _heads_of(alt + rest, k)
            if sub is None:
                return None
            out |= sub
            if len(out) > 64:
                return None
        return out
    return None  # a class, a digit, anything optional: unknown


def _first_chars(pattern: str) -> tuple[str, ...]:
    """The characters a match of ``pattern`` can begin with, if the reader can
    tell ("0" stands for any digit); empty if not.

    >>> _first_chars(r"(?:©|\\(c\\)|copyright)\\s*\\d")
    ('©', '(', 'c')
    >>> _first_chars(r"\\d+ comments")
    ('0',)
    >>> _first_chars(r"[^>]{1,40} > ")
    ()
    """
    try:
        alts, _ = _parse_alternation(pattern, 0)
    except (IndexError, ValueError):
        return ()
    return _first_of_alternation(alts)


def _first_of_alternation(alts: list[list[_Item]]) -> tuple[str, ...]:
    out: list[str] = []
    for seq in alts:
        if not seq:
            return ()
        rest = [item for item in seq if item[0] != ("zw",)]
        if not rest:
            return ()
        node, lo = rest[0]
        kind = node[0]
        if lo == 0 or kind in ("any", "opt"):
            return ()  # optional or unknown first item: cannot tell
        if kind == "lit":
            out.append(str(node[1]))
        elif kind == "digit":
            out.append("0")
        elif kind == "group":
            sub = _first_of_alternation(node[1])  # type: ignore[arg-type]
            if not sub:
                return ()
            out.extend(sub)
    return tuple(dict.fromkeys(out))


def _necessary_literals(pattern: str) -> tuple[str, ...]:
    """Literal strings, one of which occurs in every match of ``pattern``
    (empty if none of at least 3 characters can be proven).

    A cheap ``in`` test on these decides whether the pattern is worth running.

    >>> _necessary_literals(r"\\bcookies?\\b.{0,40}\\b(?:accept|agree)")
    ('cookie',)
    >>> _necessary_literals(r"\\b(?:all|some) rights reserved\\b")
    (' rights reserved',)
    >>> _necessary_literals(r"(?:newsletter|mailing list)")
    ('newsletter', 'mailing list')
    >>> _necessary_literals(r"[a-z]+")
    ()
    """
    try:
        alts, _ = _parse_alternation(pattern, 0)
    except (IndexError, ValueError):
        return ()
    best = _best_of_alternation(alts)
    if best and all(len(lit) >= 3 or (len(lit) >= 2 and not lit.isascii()) for lit in best):
        return best
    return ()


# Parsed items: ("lit", char) | ("digit",) | ("any",) | ("zw",) zero-width | ("opt",) optional
# | ("group", alternatives); each with its minimum count.
_Item = tuple[tuple[object, ...], int]


def _parse_alternation(p: str, i: int) -> tuple[list[list[_Item]], int]:
    alts: list[list[_Item]] = [[]]
    while i < len(p):
        c = p[i]
        if c == "|":
            alts.append([])
            i += 1
            continue
        if c == ")":
            return alts, i
        node: tuple[object, ...]
        if c == "\\":
            e = p[i + 1]
            i += 2
            if e in "bBAZ":
                node = ("zw",)
            elif e == "d":
                node = ("digit",)
            elif e.isalnum():
                node = ("any",)  # \d \w \s \n ...
            else:
                node = ("lit", e)
        elif c == "[":
            j = i + 1
            if j < len(p) and p[j] == "^":
                j += 1
            if j < len(p) and p[j] == "]":
                j += 1
            while p[j] != "]":
                j += 2 if p[j] == "\\" else 1
            i = j + 1
            node = ("any",)
        elif c == "(":
            if p.startswith("(?:", i):
                inner, j = _parse_alternation(p, i + 3)
                node = ("group", inner)
            elif p.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
                _, j = _parse_alternation(p, i + (4 if p[i + 2] == "<" else 3))
                node = ("zw",)
            elif p.startswith("(?", i):
                raise ValueError("unsupported group")
            else:
                inner, j = _parse_alternation(p, i + 1)
                node = ("group", inner)
            if p[j] != ")":
                raise ValueError("unbalanced")
            i = j + 1
        elif c in ".":
            node = ("any",)
            i += 1
        elif c in "^$":
            node = ("zw",)
            i += 1
        else:
            node = ("lit", c)
            i += 1
        # quantifier
        lo, many = 1, False
        if i < len(p) and p[i] in "?*+{":
            q = p[i]
            if q == "{":
                j = p.index("}", i)
                lo_s = p[i + 1 : j].split(",")[0]
                lo = int(lo_s) if lo_s else 0
                many = True
                i = j + 1
            else:
                lo = 0 if q in "?*" else 1
                many = q != "?"
                i += 1
            if i < len(p) and p[i] in "?+":
                i += 1
        if lo == 0:
            node = ("opt",)  # optional: proves nothing
        elif many and node[0] == "lit":
            alts[-1].append((node, lo))
            node = ("any",)  # a repeated literal ends the run
            lo = 1
        alts[-1].append((node, lo))
    return alts, i


def _best_of_sequence(seq: list[_Item]) -> tuple[str, ...]:
    options: list[tuple[str, ...]] = []
    run: list[str] = []
    for node, _lo in seq:
        kind = node[0]
        if kind == "lit":
            run.append(str(node[1]))
            continue
        if run:
            options.append(("".join(run),))
            run = []
        if kind == "group":
            sub = _best_of_alternation(node[1])  # type: ignore[arg-type]
            if sub:
                options.append(sub)
    if run:
        options.append(("".join(run),))
    if not options:
        return ()
    return max(options, key=lambda o: (min(map(len, o)), -len(o)))


def _best_of_alternation(alts: list[list[_Item]]) -> tuple[str, ...]:
    out: list[str] = []
    for seq in alts:
        best = _best_of_sequence(seq)
        if not best:
            return ()
        out.extend(best)
    return tuple(dict.fromkeys(out))


# --------------------------------------------------------------------------------------
# Stopwords
# --------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _stopwords(lang: str) -> frozenset[str]:
    """The language's most frequent words, as listed in its lexicon file (derived
    from the shipped dictionaries / wordfreq); all languages' for "und" or a
    language without a file."""
    code = _canonical(lang)
    langs = (code,) if code in _lexicon_languages() else _lexicon_languages()
    words: set[str] = set()
    for one in langs:
        for cat, _kind, value in _read_lexicon(one):
            if cat == _STOPWORD_CATEGORY:
                words.update(value.split())
    return frozenset(words)


# --------------------------------------------------------------------------------------
# Line features and the linear model
# --------------------------------------------------------------------------------------

_TERMINAL = frozenset('.!?…"”»。！？」』؟۔।')
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SEPARATOR = re.compile(r"\s[|›»·•/>–—]\s|\s[|›»·•]|[|›»·•]\s")
_DIGIT = re.compile(r"\d")
_DIGIT_WINDOW = 200  # the digit share is that of a line's first 200 characters
_DIGIT_TO_ZERO = str.maketrans("123456789", "000000000")
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|oktober|"
    "dezember|janv|févr|mars|avr|juin|juil|août|sept|déc|janvier|février|avril|juillet|septembre|"
    "octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    "octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio|settembre|ottobre|"
    "dicembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|novembro|dezembro|"
    "januari|februari|maart|mei|augustus|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|"
    "sierpnia|września|października|listopada|grudnia|января|февраля|марта|апреля|мая|июня|"
    "июля|августа|сентября|октября|ноября|декабря"
)
# A date or time and nothing else (bounded repetitions: linear time).
_DATE_ONLY = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    r"sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\w{0,6}\.?,?\s{0,3})?"
    r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\.?\s{1,3}(?:"
    + _MONTHS
    + r")\w{0,8}\.?,?\s{1,3}\d{2,4}"
    r"|(?:"
    + _MONTHS
    + r")\w{0,8}\.?\s{1,3}\d{1,2}(?:st|nd|rd|th)?,?\s{1,3}\d{4}|\d{4}年\d{1,2}月\d{1,2}日)"
    r"(?:,?\s{0,3}(?:at|um|à|a las|alle|às|om|о)?\s{0,3}\d{1,2}[:.h]\d{2}(?:\s{0,2}[ap]\.?m\.?)?"
    r"(?:\s{0,2}(?:uhr|et|est|gmt|utc|cet|cest|pt|pst|edt|bst)\b)?)?\s{0,3}$"
    r"|\d{1,2}[:.]\d{2}(?:\s{0,2}[ap]\.?m\.?)?\s{0,3}(?:uhr)?$"
    r"|(?:\d{1,3}|an?|one)\s{1,3}(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
    r"\s{1,3}ago$",
    re.IGNORECASE,
)
_URL_ONLY = re.compile(
    r"(?:https?://|www\.)\S{1,2000}$|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}$"
)
_TRUNCATED = ("...", "…", "[…]", "[...]", "(…)")
_WORD_BUCKETS = (1, 3, 6, 12, 25)  # upper bounds of the words_* features
_GOOD_WORDS = 10  # a "good" line: a sentence-like paragraph
_END_MARKER_CHARS = 1000
_MIN_STOPWORD_SHARE = 0.1  # below this in the long lines, the language label is doubted
_LEXICON_MAX_WORDS = 30  # longer lines: lexicon hits are weak evidence
_BYLINE_MAX_WORDS = 12  # shorter "By ...", "Photo: ..." lines are removed

#: Feature names, in the order of :data:`_WEIGHTS`.
FEATURES: tuple[str, ...] = (
    "bias",
    "words_1",
    "words_2_3",
    "words_4_6",
    "words_7_12",
    "words_13_25",
    "words_26_up",
    "log_chars",
    "stopword_share",
    "no_stopword",
    "terminal_punct",
    "ends_colon",
    "commas",
    "digit_share",
    "title_case",
    "lexicon",
    "lexicon_weak",
    "separator",
    "date_only",
    "url_only",
    "duplicate",
    "truncated",
    "cjk",
    "position",
    "before_headline",
    "is_title",
    "is_headline",
    "no_content_before",
    "no_content_after",
    "after_end_marker",
    "short_run",
    "context_good",
    "prev_good",
    "next_good",
    "short",
)

_NFEATURES = len(FEATURES)
(
    _BIAS, _WORDS_1, _WORDS_2_3, _WORDS_4_6, _WORDS_7_12, _WORDS_13_25, _WORDS_26_UP, _LOG_CHARS,
    _STOPWORD_SHARE, _NO_STOPWORD, _TERMINAL_PUNCT, _ENDS_COLON, _COMMAS, _DIGIT_SHARE,
    _TITLE_CASE, _LEXICON, _LEXICON_WEAK, _SEPARATOR_F, _DATE_ONLY_F, _URL_ONLY_F, _DUPLICATE,
    _TRUNCATED_F, _CJK_F, _POSITION, _BEFORE_HEADLINE, _IS_TITLE, _IS_HEADLINE,
    _NO_CONTENT_BEFORE, _NO_CONTENT_AFTER, _AFTER_END_MARKER, _SHORT_RUN, _CONTEXT_GOOD,
    _PREV_GOOD, _NEXT_GOOD, _SHORT,
) = range(_NFEATURES)  # fmt: skip

# Fitted on the development half (even-indexed pages) of the benchmark files by
# ``python benchmarks/bench_boilerplate.py --fit``; see that script.
_WEIGHTS: tuple[float, ...] = (
    -0.618, -0.107, 0.051, -0.231, -0.199, -0.203, 0.071, 0.278, 0.419, 0.782,
    1.173, 0.836, 0.652, 1.168, -0.815, -1.881, -1.202, 0.091, -0.812, 0.035,
    -0.068, -1.041, -1.027, -1.613, -1.936, -0.310, -0.730, -1.186, -0.495, -1.856,
    -0.314, 1.370, 0.377, 0.381, 0.222,
)  # fmt: skip

#: Lines whose score clears this probability inside the main stretch are kept.
_REGION_THRESHOLD = 0.25
#: Lines outside the main stretch are kept only above this probability.
_OUTSIDE_THRESHOLD = 0.9
#: Below this many lines of page furniture (see _page_evidence) only the lexicon acts.
_MIN_PAGE_EVIDENCE = 3
#: A second stretch is kept if it scores at least this share of the main one.
_SECONDARY_SHARE = 0.5
#: At most this many heading lines are kept directly above a kept paragraph.
_MAX_HEADINGS = 3


@dataclass
class _Doc:
    """One document cut into lines, with per-line features."""

    lines: list[str]  # physical lines (split on "\n")
    starts: list[int]  # offset of each physical line
    idx: list[int]  # physical index of each non-blank line
    stripped: list[str]
    categories: list[str | None]
    rows: list[list[float]]
    words: list[int]
    good: list[bool]  # sentence-like paragraphs


def _title_parts(title: str) -> list[str]:
    parts = re.split(r"\s+[|–—:·»-]\s+|\s+-\s+|\s*[|｜]\s*", title.lower())
    return [p.strip() for p in parts if len(p.strip()) >= 12]


def _analyse(text: str, lang: str) -> _Doc:
    """Cut ``text`` into lines and compute every non-blank line's feature row."""
    lines = text.split("\n")
    starts = list(accumulate((len(ln) + 1 for ln in lines[:-1]), initial=0))
    idx = [i for i, ln in enumerate(lines) if ln and not ln.isspace()]
    stripped = [lines[i].strip() for i in idx]
    n = len(stripped)
    stop = _stopwords(lang)
    has_cjk = _CJK.search(text) is not None
    counts: dict[str, int] = {}
    for s in stripped:
        counts[s] = counts.get(s, 0) + 1

    tokens: list[list[str]] = []
    norms: list[str] = []
    for s in stripped:
        low = s.lower()
        if "\u0307" in low:
            low = low.replace("i\u0307", "i")
        toks = low.split()
        tokens.append(toks)
        # single spaces only (the usual case): no need to rebuild the line
        flat = low if low.count(" ") + 1 == len(toks) else " ".join(toks)
        norms.append(flat.strip(_EDGE_CHARS))

    # A wrong language label leaves the paragraphs without stopwords: then use
    # the stopwords and interface phrases of every language.
    long_lines = [toks for toks in tokens if len(toks) >= _GOOD_WORDS][:50]
    if long_lines and not has_cjk:
        share = sum(sum(map(stop.__contains__, t)) / len(t) for t in long_lines) / len(long_lines)
        if share < _MIN_STOPWORD_SHARE:
            lang = "und"
            stop = _stopwords(lang)
    cats = load_lexicon(lang).categorize(norms)

    rows: list[list[float]] = []
    words: list[int] = []
    good: list[bool] = []
    for s, toks, cat in zip(stripped, tokens, cats):
        ntok = len(toks)
        nch = len(s)
        cjk = len(_CJK.findall(s)) if has_cjk and nch < 20000 else 0
        if cjk > ntok:
            # Chinese, Japanese: a word is about two characters; the stopword share is
            # that of function characters, scaled to the range of word-level shares.
            nw = ntok + cjk // 2
            sw = min(1.0, 4.0 * sum(map(stop.__contains__, s)) / cjk)
        else:
            nw = ntok
            sw = sum(map(stop.__contains__, toks)) / ntok if ntok else 0.0
        last = s[-1]
        terminal = last in _TERMINAL
        # A long paragraph that mentions cookies or a newsletter is not a notice on
        # that evidence alone: the lexicon only counts as weak evidence there.
        weak = cat is not None and (cat in _WEAK_CATEGORIES or nw > _LEXICON_MAX_WORDS)
        words.append(nw)
        good.append(nw >= _GOOD_WORDS and sw >= 0.15 and (terminal or nw >= 20))
        row = [0.0] * _NFEATURES
        row[_BIAS] = 1.0
        row[_WORDS_1 + bisect_left(_WORD_BUCKETS, nw)] = 1.0
        row[_LOG_CHARS] = math.log1p(nch)
        row[_STOPWORD_SHARE] = sw
        row[_NO_STOPWORD] = float(sw == 0.0)
        row[_TERMINAL_PUNCT] = float(terminal)
        row[_ENDS_COLON] = float(last == ":" or last == "：")
        row[_COMMAS] = min(s.count(",") + s.count("،") + s.count("，") + s.count("、"), 5) / 5.0
        head = s[:_DIGIT_WINDOW]
        digits = len(_DIGIT.findall(head))
        row[_DIGIT_SHARE] = digits / len(head)
        row[_TITLE_CASE] = float(ntok > 1 and s.istitle())
        row[_LEXICON] = float(cat is not None and not weak)
        row[_LEXICON_WEAK] = float(weak)
        row[_SEPARATOR_F] = float(nch < 200 and _SEPARATOR.search(s) is not None)
        row[_DATE_ONLY_F] = float(
            nch <= 60 and (digits > 0 or s.endswith("ago")) and _DATE_ONLY.match(s) is not None
        )
        row[_URL_ONLY_F] = float(ntok == 1 and _URL_ONLY.match(s) is not None)
        row[_DUPLICATE] = float(counts[s] > 1)
        row[_TRUNCATED_F] = float(s.endswith(_TRUNCATED))
        row[_CJK_F] = float(cjk > 0)
        row[_SHORT] = float(nw <= 4)
        rows.append(row)

    # The page title: the first line that is not interface text; the headline
    # is a later line repeating (part of) it.
    title = next((j for j in range(min(n, 5)) if cats[j] is None), 0)
    headline = -1
    if n:
        parts = _title_parts(stripped[title])
        if parts:
            for j in range(title + 1, min(n, 400)):
                low = stripped[j].lower()
                if len(low) >= 12 and any(
                    p == low or p.startswith(low) or low.startswith(p) for p in parts
                ):
                    headline = j
                    break
    good_chars = [len(s) if g else 0 for s, g in zip(stripped, good)]
    total_good = sum(good_chars)
    seen_good = 0
    end_marker = False
    run_start = 0
    for j, row in enumerate(rows):
        row[_POSITION] = j / (n - 1) if n > 1 else 0.0
        row[_BEFORE_HEADLINE] = float(j < headline)
        row[_IS_TITLE] = float(j == title)
        row[_IS_HEADLINE] = float(j == headline)
        row[_NO_CONTENT_BEFORE] = float(seen_good == 0)
        seen_good += good_chars[j]
        row[_NO_CONTENT_AFTER] = float(seen_good >= total_good)
        row[_AFTER_END_MARKER] = float(end_marker)
        # An end marker ("Related articles", "12 comments", a share bar) after the
        # article's first stretch of text: what follows is likely not the article.
        if cats[j] in _TAIL_CATEGORIES and seen_good >= min(0.5 * total_good, _END_MARKER_CHARS):
            end_marker = True
        lo, hi = max(0, j - 3), min(n, j + 4)
        row[_CONTEXT_GOOD] = (sum(good[lo:hi]) - good[j]) / max(1, hi - lo - 1)
        row[_PREV_GOOD] = float(j > 0 and good[j - 1])
        row[_NEXT_GOOD] = float(j + 1 < n and good[j + 1])
        if row[_SHORT]:  # runs of short lines: log of the run's length
            if j == 0 or not rows[j - 1][_SHORT]:
                run_start = j
            if j + 1 == n or not rows[j + 1][_SHORT]:
                length = math.log(j - run_start + 1)
                for k in range(run_start, j + 1):
                    rows[k][_SHORT_RUN] = length
    return _Doc(lines, starts, idx, stripped, cats, rows, words, good)


def _max_segment(values: Sequence[float]) -> tuple[int, int]:
    """Start and end (inclusive) of the contiguous stretch with the largest sum."""
    best = -math.inf
    best_start = best_end = 0
    current = 0.0
    start = 0
    for i, v in enumerate(values):
        if current <= 0.0:
            current = v
            start = i
        else:
            current += v
        if current > best:
            best = current
            best_start, best_end = start, i
    return best_start, best_end


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


# --------------------------------------------------------------------------------------
# Corpus statistics
# --------------------------------------------------------------------------------------

#: Line fingerprints kept per group; when full, the rarest half is dropped.
_REPEAT_CAPACITY = 5000
#: Groups kept; the least recently observed one is dropped beyond this.
_MAX_GROUPS = 64
_REPEAT_MAX_CHARS = 500


def _fingerprint(stripped: str) -> int:
    key = " ".join(stripped.lower().split()).translate(_DIGIT_TO_ZERO)
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) ^ (len(key) << 32)


class _RepeatCounter:
    """Documents per line fingerprint for one group, with bounded size."""

    __slots__ = ("counts", "docs")

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}
        self.docs = 0

    def add(self, fingerprints: set[int]) -> None:
        self.docs += 1
        counts = self.counts
        for fp in fingerprints:
            counts[fp] = counts.get(fp, 0) + 1
        if len(counts) > _REPEAT_CAPACITY:
            # Keep the most frequent half: template lines recur in most documents
            # and survive; one-off content lines are what gets dropped.
            keep = sorted(counts.items(), key=lambda kv: -kv[1])[: _REPEAT_CAPACITY // 2]
            self.counts = dict(keep)

    def __getstate__(self) -> tuple[dict[int, int], int]:
        return self.counts, self.docs

    def __setstate__(self, state: tuple[dict[int, int], int]) -> None:
        self.counts, self.docs = state


# --------------------------------------------------------------------------------------
# The stage
# --------------------------------------------------------------------------------------


class BoilerplateStage:
    """Removes interface lines from web-page text; learns template lines per group.

    >>> from textrepair.stage import Context
    >>> stage = BoilerplateStage(Config())
    >>> text, edits = stage.process("Hello.", Context("en", Config()))
    >>> text, edits
    ('Hello.', [])
    """

    name: ClassVar[str] = "boilerplate"

    def __init__(self, config: Config) -> None:
        if not isinstance(config, Config):
            raise TypeError(f"config must be a textrepair.Config, not {type(config).__name__}")
        self.config = config
        self._groups: dict[str | None, _RepeatCounter] = {}

    # -- corpus mode -------------------------------------------------------------------

    def observe(self, text: str, ctx: Context) -> None:
        """Count the document's lines for its group (``ctx.group``)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        fps = {
            _fingerprint(s)
            for s in (ln.strip() for ln in text.split("\n"))
            if s and len(s) <= _REPEAT_MAX_CHARS
        }
        groups = self._groups
        counter = groups.pop(ctx.group, None)  # re-inserted last: most recently used
        if counter is None:
            counter = _RepeatCounter()
            if len(groups) >= _MAX_GROUPS:
                del groups[next(iter(groups))]
        groups[ctx.group] = counter
        counter.add(fps)

    def repeat_count(self, line: str, group: str | None = None) -> int:
        """In how many observed documents of ``group`` ``line`` occurred (digits ignored).

        >>> from textrepair.stage import Context
        >>> stage = BoilerplateStage(Config())
        >>> for _ in range(3):
        ...     stage.observe("Body text.\\n© 2024 Example", Context("en", Config(), "ex"))
        >>> stage.repeat_count("© 2025 Example", "ex"), stage.repeat_count("Other", "ex")
        (3, 0)
        """
        counter = self._groups.get(group)
        return counter.counts.get(_fingerprint(line.strip()), 0) if counter else 0

    # -- per document ------------------------------------------------------------------

    def process(self, text: str, ctx: Context) -> tuple[str, list[Edit]]:
        """Remove the boilerplate lines of ``text``; one edit per removed line."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        if "\n" not in text.strip():
            return text, []  # a single line is never cut from itself
        doc = _analyse(text, ctx.lang)
        n = len(doc.stripped)
        if n < 2:
            return text, []
        verdicts = self._decide(doc, ctx)
        removed = [v for v in verdicts if v is not None]
        if not removed:
            return text, []
        total = sum(map(len, doc.stripped))
        kept = total - sum(len(doc.stripped[j]) for j, v in enumerate(verdicts) if v is not None)
        min_keep = self.config.boilerplate_min_keep
        if kept < min_keep * total:
            ctx.notes.append(
                f"boilerplate: kept the whole document: removing {len(removed)} of {n} lines "
                f"would keep {kept / total:.0%} of its text (boilerplate_min_keep={min_keep:g})"
            )
            return text, []
        edits = list(_edits(text, doc, verdicts))
        return _apply(text, edits), edits

    def _decide(self, doc: _Doc, ctx: Context) -> list[tuple[str, float] | None]:
        """Per non-blank line: None (keep) or (reason, confidence) to remove it."""
        rows = doc.rows
        n = len(rows)
        cats = doc.categories
        words = doc.words
        z = [sum(map(mul, row, _WEIGHTS)) for row in rows]
        probs = [_sigmoid(v) for v in z]
        bias = math.log(_REGION_THRESHOLD / (1.0 - _REGION_THRESHOLD))
        shifted = [v - bias for v in z]
        start, end = _max_segment(shifted)
        inside = [False] * n
        for j in range(start, end + 1):
            inside[j] = True
        for lo, hi in _secondary_segments(shifted, start, end):
            for j in range(lo, hi + 1):
                inside[j] = True

        def removable(j: int) -> bool:
            row = rows[j]
            return bool(row[_LEXICON]) or bool(
                row[_LEXICON_WEAK] and cats[j] in _WEAK_CATEGORIES and words[j] <= _BYLINE_MAX_WORDS
            )

        if any(doc.good) and _page_evidence(doc) >= _MIN_PAGE_EVIDENCE:
            keep = [
                (inside[j] or probs[j] > _OUTSIDE_THRESHOLD) and not removable(j) for j in range(n)
            ]
        else:
            # Clean prose, or no paragraph at all: no page layout to judge by, so
            # only the lexicon's interface lines go (not its weak evidence).
            keep = [not rows[j][_LEXICON] for j in range(n)]
        # Headings: short lines directly above a kept paragraph are content.
        for j in range(n - 1, 0, -1):
            if keep[j] and words[j] >= _GOOD_WORDS:
                k = j - 1
                steps = 0
                while k >= 0 and not keep[k] and steps < _MAX_HEADINGS:
                    row = rows[k]
                    if (
                        cats[k] is not None
                        or row[_DATE_ONLY_F]
                        or row[_URL_ONLY_F]
                        or words[k] > 25
                    ):
                        break
                    if row[_BEFORE_HEADLINE] and not row[_IS_HEADLINE] and not row[_IS_TITLE]:
                        break  # navigation above the headline is not a heading
                    keep[k] = True
                    k -= 1
                    steps += 1
        # Corpus mode: template lines of this group.
        counter = self._groups.get(ctx.group)
        min_docs = self.config.boilerplate_repeat_min_docs
        repeats = [0] * n
        if counter is not None and counter.docs >= min_docs:
            counts = counter.counts
            for j, s in enumerate(doc.stripped):
                if len(s) <= _REPEAT_MAX_CHARS:
                    repeats[j] = counts.get(_fingerprint(s), 0)

        verdicts: list[tuple[str, float] | None] = []
        tail_reason = "footer"
        for j in range(n):
            cat = cats[j]
            if j > end and cat in _TAIL_CATEGORIES and rows[j][_LEXICON]:
                tail_reason = cat
            if repeats[j] >= min_docs and not (
                keep[j] and words[j] >= _GOOD_WORDS and probs[j] > 0.5
            ):
                share = repeats[j] / counter.docs  # type: ignore[union-attr]
                verdicts.append(("repeated-line", min(0.99, 0.6 + 0.4 * share)))
            elif keep[j]:
                verdicts.append(None)
            elif cat is not None and (rows[j][_LEXICON] or removable(j)):
                verdicts.append((cat, max(1.0 - probs[j], 0.9)))
            else:
                conf = 1.0 - probs[j]
                if rows[j][_DATE_ONLY_F]:
                    reason = "date-line"
                elif rows[j][_URL_ONLY_F]:
                    reason = "url-line"
                elif j > end and not inside[j]:
                    reason = tail_reason
                else:
                    reason = "nav-line"
                verdicts.append((reason, conf))
        return verdicts


def _page_evidence(doc: _Doc) -> int:
    """How many lines look like page furniture: interface phrases, and link-like
    lines (a few words, no closing punctuation) in runs of three or more, as in
    menus. Clean prose has none, and is then left to the lexicon alone."""
    count = 0
    run = 0
    for row in doc.rows:
        if row[_LEXICON]:
            count += 1
        if row[_SHORT] and not row[_TERMINAL_PUNCT] and not row[_LEXICON]:
            run += 1
            count += 3 if run == 3 else 1 if run > 3 else 0
        else:
            run = 0
    return count


def _secondary_segments(values: Sequence[float], start: int, end: int) -> list[tuple[int, int]]:
    """Other stretches of text worth keeping beside the main one: each must
    score at least a fixed share of the main stretch (an article cut in two by
    an advertisement block, a second column of the same text)."""
    best = sum(values[start : end + 1])
    out = []
    for lo, hi in ((0, start), (end + 1, len(values))):
        if hi - lo < 2:
            continue
        a, b = _max_segment(values[lo:hi])
        score = sum(values[lo + a : lo + b + 1])
        if score >= _SECONDARY_SHARE * best and score > 0:
            out.append((lo + a, lo + b))
    return out


def _edits(text: str, doc: _Doc, verdicts: list[tuple[str, float] | None]) -> Iterator[Edit]:
    """One edit per removed line, taking its line break and the blank lines
    that would otherwise be left behind."""
    idx, starts, lines = doc.idx, doc.starts, doc.lines
    n = len(idx)
    # index of the next kept line after each line (n if none), and of the previous kept line
    next_kept = [n] * (n + 1)
    for j in range(n - 1, -1, -1):
        next_kept[j] = j if verdicts[j] is None else next_kept[j + 1]
    last_kept = max((j for j in range(n) if verdicts[j] is None), default=-1)
    length = len(text)
    for j in range(n):
        v = verdicts[j]
        if v is None:
            continue
        phys = idx[j]
        if next_kept[j] < n or last_kept < 0:
            # Before a kept line: the line, its break and the blank lines after it.
            begin = starts[phys]
            end = starts[idx[j + 1]] if j + 1 < n else length
        else:
            # After the last kept line: the blank lines before it, the line, its break.
            prev = idx[j - 1]
            begin = starts[prev] + len(lines[prev]) + 1
            end = min(length, starts[phys] + len(lines[phys]) + 1) if j + 1 < n else length
        reason, conf = v
        yield Edit(begin, end, text[begin:end], "", "boilerplate", reason, round(conf, 4))


def _apply(text: str, edits: list[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for e in edits:
        parts.append(text[pos : e.start])
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)
