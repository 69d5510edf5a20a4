"""The installation's events in the journal: they belong to no program and fill no view."""

from __future__ import annotations

from domain.installation.events import Installation
from projections.batch import Batch
from projections.context import Context
from projections.store import Transaction

INSTALLATION_EVENTS = (Installation.MarkedAsTraining,)


def project_installation(
    event: Installation.MarkedAsTraining,
    position: int,
    batch: Batch,
    ctx: Context,
    tx: Transaction,
) -> tuple[str | None, str]:
    return None, (
        f"Sổ huấn luyện: dữ liệu mẫu (seed {event.seed}) ghi đến ngày "
        f"{event.history_until:%d/%m/%Y}, không phải số liệu thật; đồng hồ của sổ chạy tiếp "
        "từ ngày cuối đã ghi, không lùi lại"
    )
