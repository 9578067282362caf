"""The encoding stage: mojibake, entities, control and invisible characters, layout.

It turns whatever arrived into well-formed text and reports every change as
an :class:`~textrepair.edits.Edit` spanning only what changed. Mojibake is
detected and undone with ftfy's machinery (its badness heuristic, sloppy
codecs and transcoders), run line by line as ``ftfy.fix_text`` does, plus a
few extra detectors for cases ftfy misses (see :data:`EXTRA_MOJIBAKE_RE`).
Unlike ftfy's defaults, curly quotes, ligatures, full-width characters and
line breaks are kept unless the config asks; :func:`ftfy_compatible_config`
gives ftfy's own defaults.

Most corpus text needs nothing, so :meth:`EncodingStage.process` first asks
one compiled regex whether any character could need work (it starts with a
single character class, so the regex engine skips through clean text in C),
``unicodedata.is_normalized``, and two more regexes whether a line ends with
a hyphen or starts in lower case (the only way layout repair can apply); if
not, it returns the text untouched. Otherwise only the lines that regex
flags are repaired, each through the full sequence of steps until nothing
changes, as ftfy does. The result is the same as repairing every line.

>>> from textrepair.config import Config
>>> from textrepair.stage import Context
>>> stage, ctx = EncodingStage(Config()), Context("fr", Config())
>>> text, edits = stage.process("caf\\u00c3\\u00a9 &amp; cr\\u00c3\\u00a8me", ctx)
>>> text
'café & crème'
>>> [(e.before, e.after, e.reason) for e in edits]
[('Ã©', 'é', 'mojibake'), ('&amp;', '&', 'html-entity'), ('Ã¨', 'è', 'mojibake')]
>>> stage.process("l\\u2019\\u00e9t\\u00e9 \\u00ab d\\u00e9j\\u00e0 \\u00bb", ctx)  # clean
('l’été « déjà »', [])

Reason codes: ``mojibake``, ``html-entity``, ``control-char``, ``terminal-escape``,
``invisible-char``, ``surrogate``, ``normalization``, ``whitespace``,
``quotes``, ``ligature``, ``width``, ``line-break`` (this module) and
``dehyphenation``, ``unwrap`` (:mod:`textrepair.layout`). Where two steps
change the same characters the codes are joined with ``+``.

Confidence of mojibake edits is a prior by kind of repair, not a measured
probability: a whole-line UTF-8 re-decode through Latin-1/Windows-1252 is
the most certain (0.95); other code pages (0.85), embedded-sequence repair
(0.85, also Thai TIS-620), Latin-1 read as Windows-1252 (0.8), single C1
controls read as Windows-1252 (0.75), and repairs that had to guess lost
bytes (restored U+00A0, lossy sequences: minus 0.1 each) less so; lines
flagged only by textrepair's extra detectors are capped at 0.8.
Deterministic transformations (entities, control characters, normalization,
requested formatting) get 0.95 to 1.0. Layout edits: see :mod:`textrepair.layout`.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

import ftfy  # noqa: F401  (registers ftfy's "sloppy-*" codecs)
import regex
from ftfy import chardata, fixes
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES

from . import layout
from .config import Config
from .edits import Edit, EditLog
from .stage import Context

__all__ = [
    "ANCHORED_BADNESS_RE",
    "EXTRA_MOJIBAKE_RE",
    "EncodingStage",
    "ftfy_compatible_config",
    "is_mojibake",
]

STAGE = "encoding"
_LAYOUT_REASONS = frozenset({"dehyphenation", "unwrap"})
_MAX_ROUNDS = 16  # ftfy loops until nothing changes; this only guards against a cycle
_MAX_LAYOUT_ROUNDS = 4  # rounds after layout repair joined lines (usually one is enough)

# ---------------------------------------------------------------------------
# Mojibake detection
# ---------------------------------------------------------------------------


def _decoded(byte_range: Sequence[int], encoding: str) -> str:
    return bytes(byte_range).decode(encoding)


# UTF-8 continuation bytes 0x80-0xBF as they look in the code pages the extra
# detectors cover.
_CONT_1251 = re.escape(_decoded(range(0x80, 0xC0), "sloppy-windows-1251"))
_CONT_1250 = re.escape(_decoded(range(0x80, 0xC0), "sloppy-windows-1250"))
_CONT_MAC = re.escape(_decoded(range(0x80, 0xC0), "macroman"))
_CONT_437 = re.escape(_decoded(range(0x80, 0xC0), "cp437"))

#: Mojibake that ftfy's heuristic lets through, found on real text:
#: UTF-8 read as Windows-1251 inside a Latin word ("mГ©dicament"), or as
#: Windows-1250 after a lower-case letter ("voilĂ\xa0"),
#: UTF-8 read as MacRoman after a Latin word ("pi√π") or as Cyrillic
#: ("–î–æ–±—Ä–æ–µ", dashes between letters), and UTF-8 read as
#: code page 437 next to Latin words ("┬┐que"), and UTF-8 read as Thai
#: TIS-620 ("๐\x9f\x99\x82"). A Cyrillic capital or a box-drawing
#: character wedged between Latin letters, a C1 control after a Thai
#: letter, do not occur in real text.
# UTF-8 read as TIS-620 / ISO-8859-11 (Thai): a Thai character standing for a
# UTF-8 lead byte, then its continuation bytes, at least one of which became a
# C1 control (Thai text never has those): "๐\x9f\x99\x82" is 🙂.
_TIS_CONT = "\x80-\xa0\u0e01-\u0e1f"
_THAI_UTF8_RE = re.compile(
    f"[\u0e40-\u0e4f](?=[{_TIS_CONT}]?[\x80-\x9f])[{_TIS_CONT}]{{2}}"
    f"|[\u0e50-\u0e54](?=[{_TIS_CONT}]{{0,2}}[\x80-\x9f])[{_TIS_CONT}]{{3}}"
)


def _as_utf8(codec: str) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` callback: the match encoded with ``codec`` and decoded as UTF-8, or kept."""

    def undo(m: re.Match[str]) -> str:
        try:
            return m.group().encode(codec).decode("utf-8")
        except UnicodeError:
            return m.group()

    return undo


