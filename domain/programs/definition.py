"""A program as data: its legal basis, contents, indicators, funding sources, units and rules.

The same shape is the payload of ``Program.Defined``: a plain mapping of text, numbers, lists
and dates, so the stored event explains itself without this module. ``domain.programs.parsing``
checks a program file (or a stored event) field by field and builds these types.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from domain.types import FundingSource


@dataclass(frozen=True)
class LegalBasis:
    decision_no: str
    decision_date: date
    issuer: str
    signer: str
    cites: tuple[str, ...]


@dataclass(frozen=True)
class Objective:
    code: str
    text_vi: str
    text_en: str


@dataclass(frozen=True)
class ContentItem:
    code: str
    title_vi: str
    title_en: str

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if self.code.count(".") == 2 else None


@dataclass(frozen=True)
class Indicator:
    code: str
    section: str
    name_vi: str
    name_en: str
    unit: str
    target: int
    approximate: bool
    content_codes: tuple[str, ...]


@dataclass(frozen=True)
class SourceInfo:
    code: FundingSource
    name_vi: str
    name_en: str
    basis: str


@dataclass(frozen=True)
class UnitRename:
    """From ``effective_from``, the unit (same code, same territory's budget) bears another
    name and kind, e.g. a town (thị xã) becoming a city (thành phố) by a resolution of the
    National Assembly Standing Committee."""

    effective_from: date
    name_vi: str
    name_en: str
    kind: str | None
    legal_basis: str


@dataclass(frozen=True)
class AdminUnit:
    """An administrative unit. ``name_vi``, ``name_en`` and ``kind`` are those it had when the
    program began (or from ``valid_from``); ``renamed`` dates each later change of name."""

    code: str
    name_vi: str
    name_en: str
    level: str
    kind: str | None
    parent: str | None
    valid_from: date | None
    valid_to: date | None
    successor: str | None
    northern: bool
    note: str
    renamed: tuple[UnitRename, ...] = ()

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def name_on(self, day: date) -> str:
        """The Vietnamese name the unit bore on ``day``."""
        rename = self._rename_on(day)
        return rename.name_vi if rename else self.name_vi

    def name_en_on(self, day: date) -> str:
        rename = self._rename_on(day)
        return rename.name_en if rename else self.name_en

    def kind_on(self, day: date) -> str | None:
        rename = self._rename_on(day)
        return rename.kind if rename else self.kind

    def _rename_on(self, day: date) -> UnitRename | None:
        """The last rename in force on ``day`` (renames are kept in date order)."""
        return next((r for r in reversed(self.renamed) if r.effective_from <= day), None)


@dataclass(frozen=True)
class SupportRule:
    """A cap on support (DESIGN §6): a share of eligible cost and/or an absolute cap per unit."""

    code: str
    legal_basis: str
    source_note: str
    effective_from: date
    effective_to: date | None
    content_codes: tuple[str, ...]
    indicator_code: str | None
    max_share_percent: int | None
    cap_vnd: int | None
    multiple_of: str | None
    multiple_numerator: int
    multiple_denominator: int
    per: str
    # The earlier version this one replaces: that version's validity ends the day before this
    # one's starts (a rule is never edited; a new version is a rule of its own code).
    replaces: str | None = None

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


def with_versions(rules: tuple[SupportRule, ...]) -> tuple[SupportRule, ...]:
    """The rules with each replaced version's validity ended the day before its replacement
    starts (or earlier, if it already ended then)."""
    ends: dict[str, date] = {}
    for rule in rules:
        if rule.replaces is not None:
            end = rule.effective_from - timedelta(days=1)
            ends[rule.replaces] = min(end, ends.get(rule.replaces, end))
    return tuple(
        replace(rule, effective_to=min(ends[rule.code], rule.effective_to or ends[rule.code]))
        if rule.code in ends
        else rule
        for rule in rules
    )


@dataclass(frozen=True)
class ProgramDefinition:
    code: str
    title_vi: str
    title_en: str
    legal_basis: LegalBasis
    period_start: date
    period_end: date
    region_unit: str
    objectives: tuple[Objective, ...]
    contents: tuple[ContentItem, ...]
    indicators: tuple[Indicator, ...]
    funding_sources: tuple[SourceInfo, ...]
    units: tuple[AdminUnit, ...]
    support_rules: tuple[SupportRule, ...]


def to_data(value: object) -> object:
    """The plain, file-shaped form of a definition or rule, as stored in events."""
    if isinstance(value, FundingSource):
        return value.value
    if hasattr(value, "__dataclass_fields__"):
        return {
            name: to_data(getattr(value, name))
            for name in value.__dataclass_fields__
            if getattr(value, name) is not None
        }
    if isinstance(value, (list, tuple)):
        return [to_data(item) for item in value]
    return value
