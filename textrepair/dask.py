"""Repairing Dask collections, for corpora beyond one machine (``pip install textrepair[dask]``).

Each worker process builds one :class:`~textrepair.Repairer` per
configuration and keeps it, so dictionaries are loaded on the worker once
and never shipped with the tasks: a task carries only the small, picklable
:class:`~textrepair.Config` (or a fitted repairer's learned statistics).

>>> import dask.bag as db
>>> bag = db.from_sequence(["caf\\u00c3\\u00a9", "fish &amp; chips"], npartitions=2)
>>> repair_bag(bag, lang="en").compute(scheduler="sync")
['café', 'fish & chips']
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from .config import Config
from .pipeline import Repairer, _check_lang

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import distributed
    import pandas as pd

__all__ = ["ordered_cluster_map", "repair_bag", "repair_frame"]

S = TypeVar("S")
T = TypeVar("T")
R = TypeVar("R")

# One Repairer per (lang, config) per worker process, kept between tasks.
_worker_cache: dict[tuple[str, Config], Repairer] = {}


def _repairer(lang: str, config: Config) -> Repairer:
    r = _worker_cache.get((lang, config))
    if r is None:
        r = _worker_cache[(lang, config)] = Repairer(lang, config)
    return r


def _repair_partition(
    items: list[Any], lang: str, config: Config, text_key: str | None
) -> list[Any]:
    r = _repairer(lang, config)
    if text_key is None:
        return [r.repair(text).text for text in items]
    out = []
    for record in items:
        if not isinstance(record, dict):
            raise TypeError(f"with text_key, items must be dicts, not {type(record).__name__}")
        if text_key not in record:
            raise KeyError(f"record has no {text_key!r} field: {sorted(record)[:10]}")
        new = dict(record)  # never mutate the caller's records
        new[text_key] = r.repair(record[text_key]).text
        out.append(new)
    return out


def _settings(lang: str, config: Config | None, options: dict[str, Any]) -> tuple[str, Config]:
    # Validate on the client, so a typo fails before anything is scheduled.
    return _check_lang(lang), Config.from_options(config, **options)


def repair_bag(
    bag: dask.bag.Bag,
    *,
    lang: str = "auto",
    text_key: str | None = None,
    config: Config | None = None,
    **options: Any,
) -> dask.bag.Bag:
    """A bag of repaired texts (or, with ``text_key``, of records with that field repaired).

    Records are copied, never mutated; every other field passes through.
    Order and partitioning are kept.
    """
    lang, cfg = _settings(lang, config, options)
    repaired: dask.bag.Bag = bag.map_partitions(_repair_partition, lang, cfg, text_key)  # type: ignore[no-untyped-call]
    return repaired


def _repair_series(series: pd.Series, lang: str, config: Config) -> pd.Series:
    r = _repairer(lang, config)
    return series.map(lambda t: r.repair(t).text if isinstance(t, str) else t)


def repair_frame(
    df: dask.dataframe.DataFrame,
    column: str,
    *,
    lang: str = "auto",
    config: Config | None = None,
    **options: Any,
) -> dask.dataframe.DataFrame:
    """``df`` with ``column`` repaired; missing values (None/NaN) pass through."""
    lang, cfg = _settings(lang, config, options)
    if column not in df.columns:
        raise KeyError(f"no column {column!r}; columns: {list(df.columns)}")
    repaired = df[column].map_partitions(_repair_series, lang, cfg, meta=df[column]._meta)
    result: dask.dataframe.DataFrame = df.assign(**{column: repaired})
    return result


def ordered_cluster_map(
    client: distributed.Client,
    fn: Callable[[S, T], R],
    items: Iterable[T],
    shared: S,
    *,
    in_flight: int | None = None,
) -> Iterator[R]:
    """Yield ``fn(shared, item)`` for each item, computed on the cluster, in input order.

    ``shared`` (e.g. a job description) is sent to every worker once; items
    are submitted as they are read, with at most ``in_flight`` tasks pending
    (default: twice the cluster's threads), so a stream larger than memory
    goes through with bounded memory on the client and the scheduler. This
    is what ``textrepair --engine dask`` uses.
    """
    if in_flight is None:
        in_flight = 2 * max(sum(client.nthreads().values()), 1)  # type: ignore[no-untyped-call]
    [shared_future] = client.scatter([shared], broadcast=True, hash=False)  # type: ignore[no-untyped-call]
    pending: deque[Any] = deque()
    try:
        for item in items:
            # pure=False: two equal chunks are still two tasks with their own results.
            pending.append(client.submit(fn, shared_future, item, pure=False))
            if len(pending) >= in_flight:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()
