"""The program's review in the demo: the yearly reports that other departments send to Sở
Công Thương in the first days of January after each year (Điều 2.3), and the inspections Sở
Công Thương makes with Sở Tài chính (Điều 2.1.d, 2.2.b), one of a budget holder and some of
projects under way, with the follow-up of what they asked. Deterministic for a seed; the
figures are what the departments state, from their own integrated projects, so they need not
match the ledger."""

from __future__ import annotations

import random
from datetime import date, timedelta

from domain.inspections.commands import RecordInspection, RecordInspectionFollowUp
from domain.reports.commands import RecordYearlyReport
from domain.types import ContentAmount, Output
from scripts.demo.commands import Entry
from scripts.demo.plans import ACCEPTED, SETTLED, History, ProjectPlan
from scripts.demo.program import DOIT, FINANCE, PROGRAM, YEARS, workday

MILLION = 1_000_000
# (sender, document suffix, what it reports: indicators, content items)
SENDERS = (
    (
        "Sở Nông nghiệp và Phát triển nông thôn",
        "BC-SNN",
        ("machines_applied", "demo_models"),
        ("IV.1.a", "IV.1.b"),
    ),
    (
        "Hội Liên hiệp Phụ nữ tỉnh",
        "BC-HLHPN",
        ("training_courses", "trainees"),
        ("IV.4.b",),
    ),
)
BODY = "Đoàn kiểm tra liên ngành Sở Công Thương – Sở Tài chính"
HOLDER_INSPECTED = "719"  # Bàu Bàng, a northern district
INSPECTED_YEARS = (2022, 2023, 2024, 2025)


def review_entries(history: History) -> list[Entry]:
    """Every report and inspection of the demo, with its business day."""
    return [*_reports(history.seed), *_inspections(history)]


def _reports(seed: int) -> list[Entry]:
    entries = []
    for year in YEARS:
        for sender, suffix, indicators, contents in SENDERS:
            rng = random.Random(f"{seed}:report:{year}:{suffix}")
            day = workday(date(year + 1, 1, 2 + rng.randint(0, 5)))
            command = RecordYearlyReport(
                program_code=PROGRAM,
                number=f"{rng.randint(3, 40)}/{suffix}",
                reported_on=day,
                sender=sender,
                year=year,
                outputs=tuple(Output(code, _quantity(code, rng)) for code in indicators),
                amounts=tuple(
                    ContentAmount(code, rng.randint(8, 60) * 10 * MILLION) for code in contents
                ),
                note="Kết quả lồng ghép các dự án thuộc chương trình mục tiêu quốc gia.",
            )
            entries.append(Entry(day, command, DOIT))
    return entries


def _quantity(indicator: str, rng: random.Random) -> int:
    return rng.randint(20, 60) if indicator == "trainees" else rng.randint(1, 4)


def _inspections(history: History) -> list[Entry]:
    entries = []
    holder_day = workday(date(2023, 10, 18))
    entries.append(
        Entry(
            holder_day,
            RecordInspection(
                program_code=PROGRAM,
                number="21/BB-STC",
                inspected_on=holder_day,
                body=BODY,
                findings="Dự toán khuyến công cấp huyện được giao và sử dụng đúng nội dung; "
                "hồ sơ thanh toán lưu đủ.",
                holder_code=HOLDER_INSPECTED,
            ),
            FINANCE,
        )
    )
    for n, year in enumerate(INSPECTED_YEARS):
        plan = _under_way(history, year)
        if plan is None:
            continue
        days = {act.what: act.day for act in plan.acts}
        day = workday(days["contract"] + (days["accept"] - days["contract"]) // 2)
        number = f"{12 + n}/BB-SCT"
        asked = "Bổ sung nhật ký vận hành thiết bị và biên bản bàn giao." if n % 2 == 0 else ""
        entries.append(
            Entry(
                day,
                RecordInspection(
                    program_code=PROGRAM,
                    number=number,
                    inspected_on=day,
                    body=BODY,
                    findings="Cơ sở thực hiện đề án đúng tiến độ, đúng nội dung được duyệt.",
                    follow_up=asked,
                    project_id=plan.id,
                ),
                DOIT,
            )
        )
        done = workday(day + timedelta(days=20))
        if asked:
            entries.append(
                Entry(
                    done,
                    RecordInspectionFollowUp(
                        program_code=PROGRAM,
                        number=number,
                        inspected_on=day,
                        done_on=done,
                        note="Cơ sở đã bổ sung nhật ký vận hành và biên bản bàn giao.",
                    ),
                    DOIT,
                )
            )
    return entries


def _under_way(history: History, year: int) -> ProjectPlan | None:
    """The year's first delivering project (by code) with weeks between contract and
    acceptance, inspected while it is carried out."""
    for plan in sorted(history.projects, key=lambda p: p.code):
        days = {act.what: act.day for act in plan.acts}
        if (
            plan.year == year
            and plan.fate in (SETTLED, ACCEPTED)
            and "contract" in days
            and "accept" in days
            and (days["accept"] - days["contract"]).days >= 30
        ):
            return plan
    return None
