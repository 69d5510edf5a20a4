"""Succession of budget holders: when a holder's budget ends (the district level on
2025-07-01), the open commitments of its projects pass to the successor holder by an explicit
decision, recorded on the lines (transfer out, transfer in) and on each project. Never silent:
until it is recorded, the commitments stay on the old holder's line and its payments are
refused (``HOLDER_NOT_VALID``)."""

from __future__ import annotations

from datetime import date

from domain.budget.book import LineBook
from domain.budget.holders import check_holder
from domain.errors import HolderStillValid, InvalidInput, UnknownHolder
from domain.events import Decision, LedgerEvent, Pending
from domain.fiscal import check_date
from domain.programs.definition import AdminUnit
from domain.programs.state import ProgramState
from domain.projects import checks
from domain.projects.commands import TransferToSuccessor
from domain.projects.events import Project
from domain.projects.state import ProjectState
from domain.text import clean_code
from domain.types import FundingSource, ProjectStatus

S = ProjectStatus
OPEN = {S.APPROVED, S.CONTRACTED, S.ACCEPTED, S.SUSPENDED}
TRANSFER_PROJECTS_MAX = 10_000


def successor(
    program: ProgramState, cmd: TransferToSuccessor, decision: Decision
) -> tuple[AdminUnit, AdminUnit, date]:
    """The holder whose budget ended, its successor valid on the decision's date, and that date."""
    day = check_date(cmd.decision_date, "decisionDate", today=decision.today)
    code = clean_code(cmd.from_holder, "fromHolder")
    old = next((u for u in program.definition.units if u.code == code), None)
    if old is None:
        raise UnknownHolder(f"{code!r} is not a unit of {program.code}", field="fromHolder")
    if old.valid_to is None or day <= old.valid_to:
        last = old.valid_to.isoformat() if old.valid_to else "no end"
        raise HolderStillValid(
            f"{old.code} ({old.name_vi}) holds its budget to {last}: nothing passes on "
            f"{day.isoformat()}",
            field="decisionDate",
        )
    if old.successor is None:
        raise UnknownHolder(f"{old.code} ({old.name_vi}) has no successor", field="fromHolder")
    new = check_holder(program, old.successor, day, "fromHolder")
    return old, new, day


def open_on(project: ProjectState, holder: str) -> dict[FundingSource, int]:
    """Unpaid support of a running project that sits on ``holder``'s lines."""
    if project.status not in OPEN:
        return {}
    paid = project.paid_by_source()
    return {
        source: amount - paid.get(source, 0)
        for source, amount in project.approved.items()
        if project.holder_of(source) == holder and amount > paid.get(source, 0)
    }


def transfer(
    project: ProjectState,
    lines: LineBook,
    old: AdminUnit,
    new: AdminUnit,
    day: date,
    cmd: TransferToSuccessor,
    decision: Decision,
) -> list[LedgerEvent]:
    """One project's part: its open commitments on ``old``'s lines move to ``new``'s, on the
    same fiscal year's lines; the project's events come first, then the lines'."""
    amounts = open_on(project, old.code)
    if not amounts:
        return []
    ref = clean_code(cmd.decision_no, "decisionNo")
    for source, amount in amounts.items():
        lines.transfer(
            project.budget_year,
            source,
            old.code,
            new.code,
            amount,
            project.id,
            effective_on=day,
            document_ref=ref,
        )
    pending = Pending(project.id, project.version, decision)
    pending.add(
        Project.HolderTransferred,
        effective_on=day,
        document_ref=ref,
        from_holder=old.code,
        to_holder=new.code,
        year=project.budget_year,
        amounts=checks.as_source_amounts(amounts),
    )
    return pending.events


def check_projects(cmd: TransferToSuccessor) -> None:
    if not cmd.project_ids:
        raise InvalidInput(f"no project has open commitments on {cmd.from_holder}", "fromHolder")
    if len(cmd.project_ids) > TRANSFER_PROJECTS_MAX:
        raise InvalidInput(f"at most {TRANSFER_PROJECTS_MAX} projects per transfer", "projectIds")
