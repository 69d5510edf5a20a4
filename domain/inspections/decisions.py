"""Recording an inspection and its follow-up: one number per program, of one project or one
budget holder of the program, dated on or before the day it is recorded."""

from __future__ import annotations

from domain.errors import (
    InspectionAlreadyRecorded,
    InvalidDate,
    InvalidInput,
    UnknownHolder,
    UnknownProject,
)
from domain.events import Decision, LedgerEvent, Pending
from domain.fiscal import check_date
from domain.ids import inspection_id
from domain.inspections.commands import RecordInspection, RecordInspectionFollowUp
from domain.inspections.events import Inspection
from domain.inspections.state import InspectionState
from domain.programs.state import ProgramState
from domain.projects.state import ProjectState
from domain.text import TEXT_MAX_CHARS, clean_code, clean_text, optional_text

FOLLOW_UPS_MAX = 50  # follow-ups of one inspection


def record_inspection(
    program: ProgramState,
    existing: InspectionState | None,
    project: ProjectState | None,
    cmd: RecordInspection,
    decision: Decision,
) -> list[LedgerEvent]:
    number = clean_code(cmd.number, "number")
    day = check_date(cmd.inspected_on, "inspectedOn", today=decision.today)
    if existing is not None:
        raise InspectionAlreadyRecorded(
            f"inspection {number} of {day.year} is already recorded in {program.code}",
            field="number",
        )
    if (cmd.project_id is None) == (cmd.holder_code is None):
        raise InvalidInput("name either the project or the budget holder inspected", "projectId")
    if project is not None:
        if project.program_code != program.code:
            raise UnknownProject(f"no project {project.id} in {program.code}", "projectId")
        if day < project.proposed_on:
            raise InvalidDate(
                f"project {project.code} was proposed on {project.proposed_on.isoformat()}",
                field="inspectedOn",
            )
        subject = {
            "project_id": str(project.id),
            "project_code": project.code,
            "unit_code": project.unit_code,
        }
    else:
        holder = str(cmd.holder_code or "").strip()
        if holder not in {unit.code for unit in program.definition.units}:
            raise UnknownHolder(f"{holder!r} is not a unit of {program.code}", "holderCode")
        subject = {"project_id": "", "project_code": "", "unit_code": holder}
    pending = Pending(inspection_id(program.code, number, day.year), 0, decision)
    pending.add(
        Inspection.Recorded,
        effective_on=day,
        document_ref=number,
        program_code=program.code,
        number=number,
        body=clean_text(cmd.body, "body"),
        findings=clean_text(cmd.findings, "findings", max_chars=TEXT_MAX_CHARS),
        follow_up=optional_text(cmd.follow_up, "followUp"),
        **subject,
    )
    return pending.events


def record_follow_up(
    inspection: InspectionState, cmd: RecordInspectionFollowUp, decision: Decision
) -> list[LedgerEvent]:
    day = check_date(cmd.done_on, "doneOn", today=decision.today)
    if day < inspection.inspected_on:
        raise InvalidDate(
            f"inspection {inspection.number} was made on {inspection.inspected_on.isoformat()}",
            field="doneOn",
        )
    if inspection.follow_ups >= FOLLOW_UPS_MAX:
        raise InvalidInput(f"at most {FOLLOW_UPS_MAX} follow-ups", field="number")
    document = clean_code(cmd.document_no, "documentNo") if cmd.document_no else ""
    pending = Pending(inspection.id, inspection.version, decision)
    pending.add(
        Inspection.FollowUpRecorded,
        effective_on=day,
        document_ref=document or inspection.number,
        program_code=inspection.program_code,
        number=inspection.number,
        note=clean_text(cmd.note, "note", max_chars=TEXT_MAX_CHARS),
        project_id=inspection.project_id,
        unit_code=inspection.unit_code,
    )
    return pending.events
