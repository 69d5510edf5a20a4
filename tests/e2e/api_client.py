"""A GraphQL client over Starlette's test client, with tokens for each role."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from starlette.testclient import TestClient

from api.auth import TokenKeys, mint
from domain.ledger import Ledger
from projections.queries import ReadModel
from scripts.bootstrap import bootstrap, create_api, start_projector
from scripts.settings import Settings

SECRET = "test-secret-" + "x" * 40
KEYS = TokenKeys(secret=SECRET)


@dataclass
class Api:
    client: TestClient
    ledger: Ledger
    read_model: ReadModel

    def token(self, role: str, unit: str | None = None, ttl_s: int = 3600) -> str:
        return mint(KEYS, f"{role}.tester", role, unit, ttl_s)

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        role: str | None = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        bearer = token or (self.token(role) if role else None)
        sent = dict(headers or {})
        if bearer:
            sent["Authorization"] = f"Bearer {bearer}"
        return self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=sent
        )

    def data(self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        response = self.post(query, variables, **kwargs)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        return body["data"]

    def head(self) -> int:
        return int(self.data("{ ledgerHead { position } }")["ledgerHead"]["position"])


@contextmanager
def serving(
    ledger: Ledger, database_url: str, env: Mapping[str, str] | None = None
) -> Iterator[Api]:
    """The API over the ledger's database, with its projector running beside it; ``env``
    adds settings (KHUYENCONG_*) to the test's own."""
    settings = Settings.from_env(
        {
            "KHUYENCONG_DATABASE_URL": database_url,
            "KHUYENCONG_CHECKPOINT_INTERVAL": "0",
            "KHUYENCONG_SECRET": SECRET,
            **(env or {}),
        }
    )
    with bootstrap(settings, ledger=ledger) as services:
        stop = threading.Event()
        projector = start_projector(ledger, services.store, settings, stop)
        services.read_model.wait_for(ledger.head_position(), timeout_s=30)
        try:
            with TestClient(create_api(services), raise_server_exceptions=False) as client:
                yield Api(client, ledger, services.read_model)
        finally:
            stop.set()
            projector.join(timeout=10)
