"""``khuyencong``: the operator's command line. Subcommands arrive with the capabilities."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

from api.schema import build_schema
from domain.errors import LedgerError
from domain.types import Role
from finance.exports.formats import FORMATS
from projections.projector import BATCH_SIZE_EVENTS
from projections.rows import AsOf
from scripts.api_commands import serve_command, token_command
from scripts.audit_commands import (
    audit_export_command,
    checkpoint_command,
    checkpoints_command,
    prove_consistency_command,
    prove_inclusion_command,
    public_key_command,
)
from scripts.benchmarks.run import add_arguments as add_bench_arguments
from scripts.benchmarks.run import bench as bench_command
from scripts.bootstrap import bootstrap, load_program, load_programs
from scripts.demo_commands import demo_command
from scripts.finance_commands import (
    close_year_command,
    export_command,
    import_statement_command,
    reconcile_command,
    register_account_command,
    transfer_holder_command,
)
from scripts.plan_commands import add_plan_commands
from scripts.read_side_commands import (
    check_command,
    lag_command,
    projector_command,
    rebuild_command,
)
from scripts.report import budget_report, co_financing_report, program_report, progress_report
from scripts.restore_command import restore_command
from scripts.review_commands import add_review_commands
from scripts.settings import Settings, SettingsError
from scripts.use_case_commands import add_use_case_commands

EXIT_REFUSED = 2
EXIT_BROKEN_PIPE = 141  # what a shell reports for a process ended by SIGPIPE
TOKEN_ROLES = tuple(role.value for role in Role if role is not Role.SYSTEM)
EPILOG = """start here:
  khuyencong demo --if-empty         load the 2021-2025 demo history into an empty ledger
                                     (--until 2024-06-15: a training ledger on that day)
  khuyencong serve                   GraphQL on http://127.0.0.1:8000/graphql (GraphiQL)
  khuyencong token --role auditor    a bearer token for the API (roles: doit, center, finance,
                                     district --unit 718, commune --unit <code>, auditor)
  khuyencong report                  targets, progress and every budget line's figures

