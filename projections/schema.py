"""The read model's tables. Money and amounts are BIGINT đồng; dates and times are ISO text, so
both backends store, compare and digest them alike (fixed-width UTC times sort as text).

Every table name is built from a fixed prefix and a fixed name here, never from input: the live
read model uses ``rm_``, a rebuild or check builds into ``rmx_`` beside it.
"""

from __future__ import annotations

import hashlib

from projections.plan_tables import PLAN_TABLES
from projections.review_tables import INSPECTIONS, REPORT_FIGURES, YEARLY_REPORTS
from projections.table import BIG, INT, TEXT
from projections.table import Table as Table  # re-exported: every table is described by it

LIVE_PREFIX = "rm_"
SCRATCH_PREFIX = "rmx_"
PREFIXES = frozenset({LIVE_PREFIX, SCRATCH_PREFIX})


TRACKING = Table("tracking", (("name", TEXT), ("position", BIG)), ("name",))

JOURNAL = Table(
    "journal",
    (
        ("position", BIG),
        ("leaf", BIG),  # the event's index in the Merkle log (positions may have gaps)
        ("recorded_at", TEXT),
        ("effective_on", TEXT),
        ("type", TEXT),
        ("aggregate_id", TEXT),
        ("aggregate_version", INT),
        ("program_code", TEXT),
        ("actor_subject", TEXT),
        ("actor_role", TEXT),
        ("document_ref", TEXT),
        ("summary", TEXT),
        ("payload", TEXT),
    ),
    ("position",),
    (("aggregate_id", "position"), ("recorded_at",), ("type", "position"), ("leaf",)),
)

# The Merkle log over the events (RFC 9162): every complete, aligned subtree, level 0 being the
# leaves. Node (level, idx) covers leaves [idx·2^level, (idx+1)·2^level); hashes are hex.
MERKLE_NODES = Table(
    "merkle_nodes",
    (("level", INT), ("idx", BIG), ("hash", TEXT)),
    ("level", "idx"),
)

POSTINGS = Table(
    "postings",
    (
        ("position", BIG),
        ("leg", INT),
        ("program_code", TEXT),
        ("year", INT),
        ("source", TEXT),
        ("holder_code", TEXT),
        ("account", TEXT),
        ("amount", BIG),
        ("kind", TEXT),
        ("project_id", TEXT),
        ("content_code", TEXT),
        ("unit_code", TEXT),
        ("effective_on", TEXT),
    ),
    ("position", "leg"),
    # Covering: the as-of budget query reads only these indexes, never the table (by position
    # after a checkpoint; by effective date within the month asked).
    (
        (
            "program_code",
            "year",
            "position",
            "effective_on",
            "source",
            "holder_code",
            "account",
            "kind",
            "amount",
        ),
        (
            "program_code",
            "year",
            "effective_on",
            "position",
            "source",
            "holder_code",
            "account",
            "kind",
            "amount",
        ),
        ("project_id", "position"),
    ),
)

# Cumulative sums of postings at every CHECKPOINT_EVERY_EVENTS positions, per budget line,
# effective month and kind of leg: an as-of query adds the checkpoint below its position to the
# few legs after it, instead of summing the whole history.
POSTING_TOTALS = Table(
    "posting_totals",
    (
        ("checkpoint", BIG),
        ("program_code", TEXT),
        ("year", INT),
        ("source", TEXT),
        ("holder_code", TEXT),
        ("month", TEXT),
        ("account", TEXT),
        ("kind", TEXT),
        ("positive", INT),
        ("amount", BIG),
    ),
    (
        "checkpoint",
        "program_code",
        "year",
        "source",
        "holder_code",
        "month",
        "account",
        "kind",
        "positive",
    ),
)

OUTPUTS = Table(
    "outputs",
    (
        ("position", BIG),
        ("seq", INT),
        ("program_code", TEXT),
        ("indicator_code", TEXT),
        ("kind", TEXT),
        ("quantity", BIG),
        ("project_id", TEXT),
        ("unit_code", TEXT),
        ("year", INT),
        ("effective_on", TEXT),
    ),
    ("position", "seq"),
    (
        ("program_code", "indicator_code", "position"),
        # Covering, for the as-of targets query as the postings' two are for the budget.
        (
            "program_code",
            "position",
            "effective_on",
            "indicator_code",
            "kind",
            "year",
            "unit_code",
            "quantity",
        ),
        (
            "program_code",
            "effective_on",
            "position",
            "indicator_code",
            "kind",
            "year",
            "unit_code",
            "quantity",
        ),
    ),
)

