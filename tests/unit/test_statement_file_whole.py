"""Statement files as a whole: digest, limits, XLSX sheets and a round trip through both
formats."""

from __future__ import annotations

import hashlib
import io
import unicodedata
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import Font

from finance.statement_file import (
    StatementColumnMissing,
    StatementLine,
    StatementValueInvalid,
    parse_statement,
)
from finance.statement_file import lines as statement_lines
from tests.unit.statement_files import (
    HEADER,
    ROWS,
    assert_cell_refused,
    csv_bytes,
    csv_text,
    refused,
    xlsx_from_rows,
)

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
