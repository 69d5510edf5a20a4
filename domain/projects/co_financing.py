"""Co-financing: the establishment's own money towards its project's eligible cost.

It is not state budget. Decision 1811 funds projects from the provincial, district and commune
budgets and other programs (Phần V, Điều 2.4); what the establishment itself pays is its share
of the project, shown beside the state support. It is declared at proposal, evidenced at
acceptance (by the documents the acceptance names) and settled at settlement; it never opens a
budget line and is never paid by a Treasury voucher.
"""

from __future__ import annotations

from domain.errors import CoFinancingAboveCost, CoFinancingAboveEvidence, InvalidInput
from domain.money import check_amount
from domain.projects.state import ProjectState
from domain.text import TEXT_MAX_CHARS, optional_text

DOCUMENT_MAX_CHARS = 200


def amount(value: object, field: str) -> int:
    """Zero (none) or a positive whole number of đồng within the ceiling."""
    if value == 0 and not isinstance(value, bool):
        return 0
    return check_amount(value, field)


def declared(
    value: object, note: str, *, eligible_cost_vnd: int, requested_vnd: int
) -> tuple[int, str]:
    """What the establishment declares at proposal: with the support requested, at most the
    eligible cost."""
    declared_vnd = amount(value, "coFinancing")
    if requested_vnd + declared_vnd > eligible_cost_vnd:
        raise CoFinancingAboveCost(
            f"requested support {requested_vnd:,} đồng and co-financing {declared_vnd:,} đồng "
            f"exceed the eligible cost of {eligible_cost_vnd:,} đồng",
            field="coFinancing",
        )
    text = optional_text(note, "coFinancingDescription", max_chars=TEXT_MAX_CHARS)
    if text and not declared_vnd:
        raise InvalidInput("a description needs a co-financing amount", "coFinancingDescription")
    return declared_vnd, text


def evidenced(value: object, document: str) -> tuple[int, str]:
    """What an acceptance evidences, with the document that evidences it (both or neither)."""
    evidenced_vnd = amount(value, "coFinancingEvidenced")
    text = optional_text(document, "coFinancingDocumentNo", max_chars=DOCUMENT_MAX_CHARS)
    if evidenced_vnd and not text:
        raise InvalidInput(
            "name the document that evidences the co-financing", "coFinancingDocumentNo"
        )
    if text and not evidenced_vnd:
        raise InvalidInput("a document needs a co-financing amount", "coFinancingEvidenced")
    return evidenced_vnd, text


def settled(project: ProjectState, value: object) -> int:
    """What settlement accepts as co-financing: at most what acceptance evidenced."""
    settled_vnd = amount(value, "coFinancingSettled")
    if settled_vnd > project.co_financing_evidenced_vnd:
        raise CoFinancingAboveEvidence(
            f"{settled_vnd:,} đồng of co-financing is above the "
            f"{project.co_financing_evidenced_vnd:,} đồng evidenced at acceptance",
            field="coFinancingSettled",
        )
    return settled_vnd
