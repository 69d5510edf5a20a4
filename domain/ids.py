"""Aggregate ids are uuid5 of a natural key: a retried creation collides, never duplicates."""

from __future__ import annotations

from uuid import UUID, uuid5

LEDGER_NAMESPACE = UUID("5b0c1f3e-8f0e-5c2a-9a47-6b686f79656e")


def natural_id(kind: str, *parts: object) -> UUID:
    key = "\x1f".join(str(part) for part in parts)
    return uuid5(LEDGER_NAMESPACE, f"{kind}\x1e{key}")


def program_id(code: str) -> UUID:
    return natural_id("program", code)


# The holder whose lines were stored before holders existed; its lines keep those ids.
LEGACY_LINE_HOLDER = "74"


def budget_line_id(program_code: str, year: int, source: str, holder: str) -> UUID:
    """Lines of the legacy holder keep the id they had before holders were part of the key,
    so the stored history of every line opened before stays readable under its id."""
    if holder == LEGACY_LINE_HOLDER:
        return natural_id("budget-line", program_code, year, source)
    return natural_id("budget-line", program_code, year, source, holder)


def account_id(number: str) -> UUID:
    return natural_id("treasury-account", number)


def project_id(program_code: str, code: str) -> UUID:
    return natural_id("project", program_code, code)


def establishment_id(tax_code: str) -> UUID:
    return natural_id("establishment", tax_code)


def claim_id(kind: str, scope: str, key: str) -> UUID:
    return natural_id("claim", kind, scope, key)


# Official documents are numbered from 1 each calendar year: a number names one document of a
# year (its date's), so the year is part of the key.
def yearly_report_id(program_code: str, number: str, year: int) -> UUID:
    return natural_id("yearly-report", program_code, number, year)


def inspection_id(program_code: str, number: str, year: int) -> UUID:
    return natural_id("inspection", program_code, number, year)


def plan_id(program_code: str, year: int, unit_code: str) -> UUID:
    """A unit's annual plan (kế hoạch khuyến công hằng năm): one per program, year and unit."""
    return natural_id("plan", program_code, year, unit_code)


def installation_id() -> UUID:
    """The one installation a database holds: what is said of the ledger as a whole."""
    return natural_id("installation")
