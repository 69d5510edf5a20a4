"""Decisions that move a project through its life: propose, appraise, approve or reject,
adjust, suspend, resume, cancel, sign the contract and accept outputs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from domain.budget.book import LineBook
from domain.budget.decisions import check_program_year
from domain.budget.holders import holder_for
from domain.errors import (
    FiscalDateViolation,
    InvalidInput,
    InvalidTransition,
    ProjectAlreadyExists,
    SupportAboveCost,
    UnknownContentItem,
    UnknownEstablishment,
    UnknownPlanItem,
)
from domain.events import Decision, LedgerEvent, Pending
from domain.fiscal import check_date, year_end
from domain.ids import project_id
from domain.money import check_amount
from domain.plans.state import PlanState
from domain.programs.state import ProgramState
from domain.projects import checks, co_financing
from domain.projects.commands import (
    AcceptOutputs,
    AdjustProject,
    AppraiseProject,
    ApproveProject,
    CancelProject,
    ProposeProject,
    RejectProject,
    ResumeProject,
    SignContract,
    SuspendProject,
)
from domain.projects.events import Project
from domain.projects.state import ProjectState
from domain.projects.support_caps import check_support
from domain.text import TEXT_MAX_CHARS, clean_code, clean_text, optional_text
from domain.types import AppraisalResult, FundingSource, ProjectStatus

S = ProjectStatus
RUNNING = {S.APPROVED, S.CONTRACTED, S.ACCEPTED}
BENEFICIARIES_MAX = 500


def propose(
    program: ProgramState,
    existing: ProjectState | None,
    known_establishments: set[UUID],
    cmd: ProposeProject,
    decision: Decision,
    plan: PlanState | None = None,
) -> list[LedgerEvent]:
    """``plan``: the plan of the unit ``cmd.plan_item`` names, for the project's year."""
    code = clean_code(cmd.code, "code")
    if existing is not None:
        raise ProjectAlreadyExists(f"project {code} exists in {program.code}", field="code")
    item = program.content_item(cmd.content_code)
    if item.parent_code is None:
        raise UnknownContentItem(f"{item.code} is a group; name one of its items", "contentCode")
    proposed_on = check_date(cmd.proposed_on or decision.today, "proposedOn", today=decision.today)
    unit = program.unit_valid_on(cmd.unit_code, proposed_on)
    year = check_program_year(program, cmd.year)
    cost = check_amount(cmd.eligible_cost_vnd, "eligibleCost")
    requested = checks.source_amounts(program, cmd.requested_support, "requestedSupport")
    if sum(requested.values()) > cost:
        raise SupportAboveCost("requested support exceeds the eligible cost", "requestedSupport")
    declared_vnd, note = co_financing.declared(
        cmd.co_financing_vnd,
        cmd.co_financing_note,
        eligible_cost_vnd=cost,
        requested_vnd=sum(requested.values()),
    )
    planned = checks.outputs(program, cmd.planned_outputs, "plannedOutputs", allow_empty=True)
    if len(cmd.beneficiary_ids) > BENEFICIARIES_MAX:
        raise InvalidInput(f"at most {BENEFICIARIES_MAX} beneficiaries", "beneficiaryIds")
    for index, beneficiary in enumerate(cmd.beneficiary_ids):
        if beneficiary not in known_establishments:
            raise UnknownEstablishment(
                f"{beneficiary} is not a registered establishment", f"beneficiaryIds[{index}]"
            )
    pending = Pending(project_id(program.code, code), 0, decision)
    pending.add(
        Project.Proposed,
        effective_on=proposed_on,
        document_ref=code,
        program_code=program.code,
        code=code,
        title=clean_text(cmd.title, "title", max_chars=TEXT_MAX_CHARS),
        content_code=item.code,
        unit_code=unit.code,
        year=year,
        eligible_cost_vnd=cost,
        requested=checks.as_source_amounts(requested),
        planned_outputs=planned,
        beneficiary_ids=tuple(dict.fromkeys(cmd.beneficiary_ids)),
        co_financing_vnd=declared_vnd,
        co_financing_note=note,
        plan_unit_code=plan.unit_code if plan is not None else "",
        plan_item_no=_plan_item(program, plan, cmd, item.code, unit.code) if plan else 0,
    )
    return pending.events


def _plan_item(
    program: ProgramState, plan: PlanState, cmd: ProposeProject, content_code: str, unit_code: str
) -> int:
    """The plan item a project carries out does the project's content in the project's unit
    (an item of the province's plan: in any unit)."""
    assert cmd.plan_item is not None
    item = plan.item(cmd.plan_item.item_no)
    if item is None:
        raise UnknownPlanItem(
            f"no item {cmd.plan_item.item_no} in unit {plan.unit_code}'s {plan.year} plan",
            field="planItem.itemNo",
        )
    if item.content_code != content_code:
        raise InvalidInput(
            f"item {item.item_no} plans {item.content_code}, not {content_code}", "planItem"
        )
    if item.unit_code != unit_code and program.unit(item.unit_code).level != "province":
        raise InvalidInput(f"item {item.item_no} is carried out in {item.unit_code}", "planItem")
    return item.item_no


