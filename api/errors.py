"""One place where errors are translated for clients: every error carries ``extensions.code``.

- ``GRAPHQL_PARSE_FAILED``: the document is not GraphQL (a syntax error, over the token limit);
- ``GRAPHQL_VALIDATION_FAILED``: it parses but does not fit the schema (an unknown field, a
  fragment cycle, over the depth or alias limit);
- ``BAD_USER_INPUT``: a value does not fit its type (a variable of the wrong type, a VND that is
  not a string of digits, a date that does not exist), with ``extensions.field`` naming where:
  ``asOf.effectiveOn`` for an argument, ``$input.amount`` for a variable;
- ``OPERATION_RESOLUTION_FAILURE``: no operation to run (an unknown ``operationName``, or
  several operations and none named);
- a domain refusal's own code (``FISCAL_DATE_VIOLATION``, ``FORBIDDEN`` …) and its field;
- ``UNAVAILABLE`` (with ``extensions.retryable: true``) for a transient database fault, masked;
- ``INTERNAL`` for anything else a resolver raised: logged with the request id and masked.

The same shaping runs for answers over HTTP and over a WebSocket (api/schema.py calls
``shaped`` on every result), so a subscription's errors are coded like a query's.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from graphql import DocumentNode, GraphQLError, GraphQLSyntaxError, Node, visit
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension

from api.scalars import ScalarInputError
from domain.errors import LedgerError
from projections.store import is_transient

log = logging.getLogger("khuyencong.api")
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
UNAVAILABLE_CODE = "UNAVAILABLE"
INTERNAL = "INTERNAL"
UNEXPECTED = "Unexpected error; it was logged with request id {request_id}."
UNAVAILABLE = (
    "The database is unavailable for a moment; retry the request (with the same idempotency "
    "key for a mutation). Request id {request_id}."
)
# graphql-core's words for a variable that does not fit its type, with the path inside it.
_VARIABLE = re.compile(r"^Variable '\$(\w+)' (?:has invalid value(?: at ([^:]+))?:|of )")


class ErrorPolicy(SchemaExtension):
    """Codes what validation finds while it is known to be validation: past this point a
    pathless error is about the request's values, not its document."""

    def on_validate(self) -> Iterator[None]:
        yield
        context = self.execution_context
        if context.pre_execution_errors and context.graphql_document is not None:
            document = context.graphql_document
            # In place: strawberry has already taken this list into its answer.
            errors = context.pre_execution_errors
            errors[:] = [_validation_error(error, document) for error in errors]


def shaped(errors: list[GraphQLError], request_id: str) -> list[GraphQLError]:
    """The errors as clients see them: each coded, none showing a Python exception."""
    return [_shape(error, request_id) for error in errors]


def error_code(error: GraphQLError) -> str:
    """The code a shaped error carries in ``extensions.code`` (see the module's list)."""
    given = (error.extensions or {}).get("code")
    if given:
        return str(given)
    original = error.original_error
    if isinstance(original, LedgerError):
        return original.code
    if isinstance(error, GraphQLSyntaxError) or isinstance(original, GraphQLSyntaxError):
        return PARSE_FAILED
    if original is None or isinstance(original, GraphQLError) or error.path is None:
        # Validation errors were coded while validating; what remains without a place in
        # the answer is about the request's values (variables that do not fit their types).
        return BAD_USER_INPUT
    return UNAVAILABLE_CODE if is_transient(original) else INTERNAL


def coded(error: GraphQLError) -> GraphQLError:
    """An error that reached the HTTP answer by another way than the schema keeps its own code
    or gets the one ``error_code`` gives it."""
    return _shape(error, "-")


def _shape(error: GraphQLError, request_id: str) -> GraphQLError:
    code = error_code(error)
    original = error.original_error
    extensions: dict[str, Any] = {**(error.extensions or {}), "code": code}
    message = error.message
    if isinstance(original, LedgerError):
        message = original.message
        extensions["field"] = original.field
    elif code == PARSE_FAILED:
        message = error.message
    elif code == BAD_USER_INPUT and "field" not in extensions:
        field = _variable_path(error.message)
        extensions["field"] = field
        message = _bad_value_message(error, field)
    elif code == UNAVAILABLE_CODE:
        log.warning("request %s: database unavailable at %s: %s", request_id, error.path, original)
        message = UNAVAILABLE.format(request_id=request_id)
        extensions["retryable"] = True
    elif code == INTERNAL:
        log.error("request %s: unexpected error at %s", request_id, error.path, exc_info=original)
        message = UNEXPECTED.format(request_id=request_id)
    return _with(error, message, extensions)


def _validation_error(error: GraphQLError, document: DocumentNode) -> GraphQLError:
    if (error.extensions or {}).get("code"):
        return error  # the limits and the text check name their own
    scalar = _scalar_error(error)
    if scalar is None:
        return _with(error, error.message, {**(error.extensions or {}), "code": VALIDATION_FAILED})
    # A literal in the document that its scalar refuses: the value is wrong, not the document.
    field = _argument_path(document, error.nodes[0]) if error.nodes else None
    message = f"{field}: {scalar}" if field else str(scalar)
    return _with(error, message, {"code": BAD_USER_INPUT, "field": field})


def _with(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


def _scalar_error(error: GraphQLError) -> ScalarInputError | None:
    """The refusal of one of this API's scalars behind an error, if that is what it is."""
    cause: BaseException | None = error
    for _ in range(5):  # graphql-core wraps it once or twice
        if isinstance(cause, ScalarInputError):
            return cause
        if cause is None:
            return None
        cause = getattr(cause, "original_error", None)
    return None


def _variable_path(message: str) -> str | None:
    found = _VARIABLE.match(message)
    if found is None:
        return None
    name, inner = found.groups()
    return f"${name}{inner or ''}"


def _bad_value_message(error: GraphQLError, field: str | None) -> str:
    scalar = _scalar_error(error)
    if scalar is None:
        return error.message
    return f"{field}: {scalar}" if field else str(scalar)


class _ArgumentPath(Visitor):
    """Finds the argument (and input fields) a literal value stands in."""

    def __init__(self, target: Node) -> None:
        super().__init__()
        self.target = target
        self.names: list[str] = []
        self.found: str | None = None

    def enter(self, node: Node, *_: Any) -> None:
        name = getattr(getattr(node, "name", None), "value", None)
        if node.kind in ("argument", "object_field") and isinstance(name, str):
            self.names.append(name)
        if node is self.target and self.found is None:
            self.found = ".".join(self.names)

    def leave(self, node: Node, *_: Any) -> None:
        if node.kind in ("argument", "object_field") and self.names:
            self.names.pop()


def _argument_path(document: DocumentNode, node: Node) -> str | None:
    finder = _ArgumentPath(node)
    visit(document, finder)
    return finder.found or None
