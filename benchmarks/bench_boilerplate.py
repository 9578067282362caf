"""Benchmark of the boilerplate stage: quality on real web pages, and speed.

Usage (from the repository root)::

    python benchmarks/bench_boilerplate.py              # quality (dev, held-out, all) + speed
    python benchmarks/bench_boilerplate.py --no-speed   # quality only
    python benchmarks/bench_boilerplate.py --fit        # refit the line model on the dev half
    python benchmarks/bench_boilerplate.py --check-kernel  # compiled == pure, every page
    python benchmarks/bench_boilerplate.py --kernel-speed  # CPU: pure, compiled, C4

Data: ``--data`` (default ``../shared/data``), folder ``boilerplate/``, one page
per line with ``flat`` (the page as plain text) and either ``gold`` (the
article text) or ``with``/``without`` snippets. Metric, as in that folder's
README:

* full-gold files (scrapinghub, readability): per page, bag-of-words F1
  between the lowercase ``\\w+`` tokens of the output and of ``gold``, CJK
  characters one token each, averaged over pages; an empty output scores 0.
* trafilatura snippets: a snippet is present if it is a substring of the
  output (whitespace normalised on both sides, as trafilatura's own
  evaluation does; case-sensitive). ``with`` present = true positive, absent =
  false negative; ``without`` present = false positive. Precision, recall and
  F1 over all pages, plus the share of ``with`` kept and of ``without`` removed.

Halves: pages with an even index (file order) are the development half (the
line model was fitted and the rules tuned on them); odd pages are held out.
Both are reported, and the whole.

Baselines run in the same process on the same text: keep everything, C4's
line rules (keep lines ending in terminal punctuation with at least three
words, no "javascript", no policy phrases; page-level filters not applied)
and jusText 3 (each line wrapped as a ``<p>``; its stoplist for the page's
language, English otherwise). The README's anchor figures are printed beside.

Speed: MB of UTF-8 flat text per second on one core, median of ``--runs``
runs over all pages (jusText: over a 1 MB sample), measured in the same run.

Prints Markdown and writes JSON to ``benchmarks/results/boilerplate.json``.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import platform
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import textrepair.boilerplate as boilerplate  # noqa: E402
from textrepair.boilerplate import FEATURES, BoilerplateStage, _analyse  # noqa: E402
from textrepair.config import Config  # noqa: E402
from textrepair.edits import apply_edits  # noqa: E402
from textrepair.stage import Context  # noqa: E402

FILES = ("scrapinghub", "readability_testpages", "trafilatura_snippets")
SHORT = {
    "scrapinghub": "scrapinghub",
    "readability_testpages": "readability",
    "trafilatura_snippets": "snippets",
}
# From ../shared/data/README.md (text-only methods on `flat`; trafilatura on the HTML).
ANCHORS = {
    "keep everything": (0.642, 0.752, 0.692),
    "keep lines of 8+ words": (0.735, 0.784, 0.796),
    "C4 line rules": (0.816, 0.761, 0.781),
    "jusText on the flat text": (0.751, 0.795, 0.774),
    "trafilatura on the original HTML": (0.959, 0.948, 0.926),
}

# ---------------------------------------------------------------------------
# Metrics

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])\w)+")


def bag(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def bow_f1(output: str, gold: str) -> float:
    out, ref = bag(output), bag(gold)
    overlap = sum((out & ref).values())
    if not out or not ref or not overlap:
        return 0.0
    p, r = overlap / sum(out.values()), overlap / sum(ref.values())
    return 2 * p * r / (p + r)


def ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def snippet_counts(output: str, page: dict[str, Any]) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) for one page, trafilatura-style."""
    out = ws(output)
    tp = sum(ws(s) in out for s in page["with"])
    fp = sum(ws(s) in out for s in page["without"])
    return tp, fp, len(page["with"]) - tp, len(page["without"]) - fp


# ---------------------------------------------------------------------------
# Methods


def keep_all(text: str, lang: str) -> str:
    return text


_POLICY = (
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)


def c4_rules(text: str, lang: str) -> str:
    out = []
    for line in text.split("\n"):
        s = line.strip()
        if not s.endswith((".", "!", "?", '"')) or len(s.split()) < 3:
            continue
        low = s.lower()
        if "javascript" in low or any(p in low for p in _POLICY):
            continue
        out.append(line)
    return "\n".join(out)


