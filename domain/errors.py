"""Domain errors: each kind of refusal has a stable code that clients and tests rely on.

Nothing is written when one of these is raised: every use case decides before it saves.
"""

from __future__ import annotations


class LedgerError(Exception):
    """A command was refused. ``code`` is stable; ``field`` names the offending input."""

    code = "LEDGER_ERROR"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        where = f" [{self.field}]" if self.field else ""
        return f"{self.code}{where}: {self.message}"


class InvalidInput(LedgerError):
    code = "INVALID_INPUT"


class InvalidText(InvalidInput):
    code = "INVALID_TEXT"


class InvalidAmount(InvalidInput):
    code = "INVALID_AMOUNT"


class AmountAboveCeiling(InvalidAmount):
    code = "AMOUNT_ABOVE_CEILING"


class InvalidDate(InvalidInput):
    code = "INVALID_DATE"


class FiscalDateViolation(LedgerError):
    """A date breaks the fiscal calendar (31 Dec spending, 31 Jan adjustment window)."""

    code = "FISCAL_DATE_VIOLATION"


class YearOutsideProgram(InvalidInput):
    """A year before the program's first year or after its last."""

    code = "YEAR_OUTSIDE_PROGRAM"


class InvalidProgramFile(InvalidInput):
    code = "INVALID_PROGRAM_FILE"


class NotFound(LedgerError):
    code = "NOT_FOUND"


class UnknownProgram(NotFound):
    code = "UNKNOWN_PROGRAM"


class UnknownContentItem(NotFound):
    code = "UNKNOWN_CONTENT_ITEM"


class UnknownIndicator(NotFound):
    code = "UNKNOWN_INDICATOR"


class UnknownUnit(NotFound):
    code = "UNKNOWN_UNIT"


class UnknownSource(NotFound):
    code = "UNKNOWN_SOURCE"


class UnknownProject(NotFound):
    code = "UNKNOWN_PROJECT"


class UnknownEstablishment(NotFound):
    code = "UNKNOWN_ESTABLISHMENT"


class UnknownBudgetLine(NotFound):
    code = "UNKNOWN_BUDGET_LINE"


class UnknownPayment(NotFound):
    code = "UNKNOWN_PAYMENT"


class UnknownHolder(NotFound):
    """No unit of the program holds this budget: not one of its units, or none fits the source."""

    code = "UNKNOWN_HOLDER"


class UnknownAccount(NotFound):
    """A Treasury account that was never registered."""

    code = "UNKNOWN_ACCOUNT"


class UnknownInspection(NotFound):
    code = "UNKNOWN_INSPECTION"


class Conflict(LedgerError):
    code = "CONFLICT"


class ReportAlreadyRecorded(Conflict):
    """A yearly report's number recorded twice in a program."""

    code = "REPORT_ALREADY_RECORDED"


class InspectionAlreadyRecorded(Conflict):
    """An inspection's document number recorded twice in a program."""

    code = "INSPECTION_ALREADY_RECORDED"


class ProgramAlreadyDefined(Conflict):
    code = "PROGRAM_ALREADY_DEFINED"


class ProjectAlreadyExists(Conflict):
    code = "PROJECT_ALREADY_EXISTS"


class EstablishmentAlreadyRegistered(Conflict):
    code = "TAX_CODE_TAKEN"


class VoucherAlreadyRecorded(Conflict):
    code = "VOUCHER_DUPLICATE"


class IdempotencyKeyReused(Conflict):
    code = "IDEMPOTENCY_KEY_REUSED"


class PaymentAlreadyReversed(Conflict):
    code = "PAYMENT_ALREADY_REVERSED"


class InvalidTransition(LedgerError):
    """The project (or line) is not in a state that allows this command."""

    code = "INVALID_STATE"


class PaymentNotAllowed(InvalidTransition):
    code = "PAYMENT_NOT_ALLOWED"


class HolderNotValid(LedgerError):
    """The budget holder is not a valid unit on the date (a district after 2025-06-30): its
    open commitments pass to the successor by an explicit transfer first."""

    code = "HOLDER_NOT_VALID"


class HolderStillValid(LedgerError):
    """A transfer to the successor before the holder's last day is over."""

    code = "HOLDER_STILL_VALID"


class AccountAlreadyRegistered(Conflict):
    code = "ACCOUNT_ALREADY_REGISTERED"


