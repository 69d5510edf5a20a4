"""Loading a project, and checking that a voucher number is still free in its program."""

from __future__ import annotations

from uuid import UUID

from domain import claims
from domain.application import LedgerApplication
from domain.errors import UnknownProject, VoucherAlreadyRecorded
from domain.projects.state import ProjectState, evolve


def load_project(app: LedgerApplication, project_id: UUID) -> ProjectState:
    state = app.load(project_id, evolve)
    if state is None:
        raise UnknownProject(f"no project {project_id}", field="projectId")
    return state


def check_voucher_free(app: LedgerApplication, program_code: str, voucher_no: str) -> None:
    claim = app.load(claims.voucher_claim_id(program_code, voucher_no), claims.evolve)
    if claim is not None:
        raise VoucherAlreadyRecorded(
            f"voucher {voucher_no} is already recorded in {program_code}", field="voucherNo"
        )
