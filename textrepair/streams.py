"""Corpus files for the command line: inputs from paths, globs and directories; compression by name.

Compression is chosen by the file name (``.gz``, ``.bz2``, ``.xz``, ``.zst``)
on input and output. zstd uses the standard library's ``compression.zstd``
on Python >= 3.14 and its backport (``pip install 'textrepair[zstd]'``) before.

>>> codec_of("corpus.jsonl.gz"), codec_of("notes.txt")
('gz', None)
>>> strip_codec("corpus.jsonl.zst")
'corpus.jsonl'
"""

from __future__ import annotations

import bz2
import glob
import gzip
import importlib
import io
import lzma
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import IO, Any

__all__ = [
    "CODECS",
    "Input",
    "MissingExtra",
    "Oversize",
    "Stream",
    "codec_of",
    "expand_inputs",
    "open_read",
    "open_write",
    "read_lines",
    "read_whole",
    "salvage",
    "strip_codec",
]

#: File name suffix -> codec name.
CODECS = {".gz": "gz", ".bz2": "bz2", ".xz": "xz", ".zst": "zst"}
_SUFFIX = {codec: suffix for suffix, codec in CODECS.items()}
_BLOCK = 1 << 20


class MissingExtra(Exception):
    """An optional dependency needed for this file is not installed."""


def codec_of(path: str) -> str | None:
    """The compression codec named by ``path``'s suffix, or None."""
    return CODECS.get(os.path.splitext(path)[1].lower())


def strip_codec(path: str) -> str:
    """``path`` without its compression suffix."""
    return os.path.splitext(path)[0] if codec_of(path) else path


def with_codec(path: str, codec: str | None) -> str:
    """``path`` with its compression suffix replaced by ``codec``'s.

    >>> with_codec("a.txt.gz", "xz"), with_codec("a.txt.gz", None)
    ('a.txt.xz', 'a.txt')
    """
    base = strip_codec(path)
    return base + _SUFFIX[codec] if codec else base


