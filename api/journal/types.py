"""The journal (every event in global order), the read model's head, and the audit log:
signed checkpoints, inclusion and consistency proofs, and what changed between two points."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.scalars import JSON

from api.enums import FundingSource
from api.programs.types import Indicator
from api.relay import PageInfo
from api.scalars import SignedVND


@strawberry.type(description="One event of the ledger, in global order (nhật ký).")
class JournalEntry:
    position: int = strawberry.field(description="Global position in the ledger.")
    recorded_at: datetime = strawberry.field(description="When it was recorded.")
    effective_on: date = strawberry.field(description="Effective (value) date.")
    type: str = strawberry.field(description="Event type, e.g. Project.Approved.")
    aggregate_id: strawberry.ID = strawberry.field(
        description="What it happened to: its event stream's id (a project's uuid), which "
        "journal(aggregateId:) takes; not a Node id."
    )
    actor: str = strawberry.field(description="Who did it: subject (role).")
    document_ref: str = strawberry.field(description="Decision, voucher or record behind it.")
    summary: str = strawberry.field(description="One line in Vietnamese.")
    payload: JSON = strawberry.field(description="The event's content, as plain JSON.")
    leaf_index: int = strawberry.field(
        description="Its index in the Merkle log; inclusionProof(position) proves it is there."
    )


@strawberry.type
class JournalEdge:
    cursor: str
    node: JournalEntry


@strawberry.type(description="A page of the journal, in global order.")
class JournalConnection:
    edges: list[JournalEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type(description="When the event at a position was recorded: a mark on a time scale.")
class RecordedTime:
    position: int = strawberry.field(description="The event's position in the ledger.")
    recorded_at: datetime = strawberry.field(description="When it was recorded.")


@strawberry.type(description="How far the read model has come.")
class LedgerHead:
    position: int = strawberry.field(description="Last event stored.")
    read_model_position: int = strawberry.field(description="Last event applied to views.")
    lag: int = strawberry.field(description="Events not yet applied.")


@strawberry.type(
    description="What is said of the ledger as a whole: whether it is a training ledger, and "
    "the day its clock says it is."
)
class Ledger:
    training: bool = strawberry.field(
        description="True for a training ledger (written by `khuyencong demo`): its entries are "
        "a demonstration history, not real ones, and its clock runs on from the day that "
        "history stops instead of following today's date (the journal holds the "
        "Installation.MarkedAsTraining event that says so)."
    )
    history_until: date | None = strawberry.field(
        description="A training ledger's last day of demonstration history; null otherwise."
    )
    today: date = strawberry.field(
        description="The ledger's day now, in Vietnam: every write's dates are judged against it "
        "(no date after it; the fiscal calendar's windows as of it)."
    )


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


@strawberry.type(description="A checkpoint and its cursor.")
class CheckpointEdge:
    cursor: str
    node: Checkpoint


@strawberry.type(description="A page of checkpoints, by ascending tree size.")
class CheckpointConnection:
    edges: list[CheckpointEdge]
    page_info: PageInfo
    total_count: int

    @strawberry.field(
        description="The checkpoints of this page, ascending tree sizes.",
        deprecation_reason="Use edges { node }; kept for clients of CheckpointPage.",
    )
    def items(self) -> list[Checkpoint]:
        return [edge.node for edge in self.edges]

    @strawberry.field(
        description="More after the last one.",
        deprecation_reason="Use pageInfo { hasNextPage }.",
    )
    def has_next_page(self) -> bool:
        return self.page_info.has_next_page


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
    source: FundingSource = strawberry.field(description="Funding source.")
    holder_code: str = strawberry.field(description="The unit whose budget the line is.")
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
