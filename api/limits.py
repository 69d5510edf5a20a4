"""Limits on every request: depth, aliases, tokens (strawberry's own) and a cost bound.

Cost counts every field selected, multiplied by the page size of the lists above it, so one
small query cannot ask for a million rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from functools import partial
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from projections.queries import PAGE_SIZE_MAX

DEPTH_MAX = 10
ALIASES_MAX = 15
TOKENS_MAX = 2_000
COST_MAX = 25_000
DEFAULT_LIST_SIZE = 50
CACHE_SIZE = 500
CONNECTIONS = frozenset({"projects", "establishments", "journal", "checkpoints"})
# Lists without paging, counted at a typical length.
LIST_SIZES = {
    "history": 20,
    "lines": 20,
    "indicators": 13,
    "contents": 40,
    "units": 11,
    "targets": 13,
    "support": 3,
}


class QueryCost(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        # Before validation runs: errors set here stop the request before any resolver.
        self._check()
        yield

    def _check(self) -> None:
        context = self.execution_context
        document = context.graphql_document
        if document is None or context.pre_execution_errors:
            return
        fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }
        variables = context.variables or {}
        for definition in document.definitions:
            if isinstance(definition, OperationDefinitionNode):
                cost = _cost(definition.selection_set, 1, fragments, variables, 0)
                if cost > COST_MAX:
                    context.pre_execution_errors = [
                        GraphQLError(
                            f"query cost {cost} is above the limit of {COST_MAX}; ask for smaller "
                            "pages or fewer fields",
                            extensions={"code": "QUERY_TOO_COMPLEX"},
                        )
                    ]
                    return


def _cost(
    selection_set: SelectionSetNode | None,
    multiplier: int,
    fragments: dict[str, FragmentDefinitionNode],
    variables: dict[str, Any],
    depth: int,
) -> int:
    if selection_set is None or depth > 50:
        return 0
    total = 0
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            size = _page_size(selection, variables)
            total += multiplier + _cost(
                selection.selection_set, multiplier * size, fragments, variables, depth + 1
            )
        elif isinstance(selection, InlineFragmentNode):
            total += _cost(selection.selection_set, multiplier, fragments, variables, depth + 1)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                total += _cost(fragment.selection_set, multiplier, fragments, variables, depth + 1)
    return total


def _page_size(field: FieldNode, variables: dict[str, Any]) -> int:
    for argument in field.arguments or ():
        if argument.name.value in ("first", "last"):
            value = argument.value
            if isinstance(value, IntValueNode):
                return max(1, min(int(value.value), PAGE_SIZE_MAX))
            if isinstance(value, VariableNode):
                given = variables.get(value.name.value)
                if isinstance(given, int):
                    return max(1, min(given, PAGE_SIZE_MAX))
    if field.name.value in CONNECTIONS:
        return DEFAULT_LIST_SIZE
    return LIST_SIZES.get(field.name.value, 1)


class DocumentCache(ParserCache):
    """Strawberry's parser cache, except that a document that does not parse is left to
    strawberry's own parse, which answers the syntax error (GRAPHQL_PARSE_FAILED): raised from
    the cache, it escaped that handling, and over a WebSocket it ended the operation unanswered.
    """

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        # On a syntax error it is parsed once more, with the same options, where that is answered.
        with suppress(GraphQLError):
            context.graphql_document = self.cached_parse_document(
                context.query, **context.parse_options
            )
        yield


def limits() -> list[Any]:
    # The depth and alias limiters build a new rule class each time one is made; made per
    # request, they made every request's rules new, so the validation cache (keyed by the
    # rules) never hit and every request was validated again. Their rules are made once here.
    rules = [
        *QueryDepthLimiter(max_depth=DEPTH_MAX).validation_rules,
        *MaxAliasesLimiter(max_alias_count=ALIASES_MAX).validation_rules,
    ]
    return [
        partial(AddValidationRules, rules),
        partial(MaxTokensLimiter, max_token_count=TOKENS_MAX),
        partial(DocumentCache, maxsize=CACHE_SIZE),
        partial(ValidationCache, maxsize=CACHE_SIZE),
        QueryCost,  # last: the validation cache sets the errors it then adds to
    ]
