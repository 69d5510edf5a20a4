"""Money, text and idempotency fingerprints."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import replace
from datetime import date
from uuid import UUID

import pytest

from domain.budget.commands import AllocateBudget
from domain.claims import fingerprint
from domain.errors import AmountAboveCeiling, InvalidAmount, InvalidText
from domain.ids import natural_id
from domain.money import AMOUNT_CEILING_VND, check_amount, check_signed_amount
from domain.projects.commands import RecordPayment, ReversePayment, SettleProject
from domain.text import clean_code, clean_text
from domain.types import FundingSource, PaymentKind


def test_amounts_are_positive_whole_dong_up_to_the_ceiling():
    assert check_amount(AMOUNT_CEILING_VND, "amount") == AMOUNT_CEILING_VND
    with pytest.raises(AmountAboveCeiling):
        check_amount(AMOUNT_CEILING_VND + 1, "amount")
    for bad in (0, -1, 1.0, "5", None, True):
        with pytest.raises(InvalidAmount):
            check_amount(bad, "amount")


def test_adjustments_go_either_way_but_not_by_zero():
    assert check_signed_amount(-5, "delta") == -5
    with pytest.raises(InvalidAmount):
        check_signed_amount(0, "delta")


def test_text_is_nfc_trimmed_bounded_and_free_of_control_characters():
    decomposed = unicodedata.normalize("NFD", "  Bình Dương ")
    assert clean_text(decomposed, "name") == "Bình Dương"
    with pytest.raises(InvalidText):
        clean_text("a\x00b", "name")
    with pytest.raises(InvalidText):
        clean_text("x" * 301, "name")
    with pytest.raises(InvalidText):
        clean_code("UNC 01", "voucherNo")


def test_fingerprints_ignore_the_unicode_form_of_the_same_text():
    pid = natural_id("project", "BD-KC-2025", "DA-1")
    composed = ReversePayment(project_id=pid, voucher_no="UNC-1", reason="Sai tài khoản")
    decomposed = ReversePayment(
        project_id=pid, voucher_no="UNC-1", reason=unicodedata.normalize("NFD", "Sai tài khoản")
    )
    assert fingerprint(composed) == fingerprint(decomposed)
    assert fingerprint(composed) != fingerprint(
        ReversePayment(project_id=pid, voucher_no="UNC-1", reason="Khác")
    )


def test_fingerprints_of_commands_stay_as_stored_in_existing_idempotency_claims():
    """Claims already saved hold these digests: a replay must still find them equal. The digest
    covers the command's class name and content, not the module that defines the class."""
    payment = RecordPayment(
        project_id=UUID("00000000-0000-0000-0000-000000000001"),
        kind=PaymentKind.ADVANCE,
        source=FundingSource.PROVINCIAL,
        amount_vnd=150_000_000,
        voucher_no="UNC-0001",
        value_date=date(2026, 3, 2),
        payee="Công ty Đông Á",
    )
    allocation = AllocateBudget(
        program_code="KC-TEST",
        year=2026,
        source=FundingSource.PROVINCIAL,
        amount_vnd=1_000_000_000,
        decision_no="QĐ-12",
        decision_date=date(2026, 1, 5),
    )
    assert fingerprint(payment) == (
        "f7d24187467f9e09409a6e6c1fb75997314fe43799bbcea17c4613e647ae1d19"
    )
    assert fingerprint(allocation) == (
        "6219b6ca2572e74564dda65e8d63b7c656d4743e9ca485112a8dbe355259400c"
    )


def test_a_command_that_leaves_fields_added_later_unset_keeps_its_first_fingerprint():
    settle = SettleProject(
        project_id=UUID(int=7),
        final_support=(),
        decision_no="9/QĐ-SCT",
        decision_date=date(2024, 10, 1),
    )
    before = {  # the command as it was fingerprinted before co-financing
        "command": "SettleProject",
        "content": {
            "project_id": str(UUID(int=7)),
            "final_support": [],
            "decision_no": "9/QĐ-SCT",
            "decision_date": "2024-10-01",
        },
    }
    text = json.dumps(before, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert fingerprint(settle) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert fingerprint(replace(settle, co_financing_vnd=1)) != fingerprint(settle)
