"""Treasury statement files (CSV and XLSX) read into lines, or refused naming line and column."""

from __future__ import annotations

import csv
import hashlib
import io
import unicodedata
import zipfile
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import Font

from domain.errors import LedgerError
from finance.statement_file import (
    COLUMNS,
    REQUIRED_COLUMNS,
    StatementColumnMissing,
    StatementEncodingInvalid,
    StatementFormatUnsupported,
    StatementLine,
    StatementValueInvalid,
    StatementVoucherDuplicated,
    parse_statement,
)
from finance.statement_file import lines as statement_lines

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


# --- encodings and dialects ----------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_each_encoding_gives_the_same_lines(encoding):
    parsed = parse_statement(csv_bytes([HEADER, *ROWS], encoding), "sao-ke.csv")
    assert parsed.file_format == "csv"
    assert parsed.encoding == encoding
    assert parsed.lines == EXPECTED


def test_windows_1258_bình_dương_equals_the_utf8_one():
    name = "Công ty TNHH Bình Dương"
    # Python's cp1258 codec has no precomposed "ì" or "ư̛"-with-tone letters: encoding the NFC
    # text fails, and Windows-1258 files carry the tone as a combining mark after the vowel.
    with pytest.raises(UnicodeEncodeError):
        name.encode("cp1258")
    encoded = windows_1258(name)
    assert b"\xcc" in encoded  # combining grave accent after "i" in "Bình"
    assert encoded.decode("cp1258") != name  # decomposed until normalised
    header = ["Ngày", "Số CT", "Số tiền", "Đơn vị nhận"]
    data = windows_1258(csv_text([header, ["05/01/2024", "UNC-1", "1000", name]]))
    parsed = parse_statement(data, "kb.csv")
    assert parsed.encoding == "cp1258"
    assert parsed.lines[0].payee == name
    assert parsed.lines[0].payee == unicodedata.normalize("NFC", name)


def test_decomposed_utf8_text_is_normalised_to_nfc():
    rows = [HEADER, *ROWS]
    data = unicodedata.normalize("NFD", csv_text(rows)).encode("utf-8")
    assert parse_statement(data, "mac.csv").lines == EXPECTED


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_comma_semicolon_and_tab_delimiters(delimiter):
    parsed = parse_statement(csv_bytes([HEADER, *ROWS], delimiter=delimiter), "sao-ke.csv")
    assert parsed.lines == EXPECTED


def test_quoted_values_may_hold_delimiters_quotes_and_newlines_and_count_as_one_row():
    header = ["Ngày", "Số CT", "Số tiền", "Đơn vị nhận", "Nội dung"]
    rows = [
        header,
        ["05/01/2024", "A-1", "1,250,000", 'Công ty "Sao Mai", chi nhánh 1', "dòng một\ndòng hai"],
        [],
        ["06/01/2024", "A-2", "2.000", "Hộ kinh doanh B", ""],
    ]
    lines = parse_statement(csv_bytes(rows), "sao-ke.csv").lines
    assert [line.line_no for line in lines] == [2, 4]
    assert lines[0].amount_vnd == 1_250_000
    assert lines[0].payee == 'Công ty "Sao Mai", chi nhánh 1'
    assert lines[0].description == "dòng một dòng hai"


def test_leading_blank_rows_move_the_header_down():
    data = b"\r\n\r\n" + csv_bytes([HEADER, *ROWS])
    lines = parse_statement(data, "sao-ke.csv").lines
    assert [line.line_no for line in lines] == [4, 5, 6]


def test_the_content_decides_the_format_not_the_file_name():
    parsed = parse_statement(csv_bytes([HEADER, *ROWS]), "sao-ke.xlsx")
    assert parsed.file_format == "csv"
    assert parsed.lines == EXPECTED


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


# --- whole files -----------------------------------------------------------------------------


def test_sha256_is_of_the_bytes_as_given():
    data = csv_bytes([HEADER, *ROWS], "utf-8-sig")
    assert parse_statement(data, "sao-ke.csv").sha256 == hashlib.sha256(data).hexdigest()
    workbook = xlsx_from_rows([HEADER, *ROWS])
    assert parse_statement(workbook, "sao-ke.xlsx").sha256 == hashlib.sha256(workbook).hexdigest()


@pytest.mark.parametrize(
    "data",
    [csv_bytes([HEADER]), csv_bytes([HEADER, [], ["", " ", ""]]), xlsx_from_rows([HEADER])],
    ids=["csv", "csv-blank-rows", "xlsx"],
)
def test_a_header_without_data_lines_is_refused_on_line_2(data):
    error = refused(data, StatementValueInvalid)
    assert isinstance(error, StatementValueInvalid)
    assert error.line == 2
    assert error.message == "line 2: the file has a header but no data lines"


