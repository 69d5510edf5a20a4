"""Reconciliation rows as GraphQL objects."""

from __future__ import annotations

import strawberry

from api.enums import FundingSource
from api.finance import types as t
from api.relay import global_id
from finance.reconciliation import LineView, PaymentView, Reconciliation


def line(v: LineView) -> t.StatementLineView:
    return t.StatementLineView(
        statement_id=strawberry.ID(v.statement_id),
        line_no=v.line_no,
        voucher_no=v.voucher_no,
        amount=v.amount,
        value_date=v.value_date,
        payee=v.payee,
        source=FundingSource(v.source),
        account=v.account,
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
    )


def report(r: Reconciliation) -> t.ReconciliationReport:
    return t.ReconciliationReport(
        program_code=r.program_code,
        year=r.year,
        position=r.position,
        window_days=r.window_days,
        months=[
            t.ReconciliationMonth(
                source=FundingSource(m.source),
                month=m.month,
                ledger_total=m.ledger_total,
                statement_total=m.statement_total,
                difference=m.difference,
            )
            for m in r.months
        ],
        matched=r.matched,
        amount_differs=[
            t.AmountDiffers(
                rule=m.rule,
                lines=[line(x) for x in m.lines],
                payments=[payment(x) for x in m.payments],
                difference=m.difference,
            )
            for m in r.amount_differs
        ],
        only_in_statement=[line(x) for x in r.only_in_statement],
        only_in_ledger=[payment(x) for x in r.only_in_ledger],
        unmatched_lines=r.unmatched_lines,
    )
