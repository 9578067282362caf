"""The token stage: repair corrupted words from a frequency dictionary, never damage correct ones.

A word is a candidate for repair only when the dictionary does not know it
(or knows it only as a rarity, or it carries an OCR trace such as an inner
capital). Numbers, URLs, e-mail addresses, handles, hashtags, code, other
scripts, acronyms and pieces of hyphenated words are never candidates. Every
candidate repair is scored in one noisy channel, ``P(word) x P(corruption)``,
against the hypothesis that the token is a valid word the dictionary lacks (a
name, a historical spelling, a rare inflection). The confidence reported with
a repair is a calibrated probability that it is right: a logistic model over
that channel margin and a few cues (capitalised inside a sentence, repeated in
the document, shaped like a word of the language, shaped like an inflection of
dictionary words, one of many word-like unknowns of the document) fitted on
permissively licensed modern text with synthetic damage
(``benchmarks/train_tokens.py``). The repair
is made, the same for every occurrence of the token in the document, only when
the confidence reaches ``Config.min_confidence``.

Candidates come from an edit-distance index, from cheap OCR confusions
(:mod:`textrepair.candidates`), from splitting run-together words and merging
broken ones, and from substitution rules inferred from the document itself:
when several unknown tokens share an odd fragment whose replacement turns all
of them into frequent words, and the replaced fragment appears nowhere else
(a naive find-and-replace leaves none behind), the rule is applied everywhere.

>>> from textrepair.config import Config
>>> from textrepair.stage import Context
>>> stage = TokenStage(Config())
>>> text, edits = stage.process("The rnoney was hidden in tbe barn.", Context("en", Config()))
>>> text
'The money was hidden in the barn.'
>>> [(e.before, e.after, e.reason) for e in edits][0]
('rnoney', 'money', 'ocr-confusion')
"""

from __future__ import annotations

import functools
import heapq
import math
import os
import sys
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, compress, count, islice, pairwise
from operator import itemgetter
from typing import Any, ClassVar, Generic, NamedTuple, TypeVar

import regex

from . import resource_cache
from .candidates import Channel, DeleteIndex, confusion_blocks, triage_variants
from .config import Config
from .edits import Edit, EditLog, apply_edits
from .native import kernel
from .pairs import SHIFT as _PAIR_SHIFT
from .pairs import WordPairs, load_pairs
from .pronoun import GRAMMAR, PRONOUN_ONE, pronoun_ones
from .stage import Context
from .tokenize import (
    APOSTROPHES,
    WORD_RE,
    case_pattern,
    is_address_chunk,
    is_protected_chunk,
    observed_form,
    restore_case,
    sentence_initial,
)

__all__ = ["TokenStage", "Tuning"]


# Runs longer than this are never repaired (longer than any dictionary word).
_MAX_RUN = 64
# A hyphen ending a line, and a line starting right after one.
_LINE_END_HYPHEN = regex.compile(r"-[ \t]{0,4}\r?\n")
_HYPHEN_LINE_START = regex.compile(r"-[ \t]{0,4}\r?\n[ \t]{0,2}\Z")


@dataclass(frozen=True)
class Tuning:
    """The fixer's internal constants, in Zipf units (log10 of frequency per billion words).

    They were set on the even-numbered records of the OCR dev sets (see
    ``benchmarks/bench_tokens.py``); the odd-numbered records are held out.
    """

    #: At or above this Zipf frequency a word is known and never touched.
    known_zipf: float = 3.0
    #: Words at or above this frequency are reachable by edit-distance lookups.
    index_zipf: float = 2.5
    #: Words produced by splits, merges and substitution rules must be this frequent.
    split_zipf: float = 3.0
    merge_zipf: float = 2.5
    rule_zipf: float = 3.0
    #: Prior (as a Zipf value) that an unknown token is a valid word the dictionary lacks.
    unknown_prior: float = 1.5
    #: Added to a rare dictionary word's own frequency for the "keep it" hypothesis.
    rare_bonus: float = 0.8
    #: Capitalised inside a sentence: probably a name.
    name_bonus: float = 2.0
    #: All capitals in a line of capitals.
    upper_bonus: float = 0.5
    #: Per doubling of the token's count in the document (names and old spellings repeat).
    repeat_bonus: float = 0.5
    repeat_cap: float = 2.0
    #: The token looks like an inflection of dictionary words ("massifiée").
    inflection_bonus: float = 1.5
    #: Digits inside a word, or a capital after a lowercase letter: traces of OCR damage.
    digit_penalty: float = 1.5
    inner_capital_penalty: float = 1.0
    #: A candidate that occurs elsewhere in the document gains this per doubling.
    context_boost: float = 0.5
    context_cap: float = 1.5
    #: Channel costs of a lost space (split) and a spurious space or hyphen (merge).
    split_cost: float = 1.0
    #: Share of a dictionary's rare long words that are two frequent words joined,
    #: at or below which splits cost ``split_cost`` alone: above the languages the
    #: confidence was fitted on (English 0.25, French 0.12). Languages that compound
    #: more (German 0.50, Dutch 0.45) pay the difference in log odds.
    compound_reference: float = 0.3
    #: From this share on (English 0.25), a word whose first part heads other compounds of the
    #: dictionary is taken for a compound; below it (French 0.12) closed compounds are too rare.
    compound_head_rate: float = 0.2
    merge_cost: float = 1.0
    #: A rare dictionary word is split only when the split scores this much above keeping it.
    rare_split_margin: float = 1.0
    hyphen_merge_cost: float = 0.3
    #: Per letter sequence (trigram) no dictionary word has: the token does not look like a word.
    odd_penalty: float = 1.0
    #: Candidate limits.
    max_candidates: int = 60
    max_rewrites: int = 2
    rewrite_cost: float = 3.0
    rewrite_total: float = 4.5
    #: Substitution rules: minimum occurrences, and how many contradicting words are tolerated.
    rule_min_support: int = 3
    rule_contradiction_ratio: float = 0.25
    #: The document's own channel: a corruption behind this many distinct forms the
    #: document repairs is one its print makes; the forms left unsure are scored
    #: again with it, priced by its rate in the document. 0 turns it off.
    doc_channel_min_forms: int = 3
    #: A candidate that makes, with a neighbour of the token, a word pair the
    #: document writes elsewhere gains this per doubling of such occurrences.
    bigram_boost: float = 1.0
    bigram_cap: float = 1.5
    #: The language's shipped word-pair table (:mod:`textrepair.pairs`, English only):
    #: a candidate gains its association with the token's neighbours, log10 of
    #: P(word | neighbour) / P(word) from the table's counts, each side bounded by
    #: ``pair_cap``, times this weight. 0 turns it off.
    pair_weight: float = 1.5
    pair_cap: float = 1.5
    #: How much of the best candidate's association raises every repair against
    #: keeping the token (the rest only ranks the candidates: a valid word the
    #: dictionary lacks has no pairs to show), for tokens with a letter sequence no
    #: word has and for word-shaped ones.
    pair_gain: float = 1.5
    pair_gain_wordlike: float = 0.25
    #: A lone "1" read as the pronoun (:func:`textrepair.pronoun.pronoun_ones`): the
    #: least association of "i" with the word on its right, and of the word on its
    #: left with "i", in the units of the pair scores.
    pronoun_right_min: float = -1.0
    pronoun_left_min: float = -0.9
    #: A word on the right whose pair with the third-person subject ("it") is at
    #: this or below is a verb a number does not take ("1 have", "1 think"): the
    #: left side needs less evidence then.
    pronoun_person_max: float = -0.6
    #: A page shows damage when this share of its word runs or more are lowercase
    #: suspects that are no dictionary word, or have a letter sequence no word has
    #: or a digit inside ("rnoney", "th1s"; not "tbe", a rare dictionary word). On
    #: a page below it (a clean page: web text, a transcription), a rare dictionary
    #: word ("posit", "weka") is taken for what it is and never repaired
    #: (``_Document.clean_page_vetoes``). 0 turns it off.
    clean_page_damage: float = 0.005
    #: ... on a page of this many word runs or more: a shorter one is too short for
    #: the absence of damage to say anything (at OCR's 1% or more, 200 words hold
    #: two damaged ones or more).
    clean_page_min_words: int = 200
    #: ... except a rare word that is a far more frequent word with one letter
    #: dropped, a typing slip ("succesfully", "Opinon"): its repair stays when the
    #: word is this many Zipf units more frequent (0 vetoes those too).
    clean_page_slip_gap: float = 2.0


_TUNING = Tuning()

_KNOWN, _SKIP = 0, 1  # status codes for parts that are not suspects
# Repairs raise each other's confidence one at a time (fewer unknown words in the
# document), in chains longer than three ("readinv", then "leavinv", "drinkinv",
# "seeinv": the long profile). Each pass that changes anything repairs at least one
# suspect into a word, so the loop ends; the cap only bounds pathological input.
_MAX_PASSES = 50
# Inflection model: the longest ending learned, and the shortest stem before an
# ending of k letters (three before a long ending: "nag-ions").
_ENDING_MAX = 6
# A valid form the dictionary lacks: at least this many other forms of its paradigm
# are words, each one alternation away whose two endings have this many letters.
_PARADIGM_MIN = 2
_PARADIGM_ENDINGS = 4


def _stem_min(k: int) -> int:
    return 4 if k < 4 else 3


_MAX_WORD = 40
# Spelling suggestions: the most variants one word may make, and the near
# misses (non-words one rewrite away) that get a further slip.
_TYPING_LIMIT = 20_000
_NEAR_MISSES = 40
# Scored repairs kept per form (the analysis cache holds these).
_TOP_CANDIDATES = 12
# Spelling suggestions search beyond the index's words within two edits and
# the sound-alikes only while the best candidate scores below this (in Zipf
# units: log10 P(word) - channel cost): a poor best means the word is far off.
# Chosen on the even-indexed (dev) halves of the four spelling lists of
# benchmarks/bench_tokens.py: -1 to -2 get 651 right, 0 gets 650, -2.5 loses an
# aspell word (held-out halves: 655 at -1.5, 652 at 0).
_EXPAND_BELOW = -1.5
# The per-form verdict caches (status, inflection, paradigm) of a language are
# emptied past this many forms. 50,000 holds a stream's frequent forms: on 64 MB
# of the mixed corpus it gave the same output as 200,000, 1.02x the CPU time and
# 18 MB less memory (session 11, benchmarks/README.md).
_CACHE_MAX = 50_000
_ODD_CACHE_MAX = 1 << 16
# Scored candidates take about 1 kB a form (measured on OCR text): two
# generations of this many forms bound them to about 30 MB per language.
_ANALYSIS_GENERATION = 16_384
_GAP_CAP = 6.0  # the "gap2" feature's cap: the best candidate's lead over the second
#: ``_Document._pair_scores``: what each candidate adds to its score, and its own
#: association with the neighbours (log10, both sides summed).
_PairScores = tuple[dict[str, float], dict[str, float]]
#: Repairs at least this confident teach ``fit`` the corpus's corruptions,
#: and a corruption must recur this often to be learned.
_LEARN_CONFIDENCE = 0.7
_LEARN_MIN_COUNT = 3
_CHANNEL_IDS = [0]  # distinguishes adapted channels in the candidate cache
_SCRIPTS = (
    "Latin",
    "Cyrillic",
    "Greek",
    "Arabic",
    "Hebrew",
    "Armenian",
    "Georgian",
    "Devanagari",
    "Bengali",
    "Thai",
    "Han",
    "Hangul",
    "Hiragana",
    "Katakana",
)
_ORDINAL_RE = regex.compile(
    r"\d+(?:st|nd|rd|th|e|er|re|ère|eme|ème|es|o|a|º|ª|h|s|d|k|m|km|kg|g|mm|cm|px|pm|am)",
    regex.IGNORECASE,
)
_DIGIT_RE = regex.compile(r"\d")
_INNER_CAP_RE = regex.compile(r"\p{Ll}\p{Lu}")
_NONSPACE_RE = regex.compile(r"\S+")
_WORD_SPLIT_RE = regex.compile(f"({WORD_RE.pattern})")
_CHUNK_END_RE = regex.compile(r"\S*")
_CHUNK_START_RE = regex.compile(r"(?r)\S*")
_SOFT_HYPHEN = "\u00ad"
_PLAIN_SPACE = frozenset(" \t\n\r")  # white space to any definition (``\s``, str.isspace)
_SHORT_CHUNK = 256  # longer chunks send Document.chunk to its list of all spans
# A whole chunk (maximal run of non-space) longer than any word run.
_MASK_MIN_NEW = 2000  # new distinct words in one document before long chunks are checked
_LONG_CHUNK_RE = regex.compile(rf"(?<!\S)\S{{{2 * _MAX_RUN},}}")
_PUNCT_SPLIT_RE = regex.compile(r"(?<=\p{Ll}\p{Ll})[,;](?=\p{Ll}\p{Ll})")


_SKELETON_MAP = str.maketrans({"c": "k", "q": "k", "z": "s", "j": "g", "v": "f"})
_VOWELS_RE = regex.compile(r"(?<!^)[aeiouyhw]")
_REPEAT_RE = regex.compile(r"(.)\1+")


def _skeleton(word: str) -> str:
    """A rough sound key: first letter, then consonants, repeats collapsed
    (compiled for words of ASCII letters; :func:`_skeleton_py` is the reference).

    >>> _skeleton("absurd"), _skeleton("absered"), _skeleton("photograph")
    ('absrd', 'absrd', 'ftgrf')
    """
    if kernel is not None:
        key: str | None = kernel.skeleton(word)
        if key is not None:
            return key
    return _skeleton_py(word)


def _skeleton_py(word: str) -> str:
    """:func:`_skeleton` in pure Python.

    >>> _skeleton_py("Schicksal"), _skeleton_py("été")
    ('Sksl', 'été')
    """
    w = word.replace("ph", "f").replace("ck", "k").translate(_SKELETON_MAP)
    return _REPEAT_RE.sub(r"\1", _VOWELS_RE.sub("", w))


class _Cand(NamedTuple):
    """A candidate repair of one observed form (``word`` may hold a space: a split).

    (A named tuple: hundreds of thousands are made, and it is made faster than a
    frozen dataclass.)
    """

    word: str
    score: float  # log10 P(word) - cost, in Zipf units
    reason: str


_V = TypeVar("_V")


class _Memo(Generic[_V]):
    """A bounded memo that keeps what is still in use: two generations.

    New entries go into the young generation; when it is full it becomes the
    old one and the previous old one is dropped. A hit in the old generation is
    copied into the young one, so the frequent forms of a Zipfian corpus stay
    while one-off forms age out (clearing everything at a cap would recompute
    the most frequent forms first). At most ``2 * generation`` entries.

    >>> m: _Memo[int] = _Memo(2)
    >>> for k in "abc":
    ...     m.put(k, ord(k))
    >>> m.get("a"), len(m)
    (97, 3)
    >>> m.put("d", 100); m.put("e", 101)
    >>> m.get("b") is None, m.get("a")
    (True, 97)
    """

    __slots__ = ("_generation", "_old", "_young")

    def __init__(self, generation: int) -> None:
        self._generation = generation
        self._young: dict[str, _V] = {}
        self._old: dict[str, _V] = {}

    def get(self, key: str) -> _V | None:
        v = self._young.get(key)
        if v is None:
            v = self._old.pop(key, None)
            if v is not None:
                self.put(key, v)
        return v

    def put(self, key: str, value: _V) -> None:
        young = self._young
        if len(young) >= self._generation:
            self._old = young
            young = self._young = {}
        young[key] = value

    def clear(self) -> None:
        self._young = {}
        self._old = {}

    def __len__(self) -> int:
        return len(self._young) + len(self._old)


