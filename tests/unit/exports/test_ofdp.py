"""The Open Fiscal Data Package."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from finance.exports.ofdp import write_ofdp
from projections.figures import VOCABULARY
from tests.unit.exports.sample import (
    errors_of,
    read_csv,
    validate_package,
)

# --- Open Fiscal Data Package ---------------------------------------------------------------


def test_the_data_package_validates(data, tmp_path):
    descriptor = write_ofdp(data, tmp_path / "ofdp")
    assert descriptor == tmp_path / "ofdp" / "datapackage.json"
    report = validate_package(descriptor)
    assert report.valid, errors_of(report)


def test_the_package_carries_the_fiscal_model(data, tmp_path):
    package = json.loads(write_ofdp(data, tmp_path / "ofdp").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert package["profiles"] == {"fiscal": "*", "tabular": "*"}
    assert package["countryCode"] == "VN"
    assert package["fiscalPeriod"] == {"start": "2021-07-15", "end": "2025-12-31"}
    measures = package["model"]["measures"]
    assert all(
        m["currency"] == "VND" and m["direction"] == "expenditure" for m in measures.values()
    )
    assert {m.get("phase") for m in measures.values()} >= {
        "proposed", "approved", "adjusted", "executed",
    }  # fmt: skip
    names = {r["name"] for r in package["resources"]}
    for item in [*measures.values(), *(
        a for d in package["model"]["dimensions"].values() for a in d["attributes"].values()
    )]:  # fmt: skip
        assert item["resource"] in names
    by_name = {r["name"]: r for r in package["resources"]}
    phase_field = by_name["budget-phases"]["schema"]["fields"][5]
    assert phase_field["constraints"]["enum"] == ["proposed", "approved", "adjusted", "executed"]
    assert by_name["budget-phases"]["schema"]["primaryKey"] == [
        "year",
        "source",
        "holder_code",
        "phase",
    ]
    types = {f["name"]: f["type"] for f in by_name["transactions"]["schema"]["fields"]}
    assert (types["date"], types["amount"], types["kind"]) == ("date", "integer", "string")


def test_the_long_form_has_one_row_per_year_source_and_phase(data, tmp_path):
    folder = tmp_path / "ofdp"
    write_ofdp(data, folder)
    rows = read_csv(folder / "data" / "budget-phases.csv")
    assert rows[0] == [
        "year", "source", "source_name", "holder_code", "holder_name", "phase", "amount",
    ]  # fmt: skip
    phases = {
        "proposed": "estimated",
        "approved": "allocated_initial",
        "adjusted": "allocated",
        "executed": "paid",
    }
    expected = [
        [
            str(p.year),
            p.source,
            p.source_name_vi,
            p.holder_code,
            p.holder_name,
            phase,
            str(p.figures.value(name)),
        ]
        for p in data.phases
        for phase, name in phases.items()
    ]
    assert rows[1:] == expected
    lines = read_csv(folder / "data" / "budget-lines.csv")
    assert lines[0] == [
        "year", "source", "source_name", "holder_code", "holder_name",
        *(f.field for f in VOCABULARY),
    ]  # fmt: skip
    assert lines[1][lines[0].index("allocated")] == str(data.phases[0].figures.allocated)
    transactions = read_csv(folder / "data" / "transactions.csv")
    assert transactions[1][:4] == ["DA-2024-01", "1", "2024-03-12", "commitment"]
    assert [row[-1] for row in transactions[1:7]] == [
        "850000000", "-49999999", "240000000", "560000001", "-20000000", "-15500003",
    ]  # fmt: skip


def break_cell(folder: Path, resource: str, column: str, value: str) -> None:
    path = folder / "data" / f"{resource}.csv"
    rows = read_csv(path)
    rows[1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


@pytest.mark.parametrize(
    ("resource", "column", "value", "error"),
    [
        ("budget-phases", "phase", "spent", "constraint-error"),
        ("budget-phases", "amount", "1.5", "type-error"),
        ("budget-lines", "allocated", "3.000.000.003", "type-error"),
        ("execution", "paid", "", "constraint-error"),
        ("transactions", "kind", "gift", "constraint-error"),
        ("transactions", "project_code", "DA-1999-99", "foreign-key"),
    ],
)
def test_a_broken_package_does_not_validate(data, tmp_path, resource, column, value, error):
    folder = tmp_path / "ofdp"
    descriptor = write_ofdp(data, folder)
    break_cell(folder, resource, column, value)
    report = validate_package(descriptor)
    assert not report.valid
    assert error in {kind for kind, _ in errors_of(report)}, errors_of(report)
