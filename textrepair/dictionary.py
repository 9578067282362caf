"""Word frequency dictionaries: the shipped wordfreq lists and your own.

A :class:`Dictionary` maps lookup keys (see :func:`normalize_key`) to Zipf
frequencies: ``log10`` of a word's frequency per billion words, so 7 is "the",
3 is a word seen about once per million words, and 0.0 means unknown.

>>> en = load_dictionary("en")
>>> "Dictionary" in en, "dictionnary" in en
(True, False)
>>> en.zipf("the") > en.zipf("dictionary") > 3.0
True
>>> load_dictionary("en") is en  # loaded once per process
True
>>> custom = en.merged({"textrepair": 2.5})
>>> "textrepair" in custom, "textrepair" in en
(True, False)

Shipped languages are the files found in the ``textrepair.dictionaries``
package (``<lang>.txt.gz``, built by ``dictionaries/build_dictionaries.py``);
their data is CC BY-SA 4.0, from wordfreq (see ``dictionaries/README.md``).
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import math
import os
import sys
import threading
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache
from importlib import resources
from typing import IO, Literal

import regex

from textrepair import native

__all__ = [
    "DEFAULT_ZIPF",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "Dictionary",
    "available_languages",
    "key_function",
    "load_dictionary",
    "normalize_key",
]

#: Name and version written in the header line of every shipped dictionary file.
#: Version 2 (gzip) replaced version 1 (xz): the same text, decompressed 4-5x faster.
FORMAT_NAME = "textrepair-dictionary"
FORMAT_VERSION = 2
# The text layout is the same in both versions; from_file reads either.
_READABLE_VERSIONS = ("1", "2")

#: Zipf frequency given to words listed without a frequency (about once per million words).
DEFAULT_ZIPF = 3.0

_SUFFIX = ".txt.gz"
_PACKAGE = "textrepair.dictionaries"

# The same quote unification wordfreq applies to its entries (ftfy.fixes.uncurl_quotes).
_QUOTES = str.maketrans(
    {
        "\u02bc": "'",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
    }
)
# wordfreq normalizes scripts other than Latin, Greek and Cyrillic with NFKC, and
# strips vowel points and tatweels from abjads; keys must be made the same way.
_NFKC_LANGS = frozenset(
    {"ar", "he", "fa", "ur", "bn", "hi", "mr", "ta", "te", "th", "zh", "ja", "ko", "yue"}
)
_ABJAD_LANGS = frozenset({"ar", "he", "fa", "ur"})
_MARKS = regex.compile(r"[\p{Mn}\N{ARABIC TATWEEL}]+")
_ALIASES = {"no": "nb"}


def normalize_key(word: str, lang: str | None = None) -> str:
    """The lookup key of ``word``: what wordfreq does to its own entries.

    Steps: Unicode NFC (NFKC for languages not written in Latin, Greek or
    Cyrillic script), removal of vowel marks and tatweels for abjads (``ar``,
    ``he``), ``str.casefold`` (not ``lower``: "Straße" -> "strasse", long s
    "ſ" -> "s", "ﬁ" -> "fi"), and curly quotes to straight ones (’ ‘ ʼ -> ',
    “ ” -> "). ``lang`` only matters for those script-specific steps.

    >>> normalize_key("Aujourd’hui")
    "aujourd'hui"
    >>> normalize_key("STRASSE") == normalize_key("Straße")
    True
    >>> normalize_key("ſuch")
    'such'
    >>> normalize_key("كَلِمَة", "ar") == "كلمة"
    True
    """
    if word.isascii():
        return word.lower()  # identical to the full path for ASCII, and much faster
    form: Literal["NFC", "NFKC"] = "NFKC" if lang in _NFKC_LANGS else "NFC"
    key = unicodedata.normalize(form, word)
    if lang in _ABJAD_LANGS:
        key = _MARKS.sub("", key)
    key = key.casefold()
    if not unicodedata.is_normalized(form, key):  # casefold can decompose (Greek)
        key = unicodedata.normalize(form, key)
    return key.translate(_QUOTES)


#: Words remembered by each :func:`key_function`; when full it starts over, so
#: memory stays bounded on a corpus of any size (about 3 MB when full: 1.5 MB of
#: table and keys for 32,767 OCR words, plus the words it keeps alive).
KEY_MEMO_SIZE = 1 << 15


class _KeyMemo(dict[str, str]):
    # A hit is dict.__getitem__, one C-level lookup (about 30 ns against 230 ns for
    # an ASCII word and 700-1,300 ns for others); __missing__ runs only on a miss.
    __slots__ = ("lang",)

    def __init__(self, lang: str | None) -> None:
        super().__init__()
        self.lang = lang

    def __missing__(self, word: str) -> str:
        key = normalize_key(word, self.lang)
        if key == word:
            key = word  # one str for both (most words are their own key)
        if len(self) >= KEY_MEMO_SIZE:
            self.clear()
        self[word] = key
        return key

    def __reduce__(self) -> tuple[type[_KeyMemo], tuple[str | None]]:
        return (_KeyMemo, (self.lang,))  # a copy starts empty


def key_function(lang: str | None = None) -> Callable[[str], str]:
    """:func:`normalize_key` for one language, remembering the words it has seen.

    Text is Zipfian: the same words come back again and again, and a word
    already seen costs one dict lookup. The results are those of
    :func:`normalize_key`; at most ``KEY_MEMO_SIZE`` words are kept.

    >>> key = key_function("fr")
    >>> key("Aujourd’hui"), key("Aujourd’hui") == normalize_key("Aujourd’hui", "fr")
    ("aujourd'hui", True)
    """
    return _KeyMemo(lang).__getitem__


def _canonical_lang(lang: str) -> str:
    if not isinstance(lang, str):
        raise TypeError(f"lang must be a str, not {type(lang).__name__}")
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    return _ALIASES.get(code, code)


class Dictionary:
    """Lookup keys mapped to Zipf frequencies for one language.

    ``freq`` is a plain ``dict`` (key -> Zipf) for hot loops; its keys are
    already normalized with :func:`normalize_key`, so look up
    ``freq.get(normalize_key(token, lang))``. Shipped dictionaries iterate in
    descending Zipf order. Equal frequencies share one ``float`` object.

    Build one from a mapping (keys are normalized; on a collision the higher
    frequency wins), from a file (:meth:`from_file`) or by extending another
    (:meth:`merged`).

    >>> d = Dictionary({"Colour": 4.5, "colour": 4.0, "tint": 3.2}, lang="en")
    >>> len(d), d.zipf("COLOUR"), d.zipf("hue")
    (2, 4.5, 0.0)
    >>> d
    <Dictionary lang='en' words=2 source='custom'>
    """

    __slots__ = ("freq", "lang", "meta", "source")

    lang: str
    freq: dict[str, float]
    source: str
    meta: dict[str, str]

    def __init__(
        self,
        words: Mapping[str, float] | None = None,
        *,
        lang: str = "und",
        source: str = "custom",
    ) -> None:
        self.lang = _canonical_lang(lang)
        self.source = source
        self.meta = {}
        self.freq = {}
        if words is not None:
            _add_all(self.freq, words.items(), self.lang, "max", "<mapping>")

    @classmethod
    def _trusted(
        cls, freq: dict[str, float], lang: str, source: str, meta: dict[str, str]
    ) -> Dictionary:
        # Keys are known to be normalized (shipped files, merged copies).
        self = cls.__new__(cls)
        self.lang, self.freq, self.source, self.meta = lang, freq, source, meta
        return self

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        key = word.lower() if word.isascii() else normalize_key(word, self.lang)
        return key in self.freq

    def zipf(self, word: str) -> float:
        """Zipf frequency of ``word`` (any case or quote style), 0.0 if unknown.

        >>> load_dictionary("fr").zipf("Aujourd’hui") > 4
        True
        """
        key = word.lower() if word.isascii() else normalize_key(word, self.lang)
        return self.freq.get(key, 0.0)

    def key(self, word: str) -> str:
        """The lookup key of ``word`` here: :func:`normalize_key` with this language."""
        return normalize_key(word, self.lang)

    def __len__(self) -> int:
        return len(self.freq)

    def __iter__(self) -> Iterator[str]:
        return iter(self.freq)

    def __repr__(self) -> str:
        return f"<Dictionary lang={self.lang!r} words={len(self.freq)} source={self.source!r}>"

    def merged(
        self,
        other: Dictionary | Mapping[str, float] | Iterable[str],
        *,
        zipf: float = DEFAULT_ZIPF,
        prefer: Literal["max", "self", "other"] = "max",
    ) -> Dictionary:
        """A new dictionary with the words of ``other`` added; ``self`` is unchanged.

        ``other`` is another :class:`Dictionary`, a mapping word -> Zipf, or
        plain words (which get ``zipf``). For a word in both, ``prefer``
        picks the higher frequency (``"max"``), this dictionary's or ``other``'s.

        >>> base = Dictionary({"colour": 4.5}, lang="en")
        >>> base.merged(["Colour", "hue"], zipf=3.0).freq
        {'colour': 4.5, 'hue': 3.0}
        >>> base.merged({"colour": 2.0}, prefer="other").zipf("colour")
        2.0
        """
        if prefer not in ("max", "self", "other"):
            raise ValueError(f"prefer must be 'max', 'self' or 'other', not {prefer!r}")
        freq = dict(self.freq)
        normalized = False
        if isinstance(other, Dictionary):
            items: Iterable[tuple[str, float]] = other.freq.items()
            # Keys made for another language may need its script-specific steps.
            normalized = other.lang == self.lang
            source = other.source
        elif isinstance(other, Mapping):
            items = other.items()
            source = "mapping"
        elif isinstance(other, str):
            raise TypeError("merged() takes a collection of words, not a single str")
        else:
            _check_zipf(zipf, "<words>", 0)
            items = ((w, zipf) for w in other)
            source = "words"
        _add_all(freq, items, self.lang, prefer, "<merged>", normalized=normalized)
        meta = {k: v for k, v in self.meta.items() if k not in ("words", "min_zipf")}
        return Dictionary._trusted(freq, self.lang, f"{self.source}+{source}", meta)

    @classmethod
    def from_file(
        cls,
        path: str | os.PathLike[str],
        *,
        lang: str = "und",
        values: Literal["auto", "count", "zipf"] = "auto",
        zipf: float = DEFAULT_ZIPF,
        encoding: str = "utf-8",
    ) -> Dictionary:
        """Load a user's frequency list (a domain or historical lexicon).

        One entry per line: ``word<TAB>count``, ``word<TAB>zipf`` or just
        ``word`` (which gets ``zipf``); blank lines and lines starting with
        ``#`` are skipped; ``.gz``, ``.xz`` and ``.bz2`` files are
        decompressed. With ``values="auto"`` a file whose values are all
        integers holds counts (converted to Zipf against their total),
        otherwise Zipf values. Files in the shipped format are read too.
        Malformed lines raise ``ValueError`` naming the file and line.

        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "lexicon.tsv"
        >>> _ = path.write_text("hath\\t2.5\\nſpeciall\\n", encoding="utf-8")
        >>> Dictionary.from_file(path, lang="en").freq
        {'hath': 2.5, 'speciall': 3.0}
        >>> _ = path.write_text("hath 2.5\\n", encoding="utf-8")
        >>> Dictionary.from_file(path)
        Traceback (most recent call last):
            ...
        ValueError: ...lexicon.tsv:1: 'hath 2.5' is not a single word (separate ...)
        """
        if values not in ("auto", "count", "zipf"):
            raise ValueError(f"values must be 'auto', 'count' or 'zipf', not {values!r}")
        _check_zipf(zipf, str(path), 0)
        name = os.fspath(path)
        text = _read_text(name, encoding)
        code = _canonical_lang(lang)
        if text.startswith("#" + FORMAT_NAME):
            meta = _parse_header(text.partition("\n")[0], name)
            freq = _parse_grouped(text, name)
            if code == "und":
                code = meta.get("lang", "und")
            out = cls(lang=code, source=name)
            _add_all(out.freq, freq.items(), code, "max", name)
            out.meta = meta
            return out
        entries = _parse_lines(text, name, zipf)
        if values == "auto":
            counted = [v for _, v, _ in entries if v is not None]
            values = "count" if counted and all(isinstance(v, int) for v in counted) else "zipf"
        converted: list[tuple[str, float]] = []
        if values == "count":
            total = 0
            for _word, value, lineno in entries:
                if value is None:
                    continue
                if not isinstance(value, int) or value < 0:
                    raise ValueError(f"{name}:{lineno}: count must be a non-negative integer")
                total += value
            for word, value, _ in entries:
                if value is None:
                    converted.append((word, zipf))
                elif value == 0 or total == 0:
                    converted.append((word, 0.0))
                else:
                    converted.append((word, round(math.log10(value * 1e9 / total), 2)))
        else:
            for word, value, lineno in entries:
                z = zipf if value is None else float(value)
                _check_zipf(z, name, lineno)
                converted.append((word, z))
        out = cls(lang=code, source=name)
        _add_all(out.freq, converted, code, "max", name)
        return out


def _check_zipf(value: float, name: str, lineno: int) -> None:
    if not isinstance(value, (int, float)) or not 0.0 <= value <= 12.0:
        where = f"{name}:{lineno}: " if lineno else ""
        raise ValueError(f"{where}Zipf frequency must be a number in [0, 12], not {value!r}")


def _add_all(
    freq: dict[str, float],
    items: Iterable[tuple[str, float]],
    lang: str,
    prefer: Literal["max", "self", "other"],
    name: str,
    *,
    normalized: bool = False,
) -> None:
    interned: dict[float, float] = {}
    for word, value in items:
        if not isinstance(word, str):
            raise TypeError(f"{name}: words must be str, not {type(word).__name__}")
        key = word if normalized else normalize_key(word, lang)
        if not normalized and (not key or any(ch.isspace() for ch in key)):
            raise ValueError(f"{name}: not a word (empty or containing whitespace): {word!r}")
        if not isinstance(value, (int, float)) or not 0.0 <= value <= 12.0:
            raise ValueError(
                f"{name}: Zipf frequency of {word!r} must be a number in [0, 12], not {value!r}"
            )
        value = interned.setdefault(float(value), float(value))
        old = freq.get(key)
        if old is None or prefer == "other" or (prefer == "max" and value > old):
            freq[key] = value


def _read_text(name: str, encoding: str) -> str:
    lower = name.lower()
    opener = (
        gzip.open
        if lower.endswith(".gz")
        else lzma.open
        if lower.endswith(".xz")
        else bz2.open
        if lower.endswith(".bz2")
        else open
    )
    try:
        with opener(name, "rb") as fh:
            data: bytes = fh.read()
    except (OSError, EOFError, lzma.LZMAError, zlib.error) as exc:
        raise ValueError(f"{name}: cannot read: {exc}") from exc
    try:
        return data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        lineno = data.count(b"\n", 0, exc.start) + 1
        raise ValueError(f"{name}:{lineno}: not valid {encoding}: {exc.reason}") from exc


def _parse_lines(text: str, name: str, zipf: float) -> list[tuple[str, int | float | None, int]]:
    entries: list[tuple[str, int | float | None, int]] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        word = parts[0].strip(" ")
        if len(parts) > 2:
            raise ValueError(f"{name}:{lineno}: expected 'word<TAB>value', got {len(parts)} fields")
        if not word or any(ch.isspace() for ch in word):
            raise ValueError(
                f"{name}:{lineno}: {word!r} is not a single word "
                "(separate the word and its value with a TAB)"
            )
        if len(parts) == 1:
            entries.append((word, None, lineno))
            continue
        field = parts[1].strip()
        value: int | float
        try:
            value = int(field)
        except ValueError:
            try:
                value = float(field)
            except ValueError:
                raise ValueError(f"{name}:{lineno}: value {field!r} is not a number") from None
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{name}:{lineno}: value {field!r} must be a finite number >= 0")
        entries.append((word, value, lineno))
    return entries


def _parse_header(line: str, name: str) -> dict[str, str]:
    head, _, rest = line.partition(" ")
    magic, _, version = head.lstrip("#").partition("/")
    if magic != FORMAT_NAME:
        raise ValueError(f"{name}:1: not a {FORMAT_NAME} file")
    if version not in _READABLE_VERSIONS:
        raise ValueError(
            f"{name}:1: format version {version!r} is not supported "
            f"(expected one of {', '.join(_READABLE_VERSIONS)})"
        )
    meta = {"format": magic, "version": version}
    for field in rest.split():
        key, sep, value = field.partition("=")
        if not sep:
            raise ValueError(f"{name}:1: malformed header field {field!r}")
        meta[key] = value
    return meta


def _parse_grouped(text: str, name: str) -> dict[str, float]:
    # One line per Zipf value: "4.37<TAB>word word word"; a str.split per line
    # and dict.fromkeys make each group's float one shared object.
    freq: dict[str, float] = {}
    lines = text.split("\n")
    for lineno, line in enumerate(lines[1:], 2):
        if not line:
            continue
        value, tab, words = line.partition("\t")
        try:
            z = float(value)
        except ValueError:
            raise ValueError(f"{name}:{lineno}: bad Zipf value {value[:20]!r}") from None
        if not tab or not words:
            raise ValueError(f"{name}:{lineno}: expected 'zipf<TAB>words'")
        freq.update(dict.fromkeys(words.split(" "), z))
    return freq


_cache: dict[str, Dictionary] = {}
_lock = threading.Lock()


@lru_cache(maxsize=1)
def available_languages() -> tuple[str, ...]:
    """Codes of the shipped dictionaries, sorted.

    >>> {"en", "fr"} <= set(available_languages())
    True
    """
    root = resources.files(_PACKAGE)
    return tuple(
        sorted(
            entry.name[: -len(_SUFFIX)] for entry in root.iterdir() if entry.name.endswith(_SUFFIX)
        )
    )


def load_dictionary(lang: str) -> Dictionary:
    """The shipped dictionary for ``lang``, loaded on first use and cached.

    ``lang`` is a code such as ``"en"``, ``"fr"`` or ``"pt-BR"`` (the region
    is ignored). Unknown languages (and ``"und"``) raise ``ValueError``.

    >>> load_dictionary("fr").lang
    'fr'
    >>> load_dictionary("xx")
    Traceback (most recent call last):
        ...
    ValueError: no dictionary for language 'xx'; available: ...
    """
    code = _canonical_lang(lang)
    cached = _cache.get(code)
    if cached is not None:
        return cached
    if code not in available_languages():
        raise ValueError(
            f"no dictionary for language {lang!r}; available: {', '.join(available_languages())}"
        )
    with _lock:
        cached = _cache.get(code)
        if cached is None:
            cached = _cache[code] = _load_shipped(code)
    return cached


def _load_shipped(code: str) -> Dictionary:
    name = f"{code}{_SUFFIX}"
    source = resources.files(_PACKAGE).joinpath(name)
    # getattr: a kernel built before these functions existed still loads.
    parse_into = getattr(native.kernel, "parse_grouped_into", None)
    read = None
    if parse_into is not None:
        try:
            with source.open("rb") as fh:
                read = _inflate_and_parse(fh, parse_into)
        except OSError:
            read = None  # the path below reports it
    if read is not None:
        head, freq = read
        meta = _check_head(head, name, code)
    else:
        # Everything the kernel's stream does not take, a damaged file included:
        # this path names the problem.
        try:
            # gzip checks the CRC32 and length of the data: a damaged file fails here.
            data = gzip.decompress(source.read_bytes())
        except (OSError, EOFError, zlib.error) as exc:
            raise ValueError(f"{name}: damaged dictionary file: {exc}") from exc
        end = data.find(b"\n")
        head = data if end < 0 else data[:end]  # not partition: that copies the rest
        meta = _check_head(head, name, code)
        freq = _parse_body(data, len(head) + 1, name)
        del data
    expected = meta.get("words")
    if expected is None or int(expected) != len(freq):
        raise ValueError(f"{name}: header says {expected} words, file has {len(freq)}")
    _release_free_heap()
    return Dictionary._trusted(freq, code, f"{meta.get('source', 'shipped')}", meta)


def _check_head(head: bytes, name: str, code: str) -> dict[str, str]:
    meta = _parse_header(head.decode("utf-8"), name)
    if meta["version"] != str(FORMAT_VERSION):
        raise ValueError(f"{name}:1: format version {meta['version']!r}, expected {FORMAT_VERSION}")
    if meta.get("lang") != code:
        raise ValueError(f"{name}:1: header says lang={meta.get('lang')!r}")
    return meta


#: Compressed bytes read and inflated per step of :func:`_inflate_and_parse`: at
#: most 17 kB of text (the files compress 2-4x), within the first 32 kB output
#: block of zlib's decompressor, which is then not copied again.
_PIECE = 1 << 12


def _inflate_and_parse(
    fh: IO[bytes], parse_into: Callable[[dict[str, float], bytes, int], int | None]
) -> tuple[bytes, dict[str, float]] | None:
    r"""The header line and the words of a gzipped shipped file, read piece by piece.

    Neither the file (1-2 MB) nor its text (3-6 MB) is ever whole in memory:
    a load's peak is the dictionary's own size (9-13 MB lower than reading
    the file whole) and it takes 14-32% fewer page faults (3.5 µs each on the
    development VM), for about the same CPU time. None when anything is not
    what the builder writes (a damaged stream, a second gzip member, a line
    the kernel does not take): the caller then reads the file whole, which
    names the problem. ``parse_into`` is the kernel's ``parse_grouped_into``.

    >>> import io
    >>> from textrepair import native
    >>> fh = io.BytesIO(gzip.compress(b"#head words=3\n4.5\tthe of\n2.25\tz\xc3\xa9ro"))
    >>> if native.kernel is not None:
    ...     assert _inflate_and_parse(fh, native.kernel.parse_grouped_into) == (
    ...         b"#head words=3", {"the": 4.5, "of": 4.5, "zéro": 2.25})
    """
    inflate = zlib.decompressobj(wbits=31)  # gzip: the trailer's CRC32 and length are checked
    freq: dict[str, float] = {}
    head: bytes | None = None
    rest: list[bytes] = []  # the pieces of a line not finished yet
    try:
        while piece := fh.read(_PIECE):
            text = inflate.decompress(piece)
            end = text.find(b"\n")
            if end < 0:
                rest.append(text)
                continue
            start = end + 1
            if head is None:
                head = b"".join([*rest, text[:end]])
            elif rest:
                # Only the line across the pieces is copied, not the text.
                rest.append(text[:start])
                if parse_into(freq, b"".join(rest), 0) is None:
                    return None
            else:
                start = 0
            rest = []
            done = parse_into(freq, text, start)
            if done is None:
                return None
            if done < len(text):
                rest.append(text[done:])
        rest.append(inflate.flush())
    except zlib.error:
        return None
    if head is None or not inflate.eof or inflate.unused_data:
        return None
    last = b"".join(rest)
    if last and parse_into(freq, last + b"\n", 0) is None:  # a last line without its newline
        return None
    return head, freq


def _parse_body(data: bytes, start: int, name: str) -> dict[str, float]:
    r"""The word lines of a shipped file, ``data[start:]``: what :func:`_parse_grouped` reads.

    The compiled kernel decodes each key straight from the bytes into the
    dict (a cold load takes 1.03-1.37x less CPU time). It returns None for a
    line the builder would not write; the reference then reads the text and
    names the bad line.

    >>> body = "#textrepair-dictionary/2 words=3\n4.5\tthe of\n2.25\tzéro\n".encode()
    >>> _parse_body(body, body.index(b"\n") + 1, "x")
    {'the': 4.5, 'of': 4.5, 'zéro': 2.25}
    >>> _parse_body(b"head\n4,5\tthe\n", 5, "x")
    Traceback (most recent call last):
        ...
    ValueError: x:2: bad Zipf value '4,5'
    """
    kernel = native.kernel
    if kernel is not None:
        freq: dict[str, float] | None = kernel.parse_grouped(data, start)
        if freq is not None:
            return freq
    return _parse_grouped(data.decode("utf-8"), name)


def _release_free_heap() -> None:
    # Parsing frees memory (the dict's outgrown tables; with the whole-file path
    # also the text, its lines, group dicts: 15-20 MB) that glibc keeps resident.
    # malloc_trim returns it (0.1 ms); the kernel calls it, as importing ctypes
    # for it took 3 ms. Elsewhere than glibc a no-op.
    trim_heap = getattr(native.kernel, "trim_heap", None)
    if trim_heap is not None:
        trim_heap()
        return
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl) or no ctypes
        return
    trim(0)
