"""The benchmark suite in one run: stages, pipeline, anchors, dictionaries, scaling.

Run from the repository root (``pip install -e ".[dev]"`` brings the anchors
and matplotlib)::

    python benchmarks/run.py                       # default: about 10 minutes on 2 shared cores
    python benchmarks/run.py --size 1MB --repeat 5 # bigger corpora, more passes
    python benchmarks/run.py --stream-size 1GB     # memory and cost while streaming 1 GB
    python benchmarks/run.py --profile             # cProfile of the pipeline instead
    python benchmarks/run.py --only throughput dictionary   # some sections

Everything is measured in the same process run, on the same generated corpora
(``benchmarks/corpus.py``: deterministic, from ``--data``, default
``../shared/data``), so ratios against the anchors hold on a noisy machine:

* ``throughput``: each stage alone and the whole pipeline, MB/s and docs/s, on
  clean web text, noisy OCR text and a mixed corpus; beside them ``ftfy.fix_text``,
  jusText on the same lines, symspellpy ``lookup`` word by word and the three
  stitched (``bench_pipeline.py``). Medians of ``--repeat`` passes.
* ``scaling``: a fresh process streams the mixed corpus through the pipeline
  (``--stream-size``) and, with the token stage off, a larger one
  (``--stream-size-fast``), recording CPU time and resident memory at every
  tenth of the input: cost should grow linearly, memory stay flat.
* ``dictionary``: load time and resident memory of every shipped dictionary in
  fresh processes (``bench_dictionary.py``), symspellpy's English load beside it.
* ``lookups``: misspelled-word lookups per second (distinct words with the
  cache cleared, and a Zipfian stream of them) and top-1 accuracy on the same
  Birkbeck misspellings, symspellpy beside; known words per second, both as
  dictionary checks and as running text through the token stage.

Writes ``benchmarks/results/suite.json`` and ``suite.md``, prints the Markdown,
and draws plots into ``docs/assets/benchmarks/`` (needs matplotlib).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench_dictionary  # noqa: E402
import bench_pipeline  # noqa: E402
from corpus import DEFAULT_DATA, Sources, parse_size  # noqa: E402

SECTIONS = ("throughput", "overhead", "lookups", "dictionary", "scaling")
PLOTS = ROOT / "docs" / "assets" / "benchmarks"

# Targets of issue 6.
TARGET_NOISY_RATIO = 25.0
TARGET_CLEAN_MBS = 30.0
TARGET_LOOKUP_RATIO = 10.0
TARGET_KNOWN_WPS = 1e6
TARGET_LOAD_S = 0.2
TARGET_RSS_MB = 60.0
# Memory is flat while streaming when the second half of the stream adds at most
# this share of the whole growth: the token stage's bounded memos fill during the
# first megabytes, then evict as much as they add.
TARGET_FLAT_SHARE = 0.1


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def machine() -> dict[str, Any]:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next(
                (ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), ""
            )
    except (OSError, StopIteration):
        pass
    return {
        "system": f"{platform.system()} {platform.machine()}",
        "cpu": model,
        "cpus": os.cpu_count(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


# ---------------------------------------------------------------------------
# Scaling and memory: a fresh process streams a corpus through a Repairer.

_STREAM = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from corpus import Sources, generate
from textrepair import Repairer
from textrepair.dictionary import available_languages, load_dictionary

def rss():
    out = {}
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line[:5]] = int(line.split()[1]) / 1024
    return out

data, kind, size, tokens = Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1"
warm_only = sys.argv[6:] == ["warm"]
sources = Sources(data)
known = set(available_languages())
repairers = {}
def repairer(lang):
    code = lang if lang in known else "auto"
    r = repairers.get(code)
    if r is None:
        r = repairers[code] = Repairer(code, tokens=tokens)
    return r
# Warm-up: load the resources of every language the stream holds before the
# clock starts (a language first met late would read as growth). Every cycle of
# the stream holds every source document, so its first cycle has them all.
seen = set()
for doc in generate(sources, kind, size):
    if doc["id"].rsplit("-", 2)[1] != "0":
        break
    # Every document without a dictionary of its own: detection may send each
    # to another language's resources.
    if doc["lang"] not in seen or doc["lang"] not in known:
        seen.add(doc["lang"])
        repairer(doc["lang"]).repair(doc["text"])
        if doc["lang"] in known:
            load_dictionary(doc["lang"])  # also read by dehyphenation, at the first line-end hyphen
if warm_only:
    print(json.dumps({"languages": sorted(seen)}))
    sys.exit(0)
start_rss = rss()
samples = [{"bytes": 0, "docs": 0, "seconds": 0.0, "rss_mb": start_rss["VmRSS"]}]
step = size / 10
nbytes = docs = 0
spent = 0.0  # in repair() only: generating the corpus is not timed
clock = time.process_time  # CPU: other jobs on a shared machine do not bend the curve
for doc in generate(sources, kind, size):
    text = doc["text"]
    r = repairer(doc["lang"])
    t0 = clock()
    r.repair(text)
    spent += clock() - t0
    nbytes += len(text.encode("utf-8"))
    docs += 1
    if nbytes >= step * len(samples):
        samples.append({"bytes": nbytes, "docs": docs, "seconds": spent, "rss_mb": rss()["VmRSS"]})
print(json.dumps({"samples": samples, "peak_rss_mb": rss()["VmHWM"]}))
"""


