"""Live journal: new entries from a position, resumable after a disconnect."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator

import strawberry

from api import policy
from api.context import Info
from api.journal import types as t
from api.journal import views
from projections.store import is_database_error

log = logging.getLogger("khuyencong.api")

POLL_INTERVAL_S = 0.2
BATCH_EVENTS = 200
# After a database error the subscription waits, then reads again from its last position:
# doubling from the first wait up to the cap, for as long as the client stays connected.
RESUME_BACKOFF_FIRST_S = 0.2
RESUME_BACKOFF_CAP_S = 5.0


@strawberry.type
class JournalSubscription:
    @strawberry.subscription(
        description="Journal entries after a position, live. Reconnect with the last position "
        "received to resume without loss or duplicates. A database error does not end it: it "
        "resumes by itself from its last position once the database answers again."
    )
    async def journal(
        self, info: Info, after: int | None = None
    ) -> AsyncGenerator[t.JournalEntry, None]:
        policy.JOURNAL.check(info.context.principal)
        position = after or 0
        model = info.context.read_model
        backoff_s = RESUME_BACKOFF_FIRST_S
        while True:
            try:
                page = await info.context.run(model.journal, after=position, first=BATCH_EVENTS)
            except Exception as error:
                if not is_database_error(error):
                    raise
                # The driver's text stays in the log; the client keeps its socket and its place.
                log.warning("journal subscription after %s: database error: %s", position, error)
                await asyncio.sleep(backoff_s)
                backoff_s = min(backoff_s * 2, RESUME_BACKOFF_CAP_S)
                continue
            backoff_s = RESUME_BACKOFF_FIRST_S
            for entry in page.items:
                position = entry.position
                yield views.journal_entry(entry)
            if not page.has_next:
                await asyncio.sleep(POLL_INTERVAL_S)
