"""Establishments in the read model: the register and its certifications."""

from __future__ import annotations

from domain.establishments.events import Establishment
from projections.batch import Batch
from projections.context import Context
from projections.payload import search_text
from projections.schema import CERTIFICATIONS, ESTABLISHMENTS
from projections.store import Transaction

CERTIFICATION_NAMES = {"TYPICAL_PRODUCT": "sản phẩm CNNT tiêu biểu", "TRADEMARK": "nhãn hiệu"}
PROGRAM, NAME, CERTIFICATES = 1, 2, 9  # columns of the register row


def project_establishment(
    event: Establishment.Registered | Establishment.CertificationAdded,
    position: int,
    batch: Batch,
    ctx: Context,
    tx: Transaction,
) -> tuple[str, str]:
    key = str(event.originator_id)
    if isinstance(event, Establishment.Registered):
        row: list[object] = [
            key,
            event.program_code,
            event.name,
            event.kind.value,
            event.tax_code,
            event.unit_code,
            event.address,
            event.effective_on.isoformat(),
            position,
            0,
            search_text(event.name, event.tax_code),
        ]
        ctx.establishments[key] = row
        summary = f"Đăng ký cơ sở {event.name} (MST {event.tax_code})"
    else:
        row = ctx.establishment(tx, event.originator_id)
        row[CERTIFICATES] = int(str(row[CERTIFICATES])) + 1
        batch.append(
            CERTIFICATIONS,
            (
                position,
                key,
                event.kind.value,
                event.title,
                event.certificate_no,
                event.level,
                event.issued_on.isoformat(),
            ),
        )
        kind = CERTIFICATION_NAMES[event.kind.value]
        summary = f"Chứng nhận {kind} “{event.title}” ({event.certificate_no}) cho {row[NAME]}"
    batch.upsert(ESTABLISHMENTS, key, tuple(row))
    return str(row[PROGRAM]), summary
