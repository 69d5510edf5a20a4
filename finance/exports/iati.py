"""IATI Activity Standard 2.03 export: the program as one activity, each project as its child.

Shape. ``<iati-activities version="2.03">`` holds the program (``hierarchy="1"``) and one
activity per project (``hierarchy="2"``). The parent lists every child with
``<related-activity type="2">`` and each child points back with ``type="1"``. Money sits where
IATI wants it to avoid double counting: the program carries the annual budgets, the projects
carry the transactions.

Identifiers. ``{reporting_org_ref}-{program code}`` for the program and
``{reporting_org_ref}-{program code}-{project code}`` for a project. IATI identifiers may not
contain ``/``, ``&``, ``|`` or ``?`` (the IATI ruleset's pattern) and must not contain spaces; we
go further and keep only ASCII letters, digits, ``.``, ``_`` and ``-``: Vietnamese letters lose
their marks (``Đ`` → ``D``), and every run of anything else becomes one ``-``. The original codes
stay in ``other-identifier`` (type A1, the publisher's own identifier), and the project's UUID
too, so nothing is lost. The reporting organisation's ref goes through the same cleaning, so the
identifiers keep starting with ``reporting-org/@ref`` as the standard requires.

Codes used (IATI 2.03 codelists):

* ActivityStatus — program: 1 Pipeline before its start, 2 Implementation during its period,
  3 Finalisation after; project: PROPOSED/APPRAISED → 1, APPROVED/CONTRACTED/SUSPENDED → 2,
  ACCEPTED → 3, SETTLED → 4 Closed, CANCELLED/REJECTED → 5 Cancelled.
* ActivityDateType — program: 1 planned start and 3 planned end from the program period,
  2 actual start once it has begun; project: 1 planned start = approval date (the proposal date
  while not approved), 2 actual start = contract signature.
* TransactionType — commitment → 2 Outgoing Commitment (signed as recorded);
  disbursement (advance or payment) → 3 Disbursement; reversal → 3 with a negative value;
  refund → 3 with a negative value. The codelist's 7 Reimbursement is an *outgoing* payment
  covering costs the recipient already bore, and 1 Incoming Funds is money received *for use on*
  the activity; for funds returned by a recipient the IATI guidance on financial transactions
  says to publish "a disbursement transaction with a negative value". ``REFUND_TYPE`` holds the
  choice.
* BudgetType 1 Original / 2 Revised, BudgetStatus 2 Committed: the program gets one original
  budget per year from ``allocatedInitial`` (dự toán giao đầu năm) and a revised one from
  ``allocated`` (dự toán được giao) where it differs; a project gets its approved support as
  its original budget.
* ResultType 1 Output, IndicatorMeasure 1 Unit, IndicatorVocabulary 99 (the reporting
  organisation's own indicator codes).
* OrganisationType 10 Government; OrganisationRole 1 Funding and 2 Accountable (the issuer of the
  decision), 3 Extending (the reporting organisation).
* Sector: DAC 5-digit purpose code 32130 "Small and medium-sized enterprises (SME)
  development" — direct support to small industrial establishments, which is what khuyến công
  funds; projects also carry their content item under vocabulary 99.
* Geography: recipient-country VN; a project's administrative unit as a ``location`` whose
  ``ref`` is the GSO unit code (recipient-region is for supranational regions only).
* FinanceType 110 Standard grant: the support is not repaid.
* Co-financing: the establishments' own money towards a project never passes through the
  reporting organisation, so it is no transaction and no budget of the activity. The IATI way to
  show another funder of an activity is a ``participating-org`` with role 1 Funding: the
  beneficiary establishments, OrganisationType 70 Private Sector; a ``description`` of type 4
  Other states the amounts declared, evidenced at acceptance and settled, beside the support.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

from finance.exports.kinds import COMMITMENT, DISBURSEMENT, REFUND, REVERSAL, signed_amount
from finance.exports.model import (
    BudgetPhases,
    ExportData,
    ProgramInfo,
    ProjectActivity,
    ProjectOutput,
    TargetRow,
    Transaction,
)

IATI_VERSION = "2.03"
CURRENCY = "VND"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

GOVERNMENT = "10"  # OrganisationType
PRIVATE_SECTOR = "70"  # OrganisationType: the establishments co-financing a project
OTHER_DESCRIPTION = "4"  # DescriptionType
FUNDING, ACCOUNTABLE, EXTENDING = "1", "2", "3"  # OrganisationRole
PIPELINE, IMPLEMENTATION, FINALISATION, CLOSED, CANCELLED = "1", "2", "3", "4", "5"
PLANNED_START, ACTUAL_START, PLANNED_END = "1", "2", "3"  # ActivityDateType
OUTGOING_COMMITMENT, DISBURSEMENT_TYPE = "2", "3"  # TransactionType
REFUND_TYPE = DISBURSEMENT_TYPE  # returned funds: a negative disbursement (see module docstring)
ORIGINAL, REVISED = "1", "2"  # BudgetType
COMMITTED = "2"  # BudgetStatus
OUTPUT = "1"  # ResultType
UNIT = "1"  # IndicatorMeasure
PARENT, CHILD = "1", "2"  # RelatedActivityType
SME_DEVELOPMENT = "32130"  # DAC 5-digit purpose code
DAC_5_DIGIT, REPORTING_ORG_VOCABULARY = "1", "99"  # SectorVocabulary
STANDARD_GRANT = "110"  # FinanceType
INTERNAL_ID, OTHER_ID = "A1", "A9"  # OtherIdentifierType
ACTIVITY_REACH, ADMINISTRATIVE_REGION = "1", "1"  # GeographicLocationReach, LocationClass
SINGLE_FIRST_LEVEL, SINGLE_SECOND_LEVEL = "6", "7"  # ActivityScope

PROJECT_STATUS = {
    "PROPOSED": PIPELINE,
    "APPRAISED": PIPELINE,
    "APPROVED": IMPLEMENTATION,
    "CONTRACTED": IMPLEMENTATION,
    "SUSPENDED": IMPLEMENTATION,
    "ACCEPTED": FINALISATION,
    "SETTLED": CLOSED,
    "CANCELLED": CANCELLED,
    "REJECTED": CANCELLED,
}

TRANSACTION_TYPE = {
    COMMITMENT: OUTGOING_COMMITMENT,
    DISBURSEMENT: DISBURSEMENT_TYPE,
    REVERSAL: DISBURSEMENT_TYPE,
    REFUND: REFUND_TYPE,
}

# Said when the ledger gives no description: a narrative may not be left empty in spirit.
_KIND_LABEL = {
    COMMITMENT: "Cam kết kinh phí hỗ trợ",
    DISBURSEMENT: "Tạm ứng, thanh toán",
    REVERSAL: "Hủy khoản đã chi",
    REFUND: "Nộp trả kinh phí",
}

_NOT_IN_IDENTIFIER = re.compile(r"[^A-Za-z0-9._-]+")


def identifier_part(text: str) -> str:
    """``text`` made safe for an IATI identifier (see the module docstring)."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_only = "".join(char for char in folded if not unicodedata.combining(char))
    cleaned = _NOT_IN_IDENTIFIER.sub("-", ascii_only).strip("-")
    if not cleaned:
        raise ValueError(f"{text!r} leaves nothing usable in an IATI identifier")
    return cleaned


