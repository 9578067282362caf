"""The fuzz targets, run without atheris over the seed corpus so that they cannot rot."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .fuzz_textrepair import TARGETS

HERE = Path(__file__).parent
SEEDS = sorted((HERE / "corpus").glob("*"))


def _inputs() -> list[tuple[str, bytes]]:
    out = []
    for path in SEEDS:
        data = path.read_bytes()
        out.append((path.name, data))
        # Cut inside multi-byte characters and escape sequences too.
        for cut in (len(data) // 3, 2 * len(data) // 3 + 1):
            out.append((f"{path.name}[:{cut}]", data[:cut]))
    return out


INPUTS = _inputs()


def test_the_seed_corpus_is_there() -> None:
    assert len(SEEDS) >= 10


@pytest.mark.parametrize("target", sorted(TARGETS))
def test_target_runs_over_the_seed_corpus(target: str) -> None:
    for _, data in INPUTS:
        TARGETS[target](data)


@pytest.mark.parametrize("variant", range(9))
def test_every_stage_and_language_of_the_stages_target(variant: int) -> None:
    # The first byte picks the stage and the language: run each pick on every seed.
    for path in SEEDS:
        TARGETS["stages"](bytes([variant]) + path.read_bytes()[1:])


@pytest.mark.skipif(importlib.util.find_spec("atheris") is None, reason="atheris not installed")
def test_atheris_runs_the_harness(tmp_path: Path) -> None:
    # libFuzzer adds what it finds to the corpus directory: give it a copy.
    for seed in SEEDS:
        shutil.copy(seed, tmp_path)
    proc = subprocess.run(
        [
            sys.executable,
            str(HERE / "fuzz_textrepair.py"),
            "stages",  # "repair" first loads all 19 languages: minutes
            "-runs=100",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,  # crash files land here
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Done 100 runs" in proc.stderr
