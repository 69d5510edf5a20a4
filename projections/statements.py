"""Treasury statements in the read model: the files, their lines, and matches made by hand."""

from __future__ import annotations

import json

from domain.accounts.events import TreasuryAccount
from domain.statements.events import Statement
from projections.batch import Batch
from projections.budget import SOURCE_NAMES
from projections.context import Context
from projections.payload import dong, utc_text
from projections.schema import (
    STATEMENT_LINES,
    STATEMENT_LINKS,
    STATEMENTS,
    TREASURY_ACCOUNTS,
    qualified,
)
from projections.store import Transaction


def project_account(
    event: TreasuryAccount.Registered,
    position: int,
    batch: Batch,
    ctx: Context,
    tx: Transaction,
) -> tuple[str, str]:
    row = (
        event.number,
        event.program_code,
        event.holder_code,
        event.source.value,
        event.name,
        position,
    )
    batch.upsert(TREASURY_ACCOUNTS, event.number, row)
    return event.program_code, (
        f"Đăng ký tài khoản Kho bạc {event.number} ({event.name}) của đơn vị "
        f"{event.holder_code}, {SOURCE_NAMES[event.source.value]}"
    )


def project_statement(
    event: Statement.Imported | Statement.LineMatched | Statement.LineUnmatched,
    position: int,
    batch: Batch,
    ctx: Context,
    tx: Transaction,
) -> tuple[str, str]:
    sid = str(event.originator_id)
    actor = f"{event.actor_subject} ({event.actor_role.value})"
    if isinstance(event, Statement.Imported):
        total = sum(line.amount_vnd for line in event.lines)
        ctx.statements[sid] = event.program_code
        batch.upsert(
            STATEMENTS,
            sid,
            (
                sid,
                event.program_code,
                event.source.value,
                event.account,
                event.file_name,
                event.file_format,
                event.sha256,
                len(event.lines),
                total,
                actor,
                utc_text(event.timestamp),
                position,
                event.holder_code,
            ),
        )
        for line in event.lines:
            batch.append(
                STATEMENT_LINES,
                (
                    position,
                    sid,
                    line.line_no,
                    event.program_code,
                    event.source.value,
                    line.value_date.isoformat(),
                    line.voucher_no,
                    line.amount_vnd,
                    line.payee,
                    line.payee_tax_code,
                    line.budget_chapter,
                    line.budget_subitem,
                    line.description,
                ),
            )
        name = event.file_name or event.sha256[:16]
        return event.program_code, (
            f"Nhập sao kê Kho bạc {name}: {len(event.lines)} dòng, {dong(total)}"
        )
    program_code = _program_of(ctx, tx, sid)
    if isinstance(event, Statement.LineMatched):
        payments = [[str(ref.project_id), ref.voucher_no] for ref in event.payments]
        batch.append(
            STATEMENT_LINKS,
            (position, sid, event.line_no, program_code, "match", json.dumps(payments), actor),
        )
        vouchers = ", ".join(ref.voucher_no for ref in event.payments)
        return program_code, f"Đối chiếu thủ công dòng {event.line_no} của sao kê với {vouchers}"
    batch.append(
        STATEMENT_LINKS, (position, sid, event.line_no, program_code, "unmatch", "[]", actor)
    )
    return program_code, f"Bỏ đối chiếu dòng {event.line_no} của sao kê: {event.reason}"


def _program_of(ctx: Context, tx: Transaction, sid: str) -> str:
    if sid not in ctx.statements:
        table = qualified(ctx.prefix, STATEMENTS)
        ((code,),) = tx.rows(f"SELECT program_code FROM {table} WHERE id = ?", (sid,))
        ctx.statements[sid] = str(code)
    return ctx.statements[sid]
