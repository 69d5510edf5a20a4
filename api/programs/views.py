"""Program state and target rows as GraphQL objects."""

from __future__ import annotations

from decimal import Decimal

from api.enums import FundingSource
from api.programs import types as t
from api.relay import global_id
from api.scalars import VND
from domain.programs.definition import Indicator, SupportRule
from domain.programs.state import ProgramState
from projections import rows


def program(state: ProgramState) -> t.Program:
    d = state.definition
    return t.Program(
        id=global_id("Program", d.code),
        code=d.code,
        title_vi=d.title_vi,
        title_en=d.title_en,
        decision_no=d.legal_basis.decision_no,
        decision_date=d.legal_basis.decision_date,
        period_start=d.period_start,
        period_end=d.period_end,
        indicators=[indicator(i, state.targets[i.code]) for i in d.indicators],
        contents=[
            t.ContentItem(code=c.code, title_vi=c.title_vi, title_en=c.title_en) for c in d.contents
        ],
        funding_sources=[FundingSource(s.code.value) for s in d.funding_sources],
        units=[
            t.AdminUnit(
                code=u.code,
                name_vi=u.name_vi,
                name_en=u.name_en,
                level=u.level,
                kind=u.kind,
                valid_from=u.valid_from,
                valid_to=u.valid_to,
                successor=u.successor,
                renamed=[
                    t.AdminUnitRename(
                        effective_from=r.effective_from,
                        name_vi=r.name_vi,
                        name_en=r.name_en,
                        kind=r.kind,
                        legal_basis=r.legal_basis,
                    )
                    for r in u.renamed
                ],
                unit=u,
            )
            for u in d.units
        ],
        support_rules=[support_rule(r) for r in state.support_rules],
    )


def support_rule(r: SupportRule) -> t.SupportRule:
    return t.SupportRule(
        code=r.code,
        legal_basis=r.legal_basis,
        source_note=r.source_note,
        effective_from=r.effective_from,
        effective_to=r.effective_to,
        content_codes=list(r.content_codes),
        indicator_code=r.indicator_code,
        max_share_percent=r.max_share_percent,
        cap=None if r.cap_vnd is None else VND(r.cap_vnd),
        multiple_of=r.multiple_of,
        multiple_numerator=r.multiple_numerator,
        multiple_denominator=r.multiple_denominator,
        per=r.per,
        replaces=r.replaces,
    )


def indicator(i: Indicator, target: int) -> t.Indicator:
    return t.Indicator(
        code=i.code,
        section=i.section,
        name_vi=i.name_vi,
        name_en=i.name_en,
        unit=i.unit,
        target=target,
        approximate=i.approximate,
    )


def ratio(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def target(row: rows.TargetProgress) -> t.TargetProgress:
    i = row.indicator
    return t.TargetProgress(
        indicator=t.Indicator(
            code=i.code,
            section=i.section,
            name_vi=i.name_vi,
            name_en=i.name_en,
            unit=i.unit,
            target=row.target,
            approximate=i.approximate,
        ),
        target=row.target,
        target_as_approved=row.target_as_approved,
        planned=row.planned,
        achieved=row.achieved,
        progress=ratio(row.progress),
        cost_per_output=row.cost_per_output,
    )
