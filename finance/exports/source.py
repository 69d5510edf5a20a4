"""Filling an ``ExportData`` from the ledger: the program's definition, and the read model at
one position (every figure of one export comes from the same position)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from domain.ledger import Ledger
from domain.programs.definition import ProgramDefinition
from finance.exports.model import (
    BudgetPhases,
    CoFinancingAmounts,
    ExecutionRow,
    ExportData,
    ProgramInfo,
    ProjectActivity,
    ProjectOutput,
    TargetRow,
    Transaction,
)
from projections.queries import ReadModel
from projections.rows import AsOf, JournalEntry

HISTORY_BATCH = 500
# The publisher's organisation identifier for IATI: replace it with the one registered for the
# department (https://org-id.guide); until then a clearly local one.
DEFAULT_ORG_REF = "VN-SCT-BDG"
DEFAULT_ORG_NAME = "Sở Công Thương tỉnh Bình Dương"


def export_data(
    ledger: Ledger,
    read_model: ReadModel,
    program_code: str,
    year: int | None,
    generated_at: datetime,
    *,
    position: int | None = None,
) -> ExportData:
    """The export as of ``position`` (default: as far as the read model has come)."""
    read_model.check_program(program_code, year)
    definition = ledger.program(program_code).definition
    head = read_model.position()
    position = head if position is None else max(0, min(position, head))
    as_of = AsOf(position=position)
    names = _Names(definition)
    report = read_model.budget(program_code, year, as_of)
    phases = tuple(
        BudgetPhases(
            line.year,
            line.source,
            names.source(line.source),
            line.holder_code,
            line.holder_name,
            line.figures,
        )
        for line in report.lines
    )
    targets = tuple(
        TargetRow(
            t.indicator.code,
            t.indicator.section,
            t.indicator.name_vi,
            t.indicator.name_en,
            t.indicator.unit,
            t.target,
            t.target_as_approved,
            t.planned,
            t.achieved,
        )
        for t in read_model.targets(program_code, year, as_of=as_of)
    )
    return ExportData(
        program=ProgramInfo(
            definition.code,
            definition.title_vi,
            definition.title_en,
            definition.legal_basis.decision_no,
            definition.legal_basis.decision_date,
            definition.legal_basis.issuer,
            definition.period_start,
            definition.period_end,
            DEFAULT_ORG_REF,
            DEFAULT_ORG_NAME,
        ),
        generated_at=generated_at,
        position=position,
        year=year,
        phases=phases,
        execution=tuple(_execution(read_model, program_code, year, position, names)),
        targets=targets,
        projects=tuple(_projects(read_model, program_code, year, position, names)),
    )


class _Names:
    def __init__(self, definition: ProgramDefinition) -> None:
        self.contents = {c.code: c.title_vi for c in definition.contents}
        self.units = {u.code: u for u in definition.units}
        self.sources = {s.code.value: s.name_vi for s in definition.funding_sources}

    def source(self, code: str) -> str:
        return self.sources.get(code, code)

    def unit(self, code: str, on: date) -> str:
        """The unit's name on that day (a town that became a city is named as it then was)."""
        unit = self.units.get(code)
        return unit.name_on(on) if unit else code


def _execution(
    read_model: ReadModel, program_code: str, year: int | None, position: int, names: _Names
) -> Iterator[ExecutionRow]:
    for y, source, content, unit, figures in read_model.execution_figures(
        program_code, year, position
    ):
        yield ExecutionRow(
            y,
            source,
            names.source(source),
            content,
            names.contents.get(content, content),
            unit,
            names.unit(unit, date(y, 12, 31)),  # the name the unit bore at the year's end
            figures.committed,
            figures.paid,
        )


def _projects(
    read_model: ReadModel, program_code: str, year: int | None, position: int, names: _Names
) -> Iterator[ProjectActivity]:
    rows = read_model.export_projects(program_code, year, position)
    for batch in _batches(rows, HISTORY_BATCH):
        histories = read_model.histories([r.id for r in batch])
        for r in batch:
            events = [e for e in histories.get(r.id, []) if e.position <= position]
            yield _activity(
                r.id,
                r.code,
                r.title,
                r.content_code,
                r.unit_code,
                r.status,
                r.year,
                date.fromisoformat(r.proposed_on),
                r.planned_outputs,
                events,
                names,
            )


def _activity(
    pid: str,
    code: str,
    title: str,
    content: str,
    unit: str,
    status: str,
    year: int,
    proposed_on: date,
    planned: list[dict[str, Any]],
    events: list[JournalEntry],
    names: _Names,
) -> ProjectActivity:
    transactions: list[Transaction] = []
    achieved: dict[str, int] = defaultdict(int)
    approved_on = signed_on = None
    support = 0
    declared = evidenced = settled = 0
    for e in events:
        payload = json.loads(e.payload)
        money = _recorder(transactions, e)
        # Co-financing (the establishment's own money): version 1 events carry none.
        co_financing = int(payload.get("co_financing_vnd", 0))
        if e.type == "Project.Proposed":
            declared = co_financing
        elif e.type == "Project.OutputsAccepted":
            evidenced += co_financing
        elif e.type == "Project.Settled":
            settled = co_financing
        if e.type == "Project.Approved":
            approved_on = date.fromisoformat(e.effective_on)
            for item in payload["support"]:
                support += int(item["amount_vnd"])
                money("commitment", int(item["amount_vnd"]), item["source"])
        elif e.type == "Project.Adjusted":
            before = {i["source"]: int(i["amount_vnd"]) for i in payload["previous_support"]}
            after = {i["source"]: int(i["amount_vnd"]) for i in payload["support"]}
            for source in sorted(before.keys() | after.keys()):
                change = after.get(source, 0) - before.get(source, 0)
                support += change
                money("commitment", change, source)
        elif e.type in ("Project.Cancelled", "Project.Settled"):
            for item in payload["released"]:
                money("commitment", -int(item["amount_vnd"]), item["source"])
        elif e.type == "Project.ContractSigned":
            signed_on = date.fromisoformat(payload["signed_on"])
        elif e.type == "Project.PaymentRecorded":
            money("disbursement", int(payload["amount_vnd"]), payload["source"])
        elif e.type == "Project.PaymentReversed":
            money("reversal", int(payload["amount_vnd"]), payload["source"])
        elif e.type == "Project.RefundReceived":
            money("refund", int(payload["amount_vnd"]), payload["source"])
        elif e.type == "Project.OutputsAccepted":
            for output in payload["outputs"]:
                achieved[output["indicator_code"]] += int(output["quantity"])
    plan = {str(o["indicator_code"]): int(o["quantity"]) for o in planned}
    outputs = tuple(
        ProjectOutput(code_, plan.get(code_, 0), achieved.get(code_, 0))
        for code_ in sorted(plan.keys() | achieved.keys())
    )
    return ProjectActivity(
        pid,
        code,
        title,
        content,
        names.contents.get(content, content),
        unit,
        names.unit(unit, proposed_on),
        status,
        year,
        proposed_on,
        approved_on,
        signed_on,
        support,
        tuple(transactions),
        outputs,
        CoFinancingAmounts(declared, evidenced, settled),
    )


def _recorder(transactions: list[Transaction], e: JournalEntry) -> Callable[[str, int, str], None]:
    """Adds the money of one event to a project's transactions (nothing for a zero amount)."""
    day = date.fromisoformat(e.effective_on)

    def money(kind: str, amount: int, source: str) -> None:
        if amount:
            transactions.append(Transaction(kind, day, amount, source, e.document_ref, e.summary))

    return money


def _batches(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
