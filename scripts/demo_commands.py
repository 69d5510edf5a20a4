"""``khuyencong demo``: load the demonstration history into an empty ledger."""

from __future__ import annotations

import sys
from argparse import Namespace

from scripts.bootstrap import bootstrap
from scripts.demo import demo_clock, load_demo
from scripts.read_side_commands import progress_bar
from scripts.settings import Settings

# The progress bar's length: the whole history of seed 1 is 926 commands (800 left the bar
# showing "926/800"); other seeds differ a little, --until stops earlier, and the summary
# says how many there were.
DEMO_COMMANDS_ESTIMATE = 930


def demo_command(settings: Settings, args: Namespace) -> int:
    with bootstrap(settings, clock=demo_clock()) as services:
        if args.if_empty and services.ledger.head_position() > 1:
            print("khuyencong demo: the ledger already holds a history; left as it is")
            return 0
        with progress_bar("demo", DEMO_COMMANDS_ESTIMATE, unit="commands") as advance:
            summary = load_demo(
                services.ledger,
                services.read_model,
                seed=args.seed,
                until=args.until,
                progress=advance,
            )
        checkpoint, _ = services.signer().checkpoint()
    statuses = ", ".join(f"{n} {s.lower()}" for s, n in sorted(summary.projects_by_status.items()))
    paid = sum(y.paid_vnd for y in summary.years.values())
    co_financing = sum(y.co_financing_settled_vnd for y in summary.years.values())
    print(
        f"demo (seed {summary.seed}): {summary.events:,} events from {summary.commands:,} "
        f"commands in {summary.elapsed_s:.1f} s; {summary.projects} projects ({statuses}); "
        f"{summary.establishments} establishments; {summary.payments} payments; "
        f"{summary.statements} Treasury statements; {summary.closes} year-end closes; "
        f"state support paid {paid:,} đồng beside establishments' co-financing settled "
        f"{co_financing:,} đồng",
    )
    print(
        f"checkpoint of {checkpoint.tree_size} events signed; a training ledger: its day is "
        f"{summary.last_day.isoformat()}, and `khuyencong serve` runs its clock on from there",
        file=sys.stderr,
    )
    return 0
