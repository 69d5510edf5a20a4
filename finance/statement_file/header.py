"""The header row: which column holds which field, whatever the spelling people give it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from finance.statement_file.cells import Row, plain
from finance.statement_file.errors import StatementColumnMissing, StatementValueInvalid

# Field of ``StatementLine`` → accepted headers; the first one names the column in messages.
# Headers match ignoring case, repeated spaces, diacritics (đ = d) and a trailing "(…)" note
# such as a unit, so "SO TIEN (VND)" is "Số tiền".
COLUMNS: dict[str, tuple[str, ...]] = {
    "value_date": ("Ngày giá trị", "Ngày", "Ngày hạch toán", "Value date", "Date"),
    "voucher_no": ("Số chứng từ", "Số CT", "Voucher", "Voucher no", "Voucher number"),
    "amount_vnd": ("Số tiền", "Amount"),
    "payee": ("Đơn vị nhận", "Người nhận", "Đơn vị thụ hưởng", "Payee", "Beneficiary"),
    "payee_tax_code": ("Mã số thuế", "MST", "Tax code", "Payee tax code"),
    "budget_chapter": ("Mã chương", "Chương", "Chapter"),
    "budget_subitem": ("Tiểu mục", "Mã NDKT", "Mã nội dung kinh tế", "Sub-item", "Economic code"),
    "description": ("Nội dung", "Diễn giải", "Description"),
}
REQUIRED_COLUMNS: tuple[str, ...] = ("value_date", "voucher_no", "amount_vnd", "payee")

_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)$")


def header_key(text: str) -> str:
    """Compare headers as people type them: no case, diacritics, extra spaces or unit note."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    bare = " ".join(bare.replace("đ", "d").replace("Đ", "D").casefold().split())
    return " ".join(_TRAILING_NOTE.sub("", bare).split())


_FIELD_BY_HEADER: dict[str, str] = {
    header_key(header): field for field, headers in COLUMNS.items() for header in headers
}
# A header listed earlier wins over a later one for the same field: Treasury exports carry both
# "Ngày giá trị" (value date) and "Ngày hạch toán" (posting date), and the value date is meant.
_RANK_BY_HEADER: dict[str, int] = {
    header_key(header): rank for headers in COLUMNS.values() for rank, header in enumerate(headers)
}


@dataclass(frozen=True)
class Column:
    """Where a field's values are: messages quote the header as the user wrote it."""

    index: int
    header: str  # as written in the file, for messages


def map_header(cells: Row, line: int) -> dict[str, Column]:
    """Which column holds which field; unknown columns are ignored; of two for one field the
    header listed first in ``COLUMNS`` wins, and the same header twice is refused."""
    found: dict[str, Column] = {}
    ranks: dict[str, int] = {}
    for index, cell in enumerate(cells):
        header = plain(cell)
        key = header_key(header)
        field = _FIELD_BY_HEADER.get(key)
        if field is None:
            continue
        rank = _RANK_BY_HEADER[key]
        if field in found and ranks[field] == rank:
            raise StatementValueInvalid(
                f'the headers "{found[field].header}" and "{header}" are ambiguous: both are '
                f"the column {COLUMNS[field][0]}; keep one of them",
                line=line,
                column=header,
            )
        if field not in found or rank < ranks[field]:
            found[field] = Column(index, header)
            ranks[field] = rank
    for field in REQUIRED_COLUMNS:
        if field not in found:
            raise _column_missing(field, line)
    return found


def _column_missing(field: str, line: int) -> StatementColumnMissing:
    """List every accepted header, so the user can rename the column instead of guessing."""
    accepted = ", ".join(f'"{header}"' for header in COLUMNS[field])
    return StatementColumnMissing(
        f'no column "{COLUMNS[field][0]}" in the header row (line {line}, the first row that '
        f"is not empty): accepted headers are {accepted}",
        line=line,
        column=COLUMNS[field][0],
    )
