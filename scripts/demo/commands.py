"""The domain commands the demo gives, and the ledger use case that handles each type.

The loader looks a command's handler up by its type, as a message bus would, instead of
knowing which method records which kind of entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.budget.commands import AdjustBudget, AdjustEstimate, AllocateBudget, ProposeEstimate
from domain.establishments.commands import AddCertification, RegisterEstablishment
from domain.inspections.commands import RecordInspection, RecordInspectionFollowUp
from domain.ledger import Ledger
from domain.plans.commands import ApprovePlan, CompilePlan, RevisePlan, SubmitPlan
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
from domain.reports.commands import RecordYearlyReport
from domain.statements.commands import MatchStatementLine
from domain.types import Actor

Command = (
    ProposeEstimate
    | AdjustEstimate
    | AllocateBudget
    | AdjustBudget
    | RegisterEstablishment
    | AddCertification
    | ProposeProject
    | AppraiseProject
    | ApproveProject
    | RejectProject
    | SignContract
    | AdjustProject
    | SuspendProject
    | ResumeProject
    | CancelProject
    | RecordPayment
    | ReversePayment
    | AcceptOutputs
    | SettleProject
    | RecordRefund
    | MatchStatementLine
    | RecordYearlyReport
    | RecordInspection
    | RecordInspectionFollowUp
    | SubmitPlan
    | RevisePlan
    | CompilePlan
    | ApprovePlan
)
Handler = Callable[[Any, Actor], object]


@dataclass(frozen=True)
class Entry:
    """A command as an office gives it: who, and on which business day."""

    day: date
    command: Command
    actor: Actor


def command_handlers(ledger: Ledger) -> dict[type[Command], Handler]:
    """Each command type and the use case of ``ledger`` that records it."""
    return {
        ProposeEstimate: ledger.propose_estimate,
        AdjustEstimate: ledger.adjust_estimate,
        AllocateBudget: ledger.allocate_budget,
        AdjustBudget: ledger.adjust_budget,
        RegisterEstablishment: ledger.register_establishment,
        AddCertification: ledger.add_certification,
        ProposeProject: ledger.propose_project,
        AppraiseProject: ledger.appraise_project,
        ApproveProject: ledger.approve_project,
        RejectProject: ledger.reject_project,
        SignContract: ledger.sign_contract,
        AdjustProject: ledger.adjust_project,
        SuspendProject: ledger.suspend_project,
        ResumeProject: ledger.resume_project,
        CancelProject: ledger.cancel_project,
        RecordPayment: ledger.record_payment,
        ReversePayment: ledger.reverse_payment,
        AcceptOutputs: ledger.accept_outputs,
        SettleProject: ledger.settle_project,
        RecordRefund: ledger.record_refund,
        MatchStatementLine: ledger.match_statement_line,
        RecordYearlyReport: ledger.record_yearly_report,
        RecordInspection: ledger.record_inspection,
        RecordInspectionFollowUp: ledger.record_inspection_follow_up,
        SubmitPlan: ledger.submit_plan,
        RevisePlan: ledger.revise_plan,
        CompilePlan: ledger.compile_plan,
        ApprovePlan: ledger.approve_plan,
    }
