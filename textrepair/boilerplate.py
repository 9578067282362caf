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
   "Comments" marker; a bar of share buttons the article goes on after is no
   such marker, :func:`_end_marker`), and how content-like the neighbouring
   lines are. The
   weights were fitted on the development half of the benchmark pages
   (``benchmarks/bench_boilerplate.py --fit``).
3. **Blocks, not lines.** The main text is the stretch of lines whose summed
   scores is largest (a maximum-sum segment, so a short line between
   paragraphs stays, and a long run of short link-like lines goes); headings
   directly above a paragraph are kept; outside that stretch only clearly
   content-like lines survive. Inside it, a date alone goes, and so does a
   short link-like line between two removed lines (a teaser in a "headline /
   By ... / date" list). Paragraphs form *blocks* (at most one other line
   between two of them): the article's body is the biggest block, and a line
   model feature says how small a line's block is beside it; after the body,
   a run of three or more tiny blocks (each under 5% of the body's
   characters: "headline / author / summary" teasers, comment threads) goes
   with the lines between them (``related-links``), and so does a run of
   small blocks (under 15%) set apart from the body whose other lines score
   as furniture. A line repeating the page title below the start of the body
   is not taken for the headline. When the stretches chosen miss the biggest
   block and it outweighs their paragraphs (:func:`_body_segment`), its best
   stretch is kept too. The main stretch's tail is measured again at a
   stricter threshold: a list of teaser headlines it then leaves off goes
   (:func:`_teaser_tail`). Datelines (a short line with a date and a clock
   time, :func:`_stamp_lines`) go, inside the main text too; closing
   punctuation followed only by invisible characters still counts.

Last, on pages with a layout, a page model (:mod:`textrepair.boilerplate_model`,
weights fitted on the development pages in ``textrepair/lexicons/page_model.json``)
judges the clusters of kept lines apart from the biggest from their context
(their size and place beside it, their share of paragraphs and of short lines,
the interface phrases around them): a cluster it reads as furniture goes
(``page-furniture``), unless it holds the title, the headline or a heading.

Features are computed a column at a time over the whole document rather than
row by row: most passes are C-level ``map`` calls or substring scans, and
sparse columns hold only the lines where a rare feature is set (see
:func:`_analyse`). A document with no interface phrase and no page layout
(no paragraph, or no furniture beside it) loses nothing, and skips all but
the first few columns.

The per-line work has an optional compiled implementation
(``textrepair/_linefeatures.c``, see :mod:`textrepair.native`): each C function
transcribes a pure-Python function here (``_split_lines``, ``_token_stats``,
``_norms``, ``_categorize_indexed``, ``_literal_scan``, ``_line_classes``,
``_dense_columns``, ``_separator_lines``, ``_line_flags``, ``_linear_scores``,
``_lexicon_columns``, ``_short_runs``, ``_link_runs``, ``_drop_isolated``, ``_keep_headings``,
``_max_segment``, ``_sigmoids``, ``_verdicts``, ``_edits``; the lexicon's
unanchored patterns as ``Lexicon.categorize``'s substring scans),
which stays the reference and runs when the extension is missing or
``TEXTREPAIR_PURE=1``; results are identical, floats bit for bit.

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
phrases or runs of link-like lines, one of them an interface phrase outside a
table); clean prose, like the seed article with its two navigation lines, only
loses its lexicon lines. The stage's own output has no interface phrase left,
so a second pass removes nothing (idempotent). When removal would keep
less than ``boilerplate_min_keep`` of a document's characters and less than
half of its sentence-like paragraphs, the document is kept as it is and a note
says so (a short article on a large page keeps its paragraphs and is cut).

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
from collections import Counter
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import accumulate, chain, compress, count, groupby, islice, pairwise, repeat
from operator import add, and_, attrgetter, eq, ge, gt, itemgetter, mul, ne, not_, sub, truediv
from typing import ClassVar, TypeVar

from . import native
from .boilerplate_model import cluster_rows, clusters, load_page_model
from .config import Config
from .edits import Edit
from .stage import Context

# The compiled per-line functions (textrepair/_linefeatures.c), or None: then the
# pure-Python references below run (TEXTREPAIR_PURE=1, or no compiler at install).
_lf = native.linefeatures

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
# Categories of lines that stand between a heading and its paragraph without
# ending the section: an embedded post's fallback text ("View this post on Instagram").
_SEE_THROUGH_CATEGORIES = frozenset({"embed"})
# Categories that are evidence but not a verdict on their own (a "By ..." line).
_WEAK_CATEGORIES = frozenset({"byline"})
_STOPWORD_CATEGORY = "stopwords"
# Regular expressions only look at lines up to this long (interface text is short;
# this also bounds the regex work on pathological input).
_REGEX_MAX_CHARS = 600
# Anchored patterns are indexed by the first _HEAD characters they require.
_HEAD = 3
# ... and a group of them knows up to this many first characters of its matches
# (a line must begin with one such string before the group's regex is tried).
_HEAD_STARTS = 12
# A line's first word: the key of the "PHRASE *" entries.
_FIRST_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class _PatternGroup:
    """Patterns compiled into one alternation, one named group per category."""

    regex: re.Pattern[str]
    categories: dict[str, str]  # group name -> category
    #: strings one of which begins every line the anchored patterns match
    #: among those the group is tried on (see :func:`_group_patterns`), or None
    starts: tuple[str, ...] | None = None
    #: strings one of which every match holds (see :func:`_group_patterns`), or None
    need: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        # (the kernel bisects the starts: sorted, none beginning another)
        s = self.starts
        if s is not None and any(a >= b or b.startswith(a) for a, b in pairwise(s)):
            raise ValueError(f"starts must be sorted, none beginning another: {s!r}")

    def match(self, norm: str) -> str | None:
        if self.starts is not None and not norm.startswith(self.starts):
            return None  # (a necessary condition: no regex call on most lines)
        if self.need is not None and not any(lit in norm for lit in self.need):
            return None  # (another one)
        m = self.regex.match(norm)
        return self.categories[m.lastgroup] if m is not None and m.lastgroup else None

    def search(self, norm: str) -> str | None:
        if self.need is not None and not any(lit in norm for lit in self.need):
            return None
        m = self.regex.search(norm)
        return self.categories[m.lastgroup] if m is not None and m.lastgroup else None


def _group_patterns(
    rules: Sequence[tuple[str, str]],
    first: str | None = None,
    gate: tuple[str, ...] | None = None,
    head: str | None = None,
) -> _PatternGroup:
    """One :class:`_PatternGroup` of the (category, pattern) ``rules``. With
    ``first``, the patterns begin with "^" and are tried with ``match`` on lines
    beginning with that character ("0": a digit; else not a digit): the group
    also knows the strings its matches begin with, when every pattern tells
    (:func:`_starts`), kept to those such lines can begin with and without one
    that a shorter one begins; none when that leaves ``first`` alone. With
    ``gate`` (unanchored patterns, tried with ``search`` on lines holding one of
    these literals), the group also knows other literals one of which every
    match holds, when every pattern tells (:func:`_other_literals`): a line
    without one costs ``in`` tests instead of a regex scan. (Not for anchored
    patterns: a failing ``match`` reads a line's first characters, ``in`` all.)
    With ``head``, the patterns begin with "^" and are tried with ``match`` on
    lines beginning with those :data:`_HEAD` characters: the group knows the
    longer strings (up to :data:`_HEAD_STARTS` characters) its matches begin
    with, when every pattern tells; none when one of them is ``head`` alone.

    >>> rules = [("share", r"^(?:facebook|twitter|x)\\b[ ,|]+\\w+$"), ("ad", r"^ad\\b")]
    >>> _group_patterns(rules, "f").starts, _group_patterns(rules, "a").starts
    (('fac',), ('ad',))
    >>> _group_patterns(rules, "x").starts is None
    True
    >>> _group_patterns(rules, head="twi").starts, _group_patterns(rules, head="fac").starts
    (('twitter',), ('facebook',))
    """
    by_cat: dict[str, list[str]] = {}
    for cat, pattern in rules:
        by_cat.setdefault(cat, []).append(pattern)
    names: dict[str, str] = {}
    parts = []
    for i, (cat, patterns) in enumerate(by_cat.items()):
        name = f"c{i}"
        names[name] = cat
        parts.append(f"(?P<{name}>{'|'.join(f'(?:{p})' for p in patterns)})")
    starts: tuple[str, ...] | None = None
    if first is not None:
        known = [_starts(p[1:], digit=first == "0") for _, p in rules]
        if all(known):
            # (a line of this group begins with ``first``, or a digit for "0")
            own = {
                x for x in frozenset().union(*known) if ("0" if x[0].isdigit() else x[0]) == first
            }
            short = sorted(x for x in own if not any(x.startswith(y) for y in own if y != x))
            starts = None if short == [first] else tuple(short)
    if head is not None:
        known = [_starts(p[1:], k=_HEAD_STARTS) for _, p in rules]
        if all(known):
            # (a line of this group begins with ``head``)
            own = {x for x in frozenset().union(*known) if x.startswith(head)}
            short = sorted(x for x in own if not any(x.startswith(y) for y in own if y != x))
            starts = None if not short or any(len(x) <= len(head) for x in short) else tuple(short)
    need: tuple[str, ...] | None = None
    if gate is not None:
        others = [_other_literals(p, gate) for _, p in rules]
        need = tuple(dict.fromkeys(chain.from_iterable(others))) if all(others) else None
        if need is not None and set(gate) <= set(need):
            need = None  # (it holds the gate's literals: the line holds one)
    return _PatternGroup(re.compile("|".join(parts)), names, starts, need)


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
    #: the first two characters of the "PHRASE *" entries (a cheap filter)
    prefix_starts: frozenset[str] = frozenset()
    #: the compiled index of the gates' literals (see :func:`_literal_scan`), or None
    literal_index: object = field(default=None, repr=False, compare=False)

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

        Equivalent to calling :meth:`category` per line, but the typical line
        costs a few C-level calls: one dictionary lookup for the exact
        phrases, then index lookups on its first characters; only lines whose
        first characters begin some phrase or pattern, or that contain one of
        the unanchored patterns' literals (one regex scan of the document),
        are examined further.

        >>> load_lexicon("en").categorize(["back to top", "the council met", ""])
        ['back-to-top', None, None]
        """
        norms = norms if isinstance(norms, list) else list(norms)
        heads, chars = self.anchored_heads, self.anchored_chars
        if _lf is None:
            prefix = self._prefix if self.prefixes else None
            cats, todo = _categorize_indexed(
                norms, self.exact, self.prefix_starts, prefix, heads, chars, _REGEX_MAX_CHARS, _HEAD
            )
        else:
            # (the kernel reads the dict of "PHRASE *" entries as _prefix does)
            cats, todo = _lf.categorize_indexed(
                norms, self.exact, self.prefix_starts, self.prefixes or None, heads, chars,
                _REGEX_MAX_CHARS, _HEAD,
            )  # fmt: skip
        if self.ungated is not None:
            for j in todo:
                if len(norms[j]) <= 200:
                    cats[j] = self.ungated.search(norms[j])
            todo = [j for j in todo if cats[j] is None]
        if not todo or not self.gated:
            return cats
        if self.literal_index is not None and _lf is not None:
            # The same verdicts from one pass over the lines' characters: per line,
            # the first gate in order whose literal it holds and whose pattern matches.
            _lf.gated_categorize(self.literal_index, norms, todo, self.gated, cats)
            return cats
        lines = [norms[j] for j in todo]
        # Unanchored patterns: only on the lines holding one of their literals,
        # found with one substring scan of the document per literal.
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

    def _prefix(self, norm: str) -> str | None:
        m = _FIRST_WORD.match(norm)
        for phrase, pcat in self.prefixes.get(m.group() if m is not None else "", ()):
            if norm.startswith(phrase) and norm[len(phrase) : len(phrase) + 1] in ("", " "):
                return pcat
        return None

    def _indexed(self, norm: str) -> str | None:
        """Exact phrases, prefixes and anchored patterns (no document-wide scan needed)."""
        cat = self.exact.get(norm)
        if cat is not None or not norm:
            return cat
        if self.prefixes:
            cat = self._prefix(norm)
            if cat is not None:
                return cat
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


def _categorize_indexed(
    norms: list[str],
    exact: dict[str, str],
    starts: frozenset[str],
    prefix: Callable[[str], str | None] | None,
    heads: dict[str, _PatternGroup],
    chars: dict[str, _PatternGroup],
    max_chars: int,
    head_len: int,
) -> tuple[list[str | None], list[int]]:
    """The steps of :meth:`Lexicon.categorize` that need no document-wide scan:
    exact phrases, then (lines of 1 to 1,999 characters) "PHRASE *" entries
    through ``prefix`` when the line's first one or two characters begin one,
    then (lines of at most ``max_chars``) the anchored patterns indexed by the
    first ``head_len`` characters, then by the first character ("0" for a
    digit). Returns the categories and the lines still undecided that the
    unanchored patterns may try. (Reference of ``_linefeatures.categorize_indexed``.)

    >>> lex = load_lexicon("en")
    >>> args = (lex.exact, lex.prefix_starts, lex._prefix, lex.anchored_heads, lex.anchored_chars)
    >>> _categorize_indexed(["back to top", "12 comments", "the council met"], *args, 600, 3)
    (['back-to-top', 'comments', None], [2])
    """
    cats: list[str | None] = list(map(exact.get, norms))
    todo = [j for j, c in enumerate(cats) if c is None and 0 < len(norms[j]) < 2000]
    if not todo:
        return cats, todo
    # Each step keeps the lines still undecided, in the order Lexicon._indexed tries them.
    if prefix is not None:
        hit = [j for j in todo if norms[j][:2] in starts or norms[j][:1] in starts]
        for j in hit:
            cats[j] = prefix(norms[j])
        if hit:
            todo = [j for j in todo if cats[j] is None]
    todo = [j for j in todo if len(norms[j]) <= max_chars]
    for j in todo:
        group = heads.get(norms[j][:head_len])
        if group is not None:
            cats[j] = group.match(norms[j])
    for j in todo:
        if cats[j] is None:
            head = norms[j][0]
            group = chars.get("0" if head.isdigit() else head)
            if group is not None:
                cats[j] = group.match(norms[j])
    return cats, [j for j in todo if cats[j] is None]


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
    interfaces, and the other languages' exact phrases of three or more words:
    a blog platform's "Publier un commentaire" under an English post), loaded
    on first use and cached.

    ``"und"`` or a language without a lexicon file gives the union of all
    shipped lexicons. Raises ``ValueError`` naming the file and line of a
    malformed entry.

    >>> load_lexicon("fr").category("retour en haut")
    'back-to-top'
    >>> load_lexicon("und").category("zum inhalt springen")
    'skip-link'
    >>> en = load_lexicon("en")
    >>> en.category("publier un commentaire"), en.category("accueil")
    ('comments', None)
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
    for lang in _lexicon_languages():
        if lang not in langs:
            for cat, kind, value in _read_lexicon(lang):
                if kind == "exact" and value.count(" ") >= _FOREIGN_MIN_WORDS - 1:
                    exact.setdefault(value, cat)
    literals = [(lit, g) for g, gate in enumerate(gated) for lit in gate]
    index = None
    compiled = native.linefeatures  # (not _lf, which the kernel checker switches off)
    if compiled is not None and literals:
        index = compiled.literal_index([lit for lit, _ in literals], [g for _, g in literals])
    return Lexicon(
        langs=langs,
        exact=exact,
        prefixes={k: tuple(v) for k, v in prefixes.items()},
        anchored_heads={k: _group_patterns(v, head=k) for k, v in by_head.items()},
        anchored_chars={k: _group_patterns(v, k) for k, v in by_char.items()},
        gated=tuple((g, _group_patterns(v, gate=g)) for g, v in gated.items()),
        literal_index=index,
        ungated=_group_patterns(ungated) if ungated else None,
        stopwords=frozenset(stopwords),
        prefix_starts=frozenset(p[:2] for group in prefixes.values() for p, _ in group),
    )


# Another language's interface phrase of at least this many words, as a whole
# line, is interface text on any page ("Publier un commentaire" under an English
# post: a blog platform speaks its user's language, not the post's).
_FOREIGN_MIN_WORDS = 3


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


def _starts(pattern: str, digit: bool = True, k: int = _HEAD) -> frozenset[str]:
    """Strings of at most ``k`` characters one of which every match of
    ``pattern`` (which must match at the line start) begins with: each
    alternative's literal characters up to the first item the reader cannot
    spell out. Empty when some alternative may begin with anything (or the
    pattern cannot be read): no such strings can be proven. With ``digit``
    false the lines tried do not begin with a digit: alternatives beginning
    with ``\\d`` cannot match them and add nothing.

    Unlike :func:`_heads`, which needs full-length heads of every alternative,
    this keeps what each alternative tells ("x" of "(?:facebook|x)\\b...").

    >>> sorted(_starts(r"(?:facebook|twitter|x)\\b[ ,|]+\\w+$"))
    ['fac', 'twi', 'x']
    >>> sorted(_starts(r"(?:ad|advertisement)\\b"))
    ['ad', 'adv']
    >>> _starts(r"\\d+ comments$"), _starts(r"(?:share|[a-z]+ this)$")
    (frozenset(), frozenset())
    >>> sorted(_starts(r"(?:\\d+|no|one) comments$", digit=False))
    ['no ', 'one']
    """
    try:
        alts, _ = _parse_alternation(pattern, 0)
    except (IndexError, ValueError):
        return frozenset()
    out: set[str] = set()
    for seq in alts:
        out |= _starts_of(seq, k, digit)
    return frozenset() if "" in out or len(out) > 256 else frozenset(out)


def _starts_of(items: list[_Item], k: int, digit: bool) -> set[str]:
    """The literal beginnings (at most ``k`` characters) of the matches of the
    parsed sequence ``items``; {""} where nothing is known. Without ``digit``
    a sequence beginning with a digit has none (the empty set)."""
    if k == 0 or not items:
        return {""}
    (node, _lo), rest = items[0], items[1:]
    kind = node[0]
    if kind == "zw":
        return _starts_of(rest, k, digit)
    if kind == "lit":
        return {str(node[1]) + s for s in _starts_of(rest, k - 1, True)}
    if kind == "group":
        out: set[str] = set()
        for alt in node[1]:  # type: ignore[attr-defined]
            out |= _starts_of(alt + rest, k, digit)
            if len(out) > 256:
                return {""}
        return out
    if kind == "digit" and not digit:
        return set()  # (a required \\d: "digit" items have a minimum count of 1)
    return {""}  # a class, a digit, anything optional: any beginning


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
        elif many and node[0] in ("lit", "group"):
            alts[-1].append((node, lo))
            # A repeated literal or group ends the run: what follows its first
            # occurrence may be another one ("(?:ab)+c" matches "ababc").
            node = ("any",)
            lo = 1
        alts[-1].append((node, lo))
    return alts, i


def _other_literals(pattern: str, gate: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Literal strings, one of which occurs in every match of ``pattern``, as
    :func:`_necessary_literals` finds them, but other than ``gate`` (literals
    already known to be in the line) when the pattern has another such set
    (the longest, none shorter than the gate's); empty when none is proven.

    >>> _other_literals(r"\\((?:opens|open) in (?:a )?new (?:window|tab)\\)$", (" in ",))
    ('new ',)
    >>> _other_literals(r"^\\d+ comments?$"), _other_literals(r"[a-z]+")
    ((' comment',), ())
    """
    try:
        alts, _ = _parse_alternation(pattern, 0)
    except (IndexError, ValueError):
        return ()
    if len(alts) == 1:
        ok = [
            o
            for o in _sequence_options(alts[0])
            if set(o) != set(gate)
            and all(len(lit) >= 3 or (len(lit) >= 2 and not lit.isascii()) for lit in o)
            # (not shorter than the gate: likely no more common in text)
            and min(map(len, o)) >= min(map(len, gate), default=0)
        ]
        if ok:
            return max(ok, key=lambda o: (min(map(len, o)), -len(o)))
    return _necessary_literals(pattern)


