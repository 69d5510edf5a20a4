"""Given / when / then for pure decisions: state is folded from events, no database."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, time
from typing import TypeVar

from domain.events import Decision, LedgerEvent
from domain.fiscal import VIETNAM_TZ
from domain.programs.decisions import define_program
from domain.programs.parsing import parse_program
from domain.programs.state import ProgramState
from domain.programs.state import evolve as evolve_program
from domain.types import Actor
from tests.support import DOIT, program_data

State = TypeVar("State")


def decision(day: date, actor: Actor = DOIT) -> Decision:
    return Decision(actor, datetime.combine(day, time(9, 0), tzinfo=VIETNAM_TZ))


def given(events: Iterable[LedgerEvent], evolve: Callable[[State | None, object], State]) -> State:
    state: State | None = None
    for event in events:
        state = evolve(state, event)
    assert state is not None
    return state


def binh_duong() -> ProgramState:
    events = define_program(None, parse_program(program_data()), decision(date(2021, 7, 15)))
    return given(events, evolve_program)