The database is KHUYENCONG_DATABASE_URL (default sqlite:///./var/khuyencong.db); every setting
is listed in the README. `khuyencong COMMAND --help` says what each command does. A refused
command exits 2 with a stable error code; docs/ has a guide for each kind of user."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        return int(args.run(settings, args))
    except SettingsError as error:
        print(f"khuyencong: {error}", file=sys.stderr)
        return EXIT_REFUSED
    except LedgerError as error:
        print(f"khuyencong: refused: {error}", file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        # The reader stopped reading (`khuyencong report | head`): say nothing more. Output
        # still buffered goes nowhere, so the interpreter's flush at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="khuyencong",
        description="Khuyến công Ledger: an event-sourced ledger of industrial-promotion programs.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG,
    )
    parser.add_argument("--version", action="version", version=version("khuyencong-ledger"))
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="serve the GraphQL API (loads the programs, runs the projector in-process)",
        description="Loads the program files (KHUYENCONG_PROGRAM_FILES) into the ledger at "
        "KHUYENCONG_DATABASE_URL and serves GraphQL at /graphql (GraphiQL in a browser), with "
        "/healthz, /readyz and /metrics. The projector runs in the same process unless "
        "KHUYENCONG_EMBEDDED_PROJECTOR=false (production: run `khuyencong projector`).",
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--training-date",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="a training ledger's day (default: the last day it recorded; never earlier); "
        "refused on a ledger of real entries",
    )
    serve.set_defaults(run=serve_command)

    report = commands.add_parser(
        "report",
        help="load the programs, catch up the read model, print targets, progress and budget",
        description="After the targets and their progress, every figure of every budget line "
        "under its Vietnamese term and GraphQL field (docs/FINANCE.md has the glossary).",
    )
    report.add_argument("--year", type=int, help="only the budget lines of this fiscal year")
    report.add_argument(
        "--position", type=int, help="the budget as of this ledger position (default: the latest)"
    )
    report.set_defaults(run=_report)
    add_plan_commands(commands)

    token = commands.add_parser(
        "token", help="mint a local bearer token (HS256, KHUYENCONG_SECRET or ./var/secret)"
    )
    token.add_argument("--role", required=True, choices=TOKEN_ROLES)
    token.add_argument("--unit", help="the unit code of a district or commune token, e.g. 718")
    token.add_argument("--ttl", default="8h", help="lifetime: 30m, 8h, 7d (default 8h)")
    token.add_argument("--subject", help="who the token speaks for (default local-ROLE)")
    token.set_defaults(run=token_command)

    load = commands.add_parser(
        "load-program",
        help="record a program from a YAML or JSON file",
        description="Checks the file and records it; a file with a mistake is refused with the "
        "place of the mistake and nothing is recorded. Loading the same file twice changes "
        "nothing.",
    )
    load.add_argument("file", type=Path)
    load.set_defaults(run=_load_program)

    show = commands.add_parser("show-program", help="report one program and its targets")
    show.add_argument("code", help="program code, e.g. BD-KC-2025")
    show.set_defaults(run=_show_program)

    schema = commands.add_parser(
        "schema", help="print the GraphQL schema (api/schema.graphql is this, committed)"
    )
    schema.set_defaults(run=_schema)

    projector = commands.add_parser(
        "projector",
        help="keep the read model caught up (one per database; a second copy stands by)",
        description="Applies new events to the read model until stopped (SIGTERM or Ctrl-C). "
        "On PostgreSQL it holds an advisory lock and wakes on new events; a second copy waits "
        "as a standby and takes over when the first stops. On SQLite a file lock beside the "
        "database plays the same part.",
    )
    projector.add_argument(
        "--batch-size",
        type=int,
        default=BATCH_SIZE_EVENTS,
        help=f"events per transaction (default {BATCH_SIZE_EVENTS})",
    )
    projector.add_argument(
        "--until-caught-up", action="store_true", help="exit once every stored event is applied"
    )
    projector.set_defaults(run=projector_command)

    rebuild = commands.add_parser(
        "rebuild",
        help="build the read model anew from every event and swap it in for the live one",
        description="Stop the projector first. Builds beside the live read model, in bulk (two "
        "processes, COPY on PostgreSQL), then replaces it in one transaction; readers see the "
        "old one until then. Prints the rate in events per second.",
    )
    rebuild.set_defaults(run=rebuild_command)

    check = commands.add_parser(
        "check",
        help="compare the read model with a rebuild from the events",
        description="Rebuilds into scratch tables up to the live position and compares a "
        "digest of every table; exits 1 and names the tables that differ.",
    )
    check.set_defaults(run=check_command)

    lag = commands.add_parser("lag", help="how many events the read model has still to apply")
    lag.set_defaults(run=lag_command)
    demo = commands.add_parser(
        "demo",
        help="load a realistic 2021–2025 history of the Bình Dương program (empty ledger only)",
        description="Writes the history through the ledger's own use cases, each entry on its "
        "own date: budgets, some eighty projects and their establishments, payments, Treasury "
        "statements with a few discrepancies, and the year-end closes of 2021–2024. The same "
        "seed gives the same history. Refused when the ledger holds more than the programs. "
        "The ledger is marked as a training ledger: `serve` runs its clock on from the day "
        "the history stops (--until), not from today.",
    )
    demo.add_argument("--seed", type=int, default=1, help="another seed, another history")
    demo.add_argument(
        "--if-empty", action="store_true", help="do nothing (exit 0) when the ledger has history"
    )
    demo.add_argument(
        "--until",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="write the history up to this day only; a served ledger runs on from it",
    )
    demo.set_defaults(run=demo_command)
    _audit_commands(commands)
    _finance_commands(commands)
    add_use_case_commands(commands)
    add_review_commands(commands)
    bench = commands.add_parser(
        "bench",
        help="measure the ledger beside raw PostgreSQL, raw SQLite and a plain HTTP endpoint",
        description="Seven measurements, each with a baseline taken in the same run: commands "
        "(1 and 8 clients), a bulk load, rebuild, as-of queries, GraphQL over HTTP, freshness "
        "and the API's peak memory. Creates and drops its own databases (never "
        "KHUYENCONG_DATABASE_URL's); prints one table. docs/PERFORMANCE.md shows a full run.",
    )
    add_bench_arguments(bench)
    bench.set_defaults(run=lambda settings, args: bench_command(args))
    return parser


