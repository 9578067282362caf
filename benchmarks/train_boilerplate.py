"""Fit the boilerplate stage's page model (``textrepair/boilerplate_model.py``)
on the development half of the benchmark pages, and write its data file.

Usage (from the repository root)::

    python benchmarks/train_boilerplate.py            # cross-validate on dev, print
    python benchmarks/train_boilerplate.py --write    # also write the model file

Only development pages (even index in each file, as in ``bench_boilerplate.py``)
are read: their rows, labels and scores. The stage runs with the page model
switched off; each kept line of a page with a page layout gets its row
(:func:`textrepair.boilerplate_model.cluster_rows`) and a label: content if it
occurs in the gold text (the whole gold line for lines under 25 characters),
or for the snippet file if it holds a ``with`` snippet (content) or a
``without`` one (furniture; other lines unlabelled). Lines are weighted by the
square root of their length. The model is an L2-regularised logistic
regression (Newton's method, numpy at training time only).

The threshold and the regularisation are chosen by cross-validation over dev
pages (``--folds`` folds, pages dealt round-robin): for each fold the model is
fitted on the other folds' pages, and the pages of the fold are scored with the
clusters it removes (bag-of-words F1 for the gold files, snippets for the
snippet file, must-keep = ``with`` snippets kept). The pair kept is the one with
the best mean F1 gain over the three files whose must-keep loss on the folds is
at most ``--max-keep-loss`` snippets; the shipped model is then fitted on all
dev pages.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
from bench_boilerplate import bow_f1, load, snippet_counts  # noqa: E402

import textrepair.boilerplate as bp  # noqa: E402
from textrepair.boilerplate_model import FEATURES, PageModel, cluster_rows  # noqa: E402
from textrepair.config import Config  # noqa: E402
from textrepair.stage import Context  # noqa: E402


def page_state(page: dict[str, Any], config: Config) -> dict[str, Any] | None:
    """The stage's view of one page without the page model: lines, kept flags,
    rows of the kept lines; ``None`` when the page has no layout to judge."""
    stage = bp.BoilerplateStage(config)
    text, lang = page["flat"], page["lang"]
    if "\n" not in text.strip():
        return None
    doc = bp._analyse_or_skip(text, lang, skip=True)
    if doc is None or len(doc.stripped) < 2:
        return None
    removed = stage._decide(doc, Context(lang, config), page_model=False)
    if not bp._has_layout(doc, bp._table_lines(doc)):
        return None
    keep = [j not in removed for j in range(len(doc.stripped))]
    chars = list(map(len, doc.stripped))
    total = sum(chars)
    kept = sum(c for c, k in zip(chars, keep) if k)
    if kept < config.boilerplate_min_keep * total and not bp._keeps_paragraphs(doc, removed):
        return None  # the stage keeps the whole page
    rows = cluster_rows(
        doc.z, chars, doc.good, doc.short, keep, bp._body_start(doc),
        doc.terminal, doc.words, doc.categories,
    )  # fmt: skip
    return {"doc": doc, "keep": keep, "rows": rows, "chars": chars, "removed": removed}


def label(line: str, page: dict[str, Any], gold_lines: set[str]) -> float | None:
    gold = page.get("gold")
    if gold:
        return float(line in gold_lines) if len(line) < 25 else float(line in gold)
    if any(w in line for w in page["with"]):
        return 1.0
    if any(w in line for w in page["without"]):
        return 0.0
    return None


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float) -> np.ndarray:
    """Weighted L2-regularised logistic regression (bias not penalised)."""
    w = w / w.mean()
    beta = np.zeros(x.shape[1])
    pen = np.full(x.shape[1], l2)
    pen[0] = 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-(x @ beta)))
        grad = x.T @ ((p - y) * w) / len(y) + pen * beta
        hess = (
            (x * (p * (1 - p) * w)[:, None]).T @ x / len(y)
            + np.diag(pen)
            + 1e-9 * np.eye(len(beta))
        )
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-9:
            break
    return beta


def score(page: dict[str, Any], state: dict[str, Any] | None, drop: set[int]) -> Any:
    """The page's score with the lines the stage removes plus ``drop`` removed."""
    if state is None:
        out = bp.BoilerplateStage(Config()).process(page["flat"], Context(page["lang"], Config()))[
            0
        ]
    else:
        doc = state["doc"]
        out = "\n".join(s for j, s in enumerate(doc.stripped) if state["keep"][j] and j not in drop)
    return bow_f1(out, page["gold"]) if page.get("gold") else snippet_counts(out, page)


