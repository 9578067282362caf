"""The one configuration object: every option of every stage, frozen and picklable.

>>> cfg = Config(tokens=False)
>>> cfg.tokens, cfg.encoding
(False, True)
>>> Config.from_options(None, uncurl_quotes=True).uncurl_quotes
True
>>> Config.from_options(None, colour="blue")
Traceback (most recent call last):
    ...
TypeError: unknown option 'colour'; valid options are: ...
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Config"]

_NORMALIZATIONS = (None, "NFC", "NFKC")


@dataclass(frozen=True)
class Config:
    """Every option of textrepair. Build one with keyword arguments or :meth:`from_options`.

    Options are grouped by stage; each stage reads only its own group.
    Collections are stored as ``frozenset``/``tuple`` so a config is hashable
    and pickles small (it is sent to every worker).
    """

    # --- stage switches ---
    encoding: bool = True
    boilerplate: bool = True
    tokens: bool = True

    # --- encoding stage ---
    #: Undo mojibake (text decoded with the wrong codec), through ftfy.
    fix_mojibake: bool = True
    #: Decode HTML entities left in plain text (``&amp;``, ``&#233;``); as in ftfy, not
    #: from the first line containing "<" on (the text may be markup there).
    unescape_html: bool = True
    #: Remove control characters: C0 other than tab, newline, CR and form feed; DEL;
    #: ANSI terminal escapes; the byte-order mark; U+206A-206F and U+FFF9-FFFC.
    remove_control_chars: bool = True
    #: With ``remove_control_chars``, also remove C1 controls (U+0080-009F) that mojibake
    #: repair left (ftfy keeps them).
    remove_c1_controls: bool = True
    #: Remove stray invisible characters (soft hyphen; ZWSP, word joiner, ZWJ and ZWNJ
    #: within Latin-script text); next to emoji, Persian, Indic or other scripts they stay.
    remove_invisible_chars: bool = True
    #: Replace curly quotes with straight ones (ftfy's default; off here).
    uncurl_quotes: bool = False
    #: Expand Latin ligatures such as "ﬁ" (off: they may be deliberate).
    fix_latin_ligatures: bool = False
    #: Replace full-width and half-width forms with their normal widths.
    fix_character_width: bool = False
    #: Turn CRLF, CR and Unicode line separators into "\n".
    fix_line_breaks: bool = False
    #: Unicode normalization form: "NFC", "NFKC" or None.
    normalization: str | None = "NFC"
    #: Turn non-breaking and other exotic spaces into plain spaces and collapse runs of spaces.
    normalize_whitespace: bool = False
    #: Join words hyphenated across line breaks ("inter-\nvention").
    dehyphenate: bool = True
    #: Unwrap hard-wrapped paragraphs into one line per paragraph.
    unwrap_lines: bool = True

    # --- boilerplate stage ---
    #: Keep the whole document (and say so in the result) if boilerplate removal
    #: would keep less than this share of its characters, unless the lines kept
    #: hold at least half of its paragraphs' characters (a short article on a big page).
    boilerplate_min_keep: float = 0.1
    #: Corpus mode: a line seen in at least this many documents of a group is template boilerplate.
    boilerplate_repeat_min_docs: int = 3

    # --- tokens stage ---
    #: Corrections with a confidence below this are not made.
    min_confidence: float = 0.6
    #: Largest edit distance considered for a candidate.
    max_edit_distance: int = 2
    #: Extra words that count as known (never corrected).
    extra_words: frozenset[str] = field(default_factory=frozenset)
    #: Words that are never changed and never produced by a correction.
    protected_words: frozenset[str] = field(default_factory=frozenset)
    #: Your own frequency lists (paths), merged into every language's dictionary:
    #: a domain or historical lexicon, one word per line, optionally ``<TAB>count``
    #: or ``<TAB>zipf`` (see ``Dictionary.from_file``). Checked when first used.
    dictionary_files: tuple[str, ...] = ()
    #: Join words broken by a hyphen and a space ("sub- sequently" -> "subsequently"),
    #: the trace of a line-end hyphen whose line break became a space. Off by
    #: default: diplomatic transcriptions and clean text keep such hyphens.
    join_hyphen_breaks: bool = False
    #: English: a lone "1" between words where only the pronoun fits both
    #: neighbours ("and 1 was", "1 think") is the OCR's misread "I" and becomes
    #: "I" (reason "ocr-confusion"; :mod:`textrepair.pronoun`). False leaves every
    #: number untouched.
    repair_pronoun_one: bool = True

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.type in ("bool",) and not isinstance(value, bool):
                raise TypeError(f"option {f.name!r} must be a bool, not {type(value).__name__}")
        if self.normalization not in _NORMALIZATIONS:
            raise ValueError(
                f"normalization must be one of {_NORMALIZATIONS}, not {self.normalization!r}"
            )
        for name in ("boilerplate_min_keep", "min_confidence"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                raise ValueError(f"option {name!r} must be a number in [0, 1], not {value!r}")
        if not isinstance(self.max_edit_distance, int) or not 0 <= self.max_edit_distance <= 3:
            raise ValueError(f"max_edit_distance must be 0..3, not {self.max_edit_distance!r}")
        if (
            not isinstance(self.boilerplate_repeat_min_docs, int)
            or self.boilerplate_repeat_min_docs < 2
        ):
            raise ValueError("boilerplate_repeat_min_docs must be an int >= 2")
        if isinstance(self.dictionary_files, (str, bytes)):
            raise TypeError("option 'dictionary_files' takes a collection of paths, not one path")
        if not isinstance(self.dictionary_files, tuple):
            # A list would make the config unhashable (configs are cache keys).
            object.__setattr__(self, "dictionary_files", tuple(self.dictionary_files))
        # Accept any iterable of words for the word-set options, store them frozen.
        for name in ("extra_words", "protected_words"):
            value = getattr(self, name)
            if isinstance(value, str):
                raise TypeError(f"option {name!r} takes a collection of words, not a str")
            if not isinstance(value, frozenset):
                object.__setattr__(self, name, frozenset(value))

    @classmethod
    def option_names(cls) -> tuple[str, ...]:
        """All option names, in declaration order."""
        return tuple(f.name for f in dataclasses.fields(cls))

    @classmethod
    def from_options(cls, config: Config | None = None, **options: Any) -> Config:
        """``config`` (or the defaults) with ``options`` replaced.

        Raises ``TypeError`` naming any unknown option.
        """
        if config is not None and not isinstance(config, Config):
            raise TypeError(f"config must be a textrepair.Config, not {type(config).__name__}")
        valid = cls.option_names()
        for name in options:
            if name not in valid:
                raise TypeError(f"unknown option {name!r}; valid options are: {', '.join(valid)}")
        base = config if config is not None else cls()
        return dataclasses.replace(base, **options) if options else base