_JT_LANGS = {
    "en": "English", "fr": "French", "de": "German", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "pl": "Polish", "ru": "Russian", "cs": "Czech",
    "sv": "Swedish", "fi": "Finnish", "hu": "Hungarian", "tr": "Turkish", "id": "Indonesian",
    "da": "Danish", "no": "Norwegian_Bokmal", "nb": "Norwegian_Bokmal", "ro": "Romanian",
    "uk": "Ukrainian", "el": "Greek", "ar": "Arabic", "ko": "Korean",
}  # fmt: skip


def make_justext() -> Callable[[str, str], str] | None:
    try:
        import justext
    except ImportError:
        return None
    stoplists: dict[str, frozenset[str]] = {}

    def run(text: str, lang: str) -> str:
        name = _JT_LANGS.get(lang, "English")
        if name not in stoplists:
            try:
                stoplists[name] = justext.get_stoplist(name)
            except ValueError:
                stoplists[name] = justext.get_stoplist("English")
        body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
        paragraphs = justext.justext(f"<html><body>{body}</body></html>".encode(), stoplists[name])
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def make_ours(config: Config) -> Callable[[str, str], str]:
    stage = BoilerplateStage(config)

    def run(text: str, lang: str) -> str:
        return stage.process(text, Context(lang, config))[0]

    return run


# ---------------------------------------------------------------------------
# Evaluation


def load(data: Path) -> dict[str, list[dict[str, Any]]]:
    pages = {}
    for name in FILES:
        path = data / "boilerplate" / f"{name}.jsonl"
        with path.open(encoding="utf-8") as f:
            pages[name] = [json.loads(line) for line in f]
    return pages


def half_of(i: int) -> str:
    return "dev" if i % 2 == 0 else "held-out"


