"""Loading an inspection by its program and number."""

from __future__ import annotations

from domain.application import LedgerApplication
from domain.errors import UnknownInspection
from domain.ids import inspection_id
from domain.inspections.state import InspectionState, evolve


def load_inspection(app: LedgerApplication, program_code: str, number: str) -> InspectionState:
    state = app.load(inspection_id(program_code, number), evolve)
    if state is None:
        raise UnknownInspection(f"no inspection {number} in {program_code}", field="number")
    return state