def _zstd() -> ModuleType:
    # The standard library's from Python 3.14, its backport before.
    for name in ("compression.zstd", "backports.zstd"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise MissingExtra(".zst files need zstd support: pip install 'textrepair[zstd]'")


def _wrap(raw: IO[bytes], codec: str | None, mode: str) -> IO[bytes]:
    """A (de)compressing stream over the open binary file ``raw``; mode "rb", "wb" or "ab"."""
    if codec is None:
        return raw
    if codec == "gz":
        # Level 6: close to 9 in size, several times faster.
        return gzip.GzipFile(fileobj=raw, mode=mode, compresslevel=6)  # type: ignore[return-value]
    if codec == "bz2":
        bfile: IO[bytes] = bz2.BZ2File(raw, mode)  # type: ignore[call-overload]
        return bfile
    if codec == "xz":
        return lzma.LZMAFile(raw, mode)
    if codec == "zst":
        zfile: IO[bytes] = _zstd().ZstdFile(raw, mode)
        return zfile
    raise ValueError(f"unknown codec {codec!r}")


class Stream(io.BufferedIOBase):
    """A codec stream that also closes the file under it and reports its position."""

    def __init__(self, raw: IO[bytes], stream: IO[bytes]) -> None:
        super().__init__()
        self.raw_file, self.stream = raw, stream
        self._released = False

    def readable(self) -> bool:
        return self.stream.readable()

    def writable(self) -> bool:
        return self.stream.writable()

    def read(self, size: int | None = -1) -> bytes:
        return self.stream.read(-1 if size is None else size)

    def readline(self, size: int | None = -1) -> bytes:
        return self.stream.readline(-1 if size is None else size)

    def write(self, data: Any) -> int:
        return self.stream.write(data)

    def flush(self) -> None:
        if self._released:
            return
        self.stream.flush()
        self.raw_file.flush()

    def peek_more(self) -> bool:
        """Whether anything is left to read, without consuming it from a pipe."""
        peek = getattr(self.stream, "peek", None)
        if peek is not None:
            return bool(peek(1))
        return bool(self.stream.read(1))  # only on files that are reopened anyway

    def raw_position(self) -> int:
        """Bytes consumed from the file itself (compressed bytes for compressed files)."""
        try:
            return self.raw_file.tell()
        except (OSError, ValueError):
            return 0

    def close(self) -> None:
        if self.closed:
            return
        try:
            if self.stream is not self.raw_file:
                self.stream.close()
        finally:
            if self.raw_file not in (sys.stdin.buffer, sys.stdout.buffer):
                self.raw_file.close()
            elif self.raw_file.writable():
                self.raw_file.flush()  # the interpreter owns stdout: flushed, not closed
            self._released = True
            super().close()


def open_read(path: str, codec: str | None = None) -> Stream:
    """Open ``path`` (``-``: stdin) for reading bytes, decompressing with ``codec``."""
    raw: IO[bytes] = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    try:
        return Stream(raw, _wrap(raw, codec, "rb"))
    except BaseException:
        if path != "-":
            raw.close()
        raise


def open_write(path: str, codec: str | None = None, *, append: bool = False) -> Stream:
    """Open ``path`` (``-``: stdout) for writing bytes, compressing with ``codec``.

    Appending to a compressed file adds a new member (gzip), stream (bz2,
    xz) or frame (zstd); every reader of these formats reads them all.
    """
    mode = "ab" if append else "wb"
    raw: IO[bytes] = sys.stdout.buffer if path == "-" else open(path, mode)  # noqa: SIM115
    try:
        return Stream(raw, _wrap(raw, codec, mode))
    except BaseException:
        if path != "-":
            raw.close()
        raise


@dataclass(frozen=True)
class Input:
    """One input file: ``path`` to open, ``name`` for messages, ``rel`` for output file names."""

    path: str
    name: str
    rel: str


def _walk(top: str) -> Iterator[str]:
    # Hidden files and directories (.git, editor swap files) are not corpus.
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for f in sorted(files):
            if not f.startswith("."):
                yield os.path.join(root, f)


def expand_inputs(args: list[str]) -> list[Input]:
    """Files from paths, directories (recursively, sorted) and globs; ``-`` is stdin.

    Raises ``FileNotFoundError`` naming the argument that matched nothing.
    A file reached twice is read once.
    """
    found: list[Input] = []
    for arg in args:
        if arg == "-":
            found.append(Input("-", "<stdin>", "stdin"))
        elif os.path.isdir(arg):
            files = [Input(p, p, os.path.relpath(p, arg)) for p in _walk(arg)]
            if not files:
                raise FileNotFoundError(f"no files in directory {arg}")
            found += files
        elif os.path.isfile(arg):
            found.append(Input(arg, arg, os.path.basename(arg)))
        elif glob.has_magic(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            files = []
            for m in matches:
                if os.path.isdir(m):
                    files += [Input(p, p, os.path.relpath(p, m)) for p in _walk(m)]
                elif os.path.isfile(m):
                    files.append(Input(m, m, os.path.basename(m)))
            if not files:
                raise FileNotFoundError(f"no files match {arg}")
            found += files
        else:
            raise FileNotFoundError(f"no such file: {arg}")
    seen: set[str] = set()
    unique = []
    for inp in found:
        key = inp.path if inp.path == "-" else os.path.realpath(inp.path)
        if key not in seen:
            seen.add(key)
            unique.append(inp)
    return unique


class Oversize:
    """A record longer than the limit, spilled to a temporary file instead of memory."""

    def __init__(self, first: bytes, rest: Stream, block: int = _BLOCK) -> None:
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by copy_to)
        self.size = len(first)
        self.file.write(first)
        while not first.endswith(b"\n"):
            first = rest.readline(block)
            if not first:
                break
            self.file.write(first)
            self.size += len(first)

    def copy_to(self, out: Stream) -> bool:
        """Write the record to ``out`` and release it; return whether it ended in a newline."""
        self.file.seek(0)
        last = b""
        while block := self.file.read(_BLOCK):
            out.write(block)
            last = block
        self.file.close()
        return last.endswith(b"\n")


def read_lines(stream: Stream, limit: int) -> Iterator[bytes | Oversize]:
    """Each line of ``stream`` (with its newline), or an :class:`Oversize` past ``limit`` bytes."""
    while line := stream.readline(limit + 1):
        if len(line) > limit:
            yield Oversize(line, stream)
        else:
            yield line


def read_whole(stream: Stream, limit: int) -> bytes | Oversize:
    """All of ``stream``, or an :class:`Oversize` past ``limit`` bytes."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        spill = Oversize(b"", stream)
        spill.file.write(data)
        spill.size = len(data)
        while block := stream.read(_BLOCK):
            spill.file.write(block)
            spill.size += len(block)
        return spill
    return data


def salvage(path: str, codec: str | None, stop: Callable[[bytes], bool] | None = None) -> int:
    """Keep the complete lines at the start of an output file; return how many.

    A partial last line (an interrupted write) is removed, and so is every
    line from the first for which ``stop(line)`` is true. A compressed file
    whose end is damaged is rewritten with the lines that can be read, so
    that it can then be appended to.
    """
    lines, keep, total, clean = 0, 0, 0, True
    try:
        with open_read(path, codec) as f:
            if stop is None:
                while block := f.read(_BLOCK):
                    n = block.count(b"\n")
                    if n:
                        lines += n
                        keep = total + block.rindex(b"\n") + 1
                    total += len(block)
            else:
                while line := f.readline():
                    total += len(line)
                    if not line.endswith(b"\n") or stop(line):
                        break  # total > keep: the rest is cut
                    lines += 1
                    keep = total
    except (EOFError, OSError, lzma.LZMAError, ValueError, _zstd_error()):
        clean = False  # a damaged tail: keep what decompressed
    if clean and keep == total:
        return lines
    if codec is None:
        with open(path, "r+b") as f:
            f.truncate(keep)
        return lines
    tmp = f"{path}.textrepair-resume"
    with open_read(path, codec) as src, open_write(tmp, codec) as dst:
        left = keep
        while left:
            block = src.read(min(left, _BLOCK))
            dst.write(block)
            left -= len(block)
    os.replace(tmp, path)
    return lines


def _zstd_error() -> type[Exception]:
    try:
        error: type[Exception] = _zstd().ZstdError
    except MissingExtra:
        return EOFError
    return error
