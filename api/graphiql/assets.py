"""The files the GraphiQL page loads, served from the package under URLs that carry a digest of
their content: a browser may keep them for a year, since a changed file gets a new URL.

Only the files named here are served (no directory is exposed); vendor/README.md says where the
vendored ones come from and how to update them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

HERE = Path(__file__).parent
VENDOR = HERE / "vendor"
PREFIX = "/graphiql"
CACHE_FOREVER = "public, max-age=31536000, immutable"
DIGEST_HEX_CHARS = 16
JAVASCRIPT = "text/javascript; charset=utf-8"
CSS = "text/css; charset=utf-8"

# name in the URL -> (file, media type)
FILES: dict[str, tuple[Path, str]] = {
    "react.production.min.js": (VENDOR / "react.production.min.js", JAVASCRIPT),
    "react-dom.production.min.js": (VENDOR / "react-dom.production.min.js", JAVASCRIPT),
    "graphiql.min.js": (VENDOR / "graphiql.min.js", JAVASCRIPT),
    "graphiql.min.css": (VENDOR / "graphiql.min.css", CSS),
    "plugin-explorer.umd.js": (VENDOR / "plugin-explorer.umd.js", JAVASCRIPT),
    "plugin-explorer.css": (VENDOR / "plugin-explorer.css", CSS),
    "page.css": (HERE / "page.css", CSS),
    "start.js": (HERE / "start.js", JAVASCRIPT),
}


@dataclass(frozen=True)
class Asset:
    name: str
    path: Path
    media_type: str
    digest: str

    @property
    def url(self) -> str:
        return f"{PREFIX}/{self.digest}/{self.name}"

    @property
    def relative_url(self) -> str:
        """As the page at /graphql names it: relative, so that behind a proxy that serves the
        API under a path (https://intranet.example.vn/khuyencong/graphql) it still resolves."""
        return self.url.removeprefix("/")


@cache
def assets() -> dict[str, Asset]:
    """Every servable file with the digest of its content, read once per process."""
    return {
        name: Asset(name, path, media_type, _digest(path))
        for name, (path, media_type) in FILES.items()
    }


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:DIGEST_HEX_CHARS]


async def asset_endpoint(request: Request) -> Response:
    asset = assets().get(request.path_params["name"])
    if asset is None or asset.digest != request.path_params["digest"]:
        # An old URL after an update, or no such file: the page asks for the current one.
        return PlainTextResponse("Not Found", status_code=404)
    return FileResponse(
        asset.path,
        media_type=asset.media_type,
        headers={"Cache-Control": CACHE_FOREVER, "X-Content-Type-Options": "nosniff"},
    )


def asset_routes() -> list[Route]:
    return [Route(PREFIX + "/{digest}/{name}", asset_endpoint, methods=["GET", "HEAD"])]
