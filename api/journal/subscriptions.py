"""Live journal: new entries from a position, resumable after a disconnect."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry

from api import policy
from api.context import Info
from api.journal import types as t
from api.journal import views

POLL_INTERVAL_S = 0.2
BATCH_EVENTS = 200


@strawberry.type
class JournalSubscription:
    @strawberry.subscription(
        description="Journal entries after a position, live. Reconnect with the last position "
        "received to resume without loss or duplicates."
    )
    async def journal(
        self, info: Info, after: int | None = None
    ) -> AsyncGenerator[t.JournalEntry, None]:
        policy.JOURNAL.check(info.context.principal)
        position = after or 0
        model = info.context.read_model
        while True:
            page = await info.context.run(model.journal, after=position, first=BATCH_EVENTS)
            for entry in page.items:
                position = entry.position
                yield views.journal_entry(entry)
            if not page.has_next:
                await asyncio.sleep(POLL_INTERVAL_S)
