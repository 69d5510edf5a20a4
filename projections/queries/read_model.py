"""The query layer the API calls: typed rows, as of a position, a recorded time or an
effective date. Every query runs in one read snapshot, so it answers at one point of history;
the SQL itself lives in the area modules beside this one."""

from __future__ import annotations

import time
from collections.abc import Sequence

from eventsourcing.persistence import ApplicationRecorder

from domain.errors import ReadModelBehind
from projections.plan_rows import PlanVersusActual, PlanView
from projections.queries import budget as budget_reads
from projections.queries import co_financing as co_financing_reads
from projections.queries import exports as export_reads
from projections.queries import journal as journal_reads
from projections.queries import plans as plan_reads
from projections.queries import programs as program_reads
from projections.queries import projects as register_reads
from projections.queries import reviews as review_reads
from projections.queries import targets as target_reads
from projections.queries.core import resolve
from projections.queries.exports import ExecutionFigures, ExportProject
from projections.queries.paging import Window
from projections.review_rows import InspectionView, ProgramReview, ReportView
from projections.rows import (
    AsOf,
    BreakdownRow,
    BudgetReport,
    EstablishmentView,
    JournalEntry,
    LedgerHead,
    Page,
    ProjectDetails,
    ProjectView,
    SupportAndCoFinancing,
    TargetProgress,
)
from projections.schema import LIVE_PREFIX
from projections.store import ReadStore, read_position

WAIT_POLL_S = 0.01
# How long work that reports on everything stored (a year close, a reconciliation or an export
# from the command line) waits for the read model to apply it: longer than a request's wait,
# since it may follow a bulk import.
CATCH_UP_WAIT_S = 30


