"""Every read about one program checks the code, and the year, against the read model's
programs first (projections/queries/programs.py), on both backends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from domain.errors import UnknownProgram, YearOutsideProgram
from finance.reconciliation import reconcile, statements
from projections.queries import ReadModel
from projections.rows import AsOf
from tests.support import PROGRAM

Read = Callable[[ReadModel, str, int | None], Any]
READS: dict[str, Read] = {
    "check_program": lambda m, code, year: m.check_program(code, year),
    "budget": lambda m, code, year: m.budget(code, year),
    "budget_breakdown": lambda m, code, year: m.budget_breakdown(code, "unit", year),
    "targets": lambda m, code, year: m.targets(code, year),
    "projects": lambda m, code, year: m.projects(code, year=year),
    "reconcile": lambda m, code, year: reconcile(m.store, code, year or 2024),
}


@pytest.mark.parametrize("name", READS)
def test_a_read_refuses_an_unknown_program_and_a_year_outside_it(scenario, read_side, name):
    model = read_side.catch_up()
    read = READS[name]
    read(model, PROGRAM, 2024)
    for code in ("BD-KC-2030", "bd-kc-2025", ""):
        with pytest.raises(UnknownProgram) as refused:
            read(model, code, 2024)
        assert refused.value.field == "programCode"
    for year in (2020, 2026):
        with pytest.raises(YearOutsideProgram, match="runs from 2021 to 2025") as outside:
            read(model, PROGRAM, year)
        assert (outside.value.code, outside.value.field) == ("YEAR_OUTSIDE_PROGRAM", "year")


def test_the_statements_of_an_unknown_program_are_refused(scenario, read_side):
    model = read_side.catch_up()
    assert statements(model.store, PROGRAM) == []
    with pytest.raises(UnknownProgram):
        statements(model.store, "BD-KC-2030")


def test_a_known_program_asked_before_it_was_defined_answers_that_nothing_had_happened(
    scenario, read_side
):
    scenario.allocate(1_000_000_000)
    model = read_side.catch_up()
    before = model.budget(PROGRAM, as_of=AsOf(position=0))
    assert (before.lines, before.totals.allocated) == ((), 0)
