"""What mutations share: a refusal as ``userErrors``, and ids read back from their inputs."""

from __future__ import annotations

from uuid import UUID

import strawberry

from api.relay import parse_global_id
from domain.errors import InvalidInput, LedgerError


@strawberry.type(description="A user error: a refusal with a stable code and the input field.")
class UserError:
    code: str = strawberry.field(description="Stable error code, e.g. PAYMENT_ABOVE_SUPPORT.")
    field: str | None = strawberry.field(description="The input field at fault, if one.")
    message: str = strawberry.field(description="What went wrong, for people.")


def user_errors(error: LedgerError) -> list[UserError]:
    return [UserError(code=error.code, field=error.field, message=error.message)]


def project_id(value: str, field: str = "projectId") -> UUID:
    parsed = parse_global_id(value)
    if parsed is None or parsed[0] != "Project":
        raise InvalidInput("not a project id", field=field)
    try:
        return UUID(parsed[1])
    except ValueError:
        raise InvalidInput("not a project id", field=field) from None


def plain_id(value: str, field: str) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidInput("not an id", field=field) from None


def node_uuid(value: str, kind: str, field: str) -> UUID:
    """The id behind an object's global id of ``kind``; a bare id is still taken (ids were
    bare before they were global), so clients that kept one keep working."""
    parsed = parse_global_id(value)
    key = parsed[1] if parsed is not None and parsed[0] == kind else value
    try:
        return UUID(str(key))
    except ValueError:
        raise InvalidInput(f"not the id of a {kind}", field=field) from None
