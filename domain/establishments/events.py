"""What happens to an establishment in the register."""

from __future__ import annotations

from datetime import date

from domain.events import LedgerEvent
from domain.types import CertificationKind, EstablishmentKind


class Establishment:
    class Registered(LedgerEvent):
        TOPIC = "khuyencong:Establishment.Registered"
        program_code: str
        name: str
        kind: EstablishmentKind
        tax_code: str
        unit_code: str
        address: str

    class CertificationAdded(LedgerEvent):
        """A typical-product certificate (sản phẩm CNNT tiêu biểu) or a registered trademark."""

        TOPIC = "khuyencong:Establishment.CertificationAdded"
        kind: CertificationKind
        title: str
        certificate_no: str
        level: str
        issued_on: date
