"""An annual plan as it stands: its items, and (the province's plan) what it compiled and
what was approved."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from uuid import UUID

from domain.plans.events import Plan
from domain.plans.items import PlanAllocation, PlanItem


@dataclass(frozen=True)
class PlanState:
    id: UUID
    version: int
    program_code: str
    year: int
    unit_code: str
    items: tuple[PlanItem, ...]
    compiled: dict[str, int] = field(default_factory=dict)  # district unit → plan version
    compiled_at_version: int = 0  # this plan's own version when it was compiled
    allocations: tuple[PlanAllocation, ...] = ()
    approved: bool = False

    def item(self, item_no: int) -> PlanItem | None:
        return next((item for item in self.items if item.item_no == item_no), None)


def evolve(state: PlanState | None, event: object) -> PlanState:
    if isinstance(event, Plan.Submitted):
        return PlanState(
            id=event.originator_id,
            version=event.originator_version,
            program_code=event.program_code,
            year=event.year,
            unit_code=event.unit_code,
            items=tuple(event.items),
        )
    assert state is not None, "a plan starts with Plan.Submitted"
    version = event.originator_version  # type: ignore[attr-defined]
    if isinstance(event, Plan.Revised):
        return replace(state, version=version, items=tuple(event.items))
    if isinstance(event, Plan.Compiled):
        return replace(
            state, version=version, compiled=dict(event.plan_versions), compiled_at_version=version
        )
    if isinstance(event, Plan.Approved):
        return replace(state, version=version, allocations=tuple(event.allocations), approved=True)
    raise TypeError(f"not a plan event: {type(event).__name__}")
