"""Every example runs and shows what the library gives.

- every program in ``examples/`` (found by glob, so new ones are picked up);
- the doctests in ``README.md`` and in every ``docs/**/*.md`` page (``>>>`` blocks);
- the ``console`` blocks of the docs: each ``$ command`` runs in a shell, in a
  scratch directory holding a copy of ``examples/``, and its standard output
  must be exactly the lines shown under it (stderr, which carries timings, is
  shown only when the command redirects it, e.g. ``2>&1``).

Outputs in the docs are generated, never typed: write the example with an empty
(or stale) output, then run ``python tests/test_examples.py --update``, which
runs every docs example and rewrites only the outputs that do not match.
"""

from __future__ import annotations

import doctest
import os
import re
import runpy
import shutil
import subprocess
import sys
import tempfile
import traceback
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))
DOC_PAGES = sorted(p for p in (ROOT / "docs").rglob("*.md") if "_hooks" not in p.parts)
OPTIONFLAGS = doctest.ELLIPSIS


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(
    path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", [str(path)])
    runpy.run_path(str(path), run_name="__main__")
    capsys.readouterr()


def test_examples_found() -> None:
    assert EXAMPLES, "no examples/*.py found"
    assert DOC_PAGES, "no docs/*.md found"


def test_readme_examples() -> None:
    readme = ROOT / "README.md"
    failures, tried = doctest.testfile(str(readme), module_relative=False, optionflags=OPTIONFLAGS)
    assert tried > 0
    assert failures == 0


# --- doctests in the docs -------------------------------------------------------------


def _run_page_doctests(page: Path, update: bool) -> tuple[int, int, dict[int, str]]:
    """Run the page's doctests from the repository root; returns (failures, tried, new wants)."""
    text = page.read_text(encoding="utf-8")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(text, {"__name__": "__main__"}, page.name, str(page), 0)
    new_wants: dict[int, str] = {}

    class Recorder(doctest.DocTestRunner):
        def report_failure(self, out, test, example, got):  # type: ignore[no-untyped-def]
            if got.startswith("Traceback (most recent call last):"):
                got = _short_traceback(got)
            new_wants[id(example)] = got
            if not update:
                super().report_failure(out, test, example, got)

        def report_unexpected_exception(self, out, test, example, exc_info):  # type: ignore[no-untyped-def]
            exc = "".join(traceback.format_exception_only(exc_info[0], exc_info[1]))
            # Never replace a real output by an error: a library broken mid-change
            # (or an earlier failing example) must not overwrite the docs.
            if not example.want or example.want.startswith("Traceback"):
                new_wants[id(example)] = "Traceback (most recent call last):\n    ...\n" + exc
            else:
                print(f"{page}:{example.lineno + 1}: not updated, it now raises: {exc}", end="")
            if not update:
                super().report_unexpected_exception(out, test, example, exc_info)

    runner = Recorder(optionflags=OPTIONFLAGS)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with warnings.catch_warnings():
            # testing.md shows .example() on purpose (Hypothesis warns outside a REPL).
            warnings.filterwarnings("ignore", message=r"The `\.example\(\)` method")
            result = runner.run(test, out=sys.stdout.write if not update else lambda s: None)
    finally:
        os.chdir(cwd)
        test.globs.clear()
    if update and new_wants:
        page.write_text(_rewrite_wants(text, parser, new_wants, test), encoding="utf-8")
    return result.failed, result.attempted, new_wants


def _short_traceback(text: str) -> str:
    """A traceback as doctests show it: the header, ``...`` and the exception's lines."""
    lines = text.rstrip("\n").split("\n")
    frames = [i for i, line in enumerate(lines) if line.startswith(" ")]
    return "\n".join([lines[0], "    ...", *lines[(frames[-1] if frames else 0) + 1 :]]) + "\n"


def _rewrite_wants(
    text: str, parser: doctest.DocTestParser, new: dict[int, str], test: doctest.DocTest
) -> str:
    # Re-parse to walk text and examples in order; examples match the test's by position.
    pieces = parser.parse(text, test.name)
    examples = iter(test.examples)
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        ran = next(examples)
        pad = " " * piece.indent
        src = piece.source.rstrip("\n").split("\n")
        out.append(pad + ">>> " + src[0] + "\n")
        out.extend(pad + ("... " + line if line else "...") + "\n" for line in src[1:])
        want = new.get(id(ran), piece.want)
        lines = want.removesuffix("\n").split("\n") if want else []
        for line in lines:
            out.append(pad + (line if line.strip() else "<BLANKLINE>") + "\n")
    return "".join(out)


@pytest.mark.parametrize("page", DOC_PAGES, ids=lambda p: str(p.relative_to(ROOT / "docs")))
def test_docs_doctests(page: Path) -> None:
    failures, _tried, _ = _run_page_doctests(page, update=False)
    assert failures == 0, f"{page}: {failures} doctest(s) failed (see the output above)"


# --- console blocks in the docs --------------------------------------------------------


@dataclass
class Command:
    page: Path
    line: int  # 0-based line of the "$ " line
    command: str
    shown: list[str]


_FENCE = re.compile(r"^(\s*)```console\s*$")


def _console_blocks(page: Path) -> Iterator[list[Command]]:
    lines = page.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        pad = m.group(1)
        block: list[Command] = []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            line = lines[i][len(pad) :] if lines[i].startswith(pad) else lines[i]
            if line.startswith("$ "):
                block.append(Command(page, i, line[2:], []))
            elif block:
                block[-1].shown.append(line)
            else:
                raise ValueError(f"{page}:{i + 1}: console block must start with '$ '")
            i += 1
        yield block
        i += 1


def _run_block(block: list[Command], workdir: Path) -> list[tuple[str, str]]:
    """Run the block's commands in order in ``workdir``; each one's (stdout, stderr)."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["COLUMNS"] = "100"
    env.pop("PYTHONWARNINGS", None)
    outputs = []
    for cmd in block:
        proc = subprocess.run(
            ["bash", "-c", cmd.command],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=120,
        )
        outputs.append(
            (
                proc.stdout.decode("utf-8", "replace").rstrip("\n"),
                proc.stderr.decode("utf-8", "replace"),
            )
        )
    return outputs


def _scratch() -> tempfile.TemporaryDirectory[str]:
    tmp = tempfile.TemporaryDirectory(prefix="textrepair-docs-")
    shutil.copytree(ROOT / "examples", Path(tmp.name) / "examples")
    return tmp


CONSOLE_BLOCKS = [
    pytest.param(block, id=f"{block[0].page.relative_to(ROOT / 'docs')}:{block[0].line + 1}")
    for page in DOC_PAGES
    for block in _console_blocks(page)
    if block
]


@pytest.mark.parametrize("block", CONSOLE_BLOCKS)
def test_docs_console(block: list[Command]) -> None:
    with _scratch() as tmp:
        outputs = _run_block(block, Path(tmp))
    for cmd, (got, stderr) in zip(block, outputs):
        shown = "\n".join(cmd.shown).rstrip("\n")
        assert got == shown, f"{cmd.page}:{cmd.line + 1}: $ {cmd.command}\nstderr:\n{stderr}"


def _update_console(page: Path) -> int:
    lines = page.read_text(encoding="utf-8").split("\n")
    changed = 0
    # Replace from the bottom so earlier line numbers stay valid.
    for block in reversed([b for b in _console_blocks(page) if b]):
        with _scratch() as tmp:
            outputs = _run_block(block, Path(tmp))
        pad = re.match(r"\s*", lines[block[0].line]).group()  # type: ignore[union-attr]
        for cmd, (got, _stderr) in reversed(list(zip(block, outputs))):
            new = [pad + line if line else "" for line in got.split("\n")] if got else []
            start, end = cmd.line + 1, cmd.line + 1 + len(cmd.shown)
            if [line.rstrip() for line in lines[start:end]] != [line.rstrip() for line in new]:
                lines[start:end] = new
                changed += 1
    if changed:
        page.write_text("\n".join(lines), encoding="utf-8")
    return changed


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python tests/test_examples.py --update")
    import textrepair

    if not {"en", "fr"} <= set(textrepair.supported_languages()):
        sys.exit("the installed textrepair has no en/fr dictionaries: not updating the docs")
    for page in DOC_PAGES:
        _failed, _tried, wants = _run_page_doctests(page, update=True)
        console = _update_console(page)
        if wants or console:
            print(f"{page.relative_to(ROOT)}: {len(wants)} doctest and {console} console outputs")
