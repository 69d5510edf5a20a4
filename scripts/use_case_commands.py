"""The departments' use cases at the command line: budget estimates and the year-end
cancellation (``khuyencong budget …``), changes to a project by decision and refunds
(``khuyencong project …``), certifications (``khuyencong establishment certify``), and target
revisions and support rules (``khuyencong program …``).

Each command acts as ``--role`` (default: the office whose duty it is; a district names
``--unit``) and is refused as the same mutation over GraphQL would be when that role may not make
it: the duties are api/policy.py's, in one place."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import Any

from api.auth import Principal
from api.policy import HOLDER_SCOPED, UNIT_SCOPED_ROLES, authorize
from domain.budget import commands as budget
from domain.errors import InvalidInput
from domain.establishments.commands import AddCertification
from domain.ids import establishment_id, project_id
from domain.ledger import Ledger
from domain.programs.commands import AddSupportRule, ReviseTarget
from domain.projects import commands as projects
from domain.text import clean_code, clean_tax_code
from domain.types import CertificationKind, FundingSource, Role, SourceAmount
from scripts.bootstrap import bootstrap
from scripts.settings import Settings

SUBJECT = "khuyencong-cli"
PROGRAM = "BD-KC-2025"
ROLES = tuple(role.value for role in Role if role is not Role.SYSTEM)
SOURCES = tuple(source.value for source in FundingSource)
Build = Callable[[argparse.Namespace], Any]


def add_use_case_commands(commands: Any) -> None:
    _budget_commands(commands)
    _project_commands(commands)
    _establishment_commands(commands)
    _program_commands(commands)


def _group(commands: Any, name: str, help: str) -> Any:
    group = commands.add_parser(name, help=help, description=help)
    return group.add_subparsers(required=True, metavar="ACTION")


def _command(
    actions: Any, name: str, mutation: str, role: Role, build: Build, help: str
) -> argparse.ArgumentParser:
    """One use case: its arguments are added by the caller; it runs as ``mutation`` would."""
    parser: argparse.ArgumentParser = actions.add_parser(
        name, help=help, description=f"{help} (GraphQL: {mutation})."
    )
    parser.add_argument("--program", default=PROGRAM, help=f"program code (default {PROGRAM})")
    parser.add_argument(
        "--role", choices=ROLES, default=role.value, help=f"act as (default {role.value})"
    )
    parser.add_argument("--unit", help="the unit of a district role, e.g. 718")
    parser.add_argument("--idempotency-key", help="the same key again records nothing new")
    parser.set_defaults(run=lambda settings, args: _record(settings, args, mutation, build))
    return parser


def _record(settings: Settings, args: argparse.Namespace, mutation: str, build: Build) -> int:
    principal = Principal(SUBJECT, args.role, args.unit)
    command = build(args)
    with bootstrap(settings) as services:
        authorize(
            principal, mutation, _unit_acted_on(services.ledger, principal, mutation, command)
        )
        use_case = getattr(services.ledger, _snake(mutation))
        receipt = use_case(command, principal.actor(), idempotency_key=args.idempotency_key)
    if receipt.replayed:
        print(f"{mutation}: already recorded with this key (position {receipt.position})")
    elif receipt.position is None:
        print(f"{mutation}: nothing to change")
    else:
        print(f"{mutation}: recorded at position {receipt.position}")
    return 0


def _unit_acted_on(ledger: Ledger, principal: Principal, mutation: str, command: Any) -> str | None:
    """The unit a district's command acts on: a budget line's holder, or a project's unit."""
    if not principal.holds(UNIT_SCOPED_ROLES):
        return None
    if mutation in HOLDER_SCOPED:
        return command.holder_code.strip() if isinstance(command.holder_code, str) else None
    return ledger.project(command.project_id).unit_code


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _project(args: argparse.Namespace) -> Any:
    return project_id(args.program, clean_code(args.project, "project"))


def _support(values: list[str]) -> tuple[SourceAmount, ...]:
    """``PROVINCIAL=200000000`` per source."""
    amounts = []
    for value in values:
        source, _, amount = value.partition("=")
        if source not in SOURCES or not amount.isdigit():
            raise InvalidInput(
                f"{value!r}: write SOURCE=AMOUNT, e.g. PROVINCIAL=200000000", "support"
            )
        amounts.append(SourceAmount(FundingSource(source), int(amount)))
    return tuple(amounts)


def _line_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("year", type=int, help="fiscal year")
    parser.add_argument("--source", required=True, choices=SOURCES)
    parser.add_argument("--holder", help="the unit whose budget the line is (default: the region)")


