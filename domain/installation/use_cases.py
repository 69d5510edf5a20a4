"""Use cases of the installation: marking a training ledger, and what its clock starts from."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.application import LedgerApplication, Receipt
from domain.events import Decision, LedgerEvent
from domain.ids import installation_id
from domain.installation import decisions
from domain.installation.commands import MarkTrainingLedger
from domain.installation.state import InstallationState, evolve
from domain.types import Actor


class InstallationUseCases(LedgerApplication):
    def mark_training_ledger(self, cmd: MarkTrainingLedger, actor: Actor) -> Receipt:
        def decide(decision: Decision) -> tuple[Any, list[LedgerEvent]]:
            existing = self.installation()
            return installation_id(), decisions.mark_training_ledger(existing, cmd, decision)

        return self.execute(cmd, actor, None, decide)

    def installation(self) -> InstallationState | None:
        """None for a ledger nothing was said of as a whole (every ledger but a demo's)."""
        return self.load(installation_id(), evolve)

    def last_recorded_at(self) -> datetime | None:
        """When the latest event was recorded (None for an empty ledger)."""
        head = self.recorder.max_notification_id()
        if not head:
            return None
        notification = self.recorder.select_notifications(start=head, limit=1)[0]
        event = self.mapper.to_domain_event(notification)
        assert isinstance(event, LedgerEvent), f"not a ledger event: {notification.topic}"
        return event.timestamp

    def training_clock_start(self, training_date: date | None) -> datetime | None:
        """Where a served ledger's clock starts (``decisions.training_clock_start``)."""
        return decisions.training_clock_start(
            self.installation(), self.last_recorded_at(), training_date
        )
