"""Modules stay small enough to read: one concept each, at most MODULE_LINES_MAX lines.

The standalone audit-pack verifier is the one exception: an auditor runs it with the standard
library and ``cryptography`` only, so it must stay one self-contained file.
"""

from __future__ import annotations

from pathlib import Path

from scripts.settings import REPOSITORY_ROOT

MODULE_LINES_MAX = 500
FOLDERS = ("domain", "projections", "audit", "finance", "api", "scripts", "tests")
SELF_CONTAINED = {Path("scripts") / "verify_audit_pack.py"}


def test_no_module_is_longer_than_the_limit():
    too_long = [
        f"{path.relative_to(REPOSITORY_ROOT)}: {lines} lines"
        for folder in FOLDERS
        for path in sorted((REPOSITORY_ROOT / folder).rglob("*.py"))
        if path.relative_to(REPOSITORY_ROOT) not in SELF_CONTAINED
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES_MAX
    ]
    assert too_long == [], f"split these by concern (limit {MODULE_LINES_MAX} lines): {too_long}"
