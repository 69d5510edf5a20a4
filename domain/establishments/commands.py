"""What users ask of the establishment register. Names are imperative; events are past tense."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.types import CertificationKind, EstablishmentKind


@dataclass(frozen=True, kw_only=True)
class RegisterEstablishment:
    program_code: str
    name: str
    kind: EstablishmentKind
    tax_code: str
    unit_code: str
    address: str = ""


@dataclass(frozen=True, kw_only=True)
class AddCertification:
    establishment_id: UUID
    kind: CertificationKind
    title: str
    certificate_no: str
    level: str
    issued_on: date