class _Lexicon:
    """Everything the fixer knows about one language, loaded once and cached."""

    def __init__(self, lang: str, config: Config, tuning: Tuning) -> None:
        from .dictionary import Dictionary, key_function, load_dictionary

        self.lang = lang
        self.tuning = tuning
        self.normalize_key: Callable[[str], str] = key_function(lang)
        d = load_dictionary(lang)
        for path in config.dictionary_files:
            d = d.merged(Dictionary.from_file(path, lang=lang))
        self.freq: dict[str, float] = d.freq
        self.protected = frozenset(self.normalize_key(w) for w in config.protected_words)
        # User words count as known and may be produced (at a modest frequency).
        self.extra = {self.normalize_key(w): tuning.known_zipf + 0.5 for w in config.extra_words}
        for w in self.protected:
            self.extra.pop(w, None)
        self.status: dict[str, Any] = {}
        self.clean: set[str] = set()  # the runs whose status is (): no suspect part
        self.analysis: _Memo[tuple[_Cand, ...]] = _Memo(_ANALYSIS_GENERATION)
        self.infl_cache: dict[str, bool] = {}
        self.odd_cache: dict[str, int] = {}  # key -> :meth:`oddness`
        # Sorted tuples: most forms have none, and every empty one is the same object.
        self.paradigm_cache: dict[str, tuple[str, ...]] = {}
        self.channel = Channel.ocr()
        self.typing_channel = Channel.typing()
        self._index: DeleteIndex | None = None
        self._sorted: list[str] | None = None
        self._writes_accents: bool | None = None
        self._rsorted: list[str] | None = None
        self._suffix_alts: dict[str, frozenset[str]] | None = None
        # Endings of ``_suffix_alts`` filtered by the length tests of ``_alternates``.
        self._alt_lists: dict[tuple[str, int, int, int], tuple[str, ...]] = {}
        self._split_penalty: float | None = None
        self._compound_rate: float | None = None
        self._trigrams: frozenset[str] | None = None
        self._skeletons: dict[str, tuple[str, ...]] | None = None
        self._variant_keys: list[str] | None = None
        self._resources_tried = False
        self._user_files = tuple(config.dictionary_files)
        self._viable: Callable[[str], bool] | None = None
        self._pairs: WordPairs | None = None
        self._pairs_tried = False
        # Pair-table neighbours: known word -> (index, score base, row bounds),
        # filled on use; at most the table's words (19,792 for English), never
        # more however long the input.
        self._pair_rows: dict[str, tuple[int, float, int, int] | None] = {}
        self.script_re = self._script_re()
        # The compiled search (``_kernel.scored``, ``_kernel.splits``) takes plain
        # dicts and sets; anything else runs the pure-Python references.
        self._compiled = (
            kernel is not None
            and type(self.freq) is dict
            and type(self.extra) is dict
            and type(self.protected) is frozenset
        )

    # -- dictionary access -------------------------------------------------
    def writes_accents(self) -> bool:
        """Whether the language's own frequent words carry accents (French does,
        English does not: there an accent on "thé" is the print's, not a form's).

        >>> TokenStage(Config()).lexicon("fr").writes_accents()
        True
        """
        if self._writes_accents is None:
            top = [w for w, z in self.freq.items() if z >= self.tuning.known_zipf + 1]
            accented = sum(1 for w in top if unicodedata.normalize("NFD", w) != w)
            self._writes_accents = accented >= 0.01 * len(top) > 0
        return self._writes_accents

    def pairs(self) -> WordPairs | None:
        """The language's word-pair table, loaded on first use; None for languages
        without one (every language but English) or with ``pair_weight`` 0.

        >>> TokenStage(Config()).lexicon("fr").pairs() is None
        True
        """
        if not self._pairs_tried:
            self._pairs_tried = True
            if self.tuning.pair_weight:
                self._pairs = load_pairs(self.lang)
        return self._pairs

    def pair_row(self, word: str) -> tuple[int, float, int, int] | None:
        """A neighbour's entry for the pair scores: its index in the pair table,
        ``18 - log10_total - zipf(word)`` and the bounds of its row
        (:meth:`WordPairs.row`); None unless ``word`` is a key of the table with
        Zipf ``known_zipf`` or more (the neighbours the scores use). Memoized:
        the table's words bound the memo.

        >>> lex = TokenStage(Config()).lexicon("en")
        >>> n, base, lo, hi = lex.pair_row("the")
        >>> lo < hi and base == 18.0 - lex.pairs().log10_total - lex.zipf("the")
        True
        >>> lex.pair_row("qzxv") is None, TokenStage(Config()).lexicon("fr").pair_row("le")
        (True, None)
        """
        rows = self._pair_rows
        if word in rows:
            return rows[word]
        table = self.pairs()
        if table is None or (row := table.row(word)) is None:
            return None  # not kept: only the table's words enter the memo
        z = self.zipf(word)
        entry = None
        if z >= self.tuning.known_zipf:
            entry = (row[0], 18.0 - table.log10_total - z, row[1], row[2])
        rows[word] = entry
        return entry

    def zipf(self, key: str) -> float:
        z = self.freq.get(key)
        if z is None:
            return self.extra.get(key, 0.0)
        return z

    def _script_re(self) -> Any:
        """A pattern matching any letter outside the dictionary's script."""
        top = heapq.nlargest(300, self.freq.items(), key=itemgetter(1))
        sample = "".join(k for k, _ in top)
        best, best_n = "Latin", -1
        for s in _SCRIPTS:
            n = len(regex.findall(rf"\p{{Script={s}}}", sample))
            if n > best_n:
                best, best_n = s, n
        if best in ("Han", "Hiragana", "Katakana"):
            return regex.compile(r"[^\p{Han}\p{Hiragana}\p{Katakana}\p{M}\p{Nd}'’ʼ]")
        return regex.compile(rf"[^\p{{Script={best}}}\p{{M}}\p{{Nd}}'’ʼ]")

    # -- derived resources (built once, kept in the disk cache) --------------
    def _resource_key(self) -> str | None:
        """Digest of everything the derived resources depend on; None if unknowable."""
        from importlib import resources

        from .dictionary import _PACKAGE, _SUFFIX, _canonical_lang

        try:
            code = _canonical_lang(self.lang)
            parts: list[bytes | str] = [_builder_source(), code, repr(self.tuning)]
            parts.append(resources.files(_PACKAGE).joinpath(f"{code}{_SUFFIX}").read_bytes())
            for path in self._user_files:
                with open(path, "rb") as f:
                    parts.append(f.read())
        except (OSError, ValueError):
            return None
        parts.append("\n".join(sorted(self.protected)))
        parts.append("\n".join(f"{k}\t{v!r}" for k, v in sorted(self.extra.items())))
        return resource_cache.digest(parts)

    def _load_resources(self) -> None:
        """On the first need of any derived resource, read them all from the disk
        cache, or build them all now and write them there for the next process."""
        if self._resources_tried:
            return
        self._resources_tried = True
        key = self._resource_key()
        name = f"tokens-{self.lang}"
        payload = resource_cache.load(name, key) if key is not None else None
        if payload is not None:
            try:
                index = DeleteIndex.from_state(payload["index"])
                self._sorted = list(payload["sorted"])
                self._rsorted = list(payload["rsorted"])
                self._variant_keys = list(payload["variant_keys"])
                self._skeletons = dict(payload["skeletons"])
                self._trigrams = frozenset(payload["trigrams"])
                self._suffix_alts = dict(payload["suffix_alts"])
                self._index = index
                return
            except (KeyError, TypeError, ValueError):
                self._sorted = self._rsorted = self._variant_keys = None
                self._skeletons = self._trigrams = self._suffix_alts = None
        # Build every resource through its accessor (the flag above stops recursion).
        self.frequent_sorted()
        self.word_prefix("a")
        self.sound_alikes()
        self.oddness("a")
        self.suffix_alternations()
        if key is not None:
            resource_cache.store(
                name,
                key,
                {
                    "index": self.index.to_state(),
                    "sorted": self._sorted,
                    "rsorted": self._rsorted,
                    "variant_keys": self._variant_keys,
                    "skeletons": self._skeletons,
                    "trigrams": self._trigrams,
                    "suffix_alts": self._suffix_alts,
                },
            )

    @property
    def index(self) -> DeleteIndex:
        """Edit-distance index: frequent words within 2 edits, rarer ones within 1."""
        if self._index is None:
            self._load_resources()
        if self._index is None:
            tu = self.tuning
            # Shared by lexicons that differ in other settings (the same words go in).
            key = (
                id(self.freq),
                tu.index_zipf,
                tu.known_zipf,
                self.protected,
                frozenset(self.extra),
            )
            shared = _INDEXES.get(key)
            if shared is not None and shared[0] is self.freq:
                self._index = shared[1]
                return shared[1]
            far: list[str] = []
            near: list[str] = []
            for w, z in self.freq.items():
                if z >= tu.index_zipf and w.isalpha() and w not in self.protected:
                    (far if z >= tu.known_zipf else near).append(w)
            far.extend(w for w in self.extra if w.isalpha() and w not in self.freq)
            self._index = DeleteIndex(sorted(far), max_distance=2, near=sorted(near))
            if len(_INDEXES) >= _LEXICONS_MAX:
                _INDEXES.pop(next(iter(_INDEXES)), None)
            _INDEXES[key] = (self.freq, self._index)
        return self._index

    def frequent_sorted(self) -> tuple[list[str], list[str]]:
        """Frequent words sorted, and sorted reversed (for prefix and suffix ranges)."""
        if self._sorted is None or self._rsorted is None:
            self._load_resources()
        if self._sorted is None or self._rsorted is None:
            t = self.tuning.rule_zipf
            words = [
                w
                for w, z in self.freq.items()
                if z >= t and w.isalpha() and w not in self.protected
            ]
            self._sorted = sorted(words)
            self._rsorted = sorted(w[::-1] for w in words)
        return self._sorted, self._rsorted

    def word_prefix(self, head: str) -> bool:
        """Whether some word a variant may become (Zipf 1.5 or more, or a user
        word) starts with ``head``'s key; True for a non-ASCII ``head``."""
        if not head.isascii():
            return True
        keys = self.variant_keys()
        h = head.lower()
        j = bisect_left(keys, h)
        return j < len(keys) and keys[j].startswith(h)

    def variant_keys(self) -> list[str]:
        """The keys a variant may become, sorted: Zipf 1.5 or more, and user words."""
        if self._variant_keys is None:
            self._load_resources()
        if self._variant_keys is None:
            keys = [k for k, z in self.freq.items() if z >= 1.5]
            keys.extend(k for k in self.extra if k not in self.freq)
            keys.sort()
            self._variant_keys = keys
        return self._variant_keys

    def viable_prefix(self) -> Callable[[str], bool]:
        """:meth:`word_prefix`, compiled when the kernel is built (same answers)."""
        fn = self._viable
        if fn is None:
            self.word_prefix("")  # builds the sorted keys
            keys = self._variant_keys
            fn = self.word_prefix if kernel is None or keys is None else kernel.PrefixKeys(keys)
            self._viable = fn
        return fn

    # -- status of a word part ---------------------------------------------
    def part_status(self, part: str) -> int | None:
        """``_KNOWN``, ``_SKIP`` (never a candidate) or ``None`` (a suspect)."""
        if len(part) > _MAX_WORD:
            return _SKIP  # no word is this long: a run of letters, not a token to repair
        key = self.normalize_key(part)
        if key in self.protected:
            return _SKIP
        z = self.zipf(key)
        inner_cap = _INNER_CAP_RE.search(part) is not None
        if z >= self.tuning.known_zipf and not inner_cap:
            return _KNOWN
        if len(key) < 2 or not any(c.isalpha() for c in part):
            return _SKIP
        if self.script_re.search(part):
            return _SKIP  # another script: not ours to judge
        pattern = case_pattern(part)
        if pattern == "upper" and len(part) <= 3:
            return _SKIP  # acronym
        if _DIGIT_RE.search(part):
            letters = sum(c.isalpha() for c in part)
            digits = len(part) - letters
            if letters < 2 or digits > 2 or digits >= letters or _ORDINAL_RE.fullmatch(part):
                return _SKIP
        return None

    def run_status(self, run: str) -> tuple[tuple[int, int], ...]:
        """Spans (relative to ``run``) of the suspect parts of a word run; empty if none."""
        cached = self.status.get(run)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        if len(self.status) > _CACHE_MAX:
            self.status.clear()
            self.clean.clear()
        out: tuple[tuple[int, int], ...] = ()
        if len(run) > _MAX_RUN:
            # No word is that long, and normalizing a huge run of combining
            # marks is quadratic in CPython: never a suspect.
            self.status[run] = out
            self.clean.add(run)
            return out
        key = self.normalize_key(run)
        has_apos = any(a in run for a in APOSTROPHES)
        if has_apos and self.zipf(key) >= self.tuning.known_zipf:
            out = ()
        elif not has_apos:
            if self.part_status(run) is None:
                out = ((0, len(run)),)
        else:
            spans = []
            pos = 0
            pieces = regex.split(r"(['’ʼ])", run)
            for k in range(0, len(pieces), 2):
                p = pieces[k]
                s, e = pos, pos + len(p)
                elided = k + 1 < len(pieces)
                pos = e + (1 if elided else 0)
                pk = self.normalize_key(p)
                if len(pk) < 2:
                    continue
                # An elided article or conjunction ("qu'", "presqu'") is a word
                # if the dictionary has it at all; a clitic ("'ll") likewise.
                if elided and (self.zipf(pk) > 0 or self.zipf(pk + "'") > 0):
                    continue
                if k > 0 and self.zipf("'" + pk) > 0:
                    continue
                if self.part_status(p) is None:
                    spans.append((s, e))
            out = tuple(spans)
        self.status[run] = out
        if not out:
            self.clean.add(run)
        return out

    def sound_alikes(self) -> dict[str, tuple[str, ...]]:
        """Frequent words grouped by consonant skeleton ("absurd" and "absered": "absrd")."""
        if self._skeletons is None:
            self._load_resources()
        if self._skeletons is None:
            groups: dict[str, list[str]] = {}
            for w, z in self.freq.items():
                if z >= self.tuning.split_zipf and w.isalpha() and w not in self.protected:
                    groups.setdefault(_skeleton(w), []).append(w)
            self._skeletons = {k: tuple(v[:20]) for k, v in groups.items()}
        return self._skeletons

    def _alikes(self, key: str) -> tuple[str, ...]:
        """The frequent words that sound like ``key`` (none unless it is all letters)."""
        return tuple(self.sound_alikes().get(_skeleton(key), ())) if key.isalpha() else ()

    # -- word shape ----------------------------------------------------------
    def oddness(self, key: str) -> int:
        """How many letter trigrams of ``key`` (with word boundaries) fewer than two
        dictionary words contain: "drstarts" has "drs", no French word does."""
        if self._trigrams is None:
            self._load_resources()
        tri = self._trigrams
        if tri is None:
            counts: Counter[str] = Counter()
            for w, z in self.freq.items():
                if z >= 2.5 and w.isalpha():
                    b = f"^{w}$"
                    counts.update({b[i : i + 3] for i in range(len(b) - 2)})
            tri = self._trigrams = frozenset(k for k, c in counts.items() if c >= 2)
        cached = self.odd_cache.get(key)
        if cached is not None:
            return cached
        if len(self.odd_cache) > _ODD_CACHE_MAX:
            self.odd_cache.clear()
        b = f"^{key}$"
        n = self.odd_cache[key] = sum(1 for i in range(len(b) - 2) if b[i : i + 3] not in tri)
        return n

    # -- inflections ---------------------------------------------------------
    def suffix_alternations(self) -> dict[str, frozenset[str]]:
        """For each word ending, the endings it commonly alternates with in the dictionary.

        Endings up to :data:`_ENDING_MAX` letters are learned ("-aient"/"-ait",
        "-erait"/"-er"), on stems of four letters, or three before an ending of
        four or more ("nag-ions", "nag-er"): the language's paradigms, from its
        own word list.
        """
        if self._suffix_alts is None:
            self._load_resources()
        if self._suffix_alts is None:
            stems: dict[str, list[str]] = {}
            for w, z in self.freq.items():
                if z < 2.5 or not w.isalpha() or len(w) < 5:
                    continue
                for k in range(0, min(_ENDING_MAX, len(w) - 3) + 1):
                    stem = w[: len(w) - k]
                    if len(stem) >= _stem_min(k):
                        stems.setdefault(stem, []).append(w[len(w) - k :])
            pairs: Counter[tuple[str, str]] = Counter()
            for sufs in stems.values():
                # Pairs of short endings are counted among the stem's short endings
                # only, pairs with a long one among all (a stem with too many
                # endings is no stem).
                short = [a for a in sufs if len(a) <= 3]
                for group, long_only in ((short, False), (sufs, True)):
                    if 1 < len(group) <= 12:
                        for a in group:
                            for b in group:
                                if a != b and (not long_only or max(len(a), len(b)) > 3):
                                    pairs[(a, b)] += 1
            alts: dict[str, set[str]] = {}
            for (a, b), n in pairs.items():
                if n >= 30:
                    alts.setdefault(a, set()).add(b)
            self._suffix_alts = {a: frozenset(b) for a, b in alts.items()}
        return self._suffix_alts

    def looks_inflected(self, key: str) -> bool:
        """Whether ``key`` is a plausible form of a dictionary word: two or more of
        its regular alternations (same stem, another common ending of at most
        three letters) are words.

        ``massifiée`` is missing from the French list, but ``massifié`` and
        ``massifier`` are there: it is left alone.
        """
        cached = self.infl_cache.get(key)
        if cached is not None:
            return cached
        if len(self.infl_cache) > _CACHE_MAX:
            self.infl_cache.clear()
        found: set[str] = set()
        for w in self._alternates(key, range(0, 4), 0, 3, 0):
            found.add(w)
            if len(found) >= 2:
                self.infl_cache[key] = True
                return True
        self.infl_cache[key] = False
        return False

    def paradigm(self, key: str) -> tuple[str, ...]:
        """The dictionary words that share a stem with ``key`` and differ from it
        by a learned alternation of two non-empty endings: the other forms of
        the word ``key`` would be a form of.

        Both endings are non-empty, and together at least
        :data:`_PARADIGM_ENDINGS` letters long: a bare stem that happens to be a
        word ("droi" for "droire") is no paradigm, nor are one-letter swaps
        ("-a"/"-e"/"-y"), which in a word list are mostly variants of names.

        >>> lex = TokenStage(Config()).lexicon("fr")
        >>> sorted(lex.paradigm("proscrivaient"))[:2]
        ['proscrivant', 'proscrivent']
        """
        cached = self.paradigm_cache.get(key)
        if cached is not None:
            return cached
        if len(self.paradigm_cache) > _CACHE_MAX:
            self.paradigm_cache.clear()
        ks = range(1, min(_ENDING_MAX, len(key)) + 1)
        out = tuple(sorted(set(self._alternates(key, ks, 1, _ENDING_MAX, _PARADIGM_ENDINGS))))
        self.paradigm_cache[key] = out
        return out

    def _alternates(
        self, key: str, ks: range, min_ending: int, max_ending: int, min_both: int
    ) -> Iterator[str]:
        """The dictionary words made of ``key`` with its last ``k`` letters (``k`` in
        ``ks``) replaced by an ending they commonly alternate with, of
        ``min_ending`` to ``max_ending`` letters and, with the ``k`` replaced,
        ``min_both`` letters or more."""
        alts = self.suffix_alternations()
        lists = self._alt_lists
        freq, extra = self.freq, self.extra
        n = len(key)
        for k in ks:
            stem, suf = key[: n - k], key[n - k :]
            if len(stem) < _stem_min(k):
                break
            alternatives = alts.get(suf)
            if alternatives is None:
                continue
            # The endings that pass the length tests, in the set's own order
            # (kept per learned ending: a bounded table).
            lk = (suf, min_ending, max_ending, min_both)
            ends = lists.get(lk)
            if ends is None:
                ends = lists[lk] = tuple(
                    b
                    for b in alternatives
                    if min_ending <= len(b) <= max_ending and len(b) + k >= min_both
                )
            for b in ends:
                w = stem + b
                # ``self.zipf`` inlined
                z = freq.get(w)
                if z is None:
                    z = extra.get(w, 0.0)
                if z > 0.0 and w != key:
                    yield w

    def _scored(
        self,
        obs: str,
        found: dict[str, int],
        channel: Channel,
        memo: dict[str, tuple[float, bool]] | None = None,
    ) -> list[_Cand]:
        """The ``max_candidates`` words of ``found`` (word -> edit operations) with the
        fewest operations, then the most frequent, scored by the channel (alignments
        kept in ``memo`` when given). Compiled (``_kernel.scored``) when the kernel
        and the channel's aligner are; :meth:`_scored_py` is the reference.

        >>> lex = TokenStage(Config()).lexicon("en")
        >>> [c.word for c in lex._scored("hcuse", {"house": 1, "horse": 2}, lex.channel)]
        ['house', 'horse']
        """
        aligner = channel._k
        if aligner is not None and self._compiled:
            return kernel.scored(  # type: ignore[union-attr, no-any-return]
                obs,
                found,
                aligner,
                self.freq,
                self.extra,
                self.protected,
                self.tuning.max_candidates,
                memo,
                _Cand,
            )
        return self._scored_py(obs, found, channel, memo)

    def _scored_py(
        self,
        obs: str,
        found: dict[str, int],
        channel: Channel,
        memo: dict[str, tuple[float, bool]] | None = None,
    ) -> list[_Cand]:
        """:meth:`_scored` in pure Python (the reference for the kernel)."""
        freq, extra = self.freq, self.extra
        # ``self.zipf`` inlined: a word is in ``freq`` or ``extra`` or neither.
        zs = {w: freq[w] if w in freq else extra.get(w, 0.0) for w in found}
        # The word itself breaks ties: the index's iteration order depends on the hash seed.
        ranked = sorted(found, key=lambda w: (found[w], -zs[w], w))[: self.tuning.max_candidates]
        cands: list[_Cand] = []
        protected = self.protected
        for w in ranked:
            if w in protected:
                continue
            if memo is None:
                cost, confusion = channel.align(obs, w)
            else:
                hit = memo.get(w)
                if hit is None:
                    hit = memo[w] = channel.align(obs, w)
                cost, confusion = hit
            reason = "ocr-confusion" if confusion else "edit-distance"
            cands.append(_Cand(w, zs[w] - cost, reason))
        return cands

    def compound_rate(self) -> float:
        """Share of the dictionary's rare long words (Zipf 1.5 to 3, nine letters or
        more) that are two frequent words (Zipf 3 or more, four letters or more) joined.

        An unknown word that splits into two words is a compound as often as the
        language makes them: German "Reisegeschichten" is one, English "thequick"
        is two words run together. Measured once per language on the eligible
        words among every 32nd entry (about 3,000 words; 10 to 50 ms).

        >>> TokenStage(Config()).lexicon("de").compound_rate() > 0.4
        True
        >>> TokenStage(Config()).lexicon("fr").compound_rate() < 0.2
        True
        """
        if self._compound_rate is not None:
            return self._compound_rate
        freq = self.freq
        sampled = hits = 0
        for w, z in islice(freq.items(), 0, None, 32):
            if not 1.5 <= z < 3.0 or len(w) < 9 or not w.isalpha():
                continue
            sampled += 1
            for i in range(4, len(w) - 3):
                if freq.get(w[:i], 0.0) >= 3.0 and freq.get(w[i:], 0.0) >= 3.0:
                    hits += 1
                    break
        self._compound_rate = hits / sampled if sampled else 0.0
        return self._compound_rate

    def split_penalty(self) -> float:
        """Extra cost of a split: the language's odds that two joined words are one
        compound, over the reference odds (0.0 for languages that compound less)."""
        if self._split_penalty is None:
            ref = self.tuning.compound_reference
            r = min(0.95, self.compound_rate())
            shift = math.log10(r / (1.0 - r)) - math.log10(ref / (1.0 - ref)) if r > 0 else 0.0
            self._split_penalty = max(0.0, shift)
        return self._split_penalty

    def compound_heads(self, head: str) -> int:
        """How many dictionary words (Zipf 1.5 or more) are ``head`` joined to a
        frequent word of four letters or more, counted up to three.

        >>> lex = TokenStage(Config()).lexicon("de")
        >>> lex.compound_heads("kaffee"), lex.compound_heads("vermutlich")
        (3, 0)
        """
        keys = self.variant_keys()
        freq, t = self.freq, self.tuning.split_zipf
        n = len(head)
        j = bisect_left(keys, head)
        found = 0
        # The first entries of the range suffice: three compounds make a pattern.
        for w in keys[j : j + 300]:
            if not w.startswith(head):
                break
            rest = w[n:]
            if len(rest) >= 4 and freq.get(rest, 0.0) >= t:
                found += 1
                if found == 3:
                    break
        return found

    def _compound(self, a: str, b: str) -> bool:
        """Whether ``a + b`` reads as a compound, in a language that makes enough of
        them: two words of four letters or more, the first of which heads other
        compounds of the dictionary ("schoolfellow": "schoolroom", "schoolboy", ...;
        "Deutschlandkritik")."""
        return (
            min(len(a), len(b)) >= 4
            and self.compound_rate() >= self.tuning.compound_head_rate
            and self.compound_heads(a) >= 3
        )

    def _splits(self, key: str) -> list[_Cand]:
        """Words run together: two-way splits of ``key`` into frequent words."""
        n = len(key)
        out: list[_Cand] = []
        if n < 4 or not key.isalpha():
            return out
        tu = self.tuning
        penalty = self.split_penalty()
        if penalty > 0.0 and self.looks_inflected(key):
            return out  # "organisierender": a form of a word, in a language that compounds
        cost = tu.split_cost + penalty
        # Both pieces need at least this (5.5 for a one-letter piece, else
        # ``split_zipf``): a rarer first piece settles the position.
        least = min(5.5, tu.split_zipf)
        if self._compiled:
            return kernel.splits(  # type: ignore[union-attr, no-any-return]
                key,
                self.freq,
                self.extra,
                self.protected,
                least,
                tu.split_zipf,
                cost,
                self._compound,
                _Cand,
            )
        return self._split_loop_py(key, least, cost)

    def _split_loop_py(self, key: str, least: float, cost: float) -> list[_Cand]:
        """The loop of :meth:`_splits` in pure Python (the reference for the kernel):
        every position whose two pieces are frequent enough, ``cost`` charged.

        >>> lex = TokenStage(Config()).lexicon("en")
        >>> [c.word for c in lex._split_loop_py("thehouse", 3.0, 2.0)]
        ['the house']
        """
        tu = self.tuning
        n = len(key)
        out: list[_Cand] = []
        freq, extra = self.freq, self.extra
        for i in range(1, n):
            a = key[:i]
            # ``self.zipf`` inlined (this runs for every position of every form).
            za = freq.get(a)
            if za is None:
                za = extra.get(a, 0.0)
            if za < least:
                continue
            b = key[i:]
            zb = freq.get(b)
            if zb is None:
                zb = extra.get(b, 0.0)
            if min(len(a), len(b)) == 1:
                ok = min(za, zb) >= 5.5 and max(len(a), len(b)) >= 3
            else:
                ok = min(za, zb) >= tu.split_zipf
            if (
                ok
                and a not in self.protected
                and b not in self.protected
                and not self._compound(a, b)
            ):
                out.append(_Cand(f"{a} {b}", za + zb - 9.0 - cost, "split"))
        return out

    def _typing_candidates(
        self, obs: str, key: str, found: dict[str, int], max_ed: int, channel: Channel
    ) -> list[_Cand]:
        """Spelling suggestions for ``obs``: ``found`` (the index's words within
        ``max_ed``) and sound-alikes first; the typing channel's variants only when
        the best of those scores below :data:`_EXPAND_BELOW`, and words one slip
        from single-rewrite non-words only when the best is still below it.

        Variants are searched with the prefix test (only words among them count),
        so rewrites that no word continues are never extended.
        """
        tu = self.tuning
        splits = self._splits(key)
        if not max_ed:
            found.pop(key, None)
            return self._scored(obs, found, channel) + splits
        for w in self._alikes(key):
            found.setdefault(w, max_ed + 1)
        found.pop(key, None)
        memo: dict[str, tuple[float, bool]] = {}
        cands = self._scored(obs, found, channel, memo) + splits
        if max((c.score for c in cands), default=-math.inf) >= _EXPAND_BELOW:
            return cands
        rewrites_max = min(tu.max_rewrites + 1, max_ed + 1)
        max_total = tu.rewrite_total + 1.0
        sites = channel.variant_sites(obs, tu.rewrite_cost)
        ascii_obs = obs.isascii() and channel.prefix_stable
        variants = channel.variants(
            obs,
            max_rewrites=rewrites_max,
            max_cost=tu.rewrite_cost,
            max_total=max_total,
            viable=self.viable_prefix() if ascii_obs else None,
            always_prune=ascii_obs,  # bounded all the same by the limit
            limit=_TYPING_LIMIT if ascii_obs else 2000,
            sites=sites,
        )
        args = (key, self.freq, self.extra, self.protected, found, self.normalize_key)
        triage_variants(variants, *args, min_zipf=1.5, plain_latin1=True)
        found.pop(key, None)
        cands = self._scored(obs, found, channel, memo) + splits
        if max((c.score for c in cands), default=-math.inf) >= _EXPAND_BELOW:
            return cands
        singles = channel.variants(
            obs, max_rewrites=1, max_cost=tu.rewrite_cost, max_total=max_total, sites=sites
        )
        near = triage_variants(singles, *args, min_zipf=1.5, near_below=2, plain_latin1=True)
        index = self.index
        # (``nsmallest`` is ``sorted(near)[:40]`` without sorting all of them.)
        for _c, vk, rewrites in heapq.nsmallest(_NEAR_MISSES, near):
            for w in index.within(vk, 1, {}, {}, 0.0):  # osa_distance(vk, w) <= 1
                if found.get(w, 99) > rewrites + 1:
                    found[w] = rewrites + 1
        found.pop(key, None)
        return self._scored(obs, found, channel, memo) + splits

    # -- candidates ----------------------------------------------------------
    def candidates(
        self,
        obs: str,
        max_ed: int,
        *,
        typing: bool = False,
        adapted: tuple[str, Channel] | None = None,
        cache: bool = True,
    ) -> tuple[_Cand, ...]:
        """Scored repairs of one observed form, context-free (cached per language
        unless ``cache`` is false).

        ``typing`` selects the error model for a word known to be misspelled
        by a typist (spelling suggestions) and searches a little further;
        ``adapted`` is a corpus's channel and its cache tag.
        """
        tag = adapted[0] if adapted is not None else ""
        ck = f"{max_ed}{'t' if typing else 'o'}{tag}\x00{obs}"
        if cache:
            cached = self.analysis.get(ck)
            if cached is not None:
                return cached
        tu = self.tuning
        channel = self.typing_channel if typing else self.channel
        if adapted is not None:
            channel = adapted[1]
        key = self.normalize_key(obs)
        n = len(key)
        ed = 0 if n <= 2 else 1 if n <= 4 else 2
        ed = min(ed, max_ed)
        found: dict[str, int] = {}  # word -> edit operations
        index = self.index
        if ed and key.isalpha():
            # Rarer words are indexed (and accepted) within one edit only.
            found = index.within(key, ed, self.freq, self.extra, tu.known_zipf)
        result: tuple[_Cand, ...]
        if (
            typing
            and max_ed
            and self._compiled
            and channel._k is not None
            and index._k is not None
            and tu.max_rewrites < 64
        ):
            # :meth:`_typing_candidates` and the order below in one compiled call.
            ascii_obs = obs.isascii() and channel.prefix_stable
            result = kernel.search_typing(  # type: ignore[union-attr]
                obs,
                key,
                found,
                self._alikes(key),
                max_ed + 1,
                channel.reverse,
                channel._max_rev,
                tu.rewrite_cost,
                min(tu.max_rewrites + 1, max_ed + 1),
                tu.rewrite_total + 1.0,
                self.viable_prefix() if ascii_obs else None,
                ascii_obs,
                _TYPING_LIMIT if ascii_obs else 2000,
                self.freq,
                self.extra,
                self.protected,
                self.normalize_key,
                channel._k,
                tu.max_candidates,
                self._splits(key),
                _Cand,
                _EXPAND_BELOW,
                _NEAR_MISSES,
                index._k,
                _TOP_CANDIDATES,
            )
        elif (
            not typing
            and max_ed
            and self._compiled
            and channel._k is not None
            and tu.max_rewrites <= 64
        ):
            # The rest of the search below in one compiled call (same candidates).
            viable = self.viable_prefix() if obs.isascii() and channel.prefix_stable else None
            result = kernel.search(  # type: ignore[union-attr]
                obs,
                key,
                found,
                self._alikes(key),
                max_ed + 1,
                channel.reverse,
                channel._max_rev,
                min(tu.max_rewrites, max_ed),
                tu.rewrite_cost,
                tu.rewrite_total,
                viable,
                2000,  # Channel.variants' default limit
                self.freq,
                self.extra,
                self.protected,
                self.normalize_key,
                channel._k,
                tu.max_candidates,
                self._splits(key),
                _Cand,
                _TOP_CANDIDATES,
            )
        else:
            result = self._search_py(obs, key, found, max_ed, typing, channel)
        if cache:
            self.analysis.put(ck, result)
        return result

    def _search_py(
        self,
        obs: str,
        key: str,
        found: dict[str, int],
        max_ed: int,
        typing: bool,
        channel: Channel,
    ) -> tuple[_Cand, ...]:
        """The search of :meth:`candidates` after the index lookup, in pure Python
        (the reference of ``_kernel.search`` and ``_kernel.search_typing``)."""
        tu = self.tuning
        if typing:
            cands = self._typing_candidates(obs, key, found, max_ed, channel)
        else:
            if max_ed:
                rewrites_max = min(tu.max_rewrites, max_ed)
                # Only dictionary words among the variants count: a rewritten
                # prefix no word starts with is a dead end.
                viable = self.viable_prefix() if obs.isascii() and channel.prefix_stable else None
                variants = channel.variants(
                    obs,
                    max_rewrites=rewrites_max,
                    max_cost=tu.rewrite_cost,
                    max_total=tu.rewrite_total,
                    viable=viable,
                )
                triage_variants(
                    variants,
                    key,
                    self.freq,
                    self.extra,
                    self.protected,
                    found,
                    self.normalize_key,
                    min_zipf=1.5,
                    plain_latin1=True,  # normalize_key lowercases such strings
                )
                for w in self._alikes(key):
                    found.setdefault(w, max_ed + 1)
            found.pop(key, None)
            cands = self._scored(obs, found, channel) + self._splits(key)
        cands.sort(key=lambda c: (-c.score, c.word))
        return tuple(cands[:_TOP_CANDIDATES])


