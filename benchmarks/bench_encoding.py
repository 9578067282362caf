"""Benchmark of the encoding stage: speed against ftfy, and layout repair on OCR text.

Usage (from the repository root)::

    python benchmarks/bench_encoding.py                 # everything, 5 timed runs
    python benchmarks/bench_encoding.py --runs 3 --data ../shared/data
    python benchmarks/bench_encoding.py --no-speed      # quality numbers only

What is measured, all in one run (the machine is shared and noisy, so every
speed is compared with ftfy in the same run, runs interleaved, medians quoted):

1. **Clean text**: the ground truth (``gt``) of ``ocr/en-dev.jsonl`` and
   ``ocr/fr-dev.jsonl`` and the ``gold`` of ``boilerplate/scrapinghub.jsonl``
   and ``boilerplate/readability_testpages.jsonl``. ``EncodingStage.process``
   (default options, the record's language) against ``ftfy.fix_text``
   (ftfy's defaults). Also: how many documents the fast path returns with no
   work at all, and one run of the stage forced through its full path.
2. **Broken text**: the clean documents that are not pure ASCII, each encoded
   as UTF-8 and decoded with a wrong codec (Windows-1252, Latin-1,
   Windows-1250, Windows-1251, MacRoman, in turn; every fifth one through
   Windows-1252 twice), plus the originals of ftfy's test cases. Speed as
   above, and how many documents come back as the clean text would (stage:
   ``stage(broken) == stage(clean)``; ftfy: ``fix_text(broken) == fix_text(clean)``).
3. **Line-end hyphens**, on a re-wrapping of the OCR ground truth (the dev
   sets have no line breaks: they were lost): each record is wrapped at a
   fixed width; a word that does not fit is split by us with a hyphen
   ("split": at least 3 letters each side, as many as fit), a word that
   contains a hyphen is broken after it ("compound": the hyphen is in the
   ground truth; ICDAR keeps the line-end hyphens of the original print there,
   e.g. "iudg-ment", so some of these are really split words and a "wrong" may
   be right), other breaks fall between words ("space"). After the stage,
   each break is counted as joined correctly (split: word whole; compound:
   hyphen kept; space: one space), joined wrongly, or left (line break
   still there).
4. **In-line hyphens of the real OCR**: every ``letters-letters`` token of the
   ``ocr`` field, by source, by what the record's ground truth has (the same
   hyphenated token, the joined word, or neither), with the decision
   :func:`textrepair.layout.decide_hyphen` would take had the hyphen ended a
   line. This is a distribution, not an accuracy: the ground truth keeps
   line-end hyphens (ICDAR) or modernises (BLN600).
5. **Flat web text must not be joined**: every page (``flat``) of the three
   boilerplate files through the stage: pages with any unwrap/dehyphenation
   edit and lines joined; and the seed document must come back byte-identical.

Prints Markdown and writes JSON to ``benchmarks/results/encoding.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import ftfy  # noqa: E402

from textrepair.config import Config  # noqa: E402
from textrepair.edits import Edit  # noqa: E402
from textrepair.encoding import EncodingStage  # noqa: E402
from textrepair.layout import decide_hyphen  # noqa: E402
from textrepair.stage import Context  # noqa: E402

LANGS = ("en", "fr")
WRONG_CODECS = (
    "sloppy-windows-1252",
    "latin-1",
    "sloppy-windows-1250",
    "sloppy-windows-1251",
    "macroman",
)
HYPHENATED_RE = re.compile(r"(?<![\w-])([^\W\d_]+)-([^\W\d_]+)(?![\w-])")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def lang_of(record: dict[str, Any]) -> str:
    lang = record.get("lang")
    return lang if lang in LANGS else "und"


# --------------------------------------------------------------------------- speed


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def compare_speed(
    docs: Sequence[tuple[str, str]], stage: EncodingStage, runs: int
) -> dict[str, Any]:
    ctxs = [Context(lang, stage.config) for _, lang in docs]
    texts = [t for t, _ in docs]

    def run_stage() -> None:
        for t, c in zip(texts, ctxs):
            stage.process(t, c)

    def run_ftfy() -> None:
        for t in texts:
            ftfy.fix_text(t)

    run_stage()  # warm up: dictionaries, compiled patterns
    run_ftfy()
    stage_times, ftfy_times = [], []
    for _ in range(runs):
        stage_times.append(timed(run_stage))
        ftfy_times.append(timed(run_ftfy))
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    s, f = statistics.median(stage_times), statistics.median(ftfy_times)
    return {
        "docs": len(texts),
        "mb": round(mb, 3),
        "runs": runs,
        "stage_s": [round(x, 4) for x in stage_times],
        "ftfy_s": [round(x, 4) for x in ftfy_times],
        "stage_median_s": round(s, 4),
        "ftfy_median_s": round(f, 4),
        "stage_mb_per_s": round(mb / s, 2),
        "ftfy_mb_per_s": round(mb / f, 2),
        "ratio_of_medians": round(f / s, 2),
        "median_of_ratios": round(
            statistics.median(b / a for a, b in zip(stage_times, ftfy_times)), 2
        ),
    }


def fast_path_share(docs: Sequence[tuple[str, str]], stage: EncodingStage) -> dict[str, int]:
    untouched = changed = 0
    for text, lang in docs:
        segments = stage._segments_to_fix(text, force=False)
        if not segments and not stage._layout.might_apply(text):
            untouched += 1
        if stage.process(text, Context(lang, stage.config))[1]:
            changed += 1
    return {"docs": len(docs), "fast_path_no_work": untouched, "changed": changed}


def make_mojibake(clean_docs: Sequence[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(broken, clean, lang) for every clean document that is not pure ASCII."""
    out = []
    n = 0
    for text, lang in clean_docs:
        if text.isascii():
            continue
        codec = WRONG_CODECS[n % len(WRONG_CODECS)]
        broken = text.encode("utf-8").decode(codec)
        if n % 5 == 4:
            broken = broken.encode("utf-8").decode("sloppy-windows-1252")
        out.append((broken, text, lang))
        n += 1
    return out


