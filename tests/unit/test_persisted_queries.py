"""The store of automatic persisted queries stays bounded, forgetting the least recently used."""

from __future__ import annotations

import pytest

from api.graphql_params import GraphQLParams
from api.persisted_queries import (
    APQ_DOCUMENTS_MAX,
    DocumentRefused,
    PersistedQueries,
    sha256_hex,
)


def _register(store: PersistedQueries, document: str) -> None:
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256_hex(document)}}
    store.resolve(GraphQLParams(document, extensions=extensions))


def _by_hash(store: PersistedQueries, document: str) -> str | None:
    extensions = {"persistedQuery": {"version": 1, "sha256Hash": sha256_hex(document)}}
    return store.resolve(GraphQLParams(None, extensions=extensions)).query


def test_the_store_forgets_the_least_recently_used_document_beyond_its_bound():
    store = PersistedQueries()
    documents = [f"{{ a{n}: __typename }}" for n in range(APQ_DOCUMENTS_MAX + 1)]
    for document in documents[:APQ_DOCUMENTS_MAX]:
        _register(store, document)
    assert _by_hash(store, documents[0]) == documents[0]  # used: now the most recent
    _register(store, documents[-1])
    assert _by_hash(store, documents[0]) == documents[0]
    assert _by_hash(store, documents[-1]) == documents[-1]
    with pytest.raises(DocumentRefused):
        _by_hash(store, documents[1])  # the least recently used went first
