"""The command line at scale: a JSONL corpus streamed through ``textrepair`` with 1 and 2 workers.

For each ``--sizes`` entry, a corpus of that size is generated with
``benchmarks/corpus.py`` (kept in ``--corpus-dir`` and reused) and run through
``python -m textrepair CORPUS -o OUT -j N`` for each ``--workers`` entry. Measured
per run: wall time, MB/s of input, CPU time of the process tree (user + system; on a
shared machine the ratio of CPU times shows what the extra worker costs even when the wall
times are distorted by other load), and the resident memory of the whole process
tree (the command and its worker processes, summed), sampled every
``--interval`` seconds: its peak, and its median over each quarter of the run,
which shows whether memory grows with the input. The outputs of all worker
counts are compared byte for byte.

``--survey`` first measures, on a small sample of each corpus kind, the
single-process throughput of each stage configuration, to choose what makes a
big run feasible (the token stage is the slow one).

    python benchmarks/bench_cli.py --survey --sizes 10MB,30MB,100MB
    python benchmarks/bench_cli.py --sizes 1GB --workers 1,2        # the done-when run

Writes ``benchmarks/results/cli.json`` and prints Markdown tables. Needs ``psutil``.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DEFAULT_DATA, KINDS, Sources, generate, parse_size

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
SURVEY_CONFIGS: dict[str, dict[str, bool]] = {
    "all stages": {},
    "encoding + boilerplate (--no-tokens)": {"tokens": False},
    "encoding only": {"tokens": False, "boilerplate": False},
}


def survey(data: Path, sample: int, budget: float) -> list[dict[str, Any]]:
    """Single-process MB/s per corpus kind and stage configuration (at most ``budget`` s each).

    Timed in CPU seconds of this process, which other load on a shared machine
    distorts far less than wall time.
    """
    from textrepair import Repairer

    sources = Sources(data)
    rows = []
    for kind in KINDS:
        docs = [d["text"] for d in generate(sources, kind, sample, seed=1)]
        for name, options in SURVEY_CONFIGS.items():
            r = Repairer("auto", **options)
            for text in docs[:3]:
                r.repair(text)  # dictionaries and language models load here, not timed
            n = nbytes = 0
            start = time.process_time()
            for text in docs:
                r.repair(text)
                n += 1
                nbytes += len(text.encode("utf-8"))
                if time.process_time() - start > budget:
                    break
            seconds = time.process_time() - start
            rows.append(
                {
                    "kind": kind,
                    "config": name,
                    "docs": n,
                    "mb": nbytes / 1e6,
                    "seconds": seconds,
                    "mb_s": nbytes / 1e6 / seconds,
                }
            )
            print(
                f"  survey {kind:10s} {name:38s} {n:5d} docs {nbytes / 1e6:6.2f} MB "
                f"{nbytes / 1e6 / seconds:8.3f} MB/s (CPU)",
                file=sys.stderr,
            )
    return rows


def corpus_file(directory: Path, kind: str, size: str, data: Path) -> Path:
    path = directory / f"{kind}-{size}.jsonl"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        cmd = [sys.executable, str(ROOT / "benchmarks" / "corpus.py"), "--kind", kind]
        cmd += ["--size", size, "--data", str(data), "-o", str(tmp)]
        subprocess.run(cmd, check=True)
        tmp.rename(path)
    return path


def tree_rss(proc: psutil.Process) -> int:
    """Resident bytes of ``proc`` and all its descendants."""
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


def snapshot(directory: Path) -> Path:
    """A copy of the package to run, so edits to the working tree during a long run
    cannot make two runs use different code."""
    target = directory / "snapshot"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(
        ROOT / "textrepair",
        target / "textrepair",
        symlinks=False,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return target


def run_cli(
    corpus: Path,
    out: Path,
    workers: int,
    cli_args: list[str],
    interval: float,
    code: Path | None,
) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "textrepair", str(corpus), "-o", str(out), "-j", str(workers)]
    cmd += ["-q", *cli_args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(code), env.get("PYTHONPATH")]))
    # Run from the snapshot's directory: ``python -m`` puts the current directory first.
    child = subprocess.Popen(cmd, stderr=subprocess.PIPE, env=env, cwd=code)
    proc = psutil.Process(child.pid)
    samples: list[tuple[float, int]] = []
    while child.poll() is None:
        samples.append((time.perf_counter() - start, tree_rss(proc)))
        time.sleep(interval)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU of the command and of its workers (reaped by it, so counted as its children).
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    err = child.stderr.read().decode() if child.stderr else ""
    if child.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({child.returncode}):\n{err}")
    rss = [r for _, r in samples if r]
    quarters = []
    for q in range(4):
        part = [r for t, r in samples if q * seconds / 4 <= t < (q + 1) * seconds / 4 and r]
        quarters.append(statistics.median(part) / 2**20 if part else None)
    digest = hashlib.sha256()
    with out.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return {
        "workers": workers,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "peak_rss_mb": max(rss) / 2**20 if rss else None,
        "median_rss_mb_by_quarter": quarters,
        "samples": len(samples),
        "exit": child.returncode,
        "output_sha256": digest.hexdigest(),
        "command": " ".join(cmd),
    }


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--data", type=Path, default=DEFAULT_DATA)
    p.add_argument("--kind", choices=KINDS, default="mixed")
    p.add_argument("--sizes", default="10MB,30MB,100MB", help="comma-separated corpus sizes")
    p.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    p.add_argument(
        "--cli-args",
        default="--no-tokens",
        help="stage options for the command (default --no-tokens: see the README for why)",
    )
    p.add_argument("--corpus-dir", type=Path, default=Path("/tmp/textrepair-bench"))
    p.add_argument("--interval", type=float, default=0.2, help="memory sampling period, s")
    p.add_argument("--survey", action="store_true", help="first measure each kind's throughput")
    p.add_argument("--survey-sample", default="300KB")
    p.add_argument("--survey-budget", type=float, default=20.0, help="seconds per measurement")
    p.add_argument("--repeat", type=int, default=1, help="runs per worker count (medians)")
    p.add_argument("--keep-outputs", action="store_true")
    p.add_argument(
        "--live-code",
        action="store_true",
        help="run the working tree's package, not a snapshot taken at the start",
    )
    args = p.parse_args()

    args.corpus_dir = args.corpus_dir.resolve()
    args.corpus_dir.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()
    report: dict[str, Any] = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}",
        "load_before": load_before,
        "kind": args.kind,
        "cli_args": args.cli_args,
    }
    if args.survey:
        report["survey"] = survey(args.data, parse_size(args.survey_sample), args.survey_budget)
    cli_args = args.cli_args.split()
    code = None if args.live_code else snapshot(args.corpus_dir)
    workers = [int(w) for w in args.workers.split(",")]
    runs = []
    for size in args.sizes.split(","):
        corpus = corpus_file(args.corpus_dir, args.kind, size, args.data).resolve()
        mb = corpus.stat().st_size / 1e6
        digests, outs = set(), set()
        # Worker counts alternate within each repeat, so slow drifts in the machine's
        # load hit them alike; figures below are medians over the repeats.
        for rep in range(args.repeat):
            for n in workers:
                out = args.corpus_dir / f"out-{args.kind}-{size}-{n}.jsonl"
                load = os.getloadavg()[0]
                print(f"  {size} x{n} worker(s) #{rep + 1}, load {load:.2f}", file=sys.stderr)
                row = run_cli(corpus, out, n, cli_args, args.interval, code)
                row.update(size=size, mb=mb, repeat=rep, load=os.getloadavg())
                digests.add(row["output_sha256"])
                runs.append(row)
                outs.add(out)
        if len(digests) == 1 and not args.keep_outputs:
            for out in outs:
                out.unlink()
        elif len(digests) != 1:
            print(f"  OUTPUTS DIFFER between worker counts at {size}: kept", file=sys.stderr)
            report.setdefault("outputs_differ", []).append(size)
    report["runs"] = runs
    report["load_after"] = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "cli.json").write_text(json.dumps(report, indent=2) + "\n")

    if args.survey:
        print("| kind | stages | docs | MB | MB per CPU-second |\n|---|---|---|---|---|")
        for s in report["survey"]:
            print(
                f"| {s['kind']} | {s['config']} | {s['docs']} | {s['mb']:.2f} | {s['mb_s']:.3f} |"
            )
        print()
    print(
        "| size | MB | workers | wall s (median) | MB/s | speed-up | CPU s (tree) | CPU vs 1st "
        "| peak RSS MB (tree) | median RSS MB by quarter | load 1-min |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    table = []
    for size in args.sizes.split(","):
        for n in workers:
            rs = [r for r in runs if r["size"] == size and r["workers"] == n]
            med = {k: statistics.median(r[k] for r in rs) for k in ("seconds", "cpu_seconds", "mb")}
            # The run with the median wall time stands for the memory profile.
            rep_run = sorted(rs, key=lambda r: r["seconds"])[len(rs) // 2]
            table.append(
                {
                    **med,
                    "size": size,
                    "workers": n,
                    "mb_s": med["mb"] / med["seconds"],
                    "peak_rss_mb": max(r["peak_rss_mb"] or 0 for r in rs),
                    "median_rss_mb_by_quarter": rep_run["median_rss_mb_by_quarter"],
                    "load": statistics.median(r["load"][0] for r in rs),
                    "runs": len(rs),
                }
            )
    report["table"] = table
    (RESULTS / "cli.json").write_text(json.dumps(report, indent=2) + "\n")
    base: dict[str, dict[str, Any]] = {}
    for r in table:
        if r["workers"] == workers[0]:
            base[r["size"]] = r
        b = base[r["size"]]
        quarters = " / ".join(f"{q:.0f}" if q else "-" for q in r["median_rss_mb_by_quarter"])
        print(
            f"| {r['size']} | {r['mb']:.1f} | {r['workers']} | {r['seconds']:.1f} "
            f"| {r['mb_s']:.2f} | {b['seconds'] / r['seconds']:.2f}x "
            f"| {r['cpu_seconds']:.1f} | {r['cpu_seconds'] / b['cpu_seconds']:.2f} "
            f"| {r['peak_rss_mb']:.0f} | {quarters} | {r['load']:.2f} |"
        )
    print(f"\nload average before: {load_before[0]:.2f}, after: {report['load_after'][0]:.2f}")


if __name__ == "__main__":
    main()
