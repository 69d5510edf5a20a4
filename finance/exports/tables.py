"""Spreadsheet exports for finance officers: one XLSX workbook, or three CSV files.

Both carry the same three tables with the same Vietnamese headers:

* "Dự toán" — each budget line (year × funding source) through its phases: proposed, approved
  ("được giao"), adjusted ("sau điều chỉnh") and executed ("thực hiện"), with the execution rate
  = executed ÷ adjusted (the allocation as it stands is what the money is measured against);
* "Thực hiện" — projects' money per year × source × content item × administrative unit;
* "Chỉ tiêu" — the program's indicators, with the achievement rate = achieved ÷ current target.

Amounts are whole đồng. In the workbook they are integer cells formatted ``#,##0`` — Excel then
groups digits with the separator of the reader's locale (``1.234.567`` under Vietnamese) while
the cell keeps the exact number; in CSV they are plain integers (``1234567``) so that the file
re-imports exactly. Ratios are left empty when their denominator is zero.

The workbook is written with openpyxl's write-only mode: rows stream to disk one at a time, so a
long execution table costs no more memory than a short one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from finance.exports.model import BudgetPhases, ExecutionRow, ExportData, TargetRow

AMOUNT_FORMAT = "#,##0"
RATIO_FORMAT = "0.0%"

# A workbook number is an IEEE double (ECMA-376 stores cell values as xsd:double): integers are
# exact up to 2^53 — about 9 million billion đồng, beyond any province's budget. Past that the
# cell would silently round, so the writer refuses instead.
EXACT_LIMIT = 2**53

# A ratio is kept to four decimal places (0.1 % shown in Excel, 0.01 % in CSV): enough for a rate
# and short enough that the CSV does not look like a float dump.
_RATIO_STEP = Decimal("0.0001")

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


PHASES = Table(
    sheet="Dự toán",
    suffix=".du-toan",
    columns=(
        Column("Năm", 8, "plain"),
        Column("Nguồn kinh phí", 40),
        Column("Dự toán đề xuất (đồng)", 22, "amount"),
        Column("Dự toán được giao (đồng)", 22, "amount"),
        Column("Dự toán sau điều chỉnh (đồng)", 24, "amount"),
        Column("Thực hiện (đồng)", 22, "amount"),
        Column("Tỷ lệ thực hiện", 14, "ratio"),
    ),
)

EXECUTION = Table(
    sheet="Thực hiện",
    suffix="",
    columns=(
        Column("Năm", 8, "plain"),
        Column("Nguồn kinh phí", 36),
        Column("Mã nội dung", 12),
        Column("Nội dung", 60),
        Column("Mã đơn vị", 10),
        Column("Đơn vị hành chính", 28),
        Column("Cam kết (đồng)", 20, "amount"),
        Column("Đã chi (đồng)", 20, "amount"),
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


def ratio(part: int, whole: int) -> Decimal | None:
    """``part / whole`` computed in decimal from the integers, so no float enters an amount's
    neighbourhood; ``None`` (an empty cell) when there is nothing to measure against."""
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(_RATIO_STEP, rounding=ROUND_HALF_UP)


def phase_rows(rows: Iterable[BudgetPhases]) -> Iterator[tuple[Value, ...]]:
    for row in rows:
        yield (
            row.year,
            row.source_name_vi,
            row.proposed,
            row.approved,
            row.adjusted,
            row.executed,
            ratio(row.executed, row.adjusted),
        )


def execution_rows(rows: Iterable[ExecutionRow]) -> Iterator[tuple[Value, ...]]:
    for row in rows:
        yield (
            row.year,
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
            ratio(row.achieved, row.target),
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
    if value is None:
        return ""
    return str(value)