# --------------------------------------------------------------------------- line-end hyphens


def rewrap(text: str, width: int) -> tuple[str, list[tuple[int, str, str, str]]]:
    """``text`` wrapped at ``width`` with our own line-end hyphenation.

    Returns the wrapped text and its breaks: (offset of the "\\n", kind, left,
    right) where kind is "split", "compound" or "space" and left/right are
    the pieces either side ("" for space breaks).
    """
    lines: list[str] = []
    breaks: list[tuple[str, str, str]] = []
    line = ""
    for word in text.split():
        sep = " " if line else ""
        if len(line) + len(sep) + len(word) <= width:
            line += sep + word
            continue
        room = width - len(line) - len(sep) - 1  # room left for a piece and its hyphen
        m = re.fullmatch(r"([^\W\d_]+)([^\w]*)", word)
        hyphen = word.find("-", 1)
        if (
            "-" in word[1:-1]
            and 0 < hyphen + 1 <= room + 1
            and word[hyphen - 1].isalpha()
            and word[hyphen + 1 : hyphen + 2].isalpha()
        ):
            left, right = word[: hyphen + 1], word[hyphen + 1 :]
            lines.append(line + sep + left)
            breaks.append(("compound", left[:-1], right))
            line = right
        elif m and len(m.group(1)) >= 6 and room >= 3 and len(m.group(1)) - room >= 3:
            left, right = word[:room], word[room:]
            lines.append(line + sep + left + "-")
            breaks.append(("split", left, right))
            line = right
        else:
            if line:
                lines.append(line)
                breaks.append(("space", "", ""))
            line = word
    lines.append(line)
    wrapped = "\n".join(lines)
    offsets = [m.start() for m in re.finditer("\n", wrapped)]
    return wrapped, [(o, k, a, b) for o, (k, a, b) in zip(offsets, breaks)]


def out_offset(pos: int, edits: Sequence[Edit]) -> int:
    """Where ``pos`` of the input (outside any edit) is in the output."""
    delta = 0
    for e in edits:
        if e.end <= pos:
            delta += len(e.after) - len(e.before)
        else:
            break
    return pos + delta


