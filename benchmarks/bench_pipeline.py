"""Throughput of each stage and of the whole pipeline, beside the anchors, in one run.

The anchors, measured on the same documents in the same process:

- ``ftfy``: ``ftfy.fix_text``;
- ``jusText``: jusText on the lines of the text (each line one ``<p>``);
- ``symspellpy``: ``lookup`` (edit distance 2, its bundled English dictionary) on
  every word not in its dictionary, for every language (it has no other);
- ``stitched``: the three in a row, the way one would stitch a pipeline from them.

Our side: each stage alone (``stage.process`` on the raw document, as the
pipeline would call it if it were the only stage enabled) and the whole pipeline
(``Repairer.repair``, every edit mapped back to the input). A document's label
is used as its language when a dictionary ships for it, otherwise ``"und"``
(stages) or ``"auto"`` (pipeline).

Before timing, every method runs once on one document of each language in the
corpus, so dictionary loads and other one-off costs are not counted. Every
figure is the median of ``--repeat`` passes; ratios are between figures of the
same run, since the machine is shared and noisy. Writes
``benchmarks/results/pipeline.json`` and prints a Markdown table.
``benchmarks/run.py`` runs this and the rest of the suite in one go.

    python benchmarks/bench_pipeline.py --size 200KB --repeat 3
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
from typing import Any

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DEFAULT_DATA, Sources, generate, parse_size

from textrepair import Repairer
from textrepair import tokens as tokens_module
from textrepair.config import Config
from textrepair.stage import Context

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
STAGES = ("encoding", "boilerplate", "tokens")
#: Which anchor each of our methods is compared with.
PAIRS = (
    ("pipeline", "stitched"),
    ("encoding", "ftfy"),
    ("boilerplate", "jusText"),
    ("tokens", "symspellpy"),
)

Docs = list[tuple[str, str]]  # (lang, text)
Method = Callable[[str, str], object]


def symspell_en() -> Any:
    """symspellpy with its bundled 82,765-word English dictionary, edit distance 2."""
    import importlib.resources as res

    from symspellpy import SymSpell

    sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    path = res.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt")
    sym.load_dictionary(str(path), term_index=0, count_index=1)
    return sym


def anchors() -> dict[str, Method]:
    """The anchor methods: (text, lang) -> repaired text."""
    import ftfy
    import justext
    from symspellpy import Verbosity

    sym = symspell_en()
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
        if html == "<html><body></body></html>":
            return ""
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


def ours(config: Config | None = None) -> dict[str, Method]:
    """Each stage alone (``process``) and the whole pipeline (``Repairer.repair``)."""
    from textrepair.boilerplate import BoilerplateStage
    from textrepair.dictionary import available_languages
    from textrepair.encoding import EncodingStage
    from textrepair.tokens import TokenStage

    cfg = config or Config()
    known = set(available_languages())
    classes = {"encoding": EncodingStage, "boilerplate": BoilerplateStage, "tokens": TokenStage}
    methods: dict[str, Method] = {}
    for name in STAGES:
        stage = classes[name](cfg)

        def run_stage(text: str, lang: str, stage: Any = stage) -> object:
            return stage.process(text, Context(lang if lang in known else "und", cfg))

        methods[name] = run_stage
    repairers: dict[str, Repairer] = {}

    def run_pipeline(text: str, lang: str) -> object:
        code = lang if lang in known else "auto"
        r = repairers.get(code)
        if r is None:
            r = repairers[code] = Repairer(code, cfg)
        return r.repair(text)

    methods["pipeline"] = run_pipeline
    return methods


def warm_up(fn: Method, docs: Docs) -> None:
    """Run ``fn`` once on one document per language, so one-off loads are not timed."""
    seen: dict[str, str] = {}
    for lang, text in docs:
        seen.setdefault(lang, text)
    for lang, text in seen.items():
        fn(text, lang)


def corpus(sources: Sources, kind: str, size: int, seed: int = 0) -> Docs:
    return [(d["lang"], d["text"]) for d in generate(sources, kind, size, seed)]


def time_pass(fn: Method, docs: Docs) -> float:
    t0 = time.perf_counter()
    for lang, text in docs:
        fn(text, lang)
    return time.perf_counter() - t0


def throughput(
    methods: dict[str, Method],
    kinds: list[str],
    sources: Sources,
    size: int,
    repeat: int,
    log: Callable[[str], None] = lambda s: print(s, file=sys.stderr),
) -> dict[str, dict[str, Any]]:
    """Each method on each kind of corpus, ``repeat`` passes.

    Pass ``p`` runs over the corpus generated with seed ``p`` (other documents,
    other noise), the same for every method: stages cache what they learn
    about tokens across documents, as they should on a corpus, but must not be
    timed on documents they have already seen. Returns ``{kind: {"docs",
    "bytes", "methods": {name: {"seconds", "MB/s", "docs/s", "runs"}}}}`` with
    the medians of the passes (``docs`` and ``bytes``: medians of the corpora).
    """
    results: dict[str, dict[str, Any]] = {}
    for kind in kinds:
        corpora = [corpus(sources, kind, size, seed) for seed in range(repeat)]
        sizes = [sum(len(t.encode("utf-8")) for _, t in docs) for docs in corpora]
        # One document per language, from another corpus first: every language of
        # every pass gets its one-off loads done before the clock starts.
        warm = corpus(sources, kind, size, seed=1000) + [d for docs in corpora for d in docs]
        rows: dict[str, dict[str, Any]] = {}
        for name, fn in methods.items():
            # Stages with the same settings share their per-word caches: each
            # method starts without what the previous one learned on these documents.
            forget = getattr(tokens_module, "_forget_forms", None)
            if forget is not None:
                forget()
            warm_up(fn, warm)
            runs = [time_pass(fn, docs) for docs in corpora]
            rows[name] = {
                "seconds": statistics.median(runs),
                "MB/s": statistics.median(b / s / 1e6 for b, s in zip(sizes, runs)),
                "docs/s": statistics.median(len(d) / s for d, s in zip(corpora, runs)),
                "runs": runs,
            }
            log(
                f"{kind:10} {name:12} {rows[name]['MB/s']:8.3f} MB/s  {[round(r, 2) for r in runs]}"
            )
        results[kind] = {
            "docs": statistics.median(len(d) for d in corpora),
            "bytes": statistics.median(sizes),
            "methods": rows,
        }
    return results


def markdown(results: dict[str, dict[str, Any]]) -> str:
    kinds = list(results)
    names = list(next(iter(results.values()))["methods"]) if results else []
    lines = [
        "| method | " + " | ".join(f"{k} MB/s | {k} docs/s" for k in kinds) + " |",
        "|---|" + "---:|---:|" * len(kinds),
    ]
    for name in names:
        cells = []
        for k in kinds:
            row = results[k]["methods"][name]
            cells.append(f"{row['MB/s']:.3g} | {row['docs/s']:.3g}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    pairs = [(a, b) for a, b in PAIRS if a in names and b in names]
    if pairs:
        lines += ["", "| speed ratio (ours / anchor, MB/s) | " + " | ".join(kinds) + " |"]
        lines.append("|---|" + "---:|" * len(kinds))
        for a, b in pairs:
            cells = [
                f"{results[k]['methods'][a]['MB/s'] / results[k]['methods'][b]['MB/s']:.2f}x"
                for k in kinds
            ]
            lines.append(f"| {a} / {b} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--size", default="200KB", help="text per corpus kind, e.g. 1MB")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--kinds", nargs="+", default=["clean-web", "noisy-ocr", "mixed"])
    p.add_argument("--no-anchors", action="store_true", help="skip the (slow) anchors")
    args = p.parse_args()

    sources = Sources(args.data)
    methods = {**ours(), **({} if args.no_anchors else anchors())}
    results = throughput(methods, args.kinds, sources, parse_size(args.size), args.repeat)
    table = (
        f"Measured {date.today()} on {platform.machine()} "
        f"({platform.python_implementation()} {platform.python_version()}), one core, "
        f"median of {args.repeat} passes, {args.size} of text per kind.\n\n" + markdown(results)
    )
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
