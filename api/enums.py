"""The domain's enums as GraphQL enums, each value spelled as in the domain."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

import strawberry

from domain import types as domain_types

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
        members = {member.value: member.value for member in domain_enum}
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
