"""Reconciliation rows as GraphQL objects."""

from __future__ import annotations

from datetime import datetime

import strawberry

from api.enums import FundingSource
from api.finance import pages
from api.finance import types as t
from api.relay import global_id
from finance.reconciliation import LineView, PaymentView, Reconciliation
from projections.queries.statements import StatementView

STATEMENT = "ImportedStatement"
STATEMENT_LINE = "StatementLine"


def statement_id(uuid: str) -> strawberry.ID:
    return global_id(STATEMENT, uuid)


def line_key(key: str) -> tuple[str, int] | None:
    """The statement id and row a statement line's global id key names, if it names one."""
    statement, _, row = key.rpartition(":")
    return (statement, int(row)) if statement and row.isdigit() else None


def line(v: LineView) -> t.StatementLineView:
    return t.StatementLineView(
        id=global_id(STATEMENT_LINE, f"{v.statement_id}:{v.line_no}"),
        statement_id=statement_id(v.statement_id),
        line_no=v.line_no,
        voucher_no=v.voucher_no,
        amount=v.amount,
        value_date=v.value_date,
        payee=v.payee,
        source=FundingSource(v.source),
        account=v.account,
        holder_code=v.holder_code,
    )


def payment(v: PaymentView) -> t.LedgerPaymentView:
    return t.LedgerPaymentView(
        project_id=strawberry.ID(global_id("Project", v.project_id)),
        project_code=v.project_code,
        voucher_no=v.voucher_no,
        amount=v.amount,
        value_date=v.value_date,
        payee=v.payee,
        source=FundingSource(v.source),
        holder_code=v.holder_code,
        account=v.account,
    )


def report(r: Reconciliation) -> pages.ReconciliationReport:
    return pages.ReconciliationReport(
        program_code=r.program_code,
        year=r.year,
        position=r.position,
        window_days=r.window_days,
        months=[
            t.ReconciliationMonth(
                account=m.account,
                holder_code=m.holder_code,
                source=FundingSource(m.source),
                month=m.month,
                ledger_total=m.ledger_total,
                statement_total=m.statement_total,
                difference=m.difference,
                statement_imported=m.statement_imported,
            )
            for m in r.months
        ],
        matched=r.matched,
        differs=[
            t.AmountDiffers(
                rule=m.rule,
                lines=[line(x) for x in m.lines],
                payments=[payment(x) for x in m.payments],
                difference=m.difference,
            )
            for m in r.amount_differs
        ],
        lonely_lines=[line(x) for x in r.only_in_statement],
        lonely_payments=[payment(x) for x in r.only_in_ledger],
        not_yet=[payment(x) for x in r.no_statement_yet],
        unmatched_lines=r.unmatched_lines,
    )


def imported(s: StatementView) -> t.ImportedStatement:
    return t.ImportedStatement(
        id=statement_id(s.id),
        source=FundingSource(s.source),
        account=s.account,
        holder_code=s.holder_code,
        file_name=s.file_name,
        sha256=s.sha256,
        line_count=s.line_count,
        amount_total=s.amount_total,
        imported_by=s.imported_by,
        recorded_at=datetime.fromisoformat(s.recorded_at),
        position=s.position,
    )
