"""The loader: records the planned history through the ledger's use cases, in date order,
with the ledger's clock set to each entry's business date."""

from __future__ import annotations

import random
import time as timer
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from domain.accounts.commands import RegisterAccount
from domain.errors import InvalidInput
from domain.installation.commands import MarkTrainingLedger
from domain.ledger import Ledger
from domain.projects.commands import RecordPayment
from finance.close import CloseYear, close_year
from finance.reconciliation import reconcile
from finance.statements import import_statement_file
from finance.succession import transfer_to_successor
from projections.projector import Projector
from projections.queries import ReadModel
from scripts.bootstrap import LOADER, read_program_file
from scripts.clock import SettableClock
from scripts.demo.commands import Entry, command_handlers
from scripts.demo.drafting import Drafter, ImportedStatement
from scripts.demo.numbers import DocumentNumbers
from scripts.demo.planning import plan_history
from scripts.demo.plans import Act, History, Pay, ProjectPlan
from scripts.demo.program import CLOSED_YEARS, FINANCE, PROGRAM, PROGRAM_DAY, YEARS, P, workday
from scripts.demo.reviews import review_entries
from scripts.demo.summary import DemoSummary, Tally, summarise
from scripts.demo.treasury import (
    CITY_OPENED,
    SUCCESSION_DECISIONS,
    DemoAccount,
    TreasuryLine,
    demo_accounts,
    forced_reason,
    perturb,
    statement_csv,
    treasury_line,
)
from scripts.settings import DEFAULT_PROGRAM_FILES

PROGRAM_DEFINED_TOPIC = "khuyencong:Program.Defined"
EMPTY_CHECK_LIMIT = 100
# On a shared day, the budget comes first, then registrations, projects, statements, closes.
RANK_BUDGET, RANK_REGISTER, RANK_PROJECT, RANK_STATEMENT, RANK_CLOSE = range(5)


@dataclass(frozen=True)
class _Step:
    day: date
    rank: int
    seq: int
    run: Callable[[], int]  # records its entries, returns how many


def load_demo(
    ledger: Ledger,
    read_model: ReadModel,
    *,
    seed: int = 1,
    until: date | None = None,
    progress: Callable[[int], None] | None = None,
) -> DemoSummary:
    """Write the demo history into an empty ledger and return what it holds.

    ``ledger`` must have been created with ``clock=demo_clock()`` (the loader moves that clock
    through 2021–2026); ``read_model`` is the read model of the same database, which the
    year-end close reads and which is caught up at the end. ``progress`` is called
    with the number of commands done since its last call. A ledger with anything more than
    program definitions is refused with ``InvalidInput``, before anything is written.

    ``until`` stops the history before the first entry dated after that day (the same seed
    writes the same entries up to it). The ledger is then marked as a training ledger, dated
    ``until`` (else the history's last day): its clock runs on from that day when served.
    """
    started = timer.perf_counter()
    clock = ledger.clock
    if not isinstance(clock, SettableClock):
        raise InvalidInput(
            "the demo moves the ledger's clock through 2021–2025: create the ledger with "
            "clock=demo_clock()",
            field="clock",
        )
    _refuse_non_empty(ledger)
    clock.set(PROGRAM_DAY)
    ledger.define_program(read_program_file(Path(DEFAULT_PROGRAM_FILES)), LOADER)
    history = plan_history(ledger.program(PROGRAM), seed)
    loader = _Loader(ledger, clock, read_model, history, progress)
    loader.tally.commands += 1  # the definition
    if progress is not None:
        progress(1)
    loader.run(until)
    if until is not None and until > clock.today:
        clock.set(until)
    ledger.mark_training_ledger(MarkTrainingLedger(seed=seed, history_until=clock.today), LOADER)
    loader.tally.commands += 1
    if progress is not None:
        progress(1)
    loader.projector.catch_up()
    return summarise(
        loader.tally,
        loader.read_model,
        ledger,
        seed,
        clock.today,
        timer.perf_counter() - started,
    )


