"""On-disk cache of resources derived from a dictionary (the token stage's delete index, ...).

Building them takes about two CPU-seconds per language, paid again by every
fresh process: each worker of ``repair_many``, each Dask worker, each CLI run.
The first build writes them to a cache file; later processes read that file in
one go (tens of milliseconds).

Where: ``$TEXTREPAIR_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/textrepair``,
else ``~/.cache/textrepair``. ``TEXTREPAIR_CACHE_DIR=off`` (or ``0``, ``none``,
``false``, or empty) turns the cache off.

A file is named by a digest of everything its content depends on: the
dictionary files' bytes, the user's extra and protected words, the tuning, and
the source of the modules that build the resources (so a changed algorithm
never reads an old file); the four most recently used files per language are
kept, older ones deleted. A file's payload carries a checksum. Nothing here raises
on I/O: a missing, unreadable, damaged or foreign file is rebuilt, and an
unwritable directory only means the resources are built in memory, as without
a cache. Files are written to a temporary name and renamed, so processes
building at the same time never see half a file. The content is read with
:mod:`marshal`: like any cache of Python data, the directory must not be
writable by people you do not trust.

>>> d = cache_dir()
>>> d is None or d.name != ""
True
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "digest", "load", "store"]

_MAGIC = b"textrepair-resources/1\n"
# Files kept per name (a language's resources under different settings or library
# versions); beyond that the least recently used go, so upgrades do not pile up files.
_KEEP = 4
_OFF = frozenset({"", "0", "off", "none", "false", "no"})


def cache_dir() -> Path | None:
    """The cache directory in use, or None when the cache is turned off.

    >>> import os
    >>> old = os.environ.get("TEXTREPAIR_CACHE_DIR")
    >>> os.environ["TEXTREPAIR_CACHE_DIR"] = "off"
    >>> cache_dir() is None
    True
    >>> os.environ["TEXTREPAIR_CACHE_DIR"] = "/tmp/tr-cache"
    >>> str(cache_dir())
    '/tmp/tr-cache'
    >>> _ = os.environ.pop("TEXTREPAIR_CACHE_DIR") if old is None else os.environ.update(
    ...     TEXTREPAIR_CACHE_DIR=old)
    """
    explicit = os.environ.get("TEXTREPAIR_CACHE_DIR")
    if explicit is not None:
        if explicit.strip().lower() in _OFF:
            return None
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "textrepair"


def digest(parts: Iterable[bytes | str]) -> str:
    """A hex digest of ``parts`` (each length-prefixed, so no two lists collide).

    >>> digest(["ab", "c"]) == digest(["a", "bc"])
    False
    """
    h = hashlib.blake2b(digest_size=16)
    h.update(_MAGIC)
    h.update(sys.byteorder.encode())  # the index is stored as native integers
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def _path(name: str, key: str) -> Path | None:
    root = cache_dir()
    return None if root is None else root / f"{name}-{key}.bin"


def load(name: str, key: str) -> dict[str, Any] | None:
    """The payload stored under ``name`` and ``key``, or None (missing, off, damaged).

    >>> import tempfile, os
    >>> old = os.environ.get("TEXTREPAIR_CACHE_DIR")
    >>> os.environ["TEXTREPAIR_CACHE_DIR"] = tempfile.mkdtemp()
    >>> load("demo", digest(["x"])) is None
    True
    >>> store("demo", digest(["x"]), {"words": ("a", "b")})
    True
    >>> load("demo", digest(["x"]))
    {'words': ('a', 'b')}
    >>> _ = os.environ.pop("TEXTREPAIR_CACHE_DIR") if old is None else os.environ.update(
    ...     TEXTREPAIR_CACHE_DIR=old)
    """
    path = _path(name, key)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError:
        return None
    head = len(_MAGIC)
    if raw[:head] != _MAGIC or len(raw) < head + 32:
        return None
    check, body = raw[head : head + 32], raw[head + 32 :]
    if hashlib.blake2b(body, digest_size=32).digest() != check:
        return None  # truncated or damaged: rebuild
    try:
        payload = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(payload, dict):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by the pruning in store()
    return payload


def store(name: str, key: str, payload: dict[str, Any]) -> bool:
    """Write ``payload`` (plain data: str, bytes, numbers, tuples, dicts, frozensets)
    under ``name`` and ``key``; False if the cache is off or not writable."""
    path = _path(name, key)
    if path is None:
        return False
    body = marshal.dumps(payload)
    data = _MAGIC + hashlib.blake2b(body, digest_size=32).digest() + body
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return False
    _prune(path.parent, name)
    return True


def _prune(root: Path, name: str) -> None:
    """Delete all but the ``_KEEP`` most recently used files of ``name``."""
    try:
        files = [(p.stat().st_mtime, p) for p in root.glob(f"{name}-*.bin")]
    except OSError:
        return
    files.sort(reverse=True)
    for _, old in files[_KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()
