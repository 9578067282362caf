"""The ``textrepair`` command: stream files, globs, directories or stdin through the repairer.

Formats (``--format``, by default from the file names): ``text``, each
file one document; ``lines``, each line one document; ``jsonl``, each line a
record whose ``--text-key`` field is repaired while every other field passes
through. gzip, bz2, xz and zstd inputs are read by name (``.gz`` ...), and
an output named so is written compressed the same way.

Memory stays bounded: records are read one at a time and sent to
``--workers`` processes in chunks of about ``--chunk-size`` bytes, with a
fixed number of chunks in flight; output keeps the input order. A record that
cannot be repaired (invalid JSON or UTF-8, missing or non-string text, longer
than ``--max-record-size``) is reported on stderr with its file and line and
goes to ``--rejects FILE`` if given, or else to the output unchanged.

Exit status: 0 all repaired, 1 some records rejected, 2 usage error, 130
interrupted (the output then ends at a complete record; ``--resume`` goes on).

``--resume`` counts the complete lines of the output and of ``--rejects``
and skips as many input records. Its one blind spot: after a hard kill (not
Ctrl-C or SIGTERM, which close files properly) of a run with ``--rejects``
writing bz2 or xz, whose streams cannot be flushed midway, the two counts may
disagree; plain, gzip and zstd outputs are flushed before each reject.

>>> build_parser().parse_args(["--format", "lines", "a.txt"]).format
'lines'
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import glob
import json
import multiprocessing
import os
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._version import __version__
from .config import Config
from .parallel import ordered_map
from .pipeline import Repairer, Result, _check_lang, supported_languages
from .streams import (
    Input,
    MissingExtra,
    Oversize,
    Stream,
    codec_of,
    expand_inputs,
    open_read,
    open_write,
    read_lines,
    read_whole,
    salvage,
    strip_codec,
    with_codec,
)

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_BAD_RECORDS = EXIT_REJECTED  # its earlier name, kept for callers
FORMATS = ("text", "lines", "jsonl")
_JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonlines")


class UsageError(Exception):
    """A problem with the command line or the files named on it."""


def _parse_option(item: str) -> tuple[str, Any]:
    """``KEY=VALUE`` into a typed Config option."""
    if "=" not in item:
        raise UsageError(f"--set takes KEY=VALUE, got {item!r}")
    key, value = item.split("=", 1)
    fields = {f.name: f for f in dataclasses.fields(Config)}
    if key not in fields:
        raise UsageError(f"unknown option {key!r}; valid options: {', '.join(fields)}")
    kind = str(fields[key].type)
    try:
        if kind == "bool":
            low = value.lower()
            if low not in ("true", "false", "1", "0", "yes", "no"):
                raise UsageError(f"option {key} takes true or false, got {value!r}")
            return key, low in ("true", "1", "yes")
        if kind == "int":
            return key, int(value)
        if kind == "float":
            return key, float(value)
    except ValueError:
        raise UsageError(f"option {key} takes a number, got {value!r}") from None
    if kind.startswith("tuple"):
        return key, tuple(w for w in value.split(",") if w)
    if kind.startswith("frozenset"):
        return key, frozenset(w for w in value.split(",") if w)
    if "None" in kind and value.lower() in ("none", ""):
        return key, None
    return key, value


def _size(text: str) -> int:
    """``64M``, ``512k``, ``1G`` or a byte count.

    >>> _size("64M"), _size("100")
    (67108864, 100)
    """
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    t = text.strip().upper().removesuffix("B").removesuffix("I")
    try:
        value = float(t[:-1]) * units[t[-1]] if t and t[-1] in units else float(t)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 1M, 64M, 2G)") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"size must be positive, got {text!r}")
    return int(value)


def available_cores() -> int:
    """CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def build_parser() -> argparse.ArgumentParser:
    """The command's argument parser."""
    p = argparse.ArgumentParser(
        prog="textrepair",
        description="Repair mojibake, web boilerplate and corrupted tokens in text, "
        "and account for every change.",
        epilog="Exit status: 0 all repaired, 1 some records rejected, 2 usage error, "
        "130 interrupted (rerun with --resume to go on).",
    )
    p.add_argument(
        "inputs",
        nargs="*",
        default=["-"],
        metavar="INPUT",
        help="files, directories (read recursively), globs, or - for stdin (default); "
        ".gz .bz2 .xz .zst are decompressed",
    )
    p.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="PATH",
        help="output file (default: stdout), compressed if named .gz .bz2 .xz .zst; "
        "a directory for several text inputs",
    )
    p.add_argument(
        "--format",
        choices=("auto", *FORMATS),
        default="auto",
        help="text: each file is one document; lines: each line is one; jsonl: one JSON "
        "record per line. auto (default): jsonl for .jsonl/.ndjson names, else text",
    )
    p.add_argument("--text-key", default="text", metavar="KEY", help="JSONL field holding the text")
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
    p.add_argument("--group", help="site or source name for corpus-learned rules")
    p.add_argument("--explain", metavar="FILE", help="write every edit as one JSON line to FILE")
    p.add_argument(
        "--rejects",
        metavar="FILE",
        help="write records that cannot be repaired to FILE instead of the output",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="go on with an interrupted run: keep what the output already holds, "
        "skip those records, append the rest",
    )
    p.add_argument(
        "--compress",
        choices=("auto", "none", "gz", "bz2", "xz", "zst"),
        default="auto",
        help="output compression; auto (default): from the output name, and for an output "
        "directory the same as each input",
    )
    p.add_argument(
        "-j",
        "--workers",
        type=int,
        default=0,
        metavar="N",
        help=f"worker processes (default 0: one per available CPU, here {available_cores()})",
    )
    p.add_argument(
        "--chunk-size",
        type=_size,
        default=_size("256K"),
        metavar="SIZE",
        help="bytes of input sent to a worker at a time (default 256K)",
    )
    p.add_argument(
        "--max-record-size",
        type=_size,
        default=_size("64M"),
        metavar="SIZE",
        help="reject records (or text files) larger than this (default 64M)",
    )
    p.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local processes (default) or an existing Dask cluster (--scheduler)",
    )
    p.add_argument(
        "--scheduler", metavar="ADDRESS", help="Dask scheduler address, e.g. tcp://host:8786"
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar and no summary on stderr"
    )
    p.add_argument(
        "--list-languages", action="store_true", help="print the supported languages and exit"
    )
    p.add_argument("--version", action="version", version=f"textrepair {__version__}")
    return p


