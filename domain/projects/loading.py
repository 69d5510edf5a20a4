"""Loading a project, and checking that a voucher number is still free in its program."""

from __future__ import annotations

from uuid import UUID

from domain import claims
from domain.application import LedgerApplication
from domain.errors import UnknownProgram, UnknownProject, VoucherAlreadyRecorded
from domain.ids import program_id
from domain.programs.state import ProgramState
from domain.programs.state import evolve as evolve_program
from domain.projects.state import ProjectState, evolve


def load_project(app: LedgerApplication, project_id: UUID) -> ProjectState:
    state = app.load(project_id, evolve)
    if state is None:
        raise UnknownProject(f"no project {project_id}", field="projectId")
    return state


def load_money_movement(
    app: LedgerApplication, project_id: UUID, voucher_no: str | None
) -> tuple[ProjectState, ProgramState, bool | None]:
    """A project, its program and whether the voucher's claim is taken, read in one round trip
    when the project is kept (a project's program never changes), in two when not. The third
    is None when the voucher number is not valid (the decision reports it, in its order)."""
    kept = app.cached(project_id, evolve)
    program_code = (
        kept.program_code if kept is not None else load_project(app, project_id).program_code
    )
    wanted: list[tuple[UUID, object]] = [
        (project_id, evolve),
        (program_id(program_code), evolve_program),
    ]
    if voucher_no is not None:
        wanted.append((claims.voucher_claim_id(program_code, voucher_no), claims.evolve))
    project, program, *claim = app.load_many(wanted)  # type: ignore[arg-type]
    if project is None:
        raise UnknownProject(f"no project {project_id}", field="projectId")
    if program is None:
        raise UnknownProgram(f"no program {program_code!r}", field="programCode")
    return project, program, (claim[0] is not None) if claim else None


def check_voucher_free(
    app: LedgerApplication, program_code: str, voucher_no: str, taken: bool | None = None
) -> None:
    """``taken`` is what a read made together with the command's others found; None: read."""
    if taken is None:
        taken = (
            app.load(claims.voucher_claim_id(program_code, voucher_no), claims.evolve) is not None
        )
    if taken:
        raise VoucherAlreadyRecorded(
            f"voucher {voucher_no} is already recorded in {program_code}", field="voucherNo"
        )
