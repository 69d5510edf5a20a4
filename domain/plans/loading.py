"""Loading annual plans."""

from __future__ import annotations

from domain.application import LedgerApplication
from domain.errors import UnknownPlan
from domain.ids import plan_id
from domain.plans.state import PlanState, evolve


def find_plan(app: LedgerApplication, program_code: str, year: int, unit: str) -> PlanState | None:
    return app.load(plan_id(program_code, year, unit), evolve)


def load_plan(app: LedgerApplication, program_code: str, year: int, unit: str) -> PlanState:
    state = find_plan(app, program_code, year, unit)
    if state is None:
        raise UnknownPlan(f"no plan of unit {unit} for {year} in {program_code}", "unitCode")
    return state
