"""Open Fiscal Data Package export: ``datapackage.json`` plus CSV resources under ``data/``.

The package follows the Fiscal Data Package specification (version 0.3.0, the one that defines
the ``model`` with ``measures`` and ``dimensions``; specs.frictionlessdata.io/fiscal-data-package):

* ``budget-phases`` — the budget in long form, one row per year × funding source × phase, the
  phase being one of the four the specification names, each one figure of
  ``projections.figures``: ``proposed`` is ``estimated`` (dự toán đề xuất), ``approved`` is
  ``allocatedInitial`` (dự toán giao đầu năm), ``adjusted`` is ``allocated`` (dự toán được
  giao) and ``executed`` is ``paid`` (thực chi);
* ``budget-lines`` — every figure of every line in wide form, one column per figure named by its
  GraphQL field and titled "term [field]", holding exactly the API's value; the four phases are
  measures carrying the specification's ``phase`` property;
* ``execution`` — projects' money per year × source × content item × administrative unit;
* ``projects`` and ``transactions`` — each project, and its transactions with their dates, the
  amount signed by its effect (reversals and refunds negative, see ``kinds``).

Every amount is an integer number of đồng (``currency: VND``, ``factor: 1``,
``direction: expenditure``); table schemas type every column, declare primary keys (and the
transactions' foreign key to their project) and constrain what is closed: the phase and the
transaction kind are enumerations, amounts are required integers.

Profile. The specification's own profile (``"profile": "fiscal-data-package"``) makes frictionless
fetch https://specs.frictionlessdata.io/schemas/fiscal-data-package.json at validation time:
frictionless 5 ships no copy, so validation depends on the network (and fails without it). A
Fiscal Data Package *is* a Tabular Data Package with a ``model``, so the descriptor declares
``"profile": "tabular-data-package"`` — which frictionless validates offline, data included —
and keeps all the fiscal metadata: ``model``, ``countryCode``, ``granularity``, ``fiscalPeriod``,
and the 0.3.0 ``"profiles": {"fiscal": "*", "tabular": "*"}`` marker that tells fiscal tools
what the package is.

The model maps the long-form budget as the main fact table; measures and dimension attributes
of the other resources name their ``resource`` explicitly, as 0.3.0 allows.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from finance.exports.kinds import KINDS, signed_amount
from finance.exports.model import BudgetPhases, ExportData
from projections.figures import FIGURES_BY_FIELD, VOCABULARY, Figure

Json = dict[str, Any]
Row = Sequence[str | int | Decimal | date | None]

# The specification's phases, each one figure of the vocabulary.
PHASE_FIGURES: dict[str, str] = {
    "proposed": "estimated",
    "approved": "allocatedInitial",
    "adjusted": "allocated",
    "executed": "paid",
}
PHASES: tuple[str, ...] = tuple(PHASE_FIGURES)
CURRENCY = "VND"
DATA_FOLDER = "data"


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    fields: tuple[Json, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[Json, ...] = ()

    @property
    def path(self) -> str:
        return f"{DATA_FOLDER}/{self.name}.csv"

    def descriptor(self) -> Json:
        schema: Json = {"fields": list(self.fields), "primaryKey": list(self.primary_key)}
        if self.foreign_keys:
            schema["foreignKeys"] = list(self.foreign_keys)
        return {
            "name": self.name,
            "title": self.title,
            "path": self.path,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }


def _field(name: str, type_: str, title: str, **constraints: Any) -> Json:
    field: Json = {"name": name, "type": type_, "title": title}
    if constraints:
        field["constraints"] = constraints
    return field


def _amount(name: str, title: str) -> Json:
    """Money: a required integer of đồng. The type alone rejects "1.5" and "1,000"."""
    field = _field(name, "integer", f"{title} (đồng)", required=True)
    field["bareNumber"] = True  # a currency sign or thousands separator is an error, not noise
    return field


_YEAR = _field("year", "integer", "Năm [year]", required=True, minimum=1900, maximum=9999)
_SOURCE = _field("source", "string", "Nguồn kinh phí [source]", required=True)
_SOURCE_NAME = _field("source_name", "string", "Tên nguồn kinh phí")
_HOLDER = _field("holder_code", "string", "Đơn vị giữ dự toán [holder.code]", required=True)
_HOLDER_NAME = _field("holder_name", "string", "Tên đơn vị giữ dự toán [holder.name]")
# What identifies a budget line, in both budget tables.
LINE_KEY_FIELDS: tuple[Json, ...] = (_YEAR, _SOURCE, _SOURCE_NAME, _HOLDER, _HOLDER_NAME)
LINE_KEY = ("year", "source", "holder_code")


def _line_key(line: BudgetPhases) -> tuple[str | int, ...]:
    return (line.year, line.source, line.source_name_vi, line.holder_code, line.holder_name)


BUDGET_PHASES = Resource(
    name="budget-phases",
    title="Dự toán theo giai đoạn (dạng dài)",
    fields=(
        *LINE_KEY_FIELDS,
        _field("phase", "string", "Giai đoạn", required=True, enum=list(PHASES)),
        _amount("amount", "Số tiền"),
    ),
    primary_key=(*LINE_KEY, "phase"),
)


def _figure_field(figure: Figure) -> Json:
    if figure.kind == "ratio":
        return _field(figure.field, "number", figure.header)
    field = _field(figure.field, "integer", figure.header, required=True)
    field["bareNumber"] = True
    return field


BUDGET_LINES = Resource(
    name="budget-lines",
    title="Dự toán: mọi số liệu của mỗi dòng dự toán (mỗi số liệu một cột)",
    fields=(*LINE_KEY_FIELDS, *(_figure_field(figure) for figure in VOCABULARY)),
    primary_key=LINE_KEY,
)

EXECUTION = Resource(
    name="execution",
    title="Thực hiện theo nội dung và đơn vị hành chính",
    fields=(
        _YEAR,
        _SOURCE,
        _SOURCE_NAME,
        _field("content_code", "string", "Mã nội dung", required=True),
        _field("content_title", "string", "Nội dung"),
        _field("unit_code", "string", "Mã đơn vị hành chính", required=True),
        _field("unit_name", "string", "Đơn vị hành chính"),
        _figure_field(FIGURES_BY_FIELD["committed"]),
        _figure_field(FIGURES_BY_FIELD["paid"]),
    ),
    primary_key=("year", "source", "content_code", "unit_code"),
)

PROJECTS = Resource(
    name="projects",
    title="Đề án khuyến công",
    fields=(
        _field("project_code", "string", "Mã đề án", required=True, unique=True),
        _field("project_id", "string", "Định danh (UUID)", required=True, unique=True),
        _field("title", "string", "Tên đề án"),
        _field("status", "string", "Trạng thái", required=True),
        _field("year", "integer", "Năm đề xuất", required=True),
        _field("content_code", "string", "Mã nội dung", required=True),
        _field("unit_code", "string", "Mã đơn vị hành chính", required=True),
        _field("unit_name", "string", "Đơn vị hành chính"),
        _amount("approved_support", "Kinh phí hỗ trợ được duyệt"),
        _amount("co_financing_declared", "Vốn đối ứng của cơ sở đăng ký"),
        _amount("co_financing_evidenced", "Vốn đối ứng của cơ sở có chứng từ khi nghiệm thu"),
        _amount("co_financing_settled", "Vốn đối ứng của cơ sở được quyết toán"),
        _field("proposed_on", "date", "Ngày đề xuất", required=True),
        _field("approved_on", "date", "Ngày phê duyệt"),
        _field("contract_signed_on", "date", "Ngày ký hợp đồng"),
    ),
    primary_key=("project_code",),
)

TRANSACTIONS = Resource(
    name="transactions",
    title="Giao dịch của đề án",
    fields=(
        _field("project_code", "string", "Mã đề án", required=True),
        _field("line", "integer", "Số thứ tự", required=True, minimum=1),
        _field("date", "date", "Ngày hiệu lực", required=True),
        _field("kind", "string", "Loại giao dịch", required=True, enum=list(KINDS)),
        _SOURCE,
        _field("reference", "string", "Số quyết định, chứng từ"),
        _field("description", "string", "Diễn giải"),
        _amount("amount", "Số tiền (âm: hủy chi, nộp trả)"),
    ),
    primary_key=("project_code", "line"),
    foreign_keys=(
        {
            "fields": ["project_code"],
            "reference": {"resource": PROJECTS.name, "fields": ["project_code"]},
        },
    ),
)

RESOURCES: tuple[Resource, ...] = (BUDGET_PHASES, BUDGET_LINES, EXECUTION, PROJECTS, TRANSACTIONS)


def write_ofdp(data: ExportData, folder: Path) -> Path:
    """Write the package into ``folder`` (created if need be); return its ``datapackage.json``."""
    (folder / DATA_FOLDER).mkdir(parents=True, exist_ok=True)
    for resource, rows in _rows(data):
        _write_rows(folder / resource.path, resource, rows)
    descriptor_path = folder / "datapackage.json"
    text = json.dumps(descriptor(data), ensure_ascii=False, indent=2)
    descriptor_path.write_text(text + "\n", encoding="utf-8")
    return descriptor_path


def _rows(data: ExportData) -> list[tuple[Resource, Iterable[Row]]]:
    return [
        (BUDGET_PHASES, _phase_rows(data)),
        (BUDGET_LINES, _line_rows(data)),
        (EXECUTION, _execution_rows(data)),
        (PROJECTS, _project_rows(data)),
        (TRANSACTIONS, _transaction_rows(data)),
    ]


def _phase_rows(data: ExportData) -> Iterable[Row]:
    for line in data.phases:
        for phase, field in PHASE_FIGURES.items():
            amount = line.figures.value(FIGURES_BY_FIELD[field].name)
            yield (*_line_key(line), phase, amount)


def _line_rows(data: ExportData) -> Iterable[Row]:
    for line in data.phases:
        yield (*_line_key(line), *(line.figures.value(figure.name) for figure in VOCABULARY))


def _execution_rows(data: ExportData) -> Iterable[Row]:
    for row in data.execution:
        yield (
            row.year,
            row.source,
            row.source_name_vi,
            row.content_code,
            row.content_title_vi,
            row.unit_code,
            row.unit_name,
            row.committed,
            row.paid,
        )


def _project_rows(data: ExportData) -> Iterable[Row]:
    for project in data.projects:
        yield (
            project.code,
            project.id,
            project.title,
            project.status,
            project.year,
            project.content_code,
            project.unit_code,
            project.unit_name,
            project.approved_support,
            project.co_financing.declared,
            project.co_financing.evidenced,
            project.co_financing.settled,
            project.proposed_on,
            project.approved_on,
            project.contract_signed_on,
        )


def _transaction_rows(data: ExportData) -> Iterable[Row]:
    for project in data.projects:
        for line, transaction in enumerate(project.transactions, start=1):
            yield (
                project.code,
                line,
                transaction.on,
                transaction.kind,
                transaction.source,
                transaction.reference,
                transaction.description,
                signed_amount(transaction),
            )


def _write_rows(path: Path, resource: Resource, rows: Iterable[Row]) -> None:
    """Plain UTF-8 (no byte-order mark: this is for machines), dates ISO, integers bare."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([field["name"] for field in resource.fields])
        for row in rows:
            writer.writerow([_text(value) for value in row])


