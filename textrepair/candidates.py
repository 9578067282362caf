"""Candidate words for a corrupted token, and how likely each corruption is.

Two pieces, both language-independent:

* :class:`DeleteIndex` finds dictionary words within a small edit distance of a
  token through symmetric deletes (the SymSpell idea), stored compactly as one
  sorted ``array`` of integers instead of a dict of strings.
* :class:`Channel` is the noisy channel: ``cost(observed, intended)`` is
  ``-log10 P(observed | intended)``, a weighted Damerau-Levenshtein distance in
  which learned multi-character confusions (``rn`` for ``m``, ``li`` for ``h``,
  ``U`` for ``ll``) are single cheap operations. The shipped OCR weights
  (:data:`DEFAULT_CONFUSIONS`) are an explicit prior of glyph confusions
  written below; :func:`learn_confusions` estimates weights from aligned
  (observed, intended) text, and :meth:`Channel.adapted` lowers costs to
  what a corpus showed (``Repairer.fit``).

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
import zlib
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .native import KERNEL
from .native import kernel as _k

__all__ = [
    "DEFAULT_CONFUSIONS",
    "DEFAULT_TYPOS",
    "KERNEL",
    "OCR_PRIOR_PAIRS",
    "Channel",
    "ConfusionTable",
    "DeleteIndex",
    "confusion_blocks",
    "learn_confusions",
    "osa_distance",
    "triage_variants",
]

_INF = float("inf")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_ID_BITS = 21  # up to two million words per index
_ID_MASK = (1 << _ID_BITS) - 1
_HASH_MASK = (1 << 30) - 1
# Longest run of rewrites the compiled variant search takes (it recurses in C;
# the pure function would stop at Python's recursion limit long before).
_KERNEL_MAX_DEPTH = 64


def _stable_hashes(strs: list[str]) -> list[int]:
    """CRC-32 of each string's UTF-8: the same in every process, unlike ``hash()``
    (salted per process), so an index can be written to disk and read back."""
    try:
        return list(map(zlib.crc32, map(str.encode, strs)))
    except UnicodeEncodeError:  # lone surrogates
        return [zlib.crc32(s.encode("utf-8", "surrogatepass")) for s in strs]


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


class _KernelBacked:
    """Pickling for an object holding a compiled counterpart in ``_k``: compiled
    objects do not pickle, so ``_k`` is dropped and rebuilt by ``_kernel()``."""

    _k: Any

    def _kernel(self) -> Any:
        raise NotImplementedError

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_k"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._k = self._kernel()


class DeleteIndex(_KernelBacked):
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
            add([((h & mask) << bits) | i for h in _stable_hashes(strs)])
        keys.sort()
        self._keys = array("q", keys)
        self._k = self._kernel()

    def _kernel(self) -> Any:
        """The compiled search over the packed entries, or None (pure Python)."""
        if _k is None:
            return None
        return _k.DeleteLookup(self._keys, self.words, self.prefix, _ID_BITS, _HASH_MASK)

    def to_state(self) -> dict[str, Any]:
        """The index as plain data (for :mod:`textrepair.resource_cache`)."""
        return {
            "words": self.words,
            "max_distance": self.max_distance,
            "prefix": self.prefix,
            "keys": self._keys.tobytes(),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> DeleteIndex:
        """The index :meth:`to_state` described, without building it again.

        >>> idx = DeleteIndex(["the", "then"])
        >>> sorted(DeleteIndex.from_state(idx.to_state()).lookup("thn", 1))
        ['the', 'then']
        """
        self = cls.__new__(cls)
        self.words = tuple(state["words"])
        self.max_distance = int(state["max_distance"])
        self.prefix = int(state["prefix"])
        self._keys = array("q")
        self._keys.frombytes(state["keys"])
        self._k = self._kernel()
        return self

    def __len__(self) -> int:
        return len(self.words)

    @property
    def nbytes(self) -> int:
        """Memory taken by the packed delete entries."""
        return self._keys.itemsize * len(self._keys)

    def lookup(self, query: str, max_distance: int | None = None) -> set[str]:
        """Words that may be within ``max_distance`` (default: the index's) of ``query``."""
        d = self.max_distance if max_distance is None else min(max_distance, self.max_distance)
        if self._k is not None:
            return self._k.lookup(query, d)  # type: ignore[no-any-return]
        keys = self._keys
        words = self.words
        out: set[str] = set()
        for q_hash in _stable_hashes(list(_deletes(query[: self.prefix], d))):
            h = (q_hash & _HASH_MASK) << _ID_BITS
            i = bisect_left(keys, h)
            end = h | _ID_MASK
            n = len(keys)
            while i < n and keys[i] <= end:
                out.add(words[keys[i] & _ID_MASK])
                i += 1
        return out

    def within(
        self,
        query: str,
        max_distance: int,
        freq: Mapping[str, float],
        extra: Mapping[str, float],
        known: float,
    ) -> dict[str, int]:
        """Indexed words within ``max_distance`` (:func:`osa_distance`) of ``query``, with
        their distance; a word whose frequency (``freq``, else ``extra``, else 0) is
        below ``known`` counts within one edit only (rarer words are indexed so).

        >>> idx = DeleteIndex(["house", "mouse", "horse", "hose"])
        >>> sorted(idx.within("hoese", 2, {"house": 5.0, "horse": 4.0}, {}, 3.0).items())
        [('horse', 1), ('hose', 1), ('house', 1)]
        """
        if self._k is not None and type(freq) is dict and type(extra) is dict:
            d = min(max_distance, self.max_distance)
            return self._k.within(query, d, max_distance, freq, extra, known)  # type: ignore[no-any-return]
        n = len(query)
        out: dict[str, int] = {}
        for w in self.lookup(query, max_distance):
            z = freq.get(w)
            if z is None:
                z = extra.get(w, 0.0)
            limit = max_distance if z >= known else 1
            if abs(len(w) - n) <= limit:
                d = osa_distance(query, w)
                if d <= limit:
                    out[w] = d
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
    # Bit-parallel (Hyyrö 2003, with transpositions): one machine-word-like
    # operation per character of ``b`` instead of a row of the table.
    peq: dict[str, int] = {}
    bit = 1
    for c in a:
        peq[c] = peq.get(c, 0) | bit
        bit <<= 1
    full = bit - 1
    top = bit >> 1
    vp = full
    vn = d0 = pm_prev = 0
    score = la
    get = peq.get
    for c in b:
        pm = get(c, 0)
        tr = (((~d0) & pm) << 1) & pm_prev
        d0 = ((((pm & vp) + vp) ^ vp) | pm | vn | tr) & full
        hp = vn | (~(d0 | vp) & full)
        hn = d0 & vp
        if hp & top:
            score += 1
        elif hn & top:
            score -= 1
        hp = ((hp << 1) | 1) & full
        hn = (hn << 1) & full
        vp = hn | (~(d0 | hp) & full)
        vn = hp & d0
        pm_prev = pm
    return score


#: The pure-Python :func:`osa_distance` (the reference), whichever one runs.
_osa_distance_py = osa_distance
if _k is not None:
    # The kernel hands differing middles over 64 characters back to the reference.
    _k._set_osa_fallback(_osa_distance_py)
    osa_distance = _k.osa_distance


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


class Channel(_KernelBacked):
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
        self._flagged = frozenset(flags)
        # Index by observed fragment: for a DP cell we look up the observed
        # characters just before it and check the intended side.
        self._by_obs: dict[str, list[tuple[str, float, bool]]] = {}
        for (a, b), c in pairs.items():
            if len(a) > 2 or len(b) > 2 or not b or (len(a) == 1 and len(b) == 1):
                continue  # single substitutions and deletions have their own tables
            if not a and len(b) == 1:
                continue  # so do single insertions (``_ins``): same cost, found first
            self._by_obs.setdefault(b, []).append((a, c, (a, b) in flags))
        self._sub = {(a, b): c for (a, b), c in pairs.items() if len(a) == 1 and len(b) == 1}
        self._ins = {b: c for (a, b), c in pairs.items() if not a and len(b) == 1}
        self._del = {a: c for (a, b), c in pairs.items() if not b and len(a) == 1}
        self._del2 = {a: c for (a, b), c in pairs.items() if not b and len(a) == 2}
        self._flag_sub = {k for k in self._sub if k in flags}
        self._flag_ins = {b for b in self._ins if ("", b) in flags}
        self._flag_del = {a for a in self._del if (a, "") in flags}
        self._max_obs = max((len(b) for b in self._by_obs), default=1)
        self._sub_memo: dict[tuple[str, str], tuple[float, bool]] = {}
        # Reverse rules for candidate generation: observed fragment -> intended, cheapest first.
        rev: dict[str, list[tuple[str, float]]] = {}
        for (a, b), c in pairs.items():
            if b and a != b:
                rev.setdefault(b, []).append((a, c))
        self.reverse = {b: sorted(v, key=lambda x: x[1]) for b, v in rev.items()}
        self._max_rev = max((len(b) for b in self.reverse), default=1)
        #: No intended fragment can join the character before it under Unicode
        #: normalization (no combining marks, no Hangul jamo): a variant's
        #: normalized form then starts with its rewritten prefix's.
        self.prefix_stable = all(
            not unicodedata.combining(ch) and not "\u1100" <= ch <= "\u11ff"
            for frags in self.reverse.values()
            for a, _ in frags
            for ch in a
        )
        self._k = self._kernel()

    def _kernel(self) -> Any:
        """The compiled alignment over this channel's tables, or None (pure Python)."""
        if _k is None:
            return None
        t = self.table
        try:
            return _k.Aligner(
                t.insertion,
                t.deletion,
                t.transposition,
                self._ins,
                self._del,
                self._del2,
                self._flag_ins,
                self._flag_del,
                self._by_obs,
                self._max_obs,
                self._sub_entry,
            )
        except (TypeError, ValueError, OverflowError):
            return None  # a table the kernel cannot hold: the reference runs

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

    def _sub_entry(self, a: str, b: str) -> tuple[float, bool]:
        """Cost of a substitution and whether it is a flagged table entry."""
        c = self._sub.get((a, b))
        if c is not None:
            return c, (a, b) in self._flag_sub
        return self.sub_cost(a, b), False

    def adapted(self, learned: Mapping[tuple[str, str], float]) -> Channel:
        """This channel with some ``(intended, observed)`` costs lowered to ``learned``
        (corruptions found in a corpus); the new entries count as OCR confusions.

        >>> ch = Channel.ocr()
        >>> ch.adapted({("k", "x"): 1.0}).cost("xey", "key") < ch.cost("xey", "key")
        True
        """
        pairs = dict(self.table.pairs)
        flagged = set(self._flagged)
        for k, c in learned.items():
            if c < pairs.get(k, _INF):
                pairs[k] = c
                flagged.add(k)
        t = self.table
        table = ConfusionTable(
            pairs, t.substitution, t.insertion, t.deletion, t.transposition, t.case, t.accent
        )
        return Channel(table, flagged)

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
        if self._k is not None:
            return self._k.align(observed, intended)  # type: ignore[no-any-return]
        return self._align_py(observed, intended)

    def _align_py(self, observed: str, intended: str) -> tuple[float, bool]:
        """:meth:`align` in pure Python (the reference for the kernel)."""
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
        f_ins, f_del = self._flag_ins, self._flag_del
        memo = self._sub_memo
        by_obs = self._by_obs
        maxb = self._max_obs
        # Per-column costs of deleting the intended character(s) there.
        dcost = [0.0] * (m + 1)
        dflag = [False] * (m + 1)
        d2cost: list[float | None] = [None] * (m + 1)
        for j in range(1, m + 1):
            wc = w[j - 1]
            dc = del_t.get(wc)
            dcost[j] = dc if dc is not None else del_c
            dflag[j] = wc in f_del
            if j >= 2:
                d2cost[j] = del2.get(w[j - 2 : j])
        rows: list[list[float]] = []
        flags: list[list[bool]] = []
        row0 = [0.0] * (m + 1)
        f0 = [False] * (m + 1)
        for j in range(1, m + 1):
            row0[j] = row0[j - 1] + dcost[j]
            f0[j] = f0[j - 1] or dflag[j]
            d2 = d2cost[j]
            if d2 is not None:
                c = row0[j - 2] + d2
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
            # Table fragments whose observed side ends here, by the column
            # where their intended side ends (in table order: ties keep the
            # first path found).
            hits: list[list[tuple[int, int, float, bool]]] | None = None
            for lb in range(1, min(maxb, i) + 1):
                lst = by_obs.get(o[i - lb : i])
                if not lst:
                    continue
                if hits is None:
                    hits = [[] for _ in range(m + 1)]
                for a, c, ff in lst:
                    la = len(a)
                    if not la:
                        v = rows[i - lb][0] + c
                        if v < cur[0]:
                            cur[0] = v
                            cf[0] = ff or flags[i - lb][0]
                        for j in range(1, m + 1):
                            hits[j].append((lb, 0, c, ff))
                        continue
                    k = w.find(a)
                    while k >= 0:
                        hits[k + la].append((lb, la, c, ff))
                        k = w.find(a, k + 1)
            for j in range(1, m + 1):
                wc = w[j - 1]
                if wc == oc:
                    v = prev[j - 1]
                    fl = pflag[j - 1]
                else:
                    sf = memo.get((wc, oc))
                    if sf is None:
                        sf = memo[(wc, oc)] = self._sub_entry(wc, oc)
                    v = prev[j - 1] + sf[0]
                    fl = pflag[j - 1] or sf[1]
                x = prev[j] + ins_cost
                if x < v:
                    v = x
                    fl = pflag[j] or ins_flag
                x = cur[j - 1] + dcost[j]
                if x < v:
                    v = x
                    fl = cf[j - 1] or dflag[j]
                d2 = d2cost[j]
                if d2 is not None and cur[j - 2] + d2 < v:
                    v = cur[j - 2] + d2
                    fl = cf[j - 2]
                if i > 1 and j > 1 and oc == w[j - 2] and o[i - 2] == wc:
                    x = rows[i - 2][j - 2] + tr_c
                    if x < v:
                        v = x
                        fl = flags[i - 2][j - 2]
                if hits is not None:
                    for lb, la, c, ff in hits[j]:
                        x = rows[i - lb][j - la] + c
                        if x < v:
                            v = x
                            fl = ff or flags[i - lb][j - la]
                cur[j] = v
                cf[j] = fl
            rows.append(cur)
            flags.append(cf)
        return rows[n][m], flags[n][m]

    def variant_sites(self, observed: str, max_cost: float) -> list[tuple[int, int, str, float]]:
        """Where a reverse confusion cheaper than ``max_cost`` applies in ``observed``:
        ``(start, end, intended, cost)``, by start, then observed length, then cost.

        >>> Channel.ocr().variant_sites("rn", 2.0)[:1]
        [(0, 2, 'm', 1.5)]
        """
        if _k is not None:
            return _k.sites(observed, self.reverse, self._max_rev, max_cost)  # type: ignore[no-any-return]
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
        return sites

    def variants(
        self,
        observed: str,
        *,
        max_rewrites: int = 2,
        max_cost: float = 2.0,
        max_total: float | None = None,
        limit: int = 2000,
        viable: Callable[[str], bool] | None = None,
        always_prune: bool = False,
        sites: list[tuple[int, int, str, float]] | None = None,
    ) -> list[tuple[str, float, int]]:
        """Strings the observed token may have come from through cheap confusions.

        Returns ``(variant, cost, rewrites)`` for up to ``max_rewrites``
        non-overlapping reverse confusions, each cheaper than ``max_cost`` and
        together cheaper than ``max_total``; at most ``limit`` of them.

        ``viable`` (optional) says whether a rewritten prefix can still begin a
        wanted variant: when it cannot, no variant with that prefix is made.
        It must reject every extension of an ASCII string it rejects (as a
        prefix test does). It is only used when ``limit`` cannot be reached
        anyway, so the variants that remain are exactly those that would be
        returned without it; with ``always_prune`` it is used regardless, and
        the variants are the first ``limit`` of those it lets through.
        ``sites`` are :meth:`variant_sites` of ``observed`` and ``max_cost``,
        when the caller has them already.

        >>> "more" in {v for v, _, _ in Channel.ocr().variants("rnore", max_cost=3.0)}
        True
        >>> wanted = "more".startswith
        >>> [v for v, _, _ in Channel.ocr().variants("rnore", viable=wanted)]
        ['more']
        """
        if sites is None:
            sites = self.variant_sites(observed, max_cost)
        total = max_cost * max_rewrites if max_total is None else max_total
        seen = {observed}
        out: list[tuple[str, float, int]] = []
        n_sites = len(sites)
        # Pruning is exact only if the limit could not cut the list short.
        if (
            viable is not None
            and not always_prune
            and sum(math.comb(n_sites, r) for r in range(1, max_rewrites + 1)) >= limit
        ):
            viable = None
        if _k is not None and min(max_rewrites, n_sites) <= _KERNEL_MAX_DEPTH:
            # (The kernel takes the stretch cut below when every head is ASCII.)
            return _k.expand(  # type: ignore[no-any-return]
                observed, sites, max_rewrites, total, limit, viable, viable is not None
            )
        # A prefix test rejects every extension of a rejected ASCII head: once the
        # unrewritten stretch after a head is rejected, no later site can pass.
        stretch = viable is not None and observed.isascii() and all(s[2].isascii() for s in sites)

        def rec(start: int, prefix: str, pos: int, cost: float, depth: int) -> None:
            # ``prefix`` is the rewritten text up to ``pos`` in ``observed``;
            # ``prefix + observed[pos:ok]`` passed ``viable``.
            ok = pos
            for k in range(start, n_sites):
                i, e, a, c = sites[k]
                if i < pos:
                    continue
                if stretch:
                    while ok < i and viable(prefix + observed[pos : ok + 1]):  # type: ignore[misc]
                        ok += 1
                    if ok < i:
                        return  # sites come by start: every later head extends a rejected one
                cc = cost + c
                if cc > total:
                    continue
                head = prefix + observed[pos:i] + a
                if viable is not None and not viable(head):
                    continue  # no variant beginning with ``head`` is wanted
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


def triage_variants(
    variants: list[tuple[str, float, int]],
    key: str,
    freq: Mapping[str, float],
    extra: Mapping[str, float],
    protected: frozenset[str],
    found: dict[str, int],
    normalize: Callable[[str], str],
    *,
    min_zipf: float = 1.5,
    near_below: int = 0,
    plain_latin1: bool = False,
) -> list[tuple[float, str, int]]:
    """Sort :meth:`Channel.variants` into words and near misses.

    A variant whose key (``normalize``, or lowercasing for ASCII) is a word of
    Zipf ``min_zipf`` or more (``freq``, else ``extra``), other than ``key``
    and not ``protected``, goes into ``found`` with its rewrites, unless
    ``found`` has it with fewer. The others with fewer than ``near_below``
    rewrites, four letters or more, are returned as ``(cost, key, rewrites)``.
    ``plain_latin1`` says that ``normalize`` lowercases a string of ASCII and the
    Latin-1 letters U+00C0-U+00FF but U+00DF (as :func:`~textrepair.dictionary.normalize_key`
    does in every language): the kernel then lowercases those itself.

    >>> found = {}
    >>> triage_variants([("Mone", 1.5, 1), ("more", 1.5, 1)], "rnore", {"more": 5.0}, {},
    ...                 frozenset(), found, str.lower, near_below=2)
    [(1.5, 'mone', 1)]
    >>> found
    {'more': 1}
    """
    if _k is not None and type(freq) is dict and type(extra) is dict and type(found) is dict:
        return _k.triage(  # type: ignore[no-any-return]
            variants,
            key,
            freq,
            extra,
            protected,
            found,
            normalize,
            min_zipf,
            near_below,
            plain_latin1,
        )
    near: list[tuple[float, str, int]] = []
    for v, c, rewrites in variants:
        vk = v.lower() if v.isascii() else normalize(v)
        z = freq.get(vk)
        if z is None:
            z = extra.get(vk, 0.0)
        if vk != key and z >= min_zipf and vk not in protected:
            if found.get(vk, 99) > rewrites:
                found[vk] = rewrites
        elif rewrites < near_below and len(vk) >= 4 and vk.isalpha():
            near.append((c, vk, rewrites))
    return near


# ---------------------------------------------------------------------------
# Learning confusion weights from aligned text
# ---------------------------------------------------------------------------


def _align_ops(obs: str, gt: str) -> list[tuple[str, str]]:
    """Unit-cost alignment of ``gt`` (intended) to ``obs``, as (intended, observed) blocks.

    Matches come out as single-character pairs ``(c, c)``; each run of
    edits between two matches comes out as one block. The compiled
    ``align_blocks`` when the kernel is built (the token stage asks for the
    blocks of every confident repair of a page), else :func:`_align_ops_py`.

    >>> _align_ops("rnodern", "modern")[:2]
    [('m', 'rn'), ('o', 'o')]
    """
    if _k is not None:
        return _k.align_blocks(obs, gt)  # type: ignore[no-any-return]
    return _align_ops_py(obs, gt)


def _align_ops_py(obs: str, gt: str) -> list[tuple[str, str]]:
    """The reference of :func:`_align_ops` (the pure path runs it): the table of
    unit-cost edit distances, then a backtrace from its end that prefers a match,
    then a substitution, a deletion of an observed character, an insertion.

    >>> _align_ops_py("tbe", "the")
    [('t', 't'), ('h', 'b'), ('e', 'e')]
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


def confusion_blocks(observed: str, intended: str) -> list[tuple[str, str]]:
    """The ``(intended, observed)`` fragments (up to two characters a side) that
    differ between a token and the word it stands for; longer runs of edits are
    left out.

    >>> confusion_blocks("rnodern", "modern")
    [('m', 'rn')]
    """
    return [
        (a, b) for a, b in _align_ops(observed, intended) if a != b and len(a) <= 2 and len(b) <= 2
    ]


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
# Shipped weights.
#
# The OCR channel is an explicit prior written down here, not learned from any
# data set: the glyph-shape confusions OCR engines are known for (letters whose
# printed shapes touch, break or blur into one another, long s, digits for
# letters), in three tiers of likelihood. A tier's cost is ``-log10`` of the
# chance that the intended fragment comes out as the observed one in noisy
# print: about 1 in 30 for the classic confusions, 1 in 100 and 1 in 300 for
# the others; any other character error costs the generic costs (about 1 in
# 30,000 per character for a given wrong letter). Vowel swaps that are not
# shape confusions (a/o, a/e) are left out: they are how old spellings differ
# ("avoit", "connexion"), not how print is misread. What a particular corpus
# does beyond this prior is learned without supervision from the text itself
# (see ``Channel.adapted`` and ``Repairer.fit``).
_TIER1 = 1.5
_TIER2 = 2.0
_TIER3 = 2.5
# (intended, observed) fragment pairs.
OCR_PRIOR_PAIRS: dict[int, tuple[tuple[str, str], ...]] = {
    1: (
        ("m", "rn"),
        ("rn", "m"),
        ("d", "cl"),
        ("h", "li"),
        ("w", "vv"),
        ("ü", "ii"),
        ("o", "0"),
        ("l", "1"),
        ("i", "1"),
        ("l", "I"),
        ("s", "5"),
        ("e", "c"),
        ("c", "e"),
        ("s", "f"),
        ("s", "ſ"),
        ("h", "b"),
        ("b", "h"),
        ("n", "u"),
        ("u", "n"),
        ("ll", "U"),
        ("—", "-"),
    ),
    2: (
        ("i", "l"),
        ("l", "i"),
        ("t", "l"),
        ("l", "t"),
        ("f", "t"),
        ("t", "f"),
        ("e", "o"),
        ("o", "e"),
        ("c", "o"),
        ("o", "c"),
        ("y", "v"),
        ("v", "y"),
        ("m", "in"),
        ("in", "m"),
        ("m", "ni"),
        ("n", "ri"),
        ("ri", "n"),
        ("m", "nn"),
        ("u", "ii"),
        ("ii", "u"),
        ("ll", "11"),
        ("li", "h"),
        ("h", "l"),
        ("f", "ſ"),
        ("f", "l"),
        ("l", "f"),
        ("d", "il"),
        ("th", "tb"),
        ("ll", "H"),
        ("1", "l"),
        ("1", "i"),
        ("0", "o"),
        ("0", "O"),
        ("5", "s"),
        ("6", "b"),
        (",", "."),
        (".", ","),
        ("'", ""),
        ("-", ""),
    ),
    3: (
        ("i", ""),
        ("l", ""),
        ("t", ""),
        ("r", ""),
        ("f", ""),
        ("a", "s"),
        ("n", "h"),
        ("h", "n"),
        ("r", "t"),
        ("t", "r"),
        ("c", "t"),
        ("k", "h"),
        ("j", "i"),
        ("i", "j"),
        ("g", "q"),
        ("q", "g"),
        ("p", "n"),
        ("n", "m"),
        ("m", "n"),
        ("", "i"),
        ("", "l"),
        ("", "'"),
        ("", "-"),
        ("", "."),
        ("", ","),
    ),
}


def _prior_table() -> ConfusionTable:
    costs = {1: _TIER1, 2: _TIER2, 3: _TIER3}
    pairs: dict[tuple[str, str], float] = {}
    for tier, entries in OCR_PRIOR_PAIRS.items():
        for k in entries:
            pairs.setdefault(k, costs[tier])
    return ConfusionTable(
        pairs,
        substitution=4.5,
        insertion=4.5,
        deletion=4.0,
        transposition=4.5,
        case=2.0,
        accent=1.6,
    )


#: The OCR confusion prior (see above).
DEFAULT_CONFUSIONS = _prior_table()

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
