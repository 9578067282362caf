"""Turning bytes of unknown encoding into text, for users who have bytes.

The repair functions take ``str`` only: decoding is a separate, explicit
step so that nothing is guessed silently.

>>> decode_bytes("café".encode("utf-8"))
'café'
>>> decode_bytes("café".encode("cp1252"))
'café'
>>> decode_bytes(b"\\xff\\xfeh\\x00i\\x00")
'hi'
>>> decode_bytes(b"\\xfe\\xff\\x00")  # looks like a UTF-16 mark, is not UTF-16
'þÿ\\x00'
"""

from __future__ import annotations

import codecs

import ftfy

__all__ = ["decode_bytes"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes | bytearray | memoryview, encoding: str | None = None) -> str:
    """Decode ``data`` to ``str``.

    With ``encoding`` given, decode strictly with it (``UnicodeDecodeError``
    if it does not fit). Otherwise: a byte-order mark decides; else strict
    UTF-8; else ftfy's guess among the single-byte encodings it knows
    (Windows-1252, MacRoman, ...). Undecodable bytes are never dropped: the
    last resort is Latin-1, which maps every byte to one character, so the
    encoding stage can still repair the result.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"data must be bytes, not {type(data).__name__}")
    raw = bytes(data)
    if encoding is not None:
        return raw.decode(encoding)
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                break  # a BOM-like start on bytes that are not that encoding (b"\xfe\xff\x00")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text, _ = ftfy.guess_bytes(raw)
        return text
    except UnicodeDecodeError:
        return raw.decode("latin-1")
