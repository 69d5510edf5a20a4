"""What happens to a program: it is defined by its decision, then amended by later decisions."""

from __future__ import annotations

from typing import Any

from domain.events import LedgerEvent
from domain.fiscal import local_date, past_adjustment_window


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

    class UnitRenamed(LedgerEvent):
        """A unit the program was defined with bears another name and kind from
        ``rename["effective_from"]``, by the act its ``legal_basis`` names. Recorded when the
        program's file gains a dated rename after the program was recorded; a program recorded
        with the rename in its file carries it in ``Defined`` instead. Either way the state is
        the same."""

        TOPIC = "khuyencong:Program.UnitRenamed"
        unit_code: str
        rename: dict[str, Any]

    class ContentTextCorrected(LedgerEvent):
        """A content item's text, recorded shorter than the decision gives it, completed to the
        decision's text (``title_vi``, with ``title_en`` beside it); ``previous_title_vi`` and
        ``previous_title_en`` are what was recorded. Effective from the decision: the text
        was always the decision's, the record only caught up with it."""

        TOPIC = "khuyencong:Program.ContentTextCorrected"
        content_code: str
        title_vi: str
        title_en: str
        previous_title_vi: str
        previous_title_en: str

    class IndicatorCorrected(LedgerEvent):
        """An indicator's target, recorded as firm, is marked approximate (``approximate``):
        the decision gives it as an estimate (“dự kiến”)."""

        TOPIC = "khuyencong:Program.IndicatorCorrected"
        indicator_code: str
        approximate: bool

    class YearClosed(LedgerEvent):
        """The books of a fiscal year are closed: what qualified was carried over and the rest
        cancelled (each its own event, before this one). ``forced`` records a close that needed
        force — statement lines still unmatched, or a late close — with the reason given.
        ``late`` records a close recorded after the year's adjustment window (31 January of the
        next year).

        Version 2 added ``late``. A version 1 event (stored without it) is read as late when
        its recorded time, in Vietnam, is after that window: the stored bytes stay as written.
        """

        TOPIC = "khuyencong:Program.YearClosed"
        class_version = 2
        year: int
        forced: bool
        reason: str
        unmatched_lines: int
        carried_projects: int
        cancelled_projects: int
        cancelled_vnd: int
        late: bool

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            recorded_on = local_date(state["timestamp"])
            state["late"] = past_adjustment_window(state["year"], recorded_on)