def _sequence_options(seq: list[_Item]) -> list[tuple[str, ...]]:
    """The literal sets of a parsed sequence each of which a match must hold
    one of: its runs of literal characters, and its groups' sets."""
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
    return options


def _best_of_sequence(seq: list[_Item]) -> tuple[str, ...]:
    options = _sequence_options(seq)
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


@lru_cache(maxsize=64)
def _european_script(lang: str) -> bool:
    """Whether the language is written below U+0590 (Latin, Greek, Cyrillic,
    Armenian), as its stopwords show; False for "und" (all languages').

    >>> _european_script("de"), _european_script("und")
    (True, False)
    """
    stop = _stopwords(lang)
    return bool(stop) and all(c < "\u0590" for w in stop for c in w)


def _own_script_stats(
    low: list[str],
    ntok: list[int],
    sw: list[float],
    stop: frozenset[str],
    other: Callable[[str], object],
) -> None:
    """Leave out of each line's token count and stopword share the tokens
    written only in another script (:data:`_OTHER_SCRIPT`, no letter below
    U+0590), when the line has tokens of its own: a Japanese name or an Arabic
    phrase quoted in a German sentence does not make it less of a sentence.
    For a page in a European script; changes ``ntok`` and ``sw`` in place.
    ``other`` says whether a line holds a character of another script
    (``_OTHER_SCRIPT.search``, or the kernel's ``has_other_script``).

    >>> ntok, sw, stop = [4, 1], [0.25, 0.0], frozenset({"der", "ist"})
    >>> _own_script_stats(["der name 東京 ist", "東京"], ntok, sw, stop, _OTHER_SCRIPT.search)
    >>> ntok, sw
    ([3, 1], [0.6666666666666666, 0.0])
    """
    # (``other`` is mapped over the lines at C level: the loop visits only theirs)
    for j in compress(range(len(low)), map(other, low)):
        toks = low[j].split()
        own = [t for t in toks if not _foreign_token(t)]
        if own and len(own) < len(toks):
            ntok[j] = len(own)
            sw[j] = sum(map(stop.__contains__, own)) / len(own)


def _foreign_token(token: str) -> bool:
    return _OTHER_SCRIPT.search(token) is not None and not any(
        c < "\u0590" and c.isalpha() for c in token
    )


def _best_language(long_low: list[str], label: str) -> str:
    """The lexicon language whose stopwords make the largest share of the
    tokens of ``long_low`` (a page's long lines, lowercase), when that share
    reaches :data:`_MIN_STOPWORD_SHARE`; else "und" (every language).
    Called when the page's label fails that test, for the lexicon to read it
    with: the stopwords of every language still judge its lines, but the
    all-language lexicon would read words of the page's own language as
    interface phrases ("Agenda") once a first pass has removed the lines in
    the labelled language, and a second pass would then judge the layout.

    >>> _best_language(["the cat sat on the mat and looked at the dog"], "de")
    'en'
    >>> _best_language(["xq zzv"], "de")
    'und'
    """
    best, best_share = "und", _MIN_STOPWORD_SHARE
    for one in _lexicon_languages():
        stop = _stopwords(one)
        if one == _canonical(label) or not stop:
            continue
        if _lf is None:
            sw = _token_stats(long_low, stop)[1]
        else:
            sw = _lf.token_stats(long_low, _stop_index(one))[1]
        share = sum(sw) / len(sw)
        if share >= best_share:
            best, best_share = one, share
    return best


@lru_cache(maxsize=64)
def _stop_index(lang: str) -> object:
    """:func:`_stopwords` as the compiled kernel's lookup table (kernel only)."""
    assert _lf is not None
    return _lf.stop_index(_stopwords(lang))


# --------------------------------------------------------------------------------------
# Line features and the linear model
# --------------------------------------------------------------------------------------

_TERMINAL = frozenset('.!?…"”»。！？」』؟۔।')
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# Scripts from Hebrew on, CJK, Hangul and the astral planes (emoji): not a
# European page's own (the private use area, icon fonts' glyphs, is left out).
_OTHER_SCRIPT = re.compile(r"[\u0590-\u1dff\u2e80-\ud7ff\U00010000-\U0010ffff]")
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
_DATE_WEEKDAYS = (
    "mon|tue|wed|thu|fri|sat|sun|montag|dienstag|mittwoch|donnerstag|freitag|samstag|"
    "sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
)


def _word_trie(words: Iterable[str]) -> str:
    """A regular expression for exactly the strings ``words`` (escaped), as a
    prefix tree: the same strings as their plain alternation, but ``re`` tries
    each first character once instead of every word at each position.

    >>> _word_trie(["jan", "januar", "juni", "mai"])
    '(?:(?:j(?:an(?:uar)?|uni)|mai))'
    >>> _word_trie(["mon", "montag"]), _word_trie([])
    ('(?:mon(?:tag)?)', '(?:)')
    """
    words = sorted(set(words))

    def node(suffixes: list[str]) -> str:
        by_first: dict[str, list[str]] = {}
        for w in suffixes:
            if w:
                by_first.setdefault(w[0], []).append(w[1:])
        alts = [re.escape(c) + node(rest) for c, rest in by_first.items()]
        if not alts:
            return ""
        if "" in suffixes:  # a word ends here: what follows is optional
            return f"(?:{'|'.join(alts)})?"
        return alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})"

    return f"(?:{node(words)})"


def _date_only_pattern(months: str, weekdays: str) -> str:
    """:data:`_DATE_ONLY`'s pattern with these alternations of month and
    weekday names (the plain lists, or their :func:`_word_trie`: the same
    strings match)."""
    return (
        r"(?:(?:" + weekdays + r")\w{0,6}\.?,?\s{0,3})?"
        r"(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}\.?\s{1,3}(?:"
        + months
        + r")\w{0,8}\.?,?\s{1,3}\d{2,4}"
        r"|(?:"
        + months
        + r")\w{0,8}\.?\s{1,3}\d{1,2}(?:st|nd|rd|th)?,?\s{1,3}\d{4}|\d{4}年\d{1,2}月\d{1,2}日)"
        r"(?:,?\s{0,3}(?:at|um|à|a las|alle|às|om|о)?\s{0,3}\d{1,2}[:.h]\d{2}"
        r"(?:\s{0,2}[ap]\.?m\.?)?"
        r"(?:\s{0,2}(?:uhr|et|est|gmt|utc|cet|cest|pt|pst|edt|bst)\b)?)?\s{0,3}$"
        r"|\d{1,2}[:.]\d{2}(?:\s{0,2}[ap]\.?m\.?)?\s{0,3}(?:uhr)?$"
        r"|(?:\d{1,3}|an?|one)\s{1,3}(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
        r"\s{1,3}ago$"
    )


def _stamp_date_pattern(months: str) -> str:
    """:data:`_STAMP_DATE`'s pattern with this alternation of month names."""
    return (
        r"\b(?:\d{1,2}\.?\s{1,3}(?:de\s{1,3})?(?:"
        + months
        + r")\w{0,8}\.?,?\s{1,3}(?:del?\s{1,3})?\d{4}|(?:"
        + months
        + r")\w{0,8}\.?\s{1,3}\d{1,2}(?:st|nd|rd|th)?,?\s{1,3}\d{4})"
    )


# The month and weekday names as prefix trees: ``re`` has no fast path for an
# alternation of case-insensitive words, and tried each of the ~130 names at
# every word start (H31: 3x faster on the pages' lines, the same matches).
_MONTHS_TRIE = _word_trie(_MONTHS.split("|"))
_WEEKDAYS_TRIE = _word_trie(_DATE_WEEKDAYS.split("|"))
# A date or time and nothing else (bounded repetitions: linear time).
_DATE_ONLY = re.compile(_date_only_pattern(_MONTHS_TRIE, _WEEKDAYS_TRIE), re.IGNORECASE)
# The last character of a stripped line that _DATE_ONLY matches: a digit (also
# any other decimal digit, as \d), "日", the end of "am"/"pm", a time zone or
# "uhr", or "ago" (with their capitals: re's IGNORECASE adds no other character
# to these); "." only after "m" ("a.m."). A necessary condition, tested first.
_DATE_ONLY_LAST = frozenset("0123456789日mrtcoMRTCO")


def _may_be_date_only(line: str) -> bool:
    """False when :data:`_DATE_ONLY` cannot match the stripped, non-empty
    ``line`` (its last character tells); True when it may.

    >>> [_may_be_date_only(s) for s in ("12 May 2020", "5 p.m.", "3 comments", "Nov. 3.")]
    [True, True, False, False]
    """
    c = line[-1]
    return c in _DATE_ONLY_LAST or c.isdecimal() or (c == "." and line[-2:-1] in ("m", "M"))


# A dateline: a date with the month in words and a clock time, in a short line
# ("Published 2:16 AM EST Nov 20, 2019", "von X am 14. Mai 2014, 15:40 Uhr",
# "5 de mayo de 2022, 6:12 pm").
_STAMP_DATE = re.compile(_stamp_date_pattern(_MONTHS_TRIE), re.IGNORECASE)
_STAMP_TIME = re.compile(
    r"\b\d{1,2}[:.h]\d{2}(?:\s{0,2}[ap]\.?m\b|\s{0,2}(?:uhr|et|est|gmt|utc|cet|cest|pt|pst|"
    r"edt|bst|ist)\b|(?![\d.,]))",
    re.IGNORECASE,
)
_STAMP_MAX_WORDS = 16
# A dateline may close with its time ("at 11:08 a.m."); other closing punctuation
# makes it a sentence ("The talk starts on 14 May 2022 at 19:30.").
_STAMP_END = re.compile(r"\d\s{0,2}[ap]\.m\.$", re.IGNORECASE)
# Bylines that are only names: "By Jill Disis, CNN Business", "Von Heike Buchter"
_BY_PREFIXES = tuple(
    f"{w} " for w in ("By", "Par", "Por", "Von", "Di", "Door", "Przez", "Av", "Af")
)
_BY_PARTS = re.compile(r",\s+|\s+(?:and|und|et|y|e|i|en|&|\|)\s+")
_BY_MAX_WORDS = 8
_BY_MAX_CHARS = 200
# Image credits: a photographer's or agency's mark opening a line or closing it
# (within its last characters, no sentence after it), as captions carry them.
_CREDIT_MARK = (
    r"(?:©|(?:foto|fotos|photo|photos|photograph|bild|bildquelle|bilder|crédits? photos?|"
    r"crédit|credit|credits|image|images|abbildung|zdjęcie|fot)\s?(?:by|:)|getty\s?images|"
    r"shutterstock|istock(?:photo)?|pixelio|imago|picture alliance|unsplash|pexels|pixabay|"
    r"wikimedia commons|[/(|]\s?(?:reuters|afp|dpa|epa|ap)\b)"
)
# (matched on lowercased lines holding one of these literals, or "©")
_CREDIT_LITERALS = (
    "foto", "photo", "bild", "crédit", "credit", "image", "abbildung", "zdjęcie", "fot",
    "getty", "shutterstock", "istock", "pixelio", "imago", "picture alliance", "unsplash",
    "pexels", "pixabay", "wikimedia", "reuters", "afp", "dpa", "epa", "/ap", "/ ap", "(ap",
    "( ap", "|ap", "| ap",
)  # fmt: skip
_CREDIT_HEAD = re.compile(r"\W{0,3}" + _CREDIT_MARK)
_CREDIT_TAIL = re.compile(
    r"(?:(?:^|[\s|/(\-–—,])" + _CREDIT_MARK + r"|©)(?:[^.!?]|\.[a-z]{2,4}\b){0,60}\)?\.?$"
)
_CREDIT_TAIL_CHARS = 120
# A caption flattened onto its credit: "... died in MayCredit: The Siberian Times"
# (cased: the glued capital is the only mark; after at least five words).
_CREDIT_GLUED = re.compile(
    r"[a-z.!?)”](?:Credit|Credits|Photo|Photos|Foto|Fotos|Bild|Image|Crédit|Crédits|Zdjęcie)"
    r":\s?\S(?:[^.!?]|\.[a-z]{2,4}\b){0,60}\)?\.?$"
)
_CREDIT_GLUED_WORDS = 5
_COPYRIGHT_SIGN = re.compile("©")
_CREDIT_MAX_WORDS = 40
_URL_ONLY = re.compile(
    r"(?:https?://|www\.)\S{1,2000}$|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}$"
)
# Every _URL_ONLY match begins with one of these (case-sensitive) or holds "@".
_URL_STARTS = ("http://", "https://", "www.")


_TRUNCATED = ("...", "…", "[…]", "[...]", "(…)")
_WORD_BUCKETS = (1, 3, 6, 12, 25)  # upper bounds of the words_* features
_GOOD_WORDS = 10  # a "good" line: a sentence-like paragraph
_GOOD_SHARE = 0.15  # ... with this stopword share
_LONG_WORDS = 20  # ... and closing punctuation or this many words
_END_MARKER_CHARS = 1000
# Interface bars an article can go on after (share, follow): an end marker only
# when fewer than this many paragraph characters follow them (see _end_marker).
_BAR_CATEGORIES = frozenset({"share-button"})
_BAR_CONTINUATION_CHARS = 200
_BAR_MIN_BUTTONS = 2  # a bar: a run of at least this many interface lines
_MIN_STOPWORD_SHARE = 0.1  # below this in the long lines, the language label is doubted
_LEXICON_MAX_WORDS = 30  # longer lines: lexicon hits are weak evidence
_BYLINE_MAX_WORDS = 12  # shorter "By ...", "Photo: ..." lines are removed
# A line of this many words ending like a sentence is only weak evidence when it
# matched an open-ended lexicon entry ("PHRASE *" or a pattern), except in the
# categories whose interface text is itself written in sentences.
_SENTENCE_WORDS = 3
_SENTENCE_CATEGORIES = frozenset({"cookie-notice", "newsletter", "login-prompt", "footer", "ad"})

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
    "small_block",
)

