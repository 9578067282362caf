"""Differential check of the boilerplate stage: a reference tree against this one.

Speed work on the stage must not change a single page. Each of the two trees
runs in its own process (the reference with ``PYTHONPATH=REF``), with the
compiled line features and with pure Python (``TEXTREPAIR_PURE=1``), over every
page of the three files in ``../shared/data/boilerplate``; the script compares,
page by page, a SHA-256 of the output text, every edit (span, before, after,
stage, reason, confidence as its exact hex) and the notes. The reference's two
paths are compared with each other too. ``bench_boilerplate.py --check-kernel``
compares the two paths of one tree within a process (and the analysis behind
the decisions); this script compares whole trees, both paths.

    python benchmarks/diff_boilerplate.py --ref /work/ref-h23

Exit status 1 if anything differs. Writes ``benchmarks/results/diff_boilerplate.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
FILES = ("scrapinghub", "readability_testpages", "trafilatura_snippets")


def dump(data: Path) -> dict[str, Any]:
    """Per page (``file:index``) a hash of the stage's whole outcome, with the
    tree on ``sys.path`` (run in a subprocess)."""
    from textrepair import boilerplate
    from textrepair.boilerplate import BoilerplateStage
    from textrepair.config import Config
    from textrepair.stage import Context

    stage = BoilerplateStage(Config())
    pages: dict[str, str] = {}
    for name in FILES:
        with (data / "boilerplate" / f"{name}.jsonl").open(encoding="utf-8") as f:
            for i, line in enumerate(f):
                page = json.loads(line)
                ctx = Context(page["lang"], Config())
                text, edits = stage.process(page["flat"], ctx)
                rows = [
                    (e.start, e.end, e.before, e.after, e.stage, e.reason, e.confidence.hex())
                    for e in edits
                ]
                outcome = repr((text, rows, list(ctx.notes))).encode("utf-8", "surrogatepass")
                pages[f"{name}:{i}"] = hashlib.sha256(outcome).hexdigest()
    return {
        "module": boilerplate.__file__,
        "kernel": boilerplate._lf is not None,
        "pages": pages,
    }


def run(tree: Path, pure: bool, data: Path) -> dict[str, Any]:
    """:func:`dump` in a subprocess with ``tree`` first on the path."""
    env = {k: v for k, v in os.environ.items() if k != "TEXTREPAIR_PURE"}
    env["PYTHONPATH"] = str(tree)
    if pure:
        env["TEXTREPAIR_PURE"] = "1"
    cmd = [sys.executable, __file__, "--dump", "--data", str(data)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(out.stdout)
    if Path(result["module"]).resolve().parent.parent != tree.resolve():
        raise SystemExit(f"{tree}: imported {result['module']} instead")
    if result["kernel"] == pure:
        raise SystemExit(f"{tree}: the kernel is {'on' if pure else 'off'} (build the tree?)")
    return result


def compare(a: dict[str, str], b: dict[str, str]) -> list[str]:
    """Pages whose outcome differs (or that only one side has)."""
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", type=Path, help="the reference tree (built)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--dump", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.dump:
        json.dump(dump(args.data), sys.stdout)
        return 0
    if args.ref is None:
        parser.error("--ref is required")
    runs = {
        (label, pure): run(tree, pure, args.data)["pages"]
        for label, tree in (("this", ROOT), ("reference", args.ref))
        for pure in (False, True)
    }
    checks = {
        "kernel: this vs reference": compare(runs["this", False], runs["reference", False]),
        "pure: this vs reference": compare(runs["this", True], runs["reference", True]),
        "this: kernel vs pure": compare(runs["this", False], runs["this", True]),
        "reference: kernel vs pure": compare(runs["reference", False], runs["reference", True]),
    }
    total = len(runs["this", False])
    for label, differing in checks.items():
        print(f"{label}: {total - len(differing)} / {total} pages identical", end="")
        print(f"; differing: {', '.join(differing[:10])}" if differing else "")
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    out = {"reference": str(args.ref), "pages": total, "differing": checks}
    (results / "diff_boilerplate.json").write_text(json.dumps(out, indent=1), encoding="utf-8")
    return 1 if any(checks.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
