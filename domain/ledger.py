"""The ledger: one eventsourcing application with one method per use case."""

from __future__ import annotations

from domain.budget.use_cases import BudgetUseCases
from domain.establishments.use_cases import EstablishmentUseCases
from domain.programs.use_cases import ProgramUseCases
from domain.projects.use_cases import ProjectUseCases


class Ledger(ProgramUseCases, BudgetUseCases, ProjectUseCases, EstablishmentUseCases):
    """Programs, budget lines, projects and establishments, recorded as immutable events."""