_undo_thai = _as_utf8("iso8859_11")


# UTF-8 of a letter read as Windows-1252 at the start of a word: "ÃŽle" (Île),
# "Å’uvres" (Œuvres), "ÄŒeskÃ½" (Český), "ÅžiÅŸli" (Şişli). ftfy lets about a hundred
# of these through when they begin a word: a lead byte of a letter (Ã-ß; Â leads
# symbols and controls) then a continuation
# byte that is a symbol in Windows-1252, then a lower-case letter. Left out:
# continuation bytes that real text puts between a letter and a word (no-break
# space, soft hyphen, dashes, guillemets) and a quote before "s" ("Ã’s", a plural).
_LEAD_1252 = _decoded(range(0xC3, 0xE0), "sloppy-windows-1252")
# The continuation bytes as Windows-1252 shows them, and as C1 controls (the
# same bytes read as Latin-1, which the encoding stage later maps to 1252).
_CONT_SYMBOLS = "".join(
    c
    for c in _decoded(range(0x80, 0xC0), "sloppy-windows-1252")
    + _decoded(range(0x80, 0xA0), "latin-1")
    if c not in "\xa0\xad–—«»‹›’"
)
_CAPITAL_AT_WORD_START = (
    f"(?<![^\\W_])[{re.escape(_LEAD_1252)}](?:[{re.escape(_CONT_SYMBOLS)}]|’(?!s))(?=[a-zß-ÿ])"
)

_CAPITAL_AT_WORD_START_RE = re.compile(_CAPITAL_AT_WORD_START)

_undo_1252_pair = _as_utf8("sloppy-windows-1252")


EXTRA_MOJIBAKE_RE = re.compile(
    f"[a-z][ГДЕ][{_CONT_1251}][a-z]"
    f"|[a-z]Ă[{_CONT_1250}]"
    f"|[A-Za-z]{{2}}√[{_CONT_MAC}](?![^\\sa-z.,;:!?'\")])"
    f"|[–—][{_CONT_MAC}][–—][{_CONT_MAC}]"
    f"|[┬├][{_CONT_437}][a-z]{{2}}"
    f"|[A-Za-z]{{2}}[┬├][{_CONT_437}](?![─-╿▀-▟])"
    f"|{_THAI_UTF8_RE.pattern}"
    f"|{_CAPITAL_AT_WORD_START}"
)


