"""Shared test helpers: paths to test data and the inputs every replay test runs on."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings

from textrepair import Edit, apply_edits

# Tests never write to the user's resource cache (textrepair.resource_cache): a
# fresh directory per session, inherited by the worker processes tests start.
if "TEXTREPAIR_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="textrepair-test-cache-")
    os.environ["TEXTREPAIR_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, True)

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent

# "ci" is fast enough for every run; "long" is the on-demand deep run (see tests/README.md).
# "ci" draws the same examples on every run (derandomize): a run that passed passes
# again on a clean checkout; the search for new failures is the long profile's job.
settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
settings.register_profile("dev", max_examples=25, deadline=None)
settings.register_profile(
    "long", max_examples=100_000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def all_test_inputs() -> list[tuple[str, str]]:
    """(label, text) for every text input in tests/data and examples/: the replay corpus."""
    inputs: list[tuple[str, str]] = []
    for path in sorted(DATA.glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                record = json.loads(line)
                text = record.get("input", record.get("text"))
                if isinstance(text, str):
                    inputs.append((f"{path.name}:{n}", text))
    for path in sorted([*DATA.glob("*.txt"), *(ROOT / "examples").glob("*.txt")]):
        inputs.append((path.name, path.read_text(encoding="utf-8")))
    ftfy_cases = DATA / "ftfy_test_cases.json"
    if ftfy_cases.exists():
        for case in json.loads(ftfy_cases.read_text(encoding="utf-8")):
            inputs.append((f"ftfy:{case['label']}", case["original"]))
    return inputs


def check_edits(text: str, out: str, edits: list[Edit], stage: str | None = None) -> None:
    """The edit contract every stage and the pipeline keep.

    Replaying ``edits`` on ``text`` gives ``out``; spans are in bounds, match
    ``before``, are sorted and do not overlap; each edit changes something and
    has a confidence in [0, 1] (and the given ``stage``, if any).
    """
    assert apply_edits(text, edits) == out
    last = 0
    for e in edits:
        assert last <= e.start <= e.end <= len(text), "edits must be sorted and not overlap"
        assert text[e.start : e.end] == e.before
        assert e.before != e.after
        assert 0.0 <= e.confidence <= 1.0
        if stage is not None:
            assert e.stage == stage
        last = e.end


def page_cases(name: str) -> list[dict[str, object]]:
    """The boilerplate page cases of ``tests/data/<name>`` (JSONL, blank lines skipped)."""
    text = (DATA / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def page_failures(case: dict, strip: bool = False) -> tuple[list[str], list[str]]:
    """(content lines removed, boilerplate lines kept) when the boilerplate stage
    reads one page case; ``strip`` compares the expected lines without their
    surrounding spaces."""
    from textrepair.boilerplate import BoilerplateStage
    from textrepair.config import Config
    from textrepair.stage import Context

    config = Config()
    out, edits = BoilerplateStage(config).process(case["input"], Context(case["lang"], config))
    check_edits(case["input"], out, edits, stage="boilerplate")
    kept = {line.strip() for line in out.split("\n")}

    def norm(line: str) -> str:
        return line.strip() if strip else line

    lost = [line for line in case["expected"]["keep"] if norm(line) not in kept]
    left = [line for line in case["expected"]["remove"] if norm(line) in kept]
    return lost, left


def cases_of(cases: list[dict], rule: str) -> list[dict]:
    """The page cases of one rule (labels ``rule/...``)."""
    return [c for c in cases if str(c["label"]).startswith(rule + "/")]


def assert_page_case(case: dict, strip: bool = False) -> None:
    """The boilerplate stage keeps every ``keep`` line of a page case and removes
    every ``remove`` line (see :func:`page_failures`)."""
    lost, left = page_failures(case, strip=strip)
    assert not lost, f"content lines removed: {lost}"
    assert not left, f"boilerplate lines kept: {left}"