OUTPUT_TOTALS = Table(  # checkpointed sums of outputs, as posting_totals are of postings
    "output_totals",
    (
        ("checkpoint", BIG),
        ("program_code", TEXT),
        ("indicator_code", TEXT),
        ("kind", TEXT),
        ("year", INT),  # 0 for the program's own targets, which belong to no year
        ("unit_code", TEXT),  # '' likewise
        ("month", TEXT),
        ("quantity", BIG),
    ),
    ("checkpoint", "program_code", "indicator_code", "kind", "year", "unit_code", "month"),
)

PROGRAMS = Table(
    "programs",
    (
        ("code", TEXT),
        ("title_vi", TEXT),
        ("title_en", TEXT),
        ("decision_no", TEXT),
        ("decision_date", TEXT),
        ("period_start", TEXT),
        ("period_end", TEXT),
        ("definition", TEXT),
        ("position", BIG),
    ),
    ("code",),
)

INDICATORS = Table(
    "indicators",
    (
        ("program_code", TEXT),
        ("code", TEXT),
        ("ordinal", INT),
        ("section", TEXT),
        ("name_vi", TEXT),
        ("name_en", TEXT),
        ("unit", TEXT),
        ("approximate", INT),
        ("content_codes", TEXT),
    ),
    ("program_code", "code"),
)

BUDGET_LINES = Table(
    "budget_lines",
    (
        ("id", TEXT),
        ("program_code", TEXT),
        ("year", INT),
        ("source", TEXT),
        ("position", BIG),
        ("holder_code", TEXT),
    ),
    ("id",),
    (("program_code", "year"),),
)

PROJECTS = Table(
    "projects",
    (
        ("id", TEXT),
        ("program_code", TEXT),
        ("code", TEXT),
        ("title", TEXT),
        ("content_code", TEXT),
        ("unit_code", TEXT),
        ("year", INT),
        ("budget_year", INT),
        ("eligible_cost", BIG),
        ("requested_total", BIG),
        ("planned_outputs", TEXT),
        ("beneficiary_ids", TEXT),
        ("proposed_on", TEXT),
        ("proposed_position", BIG),
        ("status", TEXT),
        ("status_before_suspension", TEXT),
        ("updated_position", BIG),
        ("search_text", TEXT),
        ("advances", TEXT),  # JSON: the payment vouchers, to follow advances not yet recovered
        ("holders", TEXT),  # JSON: source → the holder whose line its commitment sits on
    ),
    ("id",),
    (("program_code", "code"), ("program_code", "status")),
)

PROJECT_STATUS = Table(
    "project_status",
    (
        ("position", BIG),
        ("project_id", TEXT),
        ("status", TEXT),
        ("effective_on", TEXT),
        ("recorded_at", TEXT),
    ),
    ("position",),
    (("project_id", "position"),),
)

ESTABLISHMENTS = Table(
    "establishments",
    (
        ("id", TEXT),
        ("program_code", TEXT),
        ("name", TEXT),
        ("kind", TEXT),
        ("tax_code", TEXT),
        ("unit_code", TEXT),
        ("address", TEXT),
        ("registered_on", TEXT),
        ("position", BIG),
        ("certifications", INT),
        ("search_text", TEXT),
    ),
    ("id",),
    (("unit_code",),),
)

CERTIFICATIONS = Table(
    "certifications",
    (
        ("position", BIG),
        ("establishment_id", TEXT),
        ("kind", TEXT),
        ("title", TEXT),
        ("certificate_no", TEXT),
        ("level", TEXT),
        ("issued_on", TEXT),
    ),
    ("position",),
    (("establishment_id",),),
)

# Treasury statements and the ledger's payments, as reconciliation reads them. Every row carries
# the position that produced it, so a reconciliation as of a position is a WHERE clause.
STATEMENTS = Table(
    "statements",
    (
        ("id", TEXT),
        ("program_code", TEXT),
        ("source", TEXT),
        ("account", TEXT),
        ("file_name", TEXT),
        ("file_format", TEXT),
        ("sha256", TEXT),
        ("line_count", INT),
        ("amount_total", BIG),
        ("imported_by", TEXT),
        ("recorded_at", TEXT),
        ("position", BIG),
        ("holder_code", TEXT),  # the holder whose account it is
    ),
    ("id",),
    (("program_code", "position"),),
)