def _badness_branches() -> list[tuple[str, str]]:
    """ftfy's BADNESS_RE (plus the extra detectors) rewritten to start on a rare character.

    ``BADNESS_RE.search`` is slow because many of its branches start with an
    ASCII letter or a space, so it is tried almost everywhere. Here every
    branch is re-expressed around one "anchor" character it must contain,
    chosen among characters rare in clean text; the context before the
    anchor becomes a fixed-width lookbehind and the context after it a
    lookahead. The pattern starts with one character class, so the regex
    engine skips in C to the next anchor. It matches a line iff BADNESS_RE or
    EXTRA_MOJIBAKE_RE does (property-tested); on whole documents it may also
    match across a line break, which only costs a closer look at that line.
    """
    c = {k: v for k, v in MOJIBAKE_CATEGORIES.items()}
    la, ua = c["lower_accented"], c["upper_accented"]
    lc, uc = c["lower_common"], c["upper_common"]
    box, sp, ep = c["box"], c["start_punctuation"], c["end_punctuation"]
    cur, num, law, bad, c1 = c["currency"], c["numeric"], c["law"], c["bad"], c["c1"]
    kao, common = c["kaomoji"], c["common"]
    branches = [
        # (anchor class, verification after consuming the anchor)
        (c1, ""),
        (bad, f"(?<=[{bad}{la}{ua}{box}{sp}{ep}{cur}{num}{law}][{bad}])"),
        (bad, f"(?<=[a-zA-Z][{lc}{uc}][{bad}])"),
        (bad, f"(?=[{la}{ua}{box}{sp}{ep}{cur}{num}{law}])"),
        (ua, f"(?<=[{la}{lc}{box}{ep}{cur}{num}][{ua}])"),
        (f"{box}{ep}{cur}{num}", f"(?<=[{box}{ep}{cur}{num}])(?=[{la}])"),
        (cur, f"(?<=[{la}{box}{ep}][{cur}])"),
        (cur, f"(?<=\\s[{ua}][{cur}])"),
        (f"{num}{law}", f"(?<=[{ua}{box}][{num}{law}])"),
        (sp, f"(?<=[{la}{ua}{box}{cur}{ep}][{sp}])(?=[{num}])"),
        (ep, f"(?<=[{la}{ua}{cur}{num}{box}{law}][{ep}])(?=[{sp}])"),
        (sp, f"(?<=[{cur}{num}{box}][{sp}])"),
        (ua, f"(?<=[a-z][{ua}])(?=[{sp}{cur}])"),
        (box, f"(?=[{kao}])"),
        (box, f"(?<=[{la}{ua}{cur}{num}{sp}{ep}{law}][{box}])"),
        (box, f"(?=[{ep}])"),
        (f"{sp}{ep}", f"(?<=[{la}{ua}][{sp}{ep}])(?=\\w)"),
        ("Œœ", "(?<=[Œœ])(?=[^A-Za-z])"),
        ("°", f"(?<=[{ua}]°)"),
        (
            "ÂÃÎÐ",
            f"(?<=[ÂÃÎÐ])(?=[€œŠš¢£Ÿž\\xa0\\xad®©°·»{sp}{ep}–—´])",
        ),
        ("×", "(?<=×)(?=[²³])"),
        (
            "ØÙ",
            f"(?<=[ØÙ])(?=[{common}{cur}{bad}{num}{sp}ŸŠ®°µ»][ØÙ][{common}{cur}{bad}{num}{sp}ŸŠ®°µ»])",
        ),
        ("²µ¹¼½¾", "(?<=à[²µ¹¼½¾])"),
        ("√", "(?<=√)(?=[±∂†≠®™´≤≥¥µø])"),
        ("≈", "(?<=≈)(?=[°¢])"),
        ("‚", "(?<=‚)(?=Ä[ìîïòôúùû†°¢π]|[âó][àä°ê])"),
        ("Ђ", "(?<=вЂ)"),
        (
            f"{c1}{bad}{sp}{ep}{cur}°µ",
            f"(?<=[ВГРС][{c1}{bad}{sp}{ep}{cur}°µ])(?=[ВГРС])",
        ),
        ("Ђ", "(?<=ГўВЂ)(?=В.[A-Za-z ])"),
        ("Ã", "(?<=Ã)(?=[\\xa0¡])"),
        ("ÃÂ", "(?<=[a-z][ÃÂ])(?= )|(?<=[a-z]\\s[ÃÂ])(?= )"),
        ("ÃÂ", "(?<![^\\n][ÃÂ])(?<=[ÃÂ])(?= )"),
        ("Â", f"(?<=[a-z.,?!{ep}]Â)(?=[ {sp}{ep}])"),
        ("€", "(?<=β€)(?=[™\\xa0Ά\\xad®°])"),
        (
            f"{c1}{bad}{sp}{ep}{cur}°",
            f"(?<=[ΒΓΞΟ][{c1}{bad}{sp}{ep}{cur}°])(?=[ΒΓΞΟ])",
        ),
        ("€", "(?<=ā€)"),
        # textrepair's extra detectors (EXTRA_MOJIBAKE_RE)
        ("ГДЕ", f"(?<=[a-z][ГДЕ])(?=[{_CONT_1251}][a-z])"),
        ("Ă", f"(?<=[a-z]Ă)(?=[{_CONT_1250}])"),
        (
            _LEAD_1252,
            f"(?<![^\\W_][{re.escape(_LEAD_1252)}])"
            f"(?=(?:[{re.escape(_CONT_SYMBOLS)}]|’(?!s))[a-zß-ÿ])",
        ),
        ("√", f"(?<=[A-Za-z]{{2}}√)(?=[{_CONT_MAC}](?![^\\sa-z.,;:!?'\")]))"),
        ("–—", f"(?<=[–—])(?=[{_CONT_MAC}][–—][{_CONT_MAC}])"),
        (
            "┬├",
            f"(?<=[┬├])(?=[{_CONT_437}][a-z]{{2}})"
            f"|(?<=[A-Za-z]{{2}}[┬├])(?=[{_CONT_437}](?![─-╿▀-▟]))",
        ),
    ]
    return branches


def _anchored(branches: Sequence[tuple[str, str]]) -> str:
    """One pattern for (anchor class, check) pairs: an anchor, then any of the checks.

    A pair without a check matches on its anchor alone.
    """
    anchors = "".join(dict.fromkeys(a for a, _ in branches))
    plain = "".join(dict.fromkeys(a for a, v in branches if not v))
    checks = [f"(?<=[{plain}])"] if plain else []
    # Each check first makes sure the anchor is one of its own.
    checks.extend(dict.fromkeys(f"(?<=[{a}]){v}" for a, v in branches if v))
    return f"[{anchors}](?:{'|'.join(checks)})"


_BADNESS_BRANCHES = _badness_branches()
#: Matches a line iff ftfy's BADNESS_RE or EXTRA_MOJIBAKE_RE does; much faster.
ANCHORED_BADNESS_RE = re.compile(_anchored(_BADNESS_BRANCHES))


def is_mojibake(text: str) -> bool:
    """Whether ``text`` looks like it contains mojibake (ftfy's test or textrepair's extra one).

    >>> is_mojibake("caf\\u00c3\\u00a9"), is_mojibake("café"), is_mojibake("le mГ©dicament")
    (True, False, True)
    """
    return ANCHORED_BADNESS_RE.search(text) is not None


@dataclass(frozen=True)
class _Fix:
    text: str
    confidence: float


