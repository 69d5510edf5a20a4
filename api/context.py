"""What every resolver gets: the ledger, the read model, the caller and the request id."""

from __future__ import annotations

import asyncio
import contextvars
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from strawberry.types import Info as StrawberryInfo

from api.auth import ANONYMOUS, Principal
from api.finance.downloads import DownloadLinks
from api.journal import views
from api.journal.types import JournalEntry
from api.waits import ANONYMOUS_WAIT_S, READ_YOUR_WRITES_WAIT_S, Positions
from domain.ledger import Ledger
from domain.programs.state import ProgramState
from projections.queries import ReadModel

T = TypeVar("T")
# What a read in a batch ends in: its value, or the exception it raised.
Outcome = tuple[bool, Any]


class ReadBatch:
    """Short reads asked in the same turn of the event loop, run one after another in one
    worker thread.

    The root fields of a query start together (graphql-core gathers them), and a dashboard's
    three (program, targets, budget) each took a thread hop of their own: a hand-off to the
    default executor, a wait in its queue behind the other requests' hops, and a wake-up of
    the loop; about a fifth of a signed-in dashboard's time in-process. Only short reads
    belong here: one that waits (read-your-writes) or writes would hold up the others."""

    def __init__(self) -> None:
        self._pending: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []

    async def read(self, work: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        if not self._pending:
            # The other fields' resolvers are already scheduled in this turn of the loop;
            # the hop starts in the next, with whatever they asked for too.
            loop.call_soon(self._start)
        self._pending.append((work, future))
        return await future

    def _start(self) -> None:
        batch, self._pending = self._pending, []
        run_all = functools.partial(_run_each, [work for work, _ in batch])
        # As asyncio.to_thread does: the reads see the caller's context variables.
        hop = asyncio.get_running_loop().run_in_executor(
            None, functools.partial(contextvars.copy_context().run, run_all)
        )
        hop.add_done_callback(functools.partial(_settle, [future for _, future in batch]))


def _run_each(works: list[Callable[[], Any]]) -> list[Outcome]:
    """Every read, each one's failure its own."""
    outcomes: list[Outcome] = []
    for work in works:
        try:
            outcomes.append((True, work()))
        except Exception as error:
            outcomes.append((False, error))
    return outcomes


def _settle(futures: list[asyncio.Future[Any]], hop: asyncio.Future[list[Outcome]]) -> None:
    """Hand each resolver its read's outcome; a resolver already cancelled (a sibling field
    failed) is skipped."""
    if hop.cancelled():  # the loop is closing
        for future in futures:
            future.cancel()
        return
    failure = hop.exception()  # not an Exception (those are outcomes): the thread was stopped
    outcomes = [(False, failure)] * len(futures) if failure is not None else hop.result()
    for future, (ok, value) in zip(futures, outcomes, strict=True):
        if future.done():
            continue
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)


@dataclass
class Context:
    ledger: Ledger
    read_model: ReadModel
    principal: Principal
    request_id: str
    min_position: int | None = None
    connection_params: dict[str, Any] | None = None  # a WebSocket's connection_init payload
    downloads: DownloadLinks | None = None  # signs export links
    loaders: dict[str, DataLoader[Any, Any]] = field(default_factory=dict)
    reads: ReadBatch = field(default_factory=ReadBatch, repr=False)
    # Shared by the application's requests (one reading of the position for all waiters).
    positions: Positions | None = field(default=None, repr=False)

    def history_loader(self) -> DataLoader[str, list[JournalEntry]]:
        """Every project history on a page in one journal query (no N+1)."""
        if "history" not in self.loaders:

            async def load(ids: list[str]) -> list[list[JournalEntry]]:
                found = await self.run(self.read_model.histories, ids)
                return [[views.journal_entry(e) for e in found.get(i, [])] for i in ids]

            self.loaders["history"] = DataLoader(load_fn=load)
        return self.loaders["history"]

    def program_loader(self) -> DataLoader[str, ProgramState]:
        """Each program once per request, however many projects on a page name it."""
        if "program" not in self.loaders:

            async def load(codes: list[str]) -> list[ProgramState]:
                return [await self.read(self.ledger.program, code) for code in codes]

            self.loaders["program"] = DataLoader(load_fn=load)
        return self.loaders["program"]

    async def run(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """The ledger and the read model are synchronous: run them off the event loop."""
        return await asyncio.to_thread(work, *args, **kwargs)

    async def read(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """A short read of the read model or the ledger, off the event loop like ``run``, but
        sharing its thread hop with the other short reads of this request that start in the
        same turn of the loop (see ReadBatch). Waits and writes go through ``run``."""
        return await self.reads.read(functools.partial(work, *args, **kwargs))

    def wait_cap_s(self) -> float:
        """How long this caller's answers wait for a position (see api/waits.py)."""
        return ANONYMOUS_WAIT_S if self.principal is ANONYMOUS else READ_YOUR_WRITES_WAIT_S

    async def wait_for(self, position: int, field: str = "minPosition") -> int:
        """Wait on the event loop, bounded per caller, until the read model reaches
        ``position``; one beyond the ledger's head is refused at once (INVALID_QUERY)."""
        if self.positions is None:
            self.positions = Positions(self.read_model)
        return await self.positions.wait_for(position, self.wait_cap_s(), field)

    async def fresh(self, min_position: int | None = None) -> None:
        """Read-your-writes: wait (bounded) until the read model reaches the asked position
        (the ``minPosition`` argument or the X-Min-Position header, whichever is later)."""
        header = self.min_position or 0
        argument = min_position or 0
        if header > argument:
            await self.wait_for(header, "X-Min-Position")
        elif argument:
            await self.wait_for(argument)


Info = StrawberryInfo[Context, None]
