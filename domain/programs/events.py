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
