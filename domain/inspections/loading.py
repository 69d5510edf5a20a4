"""Loading an inspection by its program and number."""

from __future__ import annotations

from datetime import date

from domain.application import LedgerApplication
from domain.errors import UnknownInspection
from domain.ids import inspection_id
from domain.inspections.state import InspectionState, evolve


def load_inspection(
    app: LedgerApplication, program_code: str, number: str, inspected_on: object
) -> InspectionState:
    """The inspection recorded under this number on this day (numbers restart each year)."""
    state = None
    if isinstance(inspected_on, date):
        state = app.load(inspection_id(program_code, number, inspected_on.year), evolve)
    if state is None or state.inspected_on != inspected_on:
        raise UnknownInspection(
            f"no inspection {number} made on {inspected_on} in {program_code}", field="number"
        )
    return state
