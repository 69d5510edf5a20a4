"""Aggregate ids are uuid5 of a natural key: a retried creation collides, never duplicates."""

from __future__ import annotations

from uuid import UUID, uuid5

LEDGER_NAMESPACE = UUID("5b0c1f3e-8f0e-5c2a-9a47-6b686f79656e")


def natural_id(kind: str, *parts: object) -> UUID:
    key = "\x1f".join(str(part) for part in parts)
    return uuid5(LEDGER_NAMESPACE, f"{kind}\x1e{key}")


def program_id(code: str) -> UUID:
    return natural_id("program", code)


def budget_line_id(program_code: str, year: int, source: str) -> UUID:
    return natural_id("budget-line", program_code, year, source)


def project_id(program_code: str, code: str) -> UUID:
    return natural_id("project", program_code, code)


def establishment_id(tax_code: str) -> UUID:
    return natural_id("establishment", tax_code)


def claim_id(kind: str, scope: str, key: str) -> UUID:
    return natural_id("claim", kind, scope, key)
