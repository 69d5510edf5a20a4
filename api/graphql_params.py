"""A GraphQL request's parameters, read from a GET's query string or a POST's JSON body and
checked before anything runs: ``query`` and ``operationName`` strings, ``variables`` and
``extensions`` objects (a GET carries those two as JSON text), each may be null or absent.
``query`` may be absent only when the document is named another way: a persisted query's hash
in ``extensions.persistedQuery`` or a trusted document's ``documentId``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode

from graphql import GraphQLError, OperationDefinitionNode, OperationType, parse

from api.limits import TOKENS_MAX
from api.request_body import JSON_DEPTH_MAX

OPERATIONS_CACHED = 256  # distinct documents whose operations are remembered


class ParamsRefused(Exception):
    """The request's parameters are not a GraphQL request: 400 with ``code``."""

    def __init__(self, message: str, code: str = "BAD_REQUEST") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class GraphQLParams:
    query: str | None
    operation_name: str | None = None
    variables: dict[str, Any] | None = None
    extensions: dict[str, Any] | None = None
    document_id: str | None = None
    # Members of a JSON body this module does not read, passed on as they came.
    others: dict[str, Any] = field(default_factory=dict)

    def with_query(self, query: str) -> GraphQLParams:
        return replace(self, query=query)

    def as_json(self) -> bytes:
        body: dict[str, Any] = {**self.others, "query": self.query}
        for name, value in (
            ("operationName", self.operation_name),
            ("variables", self.variables),
            ("extensions", self.extensions),
        ):
            if value is not None:
                body[name] = value
        return json.dumps(body, ensure_ascii=False).encode()

    def as_query_string(self) -> bytes:
        pairs = [("query", self.query or "")]
        if self.operation_name is not None:
            pairs.append(("operationName", self.operation_name))
        for name, value in (("variables", self.variables), ("extensions", self.extensions)):
            if value is not None:
                pairs.append((name, json.dumps(value, ensure_ascii=False)))
        return urlencode(pairs).encode()


def from_json_body(body: bytes) -> GraphQLParams:
    try:
        request = json.loads(body) if body.strip() else None
    except ValueError:
        raise ParamsRefused("the request body is not JSON", "INVALID_BODY") from None
    if not isinstance(request, dict):
        raise ParamsRefused("the request body must be one JSON object with a query")
    known = {"query", "operationName", "variables", "extensions", "documentId"}
    return _checked(
        request.get("query"),
        request.get("operationName"),
        request.get("variables"),
        request.get("extensions"),
        request.get("documentId"),
        {name: value for name, value in request.items() if name not in known},
    )


def from_query_string(query_string: bytes) -> GraphQLParams:
    try:
        pairs = parse_qsl(query_string.decode("utf-8"), keep_blank_values=True)
    except (UnicodeDecodeError, ValueError):
        raise ParamsRefused("the query string is not UTF-8 form-encoded") from None
    found: dict[str, str] = {}
    for name, value in pairs:
        if name in found:
            raise ParamsRefused(f"the parameter {name} is given more than once")
        found[name] = value
    return _checked(
        found.get("query"),
        found.get("operationName"),
        _json_param(found, "variables"),
        _json_param(found, "extensions"),
        found.get("documentId"),
        {},
    )


def _json_param(found: dict[str, str], name: str) -> Any:
    text = found.get(name)
    if text is None or text == "":
        return None
    try:
        value = json.loads(text)
    except RecursionError:
        raise _too_deep(name) from None
    except ValueError:
        raise ParamsRefused(f"the parameter {name} is not JSON") from None
    if _depth(value) > JSON_DEPTH_MAX:
        raise _too_deep(name)
    return value


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest in a JSON value, counted without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _too_deep(name: str) -> ParamsRefused:
    return ParamsRefused(f"the parameter {name} is nested deeper than {JSON_DEPTH_MAX}")


def _checked(
    query: Any,
    operation_name: Any,
    variables: Any,
    extensions: Any,
    document_id: Any,
    others: dict[str, Any],
) -> GraphQLParams:
    if query is not None and not isinstance(query, str):
        raise ParamsRefused("the parameter query must be a string")
    if operation_name is not None and not isinstance(operation_name, str):
        raise ParamsRefused("the parameter operationName must be a string")
    if variables is not None and not isinstance(variables, dict):
        raise ParamsRefused("the parameter variables must be an object")
    if extensions is not None and not isinstance(extensions, dict):
        raise ParamsRefused("the parameter extensions must be an object")
    if document_id is not None and not isinstance(document_id, str):
        raise ParamsRefused("the parameter documentId must be a string")
    named_otherwise = document_id is not None or "persistedQuery" in (extensions or {})
    if query is None and not named_otherwise:
        raise ParamsRefused("the request has no query")
    return GraphQLParams(query, operation_name or None, variables, extensions, document_id, others)


def operation(params: GraphQLParams) -> OperationDefinitionNode | None:
    """The operation the request runs, or None when its document does not parse or names no
    single operation (GraphQL then answers the request error itself)."""
    if params.query is None:
        return None
    return _operation(params.query, params.operation_name)


@lru_cache(maxsize=OPERATIONS_CACHED)
def _operation(query: str, operation_name: str | None) -> OperationDefinitionNode | None:
    try:
        document = parse(query, no_location=True, max_tokens=TOKENS_MAX)
    except (GraphQLError, RecursionError):
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [
        o
        for o in operations
        if operation_name is None or (o.name is not None and o.name.value == operation_name)
    ]
    return chosen[0] if len(chosen) == 1 else None


def operation_type(params: GraphQLParams) -> OperationType | None:
    found = operation(params)
    return None if found is None else found.operation
