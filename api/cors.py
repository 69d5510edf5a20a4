"""CORS: browser apps on the origins an operator lists (KHUYENCONG_ALLOWED_ORIGINS, the same list
the WebSocket handshake checks) may call the API; pages on any other origin may not read it.

A preflight from a listed origin answers 204 with what may be sent; from another origin, or asking
for a method or header the API does not take, 403 with a coded error and no CORS headers. Other
requests pass through unchanged, and a listed origin's get ``Access-Control-Allow-Origin``. Every
answer says ``Vary: Origin``, so a cache never hands one origin's answer to another.

Credentials travel as bearer tokens, never cookies, so ``Access-Control-Allow-Credentials`` is not
sent: a page must hold a token to act, and an origin allowed here gains nothing ambient.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.http.websocket_origin import normalize_allowed_origins, normalize_origin

ALLOWED_METHODS = ("GET", "POST")
# The request headers the API reads; Accept and Content-Language need no permission.
ALLOWED_HEADERS = ("Authorization", "Content-Type", "X-Min-Position", "If-None-Match")
# The response headers a page may read beyond the always-readable ones: the scheme of a 401,
# an export's file name, a GET answer's validator.
EXPOSED_HEADERS = ("WWW-Authenticate", "Content-Disposition", "ETag")
PREFLIGHT_MAX_AGE_S = 600  # how long a browser may reuse a preflight's answer
ANY_ORIGIN = "*"


class Cors:
    def __init__(self, app: ASGIApp, allowed_origins: Iterable[str]) -> None:
        self.app = app
        self.allowed_origins = normalize_allowed_origins(tuple(allowed_origins))

    def allows(self, origin: str) -> bool:
        if ANY_ORIGIN in self.allowed_origins:
            return True
        return normalize_origin(origin) in self.allowed_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.allowed_origins:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        if scope["method"] == "OPTIONS" and origin and "access-control-request-method" in headers:
            await self.preflight(origin, headers, scope, receive, send)
            return
        allowed = origin is not None and self.allows(origin)

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                # A copy: the message may be one kept and sent again (api/kept_answers.py).
                message = {**message, "headers": list(message.get("headers", ()))}
                answer = MutableHeaders(scope=message)
                varies_by = {v.strip().lower() for v in answer.get("vary", "").split(",")}
                if "origin" not in varies_by:  # HTTP caching may have named it already
                    answer.add_vary_header("Origin")
                if allowed:
                    assert origin is not None
                    answer["Access-Control-Allow-Origin"] = origin
                    answer["Access-Control-Expose-Headers"] = ", ".join(EXPOSED_HEADERS)
            await send(message)

        await self.app(scope, receive, send_with_cors)

    async def preflight(
        self, origin: str, headers: Headers, scope: Scope, receive: Receive, send: Send
    ) -> None:
        refusal = self.refusal(origin, headers)
        if refusal is not None:
            body = {"errors": [{"message": refusal, "extensions": {"code": "CORS_REFUSED"}}]}
            refused = JSONResponse(body, status_code=403, headers={"Vary": "Origin"})
            await refused(scope, receive, send)
            return
        response = Response(
            status_code=204,
            headers={
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Methods": ", ".join(ALLOWED_METHODS),
                "Access-Control-Allow-Headers": ", ".join(ALLOWED_HEADERS),
                "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_S),
                "Vary": "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
            },
        )
        await response(scope, receive, send)

    def refusal(self, origin: str, headers: Headers) -> str | None:
        """Why a preflight is refused, or None when it is not."""
        if not self.allows(origin):
            return (
                f"the origin {origin} may not call this API; an operator lists the origins "
                "that may in KHUYENCONG_ALLOWED_ORIGINS"
            )
        method = headers["access-control-request-method"].strip().upper()
        if method not in ALLOWED_METHODS:
            return f"the API takes {' and '.join(ALLOWED_METHODS)}, not {method}"
        allowed = {name.lower() for name in ALLOWED_HEADERS}
        asked = [
            name.strip()
            for name in headers.get("access-control-request-headers", "").split(",")
            if name.strip()
        ]
        others = [name for name in asked if name.lower() not in allowed]
        if others:
            return (
                f"the API does not read the header(s) {', '.join(others)}; it reads "
                f"{', '.join(ALLOWED_HEADERS)}"
            )
        return None