@dataclass
class _Occ:
    """One suspect word (or part of a word run) in the document."""

    start: int
    end: int
    text: str
    run: int  # index of its word run
    hyphen: bool = False  # joined to a neighbouring word by a hyphen ("pre-mière")


@dataclass
class _Rule:
    out: str  # the fragment found in the corrupted tokens
    into: str  # what it stands for
    support: int
    types: int
    contradictions: int


@dataclass
class _Group:
    """All occurrences of one suspect form in a document, and its best repair."""

    obs: str
    key: str
    occs: list[_Occ]
    best: _Cand
    features: dict[str, float]
    softmax: float
    odd: int
    signature: tuple[str, str, int]
    confidence: float = 0.0
    #: A valid form the repair would replace (an old or unaccented spelling):
    #: the group still counts in the document's statistics but is never repaired.
    veto: bool = False


# Per language, letters an older spelling writes where the dictionary has
# another: in French the old acute before a mute syllable ("sacrilége" for
# "sacrilège") and the circumflex old prints put on many vowels ("aîles", "vûe");
# in Early Modern English i for j and u/v by position ("iourney", "vnto", "haue").
# (In English a circumflex is OCR noise: "hâve".)
_OLD_LETTERS: dict[str, frozenset[tuple[str, str]]] = {
    "fr": frozenset({("é", "è"), ("â", "a"), ("ê", "e"), ("î", "i"), ("ô", "o"), ("û", "u")}),
    "en": frozenset({("i", "j"), ("u", "v"), ("v", "u")}),
}
#: Endings an older orthography spells differently, per language: French
#: plurals of words in -ant/-ent dropped the t and the imperfect was written
#: -oit, -oient, -ois before 1835 ("enfans", "instrumens", "avoit"); Early
#: Modern English added a final e and doubled a final l ("himselfe",
#: "greatnesse", "bountifull"). Not after the same letter: "housee" and "halll"
#: are misreadings.
_OLD_ENDINGS: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (("ns", "nts"), ("oit", "ait"), ("oient", "aient"), ("ois", "ais")),
    "en": (("e", ""), ("ll", "l")),
}


