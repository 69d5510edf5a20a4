"""One row per measurement: the project's figure, the baseline's figure from the same run, the
ratio and the goal. Printed as one table; optionally written as JSON."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    backend: str
    measurement: str
    unit: str
    figure: float
    baseline: float | None  # measured in the same run; None when the goal is absolute
    baseline_name: str
    ratio: float | None  # figure / baseline, where higher is better
    goal: str
    met: bool
    detail: str = ""


def rate_row(
    backend: str,
    measurement: str,
    unit: str,
    figure: float,
    baseline: float,
    baseline_name: str,
    goal_ratio: float,
    detail: str = "",
) -> Row:
    """A rate (higher is better) held against a baseline rate: goal ``figure/baseline ≥ goal``."""
    ratio = figure / baseline if baseline else 0.0
    return Row(
        backend,
        measurement,
        unit,
        round(figure, 1),
        round(baseline, 1),
        baseline_name,
        round(ratio, 3),
        f"≥ {goal_ratio}×",
        ratio >= goal_ratio,
        detail,
    )


def ceiling_row(
    backend: str,
    measurement: str,
    unit: str,
    figure: float,
    ceiling: float,
    baseline: float | None = None,
    baseline_name: str = "",
    detail: str = "",
) -> Row:
    """An absolute figure (lower is better) held under a ceiling; a baseline, when there is
    one, is shown for scale and its ratio is baseline/figure, so higher is still better."""
    ratio = round(baseline / figure, 3) if baseline and figure else None
    return Row(
        backend,
        measurement,
        unit,
        round(figure, 2),
        None if baseline is None else round(baseline, 2),
        baseline_name,
        ratio,
        f"≤ {ceiling:g} {unit}",
        figure <= ceiling,
        detail,
    )


def percentile(samples: Sequence[float], fraction: float) -> float:
    """The sample below which ``fraction`` of the samples fall (inclusive method)."""
    if len(samples) == 1:
        return samples[0]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[round(fraction * 100) - 1]


def print_table(rows: Sequence[Row]) -> None:
    header = ("backend", "measurement", "ledger", "baseline", "ratio", "goal", "met")
    lines = [
        (
            r.backend,
            r.measurement,
            f"{_number(r.figure)} {r.unit}",
            f"{_number(r.baseline)} ({r.baseline_name})" if r.baseline is not None else "",
            "" if r.ratio is None else f"{r.ratio:.3f}",
            r.goal,
            "yes" if r.met else "NO",
        )
        for r in rows
    ]
    widths = [max(len(cell) for cell in column) for column in zip(header, *lines, strict=False)]
    for cells in [header, *lines]:
        print("  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)))
    for r in rows:
        if r.detail:
            print(f"  {r.backend} · {r.measurement}: {r.detail}")


def write_json(path: Path, machine: dict[str, object], rows: Sequence[Row]) -> None:
    document = {"machine": machine, "rows": [asdict(r) for r in rows]}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.2f}"
