"""The token stage's speed-ups change no decision: each shortcut against the slow path.

Speed itself is measured in ``benchmarks/`` (``diff_tokens.py`` compares whole
corpora with a reference tree); these tests check that every index, cache and
pruning step answers exactly what the plain computation answers.
"""

from __future__ import annotations

import random
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair import tokens
from textrepair.candidates import Channel, confusion_blocks
from textrepair.config import Config
from textrepair.stage import Context
from textrepair.tokenize import WORD_RE, _letter_case_pattern, case_pattern
from textrepair.tokens import TokenStage, Tuning, _FragmentIndex

CONFIG = Config()
STAGE = TokenStage(CONFIG)
_LEX = STAGE.lexicon("en")
assert _LEX is not None
LEX = _LEX

_WORDS = st.text(alphabet="abcdeorn", min_size=1, max_size=8)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(_WORDS, st.integers(1, 5), max_size=30), _WORDS, _WORDS)
def test_fragment_index_matches_a_scan(counts: dict[str, int], frag: str, absent: str) -> None:
    # Posting lists from the first fragment on, and scans first (the default).
    for scans in (0, tokens._SCANS_BEFORE_POSTINGS):
        with mock.patch.object(tokens, "_SCANS_BEFORE_POSTINGS", scans):
            idx = _FragmentIndex(counts)
            assert idx.containing(frag) == [(k, c) for k, c in counts.items() if frag in k]
            expected = sum(c for k, c in counts.items() if frag in k and absent not in k)
            assert idx.without(frag, absent) == expected
            assert (idx._post is not None) == (scans == 0 and len(frag) >= 3)


@pytest.mark.parametrize("typing_channel", [False, True])
def test_variant_pruning_keeps_every_wanted_variant(typing_channel: bool) -> None:
    """With ``viable``, variants are exactly the wanted ones of the full list, in order."""
    channel = Channel.typing() if typing_channel else Channel.ocr()
    rng = random.Random(3)
    words = [w for w, z in LEX.freq.items() if z >= 3.0 and w.isalpha() and w.isascii()][:3000]
    for _ in range(150):
        w = list(rng.choice(words))
        i = rng.randrange(len(w))
        w[i : i + 1] = rng.choice(["rn", "li", "c", "e", "1", "vv", "ii", "b", "h", ""])
        obs = "".join(w)
        full = channel.variants(obs, max_rewrites=2, max_cost=3.0, max_total=4.5)
        pruned = channel.variants(
            obs, max_rewrites=2, max_cost=3.0, max_total=4.5, viable=LEX.word_prefix
        )
        wanted = [v for v in full if LEX.zipf(v[0].lower()) >= 1.5]
        assert [v for v in pruned if LEX.zipf(v[0].lower()) >= 1.5] == wanted
        # Unwanted variants may come by another path (cost) when the first was cut.
        assert {v for v, _, _ in pruned} <= {v for v, _, _ in full}


def test_variant_pruning_is_off_when_the_limit_could_cut() -> None:
    channel = Channel.ocr()
    obs = "rnlilicle1vvii" * 3
    full = channel.variants(obs, max_rewrites=2, max_cost=3.0, max_total=4.5, limit=50)
    pruned = channel.variants(
        obs, max_rewrites=2, max_cost=3.0, max_total=4.5, limit=50, viable=lambda h: False
    )
    assert pruned == full


def test_stages_with_the_same_settings_share_their_lexicon() -> None:
    first = TokenStage(Config()).lexicon("en")
    assert TokenStage(Config()).lexicon("en") is first
    assert TokenStage(Config(min_confidence=0.99)).lexicon("en") is not first
    assert TokenStage(CONFIG, Tuning(known_zipf=3.1)).lexicon("en") is not first