def _base_letter(c: str) -> str:
    d = unicodedata.normalize("NFD", c)
    return d[0] if d else c


# Pure functions of a form and its repair, asked again for the same pairs in every
# document and pass that holds the form: memoized.
@functools.lru_cache(maxsize=1 << 12)
def _variant_spelling(key: str, word: str, lang: str) -> bool:
    """Whether ``key`` is ``word`` in a valid variant spelling rather than a corruption
    of it: an accent missing (old prints and capitals omit them), an old accent, or
    an older ending. Such tokens are kept: repairing them modernises the text.

    >>> _variant_spelling("necessaire", "nécessaire", "fr")
    True
    >>> _variant_spelling("aîles", "ailes", "fr"), _variant_spelling("sacrilége", "sacrilège", "fr")
    (True, True)
    >>> _variant_spelling("instrumens", "instruments", "fr")
    True
    >>> _variant_spelling("himselfe", "himself", "en")
    True
    >>> _variant_spelling("iourney", "journey", "en")
    True
    >>> _variant_spelling("lés", "les", "fr"), _variant_spelling("hâve", "have", "en")
    (False, False)
    >>> _variant_spelling("housee", "house", "en")
    False
    """
    for old, new in _OLD_ENDINGS.get(lang, ()):
        stem = key[: len(key) - len(old)]
        if key.endswith(old) and word == stem + new and stem[-1:] != old[0]:
            return True
    if len(key) != len(word) or key == word:
        return False
    letters = _OLD_LETTERS.get(lang, frozenset())
    for a, b in zip(key, word):
        if a == b or (a, b) in letters:
            continue
        if _base_letter(a) != _base_letter(b) or not (a.isascii() and not b.isascii()):
            return False  # not an old letter, nor an accent missing
    return True


def _accent_variant(key: str, word: str) -> bool:
    """Whether two different spellings differ only in their accents.

    >>> _accent_variant("télégraphié", "télégraphie"), _accent_variant("evèque", "évêque")
    (True, True)
    >>> _accent_variant("feule", "seule"), _accent_variant("nue", "nue")
    (False, False)
    """
    return (
        key != word
        and len(key) == len(word)
        and all(a == b or _base_letter(a) == _base_letter(b) for a, b in zip(key, word))
    )


def _elided(run: str) -> str:
    """The part of a word run after its last apostrophe: the word an elided article
    is attached to ("l'in" in "l'in-termédiaire").

    >>> _elided("l'in"), _elided("ad")
    ('in', 'ad')
    """
    cut = max(run.rfind(a) for a in APOSTROPHES)
    return run[cut + 1 :]


def _caps_repaired(obs: str, key: str, word: str) -> bool:
    """Whether every capital after a lowercase letter in ``obs`` lies in the part the
    repair ``word`` changes: "shaU" -> "shall" (a misread "ll"), not "McDonald".

    >>> _caps_repaired("shaU", "shau", "shall"), _caps_repaired("McDonald", "mcdonald", "macdonald")
    (True, False)
    """
    if len(key) != len(obs):
        return False
    p, s = _common_affixes(key, word)
    caps = [mt.start() + 1 for mt in _INNER_CAP_RE.finditer(obs)]
    return bool(caps) and all(p <= i < len(key) - s for i in caps)


def _common_affixes(key: str, word: str) -> tuple[int, int]:
    """Lengths of the longest common prefix and (not overlapping it) suffix.

    >>> _common_affixes("againe", "again"), _common_affixes("iudge", "judge")
    ((5, 0), (0, 4))
    """
    n, m = len(key), len(word)
    p = 0
    while p < min(n, m) and key[p] == word[p]:
        p += 1
    s = 0
    while s < min(n, m) - p and key[n - 1 - s] == word[m - 1 - s]:
        s += 1
    return p, s


def _caps_misread(g: _Group, zipf: Callable[[str], float]) -> bool:
    """Whether a group's token is a rare word written with a capital inside that its
    repair explains as a misread glyph ("aU" for "all"): its own frequency is then
    no evidence, and the confidence ignores it (``tok_zipf`` 0, as for splits)."""
    return g.best.reason != "split" and g.features.get("tok_zipf") == 0.0 and zipf(g.key) > 0


@functools.lru_cache(maxsize=1 << 12)
def _signature(key: str, word: str) -> tuple[str, str, int]:
    """The difference between a token and its repair, and where it is (0 start, 1 inside, 2 end).

    >>> _signature("againe", "again"), _signature("iudge", "judge")
    (('e', '', 2), ('i', 'j', 0))
    """
    n, m = len(key), len(word)
    p, s = _common_affixes(key, word)
    where = 0 if p == 0 else 2 if s == 0 else 1
    return key[p : n - s], word[p : m - s], where


#: Weights of the calibrated confidence (logistic regression on the features of
#: ``_Document._group``). Empty: fall back to the channel's softmax.
# Provenance: fitted by benchmarks/train_tokens.py on synthetic damage (the OCR
# prior's and textrepair.noise's glyph confusions, random character errors, lost
# accents, Wikipedia's common misspellings, broken and run-together words) applied
# to permissively licensed text: the gold of the scrapinghub (MIT) and readability
# (Apache-2.0) pages, and trafilatura's evaluation pages (Apache-2.0) for French.
# No OCR evaluation data (ICDAR 2017, BLN600) is used.
# BEGIN CONFIDENCE_WEIGHTS
CONFIDENCE_WEIGHTS: dict[str, float] = {
    "bias": -2.98906,
    "cand_zipf": 0.27942,
    "context": -0.02714,
    "cost": 0.05915,
    "digit": -1.55523,
    "doc_noise": -2.51013,
    "doc_wordlike": 1.14432,
    "doc_wordlike_share": -1.28846,
    "gap2": 0.48022,
    "hyphen": -1.02116,
    "inflected": 0.73228,
    "initial": -0.32299,
    "inner_cap": -2.85523,
    "length": 0.21511,
    "margin": 0.81824,
    "name": 1.18283,
    "ocr": 0.07519,
    "odd": -0.44077,
    "pair_rare_short": 0.48496,
    "pattern": -0.24358,
    "pattern_wordlike": 0.10164,
    "repeat": -1.17608,
    "short": 0.22035,
    "split": -1.75302,
    "split_short": -0.68667,
    "tok_zipf": -0.85782,
    "upper": 1.90118,
}
# END CONFIDENCE_WEIGHTS


# The confidence of a lone "1" read as "I" (``_Document.pronoun_ones``): the share
# of right repairs among those the rule makes on the even half of the English OCR
# dev set (ground truth "I" at the offset, by character alignment), Laplace-smoothed
# ((right + 1) / (made + 2)), in two bands of the pronoun's association with the
# next word: 25 of 26 below -0.5, 216 of 217 from it on (the held-out half is
# measured, not used).
_PRONOUN_STRONG_ASSOC = -0.5
_PRONOUN_STRONG = 0.9909
_PRONOUN_WEAK = 0.9286


def _dropped_letter(token: str, word: str, zipf: Callable[[str], float | None], gap: float) -> bool:
    """Whether ``token`` is ``word`` with one letter dropped (a typing slip) and
    ``word`` is ``gap`` Zipf units or more the more frequent.

    >>> z = {"succesfully": 2.0, "successfully": 4.5, "weka": 1.7, "weak": 4.7}.get
    >>> _dropped_letter("succesfully", "successfully", z, 2.0)
    True
    >>> _dropped_letter("weka", "weak", z, 2.0)
    False
    """
    token, word = token.lower(), word.lower()
    if len(word) != len(token) + 1:
        return False
    i = 0
    while i < len(token) and token[i] == word[i]:
        i += 1
    if token[i:] != word[i + 1 :]:
        return False
    return (zipf(word) or 0.0) - (zipf(token) or 0.0) >= gap


# Short chunks recur from document to document (and in every pass over one):
# their verdicts are kept, a bounded number of them.
_protected_chunk = functools.lru_cache(maxsize=1 << 13)(is_protected_chunk)


@functools.lru_cache(maxsize=1 << 12)
def _blocks(observed: str, intended: str) -> tuple[tuple[str, str], ...]:
    """:func:`~textrepair.candidates.confusion_blocks`, memoized: every pass over a
    document asks again for the blocks of its confident repairs (a pure function).

    >>> _blocks("rnodern", "modern")
    (('m', 'rn'),)
    """
    return tuple(confusion_blocks(observed, intended))


def _confidence(features: dict[str, float], softmax: float) -> float:
    if not CONFIDENCE_WEIGHTS:
        return softmax
    weight = CONFIDENCE_WEIGHTS.get
    z = weight("bias", 0.0)
    for k, v in features.items():
        z += weight(k, 0.0) * v
    z = max(-30.0, min(30.0, z))
    return 1.0 / (1.0 + math.exp(-z))


class _CorpusStats:
    """What ``observe`` learned for one language, in bounded memory."""

    def __init__(self, cap: int = 100_000) -> None:
        self.cap = cap
        self.docs = 0
        self.suspect_docs: Counter[str] = Counter()  # observed key -> documents containing it
        self.rule_support: Counter[tuple[str, str]] = Counter()
        self.rule_types: Counter[tuple[str, str]] = Counter()
        self.rule_contra: Counter[tuple[str, str]] = Counter()
        self.rules: set[tuple[str, str]] = set()  # rules the corpus evidence accepts
        # Corruptions seen in confident repairs: (intended, observed) fragment ->
        # repairs using it, and the fragment's occurrences in the text observed
        # since it was first seen (and in how many documents), for its rate.
        self.confusions: Counter[tuple[str, str]] = Counter()
        self.frag_text: Counter[str] = Counter()
        self.frag_docs: Counter[str] = Counter()
        self._channel: tuple[int, Channel] | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_channel"] = None  # rebuilt on demand
        return state

    def learn_confusions(self, doc: _Document) -> None:
        """Count the corruptions behind the document's confident repairs."""
        text = doc.text
        for g in doc.groups():
            if g.confidence < _LEARN_CONFIDENCE or g.best.reason == "split":
                continue
            for block in _blocks(g.obs, g.best.word):
                self.confusions[block] += 1
        for a in {a for a, _ in self.confusions}:
            if a:
                self.frag_text[a] += text.count(a)
                self.frag_docs[a] += 1
        self._channel = None

    def channel(self, base: Channel) -> tuple[str, Channel] | None:
        """The base channel with the corruptions this corpus showed repeatedly, priced
        by their rate in the corpus (``-log10`` of repairs per occurrence of the
        intended fragment); None if there are none."""
        if self._channel is None:
            learned: dict[tuple[str, str], float] = {}
            for (a, b), n in self.confusions.items():
                if n < _LEARN_MIN_COUNT or not a or not self.frag_docs[a]:
                    continue
                occurrences = self.frag_text[a] * self.docs / self.frag_docs[a]
                learned[(a, b)] = round(-math.log10(n / (occurrences + n)), 3)
            _CHANNEL_IDS[0] += 1
            self._channel = (_CHANNEL_IDS[0], base.adapted(learned)) if learned else (0, base)
        ident, ch = self._channel
        return None if not ident else (f"c{ident}", ch)

    def prune(self) -> None:
        _halve(self.suspect_docs, self.cap)
        if len(self.confusions) > self.cap:
            _halve(self.confusions, self.cap)
            intended = {a for a, _ in self.confusions}
            for frags in (self.frag_text, self.frag_docs):
                for a in list(frags):
                    if a not in intended:
                        del frags[a]
        _halve(self.rule_support, self.cap)
        for c in (self.rule_types, self.rule_contra):
            for k in list(c):
                if k not in self.rule_support:
                    del c[k]
        self.rules &= set(self.rule_support)

    def rule(self, key: tuple[str, str]) -> _Rule:
        return _Rule(
            key[0],
            key[1],
            self.rule_support.get(key, 0),
            self.rule_types.get(key, 0),
            self.rule_contra.get(key, 0),
        )