def classify_break(
    out: str, edits: Sequence[Edit], nl: int, kind: str, left: str, right: str
) -> str:
    covering = next((e for e in edits if e.start <= nl < e.end), None)
    if kind == "space":
        if covering is None:
            return "left"
        return (
            "correct" if covering.after == " " else ("left" if "\n" in covering.after else "wrong")
        )
    start = nl - 1 - len(left)  # the left piece and its hyphen end at the line break
    o = out_offset(start, edits)
    here = out[o : o + len(left) + len(right) + 2]
    whole, hyphenated = left + right, left + "-" + right
    if here.startswith(left + "-\n") or here.startswith(left + "-\r"):
        return "left"
    if kind == "split":
        return "correct" if here.startswith(whole) else "wrong"
    return "correct" if here.startswith(hyphenated) else "wrong"


def layout_eval(records: list[dict[str, Any]], lang: str, widths: Sequence[int]) -> dict[str, Any]:
    """Counts by source ("icdar2017", "bln600"), width and kind of break."""
    stage = EncodingStage(Config())
    result: dict[str, Any] = {}
    for width in widths:
        counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        for r in records:
            source = r["id"].split("/")[0]
            wrapped, breaks = rewrap(r["gt"], width)
            out, edits = stage.process(wrapped, Context(lang, stage.config))
            for nl, kind, left, right in breaks:
                counts[source, kind][classify_break(out, edits, nl, kind, left, right)] += 1
        for (source, kind), c in sorted(counts.items()):
            result.setdefault(source, {}).setdefault(str(width), {})[kind] = dict(c)
    return result


