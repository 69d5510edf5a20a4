"""Matching statement lines to payments: each rule, their order, and what is left over."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from finance.matching import HandLink, LedgerPayment, TreasuryLine, match, payee_key

D = date(2024, 3, 20)
PAYEE = "Công ty TNHH Cơ khí Phú Giáo"


def pay(voucher: str, amount: int, on: date = D, payee: str = PAYEE) -> LedgerPayment:
    return LedgerPayment(("p1", voucher), voucher, amount, on, payee, "PROVINCIAL", 2024)


def line(no: int, voucher: str, amount: int, on: date = D, payee: str = PAYEE) -> TreasuryLine:
    return TreasuryLine(("s1", no), voucher, amount, on, payee, "PROVINCIAL")


def rules(result) -> dict:
    return {m.lines: (m.rule, m.payments, m.difference) for m in result.matches}


def test_the_same_voucher_matches_and_a_different_amount_shows_the_difference():
    result = match(
        [line(2, "UNC-1", 100), line(3, "UNC-2", 70)], [pay("UNC-1", 100), pay("UNC-2", 75)]
    )
    assert rules(result) == {
        (("s1", 2),): ("voucher", (("p1", "UNC-1"),), 0),
        (("s1", 3),): ("voucher", (("p1", "UNC-2"),), -5),
    }


def test_amount_date_and_payee_match_without_case_or_diacritics():
    treasury = line(2, "KB-77", 100, D + timedelta(days=2), "CONG TY TNHH CO KHI PHU GIAO")
    result = match([treasury], [pay("UNC-1", 100)])
    assert rules(result) == {(("s1", 2),): ("amount_date_payee", (("p1", "UNC-1"),), 0)}
    assert payee_key("Cơ khí  Đức-Anh") == payee_key("CO KHI DUC ANH")


def test_outside_the_window_or_for_another_payee_nothing_matches():
    late = line(2, "KB-1", 100, D + timedelta(days=6))
    other = line(3, "KB-2", 100, D, "Hợp tác xã Tân Uyên")
    result = match([late, other], [pay("UNC-1", 100)], window_days=5)
    assert result.matches == []
    assert result.only_in_statement == [("s1", 2), ("s1", 3)]
    assert result.only_in_ledger == [("p1", "UNC-1")]


def test_one_line_for_several_payments_and_several_lines_for_one_payment():
    split = line(2, "KB-1", 300, D)
    parts = [pay("UNC-1", 100), pay("UNC-2", 200, D + timedelta(days=1)), pay("UNC-9", 999)]
    result = match([split], parts)
    assert rules(result) == {(("s1", 2),): ("split", (("p1", "UNC-1"), ("p1", "UNC-2")), 0)}

    instalments = [line(3, "KB-3", 40), line(4, "KB-4", 60, D + timedelta(days=3))]
    result = match(instalments, [pay("UNC-5", 100)])
    assert rules(result) == {(("s1", 3), ("s1", 4)): ("combined", (("p1", "UNC-5"),), 0)}


def test_a_match_by_hand_wins_and_an_unmatch_keeps_the_line_out():
    lines = [line(2, "UNC-1", 100), line(3, "KB-X", 50)]
    payments = [pay("UNC-1", 100), pay("UNC-2", 55)]
    links = [
        HandLink(("s1", 3), "match", (("p1", "UNC-2"),)),
        HandLink(("s1", 2), "unmatch"),
    ]
    result = match(lines, payments, links)
    assert rules(result) == {(("s1", 3),): ("manual", (("p1", "UNC-2"),), -5)}
    assert result.only_in_statement == [("s1", 2)]  # held apart, though its voucher matches
    assert result.only_in_ledger == [("p1", "UNC-1")]
    # The last word counts: matched again by hand after the unmatch.
    again = match(lines, payments, [*links, HandLink(("s1", 2), "match", (("p1", "UNC-1"),))])
    assert {m.rule for m in again.matches} == {"manual"}
    assert again.only_in_statement == again.only_in_ledger == []


def test_a_payment_is_never_matched_twice():
    result = match([line(2, "UNC-1", 100), line(3, "UNC-1", 100)], [pay("UNC-1", 100)])
    assert len(result.matches) == 1
    assert result.only_in_statement == [("s1", 3)]


@given(
    st.lists(
        st.tuples(st.integers(1, 10**9), st.integers(0, 300), st.sampled_from(["A", "B", "C"])),
        min_size=1,
        max_size=40,
    ),
    st.data(),
)
def test_every_line_and_payment_ends_in_exactly_one_place(rows, data):
    start = date(2024, 1, 1)
    payments = [
        LedgerPayment(("p", f"V{i}"), f"V{i}", a, start + timedelta(days=d), payee, "P", 2024)
        for i, (a, d, payee) in enumerate(rows)
    ]
    kept = data.draw(st.lists(st.sampled_from(range(len(rows))), unique=True))
    lines = [
        TreasuryLine(
            ("s", i),
            data.draw(st.sampled_from([f"V{i}", f"KB{i}"])),
            rows[i][0] + data.draw(st.sampled_from([0, 0, 0, 1000])),
            start + timedelta(days=rows[i][1] + data.draw(st.integers(-3, 3))),
            rows[i][2],
            "P",
        )
        for i in kept
    ]
    result = match(lines, payments)
    matched_lines = [k for m in result.matches for k in m.lines]
    matched_payments = [k for m in result.matches for k in m.payments]
    assert sorted(matched_lines + result.only_in_statement) == sorted(x.key for x in lines)
    assert sorted(matched_payments + result.only_in_ledger) == sorted(p.key for p in payments)
    for m in result.matches:
        if m.rule in ("amount_date_payee", "split", "combined"):
            assert m.difference == 0
