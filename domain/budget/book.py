"""The budget lines a project decision touches, with the events it adds to each."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.budget.decisions import check_program_year, open_line
from domain.budget.events import BudgetLine
from domain.budget.holders import check_holder
from domain.budget.state import BudgetLineState
from domain.errors import OverCommitment, UnknownBudgetLine
from domain.events import Decision, LedgerEvent, Pending
from domain.programs.state import ProgramState
from domain.types import FundingSource

LineKey = tuple[int, FundingSource, str]  # fiscal year, funding source, holder


class LineBook:
    def __init__(
        self,
        program: ProgramState,
        lines: dict[LineKey, BudgetLineState | None],
        decision: Decision,
    ) -> None:
        self.program = program
        self.lines = lines
        self.decision = decision
        self._pending: dict[LineKey, Pending] = {}

    def commit(
        self,
        year: int,
        source: FundingSource,
        holder: str,
        amount: int,
        project_id: UUID,
        *,
        effective_on: date,
        document_ref: str,
        field: str,
    ) -> None:
        """Reserve approved support; never more than the line has free, never on a closed year,
        never on a year outside the program (a carried project's line takes no new commitment).
        (Money coming back — releases and refunds — still posts to a closed year's line.)"""
        self.program.check_open(year, field)
        check_program_year(self.program, year, field)
        check_holder(self.program, holder, effective_on, field)
        line = self.lines.get((year, source, holder))
        if line is None:
            raise UnknownBudgetLine(
                f"no {source.value} budget of holder {holder} is allocated for {year}",
                field=field,
            )
        free = line.available_vnd - self._committed_here(year, source, holder)
        if amount > free:
            raise OverCommitment(
                f"{amount:,} đồng of {source.value} {year} (holder {holder}) asked, "
                f"{free:,} đồng free",
                field=field,
            )
        self._for(year, source, holder, effective_on, document_ref).add(
            BudgetLine.Committed,
            effective_on=effective_on,
            document_ref=document_ref,
            project_id=project_id,
            amount_vnd=amount,
        )

    def release(
        self,
        year: int,
        source: FundingSource,
        holder: str,
        amount: int,
        project_id: UUID,
        *,
        effective_on: date,
        document_ref: str,
    ) -> None:
        self._for(year, source, holder, effective_on, document_ref).add(
            BudgetLine.CommitmentReleased,
            effective_on=effective_on,
            document_ref=document_ref,
            project_id=project_id,
            amount_vnd=amount,
        )

    def carry(
        self,
        from_year: int,
        source: FundingSource,
        holder: str,
        amount: int,
        project_id: UUID,
        *,
        effective_on: date,
        document_ref: str,
    ) -> None:
        self.program.check_open(from_year, "projectId")  # the close carries before it closes
        self._for(from_year, source, holder, effective_on, document_ref).add(
            BudgetLine.CarriedOut,
            effective_on=effective_on,
            document_ref=document_ref,
            project_id=project_id,
            amount_vnd=amount,
            to_year=from_year + 1,
        )
        self._for(from_year + 1, source, holder, effective_on, document_ref).add(
            BudgetLine.CarriedIn,
            effective_on=effective_on,
            document_ref=document_ref,
            project_id=project_id,
            amount_vnd=amount,
            from_year=from_year,
        )

    def transfer(
        self,
        year: int,
        source: FundingSource,
        from_holder: str,
        to_holder: str,
        amount: int,
        project_id: UUID,
        *,
        effective_on: date,
        document_ref: str,
    ) -> None:
        """A project's open commitment passes from a holder whose budget ended to its
        successor, on the same year's line (opened for the successor if needed)."""
        self._for(year, source, from_holder, effective_on, document_ref).add(
            BudgetLine.TransferredOut,
            effective_on=effective_on,
            document_ref=document_ref,
            project_id=project_id,
            amount_vnd=amount,
            to_holder=to_holder,
        )
        self._for(year, source, to_holder, effective_on, document_ref).add(
            BudgetLine.TransferredIn,
            effective_on=effective_on,
            document_ref=document_ref,
            project_id=project_id,
            amount_vnd=amount,
            from_holder=from_holder,
        )

    @property
    def events(self) -> list[LedgerEvent]:
        return [event for pending in self._pending.values() for event in pending.events]

    def _committed_here(self, year: int, source: FundingSource, holder: str) -> int:
        pending = self._pending.get((year, source, holder))
        if pending is None:
            return 0
        return sum(e.amount_vnd for e in pending.events if isinstance(e, BudgetLine.Committed))

    def _for(
        self, year: int, source: FundingSource, holder: str, effective_on: date, ref: str
    ) -> Pending:
        key = (year, source, holder)
        # A line left unloaded would be opened a second time; the save would then fail on
        # every retry. Decisions name the lines they touch up front.
        assert key in self.lines, f"budget line {key} was not loaded for this decision"
        if key not in self._pending:
            self._pending[key] = open_line(
                self.program,
                self.lines.get(key),
                year,
                source,
                holder,
                self.decision,
                effective_on=effective_on,
                document_ref=ref,
            )
        return self._pending[key]
