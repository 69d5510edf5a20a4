"""The establishment register on both backends."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from domain.errors import EstablishmentAlreadyRegistered, InvalidInput, UnknownUnit
from domain.establishments.commands import AddCertification, RegisterEstablishment
from domain.projects.commands import ProposeProject
from domain.types import CertificationKind, EstablishmentKind, FundingSource, Output, SourceAmount
from tests.support import CENTER, PROGRAM


def _register(tax_code="3702456789", name="Hợp tác xã Mây tre lá Phú Giáo", unit="722"):
    return RegisterEstablishment(
        program_code=PROGRAM,
        name=name,
        kind=EstablishmentKind.COOPERATIVE,
        tax_code=tax_code,
        unit_code=unit,
        address="ấp 3, xã An Bình",
    )


def test_an_establishment_is_registered_once_per_tax_code(scenario):
    receipt = scenario.ledger.register_establishment(_register(), CENTER)
    assert scenario.ledger.establishment(receipt.aggregate_id).unit_code == "722"
    with pytest.raises(EstablishmentAlreadyRegistered) as refused:
        scenario.ledger.register_establishment(_register(name="Tên khác"), CENTER)
    assert refused.value.code == "TAX_CODE_TAKEN"


@pytest.mark.parametrize("tax_code", ["12345", "37024567890", "abcdefghij", ""])
def test_malformed_tax_codes_are_refused(scenario, tax_code):
    with pytest.raises(InvalidInput):
        scenario.ledger.register_establishment(_register(tax_code=tax_code), CENTER)
    assert scenario.ledger.head_position() == 1


def test_names_are_stored_in_nfc(scenario):
    name = unicodedata.normalize("NFD", "Cơ sở Gốm sứ Tân Phước Khánh")
    receipt = scenario.ledger.register_establishment(_register(name=name), CENTER)
    assert scenario.ledger.establishment(receipt.aggregate_id).name == unicodedata.normalize(
        "NFC", name
    )


def test_an_unknown_unit_is_refused(scenario):
    with pytest.raises(UnknownUnit):
        scenario.ledger.register_establishment(_register(unit="760"), CENTER)


def test_certifications_are_recorded_once_each(scenario):
    eid = scenario.ledger.register_establishment(_register(), CENTER).aggregate_id
    cert = AddCertification(
        establishment_id=eid,
        kind=CertificationKind.TYPICAL_PRODUCT,
        title="Giỏ mây đan tay",
        certificate_no="SPTB-2023-014",
        level="cấp tỉnh",
        issued_on=date(2023, 11, 20),
    )
    scenario.ledger.add_certification(cert, CENTER)
    with pytest.raises(InvalidInput):
        scenario.ledger.add_certification(cert, CENTER)


def test_projects_name_registered_establishments_as_beneficiaries(scenario):
    eid = scenario.ledger.register_establishment(_register(), CENTER).aggregate_id
    receipt = scenario.ledger.propose_project(
        ProposeProject(
            program_code=PROGRAM,
            code="DA-HT-1",
            title="Hỗ trợ máy đan",
            content_code="IV.1.b",
            unit_code="722",
            year=2024,
            eligible_cost_vnd=300_000_000,
            requested_support=(SourceAmount(FundingSource.PROVINCIAL, 100_000_000),),
            planned_outputs=(Output("machines_applied", 1),),
            beneficiary_ids=(eid,),
            proposed_on=date(2024, 2, 1),
        ),
        CENTER,
    )
    assert scenario.ledger.project(receipt.aggregate_id).beneficiary_ids == (eid,)
