"""Use cases of yearly reports."""

from __future__ import annotations

from typing import Any

from domain.application import LedgerApplication, Receipt
from domain.events import Decision, LedgerEvent
from domain.fiscal import check_date
from domain.ids import yearly_report_id
from domain.programs.loading import load_program
from domain.reports import decisions
from domain.reports.commands import RecordYearlyReport
from domain.reports.state import evolve
from domain.text import clean_code
from domain.types import Actor


class ReportUseCases(LedgerApplication):
    def record_yearly_report(
        self, cmd: RecordYearlyReport, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            program = load_program(self, cmd.program_code)
            day = check_date(cmd.reported_on, "reportedOn", today=decision.today)
            rid = yearly_report_id(program.code, clean_code(cmd.number, "number"), day.year)
            existing = self.load(rid, evolve)
            return rid, decisions.record_yearly_report(program, existing, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)
