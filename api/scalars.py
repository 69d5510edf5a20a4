"""Scalars: money as a string of digits (GraphQL Int is 32-bit and overflows at 2.1 billion
đồng), ISO dates, and date-times with their offset."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, NewType, TypeAlias

import strawberry
from strawberry.types.scalar import ScalarDefinition

from domain.money import AMOUNT_CEILING_VND

_DIGITS = re.compile(r"^[0-9]{1,19}$")


def _parse_vnd(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError("VND is a whole number of đồng, as a string of digits")
    if isinstance(value, int):
        amount = value
    elif isinstance(value, str) and _DIGITS.match(value):
        amount = int(value)
    else:
        raise ValueError('VND is a whole number of đồng, as a string of digits like "1250000000"')
    if amount > AMOUNT_CEILING_VND * 1000:
        raise ValueError("VND amount is beyond any ledger amount")
    return amount


def _parse_date(value: object) -> date:
    if not isinstance(value, str):
        raise ValueError('Date is an ISO 8601 date like "2024-12-31"')
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date (YYYY-MM-DD)") from None


def _parse_datetime(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError('DateTime is ISO 8601 with an offset like "2024-12-31T17:00:00+07:00"')
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise ValueError("DateTime needs its offset, e.g. +07:00")
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
    raise ValueError("SignedVND is an output type")


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
