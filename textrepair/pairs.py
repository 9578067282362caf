"""Shipped word-pair tables: how often two words are written next to each other.

One table per language that has one (English only: ``dictionaries/en.pairs.gz``,
built by ``dictionaries/build_pairs.py`` from symspellpy's Google Books bigram
counts). The token stage reads it to tell which of a suspect's candidates its
neighbours make likely ("small bcat" -> "boat", "to bcat" -> "beat"). Languages
without a table get ``None`` and are scored exactly as before.

The table is kept compact (issue 6): the words in a dict (word -> index), the
pairs as one sorted ``array("q")`` of ``left << 20 | right`` keys beside an
``array("h")`` of ``100 * log10(count)``; a lookup is a binary search.

>>> pairs = load_pairs("en")
>>> pairs is not None and pairs.log_count("of", "the") > pairs.min_log_count
True
>>> pairs.log_count("tee", "house") is None
True
>>> load_pairs("fr") is None
True
"""

from __future__ import annotations

import gzip
import sys
import threading
import zlib
from array import array
from bisect import bisect_left
from importlib import resources
from operator import ge

from .dictionary import _release_free_heap

__all__ = ["FORMAT", "SHIFT", "WordPairs", "available_pair_languages", "load_pairs", "parse_pairs"]

FORMAT = "textrepair-pairs/1"
_PACKAGE = "textrepair.dictionaries"
_SUFFIX = ".pairs.gz"
#: Word indices are below 2**SHIFT: a pair is one 64-bit key, ``left << SHIFT | right``.
SHIFT = 20
_MASK = (1 << SHIFT) - 1

_cache: dict[str, WordPairs | None] = {}
_lock = threading.Lock()


class WordPairs:
    """A table of adjacent word pairs with their log10 counts.

    >>> t = WordPairs(["of", "the"], {("of", "the"): 9.5}, log10_total=12.0)
    >>> t.log_count("of", "the"), t.log_count("the", "of"), "of" in t, "x" in t
    (9.5, None, True, False)
    """

    __slots__ = ("index", "keys", "log10_total", "meta", "min_log_count", "values")

    def __init__(
        self,
        words: list[str],
        pairs: dict[tuple[str, str], float],
        log10_total: float,
        meta: dict[str, str] | None = None,
    ) -> None:
        self.index = {w: i for i, w in enumerate(words)}
        rows = sorted(
            ((self.index[a] << SHIFT) | self.index[b], round(100 * v))
            for (a, b), v in pairs.items()
        )
        self.keys = array("q", [k for k, _ in rows])
        self.values = array("h", [v for _, v in rows])
        self.log10_total = log10_total
        self.min_log_count = min(self.values, default=0) / 100
        self.meta = meta or {}

    @classmethod
    def _from_arrays(
        cls,
        words: list[str],
        keys: array[int],
        values: array[int],
        log10_total: float,
        meta: dict[str, str],
    ) -> WordPairs:
        self = cls.__new__(cls)
        self.index = {w: i for i, w in enumerate(words)}
        self.keys, self.values = keys, values
        self.log10_total = log10_total
        self.min_log_count = min(values, default=0) / 100
        self.meta = meta
        return self

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def __len__(self) -> int:
        return len(self.keys)

    def log_count(self, left: str, right: str) -> float | None:
        """log10 of the pair's count, or None if the table lacks it."""
        index = self.index
        i = index.get(left)
        j = index.get(right)
        if i is None or j is None:
            return None
        key = (i << SHIFT) | j
        keys = self.keys
        k = bisect_left(keys, key)
        if k < len(keys) and keys[k] == key:
            return self.values[k] / 100
        return None

    def row(self, word: str) -> tuple[int, int, int] | None:
        """``word``'s index and the bounds ``lo, hi`` of its run of keys (the pairs
        it starts), or None if it has no index: the pair ``word w`` is at
        ``bisect_left(keys, index << SHIFT | index(w), lo, hi)`` if anywhere.

        >>> pairs = {("a", "b"): 8.0, ("a", "c"): 7.0, ("c", "a"): 6.0}
        >>> t = WordPairs(["a", "b", "c"], pairs, 12.0)
        >>> t.row("a"), t.row("b"), t.row("c"), t.row("x")
        ((0, 0, 2), (1, 2, 2), (2, 2, 3), None)
        """
        n = self.index.get(word)
        if n is None:
            return None
        keys = self.keys
        lo = bisect_left(keys, n << SHIFT)
        return n, lo, bisect_left(keys, (n + 1) << SHIFT, lo)


