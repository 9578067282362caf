"""The public API: surface, errors, results, edit replay, pickling, parallel order."""

from __future__ import annotations

import itertools
import pickle
from importlib import resources

import pytest

import textrepair
from textrepair import Config, Edit, Repairer, Result, apply_edits, repair
from textrepair.langdetect import detect_language

from .conftest import all_test_inputs

MOJIBAKE = "The caf\u00c3\u00a9 reopened"


def test_public_names() -> None:
    assert set(textrepair.__all__) == {
        "Config",
        "Edit",
        "Repairer",
        "Result",
        "__version__",
        "apply_edits",
        "decode_bytes",
        "repair",
        "supported_languages",
    }
    for name in textrepair.__all__:
        assert hasattr(textrepair, name)


def test_package_ships_type_marker_and_dictionaries() -> None:
    assert resources.files("textrepair").joinpath("py.typed").is_file()
    names = [p.name for p in resources.files("textrepair.dictionaries").iterdir()]
    assert "en.txt.gz" in names and "fr.txt.gz" in names


def test_one_liner() -> None:
    assert repair("Bonjour", lang="fr") == "Bonjour"
    assert repair(MOJIBAKE, lang="en") == "The café reopened"
    assert repair(MOJIBAKE) == "The café reopened"


def test_unknown_option_and_language() -> None:
    with pytest.raises(TypeError, match="'spellcheck'"):
        repair("x", spellcheck=True)
    with pytest.raises(TypeError, match="'spellcheck'"):
        Repairer(spellcheck=True)
    with pytest.raises(ValueError, match=r"unsupported language 'xx'; supported: auto, .*en.*fr"):
        Repairer(lang="xx")
    with pytest.raises(TypeError, match="lang must be a str"):
        Repairer(lang=None)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [None, b"bytes", 42, ["a"]])
def test_non_str_input_names_the_type(bad: object) -> None:
    with pytest.raises(TypeError, match=type(bad).__name__):
        Repairer(lang="en").repair(bad)  # type: ignore[arg-type]


def test_bytes_error_points_to_decode_bytes() -> None:
    with pytest.raises(TypeError, match="decode_bytes"):
        repair(b"abc")  # type: ignore[arg-type]
    assert textrepair.decode_bytes("caf\u00e9".encode("cp1252")) == "caf\u00e9"


def test_result_reports_edits_in_input_offsets() -> None:
    text = "Fish &amp; chips, caf\u00c3\u00a9"
    result = Repairer(lang="en").repair(text)
    assert isinstance(result, Result)
    assert result.lang == "en"
    assert result.text == "Fish & chips, caf\u00e9"
    assert result.changed
    for edit in result.edits:
        assert isinstance(edit, Edit)
        assert text[edit.start : edit.end] == edit.before
        assert edit.stage in ("encoding", "boilerplate", "tokens")
        assert 0.0 <= edit.confidence <= 1.0
    assert apply_edits(text, result.edits) == result.text


def test_stage_switches() -> None:
    assert Repairer(lang="en", encoding=False).repair(MOJIBAKE).text == MOJIBAKE
    r = Repairer(lang="en", encoding=False, boilerplate=False, tokens=False)
    assert r.stages == []
    assert r.repair(MOJIBAKE).edits == []


@pytest.mark.parametrize(("label", "text"), all_test_inputs(), ids=lambda v: str(v)[:40])
def test_edits_replay_on_every_test_input(label: str, text: str) -> None:
    result = Repairer(lang="auto").repair(text)
    assert apply_edits(text, result.edits) == result.text, label
    for a, b in itertools.pairwise(result.edits):
        assert a.end <= b.start


SLOVAK = (
    "Včera večer sme išli s priateľmi do reštaurácie, kde sme mali veľmi dobrú večeru a veľa sme "
    "sa rozprávali o budúcom výlete. Potom sme sa prechádzali po meste a rozhodli sme sa, že "
    "pôjdeme na hory. Počasie bolo krásne a všetci sme boli spokojní."
)


def test_language_without_a_dictionary_is_left_alone() -> None:
    # Slovak is close to Czech: read as Czech, "veľmi" became "velmi" and "išli" "šli".
    result = Repairer(lang="auto").repair(SLOVAK)
    assert (result.lang, result.text, result.edits) == ("und", SLOVAK, [])


def test_token_stage_reads_the_content_language() -> None:
    # German menus around an English article: the page's text is mostly German,
    # its content English. The token stage uses the language of what the
    # boilerplate stage left, so a second pass reads it in the same language.
    menu = "\n".join(
        [
            *("Zum Inhalt springen", "Startseite", "Über uns", "Aktuelles", "Veranstaltungen"),
            *("Kontakt", "Impressum", "Datenschutzerklärung", "Suchen", "Anmelden"),
            *("Registrieren", "Passwort vergessen?", "Beitragsnavigation", "← Vorheriger Beitrag"),
            *("Nächster Beitrag →", "Veröffentlicht am 11. April 2012 von admin", "Kategorien"),
            *("Schlagwörter", "Archiv", "Kommentar verfassen", "Teilen mit:", "Gefällt mir:"),
            *("Ähnliche Beiträge", "Nach oben"),
        ]
    )
    body = (
        "The workshop started with a short round of introductions, and then the groups "
        "discussed how teams could share what they learn with the rest of the company. Two or "
        "three ten-minute talks opened each session, and the moderator collected the questions "
        "that came up during the day."
    )
    text = f"{menu}\n{body}\n{menu}"
    assert detect_language(text) == "de"
    repairer = Repairer(lang="auto")
    first = repairer.repair(text)
    assert body in first.text and first.lang == "en"
    again = repairer.repair(first.text)
    assert (again.text, again.lang) == (first.text, "en")


def test_repairer_pickles_without_loaded_resources() -> None:
    r = Repairer(lang="fr", config=Config(uncurl_quotes=True))
    r.repair("Bonjour")
    clone = pickle.loads(pickle.dumps(r))
    assert clone.config == r.config and clone.lang == "fr"
    assert clone.repair("L\u2019\u00e9t\u00e9").text == r.repair("L\u2019\u00e9t\u00e9").text
    assert len(pickle.dumps(r)) < 200_000


def test_repair_many_keeps_order_and_matches_single_process() -> None:
    texts = [f"Document {i}: caf\u00c3\u00a9 &amp; th\u00c3\u00a9" for i in range(40)]
    r = Repairer(lang="en")
    serial = [res.text for res in r.repair_many(texts)]
    assert serial == [r.repair(t).text for t in texts]
    parallel = [res.text for res in r.repair_many(iter(texts), workers=2, chunksize=3)]
    assert parallel == serial
    with pytest.raises(ValueError, match="workers"):
        list(r.repair_many(texts, workers=-1))


def test_fit_rejects_non_str_documents() -> None:
    with pytest.raises(TypeError, match="int"):
        Repairer(lang="en").fit([1])  # type: ignore[list-item]
