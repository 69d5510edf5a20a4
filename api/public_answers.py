"""Public answers, kept per read-model position.

A public dashboard asks the same anonymous query again and again (the program, its targets,
the budget totals), and between two events the answer cannot change: those fields are a
function of the read model at its position (the program's definition aside, which comes from
the event store and is always at least as new). So the answer's bytes are kept, keyed by the
request's bytes, and given again while the read model stays at the position they were computed
at (api/kept_answers.py).

Only what is safe to share is kept: anonymous POSTs (a token may see more, and its unit is part
of what it sees), of a query whose every root field is in ``SHARED_FIELDS``, without
X-Min-Position, answered 200 in one piece without errors, and only when the read model did not
move while the query ran. Checkpoints and proofs are public too but are not kept: a checkpoint
is signed without any event being written.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable

from starlette.types import ASGIApp, Receive, Scope, Send

from api import metrics
from api.auth import ANONYMOUS
from api.kept_answers import (
    Answer,
    AnswerKeeper,
    bounded_put,
    is_json_post,
    read_body,
    replaying,
)

SHARED_FIELDS = frozenset({"program", "programs", "targets", "budget", "__typename"})
ANSWERS_MAX = 256  # distinct queries kept; a dashboard sends a handful


class PublicAnswers(AnswerKeeper):
    def __init__(self, app: ASGIApp, position: Callable[[], Awaitable[int]]) -> None:
        super().__init__(app, position, SHARED_FIELDS)
        self._answers: OrderedDict[Hashable, Answer] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _candidate(scope):
            await self.app(scope, receive, send)
            return
        body, complete = await read_body(receive)
        replay = replaying(body, complete, receive)
        digest = hashlib.sha256(body).digest()
        if not complete or not self._is_keepable(digest, body):
            await self.app(scope, replay, send)
            return
        headers = dict(scope.get("headers", ()))
        # The request's SHA-256, its Accept and its Origin.
        key = (digest, headers.get(b"accept", b""), headers.get(b"origin", b""))
        await self._answer(scope, replay, send, key, await self._position_now(), "public")

    def _kept(self, key: Hashable) -> Answer | None:
        return self._answers.get(key)

    def _keep(self, key: Hashable, answer: Answer, kind: str) -> None:
        bounded_put(self._answers, key, answer, ANSWERS_MAX)

    def _count(self, kind: str, result: str) -> None:
        metrics.PUBLIC_ANSWERS.labels(result=result).inc()


def _candidate(scope: Scope) -> bool:
    state = scope.get("state", {})
    if state.get("principal") is not ANONYMOUS or state.get("min_position") is not None:
        return False
    return is_json_post(scope)