def test_a_file_without_a_header_is_refused():
    error = refused(b"\r\n  \r\n", StatementColumnMissing)
    assert "no header row" in error.message


def test_more_lines_than_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(statement_lines, "STATEMENT_LINES_MAX", 3)
    assert len(parse_statement(csv_bytes([HEADER, *ROWS]), "sao-ke.csv").lines) == 3
    extra = ["16/02/2024", "UNC-004", "1.000", "Công ty B", "", "", "", ""]
    error = refused(csv_bytes([HEADER, *ROWS, extra]), StatementValueInvalid)
    assert isinstance(error, StatementValueInvalid)
    assert error.line == 5
    assert "more than 3 lines" in error.message


def test_the_real_limit_is_200000_lines():
    assert statement_lines.STATEMENT_LINES_MAX == 200_000


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "a PDF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "an old binary Excel file (.xls"),
        (_zip({"hello.txt": b"xin chao"}), "a zip archive that is not an XLSX workbook"),
        (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "an OpenDocument spreadsheet",
        ),
        (b"PK\x03\x04 not really a zip", "a damaged zip archive"),
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (b"<html><body><table><tr><td>Ngay</td></tr></table>", "an HTML or XML document"),
        (_zip({"xl/workbook.xml": b"<not a workbook"}), "cannot be read"),
    ],
    ids=["pdf", "xls", "zip", "ods", "broken-zip", "empty", "png", "html", "broken-xlsx"],
)
def test_files_that_are_neither_csv_nor_xlsx_are_refused_by_content(data, fragment):
    error = refused(data, StatementFormatUnsupported, filename="sao-ke.xlsx")
    assert error.code == "STATEMENT_FORMAT_UNSUPPORTED"
    assert error.message.startswith("sao-ke.xlsx ")
    assert fragment in error.message


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"Ngay,So CT\r\n05/01/2024,\x81\r\n", "byte 23 (0x81) is not a character"),
        (b"Ngay,So CT\r\n05/01/2024,A\x01\r\n", "U+0001 on text line 2"),
        (b"Ngay,So CT\r\n05/01/2024,A\x1a", "U+001A"),
        (b"\xef\xbb\xbfNgay,So CT\r\n\xff\r\n", "starts with a UTF-8 mark"),
        (
            "Ngày,Số CT,Đơn vị nhận\r\n05/01/2024,Công ty Bình Dương\r\n".encode()[:-6]
            + b"\xff\r\n",
            "UTF-8 text with a damaged byte",
        ),
        ("Ngày,Số CT".encode("utf-16"), "UTF-16"),
    ],
    ids=["undefined-byte", "control", "ctrl-z", "bom-then-bad", "damaged-utf8", "utf16"],
)
def test_csv_bytes_in_no_accepted_encoding_are_refused(data, fragment):
    error = refused(data, StatementEncodingInvalid)
    assert error.code == "STATEMENT_ENCODING_INVALID"
    assert fragment in error.message


def test_malformed_csv_quoting_names_the_line():
    data = b'Ngay,So CT,So tien,Nguoi nhan\r\n05/01/2024,X-1,1000,A\r\n05/01/2024,"X-2"x,5,B\r\n'
    error = refused(data, StatementValueInvalid)
    assert isinstance(error, StatementValueInvalid)
    assert error.line == 3
    assert "malformed" in error.message


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_with_numeric_and_date_cells_uses_sheet_row_numbers():
    rows: list[list[object]] = [
        ["Ngày giá trị", "Số CT", "Số tiền (VND)", "Đơn vị thụ hưởng", "MST", "Chương", "Mã NDKT"],
        [
            datetime(2024, 1, 5, 9, 30),
            "unc-001",
            1_250_000_000,
            "Công ty A",
            "0301234567",
            412,
            7049,
        ],
        [date(2024, 1, 6), 12345, 350_000_000.0, "Công ty B", None, "412", "7049"],
        [None, None, None, None, None, None, None],
        ["15/02/2024", "UNC-003", "75.500.000", "Công ty C", None, None, None],
    ]
    cells = {(3 + r, c + 1): v for r, row in enumerate(rows) for c, v in enumerate(row)}
    cells[(20, 2)] = "   "  # a trailing row that only looks filled
    workbook = Workbook()
    sheet = workbook.active
    for (row, column), value in cells.items():
        sheet.cell(row=row, column=column, value=value)
    sheet.cell(row=30, column=1).font = Font(bold=True)  # a formatted, empty trailing cell
    buffer = io.BytesIO()
    workbook.save(buffer)

    parsed = parse_statement(buffer.getvalue(), "sao-ke.csv")
    assert (parsed.file_format, parsed.encoding) == ("xlsx", None)
    assert parsed.lines == (
        StatementLine(
            4,
            date(2024, 1, 5),
            "UNC-001",
            1_250_000_000,
            "Công ty A",
            "0301234567",
            "412",
            "7049",
            "",
        ),
        StatementLine(
            5, date(2024, 1, 6), "12345", 350_000_000, "Công ty B", "", "412", "7049", ""
        ),
        StatementLine(7, date(2024, 2, 15), "UNC-003", 75_500_000, "Công ty C", "", "", "", ""),
    )