def stream(data: Path, kind: str, size: int, tokens: bool) -> dict[str, Any]:
    args = [sys.executable, "-c", _STREAM, str(HERE), str(data), kind, str(size), str(int(tokens))]
    # A first process builds the token stage's resources into the resource cache,
    # so the measured one loads them, as every process after a corpus's first
    # does. Building them in the measured process leaves freed memory behind that
    # the memos then fill unseen: the same stream read 6 MB of growth with the
    # cache cold and 39 MB with it warm (session 11).
    for extra in (["warm"], []):
        out = subprocess.run(args + extra, capture_output=True, text=True, cwd=ROOT)
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-2000:])
    result: dict[str, Any] = json.loads(out.stdout)
    samples = result["samples"]
    last = samples[-1]
    result.update(kind=kind, size=size, tokens=tokens)
    result["mb_per_s"] = last["bytes"] / last["seconds"] / 1e6 if last["seconds"] else 0.0
    # Linear cost: MB/s of each half should match (ratio near 1).
    mid = samples[len(samples) // 2]
    first = mid["bytes"] / mid["seconds"] if mid["seconds"] else 0.0
    second = (
        (last["bytes"] - mid["bytes"]) / (last["seconds"] - mid["seconds"])
        if last["seconds"] > mid["seconds"]
        else 0.0
    )
    result["second_half_speed_ratio"] = second / first if first else 0.0
    rss_after = [s["rss_mb"] for s in samples[1:]]
    result["rss_growth_mb"] = (max(rss_after) - rss_after[0]) if rss_after else 0.0
    result["rss_growth_second_half_mb"] = last["rss_mb"] - mid["rss_mb"]
    # Growth from the start, over the whole stream.
    result["rss_growth_total_mb"] = last["rss_mb"] - samples[0]["rss_mb"]
    return result


# ---------------------------------------------------------------------------
# Lookups and known words.


def birkbeck(path: Path, limit: int) -> list[tuple[str, str]]:
    """(misspelling, correction) pairs of the Birkbeck corpus, alphabetic and distinct."""
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    right = ""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if line.startswith("$"):
            right = line[1:]
        elif line and right and line.isalpha() and line not in seen:
            seen.add(line)
            pairs.append((line, right))
            if len(pairs) >= limit:
                break
    return pairs


def rate(fn: Callable[[], object], n: int, repeat: int) -> float:
    """Median items per second of ``repeat`` calls of ``fn`` (each handles ``n`` items)."""
    rates = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        rates.append(n / (time.perf_counter() - t0))
    return statistics.median(rates)


def lookups(data: Path, n_words: int, repeat: int) -> dict[str, Any]:
    from symspellpy import Verbosity

    from textrepair.config import Config
    from textrepair.dictionary import load_dictionary
    from textrepair.stage import Context
    from textrepair.tokens import TokenStage

    out: dict[str, Any] = {}
    pairs = birkbeck(data / "spelling" / "missp.dat", n_words)
    words = [w for w, _ in pairs]
    rng = random.Random(0)
    stream_words = rng.choices(words, [1.0 / (k + 1) for k in range(len(words))], k=20 * len(words))
    cfg = Config()
    stage = TokenStage(cfg)
    stage.suggest("warmup", "en")
    lex: Any = stage.lexicon("en")
    cache = getattr(lex, "analysis", None)

    def ours_cold() -> None:
        if cache is not None:
            cache.clear()  # every word new, as the first time a corpus shows it
        for w in words:
            stage.suggest(w, "en")

    sym = bench_pipeline.symspell_en()

    def theirs(ws: list[str]) -> Callable[[], None]:
        def run() -> None:
            for w in ws:
                sym.lookup(w.lower(), Verbosity.TOP, max_edit_distance=2, include_unknown=True)

        return run

    def sym_top1(w: str) -> str:
        s = sym.lookup(w.lower(), Verbosity.TOP, max_edit_distance=2, include_unknown=True)
        return str(s[0].term) if s else w

    out["words"] = len(words)
    # CPU time with the two alternating pass by pass: the machine's other jobs
    # slow both alike, which the wall-clock rates below cannot promise.
    cpu: dict[str, list[float]] = {"ours": [], "symspellpy": []}
    for _ in range(max(repeat, 3)):
        for name, fn in (("ours", ours_cold), ("symspellpy", theirs(words))):
            t0 = time.process_time()
            fn()
            cpu[name].append(len(words) / (time.process_time() - t0))
    out["ours_cold_cpu_per_s"] = statistics.median(cpu["ours"])
    out["symspellpy_cpu_per_s"] = statistics.median(cpu["symspellpy"])
    out["cold_cpu_ratio"] = out["ours_cold_cpu_per_s"] / out["symspellpy_cpu_per_s"]
    out["ours_cold_per_s"] = rate(ours_cold, len(words), repeat)
    out["ours_cold_cache_cleared"] = cache is not None
    out["symspellpy_per_s"] = rate(theirs(words), len(words), repeat)
    out["ours_stream_per_s"] = rate(
        lambda: [stage.suggest(w, "en") for w in stream_words], len(stream_words), repeat
    )
    out["symspellpy_stream_per_s"] = rate(theirs(stream_words), len(stream_words), repeat)
    out["ours_top1"] = sum(stage.suggest(w, "en").lower() == r.lower() for w, r in pairs) / len(
        pairs
    )
    out["symspellpy_top1"] = sum(sym_top1(w).lower() == r.lower() for w, r in pairs) / len(pairs)
    out["cold_ratio"] = out["ours_cold_per_s"] / out["symspellpy_per_s"]
    out["stream_ratio"] = out["ours_stream_per_s"] / out["symspellpy_stream_per_s"]

    # Known words: dictionary checks on real ground-truth tokens, and running text
    # of frequent words through the token stage.
    out["known_checks"] = bench_dictionary.known_word_rate(data)
    vocab = [w for w, z in load_dictionary("en").freq.items() if z >= 4.0 and w.isalpha()][:5000]
    docs = [" ".join(rng.choice(vocab) for _ in range(300)) for _ in range(200)]
    ctx = Context("en", cfg)
    for d in docs[:20]:
        stage.process(d, ctx)
    out["known_text_words_per_s"] = rate(
        lambda: [stage.process(d, ctx) for d in docs], 300 * len(docs), repeat
    )
    return out


# ---------------------------------------------------------------------------
# Pipeline overhead: building edits and composing them.


def overhead(repeat: int) -> dict[str, float]:
    """CPU microseconds per call of the pipeline's bookkeeping (best of ``repeat`` timings).

    ``Edit`` before 2026-11-24 (a frozen dataclass validating in
    ``__post_init__``) is rebuilt here as the baseline of the same run.
    """
    import dataclasses
    import timeit

    from textrepair.edits import Edit, EditLog

    @dataclasses.dataclass(frozen=True, slots=True)
    class OldEdit:
        start: int
        end: int
        before: str
        after: str
        stage: str
        reason: str
        confidence: float = 1.0

        def __post_init__(self) -> None:
            if not 0 <= self.start <= self.end:
                raise ValueError("span")
            if self.end - self.start != len(self.before):
                raise ValueError("before")
            if not 0.0 <= self.confidence <= 1.0:
                raise ValueError("confidence")

    args = (4, 12, "drstarts", "drones", "tokens", "substitution-rule", 0.93)
    text = "word " * 400
    one_stage = [Edit(i * 50, i * 50 + 4, "word", "ward", "tokens", "r", 0.9) for i in range(10)]
    second = [Edit(i * 50 + 2, i * 50 + 4, "rd", "rds", "encoding", "r") for i in range(10)]

    def log_no_edits() -> object:
        log = EditLog(text)
        for name in ("encoding", "boilerplate", "tokens"):
            log.apply(name, [], text)
        return log.edits()

    def log_one_stage() -> object:
        log = EditLog(text)
        log.apply("tokens", one_stage)
        return log.edits()

    def log_two_stages() -> object:
        log = EditLog(text)
        log.apply("tokens", one_stage)
        log.apply("encoding", second)
        return log.edits()

    cases: dict[str, Callable[[], object]] = {
        "Edit as before: frozen dataclass, __post_init__ checks": lambda: OldEdit(*args),
        "Edit(...) (validating)": lambda: Edit(*args),
        "Edit._trusted(...)": lambda: Edit._trusted(*args),
        "EditLog, 3 stages, no edits": log_no_edits,
        "EditLog, 10 edits from one stage": log_one_stage,
        "EditLog, 10 edits then 10 overlapping ones": log_two_stages,
    }
    out = {}
    for name, fn in cases.items():
        number = 20000 if name.startswith("Edit") else 2000
        timer = timeit.Timer(fn, timer=time.process_time)  # CPU: less disturbed by other jobs
        out[name] = min(timer.repeat(number=number, repeat=max(repeat, 5))) / number * 1e6
    return out


# ---------------------------------------------------------------------------
# Dictionary loads.


def dictionaries(langs: list[str], runs: int) -> dict[str, Any]:
    anchor = bench_dictionary.cold_runs(bench_dictionary.SYMSPELL, [], runs)
    rows = []
    for lang in langs:
        row = bench_dictionary.cold_runs(bench_dictionary.OURS, [lang], runs)
        row["lang"] = lang
        rows.append(row)
        log(f"dictionary {lang}: {row['load_s_median']:.3f} s, {row['rss_delta_mb_median']:.1f} MB")
    return {"symspellpy_en": anchor, "load": rows}


# ---------------------------------------------------------------------------
# Report.


def verdict(value: float, target: float, higher_is_better: bool = True) -> str:
    ok = value >= target if higher_is_better else value <= target
    if ok:
        return "met"
    short = target / value if higher_is_better else value / target
    return f"missed by {short:.3g}x"


def report(res: dict[str, Any]) -> str:
    m = res["machine"]
    lines = [
        f"Measured {res['started_utc']} to {res['finished_utc']} UTC, {m['system']}, "
        f"{m['cpus']} cores ({m['cpu']}), {m['python']}; load average {res['load_before']} "
        f"before and {res['load_after']} after (1, 5, 15 min). Settings: {res['settings']}.",
        "",
    ]
    targets: list[tuple[str, str, str]] = []
    thr = res.get("throughput")
    if thr:
        lines += [
            "### Throughput (one core; median of passes, each over other documents)",
            "",
        ]
        lines.append(
            " | ".join(f"{k}: {v['docs']} docs, {v['bytes'] / 1e6:.2f} MB" for k, v in thr.items())
        )
        lines += ["", bench_pipeline.markdown(thr), ""]
        noisy = thr.get("noisy-ocr", {}).get("methods", {})
        if "pipeline" in noisy and "stitched" in noisy:
            ratio = noisy["pipeline"]["MB/s"] / noisy["stitched"]["MB/s"]
            targets.append(
                ("pipeline on noisy OCR / stitched anchors", f"{ratio:.2f}x", verdict(ratio, 25))
            )
        clean = thr.get("clean-web", {}).get("methods", {})
        if "pipeline" in clean:
            mbs = clean["pipeline"]["MB/s"]
            targets.append(
                ("pipeline on clean web text", f"{mbs:.3g} MB/s", verdict(mbs, TARGET_CLEAN_MBS))
            )
    ov = res.get("overhead")
    if ov:
        lines += ["### Pipeline bookkeeping (CPU µs per call, best of runs)", ""]
        lines += ["| operation | µs |", "|---|---:|"]
        lines += [f"| {name} | {us:.2f} |" for name, us in ov.items()]
        lines.append("")
    lk = res.get("lookups")
    if lk:
        lines += ["### Lookups and known words (English)", ""]
        lines += [
            "| | textrepair | symspellpy | ratio |",
            "|---|---:|---:|---:|",
            f"| misspelled lookups/s, {lk['words']} distinct words"
            f"{' (cache cleared)' if lk['ours_cold_cache_cleared'] else ''} | "
            f"{lk['ours_cold_per_s']:,.0f} | {lk['symspellpy_per_s']:,.0f} | "
            f"{lk['cold_ratio']:.2f}x |",
            f"| the same, CPU time, passes alternating with symspellpy's | "
            f"{lk['ours_cold_cpu_per_s']:,.0f} | {lk['symspellpy_cpu_per_s']:,.0f} | "
            f"{lk['cold_cpu_ratio']:.2f}x |",
            f"| lookups/s, Zipfian stream of the same words | {lk['ours_stream_per_s']:,.0f} | "
            f"{lk['symspellpy_stream_per_s']:,.0f} | {lk['stream_ratio']:.2f}x |",
            f"| top-1 accuracy on those words | {lk['ours_top1']:.3f} | "
            f"{lk['symspellpy_top1']:.3f} | |",
            f"| known words/s, running text through the token stage | "
            f"{lk['known_text_words_per_s']:,.0f} | | |",
        ]
        for r in lk["known_checks"]:
            lines.append(
                f"| known-word checks/s (`in`), {r['lang']} OCR ground truth | "
                f"{r['checks_per_s']:,.0f} | | |"
            )
        lines.append("")
        acc_ok = lk["ours_top1"] >= lk["symspellpy_top1"]
        targets.append(
            (
                "misspelled lookups / symspellpy (distinct words, wall and CPU; stream)",
                f"{lk['cold_ratio']:.2f}x, {lk['cold_cpu_ratio']:.2f}x CPU; "
                f"{lk['stream_ratio']:.2f}x, top-1 "
                f"{lk['ours_top1']:.3f} vs {lk['symspellpy_top1']:.3f}",
                verdict(lk["cold_cpu_ratio"], TARGET_LOOKUP_RATIO)  # (CPU: robust to load)
                + ("" if acc_ok else ", accuracy lower"),
            )
        )
        targets.append(
            (
                "known words through the token stage",
                f"{lk['known_text_words_per_s']:,.0f} words/s",
                verdict(lk["known_text_words_per_s"], TARGET_KNOWN_WPS),
            )
        )
    dic = res.get("dictionary")
    if dic:
        a = dic["symspellpy_en"]
        rows = dic["load"]
        lines += ["### Dictionary load (fresh process per run, medians)", ""]
        lines += [
            "| dictionary | words | load s (wall) | load s (CPU) | RSS delta MB |",
            "|---|---:|---:|---:|---:|",
        ]
        lines.append(
            f"| symspellpy en (anchor) | {a['words']:,} | {a['load_s_median']:.3f} | "
            f"{a['load_cpu_s_median']:.3f} | {a['rss_delta_mb_median']:.1f} |"
        )
        for r in rows:
            lines.append(
                f"| {r['lang']} | {r['words']:,} | {r['load_s_median']:.3f} | "
                f"{r['load_cpu_s_median']:.3f} | {r['rss_delta_mb_median']:.1f} |"
            )
        lines.append("")
        worst = max(rows, key=lambda r: r["load_s_median"])
        worst_cpu_row = max(rows, key=lambda r: r["load_cpu_s_median"])
        worst_cpu = worst_cpu_row["load_cpu_s_median"]
        worst_mb = max(r["rss_delta_mb_median"] for r in rows)
        en = next((r for r in rows if r["lang"] == "en"), rows[0])
        targets.append(
            (
                "dictionary load, slowest language: wall (CPU); en",
                f"{worst['load_s_median']:.3f} s, {worst['lang']} ({worst_cpu:.3f} s, "
                f"{worst_cpu_row['lang']}); "
                f"en {en['load_s_median']:.3f} s ({en['load_cpu_s_median']:.3f} s)",
                verdict(worst["load_s_median"], TARGET_LOAD_S, higher_is_better=False)
                + " (wall), "
                + verdict(worst_cpu, TARGET_LOAD_S, higher_is_better=False)
                + " (CPU)",
            )
        )
        targets.append(
            (
                "dictionary RSS, largest language",
                f"{worst_mb:.1f} MB",
                verdict(worst_mb, TARGET_RSS_MB, higher_is_better=False),
            )
        )
    sc = res.get("scaling")
    if sc:
        lines += ["### Scaling while streaming (fresh process, mixed corpus)", ""]
        lines += [
            "| run | MB | docs | MB/s (CPU) | 2nd half / 1st half speed | RSS start MB "
            "| RSS growth MB | of which 2nd half |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for s in sc:
            last = s["samples"][-1]
            lines.append(
                f"| {'pipeline' if s['tokens'] else 'pipeline without tokens'} | "
                f"{last['bytes'] / 1e6:.2f} | {last['docs']} | {s['mb_per_s']:.3g} | "
                f"{s['second_half_speed_ratio']:.2f} | {s['samples'][1]['rss_mb']:.0f} | "
                f"{s['rss_growth_mb']:.1f} | {s.get('rss_growth_second_half_mb', 0.0):.1f} |"
            )
        lines.append("")
        for s in sc:
            total = s.get("rss_growth_total_mb", s["rss_growth_mb"])
            second = s.get("rss_growth_second_half_mb", 0.0)
            share = second / total if total > 0 else 0.0
            name = "pipeline" if s["tokens"] else "pipeline without tokens"
            mb = s["samples"][-1]["bytes"] / 1e6
            targets.append(
                (
                    f"memory flat while streaming ({name}, {mb:.0f} MB; cost linear)",
                    f"{total:.1f} MB growth from the start, {second:.1f} MB of it in the 2nd half "
                    f"({share:.0%}); speed 2nd / 1st half {s['second_half_speed_ratio']:.2f}",
                    "flat after the memos fill"
                    if total <= 0 or share <= TARGET_FLAT_SHARE
                    else f"still growing ({share:.0%} in the 2nd half)",
                )
            )
    if targets:
        lines += ["### Targets of issue 6", "", "| target | measured | verdict |", "|---|---|---|"]
        lines += [f"| {t} | {v} | {w} |" for t, v, w in targets]
    return "\n".join(lines)


def plots(res: dict[str, Any], out: Path) -> list[str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        log("matplotlib not installed: no plots (pip install -e '.[bench]')")
        return []
    out.mkdir(parents=True, exist_ok=True)
    written = []
    thr = res.get("throughput")
    if thr:
        kinds = list(thr)
        names = list(next(iter(thr.values()))["methods"])
        fig, ax = plt.subplots(figsize=(8, 4.5))
        height = 0.8 / len(kinds)
        for i, kind in enumerate(kinds):
            vals = [thr[kind]["methods"][n]["MB/s"] for n in names]
            ys = [j + i * height for j in range(len(names))]
            ax.barh(ys, vals, height=height, label=kind)
        ax.set_yticks([j + 0.4 - height / 2 for j in range(len(names))], names)
        ax.invert_yaxis()
        ax.set_xscale("log")
        ax.set_xlabel("MB/s, one core (log scale)")
        ax.set_title(f"Throughput per stage and anchors ({res['started_utc'][:10]})")
        ax.axvline(TARGET_CLEAN_MBS, color="grey", linestyle=":", linewidth=1)
        ax.legend(loc="lower right", fontsize=8)
        fig.tight_layout()
        fig.savefig(out / "throughput.png", dpi=110)
        plt.close(fig)
        written.append("throughput.png")
    sc = res.get("scaling")
    if sc:
        fig, axes = plt.subplots(len(sc), 2, figsize=(9, 3.2 * len(sc)), squeeze=False)
        for (a1, a2), s in zip(axes, sc):
            label = "whole pipeline" if s["tokens"] else "pipeline without the token stage"
            mb = [p["bytes"] / 1e6 for p in s["samples"]]
            a1.plot(mb, [p["seconds"] for p in s["samples"]], marker="o")
            a1.set_xlabel("MB streamed")
            a1.set_ylabel("seconds")
            a1.set_title(f"{label}: time", fontsize=10)
            a2.plot(mb, [p["rss_mb"] for p in s["samples"]], marker="o", color="tab:orange")
            a2.set_xlabel("MB streamed")
            a2.set_ylabel("resident MB")
            a2.set_ylim(bottom=0)
            a2.set_title(f"{label}: memory", fontsize=10)
        fig.tight_layout()
        fig.savefig(out / "scaling.png", dpi=110)
        plt.close(fig)
        written.append("scaling.png")
    dic = res.get("dictionary")
    if dic:
        rows = dic["load"]
        langs = [r["lang"] for r in rows]
        fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 3.8))
        xs = range(len(langs))
        a1.bar([x - 0.2 for x in xs], [r["load_s_median"] for r in rows], 0.4, label="wall")
        a1.bar([x + 0.2 for x in xs], [r["load_cpu_s_median"] for r in rows], 0.4, label="CPU")
        a1.axhline(TARGET_LOAD_S, color="red", linestyle=":", label="target 0.2 s")
        a1.set_ylabel("seconds, fresh process")
        a2.bar(list(xs), [r["rss_delta_mb_median"] for r in rows])
        a2.axhline(TARGET_RSS_MB, color="red", linestyle=":", label="target 60 MB")
        a2.set_ylabel("resident MB added")
        sym = dic["symspellpy_en"]
        a1.set_title(f"Dictionary load (symspellpy en: {sym['load_s_median']:.2g} s)", fontsize=10)
        a2.set_title(f"Memory (symspellpy en: {sym['rss_delta_mb_median']:.0f} MB)", fontsize=10)
        for a in (a1, a2):
            a.set_xticks(list(xs), langs, fontsize=8, rotation=90)
            a.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out / "dictionary.png", dpi=110)
        plt.close(fig)
        written.append("dictionary.png")
    return written


