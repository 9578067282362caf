"""The ``textrepair`` command: repair files or stdin, as plain text or JSONL.

Plain text (``--format text``): each input is one document. JSONL
(``--format jsonl``): each line is a record whose ``--text-key`` field is
repaired; every other field passes through untouched. Output keeps one
record per input record; a record that cannot be read (invalid JSON or
UTF-8, missing or non-string text) is reported on stderr with its file and
line and written out unchanged, and the exit status is then 1.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from ._version import __version__
from .config import Config
from .parallel import ordered_map
from .pipeline import Repairer, Result, supported_languages

EXIT_OK, EXIT_BAD_RECORDS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A problem with the command line or the files named on it."""


@dataclass
class _Doc:
    source: str
    number: int  # 1-based line (jsonl) or 1 (text)
    raw: bytes  # the record as read, written back unchanged if it cannot be repaired
    text: str | None = None  # None: unreadable, pass raw through
    record: dict[str, Any] | None = None
    problem: str | None = None


def _parse_option(item: str) -> tuple[str, Any]:
    """``KEY=VALUE`` into a typed Config option."""
    if "=" not in item:
        raise UsageError(f"--set takes KEY=VALUE, got {item!r}")
    key, value = item.split("=", 1)
    fields = {f.name: f for f in dataclasses.fields(Config)}
    if key not in fields:
        raise UsageError(f"unknown option {key!r}; valid options: {', '.join(fields)}")
    kind = str(fields[key].type)
    if kind == "bool":
        low = value.lower()
        if low not in ("true", "false", "1", "0", "yes", "no"):
            raise UsageError(f"option {key} takes true or false, got {value!r}")
        return key, low in ("true", "1", "yes")
    if kind == "int":
        return key, int(value)
    if kind == "float":
        return key, float(value)
    if kind.startswith("tuple"):
        return key, tuple(w for w in value.split(",") if w)
    if kind.startswith("frozenset"):
        return key, frozenset(w for w in value.split(",") if w)
    if "None" in kind and value.lower() in ("none", ""):
        return key, None
    return key, value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="textrepair",
        description="Repair mojibake, web boilerplate and corrupted tokens in text, "
        "and account for every change.",
    )
    p.add_argument(
        "inputs",
        nargs="*",
        default=["-"],
        metavar="FILE",
        help="input files; - for stdin (default)",
    )
    p.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE",
        help="output file (default: stdout); a directory for several text inputs",
    )
    p.add_argument(
        "--format",
        choices=("text", "jsonl"),
        default="text",
        help="text: each input is one document; jsonl: one record per line",
    )
    p.add_argument(
        "--text-key",
        default="text",
        metavar="KEY",
        help="JSONL field holding the text (default: text)",
    )
    p.add_argument(
        "--lang", default="auto", help="language code, or auto to detect per document (default)"
    )
    for stage in ("encoding", "boilerplate", "tokens"):
        p.add_argument(
            f"--no-{stage}", dest=stage, action="store_false", help=f"skip the {stage} stage"
        )
    p.add_argument(
        "--set",
        dest="options",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set any Config option, e.g. --set uncurl_quotes=true (repeatable)",
    )
    p.add_argument("--explain", metavar="FILE", help="write every edit as one JSON line to FILE")
    p.add_argument("--group", help="site or source name for corpus-learned rules")
    p.add_argument(
        "--workers", type=int, default=1, help="worker processes (0: one per CPU; default 1)"
    )
    p.add_argument(
        "--list-languages", action="store_true", help="print the supported languages and exit"
    )
    p.add_argument("--version", action="version", version=f"textrepair {__version__}")
    return p


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as f:
        return f.read()


def _iter_lines(path: str) -> Iterator[bytes]:
    if path == "-":
        yield from sys.stdin.buffer
        return
    with open(path, "rb") as f:
        yield from f


def _text_docs(path: str) -> Iterator[_Doc]:
    raw = _read_bytes(path)
    # surrogateescape keeps invalid bytes as lone surrogates that the stages
    # leave alone and that are written back as the same bytes.
    yield _Doc(path, 1, raw, raw.decode("utf-8", "surrogateescape"))


def _jsonl_docs(path: str, key: str) -> Iterator[_Doc]:
    for number, raw in enumerate(_iter_lines(path), 1):
        doc = _Doc(path, number, raw)
        body = raw.rstrip(b"\r\n")
        if not body.strip():
            doc.problem = "empty line"
            yield doc
            continue
        try:
            record = json.loads(body.decode("utf-8"))
        except UnicodeDecodeError as e:
            doc.problem = f"invalid UTF-8 ({e.reason} at byte {e.start})"
        except json.JSONDecodeError as e:
            doc.problem = f"invalid JSON ({e.msg}, column {e.colno})"
        else:
            if not isinstance(record, dict):
                doc.problem = f"record is a JSON {type(record).__name__}, not an object"
            elif key not in record:
                doc.problem = f"no {key!r} field"
            elif not isinstance(record[key], str):
                doc.problem = f"field {key!r} is {type(record[key]).__name__}, not a string"
            else:
                doc.record = record
                doc.text = record[key]
        yield doc


