"""Every string a request brings — in the document's literals and in its variables — is checked
once, before any resolver: a NUL or a lone surrogate cannot be stored or sent to the database,
so it is refused here (``INVALID_TEXT`` for a mutation, ``INVALID_QUERY`` otherwise) rather
than met later as an encoding error."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, StringValueNode, visit
from graphql.language import Visitor
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable(text: str) -> bool:
    """Whether ``text`` holds a NUL or a lone surrogate (neither is valid stored text)."""
    return _UNSTORABLE.search(text) is not None


class InputText(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        self._check()
        yield

    def _check(self) -> None:
        context = self.execution_context
        document = context.graphql_document
        if document is None or context.pre_execution_errors:
            return
        if not _in_literals(context.query, document) and not _in_value(context.variables):
            return
        try:
            mutation = context.operation_type is OperationType.MUTATION
        except RuntimeError:  # more than one operation and none named: not for this check
            mutation = False
        code = "INVALID_TEXT" if mutation else "INVALID_QUERY"
        context.pre_execution_errors = [
            GraphQLError(
                "text must not contain NUL characters or lone surrogates",
                extensions={"code": code},
            )
        ]


class _Strings(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if unstorable(node.value):
            self.found = True


def _in_literals(query: str | None, document: Any) -> bool:
    """Whether a string literal of the document holds unstorable text. A literal holds only
    what its text spells, or an escape (a backslash): text without either needs no walk of the
    document, which was most of this check's cost."""
    if query is not None and "\\" not in query and not unstorable(query):
        return False
    return _in_document(document)


def _in_document(document: Any) -> bool:
    strings = _Strings()
    visit(document, strings)
    return strings.found


def _in_value(value: object) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if unstorable(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
