"""The XLSX workbook and the CSV files."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import openpyxl
import pytest

from finance.exports.model import (
    BudgetPhases,
    ExecutionRow,
)
from finance.exports.tables import (
    AMOUNT_FORMAT,
    EXACT_LIMIT,
    EXECUTION,
    INFO_SHEET,
    PHASES,
    RATIO_FORMAT,
    TARGETS,
    write_csv,
    write_xlsx,
)
from projections.figures import VOCABULARY, BudgetFigures
from tests.unit.exports.sample import (
    export_data,
    first_row,
    read_csv,
)


def test_the_data_is_as_described():
    data = export_data()
    assert len(data.phases) == 6
    assert len(data.execution) == 12
    assert {p.status for p in data.projects} == {"SETTLED", "CONTRACTED", "PROPOSED"}
    kinds = {t.kind for p in data.projects for t in p.transactions}
    assert kinds == {"commitment", "disbursement", "reversal", "refund"}


# --- XLSX -----------------------------------------------------------------------------------


def test_the_workbook_holds_the_three_tables_and_the_information_sheet(data, tmp_path):
    path = tmp_path / "bao-cao.xlsx"
    write_xlsx(data, path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Dự toán", "Thực hiện", "Chỉ tiêu", INFO_SHEET]
    for table, count in ((PHASES, 6), (EXECUTION, 12), (TARGETS, 5)):
        sheet = book[table.sheet]
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == table.headers
        assert len(rows) == count + 1
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.column_dimensions["B"].width > 10
        assert (
            sheet.auto_filter.ref
            == f"A1:{sheet.cell(1, len(table.headers)).column_letter}{count + 1}"
        )


def test_amount_headers_say_dong():
    for table in (PHASES, EXECUTION):
        amounts = [c.header for c in table.columns if c.kind == "amount"]
        assert amounts
        assert all(re.fullmatch(r".+ \(đồng\) \[[a-zA-Z]+\]", header) for header in amounts)


def test_every_line_column_is_headed_by_its_term_and_its_graphql_field():
    headers = PHASES.headers
    assert headers[:5] == [
        "Năm [year]",
        "Nguồn kinh phí [source]",
        "Tên nguồn kinh phí",
        "Đơn vị giữ dự toán [holder.code]",
        "Tên đơn vị giữ dự toán [holder.name]",
    ]
    assert headers[5:] == [f.header for f in VOCABULARY]
    assert "Dự toán được giao (đồng) [allocated]" in headers
    assert "Tỷ lệ thực hiện [executionRate]" in headers


def test_workbook_amounts_are_integers_with_grouping_format(data, tmp_path):
    path = tmp_path / "bao-cao.xlsx"
    write_xlsx(data, path)
    book = openpyxl.load_workbook(path)
    sheet = book["Dự toán"]
    for row, line in zip(sheet.iter_rows(min_row=2), data.phases, strict=True):
        year, source, name, holder, holder_name, *figures = row
        assert (year.value, source.value, name.value, holder.value, holder_name.value) == (
            line.year,
            line.source,
            line.source_name_vi,
            line.holder_code,
            line.holder_name,
        )
        assert year.number_format == "General"  # 2024, never "2,024"
        for cell, figure in zip(figures, VOCABULARY, strict=True):
            if figure.kind == "amount":
                assert type(cell.value) is int
                assert cell.value == line.figures.value(figure.name)
                assert cell.number_format == AMOUNT_FORMAT
            else:
                assert cell.number_format == RATIO_FORMAT
                assert cell.value == float(line.figures.execution_rate)
    sheet = book["Thực hiện"]
    for row, line in zip(sheet.iter_rows(min_row=2, values_only=True), data.execution, strict=True):
        assert row == (
            line.year,
            line.source,
            line.source_name_vi,
            line.content_code,
            line.content_title_vi,
            line.unit_code,
            line.unit_name,
            line.committed,
            line.paid,
        )
        assert all(type(value) is int for value in row[-2:])


def test_the_targets_sheet_and_a_ratio_without_denominator(data, tmp_path):
    data = replace(data, targets=(*data.targets, replace(data.targets[0], target=0, achieved=0)))
    path = tmp_path / "bao-cao.xlsx"
    write_xlsx(data, path)
    rows = list(openpyxl.load_workbook(path)["Chỉ tiêu"].iter_rows(min_row=2, values_only=True))
    assert rows[1][:8] == ("I.2.a", "machines_applied", data.targets[1].name_vi, "machine",
                           42, 45, 40, 31)  # fmt: skip
    assert rows[1][8] == pytest.approx(31 / 45, abs=5e-5)
    assert rows[-1][8] is None  # nothing to measure against: an empty cell, not a division error


def test_the_information_sheet_says_what_and_as_of_when(data, tmp_path):
    path = tmp_path / "bao-cao.xlsx"
    write_xlsx(replace(data, year=2024), path)
    info = dict(openpyxl.load_workbook(path)[INFO_SHEET].iter_rows(values_only=True))
    assert info["Chương trình"].startswith("BD-KC-2025 — Chương trình khuyến công")
    assert "1811/QĐ-UBND ngày 15/07/2021" in info["Quyết định"]
    assert info["Vị trí sổ cái"] == 48_217
    assert info["Thời điểm lập"] == "2025-03-15T09:30:00+07:00"
    assert info["Năm"] == "2024"


# --- CSV ------------------------------------------------------------------------------------


def test_csv_files_are_written_beside_each_other_with_a_bom(data, tmp_path):
    paths = write_csv(data, tmp_path / "out" / "khuyen-cong.csv")
    assert [p.name for p in paths] == [
        "khuyen-cong.csv",
        "khuyen-cong.du-toan.csv",
        "khuyen-cong.chi-tieu.csv",
    ]
    for path in paths:
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        assert "đồng".encode() in raw or "Chỉ tiêu".encode() in raw


def test_csv_round_trips(data, tmp_path):
    execution_path, phases_path, targets_path = write_csv(data, tmp_path / "khuyen-cong.csv")

    header, *rows = read_csv(execution_path)
    assert header == EXECUTION.headers
    back = [
        ExecutionRow(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], int(r[7]), int(r[8]))
        for r in rows
    ]
    assert tuple(back) == data.execution

    header, *rows = read_csv(phases_path)
    assert header == PHASES.headers
    amounts = [f for f in VOCABULARY if f.kind == "amount"]
    back_phases = [
        BudgetPhases(
            int(r[0]),
            r[1],
            r[2],
            r[3],
            r[4],
            BudgetFigures(
                **{f.name: int(r[header.index(f.header)]) for f in amounts if f.name != "allocated"}
            ),
        )
        for r in rows
    ]
    assert tuple(back_phases) == data.phases
    rate = header.index("Tỷ lệ thực hiện [executionRate]")
    # The text the API's JSON gives for the same rate (a float of the four-place value).
    assert [r[rate] for r in rows] == [
        json.dumps(float(p.figures.execution_rate)) for p in data.phases
    ]

    header, *rows = read_csv(targets_path)
    assert header == TARGETS.headers
    back_targets = [
        (r[1], r[0], r[2], r[3], int(r[5]), int(r[4]), int(r[6]), int(r[7])) for r in rows
    ]
    assert back_targets == [
        (t.indicator_code, t.section, t.name_vi, t.unit, t.target, t.target_as_approved,
         t.planned, t.achieved)
        for t in data.targets
    ]  # fmt: skip


def test_csv_amounts_are_bare_integers(data, tmp_path):
    execution_path, phases_path, _ = write_csv(data, tmp_path / "khuyen-cong.csv")
    amounts = [i for i, c in enumerate(PHASES.columns) if c.kind == "amount"]
    for path, columns in ((execution_path, (7, 8)), (phases_path, amounts)):
        for row in read_csv(path)[1:]:
            assert all(re.fullmatch(r"-?\d+", row[c]) for c in columns), row


def test_workbook_amounts_are_exact_up_to_the_limit_of_a_spreadsheet_number(data, tmp_path):
    """A workbook cell holds a double: exact up to 2^53 đồng, and refused beyond, not rounded."""
    most = EXACT_LIMIT - 1
    figures = BudgetFigures(estimated=most, allocated_initial=most, paid=1)
    line = replace(data.phases[0], figures=figures)
    row = replace(data.execution[0], committed=most, paid=-most)
    write_xlsx(replace(data, phases=(line,), execution=(row,)), tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    values = dict(zip(PHASES.headers, first_row(book["Dự toán"]), strict=True))
    assert values["Dự toán đề xuất (đồng) [estimated]"] == most
    assert values["Dự toán được giao (đồng) [allocated]"] == most
    assert values["Thực chi (đồng) [paid]"] == 1
    assert first_row(book["Thực hiện"])[7:] == (most, -most)

    too_much = replace(line, figures=replace(figures, estimated=EXACT_LIMIT + 1))
    with pytest.raises(ValueError, match="cannot be stored exactly"):
        write_xlsx(replace(data, phases=(too_much,)), tmp_path / "u.xlsx")
