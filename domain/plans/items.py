"""The values a plan is made of: its items, their money by source and holder, and the
provincial money an approval allocates to an item."""

from __future__ import annotations

from dataclasses import dataclass

from domain.types import FundingSource, Output


@dataclass(frozen=True)
class PlanMoney:
    """Money planned for an item from one source, on the books of ``holder_code`` (blank in a
    command: the source's holder for the item's unit on the document's date)."""

    source: FundingSource
    amount_vnd: int
    holder_code: str = ""


@dataclass(frozen=True)
class PlanItem:
    """One line of a plan: a content item (IV.x.y) carried out in a unit, the projects it
    plans, the outputs (indicator quantities) it expects and the money it needs."""

    item_no: int
    content_code: str
    unit_code: str
    planned_projects: int
    outputs: tuple[Output, ...]
    money: tuple[PlanMoney, ...]

    def __post_init__(self) -> None:
        # JSON gives lists back: an item read from the store equals the item written.
        object.__setattr__(self, "outputs", tuple(self.outputs))
        object.__setattr__(self, "money", tuple(self.money))

    def planned_vnd(self, source: FundingSource | None = None) -> int:
        return sum(m.amount_vnd for m in self.money if source is None or m.source is source)


@dataclass(frozen=True)
class PlanAllocation:
    """Provincial money Sở Công Thương allocates to an item of a compiled plan: the item is
    named by the unit whose plan holds it and its number there."""

    unit_code: str
    item_no: int
    amount_vnd: int


@dataclass(frozen=True)
class PlanItemRef:
    """The plan item a project carries out: the item ``item_no`` of ``unit_code``'s plan for
    the project's year."""

    unit_code: str
    item_no: int
