"""The on-disk cache of the token stage's derived resources (``textrepair.resource_cache``).

A fresh process must get exactly the resources it would have built: same delete
index, same word lists, so the same repairs. Damaged, foreign or unwritable
caches must never break a run.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from textrepair import Config, Repairer, resource_cache
from textrepair.candidates import DeleteIndex
from textrepair.tokens import _TUNING, _Lexicon

from .conftest import ROOT

LANG = "ca"  # the smallest shipped dictionary: the build takes a fraction of a second


def _resources(lex: _Lexicon) -> dict[str, Any]:
    return {
        "index": lex.index.to_state(),
        "sorted": lex.frequent_sorted(),
        "prefix": lex.word_prefix("a"),
        "variant_keys": lex._variant_keys,
        "skeletons": lex.sound_alikes(),
        "trigrams": lex._trigrams if lex.oddness("a") >= 0 else None,
        "suffix_alts": lex.suffix_alternations(),
    }


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if not p.name.startswith("."))


@pytest.fixture()
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("TEXTREPAIR_CACHE_DIR", str(tmp_path))
    yield tmp_path


@pytest.fixture(scope="module")
def built() -> dict[str, Any]:
    """The resources built in memory, with the cache off: the reference."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TEXTREPAIR_CACHE_DIR", "off")
        return _resources(_Lexicon(LANG, Config(), _TUNING))


def test_a_second_lexicon_reads_what_the_first_built(cache: Path, built: dict[str, Any]) -> None:
    first = _Lexicon(LANG, Config(), _TUNING)
    assert _resources(first) == built
    [path] = _files(cache)
    assert path.name.startswith(f"tokens-{LANG}-")
    second = _Lexicon(LANG, Config(), _TUNING)
    second._load_resources()
    assert second._index is not None and second._index is not first._index  # read, not shared
    assert _resources(second) == built


@pytest.mark.parametrize("damage", ["truncate", "flip", "foreign", "empty", "not-a-dict"])
def test_a_damaged_file_reads_as_missing(cache: Path, damage: str) -> None:
    key = resource_cache.digest(["demo"])
    assert resource_cache.store("demo", key, {"words": ("a", "b") * 1000})
    [path] = _files(cache)
    data = bytearray(path.read_bytes())
    if damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "flip":
        data[-100] ^= 0xFF
    elif damage == "foreign":
        data = bytearray(b"not a cache file\n" + bytes(100))
    elif damage == "empty":
        data = bytearray()
    else:  # a sound file whose payload is not what we store
        body = marshal.dumps([1, 2])
        data = bytearray(
            b"textrepair-resources/1\n" + hashlib.blake2b(body, digest_size=32).digest() + body
        )
    path.write_bytes(bytes(data))
    assert resource_cache.load("demo", key) is None


def test_a_damaged_file_is_rebuilt(cache: Path, built: dict[str, Any]) -> None:
    _Lexicon(LANG, Config(), _TUNING)._load_resources()
    [path] = _files(cache)
    path.write_bytes(path.read_bytes()[:-1000])
    assert _resources(_Lexicon(LANG, Config(), _TUNING)) == built
    name, key = path.stem.rsplit("-", 1)
    assert resource_cache.load(name, key) is not None  # written again, whole


def test_old_files_are_pruned(cache: Path) -> None:
    for n in range(resource_cache._KEEP + 3):
        key = resource_cache.digest([str(n)])
        assert resource_cache.store("demo", key, {"n": n})
        path = cache / f"demo-{key}.bin"
        os.utime(path, (1000 + n, 1000 + n))  # one per second: an unambiguous order
    assert len(_files(cache)) == resource_cache._KEEP
    assert resource_cache.load("demo", resource_cache.digest(["0"])) is None  # the oldest went
    assert resource_cache.load("demo", resource_cache.digest(["6"])) == {"n": 6}


def test_turned_off_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTREPAIR_CACHE_DIR", "off")
    assert resource_cache.cache_dir() is None
    assert not resource_cache.store("x", resource_cache.digest(["x"]), {"a": 1})
    assert resource_cache.load("x", resource_cache.digest(["x"])) is None


def test_an_unwritable_cache_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: dict[str, Any]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("TEXTREPAIR_CACHE_DIR", str(blocker / "cache"))  # mkdir fails
    assert _resources(_Lexicon(LANG, Config(), _TUNING)) == built


def test_the_key_covers_words_and_dictionary_files(cache: Path, tmp_path: Path) -> None:
    def key(**options: Any) -> str | None:
        return _Lexicon(LANG, Config(**options), _TUNING)._resource_key()

    user = tmp_path / "words.txt"
    user.write_text("zorglubian\t4.0\n", encoding="utf-8")
    keys = [
        key(),
        key(protected_words=frozenset({"casa"})),
        key(extra_words=frozenset({"zorglubian"})),
        key(dictionary_files=(str(user),)),
    ]
    user.write_text("blorptastic\t4.0\n", encoding="utf-8")  # same path, new content
    keys.append(key(dictionary_files=(str(user),)))
    assert None not in keys and len(set(keys)) == len(keys)
    assert key() == keys[0]  # and stable


_KEYS = """
import hashlib
from textrepair.candidates import DeleteIndex
idx = DeleteIndex(["the", "then", "than", "other", "größe", "ελληνικά", "日本語"])
print(hashlib.sha256(idx.to_state()["keys"]).hexdigest())
"""


def test_index_keys_do_not_depend_on_the_hash_seed() -> None:
    # Python's str hash is salted per process: an index keyed by it would be
    # garbage when read in another process.
    outs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run(
            [sys.executable, "-c", _KEYS], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        outs.add(run.stdout)
    assert len(outs) == 1


def test_index_state_round_trip_and_lone_surrogates() -> None:
    idx = DeleteIndex(["the", "then", "a\ud800b"])
    again = DeleteIndex.from_state(idx.to_state())
    assert (again._k is None) == (idx._k is None)  # the compiled search too, when built
    for query in ("thn", "tehn", "a\ud800", "\ud800\udfff"):
        assert again.lookup(query) == idx.lookup(query)
    assert (
        hashlib.sha256(again.to_state()["keys"]).digest()
        == hashlib.sha256(idx.to_state()["keys"]).digest()
    )


def test_repairs_are_the_same_from_a_warm_cache(tmp_path: Path) -> None:
    # End to end in fresh processes: the first builds and writes, the second reads.
    code = (
        "import sys, textrepair\nprint(textrepair.Repairer(lang='ca').repair(sys.argv[1]).text)\n"
    )
    text = "La casa és molt gran i el jardí és bonic; la cassa és mlot gran."
    env = {**os.environ, "TEXTREPAIR_CACHE_DIR": str(tmp_path)}
    outs = []
    for _ in range(2):
        run = subprocess.run(
            [sys.executable, "-c", code, text], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        outs.append(run.stdout)
    assert len(_files(tmp_path)) == 1
    off = Repairer(lang="ca").repair(text).text + "\n"
    assert outs == [off, off]
