"""Signed-in answers, kept per scope and read-model position.

A query's answer is a function of the caller's scope, the document, its variables and the
read-model position. What a token sees depends on its role and, for the district and commune
roles, its unit (``api/policy.py``: the read rules check the role, ``visible_holder`` the unit);
no read depends on the token's subject, which only mutations record. So an auditor's dashboard,
asked again at the same position by any auditor, is the same bytes, and is given from memory;
a district-74 token's answer is never given to a district-718 token, nor to an auditor, nor to
an anonymous caller (those are api/public_answers.py's, kept apart).

Kept, as for public answers: POSTs of a query (never a mutation or subscription) whose root
fields are all in ``SCOPED_FIELDS`` — reads of the read model (and the program, from the event
store, always at least as new) —, answered 200 in one piece without errors, and only when the
read model did not move while the query ran. Not kept: export links (signed, with an expiry),
checkpoints and proofs (signed without any event written), the ledger's head (the event store's,
which moves before the read model does). A request with X-Min-Position is answered from memory
only when the position is already reached; otherwise it runs, and waits, as before.

Memory is bounded by bytes (least recently used first out); ``answers_bytes_max=0`` keeps
nothing (the benchmark's "executed" row).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, OperationType, parse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import metrics
from api.auth import Principal
from api.public_answers import (
    POSITION_REUSE_S,
    _read_body,
    _replaying,
    _single_answer,
    copied_message,
)

SCOPED_FIELDS = frozenset(
    {
        "__typename",
        "program",
        "programs",
        "targets",
        "budget",
        "projects",
        "project",
        "supportAndCoFinancing",
        "establishments",
        "journal",
        "diff",
        "node",
        "reconciliation",
        "treasuryAccounts",
        "treasuryStatements",
        "yearlyReports",
        "inspections",
        "programReview",
        "plans",
        "planVersusActual",
    }
)
ANSWERS_BYTES_MAX = 32 * 1024 * 1024  # all kept answers together
ANSWER_BYTES_MAX = 1024 * 1024  # a larger answer (a long journal page) is not kept
ENTRY_OVERHEAD_BYTES = 400  # the key, the response start and the bookkeeping of one entry
DOCUMENTS_MAX = 1_024  # documents whose shape (kept or not) is remembered

ReadScope = tuple[str, str | None]  # role, unit
Key = tuple[ReadScope, bytes, bytes, bytes]  # scope, request SHA-256, Accept, Origin


def read_scope(principal: Principal) -> ReadScope:
    """What a signed-in caller's reads depend on: its role and its unit. The unit is kept
    whatever the role, so a token naming a unit never shares with one that does not."""
    return (principal.role, principal.unit_code)


@dataclass(frozen=True)
class _Answer:
    position: int
    start: Message
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + ENTRY_OVERHEAD_BYTES


class ScopedAnswers:
    """ASGI middleware in front of the GraphQL app: signed-in callers' answers, kept."""

    def __init__(
        self,
        app: ASGIApp,
        position: Callable[[], Awaitable[int]],
        answers_bytes_max: int = ANSWERS_BYTES_MAX,
    ) -> None:
        self.app = app
        self.position = position
        self.answers_bytes_max = answers_bytes_max
        self._answers: OrderedDict[Key, _Answer] = OrderedDict()
        self._bytes = 0
        self._keepable: OrderedDict[bytes, bool] = OrderedDict()
        self._computing: dict[tuple[Key, int], asyncio.Future[_Answer | None]] = {}
        self._read_at = -1.0
        self._read_position = 0

    @property
    def kept_bytes(self) -> int:
        return self._bytes

    async def _position_now(self) -> int:
        """As PublicAnswers does: one reading reused for POSITION_REUSE_S."""
        now = time.monotonic()
        if now - self._read_at > POSITION_REUSE_S:
            self._read_position = await self.position()
            self._read_at = time.monotonic()
        return self._read_position

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        principal = _signed_in(scope)
        if principal is None or self.answers_bytes_max <= 0:
            await self.app(scope, receive, send)
            return
        body, complete = await _read_body(receive)  # up to public_answers.BODY_BYTES_MAX
        replay = _replaying(body, complete, receive)
        digest = hashlib.sha256(body).digest()
        if not complete or not self._is_keepable(digest, body):
            await self.app(scope, replay, send)
            return
        kind = principal.role
        position = await self._position_now()
        wanted = scope.get("state", {}).get("min_position")
        if wanted is not None and wanted > position:
            # Not reached yet: the query waits for it, and what it answers is not kept.
            await self.app(scope, replay, send)
            return
        headers = dict(scope.get("headers", ()))
        key = (
            read_scope(principal),
            digest,
            headers.get(b"accept", b""),
            headers.get(b"origin", b""),
        )
        kept = self._answers.get(key)
        computing = self._computing.get((key, position))
        if (kept is None or kept.position != position) and computing is not None:
            kept = await asyncio.shield(computing)
        if kept is not None and kept.position == position:
            if key in self._answers:  # not when it was dropped for room as soon as computed
                self._answers.move_to_end(key)
            metrics.KEPT_ANSWERS.labels(kind=kind, result="hit").inc()
            await send(copied_message(kept.start))
            await send({"type": "http.response.body", "body": kept.body})
            return
        metrics.KEPT_ANSWERS.labels(kind=kind, result="miss").inc()
        if computing is not None:  # computed meanwhile, but not to be kept
            await self.app(scope, replay, send)
            return
        computing = asyncio.get_running_loop().create_future()
        self._computing[(key, position)] = computing
        answer: _Answer | None = None
        try:
            answer = await self._execute(scope, replay, send, position)
            if answer is not None:
                self._put(key, answer, kind)
        finally:
            del self._computing[(key, position)]
            computing.set_result(answer)

    async def _execute(
        self, scope: Scope, receive: Receive, send: Send, position: int
    ) -> _Answer | None:
        sent: list[Message] = []

        async def capture(message: Message) -> None:
            sent.append(copied_message(message))
            await send(message)

        await self.app(scope, receive, capture)
        answer = _single_answer(sent)
        if answer is None or len(answer[1]) > ANSWER_BYTES_MAX:
            return None
        if await self.position() != position:
            return None  # the read model moved while it ran
        return _Answer(position, answer[0], answer[1])

    def _put(self, key: Key, answer: _Answer, kind: str) -> None:
        old = self._answers.pop(key, None)
        if old is not None:
            self._bytes -= old.size
        self._answers[key] = answer
        self._bytes += answer.size
        while self._bytes > self.answers_bytes_max and self._answers:
            _, evicted = self._answers.popitem(last=False)
            self._bytes -= evicted.size
            metrics.KEPT_ANSWERS.labels(kind=kind, result="eviction").inc()
        metrics.KEPT_ANSWERS_BYTES.set(self._bytes)

    def _is_keepable(self, digest: bytes, body: bytes) -> bool:
        known = self._keepable.get(digest)
        if known is None:
            known = _scoped_query(body)
            self._keepable[digest] = known
            while len(self._keepable) > DOCUMENTS_MAX:
                self._keepable.popitem(last=False)
        return known


def _signed_in(scope: Scope) -> Principal | None:
    """The caller of a JSON POST who holds a token; None for anything else."""
    if scope["type"] != "http" or scope["method"] != "POST":
        return None
    principal = scope.get("state", {}).get("principal")
    if not isinstance(principal, Principal) or principal.anonymous:
        return None
    content_type: bytes = dict(scope.get("headers", ())).get(b"content-type", b"")
    if content_type.split(b";")[0].strip().lower() != b"application/json":
        return None
    return principal


def _scoped_query(body: bytes) -> bool:
    """A query (not a mutation or subscription) whose root fields are all kept per scope."""
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
        isinstance(selection, FieldNode) and selection.name.value in SCOPED_FIELDS
        for selection in chosen[0].selection_set.selections
    )
