"""Sở Công Thương at the command line: a yearly report and an inspection in, the program review
out as a workbook whose figures are the read model's."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from scripts.bootstrap import bootstrap
from scripts.settings import Settings
from tests.e2e.cli import khuyencong
from tests.support import Scenario

REPORT = (
    "record-report",
    "--number",
    "125/BC-SNN",
    "--date",
    "2024-06-10",
    "--sender",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "--year",
    "2024",
    "--output",
    "machines_applied=3",
    "--amount",
    "IV.1.b=400000000",
)
INSPECTION = (
    "record-inspection",
    "--number",
    "15/BB-SCT",
    "--date",
    "2024-06-01",
    "--body",
    "Sở Công Thương",
    "--findings",
    "Đúng hồ sơ.",
    "--follow-up",
    "Bổ sung nhật ký vận hành.",
    "--project",
    "DA-2024-01",
)
FOLLOW_UP = (
    "record-follow-up",
    "--number",
    "15/BB-SCT",
    "--inspected-on",
    "2024-06-01",
    "--date",
    "2024-06-20",
    "--note",
    "Đã bổ sung.",
)


def test_record_a_report_and_an_inspection_and_write_the_review(
    scenario: Scenario, database_url: str, tmp_path: Path
) -> None:
    scenario.allocate(1_000_000_000)
    scenario.approved_project("DA-2024-01")
    for args in (REPORT, INSPECTION, FOLLOW_UP):
        done = khuyencong(database_url, tmp_path, *args)
        assert done.returncode == 0, done.stderr
    head = scenario.ledger.head_position()
    again = khuyencong(database_url, tmp_path, *REPORT)
    assert again.returncode == 2
    assert "REPORT_ALREADY_RECORDED [number]" in again.stderr
    unknown = khuyencong(database_url, tmp_path, *INSPECTION[:-1], "DA-NONE")
    assert unknown.returncode == 2
    assert "UNKNOWN_PROJECT" in unknown.stderr
    assert scenario.ledger.head_position() == head  # nothing written

    assert khuyencong(database_url, tmp_path, "projector", "--until-caught-up").returncode == 0
    out = tmp_path / "review.xlsx"
    written = khuyencong(database_url, tmp_path, "review", "--out", str(out))
    assert written.returncode == 0, written.stderr
    sheets = load_workbook(out)
    assert sheets.sheetnames == ["Tổng kết", "Chỉ tiêu theo năm", "Báo cáo", "Thông tin"]
    rows = list(sheets["Tổng kết"].iter_rows(values_only=True))
    assert rows[0][:5] == (
        "Năm [year]",
        "Mã nội dung [contentCode]",
        "Nội dung [contentTitle]",
        "Cam kết (đồng) [committed]",
        "Thực chi (đồng) [paid]",
    )
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings) as services:
        review = services.read_model.program_review("BD-KC-2025")
    by_key = {(r[0], r[1]): r for r in rows[1:]}
    for item in review.items:
        row = by_key[(item.year, item.content_code)]
        assert (row[3], row[4], row[-1]) == (
            item.figures.committed,
            item.figures.paid,
            item.reported_amount,
        )
    assert by_key[(2024, "IV.1.b")][3] == 250_000_000
    assert by_key[(2024, "IV.1.b")][-1] == 400_000_000
    reports = list(sheets["Báo cáo"].iter_rows(values_only=True))[1:]
    assert [(r[0], r[4], r[5], r[6], r[7]) for r in reports] == [
        ("125/BC-SNN", "machines_applied", 3, None, None),
        ("125/BC-SNN", None, None, "IV.1.b", 400_000_000),
    ]
