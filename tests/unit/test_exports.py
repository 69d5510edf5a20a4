"""The export writers: XLSX and CSV tables, Open Fiscal Data Package, IATI 2.03 XML.

Each format is read back with an independent reader (openpyxl, csv, frictionless, xmlschema
against the official IATI schemas in tests/fixtures/iati, xml.etree) and compared with the
``ExportData`` it came from.
"""

from __future__ import annotations

import copy
import csv
import json
import re
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import frictionless
import openpyxl
import pytest
import xmlschema

from finance.exports.iati import (
    identifier_part,
    program_identifier,
    project_identifier,
    write_iati,
)
from finance.exports.model import (
    BudgetPhases,
    ExecutionRow,
    ExportData,
    ProgramInfo,
    ProjectActivity,
    ProjectOutput,
    TargetRow,
    Transaction,
)
from finance.exports.ofdp import write_ofdp
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

IATI_SCHEMAS = Path(__file__).resolve().parent.parent / "fixtures" / "iati"
ICT = timezone(timedelta(hours=7))
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

PROVINCIAL = "Kinh phí sự nghiệp thuộc ngân sách tỉnh"
DISTRICT = "Ngân sách cấp huyện"
MACHINES = "Hỗ trợ chuyển giao, ứng dụng máy móc thiết bị, công nghệ tiên tiến, tự động hóa"
FAIRS = "Hỗ trợ tổ chức hội chợ, triển lãm hàng công nghiệp nông thôn, hàng thủ công mỹ nghệ"
ENVIRONMENT = "Hỗ trợ các cơ sở công nghiệp nông thôn sửa chữa, nâng cấp hệ thống xử lý ô nhiễm"
TRAINING = "Đào tạo khởi sự kinh doanh, quản trị doanh nghiệp"


# --- the data -------------------------------------------------------------------------------


def program() -> ProgramInfo:
    return ProgramInfo(
        code="BD-KC-2025",
        title_vi="Chương trình khuyến công tỉnh Bình Dương đến năm 2025",
        title_en="Binh Duong province industrial-promotion program to 2025",
        decision_no="1811/QĐ-UBND",
        decision_date=date(2021, 7, 15),
        issuer="Ủy ban nhân dân tỉnh Bình Dương",
        period_start=date(2021, 7, 15),
        period_end=date(2025, 12, 31),
        reporting_org_ref="VN-SCT-BD",
        reporting_org_name="Sở Công Thương tỉnh Bình Dương",
    )


def phases() -> tuple[BudgetPhases, ...]:
    """Two budget lines over three years; amounts end in odd digits on purpose."""
    rows = []
    for year, scale in ((2023, 1), (2024, 2), (2025, 3)):
        rows.append(
            BudgetPhases(
                year=year,
                source="PROVINCIAL",
                source_name_vi=PROVINCIAL,
                proposed=3_250_000_000 * scale + 7,
                approved=3_000_000_000 * scale + 3,
                adjusted=3_000_000_000 * scale + 3 + (125_500_001 if year == 2024 else 0),
                executed=2_847_503_117 * scale if year < 2025 else 126_000_000,
            )
        )
        rows.append(
            BudgetPhases(
                year=year,
                source="DISTRICT",
                source_name_vi=DISTRICT,
                proposed=400_000_001,
                approved=350_000_000 + year,
                adjusted=350_000_000 + year,
                executed=0 if year == 2025 else 301_999_999,
            )
        )
    return tuple(rows)


def execution() -> tuple[ExecutionRow, ...]:
    units = (("718", "Thành phố Thủ Dầu Một"), ("719", "Huyện Bàu Bàng"))
    contents = (("IV.1.b", MACHINES), ("IV.2.a", FAIRS), ("IV.1.c", ENVIRONMENT))
    rows = []
    for index, (year, (content_code, content), (unit_code, unit)) in enumerate(
        (year, content, unit) for year in (2023, 2024) for content in contents for unit in units
    ):
        source, name = ("PROVINCIAL", PROVINCIAL) if index % 3 else ("DISTRICT", DISTRICT)
        committed = 120_000_000 + 1_000_003 * index
        rows.append(
            ExecutionRow(
                year=year,
                source=source,
                source_name_vi=name,
                content_code=content_code,
                content_title_vi=content,
                unit_code=unit_code,
                unit_name=unit,
                committed=committed,
                paid=committed - 17 * index,
            )
        )
    return tuple(rows)


