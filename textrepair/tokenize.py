"""Word tokens for the token fixer, without losing a character of the text.

The fixer never rebuilds text from tokens: it finds word spans with
:data:`WORD_RE` and reports replacements of those spans as edits, so spacing,
punctuation and everything between words stays exactly as it was. This
module holds the small, fast helpers that decide what a span is: its case
pattern, whether it sits in a URL, an e-mail address, a handle, a hashtag or
code, and whether it starts a sentence.

>>> [m.group() for m in WORD_RE.finditer("l’Ukraine, don't 42 e-mail")]
['l’Ukraine', "don't", '42', 'e', 'mail']
>>> observed_form("Tbe"), observed_form("foUy"), observed_form("GRAFURB")
('tbe', 'foUy', 'grafurb')
>>> restore_case("the", "Tbe"), restore_case("gravure", "GRAFURB")
('The', 'GRAVURE')
"""

from __future__ import annotations

import regex

from textrepair.dictionary import normalize_key

__all__ = [
    "APOSTROPHES",
    "WORD_RE",
    "case_pattern",
    "is_address_chunk",
    "is_protected_chunk",
    "observed_form",
    "restore_case",
    "sentence_initial",
    "strip_token",
]

APOSTROPHES = "'’ʼ"

#: A word: letters, marks and digits, with inner apostrophes ("l’Ukraine", "don't").
#: Hyphens split words: the parts of "États-Unis" are looked up one by one.
WORD_RE = regex.compile(r"[\p{L}\p{M}\p{Nd}]+(?:['’ʼ][\p{L}\p{M}\p{Nd}]+)*")

_STRIP_RE = regex.compile(r"^[^\p{L}\p{M}\p{Nd}]+|[^\p{L}\p{M}\p{Nd}]+$")

# Chunks (runs of non-space) that are not prose. Each pattern is a plain
# alternation of bounded pieces, so matching stays linear on any input.
_URL_RE = regex.compile(r"(?i)[a-z][a-z0-9+.\-]{0,20}://|\bwww\.")
_DOMAIN_RE = regex.compile(
    r"(?i)[\p{L}\p{Nd}]\.(?:com|org|net|edu|gov|int|mil|io|co|info|biz|html?|php|aspx?"
    r"|pdf|txt|py|js|json|xml|csv|md|fr|uk|de|es|it|nl|be|ch|ca|us|eu|ru|jp|cn|br|au|pt)\b"
)
_CODE_RE = regex.compile(
    r"[_<>{}\[\]\\|=^~`$@]|::|->|\(\)|\p{Ll}[./]\p{Ll}\p{Ll}|\p{Ll}/\p{L}|\p{L}\d+\p{L}*\("
)
_HASHTAG_RE = regex.compile(r"^[(\[\"'“‘«]*#[\p{L}\p{Nd}]")

# What may stand between a sentence end and the next word.
_OPENERS = frozenset(" \t\"'“‘«([¿¡—–-*•·\u00a0\u2009\u202f")
_ENDERS = frozenset(".!?…:\n\r\u2029\u2028")


def strip_token(token: str) -> str:
    """``token`` without leading and trailing punctuation.

    >>> strip_token('«hello,»')
    'hello'
    """
    return _STRIP_RE.sub("", token)


def _is_caps(letters: list[str]) -> bool:
    """All capitals, or nearly: "PRÉAVlS" is a capitalised word with a misread "I"."""
    if len(letters) < 2 or not letters[0].isupper():
        return False
    lower = sum(1 for c in letters if c.islower())
    return lower == 0 or (len(letters) >= 5 and lower * 5 <= len(letters))


def case_pattern(token: str) -> str:
    """One of ``"lower"``, ``"title"``, ``"upper"``, ``"mixed"`` or ``"none"`` (no letters).

    >>> [case_pattern(t) for t in ("word", "Word", "WORD", "wOrd", "42", "I", "PRÉAVlS")]
    ['lower', 'title', 'upper', 'mixed', 'none', 'title', 'upper']
    """
    if token.isalpha():
        # Plain words take C-level string tests; anything they do not settle
        # (titlecase letters, uncased scripts, capitals inside) goes letter by letter.
        if token.islower():
            return "lower"
        if token[0].isupper() and token[1:].islower():
            return "title"
    return _letter_case_pattern(token)