def labelled(
    dev: list[tuple[str, dict[str, Any], dict[str, Any] | None]],
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per dev page: the rows, labels and weights the model is fitted on (the
    labelled lines of the clusters other than the biggest)."""
    width = len(FEATURES)
    data = []
    for _, page, state in dev:
        xs, ys, ws = [], [], []
        if state is not None:
            gold = page.get("gold")
            gold_lines = {g.strip() for g in gold.split("\n")} if gold else set()
            for j, row in state["rows"].items():
                s = state["doc"].stripped[j]
                y = label(s, page, gold_lines)
                if y is not None:
                    xs.append(row)
                    ys.append(y)
                    ws.append(math.sqrt(len(s)))
        data.append((np.array(xs).reshape(-1, width), np.array(ys), np.array(ws)))
    return data


def fit_all(data: list[tuple[np.ndarray, np.ndarray, np.ndarray]], l2: float) -> np.ndarray:
    used = [d for d in data if len(d[1])]
    x = np.concatenate([d[0] for d in used])
    y = np.concatenate([d[1] for d in used])
    w = np.concatenate([d[2] for d in used])
    return fit(x, y, w, l2)


def dropped(model: PageModel, state: dict[str, Any] | None) -> set[int]:
    """The lines ``model`` removes from a page the rules left as ``state``."""
    if state is None:
        return set()
    doc = state["doc"]
    stops = bp._heading_lines(doc, state["keep"])
    return set(model.furniture(state["rows"], state["chars"], state["keep"], stops))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--max-keep-loss", type=int, default=1)
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args(argv)
    config = Config()
    pages = load(args.data)
    dev: list[tuple[str, dict[str, Any], dict[str, Any] | None]] = []
    for name, rows in pages.items():
        for i, page in enumerate(rows):
            if i % 2 == 0:  # development half only
                dev.append((name, page, page_state(page, config)))
    print(f"{len(dev)} dev pages, {sum(s is not None for _, _, s in dev)} with a layout")
    base = [score(page, state, set()) for _, page, state in dev]
    folds = [i % args.folds for i in range(len(dev))]

    def summary(scores: list[Any]) -> dict[str, float]:
        out: dict[str, float] = {}
        for name in pages:
            got = [s for (nm, _, _), s in zip(dev, scores) if nm == name]
            if isinstance(got[0], float):
                out[name] = sum(got) / len(got)
            else:
                tp, fp, fn = (sum(c[k] for c in got) for k in range(3))
                out[name] = 2 * tp / (2 * tp + fp + fn)
                out["keep"] = tp / (tp + fn)
                out["tp"] = tp
        return out

    def cross_validate(make: Callable[[np.ndarray], PageModel], data: Any, l2: float) -> Any:
        """The dev pages' scores, each page's lines removed by a model fitted
        on the other folds."""
        scores = list(base)
        for f in range(args.folds):
            beta = fit_all([d for d, k in zip(data, folds) if k != f], l2)
            model = make(beta)
            for i, (_, page, state) in enumerate(dev):
                if folds[i] == f:
                    drop = dropped(model, state)
                    if drop:
                        scores[i] = score(page, state, drop)
        return scores

    b = summary(base)
    print("dev, rules only: " + ", ".join(f"{k} {v:.4f}" for k, v in b.items()))
    zero = (0.0,) * len(FEATURES)
    data = labelled(dev)
    best: tuple[float, float, float] | None = None
    for l2 in (1e-3, 1e-2, 1e-1):
        for t in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3):
            s = summary(cross_validate(lambda beta, t=t: PageModel(tuple(beta), t), data, l2))
            gain = sum(s[name] - b[name] for name in pages) / len(pages)
            lost = int(b["tp"] - s["tp"])
            print(
                f"l2 {l2:g} t {t:.2f}: "
                + ", ".join(f"{k} {v - b[k]:+.4f}" for k, v in s.items() if k != "tp")
                + f"; must-keep lost {lost}, mean gain {gain:+.4f}"
            )
            if lost <= args.max_keep_loss and (best is None or gain > best[0]):
                best = (gain, l2, t)
    print(f"chosen (gain, l2, threshold): {best}")
    if not args.write:
        return 0
    model = PageModel(zero, 1e-9)  # no evidence: removes nothing
    if best is not None:
        _, l2, threshold = best
        model = PageModel(tuple(round(float(v), 4) for v in fit_all(data, l2)), threshold)
    s = summary([score(p, st, dropped(model, st)) for _, p, st in dev])
    gains = ", ".join(f"{k} {v - b[k]:+.4f}" for k, v in s.items() if k != "tp")
    print(f"dev, fitted on all dev pages (in sample): {gains}")
    path = ROOT / "textrepair" / "lexicons" / "page_model.json"
    path.write_text(model.to_json(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
