"""Throughput of each stage and of the whole pipeline, beside the anchors, in one run.

The anchors, measured on the same documents in the same process:

- ``ftfy``: ``ftfy.fix_text``;
- ``jusText``: jusText on the lines of the text (each line one ``<p>``);
- ``symspellpy``: ``lookup`` (edit distance 2) on every word not in its dictionary;
- ``stitched``: the three in a row, the way one would stitch a pipeline from them.

Every figure is the median of ``--repeat`` runs; ratios are between figures of the
same run, since the machine is shared and noisy. Writes
``benchmarks/results/pipeline.json`` and prints a Markdown table.

    python benchmarks/bench_pipeline.py --size 2MB --repeat 5
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DEFAULT_DATA, Sources, generate, parse_size

from textrepair import Repairer

RESULTS = Path(__file__).resolve().parent / "results"
JUSTEXT_STOPLISTS = {
    "en": "English",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    "nl": "Dutch",
    "pl": "Polish",
    "ru": "Russian",
}
WORD = regex.compile(r"\p{L}+")

Docs = list[tuple[str, str]]  # (lang, text)


def anchors() -> dict[str, Callable[[str, str], str]]:
    import ftfy
    import justext
    from symspellpy import SymSpell, Verbosity

    t0 = time.perf_counter()
    sym = SymSpell(max_dictionary_edit_distance=2)
    import importlib.resources as res

    path = res.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt")
    sym.load_dictionary(str(path), term_index=0, count_index=1)
    print(f"symspellpy dictionary load: {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    words = sym.words
    stoplists = {lang: justext.get_stoplist(name) for lang, name in JUSTEXT_STOPLISTS.items()}

    def f_ftfy(text: str, lang: str) -> str:
        return str(ftfy.fix_text(text))

    def f_justext(text: str, lang: str) -> str:
        html = (
            "<html><body>"
            + "".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
            + "</body></html>"
        )
        paragraphs = justext.justext(
            html.encode("utf-8"), stoplists.get(lang, stoplists["en"]), encoding="utf-8"
        )
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    def f_symspell(text: str, lang: str) -> str:
        out = []
        last = 0
        for m in WORD.finditer(text):
            w = m.group().lower()
            if w in words:
                continue
            found = sym.lookup(w, Verbosity.TOP, max_edit_distance=2)
            if found:
                out.append(text[last : m.start()])
                out.append(found[0].term)
                last = m.end()
        out.append(text[last:])
        return "".join(out)

    def f_stitched(text: str, lang: str) -> str:
        return f_symspell(f_justext(f_ftfy(text, lang), lang), lang)

    return {"ftfy": f_ftfy, "jusText": f_justext, "symspellpy": f_symspell, "stitched": f_stitched}


def ours() -> dict[str, Callable[[str, str], str]]:
    repairers: dict[tuple[str, str], Repairer] = {}

    def make(stage: str) -> Callable[[str, str], str]:
        flags = {
            "encoding": stage in ("encoding", "all"),
            "boilerplate": stage in ("boilerplate", "all"),
            "tokens": stage in ("tokens", "all"),
        }

        def run(text: str, lang: str) -> str:
            key = (stage, lang)
            r = repairers.get(key)
            if r is None:
                r = repairers[key] = Repairer(lang, **flags)
            return r.repair(text).text

        return run

    return {f"textrepair {s}": make(s) for s in ("encoding", "boilerplate", "tokens", "all")}


def measure(fn: Callable[[str, str], str], docs: Docs, repeat: int) -> float:
    """Median seconds for one pass over ``docs`` (after one warm-up pass on a few docs)."""
    for lang, text in docs[:5]:
        fn(text, lang)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for lang, text in docs:
            fn(text, lang)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--size", default="1MB", help="text per corpus kind, e.g. 1MB")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--kinds", nargs="+", default=["clean-web", "noisy-ocr", "mixed"])
    p.add_argument("--no-anchors", action="store_true", help="skip the (slow) anchors")
    args = p.parse_args()

    sources = Sources(args.data)
    methods = {**ours(), **({} if args.no_anchors else anchors())}
    size = parse_size(args.size)
    results: dict[str, dict[str, dict[str, float]]] = {}
    for kind in args.kinds:
        docs = [(d["lang"], d["text"]) for d in generate(sources, kind, size)]
        nbytes = sum(len(t.encode("utf-8")) for _, t in docs)
        results[kind] = {}
        for name, fn in methods.items():
            seconds = measure(fn, docs, args.repeat)
            results[kind][name] = {
                "seconds": seconds,
                "MB/s": nbytes / seconds / 1e6,
                "docs/s": len(docs) / seconds,
            }
            print(f"{kind:10} {name:24} {nbytes / seconds / 1e6:8.2f} MB/s", file=sys.stderr)

    lines = [
        f"Measured {date.today()} on {platform.machine()} "
        f"({platform.python_implementation()} {platform.python_version()}), one core, "
        f"median of {args.repeat} runs, {args.size} of text per kind.",
        "",
    ]
    names = list(methods)
    lines.append("| method | " + " | ".join(f"{k} MB/s" for k in args.kinds) + " |")
    lines.append("|---|" + "---|" * len(args.kinds))
    for name in names:
        lines.append(
            f"| {name} | "
            + " | ".join(f"{results[k][name]['MB/s']:.2f}" for k in args.kinds)
            + " |"
        )
    if not args.no_anchors:
        lines.append("")
        lines.append("| ratio | " + " | ".join(args.kinds) + " |")
        lines.append("|---|" + "---|" * len(args.kinds))
        for ours_name, anchor in (
            ("textrepair all", "stitched"),
            ("textrepair encoding", "ftfy"),
            ("textrepair boilerplate", "jusText"),
            ("textrepair tokens", "symspellpy"),
        ):
            lines.append(
                f"| {ours_name} / {anchor} | "
                + " | ".join(
                    f"{results[k][anchor]['seconds'] / results[k][ours_name]['seconds']:.1f}x"
                    for k in args.kinds
                )
                + " |"
            )
    table = "\n".join(lines)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "pipeline.json").write_text(
        json.dumps(
            {
                "date": str(date.today()),
                "size": args.size,
                "repeat": args.repeat,
                "results": results,
                "table": table,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
