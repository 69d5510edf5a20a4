"""The demo's project titles name what the beneficiary's trade makes and uses."""

from __future__ import annotations

from domain.ids import program_id
from domain.programs.parsing import parse_program
from domain.programs.state import ProgramState
from scripts.demo.names import TRADES
from scripts.demo.planning import plan_history
from tests.support import program_data

FIRM_TITLED = ("IV.1.a", "IV.1.b", "IV.1.c", "IV.2.c")


def _program() -> ProgramState:
    definition = parse_program(program_data())
    indicators = {i.code: i.target for i in definition.indicators}
    return ProgramState(program_id(definition.code), 1, definition, indicators, ())


def test_each_project_title_matches_its_establishments_trade():
    for seed in (1, 2, 3):
        history = plan_history(_program(), seed)
        checked = 0
        for plan in history.projects:
            if plan.content not in FIRM_TITLED or not plan.firms:
                continue
            trade = TRADES[plan.firms[0].trade]
            phrases = (trade.product, trade.machine, trade.pollution, *trade.models)
            assert any(p in plan.title for p in phrases), (seed, plan.title, trade.name)
            others = [
                p for t in TRADES if t is not trade for p in t.models if p not in trade.models
            ]
            assert not any(p in plan.title for p in others), (seed, plan.title, trade.name)
            checked += 1
        assert checked > 20
