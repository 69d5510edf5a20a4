"""Registering a Treasury account: a number once, for a holder of the program and a source."""

from __future__ import annotations

import re

from domain.accounts.commands import RegisterAccount
from domain.accounts.events import TreasuryAccount
from domain.accounts.state import AccountState
from domain.budget.holders import check_fits, check_holder
from domain.errors import AccountAlreadyRegistered, InvalidInput
from domain.events import Decision, LedgerEvent, Pending
from domain.fiscal import check_date
from domain.ids import account_id
from domain.programs.state import ProgramState
from domain.text import clean_text

ACCOUNT_NUMBER = re.compile(r"[0-9][0-9.\-]{2,39}")


def clean_number(value: object) -> str:
    """Digits with dots or dashes, as the Treasury writes them (9523.1.1068413)."""
    text = value.strip() if isinstance(value, str) else ""
    if not ACCOUNT_NUMBER.fullmatch(text):
        raise InvalidInput("an account number is digits with dots or dashes", field="number")
    return text


def register_account(
    program: ProgramState, existing: AccountState | None, cmd: RegisterAccount, decision: Decision
) -> list[LedgerEvent]:
    number = clean_number(cmd.number)
    if existing is not None:
        raise AccountAlreadyRegistered(
            f"account {number} is registered for holder {existing.holder_code}, "
            f"{existing.source.value}",
            field="number",
        )
    source = program.check_budget_source(cmd.source)  # Treasury pays budget money only
    day = check_date(cmd.opened_on, "openedOn", today=decision.today)
    holder = check_holder(program, cmd.holder_code, day)
    check_fits(program, source, holder)
    pending = Pending(account_id(number), 0, decision)
    pending.add(
        TreasuryAccount.Registered,
        effective_on=day,
        document_ref=number,
        program_code=program.code,
        number=number,
        holder_code=holder.code,
        source=source,
        name=clean_text(cmd.name, "name"),
    )
    return pending.events