# --- work done in the worker processes ---------------------------------------------------


@dataclass(frozen=True)
class Job:
    """What a worker needs to repair chunks: small and picklable, sent once per worker."""

    lang: str
    config: Config
    fmt: str
    text_key: str = "text"
    group: str | None = None
    explain: bool = False


@dataclass
class Chunk:
    """Consecutive records of one input; None stands for a record the main process keeps."""

    source: str
    first: int  # number of the first record: its line, or 1 for a text file
    records: list[bytes | None]


@dataclass
class ChunkResult:
    """Per record: output bytes (None: rejected, see ``problems``); and the chunk's tallies."""

    out: list[bytes | None]
    problems: list[str | None]
    explain: bytes = b""
    documents: int = 0
    changed: int = 0
    edits: Counter[tuple[str, str]] = field(default_factory=Counter)


_repairers: dict[tuple[str, Config], Repairer] = {}
_job: Job | None = None


def _repairer(job: Job) -> Repairer:
    # One per configuration per process: dictionaries load once, on first use.
    key = (job.lang, job.config)
    r = _repairers.get(key)
    if r is None:
        r = _repairers[key] = Repairer(job.lang, job.config)
    return r


def _start_worker(job: Job) -> None:
    global _job
    _job = job
    # Ctrl-C reaches the whole process group; the main process alone stops the run.
    if multiprocessing.parent_process() is not None:
        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def _process(chunk: Chunk) -> ChunkResult:
    assert _job is not None
    return process_chunk(_job, chunk)


