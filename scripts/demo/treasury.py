"""The State Treasury's side: the yearly statement of the program's account as the Treasury
sends it (a CSV file that differs from the ledger in the ways real statements do), and the
reason finance writes when it closes a year with lines still unmatched."""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from domain.programs.state import ProgramState
from domain.types import FundingSource, PaymentKind
from finance.reconciliation import Reconciliation
from scripts.demo.money import MILLION, dong, million
from scripts.demo.plans import Pay, ProjectPlan
from scripts.demo.program import workday

TREASURY_ACCOUNT = "9523.1.1068413"  # the program's estimate account at the provincial Treasury
ACCOUNTS_OPENED = date(2021, 7, 20)  # registered days after the program's decision
CITY_OPENED = date(2025, 7, 1)  # Thành phố Hồ Chí Minh's accounts, from the merger
# The decisions by which the budgets of 74 and of the districts pass to 79 on 2025-07-01.
SUCCESSION_DECISIONS = {
    "province": "202/2025/QH15",  # Nghị quyết 202/2025/QH15: Bình Dương joins Hồ Chí Minh City
    "district": "72/2025/QH15",  # Luật Tổ chức chính quyền địa phương 2025: no district level
}


@dataclass(frozen=True)
class DemoAccount:
    """A holder's Treasury account as the demo registers it."""

    number: str
    holder: str
    source: FundingSource
    name: str
    opened_on: date


def demo_accounts(program: ProgramState) -> list[DemoAccount]:
    """74's provincial account, each district's account for its own budget, and 79's two from
    1 July 2025: the provincial money and the districts' money it took over."""
    accounts = [
        DemoAccount(
            TREASURY_ACCOUNT,
            "74",
            FundingSource.PROVINCIAL,
            "Sở Công Thương tỉnh Bình Dương",
            ACCOUNTS_OPENED,
        )
    ]
    for unit in program.definition.units:
        if unit.level == "district":
            accounts.append(
                DemoAccount(
                    f"9523.1.{1070000 + int(unit.code)}",
                    unit.code,
                    FundingSource.DISTRICT,
                    f"Ủy ban nhân dân {unit.name_vi}",
                    ACCOUNTS_OPENED,
                )
            )
    city = "Thành phố Hồ Chí Minh"
    accounts += [
        DemoAccount(
            "9523.1.1121979",
            "79",
            FundingSource.PROVINCIAL,
            f"Sở Công Thương {city}",
            CITY_OPENED,
        ),
        DemoAccount(
            "9523.1.1121980",
            "79",
            FundingSource.DISTRICT,
            f"{city}: ngân sách cấp huyện chuyển giao",
            CITY_OPENED,
        ),
    ]
    return accounts


BUDGET_CHAPTER = "416"  # Sở Công Thương
BUDGET_SUBITEM = "7049"
STATEMENT_HEADER = (
    "Ngày giá trị",
    "Số chứng từ",
    "Số tiền",
    "Đơn vị nhận",
    "Mã số thuế",
    "Mã chương",
    "Tiểu mục",
    "Nội dung",
)


@dataclass(frozen=True)
class TreasuryLine:
    value_date: date
    voucher: str
    amount: int
    payee: str
    tax_code: str
    kind: PaymentKind
    project_code: str
    special: bool = False  # a planted discrepancy: the statement keeps it as it is


def treasury_line(plan: ProjectPlan, pay: Pay, amount: int, *, special: bool) -> TreasuryLine:
    """A statement line for a payment, at the amount the Treasury paid."""
    return TreasuryLine(
        pay.value_date,
        pay.voucher,
        amount,
        plan.payee,
        plan.payee_tax_code,
        pay.kind,
        plan.code,
        special,
    )


STRAY_PAYEE = "Công ty TNHH Thương mại Dịch vụ Xây dựng An Phát"  # paid from this account in error


def perturb(
    lines: list[TreasuryLine], year: int, stray: bool, rng: random.Random
) -> list[TreasuryLine]:
    """What the Treasury's statement differs in: one payment it does not list (booked in
    another period), one line under the Treasury's own voucher number, and in the unresolved
    years one line that is no payment of this program."""
    ordinary = [line for line in lines if not line.special]
    lines = list(lines)
    if len(ordinary) >= 3:
        missing = rng.choice(ordinary)
        lines.remove(missing)
        advances = [x for x in ordinary if x is not missing and x.kind is PaymentKind.ADVANCE]
        renamed = rng.choice(advances or [x for x in ordinary if x is not missing])
        treasury_no = f"KB-{year}-{rng.randint(1000, 99999):06d}"
        lines[lines.index(renamed)] = replace(renamed, voucher=treasury_no)
    if stray:
        day = workday(date(year, 11, 1) + timedelta(days=rng.randint(0, 40)))
        voucher = f"KB-{year}-{rng.randint(100000, 999999):06d}"
        amount = million(rng.uniform(15, 60) * MILLION)
        lines.append(TreasuryLine(day, voucher, amount, STRAY_PAYEE, "", PaymentKind.PAYMENT, ""))
    return sorted(lines, key=lambda x: (x.value_date, x.voucher))


def statement_csv(lines: Iterable[TreasuryLine]) -> tuple[bytes, dict[str, int]]:
    """The statement as Vietnamese Excel saves it (UTF-8 with BOM, ``;``), payees in the
    Treasury's capitals without diacritics; with each voucher's line number."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(STATEMENT_HEADER)
    numbers: dict[str, int] = {}
    for line_no, line in enumerate(lines, start=2):
        if line.project_code:
            what = "Tạm ứng" if line.kind is PaymentKind.ADVANCE else "Thanh toán"
            text = f"{what} kinh phí khuyến công đề án {line.project_code}"
        else:
            text = "Chi hỗ trợ theo hợp đồng"
        writer.writerow(
            (
                line.value_date.strftime("%d/%m/%Y"),
                line.voucher,
                f"{line.amount:,}".replace(",", "."),
                _treasury_capitals(line.payee),
                line.tax_code,
                BUDGET_CHAPTER,
                BUDGET_SUBITEM,
                text,
            )
        )
        numbers[line.voucher] = line_no
    return out.getvalue().encode("utf-8-sig"), numbers


def _treasury_capitals(name: str) -> str:
    """ "CONG TY TNHH CO KHI PHU GIAO": how the Treasury writes "Công ty TNHH Cơ khí Phú Giáo"."""
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c)).upper()


def forced_reason(report: Reconciliation) -> str:
    """What finance writes when it closes with lines still unmatched."""
    items = [
        f"{m.lines[0].voucher_no} chênh lệch {dong(abs(m.difference))}"
        for m in report.amount_differs
    ]
    items += [f"{line.voucher_no} không có trong sổ" for line in report.only_in_statement]
    shown = "; ".join(items[:4])
    return (
        f"{shown}; đã đề nghị Kho bạc Nhà nước tỉnh xác minh, xử lý trong năm {report.year + 1}"
    )[:500]
