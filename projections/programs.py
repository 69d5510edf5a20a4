"""Programs in the read model: the register, indicators, and target rows."""

from __future__ import annotations

import json

from domain.fiscal import adjustment_window_end, local_date
from domain.programs.events import Program
from domain.programs.parsing import parse_program
from projections.batch import Batch, Row
from projections.context import Context, units_by_code
from projections.payload import dong, plain
from projections.schema import INDICATORS, PROGRAMS, Table, qualified
from projections.store import Transaction


def project_program(
    event: Program.Defined
    | Program.TargetRevised
    | Program.SupportRuleAdded
    | Program.UnitRenamed
    | Program.ContentTextCorrected
    | Program.IndicatorCorrected
    | Program.YearClosed,
    position: int,
    batch: Batch,
    ctx: Context,
    tx: Transaction,
) -> tuple[str, str]:
    day = event.effective_on.isoformat()
    if isinstance(event, Program.Defined):
        d = parse_program(event.definition)
        ctx.program_codes[str(event.originator_id)] = d.code
        ctx.indicators[d.code] = {i.code: i.name_vi for i in d.indicators}
        ctx.units[d.code] = units_by_code(d)
        batch.upsert(
            PROGRAMS,
            d.code,
            (
                d.code,
                d.title_vi,
                d.title_en,
                d.legal_basis.decision_no,
                d.legal_basis.decision_date.isoformat(),
                d.period_start.isoformat(),
                d.period_end.isoformat(),
                json.dumps(plain(event.definition), sort_keys=True, ensure_ascii=False),
                position,
            ),
        )
        for ordinal, i in enumerate(d.indicators):
            batch.upsert(
                INDICATORS,
                f"{d.code}/{i.code}",
                (
                    d.code,
                    i.code,
                    ordinal,
                    i.section,
                    i.name_vi,
                    i.name_en,
                    i.unit,
                    int(i.approximate),
                    json.dumps(list(i.content_codes)),
                ),
            )
            batch.output(position, d.code, i.code, "target", i.target, day)
        return d.code, f"Phê duyệt chương trình {d.code}: {d.title_vi}"
    code = ctx.program_code(tx, event.originator_id)
    if isinstance(event, Program.TargetRevised):
        batch.output(
            position,
            code,
            event.indicator_code,
            "target",
            event.target - event.previous_target,
            day,
        )
        name = ctx.indicator_names(tx, code).get(event.indicator_code, event.indicator_code)
        return code, (
            f"Điều chỉnh chỉ tiêu “{name}”: "
            f"{event.previous_target} → {event.target} ({event.document_ref})"
        )
    if isinstance(event, Program.YearClosed):
        return code, _year_closed(event)
    if isinstance(event, Program.ContentTextCorrected):
        _amend_definition(code, event, batch, ctx, tx)
        return code, (
            f"Đính chính nội dung {event.content_code} theo đúng văn bản {event.document_ref}: "
            f"{event.title_vi}"
        )
    if isinstance(event, Program.IndicatorCorrected):
        _amend_definition(code, event, batch, ctx, tx)
        row = list(_stored(INDICATORS, f"{code}/{event.indicator_code}", batch, ctx, tx))
        row[INDICATORS.column_names.index("approximate")] = int(event.approximate)
        batch.upsert(INDICATORS, f"{code}/{event.indicator_code}", tuple(row))
        name = row[INDICATORS.column_names.index("name_vi")]
        return code, f"Chỉ tiêu “{name}” là số dự kiến, theo {event.document_ref}"
    if isinstance(event, Program.UnitRenamed):
        _amend_definition(code, event, batch, ctx, tx)
        name = event.rename["name_vi"]
        return code, f"Đơn vị {event.unit_code} mang tên {name} từ {day} ({event.document_ref})"
    replaces = event.rule.get("replaces")
    instead = f", thay thế {replaces} từ {day}" if replaces else ""
    return code, f"Bổ sung quy định mức hỗ trợ {event.rule['code']}{instead} ({event.document_ref})"


def _amend_definition(
    code: str,
    event: Program.ContentTextCorrected | Program.IndicatorCorrected | Program.UnitRenamed,
    batch: Batch,
    ctx: Context,
    tx: Transaction,
) -> None:
    """The program's stored definition, as the amendment leaves it."""
    row = list(_stored(PROGRAMS, code, batch, ctx, tx))
    at = PROGRAMS.column_names.index("definition")
    definition = json.loads(row[at])
    if isinstance(event, Program.ContentTextCorrected):
        for item in definition["contents"]:
            if item["code"] == event.content_code:
                item.update(title_vi=event.title_vi, title_en=event.title_en)
    elif isinstance(event, Program.IndicatorCorrected):
        for item in definition["indicators"]:
            if item["code"] == event.indicator_code:
                item["approximate"] = event.approximate
    else:
        # Budget lines and journal summaries name a holder as it was named on the day.
        for item in definition["units"]:
            if item["code"] == event.unit_code:
                item["renamed"] = [*item.get("renamed", []), plain(event.rename)]
        ctx.units.pop(code, None)
    row[at] = json.dumps(definition, sort_keys=True, ensure_ascii=False)
    batch.upsert(PROGRAMS, code, tuple(row))


def _stored(table: Table, key: str, batch: Batch, ctx: Context, tx: Transaction) -> Row:
    """A register row as this batch left it, or as the read model holds it."""
    pending = batch.upserts.get(table.name, {}).get(key)
    if pending is not None:
        return pending
    columns = ", ".join(table.column_names)
    where = " AND ".join(f"{k} = ?" for k in table.primary_key)
    (row,) = tx.rows(
        f"SELECT {columns} FROM {qualified(ctx.prefix, table)} WHERE {where}", key.split("/")
    )
    return tuple(row)


def _year_closed(event: Program.YearClosed) -> str:
    summary = (
        f"Khóa sổ năm {event.year} ({event.document_ref}): chuyển nguồn "
        f"{event.carried_projects} đề án, hủy {event.cancelled_projects} đề án và "
        f"{dong(event.cancelled_vnd)} dự toán còn lại"
    )
    if event.late:
        recorded = local_date(event.timestamp)
        summary += (
            f"; đóng sổ muộn: ghi ngày {recorded:%d/%m/%Y}, sau hạn chỉnh lý "
            f"{adjustment_window_end(event.year):%d/%m/%Y}"
        )
    if event.forced and event.unmatched_lines:
        summary += f"; khóa sổ khi còn {event.unmatched_lines} dòng sao kê chưa khớp"
    if event.reason and (event.forced or event.late):
        summary += f": {event.reason}"
    return summary