def _budget_commands(commands: Any) -> None:
    actions = _group(commands, "budget", "estimates and the year-end cancellation of budget lines")
    propose = _command(
        actions,
        "propose-estimate",
        "proposeEstimate",
        Role.DOIT,
        lambda a: budget.ProposeEstimate(
            program_code=a.program,
            year=a.year,
            source=FundingSource(a.source),
            holder_code=a.holder,
            amount_vnd=a.amount,
            document_no=a.document_no,
            document_date=a.document_date,
        ),
        "propose a line's estimate (lập dự toán); opens the line on first use",
    )
    _line_arguments(propose)
    propose.add_argument("--amount", required=True, type=int, help="đồng")
    _document_arguments(propose)

    adjust = _command(
        actions,
        "adjust-estimate",
        "adjustEstimate",
        Role.DOIT,
        lambda a: budget.AdjustEstimate(
            program_code=a.program,
            year=a.year,
            source=FundingSource(a.source),
            holder_code=a.holder,
            delta_vnd=a.delta,
            document_no=a.document_no,
            document_date=a.document_date,
        ),
        "adjust a line's estimate up or down",
    )
    _line_arguments(adjust)
    adjust.add_argument("--delta", required=True, type=int, help="signed đồng, e.g. -300000000")
    _document_arguments(adjust)

    cancel = _command(
        actions,
        "cancel-estimate",
        "cancelEstimate",
        Role.DOIT,
        lambda a: budget.CancelEstimate(
            program_code=a.program,
            year=a.year,
            source=FundingSource(a.source),
            holder_code=a.holder,
            reason=a.reason,
            document_no=a.document_no,
            document_date=a.document_date,
        ),
        "withdraw a line's whole estimate",
    )
    _line_arguments(cancel)
    cancel.add_argument("--reason", required=True)
    _document_arguments(cancel)

    unspent = _command(
        actions,
        "cancel",
        "cancelBudget",
        Role.FINANCE,
        lambda a: budget.CancelBudget(
            program_code=a.program,
            year=a.year,
            source=FundingSource(a.source),
            holder_code=a.holder,
            amount_vnd=a.amount,
            reason=a.reason,
            decision_no=a.decision_no,
            decision_date=a.decision_date,
        ),
        "cancel unspent budget at year end (from 31 December; at most what is free)",
    )
    _line_arguments(unspent)
    unspent.add_argument("--amount", required=True, type=int, help="đồng")
    unspent.add_argument("--reason", required=True)
    _decision_arguments(unspent)


def _document_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--document-no", required=True, help="e.g. 215/TTr-STC")
    parser.add_argument("--document-date", required=True, type=_day, help="YYYY-MM-DD")


def _decision_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--decision-no", required=True, help="e.g. 1520/QĐ-SCT")
    parser.add_argument("--decision-date", required=True, type=_day, help="YYYY-MM-DD")


def _by_decision(command: type[projects.SuspendProject | projects.ResumeProject]) -> Build:
    def build(a: argparse.Namespace) -> Any:
        return command(
            project_id=_project(a),
            reason=a.reason,
            decision_no=a.decision_no,
            decision_date=a.decision_date,
        )

    return build


def _project_commands(commands: Any) -> None:
    actions = _group(commands, "project", "change a project by decision; record a refund")
    adjust = _command(
        actions,
        "adjust",
        "adjustProject",
        Role.DOIT,
        lambda a: projects.AdjustProject(
            project_id=_project(a),
            approved_support=_support(a.support),
            reason=a.reason,
            decision_no=a.decision_no,
            decision_date=a.decision_date,
        ),
        "change an approved project's support by decision; commitments follow",
    )
    adjust.add_argument("project", help="project code, e.g. DA-2024-01")
    adjust.add_argument(
        "--support", required=True, action="append", help="SOURCE=AMOUNT, once per source"
    )
    adjust.add_argument("--reason", required=True)
    _decision_arguments(adjust)

    for name, mutation, command, help in (
        ("suspend", "suspendProject", projects.SuspendProject, "suspend a running project"),
        ("resume", "resumeProject", projects.ResumeProject, "resume a suspended project"),
    ):
        parser = _command(
            actions,
            name,
            mutation,
            Role.DOIT,
            _by_decision(command),
            f"{help} by decision",
        )
        parser.add_argument("project", help="project code, e.g. DA-2024-01")
        parser.add_argument("--reason", required=True)
        _decision_arguments(parser)

    carry = _command(
        actions,
        "carry-over",
        "carryOverProject",
        Role.FINANCE,
        lambda a: projects.CarryOverProject(
            project_id=_project(a), decision_no=a.decision_no, decision_date=a.decision_date
        ),
        "carry a contracted project's unpaid support into the next year (chuyển nguồn)",
    )
    carry.add_argument("project", help="project code, e.g. DA-2024-01")
    _decision_arguments(carry)

    refund = _command(
        actions,
        "refund",
        "recordRefund",
        Role.CENTER,
        lambda a: projects.RecordRefund(
            project_id=_project(a),
            source=FundingSource(a.source),
            amount_vnd=a.amount,
            voucher_no=a.voucher_no,
            value_date=a.value_date,
        ),
        "record money paid back by a settled or cancelled project",
    )
    refund.add_argument("project", help="project code, e.g. DA-2024-01")
    refund.add_argument("--source", required=True, choices=SOURCES)
    refund.add_argument("--amount", required=True, type=int, help="đồng")
    refund.add_argument("--voucher-no", required=True)
    refund.add_argument("--value-date", required=True, type=_day, help="YYYY-MM-DD")


