"""State Treasury (Kho bạc Nhà nước) statement files, CSV or XLSX, read into plain lines.

The parser is pure: it writes nothing and keeps nothing. It returns every line of the file or
raises one ``LedgerError`` that names the line and the column, so a finance officer can fix the
file and send it again; the ``importTreasuryStatement`` command decides what to record.

Line numbers are the row numbers a spreadsheet shows: in a CSV file the header row is 1 and the
first data row is 2 (a quoted value spanning several text lines is still one row); in an XLSX
workbook they are the sheet's row numbers. Blank rows keep their number and are skipped.

``docs/FINANCE.md`` ("Treasury statement files") describes the accepted files for the finance
department; keep the two in step.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import math
import re
import unicodedata
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from openpyxl import load_workbook

from domain.errors import LedgerError
from domain.money import AMOUNT_CEILING_VND
from domain.statements.decisions import STATEMENT_LINES_MAX
from domain.text import CODE_MAX_CHARS, NAME_MAX_CHARS, TAX_CODE_PATTERN, TEXT_MAX_CHARS
from domain.types import StatementEntry

__all__ = [
    "COLUMNS",
    "REQUIRED_COLUMNS",
    "STATEMENT_LINES_MAX",
    "ParsedStatement",
    "StatementColumnMissing",
    "StatementEncodingInvalid",
    "StatementFormatUnsupported",
    "StatementLine",
    "StatementValueInvalid",
    "StatementVoucherDuplicated",
    "parse_statement",
]

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

_CSV_DELIMITERS = (";", "\t", ",")  # on a tie the first wins: Vietnamese Excel writes ";"
_BLANK_CHARS = frozenset(" \t\r\n")
# Invisible characters pasted from web pages and e-mails; they would make two equal vouchers
# differ, so they are dropped from every value.
_INVISIBLE = ("\u200b", "\u2060", "\ufeff")
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)$")
_AMOUNT_UNIT = re.compile(r"\s*(?:đồng|vnđ|vnd|đ)$", re.IGNORECASE)
_WHOLE_AMOUNT = re.compile(
    r"[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+"
)
_TIME_OF_DAY = r"(?:[ T](?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?)?"
_DAY_FIRST = re.compile(
    r"(?P<day>[0-9]{1,2})(?P<sep>[/.\-])(?P<month>[0-9]{1,2})(?P=sep)(?P<year>[0-9]+)"
    + _TIME_OF_DAY
)
_ISO_DATE = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})" + _TIME_OF_DAY
)
# Control characters (Unicode category Cc) other than tab, CR and LF, and the replacement mark.
_NON_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc
_VOUCHER = re.compile(r"[\w./:\-]+")  # the same rule as ``domain.text.clean_code``
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


# The parser's lines are the ledger's statement entries: what was read is what is recorded.
StatementLine = StatementEntry


@dataclass(frozen=True)
class ParsedStatement:
    """Every line of one file, with what is needed to prove later which file it was."""

    file_format: str  # "csv" or "xlsx"
    encoding: str | None  # CSV: "utf-8", "utf-8-sig" (with BOM) or "cp1258"; None for XLSX
    sha256: str  # hex SHA-256 of the file's bytes exactly as given
    lines: tuple[StatementLine, ...]


class StatementFormatUnsupported(LedgerError):
    """The file is neither a CSV text nor an XLSX workbook (the message says what it looks like)."""

    code = "STATEMENT_FORMAT_UNSUPPORTED"


class StatementEncodingInvalid(LedgerError):
    """A CSV file that is neither UTF-8 nor Windows-1258 text."""

    code = "STATEMENT_ENCODING_INVALID"


class StatementColumnMissing(LedgerError):
    """A required column is absent from the header row; ``column`` is its Vietnamese name."""

    code = "STATEMENT_COLUMN_MISSING"

    def __init__(self, message: str, *, line: int, column: str) -> None:
        super().__init__(message, field=f"line {line}")
        self.line = line
        self.column = column


class StatementValueInvalid(LedgerError):
    """A bad cell (or row): ``line`` and ``column`` (the header as written in the file) name it."""

    code = "STATEMENT_VALUE_INVALID"

    def __init__(self, detail: str, *, line: int, column: str | None = None) -> None:
        where = f"line {line}" if column is None else f"line {line}, column {column}"
        message = (
            f"line {line}: {detail}"
            if column is None
            else f'line {line}, column "{column}": {detail}'
        )
        super().__init__(message, field=where)
        self.line = line
        self.column = column


class StatementVoucherDuplicated(LedgerError):
    """One voucher number on two lines: a payment would be recorded twice."""

    code = "STATEMENT_VOUCHER_DUPLICATED"

    def __init__(self, voucher_no: str, *, line: int, first_line: int, column: str) -> None:
        super().__init__(
            f'voucher "{voucher_no}" appears twice in the file: on line {first_line} and on '
            f"line {line}",
            field=f"line {line}, column {column}",
        )
        self.voucher_no = voucher_no
        self.line = line
        self.first_line = first_line
        self.column = column


def parse_statement(data: bytes, filename: str) -> ParsedStatement:
    """Read a treasury statement; the content decides the format, the name only labels messages."""
    digest = hashlib.sha256(data).hexdigest()
    if _file_kind(data, filename) == "xlsx":
        return ParsedStatement("xlsx", None, digest, _read_xlsx(data, filename))
    text, encoding = _decode_csv(data, filename)
    return ParsedStatement("csv", encoding, digest, _parse_rows(_csv_rows(text), csv_file=True))


# --- format and encoding ---------------------------------------------------------------------


def _file_kind(data: bytes, filename: str) -> str:
    """'xlsx' or 'csv' judged by the bytes: a renamed PDF or .xls must not be read as text."""
    if not data:
        raise StatementFormatUnsupported(f"{filename} is empty (0 bytes)")
    if data.startswith(b"%PDF"):
        raise StatementFormatUnsupported(
            f"{filename} looks like a PDF document: export the statement as XLSX or CSV"
        )
    if data.startswith(_OLE2_MAGIC):
        raise StatementFormatUnsupported(
            f"{filename} looks like an old binary Excel file (.xls, Excel 97-2003) or a "
            "password-protected workbook: open it in Excel and save it as .xlsx (without a "
            "password) or as CSV"
        )
    if data.startswith(_ZIP_MAGICS):
        return _zip_kind(data, filename)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StatementEncodingInvalid(
            f'{filename} is UTF-16 text (Excel\'s "Unicode Text"): save it as CSV UTF-8'
        )
    if b"\x00" in data:
        raise StatementFormatUnsupported(f"{filename} looks like binary data, not a CSV text")
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise StatementFormatUnsupported(
            f"{filename} looks like an HTML or XML document (some systems save web pages as "
            '".xls"): export the statement as XLSX or CSV'
        )
    return "csv"


def _zip_kind(data: bytes, filename: str) -> str:
    """An XLSX is a zip holding ``xl/workbook.xml``; name the usual other zips to help the user."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise StatementFormatUnsupported(
            f"{filename} looks like a damaged zip archive ({error})"
        ) from error
    if "xl/workbook.xml" in names:
        return "xlsx"
    if b"opendocument.spreadsheet" in mimetype:
        looks = "an OpenDocument spreadsheet (.ods): save it as .xlsx or CSV"
    elif "word/document.xml" in names:
        looks = "a Word document"
    else:
        looks = "a zip archive that is not an XLSX workbook"
    raise StatementFormatUnsupported(f"{filename} looks like {looks}")