def program_identifier(program: ProgramInfo) -> str:
    return f"{identifier_part(program.reporting_org_ref)}-{identifier_part(program.code)}"


def project_identifier(program: ProgramInfo, project: ProjectActivity) -> str:
    return f"{program_identifier(program)}-{identifier_part(project.code)}"


def write_iati(data: ExportData, path: Path) -> None:
    """Write the activity file. Activities are serialised one at a time, so memory holds one
    project's tree, not the whole file's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    generated = data.generated_at.isoformat(timespec="seconds")
    with path.open("w", encoding="utf-8") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        handle.write(
            f'<iati-activities version="{IATI_VERSION}" generated-datetime="{generated}">\n'
        )
        for activity in activities(data):
            ET.indent(activity, space="  ", level=1)
            handle.write("  " + ET.tostring(activity, encoding="unicode") + "\n")
        handle.write("</iati-activities>\n")


def activities(data: ExportData) -> Iterator[ET.Element]:
    """The program first, then its projects, built one at a time."""
    yield program_activity(data)
    for project in data.projects:
        yield project_activity(data, project)


# --- building blocks ------------------------------------------------------------------------


def _sub(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    """A child element; attribute names are written with ``_`` for ``-``."""
    return ET.SubElement(parent, tag, {key.replace("_", "-"): v for key, v in attributes.items()})


def _narratives(parent: ET.Element, tag: str, texts: Iterable[tuple[str, str]]) -> ET.Element:
    """An element holding one narrative per language; blank texts are skipped."""
    element = _sub(parent, tag)
    for lang, text in texts:
        if text.strip():
            narrative = ET.SubElement(element, "narrative", {XML_LANG: lang})
            narrative.text = text
    return element


def _activity(data: ExportData, identifier: str, hierarchy: str) -> ET.Element:
    activity = ET.Element(
        "iati-activity",
        {
            "last-updated-datetime": data.generated_at.isoformat(timespec="seconds"),
            XML_LANG: "vi",
            "default-currency": CURRENCY,
            "hierarchy": hierarchy,
        },
    )
    _sub(activity, "iati-identifier").text = identifier
    reporting = _sub(
        activity,
        "reporting-org",
        ref=identifier_part(data.program.reporting_org_ref),
        type=GOVERNMENT,
    )
    narrative = ET.SubElement(reporting, "narrative", {XML_LANG: "vi"})
    narrative.text = data.program.reporting_org_name
    return activity


def _participants(activity: ET.Element, program: ProgramInfo) -> None:
    """The issuer funds the program and answers for it; the reporting organisation extends it."""
    for role in (FUNDING, ACCOUNTABLE):
        _narratives(activity, "participating-org", [("vi", program.issuer)]).attrib.update(
            {"role": role, "type": GOVERNMENT}
        )
    extending = _narratives(activity, "participating-org", [("vi", program.reporting_org_name)])
    extending.attrib.update(
        {
            "ref": identifier_part(program.reporting_org_ref),
            "role": EXTENDING,
            "type": GOVERNMENT,
        }
    )


def _date(activity: ET.Element, type_: str, on: date) -> None:
    _sub(activity, "activity-date", type=type_, iso_date=on.isoformat())


def _value(parent: ET.Element, amount: int, on: date) -> None:
    """Whole đồng as a bare integer: never a float, never a grouping separator."""
    value = _sub(parent, "value", currency=CURRENCY, value_date=on.isoformat())
    value.text = str(int(amount))


def _budget(activity: ET.Element, type_: str, start: date, end: date, amount: int) -> None:
    budget = _sub(activity, "budget", type=type_, status=COMMITTED)
    _sub(budget, "period-start", iso_date=start.isoformat())
    _sub(budget, "period-end", iso_date=end.isoformat())
    _value(budget, amount, start)


def _sector(activity: ET.Element) -> None:
    _sub(activity, "sector", vocabulary=DAC_5_DIGIT, code=SME_DEVELOPMENT, percentage="100")


def _result(
    activity: ET.Element,
    names: tuple[str, str],
    code: str,
    period: tuple[date, date],
    target: int,
    actual: int,
    baseline_year: int | None,
) -> None:
    """One Output result with one Unit indicator: target and actual over ``period``."""
    name_vi, name_en = names
    result = _sub(activity, "result", type=OUTPUT)
    _narratives(result, "title", [("vi", name_vi), ("en", name_en)])
    indicator = _sub(result, "indicator", measure=UNIT, ascending="true")
    _narratives(indicator, "title", [("vi", name_vi), ("en", name_en)])
    _sub(indicator, "reference", vocabulary=REPORTING_ORG_VOCABULARY, code=code)
    if baseline_year is not None:
        _sub(indicator, "baseline", year=str(baseline_year), value="0")
    period_element = _sub(indicator, "period")
    _sub(period_element, "period-start", iso_date=period[0].isoformat())
    _sub(period_element, "period-end", iso_date=period[1].isoformat())
    _sub(period_element, "target", value=str(int(target)))
    _sub(period_element, "actual", value=str(int(actual)))


def _year_bounds(year: int, program: ProgramInfo) -> tuple[date, date]:
    """The budget year, clipped to the program's period (its first year starts mid-year)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    if program.period_start.year == year:
        start = max(start, program.period_start)
    if program.period_end.year == year:
        end = min(end, program.period_end)
    return start, end


