"""Spreadsheet exports for finance officers: one XLSX workbook, or three CSV files.

Both carry the same three tables with the same Vietnamese headers:

* "Dự toán" — each budget line (year × funding source) with every figure of
  ``projections.figures``, each column headed by its Vietnamese term and, in brackets, the
  GraphQL field whose value it holds (``Dự toán được giao (đồng) [allocated]``), so that a
  machine can join the file to the API on ``[year]`` and ``[source]``;
* "Thực hiện" — projects' money per year × source × content item × administrative unit,
  ``committed`` and ``paid`` as the vocabulary defines them;
* "Chỉ tiêu" — the program's indicators, with the achievement rate = achieved ÷ current target.

Amounts are whole đồng. In the workbook they are integer cells formatted ``#,##0`` — Excel then
groups digits with the separator of the reader's locale (``1.234.567`` under Vietnamese) while
the cell keeps the exact number; in CSV they are plain integers (``1234567``) so that the file
re-imports exactly. Ratios are the API's (four places); they are left empty when their
denominator is zero.

The workbook is written with openpyxl's write-only mode: rows stream to disk one at a time, so a
long execution table costs no more memory than a short one.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from finance.exports.model import BudgetPhases, ExecutionRow, ExportData, TargetRow
from projections.figures import FIGURES_BY_FIELD, VOCABULARY, Figure, ratio

AMOUNT_FORMAT = "#,##0"
RATIO_FORMAT = "0.0%"

# A workbook number is an IEEE double (ECMA-376 stores cell values as xsd:double): integers are
# exact up to 2^53 — about 9 million billion đồng, beyond any province's budget. Past that the
# cell would silently round, so the writer refuses instead.
EXACT_LIMIT = 2**53


Kind = Literal["plain", "integer", "amount", "ratio"]
Value = str | int | Decimal | None


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    kind: Kind = "plain"


@dataclass(frozen=True)
class Table:
    """One table: its sheet name in the workbook, its file suffix in CSV and its columns."""

    sheet: str
    suffix: str  # "" for the execution table, which takes the file name the caller gave
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


@dataclass(frozen=True)
class LineColumn:
    """A column of the budget lines' table and how it reads its value from a line."""

    column: Column
    value: Callable[[BudgetPhases], Value]


def _figure_column(figure: Figure) -> LineColumn:
    width = 16 if figure.kind == "ratio" else max(22, len(figure.header) * 0.8)
    kind: Kind = "ratio" if figure.kind == "ratio" else "amount"
    return LineColumn(
        Column(figure.header, width, kind), lambda line: line.figures.value(figure.name)
    )


# What identifies a line comes first (year, source, holder); then every
# figure of the vocabulary, each headed "term [GraphQL field]" and holding the API's value.
LINE_KEY_COLUMNS: tuple[LineColumn, ...] = (
    LineColumn(Column("Năm [year]", 8, "plain"), lambda line: line.year),
    LineColumn(Column("Nguồn kinh phí [source]", 16), lambda line: line.source),
    LineColumn(Column("Tên nguồn kinh phí", 32), lambda line: line.source_name_vi),
    LineColumn(Column("Đơn vị giữ dự toán [holder.code]", 12), lambda line: line.holder_code),
    LineColumn(Column("Tên đơn vị giữ dự toán [holder.name]", 28), lambda line: line.holder_name),
)
LINE_COLUMNS: tuple[LineColumn, ...] = (
    *LINE_KEY_COLUMNS,
    *(_figure_column(figure) for figure in VOCABULARY),
)

PHASES = Table(
    sheet="Dự toán",
    suffix=".du-toan",
    columns=tuple(line_column.column for line_column in LINE_COLUMNS),
)

EXECUTION = Table(
    sheet="Thực hiện",
    suffix="",
    columns=(
        Column("Năm [year]", 8, "plain"),
        Column("Nguồn kinh phí [source]", 16),
        Column("Tên nguồn kinh phí", 32),
        Column("Mã nội dung", 12),
        Column("Nội dung", 60),
        Column("Mã đơn vị", 10),
        Column("Đơn vị hành chính", 28),
        Column(FIGURES_BY_FIELD["committed"].header, 20, "amount"),
        Column(FIGURES_BY_FIELD["paid"].header, 20, "amount"),
    ),
)

TARGETS = Table(
    sheet="Chỉ tiêu",
    suffix=".chi-tieu",
    columns=(
        Column("Mục", 8),
        Column("Mã chỉ tiêu", 24),
        Column("Chỉ tiêu", 60),
        Column("Đơn vị tính", 14),
        Column("Chỉ tiêu được giao", 14, "integer"),
        Column("Chỉ tiêu hiện hành", 14, "integer"),
        Column("Kế hoạch", 12, "integer"),
        Column("Đạt được", 12, "integer"),
        Column("Tỷ lệ đạt", 12, "ratio"),
    ),
)

INFO_SHEET = "Thông tin"


def phase_rows(rows: Iterable[BudgetPhases]) -> Iterator[tuple[Value, ...]]:
    for row in rows:
        yield tuple(line_column.value(row) for line_column in LINE_COLUMNS)


def execution_rows(rows: Iterable[ExecutionRow]) -> Iterator[tuple[Value, ...]]:
    for row in rows:
        yield (
            row.year,
            row.source,
            row.source_name_vi,
            row.content_code,
            row.content_title_vi,
            row.unit_code,
            row.unit_name,
            row.committed,
            row.paid,
        )