def evaluate(
    method: Callable[[str, str], str], pages: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """Scores per file and half ("dev", "held-out", "all"), and per language."""
    res: dict[str, Any] = {}
    for name, rows in pages.items():
        per_half: dict[str, list[Any]] = defaultdict(list)
        per_lang: dict[str, list[Any]] = defaultdict(list)
        per_lang_held: dict[str, list[Any]] = defaultdict(list)
        for i, page in enumerate(rows):
            out = method(page["flat"], page["lang"])
            score: Any = (
                bow_f1(out, page["gold"]) if page.get("gold") else snippet_counts(out, page)
            )
            per_half[half_of(i)].append(score)
            per_half["all"].append(score)
            per_lang[page["lang"]].append(score)
            if half_of(i) == "held-out":
                per_lang_held[page["lang"]].append(score)
        summarize = _mean_f1 if rows[0].get("gold") else _snippet_scores
        res[name] = {
            "halves": {h: summarize(v) for h, v in per_half.items()},
            "langs": {lang: summarize(v) for lang, v in per_lang.items()},
            "langs_held_out": {lang: summarize(v) for lang, v in per_lang_held.items()},
        }
    return res


def twice(pages: dict[str, list[dict[str, Any]]], config: Config) -> dict[str, Any]:
    """The stage run on its own output: how many pages change, and the scores then.

    A second pass sees the page without the lines the first removed; an
    idempotent stage changes nothing (session 8 measured 214 pages changed here,
    session 9 none). Each page is repaired twice, once per pass.
    """
    stage = make_ours(config)
    outputs: dict[tuple[str, str], str] = {}

    def once(text: str, lang: str) -> str:
        out = outputs.get((text, lang))
        if out is None:
            out = outputs[text, lang] = stage(text, lang)
        return out

    def second(text: str, lang: str) -> str:
        return once(once(text, lang), lang)

    changed: Counter[str] = Counter()
    by_half: Counter[str] = Counter()
    for name, rows in pages.items():
        for i, page in enumerate(rows):
            out = once(page["flat"], page["lang"])
            if once(out, page["lang"]) != out:
                changed[name] += 1
                by_half[f"{name} {half_of(i)}"] += 1
    return {
        "pages": sum(len(rows) for rows in pages.values()),
        "changed": sum(changed.values()),
        "changed_by_file": dict(changed),
        "changed_by_half": dict(by_half),
        "once": evaluate(once, pages),
        "twice": evaluate(second, pages),
    }


def _mean_f1(scores: list[float]) -> dict[str, float]:
    return {"f1": sum(scores) / len(scores), "pages": len(scores)}


def _snippet_scores(counts: list[tuple[int, int, int, int]]) -> dict[str, float]:
    tp, fp, fn, tn = (sum(c[k] for c in counts) for k in range(4))
    return {
        "f1": 2 * tp / (2 * tp + fp + fn) if tp else 0.0,
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall_with_kept": tp / (tp + fn) if tp + fn else 0.0,
        "without_removed": tn / (tn + fp) if tn + fp else 0.0,
        "pages": len(counts),
    }


def check_edits(pages: dict[str, list[dict[str, Any]]], config: Config) -> int:
    """Every page: the edits replay to the returned text. Returns pages checked."""
    stage = BoilerplateStage(config)
    n = 0
    for rows in pages.values():
        for page in rows:
            out, edits = stage.process(page["flat"], Context(page["lang"], config))
            if apply_edits(page["flat"], edits) != out:
                raise AssertionError(f"edits do not replay on {page['id']}")
            n += 1
    return n


def speed(
    method: Callable[[str, str], str], docs: list[tuple[str, str]], runs: int
) -> dict[str, float]:
    size = sum(len(t.encode("utf-8")) for t, _ in docs) / 1e6
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for text, lang in docs:
            method(text, lang)
        times.append(time.perf_counter() - start)
    med = statistics.median(times)
    return {"mb": size, "seconds_median": med, "mb_per_s": size / med, "runs": runs}


# ---------------------------------------------------------------------------
# Compiled kernel against pure Python


def _outcome(stage: BoilerplateStage, text: str, lang: str) -> tuple[Any, ...]:
    """Everything the stage returns and notes, floats as their exact hex."""
    ctx = Context(lang, Config())
    out, edits = stage.process(text, ctx)
    rows = tuple(
        (e.start, e.end, e.before, e.after, e.stage, e.reason, e.confidence.hex()) for e in edits
    )
    return out, rows, tuple(ctx.notes)


def _analysis(text: str, lang: str) -> tuple[Any, ...]:
    """The analysis behind the decisions: categories, words, scores (hex)."""
    doc = _analyse(text, lang)
    return (doc.categories, doc.words, doc.good, [v.hex() for v in doc.z], doc.lexicon)


def _load_reference(path: Path) -> Any:
    """An older ``textrepair/boilerplate.py`` (``git show REV:textrepair/boilerplate.py``)
    loaded as a module of the installed package, for comparison."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("textrepair._reference_boilerplate", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def check_kernel(
    pages: dict[str, list[dict[str, Any]]], reference: Path | None = None
) -> dict[str, Any]:
    """Run every page with the compiled line features and with the pure-Python
    references (same process, switched per page) and compare outputs, edits
    (confidences bit for bit), notes and the model's per-line scores; with
    ``reference`` (an older boilerplate.py), compare its outputs too."""
    kernel = boilerplate._lf
    if kernel is None:
        raise SystemExit("the compiled kernel is not active (not built, or TEXTREPAIR_PURE set)")
    stage = BoilerplateStage(Config())
    ref = _load_reference(reference) if reference is not None else None
    ref_stage = ref.BoilerplateStage(Config()) if ref is not None else None
    same = total = same_analysis = same_ref = 0
    differing: list[str] = []
    differing_ref: list[str] = []
    try:
        for rows in pages.values():
            for page in rows:
                results = []
                text, lang = page["flat"], page["lang"]
                for lf in (kernel, None):
                    boilerplate._lf = lf
                    results.append((_outcome(stage, text, lang), _analysis(text, lang)))
                total += 1
                same += results[0][0] == results[1][0]
                same_analysis += results[0][1] == results[1][1]
                if results[0] != results[1]:
                    differing.append(str(page.get("id", total)))
                if ref_stage is not None:
                    if _outcome(ref_stage, text, lang) == results[0][0]:
                        same_ref += 1
                    else:
                        differing_ref.append(str(page.get("id", total)))
    finally:
        boilerplate._lf = kernel
    out: dict[str, Any] = {
        "pages": total,
        "identical": same,
        "identical_analysis": same_analysis,
        "differing": differing[:20],
    }
    if ref_stage is not None:
        out.update(reference=str(reference), identical_to_reference=same_ref)
        out["differing_from_reference"] = differing_ref[:20]
    return out


def kernel_speed(
    pages: dict[str, list[dict[str, Any]]], runs: int, reference: Path | None = None
) -> dict[str, Any]:
    """CPU seconds (``time.process_time``) over all pages: pure Python and the
    kernel (and an older boilerplate.py, ``reference``) in alternating order run
    by run, C4's line rules in the same loop."""
    kernel = boilerplate._lf
    if kernel is None:
        raise SystemExit("the compiled kernel is not active (not built, or TEXTREPAIR_PURE set)")
    docs = [(p["flat"], p["lang"]) for rows in pages.values() for p in rows]
    mb = sum(len(t.encode("utf-8")) for t, _ in docs) / 1e6
    config = Config()
    stages: dict[str, Any] = {"kernel": BoilerplateStage(config), "pure": BoilerplateStage(config)}
    if reference is not None:
        stages["reference"] = _load_reference(reference).BoilerplateStage(config)
    times: dict[str, list[float]] = {k: [] for k in [*stages, "C4 line rules"]}
    try:
        for r in range(runs):
            order = list(stages)
            for label in order if r % 2 == 0 else order[::-1]:
                boilerplate._lf = None if label == "pure" else kernel
                stage = stages[label]
                t0 = time.process_time()
                for text, lang in docs:
                    stage.process(text, Context(lang, config))
                times[label].append(time.process_time() - t0)
            t0 = time.process_time()
            for text, lang in docs:
                c4_rules(text, lang)
            times["C4 line rules"].append(time.process_time() - t0)
    finally:
        boilerplate._lf = kernel
    pairs = [p / k for p, k in zip(times["pure"], times["kernel"])]
    return {
        "mb": mb,
        "runs": runs,
        "cpu_seconds": times,
        "median_seconds": {k: statistics.median(v) for k, v in times.items()},
        "mb_per_s": {k: mb / statistics.median(v) for k, v in times.items()},
        "pure_over_kernel_per_run": pairs,
        "pure_over_kernel_median": statistics.median(pairs),
        "reference_over_kernel_median": statistics.median(
            [p / k for p, k in zip(times["reference"], times["kernel"])]
        )
        if "reference" in times
        else None,
    }


# ---------------------------------------------------------------------------
# Fitting the line model (development half only)


def fit(pages: dict[str, list[dict[str, Any]]], l2: float = 1e-3) -> list[float]:
    """Logistic regression of "line is content" on the stage's line features.

    Labels: a line is content if it occurs in the gold text (whole gold line for
    lines under 25 characters), or for the snippet file if it contains a
    ``with`` snippet (content) or a ``without`` one (boilerplate; other lines
    unlabelled). Lines are weighted by the square root of their length. Only
    even-indexed (development) pages are used.
    """
    import numpy as np

    xs: list[list[float]] = []
    ys: list[float] = []
    ws_: list[float] = []
    for rows in pages.values():
        for i, page in enumerate(rows):
            if i % 2:
                continue
            doc = _analyse(page["flat"], page["lang"])
            gold = page.get("gold")
            gold_lines = {g.strip() for g in gold.split("\n")} if gold else set()
            for s, row in zip(doc.stripped, doc.rows):
                if gold:
                    label = float(s in gold_lines) if len(s) < 25 else float(s in gold)
                elif any(w in s for w in page["with"]):
                    label = 1.0
                elif any(w in s for w in page["without"]):
                    label = 0.0
                else:
                    continue
                xs.append(row)
                ys.append(label)
                ws_.append(math.sqrt(len(s)))
    x, y, w = np.array(xs), np.array(ys), np.array(ws_)
    w /= w.mean()
    beta = np.zeros(x.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x @ beta)))
        grad = x.T @ ((p - y) * w) / len(y) + l2 * beta
        hess = (x * (p * (1 - p) * w)[:, None]).T @ x / len(y) + l2 * np.eye(len(beta))
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    p = 1 / (1 + np.exp(-(x @ beta)))
    print(
        f"fitted on {len(y)} lines ({y.mean():.1%} content); accuracy {((p > 0.5) == y).mean():.3f}"
    )
    return [float(b) for b in beta]


