"""What the inspecting departments ask: record an inspection, and later its follow-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID


@dataclass(frozen=True, kw_only=True)
class RecordInspection:
    """An inspection of one project or of one budget holder (name exactly one)."""

    program_code: str
    number: str  # the inspection's record or conclusion, e.g. 15/BB-SCT
    inspected_on: date
    body: str  # the inspecting body, e.g. Đoàn kiểm tra liên ngành Sở Công Thương – Sở Tài chính
    findings: str
    follow_up: str = ""  # what the inspected must do; empty when nothing
    project_id: UUID | None = None
    holder_code: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordInspectionFollowUp:
    """The follow-up of an inspection, done later (biện pháp khắc phục đã thực hiện)."""

    program_code: str
    number: str  # the inspection's number
    inspected_on: date  # and its day: document numbers restart each year
    done_on: date
    note: str
    document_no: str = ""  # the document that reports it, if any
