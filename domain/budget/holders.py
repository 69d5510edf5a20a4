"""Budget holders: whose budget a line is (Decision 1811, Điều 2.4.b, 2.5 and Phần V.1).

Provincial money is managed by Sở Công Thương for the province; each district-level People's
Committee funds its own local program from the district budget; communes fund commune tasks.
A holder is a unit of the program's definition, valid on the day money is assigned or used.
National, other-program and other money is kept in the province's books, as provincial money.
"""

from __future__ import annotations

from datetime import date

from domain.errors import HolderNotValid, UnknownHolder
from domain.ids import LEGACY_LINE_HOLDER
from domain.programs.definition import AdminUnit
from domain.programs.state import ProgramState
from domain.types import FundingSource

# Lines recorded before holders existed were all kept in the province's books: they read as
# the province's (Tỉnh Bình Dương), and keep the ids they were stored under.
LEGACY_HOLDER = LEGACY_LINE_HOLDER
LOCAL_SOURCES = {
    FundingSource.DISTRICT: "district",
    FundingSource.COMMUNE: "commune",
}
SUCCESSION_STEPS_MAX = 8  # a chain of successors longer than this is a broken program file


def region_holder(program: ProgramState, day: date, field: str = "holderCode") -> AdminUnit:
    """The region unit valid that day: 74 (Tỉnh Bình Dương) to 2025-06-30, then its successor
    79 (Thành phố Hồ Chí Minh, Nghị quyết 202/2025/QH15)."""
    return check_holder(
        program,
        _successor_on(program, program.unit(program.definition.region_unit), day).code,
        day,
        field,
    )


def default_holder(
    program: ProgramState, source: FundingSource, day: date, field: str = "holderCode"
) -> AdminUnit:
    """Who holds a line when none is named: the region for provincial, national, other-program
    and other money; district and commune money must name its holder."""
    if source in LOCAL_SOURCES:
        raise UnknownHolder(
            f"{source.value} money is held by a {LOCAL_SOURCES[source]}: name the holder",
            field=field,
        )
    return region_holder(program, day, field)


def holder_for(
    program: ProgramState,
    source: FundingSource,
    unit_code: str,
    day: date,
    field: str = "holderCode",
) -> AdminUnit:
    """The holder of the line a project in ``unit_code`` draws ``source`` money from on ``day``:
    the region for PROVINCIAL/NATIONAL/OTHER_PROGRAM/OTHER, the project's district (the unit
    or its parent) for DISTRICT, the project's commune for COMMUNE. A district or commune
    whose budget has ended is followed by its successor (79 from 2025-07-01), which the
    approval then records as the holder."""
    level = LOCAL_SOURCES.get(source)
    if level is None:
        return region_holder(program, day, field)
    start = program.unit(unit_code, "unitCode")
    unit: AdminUnit | None = start
    while unit is not None and unit.level != level:
        unit = program.unit(unit.parent, "unitCode") if unit.parent else None
    if unit is None:
        if start.code in _successors_of(program, level):
            return check_holder(program, start.code, day, field)
        raise UnknownHolder(
            f"unit {unit_code} is in no {level}: no {level} holds its {source.value} money",
            field=field,
        )
    return check_holder(program, _successor_on(program, unit, day).code, day, field)


def _successor_on(program: ProgramState, unit: AdminUnit, day: date) -> AdminUnit:
    for _ in range(SUCCESSION_STEPS_MAX):
        if unit.valid_on(day) or unit.successor is None:
            break
        unit = program.unit(unit.successor)
    return unit


def _successors_of(program: ProgramState, level: str) -> set[str]:
    """Units that took over the budgets of units of ``level`` (79 for the districts)."""
    return {u.successor for u in program.definition.units if u.level == level and u.successor}


def check_holder(
    program: ProgramState, code: object, day: date, field: str = "holderCode"
) -> AdminUnit:
    """A unit of the program valid on ``day``."""
    if not isinstance(code, str) or not code.strip():
        raise UnknownHolder("name the budget holder's unit code", field=field)
    unit = next((u for u in program.definition.units if u.code == code.strip()), None)
    if unit is None:
        raise UnknownHolder(f"{code!r} is not a unit of {program.code}", field=field)
    if not unit.valid_on(day):
        then = f"; its budget passed to {unit.successor}" if unit.successor else ""
        raise HolderNotValid(
            f"{unit.code} ({unit.name_vi}) holds no budget on {day.isoformat()}{then}: "
            "transfer its open commitments to the successor first",
            field=field,
        )
    return unit


def check_fits(
    program: ProgramState, source: FundingSource, unit: AdminUnit, field: str = "holderCode"
) -> None:
    """District money sits with a district (or the unit that took over the districts' budgets,
    79 from 2025-07-01), commune money with a commune, the rest with the region (a province)."""
    wanted = LOCAL_SOURCES.get(source, "province")
    if unit.level != wanted and unit.code not in _successors_of(program, wanted):
        raise UnknownHolder(
            f"{source.value} money is held by a {wanted}, not by {unit.code} ({unit.level})",
            field=field,
        )


def check_not_ended(program: ProgramState, code: str, day: date, field: str = "source") -> None:
    """Money is paid from a holder's line only while its budget lasts: after its last day, its
    open commitments pass to the successor by an explicit transfer first (a successor pays,
    by that transfer, what its predecessor committed, whatever the value date)."""
    unit = program.unit(code, field)
    if unit.valid_to is not None and day > unit.valid_to:
        then = f" to {unit.successor}" if unit.successor else ""
        raise HolderNotValid(
            f"{unit.code} ({unit.name_vi}) holds no budget after {unit.valid_to.isoformat()}: "
            f"transfer its open commitments{then} first (transferToSuccessor)",
            field=field,
        )


def unit_name(program: ProgramState, code: str) -> str:
    unit = next((u for u in program.definition.units if u.code == code), None)
    return unit.name_vi if unit else code
