"""Projects (đề án) and beneficiary establishments, and their pages."""

from __future__ import annotations

from datetime import date

import strawberry

from api.context import Info
from api.enums import FundingSource, ProjectStatus
from api.journal.types import JournalEntry
from api.relay import Node, PageInfo
from api.scalars import VND
from projections.figures import FIGURES_BY_FIELD


@strawberry.type(description="An amount from one funding source.")
class SourceAmount:
    source: FundingSource = strawberry.field(description="Funding source.")
    amount: VND = strawberry.field(description="Amount in đồng.")


@strawberry.type(
    description="The establishment's own money towards the project (vốn đối ứng của cơ sở): "
    "co-financing, not state budget. It opens no budget line and no Treasury voucher pays it."
)
class CoFinancing:
    declared: VND = strawberry.field(description="Declared at proposal.")
    description: str = strawberry.field(description="What the declared amount pays for.")
    evidenced: VND = strawberry.field(description="Evidenced at acceptance (nghiệm thu).")
    evidence_documents: list[str] = strawberry.field(
        description="The documents the acceptances named as evidence."
    )
    settled: VND = strawberry.field(description="Settled (quyết toán); at most evidenced.")


@strawberry.type(
    description="One year's projects (by the year proposed for): the state support beside the "
    "establishments' co-financing."
)
class SupportAndCoFinancing:
    year: int = strawberry.field(description="The year the projects were proposed for.")
    projects: int = strawberry.field(description="Projects proposed for that year.")
    support_committed: VND = strawberry.field(
        description="State support approved and standing (open, paid or due back)."
    )
    support_paid: VND = strawberry.field(description="State support paid, net of reversals.")
    co_financing_declared: VND = strawberry.field(description="Co-financing declared.")
    co_financing_evidenced: VND = strawberry.field(description="Co-financing evidenced.")
    co_financing_settled: VND = strawberry.field(description="Co-financing settled.")


@strawberry.type(description="An industrial-promotion project (đề án khuyến công).")
class Project(Node):
    code: str = strawberry.field(description="Project code within its program.")
    program_code: str = strawberry.field(description="The program.")
    title: str = strawberry.field(description="Title.")
    status: ProjectStatus = strawberry.field(description="Status.")
    content_code: str = strawberry.field(description="Content item, e.g. IV.1.b.")
    unit_code: str = strawberry.field(description="Administrative unit.")
    year: int = strawberry.field(description="Year proposed for.")
    budget_year: int = strawberry.field(description="Fiscal year its money is charged to.")
    eligible_cost: VND = strawberry.field(description="Eligible cost.")
    requested: VND = strawberry.field(description="Support requested.")
    approved_support: VND = strawberry.field(
        description="Cam kết (committed) of this project: its support still standing."
    )
    support: list[SourceAmount] = strawberry.field(description="Approved support per source.")
    co_financing: CoFinancing = strawberry.field(
        description="The establishment's co-financing, beside the state support."
    )
    paid: VND = strawberry.field(description=FIGURES_BY_FIELD["paid"].graphql_description)
    advances_outstanding: VND = strawberry.field(
        description=FIGURES_BY_FIELD["advancesOutstanding"].graphql_description
    )
    refund_due: VND = strawberry.field(
        description=FIGURES_BY_FIELD["refundDue"].graphql_description
    )
    position: int = strawberry.field(description="Ledger position where it was proposed.")
    uuid: strawberry.Private[str]
    proposed_on: strawberry.Private[date]

    @strawberry.field(
        description="The unit's Vietnamese name on the day the project was proposed (a town "
        "that later became a city keeps the name it then had)."
    )
    async def unit_name(self, info: Info) -> str:
        program = await info.context.program_loader().load(self.program_code)
        return program.unit(self.unit_code).name_on(self.proposed_on)

    @strawberry.field(
        description="Every event of the project: who did what, when, under which document."
    )
    async def history(self, info: Info) -> list[JournalEntry]:
        return await info.context.history_loader().load(self.uuid)


@strawberry.type(description="A beneficiary establishment (cơ sở công nghiệp nông thôn).")
class Establishment(Node):
    name: str = strawberry.field(description="Registered name.")
    kind: str = strawberry.field(description="SME, COOPERATIVE, COOPERATIVE_GROUP, …")
    tax_code: str = strawberry.field(description="Tax code (mã số thuế).")
    unit_code: str = strawberry.field(description="Administrative unit.")
    certifications: int = strawberry.field(description="Certifications recorded.")


@strawberry.type
class ProjectEdge:
    cursor: str
    node: Project


@strawberry.type(description="A page of projects.")
class ProjectConnection:
    edges: list[ProjectEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class EstablishmentEdge:
    cursor: str
    node: Establishment


@strawberry.type(description="A page of establishments.")
class EstablishmentConnection:
    edges: list[EstablishmentEdge]
    page_info: PageInfo
    total_count: int