def target_rows(rows: Iterable[TargetRow]) -> Iterator[tuple[Value, ...]]:
    for row in rows:
        yield (
            row.section,
            row.indicator_code,
            row.name_vi,
            row.unit,
            row.target_as_approved,
            row.target,
            row.planned,
            row.achieved,
            ratio(row.achieved, row.target),  # as the API's target progress
        )


def tables(data: ExportData) -> list[tuple[Table, Iterator[tuple[Value, ...]]]]:
    """The three tables with their rows, in the order the workbook shows them."""
    return [
        (PHASES, phase_rows(data.phases)),
        (EXECUTION, execution_rows(data.execution)),
        (TARGETS, target_rows(data.targets)),
    ]


# --- XLSX -----------------------------------------------------------------------------------


def write_xlsx(data: ExportData, path: Path) -> None:
    """Write the workbook: "Dự toán", "Thực hiện", "Chỉ tiêu" and a small "Thông tin" sheet."""
    _check_exact(data)
    workbook = Workbook(write_only=True)
    for table, rows in tables(data):
        _write_sheet(workbook, table, rows)
    _write_info(workbook, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def _check_exact(data: ExportData) -> None:
    """Refuse before writing anything: a half-written workbook is worse than none."""
    for table, rows in tables(data):
        for row in rows:
            for value, column in zip(row, table.columns, strict=True):
                if isinstance(value, int) and abs(value) > EXACT_LIMIT:
                    raise ValueError(
                        f"{table.sheet}, {column.header}: {value} cannot be stored exactly "
                        "in a workbook cell"
                    )


def _write_sheet(workbook: Any, table: Table, rows: Iterable[tuple[Value, ...]]) -> None:
    """Widths, frozen header and filter are declared before or around the streamed rows, as the
    write-only mode requires (columns first, tail settings are written when the sheet closes)."""
    sheet = workbook.create_sheet(table.sheet)
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.append(_header_cells(sheet, table.headers))
    count = 0
    for row in rows:
        sheet.append(
            [
                _cell(sheet, value, column.kind)
                for value, column in zip(row, table.columns, strict=True)
            ]
        )
        count += 1
    last_column = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last_column}{count + 1}"


def _header_cells(sheet: Any, headers: Sequence[str]) -> list[Any]:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="center")
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        cell.alignment = wrap
        cells.append(cell)
    return cells


def _cell(sheet: Any, value: Value, kind: Kind) -> Any:
    """Amounts stay ``int``, exact below ``EXACT_LIMIT``; a ratio becomes a float only here,
    for display."""
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=float(value))
    else:
        cell = WriteOnlyCell(sheet, value=value)
    if kind in ("amount", "integer"):
        cell.number_format = AMOUNT_FORMAT
    elif kind == "ratio":
        cell.number_format = RATIO_FORMAT
    return cell


def info_rows(data: ExportData) -> list[tuple[str, str | int]]:
    """What the figures are, and as of when: an export is a snapshot at one ledger position."""
    program = data.program
    year = (
        str(data.year)
        if data.year is not None
        else f"Tất cả các năm ({program.period_start.year}–{program.period_end.year})"
    )
    return [
        ("Chương trình", f"{program.code} — {program.title_vi}"),
        ("Program", program.title_en),
        (
            "Quyết định",
            f"{program.decision_no} ngày {program.decision_date:%d/%m/%Y} của {program.issuer}",
        ),
        (
            "Thời gian thực hiện",
            f"{program.period_start:%d/%m/%Y} – {program.period_end:%d/%m/%Y}",
        ),
        ("Vị trí sổ cái", data.position),
        ("Thời điểm lập", data.generated_at.isoformat(timespec="seconds")),
        ("Năm", year),
        ("Đơn vị tiền tệ", "đồng (VND)"),
        ("Đơn vị báo cáo", program.reporting_org_name),
    ]


def _write_info(workbook: Any, data: ExportData) -> None:
    sheet = workbook.create_sheet(INFO_SHEET)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 80
    bold = Font(bold=True)
    for label, value in info_rows(data):
        label_cell = WriteOnlyCell(sheet, value=label)
        label_cell.font = bold
        # The position is a count, not money: no grouping, so it reads as the ledger shows it.
        sheet.append([label_cell, WriteOnlyCell(sheet, value=value)])


# --- CSV ------------------------------------------------------------------------------------


def write_csv(data: ExportData, path: Path) -> list[Path]:
    """Write the execution table to ``path`` and the phases and targets beside it, as
    ``<stem>.du-toan.csv`` and ``<stem>.chi-tieu.csv``. Returns the paths written.

    UTF-8 with a byte-order mark: without it Excel opens the file as the local ANSI code page and
    the Vietnamese letters break."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written: dict[Table, Path] = {}
    for table, rows in tables(data):
        target = path if not table.suffix else path.with_name(f"{path.stem}{table.suffix}.csv")
        _write_csv_table(target, table, rows)
        written[table] = target
    # The file the caller named comes first.
    return [written[EXECUTION], written[PHASES], written[TARGETS]]


def _write_csv_table(target: Path, table: Table, rows: Iterable[tuple[Value, ...]]) -> None:
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.headers)
        for row in rows:
            writer.writerow([_csv_value(value) for value in row])


def _csv_value(value: Value) -> str:
    """A ratio is written as the API answers it: a JSON float of the four-place value
    (``0.5234``, ``0.5``, ``1.0``), so the text compares equal to GraphQL's."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return repr(float(value))
    return str(value)
