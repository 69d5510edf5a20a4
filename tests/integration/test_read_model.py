"""The read model on both backends: double entry, budget figures, targets, as-of queries."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from domain.errors import InvalidQuery, ReadModelBehind
from domain.establishments.commands import AddCertification
from domain.fiscal import VIETNAM_TZ
from domain.ids import establishment_id
from domain.programs.commands import ReviseTarget
from domain.types import CertificationKind, FundingSource
from projections import totals
from projections.digest import check, rebuild
from projections.projector import Projector
from projections.queries.budget import _fold_by
from projections.rows import AsOf, BudgetFigures
from tests.history import build_history, pay
from tests.support import CENTER, DOIT, PROGRAM

P, D = FundingSource.PROVINCIAL, FundingSource.DISTRICT


def test_postings_sum_to_zero_at_every_position(scenario, read_side):
    build_history(scenario)
    read_side.catch_up()
    with read_side.store.snapshot() as tx:
        unbalanced = tx.rows(
            "SELECT position, SUM(amount) FROM rm_postings GROUP BY position "
            "HAVING SUM(amount) <> 0"
        )
        ((legs,),) = tx.rows("SELECT COUNT(*) FROM rm_postings")
    assert unbalanced == []
    assert legs > 20


def test_every_budget_figure_equals_the_write_side_line(scenario, read_side):
    build_history(scenario)
    report = read_side.catch_up().budget(PROGRAM)
    assert {(line.year, line.source, line.holder_code) for line in report.lines} == {
        (2024, "PROVINCIAL", "74"),
        (2024, "DISTRICT", "719"),
        (2025, "PROVINCIAL", "74"),
        (2025, "DISTRICT", "719"),
    }
    for line in report.lines:
        state = scenario.ledger.budget_line(
            PROGRAM, line.year, FundingSource(line.source), line.holder_code
        )
        f = line.figures
        assert (
            f.estimated,
            f.allocated,
            f.committed,
            f.available,
            f.carried_in,
            f.carried_out,
            f.cancelled,
        ) == (
            state.estimated_vnd,
            state.allocated_vnd,
            state.committed_vnd,
            state.available_vnd,
            state.carried_in_vnd,
            state.carried_out_vnd,
            state.cancelled_vnd,
        ), (line.year, line.source)


def test_budget_execution_counts_payments_reversals_and_refunds(scenario, read_side):
    build_history(scenario)
    report = read_side.catch_up().budget(PROGRAM, year=2024)
    provincial = next(line.figures for line in report.lines if line.source == "PROVINCIAL")
    # 100 + 180 + 5 − 5 (reversed) on DA-2024-01; DA-2024-02 was cancelled unpaid
    assert provincial.paid == 280_000_000
    assert provincial.refunded == 20_000_000
    assert provincial.committed == 260_000_000
    assert provincial.available == 2_000_000_000 - 260_000_000 - 100_000_000
    assert str(provincial.execution_rate) == "0.1400"
    district = next(line.figures for line in report.lines if line.source == "DISTRICT")
    assert (district.paid, district.carried_out, district.committed) == (
        80_000_000,
        120_000_000,
        80_000_000,
    )
    assert report.totals.paid == provincial.paid + district.paid


def test_as_of_a_position_answers_what_the_ledger_said_then(scenario, read_side):
    scenario.allocate(1_000_000_000)
    pid = scenario.approved_project(support=200_000_000)
    model = read_side.catch_up()
    then = model.position()
    before = model.budget(PROGRAM)
    scenario.ledger.record_payment(pay(pid, 50_000_000, "UNC-9", date(2024, 5, 1)), CENTER)
    model = read_side.catch_up()
    assert model.budget(PROGRAM).totals.paid == 50_000_000
    assert model.budget(PROGRAM, as_of=AsOf(position=then)) == before
    moment = datetime.combine(date(2024, 6, 15), time(10, 0), tzinfo=VIETNAM_TZ)
    assert model.budget(PROGRAM, as_of=AsOf(recorded_at=moment)).totals.paid == 50_000_000
    earlier = datetime.combine(date(2024, 6, 14), time(10, 0), tzinfo=VIETNAM_TZ)
    assert model.budget(PROGRAM, as_of=AsOf(recorded_at=earlier)).lines == ()


def test_effective_dates_count_entries_recorded_later_in_the_adjustment_window(scenario, read_side):
    build_history(scenario)
    model = read_side.catch_up()
    year_end = model.budget(PROGRAM, year=2024, as_of=AsOf(effective_on=date(2024, 12, 31)))
    district = next(line.figures for line in year_end.lines if line.source == "DISTRICT")
    # UNC-102 was recorded on 20 January 2025 but valued 30 December 2024: it counts for 2024.
    assert district.paid == 80_000_000
    # The carry-over was decided in 2025, so at 31 December the commitment was still in 2024.
    assert district.carried_out == 0
    assert district.committed == 200_000_000
    mid_year = model.budget(PROGRAM, year=2024, as_of=AsOf(effective_on=date(2024, 6, 30)))
    assert (
        next(line.figures for line in mid_year.lines if line.source == "DISTRICT").paid
        == 50_000_000
    )


def test_target_progress_shows_all_13_indicators_with_the_seed_targets(scenario, read_side):
    build_history(scenario)
    rows = {row.indicator.code: row for row in read_side.catch_up().targets(PROGRAM)}
    assert len(rows) == 13
    assert rows["machines_applied"].target == 42
    assert rows["trainees"].target == 200
    assert rows["trainees"].indicator.approximate
    assert (rows["fairs"].target_as_approved, rows["fairs"].target) == (12, 14)
    assert rows["fairs"].planned == 0  # its only project was cancelled
    assert (rows["machines_applied"].planned, rows["machines_applied"].achieved) == (2, 2)
    assert str(rows["machines_applied"].progress) == "0.0476"
    assert rows["machines_applied"].cost_per_output == 140_000_000  # 280 million paid / 2
    assert rows["trainees"].planned == 40
    assert rows["trainees"].achieved == 0
    by_unit = {r.indicator.code: r for r in read_side.model.targets(PROGRAM, unit_code="722")}
    assert by_unit["machines_applied"].planned == 0


def test_projects_page_by_keyset_and_filter_by_status_as_of(scenario, read_side):
    projects = build_history(scenario)
    model = read_side.catch_up()
    first = model.projects(PROGRAM, first=2)
    assert first.total_count == 3
    assert first.has_next
    rest = model.projects(PROGRAM, first=2, after=first.items[-1].position)
    assert [p.code for p in first.items + rest.items] == ["DA-2024-01", "DA-2024-02", "DA-2024-03"]
    assert not rest.has_next
    settled = model.project(str(projects["settled"]))
    assert (settled.status, settled.approved_support, settled.paid, settled.refund_due) == (
        "SETTLED",
        260_000_000,
        280_000_000,
        0,
    )
    assert model.project(str(projects["carried"])).budget_year == 2025
    assert [p.code for p in model.projects(PROGRAM, status="CANCELLED").items] == ["DA-2024-02"]
    cancelled_at = next(e.position for e in model.journal(types=["Project.Cancelled"]).items)
    before = model.projects(PROGRAM, status="CONTRACTED", as_of=AsOf(position=cancelled_at - 1))
    assert "DA-2024-02" in [p.code for p in before.items]


def test_search_ignores_case_and_vietnamese_diacritics(scenario, read_side):
    build_history(scenario)
    model = read_side.catch_up()
    assert [p.code for p in model.projects(PROGRAM, search="CHE BIEN HAT DIEU").items] == [
        "DA-2024-01",
        "DA-2024-02",
        "DA-2024-03",
    ]
    assert model.establishments(search="go my nghe").total_count == 1
    assert model.establishments(search="100%_").total_count == 0


def test_the_journal_tells_who_did_what_in_vietnamese(scenario, read_side):
    projects = build_history(scenario)
    page = read_side.catch_up().journal(aggregate_id=str(projects["settled"]), first=100)
    kinds = [entry.type for entry in page.items]
    assert kinds[:3] == ["Project.Proposed", "Project.Appraised", "Project.Approved"]
    refund = next(e for e in page.items if e.type == "Project.RefundReceived")
    assert refund.summary == "Thu hồi 20.000.000 đồng (chứng từ NT-001), đề án DA-2024-01"
    assert refund.actor_role == "center"
    assert refund.document_ref == "NT-001"
    assert '"amount_vnd":20000000' in refund.payload
    assert '"source":"PROVINCIAL"' in refund.payload  # plain JSON: no type wrappers
    assert "_type_" not in refund.payload
    positions = [e.position for e in read_side.model.journal(first=500).items]
    assert positions == list(range(1, len(positions) + 1))


def test_read_your_writes_waits_a_bounded_time(scenario, read_side):
    scenario.allocate(1_000)
    head = scenario.ledger.head_position()
    with pytest.raises(ReadModelBehind):
        read_side.model.wait_for(head, timeout_s=0.05)
    read_side.catch_up()
    assert read_side.model.wait_for(head, timeout_s=0.05) == head


def test_a_batch_that_fails_midway_writes_nothing(scenario, read_side):
    build_history(scenario)
    projector = read_side.projector
    real_write = projector._write

    def write_then_fail(tx, batch):
        real_write(tx, batch)
        raise RuntimeError("the process dies after writing rows, before committing")

    projector._write = write_then_fail
    with pytest.raises(RuntimeError):
        projector.run_batch()
    projector._write = real_write
    assert read_side.model.position() == 0
    with read_side.store.snapshot() as tx:
        assert tx.rows("SELECT COUNT(*) FROM rm_journal") == [(0,)]
    read_side.catch_up()
    assert check(scenario.ledger, read_side.store).differing_tables == []


def test_check_names_a_table_that_differs_from_a_rebuild(scenario, read_side):
    build_history(scenario)
    read_side.catch_up()
    with read_side.store.transaction() as tx:
        tx.execute("UPDATE rm_postings SET amount = amount + 1 WHERE position = 3 AND leg = 0")
    assert check(scenario.ledger, read_side.store).differing_tables == ["postings"]
    rebuild(scenario.ledger, read_side.store)
    assert check(scenario.ledger, read_side.store).differing_tables == []


def test_budget_breaks_down_by_content_item_and_unit(scenario, read_side):
    build_history(scenario)
    model = read_side.catch_up()
    by_content = {row.key: row for row in model.budget_breakdown(PROGRAM, "content", year=2024)}
    assert by_content["IV.1.b"].committed == 260_000_000
    assert by_content["IV.1.b"].paid == 280_000_000
    assert by_content["IV.2.a"].committed == 0  # cancelled before any payment
    by_unit = {row.key: row for row in model.budget_breakdown(PROGRAM, "unit")}
    assert by_unit["722"].paid == 0
    assert sum(row.paid for row in by_unit.values()) == model.budget(PROGRAM).totals.paid
    with pytest.raises(InvalidQuery):
        model.budget_breakdown(PROGRAM, "source")


# First and second halves of months: the later ones take the rest of the month off the whole
# month's checkpointed sums (projections.totals, part C′).
AS_OF_DAYS = (
    None,
    date(2024, 1, 31),
    date(2024, 6, 10),
    date(2024, 6, 25),
    date(2024, 12, 31),
    date(2025, 1, 16),
    date(2025, 1, 20),
)


def test_checkpointed_as_of_answers_equal_a_plain_sum_at_every_position(
    scenario, read_side, monkeypatch
):
    monkeypatch.setattr(totals, "CHECKPOINT_EVERY_EVENTS", 5)
    build_history(scenario)
    model = read_side.catch_up()
    with read_side.store.snapshot() as tx:
        assert tx.rows("SELECT COUNT(DISTINCT checkpoint) FROM rm_posting_totals")[0][0] > 5
    for position in range(model.position() + 1):
        for day in AS_OF_DAYS:
            as_of = AsOf(position=position, effective_on=day)
            with read_side.store.snapshot() as tx:
                where = "program_code = ? AND position <= ?" + (
                    "" if day is None else " AND effective_on <= ?"
                )
                params = [PROGRAM, position] + ([] if day is None else [day.isoformat()])
                plain = tx.rows(
                    "SELECT year, source, account, kind, amount > 0, SUM(amount) "
                    f"FROM rm_postings WHERE {where} "
                    "GROUP BY year, source, account, kind, amount > 0",
                    params,
                )
            expected = _fold_by(plain, lambda r: (int(r[0]), str(r[1])))
            got = {
                (line.year, line.source): line.figures
                for line in model.budget(PROGRAM, as_of=as_of).lines
            }
            assert {k: v for k, v in got.items() if v != BudgetFigures()} == {
                k: v for k, v in expected.items() if v != BudgetFigures()
            }, (position, day)


def test_checkpointed_as_of_targets_equal_a_plain_sum_at_every_position(
    scenario, read_side, monkeypatch
):
    monkeypatch.setattr(totals, "CHECKPOINT_EVERY_EVENTS", 5)
    build_history(scenario)
    model = read_side.catch_up()
    with read_side.store.snapshot() as tx:
        assert tx.rows("SELECT COUNT(DISTINCT checkpoint) FROM rm_output_totals")[0][0] > 5
    scopes = ((None, None), (2024, None), (2024, "719"), (2025, None), (None, "722"))
    for position in range(model.position() + 1):
        for day in AS_OF_DAYS:
            for year, unit in scopes:
                as_of = AsOf(position=position, effective_on=day)
                got = {
                    r.indicator.code: (r.target, r.planned, r.achieved)
                    for r in model.targets(PROGRAM, year, unit, as_of, cost_per_output=False)
                }
                expected = _plain_output_counts(read_side.store, position, day, year, unit)
                assert {k: v for k, v in got.items() if v != (0, 0, 0)} == expected, (
                    position,
                    day,
                    year,
                    unit,
                )


def _plain_output_counts(store, position, day, year, unit) -> dict[str, tuple[int, int, int]]:
    """Target (whole program), planned and achieved (in the scope) summed straight from the
    outputs, for comparison."""
    where = "program_code = ? AND position <= ?" + ("" if day is None else " AND effective_on <= ?")
    params = [PROGRAM, position] + ([] if day is None else [day.isoformat()])
    scope, scope_params = "", []
    if year is not None:
        scope, scope_params = scope + " AND year = ?", [*scope_params, year]
    if unit is not None:
        scope, scope_params = scope + " AND unit_code = ?", [*scope_params, unit]
    with store.snapshot() as tx:
        rows = tx.rows(
            "SELECT indicator_code, "
            "SUM(CASE WHEN kind = 'target' THEN quantity ELSE 0 END), "
            f"SUM(CASE WHEN kind = 'planned'{scope} THEN quantity ELSE 0 END), "
            f"SUM(CASE WHEN kind = 'achieved'{scope} THEN quantity ELSE 0 END) "
            f"FROM rm_outputs WHERE {where} GROUP BY indicator_code",
            [*scope_params, *scope_params, *params],
        )
    counts = {str(code): (int(t), int(p), int(a)) for code, t, p, a in rows}
    return {code: figures for code, figures in counts.items() if figures != (0, 0, 0)}


def test_a_restarted_projector_finds_what_earlier_batches_recorded(scenario, read_side):
    """Every later event can refer to earlier ones after a restart: the projector's memory of
    programs, lines, projects and establishments is reloaded from the registers."""
    build_history(scenario)
    read_side.catch_up()
    pid = scenario.approved_project("DA-2025-09", support=10_000_000)
    scenario.ledger.revise_target(
        ReviseTarget(
            program_code=PROGRAM,
            indicator_code="fairs",
            target=15,
            decision_no="R-02/QĐ-UBND",
            decision_date=date(2025, 1, 20),
        ),
        DOIT,
    )
    scenario.ledger.add_certification(
        AddCertification(
            establishment_id=establishment_id("3701234567"),
            kind=CertificationKind.TRADEMARK,
            title="Gỗ Mỹ nghệ",
            certificate_no="NH-2025-1",
            level="quốc gia",
            issued_on=date(2025, 1, 10),
        ),
        CENTER,
    )
    scenario.ledger.record_payment(pay(pid, 1_000_000, "UNC-R1", date(2024, 12, 1)), CENTER)
    fresh = Projector(scenario.ledger, read_side.store, batch_size=2)
    fresh.catch_up()
    fairs = next(r for r in read_side.model.targets(PROGRAM) if r.indicator.code == "fairs")
    assert fairs.target == 15
    assert read_side.model.establishments().items[0].certifications == 1
    assert check(scenario.ledger, read_side.store).differing_tables == []