def test_a_changed_user_dictionary_is_read_again(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    path.write_text("zorblax\t4.0\n", encoding="utf-8")
    cfg = Config(dictionary_files=(str(path),))
    first = TokenStage(cfg).lexicon("en")
    assert first is not None and first.zipf("zorblax") == 4.0
    path.write_text("zorblax\t4.0\nquuxify\t4.0\n", encoding="utf-8")
    second = TokenStage(cfg).lexicon("en")
    assert second is not None and second is not first and second.zipf("quuxify") == 4.0


def test_clean_set_follows_the_status_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "_CACHE_MAX", 50)
    text = " ".join(f"word{i} the house tbe hovse" for i in range(200))
    STAGE.process(text, Context("en", CONFIG))
    assert LEX.clean == {w for w, s in LEX.status.items() if s == ()}


def _edits(stage: TokenStage, text: str) -> list[tuple[object, ...]]:
    new, edits = stage.process(text, Context("en", stage.config))
    return [(new,)] + [(e.start, e.end, e.before, e.after, e.reason, e.confidence) for e in edits]


def test_masked_chunks_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Long protected chunks skip the per-word checks; the edits are those without the skip."""
    rng = random.Random(5)
    blob = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz./_", k=3000))
    text = (
        "The rnoney was hidden in tbe barn. "
        + blob
        + " and tbe code tbe end.\nhttps://example.org/"
        + "".join(rng.choices("abcdefghij", k=400))
        + " rnoney"
    )
    monkeypatch.setattr(tokens, "_MASK_MIN_NEW", 0)
    masked = _edits(TokenStage(CONFIG), text)
    monkeypatch.setattr(tokens, "_MASK_MIN_NEW", 10**9)
    LEX.status.clear()
    LEX.clean.clear()
    plain = _edits(TokenStage(CONFIG), text)
    assert masked == plain
    # The word pairs repair "in tbe barn", "and tbe code", "tbe end" too (tests/test_pairs.py).
    assert [e[3] for e in masked[1:]] == ["money", "the", "the", "the", "money"]


_CASE_CHARS = st.sampled_from("aAbBéÉßǅǈʰªᵃΣσİıﬁ中ا\u0345\u0301'1ⅰⅠⒶ")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(_CASE_CHARS, max_size=6), st.text(max_size=6)))
def test_case_pattern_shortcuts_match_the_definition(token: str) -> None:
    assert case_pattern(token) == _letter_case_pattern(token)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("ab ,\n\t\x1c\u00a0\u2028-"), max_size=80), st.data())
def test_chunk_found_outwards_matches_the_list_of_spans(text: str, data: st.DataObject) -> None:
    """``chunk`` searches from the position; the list of all spans is the reference."""
    doc = tokens._Document("", LEX, CONFIG, STAGE.tuning, None)
    doc.text = text
    ref = tokens._Document("", LEX, CONFIG, STAGE.tuning, None)
    ref.text = text
    ref._chunk_starts = [m.start() for m in tokens._NONSPACE_RE.finditer(text)]
    ref._chunk_spans = [m.span() for m in tokens._NONSPACE_RE.finditer(text)]
    positions = data.draw(st.lists(st.integers(0, max(0, len(text) - 1)), max_size=10))
    for pos in positions:
        assert doc.chunk(pos) == ref.chunk(pos), (text, pos)


def test_long_chunks_switch_to_the_list_of_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tokens, "_SHORT_CHUNK", 4)
    doc = tokens._Document("", LEX, CONFIG, STAGE.tuning, None)
    doc.text = "ab cdefgh ij"
    assert doc.chunk(0) == (0, 2) and doc._chunk_starts is None
    assert doc.chunk(5) == (3, 9) and doc._chunk_starts == [0, 3, 10]
    assert doc.chunk(11) == (10, 12)


@pytest.mark.parametrize("join", [False, True])
def test_merges_looked_for_at_suspects_only_are_those_of_every_pair(
    join: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Merges looked for among the runs holding a suspect are those of a walk over every pair."""
    config = Config(join_hyphen_breaks=join)
    stage = TokenStage(config)
    text = (
        "The eccle siastical court was subse quently moved, with tbe miscel laneous papers.\n"
        "An other line: the instanta neous change, ac tually, and hun- dreds more dimin ishing."
    )
    got = _edits(stage, text)
    assert any(e[4] == "merge" for e in got[1:])
    monkeypatch.setattr(tokens._Document, "_merge_starts", lambda self: range(len(self.runs) - 1))
    assert _edits(stage, text) == got