_NFEATURES = len(FEATURES)
(
    _BIAS, _WORDS_1, _WORDS_2_3, _WORDS_4_6, _WORDS_7_12, _WORDS_13_25, _WORDS_26_UP, _LOG_CHARS,
    _STOPWORD_SHARE, _NO_STOPWORD, _TERMINAL_PUNCT, _ENDS_COLON, _COMMAS, _DIGIT_SHARE,
    _TITLE_CASE, _LEXICON, _LEXICON_WEAK, _SEPARATOR_F, _DATE_ONLY_F, _URL_ONLY_F, _DUPLICATE,
    _TRUNCATED_F, _CJK_F, _POSITION, _BEFORE_HEADLINE, _IS_TITLE, _IS_HEADLINE,
    _NO_CONTENT_BEFORE, _NO_CONTENT_AFTER, _AFTER_END_MARKER, _SHORT_RUN, _CONTEXT_GOOD,
    _PREV_GOOD, _NEXT_GOOD, _SHORT, _SMALL_BLOCK,
) = range(_NFEATURES)  # fmt: skip

# Fitted on the development half (even-indexed pages) of the benchmark files by
# ``python benchmarks/bench_boilerplate.py --fit``; see that script.
_WEIGHTS: tuple[float, ...] = (
    -0.457, -0.119, 0.023, -0.309, -0.271, -0.038, 0.257, 0.277, 0.540, 0.735,
    1.350, 0.827, 0.567, 1.157, -0.811, -1.887, -1.172, 0.082, -0.811, 0.039,
    -0.078, -1.066, -1.109, -1.656, -1.962, -0.324, -0.748, -1.231, -0.562, -1.773,
    -0.331, 1.093, 0.393, 0.393, 0.215, -1.408,
)  # fmt: skip


def _cased(literals: Sequence[str]) -> tuple[str, ...]:
    """``literals`` (lowercase) as written, in capitals, and with their first
    letter a capital ("(links)", "(LINKS)", "(Links)"), without repeats."""
    out: dict[str, None] = {}
    for lit in literals:
        i = next((k for k, c in enumerate(lit) if c.isalpha()), 0)
        out.update(dict.fromkeys((lit, lit.upper(), lit[:i] + lit[i:].capitalize())))
    return tuple(out)


#: Lines whose score clears this probability inside the main stretch are kept.
_REGION_THRESHOLD = 0.25
#: Lines outside the main stretch are kept only above this probability.
_OUTSIDE_THRESHOLD = 0.9
# Its logit, a little lower: a cheap necessary condition before the exact test.
_OUTSIDE_LOGIT = math.log(_OUTSIDE_THRESHOLD / (1.0 - _OUTSIDE_THRESHOLD)) - 1e-9
#: Below this many lines of page furniture (see _page_evidence) only the lexicon acts.
_MIN_PAGE_EVIDENCE = 3
#: The page layout is judged only with at least this many interface phrases
#: outside tables: the stage's own output has none, so a second pass leaves it
#: to the lexicon alone and removes nothing (idempotence; see _has_layout).
_MIN_INTERFACE_LINES = 1
#: A second stretch is kept if it scores at least this share of the main one.
_SECONDARY_SHARE = 0.5
#: The main stretch's tail is measured again at this stricter probability: the
#: lines it cuts off go when they read as a list of teaser headlines (see
#: _teaser_tail): at least _TAIL_LINES lines, _TAIL_HEADLINES of them headlines
#: of at most _TAIL_WORDS words, and at most _TAIL_LABELS more short lines than
#: headlines.
_TAIL_THRESHOLD = 0.4
_TAIL_LOGIT = math.log(_TAIL_THRESHOLD / (1.0 - _TAIL_THRESHOLD))
_TAIL_LINES = 3
_TAIL_HEADLINES = 3
_TAIL_WORDS = 15
_TAIL_LABELS = 2
#: A document cut below ``boilerplate_min_keep`` is still cut if it keeps this
#: share of its paragraph characters.
_MIN_KEEP_PARAGRAPHS = 0.5
#: Longest teaser line (in words) that goes when both its neighbours go.
_ISOLATED_WORDS = 15
#: Longest run of such lines that goes.
_ISOLATED_RUN = 1
#: Runs of this many small blocks of paragraphs after the main one go ...
_SMALL_RUN = 3
#: ... a small block having under this share of the main one's characters.
_SMALL_SHARE = 0.05
#: Runs of blocks under this larger share go too when they read as furniture:
#: set apart from the block before them by at least _TEASER_GAP lines, their
#: other kept lines (headlines, names, dates) scoring at most _TEASER_SCORE
#: (median of the line model's logits).
_TEASER_SHARE = 0.15
_TEASER_GAP = 4
_TEASER_SCORE = -0.3
#: The biggest block of paragraphs is kept (with its best stretch) when the kept
#: stretches miss it and it has this many times their paragraph characters ...
_BODY_RATIO = 1.5
#: ... and at least this many characters.
_BODY_MIN_CHARS = 400
#: At most this many heading lines are kept directly above a kept paragraph.
_MAX_HEADINGS = 3
#: A heading has at most this many words.
_HEADING_MAX_WORDS = 25
#: Link-like lines, at most _TRAIL_LINES of at most _TRAIL_WORDS words, between
#: a kept paragraph and at least _TRAIL_GAP removed lines go.
_TRAIL_LINES = 2
_TRAIL_WORDS = 12
_TRAIL_GAP = 2
#: A thread of comments: at least this many commenter lines ("NAME says:") of at
#: most _THREAD_NAME_WORDS words after a comments heading.
_THREAD_MIN = 2
_THREAD_NAME_WORDS = 12
#: A thread of dated entries: at least _ENTRY_MIN lines after the body's block
#: that date an entry (a date and a clock time, and a name or a word: "linghua
#: 於 2013/12/28 21:29", "geschrieben von anna am 21. Jan. 2015, 19:04"), at
#: most _ENTRY_GAP lines apart, with text between most of them, after a comments
#: marker; a comments heading up to _ENTRY_HEAD lines above the first opens the
#: thread.
_ENTRY_MIN = 4
_ENTRY_GAP = 12
_ENTRY_HEAD = 12
_NUMERIC_DATE = re.compile(r"\b(?:\d{4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\b")
_COMMENTER = re.compile(
    r"\s(?:says|said|wrote|sagt|schreibt|schrieb|meint|dice|dijo|escribió|dit|écrit|a écrit|"
    r"diz|disse|escreveu|napisał|napisała|pisze|zegt|schreef|scrive|ha scritto)\s?:$",
    re.IGNORECASE,
)
#: A bare marker of these categories, of at most _BOX_MARKER_WORDS words, heads a
#: box of headlines: up to _BOX_LINES lines after it of at most _BOX_WORDS words
#: that do not end like a sentence go.
_BOX_CATEGORIES = frozenset({"related-links", "read-more"})
_BOX_MARKER_WORDS = 4
_BOX_LINES = 6
_BOX_WORDS = 25
_SENTENCE_END = (".", "!", "?")
#: Tables flattened one cell per line: at least this many rows ...
_TABLE_ROWS = 4
#: ... of at most this many cells ...
_TABLE_MAX_PERIOD = 12
#: ... each a number or a text of at most this many words.
_TABLE_CELL_WORDS = 6
_NUMBER_CELL = re.compile(r"[-+−±]?\d[\d.,:'’ ]{0,14}%?$")
#: A stretch whose head runs at least _MENU_LINES lines before its first
#: paragraph through at least _MENU_HITS interface phrases (page numbers aside)
#: starts after the last of them: it reached back through a menu.
_MENU_LINES = 40
_MENU_HITS = 5
#: ... or before the body's block (the biggest), when the last of those phrases
#: is at most _MENU_GAP lines above it (a headline, a byline, a date between)
#: and the lines cut off hold at most _MENU_TEXT_SHARE of its paragraph text (a
#: menu's teaser or promotion, not the article's first blocks before an ad).
_MENU_GAP = 5
_MENU_TEXT_SHARE = 0.1
#: An author box: a name line of at most _BIO_NAME_WORDS words above the last
#: kept paragraph (at most _BIO_MAX_WORDS words, after the biggest block) that
#: opens with the same two words.
_BIO_NAME_WORDS = 5
_BIO_MAX_WORDS = 100
_NAME_TOKEN = re.compile(r"[^\W\d_][\w.'’-]*")
# "About Anna Berg", "Über den Autor", "Sobre Carlos Nadalim": an about box's
# heading is its word and then the author ("the author", "me", "us": one of
# _ABOUT_OBJECTS), a name of two to four capitalised words, or one capitalised
# word of the page title (the blog's name). "Über die Brücke", "Sobre la mesa"
# are section headings.
_ABOUT_HEADING = re.compile(
    r"(?:About|Über|Sobre|Acerca de|À propos de|A propos de|Informazioni su|Om) (.{1,80})$"
    r"|(?:O (?:autorze|mnie|nas)|Over (?:ons|mij|de auteur))$"
)
_ABOUT_OBJECTS = frozenset((
    "the author", "me", "us", "den autor", "die autorin", "mich", "uns", "el autor",
    "la autora", "mí", "nosotros", "o autor", "a autora", "mim", "nós", "l'auteur",
    "l’auteur", "moi", "nous", "l'autore", "l’autore", "noi", "mig", "oss",
))  # fmt: skip
#: Photo captions: lines of at most this many words that place the people shown
#: (", left,", "(r.)", "von links", "de gauche à droite", "file photo").
_CAPTION_MAX_WORDS = 90
#: A teaser of another page: a line ending in a "read more" link ("… mehr •••",
#: "[czytaj więcej]", "... Read more", "| mehr"), matched on each line's last
#: _TEASER_TAIL characters; a bare "more" needs a mark before it.
_TEASER_TAIL = 48
_TEASER_END = re.compile(
    r"(?:(?:[\[(|»›]|…|\.\.\.)\s?(?:mehr|more|plus|más|mais|meer|więcej)"
    r"|(?:^|\s|[\[(…]|\.\.\.)(?:czytaj (?:więcej|dalej)|read more|read the full (?:story|article)|"
    r"continue reading|keep reading|weiterlesen|mehr lesen|lire la suite|leer más|"
    r"seguir leyendo|leia mais|continua a leggere|leggi tutto|lees meer|läs mer|lue lisää))"
    r"\s?(?:\]|\)|»|›|→|>>|\.{3}|…|•+)?$",
    re.IGNORECASE,
)
_TEASER_LITERALS = (
    "mehr", "more", "plus", "más", "mais", "meer", "więcej", "czytaj dalej", "weiterlesen",
    "lire la suite", "seguir leyendo", "continua a leggere", "leggi tutto", "läs mer",
    "lue lisää", "read the full", "continue reading", "keep reading",
)  # fmt: skip
_TEASER_CASED = _cased(_TEASER_LITERALS)
# Where a photo places the people it shows, in the caption's words: ", left,",
# "(r.)", "von links", "de gauche à droite", "file photo". The pattern runs on
# the lines holding one of the literals below.
_CAPTION_SIDES = (
    "left", "right", "center", "centre", "top", "bottom", "front", "rear", "second from left",
    "second from right", "à gauche", "à droite", "au centre", "a la izquierda", "a la derecha",
    "a sinistra", "a destra", "à esquerda", "à direita", "z lewej", "z prawej",
)  # fmt: skip
_CAPTION_PARENS = (
    "left", "right", "center", "centre", "top", "bottom", "front", "back", "background",
    "foreground", "l", "r", "l.", "r.", "m.", "li.", "re.", "links", "rechts", "à gauche",
    "à droite", "izq", "izq.", "izquierda", "derecha", "dcha", "dcha.", "a sinistra", "a destra",
    "à esquerda", "à direita", "z lewej", "z prawej", "od lewej", "od prawej", "pictured",
)  # fmt: skip
_CAPTION_PHRASES = (
    "from left", "from l. to right", "from l to right", "file photo", ", pictured", "[file: ",
    "[photo: ", "[foto: ", "[image: ", "[bild: ", "von links", "v.l.", "v. l.",
    "de gauche à droite", "de izquierda a derecha", "da sinistra a destra",
    "da esquerda para a direita", "van links naar rechts", "od lewej",
)  # fmt: skip
# Sides and parentheses are written in lowercase inside a caption; a phrase may
# open it ("Von links", "File photo"), so it is scanned in three casings too.
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_CAPTION_LITERALS = (
    *(f", {w}" for w in _CAPTION_SIDES),
    *(f"({w})" for w in _CAPTION_PARENS),
    *_cased(_CAPTION_PHRASES),
    *(f", {d}, " for d in _WEEKDAYS),
)
# A wire photo's caption closes with the day it was taken: "... speaks during a
# fundraiser, Sunday, Nov. 17, 2019, in Las Vegas." (the date in its last
# _WIRE_TAIL characters; an article writes "on Sunday").
_WIRE_CAPTION = re.compile(
    r",\s(?:" + "|".join(_WEEKDAYS) + r"),\s(?:Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|"
    r"March|April|May|June|July)\s\d{1,2},\s(?:19|20)\d\d\b"
)
_WIRE_TAIL = 120
# (the literals' word boundaries, checked on the few lines holding one)
_CAPTION = re.compile(
    r",\s(?:" + "|".join(map(re.escape, _CAPTION_SIDES)) + r")(?:,|\s\(|\sand\s)"
    r"|\((?:" + "|".join(map(re.escape, _CAPTION_PARENS)) + r")\)"
    r"|\bfrom (?:left|l\.?) to right\b|\bfrom left\b|\bfile photo\b|, pictured\b"
    r"|\[(?:file|photo|foto|image|bild): |\bvon links\b|\bv\.\s?l\."
    r"|\bde gauche à droite\b|\bde izquierda a derecha\b|\bda sinistra a destra\b"
    r"|\bda esquerda para a direita\b|\bvan links naar rechts\b|\bod lewej\b",
    re.IGNORECASE,
)


@dataclass
class _Doc:
    """One document cut into lines, with the columns of its line features."""

    lines: list[str]  # physical lines (split on "\n")
    starts: list[int]  # offset of each physical line
    idx: list[int]  # physical index of each non-blank line
    stripped: list[str]
    categories: list[str | None]
    words: list[int]
    good: list[bool]  # sentence-like paragraphs
    #: feature index -> a dense column (one value per line), or {line: value}
    #: for the lines where a sparse feature is not zero
    columns: dict[int, list[float] | list[bool] | dict[int, float]]
    buckets: list[int]  # index of each line's words_* feature (a one-hot group)
    lexicon: dict[int, float]  # lines that are interface phrases
    weak: dict[int, float]  # lines where the lexicon is weak evidence only
    date_only: dict[int, float]
    url_only: dict[int, float]
    short: list[bool]
    terminal: list[bool]
    title: int
    headline: int
    z: list[float]  # the linear model's score of each line
    #: blocks of paragraphs: (first line, last line, paragraph characters)
    blocks: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def rows(self) -> list[list[float]]:
        """Every line's full feature row (for fitting the model; slow)."""
        rows = [[0.0] * _NFEATURES for _ in self.stripped]
        for j, b in enumerate(self.buckets):
            rows[j][_BIAS] = 1.0
            rows[j][b] = 1.0
        for k, col in self.columns.items():
            items = col.items() if isinstance(col, dict) else enumerate(col)
            for j, v in items:
                rows[j][k] = float(v)
        return rows


# Longer first lines are not split into title parts: the split's whitespace
# runs backtrack, quadratic in the length (a megabyte line took hours).
_TITLE_MAX_CHARS = 1000


def _title_parts(title: str) -> list[str]:
    parts = re.split(r"\s+[|–—:·»-]\s+|\s+-\s+|\s*[|｜]\s*", title.lower())
    return [p.strip() for p in parts if len(p.strip()) >= 12]


