"""The ledger: one eventsourcing application with one method per use case."""

from __future__ import annotations

from domain.accounts.use_cases import AccountUseCases
from domain.budget.use_cases import BudgetUseCases
from domain.establishments.use_cases import EstablishmentUseCases
from domain.inspections.use_cases import InspectionUseCases
from domain.installation.use_cases import InstallationUseCases
from domain.plans.use_cases import PlanUseCases
from domain.programs.use_cases import ProgramUseCases
from domain.projects.use_cases import ProjectUseCases
from domain.reports.use_cases import ReportUseCases
from domain.statements.use_cases import StatementUseCases


class Ledger(
    ProgramUseCases,
    BudgetUseCases,
    ProjectUseCases,
    EstablishmentUseCases,
    StatementUseCases,
    AccountUseCases,
    ReportUseCases,
    InspectionUseCases,
    PlanUseCases,
    InstallationUseCases,
):
    """Programs, budget lines, projects, establishments and Treasury statements, recorded as
    immutable events."""
