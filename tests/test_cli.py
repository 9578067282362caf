"""The command line: text and JSONL round trips, stdin and files, explain, errors."""

from __future__ import annotations

import gzip
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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


# --- corpora at scale: formats, compression, rejects, resume, progress ---------------------

FAST = ["--lang", "en", "--no-tokens", "--no-boilerplate", "-j", "1", "-q"]
CODECS = {
    "gz": "gzip",
    "bz2": "bz2",
    "xz": "lzma",
    # The standard library's from Python 3.14, the backport (the zstd extra) before.
    "zst": "compression.zstd" if sys.version_info >= (3, 14) else "backports.zstd",
}


def _records(n: int, start: int = 0) -> list[dict[str, object]]:
    return [
        {"id": i, "text": f"Record {i}: fish &amp; chips at the caf\u00c3\u00a9 " + "x" * (i % 7)}
        for i in range(start, start + n)
    ]


def _write_jsonl(path: Path, records: list[dict[str, object]]) -> bytes:
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    path.write_bytes(data)
    return data


def _codec_open(path: Path, mode: str) -> Any:
    suffix = path.suffix.lstrip(".")
    if suffix not in CODECS:
        return open(path, mode)
    module = importlib.import_module(CODECS[suffix])
    return module.open(path, mode)


def _read(path: Path) -> bytes:
    with _codec_open(path, "rb") as f:
        data: bytes = f.read()
    return data


def _expected_jsonl(records: list[dict[str, object]]) -> list[str]:
    return [
        f"Record {r['id']}: fish & chips at the caf\u00e9 " + "x" * (int(str(r["id"])) % 7)
        for r in records
    ]


def test_format_is_chosen_from_the_name(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    records = _records(5)
    _write_jsonl(src, records)
    dst = tmp_path / "out.jsonl"
    assert main([str(src), "-o", str(dst), *FAST]) == 0
    assert [json.loads(x)["text"] for x in dst.read_text().splitlines()] == _expected_jsonl(records)
    txt = tmp_path / "b.txt"
    txt.write_text("x")
    assert main([str(src), str(txt), "-o", str(tmp_path / "o"), *FAST]) == 2  # mixed


@pytest.mark.parametrize("codec", sorted(CODECS))
def test_compressed_input_and_output(tmp_path: Path, codec: str) -> None:
    pytest.importorskip(CODECS[codec])
    records = _records(40)
    plain = tmp_path / "in.jsonl"
    data = _write_jsonl(plain, records)
    src = tmp_path / f"in.jsonl.{codec}"
    with _codec_open(src, "wb") as f:
        f.write(data)
    dst = tmp_path / f"out.jsonl.{codec}"
    assert main([str(src), "-o", str(dst), *FAST]) == 0
    out = _read(dst).decode().splitlines()
    assert [json.loads(x)["text"] for x in out] == _expected_jsonl(records)
    assert dst.read_bytes() != _read(dst)  # really compressed


def test_zst_without_the_extra_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("compression.zstd", "backports.zstd"):
        monkeypatch.setitem(sys.modules, name, None)
    src = tmp_path / "in.jsonl.zst"
    src.write_bytes(b"\x28\xb5\x2f\xfd")
    assert main([str(src), "-o", str(tmp_path / "out.jsonl"), *FAST]) == 2
    assert "textrepair[zstd]" in capsys.readouterr().err


def test_directories_and_globs_mirror_into_an_output_directory(tmp_path: Path) -> None:
    src = tmp_path / "pages"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("fish &amp; chips")
    (src / "sub" / "a.txt").write_text("caf\u00c3\u00a9")
    (src / ".hidden.txt").write_text("secret &amp;")
    with gzip.open(src / "sub" / "c.txt.gz", "wt") as f:
        f.write("na\u00c3\u00afve")
    out = tmp_path / "out"
    assert main([str(src), "-o", str(out), *FAST]) == 0
    assert (out / "a.txt").read_text() == "fish & chips"
    assert (out / "sub" / "a.txt").read_text() == "caf\u00e9"
    with gzip.open(out / "sub" / "c.txt.gz", "rt") as f:  # compressed the same way
        assert f.read() == "na\u00efve"
    assert not (out / ".hidden.txt").exists()
    # --compress none writes plain files; a glob picks files by pattern.
    out2 = tmp_path / "out2"
    assert main([str(src / "sub" / "*.gz"), "-o", str(out2), "--compress", "none", *FAST]) == 0
    assert [p.name for p in out2.iterdir()] == ["c.txt"]
    assert main([str(tmp_path / "nothing-*.txt"), *FAST]) == 2


def test_lines_format_and_its_rejects(tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(b"fish &amp; chips\r\n\nbad \xff byte\nsplit &#10; here\ncaf\xc3\x83\xc2\xa9")
    dst, rej = tmp_path / "out.txt", tmp_path / "rejects.txt"
    out = run_cli(str(src), "--format", "lines", "-o", str(dst), "--rejects", str(rej), *FAST)
    assert out.returncode == 1
    assert dst.read_bytes() == b"fish & chips\r\n\ncaf\xc3\xa9\n"
    assert rej.read_bytes() == b"bad \xff byte\nsplit &#10; here\n"
    err = out.stderr.decode()
    assert "in.txt:3: invalid UTF-8" in err and "in.txt:4: repair would add a line break" in err


def test_rejects_file_takes_bad_records_out_of_the_output(tmp_path: Path) -> None:
    lines = [b'{"text": "a &amp; b"}\n', b"{not json}\n", b'{"t": 1}\n', b'{"text": "ok"}']
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"".join(lines))
    dst, rej = tmp_path / "out.jsonl", tmp_path / "bad.jsonl"
    out = run_cli(str(src), "-o", str(dst), "--rejects", str(rej), *FAST)
    assert out.returncode == 1
    assert dst.read_bytes() == b'{"text": "a & b"}\n{"text": "ok"}\n'
    assert rej.read_bytes() == lines[1] + lines[2]
    assert "in.jsonl:2: invalid JSON" in out.stderr.decode()
    assert "in.jsonl:3: no 'text' field" in out.stderr.decode()
    clean = tmp_path / "clean.jsonl"
    clean.write_bytes(lines[0])
    assert run_cli(str(clean), "-o", str(dst), *FAST).returncode == 0


def test_a_record_over_the_size_limit_is_rejected_whole(tmp_path: Path) -> None:
    big = json.dumps({"text": "y" * 5000}).encode() + b"\n"
    src = tmp_path / "in.jsonl"
    src.write_bytes(b'{"text": "a"}\n' + big + b'{"text": "b &amp; c"}\n')
    dst, rej = tmp_path / "out.jsonl", tmp_path / "rej.jsonl"
    args = [str(src), "-o", str(dst), "--rejects", str(rej), "--max-record-size", "1K", *FAST]
    assert main(args) == 1
    assert rej.read_bytes() == big
    assert dst.read_bytes() == b'{"text": "a"}\n{"text": "b & c"}\n'


def test_a_damaged_gzip_input_gives_what_it_can(tmp_path: Path) -> None:
    records = _records(400)
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    src = tmp_path / "in.jsonl.gz"
    src.write_bytes(gzip.compress(data)[:-200])
    dst = tmp_path / "out.jsonl"
    out = run_cli(str(src), "-o", str(dst), *FAST)
    assert out.returncode == 1 and b"unreadable after line" in out.stderr
    got = dst.read_text().splitlines()
    assert 0 < len(got) < 400
    assert [json.loads(x)["text"] for x in got] == _expected_jsonl(records)[: len(got)]


def test_order_is_kept_across_many_small_chunks_and_workers(tmp_path: Path) -> None:
    records = _records(300)
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, records)
    dst = tmp_path / "out.jsonl"
    args = [str(src), "-o", str(dst), "--chunk-size", "1K", "-j", "2", "--lang", "en", "-q"]
    out = run_cli(*args, "--no-tokens", "--no-boilerplate")
    assert out.returncode == 0, out.stderr
    got = [json.loads(x) for x in dst.read_text().splitlines()]
    assert [r["id"] for r in got] == list(range(300))
    assert [r["text"] for r in got] == _expected_jsonl(records)