# --- the program ----------------------------------------------------------------------------


def program_status(program: ProgramInfo, today: date) -> str:
    if today < program.period_start:
        return PIPELINE
    if today <= program.period_end:
        return IMPLEMENTATION
    return FINALISATION


def yearly_budgets(phases: Iterable[BudgetPhases]) -> list[tuple[int, int, int]]:
    """``(year, allocatedInitial, allocated)`` summed over the funding sources, by year."""
    totals: dict[int, tuple[int, int]] = {}
    for line in phases:
        approved, adjusted = totals.get(line.year, (0, 0))
        totals[line.year] = (
            approved + line.figures.allocated_initial,
            adjusted + line.figures.allocated,
        )
    return [(year, *totals[year]) for year in sorted(totals)]


def program_activity(data: ExportData) -> ET.Element:
    """Elements follow the XSD's sequence: identifier, reporting-org, title, description,
    participating-org, other-identifier, status, dates, scope, country, sector, finance type,
    budgets, related activities, results."""
    program = data.program
    today = data.generated_at.date()
    activity = _activity(data, program_identifier(program), "1")
    _narratives(activity, "title", [("vi", program.title_vi), ("en", program.title_en)])
    decided = f"{program.decision_date:%d/%m/%Y}"
    _narratives(
        activity,
        "description",
        [
            (
                "vi",
                f"{program.title_vi}, phê duyệt tại Quyết định {program.decision_no} "
                f"ngày {decided} của {program.issuer}.",
            ),
            (
                "en",
                f"{program.title_en}, approved by Decision {program.decision_no} "
                f"of {program.decision_date.isoformat()} ({program.issuer}).",
            ),
        ],
    )
    _participants(activity, program)
    _sub(activity, "other-identifier", ref=program.code, type=INTERNAL_ID)
    _sub(activity, "other-identifier", ref=program.decision_no, type=OTHER_ID)
    _sub(activity, "activity-status", code=program_status(program, today))
    _date(activity, PLANNED_START, program.period_start)
    if today >= program.period_start:
        _date(activity, ACTUAL_START, program.period_start)
    _date(activity, PLANNED_END, program.period_end)
    _sub(activity, "activity-scope", code=SINGLE_FIRST_LEVEL)
    _sub(activity, "recipient-country", code="VN")
    _sector(activity)
    _sub(activity, "default-finance-type", code=STANDARD_GRANT)
    budgets = yearly_budgets(data.phases)
    for year, approved, _adjusted in budgets:
        _budget(activity, ORIGINAL, *_year_bounds(year, program), approved)
    for year, approved, adjusted in budgets:
        if adjusted != approved:
            _budget(activity, REVISED, *_year_bounds(year, program), adjusted)
    for project in data.projects:
        _sub(activity, "related-activity", ref=project_identifier(program, project), type=CHILD)
    for target in data.targets:
        _result(
            activity,
            (target.name_vi, target.name_en),
            target.indicator_code,
            (program.period_start, program.period_end),
            target.target,
            target.achieved,
            baseline_year=program.period_start.year,
        )
    return activity


