"""State Treasury (Kho bạc Nhà nước) statement files, CSV or XLSX, read into plain lines.

The parser is pure: it writes nothing and keeps nothing. It returns every line of the file or
raises one ``LedgerError`` that names the line and the column, so a finance officer can fix the
file and send it again; the ``importTreasuryStatement`` command decides what to record.

Line numbers are the row numbers a spreadsheet shows: in a CSV file the header row is 1 and the
first data row is 2 (a quoted value spanning several text lines is still one row); in an XLSX
workbook they are the sheet's row numbers. Blank rows keep their number and are skipped.

``docs/FINANCE.md`` ("Treasury statement files") describes the accepted files for the finance
department; keep the two in step.

The reading goes in steps, one module each: ``detection`` (which kind of file), ``decoding``
(the text of a CSV), ``csv_rows`` and ``xlsx_rows`` (numbered rows), ``header`` (which column is
which field), ``lines`` (one statement line per row, its cells read by ``values``); ``errors``
holds the refusals.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from domain.statements.decisions import STATEMENT_LINES_MAX
from finance.statement_file.csv_rows import csv_rows
from finance.statement_file.decoding import decode_csv
from finance.statement_file.detection import file_kind
from finance.statement_file.errors import (
    StatementColumnMissing,
    StatementEncodingInvalid,
    StatementFormatUnsupported,
    StatementValueInvalid,
    StatementVoucherDuplicated,
)
from finance.statement_file.header import COLUMNS, REQUIRED_COLUMNS
from finance.statement_file.lines import StatementLine, parse_rows
from finance.statement_file.xlsx_rows import xlsx_rows

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


@dataclass(frozen=True)
class ParsedStatement:
    """Every line of one file, with what is needed to prove later which file it was."""

    file_format: str  # "csv" or "xlsx"
    encoding: str | None  # CSV: "utf-8", "utf-8-sig" (with BOM) or "cp1258"; None for XLSX
    sha256: str  # hex SHA-256 of the file's bytes exactly as given
    lines: tuple[StatementLine, ...]


def parse_statement(data: bytes, filename: str) -> ParsedStatement:
    """Read a treasury statement; the content decides the format, the name only labels messages."""
    digest = hashlib.sha256(data).hexdigest()
    if file_kind(data, filename) == "xlsx":
        with xlsx_rows(data, filename) as rows:
            return ParsedStatement("xlsx", None, digest, parse_rows(rows, csv_file=False))
    text, encoding = decode_csv(data, filename)
    return ParsedStatement("csv", encoding, digest, parse_rows(csv_rows(text), csv_file=True))
