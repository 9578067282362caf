"""Language detection: accuracy, stability under the boilerplate stage, unsupported languages.

Usage (from the repository root; ``--ref`` runs another tree in the same run)::

    python benchmarks/bench_langdetect.py
    python benchmarks/bench_langdetect.py --ref /path/to/other/tree

Three measurements, each printed for this tree and the reference:

* **accuracy** of :func:`textrepair.detect_language` on every record of the
  development data whose label has a dictionary: the flattened web pages
  (``raw``), their gold main content (``gold``), the OCR records (``ocr``) and
  their ground truth (``gt``); ``--data`` (default ``../shared/data``);
* **stability**: how many web pages get another answer once the boilerplate
  stage removed their menus (``Repairer(tokens=False)``): a page whose answer
  changes is repaired with another dictionary on a second pass;
* **languages without a dictionary**: pseudo-documents of 20, 60, 200 and 600
  words (15 of each) drawn by frequency from wordfreq's lists of languages the
  library does not ship; every answer other than ``"und"`` sends the text to a
  dictionary of another language. The same draw from each shipped language's
  list checks that those are still answered right. Needs ``wordfreq`` (in the
  dev extras); skipped without it.

Also the CPU time of detecting every record once. Writes
``benchmarks/results/langdetect.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from results_file import write_results

ROOT = Path(__file__).resolve().parent.parent

#: wordfreq lists of languages without a dictionary (small lists only), in any script.
OTHERS = (
    *("bg", "da", "el", "fa", "fil", "hi", "hu", "id", "is", "lt"),
    *("lv", "ms", "ro", "sh", "sk", "sl", "tr", "ur", "vi"),
)

# Runs inside the tree under test (its own process, PYTHONPATH=tree).
MEASURE = r"""
import json, random, sys, time
from pathlib import Path
import textrepair
from textrepair import Repairer
from textrepair.langdetect import detect_language

data = Path(sys.argv[1]); others = sys.argv[2].split(",")
shipped = set(textrepair.supported_languages())
docs = []
for name in ("scrapinghub", "readability_testpages", "trafilatura_snippets"):
    with open(data / "boilerplate" / f"{name}.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            docs.append(("raw", r["id"], r["lang"], r["flat"]))
            if r.get("gold"):
                docs.append(("gold", r["id"], r["lang"], r["gold"]))
for name in ("en-dev", "fr-dev"):
    with open(data / "ocr" / f"{name}.jsonl", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            docs.append(("ocr", r["id"], r["lang"], r["ocr"]))
            docs.append(("gt", r["id"], r["lang"], r["gt"]))
detect_language("warm up")
out = {"accuracy": {}, "unstable": [], "cpu": 0.0}
answers = []
t0 = time.process_time()
for kind, rid, lang, text in docs:
    answers.append(detect_language(text))
out["cpu"] = time.process_time() - t0
for (kind, rid, lang, text), got in zip(docs, answers):
    if lang in shipped:
        right, total = out["accuracy"].get(kind, (0, 0))
        out["accuracy"][kind] = (right + (got == lang), total + 1)
    if kind == "raw":
        after = detect_language(Repairer("auto", tokens=False).repair(text).text)
        if after != got:
            out["unstable"].append([rid, lang, got, after])
out["raw_pages"] = sum(1 for d in docs if d[0] == "raw")
try:
    import wordfreq
except ImportError:
    wordfreq = None
def pseudo(lang, seed):
    words = wordfreq.top_n_list(lang, 20000)
    weights = [wordfreq.word_frequency(w, lang) for w in words]
    rng = random.Random(seed)
    for n in (20, 60, 200, 600):
        for _ in range(15):
            toks = rng.choices(words, weights, k=n)
            yield " ".join(t.capitalize() if i % 12 == 0 else t for i, t in enumerate(toks))
if wordfreq is not None:
    out["others"] = {
        lang: sum(detect_language(t) != "und" for t in pseudo(lang, 1)) for lang in others
    }
    out["shipped"] = {
        lang: sum(detect_language(t) == lang for t in pseudo(lang, 2)) for lang in sorted(shipped)
    }
    out["per_language_docs"] = 60
print(json.dumps(out))
"""


def measure(tree: Path, data: Path) -> dict[str, Any]:
    env = {"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0"}
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, str(data), ",".join(OTHERS)],
        capture_output=True,
        text=True,
        cwd="/",
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{tree}: {proc.stderr.strip().splitlines()[-1]}")
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--ref", type=Path, default=None, help="another tree, measured in the same run")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "langdetect.json")
    args = ap.parse_args(argv)
    trees = {"this tree": ROOT}
    if args.ref is not None:
        trees["reference"] = args.ref.resolve()
    results = {name: measure(tree, args.data) for name, tree in trees.items()}
    names = list(results)
    print("| | " + " | ".join(names) + " |")
    print("|---" * (len(names) + 1) + "|")
    for kind in ("raw", "gold", "ocr", "gt"):
        cells = []
        for r in results.values():
            right, total = r["accuracy"][kind]
            cells.append(f"{right:,} of {total:,} ({right / total:.4f})")
        print(f"| right answers, {kind} | " + " | ".join(cells) + " |")
    print(
        "| web pages whose answer changes without their menus | "
        + " | ".join(f"{len(r['unstable'])} of {r['raw_pages']:,}" for r in results.values())
        + " |"
    )
    if all("others" in r for r in results.values()):
        print(
            "| pseudo-documents of languages without a dictionary given one | "
            + " | ".join(
                f"{sum(r['others'].values())} of {r['per_language_docs'] * len(r['others']):,}"
                for r in results.values()
            )
            + " |"
        )
        print(
            "| pseudo-documents of shipped languages answered right | "
            + " | ".join(
                f"{sum(r['shipped'].values()):,} of {r['per_language_docs'] * len(r['shipped']):,}"
                for r in results.values()
            )
            + " |"
        )
    print(
        "| CPU s, every record detected once | "
        + " | ".join(f"{r['cpu']:.2f}" for r in results.values())
        + " |"
    )
    for name, r in results.items():
        for row in r["unstable"]:
            print(f"- {name}: {row[0]} (label {row[1]}): {row[2]} -> {row[3]} without its menus")
    write_results(
        args.out,
        trees={name: str(tree) for name, tree in trees.items()},
        results=results,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
