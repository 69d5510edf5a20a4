"""Who may call what, in one place: the mutations' table by name, and the rules that guard
reads. Roles are domain ``Role`` values; anonymous callers hold none. docs/API.md shows the
mutation table too (a test checks that the two agree).

A guarded read names its rule where it is declared, ``permission_classes=allowed(JOURNAL)``,
or (where the check must come later in the resolver) calls ``RULE.check(principal)`` there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from strawberry.permission import BasePermission

from api.auth import TOKEN_ROLES, Forbidden, ForbiddenHolder, Principal
from domain.types import Role

CENTER, COMMUNE, DISTRICT, DOIT, FINANCE = (
    Role.CENTER,
    Role.COMMUNE,
    Role.DISTRICT,
    Role.DOIT,
    Role.FINANCE,
)
# The spending units: the Center for provincial money, a district's or commune's People's
# Committee for its own unit's projects and budget.
LOCAL = frozenset({DISTRICT, COMMUNE})
SPENDERS = frozenset({CENTER}) | LOCAL

# Duties as Decision 1811 splits them (docs/API.md gives each row's clause): Sở Công Thương
# appraises and approves, Sở Tài chính arranges the budget and reconciles, the spending units
# propose, contract, pay, accept and settle.
MUTATIONS: dict[str, frozenset[Role]] = {
    "allocateBudget": frozenset({FINANCE}) | LOCAL,
    "adjustBudget": frozenset({FINANCE}) | LOCAL,
    "transferToSuccessor": frozenset({FINANCE}),
    "registerTreasuryAccount": frozenset({FINANCE}),
    "proposeProject": SPENDERS,
    "registerEstablishment": SPENDERS,
    "appraiseProject": frozenset({DOIT}),
    "approveProject": frozenset({DOIT}),
    "rejectProject": frozenset({DOIT}),
    "cancelProject": frozenset({DOIT}),
    "signContract": SPENDERS,
    "recordPayment": SPENDERS,
    "reversePayment": SPENDERS,
    "settleProject": SPENDERS,
    "acceptOutputs": SPENDERS,
    "importTreasuryStatement": frozenset({FINANCE}),
    "matchStatementLine": frozenset({FINANCE}),
    "unmatchStatementLine": frozenset({FINANCE}),
    "closeYear": frozenset({FINANCE}),
    "proposeEstimate": frozenset({DOIT}) | LOCAL,
    "adjustEstimate": frozenset({DOIT}) | LOCAL,
    "cancelEstimate": frozenset({DOIT}) | LOCAL,
    "cancelBudget": frozenset({FINANCE}) | LOCAL,
    "carryOverProject": frozenset({FINANCE}),
    "adjustProject": frozenset({DOIT}),
    "suspendProject": frozenset({DOIT}),
    "resumeProject": frozenset({DOIT}),
    "recordRefund": SPENDERS,
    "addCertification": frozenset({DOIT}),
    "reviseTarget": frozenset({DOIT}),
    "addSupportRule": frozenset({DOIT}),
    "recordYearlyReport": frozenset({DOIT}),
    "recordInspection": frozenset({DOIT, FINANCE}),
    "recordInspectionFollowUp": frozenset({DOIT, FINANCE}),
    "submitPlan": frozenset({CENTER, DISTRICT}),
    "revisePlan": frozenset({CENTER, DISTRICT}),
    "compilePlan": frozenset({CENTER}),
    "approvePlan": frozenset({DOIT}),
}
# The same table with the role names as docs/FRONTEND.md writes them.
MUTATION_ROLES: dict[str, frozenset[str]] = {
    name: frozenset(role.value for role in roles) for name, roles in MUTATIONS.items()
}
# Roles scoped to one administrative unit may act only on that unit.
UNIT_SCOPED_ROLES = LOCAL
# Mutations on budget lines: a unit-scoped token acts only on its own holder's lines (a district
# People's Committee funds its own program from the district budget, Decision 1811 Điều 2.4.b;
# a commune its own, Điều 2.4.c).
HOLDER_SCOPED = frozenset(
    {
        "allocateBudget",
        "adjustBudget",
        "proposeEstimate",
        "adjustEstimate",
        "cancelEstimate",
        "cancelBudget",
    }
)
# Separation of duties: no role may hold a duty of the first group and one of the second. Who
# decides on a project's support does not pay it, contract it or settle it: Decision 1811 gives
# approval to Sở Công Thương (Điều 2.4.a) and is silent on paying, which the Budget Law (Luật
# Ngân sách nhà nước 83/2015/QH13) leaves to the spending unit (đơn vị sử dụng ngân sách).
DECIDING = frozenset({"approveProject", "appraiseProject"})
PAYING = frozenset({"recordPayment", "reversePayment", "signContract", "settleProject"})


def separation_conflicts(table: dict[str, frozenset[Role]]) -> list[tuple[Role, str, str]]:
    """Each role that holds both a deciding and a paying duty, with the two duties."""
    return [
        (role, decide, pay)
        for role in Role
        for decide in sorted(DECIDING & table.keys())
        for pay in sorted(PAYING & table.keys())
        if role in table[decide] and role in table[pay]
    ]


if separation_conflicts(MUTATIONS):  # checked as the policy loads: such a table never serves
    raise RuntimeError(f"one role both decides and pays: {separation_conflicts(MUTATIONS)}")


def authorize(principal: Principal, mutation: str, unit_code: str | None = None) -> None:
    """``unit_code`` is the unit acted on; for a mutation on budget lines, the line's holder."""
    if not principal.holds(MUTATIONS[mutation]):
        who = "anonymous callers" if principal.anonymous else f"the {principal.role} role"
        raise Forbidden(f"{who} may not call {mutation}")
    if mutation in HOLDER_SCOPED:
        if principal.holds(UNIT_SCOPED_ROLES) and unit_code != principal.unit_code:
            raise ForbiddenHolder(
                f"a {principal.role} token for {principal.unit_code} writes only its own holder's "
                "budget lines: name holderCode",
                field="holderCode",
            )
        return
    if principal.holds(UNIT_SCOPED_ROLES) and unit_code != principal.unit_code:
        raise Forbidden(
            f"a {principal.role} token for {principal.unit_code} acts only on that unit",
            field="unitCode",
        )


