"""Answers kept per read-model position: the mechanism the public and the signed-in answers share.

Between two events a read of the read model cannot change, so an answer's bytes are kept under a
key (what the answer depends on: the request's bytes, and for signed-in callers their scope) and
given again while the read model stays at the position they were computed at. The first request
after the position moves executes the query again, and the requests for the same answer that
arrive meanwhile wait for it rather than execute it too. What is kept, and how much, is each
keeper's own (api/public_answers.py, api/scoped_answers.py).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

POSITION_REUSE_S = 0.005  # how long a reading of the read model's position is reused
BODY_BYTES_MAX = 16_384  # larger requests are not dashboard queries: passed through unread
DOCUMENTS_MAX = 1_024  # documents whose shape (kept or not) is remembered
ENTRY_OVERHEAD_BYTES = 400  # the key, the response start and the bookkeeping of one entry


@dataclass(frozen=True)
class Answer:
    position: int
    start: Message
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + ENTRY_OVERHEAD_BYTES


class AnswerKeeper:
    """ASGI middleware in front of the GraphQL app that keeps answers; a subclass says which
    requests it keeps (``__call__``), where (``_kept``, ``_keep``) and how it counts them."""

    def __init__(
        self,
        app: ASGIApp,
        position: Callable[[], Awaitable[int]],
        fields: frozenset[str],
        answer_bytes_max: int | None = None,
    ) -> None:
        self.app = app
        self.position = position
        self.fields = fields
        self.answer_bytes_max = answer_bytes_max
        self._shapes: OrderedDict[bytes, bool] = OrderedDict()
        # Answers being computed: a request for one of them waits instead of executing it too.
        self._computing: dict[tuple[Hashable, int], asyncio.Future[Answer | None]] = {}
        self._read_at = -1.0
        self._read_position = 0

    def _kept(self, key: Hashable) -> Answer | None:
        raise NotImplementedError

    def _keep(self, key: Hashable, answer: Answer, kind: str) -> None:
        raise NotImplementedError

    def _count(self, kind: str, result: str) -> None:
        raise NotImplementedError

    async def _position_now(self) -> int:
        """The read model's position, read at most once per POSITION_REUSE_S. Read in a
        worker thread, never on the event loop: a read model whose tracking table is locked
        would stall every request and /healthz with it. ``position`` (api/waits.Positions)
        shares one reading among all who ask while it is in flight, so a burst of requests
        costs one thread hop. Reusing a reading for a few milliseconds answers a request as
        if it came that much earlier; a client that must see its own write sends
        X-Min-Position, which bypasses the kept answers until it is reached."""
        now = time.monotonic()
        if now - self._read_at > POSITION_REUSE_S:
            self._read_position = await self.position()
            self._read_at = time.monotonic()
        return self._read_position

    def _is_keepable(self, digest: bytes, body: bytes) -> bool:
        known = self._shapes.get(digest)
        if known is None:
            known = query_of(body, self.fields)
            bounded_put(self._shapes, digest, known, DOCUMENTS_MAX)
        return known

    async def _answer(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        key: Hashable,
        position: int,
        kind: str,
    ) -> None:
        """The kept answer of ``key`` at ``position``, or the one being computed, or computed
        here and kept when it may be."""
        kept = self._kept(key)
        computing = self._computing.get((key, position))
        if (kept is None or kept.position != position) and computing is not None:
            kept = await asyncio.shield(computing)
        if kept is not None and kept.position == position:
            self._count(kind, "hit")
            await send(copied_message(kept.start))
            await send({"type": "http.response.body", "body": kept.body})
            return
        self._count(kind, "miss")
        if computing is not None:  # computed meanwhile, but not to be kept: execute it alone
            await self.app(scope, receive, send)
            return
        computing = asyncio.get_running_loop().create_future()
        self._computing[(key, position)] = computing
        answer: Answer | None = None
        try:
            answer = await self._execute(scope, receive, send, position)
            if answer is not None:
                self._keep(key, answer, kind)
        finally:
            del self._computing[(key, position)]
            computing.set_result(answer)  # those waiting execute it themselves on None

    async def _execute(
        self, scope: Scope, receive: Receive, send: Send, position: int
    ) -> Answer | None:
        """Run the query, passing its answer on; the answer when it may be kept."""
        sent: list[Message] = []

        async def capture(message: Message) -> None:
            sent.append(copied_message(message))
            await send(message)

        await self.app(scope, receive, capture)
        answer = single_answer(sent)
        if answer is None:
            return None  # refused, in pieces, or with errors
        if self.answer_bytes_max is not None and len(answer[1]) > self.answer_bytes_max:
            return None
        if await self.position() != position:
            return None  # the read model moved while it ran
        return Answer(position, answer[0], answer[1])


def is_json_post(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "POST":
        return False
    content_type: bytes = dict(scope.get("headers", ())).get(b"content-type", b"")
    return content_type.split(b";")[0].strip().lower() == b"application/json"


async def read_body(receive: Receive) -> tuple[bytes, bool]:
    """The request's body, up to BODY_BYTES_MAX; complete is False when more remains."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks), True
        if size > BODY_BYTES_MAX:
            return b"".join(chunks), False


def replaying(body: bytes, complete: bool, receive: Receive) -> Receive:
    """Give the application the body already read, then whatever is left to read."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": not complete}]

    async def replay() -> Message:
        if pending:
            return pending.pop()
        return await receive()

    return replay


def query_of(body: bytes, fields: frozenset[str]) -> bool:
    """A query (not a mutation or subscription) whose root fields are all in ``fields``."""
    try:
        request = json.loads(body)
        if not isinstance(request, dict) or not isinstance(request.get("query"), str):
            return False
        document = parse(request["query"])
    except (ValueError, GraphQLError):
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    name = request.get("operationName")
    chosen = [o for o in operations if name is None or (o.name and o.name.value == name)]
    if len(chosen) != 1 or chosen[0].operation is not OperationType.QUERY:
        return False
    return all(
        isinstance(selection, FieldNode) and selection.name.value in fields
        for selection in chosen[0].selection_set.selections
    )


def single_answer(sent: list[Message]) -> tuple[Message, bytes] | None:
    """The response's start and body when it came in one piece, was 200 and has no errors."""
    if len(sent) != 2 or sent[0]["type"] != "http.response.start" or sent[0]["status"] != 200:
        return None
    last = sent[1]
    if last["type"] != "http.response.body" or last.get("more_body", False):
        return None
    body: bytes = last.get("body", b"")
    try:
        answer: Any = json.loads(body)
    except ValueError:
        return None
    if not isinstance(answer, dict) or "errors" in answer:
        return None
    return sent[0], body


def copied_message(message: Message) -> Message:
    """A message of its own: the layers outside (gzip) rewrite the messages they are sent, body
    and headers in place, and what is kept must stay as the application answered it."""
    copied = dict(message)
    if "headers" in copied:
        copied["headers"] = list(copied["headers"])
    return copied


def bounded_put(cache: OrderedDict[Any, Any], key: Any, value: Any, most: int) -> None:
    """Put ``value`` last in ``cache``, dropping the first entries beyond ``most``."""
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > most:
        cache.popitem(last=False)
