"""Use cases of annual plans."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.application import LedgerApplication, Receipt
from domain.budget.decisions import check_program_year
from domain.budget.holders import region_holder
from domain.events import Decision, LedgerEvent
from domain.plans import decisions
from domain.plans.commands import ApprovePlan, CompilePlan, RevisePlan, SubmitPlan
from domain.plans.loading import find_plan, load_plan
from domain.plans.state import PlanState
from domain.programs.loading import load_program
from domain.programs.state import ProgramState
from domain.text import clean_code
from domain.types import Actor

Decided = tuple[UUID, list[LedgerEvent]]


class PlanUseCases(LedgerApplication):
    def plan(self, program_code: str, year: int, unit_code: str) -> PlanState:
        return load_plan(self, program_code, year, unit_code)

    def submit_plan(
        self, cmd: SubmitPlan, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            program = load_program(self, cmd.program_code)
            year = check_program_year(program, cmd.year)
            existing = find_plan(self, program.code, year, clean_code(cmd.unit_code, "unitCode"))
            region = self._region_plan(program, year)
            region_code = region_unit(program, year)
            events = decisions.submit(program, existing, region, region_code, cmd, decision)
            return events[0].originator_id, events

        return self.execute(cmd, actor, idempotency_key, decide)

    def revise_plan(
        self, cmd: RevisePlan, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            program = load_program(self, cmd.program_code)
            year = check_program_year(program, cmd.year)
            plan = load_plan(self, program.code, year, clean_code(cmd.unit_code, "unitCode"))
            region = self._region_plan(program, year)
            return plan.id, decisions.revise(program, plan, region, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def compile_plan(
        self, cmd: CompilePlan, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            program = load_program(self, cmd.program_code)
            year = check_program_year(program, cmd.year)
            region = self._region_plan(program, year)
            events = decisions.compile_plans(
                region, self._district_plans(program, year), cmd, decision
            )
            return events[0].originator_id, events

        return self.execute(cmd, actor, idempotency_key, decide)

    def approve_plan(
        self, cmd: ApprovePlan, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            program = load_program(self, cmd.program_code)
            year = check_program_year(program, cmd.year)
            region = self._region_plan(program, year)
            events = decisions.approve(region, self._district_plans(program, year), cmd, decision)
            return events[0].originator_id, events

        return self.execute(cmd, actor, idempotency_key, decide)

    def _region_plan(self, program: ProgramState, year: int) -> PlanState | None:
        """The province's plan for the year: the Center's own items and the compilation. Its
        unit is the region's on 1 January of the year (74 for every year of Decision 1811)."""
        return find_plan(self, program.code, year, region_unit(program, year))

    def _district_plans(self, program: ProgramState, year: int) -> tuple[PlanState, ...]:
        found = (
            find_plan(self, program.code, year, unit.code)
            for unit in program.definition.units
            if unit.level == decisions.DISTRICT
        )
        return tuple(plan for plan in found if plan is not None)


def region_unit(program: ProgramState, year: int) -> str:
    return region_holder(program, date(year, 1, 1), "year").code