def appraise(project: ProjectState, cmd: AppraiseProject, decision: Decision) -> list[LedgerEvent]:
    checks.require_status(project, {S.PROPOSED, S.APPRAISED}, "appraise")
    pending = Pending(project.id, project.version, decision)
    pending.add(
        Project.Appraised,
        effective_on=decision.today,
        document_ref=optional_text(cmd.record_no, "recordNo", max_chars=64),
        result=AppraisalResult(cmd.result),
        notes=optional_text(cmd.notes, "notes"),
    )
    return pending.events


def approve(
    program: ProgramState,
    project: ProjectState,
    lines: LineBook,
    cmd: ApproveProject,
    decision: Decision,
) -> list[LedgerEvent]:
    checks.require_status(project, {S.APPRAISED}, "approve")
    if project.appraisal is not AppraisalResult.PASS:
        raise InvalidTransition("the appraisal did not pass; reject or re-appraise", "projectId")
    support = checks.source_amounts(program, cmd.approved_support, "approvedSupport")
    day = _decision_day(project, cmd.decision_date, decision)
    if day > year_end(project.budget_year):
        raise FiscalDateViolation(
            f"support of {project.budget_year} must be approved by "
            f"{year_end(project.budget_year).isoformat()}",
            field="decisionDate",
        )
    _check_caps(program, project, support, day, "approvedSupport")
    ref = clean_code(cmd.decision_no, "decisionNo")
    holders = holders_on(program, project, support, day)
    for index, (source, amount) in enumerate(support.items()):
        lines.commit(
            project.budget_year,
            source,
            holders[source],
            amount,
            project.id,
            effective_on=day,
            document_ref=ref,
            field=f"approvedSupport[{index}].amount",
        )
    pending = Pending(project.id, project.version, decision)
    pending.add(
        Project.Approved,
        effective_on=day,
        document_ref=ref,
        support=checks.as_source_amounts(support),
        budget_year=project.budget_year,
        holders={source.value: code for source, code in holders.items()},
    )
    return pending.events + lines.events


def holders_on(
    program: ProgramState, project: ProjectState, sources: Iterable[FundingSource], day: date
) -> dict[FundingSource, str]:
    """Where each source's commitment sits: where it already is, or, for a source committed
    for the first time, the holder the rule names on ``day`` (``domain.budget.holders``)."""
    return {
        source: project.holder_of(source)
        if source in project.approved
        else holder_for(program, source, project.unit_code, day, "approvedSupport").code
        for source in sources
    }


def reject(project: ProjectState, cmd: RejectProject, decision: Decision) -> list[LedgerEvent]:
    checks.require_status(project, {S.PROPOSED, S.APPRAISED}, "reject")
    return _simple(
        project, Project.Rejected, cmd.reason, cmd.decision_no, cmd.decision_date, decision
    )


def adjust(
    program: ProgramState,
    project: ProjectState,
    lines: LineBook,
    cmd: AdjustProject,
    decision: Decision,
) -> list[LedgerEvent]:
    checks.require_status(project, {*RUNNING, S.SUSPENDED}, "adjust")
    support = checks.source_amounts(
        program, cmd.approved_support, "approvedSupport", standing=project.approved
    )
    if support == project.approved:
        raise InvalidInput("the approved support is already this", field="approvedSupport")
    paid = project.paid_by_source()
    for source, amount in paid.items():
        if support.get(source, 0) < amount:
            raise InvalidInput(
                f"{source.value} would fall below the {amount:,} đồng already paid",
                field="approvedSupport",
            )
    day = _decision_day(project, cmd.decision_date, decision)
    assert project.approved_on is not None
    _check_caps(program, project, support, project.approved_on, "approvedSupport")
    ref = clean_code(cmd.decision_no, "decisionNo")
    holders = holders_on(program, project, set(support) | set(project.approved), day)
    for index, source in enumerate(FundingSource):
        delta = support.get(source, 0) - project.approved.get(source, 0)
        if delta > 0:
            lines.commit(
                project.budget_year,
                source,
                holders[source],
                delta,
                project.id,
                effective_on=day,
                document_ref=ref,
                field=f"approvedSupport[{index}]",
            )
        elif delta < 0:
            lines.release(
                project.budget_year,
                source,
                holders[source],
                -delta,
                project.id,
                effective_on=day,
                document_ref=ref,
            )
    pending = Pending(project.id, project.version, decision)
    pending.add(
        Project.Adjusted,
        effective_on=day,
        document_ref=ref,
        support=checks.as_source_amounts(support),
        previous_support=checks.as_source_amounts(project.approved),
        reason=clean_text(cmd.reason, "reason", max_chars=TEXT_MAX_CHARS),
        holders={
            source.value: code for source, code in holders.items() if source not in project.approved
        },
    )
    return pending.events + lines.events


