"""Sample Treasury statement files and the checks the statement file tests share."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date

import pytest
from openpyxl import Workbook

from domain.errors import LedgerError
from finance.statement_file import (
    StatementLine,
    StatementValueInvalid,
    parse_statement,
)

HEADER = [
    "Ngày giá trị",
    "Số chứng từ",
    "Số tiền (đồng)",
    "Đơn vị nhận",
    "Mã số thuế",
    "Mã chương",
    "Tiểu mục",
    "Nội dung",
]
ROWS = [
    [
        "05/01/2024",
        "UNC-001",
        "1.250.000.000",
        "Công ty TNHH Bình Dương",
        "3701234567",
        "412",
        "7049",
        "Hỗ trợ máy móc, thiết bị",
    ],
    [
        "06/01/2024",
        "UNC-002",
        "350.000.000",
        "Hộ kinh doanh Nguyễn Văn Ấn",
        "3701234567-001",
        "412",
        "7049",
        "Đào tạo nghề; tập huấn",
    ],
    ["15/02/2024", "UNC-003", "75.500.000", "Cơ sở Đồng Nai Xuân Lộc", "", "", "", ""],
]
EXPECTED = (
    StatementLine(
        2,
        date(2024, 1, 5),
        "UNC-001",
        1_250_000_000,
        "Công ty TNHH Bình Dương",
        "3701234567",
        "412",
        "7049",
        "Hỗ trợ máy móc, thiết bị",
    ),
    StatementLine(
        3,
        date(2024, 1, 6),
        "UNC-002",
        350_000_000,
        "Hộ kinh doanh Nguyễn Văn Ấn",
        "3701234567-001",
        "412",
        "7049",
        "Đào tạo nghề; tập huấn",
    ),
    StatementLine(
        4, date(2024, 2, 15), "UNC-003", 75_500_000, "Cơ sở Đồng Nai Xuân Lộc", "", "", "", ""
    ),
)
AMOUNT = "Số tiền (đồng)"

# Windows-1258 has the vowels â ê ô ơ ư ă and đ but writes tone marks as combining characters.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def windows_1258(text: str) -> bytes:
    """Encode as Windows-1258 stores Vietnamese: base letter, then a combining tone mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in decomposed if c not in _TONE_MARKS)
        tones = "".join(c for c in decomposed if c in _TONE_MARKS)
        out.append(unicodedata.normalize("NFC", base) + tones)
    return "".join(out).encode("cp1258")


def csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    text = csv_text(rows, delimiter)
    return windows_1258(text) if encoding == "cp1258" else text.encode(encoding)


def xlsx_bytes(cells: dict[tuple[int, int], object]) -> bytes:
    """A workbook whose first sheet holds ``cells`` at (row, column), both 1-based."""
    workbook = Workbook()
    sheet = workbook.active
    for (row, column), value in cells.items():
        sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_from_rows(rows: list[list[object]], first_row: int = 1) -> bytes:
    return xlsx_bytes(
        {(first_row + r, c + 1): value for r, row in enumerate(rows) for c, value in enumerate(row)}
    )


def with_cell(column: str, value: str, *, line: int = 3) -> bytes:
    """The sample CSV with one cell replaced; line 3 so the numbering is visibly right."""
    rows = [list(HEADER), *(list(row) for row in ROWS)]
    rows[line - 1][HEADER.index(column)] = value
    return csv_bytes(rows)


def refused(data: bytes, error: type[LedgerError], filename: str = "sao-ke.csv") -> LedgerError:
    with pytest.raises(error) as info:
        parse_statement(data, filename)
    assert info.value.code == error.code
    return info.value


def assert_cell_refused(
    data: bytes, line: int, column: str, *fragments: str
) -> StatementValueInvalid:
    error = refused(data, StatementValueInvalid)
    assert isinstance(error, StatementValueInvalid)
    assert error.code == "STATEMENT_VALUE_INVALID"
    assert error.message.startswith(f'line {line}, column "{column}": ')
    assert (error.line, error.column, error.field) == (
        line,
        column,
        f"line {line}, column {column}",
    )
    for fragment in fragments:
        assert fragment in error.message
    return error
