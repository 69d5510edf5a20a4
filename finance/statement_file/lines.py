"""From numbered rows to statement lines: the header first, then every data line in file order."""

from __future__ import annotations

from collections.abc import Iterator

from domain.statements.decisions import STATEMENT_LINES_MAX
from domain.text import TEXT_MAX_CHARS
from domain.types import StatementEntry
from finance.statement_file.cells import Cell, Row
from finance.statement_file.errors import (
    StatementColumnMissing,
    StatementValueInvalid,
    StatementVoucherDuplicated,
)
from finance.statement_file.header import COLUMNS, REQUIRED_COLUMNS, Column, map_header
from finance.statement_file.values import (
    read_amount,
    read_digits_code,
    read_payee,
    read_tax_code,
    read_text,
    read_value_date,
    read_voucher_no,
)

# The parser's lines are the ledger's statement entries: what was read is what is recorded.
StatementLine = StatementEntry


def parse_rows(rows: Iterator[tuple[int, Row]], *, csv_file: bool) -> tuple[StatementLine, ...]:
    """Header, then every data line; the first bad line (in file order) stops the parse."""
    header_line = width = 0
    columns: dict[str, Column] | None = None
    lines: list[StatementLine] = []
    first_line_of: dict[str, int] = {}
    for line, cells in rows:
        if _is_blank(cells):
            continue
        if columns is None:
            header_line, columns = line, map_header(cells, line)
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
        statement_line = parse_line(line, cells, columns)
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


def parse_line(line: int, cells: Row, columns: dict[str, Column]) -> StatementLine:
    """One data row; a short row has empty cells, an absent optional column gives ""."""

    def cell(field: str) -> Cell:
        column = columns.get(field)
        if column is None:
            return Cell(None, line, "")
        value = cells[column.index] if column.index < len(cells) else None
        return Cell(value, line, column.header)

    return StatementLine(
        line_no=line,
        value_date=read_value_date(cell("value_date")),
        voucher_no=read_voucher_no(cell("voucher_no")),
        amount_vnd=read_amount(cell("amount_vnd")),
        payee=read_payee(cell("payee")),
        payee_tax_code=read_tax_code(cell("payee_tax_code")),
        budget_chapter=read_digits_code(cell("budget_chapter"), 3, "a chapter code (mã chương)"),
        budget_subitem=read_digits_code(cell("budget_subitem"), 4, "a sub-item code (tiểu mục)"),
        description=read_text(cell("description"), TEXT_MAX_CHARS),
    )