# Treasury accounts of budget holders: statements name one; payments of its (holder, source)
# are reconciled with its statements.
TREASURY_ACCOUNTS = Table(
    "treasury_accounts",
    (
        ("number", TEXT),
        ("program_code", TEXT),
        ("holder_code", TEXT),
        ("source", TEXT),
        ("name", TEXT),
        ("position", BIG),
    ),
    ("number",),
    (("program_code", "holder_code", "source"),),
)

STATEMENT_LINES = Table(
    "statement_lines",
    (
        ("position", BIG),
        ("statement_id", TEXT),
        ("line_no", INT),
        ("program_code", TEXT),
        ("source", TEXT),
        ("value_date", TEXT),
        ("voucher_no", TEXT),
        ("amount", BIG),
        ("payee", TEXT),
        ("payee_tax_code", TEXT),
        ("budget_chapter", TEXT),
        ("budget_subitem", TEXT),
        ("description", TEXT),
    ),
    ("statement_id", "line_no"),
    (("program_code", "position"),),
)

# Lines matched or unmatched by hand: one row per event, applied in position order.
STATEMENT_LINKS = Table(
    "statement_links",
    (
        ("position", BIG),
        ("statement_id", TEXT),
        ("line_no", INT),
        ("program_code", TEXT),
        ("action", TEXT),  # match | unmatch
        ("payments", TEXT),  # JSON [[project_id, voucher_no], …] for a match
        ("actor", TEXT),
    ),
    ("position",),
    (("program_code", "position"),),
)

PAYMENTS = Table(
    "payments",
    (
        ("position", BIG),
        ("program_code", TEXT),
        ("project_id", TEXT),
        ("voucher_no", TEXT),
        ("kind", TEXT),  # ADVANCE | PAYMENT
        ("source", TEXT),
        ("amount", BIG),
        ("value_date", TEXT),
        ("payee", TEXT),
        ("budget_year", INT),  # the year the payment is charged to
        ("holder_code", TEXT),  # the holder whose line it is paid from
    ),
    ("position",),
    (("program_code", "position"),),
)

PAYMENT_REVERSALS = Table(
    "payment_reversals",
    (("position", BIG), ("program_code", TEXT), ("project_id", TEXT), ("voucher_no", TEXT)),
    ("position",),
    (("program_code", "position"),),
)

TABLES: tuple[Table, ...] = (
    TRACKING,
    JOURNAL,
    MERKLE_NODES,
    POSTINGS,
    POSTING_TOTALS,
    OUTPUTS,
    OUTPUT_TOTALS,
    PROGRAMS,
    INDICATORS,
    BUDGET_LINES,
    TREASURY_ACCOUNTS,
    PROJECTS,
    PROJECT_STATUS,
    ESTABLISHMENTS,
    CERTIFICATIONS,
    STATEMENTS,
    STATEMENT_LINES,
    STATEMENT_LINKS,
    PAYMENTS,
    PAYMENT_REVERSALS,
    YEARLY_REPORTS,
    REPORT_FIGURES,
    INSPECTIONS,
    *PLAN_TABLES,
)
MODEL_TABLES = tuple(t for t in TABLES if t is not TRACKING)


def qualified(prefix: str, table: Table) -> str:
    if prefix not in PREFIXES:
        raise ValueError(f"unknown read-model prefix {prefix!r}")
    return prefix + table.name


def table_statements(prefix: str) -> list[str]:
    statements = []
    for table in TABLES:
        columns = ", ".join(f"{column} {kind}" for column, kind in table.columns)
        key = ", ".join(table.primary_key)
        name = qualified(prefix, table)
        statements.append(f"CREATE TABLE IF NOT EXISTS {name} ({columns}, PRIMARY KEY ({key}))")
    return statements


def index_statements(prefix: str) -> list[str]:
    """Secondary indexes, made after a bulk replay rather than maintained during it."""
    return [statement for _, _, statement in indexes(prefix)]


def indexes(prefix: str) -> list[tuple[Table, str, str]]:
    """(table, index name, its CREATE statement) of every secondary index."""
    made = []
    for table in TABLES:
        name = qualified(prefix, table)
        for index in table.indexes:
            columns = ", ".join(index)
            # Named by its columns, so a changed index is a new index, not a stale one.
            tag = hashlib.sha256(columns.encode()).hexdigest()[:8]
            index_name = f"{name}_ix_{tag}"
            statement = f"CREATE INDEX IF NOT EXISTS {index_name} ON {name} ({columns})"
            made.append((table, index_name, statement))
    return made


def drop_statements(prefix: str) -> list[str]:
    return [f"DROP TABLE IF EXISTS {qualified(prefix, table)}" for table in TABLES]