@dataclass(frozen=True)
class Rule:
    """A read that only ``roles`` may make; anyone else is refused with ``refusal``."""

    roles: frozenset[Role]
    refusal: str
    field: str | None = None

    def check(self, principal: Principal) -> None:
        if not principal.holds(self.roles):
            raise Forbidden(self.refusal, field=self.field)


def _details(what: str) -> Rule:
    """Anonymous callers see the program, targets and budget totals only."""
    return Rule(
        TOKEN_ROLES, f"anonymous callers see programs, targets and budget totals, not {what}"
    )


FINANCE_READERS = frozenset({FINANCE, Role.AUDITOR, DOIT})

# The read rules, each with the fields it guards.
PROJECTS = _details("projects")  # Query.projects, Query.project, Query.node of a project
ESTABLISHMENTS = _details("establishments")  # Query.establishments, Query.node of one
PLANS = _details("annual plans")  # Query.plans, Query.planVersusActual
JOURNAL = _details("the journal")  # Query.journal, Subscription.journal
BUDGET_LINES = Rule(  # BudgetReport.lines (the totals are public)
    TOKEN_ROLES, "anonymous callers see budget totals, not lines", field="lines"
)
RECONCILIATION = Rule(  # Query.reconciliation
    FINANCE_READERS, "the reconciliation: for finance, auditors and the department"
)
TREASURY_STATEMENTS = Rule(  # Query.treasuryStatements, Query.treasuryAccounts
    FINANCE_READERS, "Treasury statements: for finance, auditors and the department"
)
# Query.yearlyReports, Query.inspections, Query.programReview
REVIEW = _details("yearly reports, inspections and the program review")
EXPORTS = Rule(TOKEN_ROLES, "exports hold project details: sign in")  # Query.exportLink
# Checkpoints and proofs carry hashes only, so anyone may ask for them: a transparency log is
# meant to be checked by whoever holds a checkpoint. Programs, targets and budget totals are
# public too.


def visible_holder(principal: Principal) -> str | None:
    """The one holder whose budget lines the caller sees, or None for all: a district token
    sees its own unit's lines, a commune token its own (the totals stay public)."""
    return principal.unit_code if principal.holds(UNIT_SCOPED_ROLES) else None


def allowed(rule: Rule) -> list[type[BasePermission]]:
    """The ``permission_classes`` of a field that ``rule`` guards: refused before its resolver
    runs, with the same error as ``rule.check`` in the resolver would give."""

    class Allowed(BasePermission):
        def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
            rule.check(info.context.principal)
            return True

    return [Allowed]
