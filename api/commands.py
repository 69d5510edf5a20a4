"""How a mutation records its command: authorise, build it, run the use case off the event
loop; and whether the read model shows the write yet."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from api.context import Info
from api.policy import UNIT_SCOPED_ROLES, authorize
from domain.application import Receipt
from domain.errors import ReadModelBehind
from projections.store import is_transient

log = logging.getLogger("khuyencong.api")
T = TypeVar("T")


async def run_command(
    info: Info,
    name: str,
    build: Callable[[], Any],
    use_case: Callable[..., Receipt],
    key: str | None,
    unit_code: Callable[[Any], str | None] | None = None,
) -> Receipt:
    """Build the command (input errors are LedgerErrors too), authorise, record it.
    ``unit_code`` names the unit the command acts on, for a token scoped to one unit; it may
    read the ledger (a project's unit), so it runs off the event loop, and only for such a
    token."""
    command = build()
    principal = info.context.principal
    unit = None
    if unit_code is not None and principal.holds(UNIT_SCOPED_ROLES):
        unit = await info.context.run(unit_code, command)
    authorize(principal, name, unit)
    return await info.context.run(
        use_case, command, info.context.principal.actor(), idempotency_key=key
    )


async def caught_up(info: Info, receipt: Receipt) -> bool:
    """Whether the read model shows this write yet (the write stands either way). The wait
    is on the event loop, bounded per caller (api/waits.py)."""
    if receipt.position is None:
        return True
    try:
        await info.context.wait_for(receipt.position)
    except ReadModelBehind:
        return False
    except Exception as error:
        if not is_transient(error):
            raise
        log.warning("write at %s stands; its read-back failed: %s", receipt.position, error)
        return False
    return True


async def read_back(info: Info, receipt: Receipt, read: Callable[[], Awaitable[T]]) -> T | None:
    """What a committed write left in the read model, or None when the read model is behind
    or cannot be read for a moment: the write stands and its payload carries its position
    either way, so a transient read failure never turns a committed write into an error."""
    if not await caught_up(info, receipt):
        return None
    return await read_or_none(receipt, read)


async def read_or_none(receipt: Receipt, read: Callable[[], Awaitable[T]]) -> T | None:
    """``read()``, or None when a transient database fault stops it after the write committed."""
    try:
        return await read()
    except Exception as error:
        if not is_transient(error):
            raise
        log.warning("write at %s stands; its read-back failed: %s", receipt.position, error)
        return None