def _finance_commands(commands: Any) -> None:
    statement = commands.add_parser(
        "import-statement",
        help="import a State Treasury statement (CSV or XLSX) as an event",
        description="Parses the file (docs/FINANCE.md lists the columns and formats accepted) and "
        "records its lines with its SHA-256. The same file twice changes nothing; a refused file "
        "writes nothing and the error names the line and the column.",
    )
    statement.add_argument("file", type=Path)
    statement.add_argument("--program", default="BD-KC-2025")
    statement.add_argument(
        "--account", required=True, help="a registered Treasury account's number"
    )
    statement.add_argument("--source", help="optional: must be the account's funding source")
    statement.set_defaults(run=import_statement_command)

    account = commands.add_parser(
        "register-account",
        help="register a budget holder's Treasury account (once); statements name it",
    )
    account.add_argument("number", help="e.g. 9523.1.1068413")
    account.add_argument("--program", default="BD-KC-2025")
    account.add_argument("--holder", required=True, help="the holder's unit code, e.g. 74 or 718")
    account.add_argument("--source", required=True, help="PROVINCIAL, DISTRICT …")
    account.add_argument("--name", required=True)
    account.add_argument("--opened-on", required=True, help="YYYY-MM-DD; the holder valid then")
    account.set_defaults(run=register_account_command)

    transfer = commands.add_parser(
        "transfer-holder",
        help="pass a holder's open commitments to its successor, naming the decision",
        description="After a holder's budget ends (district budgets on 2025-07-01), its "
        "projects' open commitments move to the successor's lines (e.g. 79) by one event per "
        "project and line; refused before the holder's last day is over.",
    )
    transfer.add_argument("holder", help="the holder whose budget ended, e.g. 718")
    transfer.add_argument("--program", default="BD-KC-2025")
    transfer.add_argument("--decision-no", required=True, help="e.g. 202/2025/QH15")
    transfer.add_argument("--decision-date", required=True, help="YYYY-MM-DD, effective on")
    transfer.set_defaults(run=transfer_holder_command)

    reconciliation = commands.add_parser(
        "reconcile",
        help="the ledger against the Treasury statements for a year (exit 1 if lines unmatched)",
    )
    reconciliation.add_argument("year", type=int)
    reconciliation.add_argument("--program", default="BD-KC-2025")
    reconciliation.add_argument("--as-of-position", type=int, help="reproduce a past one")
    reconciliation.add_argument("--window-days", type=int, default=5)
    reconciliation.set_defaults(run=reconcile_command)

    close = commands.add_parser(
        "close-year",
        help="close a fiscal year: carry over contracted commitments, cancel the rest",
        description="Refused while statement lines of the year are unmatched, or after the "
        "year's adjustment window (31 January), unless --force with --reason; a close after "
        "the window is recorded as late. Each carry-over and cancellation is its own event.",
    )
    close.add_argument("year", type=int)
    close.add_argument("--program", default="BD-KC-2025")
    close.add_argument("--decision-no", required=True)
    close.add_argument("--decision-date", required=True, help="YYYY-MM-DD, from 31 December")
    close.add_argument("--force", action="store_true")
    close.add_argument("--reason", default="")
    close.set_defaults(run=close_year_command)

    export = commands.add_parser(
        "export",
        help="budget execution and target progress as XLSX, CSV, a fiscal data package or IATI",
        description="xlsx: one workbook (Dự toán, Thực hiện, Chỉ tiêu); csv: the execution table "
        "at --out with .du-toan.csv and .chi-tieu.csv beside it; ofdp: a folder with "
        "datapackage.json; iati: IATI 2.03 activity XML. docs/FINANCE.md describes each.",
    )
    export.add_argument("--format", required=True, choices=sorted(FORMATS))
    export.add_argument("--out", required=True, type=Path)
    export.add_argument("--program", default="BD-KC-2025")
    export.add_argument("--year", type=int, help="one fiscal year (default: every year)")
    export.add_argument(
        "--position", type=int, help="the ledger position to export as of (default: the latest)"
    )
    export.set_defaults(run=export_command)


