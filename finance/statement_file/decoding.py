"""The text of a CSV file: UTF-8 (with or without BOM) or Windows-1258, normalised to NFC."""

from __future__ import annotations

import re
import unicodedata

from finance.statement_file.errors import StatementEncodingInvalid

# Control characters (Unicode category Cc) other than tab, CR and LF, and the replacement mark.
_NON_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1258": "Windows-1258"}


def decode_csv(data: bytes, filename: str) -> tuple[str, str]:
    """UTF-8 (BOM → "utf-8-sig"), else Windows-1258; NFC so both spell Vietnamese the same way.

    Windows-1258 writes tone marks as separate combining characters, UTF-8 files usually
    precompose them: NFC makes "Bình Dương" one string whichever way it was saved.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _strict_utf8(data[3:], filename, offset=3), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as error:
            _refuse_broken_utf8(data, error, filename)
            text, encoding = _strict_cp1258(data, filename), "cp1258"
    _refuse_control_characters(text, filename, encoding)
    return unicodedata.normalize("NFC", text), encoding


def _strict_utf8(data: bytes, filename: str, *, offset: int) -> str:
    """A BOM announces UTF-8: a bad byte after it is damage, not another encoding."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StatementEncodingInvalid(
            f"{filename} starts with a UTF-8 mark but byte {error.start + offset} "
            f"(0x{data[error.start]:02X}) is not UTF-8"
        ) from error


def _refuse_broken_utf8(data: bytes, error: UnicodeDecodeError, filename: str) -> None:
    """Mostly-UTF-8 bytes with a damaged spot must not be read as Windows-1258 gibberish.

    Genuine Windows-1258 Vietnamese gives far more invalid UTF-8 bytes than accidental valid
    multi-byte sequences; a damaged UTF-8 file gives the opposite.
    """
    lenient = data.decode("utf-8", errors="replace")
    invalid = lenient.count("\ufffd")
    valid = len(lenient) - len(lenient.encode("ascii", "ignore")) - invalid
    if valid > invalid:
        raise StatementEncodingInvalid(
            f"{filename} is UTF-8 text with a damaged byte at offset {error.start} "
            f"(0x{data[error.start]:02X}): save it again as CSV UTF-8"
        ) from error


def _strict_cp1258(data: bytes, filename: str) -> str:
    """Windows-1258 leaves a few bytes undefined; one of them means the guess was wrong."""
    try:
        return data.decode("cp1258")
    except UnicodeDecodeError as error:
        raise StatementEncodingInvalid(
            f"{filename} is neither UTF-8 nor Windows-1258 text: byte {error.start} "
            f"(0x{data[error.start]:02X}) is not a character"
        ) from error


def _refuse_control_characters(text: str, filename: str, encoding: str) -> None:
    """Almost any bytes decode as Windows-1258, so control characters betray a wrong encoding."""
    found = _NON_TEXT.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        raise StatementEncodingInvalid(
            f"{filename} read as {_ENCODING_NAMES[encoding]} has the non-text character "
            f"U+{ord(found.group()):04X} on text line {line}: it is neither UTF-8 nor "
            "Windows-1258 text"
        )
