"""Descriptions of the fields that many types share, written once: every type and field of the
schema has one (a test checks), in English with the Vietnamese term where there is one."""

from __future__ import annotations

from typing import Any

IDEMPOTENCY_KEY = "Same key and same content: the first answer, no new event (khóa chống trùng)."
FIELDS = {
    "id": "Global id (Relay).",
    "program_code": "Program code, e.g. BD-KC-2025.",
    "year": "Fiscal year (năm ngân sách).",
    "source": "Funding source (nguồn kinh phí).",
    "amount": "Amount in đồng, as a string of digits.",
    "decision_no": "Number of the decision behind it (số quyết định), e.g. 3021/QĐ-UBND.",
    "decision_date": "Date of that decision.",
    "reason": "Why, in a sentence.",
    "code": "Project code within its program (mã đề án).",
    "title": "Title (tên đề án).",
    "content_code": "Content item of the program, e.g. IV.1.b.",
    "unit_code": "Administrative unit (national statistics code), e.g. 719.",
    "eligible_cost": "Eligible cost in đồng (kinh phí hợp lệ).",
    "requested_support": "Support asked for, per source.",
    "planned_outputs": "Outputs planned, per indicator.",
    "beneficiary_ids": "Registered establishments that benefit.",
    "indicator_code": "Indicator code, e.g. machines_applied.",
    "quantity": "How many.",
    "project_id": "The project's global id.",
    "result": "PASS or FAIL.",
    "notes": "Notes of the appraisal council.",
    "approved_support": "Support approved, per source.",
    "contract_no": "Contract number (số hợp đồng).",
    "signed_on": "Date the contract was signed.",
    "kind": "Kind of entry.",
    "voucher_no": "State Treasury voucher number (số chứng từ), unique in the program.",
    "value_date": "Value date: when the money moved (ngày giá trị).",
    "payee": "Who received the money (đơn vị thụ hưởng).",
    "outputs": "Outputs accepted, per indicator.",
    "record_no": "Acceptance record number (biên bản nghiệm thu).",
    "accepted_on": "Date of the acceptance.",
    "final_support": "Final support per source (quyết toán).",
    "name": "Registered name.",
    "tax_code": "Tax code (mã số thuế).",
    "address": "Address.",
    "edges": "The items of this page, each with its cursor.",
    "page_info": "Where this page stands.",
    "total_count": "How many items match, on every page.",
    "cursor": "Opaque cursor: pass it as `after` for the next page.",
    "node": "The item.",
    "has_next_page": "More items follow.",
    "has_previous_page": "Items come before this page.",
    "start_cursor": "Cursor of the first item.",
    "end_cursor": "Cursor of the last item: the next page's `after`.",
}
TYPES = {
    "Query": "Reads: programs, budget, targets, registers and the journal, as of any point.",
    "Mutation": "Writes: one command each; refusals come back as userErrors.",
    "Subscription": "Live updates.",
    "ProjectEdge": "A project and its cursor.",
    "EstablishmentEdge": "An establishment and its cursor.",
    "JournalEdge": "A journal entry and its cursor.",
}


def describe(*classes: Any) -> None:
    """Give every field without its own description the shared one."""
    for cls in classes:
        definition = cls.__strawberry_definition__
        if not definition.description:
            definition.description = TYPES.get(definition.name)
        for field in getattr(definition, "fields", ()):
            if not field.description:
                field.description = FIELDS.get(field.python_name)