def _rescore_every_unsure_group(self: tokens._Document, groups: list[tokens._Group]) -> None:
    """The reference: every unsure group scored again with the page's channel (no skip)."""
    min_conf = self.config.min_confidence
    learned = self._doc_learned(groups)
    if not learned:
        return
    corpus_channel = self.adapted
    self.adapted = self._doc_channel(learned)
    self._cache_candidates = False
    try:
        for i, g in enumerate(groups):
            if g.veto or g.confidence >= min_conf:
                continue
            g2 = self._group(g.obs, g.occs)
            if g2 is None or g2.veto:
                continue
            for name in ("pattern", "pattern_wordlike", "doc_noise", "doc_wordlike"):
                g2.features[name] = g.features[name]
            g2.features["doc_wordlike_share"] = g.features["doc_wordlike_share"]
            blocks = set(confusion_blocks(g2.obs, g2.best.word))
            if g2.best.reason != "split" and set(learned) & blocks:
                g2.features["repeat"] = 0.0
            g2.confidence = tokens._confidence(g2.features, g2.softmax)
            if g2.confidence > g.confidence:
                groups[i] = g2
    finally:
        self.adapted = corpus_channel
        self._cache_candidates = True


def test_rescoring_skips_only_forms_the_page_channel_cannot_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Forms holding no fragment the page's channel learned are not scored again; the
    edits are those of rescoring every unsure form."""
    from textrepair import noise

    clean = (Path(__file__).parent / "data" / "expected-fr.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in clean.split("\n\n") if len(p) > 200][:12]
    stage = TokenStage(CONFIG)
    calls = {"skipped": 0, "rescored": 0}
    fast = tokens._Document._rescore_with_doc_channel
    group = tokens._Document._group

    def counting_group(self: tokens._Document, obs: str, occs: list[tokens._Occ]) -> object:
        if not self._cache_candidates:
            calls["rescored"] += 1
        return group(self, obs, occs)

    def counting_rescore(self: tokens._Document, groups: list[tokens._Group]) -> None:
        learned = self._doc_learned(groups)
        unsure = [g for g in groups if not g.veto and g.confidence < CONFIG.min_confidence]
        if learned and "" not in {b for _, b in learned}:
            calls["skipped"] += sum(1 for g in unsure if not any(b in g.obs for _, b in learned))
        fast(self, groups)

    for seed, para in enumerate(paragraphs):
        text = noise.ocr_confusions(para, random.Random(seed), rate=0.3)
        monkeypatch.setattr(tokens._Document, "_group", counting_group)
        monkeypatch.setattr(tokens._Document, "_rescore_with_doc_channel", counting_rescore)
        fast_result = _edits(stage, text)
        monkeypatch.setattr(
            tokens._Document, "_rescore_with_doc_channel", _rescore_every_unsure_group
        )
        assert _edits(stage, text) == fast_result
        monkeypatch.undo()
    assert calls["skipped"] > 0 and calls["rescored"] > 0, calls


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from("ab'’ \t\n\r\u00a0\u2028\u3000\x1c.,@/:#_-é\u0301"), max_size=60))
def test_a_run_between_plain_spaces_is_its_own_chunk(text: str) -> None:
    """``_filter_protected`` takes such a run's span for its chunk without a search."""
    doc = tokens._Document("", LEX, CONFIG, STAGE.tuning, None)
    doc.text = text
    spans = [m.span() for m in tokens._NONSPACE_RE.finditer(text)]
    for m in WORD_RE.finditer(text):
        rs, re_ = m.span()
        before = rs == 0 or text[rs - 1] in tokens._PLAIN_SPACE
        after = re_ == len(text) or text[re_] in tokens._PLAIN_SPACE
        if before and after:
            assert (rs, re_) in spans
            assert doc.chunk(rs) == (rs, re_)
