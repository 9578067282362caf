"""Build the shipped frequency dictionaries and language profiles from wordfreq.

Usage (from the repository root, with the dev extras installed)::

    python dictionaries/build_dictionaries.py              # every language
    python dictionaries/build_dictionaries.py --langs en fr

    python dictionaries/build_dictionaries.py --profiles-only   # profiles.json.gz alone

Writes ``dictionaries/<lang>.txt.gz`` and ``dictionaries/profiles.json.gz``.
The profiles also hold languages that have no dictionary (``REJECTED``), from
wordfreq's small lists: language detection needs them to tell Hungarian from
Catalan or Slovak from Czech, and answers "und" for them.
The output is deterministic: the same wordfreq version gives the same text
(fixed sort order, no timestamps) and the same zlib gives the same bytes
(level 9, gzip header with mtime 0 and no file name). The wordfreq version is pinned below and recorded in
every file; building with another version is refused unless
``--allow-other-wordfreq`` is given (then the headers record that version).

File format (version 2), UTF-8 text compressed with gzip::

    #textrepair-dictionary/2 lang=en words=313575 min_zipf=1.01 source=wordfreq:large ...
    7.73<TAB>the
    7.43<TAB>to
    ...
    1.01<TAB>a.a.u a.i.d a.p.a a.r.m aameen ...

One line per Zipf value (wordfreq's resolution is 0.01), descending; the
words of a line are lookup keys (``textrepair.dictionary.normalize_key``)
sorted by code point and separated by single spaces. Version 1 was the same
text compressed with xz; gzip decompresses 4-5x faster (about 15 ms instead of
60-90 ms for English), for files about 20% larger.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

import regex

WORDFREQ_VERSION = "3.1.1"
SOURCE = "wordfreq:large"
LICENCE = "CC-BY-SA-4.0"
PROFILE_SIZE = 5000
# Load budget (issue 6: <= 60 MB resident, <= 0.2 s in a fresh process): lists longer
# than this keep their most frequent whole Zipf groups only. Build with
# --max-words 0 for the full lists and load them with Dictionary.from_file.
MAX_WORDS = 350_000
PROFILES_FORMAT = "textrepair-langprofiles/2"

# Every wordfreq "large" list except zh and ja, which are written without spaces
# and need a word segmenter (jieba, MeCab) before any lookup makes sense.
LANGUAGES = (
    *("en", "fr", "de", "es", "it", "pt", "nl", "pl", "cs", "sv"),
    *("fi", "nb", "ca", "ru", "uk", "ar", "he", "mk", "bn"),
)
SKIPPED = {"zh": "needs word segmentation (jieba)", "ja": "needs word segmentation (MeCab)"}
# Languages with a detection profile but no dictionary: wordfreq's small lists in a
# script a shipped language writes (Latin, Cyrillic, Arabic). Without them their text
# is read as the nearest shipped language (Hungarian and Romanian as Catalan, Slovak
# and Slovenian as Czech, Danish as Norwegian, Persian as Arabic) and the token stage
# "repairs" its words. Greek, Hindi, Korean and Tamil need none: no shipped language
# writes their scripts, so detection already answers "und".
REJECTED = (
    *("bg", "da", "fa", "fil", "hu", "id", "is", "lt", "lv"),
    *("ms", "ro", "sh", "sk", "sl", "tr", "ur", "vi"),
)

# A kept entry has at least one letter, no digit, and otherwise only letters,
# combining marks and the punctuation that occurs inside real words:
# apostrophe (don't, aujourd'hui), full stop (u.s., etc.), colon (Finnish and
# Swedish suffixes on abbreviations: EU:n), middle dot (Catalan l·l), Hebrew
# geresh/gershayim and the '"' that stands for them (צה"ל), and the zero-width
# (non-)joiners that Bengali and Arabic-script spelling needs.
# Dropped: numbers and wordfreq's digit placeholders ("0000s" stands for any
# four digits + s, so it is not a literal word); alphanumerics such as "0f" or
# "1n", which are OCR noise in wordfreq's sources and would hide exactly the
# 0/o and 1/l confusions the token fixer repairs; emoji and symbols; tokens
# with "_", "@", soft hyphens or bidi controls (markup and tokenization debris).
KEEP = regex.compile(r"^(?=.*\p{L})[\p{L}\p{M}'.:·\"\u05f3\u05f4\u200c\u200d]+$")
DIGIT = regex.compile(r"\d")
PROFILE_WORD = regex.compile(r"^[\p{L}\p{M}]+(?:'[\p{L}\p{M}]+)*$")
SCRIPTS = ("Latin", "Cyrillic", "Arabic", "Hebrew", "Bengali", "Greek", "Devanagari")


def build_groups(
    lang: str, max_words: int = MAX_WORDS, wordlist: str = "large"
) -> list[tuple[int, list[str]]]:
    """wordfreq's list for ``lang`` as (centi-Zipf, sorted keys), most frequent first.

    With ``max_words`` (0: no limit), the least frequent Zipf groups that do not
    fit in it as a whole are dropped.
    """
    import wordfreq

    from textrepair.dictionary import normalize_key

    best: dict[str, int] = {}
    for index, bucket in enumerate(wordfreq.get_frequency_list(lang, wordlist)):
        centi = 900 - index  # bucket i holds words of -i centibels; Zipf = (cB + 900) / 100
        if centi <= 0:
            continue
        for word in bucket:
            if DIGIT.search(word) or not KEEP.match(word):
                continue
            # wordfreq's entries are already normalized; this guards the few that
            # casefolding left non-NFC (Greek) so every key can be looked up.
            key = normalize_key(word, lang)
            if key not in best:  # buckets come most frequent first
                best[key] = centi
    groups: dict[int, list[str]] = {}
    for key, centi in best.items():
        groups.setdefault(centi, []).append(key)
    out: list[tuple[int, list[str]]] = []
    total = 0
    for centi in sorted(groups, reverse=True):
        total += len(groups[centi])
        if max_words and total > max_words:
            break
        out.append((centi, sorted(groups[centi])))
    return out


def render(lang: str, groups: list[tuple[int, list[str]]], wf_version: str) -> bytes:
    from textrepair.dictionary import FORMAT_NAME, FORMAT_VERSION

    count = sum(len(words) for _, words in groups)
    header = (
        f"#{FORMAT_NAME}/{FORMAT_VERSION} lang={lang} words={count} min_zipf={groups[-1][0] / 100:.2f} "
        f"source={SOURCE} wordfreq={wf_version} licence={LICENCE}"
    )
    lines = [header]
    for centi, words in groups:
        for word in words:
            if " " in word or "\t" in word or "\n" in word:
                raise AssertionError(f"{lang}: key with whitespace: {word!r}")
        lines.append(f"{centi / 100:.2f}\t{' '.join(words)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def profile(lang: str, groups: list[tuple[int, list[str]]], size: int) -> dict[str, object]:
    """The ``size`` most frequent plain words of ``lang`` with their centi-Zipf."""
    words: list[str] = []
    weights: list[int] = []
    for centi, group in groups:
        for word in group:
            if PROFILE_WORD.match(word):
                words.append(word)
                weights.append(centi)
                if len(words) == size:
                    break
        if len(words) == size:
            break
    letters = "".join(words)
    script = max(SCRIPTS, key=lambda s: len(regex.findall(rf"\p{{sc={s}}}", letters)))
    return {"script": script, "words": " ".join(words), "zipf": weights}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--langs", nargs="+", default=list(LANGUAGES), metavar="LANG")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--profile-size", type=int, default=PROFILE_SIZE)
    parser.add_argument(
        "--max-words",
        type=int,
        default=MAX_WORDS,
        help="0 keeps the whole list (default %(default)s)",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--no-profiles", action="store_true", help="do not rewrite profiles.json.gz")
    mode.add_argument(
        "--profiles-only", action="store_true", help="rewrite profiles.json.gz, no dictionary"
    )
    parser.add_argument("--allow-other-wordfreq", action="store_true")
    args = parser.parse_args(argv)

    from importlib.metadata import version

    import wordfreq

    wf_version = version("wordfreq")
    if wf_version != WORDFREQ_VERSION and not args.allow_other_wordfreq:
        print(
            f"wordfreq {wf_version} is installed but the build is pinned to {WORDFREQ_VERSION}: "
            f"pip install wordfreq=={WORDFREQ_VERSION} (or pass --allow-other-wordfreq)",
            file=sys.stderr,
        )
        return 2
    available = set(wordfreq.available_languages(wordlist="large"))
    for lang in args.langs:
        if lang in SKIPPED:
            print(f"{lang}: skipped, {SKIPPED[lang]}", file=sys.stderr)
            return 2
        if lang not in available:
            print(f"{lang}: wordfreq has no large list for it", file=sys.stderr)
            return 2

    profiles_path = args.out / "profiles.json.gz"
    profiles: dict[str, object] = {}
    if profiles_path.exists():
        old = json.loads(gzip.decompress(profiles_path.read_bytes()))
        if old.get("wordfreq") == wf_version and old.get("size") == args.profile_size:
            profiles = {k: v for k, v in old["languages"].items() if k not in REJECTED}
    for lang in args.langs:
        groups = build_groups(lang, args.max_words)
        if args.profiles_only:
            profiles[lang] = profile(lang, groups, args.profile_size)
            continue
        data = render(lang, groups, wf_version)
        packed = gzip.compress(data, compresslevel=9, mtime=0)
        path = args.out / f"{lang}.txt.gz"
        path.write_bytes(packed)
        words = sum(len(w) for _, w in groups)
        print(
            f"{lang}: {words} words, {len(data)} bytes of text, {len(packed)} bytes in {path.name}"
        )
        profiles[lang] = profile(lang, groups, args.profile_size)
    if not args.no_profiles:
        missing = sorted(set(LANGUAGES) - set(profiles))
        if missing:
            print(f"profiles: none yet for {', '.join(missing)}: build them too", file=sys.stderr)
            return 2
        for lang in REJECTED:
            profiles[lang] = profile(lang, build_groups(lang, 0, "small"), args.profile_size)
        doc = {
            "format": PROFILES_FORMAT,
            "source": SOURCE,
            "wordfreq": wf_version,
            "licence": LICENCE,
            "size": args.profile_size,
            "languages": {lang: profiles[lang] for lang in sorted(profiles)},
            "rejected": sorted(REJECTED),
        }
        text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        profiles_path.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
        print(f"profiles: {len(profiles)} languages, {profiles_path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
