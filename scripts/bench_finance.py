"""Benchmark of Treasury reconciliation, beside a plain read of the same rows in the same run.

    ./scripts/bench_finance [--backend sqlite|postgresql] [--payments 100000] [--runs 3]
                            [--postgres-url URL] [--json FILE]

A synthetic history (``scripts/synthetic.py``) with about ``--payments`` payments; a statement
per funding source made from them and perturbed so that every match class occurs (same voucher,
Treasury voucher with the date moved, amount differs, split, combined, only in the ledger, only
in the statement); their import through the use case; then ``finance.reconciliation.reconcile``
timed (best of ``--runs``) against a plain SELECT of the statement lines and payments it reads.
Goal: 100,000 lines against 100,000 payments in under 10 seconds. No assertion on times.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import time
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

from domain.accounts.commands import RegisterAccount
from domain.statements.commands import ImportStatement
from domain.types import Actor, FundingSource, Role, StatementEntry
from finance.reconciliation import reconcile
from projections.digest import rebuild
from projections.projector import Projector
from projections.store import ReadStore
from scripts.benchmarks.fixtures import ADMIN_URL, bench_database
from scripts.bootstrap import create_ledger, create_store, load_programs
from scripts.settings import Settings
from scripts.synthetic import PROGRAM, generate

EVENTS_PER_PAYMENT = 6  # a synthetic project: about eight events and two payments, with claims
FINANCE = Actor("bench.finance", Role.FINANCE)


@dataclass(frozen=True)
class Result:
    backend: str
    payments: int
    statement_lines: int
    import_s: float
    plain_read_s: float
    reconcile_s: float
    ratio: float  # plain read time over reconcile time
    matched: int
    amount_differs: int
    only_in_statement: int
    only_in_ledger: int


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres-url", default=ADMIN_URL)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    with bench_database(args.backend, args.postgres_url) as url:
        result = _measure(args.backend, url, args.payments, args.runs)
    _print(result)
    if args.json is not None:
        args.json.write_text(json.dumps(asdict(result), indent=2) + "\n", encoding="utf-8")
    return 0


def _measure(backend: str, url: str, payments: int, runs: int) -> Result:
    settings = Settings.from_env(
        {"KHUYENCONG_DATABASE_URL": url, "KHUYENCONG_CHECKPOINT_INTERVAL": "0"}
    )
    ledger = create_ledger(settings)
    load_programs(ledger, settings)
    print(f"{backend}: generating a history with about {payments:,} payments …", file=sys.stderr)
    generate(ledger, payments * EVENTS_PER_PAYMENT)
    store = create_store(settings)
    rebuild(ledger, store)
    year, paid = _payments_of_busiest_year(store)
    rng = random.Random(11)
    statements = {account: _perturbed_statement(items, rng) for account, items in paid.items()}
    total_lines = sum(len(lines) for lines in statements.values())
    print(f"{backend}: importing statements of {total_lines:,} lines …", file=sys.stderr)
    for index, (holder, source) in enumerate(statements):
        ledger.register_account(
            RegisterAccount(
                program_code=PROGRAM,
                number=f"9523.9.{index + 1}",
                holder_code=holder,
                source=FundingSource(source),
                name=f"Tài khoản {holder} {source}",
                opened_on=date(2021, 7, 20),
            ),
            FINANCE,
        )
    started = time.perf_counter()
    for index, lines in enumerate(statements.values()):
        sha = hashlib.sha256(repr(lines).encode()).hexdigest()
        ledger.import_statement(
            ImportStatement(
                program_code=PROGRAM,
                source=None,
                account=f"9523.9.{index + 1}",
                file_name="bench.csv",
                file_format="csv",
                sha256=sha,
                lines=lines,
            ),
            FINANCE,
        )
    Projector(ledger, store).catch_up()
    import_s = time.perf_counter() - started
    plain = min(_plain_read(store) for _ in range(runs))
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        report = reconcile(store, PROGRAM, year)
        timings.append(time.perf_counter() - started)
    store.close()
    ledger.close()
    best = min(timings)
    return Result(
        backend,
        sum(len(items) for items in paid.values()),
        total_lines,
        round(import_s, 2),
        round(plain, 3),
        round(best, 3),
        round(plain / best, 3),
        report.matched,
        len(report.amount_differs),
        len(report.only_in_statement),
        len(report.only_in_ledger),
    )


Paid = tuple[str, int, date, str]  # voucher, amount, value date, payee


def _payments_of_busiest_year(
    store: ReadStore,
) -> tuple[int, dict[tuple[str, str], list[Paid]]]:
    """The payments by holder and funding source (one Treasury account each). Every payment
    of the program is matched; the report is of the year with the most."""
    with store.snapshot() as tx:
        rows = tx.rows(
            "SELECT voucher_no, amount, value_date, payee, budget_year, holder_code, source "
            "FROM rm_payments ORDER BY position"
        )
    years: dict[int, int] = {}
    paid: dict[tuple[str, str], list[Paid]] = {}
    for voucher, amount, day, payee, year, holder, source in rows:
        years[int(year)] = years.get(int(year), 0) + 1
        paid.setdefault((str(holder), str(source)), []).append(
            (str(voucher), int(amount), date.fromisoformat(day), str(payee))
        )
    return max(years, key=lambda y: years[y]), paid


def _perturbed_statement(paid: list[Paid], rng: random.Random) -> tuple[StatementEntry, ...]:
    lines: list[StatementEntry] = []

    def add(voucher: str, amount: int, day: date, payee: str) -> None:
        lines.append(
            StatementEntry(len(lines) + 2, day, voucher, amount, payee.upper(), "", "", "", "")
        )

    index = 0
    while index < len(paid):
        voucher, amount, day, payee = paid[index]
        roll = rng.random()
        nxt = paid[index + 1] if index + 1 < len(paid) else None
        if roll < 0.02:
            pass  # only in the ledger
        elif roll < 0.04:
            add(voucher, amount + 1_000, day, payee)  # amount differs
        elif roll < 0.08:
            add(f"KB-{index}", amount, day + timedelta(days=rng.randint(-2, 2)), payee)
        elif roll < 0.09 and nxt is not None and nxt[3] == payee:
            add(f"KB-{index}", amount + nxt[1], max(day, nxt[2]), payee)  # split
            index += 1
        elif roll < 0.10 and amount > 1:
            add(f"KB-{index}A", amount // 2, day, payee)  # combined
            add(f"KB-{index}B", amount - amount // 2, day + timedelta(days=1), payee)
        else:
            add(voucher, amount, day, payee)
        if rng.random() < 0.01:
            add(f"KB-X{index}", rng.randint(1, 9) * 1_000_000, day, "Đơn vị khác")
        index += 1
    return tuple(lines)


def _plain_read(store: ReadStore) -> float:
    """The baseline: the rows a reconciliation reads, fetched with nothing done to them."""
    started = time.perf_counter()
    with store.snapshot() as tx:
        for _ in tx.stream(
            "SELECT statement_id, line_no, voucher_no, amount, value_date, payee, source "
            "FROM rm_statement_lines WHERE program_code = ?",
            (PROGRAM,),
        ):
            pass
        for _ in tx.stream(
            "SELECT project_id, voucher_no, amount, value_date, payee, source, budget_year "
            "FROM rm_payments WHERE program_code = ?",
            (PROGRAM,),
        ):
            pass
    return time.perf_counter() - started


def _print(r: Result) -> None:
    print(
        f"{'backend':<11} {'payments':>9} {'lines':>8} {'import':>8} {'plain read':>11} "
        f"{'reconcile':>10} {'ratio':>6} {'goal':>6} {'matched':>8} {'differs':>8} "
        f"{'stmt only':>10} {'ledger only':>12}"
    )
    print(
        f"{r.backend:<11} {r.payments:>9,} {r.statement_lines:>8,} {r.import_s:>7.2f}s "
        f"{r.plain_read_s:>10.3f}s {r.reconcile_s:>9.3f}s {r.ratio:>6.3f} {'<10s':>6} "
        f"{r.matched:>8,} {r.amount_differs:>8,} {r.only_in_statement:>10,} "
        f"{r.only_in_ledger:>12,}"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    raise SystemExit(main())
