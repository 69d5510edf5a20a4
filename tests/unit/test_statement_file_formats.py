"""Statement files: encodings and CSV dialects read alike; files of another kind, or in no
accepted encoding, are refused by their bytes."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import pytest

from finance.statement_file import (
    StatementEncodingInvalid,
    StatementFormatUnsupported,
    StatementValueInvalid,
    parse_statement,
)
from tests.unit.statement_files import (
    EXPECTED,
    HEADER,
    ROWS,
    csv_bytes,
    csv_text,
    refused,
    windows_1258,
)

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


# --- files refused by their bytes ----------------------------------------------------------


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
