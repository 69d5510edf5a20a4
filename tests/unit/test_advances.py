"""Advances not yet recovered, per budget line, as the projector follows them."""

from __future__ import annotations

from projections.advances import Advances, changes


def test_an_advance_is_outstanding_until_payments_of_its_source_recover_it():
    a = Advances()
    a.record("DU-1", "ADVANCE", "PROVINCIAL", 2024, 300)
    a.record("UNC-1", "PAYMENT", "COUNTERPART", 2024, 500)
    assert a.outstanding() == {(2024, "PROVINCIAL"): 300}
    a.record("UNC-2", "PAYMENT", "PROVINCIAL", 2024, 200)
    assert a.outstanding() == {(2024, "PROVINCIAL"): 100}
    a.record("UNC-3", "PAYMENT", "PROVINCIAL", 2024, 400)
    assert a.outstanding() == {}


def test_the_oldest_advance_is_recovered_first_across_years():
    a = Advances()
    a.record("DU-1", "ADVANCE", "PROVINCIAL", 2024, 300)
    a.record("DU-2", "ADVANCE", "PROVINCIAL", 2025, 100)
    a.record("UNC-1", "PAYMENT", "PROVINCIAL", 2025, 350)
    assert a.outstanding() == {(2025, "PROVINCIAL"): 50}


def test_reversing_a_payment_reopens_what_it_recovered():
    a = Advances()
    a.record("DU-1", "ADVANCE", "PROVINCIAL", 2024, 300)
    a.record("UNC-1", "PAYMENT", "PROVINCIAL", 2024, 300)
    before = a.outstanding()
    a.reverse("UNC-1")
    assert changes(before, a.outstanding()) == [(2024, "PROVINCIAL", 300)]


def test_settlement_or_cancellation_recovers_every_advance():
    a = Advances()
    a.record("DU-1", "ADVANCE", "PROVINCIAL", 2024, 300)
    before = a.outstanding()
    a.close()
    assert changes(before, a.outstanding()) == [(2024, "PROVINCIAL", -300)]
    assert Advances.loads(a.dumps()) == a


def test_paid_by_line_sums_the_vouchers_that_stand_by_the_line_paid_from():
    a = Advances()
    a.record("DU-1", "ADVANCE", "PROVINCIAL", 2024, 300)
    a.record("UNC-1", "PAYMENT", "PROVINCIAL", 2025, 200)
    a.record("UNC-2", "PAYMENT", "PROVINCIAL", 2025, 50)
    a.reverse("UNC-2")
    assert a.paid_by_line() == {(2024, "PROVINCIAL"): 300, (2025, "PROVINCIAL"): 200}
