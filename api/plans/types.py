"""Annual plans as GraphQL objects."""

from __future__ import annotations

from datetime import date

import strawberry

from api.scalars import VND


@strawberry.type(description="An act on a plan and the document behind it.")
class PlanDocument:
    act: str = strawberry.field(description="SUBMITTED, REVISED, COMPILED or APPROVED.")
    document_no: str = strawberry.field(description="The document's number.")
    document_date: date = strawberry.field(description="The document's date.")
    position: int = strawberry.field(description="Ledger position of the act.")


@strawberry.type(description="Money an item plans from one source, on a holder's books.")
class PlanMoney:
    source: str = strawberry.field(description="Funding source (nguồn kinh phí).")
    holder_code: str = strawberry.field(description="The unit whose budget it is.")
    amount: VND


@strawberry.type(description="An indicator and a quantity.")
class PlanQuantity:
    indicator_code: str
    quantity: int


@strawberry.type(description="One item of a plan.")
class PlanItem:
    item_no: int = strawberry.field(description="The item's number in its plan.")
    content_code: str
    unit_code: str = strawberry.field(description="Where it is carried out.")
    planned_projects: int = strawberry.field(description="Projects planned.")
    outputs: list[PlanQuantity] = strawberry.field(description="Outputs expected.")
    money: list[PlanMoney] = strawberry.field(description="Money planned, per source.")
    planned: VND = strawberry.field(description="Money planned, all sources.")
    planned_provincial: VND = strawberry.field(description="Provincial money planned.")
    approved: VND = strawberry.field(description="Provincial money the approval allocated.")
    projects: int = strawberry.field(description="Projects proposed naming this item.")
    project_codes: list[str] = strawberry.field(description="Their codes, as proposed.")


@strawberry.type(description="A unit's annual plan (kế hoạch khuyến công hằng năm).")
class Plan:
    program_code: str
    year: int
    unit_code: str = strawberry.field(description="A district's, or 74 for the Center's items.")
    status: str = strawberry.field(description="SUBMITTED, REVISED, COMPILED or APPROVED.")
    documents: list[PlanDocument] = strawberry.field(description="Its acts, oldest first.")
    items: list[PlanItem] = strawberry.field(description="Its items as they now stand.")


@strawberry.type(description="An indicator planned against achieved.")
class OutputVersusPlan:
    indicator_code: str
    planned: int = strawberry.field(description="Quantity the plan items expect.")
    achieved: int = strawberry.field(description="Quantity accepted on the linked projects.")


@strawberry.type(
    description="A year's plan against what happened, for one unit and content item: the "
    "items planned there and the projects naming them."
)
class PlanVersusActual:
    year: int
    unit_code: str
    content_code: str
    planned_projects: int = strawberry.field(description="Projects the items plan.")
    planned: VND = strawberry.field(description="Money the items plan, all sources.")
    planned_provincial: VND = strawberry.field(description="Provincial money they plan.")
    approved: VND = strawberry.field(description="Provincial money allocated to them.")
    projects: int = strawberry.field(description="Projects proposed naming the items.")
    outputs: list[OutputVersusPlan] = strawberry.field(description="Per indicator.")
    committed: VND = strawberry.field(description="Committed on those projects (cam kết chi).")
    paid: VND = strawberry.field(description="Paid on those projects (đã chi), net of reversals.")
