"""Loading a program: every capability needs one to check its codes, sources and open years."""

from __future__ import annotations

from domain.application import LedgerApplication
from domain.errors import UnknownProgram
from domain.ids import program_id
from domain.programs.state import ProgramState, evolve


def load_program(app: LedgerApplication, code: str) -> ProgramState:
    state = app.load(program_id(code), evolve)
    if state is None:
        raise UnknownProgram(f"no program {code!r}", field="programCode")
    return state
