"""Exact integers in every text format: no float on the way."""

from __future__ import annotations

import re
from dataclasses import replace

import frictionless

from finance.exports.iati import (
    write_iati,
)
from finance.exports.ofdp import write_ofdp
from finance.exports.tables import (
    write_csv,
)
from projections.figures import BudgetFigures
from tests.unit.exports.sample import (
    errors_of,
    parse_iati,
    read_csv,
    validate_package,
)


def test_every_amount_survives_every_text_format_exactly(data, tmp_path):
    """2^53 + 1 is the first integer a float cannot hold: any float on the way would show."""
    huge = 2**53 + 1
    figures = BudgetFigures(estimated=huge, allocated_initial=huge, paid=huge - 2)
    line = replace(data.phases[0], figures=figures)
    row = replace(data.execution[0], committed=huge, paid=huge)
    money = replace(data.projects[0].transactions[2], amount=huge)
    project = replace(data.projects[0], approved_support=huge, transactions=(money,), outputs=())
    data = replace(data, phases=(line,), execution=(row,), projects=(project,), targets=())

    execution_path, phases_path, _ = write_csv(data, tmp_path / "t.csv")
    assert read_csv(execution_path)[1][7:] == [str(huge), str(huge)]
    header, values = read_csv(phases_path)
    phases = dict(zip(header, values, strict=True))
    assert phases["Dự toán đề xuất (đồng) [estimated]"] == str(huge)
    assert phases["Dự toán giao đầu năm (đồng) [allocatedInitial]"] == str(huge)
    assert phases["Dự toán được giao (đồng) [allocated]"] == str(huge)
    assert phases["Thực chi (đồng) [paid]"] == str(huge - 2)

    descriptor = write_ofdp(data, tmp_path / "ofdp")
    report = validate_package(descriptor)
    assert report.valid, errors_of(report)
    amounts = [r[-1] for r in read_csv(tmp_path / "ofdp" / "data" / "budget-phases.csv")[1:]]
    assert amounts == [str(huge)] * 3 + [str(huge - 2)]
    rows = frictionless.Package(str(descriptor)).get_resource("transactions").read_rows()
    assert [r["amount"] for r in rows] == [huge]

    write_iati(data, tmp_path / "t.xml")
    root = parse_iati(tmp_path / "t.xml")
    values = [v.text for v in root.iter("value")]
    assert str(huge) in values
    assert all(re.fullmatch(r"-?\d+", v) for v in values), values
