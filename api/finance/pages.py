"""Pages of a reconciliation's lists (discrepancies, lines only in a statement, payments only
in the ledger or with no statement yet): Relay connections over the computed list, each cursor
the item's place in it, sizes checked like every other page."""

from __future__ import annotations

from typing import Generic, TypeVar

import strawberry

from api.finance import types as t
from api.relay import PageInfo, cursor, window

N = TypeVar("N")


@strawberry.type(description="An item of a reconciliation list and its cursor.")
class Edge(Generic[N]):
    cursor: str = strawberry.field(description="Where the item is in the list; ask after it.")
    node: N = strawberry.field(description="The item.")


@strawberry.type(description="A page of a reconciliation list.")
class Connection(Generic[N]):
    total_count: int = strawberry.field(description="Items in the whole list.")
    edges: list[Edge[N]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Whether more follow, and the cursors.")


def page(
    items: list[N], first: int | None, after: str | None, last: int | None, before: str | None
) -> Connection[N]:
    """A window of the list; each cursor is the item's place in it, from 1."""
    paging = window(first, after, last, before)
    size = paging.size()
    low = paging.after or 0  # places after this one
    high = len(items) + 1 if paging.before is None else min(paging.before, len(items) + 1)
    high = max(high, low + 1)
    if paging.backwards:
        start = max(low, high - 1 - size)
        end = high - 1
    else:
        start = low
        end = min(high - 1, low + size)
    chosen = items[start:end]
    edges = [Edge(cursor=cursor(start + n + 1), node=item) for n, item in enumerate(chosen)]
    info = PageInfo(
        has_next_page=end < len(items),
        has_previous_page=start > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(total_count=len(items), edges=edges, page_info=info)


@strawberry.type(description="The ledger against the State Treasury for one fiscal year.")
class ReconciliationReport:
    program_code: str = strawberry.field(description="The program.")
    year: int = strawberry.field(description="The fiscal year.")
    position: int = strawberry.field(description="Ledger position it stands at.")
    window_days: int = strawberry.field(description="Days a value date may differ.")
    months: list[t.ReconciliationMonth] = strawberry.field(description="Per account and month.")
    matched: int = strawberry.field(description="Matches whose amounts agree.")
    unmatched_lines: int = strawberry.field(description="Lines a close would not pass over.")
    differs: strawberry.Private[list[t.AmountDiffers]]
    lonely_lines: strawberry.Private[list[t.StatementLineView]]
    lonely_payments: strawberry.Private[list[t.LedgerPaymentView]]
    not_yet: strawberry.Private[list[t.LedgerPaymentView]]

    @strawberry.field(description="Matched at different amounts.")
    def amount_differs(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[t.AmountDiffers]:
        return page(self.differs, first, after, last, before)

    @strawberry.field(description="Lines of imported statements with no payment.")
    def only_in_statement(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[t.StatementLineView]:
        return page(self.lonely_lines, first, after, last, before)

    @strawberry.field(
        description="Payments on no statement line, although a statement of their account "
        "covers their month."
    )
    def only_in_ledger(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[t.LedgerPaymentView]:
        return page(self.lonely_payments, first, after, last, before)

    @strawberry.field(
        description="Payments whose account has no statement imported for their month (or no "
        "registered account): not discrepancies, nothing to reconcile them with yet."
    )
    def no_statement_yet(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[t.LedgerPaymentView]:
        return page(self.not_yet, first, after, last, before)
