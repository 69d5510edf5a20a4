"""Matching Treasury statement lines to ledger payments: a pure function of both lists and the
matches made by hand, so the same inputs (the ledger as of a position) give the same result.

The rules run in order, each on what the earlier ones left:

1. by hand: the last match or unmatch recorded for a line wins; an unmatched-by-hand line is
   kept out of the automatic rules;
2. voucher: the same voucher number (the amounts may differ: that is "amount differs");
3. amount, value date within the window, and payee: one line to one payment, closest date first;
4. split: one line to two to four payments of its payee within the window that add up to it;
5. combined: two to four lines of one payee within the window that add up to one payment.

What is left is "only in the statement" or "only in the ledger".
"""

from __future__ import annotations

import itertools
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

LineKey = tuple[str, int]  # statement id, line number
PaymentKey = tuple[str, str]  # project id, voucher number

DEFAULT_WINDOW_DAYS = 5
GROUP_SIZES = (2, 3, 4)
GROUP_CANDIDATES_MAX = 12  # the nearest ones by date: bounds the search to C(12, 4) sums


@dataclass(frozen=True)
class TreasuryLine:
    key: LineKey
    voucher_no: str
    amount: int
    value_date: date
    payee: str
    source: str


@dataclass(frozen=True)
class LedgerPayment:
    key: PaymentKey
    voucher_no: str
    amount: int
    value_date: date
    payee: str
    source: str
    budget_year: int


Item = TypeVar("Item", TreasuryLine, LedgerPayment)


@dataclass(frozen=True)
class HandLink:
    """A match or unmatch recorded by a finance officer, in the order recorded."""

    line: LineKey
    action: str  # match | unmatch
    payments: tuple[PaymentKey, ...] = ()


@dataclass(frozen=True)
class Match:
    lines: tuple[LineKey, ...]
    payments: tuple[PaymentKey, ...]
    rule: str  # manual | voucher | amount_date_payee | split | combined
    difference: int  # statement minus ledger; not 0 only for a voucher or manual match


@dataclass
class Matching:
    matches: list[Match] = field(default_factory=list)
    only_in_statement: list[LineKey] = field(default_factory=list)
    only_in_ledger: list[PaymentKey] = field(default_factory=list)


def payee_key(name: str) -> str:
    """Payees compare without case, diacritics, punctuation or spacing: the Treasury writes
    "CONG TY TNHH CO KHI PHU GIAO" for "Công ty TNHH Cơ khí Phú Giáo"."""
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(c for c in kept.casefold() if c.isalnum())


def match(
    lines: Iterable[TreasuryLine],
    payments: Iterable[LedgerPayment],
    links: Iterable[HandLink] = (),
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> Matching:
    state = _State(lines, payments, window_days)
    state.by_hand(links)
    state.by_voucher()
    state.by_amount_date_payee()
    state.split()
    state.combined()
    return state.result()


class _State:
    def __init__(
        self, lines: Iterable[TreasuryLine], payments: Iterable[LedgerPayment], window_days: int
    ) -> None:
        self.lines = {line.key: line for line in lines}
        self.payments = {payment.key: payment for payment in payments}
        self.window = window_days
        self.open_lines = dict.fromkeys(self.lines)  # insertion-ordered sets
        self.open_payments = dict.fromkeys(self.payments)
        self.held_apart: set[LineKey] = set()
        self.matches: list[Match] = []

    def take(self, lines: Sequence[LineKey], payments: Sequence[PaymentKey], rule: str) -> None:
        for key in lines:
            del self.open_lines[key]
        for pkey in payments:
            del self.open_payments[pkey]
        difference = sum(self.lines[k].amount for k in lines) - sum(
            self.payments[k].amount for k in payments
        )
        self.matches.append(Match(tuple(lines), tuple(payments), rule, difference))

    def by_hand(self, links: Iterable[HandLink]) -> None:
        last: dict[LineKey, HandLink] = {}
        for link in links:
            last[link.line] = link
        for key, link in last.items():
            if key not in self.open_lines:
                continue
            if link.action == "unmatch":
                self.held_apart.add(key)
                continue
            named = [p for p in link.payments if p in self.open_payments]
            if named:  # a payment reversed since, or taken by an earlier link, drops out
                self.take([key], named, "manual")
            else:
                self.held_apart.add(key)

    def _automatic(self) -> list[TreasuryLine]:
        return [self.lines[k] for k in self.open_lines if k not in self.held_apart]

    def by_voucher(self) -> None:
        by_voucher = {self.payments[k].voucher_no: k for k in self.open_payments}
        for line in self._automatic():
            pkey = by_voucher.get(line.voucher_no)
            if pkey is not None and pkey in self.open_payments:
                self.take([line.key], [pkey], "voucher")

    def by_amount_date_payee(self) -> None:
        index: dict[tuple[int, str], list[LedgerPayment]] = defaultdict(list)
        for pkey in self.open_payments:
            payment = self.payments[pkey]
            index[(payment.amount, payee_key(payment.payee))].append(payment)
        for line in self._automatic():
            candidates = [
                p
                for p in index.get((line.amount, payee_key(line.payee)), ())
                if p.key in self.open_payments and self._near(p.value_date, line.value_date)
            ]
            if candidates:
                best = min(candidates, key=lambda p: abs((p.value_date - line.value_date).days))
                self.take([line.key], [best.key], "amount_date_payee")

    def split(self) -> None:
        """One line paid by the Treasury for several ledger payments of one payee."""
        by_payee: dict[str, list[LedgerPayment]] = defaultdict(list)
        for pkey in self.open_payments:
            by_payee[payee_key(self.payments[pkey].payee)].append(self.payments[pkey])
        for line in self._automatic():
            near = [
                p
                for p in by_payee.get(payee_key(line.payee), ())
                if p.key in self.open_payments and self._near(p.value_date, line.value_date)
            ]
            group = _adding_up(near, line.amount, line.value_date)
            if group:
                self.take([line.key], [p.key for p in group], "split")

    def combined(self) -> None:
        """Several statement lines for one ledger payment (paid in instalments)."""
        by_payee: dict[str, list[TreasuryLine]] = defaultdict(list)
        for line in self._automatic():
            by_payee[payee_key(line.payee)].append(line)
        for pkey in list(self.open_payments):
            payment = self.payments[pkey]
            near = [
                line
                for line in by_payee.get(payee_key(payment.payee), ())
                if line.key in self.open_lines and self._near(line.value_date, payment.value_date)
            ]
            group = _adding_up(near, payment.amount, payment.value_date)
            if group:
                self.take([line.key for line in group], [pkey], "combined")

    def _near(self, one: date, other: date) -> bool:
        return abs((one - other).days) <= self.window

    def result(self) -> Matching:
        return Matching(self.matches, list(self.open_lines), list(self.open_payments))


def _adding_up(items: Sequence[Item], total: int, around: date) -> tuple[Item, ...] | None:
    """The fewest items, nearest in date, whose amounts add up to ``total``."""
    nearest = sorted(items, key=lambda item: abs((item.value_date - around).days))
    nearest = nearest[:GROUP_CANDIDATES_MAX]
    for size in GROUP_SIZES:
        for group in itertools.combinations(nearest, size):
            if sum(item.amount for item in group) == total:
                return group
    return None
