"""Candidate words for a corrupted token, and how likely each corruption is.

Two pieces, both language-independent:

* :class:`DeleteIndex` finds dictionary words within a small edit distance of a
  token through symmetric deletes (the SymSpell idea), stored compactly as one
  sorted ``array`` of integers instead of a dict of strings.
* :class:`Channel` is the noisy channel: ``cost(observed, intended)`` is
  ``-log10 P(observed | intended)``, a weighted Damerau-Levenshtein distance in
  which learned multi-character confusions (``rn`` for ``m``, ``li`` for ``h``,
  ``U`` for ``ll``) are single cheap operations. Its weights come from
  :func:`learn_confusions` on aligned (OCR, ground truth) text; the defaults
  shipped in :data:`DEFAULT_CONFUSIONS` were learned that way (see
  ``benchmarks/learn_confusions.py``).

>>> index = DeleteIndex(["house", "mouse", "horse", "hose"])
>>> sorted(index.lookup("hause", 1))
['house']
>>> channel = Channel.ocr()
>>> channel.cost("rnouse", "mouse") < channel.cost("xouse", "mouse")
True
"""

from __future__ import annotations

import difflib
import math
import unicodedata
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_CONFUSIONS",
    "DEFAULT_TYPOS",
    "Channel",
    "ConfusionTable",
    "DeleteIndex",
    "learn_confusions",
    "osa_distance",
]

_INF = float("inf")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_ID_BITS = 21  # up to two million words per index
_ID_MASK = (1 << _ID_BITS) - 1
_HASH_MASK = (1 << 30) - 1


def _deletes(word: str, max_distance: int) -> set[str]:
    """``word`` and every string made from it by deleting up to ``max_distance`` characters."""
    out = {word}
    frontier = {word}
    for _ in range(max_distance):
        nxt: set[str] = set()
        for w in frontier:
            nxt.update(w[:k] + w[k + 1 :] for k in range(len(w)))
        out |= nxt
        frontier = nxt
    return out


class DeleteIndex:
    """Symmetric-delete index: words within edit distance ``max_distance`` of a query.

    Every word contributes the deletes of its first ``prefix`` characters
    (words listed in ``near`` only single deletes: they are found within
    distance 1, at a fraction of the memory); a query's deletes are looked up
    the same way. The result is a superset of
    the words within the distance (the prefix and hash collisions admit a
    few more), so callers verify with :func:`osa_distance` or a channel cost.
    Entries are ``hash << 21 | word_id`` in one sorted ``array('q')``: about
    8 bytes per delete instead of a dict entry and a string.

    >>> idx = DeleteIndex(["the", "then", "than", "other"])
    >>> sorted(w for w in idx.lookup("thn", 1) if osa_distance("thn", w) <= 1)
    ['than', 'the', 'then']
    """

    def __init__(
        self,
        words: Sequence[str],
        *,
        max_distance: int = 2,
        prefix: int = 7,
        near: Sequence[str] = (),
    ) -> None:
        if len(words) + len(near) > _ID_MASK:
            raise ValueError(f"too many words for one index: {len(words) + len(near)}")
        if max_distance not in (1, 2):
            raise ValueError("max_distance must be 1 or 2")
        self.words: tuple[str, ...] = tuple(words) + tuple(near)
        self.max_distance = max_distance
        self.prefix = prefix
        keys: list[int] = []
        add = keys.extend
        pairs = {n: [(a, b) for a in range(n) for b in range(a + 1, n)] for n in range(prefix + 1)}
        mask, bits = _HASH_MASK, _ID_BITS
        n_far = len(words)
        # Duplicated deletes ("ll" -> "l" twice) only repeat an entry; lookups dedupe.
        for i, w in enumerate(self.words):
            p = w[:prefix]
            n = len(p)
            strs = [p]
            strs += [p[:a] + p[a + 1 :] for a in range(n)]
            if max_distance == 2 and i < n_far and n >= 2:
                strs += [p[:a] + p[a + 1 : b] + p[b + 1 :] for a, b in pairs[n]]
            add([((h & mask) << bits) | i for h in map(hash, strs)])
        keys.sort()
        self._keys = array("q", keys)

    def __len__(self) -> int:
        return len(self.words)

    @property
    def nbytes(self) -> int:
        """Memory taken by the packed delete entries."""
        return self._keys.itemsize * len(self._keys)

    def lookup(self, query: str, max_distance: int | None = None) -> set[str]:
        """Words that may be within ``max_distance`` (default: the index's) of ``query``."""
        d = self.max_distance if max_distance is None else min(max_distance, self.max_distance)
        keys = self._keys
        words = self.words
        out: set[str] = set()
        for q in _deletes(query[: self.prefix], d):
            h = (hash(q) & _HASH_MASK) << _ID_BITS
            i = bisect_left(keys, h)
            end = h | _ID_MASK
            n = len(keys)
            while i < n and keys[i] <= end:
                out.add(words[keys[i] & _ID_MASK])
                i += 1
        return out


def osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions).

    >>> osa_distance("recieve", "receive"), osa_distance("kitten", "sitting")
    (1, 3)
    """
    if a == b:
        return 0
    # Common affixes cost nothing; only the differing middle needs the table.
    p = 0
    n = min(len(a), len(b))
    while p < n and a[p] == b[p]:
        p += 1
    a, b = a[p:], b[p:]
    s = 0
    n = min(len(a), len(b))
    while s < n and a[-1 - s] == b[-1 - s]:
        s += 1
    if s:
        a, b = a[:-s], b[:-s]
    la, lb = len(a), len(b)
    if not la or not lb:
        return la or lb
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        ca = a[i - 1]
        for j in range(1, lb + 1):
            cb = b[j - 1]
            v = prev[j - 1] + (ca != cb)
            if prev[j] + 1 < v:
                v = prev[j] + 1
            if cur[j - 1] + 1 < v:
                v = cur[j - 1] + 1
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb and prev2[j - 2] + 1 < v:
                v = prev2[j - 2] + 1
            cur[j] = v
        prev2, prev = prev, cur
    return prev[lb]


def _base(ch: str) -> str:
    """The character without diacritics ("é" -> "e")."""
    d = unicodedata.normalize("NFD", ch)
    return d[0] if d else ch


@dataclass(frozen=True)
class ConfusionTable:
    """Learned costs (``-log10`` probabilities) of corruptions.

    ``pairs`` maps ``(intended, observed)`` fragments of up to two characters
    to a cost; either side may be empty (a deleted or inserted fragment).
    The generic costs apply to single-character operations the table lacks.
    """

    pairs: Mapping[tuple[str, str], float]
    substitution: float = 2.6
    insertion: float = 2.9
    deletion: float = 2.7
    transposition: float = 3.0
    case: float = 2.0
    accent: float = 1.6

    def to_json(self) -> dict[str, object]:
        """A JSON-ready form (see :meth:`from_json`)."""
        return {
            "generic": {
                "substitution": self.substitution,
                "insertion": self.insertion,
                "deletion": self.deletion,
                "transposition": self.transposition,
                "case": self.case,
                "accent": self.accent,
            },
            "pairs": [[a, b, round(c, 3)] for (a, b), c in sorted(self.pairs.items())],
        }

    def combined(self, other: ConfusionTable, offset: float = 0.0) -> ConfusionTable:
        """A table where each corruption costs the cheaper of the two (``other`` plus ``offset``).

        Used to mix error sources: OCR misreadings and typing errors.

        >>> a = ConfusionTable({("m", "rn"): 1.0}, substitution=4.0)
        >>> b = ConfusionTable({("ie", "ei"): 0.5, ("m", "rn"): 3.0}, substitution=3.0)
        >>> t = a.combined(b, offset=2.0)
        >>> t.pairs[("m", "rn")], t.pairs[("ie", "ei")], t.substitution
        (1.0, 2.5, 4.0)
        """
        pairs = dict(self.pairs)
        for k, c in other.pairs.items():
            c = round(c + offset, 3)
            if c < pairs.get(k, _INF):
                pairs[k] = c
        names = ("substitution", "insertion", "deletion", "transposition", "case", "accent")
        generic = {n: min(getattr(self, n), round(getattr(other, n) + offset, 3)) for n in names}
        return ConfusionTable(pairs, **generic)

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> ConfusionTable:
        """Inverse of :meth:`to_json`."""
        generic = data.get("generic", {})
        pairs_raw = data.get("pairs", [])
        if not isinstance(generic, dict) or not isinstance(pairs_raw, list):
            raise ValueError("not a confusion table")
        pairs = {(str(a), str(b)): float(c) for a, b, c in pairs_raw}
        return cls(pairs, **{k: float(v) for k, v in generic.items()})


@dataclass
class _Frags:
    """Table entries indexed by their observed side, for one DP."""

    by_obs_len: list[dict[str, list[tuple[str, float]]]] = field(default_factory=list)


class Channel:
    """The error model: ``cost(observed, intended) = -log10 P(observed | intended)``.

    ``observed`` is the token as found (case-normalised by the caller: a
    capitalised word's first letter lowered, an all-caps word lowered, odd
    inner capitals kept because they are evidence of OCR damage); ``intended``
    is a dictionary key. The cost is a weighted Damerau-Levenshtein distance
    where table fragments of up to two characters on either side count as
    one operation. ``flagged`` lists the table entries whose use
    :meth:`align` reports (by default all: "an OCR confusion was involved").

    >>> ch = Channel.ocr()
    >>> ch.cost("tbe", "the") < ch.cost("tqe", "the")
    True
    >>> ch.cost("same", "same")
    0.0
    """

    def __init__(
        self, table: ConfusionTable, flagged: Iterable[tuple[str, str]] | None = None
    ) -> None:
        self.table = table
        pairs = table.pairs
        flags = set(pairs) if flagged is None else set(flagged)
        # Index by observed fragment: for a DP cell we look up the observed
        # characters just before it and check the intended side.
        self._by_obs: dict[str, list[tuple[str, float, bool]]] = {}
        for (a, b), c in pairs.items():
            if len(a) > 2 or len(b) > 2 or not b or (len(a) == 1 and len(b) == 1):
                continue  # single substitutions and deletions have their own tables
            self._by_obs.setdefault(b, []).append((a, c, (a, b) in flags))
        self._sub = {(a, b): c for (a, b), c in pairs.items() if len(a) == 1 and len(b) == 1}
        self._ins = {b: c for (a, b), c in pairs.items() if not a and len(b) == 1}
        self._del = {a: c for (a, b), c in pairs.items() if not b and len(a) == 1}
        self._del2 = {a: c for (a, b), c in pairs.items() if not b and len(a) == 2}
        self._flag_sub = {k for k in self._sub if k in flags}
        self._flag_ins = {b for b in self._ins if ("", b) in flags}
        self._flag_del = {a for a in self._del if (a, "") in flags}
        self._max_obs = max((len(b) for b in self._by_obs), default=1)
        # Reverse rules for candidate generation: observed fragment -> intended, cheapest first.
        rev: dict[str, list[tuple[str, float]]] = {}
        for (a, b), c in pairs.items():
            if b and a != b:
                rev.setdefault(b, []).append((a, c))
        self.reverse = {b: sorted(v, key=lambda x: x[1]) for b, v in rev.items()}
        self._max_rev = max((len(b) for b in self.reverse), default=1)

    @classmethod
    def ocr(cls) -> Channel:
        """The channel for running text: OCR confusions (:data:`DEFAULT_CONFUSIONS`) and
        typing errors (:data:`DEFAULT_TYPOS`) at :data:`TYPO_OFFSET` more, since they
        were learned from misspelled words only. Only OCR entries are flagged."""
        global _OCR_CHANNEL
        if _OCR_CHANNEL is None:
            table = DEFAULT_CONFUSIONS.combined(DEFAULT_TYPOS, TYPO_OFFSET)
            flagged = [k for k, c in table.pairs.items() if DEFAULT_CONFUSIONS.pairs.get(k) == c]
            _OCR_CHANNEL = cls(table, flagged)
        return _OCR_CHANNEL

    @classmethod
    def typing(cls) -> Channel:
        """The channel for a word known to be misspelled (spelling suggestions): typing
        errors first, OCR confusions at :data:`OCR_OFFSET` more."""
        global _TYPING_CHANNEL
        if _TYPING_CHANNEL is None:
            table = DEFAULT_TYPOS.combined(DEFAULT_CONFUSIONS, OCR_OFFSET)
            flagged = [k for k, c in table.pairs.items() if DEFAULT_TYPOS.pairs.get(k) != c]
            _TYPING_CHANNEL = cls(table, flagged)
        return _TYPING_CHANNEL

    def sub_cost(self, a: str, b: str) -> float:
        """Cost of intended character ``a`` observed as ``b``."""
        c = self._sub.get((a, b))
        if c is not None:
            return c
        t = self.table
        if a == b.lower():
            return t.case
        if _base(a) == _base(b.lower()):
            return t.accent
        return t.substitution

    def cost(self, observed: str, intended: str) -> float:
        """``-log10 P(observed | intended)`` under the learned corruption model."""
        if observed == intended:
            return 0.0
        return self.align(observed, intended)[0]

    def align(self, observed: str, intended: str) -> tuple[float, bool]:
        """The cost and whether the cheapest path used a flagged table entry.

        >>> Channel.ocr().align("rnore", "more")[1]
        True
        """
        o, w = observed, intended
        # Matching affixes cost nothing; keep two characters of context on
        # each side so a two-character confusion can straddle the boundary.
        n0, m0 = len(o), len(w)
        lim = min(n0, m0)
        p = 0
        while p < lim and o[p] == w[p]:
            p += 1
        s = 0
        while s < lim - p and o[n0 - 1 - s] == w[m0 - 1 - s]:
            s += 1
        p = max(0, p - 2)
        s = max(0, s - 2)
        o = o[p : n0 - s]
        w = w[p : m0 - s]
        n, m = len(o), len(w)
        t = self.table
        ins_c, del_c, tr_c = t.insertion, t.deletion, t.transposition
        ins_t, del_t, del2 = self._ins, self._del, self._del2
        f_sub, f_ins, f_del = self._flag_sub, self._flag_ins, self._flag_del
        sub_t = self._sub
        by_obs = self._by_obs
        maxb = self._max_obs
        sub = self.sub_cost
        rows: list[list[float]] = []
        flags: list[list[bool]] = []
        row0 = [0.0] * (m + 1)
        f0 = [False] * (m + 1)
        for j in range(1, m + 1):
            wc = w[j - 1]
            row0[j] = row0[j - 1] + del_t.get(wc, del_c)
            f0[j] = f0[j - 1] or wc in f_del
            if j >= 2 and w[j - 2 : j] in del2:
                c = row0[j - 2] + del2[w[j - 2 : j]]
                if c < row0[j]:
                    row0[j] = c
                    f0[j] = f0[j - 2]
        rows.append(row0)
        flags.append(f0)
        for i in range(1, n + 1):
            oc = o[i - 1]
            prev = rows[i - 1]
            pflag = flags[i - 1]
            cur = [0.0] * (m + 1)
            cf = [False] * (m + 1)
            ic = ins_t.get(oc)
            ins_cost = ic if ic is not None else ins_c
            ins_flag = oc in f_ins
            cur[0] = prev[0] + ins_cost
            cf[0] = pflag[0] or ins_flag
            # Table fragments whose observed side ends here.
            frs: list[tuple[int, str, float, bool]] = []
            for lb in range(1, min(maxb, i) + 1):
                lst = by_obs.get(o[i - lb : i])
                if lst:
                    frs.extend((lb, a, c, fl) for a, c, fl in lst)
            for lb, a, c, ff in frs:
                if not a:
                    v = rows[i - lb][0] + c
                    if v < cur[0]:
                        cur[0] = v
                        cf[0] = ff or flags[i - lb][0]
            for j in range(1, m + 1):
                wc = w[j - 1]
                if wc == oc:
                    v = prev[j - 1]
                    fl = pflag[j - 1]
                else:
                    sc = sub_t.get((wc, oc))
                    if sc is None:
                        v = prev[j - 1] + sub(wc, oc)
                        fl = pflag[j - 1]
                    else:
                        v = prev[j - 1] + sc
                        fl = pflag[j - 1] or (wc, oc) in f_sub
                x = prev[j] + ins_cost
                if x < v:
                    v = x
                    fl = pflag[j] or ins_flag
                dc = del_t.get(wc)
                x = cur[j - 1] + (dc if dc is not None else del_c)
                if x < v:
                    v = x
                    fl = cf[j - 1] or wc in f_del
                if j >= 2:
                    d2 = del2.get(w[j - 2 : j])
                    if d2 is not None and cur[j - 2] + d2 < v:
                        v = cur[j - 2] + d2
                        fl = cf[j - 2]
                if i > 1 and j > 1 and oc == w[j - 2] and o[i - 2] == wc:
                    x = rows[i - 2][j - 2] + tr_c
                    if x < v:
                        v = x
                        fl = flags[i - 2][j - 2]
                for lb, a, c, ff in frs:
                    la = len(a)
                    if la <= j and w[j - la : j] == a:
                        x = rows[i - lb][j - la] + c
                        if x < v:
                            v = x
                            fl = ff or flags[i - lb][j - la]
                cur[j] = v
                cf[j] = fl
            rows.append(cur)
            flags.append(cf)
        return rows[n][m], flags[n][m]

    def variants(
        self,
        observed: str,
        *,
        max_rewrites: int = 2,
        max_cost: float = 2.0,
        max_total: float | None = None,
        limit: int = 2000,
    ) -> list[tuple[str, float, int]]:
        """Strings the observed token may have come from through cheap confusions.

        Returns ``(variant, cost, rewrites)`` for up to ``max_rewrites``
        non-overlapping reverse confusions, each cheaper than ``max_cost`` and
        together cheaper than ``max_total``; at most ``limit`` of them.

        >>> "more" in {v for v, _, _ in Channel.ocr().variants("rnore", max_cost=3.0)}
        True
        """
        rev = self.reverse
        maxb = self._max_rev
        sites: list[tuple[int, int, str, float]] = []
        n = len(observed)
        for i in range(n):
            for lb in range(1, min(maxb, n - i) + 1):
                for a, c in rev.get(observed[i : i + lb], ()):
                    if c > max_cost:
                        break
                    sites.append((i, i + lb, a, c))
        total = max_cost * max_rewrites if max_total is None else max_total
        seen = {observed}
        out: list[tuple[str, float, int]] = []
        n_sites = len(sites)

        def rec(start: int, prefix: str, pos: int, cost: float, depth: int) -> None:
            # ``prefix`` is the rewritten text up to ``pos`` in ``observed``.
            for k in range(start, n_sites):
                i, e, a, c = sites[k]
                if i < pos:
                    continue
                cc = cost + c
                if cc > total:
                    continue
                head = prefix + observed[pos:i] + a
                new = head + observed[e:]
                if new not in seen:
                    seen.add(new)
                    out.append((new, cc, depth + 1))
                    if len(out) >= limit:
                        return
                if depth + 1 < max_rewrites:
                    rec(k + 1, head, e, cc, depth + 1)
                    if len(out) >= limit:
                        return

        rec(0, "", 0, 0.0, 0)
        return out


_OCR_CHANNEL: Channel | None = None
_TYPING_CHANNEL: Channel | None = None


# ---------------------------------------------------------------------------
# Learning confusion weights from aligned text
# ---------------------------------------------------------------------------


def _align_ops(obs: str, gt: str) -> list[tuple[str, str]]:
    """Unit-cost alignment of ``gt`` (intended) to ``obs``, as (intended, observed) blocks.

    Matches come out as single-character pairs ``(c, c)``; each run of
    edits between two matches comes out as one block.
    """
    n, m = len(obs), len(gt)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (obs[i - 1] != gt[j - 1])
            )
    out: list[tuple[str, str]] = []
    i, j = n, m
    pend_a: list[str] = []
    pend_b: list[str] = []

    def flush() -> None:
        if pend_a or pend_b:
            out.append(("".join(reversed(pend_a)), "".join(reversed(pend_b))))
            pend_a.clear()
            pend_b.clear()

    while i > 0 or j > 0:
        if i > 0 and j > 0 and obs[i - 1] == gt[j - 1] and d[i][j] == d[i - 1][j - 1]:
            flush()
            out.append((gt[j - 1], obs[i - 1]))
            i -= 1
            j -= 1
        elif i > 0 and j > 0 and d[i][j] == d[i - 1][j - 1] + 1:
            pend_a.append(gt[j - 1])
            pend_b.append(obs[i - 1])
            i -= 1
            j -= 1
        elif i > 0 and d[i][j] == d[i - 1][j] + 1:
            pend_b.append(obs[i - 1])
            i -= 1
        else:
            pend_a.append(gt[j - 1])
            j -= 1
    flush()
    out.reverse()
    return out


def _word_pairs(
    ocr: str, gt: str, normalize: Callable[[str], str | None]
) -> Iterator[tuple[str, str]]:
    """Aligned (observed, intended) word pairs of two texts, both normalised."""
    o_tokens = ocr.split()
    g_tokens = gt.split()
    sm = difflib.SequenceMatcher(None, o_tokens, g_tokens, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for a, b in zip(o_tokens[i1:i2], g_tokens[j1:j2]):
                pa, pb = normalize(a), normalize(b)
                if pa is not None and pb is not None:
                    yield pa, pb


def learn_confusions(
    pairs: Iterable[tuple[str, str]],
    *,
    normalize: Callable[[str], str | None] | None = None,
    min_count: int = 3,
    max_cost: float = 3.5,
    max_distance: int = 3,
) -> ConfusionTable:
    """Estimate corruption costs from aligned ``(ocr, ground_truth)`` texts.

    Texts are split at whitespace and aligned word by word; each differing
    pair of words (within ``max_distance`` edits, after ``normalize``, which
    maps a raw token to the form the channel sees, or ``None`` to skip it)
    is aligned character by character, and every run of edits between two
    matching characters becomes one (intended, observed) fragment pair of up
    to two characters on each side (longer runs count as single-character
    edits). ``P(observed | intended) = count(pair) / count(intended fragment)``
    over all aligned words, so the cost ``-log10 P`` accounts for how often a
    fragment comes through intact. Pairs seen fewer than ``min_count`` times,
    or costing more than ``max_cost``, are left to the generic costs, which
    are estimated from the remaining edits the same way.

    >>> data = [("tbe cat sat on tbe mat", "the cat sat on the mat")] * 3
    >>> table = learn_confusions(data, min_count=2)
    >>> ("h", "b") in table.pairs
    True
    """
    from .tokenize import observed_form, strip_token

    def default_norm(tok: str) -> str | None:
        # Ligatures and quote styles are the encoding stage's business, not confusions.
        core = strip_token(unicodedata.normalize("NFKC", tok).translate(_QUOTES))
        if not core or not any(c.isalpha() for c in core):
            return None
        return observed_form(core)

    norm = normalize if normalize is not None else default_norm
    pair_counts: Counter[tuple[str, str]] = Counter()
    frag_counts: Counter[str] = Counter()  # intended fragments seen (denominators)
    n_chars = 0
    words: Counter[tuple[str, str]] = Counter()
    for ocr, gt in pairs:
        for o, g in _word_pairs(ocr, gt, norm):
            words[(o, g.casefold())] += 1
    for (o, g), k in words.items():
        n_chars += k * (len(g) + 1)
        for length in (1, 2):
            for i in range(len(g) - length + 1):
                frag_counts[g[i : i + length]] += k
        if o == g:
            continue
        if abs(len(o) - len(g)) > max_distance or osa_distance(o, g) > max_distance:
            continue
        for a, b in _align_ops(o, g):
            if a == b:
                continue
            if len(a) <= 2 and len(b) <= 2:
                pair_counts[(a, b)] += k
            else:
                for x, y in zip(a, b):
                    pair_counts[(x, y)] += k
                for x in a[len(b) :]:
                    pair_counts[(x, "")] += k
                for y in b[len(a) :]:
                    pair_counts[("", y)] += k
    if not n_chars:
        raise ValueError("no aligned words to learn from")
    table: dict[tuple[str, str], float] = {}
    generic = Counter[str]()
    for (a, b), k in pair_counts.items():
        denom = frag_counts[a] if a else n_chars
        kind = "ins" if not a else "del" if not b else "sub"
        if k >= min_count and denom:
            cost = -math.log10(k / (denom + 1.0))
            if cost <= max_cost:
                table[(a, b)] = round(cost, 3)
                continue
        if len(a) <= 1 and len(b) <= 1:
            generic[kind] += k
    # Generic single-character costs: the leftover edits spread over the alphabet.
    alphabet = max(26, len({c for f in frag_counts for c in f}))
    sub = -math.log10((generic["sub"] + 1.0) / (n_chars * alphabet))
    ins = -math.log10((generic["ins"] + 1.0) / (n_chars * alphabet))
    dele = -math.log10((generic["del"] + 1.0) / n_chars)
    return ConfusionTable(
        table,
        substitution=round(sub, 3),
        insertion=round(ins, 3),
        deletion=round(dele, 3),
        transposition=round(max(sub, dele), 3),
        case=round(min(sub, 2.0), 3),
        accent=round(min(sub, 1.6), 3),
    )


# ---------------------------------------------------------------------------
# Shipped weights. Regenerate with: python benchmarks/learn_confusions.py --write
# Provenance: counts of character confusions (no text) from aligned OCR/ground-truth
# pairs of the even-indexed records of the ICDAR 2017 (non-commercial) and BLN600
# (no licence stated) development sets. Those sets are meant for evaluation; these
# weights are to be re-derived from permissively licensed aligned data (open issue).
# BEGIN DEFAULT_CONFUSIONS
DEFAULT_CONFUSIONS = ConfusionTable(
    {
        ("—", "-"): 0.125,
        ("11", "li"): 0.792,
        ("10", "lO"): 0.912,
        ("1", "i"): 0.983,
        ("5", "6"): 1.151,
        ("0", "O"): 1.214,
        ("6", "fi"): 1.239,
        ("1", "l"): 1.307,
        (",", "."): 1.313,
        ("6", "g"): 1.348,
        ("û", "u"): 1.395,
        ("î", "i"): 1.441,
        ("fl", "n"): 1.452,
        ("û", "ù"): 1.474,
        ("â", "à"): 1.57,
        ("6", "c"): 1.591,
        ("c", "o"): 1.626,
        ("2", ""): 1.678,
        ("fi", "n"): 1.702,
        ("fl", "b"): 1.708,
        ("â", "a"): 1.746,
        ("ll", "U"): 1.748,
        ("rn", "m"): 1.838,
        ("à", "a"): 1.893,
        ("1", ""): 1.983,
        ("1", "j"): 1.983,
        ("1", "t"): 1.983,
        ("'s", ""): 2.022,
        ("ff", "n"): 2.051,
        ("ê", "é"): 2.068,
        ("h", "b"): 2.102,
        ("fl", "s"): 2.106,
        ("cc", "oo"): 2.146,
        ("l", "i"): 2.155,
        ("-", ""): 2.163,
        ("c", "e"): 2.169,
        ("s", "a"): 2.175,
        ("z", "x"): 2.242,
        ("b", "h"): 2.261,
        ("'", ""): 2.279,
        ("é", "e"): 2.279,
        ("fr", ""): 2.327,
        ("z", "s"): 2.338,
        ("è", "e"): 2.348,
        ("è", "é"): 2.348,
        ("il", "d"): 2.358,
        ("j", "J"): 2.371,
        ("li", "h"): 2.372,
        ("e", "é"): 2.407,
        ("n", "u"): 2.413,
        ("l'", "f"): 2.425,
        ("y", "v"): 2.466,
        ("à", "h"): 2.477,
        ("e", "o"): 2.485,
        ("u", "a"): 2.487,
        ("ff", "S"): 2.49,
        ("fi", "b"): 2.49,
        ("cl", "d"): 2.505,
        ("l'", "r"): 2.505,
        ("é", "è"): 2.508,
        ("s", ""): 2.518,
        ("u", "n"): 2.555,
        ("à", "ft"): 2.556,
        ("ea", "éâ"): 2.574,
        ("s", "e"): 2.582,
        ("l'", ""): 2.602,
        ("bl", "m"): 2.625,
        ("fi", "r"): 2.636,
        ("f", "t"): 2.641,
        ("b", "B"): 2.644,
        ("f", "l"): 2.648,
        ("a", "A"): 2.655,
        ("fa", ""): 2.676,
        ("-", "."): 2.678,
        ("k", "e"): 2.704,
        ("bl", "M"): 2.705,
        ("f", ""): 2.723,
        ("ll", "d"): 2.733,
        ("ll", "u"): 2.733,
        ("m", "M"): 2.74,
        ("k", "l"): 2.742,
        ("o", "e"): 2.75,
        ("w", "v"): 2.759,
        ("v", "y"): 2.771,
        ("m", "n"): 2.784,
        ("tt", "ll"): 2.786,
        ("g", ""): 2.792,
        ("in", "m"): 2.807,
        ("l", ""): 2.81,
        ("c", ""): 2.818,
        ("h", "li"): 2.825,
        ("m", "rn"): 2.86,
        ("c", "C"): 2.867,
        ("li", "u"): 2.869,
        ("j", "l"): 2.883,
        ("i", "l"): 2.884,
        ("t", "l"): 2.89,
        ("x", "r"): 2.891,
        ("m", "in"): 2.909,
        ("p", "P"): 2.909,
        ("ll", "H"): 2.91,
        ("m", "ni"): 2.919,
        ("v", "r"): 2.921,
        ("é", ""): 2.923,
        ("f", "i"): 2.927,
        ("h", "l"): 2.936,
        ("k", "i"): 2.938,
        ("w", ""): 2.941,
        ("n", "a"): 2.956,
        ("a", "e"): 2.958,
        ("g", "G"): 2.962,
        ("et", "cl"): 2.98,
        ("l", "t"): 2.996,
        ("i", ""): 3.001,
        ("m", "i"): 3.001,
        ("v", "V"): 3.005,
        ("y", ""): 3.017,
        ("é", "É"): 3.02,
        ("e", ""): 3.023,
        ("f", "F"): 3.024,
        ("l", "L"): 3.037,
        ("r", "i"): 3.055,
        ("il", "li"): 3.057,
        ("y", "Y"): 3.075,
        ("t", ""): 3.082,
        ("ch", "ob"): 3.084,
        ("k", ""): 3.084,
        ("e", "a"): 3.087,
        ("d", "l"): 3.088,
        ("q", "Q"): 3.089,
        ("d", "D"): 3.097,
        ("u", "i"): 3.1,
        ("t", "i"): 3.102,
        ("h", "i"): 3.103,
        ("li", "H"): 3.112,
        ("ll", "II"): 3.114,
        ("e", "è"): 3.126,
        ("f", "r"): 3.126,
        ("i", "I"): 3.126,
        ("w", "W"): 3.127,
        ("h", "H"): 3.131,
        ("m", ""): 3.134,
        ("a", "â"): 3.14,
        ("é", "E"): 3.145,
        ("m", "r"): 3.152,
        ("s", "S"): 3.153,
        ("il", "u"): 3.154,
        ("o", ""): 3.17,
        ("r", "t"): 3.176,
        ("n", ""): 3.178,
        ("o", "a"): 3.178,
        ("ri", "n"): 3.18,
        ("k", "h"): 3.181,
        ("k", "t"): 3.181,
        ("ce", "oo"): 3.188,
        ("r", ""): 3.192,
        ("c", "s"): 3.194,
        ("e", "E"): 3.195,
        ("v", ""): 3.197,
        ("n", "h"): 3.208,
        ("p", ""): 3.21,
        ("h", ""): 3.218,
        ("e", "c"): 3.22,
        ("f", "p"): 3.228,
        ("a", ""): 3.229,
        ("u", "e"): 3.237,
        ("n", "i"): 3.24,
        ("o", "O"): 3.241,
        ("a", "u"): 3.244,
        ("n", "r"): 3.249,
        ("c", "r"): 3.252,
        ("b", ""): 3.256,
        ("a", "s"): 3.259,
        ("as", "ee"): 3.266,
        ("s", "t"): 3.266,
        ("a", "n"): 3.267,
        ("u", "U"): 3.271,
        ("nd", "mi"): 3.278,
        ("g", "c"): 3.282,
        ("d", ""): 3.298,
        ("v", "t"): 3.306,
        ("a", "à"): 3.307,
        ("u", ""): 3.307,
        ("n", "o"): 3.313,
        ("s", "8"): 3.315,
        ("a", "i"): 3.316,
        ("g", "a"): 3.323,
        ("g", "o"): 3.323,
        ("f", "m"): 3.325,
        ("p", "n"): 3.326,
        ("m", "l"): 3.328,
        ("t", "b"): 3.329,
        ("e", "s"): 3.33,
        ("n", "t"): 3.333,
        ("s", "f"): 3.336,
        ("a", "o"): 3.343,
        ("u", "o"): 3.346,
        ("w", "iv"): 3.349,
        ("", "-"): 3.355,
        ("o", "b"): 3.357,
        ("as", "m"): 3.363,
        ("n", "s"): 3.365,
        ("st", "fl"): 3.365,
        ("u", "ù"): 3.368,
        ("g", "e"): 3.369,
        ("g", "q"): 3.369,
        ("o", "ô"): 3.369,
        ("e", "b"): 3.37,
        ("h", "il"): 3.377,
        ("p", "r"): 3.399,
        ("h", "n"): 3.413,
        ("t", "T"): 3.413,
        ("s", "n"): 3.433,
        ("p", "f"): 3.44,
        ("y", "t"): 3.443,
        ("l", "I"): 3.444,
        ("s", "i"): 3.447,
        ("i", "t"): 3.448,
        ("m", "t"): 3.453,
        ("v", "s"): 3.453,
        ("o", "p"): 3.457,
        ("h", "r"): 3.474,
        ("r", "b"): 3.477,
        ("b", "d"): 3.478,
        ("g", "i"): 3.478,
        ("n", "e"): 3.479,
        ("a", "t"): 3.483,
        ("p", "i"): 3.486,
        ("m", "nt"): 3.491,
        ("c", "a"): 3.495,
        ("o", "c"): 3.501,
        ("o", "u"): 3.501,
        ("h", "e"): 3.52,
        ("u", "t"): 3.522,
        ("y", "r"): 3.523,
        ("w", "s"): 3.525,
        ("d", "a"): 3.53,
        ("d", "i"): 3.53,
        ("m", "ai"): 3.532,
        ("m", "h"): 3.532,
        ("m", "u"): 3.532,
        ("c", "g"): 3.533,
        ("c", "t"): 3.533,
        ("c", "ç"): 3.533,
        ("e", "ë"): 3.534,
        ("l", "j"): 3.54,
        ("n", "m"): 3.541,
        ("h", "t"): 3.544,
        ("g", "z"): 3.545,
        ("i", "î"): 3.545,
        ("d", "t"): 3.556,
        ("b", "l"): 3.558,
        ("b", "s"): 3.558,
        ("b", "t"): 3.558,
        ("n", "ri"): 3.558,
        ("f", "n"): 3.559,
        ("l", "!"): 3.568,
        ("c", "d"): 3.574,
        ("c", "n"): 3.574,
        ("c", "p"): 3.574,
        ("n", "N"): 3.576,
        ("e", "r"): 3.58,
        ("n", "l"): 3.594,
        ("n", "p"): 3.594,
        ("p", "u"): 3.595,
        ("s", "b"): 3.596,
        ("l", "1"): 3.598,
        ("w", "a"): 3.604,
        ("w", "e"): 3.604,
        ("w", "t"): 3.604,
        ("o", "d"): 3.606,
        ("th", ""): 3.611,
        ("n", "tt"): 3.614,
        ("s", "r"): 3.616,
        ("y", "i"): 3.619,
        ("y", "j"): 3.619,
        ("y", "l"): 3.619,
        ("r", "e"): 3.623,
        ("r", "l"): 3.623,
        ("g", "u"): 3.624,
        ("f", "s"): 3.626,
        ("m", "s"): 3.629,
        ("s", "c"): 3.637,
        ("b", "f"): 3.654,
        ("b", "r"): 3.654,
        ("b", "v"): 3.654,
        ("n", "c"): 3.655,
        ("s", "o"): 3.659,
        ("h", "a"): 3.661,
        ("l", "f"): 3.665,
        ("in", "hi"): 3.667,
        ("r", "R"): 3.669,
        ("u", "ti"): 3.669,
        ("o", "i"): 3.67,
        ("c", "é"): 3.671,
        ("d", "il"): 3.681,
        ("", "i"): 3.682,
        ("s", "g"): 3.683,
        ("m", "ra"): 3.687,
        ("m", "sn"): 3.687,
        ("o", "q"): 3.693,
        ("r", "s"): 3.694,
        ("w", "m"): 3.701,
        ("w", "n"): 3.701,
        ("w", "o"): 3.701,
        ("w", "r"): 3.701,
        ("w", "sv"): 3.701,
        ("l", "î"): 3.703,
        ("f", "l'"): 3.705,
        ("e", "i"): 3.714,
        ("t", "f"): 3.714,
        ("o", "s"): 3.718,
        ("r", "n"): 3.72,
        ("g", "l"): 3.721,
        ("g", "n"): 3.721,
        ("g", "p"): 3.721,
        ("g", "r"): 3.721,
        ("g", "s"): 3.721,
        ("c", "q"): 3.729,
        ("h", "it"): 3.733,
        ("p", "o"): 3.741,
        ("m", "a"): 3.754,
        ("e", "t"): 3.756,
        ("d", "ti"): 3.76,
        ("u", "s"): 3.766,
        ("r", "c"): 3.778,
        ("n", "ti"): 3.78,
        ("l", "J"): 3.79,
        ("l", "d"): 3.79,
        ("f", "b"): 3.802,
        ("t", "r"): 3.806,
        ("i", "r"): 3.811,
        ("i", "u"): 3.811,
        ("h", "f"): 3.821,
        ("h", "k"): 3.821,
        ("h", "s"): 3.821,
        ("m", "tn"): 3.833,
        ("m", "x"): 3.833,
        ("o", "n"): 3.834,
        ("p", "t"): 3.838,
        ("r", "f"): 3.845,
        ("d", "c"): 3.857,
        ("d", "tl"): 3.857,
        ("d", "u"): 3.857,
        ("", "l"): 3.859,
        ("s", "3"): 3.859,
        ("c", "u"): 3.875,
        ("c", "v"): 3.875,
        ("r", "a"): 3.883,
        ("u", "c"): 3.89,
        ("u", "h"): 3.89,
        ("u", "l"): 3.89,
        ("u", "tt"): 3.89,
        ("u", "û"): 3.89,
        ("s", "d"): 3.897,
        ("s", "l"): 3.897,
        ("l", "s"): 3.899,
    },
    substitution=4.855,
    insertion=4.849,
    deletion=4.706,
    transposition=4.855,
    case=2.0,
    accent=1.6,
)
# END DEFAULT_CONFUSIONS

#: Extra cost of a typing error in running text, relative to the table it was
#: learned on (misspelled words only): typing errors are that much rarer than
#: OCR misreadings in the text the fixer sees.
TYPO_OFFSET = 2.0
#: Extra cost of an OCR confusion when a word is known to be misspelled by a typist.
OCR_OFFSET = 1.0

# Typing errors, learned from Wikipedia's list of common misspellings
# (Wikipedia:Lists of common misspellings, CC BY-SA 4.0; derived statistics, attributed here).
# Regenerate with: python benchmarks/learn_confusions.py --typos --write
# BEGIN DEFAULT_TYPOS
DEFAULT_TYPOS = ConfusionTable(
    {
        ("'", ""): 0.097,
        ("ei", "ie"): 0.334,
        ("ak", "ka"): 0.452,
        ("oe", "eo"): 0.477,
        ("uo", "ou"): 0.512,
        ("nk", "kn"): 0.602,
        ("iu", "ui"): 0.637,
        ("ie", "ei"): 0.658,
        ("ay", "ya"): 0.76,
        ("wh", "hw"): 0.76,
        ("ld", "dl"): 0.778,
        ("ow", "wo"): 0.835,
        ("ke", "ek"): 0.903,
        ("ai", "ia"): 0.921,
        ("eu", "ue"): 0.938,
        ("oi", "io"): 0.938,
        ("h", ""): 0.968,
        ("z", "s"): 1.033,
        ("ua", "au"): 1.063,
        ("ea", "ae"): 1.138,
        ("ha", "ah"): 1.138,
        ("l", ""): 1.14,
        ("r", ""): 1.154,
        ("s", ""): 1.19,
        ("th", "ht"): 1.202,
        ("ir", "ri"): 1.241,
        ("i", ""): 1.251,
        ("ap", "sa"): 1.255,
        ("au", "ua"): 1.261,
        ("c", ""): 1.263,
        ("k", ""): 1.265,
        ("m", ""): 1.292,
        ("el", "le"): 1.307,
        ("ci", "ic"): 1.342,
        ("p", ""): 1.356,
        ("cu", "uc"): 1.376,
        ("am", "ma"): 1.38,
        ("e", ""): 1.391,
        ("t", ""): 1.403,
        ("u", ""): 1.407,
        ("ro", "or"): 1.419,
        ("as", "ra"): 1.423,
        ("us", "su"): 1.434,
        ("ig", "gi"): 1.437,
        ("a", "e"): 1.438,
        ("n", ""): 1.447,
        ("ph", "f"): 1.447,
        ("mp", "pm"): 1.491,
        ("ic", "ci"): 1.524,
        ("tu", "ut"): 1.54,
        ("ge", "er"): 1.541,
        ("is", "si"): 1.541,
        ("e", "a"): 1.542,
        ("he", "eh"): 1.544,
        ("to", "ot"): 1.548,
        ("la", "al"): 1.549,
        ("g", ""): 1.566,
        ("ca", "as"): 1.576,
        ("ry", "yr"): 1.576,
        ("nd", "dn"): 1.582,
        ("si", "is"): 1.584,
        ("d", ""): 1.586,
        ("ia", "ai"): 1.591,
        ("or", "ro"): 1.622,
        ("w", ""): 1.623,
        ("ch", "hc"): 1.66,
        ("al", ""): 1.663,
        ("i", "a"): 1.664,
        ("er", "re"): 1.667,
        ("it", ""): 1.667,
        ("na", "an"): 1.683,
        ("le", "el"): 1.684,
        ("b", ""): 1.693,
        ("f", ""): 1.697,
        ("a", ""): 1.702,
        ("ur", "su"): 1.714,
        ("o", "e"): 1.716,
        ("o", "a"): 1.726,
        ("i", "e"): 1.731,
        ("o", ""): 1.737,
        ("an", "na"): 1.745,
        ("om", "co"): 1.752,
        ("ta", ""): 1.76,
        ("ti", ""): 1.77,
        ("ou", "uo"): 1.79,
        ("e", "i"): 1.799,
        ("m", "n"): 1.8,
        ("al", "la"): 1.818,
        ("y", ""): 1.826,
        ("a", "i"): 1.836,
        ("ur", "ru"): 1.839,
        ("ar", "ra"): 1.855,
        ("c", "s"): 1.857,
        ("ne", "en"): 1.875,
        ("ic", ""): 1.877,
        ("om", "mo"): 1.877,
        ("is", "mi"): 1.883,
        ("ta", "at"): 1.885,
        ("ie", "y"): 1.888,
        ("ti", "it"): 1.908,
        ("y", "i"): 1.913,
        ("nc", "cn"): 1.917,
        ("ng", "gn"): 1.922,
        ("in", "ni"): 1.942,
        ("s", "c"): 1.943,
        ("it", "mi"): 1.968,
        ("it", "ti"): 1.968,
        ("ri", "ir"): 1.987,
        ("de", "ed"): 1.988,
        ("u", "e"): 1.992,
        ("a", "o"): 2.003,
        ("at", ""): 2.023,
        ("es", "ce"): 2.05,
        ("le", "al"): 2.052,
        ("le", "ed"): 2.052,
        ("u", "i"): 2.106,
        ("co", "oc"): 2.112,
        ("at", "ta"): 2.12,
        ("ra", "ar"): 2.127,
        ("er", "a"): 2.144,
        ("es", "fe"): 2.147,
        ("s", "z"): 2.19,
        ("on", ""): 2.209,
        ("in", "gi"): 2.243,
        ("b", "p"): 2.258,
        ("u", "o"): 2.26,
        ("y", "e"): 2.265,
        ("er", ""): 2.269,
        ("es", "se"): 2.272,
        ("te", "et"): 2.272,
        ("nt", "tn"): 2.277,
        ("re", "er"): 2.316,
        ("i", "y"): 2.32,
        ("en", "ne"): 2.354,
        ("n", "m"): 2.354,
        ("h", "e"): 2.366,
        ("in", ""): 2.368,
        ("t", "c"): 2.391,
        ("i", "u"): 2.404,
        ("s", "t"): 2.42,
        ("e", "o"): 2.425,
        ("o", "i"): 2.436,
        ("g", "t"): 2.451,
        ("t", "d"): 2.478,
        ("", "e"): 2.494,
        ("c", "d"): 2.573,
        ("p", "r"): 2.595,
        ("", "i"): 2.615,
        ("d", "s"): 2.628,
        ("d", "t"): 2.628,
        ("o", "u"): 2.64,
        ("r", "t"): 2.659,
        ("c", "t"): 2.67,
        ("i", "o"): 2.705,
        ("", "l"): 2.734,
        ("e", "u"): 2.753,
        ("n", "r"): 2.769,
        ("", "r"): 2.789,
        ("", "s"): 2.808,
        ("", "n"): 2.859,
        ("", "t"): 2.916,
        ("", "c"): 2.924,
        ("s", "a"): 2.943,
        ("i", "l"): 2.948,
        ("t", "s"): 2.955,
        ("", "u"): 2.981,
    },
    substitution=4.142,
    insertion=3.808,
    deletion=3.66,
    transposition=4.142,
    case=2.0,
    accent=1.6,
)
# END accent