# ---------------------------------------------------------------------------
# Profile.


def profile(data: Path, size: int, top: int) -> str:
    """cProfile of the whole pipeline on clean web text and on noisy OCR text."""
    sources = Sources(data)
    methods = bench_pipeline.ours()
    run = methods["pipeline"]
    parts = []
    for kind in ("clean-web", "noisy-ocr"):
        docs = bench_pipeline.corpus(sources, kind, size)
        # Other documents of the same kind first: one-off loads and lazily built
        # models are not what a long corpus run spends its time on.
        for lang, text in bench_pipeline.corpus(sources, kind, size, seed=1000):
            run(text, lang)
        bench_pipeline.warm_up(run, docs)  # loads for languages the other docs lacked
        prof = cProfile.Profile()
        t0 = time.perf_counter()
        prof.enable()
        for lang, text in docs:
            run(text, lang)
        prof.disable()
        wall = time.perf_counter() - t0
        nbytes = sum(len(t.encode("utf-8")) for _, t in docs)
        buf = io.StringIO()
        stats = pstats.Stats(prof, stream=buf)
        stats.sort_stats("tottime").print_stats(top)
        rows = _top_rows(stats, top)
        stages = _stage_rows(stats)
        parts.append(
            f"#### {kind}: {len(docs)} docs, {nbytes / 1e6:.2f} MB, {wall:.2f} s under cProfile\n\n"
            "| where the time goes | cumtime s | share |\n|---|---:|---:|\n"
            + "\n".join(f"| {name} | {ct:.3f} | {ct / wall:.0%} |" for name, ct in stages)
            + "\n\nTop functions by own time:\n\n"
            "| tottime s | share | cumtime s | calls | function |\n|---:|---:|---:|---:|---|\n"
            + "\n".join(
                f"| {tt:.3f} | {tt / wall:.0%} | {ct:.3f} | {nc:,} | `{fn}` |"
                for tt, ct, nc, fn in rows
            )
        )
        (bench_pipeline.RESULTS / f"profile-{kind}.txt").write_text(buf.getvalue())
    return "\n\n".join(parts)


