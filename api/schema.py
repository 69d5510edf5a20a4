"""The schema: composes queries, mutations, subscriptions, error policy and limits."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from api import inputs, types
from api.descriptions import describe
from api.errors import ErrorPolicy
from api.limits import limits
from api.mutations import Mutation
from api.queries import Query
from api.scalars import SCALARS
from api.subscriptions import Subscription
from api.types import Establishment, Node, Program, Project


class LedgerSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Refusals are answers, not faults: only unexpected errors reach the error log
        (ErrorPolicy logs those with the request id)."""


def _describe_everything() -> None:
    classes = [Query, Mutation, Subscription, Node, Program, Project, Establishment]
    classes += [
        value
        for module in (inputs, types)
        for value in vars(module).values()
        if hasattr(value, "__strawberry_definition__")
    ]
    describe(*classes)


_describe_everything()


def build_schema(*, introspection: bool = True) -> strawberry.Schema:
    extensions = [ErrorPolicy, *limits()]
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
