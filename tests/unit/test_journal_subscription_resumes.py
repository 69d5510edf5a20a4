"""A journal subscription that meets a database error keeps going from its last position."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import psycopg

from api.auth import Principal
from api.journal import subscriptions
from api.journal.subscriptions import JournalSubscription


@dataclass
class Page:
    items: list[Any]
    has_next: bool


class FlakyJournal:
    """Entries 1..3; the second read fails as a terminated connection does."""

    def __init__(self) -> None:
        self.reads: list[int] = []

    def journal(self, after: int, first: int) -> Page:
        self.reads.append(after)
        if len(self.reads) == 2:
            raise psycopg.OperationalError("terminating connection due to administrator command")
        items = [SimpleNamespace(position=p) for p in range(after + 1, 4)][:1]
        return Page(items, has_next=bool(items))


def test_a_database_error_pauses_the_subscription_and_it_resumes_from_its_last_position(
    monkeypatch,
):
    monkeypatch.setattr(subscriptions, "RESUME_BACKOFF_FIRST_S", 0.01)
    monkeypatch.setattr(subscriptions.views, "journal_entry", lambda entry: entry.position)
    model = FlakyJournal()

    async def run(fn: Any, *args: Any, **kwargs: Any) -> Any:
        return fn(*args, **kwargs)

    context = SimpleNamespace(
        principal=Principal("auditor.tester", "auditor"), read_model=model, run=run
    )
    info: Any = SimpleNamespace(context=context)

    async def first_three() -> list[Any]:
        stream = JournalSubscription().journal(info, after=0)
        got = [await stream.__anext__() for _ in range(3)]
        await stream.aclose()
        return got

    assert asyncio.run(first_three()) == [1, 2, 3]
    assert model.reads[:3] == [0, 1, 1]  # the failed read is read again from the same place


def test_only_database_errors_are_waited_out():
    assert subscriptions.is_database_error(psycopg.OperationalError("x"))
    assert not subscriptions.is_database_error(ValueError("x"))
