"""Fit the token fixer's calibrated confidence (``CONFIDENCE_WEIGHTS`` in ``textrepair/tokens.py``).

Usage (from the repository root)::

    python benchmarks/train_tokens.py            # fit on the even records, report on the odd ones
    python benchmarks/train_tokens.py --write    # and rewrite the weights in textrepair/tokens.py

For every suspect form the fixer would consider in the OCR dev sets (under
``--data``), its features and best repair are taken from the fixer itself;
the label says whether that repair makes the token equal to the ground truth.
Suspects found in the ground-truth text are added with label 0 (any change
to clean text is damage). Modern text is added the same way: the gold text
of the boilerplate sets (and French page text) with synthetic slips in 3% of
the words (Wikipedia's common misspellings, OCR confusions, keyboard slips),
so the model sees typos in modern prose as well as OCR in old print.
A logistic regression (L2, Newton iterations, so
the result is deterministic) maps the features to the probability that the
repair is right: the confidence compared with ``Config.min_confidence``.
Records with an even index (file order) are fitted; odd ones are held out
and reported: log loss, calibration by confidence bin, and precision and
recall of the repairs made at the default threshold.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import random
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair.config import Config  # noqa: E402
from textrepair.tokenize import restore_case, strip_token  # noqa: E402
from textrepair.tokens import TokenStage, _Document  # noqa: E402

BEGIN = "# BEGIN CONFIDENCE_WEIGHTS"
END = "# END CONFIDENCE_WEIGHTS"


def token_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        j = i
        while j < n and not text[j].isspace():
            j += 1
        if j > i:
            spans.append((i, j))
        i = j
    return spans


def alignment(o_tok: list[str], g_tok: list[str]) -> dict[int, str | None]:
    """OCR token index -> the ground truth it should become (None: it was right)."""
    out: dict[int, str | None] = {}
    sm = difflib.SequenceMatcher(None, o_tok, g_tok, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for i in range(i1, i2):
                out[i] = None
        elif op == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                out[i1 + k] = g_tok[j1 + k]
        elif op == "replace" and i2 - i1 == 1 and j2 - j1 == 2:
            out[i1] = " ".join(g_tok[j1:j2])
    return out


def examples(
    stage: TokenStage, lang: str, records: list[dict[str, Any]]
) -> list[tuple[dict[str, float], int, str]]:
    lex = stage.lexicon(lang)
    assert lex is not None
    cfg = stage.config
    out: list[tuple[dict[str, float], int, str]] = []
    for r in records:
        for side in ("ocr", "gt"):
            text = r[side]
            doc = _Document(text, lex, cfg, stage.tuning, None)
            if not doc.suspects:
                continue
            _, consumed = doc.rules_and_merges()
            groups = doc.groups(consumed)
            if side == "gt":
                for g in groups:
                    for _ in g.occs:
                        out.append((g.features, 0, r["source"]))
                continue
            spans = token_spans(text)
            starts = [s for s, _ in spans]
            o_tok = [text[s:e] for s, e in spans]
            align = alignment(o_tok, r["gt"].split())
            import bisect

            for g in groups:
                for o in g.occs:
                    i = bisect.bisect_right(starts, o.start) - 1
                    if i < 0 or i not in align:
                        continue
                    target = align[i]
                    if target is None:
                        out.append((g.features, 0, r["source"]))
                        continue
                    ts, te = spans[i]
                    new = text[ts : o.start] + restore_case(g.best.word, o.text) + text[o.end : te]
                    ok = new == target or strip_token(new) == strip_token(target)
                    out.append((g.features, int(ok), r["source"]))
    return out


_WORD = re.compile(r"[^\W\d_]{3,}")
_JOIN = re.compile(r"\b([^\W\d_]{2,}) ([^\W\d_]{2,})\b")
_OCR_SWAPS = (
    ("m", "rn"),
    ("d", "cl"),
    ("h", "li"),
    ("w", "vv"),
    ("e", "c"),
    ("l", "1"),
    ("o", "0"),
    ("h", "b"),
    ("n", "u"),
    ("u", "n"),
    ("ll", "U"),
    ("i", "l"),
)


def typos_table(data: Path) -> dict[str, list[str]]:
    """word -> its common misspellings (Wikipedia's list)."""
    out: dict[str, list[str]] = {}
    path = data / "spelling" / "common-misspellings-for-machines-2020-04.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if "->" in line and not line.startswith("#"):
            wrong, right = line.strip().split("->", 1)
            if " " not in wrong and "," not in right and " " not in right:
                out.setdefault(right, []).append(wrong)
    return out


def corrupt_word(w: str, rng: random.Random, typos: dict[str, list[str]]) -> str:
    """One realistic slip: a known misspelling, an OCR confusion, or a keyboard slip."""
    lw = w.lower()
    if lw in typos and rng.random() < 0.5:
        bad = rng.choice(typos[lw])
        return bad[:1].upper() + bad[1:] if w[:1].isupper() else bad
    r = rng.random()
    if r < 0.3:
        opts = [(a, b) for a, b in _OCR_SWAPS if a in w[1:]]
        if opts:
            a, b = rng.choice(opts)
            k = w.index(a, 1)
            return w[:k] + b + w[k + len(a) :]
    k = rng.randrange(1, len(w))
    op = rng.randrange(4)
    if op == 0 and k < len(w) - 1:
        return w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    if op == 1:
        return w[:k] + w[k + 1 :]
    if op == 2:
        return w[:k] + w[k] + w[k:]
    vowels = "aeiou"
    if w[k] in vowels:
        return w[:k] + rng.choice([v for v in vowels if v != w[k]]) + w[k + 1 :]
    return w[:k] + w[k + 1 :]


def add_noise(clean: str, rng: random.Random, typos: dict[str, list[str]], rate: float) -> str:
    """Slips in ``rate`` of the words, and a lost space between words at a tenth of it."""

    def slip(m: re.Match[str]) -> str:
        return corrupt_word(m.group(), rng, typos) if rng.random() < rate else m.group()

    def join(m: re.Match[str]) -> str:
        return m.group(1) + m.group(2) if rng.random() < rate / 10 else m.group()

    return _JOIN.sub(join, _WORD.sub(slip, clean))


def modern_records(data: Path, lang: str, rate: float = 0.03) -> list[dict[str, Any]]:
    """Modern web text (the boilerplate sets' gold and French page text) with
    synthetic slips at ``rate`` of the words: (ocr=noisy, gt=clean) records."""
    bp = data / "boilerplate"
    texts: list[str] = []
    for name in ("scrapinghub.jsonl", "readability_testpages.jsonl", "trafilatura_snippets.jsonl"):
        path = bp / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r.get("lang") != lang:
                    continue
                text = r.get("gold") or (r.get("flat") if lang != "en" else None)
                if text:
                    texts.append(text[:6000])
    typos = typos_table(data) if lang == "en" else {}
    out = []
    for i, clean in enumerate(texts):
        out.append(
            {
                "ocr": add_noise(clean, random.Random(i), typos, rate),
                "gt": clean,
                "source": f"web-{lang}",
            }
        )
    return out


def fit(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """Logistic regression by Newton's method; x has a bias column first."""
    w = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    reg[0, 0] = 0.0
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + reg @ w
        h = (x * (p * (1 - p))[:, None]).T @ x + reg
        step = np.linalg.solve(h, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def report(name: str, p: np.ndarray, y: np.ndarray, threshold: float) -> dict[str, Any]:
    eps = 1e-9
    ll = float(-np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)))
    made = p >= threshold
    prec = float(y[made].mean()) if made.any() else float("nan")
    rec = float(y[made].sum() / max(1, y.sum()))
    bins = []
    for lo in (0.0, 0.2, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95):
        hi = {0.0: 0.2, 0.2: 0.4, 0.4: 0.6, 0.6: 0.7, 0.7: 0.8, 0.8: 0.9, 0.9: 0.95, 0.95: 1.01}[lo]
        m = (p >= lo) & (p < hi)
        if m.any():
            bins.append(
                (lo, hi, int(m.sum()), round(float(p[m].mean()), 3), round(float(y[m].mean()), 3))
            )
    print(
        f"{name}: n={len(y)} positives={int(y.sum())} logloss={ll:.4f} "
        f"at {threshold}: repairs={int(made.sum())} precision={prec:.3f} recall={rec:.3f}"
    )
    for lo, hi, n, mp, my in bins:
        print(f"   conf [{lo:.2f},{hi:.2f}) n={n:6d} mean conf={mp:.3f} share right={my:.3f}")
    return {"n": len(y), "logloss": ll, "precision": prec, "recall": rec, "bins": bins}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--no-web", action="store_true", help="OCR dev sets only")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    import textrepair.tokens as tokens_module

    tokens_module.CONFIDENCE_WEIGHTS.clear()  # features must not depend on old weights
    cfg = Config()
    stage = TokenStage(cfg)
    data: dict[str, list[tuple[dict[str, float], int, str]]] = {"even": [], "odd": []}
    for lang in ("en", "fr"):
        with (args.data / "ocr" / f"{lang}-dev.jsonl").open(encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        if not args.no_web:
            records = records + modern_records(args.data, lang)
        for part, rem in (("even", 0), ("odd", 1)):
            chosen = [r for i, r in enumerate(records) if i % 2 == rem]
            data[part].extend(examples(stage, lang, chosen))
    names = sorted(data["even"][0][0])
    x_tr = np.array([[1.0] + [f[k] for k in names] for f, _, _ in data["even"]])
    y_tr = np.array([y for _, y, _ in data["even"]], dtype=float)
    mu = x_tr[:, 1:].mean(axis=0)
    sd = x_tr[:, 1:].std(axis=0) + 1e-9
    z_tr = x_tr.copy()
    z_tr[:, 1:] = (x_tr[:, 1:] - mu) / sd
    w = fit(z_tr, y_tr, args.l2)
    # Back to raw feature units so the library needs no scaling step.
    raw = w[1:] / sd
    bias = w[0] - float((w[1:] * mu / sd).sum())
    weights = {"bias": round(bias, 5)} | {k: round(float(v), 5) for k, v in zip(names, raw)}
    x_te = np.array([[1.0] + [f[k] for k in names] for f, _, _ in data["odd"]])
    y_te = np.array([y for _, y, _ in data["odd"]], dtype=float)

    def predict(x: np.ndarray) -> np.ndarray:
        zz = weights["bias"] + x[:, 1:] @ np.array([weights[k] for k in names])
        return 1.0 / (1.0 + np.exp(-np.clip(zz, -30, 30)))

    report("dev (even)", predict(x_tr), y_tr, cfg.min_confidence)
    report("held-out (odd)", predict(x_te), y_te, cfg.min_confidence)
    softmax_te = np.array([0.0 for _ in data["odd"]])
    del softmax_te
    for k in names:
        print(f"   {k:14s} {weights[k]:+.4f}")
    print(f"   {'bias':14s} {weights['bias']:+.4f}")
    if args.write:
        path = ROOT / "textrepair" / "tokens.py"
        src = path.read_text(encoding="utf-8")
        start, end = src.index(BEGIN), src.index(END) + len(END)
        body = ",\n".join(f"    {k!r}: {v}" for k, v in weights.items())
        block = f"{BEGIN}\nCONFIDENCE_WEIGHTS: dict[str, float] = {{\n{body},\n}}\n{END}"
        path.write_text(src[:start] + block + src[end:], encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    _ = math
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
