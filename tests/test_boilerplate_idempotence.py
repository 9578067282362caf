"""The boilerplate stage is idempotent: its output, fed back, loses nothing (issue #4).

A second pass sees the page without the menus and footers the first removed;
the page layout is only judged with an interface phrase present (``_has_layout``),
so the output is left to the lexicon alone. Checked on every page case of
``tests/data`` (the output of each must be a fixed point), on the cases that
reproduce the classes found on real pages (``boilerplate_idempotence_cases.jsonl``:
link lines at the head, specification and link lines at the tail), and on
random pages built from menus, footers, link lists, short content lines and
paragraphs (Hypothesis).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textrepair.boilerplate import BoilerplateStage
from textrepair.config import Config
from textrepair.edits import apply_edits
from textrepair.stage import Context
from textrepair.testing import documents, with_boilerplate

DATA = Path(__file__).parent / "data"
CONFIG = Config()
STAGE = BoilerplateStage(CONFIG)


def _load(name: str) -> list[dict[str, Any]]:
    with open(DATA / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _run(text: str, lang: str) -> str:
    out, edits = STAGE.process(text, Context(lang, CONFIG))
    assert apply_edits(text, edits) == out
    return out


def _second_pass_removes(text: str, lang: str) -> list[str]:
    """The lines a second pass removes from the stage's output of ``text``."""
    once = _run(text, lang)
    again, edits = STAGE.process(once, Context(lang, CONFIG))
    assert (again == once) == (not edits)
    return [e.before.strip() for e in edits]


PAGE_CASES = [
    c
    for name in (
        "boilerplate_cases.jsonl",
        "boilerplate_layout_cases.jsonl",
        "boilerplate_rules_cases.jsonl",
        "boilerplate_scripts_cases.jsonl",
    )
    for c in _load(name)
]
IDEMPOTENCE_CASES = _load("boilerplate_idempotence_cases.jsonl")


@pytest.mark.parametrize("case", PAGE_CASES, ids=[c["label"] for c in PAGE_CASES])
def test_page_cases_are_fixed_points(case: dict[str, Any]) -> None:
    assert _second_pass_removes(case["input"], case["lang"]) == []


@pytest.mark.parametrize("case", IDEMPOTENCE_CASES, ids=[c["label"] for c in IDEMPOTENCE_CASES])
def test_output_fed_back_loses_no_line(case: dict[str, Any]) -> None:
    assert _run(case["input"], case["lang"]) == case["expected"]
    assert STAGE.process(case["expected"], Context(case["lang"], CONFIG)) == (
        case["expected"],
        [],
    )


def test_seed_is_a_fixed_point() -> None:
    seed = (DATA / "seed-fr.txt").read_text(encoding="utf-8")
    assert _second_pass_removes(seed, "fr") == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_boilerplate(documents("en"), lang="en"))
def test_with_boilerplate_en(pair: tuple[str, str]) -> None:
    assert _second_pass_removes(pair[0], "en") == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_boilerplate(documents("fr"), lang="fr", max_head=6, max_tail=6))
def test_with_boilerplate_fr(pair: tuple[str, str]) -> None:
    assert _second_pass_removes(pair[0], "fr") == []


# Parts of invented pages: the real pages' second pass took link lines at the
# head, and specification lines, archive lines and link lists at the tail.
_MENU = ("Skip to main content", "Home", "Tools", "Garden", "Sign in", "Basket", "Search")
_FOOTER = ("About us", "Privacy policy", "Follow us on Facebook", "© 2024 Example Ltd")
_LINKS = ("Drills", "Saws", "Sanders", "Batteries", "Ladders", "Lamps", "Gloves", "Boxes")
_SPECS = ("Weight: 1.4 kg", "Battery: 18 V, 4 Ah", "Torque: 60 Nm", "► December (46)")
_TEASERS = ("How to choose a saw for the garden shed", "Ten tips for a tidy workshop")
_PARAGRAPHS = (
    "The new model of the drill arrived in the shops this week, and we spent several days"
    " testing it on concrete, brick and hard wood in the workshop.",
    "It is lighter than the previous version and the battery lasts for almost twice as long,"
    " which makes a real difference when you work on a ladder all day.",
    "We drilled more than two hundred holes with one charge, and the motor never grew hot,"
    " even in the hardest bricks of the old garden wall behind the house.",
)
_PARTS = st.one_of(
    *(
        st.lists(st.sampled_from(pool), min_size=1, max_size=8)
        for pool in (_MENU, _FOOTER, _LINKS, _SPECS, _TEASERS, _PARAGRAPHS)
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PARTS, min_size=2, max_size=12))
def test_random_pages_are_fixed_points(parts: list[list[str]]) -> None:
    page = "\n".join(line for part in parts for line in part)
    assert _second_pass_removes(page, "en") == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_PARTS, min_size=2, max_size=8), min_size=3, max_size=5))
def test_corpus_mode_is_idempotent(pages: list[list[list[str]]]) -> None:
    # one site's pages, observed first: its template lines are repeated lines
    stage = BoilerplateStage(CONFIG)
    texts = ["\n".join(line for part in parts for line in part) for parts in pages]
    for text in texts:
        stage.observe(text, Context("en", CONFIG, "site"))
    for text in texts:
        once = stage.process(text, Context("en", CONFIG, "site"))[0]
        assert stage.process(once, Context("en", CONFIG, "site")) == (once, [])