def _full_run(tmp_path: Path, name: str, records: list[dict[str, object]]) -> bytes:
    src = tmp_path / "in.jsonl"
    if not src.exists():
        _write_jsonl(src, records)
    ref = tmp_path / name
    assert main([str(src), "-o", str(ref), *FAST]) == 0
    return _read(ref)


@pytest.mark.parametrize("suffix", ["", ".gz", ".xz"])
def test_resume_after_a_torn_write(tmp_path: Path, suffix: str) -> None:
    records = _records(60)
    full = _full_run(tmp_path, "ref.jsonl", records)
    lines = full.splitlines(keepends=True)
    dst = tmp_path / f"out.jsonl{suffix}"
    torn = b"".join(lines[:25]) + lines[25][:10]
    if suffix:
        # A compressed stream cut mid-way, as a killed process leaves it.
        with _codec_open(tmp_path / f"whole{suffix}", "wb") as f:
            f.write(torn)
        whole = (tmp_path / f"whole{suffix}").read_bytes()
        dst.write_bytes(whole[: len(whole) - 5])
    else:
        dst.write_bytes(torn)
    src = tmp_path / "in.jsonl"
    assert main([str(src), "-o", str(dst), "--resume", *FAST]) == 0
    assert _read(dst) == full


def test_resume_counts_rejects_and_trims_explain(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    good = [json.dumps(r).encode() + b"\n" for r in _records(30)]
    body = [*good[:10], b"{bad\n", *good[10:]]
    src.write_bytes(b"".join(body))
    dst, rej, exp = tmp_path / "out.jsonl", tmp_path / "rej.jsonl", tmp_path / "edits.jsonl"
    args = [str(src), "-o", str(dst), "--rejects", str(rej), "--explain", str(exp), *FAST]
    assert main(args) == 1
    full_out, full_exp = dst.read_bytes(), exp.read_bytes()
    # Interrupted after 15 input records: 14 repaired and the reject; explain ran ahead.
    dst.write_bytes(b"".join(full_out.splitlines(keepends=True)[:14]))
    exp_lines = full_exp.splitlines(keepends=True)
    exp.write_bytes(b"".join(exp_lines[: len(exp_lines) * 3 // 4]))
    assert main([*args, "--resume"]) == 0  # nothing rejected in this part
    assert dst.read_bytes() == full_out
    assert rej.read_bytes() == b"{bad\n"
    assert exp.read_bytes() == full_exp


def test_resume_refuses_an_output_longer_than_the_input(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, _records(3))
    dst = tmp_path / "out.jsonl"
    _write_jsonl(dst, _records(5))
    assert main([str(src), "-o", str(dst), "--resume", *FAST]) == 2
    assert main([str(src), "--resume", *FAST]) == 2  # stdout cannot be resumed


def test_resume_of_text_files_skips_finished_outputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in "abc":
        (src / f"{name}.txt").write_text(f"{name} &amp; more")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_text("already done")
    assert main([str(src), "-o", str(out), "--resume", *FAST]) == 0
    assert (out / "a.txt").read_text() == "already done"
    assert (out / "b.txt").read_text() == "b & more"
    assert not list(out.glob("*tmp*"))


def test_interrupted_run_leaves_complete_records_and_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import textrepair.cli as cli

    records = _records(200)
    full = _full_run(tmp_path, "ref.jsonl", records)
    calls = {"n": 0}
    real = cli.process_chunk

    def flaky(job: Any, chunk: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 4:
            raise KeyboardInterrupt
        return real(job, chunk)

    monkeypatch.setattr(cli, "process_chunk", flaky)
    dst = tmp_path / "out.jsonl.gz"
    args = [str(tmp_path / "in.jsonl"), "-o", str(dst), "--chunk-size", "1K", *FAST]
    assert main(args) == 130
    partial = _read(dst)  # a complete gzip file: closed properly on interruption
    assert 0 < len(partial) < len(full) and full.startswith(partial)
    assert partial.endswith(b"\n")
    assert main([*args, "--resume"]) == 0
    assert _read(dst) == full


def test_progress_bar_and_summary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    src = tmp_path / "in.jsonl"
    _write_jsonl(src, _records(20))
    args = [str(src), "-o", str(tmp_path / "o.jsonl"), "--lang", "en", "--no-tokens", "-j", "1"]
    term = Terminal()
    monkeypatch.setattr(sys, "stderr", term)
    assert main(args) == 0
    shown = term.getvalue()
    assert "100%" in shown and "\r" in shown  # the bar
    assert "20 documents (20 changed, 0 rejected)" in shown and "MB/s" in shown
    assert "edits in encoding: 40 (html-entity 20, mojibake 20)" in shown
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    assert main(args) == 0
    assert "\r" not in pipe.getvalue() and "20 documents" in pipe.getvalue()
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main([*args, "-q"]) == 0
    assert quiet.getvalue() == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "dask", "-"], "needs --scheduler"),
        (["--scheduler", "tcp://127.0.0.1:8786", "-"], "goes with --engine dask"),
        (["--workers", "-1", "-"], "--workers"),
        (["--chunk-size", "lots", "-"], "not a size"),
        (["-", "-"], "only once"),
    ],
)
def test_more_usage_errors(args: list[str], message: str) -> None:
    out = run_cli(*args)
    assert out.returncode == 2
    assert message in out.stderr.decode()


def test_refuses_to_write_rejects_or_explain_over_an_input(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, _records(2))
    for opt in ("--rejects", "--explain"):
        assert main([str(src), "-o", str(tmp_path / "o.jsonl"), opt, str(src), *FAST]) == 2
    assert len(src.read_text().splitlines()) == 2


def test_workers_default_to_available_cores() -> None:
    from textrepair.cli import available_cores, build_parser

    assert build_parser().parse_args([]).workers == 0
    assert 1 <= available_cores() <= (os.cpu_count() or 1)


def test_sigterm_with_workers_then_resume(tmp_path: Path) -> None:
    import signal
    import time

    lines = [f"line {i}: fish &amp; chips\n".encode() for i in range(100)]
    expected = b"".join(line.replace(b"&amp;", b"&") for line in lines)
    src = tmp_path / "in.txt"
    src.write_bytes(b"".join(lines))
    dst = tmp_path / "out.txt"
    args = ["--format", "lines", "-o", str(dst), "--chunk-size", "1", "-j", "2", "-q"]
    args += ["--lang", "en", "--no-tokens", "--no-boilerplate"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "textrepair", "-", *args],
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None
    proc.stdin.write(b"".join(lines[:60]))  # the rest never comes: the reader waits
    proc.stdin.flush()
    time.sleep(3)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    partial = dst.read_bytes()
    assert expected.startswith(partial) and (partial == b"" or partial.endswith(b"\n"))
    assert run_cli(str(src), *args, "--resume").returncode == 0
    assert dst.read_bytes() == expected
