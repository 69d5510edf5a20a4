"""Money, text and idempotency fingerprints."""

from __future__ import annotations

import unicodedata

import pytest

from domain.claims import fingerprint
from domain.errors import AmountAboveCeiling, InvalidAmount, InvalidText
from domain.ids import natural_id
from domain.money import AMOUNT_CEILING_VND, check_amount, check_signed_amount
from domain.projects.commands import ReversePayment
from domain.text import clean_code, clean_text


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
    composed = ReversePayment(pid, "UNC-1", "Sai tài khoản")
    decomposed = ReversePayment(pid, "UNC-1", unicodedata.normalize("NFD", "Sai tài khoản"))
    assert fingerprint(composed) == fingerprint(decomposed)
    assert fingerprint(composed) != fingerprint(ReversePayment(pid, "UNC-1", "Khác"))
