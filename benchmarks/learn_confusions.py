"""Learn the OCR confusion weights shipped in ``textrepair/candidates.py``.

Usage (from the repository root)::

    python benchmarks/learn_confusions.py            # print the learned table
    python benchmarks/learn_confusions.py --write    # and rewrite DEFAULT_CONFUSIONS

OCR confusions are learned from the development half (records with an even
index, in file order) of ``ocr/en-dev.jsonl`` and ``ocr/fr-dev.jsonl`` under
``--data``; the odd records are held out for ``bench_tokens.py``. With
``--typos``, typing errors are learned from Wikipedia's list of common
misspellings (``spelling/common-misspellings-for-machines-2020-04.txt``,
CC BY-SA), which is not among the lists the benchmark scores. Deterministic:
the same data gives the same table.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair.candidates import ConfusionTable, learn_confusions  # noqa: E402


def pairs(data: Path, split: str) -> list[tuple[str, str]]:
    out = []
    for lang in ("en", "fr"):
        with (data / "ocr" / f"{lang}-dev.jsonl").open(encoding="utf-8") as f:
            for i, line in enumerate(f):
                if split == "all" or (i % 2 == 0) == (split == "even"):
                    r = json.loads(line)
                    out.append((r["ocr"], r["gt"]))
    return out


def typo_pairs(data: Path) -> list[tuple[str, str]]:
    """(misspelling, word) from Wikipedia's list of common misspellings (single words only)."""
    out = []
    path = data / "spelling" / "common-misspellings-for-machines-2020-04.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if "->" in line and not line.startswith("#"):
            wrong, right = line.strip().split("->", 1)
            if "," not in right and " " not in right and " " not in wrong:
                out.append((wrong, right))
    return out


def render(table: ConfusionTable, name: str) -> str:
    lines = [f"# BEGIN {name}", f"{name} = ConfusionTable("]
    lines.append("    {")
    for (a, b), c in sorted(table.pairs.items(), key=lambda kv: (kv[1], kv[0])):
        lines.append(f"        ({a!r}, {b!r}): {c},")
    lines.append("    },")
    for name in ("substitution", "insertion", "deletion", "transposition", "case", "accent"):
        lines.append(f"    {name}={getattr(table, name)},")
    lines.append(")")
    lines.append(f"# END {name}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--split", choices=("even", "all"), default="even")
    ap.add_argument("--min-count", type=int, default=4)
    ap.add_argument("--max-cost", type=float, default=3.9)
    ap.add_argument(
        "--typos", action="store_true", help="learn typing errors instead (Wikipedia list)"
    )
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    if args.typos:
        name = "DEFAULT_TYPOS"
        table = learn_confusions(typo_pairs(args.data), min_count=3, max_cost=3.0)
    else:
        name = "DEFAULT_CONFUSIONS"
        table = learn_confusions(
            pairs(args.data, args.split), min_count=args.min_count, max_cost=args.max_cost
        )
    block = render(table, name)
    print(block)
    print(f"# {len(table.pairs)} pairs", file=sys.stderr)
    if args.write:
        path = ROOT / "textrepair" / "candidates.py"
        src = path.read_text(encoding="utf-8")
        start = src.index(f"# BEGIN {name}")
        end = src.index(f"# END {name}") + len(f"# END {name}")
        path.write_text(src[:start] + block + src[end:], encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
