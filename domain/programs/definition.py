"""A program as data, checked field by field so a mistake is refused with the place it is at.

The same shape is the payload of ``Program.Defined``: a plain mapping of text, numbers, lists
and dates, so the stored event explains itself without this module.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TypeVar

from domain.errors import InvalidProgramFile, LedgerError
from domain.money import check_amount
from domain.text import NAME_MAX_CHARS, TEXT_MAX_CHARS, clean_text
from domain.types import FundingSource

MEASUREMENT_UNITS = frozenset(
    {
        "model",
        "machine",
        "line",
        "establishment",
        "round",
        "product",
        "fair",
        "participation",
        "showroom",
        "course",
        "person",
    }
)
UNIT_LEVELS = frozenset({"province", "district", "commune"})
UNIT_KINDS = frozenset({"city", "town", "district", "ward", "commune"})
RULE_PER = frozenset({"project", "establishment", "model", "person"})
# Section codes follow the decision: Vietnamese letters run a b c d đ e g (no f).
CONTENT_CODE = re.compile(r"^IV\.[1-9](\.[a-zđ])?$")
SECTION_CODE = re.compile(r"^I\.[12]\.[a-zđ]$")
INDICATOR_CODE = re.compile(r"^[a-z][a-z0-9_]{1,62}$")
PROGRAM_CODE = re.compile(r"^[A-Z0-9][A-Z0-9\-]{1,62}$")


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
class AdminUnit:
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

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


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

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
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


T = TypeVar("T")


class _Reader:
    """Reads one mapping of the file, naming ``path.key`` in every complaint."""

    def __init__(self, data: object, path: str, allowed: set[str]) -> None:
        if not isinstance(data, Mapping):
            raise InvalidProgramFile("must be a mapping", field=path or None)
        unknown = sorted(set(map(str, data)) - allowed)
        if unknown:
            raise InvalidProgramFile(f"unknown key(s): {', '.join(unknown)}", field=path or None)
        self.data: Mapping[str, object] = data
        self.path = path

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def text(self, key: str, *, max_chars: int = NAME_MAX_CHARS, required: bool = True) -> str:
        value = self.data.get(key)
        if not required and (value is None or value == ""):
            return ""
        if value is None:
            raise InvalidProgramFile("is missing", field=self.at(key))
        return _as_file_error(lambda: clean_text(value, self.at(key), max_chars=max_chars))

    def optional(self, key: str) -> str | None:
        return self.text(key, required=False) or None

    def code(self, key: str, pattern: re.Pattern[str] | None = None) -> str:
        value = self.text(key)
        if pattern is not None and not pattern.match(value):
            raise InvalidProgramFile(f"{value!r} is not a valid code", field=self.at(key))
        return value

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                raise InvalidProgramFile(f"{value!r} is not a date", field=self.at(key)) from None
        if not isinstance(value, date):
            raise InvalidProgramFile("must be a date (YYYY-MM-DD)", field=self.at(key))
        return value

    def required_day(self, key: str) -> date:
        value = self.day(key)
        if value is None:
            raise InvalidProgramFile("is missing", field=self.at(key))
        return value

    def positive_int(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise InvalidProgramFile("must be a positive whole number", field=self.at(key))
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise InvalidProgramFile("must be true or false", field=self.at(key))
        return value

    def items(self, key: str, *, required: bool = True) -> list[tuple[str, object]]:
        value = self.data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, (list, tuple)) or (required and not value):
            raise InvalidProgramFile("must be a non-empty list", field=self.at(key))
        return [(f"{self.at(key)}[{index}]", item) for index, item in enumerate(value)]

    def strings(self, key: str, *, required: bool = True) -> tuple[str, ...]:
        texts = []
        for path, item in self.items(key, required=required):
            if not isinstance(item, str) or not item.strip():
                raise InvalidProgramFile("must be non-empty text", field=path)
            texts.append(_as_file_error(partial(clean_text, item, path, max_chars=TEXT_MAX_CHARS)))
        return tuple(texts)


def _as_file_error(read: Callable[[], T]) -> T:
    try:
        return read()
    except InvalidProgramFile:
        raise
    except LedgerError as error:
        raise InvalidProgramFile(error.message, field=error.field) from None


def parse_program(data: object) -> ProgramDefinition:
    """Check a program read from a file (or a stored event) and return it typed."""
    top = _Reader(
        data,
        "",
        {
            "code",
            "title_vi",
            "title_en",
            "legal_basis",
            "period_start",
            "period_end",
            "region_unit",
            "objectives",
            "contents",
            "indicators",
            "funding_sources",
            "units",
            "support_rules",
        },
    )
    period_start, period_end = top.required_day("period_start"), top.required_day("period_end")
    if period_end < period_start:
        raise InvalidProgramFile("ends before it starts", field="period_end")
    contents = tuple(_content(p, item) for p, item in top.items("contents"))
    _require_unique((c.code for c in contents), "contents")
    content_codes = {c.code for c in contents}
    for index, item in enumerate(contents):
        if item.parent_code is not None and item.parent_code not in content_codes:
            raise InvalidProgramFile(
                f"no group {item.parent_code}", field=f"contents[{index}].code"
            )
    units = tuple(_unit(p, item) for p, item in top.items("units"))
    _require_unique((u.code for u in units), "units")
    unit_codes = {u.code for u in units}
    for index, unit in enumerate(units):
        for key, ref in (("parent", unit.parent), ("successor", unit.successor)):
            if ref is not None and ref not in unit_codes:
                raise InvalidProgramFile(f"unknown unit {ref}", field=f"units[{index}].{key}")
    region_unit = top.code("region_unit")
    if region_unit not in unit_codes:
        raise InvalidProgramFile(f"unknown unit {region_unit}", field="region_unit")
    indicators = tuple(_indicator(p, item, content_codes) for p, item in top.items("indicators"))
    _require_unique((i.code for i in indicators), "indicators")
    sources = tuple(_source(p, item) for p, item in top.items("funding_sources"))
    _require_unique((s.code.value for s in sources), "funding_sources")
    rules = tuple(
        _rule(p, item, content_codes, {i.code for i in indicators})
        for p, item in top.items("support_rules", required=False)
    )
    _require_unique((r.code for r in rules), "support_rules")
    for rule in rules:
        if rule.multiple_of is not None and rule.multiple_of not in {r.code for r in rules}:
            raise InvalidProgramFile(f"unknown rule {rule.multiple_of}", field=rule.code)
    objectives = tuple(_objective(p, item) for p, item in top.items("objectives", required=False))
    _require_unique((o.code for o in objectives), "objectives")
    return ProgramDefinition(
        code=top.code("code", PROGRAM_CODE),
        title_vi=top.text("title_vi"),
        title_en=top.text("title_en"),
        legal_basis=_legal_basis(top.data.get("legal_basis")),
        period_start=period_start,
        period_end=period_end,
        region_unit=region_unit,
        objectives=objectives,
        contents=contents,
        indicators=indicators,
        funding_sources=sources,
        units=units,
        support_rules=rules,
    )


def _require_unique(codes: Iterable[str], path: str) -> None:
    seen: set[str] = set()
    for index, code in enumerate(codes):
        if code in seen:
            raise InvalidProgramFile(f"code {code} appears twice", field=f"{path}[{index}].code")
        seen.add(code)


def _legal_basis(data: object) -> LegalBasis:
    r = _Reader(data, "legal_basis", {"decision_no", "decision_date", "issuer", "signer", "cites"})
    return LegalBasis(
        decision_no=r.text("decision_no"),
        decision_date=r.required_day("decision_date"),
        issuer=r.text("issuer"),
        signer=r.text("signer", required=False),
        cites=r.strings("cites", required=False),
    )


def _objective(path: str, data: object) -> Objective:
    r = _Reader(data, path, {"code", "text_vi", "text_en"})
    return Objective(
        code=r.code("code"),
        text_vi=r.text("text_vi", max_chars=TEXT_MAX_CHARS),
        text_en=r.text("text_en", max_chars=TEXT_MAX_CHARS),
    )


def _content(path: str, data: object) -> ContentItem:
    r = _Reader(data, path, {"code", "title_vi", "title_en"})
    return ContentItem(
        code=r.code("code", CONTENT_CODE),
        title_vi=r.text("title_vi", max_chars=TEXT_MAX_CHARS),
        title_en=r.text("title_en", max_chars=TEXT_MAX_CHARS),
    )


def _indicator(path: str, data: object, content_codes: set[str]) -> Indicator:
    r = _Reader(
        data,
        path,
        {"code", "section", "name_vi", "name_en", "unit", "target", "approximate", "content_codes"},
    )
    unit = r.text("unit")
    if unit not in MEASUREMENT_UNITS:
        raise InvalidProgramFile(
            f"unknown unit {unit!r}; use one of {', '.join(sorted(MEASUREMENT_UNITS))}",
            field=r.at("unit"),
        )
    codes = r.strings("content_codes")
    for code in codes:
        if code not in content_codes:
            raise InvalidProgramFile(f"unknown content item {code}", field=r.at("content_codes"))
    target = r.positive_int("target")
    if target is None:
        raise InvalidProgramFile("is missing", field=r.at("target"))
    return Indicator(
        code=r.code("code", INDICATOR_CODE),
        section=r.code("section", SECTION_CODE),
        name_vi=r.text("name_vi"),
        name_en=r.text("name_en"),
        unit=unit,
        target=target,
        approximate=r.flag("approximate"),
        content_codes=codes,
    )


def _source(path: str, data: object) -> SourceInfo:
    r = _Reader(data, path, {"code", "name_vi", "name_en", "basis"})
    code = r.text("code")
    try:
        source = FundingSource(code)
    except ValueError:
        raise InvalidProgramFile(f"unknown funding source {code!r}", field=r.at("code")) from None
    return SourceInfo(source, r.text("name_vi"), r.text("name_en"), r.text("basis"))


def _unit(path: str, data: object) -> AdminUnit:
    r = _Reader(
        data,
        path,
        {
            "code",
            "name_vi",
            "name_en",
            "level",
            "kind",
            "parent",
            "valid_from",
            "valid_to",
            "successor",
            "northern",
            "note",
        },
    )
    level = r.text("level")
    if level not in UNIT_LEVELS:
        raise InvalidProgramFile(f"unknown level {level!r}", field=r.at("level"))
    kind = r.optional("kind")
    if kind is not None and kind not in UNIT_KINDS:
        raise InvalidProgramFile(f"unknown kind {kind!r}", field=r.at("kind"))
    code = r.code("code")
    if not code.isdigit():
        raise InvalidProgramFile("unit codes are national statistics codes", field=r.at("code"))
    valid_from, valid_to = r.day("valid_from"), r.day("valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        raise InvalidProgramFile("valid_to is before valid_from", field=r.at("valid_to"))
    return AdminUnit(
        code=code,
        name_vi=r.text("name_vi"),
        name_en=r.text("name_en"),
        level=level,
        kind=kind,
        parent=r.optional("parent"),
        valid_from=valid_from,
        valid_to=valid_to,
        successor=r.optional("successor"),
        northern=r.flag("northern"),
        note=r.text("note", required=False, max_chars=TEXT_MAX_CHARS),
    )


def _rule(path: str, data: object, content_codes: set[str], indicators: set[str]) -> SupportRule:
    r = _Reader(
        data,
        path,
        {
            "code",
            "legal_basis",
            "source_note",
            "effective_from",
            "effective_to",
            "content_codes",
            "indicator_code",
            "max_share_percent",
            "cap_vnd",
            "multiple_of",
            "multiple_numerator",
            "multiple_denominator",
            "per",
        },
    )
    codes = r.strings("content_codes")
    for code in codes:
        if code not in content_codes:
            raise InvalidProgramFile(f"unknown content item {code}", field=r.at("content_codes"))
    indicator = r.optional("indicator_code")
    if indicator is not None and indicator not in indicators:
        raise InvalidProgramFile(f"unknown indicator {indicator}", field=r.at("indicator_code"))
    share = r.positive_int("max_share_percent")
    if share is not None and share > 100:
        raise InvalidProgramFile("must be at most 100", field=r.at("max_share_percent"))
    raw_cap = r.data.get("cap_vnd")
    cap = (
        None if raw_cap is None else _as_file_error(lambda: check_amount(raw_cap, r.at("cap_vnd")))
    )
    multiple_of = r.optional("multiple_of")
    if share is None and cap is None and multiple_of is None:
        raise InvalidProgramFile("sets no share, cap or multiple", field=path)
    per = r.text("per")
    if per not in RULE_PER:
        raise InvalidProgramFile(f"unknown per {per!r}", field=r.at("per"))
    return SupportRule(
        code=r.code("code"),
        legal_basis=r.text("legal_basis"),
        source_note=r.text("source_note", max_chars=TEXT_MAX_CHARS),
        effective_from=r.required_day("effective_from"),
        effective_to=r.day("effective_to"),
        content_codes=codes,
        indicator_code=indicator,
        max_share_percent=share,
        cap_vnd=cap,
        multiple_of=multiple_of,
        multiple_numerator=r.positive_int("multiple_numerator") or 1,
        multiple_denominator=r.positive_int("multiple_denominator") or 1,
        per=per,
    )


def parse_support_rule(data: object, program: ProgramDefinition, path: str = "rule") -> SupportRule:
    """Check one rule against a program's content items and indicators."""
    return _rule(
        path, data, {c.code for c in program.contents}, {i.code for i in program.indicators}
    )


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
