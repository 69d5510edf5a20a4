"""What the demonstration loader asks of the installation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, kw_only=True)
class MarkTrainingLedger:
    """The ledger holds a demonstration history, written up to ``history_until``: it is for
    training, and its clock runs on from that day."""

    seed: int  # the demo's seed: the same seed writes the same history
    history_until: date  # the last day of the history written