def _fix_encoding_once(text: str) -> _Fix | None:
    """One round of ftfy's ``_fix_encoding_one_step_and_explain``, with textrepair's detector.

    Mirrors ftfy 6.x step for step (same code pages, same transcoders, same
    order); the only difference is that a line flagged by
    :data:`EXTRA_MOJIBAKE_RE` is also treated as bad.
    """
    if not text or text.isascii() or not ANCHORED_BADNESS_RE.search(text):
        return None
    # Lines only the extra detectors flag get a lower confidence.
    cap = 0.8 if EXTRA_MOJIBAKE_RE.search(text) and not BADNESS_RE.search(text) else 1.0
    possible_1byte = []
    for encoding in chardata.CHARMAP_ENCODINGS:
        if not chardata.possible_encoding(text, encoding):
            continue
        possible_1byte.append(encoding)
        encoded = text.encode(encoding)
        conf = 0.95 if encoding in ("latin-1", "sloppy-windows-1252") else 0.85
        try:
            if encoding != "macroman" and chardata.ALTERED_UTF8_RE.search(encoded):
                replaced = fixes.restore_byte_a0(encoded)
                if replaced != encoded:
                    conf -= 0.1
                    encoded = replaced
            if encoding.startswith("sloppy"):
                replaced = fixes.replace_lossy_sequences(encoded)
                if replaced != encoded:
                    conf -= 0.1
                    encoded = replaced
            decoding = "utf-8-variants" if (0xED in encoded or 0xC0 in encoded) else "utf-8"
            return _Fix(encoded.decode(decoding), min(conf, cap))
        except UnicodeDecodeError:
            pass
    if _THAI_UTF8_RE.search(text):
        fixed = _THAI_UTF8_RE.sub(_undo_thai, text)
        if fixed != text:
            return _Fix(fixed, min(0.85, cap))
    if chardata.UTF8_DETECTOR_RE.search(text):
        fixed = fixes.decode_inconsistent_utf8(text)
        if fixed != text:
            return _Fix(fixed, min(0.85, cap))
    if _CAPITAL_AT_WORD_START_RE.search(text):
        # The line also holds real non-ASCII text ("Å’uvres complètes"): undo the
        # flagged pairs alone, as ftfy's decode_inconsistent_utf8 does for its own.
        fixed = _CAPITAL_AT_WORD_START_RE.sub(_undo_1252_pair, text)
        if fixed != text:
            return _Fix(fixed, min(0.8, cap))
    if "latin-1" in possible_1byte:
        # ftfy compares with "windows-1252", which its list spells "sloppy-windows-1252",
        # so this never returns; kept as is to give ftfy's results.
        if "windows-1252" in possible_1byte:  # pragma: no cover
            return None
        try:
            fixed = text.encode("latin-1").decode("windows-1252")
            if fixed != text:
                return _Fix(fixed, min(0.8, cap))
        except UnicodeDecodeError:
            pass
    if chardata.C1_CONTROL_RE.search(text):
        return _Fix(fixes.fix_c1_controls(text), min(0.75, cap))
    return None


def _fix_encoding(text: str) -> tuple[str, float]:
    """Repeat :func:`_fix_encoding_once` until nothing changes (ftfy's ``fix_encoding``)."""
    confidence = 1.0
    for _ in range(_MAX_ROUNDS):
        fix = _fix_encoding_once(text)
        if fix is None or fix.text == text:
            break
        text = fix.text
        confidence = min(confidence, fix.confidence)
    return text, confidence


# ---------------------------------------------------------------------------
# Turning a before/after pair into minimal edits
# ---------------------------------------------------------------------------

_NON_ASCII_RUNS = re.compile(r"([^\x00-\x7f]+)")
_DIFF_LIMIT = 4000  # longest changed middle given to difflib; longer becomes one edit


def _edit(start: int, before: str, after: str, reason: str, conf: float) -> Edit:
    return Edit(start, start + len(before), before, after, STAGE, reason, conf)


def _trimmed_edit(start: int, a: str, b: str, reason: str, conf: float) -> Edit:
    """One edit turning ``a`` (at ``start``) into ``b``, without their common prefix and suffix."""
    pos, before, after = _trim(start, a, b)
    return _edit(pos, before, after, reason, conf)


