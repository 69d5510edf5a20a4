"""Annual-plan reports at a terminal: a year's plans, and plan against actual."""

from __future__ import annotations

import argparse
from argparse import Namespace
from typing import Any

from projections.queries import CATCH_UP_WAIT_S
from projections.rows import AsOf
from scripts.bootstrap import bootstrap
from scripts.settings import Settings


def add_plan_commands(commands: Any) -> None:
    plans = commands.add_parser(
        "plans",
        help="a year's annual plans: each district's and the Center's, with items and approval",
    )
    plans.add_argument("year", type=int)
    _common(plans)
    plans.set_defaults(run=plans_command)
    versus = commands.add_parser(
        "plan-vs-actual",
        help="plan against actual per year, unit and content item (money, projects, outputs)",
    )
    versus.add_argument("--year", type=int, help="one plan year (default: every year planned)")
    versus.add_argument("--unit", help="one unit, e.g. 719")
    _common(versus)
    versus.set_defaults(run=plan_versus_actual_command)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--program", default="BD-KC-2025")
    parser.add_argument("--as-of-position", type=int, help="as the ledger stood at a position")


def plans_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services:
        services.read_model.wait_for(services.ledger.head_position(), CATCH_UP_WAIT_S)
        found = services.read_model.plans(args.program, args.year, _as_of(args))
    if not found:
        print(f"no plans for {args.year}")
    for plan in found:
        documents = ", ".join(f"{d.act.lower()} {d.document_no}" for d in plan.documents)
        print(f"{plan.unit_code} {plan.status}: {documents}")
        for item in plan.items:
            print(
                f"  {item.item_no:>3} {item.content_code:<7} {item.unit_code:<4} "
                f"{item.planned_projects:>3} projects  planned {item.planned_vnd:,} đồng, "
                f"provincial {item.provincial_vnd:,}, approved {item.approved_vnd:,}, "
                f"{item.projects} proposed"
            )
    return 0


def plan_versus_actual_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings) as services:
        services.read_model.wait_for(services.ledger.head_position(), CATCH_UP_WAIT_S)
        rows = services.read_model.plan_versus_actual(
            args.program, args.year, args.unit, _as_of(args)
        )
    print(
        f"{'year':<5} {'unit':<5} {'content':<8} {'projects':>13} {'approved prov.':>16} "
        f"{'committed':>16} {'paid':>16}"
    )
    # "approved prov." is the provincial money the plan's approval allocated to the item;
    # committed and paid are the projects' money of every source (docs/FINANCE.md).
    for row in rows:
        projects = f"{row.projects}/{row.planned_projects}"
        print(
            f"{row.year:<5} {row.unit_code:<5} {row.content_code:<8} {projects:>13} "
            f"{row.approved_vnd:>16,} {row.committed_vnd:>16,} {row.paid_vnd:>16,}"
        )
    print(f"paid in all: {sum(row.paid_vnd for row in rows):,} đồng")
    return 0


def _as_of(args: Namespace) -> AsOf | None:
    return AsOf(position=args.as_of_position) if args.as_of_position is not None else None
