"""Output types. Plain objects whose fields are attributes: a page resolves in one call."""

from __future__ import annotations

import base64
from datetime import date, datetime
from enum import Enum

import strawberry
from strawberry.scalars import JSON

from api import policy
from api.scalars import VND, SignedVND
from domain import types as domain_types

FundingSource = strawberry.enum(
    Enum("FundingSource", {s.value: s.value for s in domain_types.FundingSource}),
    description="Where money comes from (nguồn kinh phí).",
)
ProjectStatus = strawberry.enum(
    Enum("ProjectStatus", {s.value: s.value for s in domain_types.ProjectStatus}),
    description="Where a project (đề án) stands in its life.",
)
PaymentKind = strawberry.enum(
    Enum("PaymentKind", {s.value: s.value for s in domain_types.PaymentKind}),
    description="ADVANCE (tạm ứng) or PAYMENT (thanh toán).",
)
AppraisalResult = strawberry.enum(
    Enum("AppraisalResult", {s.value: s.value for s in domain_types.AppraisalResult}),
    description="The appraisal council's verdict (kết quả thẩm định).",
)


def global_id(kind: str, key: str) -> strawberry.ID:
    return strawberry.ID(base64.urlsafe_b64encode(f"{kind}:{key}".encode()).decode())


def parse_global_id(value: str) -> tuple[str, str] | None:
    try:
        kind, _, key = base64.urlsafe_b64decode(value.encode()).decode().partition(":")
    except (ValueError, UnicodeDecodeError):
        return None
    return (kind, key) if kind and key else None


@strawberry.interface(description="An object with a global id (Relay).")
class Node:
    id: strawberry.ID


@strawberry.type(description="A user error: a refusal with a stable code and the input field.")
class UserError:
    code: str = strawberry.field(description="Stable error code, e.g. PAYMENT_ABOVE_SUPPORT.")
    field: str | None = strawberry.field(description="The input field at fault, if one.")
    message: str = strawberry.field(description="What went wrong, for people.")


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


@strawberry.type(description="An administrative unit and when it was valid (đơn vị hành chính).")
class AdminUnit:
    code: str = strawberry.field(description="National statistics code, e.g. 719.")
    name_vi: str = strawberry.field(description="Vietnamese name.")
    level: str = strawberry.field(description="province, district or commune.")
    valid_from: date | None = strawberry.field(description="First day valid, if bounded.")
    valid_to: date | None = strawberry.field(description="Last day valid, if bounded.")
    successor: str | None = strawberry.field(description="Unit that took over, if any.")


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
    funding_sources: list[FundingSource] = strawberry.field(  # type: ignore[valid-type]
        description="Funding sources the program lists."
    )
    units: list[AdminUnit] = strawberry.field(description="Administrative units it serves.")


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


@strawberry.type(description="Money of one budget line (program × year × source).")
class BudgetLine:
    year: int = strawberry.field(description="Fiscal year (năm ngân sách).")
    source: FundingSource = strawberry.field(description="Funding source.")  # type: ignore[valid-type]
    estimated: VND = strawberry.field(description="Proposed estimate (dự toán đề xuất).")
    allocated: VND = strawberry.field(description="Allocated, with adjustments (giao dự toán).")
    committed: VND = strawberry.field(description="Approved support still standing.")
    paid: VND = strawberry.field(description="Every đồng disbursed, advances included.")
    refunded: VND = strawberry.field(description="Refunds received back.")
    available: VND = strawberry.field(description="Free to commit.")
    carried_in: VND = strawberry.field(description="Carried in from the year before.")
    carried_out: VND = strawberry.field(description="Carried over to the next year.")
    cancelled: VND = strawberry.field(description="Cancelled at year end (hủy dự toán).")
    execution_rate: float | None = strawberry.field(description="Paid ÷ (allocated + carried in).")


@strawberry.type(description="Budget lines and their totals, at one point of history.")
class BudgetReport:
    program_code: str = strawberry.field(description="The program.")
    position: int = strawberry.field(description="Ledger position the figures stand at.")
    effective_on: date | None = strawberry.field(description="Effective date asked, if any.")
    totals: BudgetLine = strawberry.field(description="All lines added (year 0, source OTHER).")
    all_lines: strawberry.Private[list[BudgetLine]]

    @strawberry.field(
        description="One per year and source (signed-in callers only).",
        permission_classes=policy.allowed(policy.BUDGET_LINES),
    )
    def lines(self) -> list[BudgetLine]:
        return self.all_lines