def _align(a: str, b: str, reason: str, conf: float) -> list[Edit]:
    """Edits turning ``a`` into ``b``, as small as the change allows.

    Mojibake repair keeps every ASCII character in place, so when both sides
    have the same ASCII skeleton each differing run of non-ASCII characters is
    one edit. Otherwise (a restored U+00A0 swallowed a space, a control
    character went) fall back to difflib on the part between the common
    prefix and suffix.
    """
    if a == b:
        return []
    pa = _NON_ASCII_RUNS.split(a)
    pb = _NON_ASCII_RUNS.split(b)
    edits: list[Edit] = []
    if len(pa) == len(pb) and pa[0::2] == pb[0::2]:
        pos = 0
        for i, (x, y) in enumerate(zip(pa, pb)):
            if i % 2 and x != y:
                edits.append(_trimmed_edit(pos, x, y, reason, conf))
            pos += len(x)
        return edits
    whole = _trimmed_edit(0, a, b, reason, conf)
    if len(whole.before) + len(whole.after) > _DIFF_LIMIT:
        return [whole]
    off = whole.start
    matcher = difflib.SequenceMatcher(None, whole.before, whole.after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            edits.append(_edit(off + i1, whole.before[i1:i2], whole.after[j1:j2], reason, conf))
    return edits


# ---------------------------------------------------------------------------
# Character-level steps. Each takes text and returns (new text, edits on it).
# ---------------------------------------------------------------------------

Step = Callable[[str], tuple[str, list[Edit]]]


def _sub(
    pattern: re.Pattern[str] | regex.Pattern[str],
    replace: Callable[[str], str],
    text: str,
    reason: str,
    conf: float,
) -> tuple[str, list[Edit]]:
    edits: list[Edit] = []
    parts: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        before = m.group()
        after = replace(before)
        if after == before:
            continue
        edits.append(_edit(m.start(), before, after, reason, conf))
        parts.append(text[pos : m.start()])
        parts.append(after)
        pos = m.end()
    if not edits:
        return text, edits
    parts.append(text[pos:])
    return "".join(parts), edits


def _unescape_entity(entity: str) -> str:
    # ftfy.fixes._unescape_fixup: known entities (and all-caps Latin ones), and
    # numeric references only when html.unescape consumes the semicolon.
    if entity in chardata.HTML_ENTITIES:
        return chardata.HTML_ENTITIES[entity]
    if entity.startswith("&#"):
        unescaped = html.unescape(entity)
        return entity if ";" in unescaped else unescaped
    return entity


def _step_entities(text: str) -> tuple[str, list[Edit]]:
    return _sub(chardata.HTML_ENTITY_RE, _unescape_entity, text, "html-entity", 0.99)


def _step_mojibake(text: str) -> tuple[str, list[Edit]]:
    fixed, conf = _fix_encoding(text)
    if fixed == text:
        return text, []
    return fixed, _align(text, fixed, "mojibake", conf)


def _c1_to_cp1252(s: str) -> str:
    return s.encode("latin-1").decode("sloppy-windows-1252")


def _step_c1(text: str) -> tuple[str, list[Edit]]:
    return _sub(chardata.C1_CONTROL_RE, _c1_to_cp1252, text, "mojibake", 0.75)


def _translate_step(table: dict[int, str], reason: str) -> Step:
    keys = "".join(re.escape(chr(k)) for k in sorted(table))
    pattern = re.compile(f"[{keys}]+")

    def step(text: str) -> tuple[str, list[Edit]]:
        return _sub(pattern, lambda s: s.translate(table), text, reason, 1.0)

    return step


_QUOTES = {
    **{cp: "'" for cp in (0x02BC, 0x2018, 0x2019, 0x201A, 0x201B)},
    **{cp: '"' for cp in range(0x201C, 0x2020)},
}
_LINE_BREAK_RE = re.compile("\r\n|[\r\u2028\u2029\x85]")


def _step_line_breaks(text: str) -> tuple[str, list[Edit]]:
    return _sub(_LINE_BREAK_RE, lambda s: "\n", text, "line-break", 1.0)


# A surrogate pair becomes its character and a lone surrogate U+FFFD, as ftfy
# does, except U+DC80-U+DCFF alone: Python's "surrogateescape" error handler
# stores undecodable bytes there, and a caller using it gets the bytes back.
_SURROGATE_RE = re.compile("[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udc7f\udd00-\udfff]")


def _surrogate(s: str) -> str:
    if len(s) == 2:
        return chr(0x10000 + (ord(s[0]) - 0xD800) * 0x400 + (ord(s[1]) - 0xDC00))
    return "\ufffd"


def _step_surrogates(text: str) -> tuple[str, list[Edit]]:
    return _sub(_SURROGATE_RE, _surrogate, text, "surrogate", 0.95)


_ANSI_RE = re.compile("\x1b\\[[0-9;]*[a-zA-Z]")


def _step_terminal(text: str) -> tuple[str, list[Edit]]:
    return _sub(_ANSI_RE, lambda s: "", text, "terminal-escape", 0.99)


# ftfy's removable controls: C0 but tab, LF, FF, CR; DEL; deprecated format
# controls U+206A-U+206F; interlinear annotation and object replacement
# U+FFF9-U+FFFC. C1 controls left after mojibake repair optionally join them.
_C0 = "\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufff9-\ufffc"
_CONTROL_RE = re.compile(f"[{_C0}]+")
_CONTROL_C1_RE = re.compile(f"[{_C0}\x80-\x9f]+")
_BOM_RE = re.compile("\ufeff+")


def _step_controls(text: str, with_c1: bool) -> tuple[str, list[Edit]]:
    text1, edits = _sub(
        _CONTROL_C1_RE if with_c1 else _CONTROL_RE, lambda s: "", text, "control-char", 0.99
    )
    if "\ufeff" not in text1:
        return text1, edits
    # The byte-order mark is removed with the controls, as ftfy does, but
    # reported as what it is: an invisible character.
    text2, bom_edits = _sub(_BOM_RE, lambda s: "", text1, "invisible-char", 0.99)
    return _compose(text, text2, edits, bom_edits)


# Zero-width space and word joiner: removed only when every neighbour is
# Latin-script text, punctuation or whitespace (or the text edge). Zero-width
# joiner and non-joiner: removed only inside a Latin word. Next to anything
# else (emoji sequences, Persian, Indic scripts, Thai, CJK) they may carry
# meaning and stay. A soft hyphen is invisible in any script; one ending a
# line is a hyphenation point that the layout step resolves, so it stays for it.
_LATIN_CTX = (
    "\x00-\u00ac\u00ae-\u024f\u1e00-\u1eff\u2000-\u200a\u2010-\u2027\u2030-\u205e\u20a0-\u20cf"
)
_LATIN_ALNUM = "0-9A-Za-z\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_INVISIBLE = (
    f"(?<![^{_LATIN_CTX}])[\u200b\u2060]+(?![^{_LATIN_CTX}])"
    f"|(?<=[{_LATIN_ALNUM}])[\u200c\u200d]+(?=[{_LATIN_ALNUM}])"
)
_INVISIBLE_RE = re.compile(_INVISIBLE + "|\u00ad+(?![ \t]*\r?\n)")
_INVISIBLE_ALL_SHY_RE = re.compile(_INVISIBLE + "|\u00ad+")


