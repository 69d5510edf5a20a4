"""The ASGI application: GraphQL (HTTP and WebSocket) at /graphql, GraphiQL in a browser, and
/healthz, /readyz, /metrics for operators."""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from api import metrics
from api.auth import ANONYMOUS, TokenKeys, Unauthenticated, authenticate
from api.context import Context
from api.downloads import DownloadLinks, download_endpoint
from api.public_answers import PublicAnswers
from api.schema import build_schema
from domain.ledger import Ledger
from projections.queries import ReadModel

log = logging.getLogger("khuyencong.api")
READY_LAG_MAX_EVENTS = 1_000
MIN_POSITION_HEADER = "x-min-position"


@dataclass(frozen=True)
class ApiSettings:
    keys: TokenKeys
    introspection: bool = True
    allowed_origins: Sequence[str] = ()
    ready_lag_max_events: int = READY_LAG_MAX_EVENTS


class LedgerGraphQL(GraphQL[Context, None]):
    def __init__(self, ledger: Ledger, read_model: ReadModel, settings: ApiSettings) -> None:
        super().__init__(
            build_schema(introspection=settings.introspection),
            allowed_origins=settings.allowed_origins,
            keep_alive=True,
            keep_alive_interval=15,
            # Statement files may come as multipart uploads (the GraphQL multipart request
            # spec); strawberry then requires a preflight header, which blocks cross-site forms.
            multipart_uploads_enabled=True,
        )
        self.ledger = ledger
        self.read_model = read_model
        self.settings = settings
        self.downloads = DownloadLinks(settings.keys.secret)

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        principal = getattr(request.state, "principal", ANONYMOUS)
        return Context(
            ledger=self.ledger,
            read_model=self.read_model,
            principal=principal,
            request_id=getattr(request.state, "request_id", uuid.uuid4().hex[:12]),
            min_position=getattr(request.state, "min_position", None),
            downloads=self.downloads,
        )

    async def on_ws_connect(self, context: Context) -> Any:
        params = context.connection_params or {}
        header = params.get("authorization") or params.get("Authorization")
        if header:
            try:
                context.principal = authenticate(self.settings.keys, str(header))
            except Unauthenticated as error:
                raise ConnectionRejectionError(
                    {"code": error.code, "message": error.message}
                ) from None
        return await super().on_ws_connect(context)

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        for error in result.errors or ():
            code = (error.extensions or {}).get("code", "REQUEST")
            metrics.GRAPHQL_ERRORS.labels(code=str(code)).inc()
        return await super().process_result(request, result)


class RequestGate:
    """Authenticates, reads X-Min-Position, gives each request an id, counts it."""

    def __init__(self, app: ASGIApp, keys: TokenKeys) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})
        state["request_id"] = uuid.uuid4().hex[:12]
        headers = {
            k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])
        }
        try:
            state["principal"] = authenticate(self.keys, headers.get("authorization"))
            state["min_position"] = _min_position(headers.get(MIN_POSITION_HEADER))
        except Unauthenticated as error:
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 4401, "reason": error.message})
                return
            await _refuse(scope, receive, send, 401, error.code, error.message)
            return
        except ValueError as error:
            await _refuse(scope, receive, send, 400, "INVALID_HEADER", str(error))
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = (
            scope["path"]
            if scope["path"] in {"/graphql", "/healthz", "/readyz", "/metrics"}
            else "other"
        )
        started = time.perf_counter()
        status = {"code": 500}

        async def counting_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, counting_send)
        finally:
            metrics.REQUESTS.labels(path=path, status=str(status["code"])).inc()
            metrics.LATENCY.labels(path=path).observe(time.perf_counter() - started)


def _min_position(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.strip().isdigit():
        raise ValueError("X-Min-Position is a ledger position, a whole number")
    return int(value)


async def _refuse(
    scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str
) -> None:
    body = {"errors": [{"message": message, "extensions": {"code": code}}]}
    response = JSONResponse(
        body, status_code=status, headers={"WWW-Authenticate": "Bearer"} if status == 401 else None
    )
    await response(scope, receive, send)


def create_asgi_app(ledger: Ledger, read_model: ReadModel, settings: ApiSettings) -> ASGIApp:
    graphql = LedgerGraphQL(ledger, read_model, settings)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    async def readyz(request: Request) -> Response:
        try:
            head = await asyncio.wait_for(asyncio.to_thread(read_model.head), timeout=2)
        except Exception as error:
            return JSONResponse({"ready": False, "reason": type(error).__name__}, status_code=503)
        ready = head.lag <= settings.ready_lag_max_events
        body = {
            "ready": ready,
            "position": head.position,
            "readModelPosition": head.read_model_position,
            "lag": head.lag,
        }
        return JSONResponse(body, status_code=200 if ready else 503)

    async def metrics_endpoint(request: Request) -> Response:
        head = await asyncio.to_thread(read_model.head)
        metrics.EVENTS_POSITION.set(head.position)
        metrics.READ_MODEL_POSITION.set(head.read_model_position)
        metrics.READ_MODEL_LAG.set(head.lag)
        return Response(generate_latest(metrics.REGISTRY), media_type=CONTENT_TYPE_LATEST)

    app = Starlette(
        routes=[
            Route("/graphql", PublicAnswers(graphql, read_model.position), methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
            Route("/exports/{name}", download_endpoint(ledger, read_model, graphql.downloads)),
        ]
    )
    return RequestGate(app, settings.keys)
