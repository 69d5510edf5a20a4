"""Rows produced by a batch of events, written together with the new tracking position."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Any

from domain.ids import LEGACY_LINE_HOLDER
from projections.advances import Advances
from projections.schema import (
    CERTIFICATIONS,
    JOURNAL,
    OUTPUTS,
    POSTINGS,
    PROJECT_STATUS,
    PROJECTS,
    Table,
)

Row = tuple[Any, ...]
LineKey = tuple[str, int, str, str]  # program code, fiscal year, funding source, holder


@dataclass
class ProjectRow:
    """The project register row, kept in memory while a batch changes it."""

    id: str
    program_code: str
    code: str
    title: str
    content_code: str
    unit_code: str
    year: int
    budget_year: int
    eligible_cost: int
    requested_total: int
    planned_outputs: str  # JSON
    beneficiary_ids: str  # JSON
    proposed_on: str
    proposed_position: int
    status: str
    status_before_suspension: str | None
    updated_position: int
    search_text: str
    # Kept as a value while the projector runs, written as its JSON: a payment changes it, and
    # parsing and writing the text at every payment cost more than the rest of the payment.
    advances: Advances
    holders: str  # JSON: source → holder code; a source not named is on the legacy holder's

    @classmethod
    def from_row(cls, row: Row) -> ProjectRow:
        values = list(row)
        values[_ADVANCES] = Advances.loads(values[_ADVANCES])
        return cls(*values)

    def as_row(self) -> Row:
        values = list(vars(self).values())
        values[_ADVANCES] = self.advances.dumps()
        return tuple(values)

    def holder_of(self, source: str) -> str:
        return str(_holders(self.holders).get(source, LEGACY_LINE_HOLDER))

    def set_holders(self, named: dict[str, str]) -> None:
        self.holders = json.dumps({**json.loads(self.holders), **named}, sort_keys=True)


_ADVANCES = [f.name for f in fields(ProjectRow)].index("advances")


@lru_cache(maxsize=1024)
def _holders(text: str) -> dict[str, str]:
    """Parsed once per text: every posting of a project asks (a few texts serve thousands of
    projects). Callers only read the result."""
    return dict(json.loads(text))


@dataclass
class Batch:
    """Append-only rows per table, and the register rows to upsert at the end."""

    appended: dict[str, list[Row]] = field(default_factory=dict)
    upserts: dict[str, dict[str, Row]] = field(default_factory=dict)
    projects: dict[str, ProjectRow] = field(default_factory=dict)  # rows made when written
    _legs: dict[int, int] = field(default_factory=dict)
    _seqs: dict[int, int] = field(default_factory=dict)

    def append(self, table: Table, row: Row) -> None:
        self.appended.setdefault(table.name, []).append(row)

    def take_appended(self) -> dict[str, list[Row]]:
        """The append-only rows so far, leaving none (between events: the per-event counters
        of legs and outputs start again)."""
        appended = self.appended
        self.appended, self._legs, self._seqs = {}, {}, {}
        return appended

    @property
    def appended_rows(self) -> int:
        return sum(len(rows) for rows in self.appended.values())

    def upsert(self, table: Table, key: str, row: Row) -> None:
        self.upserts.setdefault(table.name, {})[key] = row

    def upsert_project(self, project: ProjectRow) -> None:
        """The project's register row, at its state when the batch is written."""
        self.projects[project.id] = project

    def register_rows(self) -> dict[str, dict[str, Row]]:
        """The register rows to upsert, by table and key."""
        if not self.projects:
            return self.upserts
        projects = {key: project.as_row() for key, project in self.projects.items()}
        return {**self.upserts, PROJECTS.name: projects}

    def posting(
        self,
        position: int,
        kind: str,
        amount: int,
        debit: tuple[LineKey, str],
        credit: tuple[LineKey, str],
        effective_on: str,
        project: ProjectRow | None = None,
    ) -> None:
        """One movement as two legs, +amount on the debit account and −amount on the credit."""
        if amount == 0:
            return
        for (line, account), signed in ((debit, amount), (credit, -amount)):
            leg = self._legs.get(position, 0)
            self._legs[position] = leg + 1
            program_code, year, source, holder = line
            self.append(
                POSTINGS,
                (
                    position,
                    leg,
                    program_code,
                    year,
                    source,
                    holder,
                    account,
                    signed,
                    kind,
                    project.id if project else None,
                    project.content_code if project else None,
                    project.unit_code if project else None,
                    effective_on,
                ),
            )

    def output(
        self,
        position: int,
        program_code: str,
        indicator: str,
        kind: str,
        quantity: int,
        effective_on: str,
        project: ProjectRow | None = None,
        year: int | None = None,
    ) -> None:
        seq = self._seqs.get(position, 0)
        self._seqs[position] = seq + 1
        self.append(
            OUTPUTS,
            (
                position,
                seq,
                program_code,
                indicator,
                kind,
                quantity,
                project.id if project else None,
                project.unit_code if project else None,
                year,
                effective_on,
            ),
        )

    def status(self, position: int, project: ProjectRow, effective_on: str, at: str) -> None:
        self.append(PROJECT_STATUS, (position, project.id, project.status, effective_on, at))

    @property
    def appended_tables(self) -> tuple[Table, ...]:
        return (JOURNAL, POSTINGS, OUTPUTS, PROJECT_STATUS, CERTIFICATIONS)
