"""The kept signed-in answers stay within their bound of bytes, oldest out first."""

from __future__ import annotations

import asyncio
from typing import Any

from api.auth import Principal
from api.scoped_answers import ScopedAnswers

ANSWER = b'{"data": {"budget": "' + b"x" * 900 + b'"}}'


async def _graphql(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": ANSWER})


async def _position() -> int:
    return 7


async def _ask(kept: ScopedAnswers, unit: str) -> bytes:
    body = b'{"query": "{ budget(programCode: \\"P\\") { position } }"}'
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    answered: list[bytes] = []

    async def receive() -> Any:
        return messages.pop()

    async def send(message: Any) -> None:
        answered.append(message.get("body", b""))

    scope = {
        "type": "http",
        "method": "POST",
        "headers": [(b"content-type", b"application/json")],
        "state": {"principal": Principal("s", "district", unit), "min_position": None},
    }
    await kept(scope, receive, send)
    return b"".join(answered)


def test_memory_is_bounded_by_bytes_least_recently_used_first_out() -> None:
    kept = ScopedAnswers(_graphql, _position, answers_bytes_max=5_000)

    async def many() -> None:
        for unit in range(20):
            assert await _ask(kept, str(unit)) == ANSWER
        assert 0 < kept.kept_bytes <= 5_000

    asyncio.run(many())


def test_a_bound_of_zero_keeps_nothing() -> None:
    kept = ScopedAnswers(_graphql, _position, answers_bytes_max=0)
    assert asyncio.run(_ask(kept, "718")) == ANSWER
    assert kept.kept_bytes == 0