# The words_* feature of a line of n words (n < 26; more: the last bucket).
_BUCKET_OF = tuple(_WORDS_1 + bisect_left(_WORD_BUCKETS, k) for k in range(26))
# ... and of min(n, 26) words, whatever n.
_BUCKET_OF_CAPPED = (*_BUCKET_OF, _WORDS_26_UP)
# The characters of _SEPARATOR: those that count beside one space, and those
# that need a space on both sides.
_SEPARATOR_ONE_SIDE = "|›»·•"
_SEPARATOR_TWO_SIDES = "/>–—"
# Separators count on lines shorter than this.
_SEPARATOR_MAX_CHARS = 200
_DIGIT_JOINED = re.compile(r"\d")
_COMMA_CHARS = ("،", "，", "、")
_LAST_CHAR = itemgetter(slice(-1, None))
_FIRST_12 = itemgetter(slice(0, 12))


def _lines_matching(regex: re.Pattern[str], joined: str, offsets: list[int]) -> list[int]:
    """Indexes of the lines of ``joined`` (lines starting at ``offsets``) holding
    a match of ``regex``, which must not match across a line break: one scan."""
    out: list[int] = []
    m = regex.search(joined)
    while m is not None:
        k = bisect_right(offsets, m.start()) - 1
        out.append(k)
        if k + 1 >= len(offsets):
            break
        m = regex.search(joined, offsets[k + 1])
    return out


def _flags(n: int, lo: int, hi: int) -> list[bool]:
    """``n`` flags, true from ``lo`` to ``hi`` (clipped to the line range)."""
    lo, hi = min(max(lo, 0), n), min(max(hi, 0), n)
    hi = max(lo, hi)
    return [False] * lo + [True] * (hi - lo) + [False] * (n - hi)


def _separator_lines(joined: str, offsets: list[int], stripped: list[str]) -> dict[int, float]:
    """The lines under 200 characters where :data:`_SEPARATOR` matches, found
    from the separator characters' positions in the joined lines (rare: a
    substring scan each) rather than with a regex over every character."""
    out: dict[int, float] = {}
    size = len(joined)
    for chars, both in ((_SEPARATOR_ONE_SIDE, False), (_SEPARATOR_TWO_SIDES, True)):
        for ch in chars:
            p = joined.find(ch)
            while p >= 0:
                before = p > 0 and joined[p - 1] != "\n" and joined[p - 1].isspace()
                after = p + 1 < size and joined[p + 1] != "\n" and joined[p + 1].isspace()
                if (before and after) if both else (before or after):
                    k = bisect_right(offsets, p) - 1
                    if len(stripped[k]) < _SEPARATOR_MAX_CHARS:
                        out[k] = 1.0
                p = joined.find(ch, p + 1)
    return dict(sorted(out.items()))


def _dense_columns(
    stripped: list[str], sw: list[float], good: list[bool]
) -> tuple[
    list[float], list[bool], list[float], list[float], list[bool], list[bool], list[int], list[int]
]:
    """The dense per-line columns read off the lines' lengths, stopword shares
    and paragraph flags: log of the length, no stopword, position in the
    document, share of paragraphs among the three lines on each side, previous
    and next line a paragraph; and each line's paragraph characters (its length
    if a paragraph, else 0) with their running total up to it, inclusive.
    (Reference of ``_linefeatures.dense_columns``.)

    >>> _dense_columns(["Menu", "A long paragraph."], [0.0, 0.5], [False, True])[:6]
    ([1.6094379124341003, 2.8903717578961645], [True, False], [0.0, 1.0], [1.0, 0.0], [False, False], [True, False])
    >>> _dense_columns(["Menu", "A long paragraph."], [0.0, 0.5], [False, True])[6:]
    ([0, 17], [0, 17])
    """  # noqa: E501
    n = len(stripped)
    lengths = list(map(len, stripped))
    log_chars = list(map(math.log1p, lengths))
    no_stopword = list(map(eq, sw, repeat(0.0)))
    position = list(map(truediv, range(n), repeat(n - 1))) if n > 1 else [0.0] * n
    # How content-like the three lines on each side are.
    g = list(map(int, good))
    psum = list(accumulate(g, initial=0))
    context = [0.0] * n
    for j in (*range(min(n, 3)), *range(max(3, n - 3), n)):
        lo, hi = max(0, j - 3), min(n, j + 4)
        context[j] = (psum[hi] - psum[lo] - g[j]) / max(1, hi - lo - 1)
    if n > 6:
        inner = map(sub, map(sub, psum[7:], psum[: n - 6]), g[3 : n - 3])
        context[3 : n - 3] = map(truediv, inner, repeat(6))
    prev_good = [False, *good[:-1]] if n else []
    next_good = [*good[1:], False] if n else []
    good_chars = list(map(mul, lengths, good))  # (len * bool: an int)
    seen = list(accumulate(good_chars))  # good characters up to each line, inclusive
    return log_chars, no_stopword, position, context, prev_good, next_good, good_chars, seen


def _lexicon_columns(
    cats: list[str | None],
    words: list[int],
    terminal: list[bool],
    norms: list[str],
    exact: dict[str, str],
) -> tuple[dict[int, float], dict[int, float]]:
    """The lexicon lines as strong evidence (``lexicon``) or weak evidence
    (``weak``): weak for the weak categories, lines of more than
    :data:`_LEXICON_MAX_WORDS` words, and sentences (closing punctuation, at
    least :data:`_SENTENCE_WORDS` words) that only begin like a phrase or match
    a pattern of a category other than :data:`_SENTENCE_CATEGORIES`.
    (Reference of ``_linefeatures.lexicon_columns``.)

    >>> cats = ["follow", None, "follow", "byline"]
    >>> _lexicon_columns(cats, [2, 9, 5, 2], [False, True, True, False], ["", "", "x", ""], {})
    ({0: 1.0}, {2: 1.0, 3: 1.0})
    """
    lexicon: dict[int, float] = {}
    weak: dict[int, float] = {}
    # (categories are non-empty strings: compress visits the lexicon lines only)
    for j in compress(range(len(cats)), cats):
        cat = cats[j]
        # A long paragraph that mentions cookies or a newsletter is not a notice
        # on that evidence alone: the lexicon only counts as weak evidence there.
        if cat in _WEAK_CATEGORIES or words[j] > _LEXICON_MAX_WORDS:
            weak[j] = 1.0
        elif (
            terminal[j]
            and words[j] >= _SENTENCE_WORDS
            and cat not in _SENTENCE_CATEGORIES
            and norms[j] not in exact
        ):
            # "Suivre la recette pas à pas." begins like a follow button but is a
            # sentence: an open-ended phrase or pattern is only evidence there.
            weak[j] = 1.0
        else:
            lexicon[j] = 1.0
    return lexicon, weak


def _split_lines(text: str) -> tuple[list[str], list[int], list[int], list[str]]:
    """``text.split("\\n")``, each line's offset, the indexes of the lines that
    are not blank and those lines stripped. (Reference of ``_linefeatures.split_lines``.)

    >>> _split_lines(" a\\n\\n b \\r")
    ([' a', '', ' b \\r'], [0, 3, 4], [0, 2], ['a', 'b'])
    """
    lines = text.split("\n")
    starts = list(accumulate(map((1).__add__, map(len, lines[:-1])), initial=0))
    all_stripped = list(map(str.strip, lines))
    idx = [i for i, s in enumerate(all_stripped) if s]
    return lines, starts, idx, list(map(all_stripped.__getitem__, idx))


def _short_runs(short: list[bool]) -> list[float]:
    """The log of the length of each line's run of true flags (0.0 for false).
    (Reference of ``_linefeatures.short_runs``.)

    >>> _short_runs([True, True, False, True])
    [0.6931471805599453, 0.6931471805599453, 0.0, 0.0]
    """
    out: list[float] = []
    for flag, group in groupby(short):
        length = sum(1 for _ in group)
        out.extend(repeat(math.log(length) if flag else 0.0, length))
    return out


def _sigmoids(z: list[float]) -> list[float]:
    """:func:`_sigmoid` of each score. (Reference of ``_linefeatures.sigmoids``.)

    >>> _sigmoids([0.0, -800.0])
    [0.5, 0.0]
    """
    return list(map(_sigmoid, z))


def _token_stats(low: list[str], stop: frozenset[str]) -> tuple[list[int], list[float]]:
    """Each line's number of tokens (``str.split``) and the share of them that
    are stopwords (0.0 for a line without tokens): one membership test per
    token of the document, then per-line differences of the running count.
    (Reference of ``_linefeatures.token_stats``.)

    >>> _token_stats(["the cat", "", "a  b c"], frozenset({"the", "a"}))
    ([2, 0, 3], [0.5, 0.0, 0.3333333333333333])
    """
    tokens = list(map(str.split, low))
    ntok = list(map(len, tokens))
    running = list(accumulate(map(stop.__contains__, chain.from_iterable(tokens)), initial=0))
    bounds = list(accumulate(ntok, initial=0))
    hits = map(sub, map(running.__getitem__, bounds[1:]), map(running.__getitem__, bounds))
    return ntok, list(map(truediv, hits, map(max, ntok, repeat(1))))


def _norms(low: list[str]) -> list[str]:
    """Each line's lexicon key: whitespace collapsed, :data:`_EDGE_CHARS` stripped
    from both ends (what :func:`normalize_line` does after lowercasing).
    (Reference of ``_linefeatures.norms``.)

    >>> _norms(["» back  to top ↑", "..."])
    ['back to top', '']
    """
    return list(map(str.strip, map(" ".join, map(str.split, low)), repeat(_EDGE_CHARS)))


def _literal_scan(
    literals: Sequence[str], gates: Sequence[int], lines: Sequence[str]
) -> list[tuple[int, tuple[int, ...]]]:
    """For each line holding one of ``literals``, its index and the gates of the
    literals it holds (ascending). (Reference of ``_linefeatures.literal_scan``.)

    >>> lines = ["our cookies", "no", "privacy newsletter"]
    >>> _literal_scan(["cookie", "newsletter", "privacy"], [0, 1, 0], lines)
    [(0, (0,)), (2, (0, 1))]
    """
    out = []
    for k, line in enumerate(lines):
        found = sorted({g for lit, g in zip(literals, gates) if lit in line})
        if found:
            out.append((k, tuple(found)))
    return out


def _line_classes(
    stripped: list[str],
    words: list[int],
    shares: list[float],
    terminal: frozenset[str],
    good_words: int,
    good_share: float,
    long_words: int,
    short_words: int,
) -> tuple[list[bool], list[bool], list[bool]]:
    """Each line's closing punctuation (last character in ``terminal``),
    whether it is a sentence-like paragraph (at least ``good_words`` words, a
    stopword share of at least ``good_share``, and closing punctuation or at
    least ``long_words`` words), and whether it is short (at most
    ``short_words`` words). (Reference of ``_linefeatures.line_classes``.)

    >>> _line_classes(["A b.", "Menu"], [12, 1], [0.2, 0.0], frozenset("."), 10, 0.15, 20, 4)
    ([True, False], [True, False], [False, True])
    """
    last = list(map(_LAST_CHAR, stripped))  # s[-1:]: "" for an empty line
    term = list(map(terminal.__contains__, last))
    good = [
        nw >= good_words and share >= good_share and (t or nw >= long_words)
        for nw, share, t in zip(words, shares, term)
    ]
    return term, good, [nw <= short_words for nw in words]


# Invisible format characters that pages leave at line ends (zero-width space and
# joiners, direction marks, invisible separator, byte-order mark, soft hyphen).
_INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad"


def _line_flags(
    stripped: list[str], ntok: list[int], window: int
) -> tuple[
    dict[int, float],
    dict[int, float],
    dict[int, float],
    dict[int, float],
    dict[int, float],
    list[int],
    dict[int, float],
]:
    """The sparse columns read off each line's characters: ends with a colon,
    commas (capped at 5, over 5), digit share of the first ``window``
    characters, title case (over one token), truncated ("..."), the lines of
    at most 60 characters ending in "ago" without a digit in that window, and
    duplicated lines. (Reference of
    ``_linefeatures.line_flags``.)

    >>> _line_flags(["Top Stories", "3 days ago", "a, b:", "Top Stories"], [2, 3, 2, 2], 200)[1:]
    ({2: 0.2}, {1: 0.1}, {0: 1.0, 3: 1.0}, {}, [], {0: 1.0, 3: 1.0})
    """
    last = list(map(_LAST_CHAR, stripped))  # s[-1:]: "" for an empty line
    ends_colon = {j: 1.0 for j, c in enumerate(last) if c == ":" or c == "："}
    joined = "\n".join(stripped)
    commas = list(map(str.count, stripped, repeat(",")))
    for ch in _COMMA_CHARS:
        if ch in joined:
            commas = list(map(add, commas, map(str.count, stripped, repeat(ch))))
    comma_share = {j: min(c, 5) / 5.0 for j, c in enumerate(commas) if c}
    offsets = list(accumulate(map((1).__add__, map(len, stripped)), initial=0))
    digit_share: dict[int, float] = {}
    for j in _lines_matching(_DIGIT_JOINED, joined, offsets):
        head = stripped[j][:window]
        digits = len(_DIGIT.findall(head))
        if digits:
            digit_share[j] = digits / len(head)
    title_case = {j: 1.0 for j, t in enumerate(map(str.istitle, stripped)) if t and ntok[j] > 1}
    truncated = {j: 1.0 for j, t in enumerate(map(str.endswith, stripped, repeat(_TRUNCATED))) if t}
    ago = [
        j
        for j, e in enumerate(map(str.endswith, stripped, repeat("ago")))
        if e and len(stripped[j]) <= 60 and j not in digit_share
    ]
    dups = {s for s, c in Counter(stripped).items() if c > 1}
    duplicate = {j: 1.0 for j, s in enumerate(stripped) if s in dups} if dups else {}
    return ends_colon, comma_share, digit_share, title_case, truncated, ago, duplicate


def _linear_scores(
    buckets: list[int],
    columns: dict[int, list[float] | list[bool] | dict[int, float]],
    weights: tuple[float, ...],
    first: int,
) -> list[float]:
    """The line model: ``weights[0] + weights[bucket]``, then each feature
    column from ``first`` on, in feature order (so the sums are those of the
    row-by-row dot product). (Reference of ``_linefeatures.linear_scores``.)

    >>> _linear_scores([1, 2], {3: [1.0, 0.5], 4: {1: 2.0}}, (0.5, 1.0, 2.0, 4.0, 8.0), 3)
    [5.5, 20.5]
    """
    z = [weights[0]] * len(buckets)
    z = list(map(add, z, map(weights.__getitem__, buckets)))
    for k in range(first, len(weights)):
        col = columns.get(k)
        w = weights[k]
        if isinstance(col, dict):
            for j, v in col.items():
                z[j] += v * w
        elif col is not None:
            z = list(map(add, z, map(mul, col, repeat(w))))
    return z


def _analyse(text: str, lang: str) -> _Doc:
    """Cut ``text`` into lines and compute the feature columns and model scores.

    Features are computed a column at a time with C-level calls (``map`` over
    the lines, one regex scan of the joined lines) rather than line by line;
    sparse features keep only the lines where they are not zero.
    """
    doc = _analyse_or_skip(text, lang, skip=False)
    assert doc is not None  # (skip=False always analyses)
    return doc