def _split_ending(raw: bytes) -> tuple[bytes, bytes]:
    if raw.endswith(b"\r\n"):
        return raw[:-2], b"\r\n"
    if raw.endswith(b"\n"):
        return raw[:-1], b"\n"
    return raw, b"\n"  # the last line of a file: every output line ends in a newline


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _parse_record(body: bytes, key: str) -> tuple[dict[str, Any] | None, str]:
    """The record and its text, or None and the reason it is rejected."""
    try:
        record = json.loads(body.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError as e:
        return None, f"invalid UTF-8 ({e.reason} at byte {e.start})"
    except ValueError as e:
        msg = f"{e.msg}, column {e.colno}" if isinstance(e, json.JSONDecodeError) else str(e)
        return None, f"invalid JSON ({msg})"
    if not isinstance(record, dict):
        return None, f"record is a JSON {type(record).__name__}, not an object"
    if key not in record:
        return None, f"no {key!r} field"
    text = record[key]
    if not isinstance(text, str):
        return None, f"field {key!r} is {type(text).__name__}, not a string"
    return record, text


def _dump_record(record: dict[str, Any]) -> bytes:
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates (from \u escapes in the input) are not UTF-8: keep them escaped.
        return (json.dumps(record) + "\n").encode("ascii")


def process_chunk(job: Job, chunk: Chunk) -> ChunkResult:
    """Repair the records of ``chunk``; a record that fails is reported, never raised.

    >>> job = Job("en", Config(tokens=False), "jsonl")
    >>> res = process_chunk(job, Chunk("in", 1, [b'{"text": "a &amp; b"}\\n', b"{oops\\n"]))
    >>> res.out[0], res.problems[1]  # doctest: +ELLIPSIS
    (b'{"text": "a & b"}\\n', 'invalid JSON (Expecting property name ..., column 2)')
    """
    r = _repairer(job)
    res = ChunkResult([], [])
    explain: list[str] = []
    for i, raw in enumerate(chunk.records):
        if raw is None:
            res.out.append(None)
            res.problems.append(None)
            continue
        out, problem = None, None
        record: dict[str, Any] | None = None
        if job.fmt == "text":
            body, ending = raw, b""
            # surrogateescape: invalid bytes pass through as the same bytes, untouched.
            text: str | None = raw.decode("utf-8", "surrogateescape")
        else:
            body, ending = _split_ending(raw)
            text = None
            if job.fmt == "jsonl":
                if not body.strip():
                    res.out.append(body + ending)  # a blank line is not a record
                    res.problems.append(None)
                    continue
                record, parsed = _parse_record(body, job.text_key)
                if record is None:
                    problem = parsed
                else:
                    text = parsed
            else:
                try:
                    text = body.decode("utf-8")
                except UnicodeDecodeError as e:
                    problem = f"invalid UTF-8 ({e.reason} at byte {e.start})"
        result: Result | None = None
        if text is not None:
            try:
                result = r.repair(text, group=job.group)
            except Exception as e:  # reported per record; the run goes on
                problem = f"internal error {type(e).__name__}: {e}"
        if result is not None and job.fmt == "lines" and "\n" in result.text:
            # Splitting a record in two would misalign every line after it.
            problem, result = "repair would add a line break (e.g. from &#10;)", None
        if result is not None:
            res.documents += 1
            if not result.edits:
                out = body + ending
            else:
                res.changed += 1
                res.edits.update((e.stage, e.reason) for e in result.edits)
                if record is not None:
                    record[job.text_key] = result.text
                    out = _dump_record(record)
                else:
                    out = result.text.encode("utf-8", "surrogateescape") + ending
                if job.explain:
                    number = chunk.first + i
                    explain.extend(
                        json.dumps(
                            {
                                "input": chunk.source,
                                "record": number,
                                "lang": result.lang,
                                **e.to_dict(),
                            },
                            ensure_ascii=False,
                        )
                        for e in result.edits
                    )
        res.out.append(out)
        res.problems.append(problem)
    if explain:
        res.explain = ("\n".join(explain) + "\n").encode("utf-8", "surrogateescape")
    return res


def _process_on_cluster(job: Job, chunk: Chunk) -> ChunkResult:
    return process_chunk(job, chunk)


# --- the main process: reading, ordering, writing ----------------------------------------


@dataclass
class _Local:
    """What the main process keeps about a chunk in flight."""

    inp: Input
    chunk: Chunk | None = None  # kept for the raw bytes of records that are rejected
    spills: dict[int, Oversize] = field(default_factory=dict)
    error: str | None = None  # the input could not be read past this chunk
    raw_bytes: int = 0  # on-disk bytes consumed (for the progress bar)
    in_bytes: int = 0  # record bytes, decompressed


@dataclass
class _Summary:
    documents: int = 0
    changed: int = 0
    rejected: int = 0
    skipped: int = 0
    in_bytes: int = 0
    edits: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, res: ChunkResult) -> None:
        self.documents += res.documents
        self.changed += res.changed
        self.edits.update(res.edits)

    def lines(self, seconds: float, workers: str) -> list[str]:
        """The summary printed at the end of a run."""
        mb = self.in_bytes / 1e6
        if mb >= 0.1:
            size = f"{mb:,.1f} MB"
        elif self.in_bytes >= 1000:
            size = f"{self.in_bytes / 1e3:,.1f} kB"
        else:
            size = f"{self.in_bytes} bytes"
        plural = "" if self.documents == 1 else "s"
        head = (
            f"{self.documents:,} document{plural} ({self.changed:,} changed, "
            f"{self.rejected:,} rejected"
            + (f", {self.skipped:,} already done" if self.skipped else "")
            + f"), {size} in {seconds:,.1f} s ({mb / max(seconds, 1e-9):,.2f} MB/s), "
            + workers
        )
        out = [head]
        by_stage: dict[str, Counter[str]] = {}
        for (stage, reason), n in self.edits.items():
            by_stage.setdefault(stage, Counter())[reason] = n
        order = ["encoding", "boilerplate", "tokens"]
        for stage, reasons in sorted(
            by_stage.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 9, kv[0])
        ):
            detail = ", ".join(f"{reason} {n:,}" for reason, n in reasons.most_common())
            out.append(f"edits in {stage}: {sum(reasons.values()):,} ({detail})")
        if not self.edits:
            out.append("no edits")
        return out


