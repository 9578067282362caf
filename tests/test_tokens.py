"""The token stage: data-driven cases per noise family and protection rule, the seed,
substitution rules found by the mechanism, corpus learning, and properties."""

from __future__ import annotations

import importlib.util
import itertools
import json
import pickle
import random

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from textrepair import Repairer
from textrepair.candidates import (
    DEFAULT_CONFUSIONS,
    Channel,
    ConfusionTable,
    DeleteIndex,
    learn_confusions,
    osa_distance,
)
from textrepair.config import Config
from textrepair.edits import Edit, apply_edits
from textrepair.stage import Context, Learner, Stage
from textrepair.testing import documents, ocr_noise, sentences
from textrepair.tokens import CONFIDENCE_WEIGHTS, TokenStage, Tuning

from .conftest import DATA, ROOT

CASES = [json.loads(line) for line in (DATA / "token_cases.jsonl").read_text("utf-8").splitlines()]
STAGE = TokenStage(Config())


def run(text: str, lang: str, stage: TokenStage = STAGE) -> tuple[str, list[Edit]]:
    out, edits = stage.process(text, Context(lang, stage.config))
    check_edits(text, out, edits)
    return out, edits


def check_edits(text: str, out: str, edits: list[Edit]) -> None:
    assert apply_edits(text, edits) == out
    for e in edits:
        assert text[e.start : e.end] == e.before
        assert e.stage == "tokens"
        assert 0.0 <= e.confidence <= 1.0
    for a, b in itertools.pairwise(edits):
        assert a.end <= b.start


def _case_params() -> list[object]:
    params = []
    for c in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=c["xfail"])] if "xfail" in c else []
        params.append(pytest.param(c, id=f"{c['lang']}:{c['label']}", marks=marks))
    return params


HYPHEN_STAGE = TokenStage(Config(join_hyphen_breaks=True))


@pytest.mark.parametrize("case", _case_params())
def test_cases(case: dict[str, str]) -> None:
    # Hyphen-space breaks are joined only on request (Config.join_hyphen_breaks).
    stage = HYPHEN_STAGE if case["label"] == "merge/stray-hyphen" else STAGE
    if "tuning" in case:  # a mechanism alone, another turned off (e.g. the word pairs)
        stage = TokenStage(Config(), Tuning(**case["tuning"]))  # type: ignore[arg-type]
    out, edits = run(case["input"], case["lang"], stage)
    assert out == case["expected"]
    if case["input"] != case["expected"]:
        family = case["label"].split("/")[0]
        if family in ("ocr-confusion", "edit-distance", "merge", "split"):
            assert {e.reason for e in edits} == {family}
        for e in edits:
            assert e.confidence >= STAGE.config.min_confidence


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The re- quirements were met by the new design.", "en"),
        ("Le président a rencontré les dé- putés hier.", "fr"),
    ],
)
def test_hyphen_breaks_kept_by_default(text: str, lang: str) -> None:
    assert run(text, lang)[0] == text
    assert "- " not in run(text, lang, HYPHEN_STAGE)[0]


def test_stage_protocols() -> None:
    assert isinstance(STAGE, Stage)
    assert isinstance(STAGE, Learner)
    assert TokenStage.name == "tokens"


# --- the seed -------------------------------------------------------------------


def _seed() -> tuple[str, str]:
    return (DATA / "seed-fr.txt").read_text("utf-8"), (DATA / "expected-fr.txt").read_text("utf-8")


@pytest.mark.parametrize("with_nav", [True, False])
def test_seed_only_drones_change(with_nav: bool) -> None:
    seed, _ = _seed()
    if not with_nav:
        seed = seed.replace("Aller au contenu principal\n\n", "").replace("\n\nRetour en haut", "")
    out, edits = run(seed, "fr")
    assert [(e.before, e.after, e.reason) for e in edits] == [
        ("drstarts", "drones", "substitution-rule")
    ] * seed.count("drstarts")
    assert seed.count("drstarts") == 4
    assert out == seed.replace("drstarts", "drones")


def test_seed_whole_pipeline() -> None:
    pytest.importorskip("textrepair.boilerplate")
    from textrepair import Repairer

    seed, expected = _seed()
    assert Repairer(lang="fr").repair(seed).text == expected


# --- substitution rules: invented corruptions -------------------------------------


def _corrupt(text: str, fragment: str, replacement: str) -> str:
    # A naive find-and-replace inside words, as a word filter would do it.
    return text.replace(fragment, replacement)