def _analyse_or_skip(text: str, lang: str, *, skip: bool) -> _Doc | None:
    """:func:`_analyse`, or with ``skip`` ``None`` as soon as the cheap columns
    show the stage would remove nothing: no interface phrase, and no page
    layout (a paragraph beside furniture) for the line model to act on. Such
    documents (clean prose, lines of punctuation, code) skip most features.
    """
    lf = _lf
    lines, starts, idx, stripped = _split_lines(text) if lf is None else lf.split_lines(text)
    n = len(stripped)
    stop = _stopwords(lang)
    has_cjk = _CJK.search(text) is not None if lf is None else lf.has_cjk(text)

    low = list(map(str.lower, stripped))
    plain = True  # low[j] == stripped[j].lower()
    if "\u0307" in text or "\u0130" in text:
        plain = False
        # Turkish dotted capital I lowercases to i + combining dot
        low = [x.replace("i\u0307", "i") for x in low]
    if lf is None:
        ntok, sw = _token_stats(low, stop)
        norms = _norms(low)
    else:
        ntok, sw = lf.token_stats(low, _stop_index(lang))
        norms = lf.norms(low, _EDGE_CHARS)
    # A wrong language label leaves the paragraphs without stopwords: then use
    # the stopwords of every language and the interface phrases of the language
    # the long lines are written in (every language's when none fits).
    long_lines = list(islice(compress(range(n), map(ge, ntok, repeat(_GOOD_WORDS))), 50))
    lex_lang = lang
    if long_lines and not has_cjk:
        share = sum(sw[j] for j in long_lines) / len(long_lines)
        if share < _MIN_STOPWORD_SHARE:
            lex_lang = _best_language([low[j] for j in long_lines], lang)
            lang = "und"
            stop = _stopwords(lang)
            if lf is None:
                sw = _token_stats(low, stop)[1]
            else:
                sw = lf.token_stats(low, _stop_index(lang))[1]
    if (
        _european_script(lang)
        and not text.isascii()
        and (_OTHER_SCRIPT.search(text) is not None if lf is None else lf.has_other_script(text))
    ):
        ntok, sw = list(ntok), list(sw)
        other = _OTHER_SCRIPT.search if lf is None else lf.has_other_script
        _own_script_stats(low, ntok, sw, stop, other)
    lex = load_lexicon(lex_lang)
    cats = lex.categorize(norms)

    in_stop = stop.__contains__
    words = ntok
    cjk_counts: dict[int, int] = {}
    if has_cjk:
        # Chinese, Japanese: a word is about two characters; the stopword share is
        # that of function characters, scaled to the range of word-level shares.
        words = list(ntok)
        for j, s in enumerate(stripped):
            cjk = len(_CJK.findall(s)) if len(s) < 20000 else 0
            if cjk and (cjk > ntok[j] or ntok[j] < _GOOD_WORDS):
                # Chinese or Japanese text, or a short line (a language menu
                # "中文 | 日本語"): not a long line of another script quoting a
                # name, whose ideographs say nothing about it being interface.
                cjk_counts[j] = cjk
                if cjk > ntok[j]:
                    words[j] = ntok[j] + cjk // 2
                    sw[j] = min(1.0, 4.0 * sum(map(in_stop, s)) / cjk)
    classes = _line_classes if lf is None else lf.line_classes
    ends = stripped
    if not text.isascii() and (
        any(map(text.__contains__, _INVISIBLE)) if lf is None else lf.has_any(text, _INVISIBLE)
    ):
        # Closing punctuation followed only by invisible characters still
        # closes the line ("Step 1.\u2063"); the classes read the last character.
        ends = [s.rstrip(_INVISIBLE) for s in stripped]
    terminal, good, short = classes(
        ends, words, sw, _TERMINAL, _GOOD_WORDS, _GOOD_SHARE, _LONG_WORDS, 4
    )
    if skip:
        # (categories are non-empty strings: compress keeps the lexicon lines)
        interface = any(
            c not in _WEAK_CATEGORIES and w <= _LEXICON_MAX_WORDS
            for c, w in zip(compress(cats, cats), compress(words, cats))
        )
        # Without an interface phrase there is no page layout (_has_layout) and
        # no lexicon line to remove: nothing would go.
        if not interface:
            return None

    columns: dict[int, list[float] | list[bool] | dict[int, float]] = {}
    # (the columns of lengths, shares and paragraph flags: one pass in C)
    log_chars, no_stopword, position, context, prev_good, next_good, good_chars, seen = (
        _dense_columns if lf is None else lf.dense_columns
    )(stripped, sw, good)
    columns[_LOG_CHARS] = log_chars
    columns[_STOPWORD_SHARE] = sw
    columns[_NO_STOPWORD] = no_stopword
    columns[_TERMINAL_PUNCT] = terminal
    line_flags = _line_flags if lf is None else lf.line_flags
    ends_colon, commas, digit_share, title_case, truncated, ago, duplicate = line_flags(
        stripped, ntok, _DIGIT_WINDOW
    )
    columns[_ENDS_COLON] = ends_colon
    columns[_COMMAS] = commas
    columns[_DIGIT_SHARE] = digit_share
    columns[_TITLE_CASE] = title_case
    if lf is None:
        lexicon, weak = _lexicon_columns(cats, words, terminal, norms, lex.exact)
    else:
        lexicon, weak = lf.lexicon_columns(
            cats, words, terminal, norms, lex.exact, _WEAK_CATEGORIES, _SENTENCE_CATEGORIES,
            _LEXICON_MAX_WORDS, _SENTENCE_WORDS,
        )  # fmt: skip
    columns[_LEXICON] = lexicon
    columns[_LEXICON_WEAK] = weak
    if lf is None:
        joined = "\n".join(stripped)
        offsets = list(accumulate(map((1).__add__, map(len, stripped)), initial=0))
        columns[_SEPARATOR_F] = _separator_lines(joined, offsets, stripped)
    else:
        columns[_SEPARATOR_F] = lf.separator_lines(
            stripped, _SEPARATOR_ONE_SIDE, _SEPARATOR_TWO_SIDES, _SEPARATOR_MAX_CHARS
        )
    # (the regexes run through map and compress: no Python-level step per line)
    at = stripped.__getitem__
    date_lines = sorted([j for j in digit_share if len(stripped[j]) <= 60] + ago)
    # (the regexes only where their necessary conditions hold: see _DATE_ONLY_LAST
    # and _URL_STARTS; about half of these lines, a hundredth of one_token's, are left)
    date_lines = [j for j in date_lines if _may_be_date_only(stripped[j])]
    date_only = dict.fromkeys(compress(date_lines, map(_DATE_ONLY.match, map(at, date_lines))), 1.0)
    columns[_DATE_ONLY_F] = date_only
    one_token = list(compress(range(n), map(eq, ntok, repeat(1))))
    one_token = [j for j in one_token if "@" in (t := stripped[j]) or t.startswith(_URL_STARTS)]
    url_only = dict.fromkeys(compress(one_token, map(_URL_ONLY.match, map(at, one_token))), 1.0)
    columns[_URL_ONLY_F] = url_only
    columns[_DUPLICATE] = duplicate
    columns[_TRUNCATED_F] = truncated
    columns[_CJK_F] = dict.fromkeys(cjk_counts, 1.0)

    # The page title: the first line that is not interface text; the headline
    # is a later line repeating (part of) it.
    title = next((j for j in range(min(n, 5)) if cats[j] is None), 0)
    headline = -1
    if n:
        parts = _title_parts(stripped[title]) if len(stripped[title]) <= _TITLE_MAX_CHARS else []
        if parts:
            heads = {p[:12] for p in parts}
            hi = min(n, 400)
            # the lines' lowercase forms (``low`` unless the Turkish fix changed it)
            window = low[title + 1 : hi] if plain else [x.lower() for x in stripped[title + 1 : hi]]
            # (a cheap necessary condition, tested at C level: the first 12 characters)
            first = map(heads.__contains__, map(_FIRST_12, window))
            for j in compress(count(title + 1), first):
                low_j = window[j - title - 1]
                if len(low_j) >= 12 and any(
                    p == low_j or p.startswith(low_j) or low_j.startswith(p) for p in parts
                ):
                    headline = j
                    break

    # Position in the document.
    total_good = seen[-1] if n else 0
    good_lines = list(compress(range(n), good_chars))
    # Blocks of paragraphs (at most one other line between two of them): the
    # article's body is one big block; teasers and comments are small ones.
    block_spans: list[tuple[int, int, int]] = []
    if good_lines:
        blocks: list[list[int]] = [[good_lines[0]]]
        for a, b in pairwise(good_lines):
            if b - a > 2:
                blocks.append([])
            blocks[-1].append(b)
        block_spans = [(blk[0], blk[-1], sum(good_chars[j] for j in blk)) for blk in blocks]
        body_start = max(block_spans, key=itemgetter(2))[0]
        if headline > body_start:
            # A line repeating the title below the start of the body is a link
            # to this page in a list (related articles, a footer), not its headline.
            headline = -1
    columns[_POSITION] = position
    columns[_BEFORE_HEADLINE] = _flags(n, 0, headline)
    columns[_IS_TITLE] = {title: 1.0} if n else {}
    columns[_IS_HEADLINE] = {headline: 1.0} if headline >= 0 else {}
    first_good = good_lines[0] if good_lines else n - 1
    last_good = good_lines[-1] if good_lines else 0
    columns[_NO_CONTENT_BEFORE] = _flags(n, 0, first_good + 1)
    columns[_NO_CONTENT_AFTER] = _flags(n, last_good, n)
    # An end marker ("Related articles", "12 comments", a share bar) after the
    # article's first stretch of text: what follows is likely not the article.
    # A share or follow bar the article's paragraphs continue after is not one.
    need = min(0.5 * total_good, _END_MARKER_CHARS)
    found = sorted({**lexicon, **weak})
    marker = _end_marker(found, lexicon, cats, seen, need, block_spans, n)
    columns[_AFTER_END_MARKER] = _flags(n, marker + 1, n)
    # Runs of short lines: log of the run's length.
    columns[_SHORT_RUN] = _short_runs(short) if lf is None else lf.short_runs(short)
    # How content-like the three lines on each side are.
    columns[_CONTEXT_GOOD] = context
    columns[_PREV_GOOD] = prev_good
    columns[_NEXT_GOOD] = next_good
    columns[_SHORT] = short
    # How small each line's block of paragraphs is beside the biggest one.
    small: dict[int, float] = {}
    if block_spans:
        biggest = max(size for _, _, size in block_spans)
        for lo, hi, size in block_spans:
            share = 1.0 - math.sqrt(size / biggest)
            if share > 0.0:
                small.update(dict.fromkeys(range(lo, hi + 1), share))
    columns[_SMALL_BLOCK] = small

    # The linear model, one feature column at a time, in feature order.
    if lf is None:
        buckets = list(map(_BUCKET_OF_CAPPED.__getitem__, map(min, words, repeat(26))))
    else:
        buckets = lf.buckets(words, _BUCKET_OF_CAPPED)  # (the same, in C)
    linear = _linear_scores if lf is None else lf.linear_scores
    z = linear(buckets, columns, _WEIGHTS, _LOG_CHARS)
    return _Doc(
        lines, starts, idx, stripped, cats, words, good, columns, buckets, lexicon, weak,
        date_only, url_only, short, terminal, title, headline, z, block_spans,
    )  # fmt: skip


def _end_marker(
    found: list[int],
    strong: Container[int],
    cats: Sequence[str | None],
    seen: Sequence[int],
    need: float,
    block_spans: list[tuple[int, int, int]],
    n: int,
) -> int:
    """The page's end marker: the first interface line of a tail category
    (:data:`_TAIL_CATEGORIES`) after ``need`` characters of paragraphs (``seen``:
    paragraph characters up to each line), or ``n``.

    ``found`` holds the interface lines (sorted), ``strong`` those that are not
    weak evidence. A bar of share or follow buttons (:data:`_BAR_CATEGORIES`)
    is skipped when the article goes on after it: the bar is a run of at least
    :data:`_BAR_MIN_BUTTONS` interface lines (share, print, e-mail) holding no
    other tail category, and a block of paragraphs (``block_spans``: first
    line, last line, characters) starts at most :data:`_MAX_HEADINGS` lines
    below it, with no interface line between, and has at least
    :data:`_BAR_CONTINUATION_CHARS` characters. The same bar before related
    links, comments or the footer still ends the article, and so does a lone
    "Share" line.

    >>> cats = [None, "share-button", "share-button", None, None, "footer"]
    >>> seen = [300, 300, 300, 600, 900, 900]
    >>> _end_marker([1, 2, 5], {1, 2, 5}, cats, seen, 300, [(0, 0, 300), (3, 4, 600)], 6)
    5
    >>> short = [300, 300, 300, 400, 400, 400]  # one short line after the bar
    >>> _end_marker([1, 2, 5], {1, 2, 5}, cats, short, 300, [(0, 0, 300), (3, 3, 100)], 6)
    1
    >>> _end_marker([1, 2, 5], {1, 5}, cats, seen, 300, [(0, 0, 300), (3, 4, 600)], 6)
    1
    >>> cats[2] = "comments"  # a share bar, then the comments: the end
    >>> _end_marker([1, 2, 5], {1, 2, 5}, cats, seen, 300, [(0, 0, 300), (3, 4, 600)], 6)
    1
    """
    interface = set(found)
    starts = [lo for lo, _, _ in block_spans]
    k = 0
    while k < len(found):
        j = found[k]
        k += 1
        if cats[j] not in _TAIL_CATEGORIES or seen[j] < need:
            continue
        if cats[j] not in _BAR_CATEGORIES:
            return j
        # the bar: the run of (strong) interface lines around j
        first = last = j
        while first - 1 in strong:
            first -= 1
        while last + 1 in strong:
            last += 1
        tail = {cats[i] for i in range(first, last + 1)} & _TAIL_CATEGORIES
        if last - first + 1 < _BAR_MIN_BUTTONS or not tail <= _BAR_CATEGORIES:
            # (one "Share" or "Tweet" line closes an article as often as not)
            return j
        b = bisect_right(starts, last)
        if b == len(starts) or starts[b] > last + 1 + _MAX_HEADINGS:
            return j
        lo, hi, _ = block_spans[b]
        if any(i in interface for i in range(last + 1, lo)):
            return j
        if seen[hi] - seen[lo - 1] < _BAR_CONTINUATION_CHARS:
            return j
        while k < len(found) and found[k] <= last:
            k += 1  # the article goes on after the bar: look further down
    return n


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
        counter = self._groups.get(ctx.group)
        corpus = counter is not None and counter.docs >= self.config.boilerplate_repeat_min_docs
        doc = _analyse_or_skip(text, ctx.lang, skip=not corpus)
        if doc is None:
            return text, []
        n = len(doc.stripped)
        if n < 2:
            return text, []
        removed = self._decide(doc, ctx)
        if not removed:
            return text, []
        total = sum(map(len, doc.stripped))
        kept = total - sum(map(len, map(doc.stripped.__getitem__, removed)))
        min_keep = self.config.boilerplate_min_keep
        if kept < min_keep * total and not _keeps_paragraphs(doc, removed):
            ctx.notes.append(
                f"boilerplate: kept the whole document: removing {len(removed)} of {n} lines "
                f"would keep {kept / total:.0%} of its text (boilerplate_min_keep={min_keep:g})"
            )
            return text, []
        edits = _edits(text, doc, removed)
        return _apply(text, edits), edits

    def _decide(
        self, doc: _Doc, ctx: Context, *, page_model: bool = True
    ) -> dict[int, tuple[str, float]]:
        """The lines to remove (non-blank line index -> (reason, confidence)), in order.

        ``page_model=False`` leaves out the page model's clusters (for fitting it).
        """
        z = doc.z
        n = len(z)
        cats = doc.categories
        words = doc.words
        bias = math.log(_REGION_THRESHOLD / (1.0 - _REGION_THRESHOLD))
        shifted = list(map(sub, z, repeat(bias)))
        table = _table_lines(doc)
        for j in table:
            # a table's cells (numbers, names) score like menu lines: neutral here,
            # so the article's stretch runs through its tables
            if shifted[j] < 0.0:
                shifted[j] = 0.0
        start, end = _max_segment(shifted) if _lf is None else _lf.max_segment(shifted)
        start = _menu_head(doc, start, end)
        # (the teaser list cut off the tail goes as related links, below)
        cut = _teaser_tail(doc, start, end)
        listed = range(cut + 1, end + 1)
        # (other stretches are measured against the stretch as found: the teasers
        # cut off seed no second stretch and lower no bar)
        secondary = _secondary_segments(shifted, start, end)
        end = cut
        sig = _sigmoids(z) if _lf is None else _lf.sigmoids(z)
        inside = [False] * n
        inside[start : end + 1] = repeat(True, end + 1 - start)
        if table:
            # a table right after the stretch ends the article
            k = end + 1
            while k < n and k in table:
                k += 1
            inside[end + 1 : k] = repeat(True, k - end - 1)
        for lo, hi in secondary:
            inside[lo : hi + 1] = repeat(True, hi + 1 - lo)
        if doc.blocks:
            span = _body_segment(doc, shifted, inside)
            if span is not None:
                lo, hi = span
                inside[lo : hi + 1] = repeat(True, hi + 1 - lo)
        teasers: set[int] = set()
        stamps: dict[int, float] = {}
        credits: list[int] = []
        thread: range = range(0)
        bios: list[int] = []
        names: list[int] = []
        furniture: list[int] = []
        removable = set(doc.lexicon)
        removable.update(
            j for j in doc.weak if cats[j] in _WEAK_CATEGORIES and words[j] <= _BYLINE_MAX_WORDS
        )
        layout = _has_layout(doc, table)
        if layout:
            keep = list(inside)
            # Outside the main text only clearly content-like lines stay (z above
            # the threshold's logit is necessary; the sigmoid decides exactly).
            for j in compress(range(n), map(gt, z, repeat(_OUTSIDE_LOGIT))):
                if not keep[j] and sig[j] > _OUTSIDE_THRESHOLD:
                    keep[j] = True
            for j in removable:
                keep[j] = cats[j] in _SEE_THROUGH_CATEGORIES and keep[j]  # (those go last)
            for j in doc.date_only:
                keep[j] = False  # a date alone is the page's metadata, not its text
            for j in table:
                keep[j] = inside[j]  # cells, not page numbers or dates
        else:
            # Clean prose, or no paragraph at all: no page layout to judge by, so
            # only the lexicon's interface lines go (not its weak evidence).
            keep = [True] * n
            for j in doc.lexicon:
                keep[j] = j in table
        # Headings: short lines directly above a kept paragraph are content.
        _keep_headings(doc, keep)
        date_only, url_only = doc.date_only, doc.url_only
        if layout:
            _drop_isolated(doc, keep)
            # Datelines go last: the headline above one is still a heading.
            # Each rule sees what the ones before it removed.
            stamps = _drop(keep, _stamp_lines(doc))
            names = _drop(keep, _name_bylines(doc, keep))
            credits = _drop(keep, _credit_lines(doc, keep))
            credits += _drop(keep, _caption_lines(doc, keep))
            ends = _drop(keep, _teaser_ends(doc, keep))
            thread = _drop(keep, _comment_thread(doc))
            bios = _drop(keep, _author_boxes(doc, keep))
            # last, on what is left: the first teasers of a list after a paragraph
            teasers = set(_drop(keep, _trailing_teasers(doc, keep)))
            teasers.update(ends)
            teasers.update(_small_blocks_after(doc, keep))
            teasers.update(_related_boxes(doc, keep))
            _drop(keep, teasers)
            teasers.update(j for j in listed if not keep[j])
            if not thread:
                # A thread found by its dated entries goes after the rules above:
                # they measure the page's tail with its lines (a teaser run's
                # median score, the last paragraph), as they did before it was found.
                thread = _drop(keep, _dated_thread(doc))
            # Embedded posts' fallback text goes last: the rules above read it as
            # part of the text it sits in, not as a line removed from it.
            _drop(keep, [j for j in removable if cats[j] in _SEE_THROUGH_CATEGORIES])
            if page_model:
                # Last, on what the rules keep: clusters apart from the biggest
                # that the page model reads as furniture.
                furniture = _drop(keep, _page_furniture(doc, keep))
        # Corpus mode: template lines of this group.
        counter = self._groups.get(ctx.group)
        min_docs = self.config.boilerplate_repeat_min_docs
        repeated: dict[int, float] = {}
        if counter is not None and counter.docs >= min_docs:
            counts = counter.counts
            for j, s in enumerate(doc.stripped):
                if len(s) <= _REPEAT_MAX_CHARS:
                    seen = counts.get(_fingerprint(s), 0)
                    if seen >= min_docs and not (
                        keep[j] and words[j] >= _GOOD_WORDS and sig[j] > 0.5
                    ):
                        repeated[j] = min(0.99, 0.6 + 0.4 * (seen / counter.docs))

        # After the main text, a removed line's reason is the last end marker's.
        tails = [j for j in sorted(doc.lexicon) if j > end and cats[j] in _TAIL_CATEGORIES]
        order = sorted(repeated.keys() | compress(range(n), map(not_, keep)))
        dated = {**date_only, **stamps} if stamps else date_only  # reason "date-line"
        args = (order, repeated, cats, sig, removable, dated, url_only, teasers, inside)
        verdicts: dict[int, tuple[str, float]]
        verdicts = (_verdicts if _lf is None else _lf.verdicts)(*args, end, tails)
        for j in credits:
            if j not in repeated and j not in removable:
                verdicts[j] = ("image-credit", verdicts[j][1])
        for j in thread:
            if j not in repeated and j not in removable:
                verdicts[j] = ("comment-thread", verdicts[j][1])
        for j in bios:
            if j not in repeated and j not in removable:
                verdicts[j] = ("author-box", verdicts[j][1])
        for j in names:
            if j not in repeated and j not in removable:
                verdicts[j] = ("byline", verdicts[j][1])
        for j in furniture:
            if j not in repeated:
                verdicts[j] = ("page-furniture", verdicts[j][1])
        return verdicts


