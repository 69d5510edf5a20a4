"""The projector: advances the read model along the global event order, exactly once.

Each batch reads the next events after the tracking position, turns them into rows, and writes
the rows and the new position in one transaction. A projector killed mid-batch loses only the
uncommitted transaction; the next run starts from the last committed position.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from eventsourcing.persistence import Notification

from domain.accounts.events import TreasuryAccount
from domain.application import LedgerApplication
from domain.budget.events import BudgetLine
from domain.claims import VOUCHER, Claim
from domain.establishments.events import Establishment
from domain.events import LedgerEvent
from domain.programs.events import Program
from domain.projects.events import Project
from domain.statements.events import Statement
from projections.batch import Batch
from projections.budget import project_budget_line
from projections.context import Context
from projections.establishments import project_establishment
from projections.installation import INSTALLATION_EVENTS, project_installation
from projections.log.leaf import event_leaf_hash
from projections.payload import event_type, stored_payload, utc_text
from projections.plans import PLAN_EVENTS, project_plan
from projections.programs import project_program
from projections.projects import project_project
from projections.reviews import (
    INSPECTION_EVENTS,
    REPORT_EVENTS,
    project_inspection,
    project_report,
)
from projections.schema import JOURNAL, LIVE_PREFIX, MERKLE_NODES, TABLES, Table, qualified
from projections.statements import project_account, project_statement
from projections.store import (
    COPY_ROWS_MIN,
    ReadStore,
    Transaction,
    check_layout,
    read_position,
    write_position,
)
from projections.totals import write_checkpoints

BATCH_SIZE_EVENTS = 1_000
PROJECT_EVENTS = tuple(v for v in vars(Project).values() if isinstance(v, type))
PROGRAM_EVENTS = tuple(v for v in vars(Program).values() if isinstance(v, type))
LINE_EVENTS = tuple(v for v in vars(BudgetLine).values() if isinstance(v, type))
Handler = Callable[[Any, int, Batch, Context, Transaction], tuple[str | None, str]]


class Projector:
    def __init__(
        self,
        ledger: LedgerApplication,
        store: ReadStore,
        *,
        prefix: str = LIVE_PREFIX,
        batch_size: int = BATCH_SIZE_EVENTS,
    ) -> None:
        self.ledger = ledger  # its recorder reads the events, its mapper decodes them
        self.store = store
        self.prefix = prefix
        self.batch_size = batch_size
        self.context = Context(prefix)
        self._layout_checked = False

    def run_batch(self, stop: int | None = None) -> int:
        """Project the next batch; returns how many events it applied (0 when caught up)."""
        try:
            with self.store.transaction() as tx:
                start = read_position(tx, self.prefix, for_update=True)
                if not self._layout_checked:
                    check_layout(tx, self.prefix)
                    self._layout_checked = True
                notifications = self.ledger.recorder.select_notifications(
                    start=start + 1, limit=self.batch_size, stop=stop
                )
                if not notifications:
                    return 0
                batch = Batch()
                self.context.pending = [batch.upserts]
                for notification in notifications:
                    self._apply(notification, batch, tx)
                # A small batch (commands as they come) is written in one round trip; a
                # large one (catching up) by COPY, which a pipeline cannot carry.
                small = batch.appended_rows < COPY_ROWS_MIN
                with tx.pipeline() if small else nullcontext():
                    self._write(tx, batch)
                    write_checkpoints(tx, self.prefix, start, notifications[-1].id)
                    write_position(tx, notifications[-1].id, self.prefix)
        except BaseException:
            # The context may hold changes that were never committed: the commit itself can fail
            # (the server restarted, the connection dropped) after every statement succeeded.
            # A fresh one reads what the read model holds.
            self.context = Context(self.prefix)
            raise
        return len(notifications)

    def catch_up(
        self, stop: int | None = None, progress: Callable[[int], None] | None = None
    ) -> int:
        applied = 0
        while count := self.run_batch(stop):
            applied += count
            if progress is not None:
                progress(count)
        return applied

    def _apply(self, notification: Notification, batch: Batch, tx: Transaction) -> None:
        event = self.ledger.mapper.to_domain_event(notification)
        assert isinstance(event, LedgerEvent), f"not a ledger event: {notification.topic}"
        position = notification.id
        program_code, summary = handler(event)(event, position, batch, self.context, tx)
        frontier = self.context.frontier(tx)
        leaf = event_leaf_hash(
            position,
            event.originator_id,  # a UUID on both backends (the recorders differ)
            notification.originator_version,
            notification.topic,
            bytes(notification.state),
        )
        for (level, index), node in frontier.append(leaf):
            batch.append(MERKLE_NODES, (level, index, node.hex()))
        batch.append(
            JOURNAL,
            journal_row(
                event,
                position,
                frontier.size - 1,
                program_code,
                summary,
                stored_payload(notification),
            ),
        )

    def _write(self, tx: Transaction, batch: Batch) -> None:
        by_name = {table.name: table for table in TABLES}
        for name, rows in batch.appended.items():
            tx.append(self.prefix, by_name[name], rows)
        for name, keyed in batch.register_rows().items():
            _upsert(tx, qualified(self.prefix, by_name[name]), by_name[name], list(keyed.values()))


def journal_row(
    event: LedgerEvent,
    position: int,
    leaf: int,
    program_code: str | None,
    summary: str,
    payload: str,
) -> tuple[Any, ...]:
    """The event's row in the journal; ``leaf`` is its index in the Merkle log."""
    return (
        position,
        leaf,
        utc_text(event.timestamp),
        event.effective_on.isoformat(),
        event_type(event),
        str(event.originator_id),
        event.originator_version,
        program_code,
        event.actor_subject,
        event.actor_role.value,
        event.document_ref,
        summary,
        payload,
    )


def handler(event: LedgerEvent) -> Handler:
    """The projection of the event's kind: it adds the event's rows to the batch and returns
    the program the event belongs to (if any) and the journal's summary."""
    if isinstance(event, PROJECT_EVENTS):
        return project_project
    if isinstance(event, LINE_EVENTS):
        return project_budget_line
    if isinstance(event, PROGRAM_EVENTS):
        return project_program
    if isinstance(event, Establishment.Registered | Establishment.CertificationAdded):
        return project_establishment
    if isinstance(event, PLAN_EVENTS):
        return project_plan
    if isinstance(event, Claim.Made):
        return _claim
    if isinstance(event, REPORT_EVENTS):
        return project_report
    if isinstance(event, INSPECTION_EVENTS):
        return project_inspection
    if isinstance(event, TreasuryAccount.Registered):
        return project_account
    if isinstance(event, INSTALLATION_EVENTS):
        return project_installation
    if isinstance(event, Statement.Imported | Statement.LineMatched | Statement.LineUnmatched):
        return project_statement
    raise TypeError(f"no projection for {type(event).__name__}")


def _claim(
    event: Claim.Made, position: int, batch: Batch, ctx: Context, tx: Transaction
) -> tuple[str | None, str]:
    program = event.scope if event.kind == VOUCHER else None
    what = "số chứng từ" if event.kind == VOUCHER else "khóa chống trùng lệnh"
    return program, f"Ghi nhận {what} {event.key}"


def _upsert(tx: Transaction, name: str, table: Table, rows: list[tuple[Any, ...]]) -> None:
    columns = table.column_names
    keys = ", ".join(table.primary_key)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in table.primary_key)
    sql = (
        f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT ({keys}) DO UPDATE SET {updates}"
    )
    tx.execute_many(sql, rows)
