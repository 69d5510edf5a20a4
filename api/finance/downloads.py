"""Exports as download links: GraphQL hands out a short-lived signed link, and a plain GET of
it streams the file, so a browser can save it without sending a bearer token.

The link's signature is HMAC (HS256) with a key derived from the token secret; with RS256 tokens
(no secret here) a key is made per process, so set KHUYENCONG_SECRET as well when several API
replicas share a load balancer and links must work on any of them.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import jwt
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from api.auth import token_problem
from domain.errors import LedgerError
from domain.ledger import Ledger
from finance.exports.formats import FORMATS, download_file
from finance.exports.source import export_data
from projections.queries import ReadModel

LINK_TTL_S = 300
AUDIENCE = "khuyencong-export"


class DownloadLinks:
    def __init__(self, secret: str | None) -> None:
        seed = secret.encode() if secret else secrets.token_bytes(32)
        self.key = hashlib.sha256(b"khuyencong download links\x00" + seed).digest()

    def sign(self, fmt: str, program_code: str, year: int | None) -> tuple[str, datetime]:
        expires = int(time.time()) + LINK_TTL_S
        claims = {"fmt": fmt, "prg": program_code, "yr": year, "exp": expires, "aud": AUDIENCE}
        return jwt.encode(claims, self.key, algorithm="HS256"), datetime.fromtimestamp(expires, UTC)

    def read(self, token: str) -> tuple[str, str, int | None]:
        claims = jwt.decode(token, self.key, algorithms=["HS256"], audience=AUDIENCE)
        return str(claims["fmt"]), str(claims["prg"]), claims.get("yr")


def download_endpoint(
    ledger: Ledger, read_model: ReadModel, links: DownloadLinks
) -> Callable[[Request], Awaitable[Response]]:
    async def download(request: Request) -> Response:
        try:
            fmt, program_code, year = links.read(request.query_params.get("token", ""))
        except jwt.InvalidTokenError as error:
            return _refused(
                403, "DOWNLOAD_LINK_INVALID", f"the link is not valid: {token_problem(error)}"
            )
        if fmt not in FORMATS:
            return _refused(403, "DOWNLOAD_LINK_INVALID", "the link names no known format")
        folder = Path(tempfile.mkdtemp(prefix="khuyencong-export-"))
        try:
            path = await asyncio.to_thread(
                _write, ledger, read_model, fmt, program_code, year, folder
            )
        except LedgerError as error:
            shutil.rmtree(folder, ignore_errors=True)
            return _refused(400, error.code, error.message)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return FileResponse(
            path,
            media_type=FORMATS[fmt].media_type,
            filename=path.name,
            background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
        )

    return download


def _write(
    ledger: Ledger,
    read_model: ReadModel,
    fmt: str,
    program_code: str,
    year: int | None,
    folder: Path,
) -> Path:
    data = export_data(ledger, read_model, program_code, year, datetime.now(UTC))
    return download_file(fmt, data, folder)


def _refused(status: int, code: str, message: str) -> Response:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status)
