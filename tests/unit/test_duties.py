"""Duties as Decision 1811 splits them: who decides on a project's support never pays it."""

from __future__ import annotations

import pytest

from api.auth import Forbidden, ForbiddenHolder, Principal, TokenKeys, authenticate, mint
from api.policy import (
    DECIDING,
    MUTATIONS,
    PAYING,
    UNIT_SCOPED_ROLES,
    authorize,
    separation_conflicts,
    visible_holder,
)
from domain.types import Actor, Role


def test_no_role_both_approves_a_project_and_pays_it():
    assert separation_conflicts(MUTATIONS) == []
    for role in Role:
        decides = {m for m in DECIDING if role in MUTATIONS[m]}
        pays = {m for m in PAYING if role in MUTATIONS[m]}
        assert not (decides and pays), f"{role.value} holds {decides} and {pays}"


def test_a_table_that_lets_one_role_approve_and_pay_is_caught():
    table = {**MUTATIONS, "recordPayment": MUTATIONS["recordPayment"] | {Role.DOIT}}
    assert (Role.DOIT, "approveProject", "recordPayment") in separation_conflicts(table)


def test_finance_arranges_the_budget_but_pays_no_project():
    for mutation in ("recordPayment", "reversePayment", "signContract", "settleProject"):
        assert Role.FINANCE not in MUTATIONS[mutation]
        assert MUTATIONS[mutation] == {Role.CENTER, Role.DISTRICT, Role.COMMUNE}
    assert Role.FINANCE in MUTATIONS["allocateBudget"]
    assert Role.FINANCE in MUTATIONS["closeYear"]


def test_the_department_approves_and_no_longer_proposes_or_accepts():
    assert MUTATIONS["approveProject"] == {Role.DOIT}
    for mutation in ("proposeProject", "registerEstablishment", "acceptOutputs"):
        assert Role.DOIT not in MUTATIONS[mutation]


def test_the_auditor_writes_nothing():
    assert all(Role.AUDITOR not in roles for roles in MUTATIONS.values())


def test_a_commune_is_scoped_to_its_unit_like_a_district():
    assert Role.COMMUNE in UNIT_SCOPED_ROLES
    commune = Principal("ubnd.xa@binhduong", "commune", "25747")
    authorize(commune, "recordPayment", "25747")
    with pytest.raises(Forbidden):
        authorize(commune, "recordPayment", "719")
    with pytest.raises(ForbiddenHolder):
        authorize(commune, "allocateBudget", "719")
    with pytest.raises(Forbidden):
        authorize(commune, "approveProject", "25747")
    assert visible_holder(commune) == "25747"


def test_a_commune_token_carries_its_unit():
    keys = TokenKeys(secret="s" * 32)
    with pytest.raises(ValueError, match="commune token needs --unit"):
        mint(keys, "ubnd.xa", "commune", None, 60)
    principal = authenticate(keys, "Bearer " + mint(keys, "ubnd.xa", "commune", "25747", 60))
    assert principal.actor() == Actor("ubnd.xa", Role.COMMUNE, "25747")
