"""The baseline for GraphQL serving: a plain Starlette endpoint that answers ``POST /graphql``
with fixed bytes (the ledger's own dashboard answer), run by the same ``uvicorn.run`` call as
``khuyencong serve``, so the two differ only in the work done per request.

    python -m scripts.benchmarks.plain_server --host 127.0.0.1 --port 8001 --body answer.json
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route


def create_app(body: bytes) -> Starlette:
    async def graphql(request: Request) -> Response:
        await request.body()  # read the query, as any server must, then ignore it
        return Response(body, media_type="application/json")

    async def readyz(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(
        routes=[Route("/graphql", graphql, methods=["POST"]), Route("/readyz", readyz)]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--body", type=Path, required=True, help="the bytes every POST answers")
    args = parser.parse_args(argv)
    app = create_app(args.body.read_bytes())
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
