"""Text and code checks. Vietnamese text is stored in NFC so composed and decomposed input match."""

from __future__ import annotations

import re
import unicodedata

from domain.errors import InvalidInput, InvalidText

TEXT_MAX_CHARS = 2_000
NAME_MAX_CHARS = 300
CODE_MAX_CHARS = 64
_CODE_PATTERN = re.compile(r"^[\w./:\-]+$")


def clean_text(value: object, field: str, *, max_chars: int = NAME_MAX_CHARS) -> str:
    """NFC-normalised, stripped, non-empty text of bounded length."""
    if not isinstance(value, str):
        raise InvalidText("must be text", field=field)
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise InvalidText("must not be empty", field=field)
    if len(text) > max_chars:
        raise InvalidText(f"is longer than {max_chars} characters", field=field)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        raise InvalidText("contains control characters", field=field)
    if any(unicodedata.category(ch) == "Cs" for ch in text):
        raise InvalidText("contains a lone surrogate, which is not a character", field=field)
    return text


def optional_text(value: object, field: str, *, max_chars: int = TEXT_MAX_CHARS) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return clean_text(value, field, max_chars=max_chars)


def clean_code(value: object, field: str) -> str:
    """Document numbers, vouchers and codes: one token, e.g. ``1811/QĐ-UBND`` or ``IV.1.đ``."""
    text = clean_text(value, field, max_chars=CODE_MAX_CHARS)
    if not _CODE_PATTERN.match(text):
        raise InvalidText("must be a code without spaces", field=field)
    return text


TAX_CODE_PATTERN = re.compile(r"^\d{10}(-\d{3})?$|^\d{12}$")


def clean_tax_code(value: object, field: str) -> str:
    """Vietnamese tax codes: 10 digits, 10+3 for branches, or a 12-digit personal id number."""
    text = clean_text(value, field, max_chars=CODE_MAX_CHARS)
    if not TAX_CODE_PATTERN.match(text):
        raise InvalidInput("must be a tax code of 10 digits, 10-3 digits or 12 digits", field=field)
    return text
