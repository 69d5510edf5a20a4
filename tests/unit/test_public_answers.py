"""Concurrent requests for an answer that is being computed wait for it instead of executing
the same query again; when that answer may not be kept, each executes its own."""

from __future__ import annotations

import asyncio
import json

from api.auth import ANONYMOUS
from api.public_answers import PublicAnswers

DASHBOARD = json.dumps({"query": '{ budget(programCode: "BD-KC-2025") { position } }'}).encode()


class SlowGraphQL:
    """Stands in for the GraphQL app: answers once released, and counts its executions."""

    def __init__(self, answer: bytes) -> None:
        self.answer = answer
        self.executions = 0
        self.release = asyncio.Event()

    async def __call__(self, scope, receive, send) -> None:
        self.executions += 1
        await receive()
        await self.release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": self.answer})


async def _ask(app: PublicAnswers) -> bytes:
    scope = {
        "type": "http",
        "method": "POST",
        "headers": [(b"content-type", b"application/json")],
        "state": {"principal": ANONYMOUS, "min_position": None},
    }
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": DASHBOARD, "more_body": False}

    async def send(message):
        sent.append(message)

    await app(scope, receive, send)
    return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")


async def _seven() -> int:
    return 7


async def _five_at_once(graphql: SlowGraphQL) -> list[bytes]:
    app = PublicAnswers(graphql, position=_seven)
    asking = [asyncio.create_task(_ask(app)) for _ in range(5)]
    await asyncio.sleep(0.01)  # all five have arrived and wait on the first
    graphql.release.set()
    return await asyncio.gather(*asking)


def test_five_requests_arriving_together_execute_the_query_once():
    graphql = SlowGraphQL(b'{"data":{"budget":{"position":7}}}')
    answers = asyncio.run(_five_at_once(graphql))
    assert graphql.executions == 1
    assert answers == [b'{"data":{"budget":{"position":7}}}'] * 5


def test_an_answer_that_may_not_be_kept_is_executed_for_each():
    graphql = SlowGraphQL(b'{"errors":[{"message":"no"}]}')
    answers = asyncio.run(_five_at_once(graphql))
    assert graphql.executions == 5
    assert answers == [b'{"errors":[{"message":"no"}]}'] * 5
