"""The domain's enums as GraphQL enums, each value spelled as in the domain."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from domain import types as domain_types

# What each value means, per enum: every domain member needs one (a KeyError at import says
# which is missing).
VALUES: dict[str, dict[str, str]] = {
    "FundingSource": {
        "PROVINCIAL": "The province's budget (ngân sách tỉnh).",
        "DISTRICT": "A district's budget (ngân sách huyện).",
        "COMMUNE": "A commune's budget (ngân sách xã).",
        "NATIONAL": "The national industrial-promotion budget (khuyến công quốc gia).",
        "COUNTERPART": "Stored history only: an establishment's own share, before it became "
        "the project's coFinancing; new money naming it is refused.",
        "OTHER_PROGRAM": "Another program's money, integrated (lồng ghép).",
        "OTHER": "Other lawful sources (nguồn hợp pháp khác).",
    },
    "ProjectStatus": {
        "PROPOSED": "Proposed (đề xuất), awaiting appraisal.",
        "APPRAISED": "Appraised by the council (đã thẩm định), awaiting a decision.",
        "APPROVED": "Approved with its support (đã phê duyệt), awaiting a contract.",
        "REJECTED": "Rejected (không phê duyệt); final.",
        "CONTRACTED": "Contract signed (đã ký hợp đồng): payments may be recorded.",
        "SUSPENDED": "Suspended by decision (tạm dừng): no payments until resumed.",
        "ACCEPTED": "Outputs accepted (đã nghiệm thu), awaiting settlement.",
        "SETTLED": "Settled (đã quyết toán); final.",
        "CANCELLED": "Cancelled (hủy); final.",
    },
    "PaymentKind": {
        "ADVANCE": "An advance (tạm ứng), recovered by later payments of the same source.",
        "PAYMENT": "A payment for work done (thanh toán).",
    },
    "AppraisalResult": {
        "PASS": "The council recommends approval (đạt).",
        "FAIL": "The council does not (không đạt).",
    },
    "CertificationKind": {
        "TYPICAL_PRODUCT": "A typical rural industrial product (sản phẩm CNNT tiêu biểu).",
        "TRADEMARK": "A registered trademark (nhãn hiệu).",
    },
}

if TYPE_CHECKING:
    # The checker sees the domain's enums, which these mirror member for member.
    from domain.types import (
        AppraisalResult,
        CertificationKind,
        FundingSource,
        PaymentKind,
        ProjectStatus,
    )
else:

    def _mirror(domain_enum: type[Enum], description: str) -> type[Enum]:
        values = VALUES[domain_enum.__name__]
        members = {
            member.value: strawberry.enum_value(member.value, description=values[member.value])
            for member in domain_enum
        }
        return strawberry.enum(Enum(domain_enum.__name__, members), description=description)

    FundingSource = _mirror(
        domain_types.FundingSource,
        "Where budget money comes from (nguồn kinh phí). COUNTERPART only reads stored history: "
        "new money naming it is refused (COUNTERPART_IS_CO_FINANCING); an establishment's own "
        "money is its project's coFinancing.",
    )
    ProjectStatus = _mirror(
        domain_types.ProjectStatus, "Where a project (đề án) stands in its life."
    )
    PaymentKind = _mirror(domain_types.PaymentKind, "ADVANCE (tạm ứng) or PAYMENT (thanh toán).")
    AppraisalResult = _mirror(
        domain_types.AppraisalResult, "The appraisal council's verdict (kết quả thẩm định)."
    )
    CertificationKind = _mirror(
        domain_types.CertificationKind,
        "TYPICAL_PRODUCT (sản phẩm công nghiệp nông thôn tiêu biểu) or TRADEMARK (nhãn hiệu).",
    )

__all__ = ["AppraisalResult", "CertificationKind", "FundingSource", "PaymentKind", "ProjectStatus"]