def _step_invisible(text: str, keep_line_end_shy: bool) -> tuple[str, list[Edit]]:
    pattern = _INVISIBLE_RE if keep_line_end_shy else _INVISIBLE_ALL_SHY_RE
    return _sub(pattern, lambda s: "", text, "invisible-char", 0.95)


_EXOTIC_SPACES = "\u00a0\u2000-\u200a\u202f\u205f"
_SPACE_RUN_RE = re.compile(f"[ {_EXOTIC_SPACES}]+")


def _step_whitespace(text: str) -> tuple[str, list[Edit]]:
    edits: list[Edit] = []
    parts: list[str] = []
    pos = 0
    for m in _SPACE_RUN_RE.finditer(text):
        run = m.group()
        start = m.start()
        # Indentation keeps its width; runs inside a line become one space.
        after = " " * len(run) if start == 0 or text[start - 1] == "\n" else " "
        if after == run:
            continue
        edits.append(_edit(start, run, after, "whitespace", 1.0))
        parts.append(text[pos:start])
        parts.append(after)
        pos = m.end()
    if not edits:
        return text, edits
    parts.append(text[pos:])
    return "".join(parts), edits


# NFC/NFKC never merge across an ASCII character that is followed by... anything:
# ASCII characters are starters that never compose with what precedes them.
# So normalizing each non-ASCII run together with the character before it
# normalizes the whole text.
_NORM_PIECE_RE = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")
_CLUSTER_RE = regex.compile(r"\X")
# CPython normalizes a run of combining marks in quadratic time (100,000 marks
# take minutes). No writing system stacks more than a few marks on a letter, so
# longer grapheme clusters ("zalgo" text, adversarial input) are left as they are.
_MAX_CLUSTER = 32


NormalForm = Literal["NFC", "NFKC"]


def _normalize_step(nf: NormalForm) -> Step:

    def step(text: str) -> tuple[str, list[Edit]]:
        if unicodedata.is_normalized(nf, text):
            return text, []
        changes: list[_Change] = []
        parts: list[str] = []
        pos = 0
        for m in _NORM_PIECE_RE.finditer(text):
            piece = m.group()
            if unicodedata.is_normalized(nf, piece):
                continue
            if len(piece) <= 3:  # one cluster at most: no need to split it
                done = unicodedata.normalize(nf, piece)
                changes.append(_trim(m.start(), piece, done))
            else:
                done, piece_changes = _cluster_changes(m.start(), piece, nf)
                if not piece_changes:
                    continue
                changes.extend(piece_changes)
            parts.append(text[pos : m.start()])
            parts.append(done)
            pos = m.end()
        if not changes:
            return text, []
        parts.append(text[pos:])
        return "".join(parts), _merged_edits(changes, "normalization")

    return step


# (start, before, after): an edit before it is built, cheap to merge with its neighbours.
_Change = tuple[int, str, str]


def _trim(start: int, a: str, b: str) -> _Change:
    """``a`` (at ``start``) -> ``b`` without their common prefix and suffix."""
    p = 0
    n = min(len(a), len(b))
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[-1 - s] == b[-1 - s]:
        s += 1
    return start + p, a[p : len(a) - s], b[p : len(b) - s]


def _merged_edits(changes: list[_Change], reason: str) -> list[Edit]:
    """One edit per run of changes that touch ("e\u0301e\u0301" is one change, not two).

    Keeps the number of edits, and so the time, down on text made of nothing
    but such changes.

    >>> [(e.start, e.before, e.after) for e in _merged_edits([(0, "a", "b"), (1, "c", "d")], "x")]
    [(0, 'ac', 'bd')]
    """
    edits: list[Edit] = []
    i = 0
    while i < len(changes):
        j = i + 1
        end = changes[i][0] + len(changes[i][1])
        while j < len(changes) and changes[j][0] == end:
            end += len(changes[j][1])
            j += 1
        run = changes[i:j]
        before = "".join(c[1] for c in run)
        after = "".join(c[2] for c in run)
        edits.append(_edit(run[0][0], before, after, reason, 1.0))
        i = j
    return edits