@pytest.mark.parametrize(
    ("column", "value", "fragment"),
    [
        (3, 1_250_000.5, "1250000.5 is not a whole amount of đồng"),
        (3, -5_000_000, "is negative: statements list disbursements as positive amounts"),
        (3, 0, "is zero: statements list disbursements as positive amounts"),
        (3, None, "is empty: statements list disbursements as positive amounts"),
        (3, datetime(2024, 1, 5), "is not an amount of đồng"),
        (3, True, "is not an amount of đồng"),
        (1, 45296, "is a number, not a date"),
        (1, "2024/01/05", "is not a date"),
        (5, 301234567, "format the column as text"),
        (2, 1.5, "is not text"),
    ],
)
def test_xlsx_bad_cells_name_sheet_row_and_header(column, value, fragment):
    header = ["Ngày", "Số CT", "Số tiền (VND)", "Người nhận", "MST"]
    good = [date(2024, 1, 5), "A-1", 1000, "Công ty A", None]
    bad = [date(2024, 1, 6), "A-2", 2000, "Công ty B", None]
    bad[column - 1] = value
    data = xlsx_from_rows([header, good, bad], first_row=2)
    assert_cell_refused(data, 4, header[column - 1], fragment)


# --- round trip ------------------------------------------------------------------------------

_VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
_TEXT = _VIETNAMESE + _VIETNAMESE.upper() + "0123456789 ,;.-()\"'\n\t/"

_line = st.builds(
    dict,
    value_date=st.dates(date(2021, 1, 1), date(2025, 12, 31)),
    voucher_no=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9./:\-]{0,15}", fullmatch=True),
    amount_vnd=st.integers(1, 10**13),
    payee=st.text(_TEXT, min_size=1, max_size=40).filter(lambda text: text.strip()),
    payee_tax_code=st.one_of(
        st.just(""),
        st.from_regex(r"[0-9]{10}", fullmatch=True),
        st.from_regex(r"[0-9]{10}-[0-9]{3}", fullmatch=True),
    ),
    budget_chapter=st.one_of(st.just(""), st.from_regex(r"[0-9]{3}", fullmatch=True)),
    budget_subitem=st.one_of(st.just(""), st.from_regex(r"[0-9]{4}", fullmatch=True)),
    description=st.text(_TEXT, max_size=60),
    form=st.sampled_from(["NFC", "NFD"]),
)


def _expected(number: int, line: dict[str, object]) -> StatementLine:
    def plain(text: object) -> str:
        return " ".join(unicodedata.normalize("NFC", str(text)).split())

    return StatementLine(
        line_no=number,
        value_date=line["value_date"],  # type: ignore[arg-type]
        voucher_no=str(line["voucher_no"]).upper(),
        amount_vnd=line["amount_vnd"],  # type: ignore[arg-type]
        payee=plain(line["payee"]),
        payee_tax_code=str(line["payee_tax_code"]),
        budget_chapter=str(line["budget_chapter"]),
        budget_subitem=str(line["budget_subitem"]),
        description=plain(line["description"]),
    )


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        _line, min_size=1, max_size=12, unique_by=lambda line: line["voucher_no"].upper()
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_lines_written_to_csv_and_xlsx_read_back_the_same(lines, delimiter):
    expected = tuple(_expected(number, line) for number, line in enumerate(lines, start=2))

    def text(line: dict[str, object], key: str) -> str:
        return unicodedata.normalize(str(line["form"]), str(line[key]))

    rows = [HEADER] + [
        [
            line["value_date"].strftime("%d/%m/%Y"),
            line["voucher_no"],
            f"{line['amount_vnd']:,}".replace(",", "."),
            text(line, "payee"),
            line["payee_tax_code"],
            line["budget_chapter"],
            line["budget_subitem"],
            text(line, "description"),
        ]
        for line in lines
    ]
    parsed = parse_statement(csv_text(rows, delimiter).encode("utf-8"), "sao-ke.csv")
    assert parsed.lines == expected

    cells: list[list[object]] = [list(HEADER)] + [
        [
            line["value_date"],
            line["voucher_no"],
            line["amount_vnd"],
            text(line, "payee"),
            line["payee_tax_code"] or None,
            line["budget_chapter"] or None,
            line["budget_subitem"] or None,
            text(line, "description") or None,
        ]
        for line in lines
    ]
    assert parse_statement(xlsx_from_rows(cells), "sao-ke.xlsx").lines == expected
