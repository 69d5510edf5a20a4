"""The value of each field read from its cell, or a refusal naming the line and the column."""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta

from domain.money import AMOUNT_CEILING_VND
from domain.text import CODE_MAX_CHARS, NAME_MAX_CHARS, TAX_CODE_PATTERN
from finance.statement_file.cells import Cell, plain

_AMOUNT_UNIT = re.compile(r"\s*(?:đồng|vnđ|vnd|đ)$", re.IGNORECASE)
_WHOLE_AMOUNT = re.compile(
    r"[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+"
)
_TIME_OF_DAY = r"(?:[ T](?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?)?"
_DAY_FIRST = re.compile(
    r"(?P<day>[0-9]{1,2})(?P<sep>[/.\-])(?P<month>[0-9]{1,2})(?P=sep)(?P<year>[0-9]+)"
    + _TIME_OF_DAY
)
_ISO_DATE = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})" + _TIME_OF_DAY
)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc
_VOUCHER = re.compile(r"[\w./:\-]+")  # the same rule as ``domain.text.clean_code``


def read_text(cell: Cell, max_chars: int) -> str:
    """Text of a cell; a number cell gives its digits (Excel turns codes into numbers)."""
    value = cell.value
    if isinstance(value, bool | date | time | timedelta):
        raise cell.invalid(f"{cell.shown()} is not text")
    if isinstance(value, float):
        if not value.is_integer():
            raise cell.invalid(f"{cell.shown()} is not text (a number with decimals)")
        value = int(value)
    text = plain(value)
    if _CONTROL.search(text):
        raise cell.invalid(f"{cell.shown()} contains control characters")
    if len(text) > max_chars:
        raise cell.invalid(f"{cell.shown()} is longer than {max_chars:,} characters")
    return text


def read_voucher_no(cell: Cell) -> str:
    """Upper case, so "unc-001" and "UNC-001" are one voucher; one token like the domain's codes."""
    voucher = read_text(cell, CODE_MAX_CHARS).upper()
    if not voucher:
        raise cell.invalid("the voucher number is empty: every line needs one")
    if not _VOUCHER.fullmatch(voucher):
        raise cell.invalid(
            f"{cell.shown()} is not a voucher number: letters, digits and _ . / : - only, no spaces"
        )
    return voucher


def read_payee(cell: Cell) -> str:
    """A payment without a payee cannot be matched to an establishment."""
    payee = read_text(cell, NAME_MAX_CHARS)
    if not payee:
        raise cell.invalid("the payee is empty: every line needs one")
    return payee


def read_tax_code(cell: Cell) -> str:
    """10 digits, 10-3 for a branch (13 digits get their dash), or a 12-digit personal number."""
    code = read_text(cell, CODE_MAX_CHARS)
    if len(code) == 13 and code.isascii() and code.isdigit():
        code = f"{code[:10]}-{code[10:]}"
    if code and not TAX_CODE_PATTERN.match(code):
        raise cell.invalid(
            f"{cell.shown()} is not a tax code (10 digits, 10-3 digits such as 3701234567-001, "
            f"or 12 digits){_number_cell_hint(cell)}"
        )
    return code


def read_digits_code(cell: Cell, digits: int, what: str) -> str:
    """Budget classification codes have a fixed number of digits (Thông tư 324/2016/TT-BTC)."""
    code = read_text(cell, CODE_MAX_CHARS)
    if code and not (len(code) == digits and code.isascii() and code.isdigit()):
        raise cell.invalid(
            f"{cell.shown()} is not {what} of {digits} digits{_number_cell_hint(cell)}"
        )
    return code


def _number_cell_hint(cell: Cell) -> str:
    """Number cells lose leading zeros (0301234567 → 301234567): say how to keep them."""
    if isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
        return "; the cell is a number, which drops leading zeros: format the column as text"
    return ""


_POSITIVE = "statements list disbursements as positive amounts"


def read_amount(cell: Cell) -> int:
    """Whole đồng above zero, from a number cell or from text grouped in a style not misread."""
    value = cell.value
    if isinstance(value, bool | date | time | timedelta):
        raise cell.invalid(f"{cell.shown()} is not an amount of đồng")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise cell.invalid(f"{cell.shown()} is not a whole amount of đồng")
        value = int(value)
    amount = value if isinstance(value, int) else _amount_from_text(cell, plain(value))
    if amount < 0:
        raise cell.invalid(f"{cell.shown()} is negative: {_POSITIVE}")
    if amount == 0:
        raise cell.invalid(f"{cell.shown()} is zero: {_POSITIVE}")
    if amount > AMOUNT_CEILING_VND:
        raise cell.invalid(
            f"{cell.shown()} is above the ceiling of {AMOUNT_CEILING_VND:,} đồng (extra zeros?)"
        )
    return amount


def _amount_from_text(cell: Cell, text: str) -> int:
    """Digits grouped by three with one of '.', ',' or space; "1,25" could be a decimal: refused."""
    if not text:
        raise cell.invalid(f"the amount is empty: {_POSITIVE}")
    body, negative = _AMOUNT_UNIT.sub("", text), False
    if body.startswith("(") and body.endswith(")"):
        body, negative = _AMOUNT_UNIT.sub("", body[1:-1].strip()), True
    if body[:1] in ("-", "−"):
        body, negative = body[1:].strip(), True
    if not _WHOLE_AMOUNT.fullmatch(body):
        raise cell.invalid(f"{cell.shown()} is not a whole amount of đồng")
    amount = int(re.sub(r"[., ]", "", body))
    return -amount if negative else amount


def read_value_date(cell: Cell) -> date:
    """A date cell, or day/month/year or ISO text; month/day is never guessed."""
    value = cell.value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return _date_from_text(cell, plain(value))
    if value is None:
        raise cell.invalid("the date is empty: every line needs a value date")
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise cell.invalid(
            f"{cell.shown()} is a number, not a date: format the column as a date (dd/mm/yyyy)"
        )
    raise cell.invalid(f"{cell.shown()} is not a date")


def _date_from_text(cell: Cell, text: str) -> date:
    """Day first, or ISO; a two-digit year or an impossible day is refused, never corrected."""
    if not text:
        raise cell.invalid("the date is empty: every line needs a value date")
    match = _ISO_DATE.fullmatch(text) or _DAY_FIRST.fullmatch(text)
    if match is None:
        raise cell.invalid(f"{cell.shown()} is not a date: write dd/mm/yyyy or yyyy-mm-dd")
    if len(match["year"]) != 4:
        raise cell.invalid(
            f"{cell.shown()} does not have a four-digit year: write dd/mm/yyyy, e.g. 05/01/2024"
        )
    try:
        if match["hour"] is not None:
            time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise cell.invalid(
            f"{cell.shown()} is not a real date (dates are read as day/month/year)"
        ) from None