def inline_hyphens(records: list[dict[str, Any]]) -> dict[str, Any]:
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        source = r["id"].split("/")[0]
        gt_tokens = Counter(t.casefold() for t in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", r["gt"]))
        for m in HYPHENATED_RE.finditer(r["ocr"]):
            left, right = m.group(1), m.group(2)
            if gt_tokens[f"{left}-{right}".casefold()]:
                truth = "gt-hyphenated"
            elif gt_tokens[(left + right).casefold()]:
                truth = "gt-joined"
            else:
                truth = "neither"
            action = decide_hyphen(left, right, r["lang"]).action or "undecided"
            table[f"{source}/{r['lang']}"][f"{truth}:{action}"] += 1
    return {k: dict(sorted(v.items())) for k, v in sorted(table.items())}


# --------------------------------------------------------------------------- flat web text


def flat_pages(data: Path) -> dict[str, Any]:
    stage = EncodingStage(Config())
    result: dict[str, Any] = {}
    for name in ("scrapinghub", "readability_testpages", "trafilatura_snippets"):
        pages = read_jsonl(data / "boilerplate" / f"{name}.jsonl")
        with_joins: dict[str, int] = {}
        joined = 0
        for p in pages:
            _, edits = stage.process(p["flat"], Context(lang_of(p), stage.config))
            n = sum(
                e.before.count("\n") - e.after.count("\n")
                for e in edits
                if e.reason in ("unwrap", "dehyphenation")
            )
            if n:
                with_joins[p["id"]] = n
                joined += n
        result[name] = {"pages": len(pages), "pages_with_joins": with_joins, "lines_joined": joined}
    seed = (data / "seed" / "seed-fr.txt").read_text(encoding="utf-8")
    out, edits = stage.process(seed, Context("fr", stage.config))
    result["seed_identical"] = out == seed and not edits
    return result


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-speed", action="store_true")
    parser.add_argument("--widths", type=int, nargs="+", default=[45, 65])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "encoding.json"
    )
    args = parser.parse_args(argv)
    data: Path = args.data

    ocr = {lang: read_jsonl(data / "ocr" / f"{lang}-dev.jsonl") for lang in LANGS}
    clean: list[tuple[str, str]] = [(r["gt"], lang) for lang in LANGS for r in ocr[lang]]
    for name in ("scrapinghub", "readability_testpages"):
        clean += [
            (p["gold"], lang_of(p))
            for p in read_jsonl(data / "boilerplate" / f"{name}.jsonl")
            if p.get("gold")
        ]
    stage = EncodingStage(Config())
    results: dict[str, Any] = {
        "python": platform.python_version(),
        "ftfy": ftfy.__version__,
        "machine": platform.machine(),
    }

    if not args.no_speed:
        results["clean"] = compare_speed(clean, stage, args.runs)
        results["clean"].update(fast_path_share(clean, stage))
        full = EncodingStage(Config())
        full._force_full = True
        ctxs = [Context(lang, full.config) for _, lang in clean]
        results["clean"]["forced_full_path_s"] = round(
            timed(lambda: [full.process(t, c) for (t, _), c in zip(clean, ctxs)]), 4
        )
        broken = make_mojibake(clean)
        ftfy_cases = json.loads((data / "mojibake" / "ftfy_test_cases.json").read_text("utf-8"))
        broken_docs = [(b, lang) for b, _, lang in broken] + [
            (c["original"], "und") for c in ftfy_cases
        ]
        results["broken"] = compare_speed(broken_docs, stage, args.runs)
        restored_stage = restored_ftfy = 0
        for b, c, lang in broken:
            ctx = Context(lang, stage.config)
            restored_stage += stage.process(b, ctx)[0] == stage.process(c, ctx)[0]
            restored_ftfy += ftfy.fix_text(b) == ftfy.fix_text(c)
        results["broken"]["restored"] = {
            "docs": len(broken),
            "stage": restored_stage,
            "ftfy": restored_ftfy,
        }

    results["line_end_hyphens"] = {
        lang: layout_eval(ocr[lang], lang, args.widths) for lang in LANGS
    }
    results["inline_hyphens_in_real_ocr"] = inline_hyphens(ocr["en"] + ocr["fr"])
    results["flat_web_text"] = flat_pages(data)

    print_markdown(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


def print_markdown(r: dict[str, Any]) -> None:
    print(f"# Encoding stage (Python {r['python']}, ftfy {r['ftfy']})\n")
    if "clean" in r:
        print("## Speed against ftfy.fix_text (same run, interleaved; medians)\n")
        print(
            "| text | docs | MB | stage s | ftfy s | stage MB/s | ftfy MB/s "
            "| ratio of medians | median of ratios |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for key in ("clean", "broken"):
            s = r[key]
            print(
                f"| {key} | {s['docs']} | {s['mb']} | {s['stage_median_s']} | {s['ftfy_median_s']} "
                f"| {s['stage_mb_per_s']} | {s['ftfy_mb_per_s']} | {s['ratio_of_medians']}x "
                f"| {s['median_of_ratios']}x |"
            )
        c = r["clean"]
        print(
            f"\nClean: {c['fast_path_no_work']} of {c['docs']} documents need no work at all "
            f"(fast path); {c['changed']} get edits; one run forced through the full path: "
            f"{c['forced_full_path_s']} s."
        )
        b = r["broken"]["restored"]
        print(
            f"Broken: of {b['docs']} documents, the stage restores {b['stage']} "
            f"(output equal to its output on the clean text), ftfy {b['ftfy']}.\n"
        )
    print("## Line-end hyphens and wrapped lines on the re-wrapped OCR ground truth\n")
    print("| lang | source | width | kind | joined correctly | joined wrongly | left |")
    print("|---|---|---|---|---|---|---|")
    for lang, by_source in r["line_end_hyphens"].items():
        for source, by_width in by_source.items():
            for width, kinds in by_width.items():
                for kind, c in kinds.items():
                    print(
                        f"| {lang} | {source} | {width} | {kind} | {c.get('correct', 0)} "
                        f"| {c.get('wrong', 0)} | {c.get('left', 0)} |"
                    )
    print("\n## In-line hyphens of the real OCR (ground truth : decision had it ended a line)\n")
    print("| source | counts |")
    print("|---|---|")
    for source, counts in r["inline_hyphens_in_real_ocr"].items():
        print(f"| {source} | {', '.join(f'{k} {v}' for k, v in counts.items())} |")
    print("\n## Flat web text (must not be joined)\n")
    print("| file | pages | pages with joins | lines joined |")
    print("|---|---|---|---|")
    flat = r["flat_web_text"]
    for name in ("scrapinghub", "readability_testpages", "trafilatura_snippets"):
        f = flat[name]
        pages = ", ".join(f"{k} ({v})" for k, v in f["pages_with_joins"].items()) or "none"
        print(f"| {name} | {f['pages']} | {pages} | {f['lines_joined']} |")
    print(f"\nSeed document byte-identical after the stage: {flat['seed_identical']}")


if __name__ == "__main__":
    raise SystemExit(main())
