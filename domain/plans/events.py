"""What happens to an annual plan: submitted by its unit, revised, compiled by the Center with
the districts' plans, approved by Sở Công Thương with the provincial money it allocates to the
items (Decision 1811, Điều 2.4.a). Each names its document (number and date)."""

from __future__ import annotations

from datetime import date

from domain.events import LedgerEvent
from domain.plans.items import PlanAllocation, PlanItem


class Plan:
    class Submitted(LedgerEvent):
        """A unit's plan for a year: a district People's Committee's, or the Center's own items
        as the province's plan (unit 74)."""

        TOPIC = "khuyencong:Plan.Submitted"
        program_code: str
        year: int
        unit_code: str
        items: tuple[PlanItem, ...]
        document_no: str
        document_date: date

    class Revised(LedgerEvent):
        """The plan's items replaced by a later document, before it is approved."""

        TOPIC = "khuyencong:Plan.Revised"
        items: tuple[PlanItem, ...]
        reason: str
        document_no: str
        document_date: date

    class Compiled(LedgerEvent):
        """Recorded on the province's plan: the Center folds in the districts' plans, each at
        the version it read (unit code → plan version)."""

        TOPIC = "khuyencong:Plan.Compiled"
        plan_versions: dict[str, int]
        document_no: str
        document_date: date

    class Approved(LedgerEvent):
        """Sở Công Thương appraises and approves the compiled plan and, by the same decision,
        allocates provincial money to its items."""

        TOPIC = "khuyencong:Plan.Approved"
        allocations: tuple[PlanAllocation, ...]
        document_no: str
        document_date: date
