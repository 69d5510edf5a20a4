"""How a mutation records its command: authorise, build it, run the use case off the event
loop; and whether the read model shows the write yet."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from api.context import Info
from api.policy import UNIT_SCOPED_ROLES, authorize
from domain.application import Receipt
from domain.errors import ReadModelBehind


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
    return True