def suspend(project: ProjectState, cmd: SuspendProject, decision: Decision) -> list[LedgerEvent]:
    checks.require_status(project, RUNNING, "suspend")
    return _simple(
        project, Project.Suspended, cmd.reason, cmd.decision_no, cmd.decision_date, decision
    )


def resume(project: ProjectState, cmd: ResumeProject, decision: Decision) -> list[LedgerEvent]:
    checks.require_status(project, {S.SUSPENDED}, "resume")
    return _simple(
        project, Project.Resumed, cmd.reason, cmd.decision_no, cmd.decision_date, decision
    )


def cancel(
    project: ProjectState, lines: LineBook, cmd: CancelProject, decision: Decision
) -> list[LedgerEvent]:
    """Unpaid support returns to the budget; what was paid must be refunded."""
    checks.require_status(
        project, {S.PROPOSED, S.APPRAISED, S.APPROVED, S.CONTRACTED, S.SUSPENDED}, "cancel"
    )
    day = _decision_day(project, cmd.decision_date, decision)
    ref = clean_code(cmd.decision_no, "decisionNo")
    paid = project.paid_by_source()
    released = {s: a - paid.get(s, 0) for s, a in project.approved.items()}
    for source, amount in released.items():
        if amount > 0:
            lines.release(
                project.budget_year,
                source,
                project.holder_of(source),
                amount,
                project.id,
                effective_on=day,
                document_ref=ref,
            )
    pending = Pending(project.id, project.version, decision)
    pending.add(
        Project.Cancelled,
        effective_on=day,
        document_ref=ref,
        reason=clean_text(cmd.reason, "reason", max_chars=TEXT_MAX_CHARS),
        released=checks.as_source_amounts(released),
        refund_due=checks.as_source_amounts(paid),
        previous_status=project.status,
    )
    return pending.events + lines.events


def sign_contract(
    project: ProjectState, cmd: SignContract, decision: Decision
) -> list[LedgerEvent]:
    checks.require_status(project, {S.APPROVED}, "sign a contract for")
    signed_on = _decision_day(project, cmd.signed_on, decision, field="signedOn")
    contract_no = clean_code(cmd.contract_no, "contractNo")
    pending = Pending(project.id, project.version, decision)
    pending.add(
        Project.ContractSigned,
        effective_on=signed_on,
        document_ref=contract_no,
        contract_no=contract_no,
        signed_on=signed_on,
    )
    return pending.events


def accept_outputs(
    program: ProgramState, project: ProjectState, cmd: AcceptOutputs, decision: Decision
) -> list[LedgerEvent]:
    checks.require_status(project, RUNNING, "accept outputs of")
    accepted = checks.outputs(program, cmd.outputs, "outputs", allow_empty=False)
    day = _decision_day(project, cmd.accepted_on, decision, field="acceptedOn")
    record_no = clean_code(cmd.record_no, "recordNo")
    evidenced_vnd, document = co_financing.evidenced(
        cmd.co_financing_vnd, cmd.co_financing_document
    )
    pending = Pending(project.id, project.version, decision)
    pending.add(
        Project.OutputsAccepted,
        effective_on=day,
        document_ref=record_no,
        outputs=accepted,
        record_no=record_no,
        co_financing_vnd=evidenced_vnd,
        co_financing_document=document,
    )
    return pending.events


def _check_caps(
    program: ProgramState,
    project: ProjectState,
    support: dict[FundingSource, int],
    day: date,
    field: str,
) -> None:
    check_support(
        program,
        support,
        content_code=project.content_code,
        planned_outputs=project.planned_outputs,
        beneficiary_ids=project.beneficiary_ids,
        eligible_cost_vnd=project.eligible_cost_vnd,
        on=day,
        field=field,
    )


def _decision_day(
    project: ProjectState, value: object, decision: Decision, field: str = "decisionDate"
) -> date:
    day = check_date(value, field, today=decision.today)
    earliest = project.approved_on if field != "decisionDate" and project.approved_on else None
    earliest = earliest or project.proposed_on
    if day < earliest:
        raise InvalidInput(f"cannot be before {earliest.isoformat()}", field=field)
    return day


def _simple(
    project: ProjectState,
    event_class: type[Project.Rejected] | type[Project.Suspended] | type[Project.Resumed],
    reason: str,
    decision_no: str,
    decision_date: object,
    decision: Decision,
) -> list[LedgerEvent]:
    day = _decision_day(project, decision_date, decision)
    pending = Pending(project.id, project.version, decision)
    pending.add(
        event_class,
        effective_on=day,
        document_ref=clean_code(decision_no, "decisionNo"),
        reason=clean_text(reason, "reason", max_chars=TEXT_MAX_CHARS),
    )
    return pending.events
