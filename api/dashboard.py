"""The dashboard: static files the package ships, served at / (the page) and /dashboard/ (its
scripts and styles). It speaks to the ledger only through the public GraphQL API, like any other
frontend, so it needs nothing from the server but these files."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

DASHBOARD_DIR = Path(__file__).parent / "static" / "dashboard"
# The page is small and changes with the package: browsers revalidate it every time, so a new
# release is seen at once, while the ETag keeps the revalidation a 304.
PAGE_CACHE_CONTROL = "no-cache"
# Refuses to be framed and to run scripts from anywhere but the server itself.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)


async def _page(request: Request) -> Response:
    response = FileResponse(DASHBOARD_DIR / "index.html", media_type="text/html; charset=utf-8")
    response.headers["Cache-Control"] = PAGE_CACHE_CONTROL
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response


def dashboard_routes() -> list[BaseRoute]:
    return [
        Route("/", _page),
        Mount("/dashboard", StaticFiles(directory=DASHBOARD_DIR), name="dashboard"),
    ]
