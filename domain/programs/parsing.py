"""A program checked field by field, so a mistake is refused with the place it is at."""

from __future__ import annotations

import re
from collections.abc import Iterable

from domain.errors import InvalidInput, InvalidProgramFile
from domain.money import check_amount
from domain.programs.definition import (
    AdminUnit,
    ContentItem,
    Indicator,
    LegalBasis,
    Objective,
    ProgramDefinition,
    SourceInfo,
    SupportRule,
    UnitRename,
)
from domain.programs.file_reader import FileReader, as_file_error
from domain.text import TEXT_MAX_CHARS
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


def parse_program(data: object) -> ProgramDefinition:
    """Check a program read from a file (or a stored event) and return it typed."""
    top = FileReader(
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
    for index, rule in enumerate(rules):
        if rule.multiple_of is not None and rule.multiple_of not in {r.code for r in rules}:
            raise InvalidProgramFile(f"unknown rule {rule.multiple_of}", field=rule.code)
        if rule.replaces is not None:
            check_replaces(rule, rules[:index], rule.code)
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
    r = FileReader(
        data, "legal_basis", {"decision_no", "decision_date", "issuer", "signer", "cites"}
    )
    return LegalBasis(
        decision_no=r.text("decision_no"),
        decision_date=r.required_day("decision_date"),
        issuer=r.text("issuer"),
        signer=r.text("signer", required=False),
        cites=r.strings("cites", required=False),
    )


def _objective(path: str, data: object) -> Objective:
    r = FileReader(data, path, {"code", "text_vi", "text_en"})
    return Objective(
        code=r.code("code"),
        text_vi=r.text("text_vi", max_chars=TEXT_MAX_CHARS),
        text_en=r.text("text_en", max_chars=TEXT_MAX_CHARS),
    )


def _content(path: str, data: object) -> ContentItem:
    r = FileReader(data, path, {"code", "title_vi", "title_en"})
    return ContentItem(
        code=r.code("code", CONTENT_CODE),
        title_vi=r.text("title_vi", max_chars=TEXT_MAX_CHARS),
        title_en=r.text("title_en", max_chars=TEXT_MAX_CHARS),
    )


def _indicator(path: str, data: object, content_codes: set[str]) -> Indicator:
    r = FileReader(
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
    r = FileReader(data, path, {"code", "name_vi", "name_en", "basis"})
    code = r.text("code")
    try:
        source = FundingSource(code)
    except ValueError:
        raise InvalidProgramFile(f"unknown funding source {code!r}", field=r.at("code")) from None
    return SourceInfo(source, r.text("name_vi"), r.text("name_en"), r.text("basis"))


def _unit(path: str, data: object) -> AdminUnit:
    r = FileReader(
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
            "renamed",
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
    renamed = tuple(_rename(p, item) for p, item in r.items("renamed", required=False))
    for index, rename in enumerate(renamed):
        where = f"{r.at('renamed')}[{index}].effective_from"
        day = rename.effective_from
        if index and day <= renamed[index - 1].effective_from:
            raise InvalidProgramFile("renames are listed in date order, one a day", field=where)
        if (valid_from and day <= valid_from) or (valid_to and day > valid_to):
            raise InvalidProgramFile("falls outside the unit's validity", field=where)
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
        renamed=renamed,
    )


def parse_rename(data: object, path: str = "rename") -> UnitRename:
    return _rename(path, data)


def _rename(path: str, data: object) -> UnitRename:
    """A dated change of a unit's name and kind, with the act that made it. (Stored
    ``Program.Defined`` payloads from before renames were dated have none: they parse.)"""
    r = FileReader(data, path, {"effective_from", "name_vi", "name_en", "kind", "legal_basis"})
    kind = r.optional("kind")
    if kind is not None and kind not in UNIT_KINDS:
        raise InvalidProgramFile(f"unknown kind {kind!r}", field=r.at("kind"))
    return UnitRename(
        effective_from=r.required_day("effective_from"),
        name_vi=r.text("name_vi"),
        name_en=r.text("name_en"),
        kind=kind,
        legal_basis=r.text("legal_basis", max_chars=TEXT_MAX_CHARS),
    )


def _rule(path: str, data: object, content_codes: set[str], indicators: set[str]) -> SupportRule:
    r = FileReader(
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
            "replaces",
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
    cap = None if raw_cap is None else as_file_error(lambda: check_amount(raw_cap, r.at("cap_vnd")))
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
        replaces=r.optional("replaces"),
    )


def check_replaces(
    rule: SupportRule,
    earlier: tuple[SupportRule, ...],
    field: str,
    error: type[InvalidInput] = InvalidProgramFile,
) -> None:
    """A new version replaces an earlier rule that it starts after."""
    replaced = next((r for r in earlier if r.code == rule.replaces), None)
    if replaced is None:
        raise error(f"no earlier rule {rule.replaces} to replace", field=field)
    if rule.effective_from <= replaced.effective_from:
        raise error(
            f"a new version starts after {replaced.code} does "
            f"({replaced.effective_from.isoformat()})",
            field=field,
        )


def parse_support_rule(data: object, program: ProgramDefinition, path: str = "rule") -> SupportRule:
    """Check one rule against a program's content items and indicators."""
    return _rule(
        path, data, {c.code for c in program.contents}, {i.code for i in program.indicators}
    )