@strawberry.type(description="An amount from one funding source.")
class SourceAmount:
    source: FundingSource = strawberry.field(description="Funding source.")  # type: ignore[valid-type]
    amount: VND = strawberry.field(description="Amount in đồng.")


@strawberry.type(description="One event of the ledger, in global order (nhật ký).")
class JournalEntry:
    position: int = strawberry.field(description="Global position in the ledger.")
    recorded_at: datetime = strawberry.field(description="When it was recorded.")
    effective_on: date = strawberry.field(description="Effective (value) date.")
    type: str = strawberry.field(description="Event type, e.g. Project.Approved.")
    aggregate_id: strawberry.ID = strawberry.field(description="What it happened to.")
    actor: str = strawberry.field(description="Who did it: subject (role).")
    document_ref: str = strawberry.field(description="Decision, voucher or record behind it.")
    summary: str = strawberry.field(description="One line in Vietnamese.")
    payload: JSON = strawberry.field(description="The event's content, as plain JSON.")
    leaf_index: int = strawberry.field(
        description="Its index in the Merkle log; inclusionProof(position) proves it is there."
    )


@strawberry.type(description="An industrial-promotion project (đề án khuyến công).")
class Project(Node):
    code: str = strawberry.field(description="Project code within its program.")
    program_code: str = strawberry.field(description="The program.")
    title: str = strawberry.field(description="Title.")
    status: ProjectStatus = strawberry.field(description="Status.")  # type: ignore[valid-type]
    content_code: str = strawberry.field(description="Content item, e.g. IV.1.b.")
    unit_code: str = strawberry.field(description="Administrative unit.")
    year: int = strawberry.field(description="Year proposed for.")
    budget_year: int = strawberry.field(description="Fiscal year its money is charged to.")
    eligible_cost: VND = strawberry.field(description="Eligible cost.")
    requested: VND = strawberry.field(description="Support requested.")
    approved_support: VND = strawberry.field(description="Approved support still standing.")
    support: list[SourceAmount] = strawberry.field(description="Approved support per source.")
    paid: VND = strawberry.field(description="Disbursed, advances included.")
    advances_outstanding: VND = strawberry.field(
        description="Advances not yet cleared by a payment or settlement."
    )
    refund_due: VND = strawberry.field(description="Owed back and not yet refunded.")
    position: int = strawberry.field(description="Ledger position where it was proposed.")
    uuid: strawberry.Private[str]

    @strawberry.field(
        description="Every event of the project: who did what, when, under which document."
    )
    async def history(self, info: strawberry.Info) -> list[JournalEntry]:
        entries: list[JournalEntry] = await info.context.history_loader().load(self.uuid)
        return entries


@strawberry.type(description="A beneficiary establishment (cơ sở công nghiệp nông thôn).")
class Establishment(Node):
    name: str = strawberry.field(description="Registered name.")
    kind: str = strawberry.field(description="SME, COOPERATIVE, COOPERATIVE_GROUP, …")
    tax_code: str = strawberry.field(description="Tax code (mã số thuế).")
    unit_code: str = strawberry.field(description="Administrative unit.")
    certifications: int = strawberry.field(description="Certifications recorded.")


@strawberry.type(description="How far the read model has come.")
class LedgerHead:
    position: int = strawberry.field(description="Last event stored.")
    read_model_position: int = strawberry.field(description="Last event applied to views.")
    lag: int = strawberry.field(description="Events not yet applied.")


@strawberry.type(description="Relay page information.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


def cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"p:{position}".encode()).decode()


