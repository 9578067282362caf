"""Differential check of the token stage: a reference tree against this one, same inputs.

Speed work on the token stage must not change a single decision. This script
builds one deterministic set of inputs (OCR dev records, web gold and raw pages,
the seed document, ground truth damaged by :mod:`textrepair.noise`, examples
drawn from :mod:`textrepair.testing`, single misspelled words), runs each tree
in its own process (``PYTHONPATH=REF``) and compares, document by document, the
output text and every edit (span, before, after, reason, confidence), plus the
``suggest`` top-1 of each word and the repairs after ``observe`` (corpus
channel and rules). It also prints the CPU seconds each tree spent per group,
measured in the same run.

    python benchmarks/diff_tokens.py --ref /work/lp            # default sample, a few minutes
    python benchmarks/diff_tokens.py --ref /work/lp --full     # every record of the dev data
    python benchmarks/diff_tokens.py --ref . --ref-pure        # this tree: pure Python vs kernel

Exit status 1 if anything differs. Writes ``benchmarks/results/diff_tokens.json``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def _jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _sample(rows: list[Any], stride: int) -> list[Any]:
    return rows[::stride] if stride > 1 else rows


def build_inputs(data: Path, full: bool, n_random: int) -> dict[str, Any]:
    """Groups of ``[lang, text]`` documents, words for ``suggest``, and a corpus to ``observe``."""
    from textrepair import noise

    stride_ocr = 1 if full else 12
    stride_web = 1 if full else 4
    groups: dict[str, list[list[str]]] = {}
    for lang in ("en", "fr"):
        rows = _sample(_jsonl(data / "ocr" / f"{lang}-dev.jsonl"), stride_ocr)
        groups[f"ocr-{lang}"] = [[lang, r["ocr"]] for r in rows]
        groups[f"ocr-gt-{lang}"] = [[lang, r["gt"]] for r in rows[::3]]
    web: list[dict[str, Any]] = []
    for name in ("scrapinghub", "readability_testpages", "trafilatura_snippets"):
        web += _sample(_jsonl(data / "boilerplate" / f"{name}.jsonl"), stride_web)
    from textrepair.dictionary import available_languages

    langs = set(available_languages())
    groups["web-gold"] = [[r["lang"], r["gold"]] for r in web if r.get("gold")]
    groups["web-raw"] = [[r["lang"], r["flat"]] for r in web if r["lang"] in langs][
        : None if full else 60
    ]
    seed = (data / "seed" / "seed-fr.txt").read_text(encoding="utf-8")
    groups["seed"] = [["fr", seed]]
    rng = random.Random(7)
    damaged = []
    for lang, text in groups["ocr-gt-en"] + groups["ocr-gt-fr"]:
        t = noise.ocr_confusions(text, rng, rate=0.15)
        if rng.randint(0, 2) == 0:
            t = noise.hard_wrap(t, rng.randint(40, 80))
        if rng.randint(0, 3) == 0:
            t = noise.fragment_substitution(t, "one", "start")
        damaged.append([lang, t])
    groups["noise"] = damaged
    groups["testing"] = _hypothesis_examples(n_random)
    words: list[str] = []
    for line in (data / "spelling" / "missp.dat").read_text(encoding="latin-1").splitlines():
        if line and not line.startswith("$"):
            words.append(line.strip())
    words = words[:: 1 if full else 30]
    return {"groups": groups, "words": words, "observe": groups["ocr-en"][:40]}


def _hypothesis_examples(n: int) -> list[list[str]]:
    """Damaged documents drawn from the user strategies (derandomized: same every run)."""
    if n <= 0:
        return []
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from textrepair import testing

    out: list[list[str]] = []

    def collector(code: str) -> Any:
        @settings(
            max_examples=n,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(
            st.one_of(
                testing.ocr_noise(testing.documents(code), rate=0.2),
                testing.mojibake(testing.documents(code)),
                testing.hard_wrapped(testing.documents(code)),
                testing.fragment_substituted(testing.documents(code)),
                testing.with_boilerplate(testing.documents(code), lang=code),
            ),
            st.text(max_size=40),
        )
        def collect(pair: Any, junk: str) -> None:
            out.append([code, pair[0]])
            out.append([code, pair[0] + " " + junk])

        return collect

    for code in ("en", "fr"):
        collector(code)()
    return out


# -- worker: runs inside the tree under test ------------------------------------


def _edit_row(e: Any) -> list[Any]:
    return [e.start, e.end, e.before, e.after, e.reason, e.confidence]


def worker(inp: Path, out: Path) -> None:
    import textrepair
    from textrepair.config import Config
    from textrepair.stage import Context
    from textrepair.tokens import TokenStage

    spec = json.loads(inp.read_text(encoding="utf-8"))
    config = Config()
    results: dict[str, Any] = {"textrepair": textrepair.__file__, "groups": {}, "cpu": {}}
    # "c" when the compiled candidate search runs (trees before it have none).
    candidates = importlib.import_module("textrepair.candidates")
    results["kernel"] = getattr(candidates, "KERNEL", "python")
    stage = TokenStage(config)
    # Every language's lazily built resources before the clock starts: the CPU
    # times compare per-document work, not one-off loads.
    langs = {lang for docs in spec["groups"].values() for lang, _ in docs} | {"en", "fr"}
    for lang in sorted(langs):
        lex = stage.lexicon(lang)
        if lex is None:
            continue
        stage.process("Tbe rnoney vvas hidden in tbe barn.", Context(lang, config))
        for name, args in [
            ("index", None),
            ("frequent_sorted", ()),
            ("suffix_alternations", ()),
            ("sound_alikes", ()),
            ("oddness", ("abc",)),
            ("word_prefix", ("ab",)),  # absent from older trees
        ]:
            attr = getattr(lex, name, None)
            if args is not None and callable(attr):
                attr(*args)
    for name, docs in spec["groups"].items():
        rows = []
        t0 = time.process_time()
        for lang, text in docs:
            new, edits = stage.process(text, Context(lang, config))
            rows.append([new, [_edit_row(e) for e in edits]])
        results["cpu"][name] = time.process_time() - t0
        results["groups"][name] = rows
    t0 = time.process_time()
    results["groups"]["suggest"] = [stage.suggest(w, "en") for w in spec["words"]]
    results["cpu"]["suggest"] = time.process_time() - t0
    fitted = TokenStage(config)
    t0 = time.process_time()
    for lang, text in spec["observe"]:
        fitted.observe(text, Context(lang, config))
    rows = []
    for lang, text in spec["observe"]:
        new, edits = fitted.process(text, Context(lang, config))
        rows.append([new, [_edit_row(e) for e in edits]])
    results["cpu"]["observed"] = time.process_time() - t0
    results["groups"]["observed"] = rows
    out.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")


def _run(tree: Path, inp: Path, out: Path, pure: bool = False) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    if pure:
        env["TEXTREPAIR_PURE"] = "1"
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", str(inp), str(out)],
        check=True,
        env=env,
        cwd=str(tree),
    )
    return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def main() -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--ref", type=Path, required=False, help="reference tree (e.g. /work/lp)")
    p.add_argument("--tree", type=Path, default=ROOT, help="tree under test (default: this one)")
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--full", action="store_true", help="every record, not a sample")
    p.add_argument("--random", type=int, default=60, help="examples per language from testing")
    p.add_argument("--only", nargs="*", help="groups to keep (names as printed)")
    p.add_argument(
        "--ref-pure",
        action="store_true",
        help="run the reference with TEXTREPAIR_PURE=1 (with --ref .: pure Python vs the kernel)",
    )
    p.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        worker(*args.worker)
        return 0
    if args.ref is None:
        p.error("--ref is required")
    spec = build_inputs(args.data, args.full, args.random)
    if args.only:
        spec["groups"] = {k: v for k, v in spec["groups"].items() if k in args.only}
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / "inputs.json"
        inp.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        # Both trees at once (two processes): CPU times stay per process.
        with ThreadPoolExecutor(2) as pool:
            fut_ref = pool.submit(_run, args.ref, inp, Path(tmp) / "ref.json", args.ref_pure)
            fut_new = pool.submit(_run, args.tree, inp, Path(tmp) / "new.json")
            ref, new = fut_ref.result(), fut_new.result()
    kr, kn = ref.get("kernel", "python"), new.get("kernel", "python")
    print(f"reference: {ref['textrepair']} ({kr})\nunder test: {new['textrepair']} ({kn})")
    if ref["textrepair"] == new["textrepair"] and kr == kn:
        print("both runs imported the same package: check PYTHONPATH", file=sys.stderr)
        return 2
    diffs = 0
    print("\n| group | items | differ | ref CPU s | new CPU s | speed-up |")
    print("|---|---:|---:|---:|---:|---:|")
    report: dict[str, Any] = {"groups": {}}
    for name, rows in ref["groups"].items():
        other = new["groups"][name]
        bad = [i for i, (a, b) in enumerate(zip(rows, other)) if a != b]
        bad += list(range(min(len(rows), len(other)), max(len(rows), len(other))))
        diffs += len(bad)
        rc, nc = ref["cpu"][name], new["cpu"][name]
        speed = rc / max(nc, 1e-9)
        print(f"| {name} | {len(rows)} | {len(bad)} | {rc:.2f} | {nc:.2f} | {speed:.2f}x |")
        report["groups"][name] = {
            "items": len(rows),
            "differ": len(bad),
            "ref_cpu": rc,
            "new_cpu": nc,
        }
        for i in bad[:3]:
            a = rows[i] if i < len(rows) else None
            b = other[i] if i < len(other) else None
            print(
                f"  {name}[{i}]:\n    ref {json.dumps(a, ensure_ascii=False)[:600]}"
                f"\n    new {json.dumps(b, ensure_ascii=False)[:600]}"
            )
    tr, tn = sum(ref["cpu"].values()), sum(new["cpu"].values())
    print(f"| all | | {diffs} | {tr:.2f} | {tn:.2f} | {tr / max(tn, 1e-9):.2f}x |")
    report.update(differ=diffs, ref_cpu=tr, new_cpu=tn, full=args.full, kernels=[kr, kn])
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    (results / "diff_tokens.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    print("IDENTICAL" if not diffs else f"{diffs} DIFFERENCES")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
