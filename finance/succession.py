"""Succession of budget holders (chuyển giao cam kết sang đơn vị kế thừa).

District budgets end on 2025-07-01: Bình Dương becomes part of Thành phố Hồ Chí Minh
(Nghị quyết 202/2025/QH15) and the district level ends (Luật Tổ chức chính quyền địa phương
2025, số 72/2025/QH15). The open commitments of a holder whose budget ended pass to its
successor only by this explicit transfer, naming the decision: one ``TransferToSuccessor``
with every project that has an open commitment on the holder's lines, saved at once.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.application import Receipt
from domain.ledger import Ledger
from domain.projects.commands import TransferToSuccessor
from domain.types import Actor
from projections.queries import CATCH_UP_WAIT_S, ReadModel


def transfer_to_successor(
    ledger: Ledger,
    read_model: ReadModel,
    program_code: str,
    from_holder: str,
    decision_no: str,
    decision_date: date,
    actor: Actor,
    idempotency_key: str | None = None,
) -> Receipt:
    """The projects come from the read model once it shows the whole ledger; each is loaded
    and decided again on the write side, so a stale list cannot move what is not open."""
    read_model.check_program(program_code)
    read_model.wait_for(ledger.head_position(), CATCH_UP_WAIT_S)
    holder = from_holder.strip() if isinstance(from_holder, str) else from_holder
    ids = read_model.projects_committed_on(program_code, holder)
    return ledger.transfer_to_successor(
        TransferToSuccessor(
            program_code=program_code,
            from_holder=holder,
            project_ids=tuple(UUID(pid) for pid in ids),
            decision_no=decision_no,
            decision_date=decision_date,
        ),
        actor,
        idempotency_key=idempotency_key,
    )
