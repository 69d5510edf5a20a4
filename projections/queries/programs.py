"""The one check every read about a program makes first: the read model holds the program, and
a year asked is one the program runs. Without it, a typo in a program code answers empty lists
and zeros, as if the program had done nothing.

The check is made in the query's own snapshot, against the programs the read model has applied.
A known program asked as of a point before it was defined is not refused: it had done nothing
then, and says so (a diff from position 0 starts there).

Codes are matched exactly as stored, as commands match them: ``bd-kc-2025`` is not
``BD-KC-2025``."""

from __future__ import annotations

from datetime import date

from domain.errors import UnknownProgram, YearOutsideProgram
from projections.queries.core import resolve
from projections.rows import AsOf
from projections.store import Transaction


def check_program(tx: Transaction, prefix: str, program_code: str, year: int | None) -> None:
    """Refuse a program the read model does not hold (``UNKNOWN_PROGRAM``), or a year outside
    its period (``YEAR_OUTSIDE_PROGRAM``). One lookup by the programs table's key."""
    found = tx.rows(
        f"SELECT period_start, period_end FROM {prefix}programs WHERE code = ?", (program_code,)
    )
    if not found:
        raise UnknownProgram(f"no program {program_code!r}", field="programCode")
    if year is None:
        return
    ((start, end),) = found
    first, last = date.fromisoformat(str(start)).year, date.fromisoformat(str(end)).year
    if not first <= year <= last:
        raise YearOutsideProgram(f"{program_code} runs from {first} to {last}", field="year")


def resolve_program(
    tx: Transaction, prefix: str, program_code: str, year: int | None, as_of: AsOf | None
) -> tuple[int, date | None]:
    """``resolve`` for a read about one program: the point to answer at, once the program
    (and year) are checked."""
    check_program(tx, prefix, program_code, year)
    return resolve(tx, prefix, as_of)
