"""Automatic Persisted Queries (Apollo's protocol) and the allow-list of trusted documents."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from scripts.settings import Settings, SettingsError
from tests.e2e.http_support import BUDGET, Served, served_ledger

GRAPHQL_RESPONSE = "application/graphql-response+json"
TRUSTED = '{ program(code: "BD-KC-2025") { code } }'


def sha256(document: str) -> str:
    return hashlib.sha256(document.encode()).hexdigest()


def persisted(document: str) -> dict[str, object]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256(document)}}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with served_ledger(tmp_path_factory.mktemp("apq")) as served:
        yield served


@pytest.fixture(scope="module")
def trusted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    where = tmp_path_factory.mktemp("trusted")
    manifest = where / "persisted-documents.json"
    manifest.write_text(json.dumps({sha256(TRUSTED): TRUSTED}), encoding="utf-8")
    with served_ledger(where, {"KHUYENCONG_TRUSTED_DOCUMENTS": str(manifest)}) as served:
        yield served


def post(served: Served, body: dict[str, object], accept: str = "application/json"):
    return served.api.client.post("/graphql", json=body, headers={"Accept": accept})


def get(served: Served, params: dict[str, object]):
    encoded = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    return served.api.client.get(f"/graphql?{urlencode(encoded)}")


def code(response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


def test_a_hash_runs_once_its_query_was_registered(served):
    document = BUDGET + " # registered by POST"
    hash_only = {"extensions": persisted(document)}
    unknown = post(served, hash_only)
    assert unknown.status_code == 200
    assert code(unknown) == "PERSISTED_QUERY_NOT_FOUND"
    assert unknown.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert unknown.headers["cache-control"] == "no-store"
    assert post(served, {**hash_only, "query": document}).json()["data"]["budget"]
    again = post(served, hash_only)
    assert again.status_code == 200
    assert again.json()["data"]["budget"]["totals"]["allocated"] == "1000000000"


def test_a_get_with_the_extensions_parameter_runs_a_registered_hash(served):
    document = BUDGET + " # registered by GET"
    assert code(get(served, {"extensions": persisted(document)})) == "PERSISTED_QUERY_NOT_FOUND"
    registered = get(served, {"query": document, "extensions": persisted(document)})
    assert registered.status_code == 200
    answer = get(served, {"extensions": persisted(document)})
    assert answer.status_code == 200
    assert answer.json() == registered.json()
    assert "etag" in answer.headers  # a hash-only GET can be kept by a CDN


def test_an_unknown_hash_answers_200_with_null_data_for_graphql_response_json(served):
    # As Apollo Server does: Apollo Client before 3.8 stops sending hashes after a 400.
    response = post(served, {"extensions": persisted("{ never sent }")}, GRAPHQL_RESPONSE)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(GRAPHQL_RESPONSE)
    assert response.json()["data"] is None
    assert code(response) == "PERSISTED_QUERY_NOT_FOUND"


def test_a_query_whose_hash_does_not_match_is_refused_and_not_registered(served):
    document = BUDGET + " # the hash of another"
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": sha256(BUDGET + " # other")}}
    refused = post(served, {"query": document, "extensions": wrong})
    assert refused.status_code == 400
    assert code(refused) == "PERSISTED_QUERY_HASH_MISMATCH"
    assert code(post(served, {"extensions": wrong})) == "PERSISTED_QUERY_NOT_FOUND"


@pytest.mark.parametrize(
    ("persisted_query", "expected"),
    [
        ({"version": 2, "sha256Hash": "a" * 64}, "PERSISTED_QUERY_VERSION_UNSUPPORTED"),
        ({"version": 1, "sha256Hash": "not-a-hash"}, "BAD_REQUEST"),
        ("sha256", "BAD_REQUEST"),
    ],
)
def test_a_malformed_persisted_query_answers_400(served, persisted_query, expected):
    response = post(served, {"extensions": {"persistedQuery": persisted_query}})
    assert response.status_code == 400
    assert code(response) == expected


def test_only_trusted_documents_run_by_hash_or_in_full(trusted):
    by_hash = post(trusted, {"extensions": persisted(TRUSTED)})
    assert by_hash.json()["data"]["program"]["code"] == "BD-KC-2025"
    by_id = post(trusted, {"documentId": f"sha256:{sha256(TRUSTED)}"})
    assert by_id.json()["data"]["program"]["code"] == "BD-KC-2025"
    in_full = post(trusted, {"query": TRUSTED})
    assert in_full.json()["data"]["program"]["code"] == "BD-KC-2025"


def test_an_untrusted_document_is_refused_and_cannot_be_registered(trusted):
    other = "{ programs { code } }"
    refused = post(trusted, {"query": other, "extensions": persisted(other)})
    assert code(refused) == "DOCUMENT_NOT_TRUSTED"
    assert "data" not in refused.json()
    assert code(post(trusted, {"extensions": persisted(other)})) == "DOCUMENT_NOT_TRUSTED"
    strict = post(trusted, {"query": other}, GRAPHQL_RESPONSE)
    assert strict.status_code == 400
    assert code(strict) == "DOCUMENT_NOT_TRUSTED"


def test_a_manifest_whose_hash_is_not_its_documents_stops_the_server(tmp_path: Path):
    manifest = tmp_path / "persisted-documents.json"
    manifest.write_text(json.dumps({sha256("{ a }"): "{ b }"}), encoding="utf-8")
    with pytest.raises(SettingsError, match="KHUYENCONG_TRUSTED_DOCUMENTS"):
        Settings.from_env({"KHUYENCONG_TRUSTED_DOCUMENTS": str(manifest)})
