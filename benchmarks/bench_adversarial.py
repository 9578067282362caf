"""Adversarial input: every stage and the whole pipeline on inputs built to hit worst cases.

Usage (from the repository root)::

    python benchmarks/bench_adversarial.py                  # 1 MB cases, 1 and 10 MB prose
    python benchmarks/bench_adversarial.py --huge           # also the 100 MB document
    python benchmarks/bench_adversarial.py --cases marks,rn --budget 10

What is measured. Each case is built at 1/16, 1/8, 1/4, 1/2 and 1 MB (million
characters; ``--mb`` changes the top size) and run through each stage alone
(``process`` with ``Context("en")``), language detection, and the pipeline
(``Repairer(lang="en")``). Times are CPU seconds of the benchmark process
(``time.process_time``): on the shared machine, wall time mostly measures the
other jobs. The time at the top size is the median of
``--runs`` runs (one run when a run takes over a second); the **growth** is the
time ratio of the last doubling (2.0 is linear, 4.0 quadratic). A measurement
that passes ``--budget`` seconds stops climbing: its row shows the largest
size reached and the growth so far, and the size column says so.

The cases: 1 MB of one character (``a``, space, ``-``, newline, ``.``, ``é``,
``中``), random letters and punctuation with no spaces, a single token of
letters, 100k lines of punctuation, repeated ``rn`` and ``li`` (OCR
confusion pairs), hyphenated line ends (``exam-\\nple``), runs of combining
marks (one base letter, then alternating U+0301 U+0316), decomposed accents
(``e`` + U+0301), repeated mojibake and HTML entities, CRLF lines. The
baseline, in the same run, is ordinary prose (the French seed document of
``tests/data``, repeated) through the same code.

Huge documents: the prose repeated to 1, 10 (and with ``--huge`` 100) MB as
ONE document through the pipeline (``Repairer(lang="fr")``), one run each,
CPU and wall time; the growth column is the CPU ratio per tenfold (10.0 is linear).

Prints Markdown and writes JSON to ``benchmarks/results/adversarial.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair import Config, Repairer  # noqa: E402
from textrepair.boilerplate import BoilerplateStage  # noqa: E402
from textrepair.encoding import EncodingStage  # noqa: E402
from textrepair.langdetect import detect_language  # noqa: E402
from textrepair.stage import Context  # noqa: E402
from textrepair.tokens import TokenStage  # noqa: E402

MB = 1_000_000


def _repeat(unit: str, n: int) -> str:
    """Whole copies of ``unit`` (a cut one, such as half a mojibake pair, is another case)."""
    return unit * max(1, n // len(unit))


def _random(alphabet: str, n: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    return "".join(rng.choices(alphabet, k=n))


def _punctuation_lines(n: int) -> str:
    rng = random.Random(1)
    marks = ["...", "!!!", "- - -", "*", "|", "»", "—", "?!", "•", "::", "()", "--", "#"]
    lines: list[str] = []
    size = 0
    while size < n:
        line = rng.choice(marks)
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)[:n]


SEED = (ROOT / "tests" / "data" / "seed-fr.txt").read_text(encoding="utf-8")

#: name -> builder of a text of n characters
CASES: dict[str, Callable[[int], str]] = {
    "prose (baseline)": lambda n: _repeat(SEED, n),
    "one char 'a'": lambda n: "a" * n,
    "one char ' '": lambda n: " " * n,
    "one char '-'": lambda n: "-" * n,
    "one char '\\n'": lambda n: "\n" * n,
    "one char '.'": lambda n: "." * n,
    "one char 'é'": lambda n: "é" * n,
    "one char '中'": lambda n: "中" * n,
    "no spaces": lambda n: _random("abcdefghijklmnopqrstuvwxyzé.,;:-'", n),
    "one token": lambda n: _random("abcdefghijklmnopqrstuvwxyz", n),
    "punctuation lines": _punctuation_lines,
    "rn": lambda n: _repeat("rn", n),
    "li": lambda n: _repeat("li ", n),
    "hyphenated line ends": lambda n: _repeat("exam-\nple ", n),
    "combining marks": lambda n: "a" + _repeat("\u0301\u0316", n - 1),
    "decomposed accents": lambda n: _repeat("e\u0301", n),
    "mojibake": lambda n: _repeat("cafÃ© crÃ¨me ", n),
    "entities": lambda n: _repeat("&amp;&#233;", n),
    "crlf lines": lambda n: _repeat("a line\r\n", n),
}


def _targets() -> dict[str, Callable[[str], object]]:
    cfg = Config()
    ctx = lambda: Context("en", cfg)  # noqa: E731
    stages = {"encoding": EncodingStage(cfg), "boilerplate": BoilerplateStage(cfg)}
    tokens = TokenStage(cfg)
    pipeline = Repairer(lang="en")
    warm = "The inter-\nvention was brief, the rnodern cafÃ© &amp; more."
    for s in stages.values():
        s.process(warm, ctx())
    tokens.process(warm, ctx())
    pipeline.repair(warm)
    return {
        "encoding": lambda t: stages["encoding"].process(t, ctx()),
        "boilerplate": lambda t: stages["boilerplate"].process(t, ctx()),
        "tokens": lambda t: tokens.process(t, ctx()),
        "detect": detect_language,
        "pipeline": pipeline.repair,
    }


def _time(fn: Callable[[str], object], text: str) -> float:
    """CPU seconds of this process (on a shared machine, wall time measures the others)."""
    t = time.process_time()
    fn(text)
    return time.process_time() - t


def measure(
    fn: Callable[[str], object], build: Callable[[int], str], top: int, runs: int, budget: float
) -> dict[str, Any]:
    """Time ``fn`` on texts of top/16, top/8, top/4, top/2 and top characters."""
    times: dict[int, float] = {}
    for n in (top // 16, top // 8, top // 4, top // 2, top):
        text = build(n)
        first = _time(fn, text)
        samples = [first]
        if first < 1.0:
            samples += [_time(fn, text) for _ in range(runs - 1)]
        times[n] = statistics.median(samples)
        if times[n] > budget:
            break
    sizes = sorted(times)
    last = sizes[-1]
    growth = times[last] / times[sizes[-2]] if len(sizes) > 1 and times[sizes[-2]] > 0 else None
    return {"size": last, "seconds": times[last], "growth": growth, "all": times}


def huge(sizes_mb: list[int]) -> list[dict[str, Any]]:
    r = Repairer(lang="fr")
    r.repair(SEED)
    rows = []
    for mb in sizes_mb:
        text = _repeat(SEED, mb * MB)
        t, w = time.process_time(), time.perf_counter()
        result = r.repair(text)
        seconds, wall = time.process_time() - t, time.perf_counter() - w
        assert len(result.text) > 0.9 * len(text)
        rows.append({"mb": mb, "seconds": seconds, "wall": wall, "edits": len(result.edits)})
        del text, result
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--mb", type=float, default=1.0, help="top size of each case, in MB")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per measurement (median)")
    ap.add_argument("--budget", type=float, default=30.0, help="seconds before a case stops")
    ap.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    ap.add_argument("--huge", action="store_true", help="also the 100 MB document")
    ap.add_argument("--no-huge", action="store_true", help="skip the 1/10 MB documents")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/adversarial.json")
    args = ap.parse_args()

    top = int(args.mb * MB)
    wanted = [c.strip() for c in args.cases.split(",") if c.strip()]
    targets = _targets()
    results: dict[str, dict[str, Any]] = {}
    print(f"| case | {' | '.join(targets)} |")
    print(f"|---|{'---:|' * len(targets)}")
    for name, build in CASES.items():
        if wanted and not any(w in name for w in wanted):
            continue
        row = results[name] = {}
        cells = []
        for target, fn in targets.items():
            m = row[target] = measure(fn, build, top, args.runs, args.budget)
            growth = f" (x{m['growth']:.1f})" if m["growth"] is not None else ""
            size = "" if m["size"] == top else f" at {m['size'] / MB:g} MB"
            cells.append(f"{m['seconds']:.2f} s{size}{growth}")
        print(f"| {name} | {' | '.join(cells)} |", flush=True)

    huge_rows: list[dict[str, Any]] = []
    if not args.no_huge:
        sizes = [1, 10, 100] if args.huge else [1, 10]
        huge_rows = huge(sizes)
        print("\n| one document (fr prose) | CPU s | s/MB | growth per x10 | wall s | edits |")
        print("|---|---:|---:|---:|---:|---:|")
        prev = None
        for row in huge_rows:
            growth = f"{row['seconds'] / prev:.1f}" if prev else ""
            print(
                f"| {row['mb']} MB | {row['seconds']:.1f} | {row['seconds'] / row['mb']:.2f} "
                f"| {growth} | {row['wall']:.1f} | {row['edits']} |"
            )
            prev = row["seconds"]

    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "date": time.strftime("%Y-%m-%d"),
                "python": platform.python_version(),
                "args": {k: str(v) for k, v in vars(args).items()},
                "cases": {
                    name: {
                        t: {**m, "all": {str(k): v for k, v in m["all"].items()}}
                        for t, m in row.items()
                    }
                    for name, row in results.items()
                },
                "huge": huge_rows,
            },
            indent=1,
        )
    )


if __name__ == "__main__":
    main()
