"""The command each planned act of a project becomes, drafted when its day comes.

A project's commands cannot all be written in advance: document numbers are issued in the order
the offices give them, and the last payment, the settlement and the refund are for what the
ledger holds by then. The loader records what is drafted here.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.establishments.commands import AddCertification
from domain.ledger import Ledger
from domain.projects.commands import (
    AcceptOutputs,
    AdjustProject,
    AppraiseProject,
    ApproveProject,
    CancelProject,
    ProposeProject,
    RecordPayment,
    RecordRefund,
    RejectProject,
    ResumeProject,
    ReversePayment,
    SettleProject,
    SignContract,
    SuspendProject,
)
from domain.statements.commands import MatchStatementLine
from domain.types import (
    Actor,
    AppraisalResult,
    CertificationKind,
    FundingSource,
    PaymentRef,
    SourceAmount,
)
from scripts.demo.commands import Entry
from scripts.demo.money import co_financing_evidenced, dong
from scripts.demo.names import (
    APPRAISAL_FAILED,
    APPRAISAL_PASSED,
    REJECTIONS,
    TRADES,
    WITHDRAWALS,
)
from scripts.demo.numbers import DocumentNumbers
from scripts.demo.plans import CANCEL_REFUND, SUSPENDED, Act, ProjectPlan
from scripts.demo.program import (
    CENTER,
    DISTRICTS_END,
    DOIT,
    FINANCE,
    PROGRAM,
    D,
    P,
    district_committee,
)


@dataclass(frozen=True)
class ImportedStatement:
    """A Treasury statement in the ledger, with the line number of each voucher it lists."""

    statement_id: UUID
    line_numbers: Mapping[str, int]


class Drafter:
    """Drafts each act's command with the numbers and amounts of the day it is given."""

    def __init__(
        self,
        ledger: Ledger,
        numbers: DocumentNumbers,
        seed: int,
        statements: Mapping[int, list[ImportedStatement]],
    ) -> None:
        self.ledger = ledger  # read, never written: what has been paid, what is due back
        self.numbers = numbers
        self.seed = seed
        # by year (one per account), filled in as the Treasury's statements arrive
        self.statements = statements

    def draft(self, plan: ProjectPlan, act: Act) -> Entry | None:
        """The act's command, or None for a payment with nothing left to pay."""
        return self._drafters()[act.what](plan, act)

    def _drafters(self) -> dict[str, Callable[[ProjectPlan, Act], Entry | None]]:
        """Each kind of planned act and the command it becomes."""
        return {
            "propose": self._propose,
            "appraise": self._appraise,
            "approve": self._approve,
            "reject": self._reject,
            "contract": self._contract,
            "adjust": self._adjust,
            "suspend": self._suspend,
            "resume": self._resume,
            "cancel": self._cancel,
            "pay": self._pay,
            "reverse": self._reverse,
            "accept": self._accept,
            "settle": self._settle,
            "refund": self._refund,
            "certify": self._certify,
            "match": self._match,
        }

    def _propose(self, plan: ProjectPlan, act: Act) -> Entry:
        """Proposed by the Center, or by the district's economic office."""
        return Entry(
            act.day,
            ProposeProject(
                program_code=PROGRAM,
                code=plan.code,
                title=plan.title,
                content_code=plan.content,
                unit_code=plan.unit,
                year=plan.year,
                eligible_cost_vnd=plan.cost,
                requested_support=_amounts(plan.requested),
                planned_outputs=plan.planned,
                beneficiary_ids=tuple(firm.id for firm in plan.firms),
                proposed_on=act.day,
                co_financing_vnd=plan.co_financing,
                co_financing_note="Phần chi phí còn lại do cơ sở tự đầu tư"
                if plan.co_financing
                else "",
                plan_item=plan.plan_item,
            ),
            plan.proposer,
        )

    def _appraise(self, plan: ProjectPlan, act: Act) -> Entry:
        """The Department's appraisal council, passing or failing the proposal."""
        failed = act.note == "fail"
        rng = random.Random(f"{self.seed}:appraisal:{plan.code}")
        return Entry(
            act.day,
            AppraiseProject(
                project_id=plan.id,
                result=AppraisalResult.FAIL if failed else AppraisalResult.PASS,
                notes=rng.choice(APPRAISAL_FAILED) if failed else APPRAISAL_PASSED,
                record_no=self.numbers.doc("BB-HĐTĐ", act.day),
            ),
            DOIT,
        )

    def _approve(self, plan: ProjectPlan, act: Act) -> Entry:
        """Approval commits the support on the year's budget lines."""
        return Entry(
            act.day,
            ApproveProject(
                project_id=plan.id,
                approved_support=_amounts(plan.approved),
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
            ),
            DOIT,
        )

    def _reject(self, plan: ProjectPlan, act: Act) -> Entry:
        reason = random.Random(f"{self.seed}:reject:{plan.code}").choice(REJECTIONS)
        return Entry(
            act.day,
            RejectProject(
                project_id=plan.id,
                reason=reason,
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
            ),
            DOIT,
        )

    def _contract(self, plan: ProjectPlan, act: Act) -> Entry:
        number = self.numbers.next("HĐ-KC", act.day.year)
        contract_no = f"{number}/{act.day.year}/HĐ-KC"
        return Entry(
            act.day,
            SignContract(project_id=plan.id, contract_no=contract_no, signed_on=act.day),
            CENTER,
        )

    def _adjust(self, plan: ProjectPlan, act: Act) -> Entry:
        assert plan.adjusted is not None
        up = plan.adjusted[P] > plan.approved[P]
        reason = (
            "Điều chỉnh tăng kinh phí do bổ sung hạng mục theo đề nghị của đơn vị thực hiện"
            if up
            else "Điều chỉnh giảm kinh phí hỗ trợ theo giá trúng thầu thiết bị"
        )
        return Entry(
            act.day,
            AdjustProject(
                project_id=plan.id,
                approved_support=_amounts(plan.adjusted),
                reason=reason,
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
            ),
            DOIT,
        )

    def _suspend(self, plan: ProjectPlan, act: Act) -> Entry:
        reason = (
            "Tạm dừng để rà soát hồ sơ sau sắp xếp đơn vị hành chính"
            if plan.fate == SUSPENDED
            else "Tạm dừng do nhà cung cấp chậm giao thiết bị, chờ điều chỉnh hợp đồng"
        )
        return Entry(
            act.day,
            SuspendProject(
                project_id=plan.id,
                reason=reason,
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
            ),
            DOIT,
        )

    def _resume(self, plan: ProjectPlan, act: Act) -> Entry:
        reason = "Nhà cung cấp đã giao thiết bị; tiếp tục thực hiện đề án"
        return Entry(
            act.day,
            ResumeProject(
                project_id=plan.id,
                reason=reason,
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
            ),
            DOIT,
        )

    def _cancel(self, plan: ProjectPlan, act: Act) -> Entry:
        if plan.fate == CANCEL_REFUND:
            reason = "Cơ sở ngừng hoạt động, không thực hiện được đề án; thu hồi kinh phí tạm ứng"
        else:
            reason = random.Random(f"{self.seed}:cancel:{plan.code}").choice(WITHDRAWALS)
        return Entry(
            act.day,
            CancelProject(
                project_id=plan.id,
                reason=reason,
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
            ),
            DOIT,
        )

    def _pay(self, plan: ProjectPlan, act: Act) -> Entry | None:
        """Advances and payments: the planned amount, or what is left of the source's support."""
        pay = act.pay
        assert pay is not None
        amount = pay.amount if pay.amount is not None else self._left(plan, pay.source)
        if amount <= 0:
            return None
        return Entry(
            act.day,
            RecordPayment(
                project_id=plan.id,
                kind=pay.kind,
                source=pay.source,
                amount_vnd=amount,
                voucher_no=pay.voucher,
                value_date=pay.value_date,
                payee=plan.payee,
            ),
            _payer(plan, pay.source, pay.value_date),
        )

    def _left(self, plan: ProjectPlan, source: FundingSource) -> int:
        state = self.ledger.project(plan.id)
        return state.approved.get(source, 0) - state.paid_by_source().get(source, 0)

    def _reverse(self, plan: ProjectPlan, act: Act) -> Entry:
        """A duplicate entry, or an entry at the wrong amount, reversed by whoever paid it."""
        pay = act.pay
        assert pay is not None
        if act.note == "duplicate":
            assert act.other is not None
            reason = f"Ghi trùng với chứng từ {act.other.voucher}"
        else:
            reason = (
                f"Ghi sai số tiền ({dong(pay.amount or 0)}); Kho bạc chi "
                f"{dong(pay.treasury_amount or 0)}, ghi lại đúng số tiền"
            )
        return Entry(
            act.day,
            ReversePayment(project_id=plan.id, voucher_no=pay.voucher, reason=reason),
            _payer(plan, pay.source, act.day),
        )

    def _accept(self, plan: ProjectPlan, act: Act) -> Entry:
        """The acceptance record counts what was delivered toward the indicators, and the
        establishment's invoices evidence its co-financing."""
        record_no = self.numbers.doc("BB-NT", act.day)
        evidenced = co_financing_evidenced(plan)
        document = ""
        if evidenced:
            invoice = self.numbers.next("HĐGTGT", act.day.year)
            document = f"Hợp đồng mua bán và hóa đơn GTGT số {invoice:07d} kèm {record_no}"
        return Entry(
            act.day,
            AcceptOutputs(
                project_id=plan.id,
                outputs=plan.accepted,
                record_no=record_no,
                accepted_on=act.day,
                co_financing_vnd=evidenced,
                co_financing_document=document,
            ),
            CENTER,
        )

    def _settle(self, plan: ProjectPlan, act: Act) -> Entry:
        """Final support is what was paid, less what the beneficiary must pay back."""
        paid = self.ledger.project(plan.id).paid_by_source()
        final = {s: a - (plan.refund if s is P else 0) for s, a in paid.items()}
        return Entry(
            act.day,
            SettleProject(
                project_id=plan.id,
                final_support=_amounts(final),
                decision_no=self.numbers.doc("QĐ-SCT", act.day),
                decision_date=act.day,
                co_financing_vnd=self.ledger.project(plan.id).co_financing_evidenced_vnd,
            ),
            CENTER,
        )

    def _refund(self, plan: ProjectPlan, act: Act) -> Entry:
        due = self.ledger.project(plan.id).refund_outstanding(P)
        voucher = f"GNT-{act.day.year}-{self.numbers.next('GNT', act.day.year):04d}"
        return Entry(
            act.day,
            RecordRefund(
                project_id=plan.id, source=P, amount_vnd=due, voucher_no=voucher, value_date=act.day
            ),
            CENTER,
        )

    def _certify(self, plan: ProjectPlan, act: Act) -> Entry:
        """Certificates after a selection round (typical products) or trademark support."""
        firm = act.firm
        assert firm is not None
        product = TRADES[firm.trade].product
        if act.note == "trademark":
            number = self.numbers.next("NH", act.day.year)
            cmd = AddCertification(
                establishment_id=firm.id,
                kind=CertificationKind.TRADEMARK,
                title=f"Nhãn hiệu {product} {firm.name}",
                certificate_no=f"4-0{act.day.year % 100:02d}{number:04d}-000",
                level="quốc gia",
                issued_on=act.day,
            )
        else:
            cmd = AddCertification(
                establishment_id=firm.id,
                kind=CertificationKind.TYPICAL_PRODUCT,
                title=(
                    f"{product.capitalize()}: sản phẩm công nghiệp nông thôn tiêu biểu"
                    f" năm {plan.year}"
                ),
                certificate_no=self.numbers.doc("GCN-SCT", act.day),
                level="cấp tỉnh",
                issued_on=act.day,
            )
        return Entry(act.day, cmd, DOIT)

    def _match(self, plan: ProjectPlan, act: Act) -> Entry:
        """Finance ties the statement line to the corrected payment by hand."""
        right, wrong = act.pay, act.other
        assert right is not None
        assert wrong is not None
        year = wrong.value_date.year
        (listed,) = [s for s in self.statements[year] if wrong.voucher in s.line_numbers]
        return Entry(
            act.day,
            MatchStatementLine(
                statement_id=listed.statement_id,
                line_no=listed.line_numbers[wrong.voucher],
                payments=(PaymentRef(plan.id, right.voucher),),
                note=f"Kho bạc ghi số chứng từ {wrong.voucher}; khớp với bút toán điều chỉnh "
                f"{right.voucher}",
            ),
            FINANCE,
        )


def _payer(plan: ProjectPlan, source: FundingSource, day: date) -> Actor:
    """The spending unit that pays: the Center pays provincial and other money; the district's
    People's Committee its own district money, while the district's budget lasts (then the city
    holds it and the Center pays)."""
    if source is D and day <= DISTRICTS_END:
        return district_committee(plan.unit)
    return CENTER


def _amounts(amounts: Mapping[FundingSource, int]) -> tuple[SourceAmount, ...]:
    """Support by source in the canonical order, zero amounts left out."""
    return tuple(SourceAmount(s, amounts[s]) for s in FundingSource if amounts.get(s, 0) > 0)
