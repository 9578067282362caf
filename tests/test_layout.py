"""OCR layout repair: dehyphenation and unwrapping, alone and through the encoding stage."""

from __future__ import annotations

import json
import random
import textwrap
from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair.config import Config
from textrepair.dictionary import load_dictionary
from textrepair.edits import apply_edits
from textrepair.encoding import EncodingStage
from textrepair.layout import LayoutRepairer, decide_hyphen, wrap_width, wrapped_breaks
from textrepair.stage import Context
from textrepair.testing import documents, hard_wrapped, sentences, with_boilerplate

from .conftest import DATA

LAYOUT_CASES = [
    json.loads(line) for line in (DATA / "layout_cases.jsonl").read_text("utf-8").splitlines()
]
REPAIRER = LayoutRepairer(dehyphenate=True, unwrap=True)


def process(text: str, lang: str, options: dict[str, Any] | None = None) -> tuple[str, list[Any]]:
    cfg = Config.from_options(None, **(options or {}))
    out, edits = EncodingStage(cfg).process(text, Context(lang, cfg))
    assert apply_edits(text, edits) == out
    return out, edits


@pytest.mark.parametrize("case", LAYOUT_CASES, ids=[c["label"] for c in LAYOUT_CASES])
def test_layout_case(case: dict[str, Any]) -> None:
    out, edits = process(case["input"], case["lang"], case.get("options"))
    assert out == case["expected"]
    if "reasons" in case:
        assert [e.reason for e in edits] == case["reasons"]
    assert process(out, case["lang"], case.get("options")) == (out, [])


@pytest.mark.parametrize(
    ("left", "right", "lang", "action"),
    [
        ("inter", "vention", "en", "join"),
        ("Ger", "many", "en", "join"),
        ("to", "day", "en", "join"),  # the joined spelling is a common word
        ("well", "known", "en", "keep"),
        ("long", "term", "en", "keep"),
        ("Saint", "Flour", "fr", "keep"),
        ("Jean", "Pierre", "fr", "keep"),
        ("peut", "être", "fr", "keep"),
        ("grand", "mère", "fr", "keep"),
        ("main", "tenant", "fr", "join"),
        ("ar", "rivée", "fr", "join"),
        ("INTER", "VENTION", "en", "join"),
        ("pre", "and", "en", "space"),  # a suspended hyphen: "pre- and post-war"
        ("inter", "vention", "und", None),  # no dictionary, no evidence
    ],
)
def test_decide_hyphen(left: str, right: str, lang: str, action: str | None) -> None:
    assert decide_hyphen(left, right, lang).action == action


def test_decide_hyphen_evidence() -> None:
    assert decide_hyphen("x", "y", "und", "\u00ad").action == "join"  # soft hyphen
    counts = Counter({"tabellenbuch": 2})
    assert decide_hyphen("Tabellen", "buch", "und", doc_counts=counts).action == "join"
    counts = Counter({"porte-monnaie": 1})
    assert decide_hyphen("porte", "monnaie", "und", doc_counts=counts).action == "keep"
    # "mother-in-law": a word followed by another hyphen is no suspended hyphen
    assert decide_hyphen("mother", "in", "en", right_hyphenated=True).action == "keep"


def test_wrap_width() -> None:
    assert wrap_width([]) == 0
    assert wrap_width([60] * 9 + [10]) == 60


def test_soft_hyphen_at_line_end_in_a_wrapped_paragraph() -> None:
    text = (
        "The committee met on Tuesday to discuss the proposal for a new li\u00ad\n"
        "brary in the centre of the town. After a long debate, the members\n"
        "agreed that the project was a priority and that funding should be\n"
        "found before the end of the year."
    )
    out, _ = process(text, "en")
    assert "library" in out and "\n" not in out and "\u00ad" not in out


def test_unwrap_off_still_dehyphenates() -> None:
    out, edits = process(
        "a long and winding road to the inter-\nvention", "en", {"unwrap_lines": False}
    )
    assert out == "a long and winding road to the intervention"
    assert [e.reason for e in edits] == ["dehyphenation"]


def test_dehyphenate_off_still_unwraps() -> None:
    text = "I read the long report on the train and found the inter-\nvention was brief"
    out, edits = process(text, "en", {"dehyphenate": False})
    assert out == "I read the long report on the train and found the inter-vention was brief"
    assert [e.reason for e in edits] == ["unwrap"]


# --------------------------------------------------------------------------- properties


@settings(max_examples=150)
@given(hard_wrapped(documents("en"), min_width=40, max_width=80))
def test_unwrapping_only_removes_wrap_breaks(pair: tuple[str, str]) -> None:
    wrapped, clean = pair
    out, edits = process(wrapped, "en")
    # No character changes but line breaks becoming spaces, and no paragraph
    # break (blank line) or break of the clean text is lost.
    assert out.replace("\n", " ") == clean.replace("\n", " ")
    assert out.count("\n") >= clean.count("\n")
    assert all(e.reason == "unwrap" for e in edits)


@settings(max_examples=150)
@given(with_boilerplate(documents("en")), st.sampled_from(["en", "fr", "und"]))
def test_flat_web_text_is_never_joined(pair: tuple[str, str], lang: str) -> None:
    page, _ = pair
    _, edits = process(page, lang)
    assert not [e for e in edits if e.reason in ("unwrap", "dehyphenation")]


@settings(max_examples=150)
@given(st.lists(sentences("en", min_words=1, max_words=25), min_size=2, max_size=30))
def test_one_sentence_per_line_is_never_joined(lines: list[str]) -> None:
    text = "\n".join(lines)
    assert wrapped_breaks(text) == set()
    assert process(text, "en")[0] == text


def _deterministic_paragraphs(lang: str, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    vocab = [w for w, z in load_dictionary(lang).freq.items() if z >= 4.0 and w.isalpha()][:3000]
    paragraphs = []
    for _ in range(n):
        sentences_ = []
        for _ in range(rng.randint(2, 6)):
            words = [rng.choice(vocab) for _ in range(rng.randint(5, 18))]
            sentences_.append(" ".join(words).capitalize() + ".")
        paragraphs.append(" ".join(sentences_))
    return paragraphs


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_unwrap_recall_on_wrapped_paragraphs(lang: str) -> None:
    # Deterministic: 60 paragraphs wrapped at widths 40-80, blank lines between.
    paragraphs = _deterministic_paragraphs(lang, 60, seed=7)
    rng = random.Random(11)
    breaks = kept = 0
    for start in range(0, 60, 3):
        group = paragraphs[start : start + 3]
        width = rng.randint(40, 80)
        wrapped = "\n\n".join(textwrap.fill(p, width, break_on_hyphens=False) for p in group)
        clean = "\n\n".join(group)
        out, _ = process(wrapped, lang)
        assert out.replace("\n", " ") == clean.replace("\n", " ")
        breaks += wrapped.count("\n") - clean.count("\n")
        kept += out.count("\n") - clean.count("\n")
    assert breaks > 200
    assert kept / breaks < 0.1, (kept, breaks)


@settings(max_examples=100)
@given(
    st.text(st.sampled_from("ab -\u00ad\n\r\tAB.,é"), max_size=60), st.sampled_from(["en", "und"])
)
def test_layout_repair_replays_and_is_idempotent(text: str, lang: str) -> None:
    out, edits = REPAIRER.repair(text, lang)
    assert apply_edits(text, edits) == out
    if not REPAIRER.might_apply(text):
        assert edits == []
    stage_out, _ = process(text, lang)
    assert process(stage_out, lang) == (stage_out, [])
