"""The schema: composes the areas' queries, mutations and subscription with the error policy
and the limits. Nothing is declared here."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import aclosing
from types import ModuleType
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.exceptions import CannotGetOperationTypeError
from strawberry.schema.schema import StreamResult
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext, ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from api import as_of, enums, refusals, relay
from api.budget import inputs as budget_inputs
from api.budget import mutations as budget_mutations
from api.budget import types as budget_types
from api.budget.mutations import BudgetMutation
from api.budget.queries import BudgetQuery
from api.descriptions import describe
from api.errors import OPERATION_RESOLUTION_FAILURE, ErrorPolicy, shaped
from api.finance import inputs as finance_inputs
from api.finance import mutations as finance_mutations
from api.finance import pages as finance_pages
from api.finance import types as finance_types
from api.finance.mutations import FinanceMutation
from api.finance.queries import FinanceQuery
from api.journal import types as journal_types
from api.journal.queries import AuditQuery, JournalQuery
from api.journal.subscriptions import JournalSubscription
from api.limits import limits
from api.node import NodeQuery
from api.plans import inputs as plan_inputs
from api.plans import mutations as plan_mutations
from api.plans import types as plan_types
from api.plans.mutations import PlanMutation
from api.plans.queries import PlanQuery
from api.programs import inputs as program_inputs
from api.programs import mutations as program_mutations
from api.programs import types as program_types
from api.programs.mutations import ProgramMutation
from api.programs.queries import ProgramQuery, TargetQuery
from api.programs.types import Program
from api.projects import changes as project_changes
from api.projects import inputs as project_inputs
from api.projects import mutations as project_mutations
from api.projects import types as project_types
from api.projects.changes import ProjectChangeMutation
from api.projects.mutations import ProjectMutation
from api.projects.queries import ProjectQuery
from api.projects.types import Establishment, Project
from api.reviews import inputs as review_inputs
from api.reviews import mutations as review_mutations
from api.reviews import types as review_types
from api.reviews.mutations import ReviewMutation
from api.reviews.queries import ReviewQuery
from api.scalars import SCALARS
from api.text_input import InputText

# The root types list their areas' fields in this order; it is the order of the printed
# schema (api/schema.graphql), so keep it when adding an area.
Query = merge_types(
    "Query",
    (
        FinanceQuery,
        NodeQuery,
        ProgramQuery,
        BudgetQuery,
        TargetQuery,
        ProjectQuery,
        JournalQuery,
        AuditQuery,
        ReviewQuery,
        PlanQuery,
    ),
)
Mutation = merge_types(
    "Mutation",
    (
        FinanceMutation,
        BudgetMutation,
        ProjectMutation,
        ProjectChangeMutation,
        ProgramMutation,
        ReviewMutation,
        PlanMutation,
    ),
)
Subscription = merge_types("Subscription", (JournalSubscription,))

_DECLARING: tuple[ModuleType, ...] = (
    relay,
    as_of,
    enums,
    refusals,
    program_types,
    program_inputs,
    program_mutations,
    budget_types,
    budget_inputs,
    budget_mutations,
    project_types,
    project_inputs,
    project_mutations,
    project_changes,
    journal_types,
    finance_types,
    finance_inputs,
    finance_mutations,
    finance_pages,
    review_types,
    review_inputs,
    review_mutations,
    plan_types,
    plan_inputs,
    plan_mutations,
)


class LedgerSchema(strawberry.Schema):
    """Every answer's errors are shaped here, over HTTP and over a WebSocket alike."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Refusals are answers, not faults: only unexpected errors reach the error log
        (api.errors logs those with the request id)."""

    async def execute(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        # A subscription answers over a WebSocket (stream); executed once it would answer
        # null, so it is refused as an operation this transport does not carry.
        allowed = kwargs.get("allowed_operation_types")
        if allowed is not None:
            kwargs["allowed_operation_types"] = set(allowed) - {OperationType.SUBSCRIPTION}
        try:
            result = await super().execute(*args, **kwargs)
        except CannotGetOperationTypeError as error:
            # No operation to run (an unknown operationName, or several operations and none
            # named): an answer with a code, like every other request error.
            refusal = GraphQLError(
                error.as_http_error_reason(),
                extensions={"code": OPERATION_RESOLUTION_FAILURE, "field": "operationName"},
            )
            return ExecutionResult(data=None, errors=[refusal])
        if result.errors:
            result.errors = shaped(result.errors, _request_id(args, kwargs))
        return result

    async def stream(self, *args: Any, **kwargs: Any) -> StreamResult:
        source = await super().stream(*args, **kwargs)
        return _shaped_stream(source, _request_id(args, kwargs))


async def _shaped_stream(source: StreamResult, request_id: str) -> StreamResult:
    async with aclosing(source):
        async for result in source:
            if isinstance(result, ExecutionResult | PreExecutionError) and result.errors:
                result.errors = shaped(result.errors, request_id)
            yield result


def _request_id(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    """The request id in the context (the third argument of execute and stream)."""
    context = kwargs.get("context_value", args[2] if len(args) > 2 else None)
    return str(getattr(context, "request_id", "-"))


def _describe_everything() -> None:
    describe(
        Query,
        Mutation,
        Subscription,
        *(
            value
            for module in _DECLARING
            for value in vars(module).values()
            if hasattr(value, "__strawberry_definition__")
        ),
    )


_describe_everything()


def build_schema(*, introspection: bool = True) -> strawberry.Schema:
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        ErrorPolicy,
        *limits(),
        InputText,  # after the limits: a document they refuse is not walked
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    return LedgerSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Program, Project, Establishment],
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALARS),
    )
