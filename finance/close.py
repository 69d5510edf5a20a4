"""Year-end close (khóa sổ): carry over what qualifies, cancel the rest, then mark the year.

A close is many commands, each validated and recorded as its own events by the ordinary use
cases: a project contracted by 31 December with support still unpaid is carried over to the
next year's lines (chuyển nguồn); an approved project without such a contract is cancelled, its
unpaid support released; what is left free on each of the year's budget lines is cancelled
(hủy dự toán). ``Program.YearClosed`` comes last. A close that stops half way (a crash, a
refused command) can be run again: what was done is not there to do twice.

The close refuses while statement lines of the year are unmatched, unless forced with a reason;
the reason and the count are recorded in ``Program.YearClosed``. A close recorded after the
year's adjustment window (31 January of the next year) is late: refused unless forced with a
reason, and recorded as late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.budget.commands import CancelBudget
from domain.budget.decisions import check_program_year
from domain.errors import InvalidInput, YearAlreadyClosed, YearNotReconciled
from domain.fiscal import local_date, year_end
from domain.ledger import Ledger
from domain.programs.commands import RecordYearClosed
from domain.programs.decisions import check_close_in_time
from domain.projects.commands import CancelProject, CarryOverProject
from domain.projects.state import ProjectState
from domain.types import Actor, FundingSource, ProjectStatus
from finance.reconciliation import reconcile
from projections.queries import CATCH_UP_WAIT_S, ReadModel

CARRIED = {ProjectStatus.CONTRACTED, ProjectStatus.ACCEPTED}
CANCELLED_AT_CLOSE = {ProjectStatus.APPROVED, ProjectStatus.CONTRACTED}
# Nothing stands committed on these: a cancelled project keeps its approved amounts in its
# state, but its commitment was released when it was cancelled.
FINISHED = {
    ProjectStatus.PROPOSED,
    ProjectStatus.APPRAISED,
    ProjectStatus.REJECTED,
    ProjectStatus.CANCELLED,
    ProjectStatus.SETTLED,
}


@dataclass(frozen=True)
class CloseYear:
    program_code: str
    year: int
    decision_no: str
    decision_date: date
    force: bool = False
    reason: str = ""


@dataclass(frozen=True)
class CloseReport:
    program_code: str
    year: int
    carried: tuple[str, ...]  # project codes
    cancelled: tuple[str, ...]
    left: tuple[tuple[str, str], ...]  # (project code, why it was left alone)
    cancelled_vnd: int
    unmatched_lines: int
    forced: bool  # force was needed: lines unmatched, or a late close
    late: bool  # recorded after the year's adjustment window
    position: int | None  # of Program.YearClosed


def close_year(ledger: Ledger, read_model: ReadModel, cmd: CloseYear, actor: Actor) -> CloseReport:
    program = ledger.program(cmd.program_code)
    check_program_year(program, cmd.year)  # before lateness: a year it never ran has no close
    if cmd.year in program.closed_years:
        raise YearAlreadyClosed(f"{cmd.year} of {program.code} is already closed", field="year")
    if cmd.force and not cmd.reason.strip():
        raise InvalidInput("a forced close needs its reason", field="reason")
    late = check_close_in_time(cmd.year, today=local_date(ledger.clock()), forced=cmd.force)
    # The close reconciles from the read model: first it must show the whole ledger.
    read_model.wait_for(ledger.head_position(), CATCH_UP_WAIT_S)
    unmatched = reconcile(read_model.store, program.code, cmd.year).unmatched_lines
    if unmatched and not cmd.force:
        raise YearNotReconciled(
            f"{unmatched} statement lines of {cmd.year} are unmatched or differ in amount: "
            "match them, or close with force and a reason",
            field="force",
        )
    forced = cmd.force and (bool(unmatched) or late)
    carried, cancelled, left = [], [], []
    for project_id in _projects_of_year(read_model, program.code, cmd.year):
        project = ledger.project(project_id)
        if project.status in FINISHED or project.budget_year != cmd.year:
            continue
        if not _unpaid(project):
            continue
        signed = project.contract_signed_on
        if project.status in CARRIED and signed is not None and signed <= year_end(cmd.year):
            ledger.carry_over_project(
                CarryOverProject(
                    project_id=project.id,
                    decision_no=cmd.decision_no,
                    decision_date=cmd.decision_date,
                ),
                actor,
            )
            carried.append(project.code)
        elif project.status in CANCELLED_AT_CLOSE:
            ledger.cancel_project(
                CancelProject(
                    project_id=project.id,
                    reason=f"khóa sổ năm {cmd.year}: không ký hợp đồng trước 31/12",
                    decision_no=cmd.decision_no,
                    decision_date=cmd.decision_date,
                ),
                actor,
            )
            cancelled.append(project.code)
        else:
            left.append((project.code, f"{project.status.value.lower()}: decide it first"))
    cancelled_vnd = 0
    for source, holder in _lines_of_year(read_model, program.code, cmd.year):
        line = ledger.budget_line(program.code, cmd.year, source, holder)
        if line is None or line.available_vnd <= 0:
            continue
        ledger.cancel_budget(
            CancelBudget(
                program_code=program.code,
                year=cmd.year,
                source=source,
                holder_code=holder,
                amount_vnd=line.available_vnd,
                reason=f"khóa sổ năm {cmd.year}: hủy dự toán còn lại",
                decision_no=cmd.decision_no,
                decision_date=cmd.decision_date,
            ),
            actor,
        )
        cancelled_vnd += line.available_vnd
    receipt = ledger.record_year_closed(
        RecordYearClosed(
            program_code=program.code,
            year=cmd.year,
            decision_no=cmd.decision_no,
            decision_date=cmd.decision_date,
            forced=forced,
            reason=cmd.reason,
            unmatched_lines=unmatched,
            carried_projects=len(carried),
            cancelled_projects=len(cancelled),
            cancelled_vnd=cancelled_vnd,
        ),
        actor,
    )
    return CloseReport(
        program.code,
        cmd.year,
        tuple(carried),
        tuple(cancelled),
        tuple(left),
        cancelled_vnd,
        unmatched,
        forced,
        late,
        receipt.position,
    )


def _projects_of_year(read_model: ReadModel, program_code: str, year: int) -> list[UUID]:
    """Candidates from the register; each is loaded and decided on the write side."""
    return [UUID(pid) for pid in read_model.projects_charged_to(program_code, year)]


def _lines_of_year(
    read_model: ReadModel, program_code: str, year: int
) -> list[tuple[FundingSource, str]]:
    """Every (source, holder) with a line in the year, from the register: each is loaded and
    decided on the write side."""
    report = read_model.budget(program_code, year)
    return [(FundingSource(line.source), line.holder_code) for line in report.lines]


def _unpaid(project: ProjectState) -> bool:
    paid = project.paid_by_source()
    return any(amount > paid.get(source, 0) for source, amount in project.approved.items())
