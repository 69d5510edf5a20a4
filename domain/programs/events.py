"""What happens to a program: it is defined by its decision, then amended by later decisions."""

from __future__ import annotations

from typing import Any

from domain.events import LedgerEvent


class Program:
    class Defined(LedgerEvent):
        TOPIC = "khuyencong:Program.Defined"
        definition: dict[str, Any]

    class TargetRevised(LedgerEvent):
        TOPIC = "khuyencong:Program.TargetRevised"
        indicator_code: str
        target: int
        previous_target: int

    class SupportRuleAdded(LedgerEvent):
        TOPIC = "khuyencong:Program.SupportRuleAdded"
        rule: dict[str, Any]

    class YearClosed(LedgerEvent):
        """The books of a fiscal year are closed: what qualified was carried over and the rest
        cancelled (each its own event, before this one). ``forced`` records a close decided
        while statement lines were still unmatched, with the reason given."""

        TOPIC = "khuyencong:Program.YearClosed"
        year: int
        forced: bool
        reason: str
        unmatched_lines: int
        carried_projects: int
        cancelled_projects: int
        cancelled_vnd: int
