"""The read model's tables of annual plans. Every row carries the position that wrote it, so a
plan as of a position is a WHERE clause: a plan's items are the rows of its latest submission
or revision at or before that position."""

from __future__ import annotations

from projections.table import BIG, INT, TEXT, Table

PLAN_ACTS = Table(  # one row per plan event: submitted, revised, compiled, approved
    "plan_acts",
    (
        ("position", BIG),
        ("plan_id", TEXT),
        ("program_code", TEXT),
        ("year", INT),
        ("unit_code", TEXT),  # the plan's unit: a district's, or the province's (the Center's)
        ("act", TEXT),
        ("document_no", TEXT),
        ("document_date", TEXT),
        ("effective_on", TEXT),
        ("recorded_at", TEXT),
        ("compiled", TEXT),  # JSON of a compilation: district unit → plan version
    ),
    ("position",),
    (("program_code", "year", "position"),),
)

PLAN_ITEMS = Table(  # the items of a plan as one submission or revision wrote them
    "plan_items",
    (
        ("position", BIG),
        ("item_no", INT),
        ("plan_id", TEXT),
        ("program_code", TEXT),
        ("year", INT),
        ("plan_unit", TEXT),
        ("content_code", TEXT),
        ("unit_code", TEXT),
        ("planned_projects", INT),
        ("outputs", TEXT),  # JSON: [{indicator_code, quantity}]
        ("money", TEXT),  # JSON: [{source, amount_vnd, holder_code}]
        ("planned_vnd", BIG),
        ("provincial_vnd", BIG),
    ),
    ("position", "item_no"),
    (("program_code", "year", "position"),),
)

PLAN_ALLOCATIONS = Table(  # provincial money an approval allocates to an item
    "plan_allocations",
    (
        ("position", BIG),
        ("seq", INT),
        ("program_code", TEXT),
        ("year", INT),
        ("plan_unit", TEXT),
        ("item_no", INT),
        ("amount", BIG),
        ("effective_on", TEXT),
    ),
    ("position", "seq"),
    (("program_code", "year", "position"),),
)

PLAN_LINKS = Table(  # the plan item a project carries out, named when it was proposed
    "plan_links",
    (
        ("position", BIG),
        ("project_id", TEXT),
        ("program_code", TEXT),
        ("year", INT),
        ("plan_unit", TEXT),
        ("item_no", INT),
    ),
    ("position",),
    (("program_code", "year", "position"),),
)

PLAN_TABLES = (PLAN_ACTS, PLAN_ITEMS, PLAN_ALLOCATIONS, PLAN_LINKS)