def targets() -> tuple[TargetRow, ...]:
    return (
        TargetRow("demo_models", "I.2.a", "Mô hình trình diễn kỹ thuật",
                  "Technical demonstration models built", "model", 4, 4, 4, 3),
        TargetRow("machines_applied", "I.2.a",
                  "Máy móc thiết bị ứng dụng vào sản xuất công nghiệp - tiểu thủ công nghiệp",
                  "Machines and equipment applied in production", "machine", 45, 42, 40, 31),
        TargetRow("fairs", "I.2.b", "Hội chợ triển lãm trong nước",
                  "Domestic fairs and exhibitions", "fair", 12, 12, 9, 7),
        TargetRow("fair_participations", "I.2.b",
                  "Lượt cơ sở công nghiệp nông thôn tham gia các hội chợ",
                  "Establishment-participations in fairs supported", "participation", 76, 76,
                  60, 0),
        TargetRow("trainees", "I.2.d", "Học viên", "Trainees", "person", 200, 200, 150, 163),
    )  # fmt: skip


def projects() -> tuple[ProjectActivity, ...]:
    settled = ProjectActivity(
        id="0b8f6d2e-5a41-4c7e-9d0a-3f1e2b7c4d51",
        code="DA-2024-01",
        title="Hỗ trợ máy chiết rót tự động cho Cơ sở nước mắm Phú Lợi",
        content_code="IV.1.b",
        content_title_vi=MACHINES,
        unit_code="718",
        unit_name="Thành phố Thủ Dầu Một",
        status="SETTLED",
        year=2024,
        proposed_on=date(2024, 1, 22),
        approved_on=date(2024, 3, 12),
        contract_signed_on=date(2024, 3, 28),
        approved_support=850_000_000,
        transactions=(
            Transaction("commitment", date(2024, 3, 12), 850_000_000, "PROVINCIAL",
                        "215/QĐ-SCT", "Phê duyệt kinh phí hỗ trợ"),
            Transaction("commitment", date(2024, 6, 3), -49_999_999, "PROVINCIAL",
                        "402/QĐ-SCT", "Điều chỉnh giảm kinh phí"),
            Transaction("disbursement", date(2024, 4, 2), 240_000_000, "PROVINCIAL",
                        "UNC-0412", "Tạm ứng 30%"),
            Transaction("disbursement", date(2024, 11, 20), 560_000_001, "PROVINCIAL",
                        "UNC-1187", "Thanh toán sau nghiệm thu"),
            Transaction("reversal", date(2024, 11, 25), 20_000_000, "PROVINCIAL",
                        "UNC-1187-H", "Hủy phần chi vượt"),
            Transaction("refund", date(2025, 1, 10), 15_500_003, "PROVINCIAL",
                        "GNT-0007", "Cơ sở nộp trả kinh phí thừa"),
        ),
        outputs=(ProjectOutput("machines_applied", 3, 3),),
    )  # fmt: skip
    contracted = ProjectActivity(
        id="7c2a9e14-0d3b-4f58-a6e2-91b0c5d8e723",
        code="DA-2025/02",  # a slash: not allowed in an IATI identifier
        title="Hỗ trợ cơ sở công nghiệp nông thôn tham gia Hội chợ Đồng bằng sông Cửu Long",
        content_code="IV.2.a",
        content_title_vi=FAIRS,
        unit_code="719",
        unit_name="Huyện Bàu Bàng",
        status="CONTRACTED",
        year=2025,
        proposed_on=date(2025, 1, 6),
        approved_on=date(2025, 2, 10),
        contract_signed_on=date(2025, 2, 18),
        approved_support=420_000_000,
        transactions=(
            Transaction("commitment", date(2025, 2, 10), 420_000_000, "DISTRICT",
                        "88/QĐ-UBND", "Phê duyệt kinh phí hỗ trợ"),
            Transaction("disbursement", date(2025, 2, 25), 126_000_000, "DISTRICT",
                        "UNC-0031", ""),
        ),
        outputs=(ProjectOutput("fair_participations", 12, 0),),
    )  # fmt: skip
    proposed = ProjectActivity(
        id="c41d7b90-8e2f-4a63-b5c1-2d9e0f6a7b88",
        code="DA-2025-03",
        title="Nâng cấp hệ thống xử lý nước thải cơ sở gốm sứ Tân Phước Khánh",
        content_code="IV.1.c",
        content_title_vi=ENVIRONMENT,
        unit_code="723",
        unit_name="Thị xã Tân Uyên",
        status="PROPOSED",
        year=2025,
        proposed_on=date(2025, 3, 1),
        approved_on=None,
        contract_signed_on=None,
        approved_support=0,
        transactions=(),
        outputs=(),
    )
    return (settled, contracted, proposed)


