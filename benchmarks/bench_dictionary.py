"""Dictionary load cost, lookup speed and language detection, with symspellpy as the anchor.

Run from the repository root::

    python benchmarks/bench_dictionary.py                 # every shipped language
    python benchmarks/bench_dictionary.py --langs en fr --runs 7
    python benchmarks/bench_dictionary.py --data ../shared/data

Measured in the same run, so ratios hold on a shared, noisy machine:

* cold load: each run is a fresh ``python`` process that imports
  ``textrepair.dictionary`` and then times ``load_dictionary(lang)`` (wall
  clock, and CPU time of the process, which other jobs disturb less); resident
  memory is read from ``/proc/self/status`` (VmRSS) just before and after the
  load (and the peak, VmHWM, above the size before), and the minor page faults
  it takes (first touches of new memory, 3.5 µs each on the development VM).
  The anchor is symspellpy loading its bundled English dictionary (82,765
  words, ``max_dictionary_edit_distance=2``) the same way.
* ready to correct: a fresh process times ``Repairer(lang).repair(sentence)``,
  which loads the dictionary and the token stage's derived resources (delete
  index, ...): built from an empty ``TEXTREPAIR_CACHE_DIR``, and read from the
  cache a previous run filled (``--ready-langs``, default en and fr). This,
  not the dictionary alone, is what compares with symspellpy's load (which
  builds its delete index).
* ``--phases``: only one cold load split into its steps, per language: the
  whole-file path (read, ``gzip.decompress``, parse, ``malloc_trim``; the parser
  is the compiled kernel's, or pure Python with ``TEXTREPAIR_PURE=1``), beside
  ``load_dictionary`` itself (which reads, inflates and parses piece by piece).
* known-word checks per second: ``token in dictionary`` over the ground-truth
  tokens of the OCR dev set (English and French).
* language detection: accuracy per data set and language on the OCR dev sets
  (field ``ocr``) and the flattened web pages (field ``flat``), and the time per
  document. Labels of languages without a profile count as correct when the
  answer is ``"und"``; ``no`` is scored as ``nb``.

Prints Markdown tables and writes ``benchmarks/results/dictionary.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SUFFIX = ".txt.gz"  # textrepair.dictionary._SUFFIX, format version 2

_RSS = """
def rss(key="VmRSS:"):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
"""


def _timed(imports: str, load: str, count: str) -> str:
    """A fresh-process script: import, then time ``load`` (wall, CPU, RSS) and print JSON."""
    return (
        _RSS
        + f"""
import json, resource, sys, time
t0 = time.perf_counter()
{imports}
t1 = time.perf_counter()
before = rss()
f2 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
t2 = time.perf_counter()
c2 = time.process_time()
{load}
t3 = time.perf_counter()
c3 = time.process_time()
f3 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
after = rss()
peak = rss("VmHWM:")
print(json.dumps({{"import_s": t1 - t0, "load_s": t3 - t2, "load_cpu_s": c3 - c2,
                  "rss_before_mb": before, "rss_after_mb": after, "rss_peak_mb": peak,
                  "faults": f3 - f2,
                  "words": {count}}}))
