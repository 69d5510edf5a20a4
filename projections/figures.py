"""Every budget figure, computed in one place from the legs of the postings, and the vocabulary
that names each one: its Vietnamese term, its GraphQL field and its formula.

The API, the exports, the command-line reports and the audit pack all take their figures from
here, and docs/FINANCE.md's glossary and the export headers from ``VOCABULARY``: a figure has one
name and one formula wherever it is shown.

A leg is ``(account, kind, positive, amount)``: the signed sum of postings on one account of a
budget line, by the kind of movement (``projections.budget`` and ``projections.projects`` post
them). Accounts: ``estimate``, ``funding`` (the allocation's source, negative), ``free``,
``open`` (committed, unpaid), ``spent`` (paid, not yet settled), ``settled`` (paid and settled),
``receivable`` (paid above what is owed, until refunded) and ``cancelled``; ``advance`` follows
the advances not yet recovered (``projections.advances``), against ``advance_memo``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Literal

RATIO_PLACES = Decimal("0.0001")
Leg = tuple[str, str, bool, int]  # account, kind, positive, summed amount
COMMITTED_ACCOUNTS = frozenset({"open", "spent", "settled", "receivable"})
PAID_KINDS = frozenset({"payment", "reversal"})


def ratio(part: int, whole: int) -> Decimal | None:
    """Exact to four places (half to even), ``None`` when there is nothing to divide by."""
    return None if whole == 0 else (Decimal(part) / Decimal(whole)).quantize(RATIO_PLACES)


@dataclass(frozen=True)
class BudgetFigures:
    """The money of one budget line (or of a sum of lines), in đồng."""

    estimated: int = 0
    allocated_initial: int = 0
    adjustments: int = 0
    carried_in: int = 0
    carried_out: int = 0
    transferred_in: int = 0
    transferred_out: int = 0
    cancelled: int = 0
    committed: int = 0
    paid: int = 0
    refunded: int = 0
    refund_due: int = 0
    settled: int = 0
    advances_outstanding: int = 0
    available: int = 0

    @property
    def allocated(self) -> int:
        return self.allocated_initial + self.adjustments

    @property
    def execution_rate(self) -> Decimal | None:
        return ratio(self.paid, self.allocated + self.carried_in + self.transferred_in)

    def value(self, name: str) -> int | Decimal | None:
        """A figure by its name in ``VOCABULARY``."""
        value: int | Decimal | None = getattr(self, name)
        return value

    def __add__(self, other: BudgetFigures) -> BudgetFigures:
        return total((self, other))


# The figures' names in declaration order, looked up once: ``dataclasses.fields`` on every
# addition was a tenth of a budget read.
_NAMES = tuple(f.name for f in fields(BudgetFigures))


def figures(legs: Iterable[Leg]) -> BudgetFigures:
    """The figures of the legs of one line (or any set of lines: every figure adds up)."""
    f = dict.fromkeys(_NAMES, 0)
    for account, kind, positive, amount in legs:
        if account == "estimate":
            f["estimated"] += amount
        elif account == "funding":
            f["allocated_initial" if kind == "allocation" else "adjustments"] -= amount
        elif account == "cancelled":
            f["cancelled"] += amount
        elif account == "free":
            f["available"] += amount
            if kind == "refund":
                f["refunded"] += amount
        elif account == "receivable":
            f["refund_due"] += amount
        elif account == "settled":
            f["settled"] += amount
        elif account == "advance":
            f["advances_outstanding"] += amount
        if account in COMMITTED_ACCOUNTS:
            f["committed"] += amount
        if account == "spent" and kind in PAID_KINDS:
            f["paid"] += amount
        if kind in ("carry", "transfer"):
            # Positive legs count in, negative ones out, each by its size; a sum of legs taken
            # off (an as-of query's, projections.totals) counts against its side.
            side = "in" if positive else "out"
            moved = "carried" if kind == "carry" else "transferred"
            f[f"{moved}_{side}"] += amount if positive else -amount
    return BudgetFigures(**f)


def paid_condition(alias: str = "") -> str:
    """``paid`` as a SQL condition on postings, for queries that sum it over a join."""
    kinds = ", ".join(f"'{kind}'" for kind in sorted(PAID_KINDS))
    return f"{alias}account = 'spent' AND {alias}kind IN ({kinds})"


def total(items: Iterable[BudgetFigures]) -> BudgetFigures:
    sums = [0] * len(_NAMES)
    for item in items:
        values = vars(item)
        for i, name in enumerate(_NAMES):
            sums[i] += values[name]
    return BudgetFigures(*sums)


@dataclass(frozen=True)
class Figure:
    """One figure as shown everywhere: ``name`` is the attribute of ``BudgetFigures``,
    ``field`` the GraphQL field (and the column key of the exports)."""

    name: str
    field: str
    term_vi: str
    description: str
    formula: str
    kind: Literal["amount", "ratio"] = "amount"

    @property
    def header(self) -> str:
        """The column header of the exports: the term, the unit, the field to join on."""
        unit = " (đồng)" if self.kind == "amount" else ""
        return f"{self.term_vi}{unit} [{self.field}]"

    @property
    def graphql_description(self) -> str:
        return f"{self.term_vi}: {self.description}"


VOCABULARY: tuple[Figure, ...] = (
    Figure(
        "estimated",
        "estimated",
        "Dự toán đề xuất",
        "the estimate proposed for the line, as adjusted or withdrawn.",
        "Σ `estimate`",
    ),
    Figure(
        "allocated_initial",
        "allocatedInitial",
        "Dự toán giao đầu năm",
        "the allocations as first decided (BudgetLine.Allocated), before any adjustment.",
        "−Σ `funding` of kind `allocation`",
    ),
    Figure(
        "adjustments",
        "adjustments",
        "Điều chỉnh dự toán",
        "the allocation's adjustments up and down (BudgetLine.AllocationAdjusted).",
        "−Σ `funding` of kind `adjustment`",
    ),
    Figure(
        "allocated",
        "allocated",
        "Dự toán được giao",
        "the allocation as it stands: as first decided plus its adjustments.",
        "allocatedInitial + adjustments",
    ),
    Figure(
        "carried_in",
        "carriedIn",
        "Chuyển nguồn từ năm trước",
        "commitments carried over into this line from the year before.",
        "Σ positive legs of kind `carry`",
    ),
    Figure(
        "carried_out",
        "carriedOut",
        "Chuyển nguồn sang năm sau",
        "commitments carried over from this line to the next year.",
        "−Σ negative legs of kind `carry`",
    ),
    Figure(
        "transferred_in",
        "transferredIn",
        "Tiếp nhận cam kết từ đơn vị tiền nhiệm",
        "open commitments taken over from a holder whose budget ended (transferToSuccessor).",
        "Σ positive legs of kind `transfer`",
    ),
    Figure(
        "transferred_out",
        "transferredOut",
        "Chuyển giao cam kết cho đơn vị kế thừa",
        "open commitments passed to the successor when this holder's budget ended.",
        "−Σ negative legs of kind `transfer`",
    ),
    Figure(
        "cancelled",
        "cancelled",
        "Hủy dự toán",
        "what was still free at the year's close and was cancelled.",
        "Σ `cancelled`",
    ),
    Figure(
        "committed",
        "committed",
        "Cam kết",
        "the projects' support still standing: unpaid, paid, settled or due back.",
        "Σ `open` + `spent` + `settled` + `receivable`",
    ),
    Figure(
        "paid",
        "paid",
        "Thực chi",
        "every đồng disbursed (advances included), less reversed vouchers; refunds apart.",
        "Σ `spent` of kinds `payment`, `reversal`",
    ),
    Figure(
        "refunded",
        "refunded",
        "Hoàn trả",
        "money paid back by beneficiaries and returned to the line.",
        "Σ `free` of kind `refund`",
    ),
    Figure(
        "refund_due",
        "refundDue",
        "Phải thu hồi",
        "paid above the settled or cancelled support, not yet paid back.",
        "Σ `receivable`",
    ),
    Figure(
        "settled",
        "settled",
        "Quyết toán",
        "the final support of the settled projects (Project.Settled), on the lines it was "
        "paid from.",
        "Σ `settled`",
    ),
    Figure(
        "advances_outstanding",
        "advancesOutstanding",
        "Tạm ứng chưa thu hồi",
        "advances paid and not yet recovered by the project's payments of the same source "
        "(oldest first), nor by its settlement or cancellation; part of paid.",
        "Σ `advance`",
    ),
    Figure(
        "available",
        "available",
        "Dự toán còn lại",
        "free to commit: allocated, less what was committed from it and cancelled; released "
        "and refunded money comes back here.",
        "Σ `free`",
    ),
    Figure(
        "execution_rate",
        "executionRate",
        "Tỷ lệ thực hiện",
        "paid over the money the line had to spend (allocated, carried in from the year "
        "before, taken over from a predecessor), to four decimal places; empty when there is "
        "none.",
        "paid ÷ (allocated + carriedIn + transferredIn)",
        "ratio",
    ),
)
FIGURES_BY_FIELD = {figure.field: figure for figure in VOCABULARY}
