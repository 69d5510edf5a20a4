"""Registering establishments and their certifications."""

from __future__ import annotations

from domain.errors import EstablishmentAlreadyRegistered, InvalidInput
from domain.establishments.commands import AddCertification, RegisterEstablishment
from domain.establishments.events import Establishment
from domain.establishments.state import EstablishmentState
from domain.events import Decision, LedgerEvent, Pending
from domain.fiscal import check_date
from domain.ids import establishment_id
from domain.programs.state import ProgramState
from domain.text import clean_code, clean_tax_code, clean_text, optional_text
from domain.types import CertificationKind, EstablishmentKind


def register(
    program: ProgramState,
    existing: EstablishmentState | None,
    cmd: RegisterEstablishment,
    decision: Decision,
) -> list[LedgerEvent]:
    tax_code = clean_tax_code(cmd.tax_code, "taxCode")
    if existing is not None:
        raise EstablishmentAlreadyRegistered(
            f"tax code {tax_code} is registered to {existing.name}", field="taxCode"
        )
    unit = program.unit_valid_on(cmd.unit_code, decision.today)
    pending = Pending(establishment_id(tax_code), 0, decision)
    pending.add(
        Establishment.Registered,
        effective_on=decision.today,
        document_ref=tax_code,
        program_code=program.code,
        name=clean_text(cmd.name, "name"),
        kind=EstablishmentKind(cmd.kind),
        tax_code=tax_code,
        unit_code=unit.code,
        address=optional_text(cmd.address, "address", max_chars=500),
    )
    return pending.events


def add_certification(
    establishment: EstablishmentState, cmd: AddCertification, decision: Decision
) -> list[LedgerEvent]:
    certificate_no = clean_code(cmd.certificate_no, "certificateNo")
    if certificate_no in establishment.certificate_nos:
        raise InvalidInput(f"certificate {certificate_no} is already recorded", "certificateNo")
    issued_on = check_date(cmd.issued_on, "issuedOn", today=decision.today)
    pending = Pending(establishment.id, establishment.version, decision)
    pending.add(
        Establishment.CertificationAdded,
        effective_on=issued_on,
        document_ref=certificate_no,
        kind=CertificationKind(cmd.kind),
        title=clean_text(cmd.title, "title"),
        certificate_no=certificate_no,
        level=clean_text(cmd.level, "level", max_chars=100),
        issued_on=issued_on,
    )
    return pending.events
