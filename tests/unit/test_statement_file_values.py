"""Statement files: amounts, dates, text, codes and vouchers read from cells, or refused naming
line and column."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from finance.statement_file import (
    StatementValueInvalid,
    StatementVoucherDuplicated,
    parse_statement,
)
from tests.unit.statement_files import (
    AMOUNT,
    HEADER,
    ROWS,
    assert_cell_refused,
    csv_bytes,
    refused,
    with_cell,
)

# --- amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1250000000", 1_250_000_000),
        ("1.250.000.000", 1_250_000_000),
        ("1,250,000,000", 1_250_000_000),
        ("1 250 000 000", 1_250_000_000),
        ("1\u00a0250\u00a0000\u00a0000", 1_250_000_000),
        ("1\u202f250\u202f000\u202f000", 1_250_000_000),
        ("1.250.000.000 đ", 1_250_000_000),
        ("1.250.000.000đ", 1_250_000_000),
        ("1.250.000.000 đồng", 1_250_000_000),
        ("1,250,000,000 VND", 1_250_000_000),
        ("1.250.000.000 VNĐ", 1_250_000_000),
        ("  75.500.000  ", 75_500_000),
        ("1.000", 1000),
        ("7", 7),
        ("10.000.000.000.000", 10_000_000_000_000),
    ],
)
def test_amounts_in_every_accepted_style(text, amount):
    lines = parse_statement(with_cell(AMOUNT, text), "sao-ke.csv").lines
    assert lines[1].amount_vnd == amount


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1,25", "is not a whole amount of đồng"),
        ("1.25", "is not a whole amount of đồng"),
        ("12.50.000", "is not a whole amount of đồng"),
        ("1250.000", "is not a whole amount of đồng"),
        ("1.250,000", "is not a whole amount of đồng"),
        ("1,250,000.00", "is not a whole amount of đồng"),
        ("1.250.000,5", "is not a whole amount of đồng"),
        ("1 25 000", "is not a whole amount of đồng"),
        ("abc", "is not a whole amount of đồng"),
        ("+5000", "is not a whole amount of đồng"),
        ("USD 5000", "is not a whole amount of đồng"),
        ("-5.000.000", "is negative: statements list disbursements as positive amounts"),
        ("−5.000.000 đ", "is negative: statements list disbursements as positive amounts"),
        ("(5.000.000)", "is negative: statements list disbursements as positive amounts"),
        ("0", "is zero: statements list disbursements as positive amounts"),
        ("0 đ", "is zero: statements list disbursements as positive amounts"),
        ("", "is empty: statements list disbursements as positive amounts"),
        ("   ", "is empty: statements list disbursements as positive amounts"),
        ("10.000.000.000.001", "above the ceiling"),
    ],
)
def test_amounts_in_every_refused_style_name_line_and_column(text, fragment):
    error = assert_cell_refused(with_cell(AMOUNT, text), 3, AMOUNT, fragment)
    if text.strip():
        assert f'"{" ".join(text.split())}"' in error.message


def test_an_unquoted_grouped_amount_in_a_comma_file_is_not_split_silently():
    data = b"Ngay,So CT,So tien,Nguoi nhan\r\n05/01/2024,X-1,1,250,000,Cong ty A\r\n"
    error = refused(data, StatementValueInvalid)
    assert isinstance(error, StatementValueInvalid)
    assert (error.line, error.column) == (2, None)
    assert "must be in quotes" in error.message


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "05/01/2024",
        "5/1/2024",
        "05-01-2024",
        "5.1.2024",
        "05.01.2024",
        "2024-01-05",
        "2024-1-5",
        "05/01/2024 14:30",
        "05/01/2024 00:00:00",
        "2024-01-05T00:00:00",
    ],
)
def test_dates_in_each_accepted_style(text):
    lines = parse_statement(with_cell("Ngày giá trị", text), "sao-ke.csv").lines
    assert lines[1].value_date == date(2024, 1, 5)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("31/02/2024", "is not a real date (dates are read as day/month/year)"),
        ("12/31/2024", "is not a real date (dates are read as day/month/year)"),
        ("00/01/2024", "is not a real date"),
        ("2024-13-01", "is not a real date"),
        ("05/01/2024 25:00", "is not a real date"),
        ("05/01/24", "four-digit year"),
        ("5-1-24", "four-digit year"),
        ("05/01-2024", "is not a date"),
        ("2024/01/05", "is not a date"),
        ("20240105", "is not a date"),
        ("Jan 5, 2024", "is not a date"),
        ("", "the date is empty"),
    ],
)
def test_refused_dates_name_line_and_column(text, fragment):
    assert_cell_refused(with_cell("Ngày giá trị", text), 3, "Ngày giá trị", fragment)


# --- text, codes and vouchers ------------------------------------------------------------


def test_text_is_nfc_with_whitespace_collapsed_and_vouchers_upper_case():
    payee = unicodedata.normalize("NFD", "  Công ty\u00a0 TNHH\t Bình   Dương ")
    data = csv_bytes(
        [
            ["Ngày", "Số CT", "Số tiền", "Người nhận"],
            ["05/01/2024", " unc\u200b-01/kb ", "1", payee],
        ]
    )
    (line,) = parse_statement(data, "sao-ke.csv").lines
    assert line.payee == "Công ty TNHH Bình Dương"
    assert line.voucher_no == "UNC-01/KB"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("3701234567", "3701234567"),
        ("3701234567-001", "3701234567-001"),
        ("3701234567001", "3701234567-001"),
        ("001234567890", "001234567890"),
        ("", ""),
    ],
)
def test_tax_codes_accepted(text, kept):
    lines = parse_statement(with_cell("Mã số thuế", text), "sao-ke.csv").lines
    assert lines[1].payee_tax_code == kept


@pytest.mark.parametrize(
    ("column", "text", "fragment"),
    [
        ("Mã số thuế", "370123456", "is not a tax code"),
        ("Mã số thuế", "3701234567-01", "is not a tax code"),
        ("Mã số thuế", "MST 3701234567", "is not a tax code"),
        ("Mã chương", "41", "is not a chapter code (mã chương) of 3 digits"),
        ("Mã chương", "C12", "is not a chapter code (mã chương) of 3 digits"),
        ("Tiểu mục", "70499", "is not a sub-item code (tiểu mục) of 4 digits"),
        ("Số chứng từ", "", "the voucher number is empty"),
        ("Số chứng từ", "UNC 002", "no spaces"),
        ("Đơn vị nhận", " ", "the payee is empty"),
        ("Nội dung", "x" * 2001, "longer than 2,000 characters"),
    ],
)
def test_refused_text_and_codes_name_line_and_column(column, text, fragment):
    assert_cell_refused(with_cell(column, text), 3, column, fragment)


def test_a_voucher_twice_names_both_lines_whatever_the_case():
    rows = [HEADER, *ROWS, ["20/02/2024", "unc-001", "1.000", "Công ty B", "", "", "", ""]]
    error = refused(csv_bytes(rows), StatementVoucherDuplicated)
    assert isinstance(error, StatementVoucherDuplicated)
    assert error.code == "STATEMENT_VOUCHER_DUPLICATED"
    assert (error.first_line, error.line, error.column) == (2, 5, "Số chứng từ")
    assert "line 2" in error.message
    assert "line 5" in error.message
    assert '"UNC-001"' in error.message
