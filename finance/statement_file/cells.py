"""A cell of either format, with where it came from, and how its text is compared and kept."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date, time
from typing import NamedTuple

from finance.statement_file.errors import StatementValueInvalid

Row = Sequence[object]

# Invisible characters pasted from web pages and e-mails; they would make two equal vouchers
# differ, so they are dropped from every value.
_INVISIBLE = ("\u200b", "\u2060", "\ufeff")


def plain(value: object) -> str:
    """NFC, invisible characters dropped, whitespace collapsed: how text is compared and kept."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = unicodedata.normalize("NFC", text)
    for invisible in _INVISIBLE:
        text = text.replace(invisible, "")
    return " ".join(text.split())


class Cell(NamedTuple):
    """One value with where it came from, so every refusal names its line and column."""

    value: object
    line: int
    header: str

    def invalid(self, detail: str) -> StatementValueInvalid:
        return StatementValueInvalid(detail, line=self.line, column=self.header)

    def shown(self) -> str:
        """The value as the user sees it in the file, for messages."""
        if isinstance(self.value, str):
            text = plain(self.value)
            return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'
        if isinstance(self.value, date | time):
            return self.value.isoformat()
        return repr(self.value)
