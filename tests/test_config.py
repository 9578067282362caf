"""Config: frozen, picklable, validated; options and their errors."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from textrepair import Config


def test_config_is_frozen_hashable_and_picklable() -> None:
    cfg = Config(tokens=False, extra_words={"zelensky"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.tokens = True  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(cfg)) == cfg
    assert hash(cfg) == hash(Config(tokens=False, extra_words=frozenset({"zelensky"})))
    assert isinstance(cfg.extra_words, frozenset)


def test_unknown_option_names_it() -> None:
    with pytest.raises(TypeError, match="'uncurl_quote'"):
        Config.from_options(None, uncurl_quote=True)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"tokens": "yes"}, TypeError),
        ({"normalization": "NFD"}, ValueError),
        ({"min_confidence": 1.5}, ValueError),
        ({"max_edit_distance": 7}, ValueError),
        ({"extra_words": "word"}, TypeError),
    ],
)
def test_invalid_values_are_rejected(options: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        Config(**options)  # type: ignore[arg-type]


def test_from_options_overrides_a_base_config() -> None:
    base = Config(tokens=False)
    cfg = Config.from_options(base, uncurl_quotes=True)
    assert (cfg.tokens, cfg.uncurl_quotes) == (False, True)
    assert Config.from_options(base) is base
    with pytest.raises(TypeError, match="Config"):
        Config.from_options({"tokens": False})  # type: ignore[arg-type]


def test_dictionary_files_accepts_a_list_and_stays_hashable() -> None:
    cfg = Config(dictionary_files=["a.tsv", "b.tsv"])  # type: ignore[arg-type]
    assert cfg.dictionary_files == ("a.tsv", "b.tsv")
    hash(cfg)
    with pytest.raises(TypeError, match="dictionary_files"):
        Config(dictionary_files="a.tsv")  # type: ignore[arg-type]