class OverCommitment(LedgerError):
    code = "BUDGET_OVERCOMMITTED"


class InsufficientBudget(LedgerError):
    """An adjustment, carry-over or cancellation would take more than the line has free."""

    code = "BUDGET_INSUFFICIENT"


class PaymentAboveSupport(LedgerError):
    code = "PAYMENT_ABOVE_SUPPORT"


class SupportAboveCap(LedgerError):
    code = "SUPPORT_ABOVE_CAP"


class SupportAboveCost(LedgerError):
    code = "SUPPORT_ABOVE_COST"


class CounterpartIsCoFinancing(InvalidInput):
    """The establishment's own money is co-financing of its project, declared at proposal and
    evidenced at acceptance and settlement; it is no budget source: no estimate, allocation,
    support or Treasury payment names COUNTERPART."""

    code = "COUNTERPART_IS_CO_FINANCING"


class CoFinancingAboveCost(LedgerError):
    """Requested support and declared co-financing together exceed the eligible cost."""

    code = "CO_FINANCING_ABOVE_COST"


class CoFinancingAboveEvidence(LedgerError):
    """Settled co-financing above what acceptance evidenced."""

    code = "CO_FINANCING_ABOVE_EVIDENCE"


class SettlementAboveAllowed(LedgerError):
    code = "SETTLEMENT_INVALID"


class RefundAboveDue(LedgerError):
    code = "REFUND_ABOVE_DUE"


class ConcurrencyConflict(LedgerError):
    """Another writer kept winning the optimistic-concurrency race; nothing was written."""

    code = "CONCURRENCY_CONFLICT"


class UnknownStatement(NotFound):
    code = "UNKNOWN_STATEMENT"


class StatementLineUnknown(NotFound):
    code = "UNKNOWN_STATEMENT_LINE"


class StatementAlreadyMatched(LedgerError):
    code = "STATEMENT_LINE_ALREADY_MATCHED"


class YearAlreadyClosed(LedgerError):
    code = "YEAR_ALREADY_CLOSED"


class LateCloseNeedsForce(LedgerError):
    """A close recorded after the year's adjustment window: force it, with the reason."""

    code = "LATE_CLOSE_NEEDS_FORCE"


class YearNotReconciled(LedgerError):
    """Statement lines of the year are unmatched: reconcile them, or force with a reason."""

    code = "YEAR_NOT_RECONCILED"


class ReadModelBehind(LedgerError):
    """The read model did not reach the asked position in time; ask again shortly."""

    code = "READ_MODEL_BEHIND"


class InvalidQuery(LedgerError):
    code = "INVALID_QUERY"


class UnknownPlan(NotFound):
    code = "UNKNOWN_PLAN"


class UnknownPlanItem(NotFound):
    code = "UNKNOWN_PLAN_ITEM"


class PlanAlreadySubmitted(Conflict):
    """A unit submits its plan for a year once; later changes are revisions."""

    code = "PLAN_ALREADY_SUBMITTED"


class PlanAlreadyApproved(InvalidTransition):
    """An approved plan (or a district plan in an approved compilation) is not changed."""

    code = "PLAN_ALREADY_APPROVED"


class PlanNotCompiled(InvalidTransition):
    """Approval needs a compilation that holds every district plan as it stands."""

    code = "PLAN_NOT_COMPILED"


class PlanUnitNotAllowed(InvalidInput):
    """The Center submits the province's plan, a district its own (Điều 2.4.a)."""

    code = "PLAN_UNIT_NOT_ALLOWED"


class AllocationAbovePlanned(LedgerError):
    """Provincial money allocated to a plan item above the provincial money it planned."""

    code = "PLAN_ALLOCATION_ABOVE_PLANNED"


class NotATrainingLedger(LedgerError):
    """A training date was asked of a ledger that records real entries: its clock is the real
    one and cannot be set."""

    code = "NOT_A_TRAINING_LEDGER"


class TrainingDateBeforeLedger(LedgerError):
    """A training date before the last day the ledger recorded: a ledger's clock never runs
    backwards."""

    code = "TRAINING_DATE_BEFORE_LEDGER"


class AlreadyTrainingLedger(Conflict):
    """The ledger is marked as a training ledger once, when its demonstration history is
    written."""

    code = "ALREADY_TRAINING_LEDGER"
