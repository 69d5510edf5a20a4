"""A program as it stands after its events: the lookups every other decision validates against."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

from domain.errors import (
    CounterpartIsCoFinancing,
    UnknownContentItem,
    UnknownIndicator,
    UnknownSource,
    UnknownUnit,
    YearAlreadyClosed,
)
from domain.programs.definition import (
    AdminUnit,
    ContentItem,
    Indicator,
    ProgramDefinition,
    SupportRule,
    with_versions,
)
from domain.programs.events import Program
from domain.programs.parsing import parse_program, parse_rename, parse_support_rule
from domain.types import FundingSource


@dataclass(frozen=True)
class ProgramState:
    id: UUID
    version: int
    definition: ProgramDefinition
    targets: dict[str, int]
    support_rules: tuple[SupportRule, ...]
    closed_years: frozenset[int] = frozenset()

    @property
    def code(self) -> str:
        return self.definition.code

    def content_item(self, code: str, field: str = "contentCode") -> ContentItem:
        for item in self.definition.contents:
            if item.code == code:
                return item
        raise UnknownContentItem(f"{code!r} is not a content item of {self.code}", field=field)

    def indicator(self, code: str, field: str = "indicatorCode") -> Indicator:
        for indicator in self.definition.indicators:
            if indicator.code == code:
                return indicator
        raise UnknownIndicator(f"{code!r} is not an indicator of {self.code}", field=field)

    def unit(self, code: str, field: str = "unitCode") -> AdminUnit:
        for unit in self.definition.units:
            if unit.code == code:
                return unit
        raise UnknownUnit(f"{code!r} is not an administrative unit of {self.code}", field=field)

    def unit_valid_on(self, code: str, day: date, field: str = "unitCode") -> AdminUnit:
        """History keeps the unit that was valid on the event's date."""
        unit = self.unit(code, field)
        if not unit.valid_on(day):
            successor = f"; use {unit.successor}" if unit.successor else ""
            raise UnknownUnit(
                f"unit {code} ({unit.name_vi}) is not valid on {day.isoformat()}{successor}",
                field=field,
            )
        return unit

    def check_open(self, year: int, field: str = "year") -> None:
        """Nothing more is charged to a year once its books are closed (Program.YearClosed)."""
        if year in self.closed_years:
            raise YearAlreadyClosed(
                f"the books of {year} are closed: nothing more is charged to that year",
                field=field,
            )

    def check_source(self, source: FundingSource, field: str = "source") -> FundingSource:
        if source not in {info.code for info in self.definition.funding_sources}:
            raise UnknownSource(f"{source.value} is not a funding source of {self.code}", field)
        return source

    def check_budget_source(self, source: FundingSource, field: str = "source") -> FundingSource:
        """A source new budget money may name. COUNTERPART stays readable in stored history
        (old lines and events), but the establishment's own money is co-financing of its
        project, never a budget line, support or a Treasury payment."""
        source = self.check_source(source, field)
        if source is FundingSource.COUNTERPART:
            raise CounterpartIsCoFinancing(
                "counterpart money is the establishment's co-financing, not a budget source: "
                "declare it on the project (coFinancing at proposal, evidence at acceptance "
                "and settlement)",
                field,
            )
        return source

    def rules_in_force(self, day: date, content_code: str) -> tuple[SupportRule, ...]:
        return tuple(
            rule
            for rule in self.support_rules
            if rule.in_force_on(day) and content_code in rule.content_codes
        )

    def version_on(self, code: str, day: date) -> SupportRule:
        """The version of rule ``code`` in force on ``day``: the latest that replaced it and
        had started by then (the rule itself when none had)."""
        rule = self.rule(code)
        while True:
            newer = next(
                (
                    r
                    for r in self.support_rules
                    if r.replaces == rule.code and r.effective_from <= day
                ),
                None,
            )
            if newer is None:
                return rule
            rule = newer

    def rule(self, code: str) -> SupportRule:
        for rule in self.support_rules:
            if rule.code == code:
                return rule
        raise KeyError(code)  # parse_program guarantees references resolve


def evolve(state: ProgramState | None, event: object) -> ProgramState:
    if isinstance(event, Program.Defined):
        definition = parse_program(event.definition)
        return ProgramState(
            id=event.originator_id,
            version=event.originator_version,
            definition=definition,
            targets={i.code: i.target for i in definition.indicators},
            support_rules=with_versions(definition.support_rules),
        )
    assert state is not None, "a program starts with Program.Defined"
    if isinstance(event, Program.TargetRevised):
        targets = {**state.targets, event.indicator_code: event.target}
        return replace(state, version=event.originator_version, targets=targets)
    if isinstance(event, Program.SupportRuleAdded):
        rule = parse_support_rule(event.rule, state.definition)
        return replace(
            state,
            version=event.originator_version,
            support_rules=with_versions((*state.support_rules, rule)),
        )
    if isinstance(event, Program.UnitRenamed):
        rename = parse_rename(event.rename)
        units = tuple(
            replace(u, renamed=tuple(sorted((*u.renamed, rename), key=lambda r: r.effective_from)))
            if u.code == event.unit_code
            else u
            for u in state.definition.units
        )
        return replace(
            state,
            version=event.originator_version,
            definition=replace(state.definition, units=units),
        )
    if isinstance(event, Program.ContentTextCorrected):
        contents = tuple(
            replace(c, title_vi=event.title_vi, title_en=event.title_en)
            if c.code == event.content_code
            else c
            for c in state.definition.contents
        )
        return replace(
            state,
            version=event.originator_version,
            definition=replace(state.definition, contents=contents),
        )
    if isinstance(event, Program.IndicatorCorrected):
        indicators = tuple(
            replace(i, approximate=event.approximate) if i.code == event.indicator_code else i
            for i in state.definition.indicators
        )
        return replace(
            state,
            version=event.originator_version,
            definition=replace(state.definition, indicators=indicators),
        )
    if isinstance(event, Program.YearClosed):
        return replace(
            state,
            version=event.originator_version,
            closed_years=state.closed_years | {event.year},
        )
    raise TypeError(f"not a program event: {type(event).__name__}")
