"""A pytest plugin that counts Hypothesis test cases per property and status, for long runs.

Hypothesis's own statistics appear only when a test finishes; a long-profile run
stopped at a deadline would report nothing. This plugin counts every test case
as it is run (through Hypothesis's observability callbacks) and writes a JSON
snapshot every 200 cases and at exit::

    TEXTREPAIR_HYPOTHESIS_COUNTS=counts.json HYPOTHESIS_PROFILE=long \\
    pytest -p tests.hypothesis_counter tests/test_properties.py::test_idempotent

With observability on, Hypothesis also records the line coverage of every test
case (which made the session-3 runs about five times slower); the plugin turns
that off. Do not use ``HYPOTHESIS_EXPERIMENTAL_OBSERVABILITY_NOCOVER`` for the
same purpose: it also writes every test case to ``.hypothesis/observed`` (about
1.4 kB each, and half the speed again). ``"gave_up"`` in the counts is
Hypothesis's status for an invalid example (a failed ``assume`` or filter).
The callback API is internal to Hypothesis (``hypothesis.internal``): if it
moves, the plugin says so and counts nothing rather than failing the run.
"""

from __future__ import annotations

import atexit
import json
import os
import time
import warnings
from collections import Counter
from typing import Any

_OUT = os.environ.get("TEXTREPAIR_HYPOTHESIS_COUNTS")
_counts: Counter[tuple[str, str]] = Counter()
_start = time.time()


def _dump() -> None:
    if not _OUT:
        return
    snapshot = {
        "elapsed_wall": time.time() - _start,
        "cpu": time.process_time(),
        "counts": {f"{prop}|{status}": n for (prop, status), n in sorted(_counts.items())},
    }
    tmp = _OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(snapshot, f, indent=1)
    os.replace(tmp, _OUT)


def _observe(observation: Any) -> None:
    if getattr(observation, "type", None) != "test_case":
        return
    _counts[(str(observation.property), str(observation.status))] += 1
    if sum(_counts.values()) % 200 == 0:
        _dump()


def pytest_configure(config: Any) -> None:
    if not _OUT:
        warnings.warn("TEXTREPAIR_HYPOTHESIS_COUNTS is not set: nothing is counted", stacklevel=1)
        return
    try:
        from hypothesis.internal import observability
        from hypothesis.internal.observability import add_observability_callback
    except ImportError:
        warnings.warn(
            "this Hypothesis has no observability callbacks: nothing is counted", stacklevel=1
        )
        return
    # Read at each test case (core.py): counting must not trace every line.
    observability.OBSERVABILITY_COLLECT_COVERAGE = False
    add_observability_callback(_observe)
    atexit.register(_dump)