def parse_cursor(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        kind, _, number = base64.urlsafe_b64decode(value.encode()).decode().partition(":")
        if kind != "p":
            raise ValueError
        return int(number)
    except (ValueError, UnicodeDecodeError):
        raise ValueError(f"{value!r} is not a cursor from this API") from None


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


@strawberry.type
class JournalEdge:
    cursor: str
    node: JournalEntry


@strawberry.type(description="A page of the journal, in global order.")
class JournalConnection:
    edges: list[JournalEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(
    description="A signed statement: at this time, the log of this origin held tree_size events "
    "with this Merkle root (RFC 9162). The signed text is in docs/AUDITORS.md."
)
class Checkpoint:
    origin: str = strawberry.field(description="Names the log (KHUYENCONG_LOG_ORIGIN).")
    tree_size: int = strawberry.field(description="Events in the log.")
    root_hash: str = strawberry.field(description="Merkle root, hex.")
    signed_at: datetime = strawberry.field(description="When it was signed (UTC).")
    key_id: str = strawberry.field(description="16 hex digits of SHA-256 of the public key.")
    signature: str = strawberry.field(description="Ed25519 signature of the signed text, hex.")
    json: str = strawberry.field(
        description="The checkpoint as the JSON file auditors keep and pass to the verifier."
    )


@strawberry.type(description="A page of checkpoints by tree size.")
class CheckpointPage:
    items: list[Checkpoint] = strawberry.field(description="Ascending tree sizes.")
    has_next_page: bool = strawberry.field(description="More after the last one.")


@strawberry.type(description="An Ed25519 public key that signed checkpoints.")
class AuditKey:
    key_id: str = strawberry.field(description="16 hex digits of SHA-256 of the raw key.")
    public_key_pem: str = strawberry.field(description="SubjectPublicKeyInfo PEM.")


@strawberry.type(
    description="Proof that an event is in the log of tree_size events (RFC 9162 §2.1.3)."
)
class InclusionProof:
    position: int = strawberry.field(description="The event's ledger position.")
    leaf_index: int = strawberry.field(description="Its index in the log, from 0.")
    tree_size: int = strawberry.field(description="The size of the tree proved against.")
    leaf_hash: str = strawberry.field(description="SHA-256(0x00 ‖ leaf data), hex.")
    root_hash: str = strawberry.field(description="The root the path leads to, hex.")
    path: list[str] = strawberry.field(description="Sibling hashes, leaf side first, hex.")
    checkpoint: Checkpoint | None = strawberry.field(
        description="The checkpoint signed at tree_size, if one was kept."
    )


@strawberry.type(
    description="Proof that the log of to_size events extends that of from_size (RFC 9162 "
    "§2.1.4): nothing recorded before was changed or removed."
)
class ConsistencyProof:
    from_size: int = strawberry.field(description="The older tree's size.")
    to_size: int = strawberry.field(description="The newer tree's size.")
    from_root: str = strawberry.field(description="The older root, hex.")
    to_root: str = strawberry.field(description="The newer root, hex.")
    path: list[str] = strawberry.field(description="The proof's hashes, hex.")
    from_checkpoint: Checkpoint | None = strawberry.field(
        description="The checkpoint signed at from_size, if one was kept."
    )
    to_checkpoint: Checkpoint | None = strawberry.field(
        description="The checkpoint signed at to_size, if one was kept."
    )


@strawberry.type(description="One figure before and after.")
class AmountChange:
    figure: str = strawberry.field(description="estimated, allocated, committed, paid …")
    before: SignedVND = strawberry.field(description="At fromPosition.")
    after: SignedVND = strawberry.field(description="At toPosition.")
    delta: SignedVND = strawberry.field(description="After minus before.")


@strawberry.type(description="A budget line whose figures moved.")
class BudgetLineChange:
    year: int = strawberry.field(description="Fiscal year.")
    source: FundingSource = strawberry.field(description="Funding source.")  # type: ignore[valid-type]
    changes: list[AmountChange] = strawberry.field(description="The figures that moved.")


@strawberry.type(description="One count before and after.")
class CountChange:
    measure: str = strawberry.field(description="target, planned or achieved.")
    before: int = strawberry.field(description="At fromPosition.")
    after: int = strawberry.field(description="At toPosition.")
    delta: int = strawberry.field(description="After minus before.")


@strawberry.type(description="An indicator whose target, plan or achievement moved.")
class TargetChange:
    indicator: Indicator = strawberry.field(description="The indicator, target at toPosition.")
    changes: list[CountChange] = strawberry.field(description="The measures that moved.")


@strawberry.type(description="What changed in a program's budget and targets between two points.")
class HistoryDiff:
    program_code: str = strawberry.field(description="The program.")
    from_position: int = strawberry.field(description="The earlier point.")
    to_position: int = strawberry.field(description="The later point.")
    budget: list[BudgetLineChange] = strawberry.field(description="Lines whose figures moved.")
    targets: list[TargetChange] = strawberry.field(description="Indicators that moved.")
