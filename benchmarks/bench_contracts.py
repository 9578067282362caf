"""The library's contracts, checked on every real document of the development data.

Usage (from the repository root)::

    python benchmarks/bench_contracts.py                 # every document, about 5 minutes
    python benchmarks/bench_contracts.py --every 5       # every fifth document of each source
    python benchmarks/bench_contracts.py --sources web-raw ocr-fr --show 20
    python benchmarks/bench_contracts.py --every 4 --set join_hyphen_breaks=true  # other options

The property tests (``tests/test_properties.py``) check the contracts on generated
text; this script checks them on real text, through the whole pipeline
(``Repairer``, default ``Config`` unless ``--set`` changes options, as the command
line's ``--set`` does), document by document:

* **no crash**: ``repair`` returns for every document;
* **replay**: the edits are sorted, do not overlap, quote the input
  (``before == text[start:end]``) and replay to the output
  (``apply_edits(text, edits) == output``);
* **idempotent**: repairing the output again changes nothing;
* **other scripts untouched**: a run of Chinese, Arabic, Devanagari and emoji
  text put in the middle of the document's longest line comes out as it went in,
  unless the boilerplate stage removes that whole line, as it does without the run
  (counted apart, no violation);
* **nothing emptied**: a document with letters in it never comes out without any.

The sources (``--data``, default ``../shared/data``): both sides of the OCR
development records (``ocr-en``, ``ocr-fr``: OCR output; ``gt-en``, ``gt-fr``: their
ground truth), the three boilerplate sets' flattened pages (``web-raw``) and their
gold main content (``web-gold``), and the seed document. ``lang`` is each record's
language (``"auto"`` where the library has no dictionary for it); ``--auto`` detects
it for every record.

It prints a Markdown table (documents, violations per contract, CPU seconds of the
first repair of each document, the slowest document per kilobyte, leaving out the
first document of each language, which pays for loading its resources) and the
first ``--show`` violations with the text around them, and writes
``benchmarks/results/contracts.json``. The exit status is 1 when any contract is
broken, so it can gate a release.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from results_file import write_results  # noqa: E402

from textrepair import Config, Repairer, apply_edits, supported_languages  # noqa: E402
from textrepair.cli import UsageError, _parse_option  # noqa: E402

#: Put in the middle of a document's longest line: scripts the library has no
#: dictionary for, and emoji with a skin tone and a joiner.
FOREIGN = " 東京都の人口は約1400万人です。 مرحبا بالعالم नमस्ते दुनिया 👩🏽‍💻🎉 "

SOURCES = ("ocr-en", "ocr-fr", "gt-en", "gt-fr", "web-raw", "web-gold", "seed")
#: ``foreign-line-removed`` is no violation: the probe's line went, as it does without it.
CONTRACTS = ("crash", "replay", "idempotent", "foreign", "foreign-line-removed", "emptied")


@dataclass
class Tally:
    docs: int = 0
    chars: int = 0
    cpu: float = 0.0
    broken: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CONTRACTS, 0))
    slowest: tuple[float, str] = (0.0, "")


def documents(data: Path, sources: list[str], every: int) -> Iterator[tuple[str, str, str, str]]:
    """``(source, id, lang, text)`` for every ``every``-th document of each source."""
    for src in sources:
        for n, (rid, lang, text) in enumerate(_source(data, src)):
            if n % every == 0 and text:
                yield src, rid, lang, text


def _source(data: Path, src: str) -> Iterator[tuple[str, str, str]]:
    if src == "seed":
        yield "seed-fr", "fr", (data / "seed" / "seed-fr.txt").read_text(encoding="utf-8")
        return
    if src.startswith(("ocr-", "gt-")):
        side, lang = src.split("-")
        with open(data / "ocr" / f"{lang}-dev.jsonl", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                yield r["id"], lang, r["ocr" if side == "ocr" else "gt"]
        return
    key = "flat" if src == "web-raw" else "gold"
    for name in ("scrapinghub", "readability_testpages", "trafilatura_snippets"):
        with open(data / "boilerplate" / f"{name}.jsonl", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r.get(key):
                    yield r["id"], r["lang"], r[key]


def with_foreign(text: str) -> tuple[str, str]:
    """``text`` with :data:`FOREIGN` at a space near the middle of its longest line,
    and that line as it was."""
    best, pos = (0, 0), 0
    for line in text.splitlines(keepends=True):
        if len(line) > best[1] - best[0]:
            best = (pos, pos + len(line))
        pos += len(line)
    s, e = best
    mid = text.find(" ", (s + e) // 2, e)
    at = mid if mid >= 0 else e
    return text[:at] + FOREIGN + text[at:], text[s:e]


def replay_problem(text: str, out: str, edits: list[Any]) -> str | None:
    """What is wrong with ``edits`` as an account of ``text`` -> ``out``, if anything."""
    last = 0
    for e in edits:
        if e.start < last or e.end < e.start:
            return f"edit out of order or overlapping at {e.start}"
        if text[e.start : e.end] != e.before:
            return f"edit at {e.start} quotes {e.before!r}, the input has {text[e.start : e.end]!r}"
        last = e.end
    if apply_edits(text, edits) != out:
        return "the edits do not replay to the output"
    return None


def first_difference(a: str, b: str, width: int = 60) -> str:
    """The first stretch where ``a`` and ``b`` differ, with some text around it."""
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            return (
                f"{a[max(0, i1 - width) : i2 + width]!r} -> {b[max(0, j1 - width) : j2 + width]!r}"
            )
    return ""


def check(
    reps: dict[str, Repairer],
    src: str,
    rid: str,
    lang: str,
    text: str,
    tally: Tally,
    seen: set[tuple[str, str]],
) -> list[dict[str, str]]:
    """Run one document through every contract; the violations found. ``seen`` holds
    the ``(record language, detected language)`` pairs already repaired once."""
    rep = reps[lang]
    bad: list[dict[str, str]] = []

    def broke(contract: str, detail: str) -> None:
        tally.broken[contract] += 1
        bad.append({"source": src, "id": rid, "contract": contract, "detail": detail})

    t0 = time.process_time()
    try:
        res = rep.repair(text)
        dt = time.process_time() - t0
        again = rep.repair(res.text)
        probe, line = with_foreign(text)
        probed = rep.repair(probe)
    except Exception as exc:  # the contract is that nothing escapes
        broke("crash", f"{type(exc).__name__}: {exc}")
        return bad
    tally.docs += 1
    tally.chars += len(text)
    tally.cpu += dt
    # The first document of a language pays for loading its resources: not its speed.
    if (lang, res.lang) in seen:
        per_kb = dt / max(1.0, len(text) / 1000)
        if per_kb > tally.slowest[0]:
            tally.slowest = (per_kb, rid)
    seen.add((lang, res.lang))
    problem = replay_problem(text, res.text, res.edits)
    if problem is not None:
        broke("replay", problem)
    if again.text != res.text:
        broke("idempotent", first_difference(res.text, again.text))
    if FOREIGN.strip() not in probed.text:
        # Removed with its whole line is the boilerplate stage's verdict on the line:
        # no damage to the script when the line goes without the run too.
        if _damaged(probe, probed.edits):
            broke("foreign", first_difference(probe, probed.text))
        elif line.strip() and line.strip() in res.text:
            broke("foreign", f"its line is kept without the run, removed with it: {line[:200]!r}")
        else:
            tally.broken["foreign-line-removed"] += 1  # counted, no violation
    if any(c.isalpha() for c in text) and not any(c.isalpha() for c in res.text):
        broke("emptied", f"{len(text)} characters in, none with a letter out")
    return bad


def _damaged(probe: str, edits: list[Any]) -> bool:
    """Whether an edit changed the foreign run other than by removing its whole line."""
    s = probe.find(FOREIGN.strip())
    e = s + len(FOREIGN.strip())
    for ed in edits:
        if ed.start < e and ed.end > s:
            whole_line = ed.after == "" and (ed.start == 0 or probe[ed.start - 1] == "\n")
            if not whole_line:
                return True
    return False


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--sources", nargs="+", choices=SOURCES, default=list(SOURCES))
    ap.add_argument("--every", type=int, default=1, help="every n-th document of each source")
    ap.add_argument("--auto", action="store_true", help='lang="auto" instead of the records\' lang')
    ap.add_argument("--show", type=int, default=10, help="violations to print")
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Config option, as the command line takes it (repeatable)",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "contracts.json")
    args = ap.parse_args(argv)
    if args.every < 1:
        ap.error("--every must be 1 or more")
    try:
        config = Config(**dict(_parse_option(item) for item in args.set))
    except (UsageError, TypeError, ValueError) as exc:
        ap.error(str(exc))

    reps: dict[str, Repairer] = {}
    tallies = {src: Tally() for src in args.sources}
    seen: set[tuple[str, str]] = set()
    violations: list[dict[str, str]] = []
    start = time.time()
    for i, (src, rid, lang, text) in enumerate(documents(args.data, args.sources, args.every)):
        if lang not in reps:
            # A language without a dictionary is detected, as a user would leave it.
            known = lang in supported_languages() and not args.auto
            reps[lang] = Repairer(lang if known else "auto", config=config)
        violations += check(reps, src, rid, lang, text, tallies[src], seen)
        if i % 500 == 499:
            print(f"... {i + 1} documents, {time.time() - start:.0f} s", file=sys.stderr)

    head = "| source | documents | MB | " + " | ".join(CONTRACTS) + " | CPU s | slowest ms/kB |"
    lines = [head, "|---" * (len(CONTRACTS) + 5) + "|"]
    for src, t in tallies.items():
        cells = " | ".join(str(t.broken[c]) for c in CONTRACTS)
        lines.append(
            f"| {src} | {t.docs} | {t.chars / 1e6:.2f} | {cells} | {t.cpu:.1f} | "
            f"{1000 * t.slowest[0]:.1f} ({t.slowest[1]}) |"
        )
    print("\n".join(lines))
    print(f"\n{len(violations)} violations in {sum(t.docs for t in tallies.values())} documents")
    for v in violations[: args.show]:
        print(f"- {v['source']} {v['id']} {v['contract']}: {v['detail'][:400]}")
    write_results(
        args.out,
        every=args.every,
        auto=args.auto,
        options=args.set,
        sources={
            src: {"docs": t.docs, "chars": t.chars, "cpu": t.cpu, "broken": t.broken}
            for src, t in tallies.items()
        },
        violations=violations,
    )
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
