"""Plain-text reports of what the ledger holds, for operators at a terminal."""

from __future__ import annotations

from domain.programs.state import ProgramState


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
