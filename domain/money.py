"""Money is an ``int`` number of đồng; VND has no minor unit in use."""

from __future__ import annotations

from domain.errors import AmountAboveCeiling, InvalidAmount

# No single entry of a provincial promotion program comes near 10 trillion đồng; anything above
# is a typing mistake (extra zeros), and the ceiling keeps every sum far inside a 64-bit integer.
AMOUNT_CEILING_VND = 10_000_000_000_000


def check_amount(value: object, field: str) -> int:
    """A positive whole number of đồng not above the ceiling."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidAmount("must be a whole number of đồng", field=field)
    if value <= 0:
        raise InvalidAmount("must be greater than zero", field=field)
    if value > AMOUNT_CEILING_VND:
        raise AmountAboveCeiling(
            f"{value:,} đồng is above the ceiling of {AMOUNT_CEILING_VND:,} đồng", field=field
        )
    return value


def check_signed_amount(value: object, field: str) -> int:
    """A non-zero adjustment, up or down, within the ceiling."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidAmount("must be a whole number of đồng", field=field)
    if value == 0:
        raise InvalidAmount("an adjustment of zero changes nothing", field=field)
    check_amount(abs(value), field)
    return value


def check_quantity(value: object, field: str, *, ceiling: int = 1_000_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InvalidAmount("must be a positive whole number", field=field)
    if value > ceiling:
        raise AmountAboveCeiling(f"is above the ceiling of {ceiling:,}", field=field)
    return value