def _decode_csv(data: bytes, filename: str) -> tuple[str, str]:
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


_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "cp1258": "Windows-1258"}


# --- rows of each format -------------------------------------------------------------------


Row = Sequence[object]


def _csv_rows(text: str) -> Iterator[tuple[int, Row]]:
    """Numbered rows (records, as a spreadsheet counts them) with the detected delimiter."""
    delimiter = _detect_delimiter(text)
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, skipinitialspace=True, strict=True
    )
    line = 0
    try:
        for line, row in enumerate(reader, start=1):
            yield line, row
    except csv.Error as error:
        raise StatementValueInvalid(
            f"the CSV text is malformed ({error}): a value with quotes must be quoted whole",
            line=line + 1,
        ) from error


def _detect_delimiter(text: str) -> str:
    """Count ';', tab and ',' outside quotes in the header row (csv.Sniffer guesses badly)."""
    counts = dict.fromkeys(_CSV_DELIMITERS, 0)
    in_quotes = False
    position = 0
    while position < len(text) and text[position] in _BLANK_CHARS:  # leading blank rows
        position += 1
    for ch in itertools.islice(text, position, None):
        if ch == '"':
            in_quotes = not in_quotes
        elif not in_quotes and ch in "\r\n":
            break
        elif not in_quotes and ch in counts:
            counts[ch] += 1
    best = max(_CSV_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _read_xlsx(data: bytes, filename: str) -> tuple[StatementLine, ...]:
    """The first worksheet, streamed; the workbook is closed whatever happens."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds (zip, XML, KeyError) on bad files
        raise StatementFormatUnsupported(
            f"{filename} looks like an XLSX workbook but cannot be read ({error})"
        ) from error
    try:
        if not workbook.worksheets:
            raise StatementFormatUnsupported(f"{filename} is an XLSX workbook without worksheets")
        sheet = workbook.worksheets[0]
        # Some writers record a wrong sheet size; without this, rows or columns would be lost.
        sheet.reset_dimensions()
        return _parse_rows(_xlsx_rows(sheet, filename), csv_file=False)
    finally:
        workbook.close()


def _xlsx_rows(sheet: Any, filename: str) -> Iterator[tuple[int, Row]]:
    """Rows numbered as the sheet numbers them (openpyxl fills in missing rows)."""
    rows = iter(sheet.iter_rows(values_only=True))
    line = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except Exception as error:  # damaged sheet XML inside a valid zip
            raise StatementFormatUnsupported(
                f"{filename}: the first worksheet cannot be read after row {line} ({error})"
            ) from error
        line += 1
        yield line, values


# --- header ----------------------------------------------------------------------------------


def _header_key(text: str) -> str:
    """Compare headers as people type them: no case, diacritics, extra spaces or unit note."""
    bare = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    bare = " ".join(bare.replace("đ", "d").replace("Đ", "D").casefold().split())
    return " ".join(_TRAILING_NOTE.sub("", bare).split())


_FIELD_BY_HEADER: dict[str, str] = {
    _header_key(header): field for field, headers in COLUMNS.items() for header in headers
}
# A header listed earlier wins over a later one for the same field: Treasury exports carry both
# "Ngày giá trị" (value date) and "Ngày hạch toán" (posting date), and the value date is meant.
_RANK_BY_HEADER: dict[str, int] = {
    _header_key(header): rank for headers in COLUMNS.values() for rank, header in enumerate(headers)
}


@dataclass(frozen=True)
class _Column:
    """Where a field's values are: messages quote the header as the user wrote it."""

    index: int
    header: str  # as written in the file, for messages


def _map_header(cells: Row, line: int) -> dict[str, _Column]:
    """Which column holds which field; unknown columns are ignored; of two for one field the
    header listed first in ``COLUMNS`` wins, and the same header twice is refused."""
    found: dict[str, _Column] = {}
    ranks: dict[str, int] = {}
    for index, cell in enumerate(cells):
        header = _plain(cell)
        key = _header_key(header)
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
            found[field] = _Column(index, header)
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


# --- lines -----------------------------------------------------------------------------------


def _parse_rows(rows: Iterator[tuple[int, Row]], *, csv_file: bool) -> tuple[StatementLine, ...]:
    """Header, then every data line; the first bad line (in file order) stops the parse."""
    header_line = width = 0
    columns: dict[str, _Column] | None = None
    lines: list[StatementLine] = []
    first_line_of: dict[str, int] = {}
    for line, cells in rows:
        if _is_blank(cells):
            continue
        if columns is None:
            header_line, columns = line, _map_header(cells, line)
            width = len(cells)
            continue
        if len(lines) == STATEMENT_LINES_MAX:
            raise StatementValueInvalid(
                f"the file has more than {STATEMENT_LINES_MAX:,} lines, the limit: split it "
                "into smaller files",
                line=line,
            )
        if csv_file:
            _refuse_extra_cells(cells, width, line)
        statement_line = _parse_line(line, cells, columns)
        voucher_column = columns["voucher_no"].header
        first = first_line_of.setdefault(statement_line.voucher_no, line)
        if first != line:
            raise StatementVoucherDuplicated(
                statement_line.voucher_no, line=line, first_line=first, column=voucher_column
            )
        lines.append(statement_line)
    if columns is None:
        raise StatementColumnMissing(
            "the file has no header row (it holds no values): the first row must name the "
            "columns " + ", ".join(f'"{COLUMNS[field][0]}"' for field in REQUIRED_COLUMNS),
            line=1,
            column=COLUMNS[REQUIRED_COLUMNS[0]][0],
        )
    if not lines:
        raise StatementValueInvalid("the file has a header but no data lines", line=header_line + 1)
    return tuple(lines)


def _is_blank(cells: Row) -> bool:
    """Empty rows (and rows of spaces) are layout, not lines; they keep their number."""
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _refuse_extra_cells(cells: Row, width: int, line: int) -> None:
    """More values than headers: usually "1,250,000" unquoted in a comma file, read as 3 values."""
    extra = [cell for cell in cells[width:] if not _is_blank([cell])]
    if extra:
        raise StatementValueInvalid(
            f"the row has {len(cells)} values but the header has {width} columns: "
            "a value that contains the delimiter (such as an amount 1,250,000) must be in quotes",
            line=line,
        )


def _parse_line(line: int, cells: Row, columns: dict[str, _Column]) -> StatementLine:
    """One data row; a short row has empty cells, an absent optional column gives ""."""

    def cell(field: str) -> _Cell:
        column = columns.get(field)
        if column is None:
            return _Cell(None, line, "")
        value = cells[column.index] if column.index < len(cells) else None
        return _Cell(value, line, column.header)

    return StatementLine(
        line_no=line,
        value_date=_value_date(cell("value_date")),
        voucher_no=_voucher_no(cell("voucher_no")),
        amount_vnd=_amount(cell("amount_vnd")),
        payee=_payee(cell("payee")),
        payee_tax_code=_tax_code(cell("payee_tax_code")),
        budget_chapter=_digits_code(cell("budget_chapter"), 3, "a chapter code (mã chương)"),
        budget_subitem=_digits_code(cell("budget_subitem"), 4, "a sub-item code (tiểu mục)"),
        description=_text(cell("description"), TEXT_MAX_CHARS),
    )


class _Cell(NamedTuple):
    """One value with where it came from, so every refusal names its line and column."""

    value: object
    line: int
    header: str

    def invalid(self, detail: str) -> StatementValueInvalid:
        return StatementValueInvalid(detail, line=self.line, column=self.header)

    def shown(self) -> str:
        """The value as the user sees it in the file, for messages."""
        if isinstance(self.value, str):
            text = _plain(self.value)
            return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'
        if isinstance(self.value, date | time):
            return self.value.isoformat()
        return repr(self.value)


def _plain(value: object) -> str:
    """NFC, invisible characters dropped, whitespace collapsed: how text is compared and kept."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = unicodedata.normalize("NFC", text)
    for invisible in _INVISIBLE:
        text = text.replace(invisible, "")
    return " ".join(text.split())


def _text(cell: _Cell, max_chars: int) -> str:
    """Text of a cell; a number cell gives its digits (Excel turns codes into numbers)."""
    value = cell.value
    if isinstance(value, bool | date | time | timedelta):
        raise cell.invalid(f"{cell.shown()} is not text")
    if isinstance(value, float):
        if not value.is_integer():
            raise cell.invalid(f"{cell.shown()} is not text (a number with decimals)")
        value = int(value)
    text = _plain(value)
    if _CONTROL.search(text):
        raise cell.invalid(f"{cell.shown()} contains control characters")
    if len(text) > max_chars:
        raise cell.invalid(f"{cell.shown()} is longer than {max_chars:,} characters")
    return text


def _voucher_no(cell: _Cell) -> str:
    """Upper case, so "unc-001" and "UNC-001" are one voucher; one token like the domain's codes."""
    voucher = _text(cell, CODE_MAX_CHARS).upper()
    if not voucher:
        raise cell.invalid("the voucher number is empty: every line needs one")
    if not _VOUCHER.fullmatch(voucher):
        raise cell.invalid(
            f"{cell.shown()} is not a voucher number: letters, digits and _ . / : - only, no spaces"
        )
    return voucher


def _payee(cell: _Cell) -> str:
    """A payment without a payee cannot be matched to an establishment."""
    payee = _text(cell, NAME_MAX_CHARS)
    if not payee:
        raise cell.invalid("the payee is empty: every line needs one")
    return payee


def _tax_code(cell: _Cell) -> str:
    """10 digits, 10-3 for a branch (13 digits get their dash), or a 12-digit personal number."""
    code = _text(cell, CODE_MAX_CHARS)
    if len(code) == 13 and code.isascii() and code.isdigit():
        code = f"{code[:10]}-{code[10:]}"
    if code and not TAX_CODE_PATTERN.match(code):
        raise cell.invalid(
            f"{cell.shown()} is not a tax code (10 digits, 10-3 digits such as 3701234567-001, "
            f"or 12 digits){_number_cell_hint(cell)}"
        )
    return code


def _digits_code(cell: _Cell, digits: int, what: str) -> str:
    """Budget classification codes have a fixed number of digits (Thông tư 324/2016/TT-BTC)."""
    code = _text(cell, CODE_MAX_CHARS)
    if code and not (len(code) == digits and code.isascii() and code.isdigit()):
        raise cell.invalid(
            f"{cell.shown()} is not {what} of {digits} digits{_number_cell_hint(cell)}"
        )
    return code


def _number_cell_hint(cell: _Cell) -> str:
    """Number cells lose leading zeros (0301234567 → 301234567): say how to keep them."""
    if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        return "; the cell is a number, which drops leading zeros: format the column as text"
    return ""


_POSITIVE = "statements list disbursements as positive amounts"


def _amount(cell: _Cell) -> int:
    """Whole đồng above zero, from a number cell or from text grouped in a style not misread."""
    value = cell.value
    if isinstance(value, bool | date | time | timedelta):
        raise cell.invalid(f"{cell.shown()} is not an amount of đồng")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise cell.invalid(f"{cell.shown()} is not a whole amount of đồng")
        value = int(value)
    amount = value if isinstance(value, int) else _amount_from_text(cell, _plain(value))
    if amount < 0:
        raise cell.invalid(f"{cell.shown()} is negative: {_POSITIVE}")
    if amount == 0:
        raise cell.invalid(f"{cell.shown()} is zero: {_POSITIVE}")
    if amount > AMOUNT_CEILING_VND:
        raise cell.invalid(
            f"{cell.shown()} is above the ceiling of {AMOUNT_CEILING_VND:,} đồng (extra zeros?)"
        )
    return amount


def _amount_from_text(cell: _Cell, text: str) -> int:
    """Digits grouped by three with one of '.', ',' or space; "1,25" could be a decimal: refused."""
    if not text:
        raise cell.invalid(f"the amount is empty: {_POSITIVE}")
    body, negative = _AMOUNT_UNIT.sub("", text), False
    if body.startswith("(") and body.endswith(")"):
        body, negative = _AMOUNT_UNIT.sub("", body[1:-1].strip()), True
    if body[:1] in ("-", "−"):
        body, negative = body[1:].strip(), True
    if not _WHOLE_AMOUNT.fullmatch(body):
        raise cell.invalid(f"{cell.shown()} is not a whole amount of đồng")
    amount = int(re.sub(r"[., ]", "", body))
    return -amount if negative else amount


def _value_date(cell: _Cell) -> date:
    """A date cell, or day/month/year or ISO text; month/day is never guessed."""
    value = cell.value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return _date_from_text(cell, _plain(value))
    if value is None:
        raise cell.invalid("the date is empty: every line needs a value date")
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise cell.invalid(
            f"{cell.shown()} is a number, not a date: format the column as a date (dd/mm/yyyy)"
        )
    raise cell.invalid(f"{cell.shown()} is not a date")


def _date_from_text(cell: _Cell, text: str) -> date:
    """Day first, or ISO; a two-digit year or an impossible day is refused, never corrected."""
    if not text:
        raise cell.invalid("the date is empty: every line needs a value date")
    match = _ISO_DATE.fullmatch(text) or _DAY_FIRST.fullmatch(text)
    if match is None:
        raise cell.invalid(f"{cell.shown()} is not a date: write dd/mm/yyyy or yyyy-mm-dd")
    if len(match["year"]) != 4:
        raise cell.invalid(
            f"{cell.shown()} does not have a four-digit year: write dd/mm/yyyy, e.g. 05/01/2024"
        )
    try:
        if match["hour"] is not None:
            time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise cell.invalid(
            f"{cell.shown()} is not a real date (dates are read as day/month/year)"
        ) from None