_PARTS = {
    ("encoding.py", "process"): "encoding stage",
    ("boilerplate.py", "process"): "boilerplate stage",
    ("tokens.py", "process"): "tokens stage",
    ("pipeline.py", "_resolve_lang"): "language detection",
    ("edits.py", "apply"): "EditLog.apply (composition)",
    ("edits.py", "edits"): "EditLog.edits (edits on the input)",
    ("pipeline.py", "repair"): "Repairer.repair (all)",
}


def _stage_rows(stats: pstats.Stats) -> list[tuple[str, float]]:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    found: dict[str, float] = {}
    for (path, _line, func), (_cc, _nc, _tt, ct, _callers) in raw.items():
        name = _PARTS.get((Path(path).name, func))
        if name:
            found[name] = found.get(name, 0.0) + ct
    return [(n, found[n]) for n in _PARTS.values() if n in found]


def _top_rows(stats: pstats.Stats, top: int) -> list[tuple[float, float, int, str]]:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    rows = []
    for (path, line, func), (_cc, nc, tt, ct, _callers) in raw.items():
        where = Path(path).name if path != "~" else ""
        name = f"{where}:{line}({func})" if where else func
        rows.append((tt, ct, nc, name))
    rows.sort(reverse=True)
    return rows[:top]


# ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--size", default="200KB", help="text per corpus kind (default 200KB)")
    p.add_argument("--repeat", type=int, default=3, help="passes per measurement (median)")
    p.add_argument("--kinds", nargs="+", default=["clean-web", "noisy-ocr", "mixed"])
    p.add_argument("--stream-size", default="32MB", help="mixed corpus through the pipeline")
    p.add_argument("--stream-size-fast", default="20MB", help="the same without the token stage")
    p.add_argument("--dict-runs", type=int, default=3, help="fresh processes per language")
    p.add_argument("--langs", nargs="+", default=None, help="dictionaries (default: all)")
    p.add_argument("--lookup-words", type=int, default=500)
    p.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    p.add_argument("--out", type=Path, default=bench_pipeline.RESULTS)
    p.add_argument("--plots", type=Path, default=PLOTS)
    p.add_argument("--profile", action="store_true", help="profile the pipeline and stop")
    p.add_argument("--profile-size", default="100KB")
    args = p.parse_args(argv)
    if not args.data.is_dir():
        p.error(f"no data directory {args.data}: pass --data PATH (the shared/data folder)")
    args.out.mkdir(parents=True, exist_ok=True)

    if args.profile:
        text = profile(args.data, parse_size(args.profile_size), 20)
        (args.out / "profile.md").write_text(text + "\n", encoding="utf-8")
        print(text)
        return 0

    from textrepair.dictionary import available_languages

    res: dict[str, Any] = {
        "started_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime()),
        "machine": machine(),
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "settings": (
            f"--size {args.size} --repeat {args.repeat} --stream-size {args.stream_size} "
            f"--stream-size-fast {args.stream_size_fast} --dict-runs {args.dict_runs} "
            f"--lookup-words {args.lookup_words}"
        ),
    }
    if "throughput" in args.only:
        log("throughput")
        methods = {**bench_pipeline.ours(), **bench_pipeline.anchors()}
        res["throughput"] = bench_pipeline.throughput(
            methods, args.kinds, Sources(args.data), parse_size(args.size), args.repeat, log
        )
    if "overhead" in args.only:
        log("overhead")
        res["overhead"] = overhead(args.repeat)
    if "lookups" in args.only:
        log("lookups")
        res["lookups"] = lookups(args.data, args.lookup_words, args.repeat)
    if "dictionary" in args.only:
        log("dictionary")
        res["dictionary"] = dictionaries(args.langs or list(available_languages()), args.dict_runs)
    if "scaling" in args.only:
        res["scaling"] = []
        for size, tokens in ((args.stream_size, True), (args.stream_size_fast, False)):
            log(f"scaling: streaming {size}, tokens={tokens}")
            res["scaling"].append(stream(args.data, "mixed", parse_size(size), tokens))
    res["finished_utc"] = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    res["load_after"] = [round(x, 2) for x in os.getloadavg()]
    text = report(res)
    res["plots"] = plots(res, args.plots)
    (args.out / "suite.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    (args.out / "suite.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    log(f"wrote {args.out / 'suite.json'}, {args.out / 'suite.md'}; plots: {res['plots']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
