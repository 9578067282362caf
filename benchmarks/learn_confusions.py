"""Confusion weights shipped in ``textrepair/candidates.py``: where they come from.

Usage (from the repository root)::

    python benchmarks/learn_confusions.py --typos --write  # rewrite DEFAULT_TYPOS
    python benchmarks/learn_confusions.py --eval           # compare the OCR prior with OCR dev data

``DEFAULT_TYPOS`` (typing errors) is learned from Wikipedia's list of common
misspellings (``spelling/common-misspellings-for-machines-2020-04.txt`` under
``--data``, CC BY-SA 4.0, the licence the shipped dictionaries already carry),
which is not among the lists the benchmark scores. Deterministic: the same
data gives the same table.

``DEFAULT_CONFUSIONS`` (OCR) is not learned from data: it is the explicit
prior written in ``candidates.py`` (glyph confusions in three tiers). A corpus
adapts it without supervision through ``Repairer.fit``. The OCR dev sets
(ICDAR 2017, BLN600) are for evaluation only: ``--eval`` learns a table from
their aligned text and prints it beside the prior, for inspection; nothing
learned from them is ever written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair.candidates import DEFAULT_CONFUSIONS, ConfusionTable, learn_confusions  # noqa: E402


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
    ap.add_argument("--eval", action="store_true", help="compare the OCR prior with dev data")
    ap.add_argument("--typos", action="store_true", help="learn typing errors (Wikipedia list)")
    ap.add_argument("--write", action="store_true", help="with --typos: rewrite DEFAULT_TYPOS")
    args = ap.parse_args(argv)
    if args.typos:
        name = "DEFAULT_TYPOS"
        table = learn_confusions(typo_pairs(args.data), min_count=3, max_cost=3.0)
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
    prior = DEFAULT_CONFUSIONS
    if not args.eval:
        print(render(prior, "DEFAULT_CONFUSIONS"))
        return 0
    learned = learn_confusions(pairs(args.data, args.split), min_count=4, max_cost=3.9)
    print("| intended | observed | prior cost | cost learned from the OCR dev sets |")
    print("|---|---|---|---|")
    keys = sorted(set(prior.pairs) | set(learned.pairs), key=lambda k: learned.pairs.get(k, 9.0))
    for k in keys[:80]:
        p, q = prior.pairs.get(k), learned.pairs.get(k)
        cells = ["-" if c is None else str(c) for c in (p, q)]
        print(f"| {k[0]!r} | {k[1]!r} | {cells[0]} | {cells[1]} |")
    in_both = len(set(prior.pairs) & set(learned.pairs))
    print(f"\n{len(prior.pairs)} prior pairs, {len(learned.pairs)} learned, {in_both} in both")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
