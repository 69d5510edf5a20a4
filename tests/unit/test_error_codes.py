"""Error codes are a contract: unique, and each one documented for clients."""

from __future__ import annotations

import inspect

import domain.errors as errors
from scripts.settings import REPOSITORY_ROOT

ABSTRACT = {"LEDGER_ERROR", "CONFLICT", "NOT_FOUND"}


def _codes() -> dict[str, str]:
    found: dict[str, str] = {}
    for name, cls in inspect.getmembers(errors, inspect.isclass):
        if issubclass(cls, errors.LedgerError) and cls.code not in ABSTRACT:
            assert cls.code not in found, f"{name} reuses {cls.code} of {found.get(cls.code)}"
            found[cls.code] = name
    return found


def test_every_error_code_is_unique_and_documented():
    architecture = (REPOSITORY_ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = [code for code in _codes() if f"`{code}`" not in architecture]
    assert missing == []
