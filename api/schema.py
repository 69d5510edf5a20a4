"""The schema: composes queries, mutations, subscriptions, error policy and limits."""

from __future__ import annotations

import strawberry
from strawberry.extensions import DisableIntrospection
from strawberry.schema.config import StrawberryConfig

from api.errors import ErrorPolicy
from api.limits import limits
from api.mutations import Mutation
from api.queries import Query
from api.scalars import SCALARS
from api.subscriptions import Subscription
from api.types import Establishment, Program, Project


def build_schema(*, introspection: bool = True) -> strawberry.Schema:
    extensions = [ErrorPolicy, *limits()]
    if not introspection:
        extensions.append(DisableIntrospection)
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[Program, Project, Establishment],
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALARS),
    )
