"""Error codes are a contract: unique, and each one documented for clients."""

from __future__ import annotations

import importlib
import pkgutil

import domain.errors as errors
from scripts.settings import REPOSITORY_ROOT

ABSTRACT = {"LEDGER_ERROR", "CONFLICT", "NOT_FOUND"}
PACKAGES = ("domain", "projections", "audit", "api")


def _codes() -> dict[str, str]:
    """Every error class of the ledger, wherever it is defined."""
    for package in PACKAGES:
        for module in pkgutil.walk_packages(
            importlib.import_module(package).__path__, f"{package}."
        ):
            importlib.import_module(module.name)
    found: dict[str, str] = {}
    classes = [errors.LedgerError]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        if cls.code in ABSTRACT or found.get(cls.code) == cls.__qualname__:
            continue
        assert cls.code not in found, f"{cls.__name__} reuses {cls.code} of {found[cls.code]}"
        found[cls.code] = cls.__qualname__
    return found


def test_every_error_code_is_unique_and_documented():
    docs = "".join(
        (REPOSITORY_ROOT / "docs" / name).read_text(encoding="utf-8")
        for name in ("ARCHITECTURE.md", "API.md", "FINANCE.md", "AUDITORS.md", "OPERATIONS.md")
    )
    missing = [code for code in _codes() if f"`{code}`" not in docs]
    assert missing == []
