"""The program review as one XLSX workbook, for the final report (tổng kết, Điều 2.1.d).

Three tables, headed as the budget exports are — the Vietnamese term and, in brackets, the
GraphQL field of ``programReview`` whose value the column holds — so a machine can join the
file to the API:

* "Tổng kết" — per year and content item, the projects' money (the figures of
  ``projections.figures``) beside the money the yearly reports stated;
* "Chỉ tiêu theo năm" — per year and indicator, what the targets query answers for that year
  beside the quantity the reports stated;
* "Báo cáo" — every figure of every yearly report received, as its sender stated it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from openpyxl import Workbook

from finance.exports.tables import Column, Table, Value, _write_sheet
from projections.figures import FIGURES_BY_FIELD
from projections.review_rows import ProgramReview


def _money(field: str) -> Column:
    return Column(FIGURES_BY_FIELD[field].header, 20, "amount")


MONEY = ("committed", "paid", "settled", "refunded", "refundDue")
ITEMS = Table(
    "Tổng kết",
    "",
    (
        Column("Năm [year]", 8),
        Column("Mã nội dung [contentCode]", 14),
        Column("Nội dung [contentTitle]", 60),
        *(_money(field) for field in MONEY),
        Column("Kinh phí theo báo cáo (đồng) [reportedAmount]", 22, "amount"),
    ),
)
INDICATORS = Table(
    "Chỉ tiêu theo năm",
    "",
    (
        Column("Năm [year]", 8),
        Column("Mã nội dung [contentCode]", 14),
        Column("Mã chỉ tiêu [progress.indicator.code]", 24),
        Column("Chỉ tiêu [progress.indicator.nameVi]", 50),
        Column("Đơn vị tính [progress.indicator.unit]", 14),
        Column("Chỉ tiêu được giao [progress.targetAsApproved]", 14, "integer"),
        Column("Chỉ tiêu hiện hành [progress.target]", 14, "integer"),
        Column("Kế hoạch [progress.planned]", 12, "integer"),
        Column("Đạt được [progress.achieved]", 12, "integer"),
        Column("Theo báo cáo [reported]", 12, "integer"),
    ),
)
REPORTS = Table(
    "Báo cáo",
    "",
    (
        Column("Số báo cáo [number]", 16),
        Column("Ngày báo cáo [reportedOn]", 12),
        Column("Đơn vị gửi [sender]", 40),
        Column("Năm báo cáo [year]", 8),
        Column("Mã chỉ tiêu [outputs.indicatorCode]", 24),
        Column("Số lượng [outputs.quantity]", 12, "integer"),
        Column("Mã nội dung [amounts.contentCode]", 14),
        Column("Số tiền (đồng) [amounts.amount]", 20, "amount"),
    ),
)


def item_rows(review: ProgramReview) -> Iterator[tuple[Value, ...]]:
    for item in review.items:
        f = item.figures
        money = (f.committed, f.paid, f.settled, f.refunded, f.refund_due)
        yield (item.year, item.content_code, item.content_title, *money, item.reported_amount)


def indicator_rows(review: ProgramReview) -> Iterator[tuple[Value, ...]]:
    for item in review.items:
        for x in item.indicators:
            p, i = x.progress, x.progress.indicator
            yield (
                item.year,
                item.content_code,
                i.code,
                i.name_vi,
                i.unit,
                p.target_as_approved,
                p.target,
                p.planned,
                p.achieved,
                x.reported,
            )


def report_rows(review: ProgramReview) -> Iterator[tuple[Value, ...]]:
    for r in review.reports:
        head = (r.number, r.reported_on, r.sender, r.year)
        for code, quantity in r.outputs:
            yield (*head, code, quantity, None, None)
        for code, amount in r.amounts:
            yield (*head, None, None, code, amount)


def write_review_xlsx(review: ProgramReview, path: Path, made_at: datetime | None = None) -> None:
    workbook = Workbook(write_only=True)
    _write_sheet(workbook, ITEMS, item_rows(review))
    _write_sheet(workbook, INDICATORS, indicator_rows(review))
    _write_sheet(workbook, REPORTS, report_rows(review))
    info = workbook.create_sheet("Thông tin")
    info.append(["Chương trình", review.program_code])
    info.append(["Vị trí sổ cái [position]", review.position])
    info.append(["Lập lúc (UTC)", (made_at or datetime.now(UTC)).isoformat(timespec="seconds")])
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
