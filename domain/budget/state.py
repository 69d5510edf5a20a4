"""A budget line's figures, from which what is still free to commit follows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from uuid import UUID

from domain.budget.events import BudgetLine
from domain.types import FundingSource


@dataclass(frozen=True)
class BudgetLineState:
    id: UUID
    version: int
    program_code: str
    year: int
    source: FundingSource
    holder_code: str
    estimated_vnd: int = 0
    allocated_vnd: int = 0  # allocations with their adjustments
    committed_vnd: int = 0  # net of releases, carry-ins and carry-outs
    carried_in_vnd: int = 0
    carried_out_vnd: int = 0
    cancelled_vnd: int = 0
    transferred_in_vnd: int = 0
    transferred_out_vnd: int = 0

    @property
    def available_vnd(self) -> int:
        """Allocated ± adjustments + carried in − carried out − cancelled − committed.

        Carried and transferred money moves with its commitment, so it changes both terms and
        nets out here.
        """
        return (
            self.allocated_vnd
            + self.carried_in_vnd
            - self.carried_out_vnd
            + self.transferred_in_vnd
            - self.transferred_out_vnd
            - self.cancelled_vnd
            - self.committed_vnd
        )


def evolve(state: BudgetLineState | None, event: object) -> BudgetLineState:
    if isinstance(event, BudgetLine.Opened):
        return BudgetLineState(
            id=event.originator_id,
            version=event.originator_version,
            program_code=event.program_code,
            year=event.year,
            source=event.source,
            holder_code=event.holder_code,
        )
    assert state is not None, "a budget line starts with BudgetLine.Opened"
    s = replace(state, version=event.originator_version)  # type: ignore[attr-defined]
    match event:
        case BudgetLine.EstimateProposed(amount_vnd=amount):
            return replace(s, estimated_vnd=s.estimated_vnd + amount)
        case BudgetLine.EstimateAdjusted(delta_vnd=delta):
            return replace(s, estimated_vnd=s.estimated_vnd + delta)
        case BudgetLine.EstimateCancelled(amount_vnd=amount):
            return replace(s, estimated_vnd=s.estimated_vnd - amount)
        case BudgetLine.Allocated(amount_vnd=amount):
            return replace(s, allocated_vnd=s.allocated_vnd + amount)
        case BudgetLine.AllocationAdjusted(delta_vnd=delta):
            return replace(s, allocated_vnd=s.allocated_vnd + delta)
        case BudgetLine.Committed(amount_vnd=amount):
            return replace(s, committed_vnd=s.committed_vnd + amount)
        case BudgetLine.CommitmentReleased(amount_vnd=amount):
            return replace(s, committed_vnd=s.committed_vnd - amount)
        case BudgetLine.CarriedOut(amount_vnd=amount):
            return replace(
                s,
                committed_vnd=s.committed_vnd - amount,
                carried_out_vnd=s.carried_out_vnd + amount,
            )
        case BudgetLine.CarriedIn(amount_vnd=amount):
            return replace(
                s,
                committed_vnd=s.committed_vnd + amount,
                carried_in_vnd=s.carried_in_vnd + amount,
            )
        case BudgetLine.TransferredOut(amount_vnd=amount):
            return replace(
                s,
                committed_vnd=s.committed_vnd - amount,
                transferred_out_vnd=s.transferred_out_vnd + amount,
            )
        case BudgetLine.TransferredIn(amount_vnd=amount):
            return replace(
                s,
                committed_vnd=s.committed_vnd + amount,
                transferred_in_vnd=s.transferred_in_vnd + amount,
            )
        case BudgetLine.Cancelled(amount_vnd=amount):
            return replace(s, cancelled_vnd=s.cancelled_vnd + amount)
    raise TypeError(f"not a budget-line event: {type(event).__name__}")
