"""Programs, their indicators, content tree and units, and progress against targets."""

from __future__ import annotations

from datetime import date

import strawberry

from api.enums import FundingSource
from api.relay import Node
from api.scalars import VND
from domain.programs import definition


@strawberry.type(description="A program indicator with a numeric target (chỉ tiêu).")
class Indicator:
    code: str = strawberry.field(description="Stable code, e.g. machines_applied.")
    section: str = strawberry.field(description="Section of the decision, e.g. I.2.a.")
    name_vi: str = strawberry.field(description="Vietnamese name.")
    name_en: str = strawberry.field(description="English name.")
    unit: str = strawberry.field(description="What is counted: model, machine, person …")
    target: int = strawberry.field(description="Current target.")
    approximate: bool = strawberry.field(description="The decision says 'about' (khoảng).")


@strawberry.type(description="An item of the program's content tree (nội dung chương trình).")
class ContentItem:
    code: str = strawberry.field(description="IV.1.a … IV.6.g, in the decision's letters.")
    title_vi: str = strawberry.field(description="Vietnamese title.")
    title_en: str = strawberry.field(description="English title.")


@strawberry.type(description="A dated change of a unit's name and kind (e.g. thị xã → thành phố).")
class AdminUnitRename:
    effective_from: date = strawberry.field(description="First day of the new name.")
    name_vi: str = strawberry.field(description="Vietnamese name from that day.")
    name_en: str = strawberry.field(description="English name from that day.")
    kind: str | None = strawberry.field(description="city, town, district … from that day.")
    legal_basis: str = strawberry.field(description="The act that made the change.")


@strawberry.type(description="An administrative unit and when it was valid (đơn vị hành chính).")
class AdminUnit:
    code: str = strawberry.field(description="National statistics code, e.g. 719.")
    name_vi: str = strawberry.field(
        description="Vietnamese name when the program began (or the unit was formed); "
        "nameOn(date) gives the name of any day."
    )
    name_en: str = strawberry.field(description="English name, likewise.")
    level: str = strawberry.field(description="province, district or commune.")
    kind: str | None = strawberry.field(description="city, town, district …, likewise.")
    valid_from: date | None = strawberry.field(description="First day valid, if bounded.")
    valid_to: date | None = strawberry.field(description="Last day valid, if bounded.")
    successor: str | None = strawberry.field(description="Unit that took over, if any.")
    renamed: list[AdminUnitRename] = strawberry.field(
        description="Later changes of name and kind, in date order, each with its legal basis."
    )

    unit: strawberry.Private[definition.AdminUnit]

    @strawberry.field(description="The Vietnamese name the unit bore on that day.")
    def name_on(self, day: date) -> str:
        return self.unit.name_on(day)

    @strawberry.field(description="The kind of unit it was on that day.")
    def kind_on(self, day: date) -> str | None:
        return self.unit.kind_on(day)


@strawberry.type(
    description="A cap on support (mức hỗ trợ tối đa): a share of the eligible cost and/or an "
    "amount per unit, in force over its validity. A new version is a rule of its own code."
)
class SupportRule:
    code: str = strawberry.field(description="Stable code of this version of the rule.")
    legal_basis: str = strawberry.field(description="The act that sets it (căn cứ pháp lý).")
    source_note: str = strawberry.field(description="Where it was read, and how sure it is.")
    effective_from: date = strawberry.field(description="First day in force.")
    effective_to: date | None = strawberry.field(description="Last day in force; null: open.")
    content_codes: list[str] = strawberry.field(description="Content items it caps.")
    indicator_code: str | None = strawberry.field(description="The output it caps, if one.")
    max_share_percent: int | None = strawberry.field(description="At most this % of the cost.")
    cap: VND | None = strawberry.field(description="At most this many đồng per unit.")
    multiple_of: str | None = strawberry.field(description="A rule whose cap this multiplies.")
    multiple_numerator: int = strawberry.field(description="The multiple's numerator.")
    multiple_denominator: int = strawberry.field(description="The multiple's denominator.")
    per: str = strawberry.field(description="What the cap counts: establishment, project …")
    replaces: str | None = strawberry.field(description="The earlier version it replaces.")


@strawberry.type(description="An industrial-promotion program (chương trình khuyến công).")
class Program(Node):
    code: str = strawberry.field(description="Stable code, e.g. BD-KC-2025.")
    title_vi: str = strawberry.field(description="Vietnamese title.")
    title_en: str = strawberry.field(description="English title.")
    decision_no: str = strawberry.field(description="Approving decision (quyết định).")
    decision_date: date = strawberry.field(description="Date of the approving decision.")
    period_start: date = strawberry.field(description="First day of the program.")
    period_end: date = strawberry.field(description="Last day of the program.")
    indicators: list[Indicator] = strawberry.field(description="Numeric targets.")
    contents: list[ContentItem] = strawberry.field(description="The content tree.")
    funding_sources: list[FundingSource] = strawberry.field(
        description="Funding sources the program lists."
    )
    units: list[AdminUnit] = strawberry.field(description="Administrative units it serves.")
    support_rules: list[SupportRule] = strawberry.field(
        description="Every support rule recorded, the program's own and those added since."
    )


@strawberry.type(description="Progress against one indicator's target.")
class TargetProgress:
    indicator: Indicator = strawberry.field(description="The indicator.")
    target: int = strawberry.field(description="Target as it stands (after revisions).")
    target_as_approved: int = strawberry.field(description="Target in the approving decision.")
    planned: int = strawberry.field(description="Planned outputs of approved projects.")
    achieved: int = strawberry.field(description="Accepted outputs (nghiệm thu).")
    progress: float | None = strawberry.field(description="Achieved ÷ target.")
    cost_per_output: VND | None = strawberry.field(
        description="Paid on the projects that delivered it, per unit delivered."
    )
