"""Documents named by their SHA-256 instead of sent in full.

Automatic Persisted Queries (Apollo's protocol): a request may carry
``extensions.persistedQuery = {"version": 1, "sha256Hash": "<hex>"}`` without a query. A hash
the server has not seen answers PERSISTED_QUERY_NOT_FOUND; the client then sends the query with
its hash, which is checked and kept, and later requests send the hash alone (a GET of a few
hundred bytes that a CDN can keep). The store is bounded: the least recently used documents go
first.

Trusted documents: with KHUYENCONG_TRUSTED_DOCUMENTS naming a manifest, ``{"<sha256>":
"<document>", ...}`` as GraphQL Code Generator's persisted documents write it, only the
documents it lists run, sent by hash (``extensions.persistedQuery`` or ``documentId``) or in
full; any other answers DOCUMENT_NOT_TRUSTED and nothing is registered.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from api.graphql_params import GraphQLParams, ParamsRefused

APQ_VERSION = 1
APQ_DOCUMENTS_MAX = 1_000
APQ_CHARS_MAX = 8 * 2**20  # of all the documents kept together
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"


class DocumentRefused(Exception):
    """The request names a document that may not run (yet): a GraphQL error with ``code``."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class ManifestError(ValueError):
    """The trusted documents manifest cannot be used."""


def sha256_hex(document: str) -> str:
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def load_manifest(path: Path) -> dict[str, str]:
    """``{"<sha256 of the document>": "<document>"}``; every hash is checked against its
    document, so a manifest edited by hand cannot let a different document through."""
    try:
        manifest: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ManifestError(f"cannot read {path}: {error}") from None
    if not isinstance(manifest, dict):
        raise ManifestError(f"{path} must be one JSON object of hash: document")
    for digest, document in manifest.items():
        if not isinstance(document, str) or sha256_hex(document) != _bare(digest):
            raise ManifestError(f"{path}: {digest!r} is not the SHA-256 of its document")
    return {_bare(digest): document for digest, document in manifest.items()}


class PersistedQueries:
    def __init__(self, trusted: Mapping[str, str] | None = None) -> None:
        self.trusted = dict(trusted) if trusted is not None else None
        self._kept: OrderedDict[str, str] = OrderedDict()
        self._kept_chars = 0

    def resolve(self, params: GraphQLParams) -> GraphQLParams:
        """The request with its document filled in; raises DocumentRefused or ParamsRefused."""
        digest = _requested_hash(params)
        if self.trusted is not None:
            return self._trusted(params, digest)
        if digest is None:
            return params
        if params.query is None:
            found = self._kept.get(digest)
            if found is None:
                raise DocumentRefused("PersistedQueryNotFound", PERSISTED_QUERY_NOT_FOUND)
            self._kept.move_to_end(digest)
            return params.with_query(found)
        if sha256_hex(params.query) != digest:
            raise ParamsRefused(
                "the persisted query's sha256Hash is not the SHA-256 of the query",
                "PERSISTED_QUERY_HASH_MISMATCH",
            )
        self._keep(digest, params.query)
        return params

    def _trusted(self, params: GraphQLParams, digest: str | None) -> GraphQLParams:
        assert self.trusted is not None
        if params.query is not None:
            if digest is not None and sha256_hex(params.query) != digest:
                raise ParamsRefused(
                    "the persisted query's sha256Hash is not the SHA-256 of the query",
                    "PERSISTED_QUERY_HASH_MISMATCH",
                )
            if sha256_hex(params.query) not in self.trusted:
                raise DocumentRefused(
                    "only trusted documents run on this server", "DOCUMENT_NOT_TRUSTED"
                )
            return params
        document = self.trusted.get(digest or "")
        if document is None:
            raise DocumentRefused("no trusted document has this hash", "DOCUMENT_NOT_TRUSTED")
        return params.with_query(document)

    def _keep(self, digest: str, query: str) -> None:
        if digest in self._kept:
            self._kept.move_to_end(digest)
            return
        self._kept[digest] = query
        self._kept_chars += len(query)
        while len(self._kept) > APQ_DOCUMENTS_MAX or self._kept_chars > APQ_CHARS_MAX:
            _, dropped = self._kept.popitem(last=False)
            self._kept_chars -= len(dropped)


def _requested_hash(params: GraphQLParams) -> str | None:
    """The document's hash the request names, if any, checked for shape."""
    if params.document_id is not None:
        digest = _bare(params.document_id)
        if not SHA256_HEX.fullmatch(digest):
            raise ParamsRefused("documentId must be sha256:<64 hex digits>")
        return digest
    persisted = (params.extensions or {}).get("persistedQuery")
    if persisted is None:
        return None
    if not isinstance(persisted, dict):
        raise ParamsRefused("extensions.persistedQuery must be an object")
    if persisted.get("version") != APQ_VERSION:
        raise ParamsRefused(
            f"persisted queries are supported in version {APQ_VERSION} only",
            "PERSISTED_QUERY_VERSION_UNSUPPORTED",
        )
    given = persisted.get("sha256Hash")
    if not isinstance(given, str) or not SHA256_HEX.fullmatch(given.lower()):
        raise ParamsRefused("extensions.persistedQuery.sha256Hash must be 64 hex digits")
    return given.lower()


def _bare(digest: str) -> str:
    """A hash without the ``sha256:`` prefix that document ids may carry."""
    return digest.removeprefix("sha256:").lower()
