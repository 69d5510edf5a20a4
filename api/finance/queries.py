"""Finance reads: the reconciliation with the State Treasury, the statements imported, and
export links."""

from __future__ import annotations

import strawberry

from api import policy
from api.as_of import AsOfInput, as_of_point
from api.auth import Forbidden
from api.context import Info
from api.enums import FundingSource
from api.finance import pages, views
from api.finance import types as t
from domain.errors import InvalidQuery
from finance.exports.formats import FORMATS
from finance.matching import DEFAULT_WINDOW_DAYS
from finance.reconciliation import accounts, reconcile, statement, statement_line, statements


async def statement_by_id(info: Info, key: str) -> t.ImportedStatement | None:
    policy.TREASURY_STATEMENTS.check(info.context.principal)
    found = await info.context.run(statement, info.context.read_model.store, key)
    return views.imported(found) if found else None


async def statement_line_by_id(info: Info, key: str) -> t.StatementLineView | None:
    policy.TREASURY_STATEMENTS.check(info.context.principal)
    named = views.line_key(key)
    if named is None:
        return None
    found = await info.context.run(statement_line, info.context.read_model.store, *named)
    return views.line(found) if found else None


@strawberry.type
class FinanceQuery:
    @strawberry.field(
        description="The ledger against the State Treasury for one fiscal year, per account "
        "and month, with what is unmatched; asOf reproduces a past reconciliation "
        "(finance, auditor, doit).",
        permission_classes=policy.allowed(policy.RECONCILIATION),
    )
    async def reconciliation(
        self,
        info: Info,
        program_code: str,
        year: int,
        as_of: AsOfInput | None = None,
        window_days: int = DEFAULT_WINDOW_DAYS,
        min_position: int | None = None,
    ) -> pages.ReconciliationReport:
        if as_of is not None and as_of.effective_on is not None:
            raise InvalidQuery(
                "a reconciliation is as of a position or a recorded time", field="asOf.effectiveOn"
            )
        await info.context.fresh(min_position)
        read_model = info.context.read_model
        position = await info.context.run(read_model.position_of, as_of_point(as_of))
        report = await info.context.run(
            reconcile, read_model.store, program_code, year, position, window_days
        )
        return views.report(report)

    @strawberry.field(
        description="The Treasury accounts registered for a program (finance, auditor, doit).",
        permission_classes=policy.allowed(policy.TREASURY_STATEMENTS),
    )
    async def treasury_accounts(self, info: Info, program_code: str) -> list[t.TreasuryAccount]:
        await info.context.fresh()
        found = await info.context.run(accounts, info.context.read_model.store, program_code)
        return [
            t.TreasuryAccount(
                number=a.number,
                holder_code=a.holder_code,
                source=FundingSource(a.source),
                name=a.name,
                position=a.position,
            )
            for a in found
        ]

    @strawberry.field(
        description="The Treasury statements imported for a program (finance, auditor, doit).",
        permission_classes=policy.allowed(policy.TREASURY_STATEMENTS),
    )
    async def treasury_statements(self, info: Info, program_code: str) -> list[t.ImportedStatement]:
        await info.context.fresh()
        found = await info.context.run(statements, info.context.read_model.store, program_code)
        return [views.imported(s) for s in found]

    @strawberry.field(
        description="A download link for the budget execution and target progress as XLSX or "
        "CSV, an Open Fiscal Data Package, or IATI 2.03 XML (signed in callers).",
        permission_classes=policy.allowed(policy.EXPORTS),
    )
    async def export_link(
        self,
        info: Info,
        program_code: str,
        format: t.ExportFormat,
        year: int | None = None,
    ) -> t.ExportLink:
        links = info.context.downloads
        if links is None:  # a server without links refuses as it refuses anonymous callers
            raise Forbidden(policy.EXPORTS.refusal)
        await info.context.fresh()
        await info.context.run(info.context.read_model.check_program, program_code, year)
        fmt = FORMATS[format.value]
        name = f"{program_code}{'-' + str(year) if year else ''}{fmt.suffix}"
        token, expires = links.sign(fmt.name, program_code, year)
        return t.ExportLink(
            url=f"/exports/{name}?token={token}", file_name=name, expires_at=expires
        )