def _body_start(doc: _Doc) -> int:
    """The first line of the biggest block of paragraphs, or -1."""
    if not doc.blocks:
        return -1
    return max(doc.blocks, key=itemgetter(2))[0]


def _page_furniture(doc: _Doc, keep: list[bool]) -> list[int]:
    """Kept lines of clusters apart from the biggest one that the page model
    (:mod:`textrepair.boilerplate_model`) reads as furniture."""
    spans = clusters(keep)
    if len(spans) < 2:
        return []  # one cluster: nothing apart from it to judge
    chars = list(map(len, doc.stripped))
    # (a line's category is a non-empty string or None: truthy when interface)
    rows = cluster_rows(
        doc.z, chars, doc.good, doc.short, keep, _body_start(doc),
        doc.terminal, doc.words, doc.categories, spans=spans,
    )  # fmt: skip
    groups = load_page_model().furniture_clusters(rows, chars, keep, spans)
    if not groups:
        return []
    # the headline and the headings are content wherever they stand: their
    # clusters stay (looked for only when a cluster would go)
    stops = _heading_lines(doc, keep)
    return sorted(j for g in groups if stops.isdisjoint(g) for j in g)


def _heading_lines(doc: _Doc, keep: list[bool]) -> set[int]:
    """The lines whose clusters the page model never removes: the title, the
    headline, and the headings (up to :data:`_MAX_HEADINGS` kept lines that
    are not paragraphs directly above a kept paragraph).

    >>> text = "Menu\\nHeading\\n" + "A sentence of the article with enough words. " * 2
    >>> doc = _analyse(text, "en")
    >>> sorted(_heading_lines(doc, [False, True, True]))
    [1]
    """
    stops = {doc.title, doc.headline} - {-1}
    good = doc.good
    for j in compress(range(len(keep)), good):
        if not keep[j]:
            continue
        k = j - 1
        while k >= 0 and keep[k] and not good[k] and j - k <= _MAX_HEADINGS:
            stops.add(k)
            k -= 1
    return stops


def _menu_head(doc: _Doc, start: int, end: int) -> int:
    """Where the stretch ``start``..``end`` really begins: after the last
    interface phrase of its head when the head runs at least
    :data:`_MENU_LINES` lines before the first paragraph and holds at least
    :data:`_MENU_HITS` interface phrases (page numbers, which number a recipe's
    steps too, do not count). Short menu lines score just above the region
    threshold, so a long mega-menu can join the article's stretch.

    >>> lines = ["Home", "News", "Sport", "Menu", "Jobs"] * 8 + ["Headline"]
    >>> lines += ["A sentence of the article with enough words to be its text."] * 3
    >>> doc = _analyse("\\n".join(lines), "en")
    >>> _menu_head(doc, 0, len(lines) - 1)
    40
    """
    good = doc.good
    first = next((j for j in range(start, min(end + 1, len(good))) if good[j]), -1)
    lex, cats = doc.lexicon, doc.categories
    if first - start >= _MENU_LINES:
        hits = [j for j in range(start, first) if j in lex and cats[j] != "pagination"]
        if len(hits) >= _MENU_HITS:
            return hits[-1] + 1
    if doc.blocks:
        # A menu whose items hold a few sentence-like lines (teasers, a promotion)
        # runs up to the body's block: it ends at its last phrase right above it.
        body, _, size = max(doc.blocks, key=itemgetter(2))
        if start <= body <= end and body - start >= _MENU_LINES:
            hits = [j for j in range(start, body) if j in lex and cats[j] != "pagination"]
            if len(hits) >= _MENU_HITS and body - hits[-1] - 1 <= _MENU_GAP:
                cut = hits[-1] + 1
                stripped = doc.stripped
                text = sum(len(stripped[j]) for j in range(start, cut) if good[j])
                if text <= _MENU_TEXT_SHARE * size:
                    return cut
    return start


def _teaser_tail(doc: _Doc, start: int, end: int) -> int:
    """Where the main stretch ``start``..``end`` really ends: before a list of
    teaser headlines closing it ("Popular" / "Developer pays $30M for a site on
    the canal" / "Landlords raise their listing fees" / ...). Such headlines score
    just above the region threshold (:data:`_REGION_THRESHOLD`), so the
    stretch runs through them; measured again at :data:`_TAIL_THRESHOLD`, the
    best stretch within it ends earlier, and the lines it cuts off go when
    :func:`_headline_list` reads them as a list of headlines. The article's
    own closing lists (tour dates, specifications, a list introduced by a
    colon, code, bullets) are not headlines and stay.

    >>> body = "A sentence of the article body that is long enough here. " * 4
    >>> heads = ["Storm closes the mountain pass again", "Why the new bridge costs more",
    ...          "Five walks along the river this autumn", "The mayor answers your questions"]
    >>> doc = _analyse("\\n".join(["Title", body, body, "Popular", *heads]), "en")
    >>> doc.z = [1.0, 3.0, 3.0, -0.6, -0.7, -0.6, -0.7, -0.6]
    >>> _teaser_tail(doc, 1, 7)
    2
    >>> _teaser_tail(doc, 1, 4)  # too few lines cut off: a heading, a line
    4
    """
    if end - start < _TAIL_LINES:
        return end
    part = [doc.z[j] - _TAIL_LOGIT for j in range(start, end + 1)]
    b = start + (_max_segment(part) if _lf is None else _lf.max_segment(part))[1]
    if end - b < _TAIL_LINES or any(doc.good[b + 1 : end + 1]):
        return end
    return b if _headline_list(doc, b + 1, end + 1) else end


def _headline_list(doc: _Doc, lo: int, hi: int) -> bool:
    """Whether lines ``lo`` to ``hi`` (exclusive), which hold no paragraph, read
    as a list of headlines: at least :data:`_TAIL_HEADLINES` headlines (4 to
    :data:`_TAIL_WORDS` words, capitalised, no closing punctuation, no "key:
    value" colon, no number in the first two words) and fewer lines of data
    (a number in the first two words: dates, prices, scores) than headlines;
    short lines (a label, a count, "Previous Next") may stand between them, at
    most :data:`_TAIL_LABELS` more of them than headlines (a results list's
    "1." / "WÜ" / "50,59" / "sec." cells outnumber its lines of names).
    Nothing introduces the list (no line ending with ":" in it or right above
    it) and nothing in it is longer, a bullet or code.

    >>> doc = _analyse("\\n".join([
    ...     "More news", "Storm closes the mountain pass again", "14h",
    ...     "Why the new bridge costs more than planned", "Five walks along the river",
    ...     "Tour dates:", "June 9 - Tampa, FL @ Amphitheatre", "June 10 - Miami, FL @ Arena",
    ...     "Farbe: grün", "Penetration: 220 - 250", "Lieferbar: 12 ml, 125 ml"]), "en")
    >>> _headline_list(doc, 0, 5), _headline_list(doc, 6, 8), _headline_list(doc, 8, 11)
    (True, False, False)
    """
    stripped, words, terminal = doc.stripped, doc.words, doc.terminal
    if lo > 0 and stripped[lo - 1].endswith(":"):
        return False
    heads = data = short = 0
    for j in range(lo, hi):
        s, w = stripped[j], words[j]
        if s.endswith(":") or w > _TAIL_WORDS:
            return False
        if w < 4:
            short += 1  # a label, a count, a date: between the headlines
            continue
        if not s[0].isalnum():
            return False  # a bullet, a quotation, code
        if any(c.isdigit() for c in "".join(s.split(None, 2)[:2])):
            data += 1
        elif s[0].isupper() and not terminal[j] and ": " not in s:
            heads += 1
    return heads >= _TAIL_HEADLINES and data < heads and short <= heads + _TAIL_LABELS


def _table_lines(doc: _Doc) -> set[int]:
    """Lines of tables flattened one cell per line: runs of at least
    :data:`_TABLE_ROWS` rows repeating one pattern of cells (number or short
    text), each row with at least two number cells and one text cell, as in
    standings, results and price tables ("1 / Sam Walker / 4120 / 5"). Their
    numbers alone read as page numbers, their names as menu items.

    >>> rows = "".join(f"{k}\\nPlayer {k}\\n{10 * k}\\n{k + 3}\\n" for k in range(1, 6))
    >>> sorted(_table_lines(_analyse("Standings after round 5:\\n" + rows + "Text.", "en")))[:5]
    [1, 2, 3, 4, 5]
    """
    digits = doc.columns[_DIGIT_SHARE]
    if not isinstance(digits, dict) or len(digits) < 2 * _TABLE_ROWS:
        return set()
    stripped, words = doc.stripped, doc.words
    numeric = [
        j for j in digits if len(stripped[j]) <= 17 and _NUMBER_CELL.match(stripped[j]) is not None
    ]
    # Only where numbers are dense (two a row, four rows: that many numbers within
    # as many rows' lines) can a table be: those windows, with a row's margin.
    need = 2 * _TABLE_ROWS
    span = _TABLE_ROWS * _TABLE_MAX_PERIOD
    n = len(stripped)
    dense = map(gt, repeat(span), map(sub, numeric[need - 1 :], numeric))
    windows: list[list[int]] = []
    k = 0
    for flag, group in groupby(dense):
        m = sum(1 for _ in group)
        if flag:  # numbers k .. k+m-1 each start a dense stretch
            lo, hi = max(0, numeric[k] - span), min(n, numeric[k + m - 1 + need - 1] + span + 1)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = hi
            else:
                windows.append([lo, hi])
        k += m
    out: set[int] = set()
    long_cell = _TABLE_CELL_WORDS
    for first, stop in windows:
        # one letter per line: N a number, T a short text cell, L anything else
        seg = [
            "L" if w > long_cell or len(x) > 60 else "T"
            for x, w in zip(stripped[first:stop], words[first:stop])
        ]
        for j in numeric[bisect_left(numeric, first) : bisect_left(numeric, stop)]:
            seg[j - first] = "N"
        if "T" not in seg:
            continue
        not_long = list(map(ne, seg, repeat("L")))
        for p in range(2, _TABLE_MAX_PERIOD + 1):
            # byte k: line first+p+k repeats the line p above it (and is no long line)
            repeats = bytes(map(and_, map(eq, seg[p:], seg), not_long[p:]))
            for run in re.finditer(b"\x01{%d,}" % ((_TABLE_ROWS - 1) * p), repeats):
                k, end = run.start(), run.end() + p  # seg[k:end] repeats with period p
                row = seg[k : k + p]
                shortest = all(row != row[q:] + row[:q] for q in range(1, p) if p % q == 0)
                if shortest and row.count("N") >= 2 and "T" in row:
                    # with its header row: as many short text cells right above
                    top = k - p if k >= p and seg[k - p : k] == ["T"] * p else k
                    out.update(range(first + top, first + end))
    return out


def _body_segment(doc: _Doc, shifted: list[float], inside: list[bool]) -> tuple[int, int] | None:
    """The best stretch around the biggest block of paragraphs when the kept
    stretches miss it and it outweighs all their paragraphs together
    (:data:`_BODY_RATIO`, at least :data:`_BODY_MIN_CHARS`): a run of teaser
    blocks or a mega-menu's blurbs can outscore one long article body, and the
    body must not be lost to them. ``None`` when there is nothing to add.

    >>> doc = _analyse("Menu\\nHome\\n" + "A sentence of the body text here. " * 20, "en")
    >>> _body_segment(doc, [-1.0, -1.0, 2.0], [True, False, False])
    (2, 2)
    """
    blocks = doc.blocks
    if not blocks:
        return None
    sizes = [size for _, _, size in blocks]
    a, b, size = blocks[sizes.index(max(sizes))]
    if size < _BODY_MIN_CHARS or all(inside[a : b + 1]):
        return None
    kept = sum(s for lo, hi, s in blocks if inside[lo] or inside[hi])
    if size < _BODY_RATIO * kept:
        return None
    # the block and its best extensions on either side (sums of shifted scores)
    return _best_reach(shifted, range(a - 1, -1, -1), a), _best_reach(
        shifted, range(b + 1, len(shifted)), b
    )


def _best_reach(scores: list[float], steps: range, start: int) -> int:
    """How far from ``start`` along ``steps`` the running sum of ``scores`` peaks
    above zero (``start`` itself if it never does)."""
    best, acc, reach = 0.0, 0.0, start
    for j in steps:
        acc += scores[j]
        if acc > best:
            best, reach = acc, j
    return reach


