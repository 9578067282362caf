"""Build the shipped English word-pair table (``dictionaries/en.pairs.gz``) from symspellpy's data.

Usage (from the repository root, with the bench extras installed: symspellpy)::

    python dictionaries/build_pairs.py
    python dictionaries/build_pairs.py --source path/to/frequency_bigramdictionary_en_243_342.txt

Source: ``frequency_bigramdictionary_en_243_342.txt`` as shipped by symspellpy
(pinned version below), from wolfgarbe/SymSpell (MIT): 242,342 lowercase word
pairs with their Google Books Ngram counts (CC BY 3.0), every count 6,400,000
or more. See ``README.md`` here, "Word pairs", for provenance and attribution.

The counts are on Google Books' scale; the token stage compares them with the
Zipf frequencies of the shipped dictionary (wordfreq). The scale factor between
the two, ``log10_total`` (log10 of the number of word tokens the counts stand
for), is estimated here once: the median over the 1,000 most frequent words of
symspellpy's unigram list (same Google Books counts, same SymSpell build) of
``log10(count) - (zipf - 9)``, the Zipf value taken from ``en.txt.gz``.

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
UNIGRAM_NAME = "frequency_dictionary_en_82_765.txt"
LICENCE = "MIT(SymSpell)+CC-BY-3.0(Google-Books-Ngram)"
CALIBRATION_WORDS = 1000
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


def log10_total(unigrams: Path, zipf: dict[str, float]) -> float:
    """The scale of the Google Books counts in Zipf terms (see the module docstring)."""
    rows = []
    with open(unigrams, encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 2 and parts[1].isdigit():
                rows.append((int(parts[1]), parts[0].lower()))
    rows.sort(reverse=True)
    diffs = [
        math.log10(c) - (zipf[w] - 9.0) for c, w in rows[:CALIBRATION_WORDS] if zipf.get(w, 0) > 0
    ]
    return round(statistics.median(diffs), 2)


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
    ap.add_argument(
        "--unigrams", type=Path, default=None, help="the unigram file (default: symspellpy's)"
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
    unigrams = args.unigrams or root / UNIGRAM_NAME
    sys.path.insert(0, str(HERE.parent))
    from textrepair.dictionary import load_dictionary

    total = log10_total(unigrams, load_dictionary("en").freq)
    pairs = read_pairs(source)
    data = render(pairs, total, f"symspellpy:{version}:{source.name}")
    args.out.write_bytes(data)
    print(f"{args.out}: {len(pairs)} pairs, log10_total {total:.2f}, {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
