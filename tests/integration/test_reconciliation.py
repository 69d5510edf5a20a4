"""Treasury statements against the ledger on both backends: every match class from a statement
made from the ledger and perturbed, matches by hand, reproducing the past, and the year-end
close that waits for a reconciled year."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from domain.accounts.commands import RegisterAccount
from domain.errors import (
    InvalidInput,
    StatementAlreadyMatched,
    UnknownAccount,
    UnknownPayment,
    YearAlreadyClosed,
    YearNotReconciled,
)
from domain.projects.commands import RecordPayment, ReversePayment
from domain.statements.commands import ImportStatement, MatchStatementLine, UnmatchStatementLine
from domain.statements.decisions import statement_id
from domain.types import FundingSource, PaymentKind, PaymentRef, StatementEntry
from finance.close import CloseYear, close_year
from finance.reconciliation import reconcile
from tests.support import CENTER, FINANCE, PROGRAM, ReadSide, Scenario

P = FundingSource.PROVINCIAL
PAYEE = "Công ty TNHH Cơ khí Phú Giáo"


class Books:
    """A year of payments, and a statement the Treasury could have sent for it."""

    def __init__(self, scenario: Scenario, side: ReadSide) -> None:
        self.s = scenario
        self.side = side
        scenario.allocate(3_000_000_000)
        scenario.ledger.register_account(
            RegisterAccount(
                program_code=PROGRAM,
                number="9523.1.1234567",
                holder_code="74",
                source=P,
                name="Sở Công Thương tỉnh Bình Dương",
                opened_on=date(2024, 1, 2),
            ),
            FINANCE,
        )
        self.a = scenario.approved_project("DA-01", support=300_000_000, cost=800_000_000)
        self.b = scenario.approved_project("DA-02", support=300_000_000, cost=800_000_000)
        for project, voucher, amount, day in [
            (self.a, "UNC-001", 50_000_000, date(2024, 3, 20)),
            (self.a, "UNC-002", 40_000_000, date(2024, 4, 2)),
            (self.a, "UNC-003", 30_000_000, date(2024, 4, 10)),
            (self.b, "UNC-004", 20_000_000, date(2024, 5, 6)),
            (self.b, "UNC-005", 25_000_000, date(2024, 5, 7)),
            (self.b, "UNC-006", 60_000_000, date(2024, 6, 3)),
            (self.b, "UNC-007", 15_000_000, date(2024, 6, 10)),
            (self.b, "UNC-008", 5_000_000, date(2024, 6, 11)),
        ]:
            scenario.ledger.record_payment(
                RecordPayment(
                    project_id=project,
                    kind=PaymentKind.PAYMENT,
                    source=P,
                    amount_vnd=amount,
                    voucher_no=voucher,
                    value_date=day,
                    payee=PAYEE,
                ),
                CENTER,
            )

    def statement_lines(self) -> tuple[StatementEntry, ...]:
        def entry(no: int, voucher: str, amount: int, day: date) -> StatementEntry:
            upper = "CONG TY TNHH CO KHI PHU GIAO"
            return StatementEntry(no, day, voucher, amount, upper, "", "", "7799", "")

        return (
            entry(2, "UNC-001", 50_000_000, date(2024, 3, 20)),  # voucher
            entry(3, "UNC-002", 41_000_000, date(2024, 4, 2)),  # voucher, amount differs
            entry(4, "KB-9003", 30_000_000, date(2024, 4, 12)),  # amount, date, payee
            entry(5, "KB-9004", 45_000_000, date(2024, 5, 8)),  # UNC-004 + UNC-005: split
            entry(6, "KB-9006A", 35_000_000, date(2024, 6, 3)),  # UNC-006 in two: combined
            entry(7, "KB-9006B", 25_000_000, date(2024, 6, 4)),
            entry(8, "KB-9999", 12_345_000, date(2024, 6, 20)),  # only in the statement
        )  # UNC-007 and UNC-008: only in the ledger

    def import_(self, lines: tuple[StatementEntry, ...], sha: str = "a" * 64) -> int | None:
        receipt = self.s.ledger.import_statement(
            ImportStatement(
                program_code=PROGRAM,
                source=P,
                account="9523.1.1234567",
                file_name="sao-ke-2024.csv",
                file_format="csv",
                sha256=sha,
                lines=lines,
            ),
            FINANCE,
        )
        self.side.catch_up()
        return receipt.position


@pytest.fixture
def books(scenario: Scenario, read_side: ReadSide) -> Books:
    return Books(scenario, read_side)


def test_a_statement_of_an_unknown_account_is_refused_and_writes_nothing(books: Books) -> None:
    head = books.s.ledger.head_position()
    with pytest.raises(UnknownAccount):
        books.s.ledger.import_statement(
            ImportStatement(
                program_code=PROGRAM,
                source=None,
                account="9523.1.7654321",
                file_name="sao-ke.csv",
                file_format="csv",
                sha256="b" * 64,
                lines=books.statement_lines(),
            ),
            FINANCE,
        )
    with pytest.raises(InvalidInput):  # the account pays provincial money, not district money
        books.s.ledger.import_statement(
            ImportStatement(
                program_code=PROGRAM,
                source=FundingSource.DISTRICT,
                account="9523.1.1234567",
                file_name="sao-ke.csv",
                file_format="csv",
                sha256="b" * 64,
                lines=books.statement_lines(),
            ),
            FINANCE,
        )
    assert books.s.ledger.head_position() == head


def test_payments_with_no_statement_of_their_account_yet_are_counted_apart(books: Books) -> None:
    books.side.catch_up()
    before = reconcile(books.side.model.store, PROGRAM, 2024)
    assert (len(before.only_in_ledger), len(before.no_statement_yet)) == (0, 8)
    assert before.unmatched_lines == 0
    books.import_(books.statement_lines())  # covers March to June 2024
    books.s.ledger.record_payment(
        RecordPayment(
            project_id=books.b,
            kind=PaymentKind.PAYMENT,
            source=P,
            amount_vnd=7_000_000,
            voucher_no="UNC-009",
            value_date=date(2024, 6, 14),
            payee=PAYEE,
        ),
        CENTER,
    )
    books.side.catch_up()
    after = reconcile(books.side.model.store, PROGRAM, 2024)
    assert [p.voucher_no for p in after.only_in_ledger] == ["UNC-007", "UNC-008", "UNC-009"]
    assert after.no_statement_yet == ()
    months = {(m.account, m.month): m.statement_imported for m in after.months}
    assert months[("9523.1.1234567", "2024-06")] is True


def test_every_match_class_occurs_in_a_perturbed_statement(books: Books) -> None:
    books.import_(books.statement_lines())
    report = reconcile(books.side.store, PROGRAM, 2024)
    assert report.matched == 4  # voucher, amount-date-payee, split, combined
    (differs,) = report.amount_differs
    assert (differs.rule, differs.difference) == ("voucher", 1_000_000)
    assert [p.voucher_no for p in differs.payments] == ["UNC-002"]
    assert [line.voucher_no for line in report.only_in_statement] == ["KB-9999"]
    assert [p.voucher_no for p in report.only_in_ledger] == ["UNC-007", "UNC-008"]
    assert report.only_in_statement[0].account == "9523.1.1234567"
    june = {row.month: row for row in report.months}["2024-06"]
    assert (june.ledger_total, june.statement_total) == (80_000_000, 72_345_000)
    assert june.difference == -7_655_000
    assert report.unmatched_lines == 2


def test_the_same_file_twice_changes_nothing(books: Books) -> None:
    first = books.import_(books.statement_lines())
    head = books.s.ledger.head_position()
    again = books.import_(books.statement_lines())
    assert first is not None
    assert again is None
    assert books.s.ledger.head_position() == head


def test_matching_by_hand_is_recorded_and_a_past_reconciliation_stays_as_it_was(
    books: Books,
) -> None:
    books.import_(books.statement_lines())
    before = books.side.model.position()
    sid = statement_id(PROGRAM, "a" * 64)
    books.s.ledger.match_statement_line(
        MatchStatementLine(
            statement_id=sid,
            line_no=8,
            payments=(PaymentRef(books.b, "unc-007"),),
            note="KB gộp chứng từ",
        ),
        FINANCE,
    )
    books.s.ledger.unmatch_statement_line(
        UnmatchStatementLine(statement_id=sid, line_no=2, reason="chứng từ cần kiểm tra lại"),
        FINANCE,
    )
    books.side.catch_up()
    now = reconcile(books.side.store, PROGRAM, 2024)
    by_hand = [m for m in now.amount_differs if m.rule == "manual"]
    assert [(m.lines[0].line_no, m.difference) for m in by_hand] == [(8, -2_655_000)]
    assert [line.voucher_no for line in now.only_in_statement] == ["UNC-001"]
    assert [p.voucher_no for p in now.only_in_ledger] == ["UNC-001", "UNC-008"]
    then = reconcile(books.side.store, PROGRAM, 2024, position=before)
    assert [line.voucher_no for line in then.only_in_statement] == ["KB-9999"]


def test_a_reversed_payment_leaves_the_reconciliation(books: Books) -> None:
    books.s.ledger.reverse_payment(
        ReversePayment(project_id=books.b, voucher_no="UNC-008", reason="trùng"), CENTER
    )
    books.import_(books.statement_lines())
    report = reconcile(books.side.store, PROGRAM, 2024)
    assert [p.voucher_no for p in report.only_in_ledger] == ["UNC-007"]


@pytest.mark.parametrize(
    ("payments", "error"),
    [
        ((PaymentRef(None, "UNC-404"),), UnknownPayment),  # type: ignore[arg-type]
        ((), InvalidInput),
    ],
)
def test_a_wrong_match_by_hand_is_refused_and_writes_nothing(
    books: Books, payments: tuple[PaymentRef, ...], error: type[Exception]
) -> None:
    books.import_(books.statement_lines())
    sid = statement_id(PROGRAM, "a" * 64)
    refs = tuple(replace(p, project_id=books.a) if p.project_id is None else p for p in payments)
    head = books.s.ledger.head_position()
    with pytest.raises(error):
        books.s.ledger.match_statement_line(
            MatchStatementLine(statement_id=sid, line_no=8, payments=refs), FINANCE
        )
    assert books.s.ledger.head_position() == head


def test_a_line_matched_by_hand_is_unmatched_before_it_is_matched_again(books: Books) -> None:
    books.import_(books.statement_lines())
    sid = statement_id(PROGRAM, "a" * 64)
    books.s.ledger.match_statement_line(
        MatchStatementLine(statement_id=sid, line_no=8, payments=(PaymentRef(books.b, "UNC-007"),)),
        FINANCE,
    )
    with pytest.raises(StatementAlreadyMatched):
        books.s.ledger.match_statement_line(
            MatchStatementLine(
                statement_id=sid, line_no=8, payments=(PaymentRef(books.b, "UNC-008"),)
            ),
            FINANCE,
        )


def test_the_close_waits_for_a_reconciled_year_unless_forced_with_a_reason(
    books: Books, scenario: Scenario
) -> None:
    uncontracted = scenario.approved_project("DA-03", support=100_000_000, signed=False)
    books.import_(books.statement_lines())
    scenario.clock.set(date(2025, 1, 20))  # in the adjustment window
    close = CloseYear(PROGRAM, 2024, "15/QĐ-STC", date(2025, 1, 20))
    head = scenario.ledger.head_position()
    with pytest.raises(YearNotReconciled, match="2 statement lines"):
        close_year(scenario.ledger, books.side.model, close, FINANCE)
    with pytest.raises(InvalidInput):
        close_year(scenario.ledger, books.side.model, replace(close, force=True), FINANCE)
    assert scenario.ledger.head_position() == head  # refused closes write nothing

    forced = replace(close, force=True, reason="KB-9999 chờ Kho bạc xác nhận")
    report = close_year(scenario.ledger, books.side.model, forced, FINANCE)
    assert set(report.carried) == {"DA-01", "DA-02"}
    assert report.cancelled == ("DA-03",)
    assert (report.forced, report.unmatched_lines) == (True, 2)
    books.side.catch_up()
    line_2024 = {(v.year, v.source): v.figures for v in books.side.model.budget(PROGRAM).lines}
    figures = line_2024[(2024, "PROVINCIAL")]
    assert figures.available == 0
    assert figures.cancelled == report.cancelled_vnd > 0
    assert line_2024[(2025, "PROVINCIAL")].carried_in == 600_000_000 - 245_000_000
    assert scenario.ledger.project(uncontracted).status.value == "CANCELLED"
    with pytest.raises(YearAlreadyClosed):
        close_year(scenario.ledger, books.side.model, forced, FINANCE)


def test_a_reconciled_year_closes_without_force(books: Books, scenario: Scenario) -> None:
    scenario.clock.set(date(2025, 1, 10))
    books.side.catch_up()  # no statement yet: nothing on the Treasury's side is unmatched
    report = close_year(
        scenario.ledger,
        books.side.model,
        CloseYear(PROGRAM, 2024, "15/QĐ-STC", date(2025, 1, 10)),
        FINANCE,
    )
    assert (report.forced, report.unmatched_lines) == (False, 0)
    assert report.position is not None


def test_nothing_more_is_charged_to_a_closed_year(books: Books, scenario: Scenario) -> None:
    scenario.clock.set(date(2025, 1, 10))  # still inside 2024's adjustment window
    books.side.catch_up()
    close_year(
        scenario.ledger,
        books.side.model,
        CloseYear(PROGRAM, 2024, "15/QĐ-STC", date(2025, 1, 10)),
        FINANCE,
    )
    head = scenario.ledger.head_position()
    with pytest.raises(YearAlreadyClosed):
        scenario.allocate(1_000_000, year=2024)
    with pytest.raises(YearAlreadyClosed):  # approving commits on a 2024 line
        scenario.approved_project("DA-09", support=10_000_000, signed=False)
    assert scenario.ledger.head_position() - head == 2  # only DA-09's proposal and appraisal
