"""What happens to a Treasury account: it is registered once, for one holder and source."""

from __future__ import annotations

from domain.events import LedgerEvent
from domain.types import FundingSource


class TreasuryAccount:
    class Registered(LedgerEvent):
        """A holder's estimate account at the State Treasury, from which one source of the
        program's money is paid: statements of the account are reconciled with the payments
        of that holder and source."""

        TOPIC = "khuyencong:TreasuryAccount.Registered"
        program_code: str
        number: str
        holder_code: str
        source: FundingSource
        name: str