@pytest.mark.parametrize(
    ("lang", "clean", "fragment", "replacement"),
    [
        (
            "en",
            "After the winter my sister drank water. It was better than ever, "
            "and later the painter sold a letter to the master.",
            "ter",
            "qux",
        ),
        (
            "fr",
            "Le gouvernement parle rarement du moment où le parlement agit seulement "
            "pour le bâtiment.",
            "ment",
            "zorg",
        ),
        (
            "en",
            "The station and the nation need attention: a question of education, "
            "information and tradition.",
            "tion",
            "blip",
        ),
    ],
)
def test_substitution_rule_is_inferred(
    lang: str, clean: str, fragment: str, replacement: str
) -> None:
    noisy = _corrupt(clean, fragment, replacement)
    assert noisy != clean
    out, edits = run(noisy, lang)
    assert out == clean
    assert {e.reason for e in edits} == {"substitution-rule"}


def test_substitution_rule_needs_evidence() -> None:
    # One corrupted word seen once is no rule: "drstarts" alone stays.
    text = "Une attaque de drstarts a eu lieu hier soir dans la ville."
    out, _ = run(text, "fr")
    assert out == text


@pytest.mark.parametrize(
    "address",
    ["https://drstarts.example.org/", "www.drstarts.fr", "info@drstarts.fr", "@drstarts"],
)
def test_words_of_the_documents_addresses_are_names(address: str) -> None:
    # The seed's rule turns "drstarts" into "drones" (test above). When the page also
    # writes the word in its own URL, e-mail address or handle, it is the page's name.
    seed, _ = _seed()
    text = f"{seed}\nContact : {address}\n"
    out, edits = run(text, "fr")
    assert out == text and not edits
    # Code is no address: OCR noise makes code-like chunks ("tbe|"), not addresses.
    _, edits = run(f"{seed}\nContact : drstarts_v2\n", "fr")
    assert [e.after for e in edits] == ["drones"] * seed.count("drstarts")


def test_a_name_in_the_documents_urls_is_not_corrected() -> None:
    text = "We went to the shop with tbe team. Tbe team was happy."
    assert run(text, "en")[0] == text.replace("tbe", "the").replace("Tbe", "The")
    text += " Find us at https://www.tbe.example.com/about."
    assert run(text, "en")[0] == text


def test_substitution_rule_rejected_when_fragment_survives() -> None:
    # "one" still appears intact elsewhere: a global replace of it cannot be the story.
    text = (
        "Les drstarts russes, les drstarts et encore des drstarts. "
        "Le téléphone de la zone sonne, personne ne répond au colonel."
    )
    out, _ = run(text, "fr")
    assert "drones" not in out


def test_rule_learned_from_corpus_applies_to_single_occurrence() -> None:
    stage = TokenStage(Config())
    ctx = Context("en", stage.config)
    clean = [
        "After the winter my sister drank water.",
        "It was better than ever, the painter said.",
        "Later the master wrote a letter.",
    ]
    for doc in clean:
        stage.observe(_corrupt(doc, "ter", "qux"), ctx)
    out, _ = stage.process("The waqux was cold.", ctx)
    assert out == "The water was cold."
    # A fresh stage, without the corpus, has no evidence for one occurrence.
    assert TokenStage(Config()).process("The waqux was cold.", ctx)[0] == "The waqux was cold."


def test_observe_memory_is_bounded() -> None:
    stage = TokenStage(Config())
    ctx = Context("en", stage.config)
    rng = random.Random(0)
    letters = "bcdfghjklmnpqrstvwxz"
    for _ in range(30):
        doc = " ".join("".join(rng.choice(letters) for _ in range(7)) for _ in range(200))
        stage.observe(doc, ctx)
    stats = stage._corpus["en"]
    stats.cap = 1000
    stats.prune()
    assert len(stats.suspect_docs) <= 1000
    assert stats.docs == 30


# --- options ------------------------------------------------------------------------


def test_protected_and_extra_words() -> None:
    text = "The rnoney was hidden under the floor."
    assert run(text, "en", TokenStage(Config(protected_words=frozenset({"rnoney"}))))[0] == text
    # A protected word is never produced either.
    assert run(text, "en", TokenStage(Config(protected_words=frozenset({"money"}))))[0] == text
    assert run(text, "en", TokenStage(Config(extra_words=frozenset({"rnoney"}))))[0] == text


def test_dictionary_files(tmp_path: pytest.TempPathFactory) -> None:
    lexicon = tmp_path / "lexicon.txt"  # type: ignore[operator]
    lexicon.write_text("rnoney\t4.0\n", encoding="utf-8")
    stage = TokenStage(Config(dictionary_files=(str(lexicon),)))
    text = "The rnoney was hidden under the floor."
    assert run(text, "en", stage)[0] == text
    with pytest.raises(TypeError):
        TokenStage(Config(dictionary_files="lexicon.txt"))  # type: ignore[arg-type]
    broken = TokenStage(Config(dictionary_files=(str(tmp_path / "missing.txt"),)))  # type: ignore[operator]
    with pytest.raises(ValueError, match=r"missing\.txt"):
        broken.process(text, Context("en", broken.config))


