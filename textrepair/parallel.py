"""An order-preserving parallel map with bounded memory, for repair_many and the CLI.

``multiprocessing.Pool.imap`` reads its whole input ahead in a feeder
thread, which defeats streaming a corpus larger than memory; here at most
``in_flight`` chunks (by default ``workers * 2``) are in flight at any time.

>>> list(ordered_map(abs, [-1, 2, -3], workers=1))
[1, 2, 3]
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["ordered_map"]

_state: dict[str, Any] = {}


def _init(
    fn: Callable[[Any], Any], initializer: Callable[..., None] | None, args: tuple[Any, ...]
) -> None:
    _state["fn"] = fn
    if initializer is not None:
        initializer(*args)


def _run_chunk(chunk: list[Any]) -> list[Any]:
    fn = _state["fn"]
    return [fn(item) for item in chunk]


def ordered_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    chunksize: int = 64,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    in_flight: int | None = None,
) -> Iterator[R]:
    """Yield ``fn(item)`` for each item, in input order, using ``workers`` processes.

    ``fn`` and ``initializer`` must be picklable (module-level functions).
    Processes are started with "spawn" so that behaviour does not depend on
    the platform's default start method; ``initializer(*initargs)`` runs
    once in each worker, e.g. to load dictionaries once. A larger
    ``in_flight`` keeps workers busy while one slow chunk holds up the
    output (results are yielded in order), at the cost of memory.
    """
    if workers <= 1:
        if initializer is not None:
            initializer(*initargs)
        for item in items:
            yield fn(item)
        return
    window = max(in_flight or workers * 2, workers)
    ctx = multiprocessing.get_context("spawn")
    it = iter(items)
    with ctx.Pool(workers, initializer=_init, initargs=(fn, initializer, initargs)) as pool:
        pending: deque[Any] = deque()
        exhausted = False
        while True:
            while not exhausted and len(pending) < window:
                chunk = list(islice(it, chunksize))
                if chunk:
                    pending.append(pool.apply_async(_run_chunk, (chunk,)))
                else:
                    exhausted = True
            if not pending:
                break
            yield from pending.popleft().get()