def _resolve_format(requested: str, inputs: list[Input]) -> str:
    if requested != "auto":
        return requested
    kinds = {
        "jsonl" if strip_codec(i.path).lower().endswith(_JSONL_SUFFIXES) else "text" for i in inputs
    }
    if len(kinds) > 1:
        raise UsageError("the inputs mix JSONL and text files: pass --format")
    return kinds.pop()


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _check_outputs(inputs: list[Input], outputs: list[tuple[str, str]]) -> None:
    real = [(o, p) for o, p in outputs if p and p != "-"]
    for i, (opt, path) in enumerate(real):
        for other_opt, other in real[i + 1 :]:
            if _same_file(path, other):
                raise UsageError(f"{opt} and {other_opt} name the same file {path}")
        if os.path.exists(path) or opt == "output directory":
            for inp in inputs:
                if inp.path != "-" and _same_file(inp.path, path):
                    raise UsageError(f"refusing to write over the input file {inp.path}")


class _Run:
    """One run of the command: owns the output streams and the tallies."""

    def __init__(self, args: argparse.Namespace, inputs: list[Input], fmt: str) -> None:
        self.args, self.inputs, self.fmt = args, inputs, fmt
        self.summary = _Summary()
        self.progress: Any = None
        self.out: Stream | None = None
        self.rejects: Stream | None = None
        self.explain: Stream | None = None
        self.workers = ""
        self.by_raw_bytes = all(i.path != "-" for i in inputs)

    # Messages go through tqdm so that they do not tear the progress bar.
    def say(self, message: str) -> None:
        if self.progress is not None:
            self.progress.write(f"textrepair: {message}", file=sys.stderr)
        else:
            print(f"textrepair: {message}", file=sys.stderr)

    def reject(self, inp: Input, number: int, problem: str, raw: bytes | Oversize) -> None:
        self.summary.rejected += 1
        where = "rejected" if self.rejects is not None else "passed through unchanged"
        self.say(f"{inp.name}:{number}: {problem}; {where}")
        target = self.rejects if self.rejects is not None else self.out
        if target is None:
            return
        if self.rejects is not None and self.out is not None:
            # Output before rejects on disk, so --resume can count both exactly.
            self.out.flush()
        if isinstance(raw, Oversize):
            if not raw.copy_to(target) and self.fmt != "text":
                target.write(b"\n")
        else:
            target.write(raw if raw.endswith(b"\n") or self.fmt == "text" else raw + b"\n")
        if self.rejects is not None:
            self.rejects.flush()

    # --- reading ---

    def chunks(self, plan: list[tuple[Input, int, int]], local: deque[_Local]) -> Iterator[Chunk]:
        """Chunks of records from each input, after skipping what --resume found done.

        ``plan`` holds, per input, the lines to skip and, for a plain file, the
        byte offset to start at instead. Each chunk's :class:`_Local` goes to
        ``local`` as the chunk is yielded.
        """
        limit, size = self.args.max_record_size, self.args.chunk_size

        def emit(meta: _Local, number: int, records: list[bytes | None]) -> Chunk:
            meta.chunk = Chunk(meta.inp.name, number, records)
            local.append(meta)
            return meta.chunk

        for inp, skip_lines, offset in plan:
            codec = None if inp.path == "-" else codec_of(inp.path)
            try:
                stream = open_read(inp.path, codec)
            except (OSError, MissingExtra) as e:
                yield emit(_Local(inp, error=f"cannot read: {e}"), 1, [])
                continue
            with stream:
                number = 1 + skip_lines
                meta, nbytes = _Local(inp), 0
                records: list[bytes | None] = []
                try:
                    if offset:
                        stream.raw_file.seek(offset)
                    else:
                        for _ in range(skip_lines):
                            stream.readline()
                    last_pos = stream.raw_position()
                    if self.fmt == "text":
                        records_it: Iterator[bytes | Oversize] = iter([read_whole(stream, limit)])
                    else:
                        records_it = read_lines(stream, limit)
                    for rec in records_it:
                        if isinstance(rec, Oversize):
                            meta.spills[len(records)] = rec
                            records.append(None)
                            meta.in_bytes += rec.size
                        else:
                            records.append(rec)
                            nbytes += len(rec)
                            meta.in_bytes += len(rec)
                        if self.fmt != "text" and (nbytes >= size or len(meta.spills) >= 16):
                            pos = stream.raw_position()
                            meta.raw_bytes, last_pos = pos - last_pos, pos
                            yield emit(meta, number, records)
                            number += len(records)
                            meta, records, nbytes = _Local(inp), [], 0
                except Exception as e:
                    # A damaged compressed file (or a failing disk): keep what came out,
                    # report the rest, go on with the next input.
                    last = number + len(records) - 1
                    meta.error = (
                        f"unreadable after line {last}: {e}" if last else f"unreadable: {e}"
                    )
                    last_pos = 0
                if records or meta.error or self.fmt == "text":
                    meta.raw_bytes = max(stream.raw_position() - last_pos, 0)
                    yield emit(meta, number, records)

    # --- writing ---

    def open_side_outputs(
        self, stack: contextlib.ExitStack, explain_stop: Callable[[bytes], bool]
    ) -> None:
        """Open --explain and --rejects; with --resume, keep their complete lines."""
        args = self.args
        append = args.resume
        if args.explain:
            codec = codec_of(args.explain)
            if append and os.path.exists(args.explain):
                salvage(args.explain, codec, explain_stop)
            self.explain = stack.enter_context(
                open_write(args.explain, codec, append=append and os.path.exists(args.explain))
            )
        if args.rejects:
            codec = codec_of(args.rejects)
            self.rejects = stack.enter_context(
                open_write(args.rejects, codec, append=append and os.path.exists(args.rejects))
            )

    def handle(self, meta: _Local, res: ChunkResult) -> None:
        """Write one chunk's results in order; report and route its rejects."""
        chunk, out = meta.chunk, self.out
        assert chunk is not None
        self.summary.add(res)
        self.summary.in_bytes += meta.in_bytes
        if res.explain and self.explain is not None:
            self.explain.write(res.explain)
        for i, data in enumerate(res.out):
            number = chunk.first + i
            if data is not None:
                if out is not None:
                    out.write(data)
                continue
            spill = meta.spills.get(i)
            if spill is not None:
                limit = self.args.max_record_size
                problem = (
                    f"record of {spill.size:,} bytes is larger than --max-record-size {limit:,}"
                )
                self.reject(meta.inp, number, problem, spill)
            else:
                raw = chunk.records[i]
                assert raw is not None
                self.reject(meta.inp, number, res.problems[i] or "not repaired", raw)
        if meta.error:
            self.summary.rejected += 1
            self.say(f"{meta.inp.name}: {meta.error}")
        if self.progress is not None:
            self.progress.update(meta.raw_bytes if self.by_raw_bytes else meta.in_bytes)
            self.progress.set_postfix(docs=self.summary.documents, refresh=False)


