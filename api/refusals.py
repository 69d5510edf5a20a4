"""What mutations share: a refusal as ``userErrors``, and a project's global id read back."""

from __future__ import annotations

from uuid import UUID

from api import types as t
from domain.errors import InvalidInput, LedgerError


def user_errors(error: LedgerError) -> list[t.UserError]:
    return [t.UserError(code=error.code, field=error.field, message=error.message)]


def project_id(value: str, field: str = "projectId") -> UUID:
    parsed = t.parse_global_id(value)
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
