"""Exports name a unit as it was: a project by its proposal day, a year by its last day."""

from __future__ import annotations

from datetime import date

from finance.exports.source import _Names
from tests.unit.decide import binh_duong


def test_exports_name_units_as_they_were_on_the_day():
    names = _Names(binh_duong().definition)
    assert names.unit("723", date(2023, 4, 9)) == "Thị xã Tân Uyên"
    assert names.unit("723", date(2023, 12, 31)) == "Thành phố Tân Uyên"
    assert names.unit("721", date(2023, 12, 31)) == "Thị xã Bến Cát"
    assert names.unit("721", date(2024, 12, 31)) == "Thành phố Bến Cát"
    assert names.unit("999", date(2024, 1, 1)) == "999"
