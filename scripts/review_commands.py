"""Review commands: record a yearly report received, an inspection and its follow-up (for Sở
Công Thương), and write the program review as XLSX."""

from __future__ import annotations

from argparse import Namespace
from datetime import date
from pathlib import Path
from typing import Any

from domain.errors import InvalidInput
from domain.ids import project_id
from domain.inspections.commands import RecordInspection, RecordInspectionFollowUp
from domain.reports.commands import RecordYearlyReport
from domain.types import Actor, ContentAmount, Output, Role
from finance.exports.review import write_review_xlsx
from projections.queries import CATCH_UP_WAIT_S
from projections.rows import AsOf
from scripts.bootstrap import bootstrap
from scripts.settings import Settings

OPERATOR = Actor("khuyencong-cli", Role.DOIT)  # Sở Công Thương receives reports and inspects


def add_review_commands(commands: Any) -> None:
    report = commands.add_parser(
        "record-report",
        help="record a department's yearly report received (Điều 2.3), with its figures",
    )
    report.add_argument("--program", default="BD-KC-2025")
    report.add_argument("--number", required=True, help="e.g. 125/BC-SNN")
    report.add_argument("--date", required=True, type=date.fromisoformat)
    report.add_argument("--sender", required=True)
    report.add_argument("--year", required=True, type=int)
    report.add_argument("--output", action="append", default=[], help="INDICATOR=QUANTITY")
    report.add_argument("--amount", action="append", default=[], help="CONTENT=ĐỒNG")
    report.add_argument("--note", default="")
    report.set_defaults(run=record_report_command)

    inspection = commands.add_parser(
        "record-inspection", help="record an inspection of a project or a budget holder"
    )
    inspection.add_argument("--program", default="BD-KC-2025")
    inspection.add_argument("--number", required=True, help="e.g. 15/BB-SCT")
    inspection.add_argument("--date", required=True, type=date.fromisoformat)
    inspection.add_argument("--body", required=True, help="the inspecting body")
    inspection.add_argument("--findings", required=True)
    inspection.add_argument("--follow-up", default="", help="what the inspected must do")
    subject = inspection.add_mutually_exclusive_group(required=True)
    subject.add_argument("--project", help="the project's code")
    subject.add_argument("--holder", help="the budget holder's unit code")
    inspection.set_defaults(run=record_inspection_command)

    follow_up = commands.add_parser(
        "record-follow-up", help="record what was done on an inspection's findings"
    )
    follow_up.add_argument("--program", default="BD-KC-2025")
    follow_up.add_argument("--number", required=True, help="the inspection's number")
    follow_up.add_argument("--inspected-on", required=True, type=date.fromisoformat)
    follow_up.add_argument("--date", required=True, type=date.fromisoformat)
    follow_up.add_argument("--note", required=True)
    follow_up.set_defaults(run=record_follow_up_command)

    review = commands.add_parser(
        "review",
        help="the program review (Điều 2.1.d) as XLSX: targets, achievements and money per "
        "year and content item beside the yearly reports",
    )
    review.add_argument("--out", required=True, type=Path)
    review.add_argument("--program", default="BD-KC-2025")
    review.add_argument("--position", type=int, help="as of this ledger position")
    review.set_defaults(run=review_command)


def record_report_command(settings: Settings, args: Namespace) -> int:
    command = RecordYearlyReport(
        program_code=args.program,
        number=args.number,
        reported_on=args.date,
        sender=args.sender,
        year=args.year,
        outputs=tuple(Output(*_pair(x, "--output")) for x in args.output),
        amounts=tuple(ContentAmount(*_pair(x, "--amount")) for x in args.amount),
        note=args.note,
    )
    with bootstrap(settings) as services:
        receipt = services.ledger.record_yearly_report(command, OPERATOR)
    print(f"report {args.number} of {args.sender} for {args.year}: position {receipt.position}")
    return 0


def record_inspection_command(settings: Settings, args: Namespace) -> int:
    command = RecordInspection(
        program_code=args.program,
        number=args.number,
        inspected_on=args.date,
        body=args.body,
        findings=args.findings,
        follow_up=args.follow_up,
        project_id=None if args.project is None else project_id(args.program, args.project),
        holder_code=args.holder,
    )
    with bootstrap(settings) as services:
        receipt = services.ledger.record_inspection(command, OPERATOR)
    print(f"inspection {args.number} of {args.project or args.holder}: position {receipt.position}")
    return 0


def record_follow_up_command(settings: Settings, args: Namespace) -> int:
    command = RecordInspectionFollowUp(
        program_code=args.program,
        number=args.number,
        inspected_on=args.inspected_on,
        done_on=args.date,
        note=args.note,
    )
    with bootstrap(settings) as services:
        receipt = services.ledger.record_inspection_follow_up(command, OPERATOR)
    print(f"follow-up of inspection {args.number}: position {receipt.position}")
    return 0


def review_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services:
        services.read_model.wait_for(services.ledger.head_position(), CATCH_UP_WAIT_S)
        as_of = None if args.position is None else AsOf(position=args.position)
        review = services.read_model.program_review(args.program, as_of)
    write_review_xlsx(review, args.out)
    indicators = sum(len(item.indicators) for item in review.items)
    print(
        f"review of {review.program_code} at position {review.position}: "
        f"{len(review.items)} content items by year, {indicators} indicator rows, "
        f"{len(review.reports)} reports"
    )
    print(f"  {args.out}")
    return 0


def _pair(text: str, option: str) -> tuple[str, int]:
    code, _, value = text.partition("=")
    if not code or not value.strip().isdigit():
        raise InvalidInput(f"{option} takes CODE=NUMBER, not {text!r}", field=option)
    return code.strip(), int(value)