def _establishment_commands(commands: Any) -> None:
    actions = _group(commands, "establishment", "the establishment register")
    certify = _command(
        actions,
        "certify",
        "addCertification",
        Role.DOIT,
        lambda a: AddCertification(
            establishment_id=establishment_id(clean_tax_code(a.tax_code, "taxCode")),
            kind=CertificationKind(a.kind),
            title=a.title,
            certificate_no=a.certificate_no,
            level=a.level,
            issued_on=a.issued_on,
        ),
        "record a certificate an establishment received",
    )
    certify.add_argument("tax_code", help="the establishment's tax code")
    certify.add_argument("--kind", required=True, choices=[k.value for k in CertificationKind])
    certify.add_argument("--title", required=True, help="the product or the mark")
    certify.add_argument("--certificate-no", required=True)
    certify.add_argument("--level", required=True, help="cấp tỉnh, cấp khu vực, cấp quốc gia …")
    certify.add_argument("--issued-on", required=True, type=_day, help="YYYY-MM-DD")


def _program_commands(commands: Any) -> None:
    actions = _group(commands, "program", "amend a program by decision")
    revise = _command(
        actions,
        "revise-target",
        "reviseTarget",
        Role.DOIT,
        lambda a: ReviseTarget(
            program_code=a.program,
            indicator_code=a.indicator,
            target=a.target,
            decision_no=a.decision_no,
            decision_date=a.decision_date,
        ),
        "revise an indicator's target by decision",
    )
    revise.add_argument("indicator", help="indicator code, e.g. machines_applied")
    revise.add_argument("--target", required=True, type=int)
    _decision_arguments(revise)

    rule = _command(
        actions,
        "add-support-rule",
        "addSupportRule",
        Role.DOIT,
        lambda a: AddSupportRule(program_code=a.program, rule=_rule(a)),
        "add a support rule: a new version with its own code, legal basis and validity",
    )
    rule.add_argument("code", help="code of this version, e.g. TT28-2018-MACHINERY-V2")
    rule.add_argument("--legal-basis", required=True)
    rule.add_argument("--source-note", required=True, help="where it was read and checked")
    rule.add_argument("--effective-from", required=True, type=_day)
    rule.add_argument("--effective-to", type=_day)
    rule.add_argument("--content", required=True, action="append", help="content item, repeatable")
    rule.add_argument("--indicator", help="the output it caps")
    rule.add_argument("--max-share-percent", type=int)
    rule.add_argument("--cap", type=int, help="đồng")
    rule.add_argument("--multiple-of")
    rule.add_argument("--multiple-numerator", type=int)
    rule.add_argument("--multiple-denominator", type=int)
    rule.add_argument("--per", required=True, help="establishment, project, model or person")
    rule.add_argument("--replaces", help="the earlier version it replaces (its validity ends)")


def _rule(a: argparse.Namespace) -> dict[str, Any]:
    values = {
        "code": a.code,
        "legal_basis": a.legal_basis,
        "source_note": a.source_note,
        "effective_from": a.effective_from.isoformat(),
        "effective_to": a.effective_to.isoformat() if a.effective_to else None,
        "content_codes": a.content,
        "indicator_code": a.indicator,
        "max_share_percent": a.max_share_percent,
        "cap_vnd": a.cap,
        "multiple_of": a.multiple_of,
        "multiple_numerator": a.multiple_numerator,
        "multiple_denominator": a.multiple_denominator,
        "per": a.per,
        "replaces": a.replaces,
    }
    return {key: value for key, value in values.items() if value is not None}