def _cluster_changes(start: int, piece: str, nf: NormalForm) -> tuple[str, list[_Change]]:
    """The normalized piece, and the grapheme clusters that change.

    When the clusters do not normalize independently, the whole piece is one
    change. Clusters longer than :data:`_MAX_CLUSTER` stay as they are.

    >>> _cluster_changes(0, "e\u0301te\u0301", "NFC")[0] == "\u00e9t\u00e9"
    True
    >>> [(s, len(b)) for s, b, _ in _cluster_changes(0, "e\u0301te\u0301", "NFC")[1]]
    [(0, 2), (3, 2)]
    """
    clusters = _CLUSTER_RE.findall(piece)
    if max(map(len, clusters)) <= _MAX_CLUSTER:
        done = unicodedata.normalize(nf, piece)
        normalized = [unicodedata.normalize(nf, c) for c in clusters]
        if "".join(normalized) != done:
            return done, [_trim(start, piece, done)]
    else:
        normalized = [
            c if len(c) > _MAX_CLUSTER else unicodedata.normalize(nf, c) for c in clusters
        ]
        done = "".join(normalized)
    changes: list[_Change] = []
    pos = start
    for c, n in zip(clusters, normalized):
        if c != n:
            changes.append((pos, c, n))
        pos += len(c)
    return done, changes


def _compose(
    original: str, final: str, first: list[Edit], second: list[Edit]
) -> tuple[str, list[Edit]]:
    """Edits on ``original`` for two successive lists of edits."""
    if not first:
        return final, second
    if not second:
        return final, first
    log = EditLog(original)
    log.apply(STAGE, first)
    log.apply(STAGE, second, final)
    return final, log.edits()


# ---------------------------------------------------------------------------
# The stage
# ---------------------------------------------------------------------------


def ftfy_compatible_config(base: Config | None = None) -> Config:
    """The options under which the stage reproduces ``ftfy.fix_text`` with ftfy's defaults.

    Quotes uncurled, Latin ligatures split, full-width characters narrowed,
    line breaks unified, NFC; C1 controls left after mojibake repair kept and
    invisible characters kept (ftfy removes only the byte-order mark, which is
    done with ``remove_control_chars``); no layout repair, no whitespace
    normalization. Differences that remain: textrepair's extra mojibake
    detectors, and lone surrogates U+DC80-U+DCFF (escaped bytes) are kept.

    >>> from textrepair.stage import Context
    >>> cfg = ftfy_compatible_config()
    >>> EncodingStage(cfg).process("\\u201cﬂuﬀy\\u201d", Context("en", cfg))[0]
    '"fluffy"'
    """
    return Config.from_options(
        base,
        fix_mojibake=True,
        unescape_html=True,
        remove_control_chars=True,
        remove_c1_controls=False,
        remove_invisible_chars=False,
        uncurl_quotes=True,
        fix_latin_ligatures=True,
        fix_character_width=True,
        fix_line_breaks=True,
        normalization="NFC",
        normalize_whitespace=False,
        dehyphenate=False,
        unwrap_lines=False,
    )


