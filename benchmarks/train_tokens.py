"""Fit the token fixer's calibrated confidence (``CONFIDENCE_WEIGHTS`` in ``textrepair/tokens.py``).

Usage (from the repository root)::

    python benchmarks/train_tokens.py              # fit, report on held-out synthetic pages
    python benchmarks/train_tokens.py --eval-ocr   # and report calibration on the OCR dev sets
    python benchmarks/train_tokens.py --write      # and rewrite the weights in textrepair/tokens.py
    python benchmarks/train_tokens.py --extend F G --running-text   # fit new features F, G only

``--extend`` fits only the named features' weights and keeps every other weight
as shipped (their sum is a fixed offset of each example's log odds): a feature
that is 0 where it does not apply (say, the English word pairs in French) then
leaves those decisions exactly as they were. A full refit would not: the shipped
weights were fitted on an older feature set, and refitting them all today moves
every language (measured in session 12: ``doc_noise`` -2.51 → -0.24,
``inner_cap`` -2.86 → -8.62).

Inputs (all under ``--data``, default ``../shared/data``), permissively licensed:
the ``gold`` text of ``boilerplate/scrapinghub.jsonl`` (MIT) and
``boilerplate/readability_testpages.jsonl`` (Apache-2.0), and for French the page
text of ``boilerplate/trafilatura_snippets.jsonl`` (Apache-2.0); typing slips
from ``spelling/common-misspellings-for-machines-2020-04.txt`` (Wikipedia,
CC BY-SA, the licence the shipped dictionaries already carry). Each page is
damaged synthetically (:func:`add_noise`): glyph confusions from
``textrepair.noise.OCR_CONFUSIONS`` (a hand-written list) and the shipped OCR
prior, random character errors, lost accents, known misspellings, broken and
run-together words, at a per-page rate between 2% and 25% of the words. The
OCR dev sets (ICDAR 2017, BLN600) are never fitted on: ``--eval-ocr`` only
reports how well the fitted model is calibrated there.

For every suspect form the fixer would consider, its features and best repair
are taken from the fixer itself; the label says whether that repair makes the
token equal to the clean text. Suspects found in the clean text are added
with label 0 (any change to clean text is damage). A logistic regression (L2,
Newton iterations, so the result is deterministic) maps the features to the
probability that the repair is right: the confidence compared with
``Config.min_confidence``. Pages with an even index are fitted, odd ones held
out. Deterministic: the same inputs give the same weights.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair.candidates import OCR_PRIOR_PAIRS  # noqa: E402
from textrepair.config import Config  # noqa: E402
from textrepair.noise import OCR_CONFUSIONS  # noqa: E402
from textrepair.pairs import load_pairs  # noqa: E402
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


_WORD = re.compile(r"[^\W\d_]{2,}")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_ACCENTS = str.maketrans("éèêëàâîïôûùç", "eeeeaaiioouc")


def typos_table(data: Path) -> dict[str, list[str]]:
    """word -> its common misspellings (Wikipedia's list, CC BY-SA)."""
    out: dict[str, list[str]] = {}
    path = data / "spelling" / "common-misspellings-for-machines-2020-04.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        if "->" in line and not line.startswith("#"):
            wrong, right = line.strip().split("->", 1)
            if " " not in wrong and "," not in right and " " not in right:
                out.setdefault(right, []).append(wrong)
    return out


def _glyph_pairs() -> list[tuple[str, str]]:
    """(clean, damaged) fragments: the noise model's list and the shipped prior's pairs."""
    pairs = list(OCR_CONFUSIONS)
    for entries in OCR_PRIOR_PAIRS.values():
        pairs.extend((a, b) for a, b in entries if a and b and a.isalpha())
    return sorted(set(pairs))


_GLYPHS = _glyph_pairs()


def _char_slip(w: str, rng: random.Random) -> str:
    """One random character error: substitution, deletion, insertion or transposition."""
    k = rng.randrange(len(w))
    op = rng.randrange(4)
    if op == 0:
        return w[:k] + rng.choice(_LETTERS) + w[k + 1 :]
    if op == 1 and len(w) > 2:
        return w[:k] + w[k + 1 :]
    if op == 2:
        return w[:k] + rng.choice(_LETTERS) + w[k:]
    if k < len(w) - 1:
        return w[:k] + w[k + 1] + w[k] + w[k + 2 :]
    return w[:k] + rng.choice(_LETTERS) + w[k + 1 :]


def corrupt_word(w: str, rng: random.Random, typos: dict[str, list[str]]) -> str:
    """One realistic kind of damage: glyph confusions (one or two), a random
    character error, a lost accent, or a known misspelling."""
    lw = w.lower()
    r = rng.random()
    if lw in typos and r < 0.1:
        bad = rng.choice(typos[lw])
        return bad[:1].upper() + bad[1:] if w[:1].isupper() else bad
    if r < 0.15 and w != w.translate(_ACCENTS):
        return w.translate(_ACCENTS)
    if r < 0.75:
        out = w
        for _ in range(1 if rng.random() < 0.75 else 2):
            opts = [(a, b) for a, b in _GLYPHS if a in out]
            if not opts:
                break
            a, b = rng.choice(opts)
            at = rng.choice([k for k in range(len(out)) if out.startswith(a, k)])
            out = out[:at] + b + out[at + len(a) :]
        if out != w:
            return out
    out = _char_slip(w, rng)
    if rng.random() < 0.2:
        out = _char_slip(out, rng)
    return out


def add_noise(clean: str, rng: random.Random, typos: dict[str, list[str]], rate: float) -> str:
    """Damage about ``rate`` of the words; a tenth as often, a word broken by a
    space or a stray hyphen, or two words run together."""
    out: list[str] = []
    pos = 0
    for m in _WORD.finditer(clean):
        s, e = m.span()
        w = m.group()
        out.append(clean[pos:s])
        pos = e
        r = rng.random()
        if r < rate:
            out.append(corrupt_word(w, rng, typos))
        elif r < rate * 1.1 and len(w) >= 5:
            k = rng.randrange(2, len(w) - 1)
            out.append(w[:k] + rng.choice((" ", "- ")) + w[k:])
        elif r < rate * 1.2 and clean[e : e + 1] == " " and clean[e + 1 : e + 2].isalpha():
            out.append(w)
            pos = e + 1  # the space after the word is lost
        else:
            out.append(w)
    out.append(clean[pos:])
    return "".join(out)


def add_systematic(clean: str, rng: random.Random, share: float) -> str:
    """One glyph confusion of the page's print, made in ``share`` of the words that
    hold its clean side (a print confusing "s" and "a" writes "waa" again and again)."""
    singles = [(a, b) for a, b in _GLYPHS if len(a) == 1 and a.islower() and len(b) <= 2]
    a, b = rng.choice(singles)
    out: list[str] = []
    pos = 0
    for m in _WORD.finditer(clean):
        s, e = m.span()
        w = m.group()
        out.append(clean[pos:s])
        pos = e
        if a in w and rng.random() < share:
            at = rng.choice([k for k in range(len(w)) if w[k] == a])
            w = w[:at] + b + w[at + 1 :]
        out.append(w)
    out.append(clean[pos:])
    return "".join(out)


def clean_texts(data: Path, lang: str, cap: int | None = 6000) -> list[str]:
    """Permissively licensed modern text: the ``gold`` of the scrapinghub (MIT) and
    readability (Apache-2.0) pages, and (for languages those lack) the page text
    of trafilatura's evaluation corpus (Apache-2.0); each page's first ``cap``
    characters (None: all)."""
    bp = data / "boilerplate"
    texts: list[str] = []
    for name, field in (
        ("scrapinghub.jsonl", "gold"),
        ("readability_testpages.jsonl", "gold"),
        ("trafilatura_snippets.jsonl", "flat"),
    ):
        if field == "flat" and lang == "en":
            continue
        with (bp / name).open(encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                if r.get("lang") == lang and r.get(field):
                    texts.append(r[field][:cap])
    return texts


def synthetic_records(data: Path, lang: str, running_text: bool = False) -> list[dict[str, Any]]:
    """(ocr=damaged, gt=clean) records from clean text; each page gets a noise
    rate between 2% and 25% of its words (seeded by its position).

    With ``running_text``, for a language with a word-pair table (English), the
    whole page is taken and damaged three more times: sparsely (1% and 3% of its
    words, other seeds), so that most damaged words keep their real neighbours and
    features of the neighbours vary as in running text, not only where the damage
    is dense enough to hit the neighbours too; and with one glyph confusion of the
    page's "print" made in 30% of the words that allow it (:func:`add_systematic`),
    so that misread forms repeat as they do in OCR.
    """
    typos = typos_table(data) if lang == "en" else {}
    with_pairs = running_text and load_pairs(lang) is not None
    out = []
    for i, clean in enumerate(clean_texts(data, lang, None if with_pairs else 6000)):
        rng = random.Random(f"{lang}{i}")
        rate = rng.choice((0.02, 0.05, 0.1, 0.15, 0.25))
        out.append(
            {"ocr": add_noise(clean, rng, typos, rate), "gt": clean, "source": f"synthetic-{lang}"}
        )
        if with_pairs:
            for sparse in (0.01, 0.03):
                rng = random.Random(f"{lang}{i}/{sparse}")
                out.append(
                    {
                        "ocr": add_noise(clean, rng, typos, sparse),
                        "gt": clean,
                        "source": f"synthetic-{lang}-sparse",
                    }
                )
            rng = random.Random(f"{lang}{i}/systematic")
            out.append(
                {
                    "ocr": add_systematic(clean, rng, 0.3),
                    "gt": clean,
                    "source": f"synthetic-{lang}-systematic",
                }
            )
    return out


def weights_block(weights: dict[str, float]) -> str:
    """The weights as ``textrepair/tokens.py`` holds them, between its markers.

    >>> print(weights_block({"bias": -1.5, "margin": 0.8}))
    # BEGIN CONFIDENCE_WEIGHTS
    CONFIDENCE_WEIGHTS: dict[str, float] = {
        "bias": -1.5,
        "margin": 0.8,
    }
    # END CONFIDENCE_WEIGHTS
    """
    body = ",\n".join(f"    {json.dumps(k)}: {v}" for k, v in weights.items())
    return f"{BEGIN}\nCONFIDENCE_WEIGHTS: dict[str, float] = {{\n{body},\n}}\n{END}"


def read_weights(src: str) -> dict[str, float]:
    """The weights of the block in a source text (:func:`weights_block`'s inverse).

    >>> read_weights(weights_block({"bias": -1.5, "margin": 0.8}))
    {'bias': -1.5, 'margin': 0.8}
    """
    block = src[src.index(BEGIN) : src.index(END)]
    return {k: float(v) for k, v in re.findall(r'^\s+"(\w+)": (-?[\d.e+-]+),$', block, re.M)}


def replace_weights(src: str, weights: dict[str, float]) -> str:
    """``src`` with its weights block rewritten."""
    start, end = src.index(BEGIN), src.index(END) + len(END)
    return src[:start] + weights_block(weights) + src[end:]


def fit(
    x: np.ndarray, y: np.ndarray, l2: float, offset: np.ndarray | None = None, bias: bool = True
) -> np.ndarray:
    """Logistic regression by Newton's method; x has a bias column first (left
    unregularised) unless ``bias`` is False. ``offset`` is added to every example's
    log odds: the part of the model that stays fixed (``--extend``)."""
    w = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    if bias:
        reg[0, 0] = 0.0
    off = np.zeros(len(y)) if offset is None else offset
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w + off, -30, 30)))
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
    ap.add_argument(
        "--eval-ocr", action="store_true", help="report calibration on the OCR dev sets"
    )
    ap.add_argument("--eval-limit", type=int, default=300, help="OCR records per language")
    ap.add_argument("--write", action="store_true")
    ap.add_argument(
        "--extend",
        nargs="+",
        metavar="FEATURE",
        help="fit only these features' weights, the others kept as they are (their "
        "sum an offset of each example's log odds): a feature that is 0 where it does "
        "not apply (the word pairs outside English) then changes no other decision",
    )
    ap.add_argument(
        "--running-text",
        action="store_true",
        help="English (languages with a pair table): whole pages, and each damaged "
        "three more times (sparse 1%% and 3%%, one systematic glyph confusion)",
    )
    args = ap.parse_args(argv)
    import textrepair.tokens as tokens_module

    fixed = dict(tokens_module.CONFIDENCE_WEIGHTS)
    if args.extend:
        # The live model without the new features: the examples are what it sees.
        for k in args.extend:
            tokens_module.CONFIDENCE_WEIGHTS.pop(k, None)
            fixed.pop(k, None)
    else:
        tokens_module.CONFIDENCE_WEIGHTS.clear()  # features must not depend on old weights
    cfg = Config()
    stage = TokenStage(cfg)
    data: dict[str, list[tuple[dict[str, float], int, str]]] = {"even": [], "odd": [], "ocr": []}
    for lang in ("en", "fr"):
        records = synthetic_records(args.data, lang, args.running_text)
        for part, rem in (("even", 0), ("odd", 1)):
            chosen = [r for i, r in enumerate(records) if i % 2 == rem]
            data[part].extend(examples(stage, lang, chosen))
        if args.eval_ocr:
            with (args.data / "ocr" / f"{lang}-dev.jsonl").open(encoding="utf-8") as f:
                ocr = [json.loads(line) for line in f]
            data["ocr"].extend(examples(stage, lang, ocr[: args.eval_limit]))
    names = sorted(data["even"][0][0])
    x_tr = np.array([[1.0] + [f[k] for k in names] for f, _, _ in data["even"]])
    y_tr = np.array([y for _, y, _ in data["even"]], dtype=float)
    if args.extend:
        cols = [1 + names.index(k) for k in args.extend]
        others = [i for i, k in enumerate(names, 1) if i not in cols]
        offset = fixed["bias"] + x_tr[:, others] @ np.array(
            [fixed.get(names[i - 1], 0.0) for i in others]
        )
        for k, c in zip(args.extend, cols):
            v = x_tr[:, c]
            print(
                f"   {k}: non-zero in {int((v != 0).sum())} of {len(v)} examples, "
                f"mean {v.mean():+.3f}, sd {v.std():.3f}"
            )
        # Scaled, not centred: without a bias column of their own, a shift would
        # move every example's log odds (and every other language's decisions).
        sd = x_tr[:, cols].std(axis=0) + 1e-9
        w = fit(x_tr[:, cols] / sd, y_tr, args.l2, offset=offset, bias=False)
        new_w = {k: round(float(v), 5) for k, v in zip(args.extend, w / sd)}
        weights = {"bias": fixed["bias"]} | {k: new_w.get(k, fixed.get(k, 0.0)) for k in names}
    else:
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

    def predict(x: np.ndarray, model: dict[str, float] | None = None) -> np.ndarray:
        m = weights if model is None else model
        zz = m["bias"] + x[:, 1:] @ np.array([m.get(k, 0.0) for k in names])
        return 1.0 / (1.0 + np.exp(-np.clip(zz, -30, 30)))

    if args.extend:
        report(
            "dev (even), without the new features", predict(x_tr, fixed), y_tr, cfg.min_confidence
        )
        report(
            "held-out (odd), without the new features",
            predict(x_te, fixed),
            y_te,
            cfg.min_confidence,
        )

    report("dev (even)", predict(x_tr), y_tr, cfg.min_confidence)
    report("held-out (odd)", predict(x_te), y_te, cfg.min_confidence)
    if data["ocr"]:
        x_oc = np.array([[1.0] + [f[k] for k in names] for f, _, _ in data["ocr"]])
        y_oc = np.array([y for _, y, _ in data["ocr"]], dtype=float)
        report("OCR dev sets (evaluation only)", predict(x_oc), y_oc, cfg.min_confidence)
    for k in names:
        print(f"   {k:14s} {weights[k]:+.4f}")
    print(f"   {'bias':14s} {weights['bias']:+.4f}")
    if args.write:
        path = ROOT / "textrepair" / "tokens.py"
        src = path.read_text(encoding="utf-8")
        path.write_text(replace_weights(src, weights), encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
