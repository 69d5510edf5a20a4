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

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable

from starlette.types import ASGIApp, Receive, Scope, Send

from api import metrics
from api.auth import Principal
from api.kept_answers import Answer, AnswerKeeper, is_json_post, read_body, replaying

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

ReadScope = tuple[str, str | None]  # role, unit


def read_scope(principal: Principal) -> ReadScope:
    """What a signed-in caller's reads depend on: its role and its unit. The unit is kept
    whatever the role, so a token naming a unit never shares with one that does not."""
    return (principal.role, principal.unit_code)


class ScopedAnswers(AnswerKeeper):
    """ASGI middleware in front of the GraphQL app: signed-in callers' answers, kept."""

    def __init__(
        self,
        app: ASGIApp,
        position: Callable[[], Awaitable[int]],
        answers_bytes_max: int = ANSWERS_BYTES_MAX,
    ) -> None:
        super().__init__(app, position, SCOPED_FIELDS, ANSWER_BYTES_MAX)
        self.answers_bytes_max = answers_bytes_max
        self._answers: OrderedDict[Hashable, Answer] = OrderedDict()
        self._bytes = 0

    @property
    def kept_bytes(self) -> int:
        return self._bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        principal = _signed_in(scope)
        if principal is None or self.answers_bytes_max <= 0:
            await self.app(scope, receive, send)
            return
        body, complete = await read_body(receive)  # up to kept_answers.BODY_BYTES_MAX
        replay = replaying(body, complete, receive)
        digest = hashlib.sha256(body).digest()
        if not complete or not self._is_keepable(digest, body):
            await self.app(scope, replay, send)
            return
        position = await self._position_now()
        wanted = scope.get("state", {}).get("min_position")
        if wanted is not None and wanted > position:
            # Not reached yet: the query waits for it, and what it answers is not kept.
            await self.app(scope, replay, send)
            return
        headers = dict(scope.get("headers", ()))
        # The scope, the request's SHA-256, its Accept and its Origin.
        key = (
            read_scope(principal),
            digest,
            headers.get(b"accept", b""),
            headers.get(b"origin", b""),
        )
        await self._answer(scope, replay, send, key, position, principal.role)

    def _kept(self, key: Hashable) -> Answer | None:
        kept = self._answers.get(key)
        if kept is not None:
            self._answers.move_to_end(key)  # least recently used first out
        return kept

    def _keep(self, key: Hashable, answer: Answer, kind: str) -> None:
        old = self._answers.pop(key, None)
        if old is not None:
            self._bytes -= old.size
        self._answers[key] = answer
        self._bytes += answer.size
        while self._bytes > self.answers_bytes_max and self._answers:
            _, evicted = self._answers.popitem(last=False)
            self._bytes -= evicted.size
            self._count(kind, "eviction")
        metrics.KEPT_ANSWERS_BYTES.set(self._bytes)

    def _count(self, kind: str, result: str) -> None:
        metrics.KEPT_ANSWERS.labels(kind=kind, result=result).inc()


def _signed_in(scope: Scope) -> Principal | None:
    """The caller of a JSON POST who holds a token; None for anything else."""
    principal = scope.get("state", {}).get("principal")
    if not isinstance(principal, Principal) or principal.anonymous or not is_json_post(scope):
        return None
    return principal
