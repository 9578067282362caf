"""CPU time of the candidate search of one form, on the forms real text asks about.

Usage (from the repository root)::

    python benchmarks/bench_form_search.py                      # this tree
    python benchmarks/bench_form_search.py --tree /work/ref     # another tree, same forms
    TEXTREPAIR_PURE=1 python benchmarks/bench_form_search.py    # the pure-Python search

The forms are those a first pass of the token stage asks ``_Lexicon.candidates``
about (OCR path, ``typing=False``) on ``corpus.py``'s noisy OCR and clean web
text (seed 0, ``--size`` of each), and the misspelled words of ``run.py``'s
lookups section (typing path, ``typing=True``: 500 distinct Birkbeck words, the
447 that are not known words). They are recorded once, by the tree under test,
into ``--forms`` (a pickle; delete it to record again), so every tree is timed on
the same list. Each list is then searched ``--passes`` times with the memo off
(``cache=False``: every search is a first one) after a warm-up of 50 forms, and
the median CPU microseconds per form (``time.process_time``) are printed.
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def record(data: Path, size: str) -> dict[str, list[tuple[str, str, int, bool]]]:
    """``(lang, form, max_ed, typing)`` of each first search, per workload."""
    import corpus
    import run as suite

    from textrepair.config import Config
    from textrepair.stage import Context
    from textrepair.tokens import TokenStage, _Lexicon

    out: dict[str, list[tuple[str, str, int, bool]]] = {}
    orig = _Lexicon.candidates
    calls: list[tuple[str, str, int, bool]] = []
    seen: set[tuple[str, str, int, bool]] = set()

    def spy(self: _Lexicon, obs: str, max_ed: int, **kw: Any) -> Any:
        k = (self.lang, obs, max_ed, bool(kw.get("typing", False)))
        if kw.get("adapted") is None and k not in seen:  # the page channel's are not memoized
            seen.add(k)
            calls.append(k)
        return orig(self, obs, max_ed, **kw)

    cfg = Config()
    _Lexicon.candidates = spy  # type: ignore[method-assign]
    try:
        sources = corpus.Sources(data)
        for kind in ("noisy-ocr", "clean-web"):
            stage = TokenStage(cfg)
            calls.clear()
            seen.clear()
            for d in corpus.generate(sources, kind, corpus.parse_size(size)):
                stage.process(d["text"], Context(d["lang"], cfg))
            out[kind] = list(calls)
        stage = TokenStage(cfg)
        calls.clear()
        seen.clear()
        for w, _ in suite.birkbeck(data / "spelling" / "missp.dat", 500):
            stage.suggest(w, "en")
        out["lookups"] = list(calls)
    finally:
        _Lexicon.candidates = orig  # type: ignore[method-assign]
    return out


def time_forms(calls: list[tuple[str, str, int, bool]], passes: int) -> list[float]:
    """CPU microseconds per form of each pass over ``calls`` (memo off)."""
    from textrepair.config import Config
    from textrepair.stage import Context
    from textrepair.tokens import TokenStage

    cfg = Config()
    stage = TokenStage(cfg)
    lexes: dict[str, Any] = {}
    for lang in sorted({c[0] for c in calls}):
        stage.process("warm up", Context(lang, cfg))
        lexes[lang] = stage.lexicon(lang)
        _ = lexes[lang].index  # built or read from the resource cache before the clock
    for lang, obs, max_ed, typing in calls[:50]:
        lexes[lang].candidates(obs, max_ed, typing=typing, cache=False)
    out = []
    for _ in range(passes):
        t0 = time.process_time()
        for lang, obs, max_ed, typing in calls:
            lexes[lang].candidates(obs, max_ed, typing=typing, cache=False)
        out.append((time.process_time() - t0) / len(calls) * 1e6)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tree", type=Path, default=ROOT, help="the tree whose textrepair runs")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--size", default="300KB", help="text of each kind (corpus.py sizes)")
    ap.add_argument("--passes", type=int, default=5)
    ap.add_argument("--forms", type=Path, default=ROOT / "benchmarks" / "results" / "forms.pkl")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(args.tree.resolve()))
    from textrepair.native import KERNEL

    if args.forms.exists():
        with open(args.forms, "rb") as f:
            forms = pickle.load(f)
    else:
        forms = record(args.data, args.size)
        args.forms.parent.mkdir(parents=True, exist_ok=True)
        with open(args.forms, "wb") as f:
            pickle.dump(forms, f)
    import textrepair

    print(f"tree: {Path(textrepair.__file__).parent.parent} (kernel: {KERNEL})")
    print("| workload | forms | µs per form, median | passes |")
    print("|---|---:|---:|---|")
    for kind, calls in forms.items():
        us = time_forms(calls, args.passes)
        runs = ", ".join(f"{u:.1f}" for u in us)
        print(f"| {kind} | {len(calls)} | {statistics.median(us):.1f} | {runs} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
