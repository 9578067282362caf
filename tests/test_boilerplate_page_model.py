"""Tests of the boilerplate stage's page model (session 13,
``textrepair/boilerplate_model.py``): kept clusters apart from the biggest that
read as furniture go (reason ``page-furniture``).

Cases are data:

* ``tests/data/boilerplate_page_model_shapes.jsonl``: pages as runs of line
  kinds (menu lines the rules removed, kept headings, paragraphs, link-like
  lines, short labels), each kind one row of the arrays the stage holds
  (:data:`KINDS`), and the lines the shipped model must remove: link-like
  lines far from the body, before or after it, go; a second text, a heading
  between two texts, labels glued to the body's cluster and a cluster holding
  the headline (``stop``) stay.
* ``tests/data/boilerplate_page_model_cases.jsonl``: hand-written news pages in
  English, German, French and Spanish, a menu, a headline, a body and the
  footer, once with the article continued after an advertisement and two menu
  lines (a second cluster the model judges): every line of the article stays,
  the interface lines go.

The model file round-trips, is checked against the feature names, and is read
only when a page with a layout needs it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from textrepair.boilerplate import BoilerplateStage, _analyse_or_skip
from textrepair.boilerplate_model import (
    FEATURES,
    PageModel,
    cluster_rows,
    clusters,
    load_page_model,
)
from textrepair.config import Config
from textrepair.stage import Context

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
SHAPES = [
    json.loads(line)
    for line in (DATA / "boilerplate_page_model_shapes.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]
PAGES = [
    json.loads(line)
    for line in (DATA / "boilerplate_page_model_cases.jsonl").read_text("utf-8").splitlines()
    if line.strip()
]
MODEL_FILE = ROOT / "textrepair" / "lexicons" / "page_model.json"

#: A line kind's row: line score, characters, paragraph, short, kept by the
#: rules, closing punctuation, words, interface phrase.
KINDS: dict[str, tuple[float, int, bool, bool, bool, bool, int, bool]] = {
    "menu": (-3.0, 10, False, True, False, False, 2, True),
    "gone": (-2.0, 20, False, True, False, False, 3, False),
    "heading": (0.5, 40, False, True, True, False, 7, False),
    "para": (4.0, 300, True, False, True, True, 50, False),
    "link": (-0.5, 30, False, True, True, False, 5, False),
    "label": (-1.0, 12, False, True, True, False, 2, False),
}


def _removed(case: dict, model: PageModel) -> list[int]:
    cols: list[list] = [[] for _ in range(8)]
    for kind, count in case["lines"]:
        for _ in range(count):
            for col, value in zip(cols, KINDS[kind]):
                col.append(value)
    z, chars, good, short, keep, terminal, words, interface = cols
    rows = cluster_rows(z, chars, good, short, keep, good.index(True), terminal, words, interface)
    return model.furniture(rows, chars, keep, case["stop"])


@pytest.mark.parametrize("case", SHAPES, ids=[c["id"] for c in SHAPES])
def test_shape(case: dict) -> None:
    assert _removed(case, load_page_model()) == case["removed"]


def test_shapes_need_the_weights() -> None:
    # A model without evidence (every probability 0.5) removes nothing: the
    # removals above come from the fitted weights.
    shipped = load_page_model()
    blank = PageModel((0.0,) * len(shipped.weights), shipped.threshold)
    assert any(c["removed"] for c in SHAPES)
    assert all(_removed(c, blank) == [] for c in SHAPES)


@pytest.mark.parametrize("case", PAGES, ids=[c["id"] for c in PAGES])
def test_page(case: dict) -> None:
    config = Config()
    text, edits = BoilerplateStage(config).process(case["text"], Context(case["lang"], config))
    kept = set(text.splitlines())
    assert set(case["keep"]) <= kept
    gone = {e.before.strip() for e in edits}
    assert set(case["remove"]) <= gone
    assert case["remove"]
    # a second pass changes nothing
    assert BoilerplateStage(config).process(text, Context(case["lang"], config))[0] == text


@pytest.mark.parametrize("case", [c for c in PAGES if c["id"].startswith("continuation/")])
def test_continuation_reaches_the_model(case: dict) -> None:
    # The article's continuation is a cluster of its own: the page model
    # judges it (and keeps it, test_page).
    config = Config()
    doc = _analyse_or_skip(case["text"], case["lang"], skip=True)
    assert doc is not None
    removed = BoilerplateStage(config)._decide(doc, Context(case["lang"], config), page_model=False)
    keep = [j not in removed for j in range(len(doc.stripped))]
    assert len(clusters(keep)) >= 2


def test_model_file_round_trips() -> None:
    text = MODEL_FILE.read_text(encoding="utf-8")
    model = PageModel.from_json(text)
    assert model.to_json() == text
    assert len(model.weights) == len(FEATURES)


def test_model_file_checks_feature_names() -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    data["features"] = data["features"][::-1]
    with pytest.raises(ValueError, match="feature names"):
        PageModel.from_json(json.dumps(data))


def test_model_loaded_lazily() -> None:
    code = (
        "import textrepair.boilerplate_model as m\n"
        "from textrepair.boilerplate import BoilerplateStage\n"
        "from textrepair.config import Config\n"
        "from textrepair.stage import Context\n"
        "s = BoilerplateStage(Config())\n"
        "s.process('Plain text.\\nAnother line of it.', Context('en', Config()))\n"
        "print(len(m._MODEL))\n"
        f"s.process({PAGES[0]['text']!r}, Context('en', Config()))\n"
        "print(len(m._MODEL))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    assert out == ["0", "1"]
