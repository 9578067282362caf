"""The boilerplate stage's page model: which kept stretches of a page are
still furniture, judged from the context of the whole page.

After the stage's rules have decided, the lines a page keeps fall into
*clusters* (kept lines with fewer than :data:`GAP` removed lines between
them). The article is usually one big cluster; a sidebar, a teaser list or a
comment thread that survived the rules is a smaller one, apart from it. Each
kept line gets a row of context features (:data:`FEATURES`): its own line
score, its neighbours' scores, its cluster's size beside the biggest one, the
cluster's share of paragraphs and of short link-like lines, its place before or
after the biggest cluster, and whether it holds the page's biggest block of
paragraphs (the biggest cluster itself is not judged). A logistic model over
these rows, fitted on the development half of the benchmark pages
(``benchmarks/train_boilerplate.py``), gives each kept line's probability of
being content; a cluster other than the biggest whose probability, weighted
by its lines' characters, is below the model's threshold goes (reason
``"page-furniture"``), unless it holds the title, the headline or a heading
(the stage passes those lines as ``stop``).

The weights ship as a data file beside the lexicons
(``textrepair/lexicons/page_model.json``), read once on first use. Inference
is plain Python over the arrays the stage already has.

>>> rows = cluster_rows([-1.0, -3.0, 0, 0, 0, 1.5], [40, 5, 20, 20, 20, 60],
...                     [False, False, False, False, False, True], [True] * 6,
...                     [True, True, False, False, False, True], 5)
>>> sorted(rows), len(rows[0]) == len(FEATURES)
([0, 1], True)
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import compress
from operator import mul

__all__ = [
    "FEATURES",
    "GAP",
    "PageModel",
    "cluster_rows",
    "clusters",
    "load_page_model",
]

#: Removed lines that split two clusters of kept lines.
GAP = 3

#: Feature names of a kept line's row, in the order of the model's weights.
FEATURES: tuple[str, ...] = (
    "bias",
    "z",
    "z_prev",
    "z_next",
    "cluster_mean_z",
    "cluster_share",
    "cluster_has_body",
    "cluster_good_share",
    "cluster_short_share",
    "cluster_log_lines",
    "before_biggest",
    "after_biggest",
    "distance",
    "good",
    "short",
    "clusters_log",
    "cluster_terminal_share",
    "cluster_log_words",
    "gap_log_lines",
    "gap_interface_share",
)

# Line scores are clipped: a 40-word paragraph and a 400-word one are alike here.
_Z_CLIP = 6.0


def _clip(z: float) -> float:
    return -_Z_CLIP if z < -_Z_CLIP else _Z_CLIP if z > _Z_CLIP else z


def clusters(keep: Sequence[bool], gap: int = GAP) -> list[tuple[int, int]]:
    """The clusters of kept lines: (first, last) line, inclusive; fewer than
    ``gap`` removed lines between two kept lines keep them in one cluster.

    >>> clusters([True, False, True, False, False, False, True])
    [(0, 2), (6, 6)]
    """
    out: list[tuple[int, int]] = []
    last = -(gap + 1)
    for j in compress(range(len(keep)), keep):
        if out and j - last <= gap:
            out[-1] = (out[-1][0], j)
        else:
            out.append((j, j))
        last = j
    return out


def cluster_rows(
    z: Sequence[float],
    chars: Sequence[int],
    good: Sequence[bool],
    short: Sequence[bool],
    keep: Sequence[bool],
    body: int,
    terminal: Sequence[bool] | None = None,
    words: Sequence[int] | None = None,
    interface: Sequence[object] | None = None,
    *,
    spans: list[tuple[int, int]] | None = None,
) -> dict[int, list[float]]:
    """The feature row (:data:`FEATURES`) of each kept line outside the biggest
    cluster (the one the model never judges). ``z`` are the line
    model's scores, ``chars`` the lines' lengths, ``good`` and ``short`` the
    paragraph and short-line flags, ``body`` the first line of the biggest
    block of paragraphs (-1 when there is none); ``terminal`` (closing
    punctuation), ``words`` and ``interface`` (true for a lexicon phrase) per line, or
    ``None`` for none. ``spans`` are :func:`clusters`'s, when the caller has
    them.

    >>> keep = [True, True, False, False, False, True]
    >>> rows = cluster_rows([1.0, 2.0, 0, 0, 0, 1.0], [50] * 5 + [200], [True] * 6,
    ...                     [False] * 6, keep, 5)
    >>> rows[1][FEATURES.index("z_prev")], rows[1][FEATURES.index("before_biggest")]
    (1.0, 1.0)
    """
    if spans is None:
        spans = clusters(keep)
    rows: dict[int, list[float]] = {}
    if not spans:
        return rows
    n = len(keep)
    if terminal is None:
        terminal = [False] * n
    if words is None:
        words = [0] * n
    if interface is None:
        interface = [False] * n
    sizes = []
    for lo, hi in spans:
        sizes.append(sum(chars[j] for j in range(lo, hi + 1) if keep[j]))
    total = sum(sizes) or 1
    big = max(range(len(spans)), key=sizes.__getitem__)
    big_lo, big_hi = spans[big]
    clusters_log = math.log(len(spans))
    for c, (lo, hi) in enumerate(spans):
        if c == big:
            continue
        kept = [j for j in range(lo, hi + 1) if keep[j]]
        m = len(kept)
        mean_z = sum(_clip(z[j]) for j in kept) / m
        size = sizes[c] or 1
        good_share = sum(chars[j] for j in kept if good[j]) / size
        short_share = sum(1 for j in kept if short[j]) / m
        has_body = 1.0 if lo <= body <= hi else 0.0
        before = 1.0 if c < big else 0.0
        after = 1.0 - before
        if c < big:
            distance = (big_lo - hi) / n
            gap_lo, gap_hi = hi + 1, spans[c + 1][0]
        else:
            distance = (lo - big_hi) / n
            gap_lo, gap_hi = spans[c - 1][1] + 1, lo
        # the removed lines between the cluster and its neighbour towards the
        # biggest one: how far apart, and how much of it the lexicon knows
        gap_n = gap_hi - gap_lo
        gap_hits = sum(1 for j in range(gap_lo, gap_hi) if interface[j])
        gap_interface = gap_hits / gap_n if gap_n else 0.0
        tail = [
            clusters_log,
            sum(1 for j in kept if terminal[j]) / m,
            math.log(1.0 + sum(words[j] for j in kept) / m),
            math.log(1.0 + gap_n),
            gap_interface,
        ]
        head = [
            1.0,
            0.0,
            0.0,
            0.0,
            mean_z,
            sizes[c] / total,
            has_body,
            good_share,
            short_share,
            math.log(m),
            before,
            after,
            distance,
        ]
        for i, j in enumerate(kept):
            row = list(head)
            row[1] = _clip(z[j])
            row[2] = _clip(z[kept[i - 1]]) if i else 0.0
            row[3] = _clip(z[kept[i + 1]]) if i + 1 < m else 0.0
            row.extend((1.0 if good[j] else 0.0, 1.0 if short[j] else 0.0))
            row.extend(tail)
            rows[j] = row
    return rows


def _logistic(weights: Sequence[float], row: Sequence[float]) -> float:
    s = sum(map(mul, weights, row))
    if s >= 0:
        return 1.0 / (1.0 + math.exp(-s))
    e = math.exp(s)
    return e / (1.0 + e)


@dataclass(frozen=True)
class PageModel:
    """A logistic model over :data:`FEATURES` (``weights``) and the threshold
    below which a cluster apart from the biggest is furniture."""

    weights: tuple[float, ...]
    threshold: float

    def probability(self, row: Sequence[float]) -> float:
        """The probability that a line with ``row`` is content.

        >>> PageModel((0.0,) * len(FEATURES), 0.5).probability([1.0] * len(FEATURES))
        0.5
        """
        return _logistic(self.weights, row)

    def furniture(
        self,
        rows: dict[int, list[float]],
        chars: Sequence[int],
        keep: Sequence[bool],
        stop: Collection[int] = (),
    ) -> list[int]:
        """The kept lines of every cluster but the biggest whose character-weighted
        content probability is below :attr:`threshold`, in order; a cluster
        holding a line of ``stop`` (the headline) stays."""
        groups = self.furniture_clusters(rows, chars, keep)
        return [j for g in groups if not any(j in stop for j in g) for j in g]

    def furniture_clusters(
        self,
        rows: dict[int, list[float]],
        chars: Sequence[int],
        keep: Sequence[bool],
        spans: list[tuple[int, int]] | None = None,
    ) -> list[list[int]]:
        """:meth:`furniture`'s clusters (their kept lines) before the ``stop``
        test; ``spans`` are :func:`clusters`'s, when the caller has them."""
        out: list[list[int]] = []
        for lo, hi in clusters(keep) if spans is None else spans:
            if lo not in rows:
                continue  # the biggest cluster: never judged, it has no rows
            kept = list(compress(range(lo, hi + 1), keep[lo : hi + 1]))
            weight = sum(chars[j] for j in kept) or 1
            p = sum(self.probability(rows[j]) * chars[j] for j in kept) / weight
            if p < self.threshold:
                out.append(kept)
        return out

    def to_json(self) -> str:
        """The model as the shipped file holds it.

        >>> m = PageModel((0.5,) * len(FEATURES), 0.2)
        >>> PageModel.from_json(m.to_json()) == m
        True
        """
        data: dict[str, object] = {"features": list(FEATURES), "weights": list(self.weights)}
        data["threshold"] = self.threshold
        return json.dumps(data, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> PageModel:
        """Reads :meth:`to_json`'s output; the feature names must match."""
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise ValueError("page model: feature names differ from this version's")
        weights = tuple(float(w) for w in data["weights"])
        if len(weights) != len(FEATURES):
            raise ValueError("page model: one weight per feature expected")
        return cls(weights, float(data["threshold"]))


_LOCK = threading.Lock()
_MODEL: list[PageModel] = []


def load_page_model() -> PageModel:
    """The shipped model, read on first use.

    >>> load_page_model() is load_page_model()
    True
    """
    if not _MODEL:
        with _LOCK:
            if not _MODEL:
                path = resources.files("textrepair").joinpath("lexicons/page_model.json")
                _MODEL.append(PageModel.from_json(path.read_text(encoding="utf-8")))
    return _MODEL[0]