def _audit_commands(commands: Any) -> None:
    checkpoint = commands.add_parser(
        "checkpoint",
        help="sign a checkpoint of the event log (tree size, root hash, time)",
        description="Signs the Merkle log as the read model holds it now with the Ed25519 key "
        "(KHUYENCONG_SIGNING_KEY_FILE, else ./var/signing-key.pem) and keeps it. Prints the "
        "checkpoint as JSON: give it to auditors, who check later packs against it. A size "
        "already signed prints the kept checkpoint.",
    )
    checkpoint.add_argument("--tree-size", type=int, help="sign an earlier size of the log")
    checkpoint.add_argument("--out", type=Path, help="also write the JSON to this file")
    checkpoint.set_defaults(run=checkpoint_command)

    listing = commands.add_parser("checkpoints", help="list the kept checkpoints")
    listing.add_argument("--json", action="store_true", help="one JSON checkpoint per line")
    listing.set_defaults(run=checkpoints_command)

    key = commands.add_parser("public-key", help="print the checkpoint signing key's public half")
    key.set_defaults(run=public_key_command)

    inclusion = commands.add_parser(
        "prove-inclusion",
        help="prove that the event at a position is in the log (RFC 9162 audit path)",
    )
    inclusion.add_argument("position", type=int)
    inclusion.add_argument(
        "--tree-size",
        type=int,
        help="default: the latest signed checkpoint's, else the whole log",
    )
    inclusion.set_defaults(run=prove_inclusion_command)

    consistency = commands.add_parser(
        "prove-consistency",
        help="prove that the log of TO_SIZE events extends the log of FROM_SIZE events",
    )
    consistency.add_argument("from_size", type=int)
    consistency.add_argument("to_size", type=int)
    consistency.set_defaults(run=prove_consistency_command)

    export = commands.add_parser(
        "audit-export",
        help="write an audit pack (events, checkpoints, key, digest) for offline verification",
        description="Writes a zip with every event up to the position as JSON Lines, the signed "
        "checkpoints, the public key, the read model's digest and a signed manifest. Verify "
        "it with scripts/verify_audit_pack.py (docs/AUDITORS.md).",
    )
    export.add_argument("--out", type=Path, required=True, help="the zip file to write")
    export.add_argument("--program", help="limit the budget figures to one program code")
    export.add_argument(
        "--to-position", type=int, help="export the log as it stood at this position"
    )
    export.set_defaults(run=audit_export_command)

    restore = commands.add_parser(
        "restore",
        help="load a verified audit pack into an empty ledger, to query it with the same API",
        description="Verifies the pack as scripts/verify_audit_pack.py does, then loads its "
        "events into the empty ledger at KHUYENCONG_DATABASE_URL (COPY on PostgreSQL), keeps its "
        "checkpoints and keys, and builds the read model. Refused, writing nothing, when the "
        "ledger has events (LEDGER_NOT_EMPTY) or the pack does not verify "
        "(AUDIT_PACK_UNVERIFIED, with the verifier's code). Serve the result with "
        "KHUYENCONG_PROGRAM_FILES= (empty), so that nothing is added to what the pack holds.",
    )
    restore.add_argument("pack", type=Path, help="the zip written by `khuyencong audit-export`")
    restore.add_argument("--to-position", type=int, help="load the events up to this position only")
    restore.add_argument(
        "--trusted-checkpoint",
        type=Path,
        metavar="FILE",
        help="a checkpoint (JSON) you held before: the pack must agree with it",
    )
    restore.add_argument(
        "--public-key", type=Path, metavar="FILE", help="pin the ledger's signing key (PEM)"
    )
    restore.set_defaults(run=restore_command)


def command_names() -> set[str]:
    """The subcommands this CLI offers (the compose file is checked against them)."""
    return {
        name
        for action in _parser()._subparsers._group_actions  # type: ignore[union-attr]
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


def _schema(settings: Settings, args: argparse.Namespace) -> int:
    print(build_schema().as_str())
    return 0


def _report(settings: Settings, args: argparse.Namespace) -> int:
    with bootstrap(settings) as services:
        receipts = load_programs(services.ledger, settings)
        services.catch_up()
        head = services.read_model.head()
        print(
            f"ledger: {settings.database.describe()} (position {head.position}, "
            f"read model at {head.read_model_position})"
        )
        for code, receipt in receipts:
            status = "loaded" if receipt.position is not None else "already loaded, unchanged"
            print(f"\n{status}:\n{program_report(services.ledger.program(code))}")
            print(f"\n{progress_report(services.read_model.targets(code))}")
            as_of = AsOf(position=args.position) if args.position is not None else None
            budget = services.read_model.budget(code, args.year, as_of)
            print(f"\n{budget_report(budget)}")
            support = services.read_model.support_and_co_financing(code)
            print(f"\n{co_financing_report(support)}")
    return 0


def _load_program(settings: Settings, args: argparse.Namespace) -> int:
    with bootstrap(settings) as services:
        code, receipt = load_program(services.ledger, args.file)
        changed = "recorded" if receipt.position is not None else "unchanged (already recorded)"
        print(f"{changed}:\n{program_report(services.ledger.program(code))}")
    return 0


def _show_program(settings: Settings, args: argparse.Namespace) -> int:
    with bootstrap(settings) as services:
        print(program_report(services.ledger.program(args.code)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