def _verdicts(
    order: list[int],
    repeated: dict[int, float],
    cats: list[str | None],
    sig: list[float],
    removable: set[int],
    date_only: dict[int, float],
    url_only: dict[int, float],
    teasers: set[int],
    inside: list[bool],
    end: int,
    tails: list[int],
) -> dict[int, tuple[str, float]]:
    """The reason and confidence (1 - the line model's probability, at least
    0.9 for interface phrases) of each removed line, in ``order``. After the
    main text (past ``end`` and outside any kept stretch) the reason is that of
    the last end marker in ``tails`` before the line, or ``footer``.
    (Reference of ``_linefeatures.verdicts``.)

    >>> _verdicts([0, 2], {}, ["skip-link", None, None], [0.5, 0.9, 0.25],
    ...           {0}, {}, {}, set(), [True, True, False], 1, [])
    {0: ('skip-link', 0.9), 2: ('footer', 0.75)}
    """
    verdicts: dict[int, tuple[str, float]] = {}
    for j in order:
        if j in repeated:
            verdicts[j] = ("repeated-line", repeated[j])
            continue
        cat = cats[j]
        conf = 1.0 - sig[j]
        if j in removable:
            verdicts[j] = (cat or "nav-line", max(conf, 0.9))
        elif j in date_only:
            verdicts[j] = ("date-line", conf)
        elif j in url_only:
            verdicts[j] = ("url-line", conf)
        elif j in teasers:
            verdicts[j] = ("related-links", conf)
        elif j > end and not inside[j]:
            t = bisect_right(tails, j)
            verdicts[j] = (cats[tails[t - 1]] or "footer" if t else "footer", conf)
        else:
            verdicts[j] = ("nav-line", conf)
    return verdicts


def _stamp_lines(doc: _Doc) -> dict[int, float]:
    """Datelines: short lines (at most :data:`_STAMP_MAX_WORDS` words, without
    closing punctuation but that of "a.m."/"p.m.") holding a date with the month
    in words and a clock time, as in bylines, "Published ... / Updated ..."
    lines and comment headers: the page's metadata, not its text. Lines that
    are a date alone are :attr:`_Doc.date_only`'s.

    >>> doc = _analyse("Title\\nPublished 2:16 AM EST Nov 20, 2019\\nThe text.", "en")
    >>> _stamp_lines(doc)
    {1: 1.0}
    """
    digits = doc.columns[_DIGIT_SHARE]
    stripped, words, date_only, terminal = doc.stripped, doc.words, doc.date_only, doc.terminal
    out: dict[int, float] = {}
    for j in digits if isinstance(digits, dict) else ():
        s = stripped[j]
        if (
            words[j] <= _STAMP_MAX_WORDS
            and j not in date_only
            and (not terminal[j] or _STAMP_END.search(s) is not None)
            and _STAMP_TIME.search(s) is not None
            and _STAMP_DATE.search(s) is not None
        ):
            out[j] = 1.0
    return out


def _credit_lines(doc: _Doc, keep: list[bool]) -> list[int]:
    """Kept image captions and credit lines: lines of at most
    :data:`_CREDIT_MAX_WORDS` words opening with a credit ("Foto: ...",
    "Photograph by ...", "© ...") or closing with one ("... | © Getty Images",
    "... (Foto: Name/Pool via REUTERS).", "... / Shutterstock"), with no sentence
    after it. Agencies count only after "/", "(" or "|" ("The EPA said ..." is
    a sentence).

    >>> text = "Title\\nThe mayor at the opening. Photo: Anna Berg/AFP\\nThe EPA said so."
    >>> _credit_lines(_analyse(text, "en"), [True, True, True])
    [1]
    """
    stripped, words = doc.stripped, doc.words
    todo = [j for j in compress(range(len(keep)), keep) if words[j] <= _CREDIT_MAX_WORDS]
    lows = list(map(str.lower, map(stripped.__getitem__, todo)))
    # the few lines holding a credit's literal (one pass in C), then the patterns
    hits = set(_holding(_CREDIT_LITERALS, lows))
    joined = "\n".join(lows)
    if "©" in joined:
        offsets = list(accumulate(map((1).__add__, map(len, lows)), initial=0))
        hits.update(_lines_matching(_COPYRIGHT_SIGN, joined, offsets))
    out = []
    for k in sorted(hits):
        low = lows[k]
        if _CREDIT_HEAD.match(low) is not None or _CREDIT_TAIL.search(low[-_CREDIT_TAIL_CHARS:]):
            out.append(todo[k])
        else:
            line = stripped[todo[k]]
            m = _CREDIT_GLUED.search(line, max(0, len(line) - _CREDIT_TAIL_CHARS))
            if m is not None and line.count(" ", 0, m.start()) >= _CREDIT_GLUED_WORDS - 1:
                out.append(todo[k])
    return out


def _holding(literals: tuple[str, ...], lines: list[str]) -> list[int]:
    """Indexes of the ``lines`` holding one of ``literals``: one pass in C
    with the compiled line features (their index built once per tuple).

    >>> _holding(("mehr", "more"), ["Weiter", "Read more", "mehr •••"])
    [1, 2]
    """
    if _lf is not None:
        index = _literal_index(literals)
        return [k for k, _ in _lf.literal_scan(index, lines)] if index is not None else []
    return [k for k, _ in _literal_scan(literals, [0] * len(literals), lines)]


@lru_cache(maxsize=8)
def _literal_index(literals: tuple[str, ...]) -> object:
    compiled = native.linefeatures
    if compiled is None:
        return None
    return compiled.literal_index(list(literals), [0] * len(literals))


def _comment_thread(doc: _Doc) -> range:
    """A thread of readers' comments after the article: from a comments
    heading ("34 responses to ...", "12 Kommentare") after the start of the
    biggest block of paragraphs to the end of the page, when at least
    :data:`_THREAD_MIN` commenter lines ("NAME says:", "NAME sagt:", "NAME
    dice:") follow that block.
    Empty when there is none.

    >>> body = "A sentence of the article with enough words to be its text. " * 8
    >>> lines = [body, "2 responses to Title", "anna says:", "Great.", "ben says:", "No."]
    >>> _comment_thread(_analyse("\\n".join(lines), "en"))
    range(1, 6)
    """
    blocks, words, stripped, cats = doc.blocks, doc.words, doc.stripped, doc.categories
    if not blocks:
        return range(0)
    a, b, _ = max(blocks, key=itemgetter(2))
    n = len(stripped)
    colons = compress(range(b + 1, n), map(str.endswith, stripped[b + 1 :], repeat(":")))
    says = [
        j
        for j in colons
        if words[j] <= _THREAD_NAME_WORDS and _COMMENTER.search(stripped[j]) is not None
    ]
    if len(says) < _THREAD_MIN:
        return range(0)
    # (a heading that reads as a sentence may close the body's block)
    heads = [m for m in (*doc.lexicon, *doc.weak) if a < m < says[0] and cats[m] == "comments"]
    return range(min(heads), n) if heads else range(0)


def _dated_thread(doc: _Doc) -> range:
    """A thread of readers' comments found by its dated entries: from the first
    of them (:func:`_dated_entries`), or a comments heading up to
    :data:`_ENTRY_HEAD` lines above it, to the end of the page. The entries
    must follow a comments marker ("Comments", "留言", "Kommentare") after the
    biggest block of paragraphs: without one, dated lines may be an events
    calendar or a changelog. Empty when there is none.

    >>> body = "A sentence of the article with enough words to be its text. " * 8
    >>> thread = []
    >>> for k in range(4):
    ...     thread += [f"user{k} on 2019/11/2{k} 10:1{k}", "I liked this article a lot, thanks."]
    >>> _dated_thread(_analyse("\\n".join(["Title", body, "Comments", *thread]), "en"))
    range(2, 11)
    >>> _dated_thread(_analyse("\\n".join(["Title", body, "What's on", *thread]), "en"))
    range(0, 0)
    """
    blocks, cats = doc.blocks, doc.categories
    if not blocks:
        return range(0)
    a, b, _ = max(blocks, key=itemgetter(2))
    marks = [m for m in (*doc.lexicon, *doc.weak) if m > b and cats[m] == "comments"]
    first = _dated_entries(doc, a, b, min(marks)) if marks else None
    if first is None:
        return range(0)
    near = [m for m in marks if 0 < first - m <= _ENTRY_HEAD]
    return range(min(near, default=first), len(cats))


def _dated_entries(doc: _Doc, a: int, b: int, start: int) -> int | None:
    """The first line of a thread of dated entries from line ``start`` (a
    comments marker after the body's block, lines ``a`` to ``b``) on, or
    ``None``: the first run of at least
    :data:`_ENTRY_MIN` entry lines at most :data:`_ENTRY_GAP` lines apart, with
    text between at least half of them (a log's timestamps follow each other).
    An entry line is short (:data:`_STAMP_MAX_WORDS` words), has no closing
    punctuation and holds a clock time and a date: the month in words, or a
    numeric date with a word beside it (a commenter's name, not a table's row):
    "#4 linghua 於 2013/12/28 21:29", "geschrieben von anna am 21. Jan. 2015,
    19:04 [ antworten ]". One inside the body's block means the article dates
    its own entries (a live blog): no thread.

    >>> body = "A sentence of the article with enough words to be its text. " * 8
    >>> thread = []
    >>> for k in range(4):
    ...     thread += [f"user{k} on 2019/11/2{k} 10:1{k}", "I liked this article a lot, thanks."]
    >>> _dated_entries(_analyse("\\n".join(["Title", body, "Comments", *thread]), "en"), 1, 1, 2)
    3
    """
    digits = doc.columns[_DIGIT_SHARE]
    if not isinstance(digits, dict):
        return None
    stripped, words, terminal = doc.stripped, doc.words, doc.terminal
    entries = []
    for j in sorted(j for j in digits if a <= j <= b or j >= start):
        if words[j] > _STAMP_MAX_WORDS or terminal[j]:
            continue
        s = stripped[j]
        if _STAMP_TIME.search(s) is None:
            continue
        if _STAMP_DATE.search(s) is not None or (
            _NUMERIC_DATE.search(s) is not None and any(map(str.isalpha, s))
        ):
            if a <= j <= b:
                return None  # the article dates its own entries: a live blog, a log
            if j >= start:
                entries.append(j)
    # runs of entries at most _ENTRY_GAP lines apart
    runs: list[list[int]] = []
    for j in entries:
        if runs and j - runs[-1][-1] <= _ENTRY_GAP:
            runs[-1].append(j)
        else:
            runs.append([j])
    for run in runs:
        gaps = [y - x for x, y in pairwise(run)]
        if len(run) >= _ENTRY_MIN and 2 * sum(g >= 2 for g in gaps) >= len(gaps):
            return run[0]
    return None


def _teaser_ends(doc: _Doc, keep: list[bool]) -> list[int]:
    """Kept lines ending in a "read more" link: teasers of other pages ("Auskunft
    über vergangenes Wetter… mehr •••", "... Głos w obronie [czytaj więcej]").
    The lines' last :data:`_TEASER_TAIL` characters holding a marker's literal
    (one pass in C; three casings), then the pattern.

    >>> lines = ["Title", "The story so far… Read more", "I want more", "News | mehr"]
    >>> _teaser_ends(_analyse("\\n".join(lines), "en"), [True] * 4)
    [1, 3]
    """
    stripped = doc.stripped
    todo = list(compress(range(len(keep)), keep))
    tail = slice(-_TEASER_TAIL, None)
    tails = [stripped[j][tail] for j in todo]
    search = _TEASER_END.search
    hits = _holding(_TEASER_CASED, tails)
    return [todo[k] for k in hits if search(tails[k]) is not None]


def _author_boxes(doc: _Doc, keep: list[bool]) -> list[int]:
    """An author box after the article: the last kept paragraph (after the
    biggest block, at most :data:`_BIO_MAX_WORDS` words) and the name line
    above it (at most :data:`_BIO_NAME_WORDS` words, no closing punctuation)
    when the paragraph opens with the name line's first two words, both
    capitalised ("Jule Radeck" / "Jule Radeck studierte ..."). Under an
    "About ..." heading ("Sobre Carlos Nadalim", "Über den Autor") the
    paragraph may also be the last line of the biggest block.

    >>> body = "A sentence of the article body that is long enough here. " * 4
    >>> bio = "Anna Berg has written about food and travel for this paper since 2010."
    >>> text = f"Title\\n{body}\\nEnd.\\nAnna Berg\\n{bio}"
    >>> _author_boxes(_analyse(text, "en"), [True] * 5)
    [3, 4]
    >>> about = "She has written about food and travel for this paper since 2010."
    >>> text = f"Title\\n{body}\\nAbout the author\\n{about}"
    >>> _author_boxes(_analyse(text, "en"), [True] * 4)
    [2, 3]
    """
    blocks = doc.blocks
    if not blocks:
        return []
    b = max(blocks, key=itemgetter(2))[1]
    good, words, stripped, terminal = doc.good, doc.words, doc.stripped, doc.terminal
    # the last kept paragraph, if it comes after the biggest block
    # (or the biggest block's last line, under an "About ..." heading)
    j = next((j for j in range(len(keep) - 1, b - 1, -1) if keep[j] and good[j]), -1)
    if j < b or j < 1 or words[j] > _BIO_MAX_WORDS:
        return []
    k = j - 1
    if not 2 <= words[k] <= _BIO_NAME_WORDS or terminal[k] or good[k]:
        return []
    about = _ABOUT_HEADING.match(stripped[k])
    if about is not None and _about_whom(about.group(1), stripped[doc.title]):
        return [k, j] if keep[k] else [j]
    if j == b:
        return []
    name = _NAME_TOKEN.findall(stripped[k])[:2]
    if len(name) < 2 or not (name[0][0].isupper() and name[1][0].isupper()):
        return []
    if _NAME_TOKEN.findall(stripped[j][:120])[:2] != name:
        return []
    return [k, j] if keep[k] else [j]


def _about_whom(rest: str | None, title: str) -> bool:
    """Whether ``rest``, the words after "About" in a heading, name its author.

    >>> [_about_whom(r, "Creeny | a blog") for r in ("Anna Berg", "me", "Creeny", "die Brücke")]
    [True, True, True, False]
    """
    if rest is None:
        return True  # a whole heading: "O autorze", "Over ons"
    if rest.lower() in _ABOUT_OBJECTS:
        return True
    names = _NAME_TOKEN.findall(rest)
    if len(names) != len(rest.split()) or not all(t[0].isupper() for t in names):
        return False
    return 2 <= len(names) <= 4 or (len(names) == 1 and names[0].lower() in title.lower())


def _caption_lines(doc: _Doc, keep: list[bool]) -> list[int]:
    """Kept photo captions: lines of at most :data:`_CAPTION_MAX_WORDS` words
    that say where the people shown stand (", left, and", "(l.)", "von links
    nach rechts", "de gauche à droite", "(à droite)") or call the picture a
    "file photo", or close with the day a wire photo was taken (", Sunday,
    Nov. 17, 2019, in Las Vegas."). Prose rarely places people that way;
    captions do, in the article's text too. Candidate lines come from a
    literal scan (one pass in C), then one pattern checks the words' boundaries.

    >>> text = "Title\\nAnna Berg, left, and Tom Lee at the opening.\\nThe left wing won."
    >>> _caption_lines(_analyse(text, "en"), [True, True, True])
    [1]
    >>> wire = "The mayor speaks at a rally, Sunday, Nov. 17, 2019, in Las Vegas."
    >>> _caption_lines(_analyse(f"Title\\n{wire}\\nShe spoke on Sunday.", "en"), [True] * 3)
    [1]
    """
    stripped, words = doc.stripped, doc.words
    todo = [j for j in compress(range(len(keep)), keep) if words[j] <= _CAPTION_MAX_WORDS]
    lines = list(map(stripped.__getitem__, todo))
    # the lines holding a literal (one pass in C), then the pattern
    search, wire = _CAPTION.search, _WIRE_CAPTION.search
    return [
        todo[k]
        for k in _holding(_CAPTION_LITERALS, lines)
        if search(lines[k]) is not None
        or wire(lines[k], max(0, len(lines[k]) - _WIRE_TAIL)) is not None
    ]


_Lines = TypeVar("_Lines", bound=Iterable[int])


def _drop(keep: list[bool], lines: _Lines) -> _Lines:
    """``lines`` marked removed in ``keep``; returns them."""
    for j in lines:
        keep[j] = False
    return lines


