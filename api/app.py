"""The ASGI application: GraphQL (HTTP and WebSocket) at /graphql, GraphiQL in a browser, and
/healthz, /readyz, /metrics for operators."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import ASGIApp
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult

from api import metrics
from api.auth import ANONYMOUS, TokenKeys, Unauthenticated, authenticate
from api.context import Context
from api.cors import Cors
from api.dashboard import dashboard_routes
from api.errors import coded
from api.finance.downloads import DownloadLinks, download_endpoint
from api.graphiql.assets import asset_routes
from api.graphiql.page import graphiql_page
from api.http_cache import HttpCache
from api.http_compression import Compression
from api.http_semantics import GraphQLOverHTTP
from api.middleware import Authentication, MinPosition, RequestMetrics
from api.persisted_queries import PersistedQueries
from api.public_answers import PublicAnswers
from api.request_body import BODY_BYTES_MAX, RequestBody
from api.schema import build_schema
from api.scoped_answers import ANSWERS_BYTES_MAX, ScopedAnswers
from api.waits import Positions
from domain.ledger import Ledger
from projections.queries import ReadModel
from projections.replica import Replica

log = logging.getLogger("khuyencong.api")
READY_LAG_MAX_EVENTS = 1_000


@dataclass(frozen=True)
class ApiSettings:
    keys: TokenKeys
    introspection: bool = True
    allowed_origins: Sequence[str] = ()
    ready_lag_max_events: int = READY_LAG_MAX_EVENTS
    body_bytes_max: int = BODY_BYTES_MAX
    trusted_documents: Mapping[str, str] | None = None  # hash: document; None lets any run
    kept_answers_bytes_max: int = ANSWERS_BYTES_MAX  # signed-in answers; 0 keeps none


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
        self.positions = Positions(read_model)

    async def get_context(self, request: Request | WebSocket, response: Any) -> Context:
        principal = getattr(request.state, "principal", ANONYMOUS)
        return Context(
            ledger=self.ledger,
            read_model=self.read_model,
            principal=principal,
            request_id=getattr(request.state, "request_id", uuid.uuid4().hex[:12]),
            min_position=getattr(request.state, "min_position", None),
            downloads=self.downloads,
            positions=self.positions,
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        return graphiql_page()  # the package's own files: nothing from another host

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
        # The schema shapes its answers' errors; this catches any that came another way.
        if result.errors:
            result.errors = [coded(error) for error in result.errors]
        for error in result.errors or ():
            code = (error.extensions or {}).get("code", "REQUEST")
            metrics.GRAPHQL_ERRORS.labels(code=str(code)).inc()
        return await super().process_result(request, result)


def create_asgi_app(
    ledger: Ledger, read_model: ReadModel, settings: ApiSettings, replica: Replica | None = None
) -> ASGIApp:
    """``replica``: the read model is read on a streaming replica, whose lag /readyz reports."""
    graphql = LedgerGraphQL(ledger, read_model, settings)

    async def healthz(request: Request) -> Response:
        return PlainTextResponse("ok")

    async def readyz(request: Request) -> Response:
        try:
            head = await asyncio.wait_for(asyncio.to_thread(read_model.head), timeout=2)
        except Exception as error:
            return JSONResponse({"ready": False, "reason": type(error).__name__}, status_code=503)
        ready = head.lag <= settings.ready_lag_max_events
        body: dict[str, Any] = {
            "ready": ready,
            "position": head.position,
            "readModelPosition": head.read_model_position,
            "lag": head.lag,
        }
        if replica is not None:
            body["replica"] = await replica_lag(replica)
        return JSONResponse(body, status_code=200 if ready else 503)

    async def metrics_endpoint(request: Request) -> Response:
        head = await asyncio.to_thread(read_model.head)
        metrics.EVENTS_POSITION.set(head.position)
        metrics.READ_MODEL_POSITION.set(head.read_model_position)
        metrics.READ_MODEL_LAG.set(head.lag)
        if replica is not None:
            await replica_lag(replica)  # sets the replica's gauges
        return Response(generate_latest(metrics.REGISTRY), media_type=CONTENT_TYPE_LATEST)

    app = Starlette(
        routes=[
            Route(
                "/graphql",
                GraphQLOverHTTP(
                    HttpCache(
                        PublicAnswers(
                            ScopedAnswers(
                                graphql,
                                graphql.positions.position,
                                settings.kept_answers_bytes_max,
                            ),
                            graphql.positions.position,
                        ),
                        graphql.positions.position,
                    ),
                    PersistedQueries(settings.trusted_documents),
                ),
                methods=["GET", "POST"],
            ),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", metrics_endpoint),
            Route("/exports/{name}", download_endpoint(ledger, read_model, graphql.downloads)),
            *asset_routes(),
            *dashboard_routes(),
        ]
    )
    # Outermost first: CORS answers a preflight and marks every answer, refusals included;
    # answers are compressed (refusals too); a request is authenticated before its
    # X-Min-Position and its body are read, and only one let through all of them gets an id and
    # is counted. At /graphql: the HTTP semantics, then HTTP caching of GETs, then the public
    # answers kept per position.
    return Cors(
        Compression(
            Authentication(
                MinPosition(RequestBody(RequestMetrics(app), settings.body_bytes_max)),
                settings.keys,
            )
        ),
        settings.allowed_origins,
    )


async def replica_lag(replica: Replica) -> dict[str, Any]:
    """The replica's lag for /readyz (and /metrics); a replica that cannot be asked says why
    (the positions above, read there, already made /readyz answer 503 if it is down)."""
    try:
        lag = await asyncio.wait_for(asyncio.to_thread(replica.lag), timeout=2)
    except Exception as error:
        return {"reachable": False, "reason": type(error).__name__}
    metrics.REPLICA_LAG_BYTES.set(lag.bytes)
    metrics.REPLICA_LAG_SECONDS.set(lag.seconds)
    return {
        "lagPositions": lag.positions,
        "lagBytes": lag.bytes,
        "lagSeconds": round(lag.seconds, 3),
        "inRecovery": lag.in_recovery,
    }