def parse_pairs(data: bytes, name: str = "<pairs>") -> WordPairs:
    """A table from the (decompressed) bytes of a pairs file; ``ValueError`` if malformed.

    The layout (``dictionaries/build_pairs.py``): a header line, a line of the
    words, then the sorted int64 keys and the int16 values, little-endian.

    >>> keys, vals = array("q", [0 << 20 | 1]), array("h", [950])
    >>> head = b"#textrepair-pairs/1 lang=en pairs=1 words=2 log10_total=12.00\\nof the\\n"
    >>> if sys.byteorder != "little":
    ...     keys.byteswap(); vals.byteswap()
    >>> parse_pairs(head + keys.tobytes() + vals.tobytes()).log_count("of", "the")
    9.5
    >>> parse_pairs(head + keys.tobytes())
    Traceback (most recent call last):
        ...
    ValueError: <pairs>: 8 bytes of pairs, the header's 1 pairs need 10
    >>> parse_pairs(b"#textrepair-pairs/9 pairs=0 words=0 log10_total=1\\n\\n")
    Traceback (most recent call last):
        ...
    ValueError: <pairs>:1: not a textrepair-pairs/1 file
    """
    # Offsets, not partition(): that would copy the body.
    end_head = data.find(b"\n")
    end_words = data.find(b"\n", end_head + 1)
    if end_head < 0 or end_words < 0:
        raise ValueError(f"{name}:1: not a {FORMAT} file")
    head, words_line = data[:end_head], data[end_head + 1 : end_words]
    body = memoryview(data)[end_words + 1 :]
    fields = head.decode("utf-8", "replace").lstrip("#").split()
    if not fields or fields[0] != FORMAT:
        raise ValueError(f"{name}:1: not a {FORMAT} file")
    meta = dict(f.partition("=")[::2] for f in fields[1:])
    try:
        n_pairs, n_words = int(meta["pairs"]), int(meta["words"])
        total = float(meta["log10_total"])
        words = words_line.decode("utf-8").split()
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"{name}: damaged pairs file: {exc}") from exc
    if len(words) != n_words or n_words >= 1 << SHIFT:
        raise ValueError(f"{name}: header says {n_words} words, the file has {len(words)}")
    if len(body) != 10 * n_pairs:
        raise ValueError(
            f"{name}: {len(body)} bytes of pairs, the header's {n_pairs} pairs need {10 * n_pairs}"
        )
    keys, values = array("q"), array("h")
    keys.frombytes(body[: 8 * n_pairs])
    values.frombytes(body[8 * n_pairs :])
    if sys.byteorder != "little":
        keys.byteswap()
        values.byteswap()
    # Binary search needs ascending keys; an index past the words would name no pair.
    if n_pairs and (
        keys[0] < 0
        or (keys[-1] >> SHIFT) >= n_words
        or any(k & _MASK >= n_words for k in keys)
        or any(map(ge, keys, keys[1:]))
    ):
        raise ValueError(f"{name}: pairs not sorted, repeated or out of range")
    return WordPairs._from_arrays(words, keys, values, total, meta)


def available_pair_languages() -> tuple[str, ...]:
    """Codes of the languages with a shipped pair table.

    >>> "en" in available_pair_languages()
    True
    """
    root = resources.files(_PACKAGE)
    return tuple(
        sorted(e.name[: -len(_SUFFIX)] for e in root.iterdir() if e.name.endswith(_SUFFIX))
    )


def load_pairs(lang: str) -> WordPairs | None:
    """The shipped pair table of ``lang`` (loaded on first use, cached), or None."""
    code = lang.split("-")[0].lower()
    if code in _cache:
        return _cache[code]
    with _lock:
        if code not in _cache:
            _cache[code] = _load(code)
    return _cache[code]


def _load(code: str) -> WordPairs | None:
    source = resources.files(_PACKAGE).joinpath(f"{code}{_SUFFIX}")
    if not source.is_file():
        return None
    name = f"{code}{_SUFFIX}"
    try:
        # gzip checks the CRC32 and length: a damaged file fails here.
        data = gzip.decompress(source.read_bytes())
    except (OSError, EOFError, zlib.error) as exc:
        raise ValueError(f"{name}: damaged pairs file: {exc}") from exc
    table = parse_pairs(data, name)
    del data
    # The inflated file and the checks' temporaries are freed but kept resident
    # by glibc: returned as the dictionary loader does.
    _release_free_heap()
    return table
