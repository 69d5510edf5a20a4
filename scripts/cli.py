"""``khuyencong``: the operator's command line. Subcommands arrive with the capabilities."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from domain.errors import LedgerError
from scripts.bootstrap import create_ledger, load_program, load_programs
from scripts.report import program_report
from scripts.settings import Settings, SettingsError

EXIT_REFUSED = 2


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


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="khuyencong",
        description="Khuyến công Ledger: an event-sourced ledger of industrial-promotion programs.",
    )
    parser.add_argument("--version", action="version", version=version("khuyencong-ledger"))
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="load the configured programs and report what the ledger holds",
        description="Loads the program files (KHUYENCONG_PROGRAM_FILES) into the ledger at "
        "KHUYENCONG_DATABASE_URL, then reports each program and its targets. The GraphQL API "
        "is not built yet, so nothing is served over the network.",
    )
    serve.set_defaults(run=_serve)

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
    return parser


def command_names() -> set[str]:
    """The subcommands this CLI offers (the compose file is checked against them)."""
    return {
        name
        for action in _parser()._subparsers._group_actions  # type: ignore[union-attr]
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    ledger = create_ledger(settings)
    receipts = load_programs(ledger, settings)
    print(f"ledger: {settings.database.describe()} (position {ledger.head_position()})")
    for code, receipt in receipts:
        status = "loaded" if receipt.position is not None else "already loaded, unchanged"
        print(f"\n{status}:\n{program_report(ledger.program(code))}")
    print("\nThe GraphQL API is not built yet: nothing is served over the network.")
    return 0


def _load_program(settings: Settings, args: argparse.Namespace) -> int:
    ledger = create_ledger(settings)
    code, receipt = load_program(ledger, args.file)
    changed = "recorded" if receipt.position is not None else "unchanged (already recorded)"
    print(f"{changed}:\n{program_report(ledger.program(code))}")
    return 0


def _show_program(settings: Settings, args: argparse.Namespace) -> int:
    ledger = create_ledger(settings)
    print(program_report(ledger.program(args.code)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
