"""Who may call what: the default policy, in one table (docs/FRONTEND.md shows it too)."""

from __future__ import annotations

from api.auth import Forbidden, Principal

MUTATION_ROLES: dict[str, frozenset[str]] = {
    "allocateBudget": frozenset({"finance"}),
    "adjustBudget": frozenset({"finance"}),
    "proposeProject": frozenset({"center", "doit", "district"}),
    "registerEstablishment": frozenset({"center", "doit", "district"}),
    "appraiseProject": frozenset({"doit"}),
    "approveProject": frozenset({"doit"}),
    "rejectProject": frozenset({"doit"}),
    "cancelProject": frozenset({"doit"}),
    "signContract": frozenset({"center", "finance"}),
    "recordPayment": frozenset({"center", "finance"}),
    "reversePayment": frozenset({"center", "finance"}),
    "settleProject": frozenset({"center", "finance"}),
    "acceptOutputs": frozenset({"doit", "center"}),
    "importTreasuryStatement": frozenset({"finance"}),
    "matchStatementLine": frozenset({"finance"}),
    "unmatchStatementLine": frozenset({"finance"}),
    "closeYear": frozenset({"finance"}),
}
# Roles scoped to one administrative unit may act only on that unit.
UNIT_SCOPED_ROLES = frozenset({"district"})


def authorize(principal: Principal, mutation: str, unit_code: str | None = None) -> None:
    allowed = MUTATION_ROLES[mutation]
    if principal.role not in allowed:
        who = "anonymous callers" if principal.anonymous else f"the {principal.role} role"
        raise Forbidden(f"{who} may not call {mutation}")
    if principal.role in UNIT_SCOPED_ROLES and unit_code != principal.unit_code:
        raise Forbidden(
            f"a district token for {principal.unit_code} acts only on that unit", field="unitCode"
        )


def may_read_details(principal: Principal) -> bool:
    """Anonymous callers see the program, targets and budget totals only."""
    return not principal.anonymous