class ReadModel:
    def __init__(
        self, store: ReadStore, events: ApplicationRecorder, prefix: str = LIVE_PREFIX
    ) -> None:
        self.store = store
        self.events = events  # the event store's recorder: where the head position comes from
        self.p = prefix

    # Freshness --------------------------------------------------------------------------

    def position(self) -> int:
        with self.store.snapshot() as tx:
            return read_position(tx, self.p)

    def head(self) -> LedgerHead:
        return LedgerHead(self.events.max_notification_id() or 0, self.position())

    def position_of(self, as_of: AsOf | None) -> int:
        """The position a point of history names (a position, or a recorded time)."""
        with self.store.snapshot() as tx:
            return resolve(tx, self.p, as_of)[0]

    def wait_for(self, position: int, timeout_s: float) -> int:
        """Read-your-writes: wait, bounded, until the read model has applied ``position``."""
        deadline = time.monotonic() + timeout_s
        while (reached := self.position()) < position:
            if time.monotonic() >= deadline:
                raise ReadModelBehind(
                    f"the read model is at {reached}, not yet at {position}", field="minPosition"
                )
            time.sleep(WAIT_POLL_S)
        return reached

    # Programs ---------------------------------------------------------------------------

    def check_program(
        self, program_code: str, year: int | None = None, as_of: AsOf | None = None
    ) -> None:
        """Refuse a program the read model does not hold (``UNKNOWN_PROGRAM``), or a year
        outside its period (``YEAR_OUTSIDE_PROGRAM``), and a point of history that is not one
        (``INVALID_QUERY``); every read about a program checks this first. A known program asked
        as of a point before it was defined is not refused (see ``queries/programs.py``)."""
        with self.store.snapshot() as tx:
            program_reads.resolve_program(tx, self.p, program_code, year, as_of)

    # Budget -----------------------------------------------------------------------------

    def budget(
        self,
        program_code: str,
        year: int | None = None,
        as_of: AsOf | None = None,
        holder_code: str | None = None,
        *,
        lines: bool = True,
    ) -> BudgetReport:
        """``lines=False``: the totals only, for callers that show neither lines nor holders."""
        with self.store.snapshot() as tx:
            return budget_reads.budget(
                tx, self.p, program_code, year, as_of, holder_code, lines=lines
            )

    def budget_breakdown(
        self, program_code: str, by: str, year: int | None = None, as_of: AsOf | None = None
    ) -> tuple[BreakdownRow, ...]:
        """Committed and paid per content item, unit or holder (``by``)."""
        with self.store.snapshot() as tx:
            return budget_reads.budget_breakdown(tx, self.p, program_code, by, year, as_of)

    def projects_committed_on(self, program_code: str, holder_code: str) -> list[str]:
        """Projects with open commitments on a holder's lines (for a succession transfer)."""
        with self.store.snapshot() as tx:
            return budget_reads.projects_committed_on(tx, self.p, program_code, holder_code)

    # Targets ----------------------------------------------------------------------------

    def targets(
        self,
        program_code: str,
        year: int | None = None,
        unit_code: str | None = None,
        as_of: AsOf | None = None,
        *,
        cost_per_output: bool = True,
    ) -> tuple[TargetProgress, ...]:
        """Progress per indicator; ``cost_per_output=False`` skips the costliest figure
        (paid_for_achieving is then 0) for callers that do not show it."""
        with self.store.snapshot() as tx:
            return target_reads.targets(
                tx, self.p, program_code, year, unit_code, as_of, cost_per_output=cost_per_output
            )

    # Registers --------------------------------------------------------------------------

    def projects(
        self,
        program_code: str,
        *,
        status: str | None = None,
        year: int | None = None,
        unit_code: str | None = None,
        content_code: str | None = None,
        search: str | None = None,
        first: int | None = None,
        after: int | None = None,
        as_of: AsOf | None = None,
        last: int | None = None,
        before: int | None = None,
    ) -> Page[ProjectView]:
        with self.store.snapshot() as tx:
            return register_reads.projects(
                tx,
                self.p,
                program_code,
                status=status,
                year=year,
                unit_code=unit_code,
                content_code=content_code,
                search=search,
                window=Window(first, after, last, before),
                as_of=as_of,
            )

    def support_and_co_financing(
        self, program_code: str, as_of: AsOf | None = None
    ) -> tuple[SupportAndCoFinancing, ...]:
        """Per year proposed for: state support beside the establishments' co-financing."""
        with self.store.snapshot() as tx:
            return co_financing_reads.by_year(tx, self.p, program_code, as_of)

    def plans(
        self, program_code: str, year: int, as_of: AsOf | None = None
    ) -> tuple[PlanView, ...]:
        with self.store.snapshot() as tx:
            return plan_reads.plans(tx, self.p, program_code, year, as_of)

    def plan_versus_actual(
        self,
        program_code: str,
        year: int | None = None,
        unit_code: str | None = None,
        as_of: AsOf | None = None,
    ) -> tuple[PlanVersusActual, ...]:
        with self.store.snapshot() as tx:
            return plan_reads.plan_versus_actual(tx, self.p, program_code, year, unit_code, as_of)

    def project(self, project_id: str, as_of: AsOf | None = None) -> ProjectView | None:
        with self.store.snapshot() as tx:
            return register_reads.project(tx, self.p, project_id, as_of)

    def project_details(
        self, project_ids: Sequence[str], as_of: AsOf | None = None
    ) -> dict[str, ProjectDetails]:
        """Support per source and advances outstanding, from each project's own events."""
        if not project_ids:
            return {}
        with self.store.snapshot() as tx:
            return register_reads.project_details(tx, self.p, project_ids, as_of)

    def establishments(
        self,
        *,
        search: str | None = None,
        unit_code: str | None = None,
        first: int | None = None,
        after: int | None = None,
        last: int | None = None,
        before: int | None = None,
    ) -> Page[EstablishmentView]:
        with self.store.snapshot() as tx:
            return register_reads.establishments(
                tx,
                self.p,
                search=search,
                unit_code=unit_code,
                window=Window(first, after, last, before),
            )

    def establishment(self, establishment_id: str) -> EstablishmentView | None:
        with self.store.snapshot() as tx:
            return register_reads.establishment(tx, self.p, establishment_id)

    def projects_charged_to(self, program_code: str, year: int) -> list[str]:
        """The ids of the projects whose budget year is ``year`` (what closing it weighs)."""
        with self.store.snapshot() as tx:
            return register_reads.projects_charged_to(tx, self.p, program_code, year)

    def program_codes(self) -> list[str]:
        with self.store.snapshot() as tx:
            return register_reads.program_codes(tx, self.p)

    def histories(self, aggregate_ids: Sequence[str]) -> dict[str, list[JournalEntry]]:
        """The journal of several aggregates in one query (a page of projects)."""
        if not aggregate_ids:
            return {}
        with self.store.snapshot() as tx:
            return journal_reads.histories(tx, self.p, aggregate_ids)

    # Journal ----------------------------------------------------------------------------

    def journal(
        self,
        *,
        after: int | None = None,
        first: int | None = 100,
        types: Sequence[str] = (),
        aggregate_id: str | None = None,
        last: int | None = None,
        before: int | None = None,
    ) -> Page[JournalEntry]:
        """Entries in global order; ``after`` and ``before`` are positions (exclusive)."""
        window = Window(None if last is not None else first, after, last, before)
        with self.store.snapshot() as tx:
            return journal_reads.journal(
                tx, self.p, window=window, types=types, aggregate_id=aggregate_id
            )

    def recorded_times(self, positions: Sequence[int]) -> dict[int, str]:
        """When the events at ``positions`` were recorded (ISO 8601), those applied so far."""
        with self.store.snapshot() as tx:
            return journal_reads.recorded_times(tx, self.p, positions)

    # Reports, inspections and the program review ------------------------------------------

    def yearly_reports(
        self, program_code: str, year: int | None = None, as_of: AsOf | None = None
    ) -> tuple[ReportView, ...]:
        with self.store.snapshot() as tx:
            return review_reads.reports(tx, self.p, program_code, year, as_of)

    def inspections(
        self,
        program_code: str,
        as_of: AsOf | None = None,
        *,
        project_id: str | None = None,
        unit_code: str | None = None,
    ) -> tuple[InspectionView, ...]:
        with self.store.snapshot() as tx:
            return review_reads.inspections(tx, self.p, program_code, as_of, project_id, unit_code)

    def program_review(self, program_code: str, as_of: AsOf | None = None) -> ProgramReview:
        """Per year and content item: targets, achievements and money beside the reports."""
        with self.store.snapshot() as tx:
            return review_reads.program_review(tx, self.p, program_code, as_of)

    # Exports ----------------------------------------------------------------------------

    def execution_figures(
        self, program_code: str, year: int | None, position: int
    ) -> list[ExecutionFigures]:
        """The figures of the projects' money per line, content item and unit."""
        with self.store.snapshot() as tx:
            return export_reads.execution_figures(tx, self.p, program_code, year, position)

    def export_projects(
        self, program_code: str, year: int | None, position: int
    ) -> list[ExportProject]:
        with self.store.snapshot() as tx:
            return export_reads.export_projects(tx, self.p, program_code, year, position)
