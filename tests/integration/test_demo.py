"""The demo history on both backends: it loads through the use cases, is the same for the same
seed, reaches every project status, moves to unit 79 on 1 July 2025, closes 2021–2024, and its
read model rebuilds to the same digests. It is refused on a ledger that has a history."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from domain.budget.commands import AllocateBudget
from domain.errors import InvalidInput
from domain.ledger import Ledger
from domain.types import FundingSource, ProjectStatus
from projections.digest import check
from projections.queries import ReadModel
from projections.rows import BudgetLineView, TargetProgress
from projections.store import ReadStore
from scripts.bootstrap import bootstrap, load_programs
from scripts.clock import SettableClock
from scripts.demo import DemoSummary, demo_clock, load_demo
from scripts.settings import Settings
from tests.support import FINANCE, PROGRAM, Clock, LedgerFactory, ledgers

MERGER_DAY = "2025-07-01"


@dataclass
class Demo:
    ledger: Ledger
    model: ReadModel
    summary: DemoSummary
    commands_reported: int

    @property
    def store(self) -> ReadStore:
        return self.model.store


def _settings(database_url: str) -> Settings:
    return Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})


@contextmanager
def _loaded(make: LedgerFactory, database_url: str, seed: int = 1) -> Iterator[Demo]:
    ledger = make(demo_clock())  # type: ignore[arg-type]  # any clock the ledger can call
    with bootstrap(_settings(database_url), ledger=ledger) as services:
        reported: list[int] = []
        summary = load_demo(ledger, services.read_model, seed=seed, progress=reported.append)
        yield Demo(ledger, services.read_model, summary, sum(reported))


@pytest.fixture
def demo(make_ledger: LedgerFactory, database_url: str) -> Iterator[Demo]:
    with _loaded(make_ledger, database_url) as loaded:
        yield loaded


def test_the_demo_loads_and_its_read_model_rebuilds_to_the_same_digests(demo: Demo) -> None:
    s = demo.summary
    assert 60 <= s.projects <= 120
    assert s.establishments >= 40
    assert s.payments > 100
    assert s.closes == 4
    assert s.statements > len(s.years)  # one per account and year: 74's, the districts', 79's
    assert s.events == demo.ledger.head_position()
    assert demo.commands_reported == s.commands > 500
    assert set(s.years) == {2021, 2022, 2023, 2024, 2025}
    assert all(figures.allocated_vnd > 0 and figures.payments > 0 for figures in s.years.values())
    assert all(figures.co_financing_declared_vnd > 0 for figures in s.years.values())
    assert s.last_day == date(2026, 1, 8)
    report = check(demo.ledger, demo.store)
    assert report.holds, report.differing_tables
    assert report.position == s.events


def test_every_indicator_makes_believable_progress(demo: Demo) -> None:
    targets = demo.model.targets(PROGRAM)
    assert len(targets) == 13
    for t in targets:
        assert 0 < t.achieved <= t.target * 1.2, t.indicator.code
    assert any(t.achieved >= t.target for t in targets)
    assert any(t.achieved < t.target for t in targets)


def test_projects_reach_every_status(demo: Demo) -> None:
    counts = {
        status: demo.model.projects(PROGRAM, status=status.value, first=1).total_count
        for status in ProjectStatus
    }
    assert all(counts.values()), counts
    assert counts == {ProjectStatus(k): v for k, v in demo.summary.projects_by_status.items()}
    assert counts[ProjectStatus.SETTLED] > counts[ProjectStatus.REJECTED]


def test_establishments_co_finance_their_projects_and_no_budget_line_is_counterpart(
    demo: Demo,
) -> None:
    assert {line.source for line in demo.model.budget(PROGRAM).lines} <= {
        "PROVINCIAL",
        "DISTRICT",
        "OTHER_PROGRAM",
    }
    projects = demo.model.projects(PROGRAM, first=500).items
    details = demo.model.project_details([p.id for p in projects])
    assert all("COUNTERPART" not in d.support for d in details.values())
    co = {p.id: details[p.id].co_financing for p in projects}
    settled = [p.id for p in projects if p.status == "SETTLED" and co[p.id].declared]
    assert len(settled) >= 10
    for pid in settled:
        assert 0 < co[pid].settled == co[pid].evidenced <= co[pid].declared
        assert co[pid].evidence_documents
    for p in projects:
        assert co[p.id].declared + p.requested <= p.eligible_cost
    by_year = demo.model.support_and_co_financing(PROGRAM)
    assert [r.year for r in by_year] == [2021, 2022, 2023, 2024, 2025]
    assert sum(r.co_financing_settled for r in by_year) == sum(co[pid].settled for pid in settled)
    assert sum(r.projects for r in by_year) == len(projects)
    assert all(r.support_committed > 0 and r.co_financing_declared > 0 for r in by_year)


def test_addresses_name_a_town_that_became_a_city_as_it_was_then_called(demo: Demo) -> None:
    became_city = {"723": ("Tân Uyên", "2023-04-10"), "721": ("Bến Cát", "2024-05-01")}
    seen = set()
    for firm in demo.model.establishments(first=500).items:
        if firm.unit_code in became_city:
            town, since = became_city[firm.unit_code]
            kind = "thành phố" if firm.registered_on >= since else "thị xã"
            assert f"{kind} {town}" in firm.address, firm
            seen.add(kind)
    assert seen == {"thị xã", "thành phố"}


def test_from_july_2025_projects_and_establishments_are_in_unit_79(demo: Demo) -> None:
    projects = demo.model.projects(PROGRAM, first=500).items
    after = [p for p in projects if p.proposed_on >= MERGER_DAY]
    assert after
    assert all(p.unit_code == "79" for p in after)
    assert all(p.unit_code != "79" for p in projects if p.proposed_on < MERGER_DAY)
    districts = [p.unit_code for p in projects if p.unit_code != "79"]
    northern = sum(unit in {"719", "720", "722", "726"} for unit in districts)
    assert northern > len(districts) - northern  # four northern districts of nine
    firms = demo.model.establishments(first=500).items
    assert any(f.unit_code == "79" for f in firms)
    assert all((f.unit_code == "79") == (f.registered_on >= MERGER_DAY) for f in firms)
    assert len({f.tax_code for f in firms}) == len(firms)


def test_each_year_to_2024_is_closed_in_january_and_2025_is_left_open(demo: Demo) -> None:
    closes = demo.model.journal(types=["Program.YearClosed"], first=10).items
    closed = {json.loads(entry.payload)["year"]: entry for entry in closes}
    assert sorted(closed) == [2021, 2022, 2023, 2024]
    for year, entry in closed.items():
        assert entry.effective_on.startswith(f"{year + 1}-01-")
        payload = json.loads(entry.payload)
        assert payload["forced"] == (payload["unmatched_lines"] > 0)
        assert payload["late"] is False  # closed within the adjustment window
        assert bool(payload["reason"]) == payload["forced"]
        assert payload["carried_projects"] >= 1
    assert demo.summary.forced_closes == sum(json.loads(e.payload)["forced"] for e in closes)
    assert demo.ledger.program(PROGRAM).closed_years == frozenset(closed)
    statements = demo.model.journal(types=["Statement.Imported"], first=10)
    assert statements.total_count == demo.summary.statements


def test_the_same_seed_gives_the_same_history_and_another_seed_another(
    demo: Demo, tmp_path: Path
) -> None:
    """Compared with SQLite loads, so on PostgreSQL this also compares the two backends."""
    loaded = _figures(demo)
    assert _sqlite_figures(tmp_path / "again.db", seed=1) == loaded
    other = _sqlite_figures(tmp_path / "other.db", seed=2, program_first=True)
    assert other.budget != loaded.budget
    assert other.events != loaded.events


@dataclass(frozen=True)
class Figures:
    """What two loads are compared on."""

    events: int
    budget: tuple[BudgetLineView, ...]
    targets: tuple[TargetProgress, ...]
    by_status: Mapping[str, int]


def _figures(demo: Demo) -> Figures:
    model = demo.model
    return Figures(
        demo.summary.events,
        model.budget(PROGRAM).lines,
        model.targets(PROGRAM),
        demo.summary.projects_by_status,
    )


def _sqlite_figures(path: Path, seed: int, program_first: bool = False) -> Figures:
    """A load into a database of its own; with ``program_first`` the program is loaded before,
    as the server does when it starts, which the demo accepts."""
    url = f"sqlite:///{path}"
    with ledgers(url) as make:
        if program_first:
            load_programs(make(demo_clock()), _settings(url))  # type: ignore[arg-type]
        with _loaded(make, url, seed) as loaded:
            return _figures(loaded)


def test_a_ledger_with_a_history_is_refused_and_nothing_is_written(
    make_ledger: LedgerFactory, database_url: str
) -> None:
    clock = demo_clock()
    ledger = make_ledger(clock)  # type: ignore[arg-type]
    load_programs(ledger, _settings(database_url))
    clock.set(date(2021, 8, 2))
    ledger.allocate_budget(
        AllocateBudget(
            program_code=PROGRAM,
            year=2021,
            source=FundingSource.PROVINCIAL,
            amount_vnd=1_000_000_000,
            decision_no="1/QĐ-UBND",
            decision_date=date(2021, 8, 2),
        ),
        FINANCE,
    )
    head = ledger.head_position()
    with bootstrap(_settings(database_url), ledger=ledger) as services:
        with pytest.raises(InvalidInput, match="empty database only"):
            load_demo(ledger, services.read_model)
        assert ledger.head_position() == head
        services.catch_up()
        assert services.read_model.projects(PROGRAM, first=1).total_count == 0


def test_a_ledger_without_the_demo_clock_is_refused(
    make_ledger: LedgerFactory, database_url: str
) -> None:
    # The tests' clock is the demo's clock class, so a clock the loader cannot set stands in.
    fixed = Clock(date(2021, 7, 15))
    ledger = make_ledger(lambda: fixed())  # type: ignore[arg-type]  # any clock the ledger can call
    with (
        bootstrap(_settings(database_url), ledger=ledger) as services,
        pytest.raises(InvalidInput, match="demo_clock"),
    ):
        load_demo(ledger, services.read_model)
    assert ledger.head_position() == 0
    assert isinstance(demo_clock(), SettableClock)


def _journal(demo: Demo) -> list:
    entries, after = [], 0
    while True:
        page = demo.model.journal(after=after, first=500)
        entries += page.items
        if not page.has_next:
            return entries
        after = page.items[-1].position


def test_the_demo_journal_speaks_vietnamese_without_codes_or_enum_names(demo: Demo) -> None:
    """Indicators by their Vietnamese names, money sources by theirs, natural accounting terms."""
    snake = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
    enums = re.compile(
        r"\b(?:PROVINCIAL|DISTRICT|COMMUNE|NATIONAL|OTHER_PROGRAM|ADVANCE|PAYMENT)\b"
    )
    entries = _journal(demo)
    assert len(entries) == demo.summary.events
    for entry in entries:
        assert not snake.search(entry.summary), (entry.type, entry.summary)
        assert not enums.search(entry.summary), (entry.type, entry.summary)
        assert "Giải phóng" not in entry.summary
    accepted = next(e for e in entries if e.type == "Project.OutputsAccepted")
    assert re.search(r"\): \d+ [a-zà-ỹđ]", accepted.summary), accepted.summary


def test_each_act_of_the_demo_is_done_by_the_role_the_decision_gives(demo: Demo) -> None:
    """Sở Công Thương approves; the Center and the districts' People's Committees pay; the
    finance office arranges the budget and pays nothing."""
    roles: dict[str, set[str]] = {}
    for entry in _journal(demo):
        roles.setdefault(entry.type, set()).add(entry.actor_role)
    assert roles["Project.Approved"] == {"doit"}
    assert roles["Project.PaymentRecorded"] == {"center", "district"}
    for kind in ("Project.ContractSigned", "Project.Settled", "Project.OutputsAccepted"):
        assert roles[kind] == {"center"}, kind
    assert roles["Project.RefundReceived"] <= {"center", "district"}
    assert roles["BudgetLine.Allocated"] == {"finance", "district"}
    assert roles["BudgetLine.EstimateProposed"] == {"doit", "district"}
    assert roles["Establishment.CertificationAdded"] == {"doit"}
