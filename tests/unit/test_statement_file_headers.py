"""Statement files: header rows matched as people type them, missing columns named."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from finance.statement_file import (
    COLUMNS,
    REQUIRED_COLUMNS,
    StatementColumnMissing,
    StatementLine,
    StatementValueInvalid,
    parse_statement,
)
from tests.unit.statement_files import (
    EXPECTED,
    HEADER,
    ROWS,
    csv_bytes,
    refused,
)

# --- headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        [
            "Value date",
            "Voucher no",
            "Amount (VND)",
            "Beneficiary",
            "Tax code",
            "Chapter",
            "Economic code",
            "Description",
        ],
        [
            "NGAY GIA TRI",
            "So chung tu",
            "  So   tien (VND) ",
            "Don vi thu huong",
            "ma so thue",
            "CHUONG",
            "Ma NDKT",
            "Dien giai",
        ],
        [unicodedata.normalize("NFD", name.upper()) for name in HEADER],
    ],
    ids=["english", "without-diacritics", "decomposed-upper-case"],
)
def test_headers_match_without_case_diacritics_spaces_or_unit(header):
    assert parse_statement(csv_bytes([header, *ROWS]), "sao-ke.csv").lines == EXPECTED


@pytest.mark.parametrize(
    ("field", "header"),
    [(field, header) for field, headers in COLUMNS.items() for header in headers],
)
def test_every_accepted_header_is_recognised(field, header):
    canonical = {name: headers[0] for name, headers in COLUMNS.items()}
    canonical[field] = header
    values = {
        "value_date": "05/01/2024",
        "voucher_no": "unc-7",
        "amount_vnd": "1.000",
        "payee": "Công ty A",
        "payee_tax_code": "3701234567",
        "budget_chapter": "412",
        "budget_subitem": "7049",
        "description": "Hỗ trợ",
    }
    data = csv_bytes([list(canonical.values()), list(values.values())])
    (line,) = parse_statement(data, "sao-ke.csv").lines
    assert line == StatementLine(
        2, date(2024, 1, 5), "UNC-7", 1000, "Công ty A", "3701234567", "412", "7049", "Hỗ trợ"
    )


def test_unknown_columns_are_ignored_and_optional_ones_may_be_absent():
    header = ["STT", "Ngày", "Số CT", "Số tiền", "Người nhận", "Ghi chú"]
    data = csv_bytes([header, ["1", "05/01/2024", "X-1", "5000", "Công ty A", "đã đối chiếu"]])
    (line,) = parse_statement(data, "sao-ke.csv").lines
    assert line == StatementLine(2, date(2024, 1, 5), "X-1", 5000, "Công ty A", "", "", "", "")


@pytest.mark.parametrize("field", REQUIRED_COLUMNS)
def test_a_missing_required_column_is_named_with_its_accepted_headers(field):
    index = list(COLUMNS).index(field)
    rows = [[cell for i, cell in enumerate(row) if i != index] for row in [HEADER, *ROWS]]
    error = refused(csv_bytes(rows), StatementColumnMissing)
    assert isinstance(error, StatementColumnMissing)
    assert error.code == "STATEMENT_COLUMN_MISSING"
    assert error.column == COLUMNS[field][0]
    assert f'no column "{COLUMNS[field][0]}"' in error.message
    for header in COLUMNS[field]:
        assert f'"{header}"' in error.message


def test_the_value_date_wins_over_the_posting_date_and_a_repeated_header_is_ambiguous():
    header = ["Ngày hạch toán", "Ngày giá trị", "Số CT", "Số tiền", "Người nhận"]
    data = csv_bytes([header, ["06/01/2024", "05/01/2024", "X-1", "5000", "Công ty A"]])
    (line,) = parse_statement(data, "sao-ke.csv").lines
    assert line.value_date == date(2024, 1, 5)

    twice = ["Số tiền", "Ngày giá trị", "Số CT", "Số tiền", "Người nhận"]
    data = csv_bytes([twice, ["1", "05/01/2024", "X-1", "5000", "Công ty A"]])
    error = refused(data, StatementValueInvalid)
    assert isinstance(error, StatementValueInvalid)
    assert error.line == 1
    assert "ambiguous" in error.message
