"""The command line: text and JSONL round trips, stdin and files, explain, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from textrepair import Edit, apply_edits
from textrepair.cli import main

MOJIBAKE = "The caf\u00c3\u00a9 reopened on Monday.\n"


def run_cli(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "textrepair", *args], input=stdin, capture_output=True, timeout=120
    )


def test_version_and_help() -> None:
    out = run_cli("--version")
    assert out.returncode == 0 and out.stdout.startswith(b"textrepair ")
    out = run_cli("--help")
    assert out.returncode == 0 and b"--explain" in out.stdout


def test_stdin_to_stdout() -> None:
    out = run_cli("--lang", "en", "-", stdin=MOJIBAKE.encode())
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode() == "The caf\u00e9 reopened on Monday.\n"


def test_file_to_file_with_explain(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text(MOJIBAKE, encoding="utf-8")
    dst, explain = tmp_path / "out.txt", tmp_path / "edits.jsonl"
    assert main([str(src), "-o", str(dst), "--lang", "en", "--explain", str(explain)]) == 0
    output = dst.read_text(encoding="utf-8")
    assert output == "The caf\u00e9 reopened on Monday.\n"
    edits = [json.loads(line) for line in explain.read_text(encoding="utf-8").splitlines()]
    assert edits and all(e["input"] == str(src) and e["record"] == 1 for e in edits)
    replayed = apply_edits(MOJIBAKE, [Edit.from_dict(e) for e in edits])
    assert replayed == output


def test_jsonl_passes_other_fields_through(tmp_path: Path) -> None:
    records = [
        {"id": 1, "meta": {"k": [1, 2.5, None]}, "body": "fish &amp; chips"},
        {"body": "d\u00c3\u00a9j\u00c3\u00a0 vu", "z": True},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    dst = tmp_path / "out.jsonl"
    code = main([str(src), "-o", str(dst), "--format", "jsonl", "--text-key", "body"])
    assert code == 0
    out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    assert [r["body"] for r in out] == ["fish & chips", "d\u00e9j\u00e0 vu"]
    for before, after in zip(records, out):
        assert {k: v for k, v in before.items() if k != "body"} == {
            k: v for k, v in after.items() if k != "body"
        }
        assert list(before) == list(after)  # field order kept


def test_jsonl_bad_records_are_reported_and_passed_through(tmp_path: Path) -> None:
    lines = [
        b'{"text": "ok &amp; fine"}\n',
        b"{not json}\n",
        b'{"other": 1}\n',
        b'{"text": 5}\n',
        b'{"text": "caf\xff"}\n',
        b'["text"]\n',
    ]
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(lines))
    out = run_cli(str(src), "--format", "jsonl", "--lang", "en")
    assert out.returncode == 1
    produced = out.stdout.splitlines(keepends=True)
    assert len(produced) == len(lines)
    assert json.loads(produced[0]) == {"text": "ok & fine"}
    assert produced[1:] == lines[1:]
    err = out.stderr.decode()
    for n in (2, 3, 4, 5, 6):
        assert f"in.jsonl:{n}:" in err


def test_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text(MOJIBAKE, encoding="utf-8")
    out = run_cli(str(src), "-o", str(src))
    assert out.returncode == 2 and b"refusing to write over" in out.stderr
    assert src.read_text(encoding="utf-8") == MOJIBAKE


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing-file.txt"], "no such file"),
        (["--lang", "xx", "-"], "unsupported language"),
        (["--set", "nonsense=1", "-"], "unknown option"),
        (["--set", "uncurl_quotes=maybe", "-"], "true or false"),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    out = run_cli(*args)
    assert out.returncode == 2
    assert message in out.stderr.decode()


def test_several_text_files_into_a_directory(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(MOJIBAKE, encoding="utf-8")
    b.write_text("fish &amp; chips", encoding="utf-8")
    outdir = tmp_path / "out"
    assert main([str(a), str(b), "-o", str(outdir), "--lang", "en"]) == 0
    assert (outdir / "b.txt").read_text(encoding="utf-8") == "fish & chips"
    assert main([str(a), str(b)]) == 2


def test_invalid_utf8_in_text_input_is_kept_byte_for_byte(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(b"abc \xff\xfe def\n")
    out = run_cli(str(src), "--lang", "en")
    assert out.returncode == 0
    assert out.stdout == b"abc \xff\xfe def\n"


def test_stage_switch_and_set_option() -> None:
    out = run_cli("--no-encoding", "--lang", "en", "-", stdin=MOJIBAKE.encode())
    assert out.stdout.decode() == MOJIBAKE
    out = run_cli(
        "--set", "uncurl_quotes=true", "--lang", "en", "-", stdin="\u201cHi\u201d".encode()
    )
    assert out.stdout.decode() == '"Hi"'


def test_workers_keep_record_order(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(json.dumps({"i": i, "text": f"n\u00c3\u00a9 {i}"}) + "\n" for i in range(30)),
        encoding="utf-8",
    )
    out = run_cli(str(src), "--format", "jsonl", "--workers", "2", "--lang", "fr")
    assert out.returncode == 0, out.stderr
    assert [json.loads(line)["i"] for line in out.stdout.splitlines()] == list(range(30))
