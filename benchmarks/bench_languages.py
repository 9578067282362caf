"""What the token stage changes in real web text, language by language.

The OCR sets that score the token stage are English and French. For the other
shipped languages the only real text at hand is the flattened web pages of the
boilerplate sets (``boilerplate/*.jsonl``, field ``flat``: the page as text,
menus included; German alone has 1.0 M words of it). There is no ground
truth: text published on the web is mostly spelled right, so every change the
stage makes there is either the repair of a real typo or damage, and this
script lists them to be read, per language and per reason, with the rate per
10,000 words.

    python benchmarks/bench_languages.py                   # every language with text
    python benchmarks/bench_languages.py --langs de pl --examples 100

Prints a Markdown report and writes ``benchmarks/results/languages.json``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair.config import Config  # noqa: E402
from textrepair.dictionary import available_languages  # noqa: E402
from textrepair.stage import Context  # noqa: E402
from textrepair.tokens import TokenStage  # noqa: E402

FILES = ("scrapinghub", "readability_testpages", "trafilatura_snippets")
ALIASES = {"no": "nb"}


def pages(data: Path, langs: set[str] | None) -> dict[str, list[str]]:
    """The flattened pages of the boilerplate sets, by dictionary language."""
    out: dict[str, list[str]] = defaultdict(list)
    for name in FILES:
        path = data / "boilerplate" / f"{name}.jsonl"
        with path.open(encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                lang = ALIASES.get(rec["lang"], rec["lang"])
                if lang in available_languages() and (langs is None or lang in langs):
                    out[lang].append(rec["flat"])
    return dict(out)


def measure(texts: list[str], lang: str, stage: TokenStage, n_examples: int) -> dict[str, Any]:
    words = changes = 0
    reasons: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    t = time.process_time()
    for text in texts:
        _, edits = stage.process(text, Context(lang, stage.config))
        words += len(text.split())
        changes += len(edits)
        for e in edits:
            reasons[e.reason] += 1
            if len(examples[e.reason]) < n_examples:
                examples[e.reason].append(f"{e.before} → {e.after} ({e.confidence:.2f})")
    cpu = time.process_time() - t
    return {
        "pages": len(texts),
        "words": words,
        "changes": changes,
        "per_10k_words": round(1e4 * changes / max(1, words), 2),
        "by_reason": dict(reasons.most_common()),
        "examples": dict(examples),
        "cpu_s": round(cpu, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--langs", nargs="*", help="languages to measure (default: all with text)")
    ap.add_argument("--examples", type=int, default=30, help="examples kept per reason")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "languages.json")
    args = ap.parse_args()
    by_lang = pages(args.data, set(args.langs) if args.langs else None)
    stage = TokenStage(Config())
    results = {
        lang: measure(texts, lang, stage, args.examples) for lang, texts in sorted(by_lang.items())
    }
    lines = [
        "| language | pages | words | changes | per 10k words | by reason |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for lang, r in results.items():
        why = ", ".join(f"{k} {v}" for k, v in r["by_reason"].items())
        lines.append(
            f"| {lang} | {r['pages']} | {r['words']:,} | {r['changes']} | "
            f"{r['per_10k_words']:.2f} | {why} |"
        )
    print("\n".join(lines))
    for lang, r in results.items():
        for reason, ex in r["examples"].items():
            print(f"\n{lang} {reason}: " + " | ".join(ex))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