# --- a project ------------------------------------------------------------------------------


def project_status(project: ProjectActivity) -> str:
    try:
        return PROJECT_STATUS[project.status.upper()]
    except KeyError:
        raise ValueError(f"project {project.code}: unknown status {project.status!r}") from None


def transaction_type(transaction: Transaction) -> str:
    try:
        return TRANSACTION_TYPE[transaction.kind]
    except KeyError:
        raise ValueError(f"unknown transaction kind {transaction.kind!r}") from None


def _scope(unit_code: str) -> str | None:
    """GSO unit codes: 2 digits a province, 3 a district; a commune (5) is no IATI scope."""
    return {2: SINGLE_FIRST_LEVEL, 3: SINGLE_SECOND_LEVEL}.get(len(unit_code))


def project_activity(data: ExportData, project: ProjectActivity) -> ET.Element:
    program = data.program
    activity = _activity(data, project_identifier(program, project), "2")
    _narratives(activity, "title", [("vi", project.title)])
    _narratives(
        activity,
        "description",
        [("vi", f"{project.content_code} {project.content_title_vi} — {project.unit_name}")],
    )
    co = project.co_financing
    if co.declared or co.evidenced or co.settled:
        text = (
            f"Vốn đối ứng của cơ sở (không thuộc ngân sách nhà nước): đăng ký {co.declared} đồng; "
            f"có chứng từ khi nghiệm thu {co.evidenced} đồng; quyết toán {co.settled} đồng"
        )
        _narratives(activity, "description", [("vi", text)]).set("type", OTHER_DESCRIPTION)
    _participants(activity, program)
    if co.declared or co.evidenced or co.settled:
        establishments = _narratives(
            activity, "participating-org", [("vi", "Cơ sở công nghiệp nông thôn thụ hưởng")]
        )
        establishments.attrib.update({"role": FUNDING, "type": PRIVATE_SECTOR})
    _sub(activity, "other-identifier", ref=project.code, type=INTERNAL_ID)
    _sub(activity, "other-identifier", ref=project.id, type=INTERNAL_ID)
    _sub(activity, "activity-status", code=project_status(project))
    _date(activity, PLANNED_START, project.approved_on or project.proposed_on)
    if project.contract_signed_on is not None:
        _date(activity, ACTUAL_START, project.contract_signed_on)
    scope = _scope(project.unit_code)
    if scope is not None:
        _sub(activity, "activity-scope", code=scope)
    _sub(activity, "recipient-country", code="VN")
    location = _sub(activity, "location", ref=project.unit_code)
    _sub(location, "location-reach", code=ACTIVITY_REACH)
    _narratives(location, "name", [("vi", project.unit_name)])
    _sub(location, "location-class", code=ADMINISTRATIVE_REGION)
    _sector(activity)
    content = _narratives(activity, "sector", [("vi", project.content_title_vi)])
    content.attrib.update(
        {"vocabulary": REPORTING_ORG_VOCABULARY, "code": project.content_code, "percentage": "100"}
    )
    _sub(activity, "default-finance-type", code=STANDARD_GRANT)
    if project.approved_on is not None and project.approved_support:
        start, end = date(project.year, 1, 1), date(project.year, 12, 31)
        _budget(activity, ORIGINAL, start, end, project.approved_support)
    for transaction in project.transactions:
        _transaction(activity, transaction)
    _sub(activity, "related-activity", ref=program_identifier(program), type=PARENT)
    names = {target.indicator_code: target for target in data.targets}
    for output in project.outputs:
        _project_result(activity, project, output, names.get(output.indicator_code))
    return activity


def _transaction(activity: ET.Element, transaction: Transaction) -> None:
    element = _sub(activity, "transaction")
    if transaction.reference:
        element.set("ref", transaction.reference)
    _sub(element, "transaction-type", code=transaction_type(transaction))
    _sub(element, "transaction-date", iso_date=transaction.on.isoformat())
    _value(element, signed_amount(transaction), transaction.on)
    text = transaction.description or _KIND_LABEL[transaction.kind]
    _narratives(element, "description", [("vi", text)])


def _project_result(
    activity: ET.Element,
    project: ProjectActivity,
    output: ProjectOutput,
    target: TargetRow | None,
) -> None:
    names = (target.name_vi, target.name_en) if target else (output.indicator_code, "")
    _result(
        activity,
        names,
        output.indicator_code,
        (date(project.year, 1, 1), date(project.year, 12, 31)),
        output.planned,
        output.achieved,
        baseline_year=None,
    )
