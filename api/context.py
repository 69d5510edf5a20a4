"""What every resolver gets: the ledger, the read model, the caller and the request id."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from strawberry.types import Info as StrawberryInfo

from api import views
from api.auth import Principal
from api.downloads import DownloadLinks
from api.types import JournalEntry
from domain.ledger import Ledger
from projections.queries import ReadModel

T = TypeVar("T")
READ_YOUR_WRITES_TIMEOUT_S = 5.0


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

    def history_loader(self) -> DataLoader[str, list[JournalEntry]]:
        """Every project history on a page in one journal query (no N+1)."""
        if "history" not in self.loaders:

            async def load(ids: list[str]) -> list[list[JournalEntry]]:
                found = await self.run(self.read_model.histories, ids)
                return [[views.journal_entry(e) for e in found.get(i, [])] for i in ids]

            self.loaders["history"] = DataLoader(load_fn=load)
        return self.loaders["history"]

    async def run(self, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """The ledger and the read model are synchronous: run them off the event loop."""
        return await asyncio.to_thread(work, *args, **kwargs)

    async def fresh(self, min_position: int | None = None) -> None:
        """Read-your-writes: wait (bounded) until the read model reaches the asked position."""
        wanted = max(p for p in (min_position, self.min_position, 0) if p is not None)
        if wanted:
            await self.run(self.read_model.wait_for, wanted, READ_YOUR_WRITES_TIMEOUT_S)


Info = StrawberryInfo[Context, None]