def _refuse_non_empty(ledger: Ledger) -> None:
    """The demo is for an empty database: program definitions may be there, nothing else."""
    notifications = ledger.recorder.select_notifications(start=1, limit=EMPTY_CHECK_LIMIT)
    others = [n for n in notifications if n.topic != PROGRAM_DEFINED_TOPIC]
    if others or len(notifications) >= EMPTY_CHECK_LIMIT:
        raise InvalidInput(
            f"the ledger already holds {ledger.head_position():,} events, more than program "
            "definitions: the demo history is loaded into an empty database only",
            field="database",
        )


class _Loader:
    """Runs the plan's entries in date order, each through the use case for its command's
    type, and does the finance office's work in between: statements and year-end closes."""

    def __init__(
        self,
        ledger: Ledger,
        clock: SettableClock,
        read_model: ReadModel,
        history: History,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.ledger = ledger
        self.clock = clock
        self.store = read_model.store
        self.history = history
        self.progress = progress
        self.handlers = command_handlers(ledger)
        self.projector = Projector(ledger, read_model.store)
        self.read_model = read_model
        self.numbers = DocumentNumbers(history.seed)
        self.statements: dict[int, list[ImportedStatement]] = defaultdict(list)
        self.drafter = Drafter(ledger, self.numbers, history.seed, self.statements)
        self.accounts = demo_accounts(ledger.program(PROGRAM))
        self.account_of = {(a.holder, a.source): a.number for a in self.accounts}
        # (account, year) → the payments the Treasury made from it, for its statement
        self.treasury: dict[tuple[str, int], list[TreasuryLine]] = defaultdict(list)
        self.tally = Tally()
        self.steps: list[_Step] = []

    def add(self, day: date, rank: int, run: Callable[[], int]) -> None:
        self.steps.append(_Step(day, rank, len(self.steps), run))

    def run(self, until: date | None) -> None:
        """The steps in date order up to ``until``, the clock set to each step's day."""
        for account in self.accounts:
            self.add(account.opened_on, RANK_BUDGET, partial(self.register, account))
        for entry in (*self.history.budget, *self.history.annual_plans):
            self.add(entry.day, RANK_BUDGET, partial(self.record, entry))
        self.add(CITY_OPENED, RANK_BUDGET, self.succession)
        for entry in self.history.registrations:
            self.add(entry.day, RANK_REGISTER, partial(self.record, entry))
        for plan in self.history.projects:
            for act in plan.acts:
                self.add(act.day, RANK_PROJECT, partial(self.project_act, plan, act))
        for year in YEARS:
            self.add(
                workday(date(year + 1, 1, 8)), RANK_STATEMENT, partial(self.statements_of, year)
            )
        for entry in review_entries(self.history):
            self.add(entry.day, RANK_STATEMENT, partial(self.record, entry))
        for year in CLOSED_YEARS:
            self.add(workday(date(year + 1, 1, 20)), RANK_CLOSE, partial(self.close, year))
        for step in sorted(self.steps, key=lambda s: (s.day, s.rank, s.seq)):
            if until is not None and step.day > until:
                break
            self.clock.set(step.day)
            done = step.run()
            self.tally.commands += done
            if self.progress is not None and done:
                self.progress(done)

    def record(self, entry: Entry) -> int:
        """Through the use case that handles the command's type."""
        self.handlers[type(entry.command)](entry.command, entry.actor)
        self.tally.count(entry.command)
        return 1

    def project_act(self, plan: ProjectPlan, act: Act) -> int:
        entry = self.drafter.draft(plan, act)
        if entry is None:
            return 0
        done = self.record(entry)
        if isinstance(entry.command, RecordPayment):
            assert act.pay is not None
            self._keep_for_statement(plan, act.pay, entry.command.amount_vnd)
        return done

    def register(self, account: DemoAccount) -> int:
        self.ledger.register_account(
            RegisterAccount(
                program_code=PROGRAM,
                number=account.number,
                holder_code=account.holder,
                source=account.source,
                name=account.name,
                opened_on=account.opened_on,
            ),
            FINANCE,
        )
        return 1

    def succession(self) -> int:
        """On 1 July 2025 the budgets of 74 and of the nine districts pass to 79: finance
        records the transfer of their open commitments, naming the decision."""
        done = 0
        for unit in self.ledger.program(PROGRAM).definition.units:
            if unit.successor is None or unit.valid_to != CITY_OPENED - timedelta(days=1):
                continue
            self.projector.catch_up()
            if not self.read_model.projects_committed_on(PROGRAM, unit.code):
                continue
            transfer_to_successor(
                self.ledger,
                self.read_model,
                PROGRAM,
                unit.code,
                SUCCESSION_DECISIONS[unit.level],
                CITY_OPENED,
                FINANCE,
            )
            done += 1
        return done

    def _account(self, plan: ProjectPlan, pay: Pay) -> str | None:
        """The registered account the payment is made from: that of its line's holder."""
        holder = self.ledger.project(plan.id).holder_of(pay.source)
        return self.account_of.get((holder, pay.source))

    def _keep_for_statement(self, plan: ProjectPlan, pay: Pay, amount: int) -> None:
        """Payments the Treasury made from a registered account, at what it paid, for the
        account's statement."""
        account = self._account(plan, pay)
        if account is not None and pay.in_treasury:
            treasury = pay.treasury_amount if pay.treasury_amount is not None else amount
            line = treasury_line(plan, pay, treasury, special=pay.treasury_amount is not None)
            self.treasury[(account, pay.value_date.year)].append(line)

    def statements_of(self, year: int) -> int:
        """One statement per account with payments in the year, as the Treasury sends it."""
        today = self.clock.today
        for plan in self.history.projects:
            for act in plan.acts:
                pay = act.pay
                if (
                    act.what == "pay"
                    and pay is not None
                    and pay.in_treasury
                    and pay.value_date.year == year
                    and pay.recorded_on > today
                    and (number := self._account(plan, pay)) is not None
                ):
                    assert pay.amount is not None, "a payment recorded late has a planned amount"
                    line = treasury_line(plan, pay, pay.amount, special=True)
                    self.treasury[(number, year)].append(line)
        return sum(self.statement(account, year) for account in self.accounts)

    def statement(self, account: DemoAccount, year: int) -> int:
        """The account's statement of the year, imported from CSV. The provincial accounts'
        statements differ from the ledger as real ones do; the districts' agree."""
        lines = list(self.treasury[(account.number, year)])
        if not lines:
            return 0
        if account.source is P:
            rng = random.Random(f"{self.history.seed}:statement:{year}:{account.holder}")
            lines = perturb(lines, year, year not in self.history.resolved_years, rng)
        data, numbers = statement_csv(sorted(lines, key=lambda x: (x.value_date, x.voucher)))
        imported = import_statement_file(
            self.ledger,
            PROGRAM,
            None,
            account.number,
            f"sao-ke-KBNN-{account.number}-{year}.csv",
            data,
            FINANCE,
        )
        self.statements[year].append(ImportedStatement(imported.receipt.aggregate_id, numbers))
        self.tally.statements += 1
        self.tally.statement_lines += len(lines)
        return 1

    def close(self, year: int) -> int:
        """The year-end close in January; forced, with the reason, where discrepancies stay."""
        self.projector.catch_up()
        force = year not in self.history.resolved_years
        reason = forced_reason(reconcile(self.store, PROGRAM, year)) if force else ""
        day = self.clock.today
        report = close_year(
            self.ledger,
            self.read_model,
            CloseYear(PROGRAM, year, self.numbers.doc("QĐ-STC", day), day, force, reason),
            FINANCE,
        )
        self.tally.closes += 1
        if report.forced:
            self.tally.forced_closes += 1
        self.projector.catch_up()
        lines = sum(
            1 for line in self.read_model.budget(PROGRAM, year).lines if line.figures.cancelled > 0
        )
        return len(report.carried) + len(report.cancelled) + lines + 1
