"""The shipped frequency dictionaries, the key normalization and user lists."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import pickle
import sys
import threading
import types
import unicodedata
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from textrepair import dictionary as dictionary_module
from textrepair import native
from textrepair.dictionary import (
    FORMAT_NAME,
    FORMAT_VERSION,
    Dictionary,
    available_languages,
    key_function,
    load_dictionary,
    normalize_key,
)

# The script each shipped language is written in: a file holding the wrong
# language (or mislabelled) fails the header test below.
SCRIPTS = {
    "en": "Latin",
    "fr": "Latin",
    "de": "Latin",
    "es": "Latin",
    "it": "Latin",
    "pt": "Latin",
    "nl": "Latin",
    "pl": "Latin",
    "cs": "Latin",
    "sv": "Latin",
    "fi": "Latin",
    "nb": "Latin",
    "ca": "Latin",
    "ru": "Cyrillic",
    "uk": "Cyrillic",
    "mk": "Cyrillic",
    "ar": "Arabic",
    "he": "Hebrew",
    "bn": "Bengali",
}
# Letters each language uses and its neighbours in the same script mostly do not.
MARKERS = {
    "fr": "é",
    "de": "ü",  # not ß: wordfreq casefolds it to "ss"
    "es": "ñ",
    "pl": "ł",
    "cs": "ř",
    "sv": "ä",
    "fi": "ä",
    "nb": "ø",
    "ca": "·",
    "uk": "ї",
    "mk": "ќ",
    "ru": "ы",
}


@pytest.fixture(scope="module")
def en() -> Dictionary:
    return load_dictionary("en")


@pytest.fixture(scope="module")
def fr() -> Dictionary:
    return load_dictionary("fr")


# --- shipped languages and files ---


def test_available_languages_are_the_wordfreq_large_lists_but_zh_ja() -> None:
    assert set(available_languages()) == set(SCRIPTS)
    assert list(available_languages()) == sorted(available_languages())


def _shipped_text(lang: str) -> str:
    data = resources.files("textrepair.dictionaries").joinpath(f"{lang}.txt.gz").read_bytes()
    return gzip.decompress(data).decode("utf-8")


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_shipped_file_header_and_content(lang: str) -> None:
    text = _shipped_text(lang)
    header, _, body = text.partition("\n")
    meta = dictionary_module._parse_header(header, lang)
    assert header.startswith(f"#{FORMAT_NAME}/{FORMAT_VERSION} ")
    assert meta["lang"] == lang
    assert meta["source"] == "wordfreq:large"
    assert regex.fullmatch(r"\d+\.\d+\.\d+", meta["wordfreq"])
    assert meta["licence"] == "CC-BY-SA-4.0"
    lines = body.rstrip("\n").split("\n")
    zipfs = [float(line.partition("\t")[0]) for line in lines]
    assert zipfs == sorted(zipfs, reverse=True) and len(set(zipfs)) == len(zipfs)
    assert zipfs[-1] == float(meta["min_zipf"])
    words: list[str] = []
    for line in lines:
        group = line.partition("\t")[2].split(" ")
        assert group == sorted(group)
        words.extend(group)
    assert len(words) == int(meta["words"]) == len(set(words))
    assert all(words), "empty key"
    # The most frequent words are written in the language's script.
    top = "".join(words[:2000])
    letters = regex.findall(r"\p{L}", top)
    in_script = regex.findall(rf"\p{{sc={SCRIPTS[lang]}}}", top)
    assert len(in_script) > 0.95 * len(letters)
    if lang in MARKERS:
        assert MARKERS[lang] in "".join(words[:20000])


def test_no_digits_or_symbol_only_entries(en: Dictionary) -> None:
    assert not [w for w in en.freq if regex.search(r"\d", w)]
    assert not [w for w in en.freq if not regex.search(r"\p{L}", w)]
    assert "0f" not in en and "1n" not in en  # OCR noise in wordfreq's sources


def test_every_key_is_normalized(en: Dictionary, fr: Dictionary) -> None:
    for d in (en, fr):
        assert [k for k in d.freq if normalize_key(k, d.lang) != k] == []


# --- loading ---


def test_load_is_cached_and_region_insensitive(en: Dictionary) -> None:
    assert load_dictionary("en") is en
    assert load_dictionary("EN-gb") is en
    assert load_dictionary(" en_US ") is en


def test_freq_is_a_plain_dict_of_zipf_values(en: Dictionary) -> None:
    assert type(en.freq) is dict
    assert len(en) == len(en.freq) > 250_000
    assert next(iter(en.freq)) == "the"
    values = list(en.freq.values())
    assert values == sorted(values, reverse=True)  # shipped order: most frequent first
    assert 7.0 < en.freq["the"] < 8.0
    assert min(values) > 0.0


def test_equal_frequencies_share_one_float(en: Dictionary) -> None:
    distinct = {v for v in en.freq.values()}
    assert len({id(v) for v in en.freq.values()}) == len(distinct) < 1000


def test_lookups_case_and_quotes(en: Dictionary, fr: Dictionary) -> None:
    assert "The" in en and "THE" in en and "the" in en
    assert en.zipf("Don’t") == en.zipf("don't") > 5
    assert "aujourd’hui" in fr and "Aujourd'hui" in fr
    assert fr.zipf("ÉTÉ") == fr.zipf("été") > 4
    decomposed = unicodedata.normalize("NFD", "été")
    assert decomposed in fr
    assert "xqzjw" not in en and en.zipf("xqzjw") == 0.0
    assert 42 not in en
    assert "" not in en


def test_repr_and_meta(en: Dictionary) -> None:
    assert repr(en) == f"<Dictionary lang='en' words={len(en)} source='wordfreq:large'>"
    assert en.meta["lang"] == "en" and int(en.meta["words"]) == len(en)


@pytest.mark.parametrize("bad", ["xx", "und", "zh", "ja", ""])
def test_unknown_language_lists_available(bad: str) -> None:
    with pytest.raises(ValueError, match=r"available: .*\ben\b.*\bfr\b"):
        load_dictionary(bad)


def test_language_must_be_str() -> None:
    with pytest.raises(TypeError):
        load_dictionary(None)  # type: ignore[arg-type]


def test_concurrent_first_loads_build_one_object(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dictionary_module, "_cache", {})
    results: list[Dictionary] = []
    threads = [
        threading.Thread(target=lambda: results.append(load_dictionary("ca"))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and all(r is results[0] for r in results)


def test_corrupt_header_is_refused() -> None:
    with pytest.raises(ValueError, match="not a textrepair-dictionary"):
        dictionary_module._parse_header("#something-else/1 lang=en", "x")
    with pytest.raises(ValueError, match="format version '9' is not supported"):
        dictionary_module._parse_header(f"#{FORMAT_NAME}/9 lang=en", "x")
    with pytest.raises(ValueError, match="malformed header field"):
        dictionary_module._parse_header(f"#{FORMAT_NAME}/1 lang", "x")


# --- normalize_key ---


@pytest.mark.parametrize(
    ("word", "lang", "key"),
    [
        ("Hello", None, "hello"),
        ("STRASSE", "de", "strasse"),
        ("Straße", "de", "strasse"),
        ("ſuch", "en", "such"),
        ("ﬁnd", "en", "find"),
        ("L’Été", "fr", "l'été"),
        ("qu‘il", "fr", "qu'il"),
        ("Eʼs", None, "e's"),
        ("e\u0301te\u0301", "fr", "été"),
        ("كَلِمَة", "ar", "كلمة"),
        ("الحمــــــد", "ar", "الحمد"),
        ("ИВАН", "ru", "иван"),
        ("צה“ל", "he", 'צה"ל'),
    ],
)
def test_normalize_key_examples(word: str, lang: str | None, key: str) -> None:
    assert normalize_key(word, lang) == key


@settings(max_examples=300)
@given(st.text(max_size=30), st.sampled_from([None, "en", "fr", "ar", "he", "bn", "ru"]))
def test_normalize_key_is_idempotent_and_fast_path_agrees(word: str, lang: str | None) -> None:
    key = normalize_key(word, lang)
    assert normalize_key(key, lang) == key
    if word.isascii():
        assert key == unicodedata.normalize("NFC", word).casefold()


@settings(max_examples=200)
@given(
    st.lists(st.text(max_size=12), max_size=40),
    st.sampled_from([None, "en", "fr", "ar", "he", "ru"]),
)
def test_key_function_gives_normalize_keys_results(words: list[str], lang: str | None) -> None:
    key = key_function(lang)
    for word in words + words:  # the second time from the memo
        assert key(word) == normalize_key(word, lang)


def test_key_function_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dictionary_module, "KEY_MEMO_SIZE", 4)
    key = key_function("fr")
    memo = key.__self__  # type: ignore[attr-defined]
    for i in range(50):
        assert key(f"Mot{i}") == f"mot{i}"
        assert len(memo) <= 4
    assert key("Été") == "été" and "Été" in memo


def test_key_function_pickles_empty() -> None:
    key = key_function("he")
    key("שָׁלוֹם")
    clone = pickle.loads(pickle.dumps(key))
    assert clone("שָׁלוֹם") == normalize_key("שָׁלוֹם", "he") and len(clone.__self__) == 1


# --- Dictionary from a mapping, merged() ---


def test_mapping_collisions_keep_the_highest_frequency() -> None:
    d = Dictionary({"Colour": 4.5, "colour": 4.0, "COLOUR": 1.0}, lang="en")
    assert d.freq == {"colour": 4.5}


@pytest.mark.parametrize("bad", [{"two words": 3.0}, {"": 3.0}, {"x": -1.0}, {"x": 13.0}])
def test_mapping_validation(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        Dictionary(bad, lang="en")


def test_merged_returns_a_new_dictionary(en: Dictionary) -> None:
    before = len(en)
    extended = en.merged(["Textrepairish", "the"], zipf=2.0)
    assert len(en) == before and "textrepairish" not in en
    assert "Textrepairish" in extended and extended.zipf("textrepairish") == 2.0
    assert extended.zipf("the") == en.zipf("the")  # "max" keeps the higher
    assert extended.lang == "en" and len(extended) == before + 1


def test_merged_preferences() -> None:
    base = Dictionary({"a": 3.0, "b": 2.0}, lang="en")
    other = Dictionary({"b": 4.0, "c": 1.0}, lang="en")
    assert base.merged(other).freq == {"a": 3.0, "b": 4.0, "c": 1.0}
    assert base.merged(other, prefer="self").freq == {"a": 3.0, "b": 2.0, "c": 1.0}
    assert base.merged({"a": 1.0}, prefer="other").freq == {"a": 1.0, "b": 2.0}
    with pytest.raises(TypeError):
        base.merged("word")
    with pytest.raises(ValueError):
        base.merged(["x"], prefer="min")  # type: ignore[arg-type]


def test_merged_renormalizes_keys_of_another_language() -> None:
    arabic = Dictionary({"كلمة": 3.0}, lang="und")
    vowelled = Dictionary({"كَلِمَة": 2.0}, lang="und")
    assert "كَلِمَة" in vowelled.freq  # no mark removal without a language
    merged = Dictionary(lang="ar").merged(vowelled).merged(arabic)
    assert merged.freq == {"كلمة": 3.0}


# --- Dictionary.from_file ---


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_counts_become_zipf(tmp_path: Path) -> None:
    path = _write(tmp_path / "counts.tsv", "# a domain lexicon\nalpha\t900\n\nBeta\t100\n")
    d = Dictionary.from_file(path, lang="en")
    assert d.freq == {"alpha": pytest.approx(8.95, abs=0.01), "beta": pytest.approx(8.0)}
    assert d.lang == "en" and d.source == str(path)


def test_zipf_values_and_plain_words(tmp_path: Path) -> None:
    path = _write(tmp_path / "z.tsv", "ſpeciall\t2.5\nhath\nMorrow\t1.25\n")
    d = Dictionary.from_file(path, lang="en", zipf=1.5)
    assert d.freq == {"speciall": 2.5, "hath": 1.5, "morrow": 1.25}


def test_explicit_value_kind(tmp_path: Path) -> None:
    path = _write(tmp_path / "ints.tsv", "a\t3\nb\t4\n")
    assert Dictionary.from_file(path, values="zipf").freq == {"a": 3.0, "b": 4.0}
    assert Dictionary.from_file(path).zipf("b") > Dictionary.from_file(path).zipf("a") > 8


def test_word_list_only(tmp_path: Path) -> None:
    path = _write(tmp_path / "words.txt", "\ufeffone\ntwo\nThree\n")
    d = Dictionary.from_file(path)
    assert d.freq == {"one": 3.0, "two": 3.0, "three": 3.0}


@pytest.mark.parametrize(
    ("suffix", "opener"), [(".gz", gzip.open), (".xz", lzma.open), (".bz2", bz2.open)]
)
def test_compressed_files(tmp_path: Path, suffix: str, opener: object) -> None:
    path = tmp_path / f"list.tsv{suffix}"
    with opener(path, "wt", encoding="utf-8") as fh:  # type: ignore[operator]
        fh.write("crwth\t2.0\n")
    assert Dictionary.from_file(path).freq == {"crwth": 2.0}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("good\t1\nbad\t1\t2\n", 2, "expected 'word<TAB>value', got 3 fields"),
        ("good\t1\nno tab 3\n", 2, "is not a single word"),
        ("# c\n\nword\tmany\n", 3, "value 'many' is not a number"),
        ("word\t-4\n", 1, "must be a finite number >= 0"),
        ("word\tnan\n", 1, "must be a finite number >= 0"),
        ("a\t2.5\nb\t40.0\n", 2, r"Zipf frequency must be a number in \[0, 12\]"),
        ("\tword\n", 1, "is not a single word"),
    ],
)
def test_malformed_lines_name_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = _write(tmp_path / "bad.tsv", text)
    with pytest.raises(ValueError, match=rf"bad\.tsv:{line}: .*{message}"):
        Dictionary.from_file(path)


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.tsv"
    path.write_bytes(b"ok\t1\ncaf\xe9\t2\n")
    with pytest.raises(ValueError, match=r"latin1\.tsv:2: not valid utf-8"):
        Dictionary.from_file(path)
    assert Dictionary.from_file(path, encoding="latin-1").zipf("café") > 0


def test_missing_or_corrupt_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        Dictionary.from_file(tmp_path / "absent.tsv")
    broken = tmp_path / "broken.txt.xz"
    broken.write_bytes(b"not xz at all")
    with pytest.raises(ValueError, match="cannot read"):
        Dictionary.from_file(broken)
    truncated = tmp_path / "truncated.txt.gz"
    truncated.write_bytes(gzip.compress(b"chat\t5\n" * 1000)[:-30])
    with pytest.raises(ValueError, match="cannot read"):
        Dictionary.from_file(truncated)
    damaged = bytearray(gzip.compress(b"chat\t5\n" * 1000))
    damaged[20] ^= 0xFF
    (tmp_path / "damaged.txt.gz").write_bytes(bytes(damaged))
    with pytest.raises(ValueError, match="cannot read"):
        Dictionary.from_file(tmp_path / "damaged.txt.gz")


@pytest.mark.parametrize(
    ("version", "suffix", "compress"), [(1, ".xz", lzma.compress), (2, ".gz", gzip.compress)]
)
def test_reads_the_shipped_format_and_the_previous_one(
    tmp_path: Path, version: int, suffix: str, compress: Callable[[bytes], bytes]
) -> None:
    path = tmp_path / f"mini.txt{suffix}"
    body = (
        f"#{FORMAT_NAME}/{version} lang=fr words=3 source=test\n5.00\tchat chien\n2.00\tmassifiée\n"
    )
    path.write_bytes(compress(body.encode("utf-8")))
    d = Dictionary.from_file(path)
    assert d.lang == "fr" and d.meta["source"] == "test"
    assert d.meta["version"] == str(version)
    assert d.freq == {"chat": 5.0, "chien": 5.0, "massifiée": 2.0}


def test_shipped_files_are_the_current_version_and_gzip() -> None:
    assert FORMAT_VERSION == 2
    root = resources.files("textrepair.dictionaries")
    for lang in available_languages():
        data = root.joinpath(f"{lang}.txt.gz").read_bytes()
        assert data[:2] == b"\x1f\x8b"  # gzip magic
        assert gzip.decompress(data).startswith(f"#{FORMAT_NAME}/2 lang={lang} ".encode())


@pytest.mark.parametrize("kernel", [True, False], ids=["kernel", "pure"])
def test_damaged_shipped_file_fails_loudly(monkeypatch: pytest.MonkeyPatch, kernel: bool) -> None:
    if kernel and native.kernel is None:
        pytest.skip("compiled kernel not built")
    if not kernel:
        monkeypatch.setattr(native, "kernel", None)
    good = resources.files("textrepair.dictionaries").joinpath("ca.txt.gz").read_bytes()
    text = gzip.decompress(good)
    cut = text[: text.rindex(b"\n", 0, len(text) // 2) + 1]  # a truncated copy
    crc = bytearray(good)
    crc[-8] ^= 0xFF  # the trailer's CRC32
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0x10  # inside the compressed stream
    last = text.count(b"\n") + 1  # the number of a line added at the end
    for data, message in [
        (good[: len(good) // 2], "damaged dictionary file"),
        (good[:-3], "damaged dictionary file"),  # the trailer cut short
        (bytes(crc), "damaged dictionary file"),
        (bytes(flipped), "damaged dictionary file|invalid|bad Zipf|expected|header says"),
        (good + b"garbage", "damaged dictionary file"),
        (b"", "not a textrepair-dictionary file"),  # gzip reads no member: no header
        (gzip.compress(cut), "header says"),
        (gzip.compress(text.replace(b"/2 lang", b"/1 lang", 1)), "expected 2"),
        (gzip.compress(text.replace(b"lang=ca", b"lang=es", 1)), "header says lang='es'"),
        (gzip.compress(text + b"3,5\tmot\n"), f":{last}: bad Zipf value"),
        (gzip.compress(text + b"3.5\tmot\xff\n"), "invalid start byte"),
    ]:

        class Fake:
            def joinpath(self, name: str) -> Fake:
                return self

            def read_bytes(self, data: bytes = data) -> bytes:
                return data

            def open(self, mode: str, data: bytes = data) -> io.BytesIO:
                return io.BytesIO(data)

        fake = types.SimpleNamespace(files=lambda pkg: Fake())
        monkeypatch.setattr(dictionary_module, "resources", fake)
        with pytest.raises(ValueError, match=message):
            dictionary_module._load_shipped("ca")


# --- the compiled parser of shipped files (textrepair._kernel.parse_grouped) ---

needs_kernel = pytest.mark.skipif(native.kernel is None, reason="compiled kernel not built")

# Lines in the shipped form ("4.37<TAB>word word") with words of any character
# (spaces, tabs, carriage returns included), and now and then a line the kernel
# defers on or the reference refuses: other number forms (float() takes "4_3"
# and " 4", the kernel does not), no tab, bytes that are not UTF-8.
_word = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\n"), max_size=5)
_good = st.builds(
    lambda z, ws: f"{z:.2f}\t{' '.join(ws)}".encode(),
    st.floats(0, 12),
    st.lists(_word, min_size=1, max_size=4).filter(lambda ws: any(ws)),
)
_odd = st.builds(
    lambda v, sep, ws: f"{v}{sep}{' '.join(ws)}".encode(),
    st.text(alphabet="0123456789.-+_ e", max_size=6),
    st.sampled_from(["\t", "", " "]),
    st.lists(_word, max_size=3),
)
_body = st.builds(
    lambda lines, bad, at: b"\n".join([*lines[:at], *bad, *lines[at:]]),
    st.lists(_good, max_size=6),
    st.lists(st.one_of(_odd, st.binary(max_size=4)), max_size=1),
    st.integers(0, 6),
)


# UTF-8 at the edges of its ranges: overlong forms, surrogates, beyond U+10FFFF, cut short.
_UTF8_EDGES = [
    *(b"\xc2\x80", b"\xdf\xbf", b"\xe0\xa0\x80", b"\xed\x9f\xbf", b"\xef\xbf\xbf"),
    *(b"\xf0\x90\x80\x80", b"\xf4\x8f\xbf\xbf", b"\xe1\x80\x80", "é\u05d0😀".encode()),
    *(b"\xc1\xbf", b"\xe0\x9f\x80", b"\xed\xa0\x80", b"\xf0\x8f\xbf\xbf", b"\xf4\x90\x80\x80"),
    *(b"\xf5\x80\x80\x80", b"\xc2", b"\xe2\x82", b"\x80", b"a\xff", b"\xc3\x28"),
]


@needs_kernel
@pytest.mark.parametrize("word", _UTF8_EDGES)
def test_compiled_parser_decodes_utf8_strictly(word: bytes) -> None:
    data = b"h\n1.0\tx " + word + b" y\n"
    assert native.kernel is not None
    got = native.kernel.parse_grouped(data, 2)
    try:
        want = dictionary_module._parse_grouped(data.decode("utf-8"), "x")
    except UnicodeDecodeError:
        assert got is None
    else:
        assert got == want and list(got) == list(want)


@needs_kernel
@pytest.mark.parametrize("lang", ["en", "fr", "ru"])
def test_compiled_parser_reads_shipped_files_as_the_reference(lang: str) -> None:
    data = gzip.decompress(
        resources.files("textrepair.dictionaries").joinpath(f"{lang}.txt.gz").read_bytes()
    )
    assert native.kernel is not None
    got = native.kernel.parse_grouped(data, data.index(b"\n") + 1)
    want = dictionary_module._parse_grouped(data.decode("utf-8"), "x")
    assert got is not None and got == want and list(got) == list(want)
    groups = {id(v) for v in got.values()}
    assert len(groups) == len(set(got.values()))  # one float object per Zipf value


def test_shipped_body_parsed_the_same_by_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "#h words=3\n4.5\tthe of\n2.25\tzéro\n".encode()
    fast = dictionary_module._parse_body(body, body.index(b"\n") + 1, "x")
    monkeypatch.setattr(native, "kernel", None)
    assert dictionary_module._parse_body(body, body.index(b"\n") + 1, "x") == fast
    assert fast == {"the": 4.5, "of": 4.5, "zéro": 2.25}


@needs_kernel
def test_compiled_parser_refuses_a_start_outside_the_data() -> None:
    assert native.kernel is not None
    with pytest.raises(ValueError, match="out of range"):
        native.kernel.parse_grouped(b"#h\n3.0\ta b\n", 12)


# Lines of arbitrary bytes around the tab and the spaces: the kernel decodes each
# word itself, and must take exactly what bytes.decode("utf-8") takes.
# A valid piece, now and then replaced or cut by a foreign one (k == 0: one in n).
def _now_and_then(
    good: st.SearchStrategy[bytes], odd: st.SearchStrategy[bytes], n: int
) -> st.SearchStrategy[bytes]:
    return st.builds(
        lambda g, o, at, k: g[:at] + o + g[at:] if k == 0 else g,
        good,
        odd,
        st.integers(0, 6),
        st.integers(0, n - 1),
    )


_raw_word = _now_and_then(
    _word.map(lambda w: w.replace(" ", "").replace("\t", "").encode()),
    # valid and invalid sequences at the range edges, any bytes but the separators
    st.one_of(
        st.sampled_from(_UTF8_EDGES),
        st.binary(min_size=1, max_size=2).filter(lambda b: not {9, 10, 32} & set(b)),
    ),
    5,
)
_raw_line = st.builds(
    lambda z, ws: z + b"\t" + b" ".join(ws),
    _now_and_then(
        st.sampled_from([b"4.5", b"0.00", b"12", b"7.25", b"-1"]), st.binary(max_size=3), 6
    ),
    st.lists(_raw_word, min_size=1, max_size=3),
)
_raw_body = st.lists(_now_and_then(_raw_line, st.binary(max_size=6), 10), max_size=4).map(
    b"\n".join
)


@needs_kernel
@settings(max_examples=800, deadline=None)
@given(st.one_of(_body, _raw_body))
def test_compiled_parser_matches_the_reference_or_defers(body: bytes) -> None:
    # Lines in the shipped form with a bad one now and then, or arbitrary bytes.
    data = b"#header\n" + body
    assert native.kernel is not None
    got = native.kernel.parse_grouped(data, 8)
    try:
        want = dictionary_module._parse_grouped(data.decode("utf-8"), "x")
    except ValueError:  # not UTF-8, or a line the reference refuses: the kernel defers
        assert got is None
        return
    if got is not None:
        assert got == want and list(got) == list(want)
        assert [type(k) for k in got] == [str] * len(got)
        # The same str layout (kind, compactness): exact sizes, as the reference's.
        assert [sys.getsizeof(k) for k in got] == [sys.getsizeof(k) for k in want]


@needs_kernel
@settings(max_examples=200, deadline=None)
@given(st.one_of(_body, _raw_body), st.integers(1, 40), st.booleans())
def test_stream_reads_as_the_whole_file(body: bytes, piece: int, newline: bool) -> None:
    # Any cut of the compressed file into pieces, any line across them.
    head = b"#textrepair-dictionary/2 lang=xx"
    data = head + b"\n" + body + (b"\n" if newline else b"")
    assert native.kernel is not None
    whole = native.kernel.parse_grouped(data, len(head) + 1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dictionary_module, "_PIECE", piece)
        read = dictionary_module._inflate_and_parse(
            io.BytesIO(gzip.compress(data)), native.kernel.parse_grouped_into
        )
    if whole is None:
        assert read is None
    else:
        assert read is not None and read[0] == head
        assert read[1] == whole and list(read[1]) == list(whole)


@needs_kernel
@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"not gzip at all",
        gzip.compress(b"#head without a newline"),
        gzip.compress(b"#h\n1.0\ta\n")[:-1],  # the trailer cut short
        gzip.compress(b"#h\n1.0\ta\n") + gzip.compress(b"2.0\tb\n"),  # a second member
        gzip.compress(b"#h\n1.0\ta\n") + b"\0\0",
        gzip.compress(b"#h\n1.0\ta\n2,0\tb\n"),
        gzip.compress(b"#h\n1.0\ta\n2.0\t\xff\n"),
    ],
)
def test_stream_defers_on_what_the_builder_does_not_write(raw: bytes) -> None:
    assert native.kernel is not None
    assert (
        dictionary_module._inflate_and_parse(io.BytesIO(raw), native.kernel.parse_grouped_into)
        is None
    )


@needs_kernel
def test_a_kernel_built_before_the_piecewise_read_still_loads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert native.kernel is not None
    want = dictionary_module._load_shipped("ca")
    old = types.SimpleNamespace(parse_grouped=native.kernel.parse_grouped)
    monkeypatch.setattr(native, "kernel", old)
    got = dictionary_module._load_shipped("ca")
    assert got.freq == want.freq and list(got.freq) == list(want.freq) and got.meta == want.meta


@needs_kernel
def test_compiled_parser_into_a_dict() -> None:
    assert native.kernel is not None
    freq: dict[str, float] = {"old": 1.0}
    data = "2.0\tzéro un\n3.0\tdeu".encode()
    assert native.kernel.parse_grouped_into(freq, data, 0) == data.index(b"3.0")
    assert freq == {"old": 1.0, "zéro": 2.0, "un": 2.0}
    with pytest.raises(TypeError):
        native.kernel.parse_grouped_into([], b"1.0\ta\n", 0)
    with pytest.raises(ValueError, match="out of range"):
        native.kernel.parse_grouped_into({}, b"1.0\ta\n", 9)
    assert isinstance(native.kernel.trim_heap(), bool)


# Scripts with one-, two- and three-byte UTF-8 and str kinds 1 and 2 (Czech mixes
# both), Bangla's zero-width joiners. All 19 are compared in benchmarks/README.md.
@pytest.mark.parametrize("lang", ["en", "cs", "he", "ru", "ar", "bn"])
def test_shipped_files_stream_as_the_pure_parser_reads_them(lang: str) -> None:
    # The kernel's load (read piece by piece) against the pure-Python reference, whole.
    source = resources.files("textrepair.dictionaries").joinpath(f"{lang}.txt.gz")
    text = gzip.decompress(source.read_bytes()).decode("utf-8")
    want = dictionary_module._parse_grouped(text, lang)
    if native.kernel is None:
        pytest.skip("compiled kernel not built")
    with source.open("rb") as fh:
        read = dictionary_module._inflate_and_parse(fh, native.kernel.parse_grouped_into)
    assert read is not None and read[0].decode() == text.partition("\n")[0]
    got = read[1]
    assert got == want and list(got) == list(want)
    assert all(type(v) is float for v in got.values())


@pytest.mark.parametrize("word", ["é" * 1_000_000, "a" * 1_000_000, "\u064e" * 1_000_000])
def test_normalize_key_on_huge_input(word: str) -> None:
    assert len(normalize_key(word, "ar")) <= len(word)
    assert normalize_key(word) == normalize_key(word).casefold()