# ---------------------------------------------------------------------------
# Report


def table(rows: Iterable[list[str]], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument(
        "--fit", action="store_true", help="refit the line model on the dev half and print it"
    )
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument(
        "--check-kernel",
        action="store_true",
        help="compare the compiled line features with pure Python on every page and exit",
    )
    ap.add_argument(
        "--reference",
        type=Path,
        help="with --check-kernel or --kernel-speed: also compare with (or time) this older "
        "boilerplate.py (e.g. from `git show REV:textrepair/boilerplate.py`)",
    )
    ap.add_argument(
        "--kernel-speed",
        action="store_true",
        help="CPU time of pure Python vs the compiled kernel vs C4 (alternating runs) and exit",
    )
    ap.add_argument(
        "--twice",
        action="store_true",
        help="run the stage again on its own output: pages that change, and the scores of "
        "the second pass, then exit",
    )
    ap.add_argument("--no-justext", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "boilerplate.json"
    )
    args = ap.parse_args(argv)

    pages = load(args.data)
    if args.check_kernel:
        res = check_kernel(pages, args.reference)
        print(
            f"kernel vs pure: {res['identical']} / {res['pages']} pages identical "
            f"(text, edits with confidences bit for bit, notes); analysis (categories, "
            f"words, scores bit for bit) identical on {res['identical_analysis']} / {res['pages']}"
        )
        if res["differing"]:
            print("differing pages:", ", ".join(res["differing"]))
        bad_ref = []
        if args.reference is not None:
            print(
                f"kernel vs {args.reference}: {res['identical_to_reference']} / {res['pages']} "
                "pages identical (text, edits, notes)"
            )
            bad_ref = res["differing_from_reference"]
            if bad_ref:
                print("differing pages:", ", ".join(bad_ref))
        _write(args.out.with_name("boilerplate_kernel_check.json"), res)
        return 0 if not res["differing"] and not bad_ref else 1
    if args.kernel_speed:
        res = kernel_speed(pages, args.runs, args.reference)
        med, rate = res["median_seconds"], res["mb_per_s"]
        print(f"## Boilerplate CPU time, {res['mb']:.1f} MB, {res['runs']} runs (medians)\n")
        print(
            table(
                ([k, f"{med[k]:.3f}", f"{rate[k]:.2f}", f"{rate[k] / 50:.3f}"] for k in med),
                ["method", "CPU s", "MB/s", "share of 50 MB/s"],
            )
        )
        pairs = ", ".join(f"{p:.2f}" for p in res["pure_over_kernel_per_run"])
        if res["reference_over_kernel_median"] is not None:
            print(f"\nreference / kernel: median {res['reference_over_kernel_median']:.2f}x")
        print(
            f"\npure / kernel: median {res['pure_over_kernel_median']:.2f}x (per run: {pairs}); "
            f"kernel / C4: {med['kernel'] / med['C4 line rules']:.1f}x the CPU time"
        )
        _write(args.out.with_name("boilerplate_kernel_speed.json"), res)
        return 0
    if args.twice:
        res = twice(pages, Config())
        print(f"## The stage on its own output ({res['pages']} pages)\n")
        print(f"pages the second pass changes: {res['changed']} ({res['changed_by_file']})")
        print(f"by half: {res['changed_by_half']}\n")
        rows = []
        for label in ("once", "twice"):
            for name, v in res[label].items():
                h = v["halves"]
                cells = [label, name, *(f"{h[k]['f1']:.4f}" for k in ("dev", "held-out", "all"))]
                keep = h["dev"].get("recall_with_kept")
                cells.append(
                    " / ".join(
                        f"{h[k]['recall_with_kept']:.4f}" for k in ("dev", "held-out", "all")
                    )
                    if keep is not None
                    else ""
                )
                rows.append(cells)
        print(table(rows, ["passes", "file", "F1 dev", "F1 held-out", "F1 all", "must-keep"]))
        _write(args.out.with_name("boilerplate_twice.json"), res)
        return 0
    if args.fit:
        beta = fit(pages)
        print("_WEIGHTS: tuple[float, ...] = (")
        for k in range(0, len(beta), 10):
            print("    " + ", ".join(f"{b:.3f}" for b in beta[k : k + 10]) + ",")
        print(")  # fmt: skip")
        for name, b in zip(FEATURES, beta):
            print(f"#   {name:20} {b:+.3f}")
        return 0

    config = Config()
    methods: dict[str, Callable[[str, str], str]] = {
        "textrepair": make_ours(config),
        "keep everything": keep_all,
        "C4 line rules": c4_rules,
    }
    jt = None if args.no_justext else make_justext()
    if jt is not None:
        methods["jusText on the flat text"] = jt

    print(f"checked edit replay on {check_edits(pages, config)} pages")
    results: dict[str, Any] = {
        "quality": {},
        "speed": {},
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
    for label, method in methods.items():
        t0 = time.perf_counter()
        results["quality"][label] = evaluate(method, pages)
        print(f"scored {label} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

    # Quality table: each file, each half.
    out = ["## Quality (F1; snippet file: trafilatura-style snippet F1)", ""]
    header = ["method"] + [f"{SHORT[f]} {h}" for f in FILES for h in ("dev", "held-out", "all")]
    rows = []
    for label, res in results["quality"].items():
        rows.append(
            [label]
            + [
                f"{res[f]['halves'][h]['f1']:.3f}"
                for f in FILES
                for h in ("dev", "held-out", "all")
            ]
        )
    out.append(table(rows, header))
    out += ["", "README anchors (all pages):", ""]
    out.append(
        table(
            ([k] + [f"{v:.3f}" for v in vals] for k, vals in ANCHORS.items()),
            ["method", "scrapinghub", "readability", "snippets"],
        )
    )
    out += ["", "## Snippets (trafilatura file)", ""]
    srows = []
    for label, res in results["quality"].items():
        for h in ("dev", "held-out", "all"):
            s = res["trafilatura_snippets"]["halves"][h]
            srows.append(
                [
                    label,
                    h,
                    f"{s['recall_with_kept']:.3f}",
                    f"{s['without_removed']:.3f}",
                    f"{s['precision']:.3f}",
                    f"{s['f1']:.3f}",
                ]
            )
    out.append(table(srows, ["method", "half", "with kept", "without removed", "precision", "F1"]))
    out += ["", "## Per language (textrepair beside C4; all pages, and held-out pages)", ""]
    lrows = []
    ours = results["quality"]["textrepair"]
    c4 = results["quality"]["C4 line rules"]
    for f in FILES:
        for lang, s in sorted(ours[f]["langs"].items(), key=lambda kv: -kv[1]["pages"]):
            held = ours[f]["langs_held_out"].get(lang)
            lrows.append(
                [
                    SHORT[f],
                    lang,
                    str(s["pages"]),
                    f"{s['f1']:.3f}",
                    f"{held['f1']:.3f} ({held['pages']})" if held else "-",
                    f"{c4[f]['langs'][lang]['f1']:.3f}",
                ]
                + ([f"{s['recall_with_kept']:.3f}"] if "recall_with_kept" in s else ["-"])
            )
    header = ["file", "lang", "pages", "F1 textrepair", "held-out (pages)", "F1 C4", "with kept"]
    out.append(table(lrows, header))

    if not args.no_speed:
        docs = [(p["flat"], p["lang"]) for rows in pages.values() for p in rows]
        sample: list[tuple[str, str]] = []
        size = 0
        for d in docs[::7]:
            sample.append(d)
            size += len(d[0].encode())
            if size > 1e6:
                break
        stage_only = make_ours(config)
        results["speed"]["textrepair"] = speed(stage_only, docs, args.runs)
        results["speed"]["C4 line rules"] = speed(c4_rules, docs, args.runs)
        if jt is not None:
            results["speed"]["jusText on the flat text"] = speed(jt, sample, max(1, args.runs // 2))
        base = results["speed"]["C4 line rules"]["mb_per_s"]
        out += ["", "## Speed (one core, median of runs; MB of UTF-8 flat text per second)", ""]
        out.append(
            table(
                (
                    [
                        k,
                        f"{v['mb']:.1f}",
                        str(v["runs"]),
                        f"{v['mb_per_s']:.2f}",
                        f"{v['mb_per_s'] / base:.2f}",
                    ]
                    for k, v in results["speed"].items()
                ),
                ["method", "MB", "runs", "MB/s", "ratio to C4"],
            )
        )

    print("\n".join(out))
    _write(args.out, results)
    return 0


def _write(path: Path, results: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, sort_keys=True), encoding="utf-8")
    print(f"\nwrote {path}")


if __name__ == "__main__":
    sys.exit(main())