def _halve(counter: Counter[Any], cap: int) -> None:
    """Lossy counting: past ``cap`` keys, drop the rarest half; the frequent keep their counts."""
    if len(counter) > cap:
        keep = counter.most_common(cap // 2)
        counter.clear()
        counter.update(dict(keep))


def _acceptable(r: _Rule, lex: _Lexicon, tu: Tuning) -> bool:
    """Enough evidence for a rule: three or more different words repaired the same
    way; or, for fewer, a word put in place of a word (a word filter's trace) seen
    at least ``rule_min_support`` times; and few contradictions."""
    if r.contradictions > tu.rule_contradiction_ratio * r.support:
        return False
    wordy = lex.zipf(r.out) >= 2.0 and lex.zipf(r.into) >= 2.0 and len(r.into) >= 2
    return r.types >= 3 or (wordy and r.support >= tu.rule_min_support)


def _builder_source() -> bytes:
    """The source of the modules that build the cached resources: a change to
    either invalidates every cache file."""
    global _SOURCE
    if _SOURCE is None:
        from . import candidates

        parts = []
        for module in (candidates, sys.modules[__name__]):
            try:
                with open(module.__file__ or "", "rb") as f:
                    parts.append(f.read())
            except OSError:  # no source file (a frozen or compiled build): the version then
                from ._version import __version__

                parts.append(f"{module.__name__} {__version__}".encode())
        _SOURCE = b"\0".join(parts)
    return _SOURCE


_SOURCE: bytes | None = None

# Lexicons shared by every stage of the process with the same language, config and
# tuning: their index and caches are functions of those alone, so a new Repairer
# does not rebuild them (seconds per language). A few configurations at most.
_LEXICONS: dict[tuple[Any, ...], _Lexicon] = {}
_LEXICONS_MAX = 8
_LEXICONS_LOCK = threading.Lock()
# Delete indexes by (dictionary object, parameters); the entry keeps the dictionary
# alive, so its id cannot be reused while the entry exists.
_INDEXES: dict[tuple[Any, ...], tuple[dict[str, float], DeleteIndex]] = {}


def _forget_forms() -> None:
    """Empty the per-word caches of every shared lexicon, keeping the built resources.

    For benchmarks that time stages on documents another stage has seen.
    """
    with _LEXICONS_LOCK:
        for lex in _LEXICONS.values():
            for cache in (
                *(lex.status, lex.clean, lex.analysis),
                *(lex.infl_cache, lex.paradigm_cache, lex.odd_cache),
            ):
                cache.clear()
    for memoized in (_blocks, _variant_spelling, _signature, _protected_chunk):
        memoized.cache_clear()


def _shared_lexicon(lang: str, config: Config, tuning: Tuning) -> _Lexicon:
    """The cached lexicon for these settings (user dictionary files by path, size and time)."""
    try:
        files = tuple(
            (f, st.st_size, st.st_mtime_ns) for f in config.dictionary_files for st in [os.stat(f)]
        )
        key: tuple[Any, ...] = (lang, config, tuning, files)
        hash(key)
    except (OSError, TypeError, ValueError):
        return _Lexicon(lang, config, tuning)  # let the lexicon raise its own error
    with _LEXICONS_LOCK:
        lex = _LEXICONS.pop(key, None)
        if lex is None:
            lex = _Lexicon(lang, config, tuning)
            if len(_LEXICONS) >= _LEXICONS_MAX:
                del _LEXICONS[next(iter(_LEXICONS))]  # the least recently used
        _LEXICONS[key] = lex
    return lex


class TokenStage:
    """The ``tokens`` stage (see the module docstring).

    A stage object keeps its dictionaries, index and caches per language,
    and what :meth:`observe` learned from a corpus; pickling keeps only the
    latter (resources reload lazily).
    """

    name: ClassVar[str] = "tokens"

    def __init__(self, config: Config, tuning: Tuning | None = None) -> None:
        files = config.dictionary_files
        if isinstance(files, (str, bytes)) or not all(isinstance(f, str) for f in files):
            raise TypeError("dictionary_files must be a tuple of paths (str)")
        self.config = config
        self.tuning = tuning or _TUNING
        self._lexicons: dict[str, _Lexicon | None] = {}
        self._corpus: dict[str, _CorpusStats] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config, "tuning": self.tuning, "corpus": self._corpus}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.config = state["config"]
        self.tuning = state["tuning"]
        self._corpus = state["corpus"]
        self._lexicons = {}

    def lexicon(self, lang: str) -> _Lexicon | None:
        """The language's resources, or None if it has no dictionary."""
        if lang in self._lexicons:
            return self._lexicons[lang]
        from .dictionary import available_languages

        # No dictionary for the language: the stage passes text through. A
        # broken user file, by contrast, is an error worth raising.
        lex = (
            _shared_lexicon(lang, self.config, self.tuning)
            if lang in available_languages()
            else None
        )
        self._lexicons[lang] = lex
        return lex

    # ------------------------------------------------------------------ API
    def process(self, text: str, ctx: Context) -> tuple[str, list[Edit]]:
        """Repair corrupted tokens of ``text``; return the new text and the edits."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        if not text:
            return text, []
        lex = self.lexicon(ctx.lang)
        if lex is None:
            return text, []
        pair_memo: dict[Any, _PairScores | None] = {}
        # What the first pass saw of the page (its damage), for the later passes.
        page: dict[str, float] = {}
        edits = self._edits(text, lex, ctx, pair_memo, page)
        if not edits:
            return text, []
        out = apply_edits(text, edits)
        # A repair changes what the document looks like (fewer unknown words),
        # which can raise the confidence of another: repeat until nothing moves,
        # so that repairing the output again changes nothing.
        log: EditLog | None = None
        current = out
        for _ in range(_MAX_PASSES - 1):
            more = self._edits(current, lex, ctx, pair_memo, page)
            if not more:
                break
            if log is None:
                log = EditLog(text)
                log.apply(self.name, edits, out)
            current = apply_edits(current, more)
            log.apply(self.name, more, current)
        if log is None:
            return out, edits
        return log.text, log.edits()

    def observe(self, text: str, ctx: Context) -> None:
        """Learn from one corpus document: recurring unknown tokens and substitution evidence."""
        lex = self.lexicon(ctx.lang)
        if lex is None or not text:
            return
        stats = self._corpus.setdefault(ctx.lang, _CorpusStats())
        stats.docs += 1
        doc = _Document(text, lex, self.config, self.tuning, None)
        if not doc.suspects:
            return
        for key in {lex.normalize_key(observed_form(o.text)) for o in doc.suspects}:
            stats.suspect_docs[key] += 1
        stats.learn_confusions(doc)
        for rule in doc.rule_evidence():
            k = (rule.out, rule.into)
            stats.rule_support[k] += rule.support
            stats.rule_types[k] += rule.types
            stats.rule_contra[k] += rule.contradictions
            if _acceptable(stats.rule(k), lex, self.tuning):
                stats.rules.add(k)
            else:
                stats.rules.discard(k)
        stats.prune()

    def suggest(self, word: str, lang: str) -> str:
        """The best repair of a single word out of context (``word`` itself if none).

        Ignores the confidence threshold: this is the top-1 lookup that
        spelling benchmarks measure.

        >>> TokenStage(Config()).suggest("recieve", "en")
        'receive'
        """
        lex = self.lexicon(lang)
        if lex is None or not word or len(word) > _MAX_WORD:
            return word  # (no word is that long: a run of letters, not a misspelling)
        key = lex.normalize_key(word)
        if lex.zipf(key) >= self.tuning.known_zipf:
            return word
        cands = lex.candidates(observed_form(word), self.config.max_edit_distance, typing=True)
        if not cands:
            return word
        return restore_case(cands[0].word, word, lex.lang)

    # ------------------------------------------------------------ internals
    def _edits(
        self,
        text: str,
        lex: _Lexicon,
        ctx: Context,
        pair_memo: dict[Any, _PairScores | None] | None = None,
        page: dict[str, float] | None = None,
    ) -> list[Edit]:
        corpus = self._corpus.get(ctx.lang)
        doc = _Document(text, lex, self.config, self.tuning, corpus, pair_memo, page)
        edits = doc.decide()
        edits.extend(doc.punctuation_splits())
        edits.sort(key=lambda e: e.start)
        # Drop any overlap (a merge and a punctuation split touching one word).
        out: list[Edit] = []
        for e in edits:
            if out and e.start < out[-1].end:
                continue
            out.append(e)
        return out


# Fragments a _FragmentIndex answers by scanning before it builds its posting lists
# (which cost about as much as this many scans).
_SCANS_BEFORE_POSTINGS = 24


def _scan_runs_py(
    pieces: list[str], suspicious: set[str]
) -> tuple[list[tuple[int, int, str]], Iterator[int]]:
    """The word runs ``(start, end, word)`` of a split that alternates gaps and words,
    and the indices of the runs whose word is in ``suspicious`` (the reference of
    ``_kernel.scan_runs``).

    >>> runs, ks = _scan_runs_py(["", "Tbe", " ", "cat", "."], {"Tbe"})
    >>> runs, list(ks)
    ([(0, 3, 'Tbe'), (4, 7, 'cat')], [0])
    """
    # C-level calls only: the running sum of the pieces' lengths gives every boundary.
    bounds = list(accumulate(map(len, pieces)))
    runs = list(zip(bounds[0::2], bounds[1::2], pieces[1::2]))
    return runs, compress(count(), map(suspicious.__contains__, pieces[1::2]))


def _run_keys_py(
    runs: list[tuple[int, int, str]], norm_of: dict[str, str]
) -> tuple[list[str | None], set[tuple[str | None, str | None]]]:
    """The key of each run (None when ``norm_of`` lacks its word) and the set of
    adjacent key pairs (the reference of ``_kernel.run_keys``).

    >>> _run_keys_py([(0, 3, "The"), (4, 7, "cat")], {"The": "the"})
    (['the', None], {('the', None)})
    """
    keys = list(map(norm_of.get, map(itemgetter(2), runs)))
    return keys, set(pairwise(keys))


def _rule_fragments_py(
    types: dict[str, int], min_support: int
) -> tuple[dict[str, list[str]], dict[str, int], list[str]]:
    """The fragments (2 to 6 characters) of the suspect keys ``types`` (key -> count):
    the keys holding each, their total count, and the fragments odd enough to
    try as a rule's (held by three keys or more, or seen ``min_support`` times
    with one key seen that often). The reference of ``_kernel.rule_fragments``.

    >>> ft, occ, cands = _rule_fragments_py({"tbem": 1, "tbey": 3, "tben": 1}, 3)
    >>> sorted(ft["tb"]), occ["tb"], occ["em"]
    (['tbem', 'tben', 'tbey'], 5, 1)
    >>> sorted(cands)  # in three keys, or in "tbey" (seen three times)
    ['be', 'bey', 'ey', 'tb', 'tbe', 'tbey']
    """
    frag_types: dict[str, list[str]] = {}
    frag_occ: Counter[str] = Counter()
    for t, c in types.items():
        seen = {t[i : i + k] for k in range(2, 7) for i in range(len(t) - k + 1)}
        for f in seen:
            frag_types.setdefault(f, []).append(t)
            frag_occ[f] += c
    candidates = [
        f
        for f, ts in frag_types.items()
        if len(ts) >= 3 or (frag_occ[f] >= min_support and max(types[t] for t in ts) >= min_support)
    ]
    return frag_types, frag_occ, candidates


class _FragmentIndex:
    """The words of a document (key -> count) by the fragments they contain.

    Rules ask, for thousands of fragments, which words of the document contain
    one (and not another): a scan of the vocabulary each time. Posting lists of
    the words' trigrams answer a longer fragment from its rarest trigram; a
    shorter one is a scan, once per fragment (memoized).

    >>> idx = _FragmentIndex({"drones": 2, "stones": 1, "start": 3})
    >>> sorted(idx.containing("one")), idx.without("on", "one"), idx.without("st", "start")
    ([('drones', 2), ('stones', 1)], 0, 1)
    """

    __slots__ = ("_items", "_memo", "_post")

    def __init__(self, counts: dict[str, int] | Counter[str]) -> None:
        self._items = list(counts.items())
        self._post: dict[str, list[int]] | None = None  # built on the first long fragment
        self._memo: dict[str, list[tuple[str, int]]] = {}

    def _postings(self) -> dict[str, list[int]]:
        post: dict[str, list[int]] = {}
        for i, (k, _) in enumerate(self._items):
            for tri in {k[j : j + 3] for j in range(len(k) - 2)}:
                lst = post.get(tri)
                if lst is None:
                    post[tri] = [i]
                else:
                    lst.append(i)
        self._post = post
        return post

    def containing(self, frag: str) -> list[tuple[str, int]]:
        """The ``(word, count)`` pairs whose word contains ``frag`` (memoized)."""
        hit = self._memo.get(frag)
        if hit is not None:
            return hit
        items = self._items
        post = self._post
        if len(frag) < 3 or (post is None and len(self._memo) < _SCANS_BEFORE_POSTINGS):
            # (A document that asks about a few fragments only is scanned for them.)
            out = [kc for kc in items if frag in kc[0]]
        else:
            if post is None:
                post = self._postings()
            best: list[int] | None = None
            for j in range(len(frag) - 2):
                lst = post.get(frag[j : j + 3])
                if lst is None:
                    best = []
                    break
                if best is None or len(lst) < len(best):
                    best = lst
            out = [items[i] for i in best or () if frag in items[i][0]]
        self._memo[frag] = out
        return out

    def without(self, frag: str, absent: str) -> int:
        """Occurrences of the words holding ``frag`` but not ``absent``."""
        return sum(c for k, c in self.containing(frag) if absent not in k)


class _Document:
    """One document being repaired: its words, suspects, rules and decisions."""

    def __init__(
        self,
        text: str,
        lex: _Lexicon,
        config: Config,
        tuning: Tuning,
        corpus: _CorpusStats | None,
        pair_memo: dict[Any, _PairScores | None] | None = None,
        page: dict[str, float] | None = None,
    ) -> None:
        self.text = text
        #: What the passes of one ``TokenStage.process`` call share about the page
        #: as it came in: its damage (:meth:`clean_page_vetoes`), which the repairs
        #: of the earlier passes take away.
        self._page = page
        #: Word-pair scores by form and contexts, shared by the passes of one
        #: ``TokenStage.process`` call (dropped with it: memory stays bounded).
        self._pair_memo = pair_memo
        self.lex = lex
        self.config = config
        self.tuning = tuning
        self.corpus = corpus
        self.adapted = corpus.channel(lex.channel) if corpus is not None else None
        # False while a page's own channel rescores: its candidates serve this
        # page only, and kept in the shared memo they grew it page after page (#6).
        self._cache_candidates = True
        self.runs: list[tuple[int, int, str]] = []
        self.suspects: list[_Occ] = []
        self._chunk_starts: list[int] | None = None
        self._chunk_spans: list[tuple[int, int]] = []
        self._last_chunk = (0, 0)
        self._protected: dict[tuple[int, int], bool] = {}
        self._frag_index: _FragmentIndex | None = None
        self._protected_text: dict[str, bool] = {}
        self._types: tuple[Counter[str], set[str]] | None = None
        self._lowercase_types: set[str] = set()
        self._old_spelling: bool | None = None
        self._pairs: set[tuple[str | None, str | None]] | None = None
        self._run_keys: list[str | None] = []
        self._norm_of: dict[str, str] = {}  # word run -> lookup key, filled by the scan
        #: Keys of suspects also seen in the document's addresses: never repaired.
        self.named: set[str] = set()
        self._scan()

    # -- scanning --------------------------------------------------------------
    def _scan(self) -> None:
        text = self.text
        lex = self.lex
        # The clean path: one C-level scan, a set, and a cached verdict per
        # distinct word (corpora are Zipfian, so the cache answers nearly all).
        # Splitting on the (capturing) word pattern alternates gaps and words:
        # the words are ``WORD_RE.findall(text)``, and the gaps give the offsets
        # below, without a second scan.
        pieces = _WORD_SPLIT_RE.split(text)
        words = pieces[1::2]
        uniq = distinct = set(words)
        status = lex.status
        new = uniq.difference(status)
        masked: list[tuple[int, int]] = []
        if len(new) > _MASK_MIN_NEW:
            # Many new words: if long protected chunks (code, URLs, text without
            # spaces) hold them, they are never suspects; skip their checks.
            masked = self._masked_chunks()
            if masked:
                uniq = set(self._words_outside(masked))
                new = uniq.difference(status)
        for w in new:
            lex.run_status(w)
        # Words with a clean verdict, as one set difference (C-level).
        suspicious = uniq - lex.clean
        self.has_hyphen_gap = self.config.join_hyphen_breaks and "- " in text
        self.key_counts: Counter[str] = Counter()
        if not suspicious and not self.has_hyphen_gap:
            return
        run_status = lex.run_status
        norm = lex.normalize_key
        key_counts = self.key_counts
        norm_of = self._norm_of
        # Every word's key, counted (C-level map and count; a key first appears
        # with the first word that has it, as in a walk over the distinct words).
        if max(map(len, distinct), default=0) > _MAX_RUN:
            words = [w for w in words if len(w) <= _MAX_RUN]
            distinct = set(words)
        norm_of.update(zip(distinct, map(norm, distinct)))
        key_counts.update(map(norm_of.__getitem__, words))
        # The word runs with their offsets, from C-level calls only: the
        # running sum of the pieces' lengths gives every boundary.
        if kernel is not None:
            # The same tables in one compiled pass (``_kernel.scan_runs``).
            runs, ks = kernel.scan_runs(pieces, suspicious)
        else:
            runs, ks = _scan_runs_py(pieces, suspicious)
        self.runs = runs
        mi, n_masked = 0, len(masked)
        for k in ks:
            s, _, run = runs[k]
            if n_masked:
                while mi < n_masked and masked[mi][1] <= s:
                    mi += 1
                if mi < n_masked and masked[mi][0] <= s:
                    continue  # _filter_protected would drop it
            for a, b in run_status(run):
                self.suspects.append(_Occ(s + a, s + b, run[a:b], k))
        if self.suspects:
            self._filter_protected()

    def _masked_chunks(self) -> list[tuple[int, int]]:
        """Spans of the protected chunks longer than any word run, in order."""
        out = []
        for m in _LONG_CHUNK_RE.finditer(self.text):
            span = m.span()
            prot = self._protected.get(span)
            if prot is None:
                prot = self._protected[span] = is_protected_chunk(m.group())
            if prot:
                out.append(span)
        return out

    def _words_outside(self, spans: list[tuple[int, int]]) -> list[str]:
        """The words of the text outside ``spans`` (whole chunks: no word straddles one)."""
        text = self.text
        out: list[str] = []
        pos = 0
        for s, e in spans:
            out += WORD_RE.findall(text, pos, s)
            pos = e
        out += WORD_RE.findall(text, pos)
        return out

    def _filter_protected(self) -> None:
        text = self.text
        runs = self.runs
        lex = self.lex
        keep: list[_Occ] = []
        named: set[str] = set()
        n = len(text)
        # ``_kernel.spaced_piece`` is :meth:`_spaced_piece` compiled (same answers).
        spaced = kernel.spaced_piece if lex._compiled else None  # type: ignore[union-attr]
        norm, freq, extra, split_zipf = (
            lex.normalize_key,
            lex.freq,
            lex.extra,
            self.tuning.split_zipf,
        )
        for o in self.suspects:
            k = o.run
            rs, re_, run = runs[k]
            if (rs == 0 or text[rs - 1] in _PLAIN_SPACE) and (
                re_ == n or text[re_] in _PLAIN_SPACE
            ):
                # A word run between spaces is its whole chunk (no search needed).
                protected = self._span_protected((rs, re_))
            else:
                protected = self.protected_at(o.start)
            if protected:
                s, e = self.chunk(o.start)
                if is_address_chunk(text[s:e]):
                    named.add(o.text)
                continue
            # A piece of a hyphenated word ("pre-mière", "remar-quer") is no
            # word of its own: leave it when the pieces join into a word.
            if (rs > 0 and text[rs - 1] == _SOFT_HYPHEN) or text.startswith(_SOFT_HYPHEN, re_):
                # Syllables of a word written with soft hyphens ("For\xadschungs\xadpro\xadgramm"):
                # no word of their own. The encoding stage removes them first.
                continue
            joined = None
            if (
                o.start == rs
                and rs > 0
                and text[rs - 1] == "-"
                and k > 0
                and runs[k - 1][1] == rs - 1
            ):
                joined = _elided(runs[k - 1][2]) + run
            if (
                o.end == re_
                and re_ < len(text)
                and text[re_] == "-"
                and k + 1 < len(runs)
                and runs[k + 1][0] == re_ + 1
            ):
                joined = run + runs[k + 1][2] if joined is None else joined + runs[k + 1][2]
            if joined is not None:
                if lex.zipf(lex.normalize_key(joined)) > 0:
                    continue
                o.hyphen = True
            elif not self.config.join_hyphen_breaks and self._broken_piece(o):
                continue  # half of a word broken by "- ": joining is an option, not a guess
            elif (
                self._spaced_piece(o)
                if spaced is None
                else spaced(text, runs, o.run, o.start, o.end, norm, freq, extra, split_zipf)
            ):
                continue  # "fran çais": a piece of a word, not a word to replace
            lo = max(0, o.start - 8)  # both patterns need a hyphen: test for one first
            if (text.startswith("-", o.end) and _LINE_END_HYPHEN.match(text, o.end)) or (
                text.find("-", lo, o.start) >= 0 and _HYPHEN_LINE_START.search(text, lo, o.start)
            ):
                # Half of a word split at a line end that the encoding stage left
                # split: repairing one half changes how the halves may be joined.
                continue
            keep.append(o)
        # A word the document also writes in its own URLs, e-mail addresses or
        # handles ("apolut" beside https://apolut.net/) is a name there.
        self.named = {lex.normalize_key(w) for w in named}
        self.suspects = keep

    def _broken_piece(self, o: _Occ) -> bool:
        """Whether the suspect is one side of a word broken by a hyphen and a space
        ("re- quirements"): the two sides join into a dictionary word."""
        text, runs, k = self.text, self.runs, o.run
        rs, re_, run = runs[k]
        lex = self.lex
        if (
            o.start == rs
            and k > 0
            and text[rs - 2 : rs] == "- "
            and runs[k - 1][1] == rs - 2
            and lex.zipf(lex.normalize_key(_elided(runs[k - 1][2]) + run)) >= self.tuning.merge_zipf
        ):
            return True
        if (
            o.end == re_
            and k + 1 < len(runs)
            and text[re_ : re_ + 2] == "- "
            and runs[k + 1][0] == re_ + 2
        ):
            return lex.zipf(lex.normalize_key(run + runs[k + 1][2])) >= self.tuning.merge_zipf
        return False

    def _spaced_piece(self, o: _Occ) -> bool:
        """Whether the suspect is a whole word run that joins with a neighbour across one
        space into a frequent word ("ac tuellement", "fran çais"): a word broken by a
        space, whose pieces must not be repaired one by one."""
        text, runs, k = self.text, self.runs, o.run
        rs, re_, run = runs[k]
        if o.start != rs or o.end != re_:
            return False
        lex = self.lex
        t = self.tuning.split_zipf
        norm = lex.normalize_key
        # A neighbour the dictionary lacks too is left to the merge step.
        if (
            k > 0
            and run.islower()
            and runs[k - 1][1] == rs - 1
            and text[rs - 1] == " "
            and lex.zipf(norm(runs[k - 1][2])) > 0
            and lex.zipf(norm(runs[k - 1][2] + run)) >= t
        ):
            return True
        return (
            k + 1 < len(runs)
            and runs[k + 1][0] == re_ + 1
            and text[re_] == " "
            and runs[k + 1][2].islower()
            and lex.zipf(norm(runs[k + 1][2])) > 0
            and lex.zipf(norm(run + runs[k + 1][2])) >= t
        )

    def chunk(self, pos: int) -> tuple[int, int]:
        """The run of non-space characters holding ``pos``."""
        text = self.text
        last = self._last_chunk
        if last[0] <= pos < last[1]:
            return last
        if self._chunk_starts is None and 0 <= pos < len(text):
            # Found from ``pos`` outwards: a few suspects need not cost a scan
            # of the whole text. Once a long chunk shows up, the spans of all
            # are listed instead, so many queries in long chunks stay linear.
            end = _CHUNK_END_RE.match(text, pos)
            if end is not None and end.end() > pos:
                start = _CHUNK_START_RE.match(text, 0, pos)
                span = (start.start() if start is not None else pos, end.end())
                if span[1] - span[0] <= _SHORT_CHUNK:
                    self._last_chunk = span
                    return span
        if self._chunk_starts is None:
            spans = [m.span() for m in _NONSPACE_RE.finditer(self.text)]
            self._chunk_starts = [a for a, _ in spans]
            self._chunk_spans = spans
        i = bisect_right(self._chunk_starts, pos) - 1
        return self._chunk_spans[i] if i >= 0 else (pos, pos)

    def protected_at(self, pos: int) -> bool:
        """Whether ``pos`` lies in a URL, an e-mail address, a handle, a hashtag or code."""
        return self._span_protected(self.chunk(pos))

    def _span_protected(self, span: tuple[int, int]) -> bool:
        """Whether the chunk at ``span`` is protected (:meth:`protected_at`)."""
        prot = self._protected.get(span)
        if prot is None:
            # Chunks repeat: the verdict is a function of the chunk's text.
            chunk = self.text[span[0] : span[1]]
            prot = self._protected_text.get(chunk)
            if prot is None:
                # Most chunks hold nothing any protection pattern needs: the
                # kernel says so in one pass (``_kernel.plain_chunk``), the
                # patterns decide the rest.
                prot = self._protected_text[chunk] = (
                    False
                    if kernel is not None and kernel.plain_chunk(chunk)
                    else _protected_chunk(chunk)
                    if len(chunk) <= _SHORT_CHUNK
                    else is_protected_chunk(chunk)
                )
            self._protected[span] = prot
        return prot

    def _caps_line(self, pos: int) -> bool:
        """Whether the line around ``pos`` is mostly capitals (a heading, a caps passage)."""
        text = self.text
        s = text.rfind("\n", 0, pos) + 1
        e = text.find("\n", pos)
        if e < 0:
            e = len(text)
        lo, hi = max(s, pos - 150), min(e, pos + 150)
        ws = [w for w in WORD_RE.findall(text, lo, hi) if sum(c.isalpha() for c in w) >= 2]
        if len(ws) < 3:
            return False
        up = sum(1 for w in ws if case_pattern(w) == "upper")
        return up >= 0.6 * len(ws)

    def old_spelling(self) -> bool:
        """Whether the document is in an older orthography: one of its unknown
        words is a frequent word in an older ending of :data:`_OLD_ENDINGS`
        ("avoit", "enfans"). Its other word-shaped unknowns may be old spellings too.

        One-letter endings (English "-e") and words under five letters are no
        evidence: a stray letter after a word ("ande", "foll") is common OCR noise."""
        if self._old_spelling is None:
            lex = self.lex
            known = self.tuning.known_zipf
            endings = [(old, new) for old, new in _OLD_ENDINGS.get(lex.lang, ()) if len(old) > 1]

            def old_form(key: str) -> bool:
                for old, new in endings:
                    stem = key[: len(key) - len(old)]
                    if key.endswith(old) and stem[-1:] != old[0] and lex.zipf(stem + new) >= known:
                        return True
                return False

            keys = {lex.normalize_key(o.text) for o in self.suspects} if endings else set()
            self._old_spelling = any(
                len(key) >= 5 and key.isalpha() and old_form(key) for key in keys
            )
        return self._old_spelling

    # -- scoring -------------------------------------------------------------
    def _keep_score(
        self,
        obs: str,
        key: str,
        occs: list[_Occ],
        name_ctx: bool,
        upper: bool,
        repeats: bool = True,
    ) -> float:
        tu = self.tuning
        lex = self.lex
        z = lex.zipf(key)
        if z > 0:
            s = z + tu.rare_bonus
        else:
            s = tu.unknown_prior
            if key.isalpha() and lex.looks_inflected(key):
                s += tu.inflection_bonus
        if name_ctx:
            s += tu.name_bonus
        if upper:
            s += tu.upper_bonus
        n = len(occs)
        if self.corpus is not None:
            n += max(0, self.corpus.suspect_docs.get(key, 0) - 1)
        if n > 1 and repeats:
            s += min(tu.repeat_cap, tu.repeat_bonus * math.log2(n))
        if key.isalpha():
            s -= tu.odd_penalty * min(2, lex.oddness(key))
        if _DIGIT_RE.search(obs):
            s -= tu.digit_penalty
        if _INNER_CAP_RE.search(obs):
            s -= tu.inner_capital_penalty
        return s

    def _context_boost(self, word: str) -> float:
        tu = self.tuning
        n = self.key_counts.get(word, 0)
        if not n:
            return 0.0
        return min(tu.context_cap, tu.context_boost * math.log2(1 + n))

    def _neighbours(self, occs: list[_Occ]) -> tuple[Counter[str | None], Counter[str | None]]:
        """The keys of the words before and after a group's occurrences, counted."""
        if self._pairs is None:
            # Keys of the runs from the scan's table; None for overlong runs.
            if kernel is not None:
                self._run_keys, self._pairs = kernel.run_keys(self.runs, self._norm_of)
            else:
                self._run_keys, self._pairs = _run_keys_py(self.runs, self._norm_of)
        keys = self._run_keys
        last = len(keys) - 1
        left = Counter(keys[o.run - 1] for o in occs if o.run > 0)
        right = Counter(keys[o.run + 1] for o in occs if o.run < last)
        return left, right

    def _bigram_boost(
        self, word: str, neighbours: tuple[Counter[str | None], Counter[str | None]]
    ) -> float:
        """Evidence from the page's own word pairs: "ail the" where the page writes
        "all the" elsewhere (``neighbours`` from :meth:`_neighbours`)."""
        pairs = self._pairs
        assert pairs is not None  # built by _neighbours
        left, right = neighbours
        hits = sum(c for k, c in left.items() if (k, word) in pairs)
        hits += sum(c for k, c in right.items() if (word, k) in pairs)
        if not hits:
            return 0.0
        tu = self.tuning
        return min(tu.bigram_cap, tu.bigram_boost * math.log2(1 + hits))

    def _pair_totals_py(
        self, top: tuple[tuple[tuple[str | None, str | None], int], ...], cand: list[str]
    ) -> list[float]:
        """The sums of :meth:`_pair_scores`: each of ``cand``'s association with the
        contexts ``top`` (``(left, right)`` neighbours and their count), the sides
        added in order. The reference of the compiled ``pair_totals``."""
        lex = self.lex
        table = lex.pairs()
        assert table is not None  # asked only with a table
        index = table.index
        pair_row = lex.pair_row
        cap = self.tuning.pair_cap
        floor = table.min_log_count
        keys, values = table.keys, table.values
        n_keys = len(keys)
        idx = list(map(index.get, cand))
        zw = list(map(lex.freq.get, cand))
        if None in zw:  # ``lex.zipf`` inlined
            extra = lex.extra
            zw = [extra.get(w, 0.0) if z is None else z for w, z in zip(cand, zw)]
        zf: list[float] = zw  # type: ignore[assignment]  # no None left
        total = [0.0] * len(cand)
        shift = _PAIR_SHIFT
        # The most frequent contexts only: a form repeated on a long page costs
        # no more than a few lookups per candidate.
        for (left, right), k in top:
            for nb, is_left in ((left, True), (right, False)):
                if nb is None:
                    continue
                entry = pair_row(nb)
                assert entry is not None  # a neighbour only if it has a row
                n, base, lo, hi = entry
                # ``n w`` lies in the neighbour's row of keys; ``w n`` anywhere.
                if is_left:
                    pks = [None if i is None else (n << shift) | i for i in idx]
                else:
                    pks = [None if i is None else (i << shift) | n for i in idx]
                    lo, hi = 0, n_keys
                logs: list[float | None] = []
                found = False
                for pk in pks:
                    lc = None
                    if pk is not None:
                        p = bisect_left(keys, pk, lo, hi)
                        if p < hi and keys[p] == pk:
                            lc = values[p] / 100
                            found = True
                    logs.append(lc)
                if not found:
                    continue  # no candidate forms a pair on this side: it says nothing
                for j, lc in enumerate(logs):
                    if lc is None:
                        total[j] += k * min(0.0, floor + base - zf[j])
                    else:
                        total[j] += k * max(-cap, min(cap, lc + base - zf[j]))
        return total

    def _pair_scores(self, occs: list[_Occ], words: set[str], wordlike: bool) -> _PairScores | None:
        """Each candidate word's association with the group's neighbours, from the
        language's pair table, in Zipf units (log10), averaged over the occurrences.

        An occurrence's neighbours are the keys of the known words right before
        and after it (:meth:`_Lexicon.pair_row`), each None unless separated from
        it by spaces alone (a line break at most: no punctuation, no paragraph);
        both None for a word alone on its line.

        On a side where some candidate forms a pair of the table with the neighbour,
        a candidate gains or loses its pointwise association, ``log10 count(n w) -
        log10 total - (zipf(n) - 9) - (zipf(w) - 9)`` (the channel score holds
        ``zipf(w)``: together, the frequency of ``w`` after ``n``); one that forms
        none gets the most the table's smallest count allows, if below 0 ("the
        was" is rarer than chance), else 0 (rare words are missing from the table
        whatever their neighbours). A side where no candidate forms a pair says
        nothing. Each side is bounded by ``pair_cap``. None when no occurrence has
        a usable neighbour.

        Returns the score each candidate adds (ranked, weighted, with the share
        of the best association that moves the repair against keeping) and each
        candidate's own association (the confidence model's ``pair`` features).
        """
        lex = self.lex
        table = lex.pairs()
        if table is None or not words:
            return None
        index = table.index
        # No candidate in the table: nothing to rank, whatever the neighbours
        # (checked first: it needs none of them).
        known = index.keys() & words
        if not known:
            return None
        runs, text = self.runs, self.text
        last = len(runs) - 1
        norm_get = self._norm_of.get
        pair_row = lex.pair_row
        contexts: dict[tuple[str | None, str | None], int] = {}
        for o in occs:
            k = o.run
            start, end, _ = runs[k]
            # A word alone on its line (a list of tags, a menu) has no phrase around it.
            before = text[runs[k - 1][1] : start] if k > 0 else "\n"
            after = text[end : runs[k + 1][0]] if k < last else "\n"
            if "\n" in before and "\n" in after:
                continue
            left = right = None
            if k and o.start == start:
                key = norm_get(runs[k - 1][2])
                if (
                    key is not None
                    and before.isspace()
                    and before.count("\n") <= 1
                    and pair_row(key) is not None
                ):
                    left = key
            if k < last and o.end == end:
                key = norm_get(runs[k + 1][2])
                if (
                    key is not None
                    and after.isspace()
                    and after.count("\n") <= 1
                    and pair_row(key) is not None
                ):
                    right = key
            if left is not None or right is not None:
                lr = (left, right)
                contexts[lr] = contexts.get(lr, 0) + 1
        if not contexts:
            return None
        # As ``Counter.most_common(8)``: the order fixes the sums' rounding.
        top = (
            tuple(contexts.items())
            if len(contexts) == 1
            else tuple(heapq.nlargest(8, contexts.items(), key=itemgetter(1)))
        )
        # The passes over one text (TokenStage.process) and the page channel's
        # rescoring ask again for the same form in the same contexts.
        memo_key = (frozenset(words), wordlike, len(occs), top)
        memo = self._pair_memo
        if memo is not None and memo_key in memo:
            return memo[memo_key]
        tu = self.tuning
        # Words outside the table form no pair: they get the floor's term alone.
        # (A candidate's total does not depend on the others': any order will do.)
        cand = [*known, *(words - known)]
        total: list[float] | None = None
        if kernel is not None and lex._compiled:
            # The sums below compiled (same order, same doubles); None: the
            # reference's inputs are not all plain floats and small ints.
            total = kernel.pair_totals(
                top,
                cand,
                index,
                lex.freq,
                lex.extra,
                pair_row,
                table.keys,
                table.values,
                _PAIR_SHIFT,
                table.min_log_count,
                tu.pair_cap,
            )
        if total is None:
            total = self._pair_totals_py(top, cand)
        n = len(occs)
        weight = tu.pair_weight
        # Ranked against the best candidate, then a share of the best one's
        # association for all: that share alone moves the repair against keeping.
        best = max(total) / n
        gain = (tu.pair_gain_wordlike if wordlike else tu.pair_gain) * max(0.0, best)
        out = {w: weight * (v / n - best + gain) for w, v in zip(cand, total)}
        assoc = {w: v / n for w, v in zip(cand, total)}
        if memo is not None:
            memo[memo_key] = (out, assoc)
        return out, assoc

    # -- decisions ---------------------------------------------------------------
    def rules_and_merges(self) -> tuple[list[Edit], set[int]]:
        """Edits from substitution rules and merges, and the suspect offsets they handled."""
        edits: list[Edit] = []
        consumed: set[int] = set()
        min_conf = self.config.min_confidence
        # 1. Substitution rules inferred from the document (and corpus).
        repairs = self._rule_repairs()
        if repairs:
            for o in self.suspects:
                hit = repairs.get(self.lex.normalize_key(o.text))
                if hit is None or case_pattern(o.text) not in ("lower", "title"):
                    continue
                new, conf = hit
                consumed.add(o.start)
                if conf >= min_conf:
                    after = restore_case(new, o.text, self.lex.lang)
                    edits.append(
                        self._edit(o.start, o.end, o.text, after, "substitution-rule", conf)
                    )
        # 2. Merges of broken words.
        edits.extend(self._merges(consumed))
        return edits, consumed

    def decide(self) -> list[Edit]:
        edits = self.pronoun_ones()
        if not self.suspects and not self.has_hyphen_gap:
            return edits
        min_conf = self.config.min_confidence
        more, consumed = self.rules_and_merges()
        edits.extend(more)
        # 3. Per-form repairs, the same for every occurrence in the document.
        for g in self.groups(consumed):
            if g.confidence < min_conf:
                continue
            for o in g.occs:
                after = restore_case(g.best.word, o.text, self.lex.lang)
                if after != o.text:
                    edits.append(
                        self._edit(o.start, o.end, o.text, after, g.best.reason, g.confidence)
                    )
        return edits

    def pronoun_ones(self) -> list[Edit]:
        """A lone "1" the word pairs read as the pronoun "I" ("and 1 was"), English only
        (:mod:`textrepair.pronoun`); none with ``Config.repair_pronoun_one`` off.

        >>> from textrepair.stage import Context
        >>> stage, ctx = TokenStage(Config()), Context("en", Config())
        >>> stage.process("She left and 1 was glad.", ctx)[0]
        'She left and I was glad.'
        >>> stage.process("We met at 1 am.", ctx)[0]
        'We met at 1 am.'
        """
        config = self.config
        if not config.repair_pronoun_one or "1" not in self.text:
            return []
        lex = self.lex
        pronoun = PRONOUN_ONE.get(lex.lang)
        if pronoun is None or "1" in config.protected_words or pronoun in lex.protected:
            return []
        table = lex.pairs()
        if table is None:
            return []
        tu = self.tuning
        edits = []
        for start, assoc in pronoun_ones(
            self.text,
            table,
            lex.zipf,
            pronoun,
            tu.pronoun_right_min,
            tu.pronoun_left_min,
            GRAMMAR.get(lex.lang),
            tu.pronoun_person_max,
        ):
            conf = _PRONOUN_STRONG if assoc >= _PRONOUN_STRONG_ASSOC else _PRONOUN_WEAK
            if conf >= config.min_confidence:
                edits.append(self._edit(start, start + 1, "1", "I", "ocr-confusion", conf))
        return edits

    def groups(self, consumed: set[int] | frozenset[int] = frozenset()) -> list[_Group]:
        """The suspects grouped by observed form, each with its best repair and confidence."""
        by_form: dict[str, list[_Occ]] = {}
        for o in self.suspects:
            if o.start not in consumed:
                by_form.setdefault(observed_form(o.text), []).append(o)
        out: list[_Group] = []
        named = self.named
        for obs, occs in by_form.items():
            g = self._group(obs, occs)
            if g is not None:
                if named and g.key in named:
                    g.veto = True  # a name: counted in the statistics, never repaired
                out.append(g)
        if not out:
            return out
        # Systematic variation: how many other forms show the same difference
        # to their best repair ("againe"/"again", "himselfe"/"himself": an
        # old spelling, not a misreading).
        sigs = Counter(g.signature for g in out)
        n_runs = max(1, len(self.runs))
        self.clean_page_vetoes(out, n_runs)
        noise = len(self.suspects) / n_runs
        # Many word-like unknowns (old spelling, a specialised vocabulary) make a
        # document whose unknown words deserve the benefit of the doubt.
        n_wordlike = sum(1 for g in out if g.odd == 0)
        wordlike = math.log2(1 + n_wordlike)
        wordlike_share = n_wordlike / len(out)
        wordlike_sigs = Counter(g.signature for g in out if g.odd == 0)
        for g in out:
            g.features["pattern"] = math.log2(sigs[g.signature])
            g.features["pattern_wordlike"] = (
                math.log2(wordlike_sigs[g.signature]) if g.odd == 0 else 0.0
            )
            g.features["doc_noise"] = noise
            g.features["doc_wordlike"] = wordlike
            g.features["doc_wordlike_share"] = wordlike_share * wordlike
            g.confidence = 0.0 if g.veto else _confidence(g.features, g.softmax)
        if self.tuning.doc_channel_min_forms:
            self._rescore_with_doc_channel(out)
        return out

    def damage(self, groups: list[_Group], n_runs: int) -> float:
        """The share of the page's word runs that show damage: occurrences of
        lowercase suspects that are no dictionary word, or have a letter sequence no
        word has or a digit inside.

        Clean pages have few, whatever their rare words and names (English web
        pages of the development data: half at 0, 90% at 0.006 or less; the ground
        truth of the English OCR records, old spellings included: half at 0.006 or
        less), while a page of OCR has them in most paragraphs (95% of 266 English
        OCR records of 30 words or more, from the even half, at 0.011 or more).
        """
        zipf = self.lex.zipf
        n = 0
        for g in groups:
            first = g.occs[0].text
            if first.islower():
                if g.odd > 0 or zipf(g.key) == 0 or any(c.isdigit() for c in first):
                    n += len(g.occs)
            elif _caps_misread(g, zipf):
                n += len(g.occs)  # "aU", "faU": a capital read for "ll"
        return n / max(1, n_runs)

    def clean_page_vetoes(self, groups: list[_Group], n_runs: int) -> None:
        """On a page without damage (:meth:`damage` below ``Tuning.clean_page_damage``,
        ``Tuning.clean_page_min_words`` word runs or more), veto the repair of every
        rare dictionary word: there a word the dictionary knows, however rare
        ("posit", "repotting", "weka"), is far likelier what the author wrote than a
        misreading of a frequent one. Not vetoed: non-words ("recieve"), splits
        ("withthe"), repairs the page itself supports with a word pair it writes
        elsewhere ("ail the" where it writes "all the"), and typing slips: a word
        ``Tuning.clean_page_slip_gap`` Zipf units more frequent with one letter
        dropped ("succesfully", "Opinon"; not "weka", "posit", "repotting", valid
        words a letter swapped, added or changed away). In place.
        """
        limit = self.tuning.clean_page_damage
        if not limit or n_runs < self.tuning.clean_page_min_words:
            return
        damage = self.damage(groups, n_runs)
        if self._page is not None:
            # The page as it came in: a later pass sees fewer damaged words
            # because the earlier ones repaired them.
            damage = self._page["damage"] = max(damage, self._page.get("damage", 0.0))
        if damage >= limit:
            return
        neighbours = self._neighbours
        zipf = self.lex.zipf
        gap = self.tuning.clean_page_slip_gap
        for g in groups:
            if (
                not g.veto
                and g.best.reason != "split"
                and zipf(g.key) > 0
                and not (gap and _dropped_letter(g.key, g.best.word, zipf, gap))
                and not self._bigram_boost(g.best.word, neighbours(g.occs))
            ):
                g.veto = True

    def _doc_learned(self, groups: list[_Group]) -> dict[tuple[str, str], float]:
        """The corruptions this document's confident repairs show again and again (its
        print confusing "s" and "a", say), with their costs; empty if none.

        Each corruption is priced by its rate in the document, ``-log10`` of its
        repaired occurrences per occurrence of the intended fragment in the text,
        as ``Repairer.fit`` prices a corpus's.
        """
        tu = self.tuning
        min_conf = self.config.min_confidence
        forms: Counter[tuple[str, str]] = Counter()
        occurrences: Counter[tuple[str, str]] = Counter()
        for g in groups:
            if g.veto or g.confidence < min_conf or g.best.reason == "split":
                continue
            for block in set(_blocks(g.obs, g.best.word)):
                if block[0]:
                    forms[block] += 1
                    occurrences[block] += len(g.occs)
        learned: dict[tuple[str, str], float] = {}
        text = None
        for block, n in forms.items():
            if n < tu.doc_channel_min_forms:
                continue
            if text is None:
                text = self.text.lower()
            k = occurrences[block]
            learned[block] = round(-math.log10(k / (text.count(block[0]) + k)), 1)
        return learned

    def _doc_channel(self, learned: dict[tuple[str, str], float]) -> tuple[str, Channel]:
        """The channel adapted to the document's ``learned`` corruptions, and its cache tag."""
        base = self.adapted
        channel = (base[1] if base is not None else self.lex.channel).adapted(learned)
        # Documents that learn the same costs share their cached candidates.
        tag = (base[0] if base is not None else "") + "d" + repr(sorted(learned.items()))
        return tag, channel

    def _rescore_with_doc_channel(self, groups: list[_Group]) -> None:
        """Score the unsure forms again with the document's own channel (in place)."""
        min_conf = self.config.min_confidence
        if not any(not g.veto and g.confidence < min_conf for g in groups):
            return
        learned = self._doc_learned(groups)
        if not learned:
            return
        # The adapted channel differs from the base one only in entries whose
        # observed side is a learned fragment: a form holding none of them gets
        # the same alignments, variants and so the same group again, with the
        # "repeat" feature kept (no learned block can be among its confusions),
        # hence the same confidence, which never replaces the group. Such forms
        # are skipped; a learned deletion (empty observed side) applies anywhere.
        observed = {b for _, b in learned}
        todo = [
            i
            for i, g in enumerate(groups)
            if not g.veto
            and g.confidence < min_conf
            and ("" in observed or any(b in g.obs for b in observed))
        ]
        if not todo:
            return
        adapted = self._doc_channel(learned)
        corpus_channel = self.adapted
        self.adapted = adapted
        self._cache_candidates = False
        try:
            for i in todo:
                g = groups[i]
                g2 = self._group(g.obs, g.occs)
                if g2 is None or g2.veto:
                    continue
                for name in (
                    "pattern",
                    "pattern_wordlike",
                    "doc_noise",
                    "doc_wordlike",
                    "doc_wordlike_share",
                ):
                    g2.features[name] = g.features[name]
                # A form the page's own confusion explains repeats because the
                # print repeats the confusion ("waa" for every "was"): no sign of a name.
                if g2.best.reason != "split" and not learned.keys().isdisjoint(
                    _blocks(g2.obs, g2.best.word)
                ):
                    g2.features["repeat"] = 0.0
                g2.confidence = _confidence(g2.features, g2.softmax)
                if g2.confidence > g.confidence:
                    groups[i] = g2
        finally:
            self.adapted = corpus_channel
            self._cache_candidates = True

    def _rescored(
        self,
        cands: Sequence[_Cand],
        key: str,
        pattern: str,
        hyphen: bool,
        keep: float,
        tok_zipf: float,
        occs: list[_Occ],
        lang_pairs: dict[str, float] | None,
        own_forms: Collection[str],
    ) -> list[tuple[float, _Cand]]:
        """Each candidate's score in this document, as ``(score, candidate)`` in the
        candidates' order (splits the document rules out left out): the compiled
        ``rescored`` when the kernel is built, else :meth:`_rescored_py`.

        The compiled loop does the common candidate's arithmetic (the page's count of
        the word, the language's pairs) and calls back into Python for the rare paths
        (the page's word pairs of a word it writes, splits), so those stay here."""
        out: list[tuple[float, _Cand]] | None = None
        if kernel is not None:
            bigram = None
            if self.tuning.bigram_boost and pattern == "lower":
                neighbours: list[tuple[Counter[str | None], Counter[str | None]]] = []

                def bigram(word: str) -> float | None:
                    # As the reference: no boost for a dictionary word's own accent
                    # variant or paradigm form; the neighbours counted once.
                    if self._own_variant(key, word, tok_zipf):
                        return None
                    if not neighbours:
                        neighbours.append(self._neighbours(occs))
                    return self._bigram_boost(word, neighbours[0])

            def split(c: _Cand) -> float | None:
                return self._split_score(c, pattern, hyphen, keep, tok_zipf)

            tu = self.tuning
            out = kernel.rescored(
                cands,
                self.key_counts,
                tu.context_boost,
                tu.context_cap,
                bigram,
                lang_pairs,
                own_forms if tok_zipf > 0 else None,
                split,
            )
        if out is None:  # no kernel, or a score or count it leaves to Python
            out = self._rescored_py(
                cands, key, pattern, hyphen, keep, tok_zipf, occs, lang_pairs, own_forms
            )
        return out

    def _own_variant(self, key: str, word: str, tok_zipf: float) -> bool:
        """Whether ``word`` is a dictionary word's (``key``'s, of Zipf ``tok_zipf``) own
        accent variant (in a language that writes accents) or another form of its
        paradigm: the page's word pairs say which word is meant, not which form of
        it ("On télégraphié" where the page writes "On télégraphie": agreement
        decides those, not the print)."""
        lex = self.lex
        return tok_zipf > 0 and (
            (_accent_variant(key, word) and lex.writes_accents()) or word in lex.paradigm(key)
        )

    def _split_score(
        self, c: _Cand, pattern: str, hyphen: bool, keep: float, tok_zipf: float
    ) -> float | None:
        """A split candidate's score in this document, or None when it is ruled out.

        Splitting a name-like or caps token or a piece of a hyphenated word is too
        risky. A rare dictionary word is split only when two far more frequent words
        of two letters or more explain it ("itwas", "ofmy": web lists keep such
        run-together pairs as rarities), and not in a document of an older
        orthography. A one-letter piece is mostly a misread ending ("yeara",
        "thinga"). The margin leaves out the pieces' context boost: short words occur
        in every document ("whereof" is no "where of")."""
        if pattern not in ("lower", "title") or hyphen:
            return None
        a, b = c.word.split(" ")
        sc = c.score + 0.5 * (self._context_boost(a) + self._context_boost(b))
        if tok_zipf > 0 and (
            c.score < keep + self.tuning.rare_split_margin
            or min(len(a), len(b)) < 2
            or self.old_spelling()
        ):
            return None
        return sc

    def _rescored_py(
        self,
        cands: Sequence[_Cand],
        key: str,
        pattern: str,
        hyphen: bool,
        keep: float,
        tok_zipf: float,
        occs: list[_Occ],
        lang_pairs: dict[str, float] | None,
        own_forms: Collection[str],
    ) -> list[tuple[float, _Cand]]:
        """The reference of :meth:`_rescored` (the pure path runs it)."""
        pairs_apply = bool(self.tuning.bigram_boost) and pattern == "lower"
        neighbours = None
        key_counts = self.key_counts
        scored = []
        boost, cap = self.tuning.context_boost, self.tuning.context_cap
        for c in cands:
            sc = c.score
            if c.reason != "split":
                # ``self._context_boost`` inlined (it runs for every candidate).
                n = key_counts.get(c.word, 0)
                if n:
                    sc += min(cap, boost * math.log2(1 + n))
                # Every pair is of the page's own keys: a word it never writes makes
                # none. The pairs say which word is meant, not which form of it: a
                # dictionary word gains nothing for its own accent variant (in a
                # language that writes accents) or another form of its paradigm ("On
                # télégraphié" where the page writes "On télégraphie": agreement
                # decides those, not the print).
                if pairs_apply and n and not self._own_variant(key, c.word, tok_zipf):
                    if neighbours is None:
                        neighbours = self._neighbours(occs)
                    sc += self._bigram_boost(c.word, neighbours)
                # The language's pairs, with the same restraint: they tell a word from
                # another, not a rare dictionary word's form from its paradigm's.
                if lang_pairs is not None and not (tok_zipf > 0 and c.word in own_forms):
                    sc += lang_pairs.get(c.word, 0.0)
            else:
                split_sc = self._split_score(c, pattern, hyphen, keep, tok_zipf)
                if split_sc is None:
                    continue
                sc = split_sc
            scored.append((sc, c))
        return scored

    def _group(self, obs: str, occs: list[_Occ]) -> _Group | None:
        lex = self.lex
        text = self.text
        key = lex.normalize_key(obs)
        first = occs[0].text
        pattern = case_pattern(first)
        name_ctx = False
        upper = False
        initial = False
        if pattern == "upper":
            if not all(self._caps_line(o.start) for o in occs):
                return None  # an acronym or a shouted word outside a caps passage
            upper = True
        elif pattern in ("title", "mixed") and first[:1].isupper():
            name_ctx = any(not sentence_initial(text, o.start) for o in occs)
            initial = not name_ctx
        hyphen = any(o.hyphen for o in occs)
        cands = lex.candidates(
            obs,
            self.config.max_edit_distance,
            adapted=self.adapted,
            cache=self._cache_candidates,
        )
        if not cands:
            return None
        keep = self._keep_score(obs, key, occs, name_ctx, upper)
        tok_zipf = lex.zipf(key)
        # The language's word pairs (English): lowercase tokens only, as the page's.
        pair_result = (
            self._pair_scores(
                occs,
                {c.word for c in cands if c.reason != "split"},
                key.isalpha() and lex.oddness(key) == 0,
            )
            if pattern == "lower" and self.lex.pairs() is not None
            else None
        )
        lang_pairs, assoc = pair_result if pair_result is not None else (None, None)
        # The paradigm asked once, not per candidate (a pure function of ``key``).
        own_forms = lex.paradigm(key) if lang_pairs is not None and tok_zipf > 0 else ()
        scored = self._rescored(
            cands, key, pattern, hyphen, keep, tok_zipf, occs, lang_pairs, own_forms
        )
        if not scored:
            return None
        scored.sort(key=lambda x: -x[0])
        best_s, best = scored[0]
        # The best repair only restores a valid older or unaccented spelling of
        # it ("aîles", "himselfe"): kept.
        veto = best.reason != "split" and _variant_spelling(key, best.word, lex.lang)
        odd = lex.oddness(key) if key.isalpha() else 0
        # A valid form the dictionary lacks ("proscrivaient", "exceptons"): shaped
        # like a word, other forms of its paradigm are words (the repair aside),
        # and keeping it scores above the repair. The repair would put one valid
        # word for another.
        # In a document of an older orthography, such a token is taken for an
        # old spelling ("grouppe", "boulevart", "royaulmes").
        if not veto and best.reason != "split" and best_s < keep and odd == 0 and key.isalpha():
            veto = (
                tok_zipf == 0 and sum(w != best.word for w in lex.paradigm(key)) >= _PARADIGM_MIN
            ) or self.old_spelling()
        second = scored[1][0] if len(scored) > 1 else best_s - _GAP_CAP
        top = max(keep, best_s)
        mass = 10 ** (keep - top) + sum(10 ** (sc - top) for sc, _ in scored)
        softmax = 10 ** (best_s - top) / mass
        split = best.reason == "split"
        if split:
            parts = best.word.split(" ")
            cand_zipf = min(lex.zipf(p) for p in parts)
            split_short = float(min(len(p) for p in parts) <= 2)
            cost = sum(lex.zipf(p) for p in parts) - 9.0 - best.score
        else:
            cand_zipf = lex.zipf(best.word)
            split_short = 0.0
            cost = cand_zipf - best.score
        # A capital after a lowercase letter that the repair explains as a
        # misread glyph ("aU" for "all", "faU" for "fall"): the written form is
        # no rendering of the rare word its lowercase spells ("au", "fau"), so
        # that word's frequency is no evidence for keeping it.
        inner_cap = _INNER_CAP_RE.search(obs) is not None
        caps_misread = inner_cap and not split and _caps_repaired(obs, key, best.word)
        features = {
            "margin": max(-10.0, min(10.0, best_s - keep)),
            "gap2": max(0.0, min(_GAP_CAP, best_s - second)),
            "cost": min(10.0, cost),
            "cand_zipf": cand_zipf,
            # (Nor is a rare word's frequency, for the split that far outscores it.)
            "tok_zipf": 0.0 if caps_misread or split else tok_zipf,
            "odd": float(min(odd, 3)),
            "length": float(min(len(key), 15)),
            "short": float(len(key) <= 3),
            "name": float(name_ctx),
            "initial": float(initial),
            "upper": float(upper),
            "digit": float(_DIGIT_RE.search(obs) is not None),
            # A capital the repair itself replaces is a misread letter, not a name's.
            "inner_cap": float(inner_cap and not caps_misread),
            "repeat": math.log2(len(occs)),
            "inflected": float(tok_zipf == 0 and key.isalpha() and lex.looks_inflected(key)),
            "ocr": float(best.reason == "ocr-confusion"),
            "split": float(split),
            "split_short": split_short,
            "context": math.log2(1 + self.key_counts.get(best.word, 0)) if not split else 0.0,
            "hyphen": float(hyphen),
            # The language's word pairs (0 without a table, so other languages'
            # confidences are unchanged): a short rare dictionary word ("ail",
            # "waa", "hia") whose neighbours ask for a frequent word one glyph
            # away. Its margin holds a quarter of the pairs' share (it is shaped
            # like a word) and its own frequency holds the repair down.
            "pair_rare_short": 0.0,
        }
        if (
            assoc is not None
            and tok_zipf > 0
            and len(key) <= 3
            and not split
            and best.word not in own_forms
        ):
            features["pair_rare_short"] = assoc.get(best.word, 0.0)
        sig = _signature(key, best.word)
        return _Group(obs, key, occs, best, features, softmax, odd, sig, veto=veto)

    def _edit(
        self, start: int, end: int, before: str, after: str, reason: str, conf: float
    ) -> Edit:
        return Edit(start, end, before, after, "tokens", reason, round(min(1.0, max(0.0, conf)), 4))

    # -- merges --------------------------------------------------------------------
    def _merges(self, consumed: set[int]) -> list[Edit]:
        tu = self.tuning
        lex = self.lex
        text = self.text
        runs = self.runs
        if not runs:
            return []
        suspect_at = {o.start: o for o in self.suspects}
        join_hyphens = self.config.join_hyphen_breaks
        norm = lex.normalize_key
        out: list[Edit] = []
        last = len(runs) - 1
        skip_to = 0
        for k in self._merge_starts():
            if k < skip_to or k >= last:
                continue
            s1, e1, a = runs[k]
            s2, e2, b = runs[k + 1]
            gap = text[e1:s2]
            hyphen = gap == "- " and join_hyphens
            if not (gap == " " or hyphen):
                continue
            sa, sb = suspect_at.get(s1), suspect_at.get(s2)
            if sa is not None and sa.end != e1:
                sa = None
            if sb is not None and sb.end != e2:
                sb = None
            if s1 in consumed or s2 in consumed:
                continue
            # Looked up by their keys ("straße" is "strasse" in the dictionary),
            # written as they were.
            ka, kb = norm(a), norm(b)
            za, zb = lex.zipf(ka), lex.zipf(kb)
            if not hyphen and (sa is None or sb is None or za > 0 or zb > 0):
                # A space inside a word is only evident when neither piece is a word.
                continue
            if (
                not (a.isalpha() and b.isalpha())
                or not b.islower()
                or case_pattern(a) not in ("lower", "title")
            ):
                continue
            merged = a.lower() + b.lower()
            km = norm(merged)
            zm = lex.zipf(km)
            if zm < tu.merge_zipf or km in lex.protected:
                continue
            if hyphen and lex.zipf(f"{ka}-{kb}") > 0:
                continue
            if self.protected_at(s1) or self.protected_at(s2):
                continue
            keep_a = za if sa is None else self._keep_alone(a, sa)
            keep_b = zb if sb is None else self._keep_alone(b, sb)
            keep = keep_a + keep_b - 9.0
            merge = (
                zm - (tu.hyphen_merge_cost if hyphen else tu.merge_cost) + self._context_boost(km)
            )
            top = max(keep, merge)
            conf = 10 ** (merge - top) / (10 ** (merge - top) + 10 ** (keep - top))
            if conf >= self.config.min_confidence:
                after = restore_case(merged, text[s1:e2], lex.lang)
                out.append(self._edit(s1, e2, text[s1:e2], after, "merge", conf))
                consumed.add(s1)
                consumed.add(s2)
                skip_to = k + 2
        return out

    def _merge_starts(self) -> range | list[int]:
        """Indices of the runs that may start a merge, in order."""
        if self.config.join_hyphen_breaks:
            return range(len(self.runs) - 1)  # a hyphen gap needs no suspect
        # Otherwise a pair needs two suspects: only the runs holding one are
        # visited, not every word of the text.
        return sorted({o.run for o in self.suspects})

    def _keep_alone(self, word: str, occ: _Occ) -> float:
        """The best single-token outcome for a suspect (kept, or repaired on its own)."""
        obs = observed_form(word)
        key = self.lex.normalize_key(obs)
        keep = self._keep_score(obs, key, [occ], False, False)
        cands = self.lex.candidates(obs, self.config.max_edit_distance, adapted=self.adapted)
        best = max((c.score for c in cands if c.reason != "split"), default=-99.0)
        return max(keep, best)

    # -- punctuation glued between words -------------------------------------------
    def punctuation_splits(self) -> list[Edit]:
        """ "hereof,and" -> "hereof, and" when both sides are known words."""
        text = self.text
        if "," not in text and ";" not in text:
            return []
        lex = self.lex
        norm = lex.normalize_key
        out = []
        t = self.tuning.known_zipf
        for m in _PUNCT_SPLIT_RE.finditer(text):
            p = m.start()
            cs, ce = self.chunk(p)
            if ce - cs > _MAX_WORD * 2 + 1:
                continue
            left = WORD_RE.findall(text, cs, p)
            right = WORD_RE.findall(text, p + 1, ce)
            if len(left) != 1 or len(right) != 1 or self.protected_at(p):
                continue
            if lex.zipf(norm(left[0])) >= t and lex.zipf(norm(right[0])) >= t:
                out.append(self._edit(p, p + 1, text[p], text[p] + " ", "split", 0.9))
        return out

    # -- substitution rules ----------------------------------------------------------
    def _rule_types(self) -> Counter[str]:
        """Suspects that may carry a substituted fragment: unknown, alphabetic, lowercase
        (or capitalised only because they start a sentence), four letters or more."""
        if self._types is not None:  # the suspects do not change: computed once
            self._lowercase_types = set(self._types[1])
            return Counter(self._types[0])
        types: Counter[str] = Counter()
        self._lowercase_types = set()
        for o in self.suspects:
            if o.text.isalpha() and len(o.text) >= 4:
                pat = case_pattern(o.text)
                if pat == "lower" or (pat == "title" and sentence_initial(self.text, o.start)):
                    key = self.lex.normalize_key(o.text)
                    if self.lex.zipf(key) == 0.0 and key not in self.named:
                        types[key] += 1
                        if pat == "lower":
                            self._lowercase_types.add(key)
        self._types = (Counter(types), set(self._lowercase_types))
        return types

    def rule_evidence(self) -> list[_Rule]:
        """Fragment substitutions that turn suspect words into frequent words, with their
        support (occurrences and distinct words repaired) and contradictions
        (words of the document that still hold the replaced fragment, and suspects
        holding the odd fragment that the rule does not repair).

        Only odd fragments are tried: found in three or more different suspects
        (or in one suspect seen three or more times), and no more often in the
        document's known words than in its suspects. For each place such a
        fragment sits in a suspect, the frequent words sharing what surrounds
        it give the candidate replacements.
        """
        lex = self.lex
        tu = self.tuning
        types = self._rule_types()
        if not types:
            return []
        min_support = tu.rule_min_support
        frag_types, frag_occ, candidates = (
            _rule_fragments_py(types, min_support)
            if kernel is None
            else kernel.rule_fragments(types, min_support)
        )
        if not candidates:
            return []
        frags = self._fragments()
        known: list[tuple[str, int]] | None = None
        odd = []
        for f in candidates:
            in_known = 0
            if len(f) >= 3:
                for k, c in frags.containing(f):
                    if k not in types:
                        in_known += c
            else:
                # A short fragment is common: a scan stops as soon as it is too common.
                if known is None:
                    known = [(k, c) for k, c in self.key_counts.items() if k not in types]
                for k, c in known:
                    if f in k:
                        in_known += c
                        if in_known > frag_occ[f]:
                            break
            if in_known <= frag_occ[f]:
                odd.append(f)
        words, rwords = lex.frequent_sorted()
        proposals: dict[tuple[str, str], set[str]] = {}
        for f in odd:
            # Evidence from one repeated word only: the fragment must sit inside it.
            inside = len(frag_types[f]) < 3
            for t in frag_types[f]:
                if inside and t not in self._lowercase_types:
                    continue  # a capitalised word seen only at sentence starts may be a name
                for f_in in (
                    self._replacements(t, f, words, rwords, inside)
                    if kernel is None
                    else kernel.replacements(t, f, words, rwords, inside)
                ):
                    proposals.setdefault((f, f_in), set()).add(t)
        rules = []
        for (f_out, f_in), ts in proposals.items():
            if len(ts) < 2 and types[next(iter(ts))] < 2:
                continue  # one occurrence is no evidence of a rule
            support = fixed = failed = 0
            for t in frag_types[f_out]:
                c = types[t]
                if lex.zipf(t.replace(f_out, f_in)) >= tu.rule_zipf:
                    support += c
                    fixed += 1
                else:
                    failed += c
            if fixed < 2 and support < min_support:
                continue
            contradictions = failed + frags.without(f_in, f_out)
            rules.append(_Rule(f_out, f_in, support, fixed, contradictions))
        return rules

    def _fragments(self) -> _FragmentIndex:
        """The document's words indexed by fragment (built on first use)."""
        idx = self._frag_index
        if idx is None:
            idx = self._frag_index = _FragmentIndex(self.key_counts)
        return idx

    def _replacements(
        self, t: str, f: str, words: list[str], rwords: list[str], inside: bool
    ) -> set[str]:
        """What could stand where ``f`` sits in ``t``: the middles of frequent words
        that share t's text around an occurrence of ``f`` (two letters or more of it,
        on at least one side; on both sides if ``inside``). The middle differs from
        ``f`` at both ends, so the shared text is all there is. The reference of
        ``_kernel.replacements``."""
        out: set[str] = set()
        k = len(f)
        i = t.find(f)
        while i >= 0:
            pre, suf = t[:i], t[i + k :]
            lp, ls = len(pre), len(suf)
            if lp + ls >= 2 and max(lp, ls) >= 2 and (not inside or (lp and ls)):
                if lp >= ls:
                    j = bisect_left(words, pre)
                    while j < len(words) and words[j].startswith(pre):
                        w = words[j]
                        j += 1
                        if len(w) > lp + ls and w.endswith(suf):
                            out.add(w[lp : len(w) - ls])
                else:
                    rs = suf[::-1]
                    j = bisect_left(rwords, rs)
                    while j < len(rwords) and rwords[j].startswith(rs):
                        rw = rwords[j]
                        j += 1
                        if len(rw) > lp + ls and rw.endswith(pre[::-1]):
                            w = rw[::-1]
                            out.add(w[lp : len(w) - ls])
            i = t.find(f, i + 1)
        return {x for x in out if x[0] != f[0] and x[-1] != f[-1]}

    def _doc_support(self, key: tuple[str, str], types: Counter[str]) -> _Rule:
        """This document's evidence for a rule (which may be nil)."""
        f_out, f_in = key
        support = fixed = failed = 0
        for t, c in types.items():
            if f_out in t:
                if self.lex.zipf(t.replace(f_out, f_in)) >= self.tuning.rule_zipf:
                    support += c
                    fixed += 1
                else:
                    failed += c
        contra = failed + self._fragments().without(f_in, f_out)
        return _Rule(f_out, f_in, support, fixed, contra)

    def _rule_cost(self, r: _Rule) -> float:
        """``-log10`` prior of a rule given its evidence, in Zipf units.

        Short fragments are simpler hypotheses. A naive word filter or a
        careless find-and-replace puts a word in place of a word ("ass" ->
        "butt"), and what it was meant to replace is usually a common word:
        when both fragments are words, the more frequent the replaced one,
        the likelier the rule. Every distinct word repaired is a further
        witness; contradictions weigh heavily. The base cost says such a
        replacement is rare next to ordinary misreadings, which compete with
        it for every word (see :meth:`_rule_repairs`).
        """
        lex = self.lex
        wordness = 0.0
        if len(r.out) >= 2 and len(r.into) >= 2 and lex.zipf(r.out) >= 2.0:
            wordness = min(5.0, lex.zipf(r.into))
        return (
            3.0
            + 0.3 * (len(r.out) + len(r.into))
            - 0.5 * wordness
            + 3.0 * r.contradictions
            - 1.0 * math.log2(r.types)
            - 0.5 * math.log2(max(1, r.support))
        )

    def _rule_repairs(self) -> dict[str, tuple[str, float]]:
        """For each suspect key a rule explains best: (repair, confidence)."""
        if not self.suspects:
            return {}
        tu = self.tuning
        lex = self.lex
        corpus = self.corpus
        types = self._rule_types()
        evidence = {(r.out, r.into): r for r in self.rule_evidence()}
        if corpus is not None and corpus.rules:
            # Rules the corpus established apply even to a word seen once here.
            for k in corpus.rules:
                if k not in evidence and any(k[0] in t for t in types):
                    evidence[k] = self._doc_support(k, types)
        rules: list[_Rule] = []
        for k, r in evidence.items():
            if corpus is not None:
                c = corpus.rule(k)
                r = _Rule(
                    r.out,
                    r.into,
                    r.support + c.support,
                    r.types + c.types,
                    r.contradictions + c.contradictions,
                )
            if _acceptable(r, lex, tu):
                rules.append(r)
        if not rules:
            return {}
        hyps: dict[str, list[tuple[float, str]]] = {}
        for r in rules:
            cost = self._rule_cost(r)
            for t in types:
                if r.out in t:
                    new = t.replace(r.out, r.into)
                    z = lex.zipf(new)
                    if z >= tu.rule_zipf and new not in lex.protected:
                        hyps.setdefault(t, []).append((z - cost, new))
        out: dict[str, tuple[str, float]] = {}
        max_ed = self.config.max_edit_distance
        for t, hs in hyps.items():
            occs = [o for o in self.suspects if lex.normalize_key(o.text) == t]
            keep = self._keep_score(t, t, occs, False, False, repeats=False)
            # An ordinary misreading competes: systematic OCR damage ("slaok"
            # for "slack", c read as o) is no find-and-replace.
            rivals = [
                (c.score + self._context_boost(c.word), "")
                for c in lex.candidates(t, max_ed, adapted=self.adapted)
                if c.reason != "split"
            ]
            hs = hs + rivals
            best_s, best = max(hs)
            if not best:
                continue
            top = max(best_s, keep)
            mass = 10 ** (keep - top) + sum(10 ** (sc - top) for sc, _ in hs)
            out[t] = (best, 10 ** (best_s - top) / mass)
        return out
