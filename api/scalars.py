"""Scalars: money as a string of digits (GraphQL Int is 32-bit and overflows at 2.1 billion
đồng), ISO dates, and date-times with their offset."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import TYPE_CHECKING, NewType, TypeAlias

import strawberry
from strawberry.types.scalar import ScalarDefinition

from domain.money import AMOUNT_CEILING_VND

_DIGITS = re.compile(r"^[0-9]{1,19}$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_SHOWN_CHARS_MAX = 40  # of a refused value, quoted in the message


class ScalarInputError(ValueError):
    """A value one of these scalars refuses; the API answers it as BAD_USER_INPUT."""


def _shown(value: object) -> str:
    """The refused value as the client wrote it, once, in double quotes (JSON style)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    if len(text) > _SHOWN_CHARS_MAX:
        text = text[:_SHOWN_CHARS_MAX] + "…"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _parse_vnd(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        amount = value
    elif isinstance(value, str) and _DIGITS.match(value):
        amount = int(value)
    else:
        raise ScalarInputError(
            f"{_shown(value)} is not a VND amount: a whole number of đồng written as digits "
            'only, like "1250000000"'
        )
    if amount > AMOUNT_CEILING_VND * 1000:
        raise ScalarInputError(f"{_shown(value)} is not a VND amount any ledger holds")
    return amount


def _parse_date(value: object) -> date:
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ScalarInputError(
            f'{_shown(value)} is not a date: write YYYY-MM-DD, like "2024-06-30"'
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ScalarInputError(f"{_shown(value)} is not a real date") from None


def _parse_datetime(value: object) -> datetime:
    example = 'like "2024-12-31T17:00:00+07:00"'
    if not isinstance(value, str):
        raise ScalarInputError(f"{_shown(value)} is not a date-time: write ISO 8601, {example}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ScalarInputError(
            f"{_shown(value)} is not a date-time: write ISO 8601, {example}"
        ) from None
    if moment.tzinfo is None:
        raise ScalarInputError(f"{_shown(value)} has no offset: add one, {example}")
    return moment


if TYPE_CHECKING:
    # For the checker an amount is an int, as the domain and the read model hold it; at run
    # time each is a type of its own, which SCALARS maps to its GraphQL scalar.
    VND: TypeAlias = int
    SignedVND: TypeAlias = int
else:
    VND = NewType("VND", int)
    SignedVND = NewType("SignedVND", int)  # a change of an amount: output only


def _output_only(value: object) -> int:
    raise ScalarInputError("SignedVND is an output type: no argument takes it")


SCALARS: dict[object, ScalarDefinition] = {
    VND: strawberry.scalar(
        name="VND",
        description="An amount of Vietnamese đồng, a whole number serialised as a string of "
        'digits ("1250000000"); accepted as a string of digits or an Int.',
        serialize=str,
        parse_value=_parse_vnd,
    ),
    SignedVND: strawberry.scalar(
        name="SignedVND",
        description="A change of an amount of đồng, possibly negative, as a string of digits "
        'with an optional minus ("-250000000").',
        serialize=str,
        parse_value=_output_only,
    ),
    date: strawberry.scalar(
        name="Date",
        description="A calendar date, ISO 8601 (YYYY-MM-DD), in the Vietnamese fiscal calendar.",
        serialize=lambda value: value.isoformat(),
        parse_value=_parse_date,
    ),
    datetime: strawberry.scalar(
        name="DateTime",
        description="A moment, ISO 8601 with its offset.",
        serialize=lambda value: value.isoformat(),
        parse_value=_parse_datetime,
    ),
}