def _text(value: str | int | Decimal | date | None) -> str:
    """A rate as the API answers it (a JSON float of the four-place value), the rest as is."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return repr(float(value))
    return str(value)


def descriptor(data: ExportData) -> Json:
    """The ``datapackage.json`` content: package metadata, resources and the fiscal model."""
    program = data.program
    start, end = _fiscal_period(data)
    name = program.code.lower() + (f"-{data.year}" if data.year is not None else "")
    return {
        "profile": "tabular-data-package",
        "profiles": {"fiscal": "*", "tabular": "*"},
        "name": name,
        "title": program.title_vi,
        "description": (
            f"{program.title_en}. {program.decision_no} ({program.decision_date.isoformat()}), "
            f"{program.issuer}. Ledger position {data.position}; amounts in whole đồng (VND)."
        ),
        "countryCode": "VN",
        "granularity": "aggregated",
        "fiscalPeriod": {"start": start.isoformat(), "end": end.isoformat()},
        "created": data.generated_at.isoformat(timespec="seconds"),
        "ledgerPosition": data.position,
        "sources": [
            {
                "title": (
                    f"Quyết định {program.decision_no} ngày "
                    f"{program.decision_date:%d/%m/%Y} của {program.issuer}"
                )
            }
        ],
        "keywords": ["khuyến công", "industrial promotion", "budget", "Việt Nam"],
        "resources": [resource.descriptor() for resource in RESOURCES],
        "model": model(),
    }


def _fiscal_period(data: ExportData) -> tuple[date, date]:
    if data.year is not None:
        return date(data.year, 1, 1), date(data.year, 12, 31)
    return data.program.period_start, data.program.period_end


def _measure(resource: Resource, source: str, phase: str | None = None) -> Json:
    measure: Json = {
        "source": source,
        "resource": resource.name,
        "currency": CURRENCY,
        "factor": 1,
        "direction": "expenditure",
    }
    if phase is not None:
        measure["phase"] = phase
    return measure


def _attribute(resource: Resource, source: str, labelfor: str | None = None) -> Json:
    attribute: Json = {"source": source, "resource": resource.name}
    if labelfor is not None:
        attribute["labelfor"] = labelfor
    return attribute


def model() -> Json:
    """Measures are the money columns; dimensions what they are broken down by.

    The commitment measure carries no phase: a commitment sits between allocation and payment,
    which none of the specification's four phases names."""
    measures: Json = {"amount": _measure(BUDGET_PHASES, "amount")}
    phases = {field: phase for phase, field in PHASE_FIGURES.items()}
    for figure in VOCABULARY:
        if figure.kind == "amount":
            measures[figure.field] = _measure(BUDGET_LINES, figure.field, phases.get(figure.field))
    measures["execution-committed"] = _measure(EXECUTION, "committed")
    measures["execution-paid"] = _measure(EXECUTION, "paid", "executed")
    measures["approved-support"] = _measure(PROJECTS, "approved_support", "approved")
    # Co-financing is the establishments' own money, not budget: no budget phase.
    measures["co-financing-settled"] = _measure(PROJECTS, "co_financing_settled")
    measures["transaction-amount"] = _measure(TRANSACTIONS, "amount")
    dimensions: Json = {
        "fiscal-year": {
            "attributes": {"year": _attribute(BUDGET_PHASES, "year")},
            "primaryKey": "year",
            "dimensionType": "datetime",
        },
        "funding-source": {
            "attributes": {
                "code": _attribute(BUDGET_PHASES, "source"),
                "name": _attribute(BUDGET_PHASES, "source_name", labelfor="code"),
            },
            "primaryKey": "code",
            "dimensionType": "classification",
        },
        "budget-holder": {
            "attributes": {
                "code": _attribute(BUDGET_PHASES, "holder_code"),
                "name": _attribute(BUDGET_PHASES, "holder_name", labelfor="code"),
            },
            "primaryKey": "code",
            "dimensionType": "entity",  # the unit whose budget the line is
        },
        "budget-phase": {
            "attributes": {"phase": _attribute(BUDGET_PHASES, "phase")},
            "primaryKey": "phase",
            "dimensionType": "other",
        },
        "content-item": {
            "attributes": {
                "code": _attribute(EXECUTION, "content_code"),
                "title": _attribute(EXECUTION, "content_title", labelfor="code"),
            },
            "primaryKey": "code",
            "dimensionType": "classification",
            "classificationType": "functional",
        },
        "administrative-unit": {
            "attributes": {
                "code": _attribute(EXECUTION, "unit_code"),
                "name": _attribute(EXECUTION, "unit_name", labelfor="code"),
            },
            "primaryKey": "code",
            "dimensionType": "location",
        },
        "project": {
            "attributes": {"code": _attribute(TRANSACTIONS, "project_code")},
            "primaryKey": "code",
            "dimensionType": "activity",
        },
        "transaction-date": {
            "attributes": {"date": _attribute(TRANSACTIONS, "date")},
            "primaryKey": "date",
            "dimensionType": "datetime",
        },
        "transaction-kind": {
            "attributes": {"kind": _attribute(TRANSACTIONS, "kind")},
            "primaryKey": "kind",
            "dimensionType": "other",
        },
    }
    return {"measures": measures, "dimensions": dimensions}
