"""Programs on both backends: loading the decision, refusing broken files, amending by decision."""

from __future__ import annotations

import copy
import unicodedata
from datetime import date

import pytest

from domain.errors import InvalidProgramFile, ProgramAlreadyDefined, UnknownIndicator
from domain.programs.commands import ReviseTarget
from domain.programs.events import Program
from domain.types import FundingSource
from scripts.bootstrap import bootstrap
from scripts.settings import Settings
from tests.support import DOIT, LOADER, PROGRAM, Clock, ReadSide, Scenario, program_data

DISTRICT = FundingSource.DISTRICT

SEED_TARGETS = {
    "demo_models": 4,
    "machines_applied": 42,
    "technology_lines": 4,
    "env_treatment_upgrades": 4,
    "product_selection_rounds": 2,
    "certified_products": 66,
    "trademark_support": 8,
    "fairs": 12,
    "fair_participations": 76,
    "showrooms": 12,
    "consultancy_support": 8,
    "training_courses": 4,
    "trainees": 200,
}


def test_loads_the_binh_duong_program_with_its_13_targets(make_ledger):
    ledger = make_ledger(Clock(date(2024, 6, 15)))
    receipt = ledger.define_program(program_data(), LOADER)
    program = ledger.program(PROGRAM)
    assert receipt.position == 1
    assert program.targets == SEED_TARGETS
    assert program.indicator("trainees").approximate is True
    assert program.definition.legal_basis.decision_no == "1811/QĐ-UBND"
    assert {u.code for u in program.definition.units} >= {
        "74",
        "718",
        "719",
        "720",
        "721",
        "722",
        "723",
        "724",
        "725",
        "726",
    }
    assert {s.code.value for s in program.definition.funding_sources} == {
        "PROVINCIAL",
        "DISTRICT",
        "COMMUNE",
        "NATIONAL",
        "COUNTERPART",
        "OTHER_PROGRAM",
        "OTHER",
    }
    codes = {c.code for c in program.definition.contents}
    assert {"IV.1.đ", "IV.5.g", "IV.6.g"} <= codes
    assert "IV.5.f" not in codes


def test_loading_the_same_program_twice_changes_nothing(make_ledger):
    ledger = make_ledger(Clock(date(2024, 6, 15)))
    ledger.define_program(program_data(), LOADER)
    again = ledger.define_program(program_data(), LOADER)
    assert again.position is None
    assert again.version == 1
    assert ledger.head_position() == 1


def test_a_different_program_under_a_recorded_code_is_refused(make_ledger):
    ledger = make_ledger(Clock(date(2024, 6, 15)))
    ledger.define_program(program_data(), LOADER)
    changed = program_data()
    changed["title_en"] = "Something else"
    with pytest.raises(ProgramAlreadyDefined):
        ledger.define_program(changed, LOADER)
    assert ledger.head_position() == 1


def _without_renames(data):
    for unit in data["units"]:
        unit.pop("renamed", None)
    return data


def test_a_recorded_program_whose_file_gains_dated_renames_records_them_once(make_ledger):
    ledger = make_ledger(Clock(date(2024, 6, 15)))
    ledger.define_program(_without_renames(program_data()), LOADER)  # as recorded before
    assert ledger.program(PROGRAM).unit("723").name_on(date(2024, 1, 2)) == "Thị xã Tân Uyên"
    receipt = ledger.define_program(program_data(), LOADER)
    assert receipt.position == 3
    history = list(ledger.events.get(ledger.program(PROGRAM).id))
    renamed = [(e.unit_code, e.effective_on, e.document_ref) for e in history[1:]]
    assert renamed == [
        ("721", date(2024, 5, 1), "Nghị quyết 1012/NQ-UBTVQH15 của Ủy ban Thường vụ Quốc hội"),
        ("723", date(2023, 4, 10), "Nghị quyết 725/NQ-UBTVQH15 của Ủy ban Thường vụ Quốc hội"),
    ]
    fresh = make_ledger(Clock(date(2024, 6, 15)))
    fresh.define_program(program_data(), LOADER)
    assert ledger.program(PROGRAM).definition == fresh.program(PROGRAM).definition
    assert ledger.define_program(program_data(), LOADER).position is None
    with pytest.raises(ProgramAlreadyDefined):  # a recorded rename is history
        ledger.define_program(_without_renames(program_data()), LOADER)
    assert ledger.head_position() == 3


def test_units_are_named_as_they_were_on_the_day(make_ledger):
    ledger = make_ledger(Clock(date(2024, 6, 15)))
    ledger.define_program(program_data(), LOADER)
    program = ledger.program(PROGRAM)
    tan_uyen, ben_cat = program.unit("723"), program.unit("721")
    assert tan_uyen.name_on(date(2023, 4, 9)) == "Thị xã Tân Uyên"
    assert tan_uyen.name_on(date(2023, 4, 10)) == "Thành phố Tân Uyên"
    assert (tan_uyen.kind_on(date(2023, 4, 9)), tan_uyen.kind_on(date(2023, 4, 10))) == (
        "town",
        "city",
    )
    assert ben_cat.name_on(date(2024, 4, 30)) == "Thị xã Bến Cát"
    assert ben_cat.name_on(date(2024, 5, 1)) == "Thành phố Bến Cát"
    assert ben_cat.name_en_on(date(2024, 5, 1)) == "Ben Cat city"
    assert program.unit("719").name_on(date(2025, 6, 30)) == "Huyện Bàu Bàng"


def _indicator(data, code):
    return next(i for i in data["indicators"] if i["code"] == code)


