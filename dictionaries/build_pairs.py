"""Build the shipped English word-pair table (``dictionaries/en.pairs.gz``) from symspellpy's data.

Usage (from the repository root, with the bench extras installed: symspellpy)::

    python dictionaries/build_pairs.py
    python dictionaries/build_pairs.py --source path/to/frequency_bigramdictionary_en_243_342.txt

Source: ``frequency_bigramdictionary_en_243_342.txt`` as shipped by symspellpy
(pinned version below), from wolfgarbe/SymSpell (MIT): 242,342 lowercase word
pairs with their Google Books Ngram counts (CC BY 3.0), every count 6,400,000
or more. See ``README.md`` here, "Word pairs", for provenance and attribution.

The token stage compares the counts with the Zipf frequencies of the shipped
dictionary (wordfreq). The scale between the two, ``log10_total`` (log10 of the
number of word pairs the counts stand for), is estimated here once from the
table itself: for each of the 100 most frequent words of ``en.txt.gz`` found in
it, the sum of its pairs' counts (as left or as right word, the larger) against
its Zipf frequency, ``log10(sum) - (zipf - 9)``; the median (13.14; the 30 most frequent
give 12.8-13.5, "i" 11.8). symspellpy's unigram list would give 11.96, but its
counts are on another scale: "of the" alone (1.8e11) outnumbers its "the"
(2.3e10).

File format (version 1), UTF-8 text compressed with gzip (level 9, mtime 0, no
file name: the same input gives the same bytes)::

    #textrepair-pairs/1 lang=en pairs=242342 words=19792 min_log10_count=6.81 log10_total=11.96 ...
    a aaron aback ...      (every word of the table, sorted by code point, one line)
    <pairs * 8 bytes>      (keys: left index << 20 | right index, int64 little-endian, ascending)
    <pairs * 2 bytes>      (100 * log10(count) of each key's pair, int16 little-endian)

The two header lines are text; the pairs are binary so that loading is two
``array.frombytes`` calls (a text body of 242,342 lines took 0.19 s CPU and 19
MB of transient memory to parse: over issue 6's load budget). ``--dump`` prints
the table as ``left right log10count`` text lines, to read or diff.
"""

from __future__ import annotations

import argparse
import gzip
import math
import statistics
import sys
from array import array
from pathlib import Path

HERE = Path(__file__).resolve().parent
FORMAT = "textrepair-pairs/1"
SYMSPELLPY_VERSION = "6.10.1"
SOURCE_NAME = "frequency_bigramdictionary_en_243_342.txt"
LICENCE = "MIT(SymSpell)+CC-BY-3.0(Google-Books-Ngram)"
CALIBRATION_WORDS = 100
SHIFT = 20  # textrepair.pairs._SHIFT


def _symspellpy_dir() -> tuple[Path, str]:
    import importlib.metadata

    import symspellpy

    return Path(symspellpy.__file__).parent, importlib.metadata.version("symspellpy")


def read_pairs(path: Path) -> dict[tuple[str, str], int]:
    """``left right count`` lines, counts summed over repeated pairs."""
    pairs: dict[tuple[str, str], int] = {}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            parts = line.split()
            if not parts:
                continue
            if len(parts) != 3 or not parts[2].isdigit():
                raise ValueError(f"{path}:{lineno}: expected 'left right count', got {line!r}")
            a, b = parts[0].lower(), parts[1].lower()
            pairs[(a, b)] = pairs.get((a, b), 0) + int(parts[2])
    return pairs


def log10_total(pairs: dict[tuple[str, str], int], zipf: dict[str, float]) -> float:
    """The scale of the pair counts in Zipf terms (see the module docstring).

    A word's pairs with every right (or left) neighbour sum to at most its own
    count, ``10 ** (zipf - 9)`` of all tokens: for the most frequent words, whose
    pairs the table holds nearly all of, ``log10(sum) - (zipf - 9)`` is close to
    log10 of the total the counts stand for (a lower bound: pairs under the
    table's minimum count are missing). The median over the most frequent words
    of the larger of the two sums.
    """
    left: dict[str, int] = {}
    right: dict[str, int] = {}
    for (a, b), c in pairs.items():
        left[a] = left.get(a, 0) + c
        right[b] = right.get(b, 0) + c
    top = sorted((w for w in zipf if w in left or w in right), key=lambda w: -zipf[w])
    est = [
        math.log10(max(left.get(w, 0), right.get(w, 0))) - (zipf[w] - 9.0)
        for w in top[:CALIBRATION_WORDS]
    ]
    return round(statistics.median(est), 2)


def render(pairs: dict[tuple[str, str], int], total: float, source: str) -> bytes:
    words = sorted({w for ab in pairs for w in ab})
    index = {w: i for i, w in enumerate(words)}
    rows = sorted(
        ((index[a] << SHIFT) | index[b], round(100 * math.log10(c))) for (a, b), c in pairs.items()
    )
    min_lc = min(r[1] for r in rows) / 100
    head = (
        f"#{FORMAT} lang=en pairs={len(rows)} words={len(words)} "
        f"min_log10_count={min_lc:.2f} log10_total={total:.2f} source={source} licence={LICENCE}"
    )
    keys = array("q", [k for k, _ in rows])
    values = array("h", [v for _, v in rows])
    if sys.byteorder != "little":
        keys.byteswap()
        values.byteswap()
    data = f"{head}\n{' '.join(words)}\n".encode() + keys.tobytes() + values.tobytes()
    return gzip.compress(data, compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--source", type=Path, default=None, help="the bigram file (default: symspellpy's)"
    )
    ap.add_argument("--out", type=Path, default=HERE / "en.pairs.gz")
    ap.add_argument("--allow-other-symspellpy", action="store_true")
    ap.add_argument("--dump", type=Path, default=None, help="print a built file as text lines")
    args = ap.parse_args(argv)
    if args.dump is not None:
        sys.path.insert(0, str(HERE.parent))
        from textrepair.pairs import parse_pairs

        table = parse_pairs(gzip.decompress(args.dump.read_bytes()), args.dump.name)
        words = sorted(table.index, key=table.index.__getitem__)
        mask = (1 << SHIFT) - 1
        for k, v in zip(table.keys, table.values):
            print(f"{words[k >> SHIFT]} {words[k & mask]} {v / 100:.2f}")
        return 0
    root, version = _symspellpy_dir()
    if version != SYMSPELLPY_VERSION and not args.allow_other_symspellpy:
        print(f"symspellpy {version} installed, {SYMSPELLPY_VERSION} pinned", file=sys.stderr)
        return 2
    source = args.source or root / SOURCE_NAME
    sys.path.insert(0, str(HERE.parent))
    from textrepair.dictionary import load_dictionary

    pairs = read_pairs(source)
    total = log10_total(pairs, load_dictionary("en").freq)
    data = render(pairs, total, f"symspellpy:{version}:{source.name}")
    args.out.write_bytes(data)
    print(f"{args.out}: {len(pairs)} pairs, log10_total {total:.2f}, {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
