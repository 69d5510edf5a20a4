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
    "cursor": "Opaque cursor: pass it as `after` (or `before`) to page on from this item.",
    "node": "The item.",
    "has_next_page": "More items follow.",
    "has_previous_page": "Items come before this page.",
    "start_cursor": "Cursor of the first item: the previous page's `before`.",
    "end_cursor": "Cursor of the last item: the next page's `after`.",
}
# Arguments, by the field they belong to ("field.argument") or, shared, by their own name.
ARGUMENTS = {
    "positions": "Ledger positions, e.g. [1, 600, 1269].",
    "input": "The command: its fields are described on the input type.",
    "program_code": FIELDS["program_code"],
    "year": "Only this fiscal year (năm ngân sách); every year of the program when omitted.",
    "unit_code": "Only this administrative unit (national statistics code), e.g. 719.",
    "content_code": "Only this content item of the program, e.g. IV.1.b.",
    "as_of": "Read as of this point of history; now when omitted. An object read as of a "
    "point has a global id of its own.",
    "min_position": "Wait (bounded) until the read model has reached this ledger position, "
    "e.g. a mutation's position, so the answer includes that write (read-your-writes).",
    "first": "Page size from the start or after `after`: 1 to 500, 50 when omitted.",
    "after": "Cursor of an edge (pageInfo.endCursor): the page starts after it.",
    "last": "Page size from the end or before `before`: 1 to 500; not with `first`.",
    "before": "Cursor of an edge (pageInfo.startCursor): the page ends before it.",
    "search": "Words the name (or code and title) contains, accents and case ignored.",
    "id": "The object's global id (Relay).",
    "project_id": "Only this project: its global id.",
    "day": "The day asked about (units merge and rename over time).",
    "status": "Only projects that stand at this status.",
    "types": "Only events of these types, e.g. Project.Approved.",
    "aggregate_id": "Only events of this stream: a JournalEntry's aggregateId, a project's "
    "uuid, or an object's global id.",
    "program.code": "Program code, e.g. BD-KC-2025.",
    "reconciliation.window_days": "Days a payment's value date may differ from its statement "
    "line's and still match (0 to 60).",
    "export_link.format": "The file to download.",
    "inclusion_proof.position": "The event's ledger position.",
    "inclusion_proof.tree_size": "The size of the log to prove against; the whole log the read "
    "model holds when omitted.",
    "consistency_proof.from_size": "The older log's size (a checkpoint you hold).",
    "consistency_proof.to_size": "The newer log's size; the whole log when omitted.",
    "diff.from_position": "The earlier ledger position.",
    "diff.to_position": "The later ledger position; now when omitted.",
    "journal.after": "Cursor of an edge (pageInfo.endCursor): the page starts after it. A "
    "cursor, not a position (the subscription journal(after:) takes a position).",
    "Subscription.journal.after": "The last ledger position received: entries after it are "
    "delivered (from the first event when omitted). A position, not a cursor.",
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
    """Give every field and argument without its own description the shared one."""
    for cls in classes:
        definition = cls.__strawberry_definition__
        if not definition.description:
            definition.description = TYPES.get(definition.name)
        for field in getattr(definition, "fields", ()):
            if not field.description:
                field.description = FIELDS.get(field.python_name)
            for argument in field.arguments:
                if not argument.description:
                    argument.description = _argument(definition.name, field, argument)


def _argument(type_name: str, field: Any, argument: Any) -> str | None:
    name = argument.python_name
    for key in (
        f"{type_name}.{field.python_name}.{name}",
        f"{field.python_name}.{name}",
        name,
    ):
        if key in ARGUMENTS:
            return ARGUMENTS[key]
    return None