"""
    )


OURS = _timed(
    "from textrepair.dictionary import load_dictionary",
    "d = load_dictionary(sys.argv[1])",
    "len(d)",
)

# Ready to correct: the dictionary plus the token stage's derived resources (delete
# index, ...), that is the first repair of a fresh process. TEXTREPAIR_CACHE_DIR
# decides whether they are built (an empty cache) or read (a cache a run filled).
READY = _timed(
    "import textrepair",
    "out = textrepair.Repairer(lang=sys.argv[1]).repair(sys.argv[2])",
    "len(out.edits)",
)

READY_TEXT = {
    "en": "The quick brown fox jumsp over tbe lazy dgo.",
    "fr": "Le chat dort sur la tabel.",
    "de": "Der Hund leuft über die Straße.",
    "es": "El perro corre por la calel.",
    "ru": "Кошка сидит на столе, а сабака спит.",
}

SYMSPELL = _timed(
    "from importlib import resources\nfrom symspellpy import SymSpell\n"
    'path = str(resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt")',
    "sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)\n"
    "sym.load_dictionary(path, term_index=0, count_index=1)",
    "len(sym.words)",
)


def cold_runs(
    code: str, args: list[str], runs: int, env: dict[str, str] | None = None
) -> dict[str, Any]:
    samples = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=env,
        )
        samples.append(json.loads(out.stdout))
    loads = [s["load_s"] for s in samples]
    deltas = [s["rss_after_mb"] - s["rss_before_mb"] for s in samples]
    return {
        "runs": runs,
        "words": samples[0]["words"],
        "load_s_median": statistics.median(loads),
        "load_s_min": min(loads),
        "load_s_max": max(loads),
        "load_cpu_s_median": statistics.median(s["load_cpu_s"] for s in samples),
        "import_s_median": statistics.median(s["import_s"] for s in samples),
        "rss_delta_mb_median": statistics.median(deltas),
        "rss_after_mb_median": statistics.median(s["rss_after_mb"] for s in samples),
        "page_faults_median": statistics.median(s["faults"] for s in samples),
        # The process's peak during the load (VmHWM), above its size before it.
        "rss_peak_delta_mb_median": statistics.median(
            s["rss_peak_mb"] - s["rss_before_mb"] for s in samples
        ),
    }


# One cold load split into its steps, each timed in CPU seconds in a fresh process:
# the whole-file path (read, gzip.decompress, parse, malloc_trim; the kernel's parser
# or, with TEXTREPAIR_PURE=1, the pure-Python one), then in another fresh process
# what load_dictionary does (the kernel reads, inflates and parses piece by piece).
PHASES = (
    _RSS
    + """
import gzip, json, resource, sys, time
from importlib import resources
import textrepair.dictionary as D
lang, mode = sys.argv[1], sys.argv[2]
pc = time.process_time
out = {}
f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
c0 = pc()
if mode == "load":
    d = D.load_dictionary(lang)
    out["load"] = pc() - c0
    freq = d.freq
else:
    raw = resources.files(D._PACKAGE).joinpath(lang + D._SUFFIX).read_bytes()
    c1 = pc(); out["read"] = c1 - c0
    data = gzip.decompress(raw)
    c2 = pc(); out["decompress"] = c2 - c1
    start = data.index(b"\\n") + 1
    freq = D._parse_body(data, start, lang)
    c3 = pc(); out["parse"] = c3 - c2
    del data, raw
    D._release_free_heap()
    c4 = pc(); out["trim"] = c4 - c3
    out["load"] = c4 - c0