def _mapper(
    args: argparse.Namespace,
    job: Job,
    chunks: Iterator[Chunk],
    stack: contextlib.ExitStack,
    most: int | None,
) -> tuple[Iterator[ChunkResult], str]:
    """Results of the chunks, in order, from local processes or a Dask cluster.

    ``most``: how many chunks there can be at most, if known; no more
    processes are started than that (one small file is repaired in-process).
    """
    if args.engine == "dask":
        from .dask import ordered_cluster_map

        client = stack.enter_context(_dask_client(args.scheduler))
        workers = sum(client.nthreads().values())
        results = ordered_cluster_map(client, _process_on_cluster, chunks, job)
        return results, f"Dask cluster at {args.scheduler} ({workers} threads)"
    workers = args.workers or available_cores()
    if most is not None:
        workers = max(1, min(workers, most))
    results = ordered_map(
        _process,
        chunks,
        workers=workers,
        chunksize=1,
        initializer=_start_worker,
        initargs=(job,),
        # Room for the other workers to go on while one chunk is slow; memory stays
        # bounded by in_flight * --chunk-size.
        in_flight=workers * 8,
    )
    return results, f"{workers} worker{'s' if workers > 1 else ''}"


@contextlib.contextmanager
def _dask_client(address: str) -> Iterator[Any]:
    try:
        from distributed import Client
    except ImportError:
        raise UsageError(
            "--engine dask needs the dask extra: pip install 'textrepair[dask]'"
        ) from None
    try:
        client = Client(address, timeout=10, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as e:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {e}") from None
    with client:
        yield client


def _most_chunks(inputs: list[Input], chunk_size: int) -> int | None:
    if any(i.path == "-" or codec_of(i.path) for i in inputs):
        return None  # sizes unknown before reading
    return sum(-(-os.path.getsize(i.path) // chunk_size) for i in inputs)


def _records_plan(
    inputs: list[Input], done: int
) -> tuple[list[tuple[Input, int, int]], dict[str, int]]:
    """Where to go on after ``done`` complete records: (input, lines to skip, byte offset) each.

    Also returns how many records of each input are complete. Plain files are
    reopened at the offset, compressed ones skip the lines again; stdin's
    lines are consumed here, once.
    """
    plan: list[tuple[Input, int, int]] = []
    complete: dict[str, int] = {}
    left = done
    for inp in inputs:
        if left == 0:
            plan.append((inp, 0, 0))
            continue
        codec = None if inp.path == "-" else codec_of(inp.path)
        n, offset = 0, 0
        with open_read(inp.path, codec) as f:
            while n < left and (line := f.readline()):
                n += 1
                offset += len(line)
            more = n == left and f.peek_more()
        complete[inp.name] = n
        left -= n
        if more:
            if inp.path == "-":
                plan.append((inp, 0, 0))
            else:
                plan.append((inp, n, offset if codec is None else 0))
    if left:
        raise UsageError(
            f"the output already holds {done:,} records, more than the inputs have: "
            "is it the output of other inputs?"
        )
    return plan, complete


def _run_records(run: _Run, job: Job, stack: contextlib.ExitStack) -> None:
    args = run.args
    codec = _output_codec(args.compress, args.output)
    done = 0
    append = False
    if args.resume:
        if args.output == "-":
            raise UsageError("--resume needs -o FILE: it reads what the output already holds")
        if os.path.exists(args.output):
            done = salvage(args.output, codec)
            append = True
        if args.rejects and os.path.exists(args.rejects):
            done += salvage(args.rejects, codec_of(args.rejects))
    plan, complete = (
        _records_plan(run.inputs, done)
        if done
        else (
            [(i, 0, 0) for i in run.inputs],
            {},
        )
    )
    run.summary.skipped = done

    def stop(line: bytes) -> bool:
        # An explain entry of a record past the resume point.
        try:
            entry = json.loads(line)
            return int(entry["record"]) > complete.get(entry["input"], 0)
        except (ValueError, KeyError, TypeError):
            return True

    run.open_side_outputs(stack, stop)
    run.out = stack.enter_context(open_write(args.output, codec, append=append))
    local: deque[_Local] = deque()
    chunks = run.chunks(plan, local)
    most = _most_chunks(run.inputs, args.chunk_size)
    results, how = _mapper(args, job, chunks, stack, most)
    run.workers = how
    stack.callback(getattr(results, "close", lambda: None))
    for res in results:
        run.handle(local.popleft(), res)


def _output_codec(compress: str, path: str) -> str | None:
    if compress == "auto":
        return None if path == "-" else codec_of(path)
    return None if compress == "none" else compress


def _run_documents(run: _Run, job: Job, stack: contextlib.ExitStack) -> None:
    """Text format: one document per file, to one output file each (or stdout for one input)."""
    args = run.args
    # One output file per input: a directory unless one plain file (or stdin) is named.
    to_dir = (
        len(run.inputs) > 1
        or os.path.isdir(args.output)
        or args.output.endswith(os.sep)
        or any(
            os.path.isdir(a) or (glob.has_magic(a) and not os.path.exists(a)) for a in args.inputs
        )
    )
    targets: dict[str, tuple[str, str | None]] = {}
    if to_dir:
        if args.output == "-":
            raise UsageError("several text inputs need -o DIRECTORY (one output file each)")
        if os.path.exists(args.output) and not os.path.isdir(args.output):
            raise UsageError(f"{args.output} is a file; several text inputs need a directory")
        for inp in run.inputs:
            codec = (
                codec_of(inp.rel) if args.compress == "auto" else _output_codec(args.compress, "")
            )
            name = with_codec(inp.rel, codec)
            targets[inp.name] = (os.path.join(args.output, name), codec)
        paths = [t for t, _ in targets.values()]
        if len(set(paths)) != len(paths):
            raise UsageError(
                "several inputs share a file name and would overwrite each other in the output"
            )
        _check_outputs(run.inputs, [("output", p) for p in paths])
        out_real = os.path.realpath(args.output)
        for arg in args.inputs:
            if os.path.isdir(arg) and out_real.startswith(os.path.realpath(arg) + os.sep):
                raise UsageError(f"the output directory is inside the input directory {arg}")
    else:
        targets[run.inputs[0].name] = (args.output, _output_codec(args.compress, args.output))
        if args.resume and args.output == "-":
            raise UsageError("--resume needs -o FILE: it reads what the output already holds")

    todo = [i for i in run.inputs if not (args.resume and os.path.exists(targets[i.name][0]))]
    run.summary.skipped = len(run.inputs) - len(todo)
    done_names = {i.name for i in run.inputs} - {i.name for i in todo}

    def stop(line: bytes) -> bool:
        try:
            return json.loads(line)["input"] not in done_names
        except (ValueError, KeyError, TypeError):
            return True

    run.open_side_outputs(stack, stop)
    local: deque[_Local] = deque()
    chunks = run.chunks([(i, 0, 0) for i in todo], local)
    results, how = _mapper(args, job, chunks, stack, len(todo))
    run.workers = how
    stack.callback(getattr(results, "close", lambda: None))
    for res in results:
        meta = local.popleft()
        path, codec = targets[meta.inp.name]
        if path == "-":
            with open_write("-", codec) as run.out:
                run.handle(meta, res)
            continue
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        # Written whole under a temporary name: an existing output is always complete.
        tmp = f"{path}.textrepair-tmp"
        with open_write(tmp, codec) as run.out:
            run.handle(meta, res)
        run.out = None
        if meta.error or (res.out and res.out[0] is None and run.rejects is not None):
            os.remove(tmp)  # nothing repaired to write
        else:
            os.replace(tmp, path)


def run(args: argparse.Namespace) -> int:
    """Run the command for parsed ``args``; return the exit status."""
    options = dict(_parse_option(item) for item in args.options)
    for stage in ("encoding", "boilerplate", "tokens"):
        if not getattr(args, stage):
            options[stage] = False
    try:
        lang = _check_lang(args.lang)
        config = Config.from_options(None, **options)
    except (TypeError, ValueError) as e:
        raise UsageError(str(e)) from e
    if args.workers < 0:
        raise UsageError(f"--workers takes 0 (one per CPU) or more, got {args.workers}")
    if args.engine == "dask" and not args.scheduler:
        raise UsageError("--engine dask needs --scheduler ADDRESS (an existing cluster)")
    if args.scheduler and args.engine != "dask":
        raise UsageError("--scheduler goes with --engine dask")
    try:
        inputs = expand_inputs(args.inputs)
    except FileNotFoundError as e:
        raise UsageError(str(e)) from None
    if sum(i.path == "-" for i in inputs) > 1 or args.inputs.count("-") > 1:
        raise UsageError("stdin (-) can be read only once")
    fmt = _resolve_format(args.format, inputs)
    if any(i.path != "-" and codec_of(i.path) == "zst" for i in inputs) or (
        _output_codec(args.compress, args.output) == "zst"
    ):
        _zstd_check()  # before any work, not after the first file
    _check_outputs(
        inputs,
        [
            ("-o", args.output if fmt != "text" or not os.path.isdir(args.output) else ""),
            ("--explain", args.explain),
            ("--rejects", args.rejects),
        ],
    )
    job = Job(lang, config, fmt, args.text_key, args.group, bool(args.explain))
    runner = _Run(args, inputs, fmt)
    total = (
        None if any(i.path == "-" for i in inputs) else sum(os.path.getsize(i.path) for i in inputs)
    )
    show = not args.quiet and sys.stderr.isatty()
    start = time.perf_counter()
    interrupted = False
    with contextlib.ExitStack() as stack:
        if show:
            from tqdm import tqdm  # type: ignore[import-untyped,unused-ignore]

            runner.progress = stack.enter_context(
                tqdm(total=total, unit="B", unit_scale=True, desc="textrepair", file=sys.stderr)
            )
        try:
            if fmt == "text":
                _run_documents(runner, job, stack)
            else:
                _run_records(runner, job, stack)
        except KeyboardInterrupt:
            interrupted = True
    if not args.quiet:
        for line in runner.summary.lines(time.perf_counter() - start, runner.workers):
            print(f"textrepair: {line}", file=sys.stderr)
        if interrupted:
            print("textrepair: interrupted; run again with --resume to go on", file=sys.stderr)
    if interrupted:
        return EXIT_INTERRUPTED
    return EXIT_REJECTED if runner.summary.rejected else EXIT_OK


def _zstd_check() -> None:
    from .streams import _zstd

    _zstd()


def _terminate(signum: int, frame: Any) -> None:
    # SIGTERM unwinds like Ctrl-C, so compressed outputs are closed properly.
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """The ``textrepair`` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list_languages:
        print(" ".join(supported_languages()))
        return EXIT_OK
    previous = None
    with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return run(args)
    except (UsageError, MissingExtra) as e:
        print(f"textrepair: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as e:
        print(f"textrepair: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
