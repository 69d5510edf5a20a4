"""What the projector remembers between events: the attributes of lines, projects, programs and
establishments that later events refer to by id. Loaded from the read model's own registers on
demand, so a restarted projector continues exactly where the tables stand."""

from __future__ import annotations

import json
from datetime import date
from uuid import UUID

from domain.ids import program_id as id_of_program
from domain.programs.definition import AdminUnit, ProgramDefinition
from domain.programs.parsing import parse_program
from projections.batch import LineKey, ProjectRow, Row
from projections.log.merkle import Frontier
from projections.plan_tables import PLAN_ACTS
from projections.schema import (
    BUDGET_LINES,
    ESTABLISHMENTS,
    INDICATORS,
    MERKLE_NODES,
    PROGRAMS,
    PROJECTS,
    qualified,
)
from projections.store import Transaction


class Context:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.lines: dict[str, LineKey] = {}
        self.projects: dict[str, ProjectRow] = {}
        self.program_codes: dict[str, str] = {}
        self.establishments: dict[str, list[object]] = {}  # register rows, by id
        self.statements: dict[str, str] = {}  # statement id → program code
        self.indicators: dict[str, dict[str, str]] = {}  # program → indicator code → name
        self.units: dict[str, dict[str, AdminUnit]] = {}  # program → unit code → unit
        self.plans: dict[str, tuple[str, int, str]] = {}  # plan id → program, year, unit
        # Register rows written by the batch under way but not yet stored: a lookup sees them
        # first, so an event reads what an earlier event of the same batch made of a program.
        self.pending: list[dict[str, dict[str, Row]]] = []
        self._frontier: Frontier | None = None

    def frontier(self, tx: Transaction) -> Frontier:
        """The Merkle log's right edge, read from its stored nodes when first needed."""
        if self._frontier is None:
            table = qualified(self.prefix, MERKLE_NODES)
            ((last,),) = tx.rows(f"SELECT MAX(idx) FROM {table} WHERE level = 0")
            size = 0 if last is None else int(last) + 1
            nodes = [
                bytes.fromhex(
                    tx.rows(f"SELECT hash FROM {table} WHERE level = ? AND idx = ?", key)[0][0]
                )
                for key in Frontier.keys(size)
            ]
            self._frontier = Frontier(size, nodes)
        return self._frontier

    def line(self, tx: Transaction, line_id: UUID) -> LineKey:
        key = str(line_id)
        if key not in self.lines:
            table = qualified(self.prefix, BUDGET_LINES)
            ((program, year, source, holder),) = tx.rows(
                f"SELECT program_code, year, source, holder_code FROM {table} WHERE id = ?",
                (key,),
            )
            self.lines[key] = (program, int(year), source, holder)
        return self.lines[key]

    def project(self, tx: Transaction, project_id: UUID) -> ProjectRow:
        key = str(project_id)
        if key not in self.projects:
            table = qualified(self.prefix, PROJECTS)
            columns = ", ".join(PROJECTS.column_names)
            (row,) = tx.rows(f"SELECT {columns} FROM {table} WHERE id = ?", (key,))
            self.projects[key] = ProjectRow.from_row(row)
        return self.projects[key]

    def program_code(self, tx: Transaction, program_id: UUID) -> str:
        key = str(program_id)
        if key not in self.program_codes:
            table = qualified(self.prefix, PROGRAMS)
            codes = [str(code) for (code,) in tx.rows(f"SELECT code FROM {table}")]
            codes += [code for rows in self.pending for code in rows.get(PROGRAMS.name, {})]
            for code in codes:
                self.program_codes[str(id_of_program(code))] = code
        return self.program_codes[key]

    def indicator_names(self, tx: Transaction, program_code: str) -> dict[str, str]:
        """The program's indicators' Vietnamese names, by code (for journal summaries)."""
        if program_code not in self.indicators:
            table = qualified(self.prefix, INDICATORS)
            self.indicators[program_code] = {
                str(code): str(name)
                for code, name in tx.rows(
                    f"SELECT code, name_vi FROM {table} WHERE program_code = ?", (program_code,)
                )
            }
        return self.indicators[program_code]

    def unit_name(self, tx: Transaction, program_code: str, unit_code: str, on: date) -> str:
        """The unit's Vietnamese name on the day (for journal summaries): "Huyện Bàu Bàng",
        "Thị xã Tân Uyên" before 10 April 2023; the code itself if the program has no such unit."""
        if program_code not in self.units:
            stored = self._pending_row(PROGRAMS.name, program_code)
            if stored is not None:
                rows = [(stored[PROGRAMS.column_names.index("definition")],)]
            else:
                table = qualified(self.prefix, PROGRAMS)
                rows = tx.rows(f"SELECT definition FROM {table} WHERE code = ?", (program_code,))
            definition = parse_program(json.loads(rows[0][0])) if rows else None
            self.units[program_code] = {} if definition is None else units_by_code(definition)
        unit = self.units[program_code].get(unit_code)
        return unit_code if unit is None else unit.name_on(on)

    def _pending_row(self, table: str, key: str) -> Row | None:
        for rows in self.pending:
            row = rows.get(table, {}).get(key)
            if row is not None:
                return row
        return None

    def establishment(self, tx: Transaction, establishment_id: UUID) -> list[object]:
        key = str(establishment_id)
        if key not in self.establishments:
            table = qualified(self.prefix, ESTABLISHMENTS)
            columns = ", ".join(ESTABLISHMENTS.column_names)
            (row,) = tx.rows(f"SELECT {columns} FROM {table} WHERE id = ?", (key,))
            self.establishments[key] = list(row)
        return self.establishments[key]

    def plan(self, tx: Transaction, plan_id: str) -> tuple[str, int, str]:
        if plan_id not in self.plans:
            table = qualified(self.prefix, PLAN_ACTS)
            program, year, unit = tx.rows(
                f"SELECT program_code, year, unit_code FROM {table} WHERE plan_id = ? "
                "ORDER BY position LIMIT 1",
                (plan_id,),
            )[0]
            self.plans[plan_id] = (str(program), int(year), str(unit))
        return self.plans[plan_id]


def units_by_code(definition: ProgramDefinition) -> dict[str, AdminUnit]:
    return {unit.code: unit for unit in definition.units}
