"""What changed in a program's budget and targets between two points of history.

Both points are answered by the ordinary as-of queries, so a difference is exactly what an
auditor would get by asking twice and subtracting; only the figures that moved are listed.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import InvalidQuery
from projections.figures import VOCABULARY
from projections.queries import ReadModel
from projections.rows import AsOf, BudgetFigures, IndicatorView, TargetProgress


@dataclass(frozen=True)
class Change:
    measure: str  # a figure of a budget line (``paid``) or of a target (``achieved``)
    before: int
    after: int

    @property
    def delta(self) -> int:
        return self.after - self.before


@dataclass(frozen=True)
class BudgetLineChange:
    year: int
    source: str
    changes: tuple[Change, ...]
    holder_code: str


@dataclass(frozen=True)
class TargetChange:
    indicator: IndicatorView
    target: int  # at the later point
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class HistoryDiff:
    program_code: str
    from_position: int
    to_position: int
    budget: tuple[BudgetLineChange, ...]
    targets: tuple[TargetChange, ...]


TARGET_MEASURES = ("target", "planned", "achieved")


def diff(
    read_model: ReadModel, program_code: str, from_position: int, to_position: int
) -> HistoryDiff:
    read_model.check_program(program_code)
    reached = read_model.position()
    if not 0 <= from_position <= to_position <= reached:
        raise InvalidQuery(
            f"positions must satisfy 0 ≤ fromPosition ≤ toPosition ≤ {reached} (the read "
            f"model's position); got {from_position} and {to_position}",
            field="fromPosition"
            if from_position > to_position or from_position < 0
            else "toPosition",
        )
    before, after = AsOf(position=from_position), AsOf(position=to_position)
    old_lines = {
        (v.year, v.source, v.holder_code): v.figures
        for v in read_model.budget(program_code, as_of=before).lines
    }
    new_lines = {
        (v.year, v.source, v.holder_code): v.figures
        for v in read_model.budget(program_code, as_of=after).lines
    }
    budget = []
    for key in sorted(set(old_lines) | set(new_lines)):
        changes = _changes(old_lines.get(key, BudgetFigures()), new_lines.get(key, BudgetFigures()))
        if changes:
            budget.append(BudgetLineChange(key[0], key[1], changes, key[2]))
    old_targets = {t.indicator.code: t for t in read_model.targets(program_code, as_of=before)}
    targets = []
    for new in read_model.targets(program_code, as_of=after):
        old = old_targets.get(new.indicator.code)
        changes = tuple(
            Change(m, _measure(old, m), _measure(new, m))
            for m in TARGET_MEASURES
            if _measure(old, m) != _measure(new, m)
        )
        if changes:
            targets.append(TargetChange(new.indicator, new.target, changes))
    return HistoryDiff(program_code, from_position, to_position, tuple(budget), tuple(targets))


def _changes(old: BudgetFigures, new: BudgetFigures) -> tuple[Change, ...]:
    """Every amount of the vocabulary that moved (a rate follows its amounts)."""
    changes = []
    for figure in VOCABULARY:
        if figure.kind != "amount":
            continue
        before, after = int(old.value(figure.name) or 0), int(new.value(figure.name) or 0)
        if before != after:
            changes.append(Change(figure.name, before, after))
    return tuple(changes)


def _measure(progress: TargetProgress | None, measure: str) -> int:
    return 0 if progress is None else int(getattr(progress, measure))
