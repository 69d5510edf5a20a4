"""Use cases of inspections."""

from __future__ import annotations

from typing import Any

from domain.application import LedgerApplication, Receipt
from domain.events import Decision, LedgerEvent
from domain.fiscal import check_date
from domain.ids import inspection_id
from domain.inspections import decisions
from domain.inspections.commands import RecordInspection, RecordInspectionFollowUp
from domain.inspections.loading import load_inspection
from domain.inspections.state import evolve
from domain.programs.loading import load_program
from domain.projects.loading import load_project
from domain.text import clean_code
from domain.types import Actor


class InspectionUseCases(LedgerApplication):
    def record_inspection(
        self, cmd: RecordInspection, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            program = load_program(self, cmd.program_code)
            day = check_date(cmd.inspected_on, "inspectedOn", today=decision.today)
            iid = inspection_id(program.code, clean_code(cmd.number, "number"), day.year)
            existing = self.load(iid, evolve)
            project = None if cmd.project_id is None else load_project(self, cmd.project_id)
            return iid, decisions.record_inspection(program, existing, project, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def record_inspection_follow_up(
        self, cmd: RecordInspectionFollowUp, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            program = load_program(self, cmd.program_code)
            number = clean_code(cmd.number, "number")
            inspection = load_inspection(self, program.code, number, cmd.inspected_on)
            return inspection.id, decisions.record_follow_up(inspection, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)
