"""What happens to the installation."""

from __future__ import annotations

from datetime import date

from domain.events import LedgerEvent


class Installation:
    class MarkedAsTraining(LedgerEvent):
        """The ledger holds a demonstration history written up to ``history_until`` and is
        for training: nothing in it is a real entry, and its clock runs on from the last day it
        recorded instead of following today's date. Effective on ``history_until``.

        Version 1. A field added later gets ``class_version = 2`` and an ``upcast_v1_v2`` that
        gives old events its default, as the other events of the ledger do."""

        TOPIC = "khuyencong:Installation.MarkedAsTraining"
        seed: int
        history_until: date
