"""A statement as the write side needs it: its lines and which of them were matched by hand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from uuid import UUID

from domain.statements.events import Statement
from domain.types import PaymentRef, StatementEntry


@dataclass(frozen=True)
class StatementState:
    id: UUID
    version: int
    program_code: str
    sha256: str
    lines: Mapping[int, StatementEntry]
    manual: Mapping[int, tuple[PaymentRef, ...]]  # line → payments, for lines matched by hand
    held_apart: frozenset[int] = frozenset()  # lines unmatched by hand


def evolve(state: StatementState | None, event: object) -> StatementState:
    if isinstance(event, Statement.Imported):
        return StatementState(
            id=event.originator_id,
            version=event.originator_version,
            program_code=event.program_code,
            sha256=event.sha256,
            lines=MappingProxyType({line.line_no: line for line in event.lines}),
            manual=MappingProxyType({}),
        )
    assert state is not None, "a statement starts with Statement.Imported"
    if isinstance(event, Statement.LineMatched):
        return replace(
            state,
            version=event.originator_version,
            manual=MappingProxyType({**state.manual, event.line_no: event.payments}),
            held_apart=state.held_apart - {event.line_no},
        )
    if isinstance(event, Statement.LineUnmatched):
        manual = {k: v for k, v in state.manual.items() if k != event.line_no}
        return replace(
            state,
            version=event.originator_version,
            manual=MappingProxyType(manual),
            held_apart=state.held_apart | {event.line_no},
        )
    raise TypeError(f"not a statement event: {type(event).__name__}")
