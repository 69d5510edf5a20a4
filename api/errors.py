"""One place where errors are translated for clients.

Domain errors keep their message and carry ``extensions.code`` and ``field``; errors about the
request itself (syntax, validation, variables) are shown as they are; anything else raised by a
resolver is logged with the request id and masked. A transient database fault (a lost
connection, a locked file) is masked too, but coded ``UNAVAILABLE`` with
``extensions.retryable: true``: the request was fine, the same request may succeed in a moment.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from domain.errors import LedgerError
from projections.store import is_transient

log = logging.getLogger("khuyencong.api")
UNEXPECTED = "Unexpected error; it was logged with request id {request_id}."
UNAVAILABLE = (
    "The database is unavailable for a moment; retry the request (with the same idempotency "
    "key for a mutation). Request id {request_id}."
)


class ErrorPolicy(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors: list[GraphQLError] | None = getattr(result, "errors", None)
        if result is None or not errors:
            return
        request_id = _request_id(self.execution_context.context)
        result.errors = [_shape(error, request_id) for error in errors]


def _shape(error: GraphQLError, request_id: str) -> GraphQLError:
    original = error.original_error
    if isinstance(original, LedgerError):
        return GraphQLError(
            original.message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": original.code, "field": original.field},
        )
    if original is None or isinstance(original, GraphQLError) or error.path is None:
        return coded(error)  # about the request: syntax, validation, variables, limits
    if is_transient(original):
        log.warning("request %s: database unavailable at %s: %s", request_id, error.path, original)
        return GraphQLError(
            UNAVAILABLE.format(request_id=request_id),
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "UNAVAILABLE", "retryable": True},
        )
    log.error("request %s: unexpected error at %s", request_id, error.path, exc_info=original)
    return GraphQLError(
        UNEXPECTED.format(request_id=request_id),
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": "INTERNAL"},
    )


def coded(error: GraphQLError) -> GraphQLError:
    """An error about the request that names no code of its own (graphql-core's and strawberry's
    parse and validation rules do not) gets INVALID_DOCUMENT, so every error has a code."""
    if (error.extensions or {}).get("code"):
        return error
    return GraphQLError(
        error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={**(error.extensions or {}), "code": "INVALID_DOCUMENT"},
    )


def _request_id(context: object) -> str:
    return str(getattr(context, "request_id", "-"))