def _trailing_teasers(doc: _Doc, keep: list[bool]) -> list[int]:
    """Kept link-like lines (at most :data:`_TRAIL_LINES` in a row, each of at
    most :data:`_TRAIL_WORDS` words, no paragraph, no closing punctuation)
    between a kept paragraph and at least :data:`_TRAIL_GAP` removed lines (or
    the end): the first headlines of a list of other articles, whose scores
    carried them into the article's stretch. A line ending with a colon, in
    the run or the paragraph, introduces what follows and stops the rule.

    >>> body = "A sentence of the article body here. " * 3
    >>> text = "Title\\n" + body + "\\nOther story\\nMenu\\nHome"
    >>> _trailing_teasers(_analyse(text, "en"), [False, True, True, False, False])
    [2]
    """
    good, terminal, words, stripped = doc.good, doc.terminal, doc.words, doc.stripped
    out: list[int] = []
    if not keep:
        return out
    # run boundaries from C-level calls: where a line's flag differs from the next one's
    cuts = [0, *compress(count(1), map(ne, keep, islice(keep, 1, None))), len(keep)]
    runs = [(keep[a], b - a) for a, b in pairwise(cuts)]
    ends = cuts[1:]
    # the last line of each kept run followed by enough removed lines (or the end)
    for r, (flag, _) in enumerate(runs):
        if not flag or (r + 2 < len(runs) and runs[r + 1][1] < _TRAIL_GAP):
            continue
        e = ends[r] - 1
        k = e
        while (
            k >= 0
            and e - k < _TRAIL_LINES + 1
            and keep[k]
            and not good[k]
            and not terminal[k]
            and words[k] <= _TRAIL_WORDS
        ):
            k -= 1
        if (
            k < e
            and e - k <= _TRAIL_LINES
            and k >= 0
            and keep[k]
            and good[k]
            and not any(stripped[i].endswith(":") for i in range(k, e + 1))
        ):
            out.extend(range(k + 1, e + 1))
    return out


def _name_bylines(doc: _Doc, keep: list[bool]) -> list[int]:
    """Kept lines that are only an author's name after "By" ("By Jill Disis,
    CNN Business", "Von Heike Buchter", "Par Loïc Le Clerc", "Por Gloria Ruiz
    Kuilan"): a full name of two to four capitalised words, then more names or
    the outlet ("and", "und", "et", ",", "|"), no closing punctuation, at most
    :data:`_BY_MAX_WORDS` words. Cased: "Von Bits und Bytes", "POR ESO ..."
    and "By the numbers" are headings.

    >>> lines = ["Title", "By Anna Berg and Tom Lee, Example News", "Von Bits und Bytes"]
    >>> _name_bylines(_analyse("\\n".join(lines), "en"), [True, True, True])
    [1]
    """
    stripped, words, terminal = doc.stripped, doc.words, doc.terminal
    # Only lines opening with a prefix's first letter can start with a prefix
    # or be "By" alone: one cheap pass, then the two tests on those (about a
    # fifth of the lines) instead of on all.
    firsts = [j for j, s in enumerate(stripped) if s[:1] in _BY_FIRSTS]
    heads = map(str.startswith, map(stripped.__getitem__, firsts), repeat(_BY_PREFIXES))
    out = []
    for j in compress(firsts, heads):
        if not keep[j] or not 3 <= words[j] <= _BY_MAX_WORDS or terminal[j]:
            continue
        s = stripped[j]
        if s.endswith(":") or len(s) > _BY_MAX_CHARS:
            continue  # (the length also bounds the split's whitespace runs)
        parts = [p.split() for p in _BY_PARTS.split(s.partition(" ")[2].strip())]
        if len(parts[0]) >= 2 and all(
            0 < len(p) <= 4 and all(t[0].isupper() for t in p) for p in parts
        ):
            out.append(j)
    out.extend(_split_bylines(doc, keep, firsts))
    return sorted(set(out))


#: "By" alone on its line (cased, as above), then the name on the next lines
_BY_ALONE = frozenset(p.strip() for p in _BY_PREFIXES)
_BY_NAME_CHARS = 60
#: The first characters of the prefixes: a line that starts with none of them
#: neither starts with a prefix nor is one alone (with or without ":").
_BY_FIRSTS = frozenset(p[0] for p in _BY_PREFIXES)


def _split_bylines(doc: _Doc, keep: list[bool], firsts: list[int] | None = None) -> list[int]:
    """Kept bylines split over lines: "By" (or "Von", "Par", ...) alone on its
    line, then a full name of two to four capitalised words without closing
    punctuation, on one line or repeated on the next ones (a name and its link).
    The "By" line may already be gone as a lexicon line ("Von"). ``firsts``:
    the ascending indexes of the lines whose first character is in
    :data:`_BY_FIRSTS` (all lines are tested when ``None``).

    >>> lines = ["Headline", "By", "Sarah Lee", "Sarah Lee", "By the numbers", "Text."]
    >>> _split_bylines(_analyse("\\n".join(lines), "en"), [True] * 6)
    [1, 2, 3]
    """
    stripped, terminal = doc.stripped, doc.terminal
    n = len(stripped)
    out: list[int] = []
    # (kept or already gone as a lexicon line: its name goes too; the test runs
    # at C level over the lines, the loop only visits "By" lines)
    todo = range(n - 1) if firsts is None else firsts[: bisect_left(firsts, n - 1)]
    lines = map(stripped.__getitem__, todo)
    alone = map(_BY_ALONE.__contains__, map(str.rstrip, lines, repeat(":")))
    for j in compress(todo, alone):
        name = stripped[j + 1]
        if not _is_full_name(name) or terminal[j + 1] or not keep[j + 1]:
            continue
        k = j + 2
        while k < n and k <= j + 3 and keep[k] and stripped[k] == name:
            k += 1
        out.extend(range(j, k))
    return out


def _is_full_name(s: str) -> bool:
    """Two to four capitalised words, at most :data:`_BY_NAME_CHARS` characters,
    not ending with ":" ("Sarah E. Needleman", not "the numbers")."""
    if len(s) > _BY_NAME_CHARS or s.endswith(":"):
        return False
    tokens = s.split()
    return 2 <= len(tokens) <= 4 and all(t[0].isupper() for t in tokens)


def _keep_headings(doc: _Doc, keep: list[bool]) -> None:
    """Keeps the headings: up to :data:`_MAX_HEADINGS` removed lines directly
    above a kept paragraph (lines of the see-through categories skipped), each
    without a lexicon category, not a date or URL alone, at most
    :data:`_HEADING_MAX_WORDS` words, and not navigation above the headline.
    Paragraphs are visited from the last up. (Reference of
    ``_linefeatures.keep_headings``.)

    >>> text = "Menu\\nHeading\\n" + "A sentence of the article with enough words. " * 2
    >>> doc = _analyse(text, "en")
    >>> keep = [False, False, True]
    >>> _keep_headings(doc, keep)
    >>> keep
    [False, True, True]
    """
    words, cats = doc.words, doc.categories
    date_only, url_only = doc.date_only, doc.url_only
    title, headline = doc.title, doc.headline
    if _lf is not None:
        _lf.keep_headings(
            keep, words, cats, date_only, url_only, title, headline,
            _SEE_THROUGH_CATEGORIES, _GOOD_WORDS, _MAX_HEADINGS, _HEADING_MAX_WORDS,
        )  # fmt: skip
        return
    n = len(keep)
    for j in reversed(list(compress(range(n), map(ge, words, repeat(_GOOD_WORDS))))):
        if not keep[j] or j == 0 or keep[j - 1]:
            continue
        k = j - 1
        steps = 0
        while k >= 0 and not keep[k] and steps < _MAX_HEADINGS:
            if cats[k] in _SEE_THROUGH_CATEGORIES:
                k -= 1  # an embedded post between a heading and its paragraph
                continue
            if (
                cats[k] is not None
                or k in date_only
                or k in url_only
                or words[k] > _HEADING_MAX_WORDS
            ):
                break
            if k < headline <= j and k != title:
                break  # navigation above the headline is not a heading
            keep[k] = True
            k -= 1
            steps += 1


def _drop_isolated(doc: _Doc, keep: list[bool]) -> None:
    """Kept link-like lines (short, no closing punctuation, not a paragraph),
    at most :data:`_ISOLATED_RUN` in a row, between two removed lines are teasers
    among furniture ("headline / By ... / date" lists), not text: they go.
    (Reference of ``_linefeatures.drop_isolated``.)"""
    if _lf is not None:
        _lf.drop_isolated(keep, doc.good, doc.terminal, doc.words, _ISOLATED_WORDS, _ISOLATED_RUN)
        return
    n = len(keep)
    link_like = [
        k and not g and not t and w <= _ISOLATED_WORDS
        for k, g, t, w in zip(keep, doc.good, doc.terminal, doc.words)
    ]
    pos = 0
    for flag, group in groupby(link_like):
        length = sum(1 for _ in group)
        end = pos + length
        bounded = pos > 0 and end < n and not keep[pos - 1] and not keep[end]
        if flag and length <= _ISOLATED_RUN and bounded:
            keep[pos:end] = repeat(False, length)
        pos = end


def _small_blocks_after(doc: _Doc, keep: list[bool]) -> list[int]:
    """Kept lines of runs of at least :data:`_SMALL_RUN` small blocks of
    paragraphs after the biggest block: teaser lists, comment threads.

    Blocks under :data:`_SMALL_SHARE` of the biggest block's characters go
    whatever lies between them. Blocks under :data:`_TEASER_SHARE` go when
    the run reads as page furniture: it starts at least :data:`_TEASER_GAP`
    lines after the block before it, and the other lines still kept in it
    (a teaser's headline, author and date) score low; a list article's items
    or a tutorial's code lines between its paragraphs score higher and stay.
    """
    blocks = doc.blocks
    if len(blocks) <= _SMALL_RUN:
        return []
    sizes = [size for _, _, size in blocks]
    main = sizes.index(max(sizes))
    out: set[int] = set()
    for share, furniture_only in ((_SMALL_SHARE, False), (_TEASER_SHARE, True)):
        limit = share * sizes[main]
        k = main + 1
        while k < len(blocks):
            m = k
            while m < len(blocks) and sizes[m] < limit:
                m += 1
            if m - k >= _SMALL_RUN:
                lo, hi = blocks[k - 1][1] + 1, blocks[m - 1][1] + 1
                if not furniture_only or (
                    blocks[k][0] - blocks[k - 1][1] >= _TEASER_GAP
                    and _median_score(doc, keep, lo, hi) <= _TEASER_SCORE
                ):
                    out.update(j for j in range(lo, hi) if keep[j])
            k = m + 1
    return sorted(out)


def _related_boxes(doc: _Doc, keep: list[bool]) -> list[int]:
    """Kept headlines listed under a bare "related" or "read more" marker
    ("Te puede interesar:", "Related articles", "Lesen Sie auch"): up to
    :data:`_BOX_LINES` lines after it, stopping at the first line that ends
    like a sentence or is longer than :data:`_BOX_WORDS` words (the text
    resuming) and at the next interface phrase. A marker with a headline on
    its own line ("Read more: ...") heads no box: the line after it is the
    article's.

    >>> doc = _analyse("Body text.\\nRelated articles\\nA headline here\\nBack to text.", "en")
    >>> _related_boxes(doc, [True, False, True, True])
    [2]
    """
    cats, words, stripped, lexicon = doc.categories, doc.words, doc.stripped, doc.lexicon
    n = len(keep)
    out: list[int] = []
    for m in lexicon:
        if cats[m] not in _BOX_CATEGORIES or words[m] > _BOX_MARKER_WORDS:
            continue
        for j in range(m + 1, min(n, m + 1 + _BOX_LINES)):
            if not keep[j]:
                if j in lexicon:
                    break
                continue
            if words[j] > _BOX_WORDS or stripped[j].endswith(_SENTENCE_END):
                break
            out.append(j)
    return out


def _median_score(doc: _Doc, keep: list[bool], lo: int, hi: int) -> float:
    """The median logit of the kept lines from ``lo`` to ``hi`` (exclusive) that
    are not paragraphs; ``inf`` when there are none."""
    scores = sorted(doc.z[j] for j in range(lo, hi) if keep[j] and not doc.good[j])
    return scores[len(scores) // 2] if scores else math.inf


def _keeps_paragraphs(doc: _Doc, removed: dict[int, tuple[str, float]]) -> bool:
    """Whether the lines kept hold most of the page's sentence-like paragraphs
    (by characters): then a small remainder is a short article on a page of
    furniture, not a sign that the article itself was cut."""
    # (the comments of a thread are readers' paragraphs, not the article's)
    good = [j for j, g in enumerate(doc.good) if g and removed.get(j, ("",))[0] != "comment-thread"]
    total = sum(len(doc.stripped[j]) for j in good)
    kept = sum(len(doc.stripped[j]) for j in good if j not in removed)
    return total > 0 and kept >= _MIN_KEEP_PARAGRAPHS * total


def _has_layout(doc: _Doc, table: set[int]) -> bool:
    """Whether the line model and the rules after it judge ``doc`` as a page
    layout: a paragraph, :data:`_MIN_INTERFACE_LINES` interface phrases outside
    tables, and :data:`_MIN_PAGE_EVIDENCE` lines of furniture in all.

    The interface phrases are the anchor: every one outside a table is removed,
    so the stage's output has none and a second pass leaves it untouched. Runs
    of link-like lines alone are no anchor: a spec list, an archive or a table
    of contents stays in the output, and positions, blocks and the main stretch
    all move once the menus around them are gone (``bench_boilerplate.py
    --twice``: 214 of 1,262 pages changed on a second pass with them).

    >>> doc = _analyse("Home\\nNews\\nSport\\n" + "A sentence of the text here. " * 5, "en")
    >>> _has_layout(doc, set()), _has_layout(doc, set(doc.lexicon))
    (True, False)
    """
    if not any(doc.good):
        return False
    anchors = len(doc.lexicon.keys() - table)
    return anchors >= _MIN_INTERFACE_LINES and _page_evidence(doc) >= _MIN_PAGE_EVIDENCE


def _page_evidence(doc: _Doc) -> int:
    """How many lines look like page furniture: interface phrases, and link-like
    lines (a few words, no closing punctuation) in runs of three or more, as in
    menus. Clean prose has none, and is then left to the lexicon alone."""
    return len(doc.lexicon) + _link_runs(doc.short, doc.terminal, doc.lexicon)


def _link_runs(short: list[bool], terminal: list[bool], exclude: Iterable[int]) -> int:
    """Lines in runs of three or more link-like lines (short, no closing
    punctuation), the lines of ``exclude`` not counting as link-like.
    (Reference of ``_linefeatures.link_runs``.)"""
    if _lf is not None:
        count: int = _lf.link_runs(short, terminal, exclude)
        return count
    link_like = list(map(gt, short, terminal))  # short and not terminal
    for j in exclude:
        link_like[j] = False
    count = 0
    for flag, group in groupby(link_like):
        if flag:
            length = sum(1 for _ in group)
            if length >= 3:
                count += length
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
        part = list(values[lo:hi])
        a, b = _max_segment(part) if _lf is None else _lf.max_segment(part)
        score = sum(values[lo + a : lo + b + 1])
        if score >= _SECONDARY_SHARE * best and score > 0:
            out.append((lo + a, lo + b))
    return out


def _edits(text: str, doc: _Doc, removed: dict[int, tuple[str, float]]) -> list[Edit]:
    """One edit per removed line, taking its line break and the blank lines
    that would otherwise be left behind. (Reference of ``_linefeatures.line_edits``.)"""
    idx, starts, lines = doc.idx, doc.starts, doc.lines
    if _lf is not None:
        return list(
            _lf.line_edits(text, starts, lines, idx, removed, Edit, _EDIT_SLOTS, _STAGE, round)
        )
    n = len(idx)
    last_kept = next((j for j in range(n - 1, -1, -1) if j not in removed), -1)
    length = len(text)
    edits = []
    for j, (reason, conf) in removed.items():
        phys = idx[j]
        if j < last_kept or last_kept < 0:
            # Before a kept line: the line, its break and the blank lines after it.
            begin = starts[phys]
            end = starts[idx[j + 1]] if j + 1 < n else length
        else:
            # After the last kept line: the blank lines before it, the line, its break.
            prev = idx[j - 1]
            begin = starts[prev] + len(lines[prev]) + 1
            end = min(length, starts[phys] + len(lines[phys]) + 1) if j + 1 < n else length
        # (spans are slices of text, confidences in [0, 1]: no need to validate)
        edits.append(
            Edit._trusted(begin, end, text[begin:end], "", "boilerplate", reason, round(conf, 4))
        )
    return edits


_STAGE = "boilerplate"
# The slot descriptors of Edit's fields, in the order of Edit._trusted's arguments.
_EDIT_SLOTS = tuple(
    Edit.__dict__[name]
    for name in ("start", "end", "before", "after", "stage", "reason", "confidence")
)


def _apply(text: str, edits: list[Edit]) -> str:
    """``text`` without the spans of ``edits`` (in order, not overlapping: the
    stage's removals), the pieces between them cut at C level.

    >>> _apply("a\\nb\\nc", [Edit(2, 4, "b\\n", "", "boilerplate", "nav-line", 0.9)])
    'a\\nc'
    """
    ends = chain((0,), map(attrgetter("end"), edits))
    starts = chain(map(attrgetter("start"), edits), (len(text),))
    return "".join(map(text.__getitem__, map(slice, ends, starts)))
