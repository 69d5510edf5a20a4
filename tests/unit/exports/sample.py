"""A sample ExportData for the export writers' tests, and readers of what they write.

Each format is read back with an independent reader (openpyxl, csv, frictionless, xmlschema
against the official IATI schemas in tests/fixtures/iati, xml.etree) and compared with the
``ExportData`` it came from.
"""

from __future__ import annotations

import csv
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from xml.etree import ElementTree as ET

import frictionless

from finance.exports.model import (
    BudgetPhases,
    CoFinancingAmounts,
    ExecutionRow,
    ExportData,
    ProgramInfo,
    ProjectActivity,
    ProjectOutput,
    TargetRow,
    Transaction,
)
from projections.figures import BudgetFigures

IATI_SCHEMAS = Path(__file__).resolve().parents[2] / "fixtures" / "iati"
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
                holder_code="74",
                holder_name="Tỉnh Bình Dương",
                figures=BudgetFigures(
                    estimated=3_250_000_000 * scale + 7,
                    allocated_initial=3_000_000_000 * scale + 3,
                    adjustments=125_500_001 if year == 2024 else 0,
                    committed=2_900_000_000 * scale,
                    paid=2_847_503_117 * scale if year < 2025 else 126_000_000,
                    settled=1_000_000_001 if year == 2023 else 0,
                    available=100_000_003 * scale,
                ),
            )
        )
        rows.append(
            BudgetPhases(
                year=year,
                source="DISTRICT",
                source_name_vi=DISTRICT,
                holder_code="721",
                holder_name="Thị xã Bến Cát",
                figures=BudgetFigures(
                    estimated=400_000_001,
                    allocated_initial=350_000_000 + year,
                    committed=301_999_999,
                    paid=0 if year == 2025 else 301_999_999,
                    available=48_000_001 + year,
                ),
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
        co_financing=CoFinancingAmounts(900_000_000, 870_000_000, 860_000_001),
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


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def validate_package(descriptor: Path) -> frictionless.Report:
    return frictionless.validate(str(descriptor))


def errors_of(report: frictionless.Report) -> list[list[str]]:
    return report.flatten(["type", "message"])


def parse_iati(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def activity(root: ET.Element, identifier: str) -> ET.Element:
    for element in root.iter("iati-activity"):
        if element.findtext("iati-identifier") == identifier:
            return element
    raise AssertionError(f"no activity {identifier}")


def first_row(sheet) -> tuple:
    return next(sheet.iter_rows(min_row=2, values_only=True))
