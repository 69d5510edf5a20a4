"""Use cases of projects, from proposal to settlement."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain import claims
from domain.application import LedgerApplication, Receipt
from domain.budget.loading import load_line_book
from domain.errors import InvalidInput, UnknownPlan
from domain.establishments.state import evolve as evolve_establishment
from domain.events import Decision, LedgerEvent
from domain.fiscal import check_date
from domain.ids import project_id
from domain.plans.loading import find_plan
from domain.programs.loading import load_program
from domain.projects import lifecycle, payments, succession
from domain.projects.commands import (
    AcceptOutputs,
    AdjustProject,
    AppraiseProject,
    ApproveProject,
    CancelProject,
    CarryOverProject,
    ProposeProject,
    RecordPayment,
    RecordRefund,
    RejectProject,
    ResumeProject,
    ReversePayment,
    SettleProject,
    SignContract,
    SuspendProject,
    TransferToSuccessor,
)
from domain.projects.events import Project
from domain.projects.loading import check_voucher_free, load_money_movement, load_project
from domain.projects.state import ProjectState, evolve
from domain.text import clean_code
from domain.types import Actor, FundingSource, SourceAmount

Decided = tuple[Any, list[LedgerEvent]]


class ProjectUseCases(LedgerApplication):
    def project(self, project_id: UUID) -> ProjectState:
        """The project now, for the Ledger's callers (CLI, finance, tests)."""
        return load_project(self, project_id)

    def propose_project(
        self, cmd: ProposeProject, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            program = load_program(self, cmd.program_code)
            pid = project_id(program.code, clean_code(cmd.code, "code"))
            known = {
                eid
                for eid in dict.fromkeys(cmd.beneficiary_ids)
                if self.load(eid, evolve_establishment) is not None
            }
            existing = self.load(pid, evolve)
            plan = None
            if cmd.plan_item is not None:
                plan_unit = clean_code(cmd.plan_item.unit_code, "planItem.unitCode")
                plan = find_plan(self, program.code, cmd.year, plan_unit)
                if plan is None:
                    raise UnknownPlan(f"no {cmd.year} plan of unit {plan_unit}", "planItem")
            return pid, lifecycle.propose(program, existing, known, cmd, decision, plan)

        return self.execute(cmd, actor, idempotency_key, decide)

    def appraise_project(
        self, cmd: AppraiseProject, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            project = load_project(self, cmd.project_id)
            return project.id, lifecycle.appraise(project, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def approve_project(
        self, cmd: ApproveProject, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            project = load_project(self, cmd.project_id)
            program = load_program(self, project.program_code)
            day = check_date(cmd.decision_date, "decisionDate", today=decision.today)
            holders = lifecycle.holders_on(program, project, _sources(cmd.approved_support), day)
            keys = [(project.budget_year, s, h) for s, h in holders.items()]
            lines = load_line_book(self, program, keys, decision)
            return project.id, lifecycle.approve(program, project, lines, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def reject_project(
        self, cmd: RejectProject, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            project = load_project(self, cmd.project_id)
            return project.id, lifecycle.reject(project, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def adjust_project(
        self, cmd: AdjustProject, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            project = load_project(self, cmd.project_id)
            program = load_program(self, project.program_code)
            day = check_date(cmd.decision_date, "decisionDate", today=decision.today)
            sources = _sources(cmd.approved_support) | set(project.approved)
            holders = lifecycle.holders_on(program, project, sources, day)
            keys = [(project.budget_year, s, h) for s, h in holders.items()]
            lines = load_line_book(self, program, keys, decision)
            return project.id, lifecycle.adjust(program, project, lines, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def suspend_project(
        self, cmd: SuspendProject, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            project = load_project(self, cmd.project_id)
            return project.id, lifecycle.suspend(project, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def resume_project(
        self, cmd: ResumeProject, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            project = load_project(self, cmd.project_id)
            return project.id, lifecycle.resume(project, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def cancel_project(
        self, cmd: CancelProject, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            project = load_project(self, cmd.project_id)
            program = load_program(self, project.program_code)
            lines = load_line_book(self, program, project.line_keys(), decision)
            return project.id, lifecycle.cancel(project, lines, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def sign_contract(
        self, cmd: SignContract, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            project = load_project(self, cmd.project_id)
            return project.id, lifecycle.sign_contract(project, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def accept_outputs(
        self, cmd: AcceptOutputs, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            project = load_project(self, cmd.project_id)
            program = load_program(self, project.program_code)
            return project.id, lifecycle.accept_outputs(program, project, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def record_payment(
        self, cmd: RecordPayment, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        """A payment and its voucher-number claim are saved together, or neither is."""

        def decide(decision: Decision) -> Decided:
            project, program, taken = load_money_movement(
                self, cmd.project_id, _voucher_or_none(cmd.voucher_no)
            )
            events = payments.record_payment(program, project, cmd, decision)
            return project.id, self._with_voucher_claim(
                project.program_code, events, decision, taken
            )

        return self.execute(cmd, actor, idempotency_key, decide)

    def reverse_payment(
        self, cmd: ReversePayment, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            project = load_project(self, cmd.project_id)
            program = load_program(self, project.program_code)
            return project.id, payments.reverse_payment(program, project, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def settle_project(
        self, cmd: SettleProject, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            project = load_project(self, cmd.project_id)
            program = load_program(self, project.program_code)
            lines = load_line_book(self, program, project.line_keys(), decision)
            return project.id, payments.settle(program, project, lines, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def record_refund(
        self, cmd: RecordRefund, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            project, program, taken = load_money_movement(
                self, cmd.project_id, _voucher_or_none(cmd.voucher_no)
            )
            lines = load_line_book(self, program, project.line_keys(), decision)
            events = payments.record_refund(program, project, lines, cmd, decision)
            return project.id, self._with_voucher_claim(
                project.program_code, events, decision, taken
            )

        return self.execute(cmd, actor, idempotency_key, decide)

    def carry_over_project(
        self, cmd: CarryOverProject, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        def decide(decision: Decision) -> Decided:
            project = load_project(self, cmd.project_id)
            program = load_program(self, project.program_code)
            keys = project.line_keys() + project.line_keys(project.budget_year + 1)
            lines = load_line_book(self, program, keys, decision)
            return project.id, payments.carry_over(project, lines, cmd, decision)

        return self.execute(cmd, actor, idempotency_key, decide)

    def transfer_to_successor(
        self, cmd: TransferToSuccessor, actor: Actor, *, idempotency_key: str | None = None
    ) -> Receipt:
        """The named projects' open commitments on a holder whose budget ended pass to its
        successor, all in one save: every project and line, or nothing."""

        def decide(decision: Decision) -> Decided:
            program = load_program(self, cmd.program_code)
            old, new, day = succession.successor(program, cmd, decision)
            succession.check_projects(cmd)
            projects = [load_project(self, pid) for pid in dict.fromkeys(cmd.project_ids)]
            keys = [
                (p.budget_year, source, holder)
                for p in projects
                for source in succession.open_on(p, old.code)
                for holder in (old.code, new.code)
            ]
            lines = load_line_book(self, program, keys, decision)
            events: list[LedgerEvent] = []
            for project in projects:
                events += succession.transfer(project, lines, old, new, day, cmd, decision)
            if not events:
                raise InvalidInput(
                    f"no named project has open commitments on {old.code}", field="fromHolder"
                )
            return events[0].originator_id, events + lines.events

        return self.execute(cmd, actor, idempotency_key, decide)

    def _with_voucher_claim(
        self,
        program_code: str,
        events: list[LedgerEvent],
        decision: Decision,
        taken: bool | None = None,
    ) -> list[LedgerEvent]:
        """Voucher numbers are unique per program, across payments and refunds."""
        money = next(
            e for e in events if isinstance(e, Project.PaymentRecorded | Project.RefundReceived)
        )
        voucher_no = money.voucher_no
        check_voucher_free(self, program_code, voucher_no, taken)
        claim = claims.make(
            claims.VOUCHER,
            program_code,
            voucher_no,
            money.originator_id,
            money.originator_version,
            voucher_no,
            decision,
        )
        return [*events, claim]


def _voucher_or_none(value: object) -> str | None:
    """The voucher number as its claim is keyed, read with the command's other reads; None
    when it is not valid (the decision reports that, after what it checks first)."""
    try:
        return payments.clean_voucher(value)
    except InvalidInput:
        return None


def _sources(amounts: tuple[SourceAmount, ...]) -> set[FundingSource]:
    return {amount.source for amount in amounts}
