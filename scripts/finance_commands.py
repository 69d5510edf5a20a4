"""Finance commands: import a Treasury statement, reconcile a year, close it, export reports."""

from __future__ import annotations

import sys
from argparse import Namespace
from datetime import UTC, date, datetime

from rich.console import Console
from rich.status import Status

from domain.accounts.commands import RegisterAccount
from domain.ledger import Ledger
from domain.types import Actor, FundingSource, Role
from finance.close import CloseYear, close_year
from finance.exports.formats import write_export
from finance.exports.source import export_data
from finance.reconciliation import reconcile
from finance.statements import Imported, import_statement_file
from finance.succession import transfer_to_successor
from projections.figures import FIGURES_BY_FIELD
from projections.payload import dong
from projections.queries import CATCH_UP_WAIT_S
from scripts.bootstrap import bootstrap
from scripts.settings import Settings

OPERATOR = Actor("khuyencong-cli", Role.FINANCE)  # the command line acts for the finance office
LIST_MAX = 20


def import_statement_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services, _working(f"reading and recording {args.file.name}"):
        imported = _import(services.ledger, args)
    parsed = imported.parsed
    total = sum(line.amount_vnd for line in parsed.lines)
    if imported.already_imported:
        print(f"{args.file.name} was imported before (SHA-256 {parsed.sha256[:16]}…): unchanged")
        return 0
    encoding = f", {parsed.encoding}" if parsed.encoding else ""
    print(
        f"imported {args.file.name} ({parsed.file_format}{encoding}): {len(parsed.lines)} lines, "
        f"{dong(total)}, statement {imported.receipt.aggregate_id}, "
        f"position {imported.receipt.position}"
    )
    return 0


def _import(ledger: Ledger, args: Namespace) -> Imported:
    return import_statement_file(
        ledger,
        args.program,
        FundingSource(args.source) if args.source else None,
        args.account,
        args.file.name,
        args.file.read_bytes(),
        OPERATOR,
    )


def register_account_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services:
        receipt = services.ledger.register_account(
            RegisterAccount(
                program_code=args.program,
                number=args.number,
                holder_code=args.holder,
                source=FundingSource(args.source),
                name=args.name,
                opened_on=date.fromisoformat(args.opened_on),
            ),
            OPERATOR,
        )
    print(f"registered Treasury account {args.number}: position {receipt.position}")
    return 0


def transfer_holder_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services:
        receipt = transfer_to_successor(
            services.ledger,
            services.read_model,
            args.program,
            args.holder,
            args.decision_no,
            date.fromisoformat(args.decision_date),
            OPERATOR,
        )
    print(
        f"open commitments of {args.holder} passed to its successor ({args.decision_no}): "
        f"position {receipt.position}"
    )
    return 0


def _working(what: str) -> Status:
    """A spinner on the terminal while one long step runs (nothing when output is piped)."""
    return Console(stderr=True).status(f"{what} …")


def reconcile_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services:
        services.read_model.wait_for(services.ledger.head_position(), CATCH_UP_WAIT_S)
        report = reconcile(
            services.store, args.program, args.year, args.as_of_position, args.window_days
        )
    print(f"reconciliation of {report.program_code} {report.year} at position {report.position}")
    print(
        f"{'account':<16} {'holder':<6} {'source':<14} {'month':<8} {'ledger':>18} "
        f"{'statement':>18} {'difference':>16}"
    )
    for m in report.months:
        account = m.account or "(none)"
        # With no statement for the month there is nothing to differ from: not a discrepancy.
        statement, difference = (
            (f"{m.statement_total:>18,}", f"{m.difference:>16,}")
            if m.statement_imported
            else (f"{'no statement':>18}", f"{'—':>16}")
        )
        print(
            f"{account:<16} {m.holder_code:<6} {m.source:<14} {m.month:<8} "
            f"{m.ledger_total:>18,} {statement} {difference}"
        )
    paid = FIGURES_BY_FIELD["paid"]
    print(f"the ledger's months add up to {paid.term_vi} [{paid.field}] of each budget line:")
    for holder, source, amount in report.paid:
        print(f"{'':<16} {holder:<6} {source:<14} {report.year:<8} {amount:>18,}")
    print(f"matched: {report.matched}")
    for d in report.amount_differs[:LIST_MAX]:
        vouchers = ", ".join(p.voucher_no for p in d.payments)
        print(f"amount differs ({d.rule}): {vouchers}: {d.difference:+,} đồng")
    for line in report.only_in_statement[:LIST_MAX]:
        print(f"only in the statement: line {line.line_no} {line.voucher_no} {line.amount:,}")
    for p in report.only_in_ledger[:LIST_MAX]:
        print(f"only in the ledger: {p.project_code} {p.voucher_no} {p.amount:,}")
    hidden = sum(
        max(0, len(items) - LIST_MAX)
        for items in (report.amount_differs, report.only_in_statement, report.only_in_ledger)
    )
    if hidden:
        print(f"… and {hidden} more (ask the API's reconciliation query for every item)")
    # The exit status follows the statement lines alone: a payment the Treasury has not yet
    # reported is not a discrepancy of what it did report.
    print(
        f"unmatched statement lines: {report.unmatched_lines}; "
        f"ledger payments on no statement line: {len(report.only_in_ledger)}; "
        f"payments with no statement yet: {len(report.no_statement_yet)}"
    )
    return 0 if report.unmatched_lines == 0 else 1


def close_year_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services:
        report = close_year(
            services.ledger,
            services.read_model,
            CloseYear(
                args.program,
                args.year,
                args.decision_no,
                date.fromisoformat(args.decision_date),
                args.force,
                args.reason,
            ),
            OPERATOR,
        )
    print(f"closed {report.program_code} {report.year} at position {report.position}")
    print(f"carried over: {', '.join(report.carried) or 'none'}")
    print(f"cancelled: {', '.join(report.cancelled) or 'none'}")
    print(f"free budget cancelled: {dong(report.cancelled_vnd)}")
    for code, why in report.left:
        print(f"left alone: {code} ({why})", file=sys.stderr)
    if report.late:
        print("late: recorded after the year's adjustment window (31 January)", file=sys.stderr)
    if report.forced and report.unmatched_lines:
        print(f"forced with {report.unmatched_lines} statement lines unmatched", file=sys.stderr)
    return 0


def export_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services:
        services.read_model.wait_for(services.ledger.head_position(), CATCH_UP_WAIT_S)
        with _working(f"writing the {args.format} export"):
            data = export_data(
                services.ledger,
                services.read_model,
                args.program,
                args.year,
                datetime.now(UTC),
                position=args.position,
            )
            written = write_export(args.format, data, args.out)
    print(
        f"{args.format}: {len(data.phases)} budget lines, {len(data.execution)} execution rows, "
        f"{len(data.targets)} targets, {len(data.projects)} projects at position {data.position}"
    )
    for path in written:
        print(f"  {path}")
    return 0