def _letter_case_pattern(token: str) -> str:
    """:func:`case_pattern` by its definition, letter by letter."""
    letters = [c for c in token if c.isalpha()]
    if not letters:
        return "none"
    if not any(c.isupper() for c in letters):
        return "lower"
    if letters[0].isupper() and not any(c.isupper() for c in letters[1:]):
        return "title"
    if _is_caps(letters):
        return "upper"
    return "mixed"


def observed_form(token: str) -> str:
    """The token as the error model sees it: case that carries no evidence removed.

    All-caps and capitalised words are lowered (the capital is typography);
    inner capitals stay, because in "foUy" or "shaU" they are the trace of a
    misread "ll".
    """
    if not token:
        return token
    if _is_caps([c for c in token if c.isalpha()]):
        return token.lower()
    return token[0].lower() + token[1:]


def restore_case(word: str, token: str, lang: str | None = None) -> str:
    """``word`` (a dictionary key) in the case pattern of ``token``, spelt as ``token`` spells it.

    Keys are casefolded with their quotes straightened, as wordfreq's entries
    are: written from the key alone, a repair would also turn "schießt" into
    "schiesst" and "l’état" into "l'état". Where the token's first and last
    characters spell the key's (under :func:`~textrepair.dictionary.normalize_key`
    for ``lang``), the characters the key folds (ß, ’, ſ, final ς, and the
    vowel marks of Arabic and Hebrew) stay as the token writes them.

    >>> restore_case("folly", "foUy"), restore_case("the", "ThP")
    ('folly', 'The')
    >>> restore_case("schiesst bei", "schießtbei"), restore_case("l'état", "L’étal")
    ('schießt bei', 'L’état')
    """
    if _is_caps([c for c in token if c.isalpha()]):
        base = word.upper()
    elif token[:1].isupper():
        base = word[:1].upper() + word[1:]
    else:
        base = word
    # An ASCII token folds nothing but case; an upper() that changes the length
    # ("ŉ" -> "ʼN") would misalign the key and its cased form.
    if token.isascii() or len(base) != len(word):
        return base
    return _keep_folded(base, word, token, lang)


def _keep_folded(base: str, word: str, token: str, lang: str | None) -> str:
    """``base`` with the token's own characters where its ends spell ``word`` and fold."""
    head: list[str] = []
    i = t = 0
    while t < len(token):
        c = token[t]
        n = normalize_key(c, lang)
        if n and not word.startswith(n, i):
            break
        head.append(c if n != c.lower() else base[i : i + len(n)])
        i += len(n)
        t += 1
    tail: list[str] = []
    j, u = len(word), len(token)
    while u > t:
        c = token[u - 1]
        n = normalize_key(c, lang)
        if n and (j - len(n) < i or not word.startswith(n, j - len(n))):
            break
        tail.append(c if n != c.lower() else base[j - len(n) : j])
        j -= len(n)
        u -= 1
    out = "".join(head) + base[i:j] + "".join(reversed(tail))
    # Composition across characters (NFC, NFKC) can differ from the word's own.
    return out if normalize_key(out, lang) == normalize_key(base, lang) else base


def is_protected_chunk(chunk: str) -> bool:
    """Whether a non-space chunk is a URL, e-mail, handle, hashtag or code, never to be touched.

    >>> [is_protected_chunk(c) for c in ("https://x.org/a", "me@mail.com", "@bob", "#tag",
    ...                                   "snake_case", "f()", "a->b", "word,", "l’Ukraine")]
    [True, True, True, True, True, True, True, False, False]
    """
    if is_address_chunk(chunk) or _HASHTAG_RE.match(chunk):
        return True
    return bool(_CODE_RE.search(chunk) or _DOMAIN_RE.search(chunk))


def is_address_chunk(chunk: str) -> bool:
    """Whether a protected chunk is an address: a URL, an e-mail address or a handle.

    The words of an address are names the page gives itself ("apolut" in
    "https://apolut.net/app/"), unlike code, whose look-alikes OCR can make
    of noise ("tbe|").

    >>> [is_address_chunk(c) for c in ("https://x.org/a", "me@mail.com", "@bob", "snake_case")]
    [True, True, True, False]
    """
    return "@" in chunk or bool(_URL_RE.search(chunk))


def sentence_initial(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a sentence, a line or the text.

    >>> sentence_initial("He left. Then", 9), sentence_initial("he met Then", 7)
    (True, False)
    """
    i = start - 1
    limit = max(-1, start - 40)
    while i > limit and text[i] in _OPENERS:
        i -= 1
    if i <= limit:
        return i < 0
    return text[i] in _ENDERS
