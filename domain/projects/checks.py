"""Input checks shared by project decisions."""

from __future__ import annotations

from domain.errors import InvalidInput, InvalidTransition
from domain.money import check_amount, check_quantity
from domain.programs.state import ProgramState
from domain.projects.state import ProjectState
from domain.types import FundingSource, Output, ProjectStatus, SourceAmount

LIST_ITEMS_MAX = 50


def source_amounts(
    program: ProgramState,
    items: tuple[SourceAmount, ...],
    field: str,
    *,
    allow_empty: bool = False,
    standing: dict[FundingSource, int] | None = None,
) -> dict[FundingSource, int]:
    """Amounts of support per source: each source once, each amount a positive number of đồng,
    no COUNTERPART (the establishment's own money is the project's co-financing) — except up
    to the project's ``standing`` support: a project approved with COUNTERPART before that rule
    may keep or lower it when adjusted or settled, never raise it."""
    if not items and not allow_empty:
        raise InvalidInput("name at least one source and amount", field=field)
    if len(items) > LIST_ITEMS_MAX:
        raise InvalidInput(f"at most {LIST_ITEMS_MAX} entries", field=field)
    amounts: dict[FundingSource, int] = {}
    for index, item in enumerate(items):
        where = f"{field}[{index}]"
        source = program.check_source(item.source, f"{where}.source")
        if source in amounts:
            raise InvalidInput(f"{source.value} appears twice", field=f"{where}.source")
        amounts[source] = check_amount(item.amount_vnd, f"{where}.amount")
        if amounts[source] > (standing or {}).get(source, 0):  # history may keep or lower it
            program.check_budget_source(source, f"{where}.source")
    return amounts


def outputs(
    program: ProgramState, items: tuple[Output, ...], field: str, *, allow_empty: bool
) -> tuple[Output, ...]:
    if not items and not allow_empty:
        raise InvalidInput("name at least one indicator and quantity", field=field)
    if len(items) > LIST_ITEMS_MAX:
        raise InvalidInput(f"at most {LIST_ITEMS_MAX} entries", field=field)
    seen: set[str] = set()
    checked = []
    for index, item in enumerate(items):
        where = f"{field}[{index}]"
        indicator = program.indicator(item.indicator_code, f"{where}.indicatorCode")
        if indicator.code in seen:
            raise InvalidInput(f"{indicator.code} appears twice", field=f"{where}.indicatorCode")
        seen.add(indicator.code)
        checked.append(Output(indicator.code, check_quantity(item.quantity, f"{where}.quantity")))
    return tuple(checked)


def require_status(project: ProjectState, allowed: set[ProjectStatus], action: str) -> None:
    if project.status not in allowed:
        expected = ", ".join(sorted(status.value for status in allowed))
        raise InvalidTransition(
            f"cannot {action} project {project.code} while it is {project.status.value} "
            f"(allowed when {expected})",
            field="projectId",
        )


def as_source_amounts(amounts: dict[FundingSource, int]) -> tuple[SourceAmount, ...]:
    """A canonical order (the enum's), so equal amounts make equal events."""
    return tuple(
        SourceAmount(source, amounts[source])
        for source in FundingSource
        if amounts.get(source, 0) > 0
    )