def test_min_confidence_one_changes_nothing() -> None:
    stage = TokenStage(Config(min_confidence=1.0))
    text = "The rnoney was hidden under tbe floor."
    assert run(text, "en", stage)[0] == text


def test_languages_without_dictionary_pass_through() -> None:
    for lang in ("und", "zz", "ja"):
        assert run("Tbe rnoney 漢字", lang) == ("Tbe rnoney 漢字", [])


def test_pickle_keeps_learned_state_not_resources() -> None:
    stage = TokenStage(Config())
    stage.process("The rnoney was hidden.", Context("en", stage.config))
    stage.observe("The winqux and the sisqux.", Context("en", stage.config))
    clone = pickle.loads(pickle.dumps(stage))
    assert clone._lexicons == {}
    assert clone._corpus["en"].docs == 1
    assert clone.process("The rnoney was hidden.", Context("en", clone.config))[0] == (
        "The money was hidden."
    )


def test_suggest() -> None:
    assert STAGE.suggest("recieve", "en") == "receive"
    assert STAGE.suggest("Wbich", "en") == "Which"
    assert STAGE.suggest("house", "en") == "house"
    assert STAGE.suggest("anything", "und") == "anything"


def test_suggest_searches_further_only_for_far_misspellings() -> None:
    # Near the index's words ("recieve"), within two edits; far off, the typing
    # channel's variants find what two edits cannot ("Chuatuaque": three rewrites)
    # and a slip after a single rewrite ("Chautiqua").
    assert STAGE.suggest("Chuatuaque", "en") == "Chautauqua"
    assert STAGE.suggest("Chautiqua", "en") == "Chautauqua"
    assert STAGE.suggest("obsfuscate", "en") == "obfuscate"


@pytest.mark.parametrize(
    "word", ["a" * 1_000_000, "rnm" * 340_000, "😀" * 1_000_000, "ab" * 40, "z" * 41]
)
def test_suggest_leaves_runs_longer_than_any_word(word: str) -> None:
    assert STAGE.suggest(word, "en") == word


# --- adversarial input ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "a" * 1_000_000,
        "x" * 1_000_000,
        "ab" * 500_000,
        "é" * 300_000 + "-" * 300_000,
        ("rnoney," * 150_000),
        " " * 1_000_000,
        "@" * 500_000 + "#" * 500_000,
    ],
    ids=["a", "x", "ab", "accent-hyphen", "glued-words", "spaces", "symbols"],
)
def test_large_adversarial_input(text: str) -> None:
    out, edits = STAGE.process(text, Context("en", STAGE.config))
    assert apply_edits(text, edits) == out


# --- candidates and channel --------------------------------------------------------------


def test_delete_index_finds_everything_within_distance() -> None:
    words = ["house", "mouse", "horse", "hose", "houses", "louse", "ho", "household"]
    idx = DeleteIndex(words, max_distance=2)
    for q in ("hause", "hoose", "hous", "hpuse", "ohuse", "x", "householder"):
        want = {w for w in words if osa_distance(q, w) <= 2}
        got = {w for w in idx.lookup(q, 2) if osa_distance(q, w) <= 2}
        assert got == want, q


def test_channel_prefers_learned_confusions() -> None:
    ch = Channel.ocr()
    assert ch.cost("rnore", "more") < ch.cost("xore", "more")
    assert ch.cost("shaU", "shall") < ch.cost("shaQ", "shall")
    assert ch.align("tbe", "the") == (ch.cost("tbe", "the"), True)
    assert ch.cost("word", "word") == 0.0


