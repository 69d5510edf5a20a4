"""A realistic 2021–2025 history of Bình Dương's program BD-KC-2025, for demonstrations.

Every entry goes through the ledger's use cases (the methods of ``domain.ledger.Ledger``, and
``finance.statements.import_statement_file`` and ``finance.close.close_year`` for the finance
office's work), exactly as real commands do: nothing is written around the decisions, so the
history obeys every rule the ledger enforces, the fiscal calendar first of all.

Because those rules judge each entry against "today", the ledger must be created with the
clock that ``demo_clock()`` returns: the loader moves it to each entry's business date (10:00 in
Vietnam) before the command, so every entry is recorded on its own date::

    with bootstrap(settings, clock=demo_clock()) as services:
        summary = load_demo(services.ledger, services.read_model, seed=1)

The read model is needed because the year-end close reads the project register from the read
model; the loader catches that read model up (``projections.projector.Projector``) before each
close and at the end. The history is the same for the same seed, on SQLite and PostgreSQL.

The history is planned as data first (``planning``, with ``beneficiaries``, ``money``,
``schedules`` and ``budget``; the data itself in ``plans``, the Vietnamese in ``names``), then
recorded by ``loading``: each domain command goes to the use case its type maps to
(``commands``); a project's commands are drafted on their day (``drafting``), since their
document numbers and some amounts depend on what is recorded before them. ``treasury`` writes
the Treasury's statement files and ``summary`` counts the result.

The database must be empty, or hold program definitions only (``serve`` loads the program files
when it starts; the demo defines BD-KC-2025 itself otherwise). Loading takes about a second on
SQLite and two on PostgreSQL.

What the history holds (the numbers vary with the seed): the program defined on 15 July 2021;
the annual plans of 2022–2025 (``annual_plans``): each district's and the Center's, submitted in
October of the year before (one district revising its plan), compiled by the Center in November
and approved by Sở Công Thương in December with provincial money allocated to each item, every
project of those years naming the plan item it carries out;
estimates proposed the year before, allocations from the provincial budget (a few billion đồng
a year) and from the district budgets and integrated programs, with an adjustment now and
then; some seventy to ninety projects across the content items that have indicators, in the
nine district-level units (more in the four northern districts), proposed, appraised, approved
or rejected, contracted, adjusted, suspended and resumed, cancelled, paid (advances, then
payments, a few reversed), accepted and settled, one or two with a refund; the establishments'
own money towards their projects as co-financing (declared at proposal, evidenced by invoices
at acceptance, settled), never as a budget line or a Treasury payment; the
establishments they support, with Vietnamese names and tax codes of the right form; one State
Treasury statement per year with a handful of discrepancies; the year-end closes of 2021–2024
in January of the following year (forced, with the reason, when discrepancies were left); and
the administrative change of 1 July 2025, after which projects and establishments are recorded
under unit 79 (Thành phố Hồ Chí Minh). 2025 is left open.

``until`` stops the history before the first entry dated after that day. Last, the loader marks
the ledger as a training ledger (``Installation.MarkedAsTraining``, dated ``until`` or the
history's last day): opened without a clock of its own (``scripts.bootstrap``), such a ledger
runs its clock on from the last day it recorded, never backwards.
"""

from __future__ import annotations

from scripts.clock import SettableClock
from scripts.demo.loading import load_demo
from scripts.demo.planning import plan_history
from scripts.demo.plans import History
from scripts.demo.program import PROGRAM_DAY, WORK_TIME
from scripts.demo.summary import DemoSummary, YearFigures

__all__ = ["DemoSummary", "History", "YearFigures", "demo_clock", "load_demo", "plan_history"]


def demo_clock() -> SettableClock:
    """The clock to create the demo's ledger with: ``Ledger(env, clock=demo_clock())``, set to
    the day the program was defined; the loader moves it to each entry's business date."""
    return SettableClock(PROGRAM_DAY, WORK_TIME)
