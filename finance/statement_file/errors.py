"""The refusals of a statement file: each names the line (and column) a finance officer must fix."""

from __future__ import annotations

from domain.errors import LedgerError


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
