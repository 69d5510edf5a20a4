"""Public answers, kept per read-model position.

A public dashboard asks the same anonymous query again and again (the program, its targets,
the budget totals), and between two events the answer cannot change: those fields are a
function of the read model at its position (the program's definition aside, which comes from
the event store and is always at least as new). So the answer's bytes are kept, keyed by the
request's bytes, and given again while the read model stays at the position they were computed
at; the first request after the position moves executes the query again, and the requests for
the same answer that arrive meanwhile wait for it rather than execute it too.

Only what is safe to share is kept: anonymous POSTs (a token may see more, and its unit is part
of what it sees), of a query whose every root field is in ``SHARED_FIELDS``, without
X-Min-Position, answered 200 in one piece without errors, and only when the read model did not
move while the query ran. Checkpoints and proofs are public too but are not kept: a checkpoint
is signed without any event being written.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import metrics
from api.auth import ANONYMOUS

SHARED_FIELDS = frozenset({"program", "programs", "targets", "budget", "__typename"})
ANSWERS_MAX = 256  # distinct queries kept; a dashboard sends a handful
POSITION_REUSE_S = 0.005  # how long a reading of the read model's position is reused
BODY_BYTES_MAX = 16_384  # larger requests are not dashboard queries: passed through unread


Key = tuple[bytes, bytes, bytes]  # the request's SHA-256, its Accept and its Origin


@dataclass(frozen=True)
class _Answer:
    position: int
    start: Message
    body: bytes


class PublicAnswers:
    def __init__(self, app: ASGIApp, position: Callable[[], Awaitable[int]]) -> None:
        self.app = app
        self.position = position
        self._answers: OrderedDict[Key, _Answer] = OrderedDict()
        self._shareable: OrderedDict[bytes, bool] = OrderedDict()
        # Answers being computed: a request for one of them waits instead of executing it too.
        self._computing: dict[tuple[Key, int], asyncio.Future[_Answer | None]] = {}
        self._read_at = -1.0
        self._read_position = 0

    async def _position_now(self) -> int:
        """The read model's position, read at most once per POSITION_REUSE_S. Read in a
        worker thread, never on the event loop: a read model whose tracking table is locked
        would stall every request and /healthz with it. ``position`` (api/waits.Positions)
        shares one reading among all who ask while it is in flight, so a burst of requests
        costs one thread hop. Reusing a reading for a few milliseconds answers a request as
        if it came that much earlier; a client that must see its own write sends
        X-Min-Position, which bypasses this cache."""
        now = time.monotonic()
        if now - self._read_at > POSITION_REUSE_S:
            self._read_position = await self.position()
            self._read_at = time.monotonic()
        return self._read_position

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _candidate(scope):
            await self.app(scope, receive, send)
            return
        body, complete = await _read_body(receive)
        replay = _replaying(body, complete, receive)
        digest = hashlib.sha256(body).digest()
        if not complete or not self._is_shareable(digest, body):
            await self.app(scope, replay, send)
            return
        headers = dict(scope.get("headers", ()))
        key = (digest, headers.get(b"accept", b""), headers.get(b"origin", b""))
        position = await self._position_now()
        kept = self._answers.get(key)
        computing = self._computing.get((key, position))
        if (kept is None or kept.position != position) and computing is not None:
            kept = await asyncio.shield(computing)
        if kept is not None and kept.position == position:
            metrics.PUBLIC_ANSWERS.labels(result="hit").inc()
            await send(copied_message(kept.start))
            await send({"type": "http.response.body", "body": kept.body})
            return
        metrics.PUBLIC_ANSWERS.labels(result="miss").inc()
        if computing is not None:  # computed meanwhile, but not to be kept: execute it alone
            await self.app(scope, replay, send)
            return
        computing = asyncio.get_running_loop().create_future()
        self._computing[(key, position)] = computing
        answer: _Answer | None = None
        try:
            answer = await self._execute(scope, replay, send, position)
            if answer is not None:
                _bounded_put(self._answers, key, answer)
        finally:
            del self._computing[(key, position)]
            computing.set_result(answer)  # those waiting execute it themselves on None

    async def _execute(
        self, scope: Scope, receive: Receive, send: Send, position: int
    ) -> _Answer | None:
        """Run the query, passing its answer on; the answer when it may be kept."""
        sent: list[Message] = []

        async def capture(message: Message) -> None:
            sent.append(copied_message(message))
            await send(message)

        await self.app(scope, receive, capture)
        answer = _single_answer(sent)
        if answer is None or await self.position() != position:
            return None  # refused, in pieces, or the read model moved while it ran
        return _Answer(position, answer[0], answer[1])

    def _is_shareable(self, digest: bytes, body: bytes) -> bool:
        known = self._shareable.get(digest)
        if known is None:
            known = _shared_query(body)
            _bounded_put(self._shareable, digest, known)
        return known


def _candidate(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "POST":
        return False
    state = scope.get("state", {})
    if state.get("principal") is not ANONYMOUS or state.get("min_position") is not None:
        return False
    content_type: bytes = dict(scope.get("headers", ())).get(b"content-type", b"")
    return content_type.split(b";")[0].strip().lower() == b"application/json"


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
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


def _replaying(body: bytes, complete: bool, receive: Receive) -> Receive:
    """Give the application the body already read, then whatever is left to read."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": not complete}]

    async def replay() -> Message:
        if pending:
            return pending.pop()
        return await receive()

    return replay


def _shared_query(body: bytes) -> bool:
    """A query (not a mutation or subscription) whose root fields are all shared."""
    try:
        request = json.loads(body)
        document = parse(request["query"])
    except (ValueError, KeyError, TypeError, GraphQLError):
        return False
    if not isinstance(request, dict) or not isinstance(request.get("query"), str):
        return False
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    name = request.get("operationName")
    chosen = [o for o in operations if name is None or (o.name and o.name.value == name)]
    if len(chosen) != 1 or chosen[0].operation is not OperationType.QUERY:
        return False
    return all(
        isinstance(selection, FieldNode) and selection.name.value in SHARED_FIELDS
        for selection in chosen[0].selection_set.selections
    )


def _single_answer(sent: list[Message]) -> tuple[Message, bytes] | None:
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


def _bounded_put(cache: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > ANSWERS_MAX:
        cache.popitem(last=False)
