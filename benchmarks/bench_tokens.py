"""Benchmark of the token stage: OCR repair quality, clean-text safety, spelling top-1, speed.

Usage (from the repository root)::

    python benchmarks/bench_tokens.py                 # everything, all records
    python benchmarks/bench_tokens.py --split even    # the development half only
    python benchmarks/bench_tokens.py --only ocr --limit 200
    python benchmarks/bench_tokens.py --errors --split even   # where the word errors left are

The OCR dev sets (``ocr/{en,fr}-dev.jsonl``) are read from ``--data``
(default ``../shared/data``). Records with an even index (file order) are the
development half the fixer was tuned on; odd ones are held out. For each
source, and overall: WER (whitespace tokens) and CER before and after the
stage, the share of changes that made the text match the ground truth
(precision), how many ground-truth-correct tokens a change damaged, and
changes per reason. On the ground-truth side of the same records: the share
of tokens changed (clean text must stay clean). Spelling lists: top-1
accuracy beside symspellpy's (its bundled English dictionary, edit distance
2) in the same run. Speed: misspelled-word lookups per second (cold: every
word new; warm: a Zipfian stream, as in a corpus) against symspellpy, and
running known-word text per second.

Prints a Markdown report and writes JSON to ``benchmarks/results/tokens.json``.
``--errors`` instead classifies every token error left after the stage (table per
language; classes per source, examples and the most common pairs in
``benchmarks/results/token_errors.json``).
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import difflib
import json
import platform
import random
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair.config import Config  # noqa: E402
from textrepair.edits import apply_edits  # noqa: E402
from textrepair.stage import Context  # noqa: E402
from textrepair.tokenize import observed_form  # noqa: E402
from textrepair.tokens import TokenStage, Tuning  # noqa: E402

# ---------------------------------------------------------------------------
# Metrics


def levenshtein(a: Sequence[Any], b: Sequence[Any]) -> int:
    """Exact edit distance of two sequences (difflib anchors, DP inside the gaps)."""
    total = 0
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        x, y = a[i1:i2], b[j1:j2]
        if not x or not y:
            total += len(x) + len(y)
            continue
        prev = list(range(len(y) + 1))
        for i, cx in enumerate(x, 1):
            cur = [i] + [0] * len(y)
            for j, cy in enumerate(y, 1):
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (cx != cy))
            prev = cur
        total += prev[-1]
    return total


def correct_token_ids(tokens: list[str], gt: list[str]) -> set[int]:
    """Indexes of ``tokens`` aligned to an identical ground-truth token."""
    out: set[int] = set()
    sm = difflib.SequenceMatcher(None, tokens, gt, autojunk=False)
    for i, _j, n in sm.get_matching_blocks():
        out.update(range(i, i + n))
    return out


def token_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        j = i
        while j < n and not text[j].isspace():
            j += 1
        spans.append((i, j))
        i = j
    return spans


def tokens_touching(spans: list[tuple[int, int]], start: int, end: int) -> list[int]:
    out = []
    for k, (s, e) in enumerate(spans):
        if s < max(end, start + 1) and e > start - (1 if start == end else 0):
            out.append(k)
        elif s >= end + 1:
            break
    return out


@dataclasses.dataclass
class Tally:
    records: int = 0
    gt_tokens: int = 0
    gt_chars: int = 0
    wer_before: int = 0
    wer_after: int = 0
    cer_before: int = 0
    cer_after: int = 0
    changes: int = 0
    good: int = 0
    damaged: int = 0
    clean_tokens: int = 0
    clean_changed: int = 0
    clean_by_reason: Counter[str] = dataclasses.field(default_factory=Counter)
    by_reason: Counter[str] = dataclasses.field(default_factory=Counter)
    good_by_reason: Counter[str] = dataclasses.field(default_factory=Counter)
    # Token errors each reason removes: WER errors with that reason's edits left out,
    # minus WER errors with every edit (what hyphenation, splits and merges contribute).
    wer_gain_by_reason: Counter[str] = dataclasses.field(default_factory=Counter)
    seconds: float = 0.0
    chars: int = 0

    def add(self, other: Tally) -> None:
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if isinstance(v, Counter):
                v.update(getattr(other, f.name))
            else:
                setattr(self, f.name, v + getattr(other, f.name))

    def row(self) -> dict[str, Any]:
        g = max(1, self.gt_tokens)
        c = max(1, self.gt_chars)
        wb, wa = self.wer_before / g, self.wer_after / g
        return {
            "records": self.records,
            "tokens": self.gt_tokens,
            "wer_before": round(wb, 4),
            "wer_after": round(wa, 4),
            "wer_change_pct": round(100 * (wa - wb) / wb, 1) if wb else 0.0,
            "cer_before": round(self.cer_before / c, 4),
            "cer_after": round(self.cer_after / c, 4),
            "changes": self.changes,
            "precision": round(self.good / self.changes, 3) if self.changes else None,
            "damaged": self.damaged,
            "clean_changed_pct": round(100 * self.clean_changed / max(1, self.clean_tokens), 3),
            "clean_changed_by_reason": dict(self.clean_by_reason),
            "by_reason": dict(self.by_reason),
            "good_by_reason": dict(self.good_by_reason),
            "wer_gain_by_reason": dict(self.wer_gain_by_reason),
            "mb_per_s": round(self.chars / 1e6 / self.seconds, 3) if self.seconds else None,
        }


def evaluate_record(stage: TokenStage, lang: str, ocr: str, gt: str, cfg: Config) -> Tally:
    t = Tally(records=1)
    ctx = Context(lang, cfg)
    t0 = time.perf_counter()
    fixed, edits = stage.process(ocr, ctx)
    t.seconds = time.perf_counter() - t0
    t.chars = len(ocr)
    if apply_edits(ocr, edits) != fixed:
        raise AssertionError("edits do not replay")
    o_tok, f_tok, g_tok = ocr.split(), fixed.split(), gt.split()
    t.gt_tokens = len(g_tok)
    t.gt_chars = len(gt)
    t.wer_before = levenshtein(o_tok, g_tok)
    t.wer_after = levenshtein(f_tok, g_tok) if edits else t.wer_before
    t.cer_before = levenshtein(ocr, gt)
    t.cer_after = levenshtein(fixed, gt) if edits else t.cer_before
    for reason in sorted({e.reason for e in edits}):
        rest = apply_edits(ocr, [e for e in edits if e.reason != reason])
        t.wer_gain_by_reason[reason] += levenshtein(rest.split(), g_tok) - t.wer_after
    if edits:
        o_ok = correct_token_ids(o_tok, g_tok)
        f_ok = correct_token_ids(f_tok, g_tok)
        o_spans = token_spans(ocr)
        f_spans = token_spans(fixed)
        delta = 0
        for e in edits:
            oi = tokens_touching(o_spans, e.start, e.end)
            fs = e.start + delta
            fi = tokens_touching(f_spans, fs, fs + len(e.after))
            delta += len(e.after) - (e.end - e.start)
            t.changes += 1
            t.by_reason[e.reason] += 1
            now_ok = bool(fi) and all(k in f_ok for k in fi)
            was_ok = bool(oi) and all(k in o_ok for k in oi)
            if now_ok and not was_ok:
                t.good += 1
                t.good_by_reason[e.reason] += 1
            if was_ok and not now_ok:
                t.damaged += 1
    # Clean side: the ground truth itself must come through unchanged.
    _, clean_edits = stage.process(gt, ctx)
    t.clean_tokens = len(g_tok)
    t.clean_changed = len(clean_edits)
    t.clean_by_reason.update(e.reason for e in clean_edits)
    return t


def load_records(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def choose(records: list[dict[str, Any]], split: str, limit: int | None) -> list[dict[str, Any]]:
    """The records of one half (even or odd index in file order), evenly thinned to ``limit``."""
    chosen = [
        r for i, r in enumerate(records) if split == "all" or (split == "even") == (i % 2 == 0)
    ]
    if limit and len(chosen) > limit:
        # An even spread over the file, so every source is represented.
        step = len(chosen) / limit
        chosen = [chosen[int(k * step)] for k in range(limit)]
    return chosen


def run_ocr(
    data: Path, split: str, limit: int | None, cfg: Config, tuning: Tuning, fit: bool
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for lang in ("en", "fr"):
        path = data / "ocr" / f"{lang}-dev.jsonl"
        if not path.exists():
            print(f"missing {path}", file=sys.stderr)
            continue
        chosen = choose(load_records(path), split, limit)
        stage = TokenStage(cfg, tuning)
        t0 = time.perf_counter()
        stage.lexicon(lang)  # load outside the timings
        load_s = time.perf_counter() - t0
        if fit:
            ctx = Context(lang, cfg)
            for r in chosen:
                stage.observe(r["ocr"], ctx)
        per_source: dict[str, Tally] = defaultdict(Tally)
        for r in chosen:
            per_source[r["source"]].add(evaluate_record(stage, lang, r["ocr"], r["gt"], cfg))
        total = Tally()
        for tl in per_source.values():
            total.add(tl)
        results[lang] = {
            "load_seconds": round(load_s, 3),
            "sources": {s: tl.row() for s, tl in sorted(per_source.items())},
            "overall": total.row(),
        }
    return results


# ---------------------------------------------------------------------------
# Where the remaining word errors are (``--errors``)

_CORE_RE = re.compile(r"^\W+|\W+$")
_NON_ALNUM_RE = re.compile(r"[\W_]+")

#: Error classes, in report order: (number of the class in benchmarks/README.md, label).
ERROR_CLASSES: dict[str, str] = {
    "1a no-suspect": "1 non-word left: not a suspect (protected, acronym, rare word)",
    "1b no-candidate": "1 non-word left: no candidate",
    "1c right-low": "1 non-word left: best candidate right, confidence below threshold",
    "1d right-not-best": "1 non-word left: right word a lower candidate",
    "1e wrong-low": "1 non-word left: wrong best candidate, below threshold",
    "1f veto-variant": "1 non-word left: vetoed (variant spelling)",
    "1g veto-paradigm": "1 non-word left: vetoed (paradigm)",
    "1h veto-old": "1 non-word left: vetoed (old-orthography document)",
    "2a wrong-repair": "2 repaired to the wrong word",
    "2b damaged": "2 correct word damaged",
    "3a split-merge": "3 word split or run together (space only)",
    "3b split-merge-misread": "3 word split or run together, and misread",
    "4a hyphen": "4 hyphen (line-break or in-word)",
    "4b punct": "4 punctuation glued or spaced",
    "4c case": "4 case only",
    "5a real-word": "5 real-word error",
    "6a gt-unknown": "6 ground-truth word unknown to the dictionary (name, old form, GT error)",
    "6b gt-long-s": "6 ground truth has f for long s",
    "7a other": "other",
    "7b spurious": "7 spurious short token (speck: 'e', '1')",
    "7c missing": "7 word missing or extra",
}


def _core(tok: str) -> str:
    return _CORE_RE.sub("", tok)


def _squash(tokens: Sequence[str]) -> str:
    return _NON_ALNUM_RE.sub("", "".join(tokens)).lower()


def _group_tokens(
    f: Sequence[str], g: Sequence[str]
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Align two token runs in groups of 1:1, 1:0, 0:1, 2:1, 1:2 and 3:1, 1:3 tokens.

    The grouping minimises the character edit distance of the joined groups (letters
    and digits only) plus one per token in a group: where OCR split or joined words.
    """
    if len(f) * len(g) > 4000:
        return [((0, len(f)), (0, len(g)))]
    moves = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (3, 1), (1, 3))
    inf = float("inf")
    cost = [[inf] * (len(g) + 1) for _ in range(len(f) + 1)]
    back: list[list[tuple[int, int]]] = [[(0, 0)] * (len(g) + 1) for _ in range(len(f) + 1)]
    cost[0][0] = 0.0
    for i in range(len(f) + 1):
        for j in range(len(g) + 1):
            base = cost[i][j]
            if base == inf:
                continue
            for di, dj in moves:
                ii, jj = i + di, j + dj
                if ii > len(f) or jj > len(g):
                    continue
                x, y = _squash(f[i:ii]), _squash(g[j:jj])
                c = base + levenshtein(x, y) / max(1, len(x), len(y)) + 0.3 * (di + dj)
                if c < cost[ii][jj]:
                    cost[ii][jj] = c
                    back[ii][jj] = (di, dj)
    out = []
    i, j = len(f), len(g)
    while i or j:
        di, dj = back[i][j]
        out.append(((i - di, i), (j - dj, j)))
        i, j = i - di, j - dj
    return out[::-1]


