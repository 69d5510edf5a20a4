"""The tables of the program review: yearly reports received and inspections."""

from __future__ import annotations

from projections.table import BIG, INT, TEXT, Table

YEARLY_REPORTS = Table(
    "yearly_reports",
    (
        ("position", BIG),
        ("id", TEXT),
        ("program_code", TEXT),
        ("number", TEXT),
        ("reported_on", TEXT),
        ("sender", TEXT),
        ("year", INT),
        ("note", TEXT),
    ),
    ("position",),
    (("program_code", "position"),),
)

# The figures a report states: kind 'output' (code an indicator, quantity a count) or 'amount'
# (code a content item, quantity đồng).
REPORT_FIGURES = Table(
    "report_figures",
    (
        ("position", BIG),
        ("seq", INT),
        ("program_code", TEXT),
        ("year", INT),
        ("kind", TEXT),
        ("code", TEXT),
        ("quantity", BIG),
    ),
    ("position", "seq"),
    (("program_code", "year", "position"),),
)

# An inspection (kind 'inspection') and each of its follow-ups (kind 'follow_up').
INSPECTIONS = Table(
    "inspections",
    (
        ("position", BIG),
        ("id", TEXT),
        ("program_code", TEXT),
        ("number", TEXT),
        ("kind", TEXT),
        ("day", TEXT),
        ("body", TEXT),
        ("text", TEXT),  # the findings, or the follow-up's note
        ("follow_up", TEXT),  # what the inspection asked to be done ('' for a follow-up)
        ("project_id", TEXT),
        ("project_code", TEXT),
        ("unit_code", TEXT),  # the holder inspected, or the project's unit
        ("actor_role", TEXT),
    ),
    ("position",),
    (("program_code", "position"), ("project_id", "position")),
)