class EncodingStage:
    """Repairs encoding damage and OCR layout; see the module docstring.

    >>> from textrepair.stage import Context
    >>> cfg = Config()
    >>> stage = EncodingStage(cfg)
    >>> stage.process("a\\u200bb\\x00c &#233;", Context("und", cfg))[0]
    'abc é'
    """

    name: ClassVar[str] = "encoding"

    def __reduce__(self) -> tuple[type[EncodingStage], tuple[Config]]:
        # Compiled steps are rebuilt from the config: pickles stay small.
        return (type(self), (self.config,))

    def __init__(self, config: Config) -> None:
        if not isinstance(config, Config):
            raise TypeError(f"config must be a textrepair.Config, not {type(config).__name__}")
        self.config = config
        #: Tests set this to skip the fast path and repair every line fully.
        self._force_full = False
        cfg = config
        steps: list[Step] = []
        # (trigger characters, what must hold right after one, or "" for nothing)
        triggers: list[tuple[str, str]] = []
        if cfg.fix_mojibake:
            steps.append(_step_mojibake)
            steps.append(_step_c1)
            triggers.extend(_BADNESS_BRANCHES)
        if cfg.fix_latin_ligatures:
            steps.append(_translate_step(chardata.LIGATURES, "ligature"))
            triggers.append((_char_class(chardata.LIGATURES), ""))
        if cfg.fix_character_width:
            steps.append(_translate_step(chardata.WIDTH_MAP, "width"))
            triggers.append((_char_class(chardata.WIDTH_MAP), ""))
        if cfg.uncurl_quotes:
            steps.append(_translate_step(_QUOTES, "quotes"))
            triggers.append((_char_class(_QUOTES), ""))
        if cfg.fix_line_breaks:
            steps.append(_step_line_breaks)
            triggers.append(("\r\u2028\u2029\x85", ""))
        steps.append(_step_surrogates)
        triggers.append(("\ud800-\udfff", ""))
        if cfg.remove_control_chars:
            with_c1 = cfg.remove_c1_controls
            steps.append(_step_terminal)
            steps.append(lambda t: _step_controls(t, with_c1))
            triggers.append((_C0 + "\x1b\ufeff" + ("\x80-\x9f" if with_c1 else ""), ""))
        if cfg.remove_invisible_chars:
            keep_shy = cfg.dehyphenate
            steps.append(lambda t: _step_invisible(t, keep_shy))
            triggers.append(("\u200b-\u200d\u2060\u00ad", ""))
        if cfg.normalize_whitespace:
            steps.append(_step_whitespace)
            triggers.append((_EXOTIC_SPACES, ""))
            triggers.append((" ", "(?<= )(?= )"))
        self._norm_form: NormalForm = "NFC" if cfg.normalization == "NFC" else "NFKC"
        self._normalize = cfg.normalization is not None
        if self._normalize:
            steps.append(_normalize_step(self._norm_form))
        if cfg.unescape_html:
            triggers.append(("&", "(?<=&)(?=#?[0-9A-Za-z]{1,24};)"))
        self._steps = steps
        self._entities = cfg.unescape_html
        self._trigger = re.compile(_anchored(triggers))
        self._layout = layout.LayoutRepairer(dehyphenate=cfg.dehyphenate, unwrap=cfg.unwrap_lines)

    def process(self, text: str, ctx: Context) -> tuple[str, list[Edit]]:
        """Repair ``text``; return the new text and the edits (offsets into ``text``)."""
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        out, edits = self._round(text, ctx)
        # Reasons of edits joined in one round read "control-char+dehyphenation".
        if not edits or not any(not _LAYOUT_REASONS.isdisjoint(e.reason.split("+")) for e in edits):
            return out, edits
        # Joined lines are judged anew (a paragraph may now look different, a
        # character sequence may now span a former line break), until nothing
        # changes; without layout edits one round is already a fixpoint.
        log = EditLog(text)
        log.apply(STAGE, edits, out)
        for _ in range(_MAX_LAYOUT_ROUNDS):
            out, edits = self._round(out, ctx)
            if not edits:
                break
            log.apply(STAGE, edits, out)
        return out, log.edits()

    def _round(self, text: str, ctx: Context) -> tuple[str, list[Edit]]:
        force = self._force_full
        segments = self._segments_to_fix(text, force)
        char_edits: list[Edit] = []
        text1 = text
        if segments:
            text1, char_edits = self._fix_segments(text, segments)
        if not self._layout.enabled or not (force or self._layout.might_apply(text1)):
            return text1, char_edits
        text2, layout_edits = self._layout.repair(text1, ctx.lang, ctx.notes)
        return _compose(text, text2, char_edits, layout_edits)

    # -- character-level repair -------------------------------------------------

    def _segments_to_fix(self, text: str, force: bool) -> list[tuple[int, int]]:
        """(start, end) of the lines that may need work, in order; every line if ``force``."""
        if force:
            return _all_lines(text)
        trigger = self._trigger
        hits: list[int] = []
        m = trigger.search(text)
        while m is not None:  # one hit per line is enough: skip to the next line
            hits.append(m.start())
            end = text.find("\n", m.start())
            if end < 0:
                break
            m = trigger.search(text, end + 1)
        if self._normalize and not unicodedata.is_normalized(self._norm_form, text):
            hits.extend(self._unnormalized_lines(text))
        if not hits:
            return []
        lines: dict[int, int] = {}
        for pos in sorted(hits):
            start = text.rfind("\n", 0, pos) + 1
            if start in lines:
                continue
            end = text.find("\n", pos)
            lines[start] = len(text) if end < 0 else end + 1
        return sorted(lines.items())

    def _unnormalized_lines(self, text: str) -> list[int]:
        form = self._norm_form
        out = []
        pos = 0
        for line in text.split("\n"):
            if not unicodedata.is_normalized(form, line):
                out.append(pos)
            pos += len(line) + 1
        return out

    def _fix_segments(self, text: str, segments: list[tuple[int, int]]) -> tuple[str, list[Edit]]:
        lt = text.find("<") if self._entities else -1
        # ftfy's "auto" rule: from the first line containing "<" on, the text may be
        # markup, so entities are no longer decoded.
        entity_limit = len(text) + 1 if lt < 0 else text.rfind("\n", 0, lt) + 1
        edits: list[Edit] = []
        parts: list[str] = []
        pos = 0
        for start, end in segments:
            seg = text[start:end]
            fixed, seg_edits = self._fix_segment(seg, self._entities and start < entity_limit)
            if not seg_edits:
                continue
            parts.append(text[pos:start])
            parts.append(fixed)
            pos = end
            if start == 0:
                edits.extend(seg_edits)
                continue
            for e in seg_edits:
                edits.append(
                    Edit(
                        e.start + start,
                        e.end + start,
                        e.before,
                        e.after,
                        STAGE,
                        e.reason,
                        e.confidence,
                    )
                )
        if not edits:
            return text, edits
        parts.append(text[pos:])
        return "".join(parts), edits

    def _fix_segment(self, seg: str, entities: bool) -> tuple[str, list[Edit]]:
        """All steps, repeated until nothing changes (as ftfy's ``fix_and_explain``)."""
        steps = self._steps if not entities else [_step_entities, *self._steps]
        log: EditLog | None = None
        first: list[Edit] = []  # the edits of the only step that changed anything so far
        cur = seg
        for _ in range(_MAX_ROUNDS):
            round_start = cur
            for step in steps:
                new, edits = step(cur)
                if not edits:
                    continue
                if not first:
                    first = edits
                else:
                    if log is None:
                        log = EditLog(seg)
                        log.apply(STAGE, first, cur)
                    log.apply(STAGE, edits, new)
                cur = new
            if cur == round_start:
                break
        return cur, (log.edits() if log is not None else first)


def _char_class(table: dict[int, str]) -> str:
    return "".join(re.escape(chr(k)) for k in sorted(table))


def _all_lines(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    n = len(text)
    while pos < n:
        end = text.find("\n", pos)
        end = n if end < 0 else end + 1
        out.append((pos, end))
        pos = end
    return out