def classify_errors(
    stage: TokenStage, lang: str, ocr: str, gt: str, cfg: Config
) -> tuple[Counter[str], list[tuple[str, str, str, str]]]:
    """Token errors left after the stage, by class, and examples (class, OCR, output, truth).

    The output is aligned with the ground truth token by token (whitespace tokens, as
    WER counts them); each error is charged to one class. Unrepaired non-words are
    explained by the stage's own decision on the output text (the last pass).
    """
    from textrepair.tokens import _Document, _variant_spelling

    lex = stage.lexicon(lang)
    assert lex is not None
    ctx = Context(lang, cfg)
    fixed, edits = stage.process(ocr, ctx)
    o_tok, f_tok, g_tok = ocr.split(), fixed.split(), gt.split()
    f_spans = token_spans(fixed)
    o_spans = token_spans(ocr)
    # Output tokens an edit produced, and the OCR token each came from (1:1 only).
    touched: dict[int, list[int]] = {}
    delta = 0
    for e in edits:
        oi = tokens_touching(o_spans, e.start, e.end)
        fs = e.start + delta
        for k in tokens_touching(f_spans, fs, fs + len(e.after)):
            touched.setdefault(k, []).extend(oi)
        delta += len(e.after) - (e.end - e.start)
    o_ok = correct_token_ids(o_tok, g_tok)
    # The stage's view of what is left: groups of the final text, by offset.
    doc = _Document(fixed, lex, cfg, stage.tuning, None)
    by_start: dict[int, Any] = {}
    suspect_starts = [o.start for o in doc.suspects]
    groups = doc.groups() if doc.suspects else []
    for g in groups:
        for o in g.occs:
            by_start[o.start] = g
    min_conf = cfg.min_confidence
    info: dict[int, str] = {}
    counts: Counter[str] = Counter()
    examples: list[tuple[str, str, str, str]] = []

    def pair(fi: int, gtok: str) -> str:
        ftok = f_tok[fi]
        if ftok.lower() == gtok.lower():
            return "4c case"
        fc, gc = _core(ftok), _core(gtok)
        if fc == gc:
            return "4b punct"
        if fc.replace("-", "") == gc.replace("-", "") or (
            "-" in ftok + gtok and _squash([ftok]) == _squash([gtok])
        ):
            return "4a hyphen"
        if _squash([ftok]) == _squash([gtok]):
            return "4b punct" if fc.lower() != gc.lower() else "4c case"
        if fi in touched:
            if any(k in o_ok for k in touched[fi]):
                return "2b damaged"
            return "2a wrong-repair"
        gkey = lex.normalize_key(gc)
        if gc and lex.zipf(gkey) == 0:
            if "f" in gkey and any(
                lex.zipf(gkey[:i] + "s" + gkey[i + 1 :]) > 0
                for i, ch in enumerate(gkey)
                if ch == "f"
            ):
                return "6b gt-long-s"
            return "6a gt-unknown"
        s, e = f_spans[fi]
        lo = bisect.bisect_left(suspect_starts, s)
        hi = bisect.bisect_left(suspect_starts, e)
        if lo == hi:
            fkey = lex.normalize_key(fc)
            return "5a real-word" if fc and lex.zipf(fkey) > 0 else "1a no-suspect"
        g = None
        for k in range(lo, hi):
            g = by_start.get(suspect_starts[k])
            if g is not None:
                break
        if g is None:
            return "1b no-candidate"
        # The stage's decision, for the examples: confidence, best repair, occurrences.
        info[fi] = f"{g.confidence:.2f}>{g.best.word}x{len(g.occs)}"
        if g.veto:
            if g.key in doc.named:
                return "1a no-suspect"  # a name of the document's own addresses: protected
            if _variant_spelling(g.key, g.best.word, lang):
                return "1f veto-variant"
            if doc.old_spelling():
                return "1h veto-old"
            return "1g veto-paradigm"
        target = gkey
        if g.best.word == target:
            return "1c right-low" if g.confidence < min_conf else "7a other"
        cands = lex.candidates(g.obs, cfg.max_edit_distance, adapted=None)
        if any(c.word == target for c in cands):
            return "1d right-not-best"
        return "1e wrong-low"

    sm = difflib.SequenceMatcher(None, f_tok, g_tok, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        F, G = f_tok[i1:i2], g_tok[j1:j2]
        if len(F) == len(G):
            for k in range(len(F)):
                cls = pair(i1 + k, G[k])
                counts[cls] += 1
                was = " ".join(o_tok[x] for x in touched.get(i1 + k, []))
                examples.append((cls, was or info.get(i1 + k, ""), F[k], G[k]))
            continue
        for (a, b), (c, d) in _group_tokens(F, G):
            Fg, Gg = F[a:b], G[c:d]
            n = max(len(Fg), len(Gg))
            if len(Fg) == 1 and len(Gg) == 1:
                cls = pair(i1 + a, Gg[0])
            elif not Fg or not Gg:
                t = (Fg or Gg)[0]
                if not _core(t):
                    cls = "4a hyphen" if set(t) <= set("-—–") else "4b punct"
                else:
                    cls = "7b spurious" if Fg and len(_squash(Fg)) <= 2 else "7c missing"
            elif _squash(Fg) == _squash(Gg):
                if any("-" in t for t in Fg + Gg):
                    cls = "4a hyphen"
                elif any(not _core(t) for t in Fg + Gg):
                    cls = "4b punct"
                else:
                    cls = "3a split-merge"
            elif (
                any(not _core(t) for t in Fg + Gg)
                and _squash(Fg) != ""
                and (_squash([t for t in Fg if _core(t)]) == _squash([t for t in Gg if _core(t)]))
            ):
                cls = "4b punct"
            else:
                cls = "3b split-merge-misread"
            counts[cls] += n
            note = info.get(i1 + a, "") if len(Fg) == 1 else ""
            examples.append((cls, note, " ".join(Fg), " ".join(Gg)))
    return counts, examples


def run_errors(
    data: Path, split: str, limit: int | None, cfg: Config, tuning: Tuning
) -> dict[str, Any]:
    """Classify every token error left on the chosen records, per language."""
    results: dict[str, Any] = {}
    for lang in ("en", "fr"):
        path = data / "ocr" / f"{lang}-dev.jsonl"
        if not path.exists():
            continue
        chosen = choose(load_records(path), split, limit)
        stage = TokenStage(cfg, tuning)
        total: Counter[str] = Counter()
        per_source: dict[str, Counter[str]] = defaultdict(Counter)
        samples: dict[str, list[Any]] = defaultdict(list)
        common: dict[str, Counter[str]] = defaultdict(Counter)
        for r in chosen:
            counts, ex = classify_errors(stage, lang, r["ocr"], r["gt"], cfg)
            total.update(counts)
            per_source[r["source"]].update(counts)
            for e in ex:
                samples[e[0]].append([r["id"], *e[1:]])
                common[e[0]][f"{e[2]} => {e[3]}"] += 1
        rng = random.Random(0)
        results[lang] = {
            "overall": dict(total),
            "sources": {s: dict(c) for s, c in sorted(per_source.items())},
            "samples": {k: rng.sample(v, min(60, len(v))) for k, v in sorted(samples.items())},
            "most_common": {k: v.most_common(20) for k, v in sorted(common.items())},
        }
    return results


def errors_markdown(res: dict[str, Any]) -> str:
    langs = list(res)
    lines = [
        "| class | " + " | ".join(f"{lang} errors | {lang} share" for lang in langs) + " |",
        "|---|" + "---:|---:|" * len(langs),
    ]
    totals = {lang: max(1, sum(res[lang]["overall"].values())) for lang in langs}
    for cls, label in ERROR_CLASSES.items():
        cells = []
        for lang in langs:
            n = res[lang]["overall"].get(cls, 0)
            cells += [str(n), f"{100 * n / totals[lang]:.1f}%"]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("| **all** | " + " | ".join(f"{totals[lang]} | 100%" for lang in langs) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Spelling lists


def read_norvig(path: Path) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if ":" in line:
            right, wrongs = line.split(":", 1)
            pairs.extend((w, right.strip()) for w in wrongs.split())
    return pairs


def read_birkbeck(path: Path, limit: int) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    right = ""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if line.startswith("$"):
            right = line[1:]
        elif line and right:
            pairs.append((line, right))
            if len(pairs) >= limit:
                break
    return pairs


def symspell() -> Any | None:
    try:
        import importlib.resources

        from symspellpy import SymSpell
    except ImportError:
        return None
    sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
    path = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"
    sym.load_dictionary(str(path), term_index=0, count_index=1)
    return sym


def sym_top1(sym: Any, word: str) -> str:
    from symspellpy import Verbosity

    s = sym.lookup(word, Verbosity.TOP, max_edit_distance=2, include_unknown=True)
    return str(s[0].term) if s else word


def run_spelling(data: Path, cfg: Config, tuning: Tuning) -> dict[str, Any]:
    sp = data / "spelling"
    sets = {
        "norvig-testset1": read_norvig(sp / "spell-testset1.txt"),
        "norvig-testset2": read_norvig(sp / "spell-testset2.txt"),
        "birkbeck-1000": read_birkbeck(sp / "missp.dat", 1000),
        "aspell": read_birkbeck(sp / "aspell.dat", 10**9),
    }
    stage = TokenStage(cfg, tuning)
    stage.lexicon("en")
    stage.suggest("warmup", "en")
    sym = symspell()
    out: dict[str, Any] = {}
    for name, pairs in sets.items():
        ours = sum(stage.suggest(w, "en").lower() == r.lower() for w, r in pairs)
        row: dict[str, Any] = {"n": len(pairs), "textrepair": round(ours / len(pairs), 3)}
        if sym is not None:
            theirs = sum(sym_top1(sym, w.lower()).lower() == r.lower() for w, r in pairs)
            row["symspellpy"] = round(theirs / len(pairs), 3)
        # Development half (even indexes) and held-out half (odd).
        for part, rem in (("even", 0), ("odd", 1)):
            sub = [p for i, p in enumerate(pairs) if i % 2 == rem]
            row[f"textrepair_{part}"] = round(
                sum(stage.suggest(w, "en").lower() == r.lower() for w, r in sub) / len(sub), 3
            )
        out[name] = row
    return out


# ---------------------------------------------------------------------------
# Speed


def median_rate(fn: Any, n_items: int, repeats: int = 5) -> float:
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        rates.append(n_items / (time.perf_counter() - t0))
    return statistics.median(rates)


def run_speed(data: Path, cfg: Config, tuning: Tuning) -> dict[str, Any]:
    """Load times, lookups per second (cold and on a Zipfian stream) and words per second,
    with symspellpy measured the same way in the same run."""
    out: dict[str, Any] = {}
    t0 = time.perf_counter()
    stage = TokenStage(cfg, tuning)
    lex = stage.lexicon("en")
    assert lex is not None
    out["dictionary_load_s"] = round(time.perf_counter() - t0, 3)
    t0 = time.perf_counter()
    _ = lex.index
    out["index_build_s"] = round(time.perf_counter() - t0, 3)
    out["index_mb"] = round(lex.index.nbytes / 1e6, 1)
    t0 = time.perf_counter()
    lex.oddness("warm")
    lex.suffix_alternations()
    lex.frequent_sorted()
    lex.sound_alikes()
    out["other_models_s"] = round(time.perf_counter() - t0, 3)
    sym = symspell()
    if sym is not None:
        t0 = time.perf_counter()
        sym = symspell()
        out["symspellpy_load_s"] = round(time.perf_counter() - t0, 3)
    sp = data / "spelling"
    miss = [w for w, _ in read_birkbeck(sp / "missp.dat", 3000)]
    miss = [w for w in dict.fromkeys(miss) if w.isalpha()][:1000]
    rng = random.Random(0)
    # A Zipfian stream of the same words, as misspellings recur in a corpus.
    weights = [1.0 / (k + 1) for k in range(len(miss))]
    stream = rng.choices(miss, weights, k=20000)
    max_ed = cfg.max_edit_distance

    def suggest_cold() -> None:
        lex.analysis.clear()
        for w in miss:
            stage.suggest(w, "en")

    def suggest_warm() -> None:
        for w in stream:
            stage.suggest(w, "en")

    def repair_cold() -> None:
        # What the stage pays per new unknown token in running text.
        lex.analysis.clear()
        for w in miss:
            lex.candidates(observed_form(w), max_ed)

    out["suggest_per_s_cold"] = round(median_rate(suggest_cold, len(miss), 3))
    lex.analysis.clear()
    out["suggest_per_s_zipf_stream"] = round(median_rate(suggest_warm, len(stream), 3))
    out["repair_candidates_per_s_cold"] = round(median_rate(repair_cold, len(miss), 3))
    if sym is not None:
        out["symspellpy_lookups_per_s_cold"] = round(
            median_rate(lambda: [sym_top1(sym, w) for w in miss], len(miss), 3)
        )
        out["symspellpy_lookups_per_s_zipf_stream"] = round(
            median_rate(lambda: [sym_top1(sym, w) for w in stream], len(stream), 3)
        )
    ctx = Context("en", cfg)
    # Running text of known words: documents of frequent dictionary words.
    vocab = [w for w, z in lex.freq.items() if z >= 4.0 and w.isalpha()][:5000]
    docs = [" ".join(rng.choice(vocab) for _ in range(300)) for _ in range(300)]
    for d in docs:
        stage.process(d, ctx)

    def run_known() -> None:
        for d in docs:
            stage.process(d, ctx)

    out["known_words_per_s"] = round(median_rate(run_known, 300 * 300, 5))
    # Real clean text with names and old spellings: the English ground truth.
    texts = []
    path = data / "ocr" / "en-dev.jsonl"
    if path.exists():
        texts = [r["gt"] for r in load_records(path)][:400]
    n_words = sum(len(t.split()) for t in texts)
    for t in texts:  # warm the per-token caches once, as a corpus run would
        stage.process(t, ctx)

    def run_text() -> None:
        for t in texts:
            stage.process(t, ctx)

    out["clean_ocr_gt_words_per_s"] = round(median_rate(run_text, n_words, 3))
    if sym is not None:
        sample = " ".join(texts).split()[:50000]
        out["symspellpy_words_per_s"] = round(
            median_rate(lambda: [sym_top1(sym, w.lower()) for w in sample], len(sample), 1)
        )
    return out


# ---------------------------------------------------------------------------
# Report


def markdown(results: dict[str, Any]) -> str:
    lines = [
        f"# Token stage benchmark ({results['meta']['date']}, {results['meta']['machine']})",
        "",
    ]
    if "ocr" in results:
        lines += [
            f"OCR dev sets, split: {results['meta']['split']}",
            "",
            "| set | source | tokens | WER before | WER after | change | CER before | CER after "
            "| changes | precision | damaged | clean changed % |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for lang, res in results["ocr"].items():
            rows = [*res["sources"].items(), ("**overall**", res["overall"])]
            for src, r in rows:
                cells = [
                    lang,
                    src,
                    r["tokens"],
                    f"{r['wer_before']:.4f}",
                    f"{r['wer_after']:.4f}",
                    f"{r['wer_change_pct']:+.1f}%",
                    f"{r['cer_before']:.4f}",
                    f"{r['cer_after']:.4f}",
                    r["changes"],
                    r["precision"],
                    r["damaged"],
                    f"{r['clean_changed_pct']:.3f}",
                ]
                lines.append("| " + " | ".join(str(c) for c in cells) + " |")
        lines.append("")
        lines.append("Changes by reason (good / all):")
        lines.append("")
        for lang, res in results["ocr"].items():
            o = res["overall"]
            parts = [
                f"{k} {o['good_by_reason'].get(k, 0)}/{v}"
                for k, v in sorted(o["by_reason"].items())
            ]
            lines.append(f"- {lang}: " + ", ".join(parts))
            gain = o.get("wer_gain_by_reason", {})
            lines.append(
                "  - token errors removed by each reason (WER errors without it minus with all): "
                + ", ".join(f"{k} {v}" for k, v in sorted(gain.items()))
            )
            clean = o.get("clean_changed_by_reason", {})
            lines.append(
                "  - clean side, changes by reason: "
                + ", ".join(f"{k} {v}" for k, v in sorted(clean.items()))
            )
        lines.append("")
    if "spelling" in results:
        lines += [
            "| spelling list | n | textrepair | (dev half / held-out half) | symspellpy |",
            "|---|---|---|---|---|",
        ]
        for name, r in results["spelling"].items():
            halves = f"{r['textrepair_even']} / {r['textrepair_odd']}"
            lines.append(
                f"| {name} | {r['n']} | {r['textrepair']} | {halves} | {r.get('symspellpy', '-')} |"
            )
        lines.append("")
    if "speed" in results:
        lines += ["| speed | value |", "|---|---|"]
        for k, v in results["speed"].items():
            lines.append(f"| {k} | {v} |")
        lines.append("")
    return "\n".join(lines)


def parse_tuning(items: Iterable[str]) -> Tuning:
    base = Tuning()
    changes: dict[str, Any] = {}
    for item in items:
        k, v = item.split("=", 1)
        cur = getattr(base, k)
        changes[k] = type(cur)(v)
    return dataclasses.replace(base, **changes)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--split", choices=("all", "even", "odd"), default="all")
    ap.add_argument("--limit", type=int, default=None, help="records per language")
    ap.add_argument("--only", choices=("ocr", "spelling", "speed"), action="append")
    ap.add_argument(
        "--errors",
        action="store_true",
        help="classify the token errors left (instead of the other measures)",
    )
    ap.add_argument("--fit", action="store_true", help="observe() the records first (corpus mode)")
    ap.add_argument("--min-confidence", type=float, default=None)
    ap.add_argument(
        "--join-hyphen-breaks", action="store_true", help="Config.join_hyphen_breaks=True"
    )
    ap.add_argument("--tuning", action="append", default=[], help="Tuning override, name=value")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "tokens.json")
    args = ap.parse_args(argv)
    options: dict[str, Any] = {"join_hyphen_breaks": args.join_hyphen_breaks}
    if args.min_confidence is not None:
        options["min_confidence"] = args.min_confidence
    cfg = Config(**options)
    tuning = parse_tuning(args.tuning)
    if args.errors:
        res = run_errors(args.data, args.split, args.limit, cfg, tuning)
        print(errors_markdown(res))
        out = (
            args.out.with_name("token_errors.json") if args.out.name == "tokens.json" else args.out
        )
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(res, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return 0
    only = set(args.only or ("ocr", "spelling", "speed"))
    results: dict[str, Any] = {
        "meta": {
            "date": time.strftime("%Y-%m-%d"),
            "machine": " ".join(
                (platform.machine(), platform.python_implementation(), platform.python_version())
            ),
            "split": args.split,
            "min_confidence": cfg.min_confidence,
            "join_hyphen_breaks": cfg.join_hyphen_breaks,
            "tuning_overrides": args.tuning,
            "fit": args.fit,
        }
    }
    if "ocr" in only:
        results["ocr"] = run_ocr(args.data, args.split, args.limit, cfg, tuning, args.fit)
    if "spelling" in only:
        results["spelling"] = run_spelling(args.data, cfg, tuning)
    if "speed" in only:
        results["speed"] = run_speed(args.data, cfg, tuning)
    print(markdown(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