out["faults"] = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0
out["words"] = len(freq)
print(json.dumps(out))
"""
)


def phase_split(langs: list[str], runs: int) -> list[dict[str, Any]]:
    """Medians of :data:`PHASES` per language: whole-file steps, then load_dictionary."""
    rows = []
    for lang in langs:
        whole: list[dict[str, Any]] = []
        load: list[dict[str, Any]] = []
        for _ in range(runs):  # alternating, so both see the same machine
            for mode, into in (("whole", whole), ("load", load)):
                out = subprocess.run(
                    [sys.executable, "-c", PHASES, lang, mode],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=ROOT,
                )
                into.append(json.loads(out.stdout))
        row: dict[str, Any] = {"lang": lang, "words": load[0]["words"]}
        for key in ("read", "decompress", "parse", "trim", "load", "faults"):
            row[f"whole_{key}"] = statistics.median(s[key] for s in whole)
        row["load"] = statistics.median(s["load"] for s in load)
        row["load_faults"] = statistics.median(s["faults"] for s in load)
        rows.append(row)
    return rows


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def known_word_rate(data: Path) -> list[dict[str, Any]]:
    import regex

    from textrepair.dictionary import load_dictionary

    rows = []
    for lang in ("en", "fr"):
        path = data / "ocr" / f"{lang}-dev.jsonl"
        if not path.exists():
            continue
        text = "\n".join(r["gt"] for r in read_jsonl(path))
        tokens = regex.findall(r"[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*", text)
        d = load_dictionary(lang)
        best = float("inf")
        for _ in range(5):
            t = time.perf_counter()
            known = sum(1 for tok in tokens if tok in d)
            best = min(best, time.perf_counter() - t)
        rows.append(
            {
                "lang": lang,
                "tokens": len(tokens),
                "known_share": known / len(tokens),
                "checks_per_s": len(tokens) / best,
            }
        )
    return rows


def langdetect_eval(data: Path) -> dict[str, Any]:
    from textrepair.langdetect import UNDETERMINED, detect_language, profile_languages

    sets: list[tuple[str, str]] = [
        ("ocr/en-dev.jsonl", "ocr"),
        ("ocr/fr-dev.jsonl", "ocr"),
        ("boilerplate/scrapinghub.jsonl", "flat"),
        ("boilerplate/readability_testpages.jsonl", "flat"),
        ("boilerplate/trafilatura_snippets.jsonl", "flat"),
    ]
    known = set(profile_languages())
    records: list[tuple[str, str, str]] = []
    for rel, field in sets:
        path = data / rel
        if not path.exists():
            continue
        name = Path(rel).stem
        for r in read_jsonl(path):
            gold = "nb" if r["lang"] == "no" else r["lang"]
            records.append((name, gold if gold in known else UNDETERMINED, r[field]))
    if not records:
        return {}
    detect_language("warm up the profiles")
    timings = []
    answers: list[str] = []
    for _ in range(3):
        t = time.perf_counter()
        answers = [detect_language(text) for _, _, text in records]
        timings.append(time.perf_counter() - t)
    kinds = {"ocr": [t for n, _, t in records if n.endswith("-dev")]}
    kinds["web"] = [t for n, _, t in records if not n.endswith("-dev")]
    us_per_doc_by_kind = {}
    for kind, texts in kinds.items():
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            for text in texts:
                detect_language(text)
            best = min(best, time.perf_counter() - t)
        us_per_doc_by_kind[kind] = {
            "docs": len(texts),
            "mean_chars": sum(map(len, texts)) / max(1, len(texts)),
            "us_per_doc_best": best / max(1, len(texts)) * 1e6,
        }
    per: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    confusions: Counter[tuple[str, str]] = Counter()
    for (name, gold, _), answer in zip(records, answers):
        cell = per[(name, gold)]
        cell[0] += 1
        cell[1] += answer == gold
        cell[2] += answer == UNDETERMINED
        if answer != gold:
            confusions[(gold, answer)] += 1
    correct = sum(a == g for (_, g, _), a in zip(records, answers))
    wrong = sum(a not in (g, UNDETERMINED) for (_, g, _), a in zip(records, answers))
    return {
        "documents": len(records),
        "accuracy": correct / len(records),
        "wrong_language": wrong,
        "undetermined_but_known": sum(
            a == UNDETERMINED and g != UNDETERMINED for (_, g, _), a in zip(records, answers)
        ),
        "us_per_doc_median": statistics.median(timings) / len(records) * 1e6,
        "by_kind": us_per_doc_by_kind,
        "per_set_and_language": [
            {"set": n, "lang": g, "docs": c[0], "correct": c[1], "und": c[2]}
            for (n, g), c in sorted(per.items())
        ],
        "confusions": [
            {"gold": g, "answer": a, "count": k} for (g, a), k in confusions.most_common()
        ],
    }


def main() -> int:
    from textrepair.dictionary import available_languages

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--langs", nargs="+", default=list(available_languages()))
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per language")
    parser.add_argument("--ready-runs", type=int, default=3, help="cold first repairs per language")
    parser.add_argument("--symspell-runs", type=int, default=3)
    parser.add_argument(
        "--ready-langs",
        nargs="*",
        default=["en", "fr"],
        help="languages for the first-repair measure (cold and warm resource cache)",
    )
    parser.add_argument(
        "--phases",
        action="store_true",
        help="only split a cold load into its steps (read, decompress, parse, trim), per language",
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()

    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "python": sys.version.split()[0],
        "machine": _machine(),
    }
    if args.phases:
        from textrepair import native

        rows = phase_split(args.langs, args.runs)
        results["kernel"] = native.KERNEL
        results["phases"] = rows
        print(
            f"## One cold load, step by step ({args.runs} fresh processes each, medians, CPU ms; "
            f"parser: {native.KERNEL})\n"
        )
        print(
            "| lang | words | read | decompress | parse | trim | whole-file path | page faults "
            "| load_dictionary | page faults |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in rows:
            print(
                f"| {r['lang']} | {r['words']:,} | {r['whole_read'] * 1e3:.1f} | "
                f"{r['whole_decompress'] * 1e3:.1f} | {r['whole_parse'] * 1e3:.1f} | "
                f"{r['whole_trim'] * 1e3:.1f} | {r['whole_load'] * 1e3:.1f} | "
                f"{r['whole_faults']:,.0f} | {r['load'] * 1e3:.1f} | {r['load_faults']:,.0f} |"
            )
        args.out.mkdir(parents=True, exist_ok=True)
        out = args.out / "dictionary_phases.json"
        out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {out}")
        return 0

    anchor = None
    try:
        anchor = cold_runs(SYMSPELL, [], args.symspell_runs)
    except (subprocess.CalledProcessError, json.JSONDecodeError) as exc:
        print(f"symspellpy anchor not measured: {exc}", file=sys.stderr)
    results["symspellpy_en"] = anchor

    dict_dir = ROOT / "dictionaries"
    loads = []
    for lang in args.langs:
        row = cold_runs(OURS, [lang], args.runs)
        row["lang"] = lang
        row["file_bytes"] = (dict_dir / f"{lang}{SUFFIX}").stat().st_size
        loads.append(row)
    results["load"] = loads
    results["files_total_bytes"] = sum(p.stat().st_size for p in dict_dir.glob(f"*{SUFFIX}"))
    results["profiles_bytes"] = (dict_dir / "profiles.json.gz").stat().st_size

    print(f"## Cold dictionary load ({args.runs} fresh processes each, medians)\n")
    print(
        "| dictionary | words | file MB | load s | min-max s | CPU s | RSS delta MB "
        "| peak MB | page faults | vs symspellpy |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    if anchor:
        print(
            f"| symspellpy en (anchor) | {anchor['words']:,} | | {anchor['load_s_median']:.3f} | "
            f"{anchor['load_s_min']:.3f}-{anchor['load_s_max']:.3f} | "
            f"{anchor['load_cpu_s_median']:.3f} | {anchor['rss_delta_mb_median']:.1f} | "
            f"{anchor['rss_peak_delta_mb_median']:.1f} | "
            f"{anchor['page_faults_median']:,.0f} | 1.0 |"
        )
    for row in loads:
        ratio = f"{anchor['load_s_median'] / row['load_s_median']:.1f}x faster" if anchor else ""
        print(
            f"| textrepair {row['lang']} | {row['words']:,} | {row['file_bytes'] / 1e6:.2f} | "
            f"{row['load_s_median']:.3f} | {row['load_s_min']:.3f}-{row['load_s_max']:.3f} | "
            f"{row['load_cpu_s_median']:.3f} | {row['rss_delta_mb_median']:.1f} | "
            f"{row['rss_peak_delta_mb_median']:.1f} | {row['page_faults_median']:,.0f} | {ratio} |"
        )
    import_s = statistics.median(r["import_s_median"] for r in loads)
    print(
        f"\nAll dictionary files: {results['files_total_bytes'] / 1e6:.1f} MB; "
        f"profiles.json.gz: {results['profiles_bytes'] / 1e3:.0f} kB. "
        f"Import of textrepair.dictionary (not in load s): {import_s:.3f} s."
    )

    ready = []
    for lang in args.ready_langs:
        text = READY_TEXT.get(lang)
        if text is None:
            print(f"no sentence for {lang} in READY_TEXT: skipped", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "TEXTREPAIR_CACHE_DIR": tmp}
            cold = []
            for _ in range(args.ready_runs):
                for path in Path(tmp).iterdir():
                    path.unlink()  # every cold run starts from an empty cache
                cold.append(cold_runs(READY, [lang, text], 1, env))
            # The last cold run filled the cache: the warm runs read it.
            warm = cold_runs(READY, [lang, text], args.runs, env)
        ready.append(
            {
                "lang": lang,
                "cold_s_median": statistics.median(c["load_s_median"] for c in cold),
                "cold_cpu_s_median": statistics.median(c["load_cpu_s_median"] for c in cold),
                "warm_s_median": warm["load_s_median"],
                "warm_cpu_s_median": warm["load_cpu_s_median"],
                "warm_rss_delta_mb_median": warm["rss_delta_mb_median"],
            }
        )
    results["ready"] = ready
    if ready:
        print(
            "\n## Ready to correct: `Repairer(lang).repair(one sentence)` in a fresh process "
            "(dictionary + delete index + other derived resources; medians)\n"
        )
        print(
            "| | wall s | CPU s | RSS delta MB |\n|---|---:|---:|---:|"
            + (
                f"\n| symspellpy en (load, anchor) | {anchor['load_s_median']:.3f} | "
                f"{anchor['load_cpu_s_median']:.3f} | {anchor['rss_delta_mb_median']:.1f} |"
                if anchor
                else ""
            )
        )
        for r in ready:
            print(
                f"| {r['lang']}, resources built (empty cache) | {r['cold_s_median']:.3f} | "
                f"{r['cold_cpu_s_median']:.3f} | |"
            )
            print(
                f"| {r['lang']}, resources read from the cache | {r['warm_s_median']:.3f} | "
                f"{r['warm_cpu_s_median']:.3f} | {r['warm_rss_delta_mb_median']:.1f} |"
            )

    if args.data.exists():
        rates = known_word_rate(args.data)
        results["known_word_checks"] = rates
        if rates:
            print("\n## Known-word checks (`token in dictionary`, best of 5)\n")
            print("| lang | tokens | known | checks/s |")
            print("|---|---:|---:|---:|")
            for r in rates:
                print(
                    f"| {r['lang']} | {r['tokens']:,} | {r['known_share']:.3f} | "
                    f"{r['checks_per_s']:,.0f} |"
                )
        det = langdetect_eval(args.data)
        results["langdetect"] = det
        if det:
            print("\n## Language detection\n")
            print(
                f"{det['documents']} documents: accuracy {det['accuracy']:.3f}, "
                f"{det['wrong_language']} wrong language, {det['undetermined_but_known']} 'und' "
                f"for a known language; {det['us_per_doc_median']:.0f} µs per document "
                f"(median of 3 passes).\n"
            )
            for kind, row in det["by_kind"].items():
                print(
                    f"- {kind}: {row['docs']} documents of {row['mean_chars']:,.0f} characters "
                    f"on average, {row['us_per_doc_best']:.0f} µs per document (best of 3)"
                )
            print()
            print("| set | gold | docs | correct | accuracy | und |")
            print("|---|---|---:|---:|---:|---:|")
            for r in det["per_set_and_language"]:
                print(
                    f"| {r['set']} | {r['lang']} | {r['docs']} | {r['correct']} | "
                    f"{r['correct'] / r['docs']:.3f} | {r['und']} |"
                )
    else:
        print(f"\n(no data at {args.data}: lookup and detection sections skipped)")

    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / "dictionary.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")
    return 0


def _machine() -> str:
    import os
    import platform

    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next(
                (ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), ""
            )
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs {model}".strip()


if __name__ == "__main__":
    sys.exit(main())
