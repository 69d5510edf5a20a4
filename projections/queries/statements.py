"""Treasury queries: a program's imported statements, and the rows a reconciliation matches —
statement lines, live payments, hand links — as they stood at a position.

Rows come back in the order they were recorded, keyed as finance matches them, so reading them
up to a position reproduces a reconciliation exactly as it stood then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from projections.queries.programs import check_program
from projections.store import Transaction

LineKey = tuple[str, int]  # (statement id, line number)
PaymentKey = tuple[str, str]  # (project id, voucher number)


@dataclass(frozen=True)
class StatementView:
    id: str
    source: str
    account: str
    file_name: str
    sha256: str
    line_count: int
    amount_total: int
    imported_by: str
    recorded_at: str
    position: int
    holder_code: str


@dataclass(frozen=True)
class StatementLineRow:
    voucher_no: str
    amount: int
    value_date: date
    payee: str
    source: str


@dataclass(frozen=True)
class PaymentRow:
    voucher_no: str
    amount: int
    value_date: date
    payee: str
    source: str
    budget_year: int  # the year the payment is charged to
    holder_code: str  # the holder whose line it is paid from


@dataclass(frozen=True)
class HandLinkRow:
    line: LineKey
    action: str
    payments: tuple[tuple[Any, ...], ...]  # the payment keys named, as stored


@dataclass(frozen=True)
class TreasuryRows:
    """What a reconciliation of one program reads, all from one snapshot."""

    accounts: dict[str, str]  # statement id → Treasury account
    holders: dict[str, str]  # statement id → the holder whose account it is
    registered: dict[tuple[str, str], str]  # (holder, source) → registered account number
    lines: dict[LineKey, StatementLineRow]
    payments: dict[PaymentKey, PaymentRow]  # reversed payments left out
    links: list[HandLinkRow]
    project_codes: dict[str, str]  # project id → code


STATEMENT_COLUMNS = (
    "id, source, account, file_name, sha256, line_count, amount_total, imported_by, "
    "recorded_at, position, holder_code"
)


def statements(tx: Transaction, prefix: str, program_code: str) -> list[StatementView]:
    """The statements imported for a program, in the order they were recorded."""
    check_program(tx, prefix, program_code, None)
    rows = tx.rows(
        f"SELECT {STATEMENT_COLUMNS} FROM {prefix}statements "
        "WHERE program_code = ? ORDER BY position",
        (program_code,),
    )
    return [_statement(r) for r in rows]


def statement(tx: Transaction, prefix: str, statement_id: str) -> StatementView | None:
    rows = tx.rows(
        f"SELECT {STATEMENT_COLUMNS} FROM {prefix}statements WHERE id = ?", (statement_id,)
    )
    return _statement(rows[0]) if rows else None


def statement_line(
    tx: Transaction, prefix: str, statement_id: str, line_no: int
) -> tuple[StatementView, StatementLineRow] | None:
    """One line of a statement, with the statement it is on."""
    found = statement(tx, prefix, statement_id)
    if found is None:
        return None
    rows = tx.rows(
        "SELECT voucher_no, amount, value_date, payee, source "
        f"FROM {prefix}statement_lines WHERE statement_id = ? AND line_no = ?",
        (statement_id, line_no),
    )
    if not rows:
        return None
    voucher, amount, day, payee, source = rows[0]
    line = StatementLineRow(
        str(voucher), int(amount), date.fromisoformat(str(day)), str(payee), str(source)
    )
    return found, line


def _statement(r: tuple[Any, ...]) -> StatementView:
    return StatementView(
        str(r[0]),
        str(r[1]),
        str(r[2]),
        str(r[3]),
        str(r[4]),
        int(r[5]),
        int(r[6]),
        str(r[7]),
        str(r[8]),
        int(r[9]),
        str(r[10]),
    )


@dataclass(frozen=True)
class AccountView:
    number: str
    holder_code: str
    source: str
    name: str
    position: int


def accounts(tx: Transaction, prefix: str, program_code: str) -> list[AccountView]:
    """The Treasury accounts registered for a program, in the order they were registered."""
    check_program(tx, prefix, program_code, None)
    rows = tx.rows(
        f"SELECT number, holder_code, source, name, position FROM {prefix}treasury_accounts "
        "WHERE program_code = ? ORDER BY position",
        (program_code,),
    )
    return [AccountView(str(r[0]), str(r[1]), str(r[2]), str(r[3]), int(r[4])) for r in rows]


def treasury_rows(tx: Transaction, prefix: str, program_code: str, at: int) -> TreasuryRows:
    """The program's statement lines, live payments and hand links up to position ``at``."""
    where = "program_code = ? AND position <= ?"
    args = (program_code, at)
    accounts, holders = {}, {}
    for sid, account, holder in tx.rows(
        f"SELECT id, account, holder_code FROM {prefix}statements WHERE {where}", args
    ):
        accounts[str(sid)], holders[str(sid)] = str(account), str(holder)
    registered = {
        (str(holder), str(source)): str(number)
        for number, holder, source in tx.rows(
            f"SELECT number, holder_code, source FROM {prefix}treasury_accounts "
            f"WHERE {where} ORDER BY position",
            args,
        )
    }
    lines: dict[LineKey, StatementLineRow] = {}
    for sid, no, voucher, amount, day, payee, source in tx.stream(
        "SELECT statement_id, line_no, voucher_no, amount, value_date, payee, source "
        f"FROM {prefix}statement_lines WHERE {where} ORDER BY position, line_no",
        args,
    ):
        lines[(str(sid), int(no))] = StatementLineRow(
            str(voucher), int(amount), date.fromisoformat(day), str(payee), str(source)
        )
    reversed_ = {
        (str(pid), str(voucher))
        for pid, voucher in tx.rows(
            f"SELECT project_id, voucher_no FROM {prefix}payment_reversals WHERE {where}", args
        )
    }
    project_codes = {
        str(pid): str(code)
        for pid, code in tx.rows(
            f"SELECT id, code FROM {prefix}projects WHERE program_code = ?", (program_code,)
        )
    }
    payments: dict[PaymentKey, PaymentRow] = {}
    for pid, voucher, amount, day, payee, source, year, holder in tx.stream(
        "SELECT project_id, voucher_no, amount, value_date, payee, source, budget_year, "
        "holder_code "
        f"FROM {prefix}payments WHERE {where} ORDER BY position",
        args,
    ):
        key = (str(pid), str(voucher))
        if key not in reversed_:
            payments[key] = PaymentRow(
                str(voucher),
                int(amount),
                date.fromisoformat(day),
                str(payee),
                str(source),
                int(year),
                str(holder),
            )
    links = [
        HandLinkRow((str(sid), int(no)), str(action), tuple(tuple(x) for x in json.loads(named)))
        for sid, no, action, named in tx.rows(
            "SELECT statement_id, line_no, action, payments "
            f"FROM {prefix}statement_links WHERE {where} ORDER BY position",
            args,
        )
    ]
    return TreasuryRows(accounts, holders, registered, lines, payments, links, project_codes)
