"""Fuzz targets over textrepair's public API, for atheris (see README.md here).

Each target takes the fuzzer's bytes, turns them into input and checks the
contract: no exception other than the documented ones, ``str`` out, and edits
that replay onto the input. The targets are plain functions, so
``tests/fuzz/test_fuzz_targets.py`` also runs them without atheris over the
seed corpus (``tests/fuzz/corpus/``) in every CI run.

    python tests/fuzz/fuzz_textrepair.py repair -max_total_time=600 tests/fuzz/corpus
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import textrepair
from textrepair import Config, Edit, Repairer, apply_edits
from textrepair.boilerplate import BoilerplateStage
from textrepair.encoding import EncodingStage
from textrepair.stage import Context
from textrepair.tokens import TokenStage

CONFIG = Config()
REPAIRERS = [Repairer(lang="en"), Repairer(lang="fr"), Repairer(lang="auto")]
STAGES = [EncodingStage(CONFIG), BoilerplateStage(CONFIG), TokenStage(CONFIG)]
LANGS = ["en", "fr", "und"]
MAX_LEN = 20_000  # longer inputs only slow the fuzzer down; speed has its own benchmark


def _text(data: bytes) -> str:
    """Any str, lone surrogates included: invalid UTF-8 bytes become U+DC80-U+DCFF."""
    return data[:MAX_LEN].decode("utf-8", errors="surrogateescape")


def check_contract(text: str, out: object, edits: list[Edit]) -> None:
    """What every stage and the pipeline promise about their output."""
    if not isinstance(out, str):
        raise AssertionError(f"output is {type(out).__name__}, not str")
    if apply_edits(text, edits) != out:
        raise AssertionError("edits do not replay onto the input")
    last = 0
    for e in edits:
        if not last <= e.start <= e.end <= len(text) or text[e.start : e.end] != e.before:
            raise AssertionError(f"edit out of order or out of bounds: {e!r}")
        last = e.end


def fuzz_repair(data: bytes) -> None:
    """The pipeline: first byte picks the language (en, fr, auto), the rest is the text."""
    if not data:
        return
    text = _text(data[1:])
    result = REPAIRERS[data[0] % len(REPAIRERS)].repair(text)
    check_contract(text, result.text, result.edits)


def fuzz_stages(data: bytes) -> None:
    """Each stage alone: first byte picks the stage and the language of the context."""
    if not data:
        return
    text = _text(data[1:])
    stage = STAGES[data[0] % len(STAGES)]
    out, edits = stage.process(text, Context(LANGS[data[0] // len(STAGES) % len(LANGS)], CONFIG))
    check_contract(text, out, edits)


def fuzz_decode_bytes(data: bytes) -> None:
    """Any bytes decode to a str the pipeline takes."""
    text = textrepair.decode_bytes(data[:MAX_LEN])
    result = REPAIRERS[0].repair(text)
    check_contract(text, result.text, result.edits)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "repair": fuzz_repair,
    "stages": fuzz_stages,
    "decode_bytes": fuzz_decode_bytes,
}


def main() -> None:
    try:
        import atheris
    except ImportError:
        sys.exit("the fuzz harness needs atheris: pip install 'textrepair[fuzz]'")
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} [libFuzzer options] [corpus]")
    name = sys.argv.pop(1)
    target = TARGETS[name]
    # Load resources first: libFuzzer's -timeout would count them against the
    # first input that needs them. "repair" detects any language: all of them
    # (a few minutes), the other targets use en, fr and und only.
    sample = "Tbe rnodern wlndow, cafÃ© &amp; inter-\nvention."
    langs = (*textrepair.supported_languages(), "und") if name == "repair" else LANGS
    for lang in langs:
        for stage in [*STAGES, *REPAIRERS[2].stages]:
            stage.process(sample, Context(lang, CONFIG))
    for lead in range(9):
        target(bytes([lead]) + sample.encode())
    atheris.instrument_all()  # coverage feedback from every loaded module, textrepair's included
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
