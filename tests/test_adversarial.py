"""Adversarial input: no pattern or loop may go quadratic on text built to make it.

Each case is run at two sizes, the second four times the first; the time must
not grow much more than fourfold (linear work shows as 4x, quadratic as 16x:
the wide gap keeps a noisy machine from deciding the verdict). Bounds are generous, times are
CPU times (best of two runs), and sizes are small enough for CI: the 1 MB and 100 MB
numbers are measured in ``benchmarks/bench_adversarial.py``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest

from textrepair import Config, Repairer
from textrepair.boilerplate import BoilerplateStage
from textrepair.encoding import EncodingStage
from textrepair.langdetect import detect_language
from textrepair.stage import Context
from textrepair.tokens import TokenStage

from .conftest import DATA

N = 25_000  # characters; every case is also run at 4 * N
MAX_RATIO = 8.0  # time(4N) / time(N); linear is 4, quadratic 16
MAX_SECONDS = 5.0  # at 4N, for one stage: generous, the machine running CI may be busy
FLOOR = 0.1  # seconds: below this, a busy machine's noise decides the ratio: not checked


def _repeat(unit: str, n: int) -> str:
    """Whole copies of ``unit``: a cut one would make the two sizes different cases."""
    return unit * max(1, n // len(unit))


def _random(alphabet: str, n: int) -> str:
    return "".join(random.Random(0).choices(alphabet, k=n))


def _punctuation_lines(n: int) -> str:
    rng = random.Random(1)
    marks = ["...", "!!!", "- - -", "*", "|", "»", "—", "?!", "•", "::", "()", "--", "#"]
    return "\n".join(rng.choice(marks) for _ in range(n // 3))[:n]


SEED = (DATA / "seed-fr.txt").read_text(encoding="utf-8")

CASES: dict[str, Callable[[int], str]] = {
    "a": lambda n: "a" * n,
    "space": lambda n: " " * n,
    "hyphen": lambda n: "-" * n,
    "newline": lambda n: "\n" * n,
    "dot": lambda n: "." * n,
    "e-acute": lambda n: "é" * n,
    "han": lambda n: "中" * n,
    "no-spaces": lambda n: _random("abcdefghijklmnopqrstuvwxyzé.,;:-'", n),
    "one-token": lambda n: _random("abcdefghijklmnopqrstuvwxyz", n),
    "punctuation-lines": _punctuation_lines,
    "rn": lambda n: _repeat("rn", n),
    "li": lambda n: _repeat("li ", n),
    "hyphenated-line-ends": lambda n: _repeat("exam-\nple ", n),
    "combining-marks": lambda n: "a" + _repeat("\u0301\u0316", n - 1),
    "decomposed-accents": lambda n: _repeat("e\u0301", n),
    "mojibake": lambda n: _repeat("cafÃ© crÃ¨me ", n),
    "entities": lambda n: _repeat("&amp;&#233;", n),
    "crlf-lines": lambda n: _repeat("a line\r\n", n),
    "soft-hyphens": lambda n: _repeat("a\u00ad", n),
    "lone-surrogates": lambda n: _repeat("\ud800", n),
    "ansi": lambda n: _repeat("\x1b[;", n),
}

CONFIG = Config()


def _best(fn: Callable[[str], object], build: Callable[[int], str], n: int) -> float:
    """Best of two runs, each on a fresh text (another first letter), so no cache helps.

    CPU time of this process, not wall time: other jobs on a busy machine
    stretch the wall clock, not our CPU time.
    """
    best = float("inf")
    for run in range(2):
        text = "XY"[run] + build(n)
        t = time.process_time()
        fn(text)
        best = min(best, time.process_time() - t)
    return best


def check_linear(fn: Callable[[str], object], build: Callable[[int], str]) -> None:
    fn(build(1000))  # warm up: lazy resources
    small, large = _best(fn, build, N), _best(fn, build, 4 * N)
    assert large < MAX_SECONDS, f"{large:.2f} s for {4 * N:,} characters"
    if large > FLOOR:
        assert large / max(small, FLOOR / 4) < MAX_RATIO, f"{small:.3f} s -> {large:.3f} s"


ENCODING = EncodingStage(CONFIG)


@pytest.mark.parametrize("case", sorted(CASES))
def test_encoding_stage_is_linear(case: str) -> None:
    check_linear(lambda t: ENCODING.process(t, Context("en", CONFIG)), CASES[case])


@pytest.mark.parametrize("case", sorted(CASES))
def test_language_detection_is_linear(case: str) -> None:
    check_linear(detect_language, CASES[case])


BOILERPLATE = BoilerplateStage(CONFIG)
BOILERPLATE_CASES = sorted(CASES)
TOKENS = TokenStage(CONFIG)
TOKEN_CASES = sorted(CASES)


@pytest.mark.parametrize("case", BOILERPLATE_CASES)
def test_boilerplate_stage_is_linear(case: str) -> None:
    check_linear(lambda t: BOILERPLATE.process(t, Context("en", CONFIG)), CASES[case])


@pytest.mark.parametrize("case", TOKEN_CASES)
def test_token_stage_is_linear(case: str) -> None:
    check_linear(lambda t: TOKENS.process(t, Context("en", CONFIG)), CASES[case])


def test_huge_document_grows_linearly() -> None:
    """Four times the prose in one document takes well under eight times as long."""
    r = Repairer(lang="fr")
    r.repair(SEED)

    def build(n: int) -> str:
        return _repeat(SEED, n)

    small, large = _best(r.repair, build, 25_000), _best(r.repair, build, 100_000)
    assert large / small < 6.0, f"{small:.2f} s -> {large:.2f} s"