def export_data() -> ExportData:
    return ExportData(
        program=program(),
        generated_at=datetime(2025, 3, 15, 9, 30, tzinfo=ICT),
        position=48_217,
        year=None,
        phases=phases(),
        execution=execution(),
        targets=targets(),
        projects=projects(),
    )


@pytest.fixture
def data() -> ExportData:
    return export_data()


@pytest.fixture(scope="module")
def iati_schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(IATI_SCHEMAS / "iati-activities-schema.xsd"))


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
        assert all(header.endswith("(đồng)") for header in amounts)


def test_workbook_amounts_are_integers_with_grouping_format(data, tmp_path):
    path = tmp_path / "bao-cao.xlsx"
    write_xlsx(data, path)
    book = openpyxl.load_workbook(path)
    sheet = book["Dự toán"]
    for row, line in zip(sheet.iter_rows(min_row=2), data.phases, strict=True):
        year, source, proposed, approved, adjusted, executed, rate = row
        assert (year.value, source.value) == (line.year, line.source_name_vi)
        assert year.number_format == "General"  # 2024, never "2,024"
        for cell, expected in zip(
            (proposed, approved, adjusted, executed),
            (line.proposed, line.approved, line.adjusted, line.executed),
            strict=True,
        ):
            assert type(cell.value) is int
            assert cell.value == expected
            assert cell.number_format == AMOUNT_FORMAT
        assert rate.number_format == RATIO_FORMAT
        assert rate.value == pytest.approx(line.executed / line.adjusted, abs=5e-5)
    sheet = book["Thực hiện"]
    for row, line in zip(sheet.iter_rows(min_row=2, values_only=True), data.execution, strict=True):
        assert row == (
            line.year,
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


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


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
        ExecutionRow(int(r[0]), s.source, r[1], r[2], r[3], r[4], r[5], int(r[6]), int(r[7]))
        for r, s in zip(rows, data.execution, strict=True)
    ]
    assert tuple(back) == data.execution

    header, *rows = read_csv(phases_path)
    assert header == PHASES.headers
    codes = {line.source_name_vi: line.source for line in data.phases}
    back_phases = [
        BudgetPhases(int(r[0]), codes[r[1]], r[1], int(r[2]), int(r[3]), int(r[4]), int(r[5]))
        for r in rows
    ]
    assert tuple(back_phases) == data.phases
    assert [Decimal(r[6]) for r in rows] == [
        (Decimal(p.executed) / Decimal(p.adjusted)).quantize(Decimal("0.0001")) for p in data.phases
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
    for path, columns in ((execution_path, (6, 7)), (phases_path, (2, 3, 4, 5))):
        for row in read_csv(path)[1:]:
            assert all(re.fullmatch(r"-?\d+", row[c]) for c in columns), row


# --- Open Fiscal Data Package ---------------------------------------------------------------


def validate_package(descriptor: Path) -> frictionless.Report:
    return frictionless.validate(str(descriptor))


def errors_of(report: frictionless.Report) -> list[list[str]]:
    return report.flatten(["type", "message"])


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
    phase_field = by_name["budget-phases"]["schema"]["fields"][3]
    assert phase_field["constraints"]["enum"] == ["proposed", "approved", "adjusted", "executed"]
    assert by_name["budget-phases"]["schema"]["primaryKey"] == ["year", "source", "phase"]
    types = {f["name"]: f["type"] for f in by_name["transactions"]["schema"]["fields"]}
    assert (types["date"], types["amount"], types["kind"]) == ("date", "integer", "string")


def test_the_long_form_has_one_row_per_year_source_and_phase(data, tmp_path):
    folder = tmp_path / "ofdp"
    write_ofdp(data, folder)
    rows = read_csv(folder / "data" / "budget-phases.csv")
    assert rows[0] == ["year", "source", "source_name", "phase", "amount"]
    expected = [
        [str(p.year), p.source, p.source_name_vi, phase, str(getattr(p, phase))]
        for p in data.phases
        for phase in ("proposed", "approved", "adjusted", "executed")
    ]
    assert rows[1:] == expected
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
        ("budget-lines", "approved", "3.000.000.003", "type-error"),
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


# --- IATI -----------------------------------------------------------------------------------


def parse_iati(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def activity(root: ET.Element, identifier: str) -> ET.Element:
    for element in root.iter("iati-activity"):
        if element.findtext("iati-identifier") == identifier:
            return element
    raise AssertionError(f"no activity {identifier}")


def test_the_iati_file_validates_against_the_official_schema(data, tmp_path, iati_schema):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    errors = [str(error) for error in iati_schema.iter_errors(str(path))]
    assert not errors, errors[:3]
    root = parse_iati(path)
    assert root.get("version") == "2.03"
    assert root.get("generated-datetime") == "2025-03-15T09:30:00+07:00"


def remove_first(root: ET.Element, tag: str) -> None:
    parent = root.find(f".//{tag}/..")
    parent.remove(parent.find(tag.rsplit("/", 1)[-1]))


def swap_first(root: ET.Element, first: str, second: str) -> None:
    parent = root.find("iati-activity")
    children = list(parent)
    i, j = children.index(parent.find(first)), children.index(parent.find(second))
    children[i], children[j] = children[j], children[i]
    parent[:] = children


@pytest.mark.parametrize(
    "damage",
    [
        lambda root: remove_first(root, "reporting-org"),
        lambda root: remove_first(root, "activity-status"),
        lambda root: remove_first(root, "budget/value"),
        lambda root: swap_first(root, "title", "description"),
        lambda root: swap_first(root, "budget", "recipient-country"),
        lambda root: root.find(".//transaction/value").set("value-date", "15/03/2025"),
    ],
    ids=["no-reporting-org", "no-status", "budget-without-value", "description-first",
         "budget-before-country", "bad-date"],
)  # fmt: skip
def test_a_damaged_activity_fails_validation(data, tmp_path, iati_schema, damage):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    root = copy.deepcopy(parse_iati(path))
    damage(root)
    assert not iati_schema.is_valid(ET.tostring(root, encoding="unicode"))


def test_identifiers_are_made_iati_safe():
    assert identifier_part("DA-2025/02") == "DA-2025-02"
    assert identifier_part(" Đề án số 7 ") == "De-an-so-7"
    assert identifier_part("A&B|C?D") == "A-B-C-D"
    with pytest.raises(ValueError, match="nothing usable"):
        identifier_part("///")


def test_hierarchy_and_identifiers(data, tmp_path):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    root = parse_iati(path)
    parent_id = program_identifier(data.program)
    child_ids = [project_identifier(data.program, p) for p in data.projects]
    assert parent_id == "VN-SCT-BD-BD-KC-2025"
    assert child_ids == [
        "VN-SCT-BD-BD-KC-2025-DA-2024-01",
        "VN-SCT-BD-BD-KC-2025-DA-2025-02",
        "VN-SCT-BD-BD-KC-2025-DA-2025-03",
    ]
    all_ids = [a.findtext("iati-identifier") for a in root.iter("iati-activity")]
    assert all_ids == [parent_id, *child_ids]
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+", i) for i in all_ids)
    parent = activity(root, parent_id)
    assert parent.get("hierarchy") == "1"
    assert [(r.get("ref"), r.get("type")) for r in parent.iter("related-activity")] == [
        (child, "2") for child in child_ids
    ]
    for child_id, project in zip(child_ids, data.projects, strict=True):
        child = activity(root, child_id)
        assert child.get("hierarchy") == "2"
        assert [(r.get("ref"), r.get("type")) for r in child.iter("related-activity")] == [
            (parent_id, "1")
        ]
        others = {o.get("ref") for o in child.iter("other-identifier")}
        assert {project.code, project.id} <= others
        assert child.find("reporting-org").get("ref") == "VN-SCT-BD"
        assert child.find("reporting-org").get("type") == "10"


def test_titles_and_descriptions_carry_their_language(data, tmp_path):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    parent = activity(parse_iati(path), program_identifier(data.program))
    titles = {n.get(XML_LANG): n.text for n in parent.find("title")}
    assert titles == {"vi": data.program.title_vi, "en": data.program.title_en}
    assert {n.get(XML_LANG) for n in parent.find("description")} == {"vi", "en"}
    assert parent.get("default-currency") == "VND"
    assert parent.find("recipient-country").get("code") == "VN"


@pytest.mark.parametrize(
    ("status", "code"),
    [("PROPOSED", "1"), ("APPRAISED", "1"), ("APPROVED", "2"), ("CONTRACTED", "2"),
     ("SUSPENDED", "2"), ("ACCEPTED", "3"), ("SETTLED", "4"), ("CANCELLED", "5"),
     ("REJECTED", "5")],
)  # fmt: skip
def test_project_status_maps_to_iati_activity_status(data, tmp_path, status, code):
    project = replace(data.projects[0], status=status)
    path = tmp_path / "iati.xml"
    write_iati(replace(data, projects=(project,)), path)
    child = activity(parse_iati(path), project_identifier(data.program, project))
    assert child.find("activity-status").get("code") == code


def test_transactions_carry_iati_types_and_signed_values(data, tmp_path):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    root = parse_iati(path)
    settled = activity(root, project_identifier(data.program, data.projects[0]))
    found = [
        (
            t.find("transaction-type").get("code"),
            t.find("transaction-date").get("iso-date"),
            t.findtext("value"),
            t.find("value").get("currency"),
            t.find("value").get("value-date"),
            t.get("ref"),
        )
        for t in settled.iter("transaction")
    ]
    assert found == [
        ("2", "2024-03-12", "850000000", "VND", "2024-03-12", "215/QĐ-SCT"),
        ("2", "2024-06-03", "-49999999", "VND", "2024-06-03", "402/QĐ-SCT"),
        ("3", "2024-04-02", "240000000", "VND", "2024-04-02", "UNC-0412"),
        ("3", "2024-11-20", "560000001", "VND", "2024-11-20", "UNC-1187"),
        ("3", "2024-11-25", "-20000000", "VND", "2024-11-25", "UNC-1187-H"),  # reversal
        ("3", "2025-01-10", "-15500003", "VND", "2025-01-10", "GNT-0007"),  # refund
    ]
    net_paid = sum(int(v) for code, _, v, *_ in found if code == "3")
    assert net_paid == 240_000_000 + 560_000_001 - 20_000_000 - 15_500_003
    # A transaction with no description still says what it is.
    contracted = activity(root, project_identifier(data.program, data.projects[1]))
    assert contracted.findall("transaction")[1].findtext("description/narrative")
    # The program reports no transactions: money is counted once, at the lowest level.
    assert activity(root, program_identifier(data.program)).find("transaction") is None


def test_program_budgets_per_year_original_and_revised(data, tmp_path):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    parent = activity(parse_iati(path), program_identifier(data.program))
    budgets = [
        (
            b.get("type"),
            b.get("status"),
            b.find("period-start").get("iso-date"),
            b.find("period-end").get("iso-date"),
            int(b.findtext("value")),
        )
        for b in parent.iter("budget")
    ]
    approved = {y: sum(p.approved for p in data.phases if p.year == y) for y in (2023, 2024, 2025)}
    adjusted_2024 = sum(p.adjusted for p in data.phases if p.year == 2024)
    assert budgets == [
        ("1", "2", "2023-01-01", "2023-12-31", approved[2023]),
        ("1", "2", "2024-01-01", "2024-12-31", approved[2024]),
        ("1", "2", "2025-01-01", "2025-12-31", approved[2025]),
        ("2", "2", "2024-01-01", "2024-12-31", adjusted_2024),
    ]
    child = activity(parse_iati(path), project_identifier(data.program, data.projects[0]))
    assert [int(b.findtext("value")) for b in child.iter("budget")] == [850_000_000]
    proposed = activity(parse_iati(path), project_identifier(data.program, data.projects[2]))
    assert proposed.find("budget") is None


def test_results_report_targets_and_achievements(data, tmp_path):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    root = parse_iati(path)
    parent = activity(root, program_identifier(data.program))
    results = parent.findall("result")
    assert len(results) == len(data.targets)
    for result, target in zip(results, data.targets, strict=True):
        assert result.get("type") == "1"
        indicator = result.find("indicator")
        assert indicator.get("measure") == "1"
        assert indicator.find("reference").get("code") == target.indicator_code
        baseline = indicator.find("baseline")
        assert (baseline.get("year"), baseline.get("value")) == ("2021", "0")
        period = indicator.find("period")
        assert period.find("target").get("value") == str(target.target)
        assert period.find("actual").get("value") == str(target.achieved)
    child = activity(root, project_identifier(data.program, data.projects[1]))
    period = child.find("result/indicator/period")
    assert (period.find("target").get("value"), period.find("actual").get("value")) == ("12", "0")
    assert child.findtext("result/title/narrative") == data.targets[3].name_vi


def test_dates_status_and_location_of_a_project(data, tmp_path):
    path = tmp_path / "iati.xml"
    write_iati(data, path)
    root = parse_iati(path)
    settled = activity(root, project_identifier(data.program, data.projects[0]))
    dates = [(d.get("type"), d.get("iso-date")) for d in settled.iter("activity-date")]
    assert dates == [("1", "2024-03-12"), ("2", "2024-03-28")]
    assert settled.find("location").get("ref") == "718"
    assert settled.findtext("location/name/narrative") == "Thành phố Thủ Dầu Một"
    proposed = activity(root, project_identifier(data.program, data.projects[2]))
    assert [(d.get("type"), d.get("iso-date")) for d in proposed.iter("activity-date")] == [
        ("1", "2025-03-01")
    ]
    parent = activity(root, program_identifier(data.program))
    assert parent.find("activity-status").get("code") == "2"  # March 2025: under way


# --- exact integers everywhere --------------------------------------------------------------


def test_every_amount_survives_every_text_format_exactly(data, tmp_path):
    """2^53 + 1 is the first integer a float cannot hold: any float on the way would show."""
    huge = 2**53 + 1
    line = replace(data.phases[0], proposed=huge, approved=huge, adjusted=huge, executed=huge - 2)
    row = replace(data.execution[0], committed=huge, paid=huge)
    money = replace(data.projects[0].transactions[2], amount=huge)
    project = replace(data.projects[0], approved_support=huge, transactions=(money,), outputs=())
    data = replace(data, phases=(line,), execution=(row,), projects=(project,), targets=())

    execution_path, phases_path, _ = write_csv(data, tmp_path / "t.csv")
    assert read_csv(execution_path)[1][6:] == [str(huge), str(huge)]
    assert read_csv(phases_path)[1][2:6] == [str(huge)] * 3 + [str(huge - 2)]

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


def first_row(sheet) -> tuple:
    return next(sheet.iter_rows(min_row=2, values_only=True))


def test_workbook_amounts_are_exact_up_to_the_limit_of_a_spreadsheet_number(data, tmp_path):
    """A workbook cell holds a double: exact up to 2^53 đồng, and refused beyond, not rounded."""
    most = EXACT_LIMIT - 1
    line = replace(data.phases[0], proposed=most, approved=most, adjusted=most, executed=1)
    row = replace(data.execution[0], committed=most, paid=-most)
    write_xlsx(replace(data, phases=(line,), execution=(row,)), tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert first_row(book["Dự toán"])[2:6] == (most, most, most, 1)
    assert first_row(book["Thực hiện"])[6:] == (most, -most)

    too_much = replace(line, proposed=EXACT_LIMIT + 1)
    with pytest.raises(ValueError, match="cannot be stored exactly"):
        write_xlsx(replace(data, phases=(too_much,)), tmp_path / "u.xlsx")