def _osa_reference(a: str, b: str) -> int:
    # The textbook table, for checking the bit-parallel version.
    d = [[i + j if not i or not j else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


@settings(max_examples=300)
@given(st.text("abcé1", max_size=12), st.text("abcé1", max_size=12))
def test_osa_distance_matches_the_table(a: str, b: str) -> None:
    assert osa_distance(a, b) == _osa_reference(a, b)


@pytest.mark.parametrize(
    ("intended", "observed"),
    [
        ("m", "rn"),
        ("d", "cl"),
        ("h", "li"),
        ("w", "vv"),
        ("ü", "ii"),
        ("o", "0"),
        ("l", "1"),
        ("l", "I"),
        ("s", "5"),
        ("e", "c"),
        ("s", "f"),
    ],
)
def test_ocr_prior_lists_the_glyph_confusions(intended: str, observed: str) -> None:
    # The shipped OCR channel is an explicit prior: each classic glyph confusion
    # is one cheap operation, far cheaper than an arbitrary error.
    table = DEFAULT_CONFUSIONS
    assert table.pairs[(intended, observed)] < table.substitution - 2.0
    ch = Channel.ocr()
    word = "a" + intended + "a"
    assert ch.cost("a" + observed + "a", word) < ch.cost("aqa" if intended != "q" else "aza", word)


def test_fit_learns_a_corpus_confusion() -> None:
    # Every "k" of this corpus came out as "x": confident repairs of long words
    # teach the stage the confusion, which the prior prices as an arbitrary error.
    stage = TokenStage(Config())
    ctx = Context("en", stage.config)
    clean = [
        "The market was working, and the bakery kept making breakfast.",
        "We talked about the kitchen, the background and the network.",
        "Thanks to the bookshop, the knowledge of the workers was remarkable.",
        "The jockey walked back to the park while the kettle was smoking.",
    ]
    for doc in clean * 2:
        stage.observe(doc.replace("k", "x"), ctx)
    lex = stage.lexicon("en")
    assert lex is not None
    adapted = stage._corpus["en"].channel(lex.channel)
    assert adapted is not None
    assert adapted[1].cost("xite", "kite") < lex.channel.cost("xite", "kite") - 1.0
    assert TokenStage(Config()).lexicon("en") is not None


def test_learn_confusions_recovers_a_confusion() -> None:
    clean = "the modern mother came home from the market in the morning"
    ocr = clean.replace("m", "rn")
    table = learn_confusions([(ocr, clean)] * 4, min_count=3)
    assert ("m", "rn") in table.pairs
    assert table.pairs[("m", "rn")] < table.substitution
    again = ConfusionTable.from_json(table.to_json())
    assert again.pairs == table.pairs


# --- properties -----------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.sampled_from(["en", "fr"]))
def test_any_text_edits_replay(text: str, lang: str) -> None:
    run(text, lang)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(["en", "fr"]))
def test_clean_dictionary_text_is_unchanged(data: st.DataObject, lang: str) -> None:
    text = data.draw(documents(lang))
    assert run(text, lang)[0] == text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(["en", "fr"]))
def test_idempotent_on_ocr_noise(data: st.DataObject, lang: str) -> None:
    noisy, _ = data.draw(ocr_noise(sentences(lang), rate=0.3))
    once = run(noisy, lang)[0]
    assert run(once, lang)[0] == once


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from(["en", "fr"]))
def test_ocr_noise_never_makes_text_worse(data: st.DataObject, lang: str) -> None:
    noisy, clean = data.draw(ocr_noise(sentences(lang), rate=0.3))
    assume(noisy != clean)
    out = run(noisy, lang)[0]
    before = sum(a != b for a, b in zip(noisy.split(), clean.split()))
    after = sum(a != b for a, b in zip(out.split(), clean.split()))
    assert len(out.split()) == len(clean.split()) or after <= before
    assert after <= before


def test_half_of_a_word_split_at_a_line_end_is_left_alone() -> None:
    text = "\x85theto-\nA"
    # Repairing one half would change how the halves join on the next pass
    # (found by the long Hypothesis profile: the pipeline was not idempotent).
    r = Repairer(lang="en")
    once = r.repair(text).text
    assert r.repair(once).text == once
    assert "theto" in once


def test_document_channel_leaves_the_shared_memo_alone() -> None:
    """The page's own channel rescores without storing in the per-language memo:
    its candidates serve that page only, and stored they grew the memo page after
    page while streaming (issue 6)."""
    case = next(c for c in CASES if c["label"] == "document-channel/s-read-as-a")
    stage = TokenStage(Config())
    out, _ = run(case["input"], "en", stage)
    assert out == case["expected"]  # the page's channel did repair "waa"
    lex = stage.lexicon("en")
    assert lex is not None
    memo = lex.analysis
    keys = [*memo._young, *memo._old]
    assert keys
    assert not [k for k in keys if k.split("\x00", 1)[0].lstrip("0123456789o").startswith("d")]


def test_confidence_weights_round_trip() -> None:
    # benchmarks/train_tokens.py --write puts the fitted weights in textrepair/tokens.py;
    # read back they are the library's, and written again the source is the same.
    pytest.importorskip("numpy")
    spec = importlib.util.spec_from_file_location(
        "train_tokens", ROOT / "benchmarks" / "train_tokens.py"
    )
    assert spec is not None and spec.loader is not None
    train = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(train)
    src = (ROOT / "textrepair" / "tokens.py").read_text(encoding="utf-8")
    weights = train.read_weights(src)
    assert weights == CONFIDENCE_WEIGHTS
    assert train.replace_weights(src, weights) == src
    changed = train.replace_weights(src, weights | {"margin": 0.5, "new_feature": -1e-05})
    assert train.read_weights(changed) == weights | {"margin": 0.5, "new_feature": -1e-05}
