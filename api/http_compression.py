"""What is compressed: answers of at least COMPRESSED_BYTES_MIN (smaller ones gain less than
the gzip header costs), except streams that must reach the client as each part is written
(multipart/mixed and event streams, should one be served) and formats already compressed (XLSX
is a ZIP)."""

from __future__ import annotations

from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

COMPRESSED_BYTES_MIN = 1_024
COMPRESSION_LEVEL = 6  # of 9: nearly level 9's size at a fraction of its time
NOT_COMPRESSED = (
    *DEFAULT_EXCLUDED_CONTENT_TYPES,
    "multipart/mixed",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)


class Compression:
    """Starlette's GZipMiddleware for the requests that accept gzip; the others go straight
    through (its identity path re-reads its settings on every request, for nothing)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(
            app,
            minimum_size=COMPRESSED_BYTES_MIN,
            compresslevel=COMPRESSION_LEVEL,
            exclude_content_types=NOT_COMPRESSED,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _accepts_gzip(scope):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def _accepts_gzip(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"accept-encoding":
            return b"gzip" in value.lower()
    return False
