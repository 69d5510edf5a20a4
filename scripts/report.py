"""Plain-text reports of what the ledger holds, for operators at a terminal."""

from __future__ import annotations

import json

from domain.programs.state import ProgramState
from projections.budget import SOURCE_NAMES
from projections.figures import VOCABULARY
from projections.rows import BudgetReport, SupportAndCoFinancing, TargetProgress


def program_report(program: ProgramState) -> str:
    d = program.definition
    basis = d.legal_basis
    lines = [
        f"{d.code} — {d.title_vi}",
        f"  {d.title_en}",
        f"  Decision {basis.decision_no} of {basis.decision_date.isoformat()}, {basis.issuer}",
        f"  Period {d.period_start.isoformat()} to {d.period_end.isoformat()}; "
        f"{len(d.contents)} content items; {len(d.units)} administrative units; "
        f"{len(d.funding_sources)} funding sources; {len(program.support_rules)} support rules",
        "",
        f"  {'indicator':<26} {'section':<8} {'target':>7}  unit",
    ]
    for indicator in d.indicators:
        target = program.targets[indicator.code]
        about = "about " if indicator.approximate else ""
        lines.append(
            f"  {indicator.code:<26} {indicator.section:<8} {target:>7}  "
            f"{about}{indicator.unit} — {indicator.name_vi}"
        )
    return "\n".join(lines)


def progress_report(rows: tuple[TargetProgress, ...]) -> str:
    """Target progress from the read model: planned and achieved against each target."""
    lines = [f"  {'progress':<26} {'target':>7} {'planned':>8} {'achieved':>9} {'share':>7}"]
    for row in rows:
        share = "—" if row.progress is None else f"{row.progress * 100:.1f}%"
        lines.append(
            f"  {row.indicator.code:<26} {row.target:>7} {row.planned:>8} {row.achieved:>9} "
            f"{share:>7}"
        )
    return "\n".join(lines)


def budget_report(report: BudgetReport) -> str:
    """Every figure of every budget line, under its Vietnamese term and its GraphQL field (the
    glossary in docs/FINANCE.md): amounts in đồng, rates as the API answers them."""
    lines = [f"  budget of {report.program_code} at position {report.position}"]
    width = max(len(f"{figure.term_vi} [{figure.field}]") for figure in VOCABULARY)
    for line in report.lines:
        source_name = SOURCE_NAMES.get(line.source, line.source)
        lines.append(
            f"  {line.year} {line.source} {line.holder_code} — {source_name}, {line.holder_name}"
        )
        for figure in VOCABULARY:
            value = line.figures.value(figure.name)
            if value is None:
                text = "—"
            elif figure.kind == "ratio":
                text = json.dumps(float(value))  # the API's float: 0.5234, 1.0
            else:
                text = f"{value:,}"
            lines.append(f"    {f'{figure.term_vi} [{figure.field}]':<{width}} {text:>22}")
    return "\n".join(lines)


def co_financing_report(rows: tuple[SupportAndCoFinancing, ...]) -> str:
    """State support beside the establishments' own money (co-financing, not state budget),
    per year the projects were proposed for, in đồng."""
    lines = [
        "  state support and co-financing (đồng; co-financing is the establishments' own money)",
        f"  {'year':<6} {'projects':>8} {'support':>16} {'paid':>16} "
        f"{'co-fin declared':>16} {'evidenced':>16} {'settled':>16}",
    ]
    for r in rows:
        lines.append(
            f"  {r.year:<6} {r.projects:>8} {r.support_committed:>16,} {r.support_paid:>16,} "
            f"{r.co_financing_declared:>16,} {r.co_financing_evidenced:>16,} "
            f"{r.co_financing_settled:>16,}"
        )
    return "\n".join(lines)