_repairer: Repairer | None = None


def _init(repairer: Repairer) -> None:
    global _repairer
    _repairer = repairer


def _repair_doc(doc: _Doc) -> tuple[_Doc, Result | None]:
    """Repair one document; a failure is recorded, not raised, so a corpus run goes on."""
    if doc.text is None:
        return doc, None
    assert _repairer is not None
    try:
        return doc, _repairer.repair(doc.text)
    except Exception as e:  # reported per record; the run continues
        doc.problem = f"internal error {type(e).__name__}: {e}"
        return doc, None


def _dump_record(record: dict[str, Any]) -> bytes:
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (from \u escapes in the input) are not UTF-8: keep them escaped.
        return (json.dumps(record) + "\n").encode("ascii")


def _open_out(path: str) -> contextlib.AbstractContextManager[IO[bytes]]:
    if path == "-":
        # Flushed, not closed: the interpreter owns stdout.
        return _flushing(sys.stdout.buffer)
    return open(path, "wb")


@contextlib.contextmanager
def _flushing(stream: IO[bytes]) -> Iterator[IO[bytes]]:
    try:
        yield stream
    finally:
        stream.flush()


def run(args: argparse.Namespace) -> int:
    options = dict(_parse_option(item) for item in args.options)
    for stage in ("encoding", "boilerplate", "tokens"):
        if not getattr(args, stage):
            options[stage] = False
    try:
        repairer = Repairer(args.lang, **options)
    except (TypeError, ValueError) as e:
        raise UsageError(str(e)) from e

    inputs: list[str] = args.inputs
    if inputs.count("-") > 1:
        raise UsageError("stdin (-) can be read only once")
    for path in inputs:
        if path != "-" and not os.path.isfile(path):
            raise UsageError(f"no such file: {path}")
        for out in (args.output, args.explain):
            if out and out != "-" and path != "-" and os.path.exists(out) and _same_file(path, out):
                raise UsageError(f"refusing to write over the input file {path}")

    text_dir = args.format == "text" and len(inputs) > 1
    if text_dir:
        if args.output == "-":
            raise UsageError("several text inputs need -o DIRECTORY (one output file each)")
        os.makedirs(args.output, exist_ok=True)
        names = [os.path.basename(p) for p in inputs]
        if len(set(names)) != len(names):
            raise UsageError(
                "several inputs share a file name and would overwrite each other in the output"
            )
        for path in inputs:
            if _same_file(path, os.path.join(args.output, os.path.basename(path))):
                raise UsageError(f"refusing to write over the input file {path}")

    def docs() -> Iterator[_Doc]:
        for path in inputs:
            if args.format == "text":
                yield from _text_docs(path)
            else:
                yield from _jsonl_docs(path, args.text_key)

    bad = 0
    with contextlib.ExitStack() as stack:
        explain = (
            stack.enter_context(open(args.explain, "w", encoding="utf-8")) if args.explain else None
        )
        out = None if text_dir else stack.enter_context(_open_out(args.output))
        results = ordered_map(
            _repair_doc,
            docs(),
            workers=args.workers or (os.cpu_count() or 1),
            chunksize=16,
            initializer=_init,
            initargs=(repairer,),
        )
        for doc, result in results:
            name = "<stdin>" if doc.source == "-" else doc.source
            if result is None:
                if doc.problem != "empty line":
                    bad += 1
                    print(
                        f"textrepair: {name}:{doc.number}: {doc.problem}; passed through unchanged",
                        file=sys.stderr,
                    )
                data = doc.raw
            elif doc.record is not None:
                doc.record[args.text_key] = result.text
                data = _dump_record(doc.record)
            else:
                data = result.text.encode("utf-8", "surrogateescape")
            if out is None:
                with open(os.path.join(args.output, os.path.basename(doc.source)), "wb") as f:
                    f.write(data)
            else:
                out.write(data)
            if explain is not None and result is not None:
                for edit in result.edits:
                    entry = {
                        "input": name,
                        "record": doc.number,
                        "lang": result.lang,
                        **edit.to_dict(),
                    }
                    explain.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return EXIT_BAD_RECORDS if bad else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list_languages:
        print(" ".join(supported_languages()))
        return EXIT_OK
    try:
        return run(args)
    except (UsageError, OSError) as e:
        print(f"textrepair: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
