"""The budget-holder rule (Decision 1811, Điều 2.4.b, 2.5, Phần V.1), without a database:
whose line a source's money is on, for a project in a unit, on a day."""

from __future__ import annotations

import json
from datetime import date

import pytest

from domain.budget.events import BudgetLine
from domain.budget.holders import (
    check_fits,
    check_holder,
    check_not_ended,
    default_holder,
    holder_for,
)
from domain.errors import HolderNotValid, UnknownHolder
from domain.ids import budget_line_id, natural_id
from domain.types import FundingSource
from tests.unit.decide import binh_duong

P, D, C = FundingSource.PROVINCIAL, FundingSource.DISTRICT, FundingSource.COMMUNE
N, OTHER = FundingSource.NATIONAL, FundingSource.OTHER_PROGRAM
PROGRAM = binh_duong()
JUNE, JULY = date(2025, 6, 30), date(2025, 7, 1)


@pytest.mark.parametrize("source", [P, N, OTHER, FundingSource.OTHER])
def test_provincial_national_and_other_money_is_the_regions_valid_that_day(source):
    assert holder_for(PROGRAM, source, "721", date(2024, 3, 1)).code == "74"
    assert holder_for(PROGRAM, source, "721", JUNE).code == "74"
    assert holder_for(PROGRAM, source, "79", JULY).code == "79"
    assert default_holder(PROGRAM, source, JULY).code == "79"


def test_district_money_is_the_projects_districts_and_79s_after_the_districts_end():
    assert holder_for(PROGRAM, D, "721", date(2024, 3, 1)).code == "721"
    assert holder_for(PROGRAM, D, "718", JUNE).code == "718"
    # a new approval after 30 June 2025: the district's successor holds its budget
    assert holder_for(PROGRAM, D, "718", JULY).code == "79"
    assert holder_for(PROGRAM, D, "79", JULY).code == "79"


def test_commune_money_needs_a_commune_and_district_money_names_its_holder():
    with pytest.raises(UnknownHolder, match="no commune"):
        holder_for(PROGRAM, C, "721", date(2024, 3, 1))
    with pytest.raises(UnknownHolder, match="name the holder"):
        default_holder(PROGRAM, D, date(2024, 3, 1))


def test_a_holder_is_a_unit_of_the_program_valid_on_the_day():
    assert check_holder(PROGRAM, "718", JUNE).name_vi == "Thành phố Thủ Dầu Một"
    with pytest.raises(UnknownHolder):
        check_holder(PROGRAM, "999", JUNE)
    with pytest.raises(UnknownHolder):
        check_holder(PROGRAM, " ", JUNE)
    with pytest.raises(HolderNotValid, match="transfer its open commitments"):
        check_holder(PROGRAM, "718", JULY)
    with pytest.raises(HolderNotValid):
        check_holder(PROGRAM, "79", JUNE)  # 79 holds from 1 July 2025


def test_money_sits_with_a_holder_of_its_level():
    check_fits(PROGRAM, D, PROGRAM.unit("718"))
    check_fits(PROGRAM, D, PROGRAM.unit("79"))  # 79 took over the districts' budgets
    check_fits(PROGRAM, P, PROGRAM.unit("74"))
    with pytest.raises(UnknownHolder, match="held by a district"):
        check_fits(PROGRAM, D, PROGRAM.unit("74"))
    with pytest.raises(UnknownHolder, match="held by a province"):
        check_fits(PROGRAM, P, PROGRAM.unit("718"))


def test_payments_stop_after_the_holders_last_day_not_before_the_successors_first():
    check_not_ended(PROGRAM, "718", JUNE)
    check_not_ended(PROGRAM, "79", JUNE)  # a successor pays what it took over
    with pytest.raises(HolderNotValid, match="transfer its open commitments to 79 first"):
        check_not_ended(PROGRAM, "718", JULY)


def test_lines_of_the_province_keep_the_ids_they_had_before_holders():
    assert budget_line_id("BD-KC-2025", 2024, "PROVINCIAL", "74") != budget_line_id(
        "BD-KC-2025", 2024, "PROVINCIAL", "79"
    )
    assert budget_line_id("BD-KC-2025", 2024, "PROVINCIAL", "74") == natural_id(
        "budget-line", "BD-KC-2025", 2024, "PROVINCIAL"
    )


def test_a_line_opened_before_holders_reads_as_the_provinces():
    state = {"program_code": "BD-KC-2025", "year": 2024, "source": "PROVINCIAL"}
    BudgetLine.Opened.upcast_v1_v2(state)
    assert state["holder_code"] == "74"
    assert json.dumps(state)  # still plain data