MISTAKES = {
    "missing code": (lambda d: d.pop("code"), "code"),
    "duplicated indicator": (
        lambda d: d["indicators"].append(copy.deepcopy(d["indicators"][0])),
        "indicators[13].code",
    ),
    "duplicated content item": (
        lambda d: d["contents"].append(copy.deepcopy(d["contents"][3])),
        "contents[40].code",
    ),
    "zero target": (
        lambda d: _indicator(d, "fairs").__setitem__("target", 0),
        "indicators[7].target",
    ),
    "negative target": (
        lambda d: _indicator(d, "fairs").__setitem__("target", -12),
        "indicators[7].target",
    ),
    "target as text": (
        lambda d: _indicator(d, "fairs").__setitem__("target", "twelve"),
        "indicators[7].target",
    ),
    "unknown measurement unit": (
        lambda d: _indicator(d, "fairs").__setitem__("unit", "barrels"),
        "indicators[7].unit",
    ),
    "unknown successor unit": (
        lambda d: d["units"][0].__setitem__("successor", "999"),
        "units[0].successor",
    ),
    "unknown content item of an indicator": (
        lambda d: _indicator(d, "fairs").__setitem__("content_codes", ["IV.9.z"]),
        "indicators[7].content_codes",
    ),
    "unknown funding source": (
        lambda d: d["funding_sources"][0].__setitem__("code", "BANK"),
        "funding_sources[0].code",
    ),
    "unknown key": (lambda d: d.__setitem__("budget", 5), None),
    "rename out of date order": (
        lambda d: d["units"][5]["renamed"].append(dict(d["units"][5]["renamed"][0])),
        "units[5].renamed[1].effective_from",
    ),
    "rename after the unit ended": (
        lambda d: d["units"][5]["renamed"][0].__setitem__("effective_from", date(2025, 7, 1)),
        "units[5].renamed[0].effective_from",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES, ids=list(MISTAKES))
def test_a_program_file_with_a_mistake_is_refused_naming_the_place(make_ledger, mistake):
    ledger = make_ledger(Clock(date(2024, 6, 15)))
    data = program_data()
    break_it, place = MISTAKES[mistake]
    break_it(data)
    with pytest.raises(InvalidProgramFile) as refused:
        ledger.define_program(data, LOADER)
    assert refused.value.field == place
    assert ledger.head_position() == 0


def test_program_text_is_stored_in_nfc(make_ledger):
    ledger = make_ledger(Clock(date(2024, 6, 15)))
    data = program_data()
    data["title_vi"] = unicodedata.normalize("NFD", str(data["title_vi"]))
    ledger.define_program(data, LOADER)
    title = ledger.program(PROGRAM).definition.title_vi
    assert title == unicodedata.normalize("NFC", title)
    assert "Bình Dương" in title


def test_revising_a_target_keeps_the_first_target_in_history(make_ledger):
    ledger = make_ledger(Clock(date(2024, 6, 15)))
    ledger.define_program(program_data(), LOADER)
    ledger.revise_target(
        ReviseTarget(
            program_code=PROGRAM,
            indicator_code="machines_applied",
            target=50,
            decision_no="2101/QĐ-UBND",
            decision_date=date(2024, 5, 2),
        ),
        DOIT,
    )
    assert ledger.program(PROGRAM).targets["machines_applied"] == 50
    history = list(ledger.events.get(ledger.program(PROGRAM).id))
    assert isinstance(history[0], Program.Defined)
    first = next(i for i in history[0].definition["indicators"] if i["code"] == "machines_applied")
    assert first["target"] == 42
    assert isinstance(history[1], Program.TargetRevised)
    assert (history[1].previous_target, history[1].target) == (42, 50)
    assert history[1].document_ref == "2101/QĐ-UBND"


def test_revising_an_unknown_indicator_is_refused(make_ledger):
    ledger = make_ledger(Clock(date(2024, 6, 15)))
    ledger.define_program(program_data(), LOADER)
    with pytest.raises(UnknownIndicator):
        ledger.revise_target(
            ReviseTarget(
                program_code=PROGRAM,
                indicator_code="robots",
                target=5,
                decision_no="2101/QĐ-UBND",
                decision_date=date(2024, 5, 2),
            ),
            DOIT,
        )
    assert ledger.head_position() == 1


def test_a_rename_recorded_later_names_the_budget_holder_as_it_was_named_each_year(
    make_ledger, database_url
):
    """A ledger defined before the renames were in its file learns them by Program.UnitRenamed;
    the read model then names Tân Uyên's budget lines as the town was named in each year."""
    clock = Clock(date(2022, 3, 1))
    ledger = make_ledger(clock)
    ledger.define_program(_without_renames(program_data()), LOADER)
    scenario = Scenario(ledger, clock)
    for year in (2022, 2024):
        clock.set(date(year, 3, 1))
        scenario.allocate(50_000_000, year=year, source=DISTRICT, holder_code="723")
    settings = Settings.from_env({"KHUYENCONG_DATABASE_URL": database_url})
    with bootstrap(settings, ledger=ledger) as services:
        read = ReadSide(services)
        before = read.catch_up().budget(PROGRAM, None, None, holder_code="723")
        assert {line.holder_name for line in before.lines} == {"Thị xã Tân Uyên"}
        ledger.define_program(program_data(), LOADER)  # the file now dates the renames
        after = read.catch_up().budget(PROGRAM, None, None, holder_code="723")
        names = {line.year: line.holder_name for line in after.lines}
        assert names == {2022: "Thị xã Tân Uyên", 2024: "Thành phố Tân Uyên"}
        journal = read.model.journal(types=["Program.UnitRenamed"]).items
        renamed = [e.summary for e in journal]
        assert any("Thành phố Tân Uyên" in summary for summary in renamed)
