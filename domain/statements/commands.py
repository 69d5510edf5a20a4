"""What users ask of Treasury statements. Names are imperative; events are past tense."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.types import FundingSource, PaymentRef, StatementEntry


@dataclass(frozen=True, kw_only=True)
class ImportStatement:
    program_code: str
    source: FundingSource | None  # None: the registered account's; else it must agree
    account: str  # a registered Treasury account's number
    file_name: str
    file_format: str
    sha256: str
    lines: tuple[StatementEntry, ...]


@dataclass(frozen=True, kw_only=True)
class MatchStatementLine:
    statement_id: UUID
    line_no: int
    payments: tuple[PaymentRef, ...]
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class UnmatchStatementLine:
    statement_id: UUID
    line_no: int
    reason: str
