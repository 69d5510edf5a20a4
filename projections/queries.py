"""The query layer the API calls: typed rows, as of a position, a recorded time or an
effective date. Every query runs in one read snapshot, so it answers at one point of history.
SQL is fixed text with bound parameters; only table names from the schema are formatted in."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, NamedTuple, TypeVar

from eventsourcing.persistence import ApplicationRecorder

from domain.errors import InvalidQuery, ReadModelBehind
from projections.payload import readable_payload, search_text, utc_text
from projections.rows import (
    AsOf,
    BreakdownRow,
    BudgetFigures,
    BudgetLineView,
    BudgetReport,
    EstablishmentView,
    IndicatorView,
    JournalEntry,
    LedgerHead,
    Page,
    ProjectDetails,
    ProjectView,
    TargetProgress,
)
from projections.schema import LIVE_PREFIX
from projections.store import ReadStore, Transaction, read_position
from projections.totals import as_of_legs, as_of_outputs

K = TypeVar("K")
PAGE_SIZE_MAX = 500
WAIT_POLL_S = 0.01
# Figures are folded in Python from sums per (account, kind, sign): one SUM per row in SQL
# instead of nine CASE expressions, which is what an as-of scan over many rows costs.
LEGS = "account, kind, amount > 0, SUM(amount)"


class ReadModel:
    def __init__(
        self, store: ReadStore, events: ApplicationRecorder, prefix: str = LIVE_PREFIX
    ) -> None:
        self.store = store
        self.events = events  # the event store's recorder: where the head position comes from
        self.p = prefix

    # Freshness --------------------------------------------------------------------------

    def position(self) -> int:
        with self.store.snapshot() as tx:
            return read_position(tx, self.p)

    def head(self) -> LedgerHead:
        return LedgerHead(self.events.max_notification_id() or 0, self.position())

    def position_of(self, as_of: AsOf | None) -> int:
        """The position a point of history names (a position, or a recorded time)."""
        with self.store.snapshot() as tx:
            return self._resolve(tx, as_of)[0]

    def wait_for(self, position: int, timeout_s: float) -> int:
        """Read-your-writes: wait, bounded, until the read model has applied ``position``."""
        deadline = time.monotonic() + timeout_s
        while (reached := self.position()) < position:
            if time.monotonic() >= deadline:
                raise ReadModelBehind(
                    f"the read model is at {reached}, not yet at {position}", field="minPosition"
                )
            time.sleep(WAIT_POLL_S)
        return reached

    # Budget -----------------------------------------------------------------------------

    def budget(
        self, program_code: str, year: int | None = None, as_of: AsOf | None = None
    ) -> BudgetReport:
        with self.store.snapshot() as tx:
            position, effective = self._resolve(tx, as_of)
            rows = as_of_legs(tx, self.p, program_code, year, position, effective)
            figures = _fold_by(rows, lambda r: (int(r[0]), str(r[1])))
            year_filter, year_params = ("AND year = ?", [year]) if year is not None else ("", [])
            for line_year, source in tx.rows(
                f"SELECT year, source FROM {self.p}budget_lines WHERE program_code = ? "
                f"AND position <= ? {year_filter}",
                [program_code, position, *year_params],
            ):
                figures.setdefault((int(line_year), str(source)), BudgetFigures())
        lines = tuple(
            BudgetLineView(program_code, y, s, f) for (y, s), f in sorted(figures.items())
        )
        return BudgetReport(
            program_code, position, effective, lines, _sum(line.figures for line in lines)
        )

    def budget_breakdown(
        self, program_code: str, by: str, year: int | None = None, as_of: AsOf | None = None
    ) -> tuple[BreakdownRow, ...]:
        """Committed and paid per content item (``by="content"``) or unit (``by="unit"``)."""
        column = {"content": "content_code", "unit": "unit_code"}.get(by)
        if column is None:
            raise InvalidQuery("break down by content or unit", field="by")
        with self.store.snapshot() as tx:
            position, effective = self._resolve(tx, as_of)
            where, params = self._money_filter(program_code, position, effective, year)
            rows = tx.rows(
                f"SELECT {column}, {LEGS} FROM {self.p}postings "
                f"WHERE {where} AND {column} IS NOT NULL "
                f"GROUP BY {column}, account, kind, amount > 0",
                params,
            )
        figures = _fold_by(rows, lambda r: str(r[0]))
        return tuple(BreakdownRow(key, f.committed, f.paid) for key, f in sorted(figures.items()))

    # Targets ----------------------------------------------------------------------------

    def targets(
        self,
        program_code: str,
        year: int | None = None,
        unit_code: str | None = None,
        as_of: AsOf | None = None,
        *,
        cost_per_output: bool = True,
    ) -> tuple[TargetProgress, ...]:
        """Progress per indicator. ``cost_per_output=False`` is for callers that do not show
        that figure: the payments behind it, the costliest part of the query on a long history
        (every achieving project's postings), are then not summed and paid_for_achieving is 0."""
        with self.store.snapshot() as tx:
            position, effective = self._resolve(tx, as_of)
            indicators = tx.rows(
                "SELECT code, section, name_vi, name_en, unit, approximate "
                f"FROM {self.p}indicators WHERE program_code = ? ORDER BY ordinal",
                (program_code,),
            )
            counts = _output_counts(
                as_of_outputs(tx, self.p, program_code, position, effective), year, unit_code
            )
            first = dict(
                _pairs(
                    tx.rows(
                        f"SELECT o.indicator_code, o.quantity FROM {self.p}outputs o "
                        f"JOIN {self.p}programs g "
                        "ON g.code = o.program_code AND g.position = o.position "
                        "WHERE o.program_code = ? AND o.kind = 'target'",
                        (program_code,),
                    )
                )
            )
            paid = (
                self._paid_for_achieving(tx, program_code, position, effective, year, unit_code)
                if cost_per_output
                else {}
            )
        return tuple(
            _target_progress(row, counts.get(str(row[0]), _NO_OUTPUTS), first, paid)
            for row in indicators
        )

    def _paid_for_achieving(
        self,
        tx: Transaction,
        program_code: str,
        position: int,
        effective: date | None,
        year: int | None,
        unit_code: str | None,
    ) -> dict[str, int]:
        """Paid on the projects with achieved outputs of each indicator (each project once)."""
        scoped = "program_code = ? AND position <= ?"
        params: list[Any] = [program_code, position]
        if effective is not None:
            scoped += " AND effective_on <= ?"
            params.append(effective.isoformat())
        scope, scope_params = _output_scope(year, unit_code)
        scoped += scope
        params += scope_params
        return dict(
            _pairs(
                tx.rows(
                    f"SELECT a.indicator_code, SUM(p.amount) FROM {self.p}postings p JOIN "
                    f"(SELECT DISTINCT indicator_code, project_id FROM {self.p}outputs "
                    f"WHERE {scoped} AND kind = 'achieved') a ON a.project_id = p.project_id "
                    "WHERE p.account = 'spent' AND p.kind IN ('payment', 'reversal') "
                    "AND p.position <= ? GROUP BY a.indicator_code",
                    [*params, position],
                )
            )
        )

    # Registers --------------------------------------------------------------------------

    def projects(
        self,
        program_code: str,
        *,
        status: str | None = None,
        year: int | None = None,
        unit_code: str | None = None,
        content_code: str | None = None,
        search: str | None = None,
        first: int = 50,
        after: int | None = None,
        as_of: AsOf | None = None,
    ) -> Page[ProjectView]:
        _check_page(first)
        with self.store.snapshot() as tx:
            position, _ = self._resolve(tx, as_of)
            status_sql = (
                f"(SELECT s.status FROM {self.p}project_status s WHERE s.project_id = p.id "
                "AND s.position <= ? ORDER BY s.position DESC LIMIT 1)"
            )
            where = ["p.program_code = ?", "p.proposed_position <= ?"]
            params: list[Any] = [program_code, position]
            for column, value in (
                ("p.year", year),
                ("p.unit_code", unit_code),
                ("p.content_code", content_code),
            ):
                if value is not None:
                    where.append(f"{column} = ?")
                    params.append(value)
            if search:
                where.append("p.search_text LIKE ? ESCAPE '\\'")
                params.append(_like(search))
            if status is not None:
                where.append(f"{status_sql} = ?")
                params.extend([position, status])
            condition = " AND ".join(where)
            ((count,),) = tx.rows(
                f"SELECT COUNT(*) FROM {self.p}projects p WHERE {condition}", params
            )
            page_where = condition + (" AND p.proposed_position > ?" if after is not None else "")
            page_params = [*params, *([after] if after is not None else [])]
            rows = tx.rows(
                f"SELECT p.id, p.program_code, p.code, p.title, {status_sql}, p.content_code, "
                "p.unit_code, p.year, p.eligible_cost, p.requested_total, p.proposed_on, "
                f"p.proposed_position FROM {self.p}projects p WHERE {page_where} "
                "ORDER BY p.proposed_position LIMIT ?",
                [position, *page_params, first + 1],
            )
            views = tuple(self._project_views(tx, rows[:first], position))
        return Page(views, int(count), len(rows) > first, position)

    def project(self, project_id: str, as_of: AsOf | None = None) -> ProjectView | None:
        with self.store.snapshot() as tx:
            position, _ = self._resolve(tx, as_of)
            rows = tx.rows(
                "SELECT p.id, p.program_code, p.code, p.title, "
                f"(SELECT s.status FROM {self.p}project_status s WHERE s.project_id = p.id "
                "AND s.position <= ? ORDER BY s.position DESC LIMIT 1), p.content_code, "
                "p.unit_code, p.year, p.eligible_cost, p.requested_total, p.proposed_on, "
                f"p.proposed_position FROM {self.p}projects p "
                "WHERE p.id = ? AND p.proposed_position <= ?",
                (position, project_id, position),
            )
            views = self._project_views(tx, rows, position)
        return views[0] if views else None

    def _project_views(
        self, tx: Transaction, rows: Sequence[tuple[Any, ...]], position: int
    ) -> list[ProjectView]:
        if not rows:
            return []
        ids = [str(r[0]) for r in rows]
        marks = ", ".join("?" * len(ids))
        money = {
            str(r[0]): (int(r[1]), int(r[2]), int(r[3]), int(r[4]))
            for r in tx.rows(
                "SELECT project_id, "
                "SUM(CASE WHEN account IN ('open', 'spent', 'receivable') THEN amount ELSE 0 END),"
                " SUM(CASE WHEN account = 'spent' AND kind IN ('payment', 'reversal') "
                "THEN amount ELSE 0 END), "
                "SUM(CASE WHEN account = 'receivable' THEN amount ELSE 0 END), "
                "MAX(CASE WHEN kind = 'carry' AND amount > 0 THEN year ELSE 0 END) "
                f"FROM {self.p}postings WHERE project_id IN ({marks}) AND position <= ? "
                "GROUP BY project_id",
                [*ids, position],
            )
        }
        views = []
        for r in rows:
            committed, paid, receivable, carried_to = money.get(str(r[0]), (0, 0, 0, 0))
            views.append(
                ProjectView(
                    id=str(r[0]),
                    program_code=str(r[1]),
                    code=str(r[2]),
                    title=str(r[3]),
                    status=str(r[4]),
                    content_code=str(r[5]),
                    unit_code=str(r[6]),
                    year=int(r[7]),
                    budget_year=max(int(r[7]), carried_to),
                    eligible_cost=int(r[8]),
                    requested=int(r[9]),
                    approved_support=committed,
                    paid=paid,
                    refund_due=receivable,
                    proposed_on=str(r[10]),
                    position=int(r[11]),
                )
            )
        return views

    def project_details(
        self, project_ids: Sequence[str], as_of: AsOf | None = None
    ) -> dict[str, ProjectDetails]:
        """Support per source and advances outstanding, from each project's own events.

        An advance is cleared by later payments up to its amount, and wholly by settlement or
        cancellation (which turns what was paid into a refund due)."""
        if not project_ids:
            return {}
        with self.store.snapshot() as tx:
            position, _ = self._resolve(tx, as_of)
            marks = ", ".join("?" * len(project_ids))
            rows = tx.rows(
                f"SELECT aggregate_id, type, payload FROM {self.p}journal "
                f"WHERE aggregate_id IN ({marks}) AND position <= ? AND type IN ("
                "'Project.Approved', 'Project.Adjusted', 'Project.PaymentRecorded', "
                "'Project.PaymentReversed', 'Project.Settled', 'Project.Cancelled') "
                "ORDER BY position",
                [*project_ids, position],
            )
        details = {pid: _Details() for pid in project_ids}
        for aggregate_id, kind, payload in rows:
            plain = json.loads(readable_payload(str(payload)))
            details[str(aggregate_id)].apply(str(kind), plain)
        return {pid: d.result() for pid, d in details.items()}

    def establishments(
        self,
        *,
        search: str | None = None,
        unit_code: str | None = None,
        first: int = 50,
        after: int | None = None,
    ) -> Page[EstablishmentView]:
        _check_page(first)
        with self.store.snapshot() as tx:
            position = read_position(tx, self.p)
            where: list[str] = ["1 = 1"]
            params: list[Any] = []
            if search:
                where.append("search_text LIKE ? ESCAPE '\\'")
                params.append(_like(search))
            if unit_code:
                where.append("unit_code = ?")
                params.append(unit_code)
            condition = " AND ".join(where)
            ((count,),) = tx.rows(
                f"SELECT COUNT(*) FROM {self.p}establishments WHERE {condition}", params
            )
            page_params: list[Any] = list(params)
            if after is not None:
                condition += " AND position > ?"
                page_params.append(after)
            rows = tx.rows(
                "SELECT id, name, kind, tax_code, unit_code, address, registered_on, "
                f"certifications, position FROM {self.p}establishments WHERE {condition} "
                "ORDER BY position LIMIT ?",
                [*page_params, first + 1],
            )
        items = tuple(_establishment(r) for r in rows[:first])
        return Page(items, int(count), len(rows) > first, position)

    def establishment(self, establishment_id: str) -> EstablishmentView | None:
        with self.store.snapshot() as tx:
            rows = tx.rows(
                "SELECT id, name, kind, tax_code, unit_code, address, registered_on, "
                f"certifications, position FROM {self.p}establishments WHERE id = ?",
                (establishment_id,),
            )
        return _establishment(rows[0]) if rows else None

    def program_codes(self) -> list[str]:
        with self.store.snapshot() as tx:
            return [str(r[0]) for r in tx.rows(f"SELECT code FROM {self.p}programs ORDER BY code")]

    def histories(self, aggregate_ids: Sequence[str]) -> dict[str, list[JournalEntry]]:
        """The journal of several aggregates in one query (a page of projects)."""
        if not aggregate_ids:
            return {}
        with self.store.snapshot() as tx:
            marks = ", ".join("?" * len(aggregate_ids))
            rows = tx.rows(
                f"SELECT {JOURNAL_COLUMNS} FROM {self.p}journal "
                f"WHERE aggregate_id IN ({marks}) ORDER BY position",
                list(aggregate_ids),
            )
        found: dict[str, list[JournalEntry]] = {}
        for row in rows:
            entry = _journal_entry(row)
            found.setdefault(entry.aggregate_id, []).append(entry)
        return found

    # Journal ----------------------------------------------------------------------------

    def journal(
        self,
        *,
        after: int = 0,
        first: int = 100,
        types: Sequence[str] = (),
        aggregate_id: str | None = None,
    ) -> Page[JournalEntry]:
        _check_page(first)
        with self.store.snapshot() as tx:
            position = read_position(tx, self.p)
            where: list[str] = ["position > ?"]
            params: list[Any] = [after]
            if types:
                where.append(f"type IN ({', '.join('?' * len(types))})")
                params.extend(types)
            if aggregate_id is not None:
                where.append("aggregate_id = ?")
                params.append(aggregate_id)
            condition = " AND ".join(where)
            rows = tx.rows(
                f"SELECT {JOURNAL_COLUMNS} FROM {self.p}journal WHERE {condition} "
                "ORDER BY position LIMIT ?",
                [*params, first + 1],
            )
            ((count,),) = tx.rows(f"SELECT COUNT(*) FROM {self.p}journal WHERE {condition}", params)
        items = tuple(_journal_entry(r) for r in rows[:first])
        return Page(items, int(count), len(rows) > first, position)

    # As-of ------------------------------------------------------------------------------

    def _resolve(self, tx: Transaction, as_of: AsOf | None) -> tuple[int, date | None]:
        """The position to answer at (never past what the read model has applied)."""
        position = read_position(tx, self.p)
        if as_of is None:
            return position, None
        if as_of.position is not None:
            if as_of.position < 0:
                raise InvalidQuery("a position is zero or more", field="asOf.position")
            position = min(position, as_of.position)
        if as_of.recorded_at is not None:
            if as_of.recorded_at.tzinfo is None:
                raise InvalidQuery("a recorded time needs its offset", field="asOf.recordedAt")
            ((at,),) = tx.rows(
                f"SELECT MAX(position) FROM {self.p}journal WHERE recorded_at <= ?",
                (utc_text(as_of.recorded_at),),
            )
            position = min(position, int(at or 0))
        return position, as_of.effective_on

    def _money_filter(
        self, program_code: str, position: int, effective: date | None, year: int | None
    ) -> tuple[str, list[Any]]:
        where = "program_code = ? AND position <= ?"
        params: list[Any] = [program_code, position]
        if year is not None:
            where += " AND year = ?"
            params.append(year)
        if effective is not None:
            where += " AND effective_on <= ?"
            params.append(effective.isoformat())
        return where, params


def _fold_by(
    rows: list[tuple[Any, ...]], key: Callable[[tuple[Any, ...]], K]
) -> dict[K, BudgetFigures]:
    """Rows of (key columns…, account, kind, positive, sum) into figures per key."""
    legs: dict[K, list[tuple[str, str, bool, int]]] = {}
    for row in rows:
        account, kind, positive, amount = row[-4:]
        legs.setdefault(key(row), []).append((str(account), str(kind), bool(positive), int(amount)))
    return {k: _figures(v) for k, v in legs.items()}


def _figures(legs: list[tuple[str, str, bool, int]]) -> BudgetFigures:
    f = dict.fromkeys(
        (
            "estimated",
            "allocated",
            "committed",
            "paid",
            "refunded",
            "available",
            "carried_in",
            "carried_out",
            "cancelled",
        ),
        0,
    )
    for account, kind, positive, amount in legs:
        if account == "estimate":
            f["estimated"] += amount
        elif account == "funding":
            f["allocated"] -= amount
        elif account == "cancelled":
            f["cancelled"] += amount
        elif account == "free":
            f["available"] += amount
            if kind == "refund":
                f["refunded"] += amount
        if account in ("open", "spent", "receivable"):
            f["committed"] += amount
        if account == "spent" and kind in ("payment", "reversal"):
            f["paid"] += amount
        if kind == "carry":
            f["carried_in" if positive else "carried_out"] += abs(amount)
    return BudgetFigures(**f)


def _sum(items: Any) -> BudgetFigures:
    total = [0] * 9
    for figures in items:
        for index, value in enumerate(vars(figures).values()):
            total[index] += value
    return BudgetFigures(*total)


JOURNAL_COLUMNS = (
    "position, recorded_at, effective_on, type, aggregate_id, aggregate_version, program_code, "
    "actor_subject, actor_role, document_ref, summary, payload, leaf"
)


def _establishment(r: tuple[Any, ...]) -> EstablishmentView:
    return EstablishmentView(
        str(r[0]),
        str(r[1]),
        str(r[2]),
        str(r[3]),
        str(r[4]),
        str(r[5]),
        str(r[6]),
        int(r[7]),
        int(r[8]),
    )


def _journal_entry(r: tuple[Any, ...]) -> JournalEntry:
    return JournalEntry(
        int(r[0]),
        str(r[1]),
        str(r[2]),
        str(r[3]),
        str(r[4]),
        int(r[5]),
        None if r[6] is None else str(r[6]),
        str(r[7]),
        str(r[8]),
        str(r[9]),
        str(r[10]),
        readable_payload(str(r[11])),
        int(r[12]),
    )


class _OutputCounts(NamedTuple):
    target: int
    planned: int
    achieved: int


_NO_OUTPUTS = _OutputCounts(0, 0, 0)


def _output_counts(
    rows: list[tuple[Any, ...]], year: int | None, unit_code: str | None
) -> dict[str, _OutputCounts]:
    """Target, planned and achieved per indicator from the checkpointed sums. The target
    counts the whole program; planned and achieved only the asked year and unit."""
    counts: dict[str, list[int]] = {}
    measures = {"target": 0, "planned": 1, "achieved": 2}
    for code, kind, row_year, row_unit, quantity in rows:
        measure = measures.get(str(kind))
        if measure is None:
            continue
        in_scope = (year is None or row_year == year) and (
            unit_code is None or row_unit == unit_code
        )
        if measure == 0 or in_scope:
            counts.setdefault(str(code), [0, 0, 0])[measure] += int(quantity or 0)
    return {code: _OutputCounts(*sums) for code, sums in counts.items()}


def _target_progress(
    indicator: tuple[Any, ...],
    counts: _OutputCounts,
    first: dict[str, int],
    paid: dict[str, int],
) -> TargetProgress:
    code, section, name_vi, name_en, unit, approximate = indicator
    return TargetProgress(
        indicator=IndicatorView(
            str(code), str(section), str(name_vi), str(name_en), str(unit), bool(approximate)
        ),
        target=counts.target,
        target_as_approved=first.get(code, 0),
        planned=counts.planned,
        achieved=counts.achieved,
        paid_for_achieving=paid.get(code, 0),
    )


def _output_scope(year: int | None, unit_code: str | None) -> tuple[str, list[Any]]:
    """The extra conditions (" AND …") on the outputs that planned and achieved count."""
    scope = ""
    params: list[Any] = []
    if year is not None:
        scope += " AND year = ?"
        params.append(year)
    if unit_code is not None:
        scope += " AND unit_code = ?"
        params.append(unit_code)
    return scope, params


def _pairs(rows: list[tuple[Any, ...]]) -> list[tuple[str, int]]:
    return [(str(key), int(value or 0)) for key, value in rows]


def _like(term: str) -> str:
    escaped = search_text(term).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _check_page(first: int) -> None:
    if not 1 <= first <= PAGE_SIZE_MAX:
        raise InvalidQuery(f"ask for 1 to {PAGE_SIZE_MAX} items", field="first")


class _Details:
    def __init__(self) -> None:
        self.support: dict[str, int] = {}
        self.payments: dict[str, tuple[str, int]] = {}  # voucher → (kind, amount)
        self.closed = False

    def apply(self, kind: str, payload: dict[str, Any]) -> None:
        if kind in ("Project.Approved", "Project.Adjusted"):
            self.support = {i["source"]: i["amount_vnd"] for i in payload["support"]}
        elif kind == "Project.PaymentRecorded":
            self.payments[payload["voucher_no"]] = (payload["kind"], payload["amount_vnd"])
        elif kind == "Project.PaymentReversed":
            self.payments.pop(payload["voucher_no"], None)
        else:
            self.closed = True

    def result(self) -> ProjectDetails:
        advances = sum(a for k, a in self.payments.values() if k == "ADVANCE")
        payments = sum(a for k, a in self.payments.values() if k == "PAYMENT")
        outstanding = 0 if self.closed else max(0, advances - payments)
        return ProjectDetails(dict(self.support), outstanding)
