"""Where the token stage's time goes: per-form candidate search against per-document work.

Usage (from the repository root)::

    python benchmarks/bench_token_parts.py                     # 1 MB of each kind, 3 passes
    python benchmarks/bench_token_parts.py --size 300KB --kinds noisy-ocr

For each kind of text (``corpus.py``'s clean web text and noisy OCR text, seed 0),
one ``TokenStage`` with every language's resources loaded first measures, in CPU
seconds (``time.process_time``):

* **first pass**: the stage over the documents, each form seen for the first time
  in this process (what a corpus costs);
* **cached pass**: the same documents again (best of ``--passes``): every form's
  candidates are in the stage's memo, so what is left is the per-document work
  (the scan, grouping, substitution-rule evidence, protection checks, context and
  decisions);
* the difference, the **candidate search** of the forms the documents hold;
* the word tokenizer alone (``WORD_RE.findall``, one C-level call a document) and
  ``str.split``, the floors of any design that starts with that tokenizer.

It prints a Markdown table and writes ``benchmarks/results/token_parts.json``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import corpus  # noqa: E402
from results_file import write_results  # noqa: E402

from textrepair.config import Config  # noqa: E402
from textrepair.stage import Context  # noqa: E402
from textrepair.tokenize import WORD_RE  # noqa: E402
from textrepair.tokens import TokenStage  # noqa: E402


def measure(docs: list[dict[str, str]], passes: int) -> dict[str, float]:
    """MB/s of each part over ``docs`` (see the module's docstring)."""
    mb = sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6
    cfg = Config()
    stage = TokenStage(cfg)
    for lang in sorted({d["lang"] for d in docs}):
        stage.process("warm up", Context(lang, cfg))
        lex = stage.lexicon(lang)
        if lex is not None:
            _ = lex.index  # built or read from the resource cache before the clock

    def run() -> float:
        t0 = time.process_time()
        for d in docs:
            stage.process(d["text"], Context(d["lang"], cfg))
        return time.process_time() - t0

    first = run()
    cached = min(run() for _ in range(passes))
    texts = [d["text"] for d in docs]

    def floor(fn: Callable[[str], object]) -> float:
        best = float("inf")
        for _ in range(passes):
            t0 = time.process_time()
            for t in texts:
                fn(t)
            best = min(best, time.process_time() - t0)
        return best

    tok = floor(WORD_RE.findall)
    split = floor(str.split)
    return {
        "mb": mb,
        "docs": len(docs),
        "first_mb_s": mb / first,
        "cached_mb_s": mb / cached,
        "search_s_per_mb": (first - cached) / mb,
        "document_s_per_mb": cached / mb,
        "search_share": (first - cached) / first,
        "tokenizer_mb_s": mb / tok,
        "split_mb_s": mb / split,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--size", default="1MB", help="text of each kind (corpus.py sizes)")
    ap.add_argument("--kinds", nargs="+", default=["clean-web", "noisy-ocr"])
    ap.add_argument("--passes", type=int, default=3)
    ap.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "token_parts.json"
    )
    args = ap.parse_args(argv)
    sources = corpus.Sources(args.data)
    size = corpus.parse_size(args.size)
    results = {}
    for kind in args.kinds:
        docs = list(corpus.generate(sources, kind, size))
        results[kind] = measure(docs, args.passes)
    print(
        "| text | MB | docs | first pass MB/s | cached pass MB/s | candidate search, s/MB (share) "
        "| per-document work, s/MB | `WORD_RE.findall` MB/s | `str.split` MB/s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for kind, r in results.items():
        print(
            f"| {kind} | {r['mb']:.2f} | {r['docs']} | {r['first_mb_s']:.2f} | "
            f"{r['cached_mb_s']:.2f} | {r['search_s_per_mb']:.2f} ({r['search_share']:.0%}) | "
            f"{r['document_s_per_mb']:.2f} | {r['tokenizer_mb_s']:.1f} | {r['split_mb_s']:.0f} |"
        )
    write_results(
        args.out,
        size=args.size,
        results=results,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
