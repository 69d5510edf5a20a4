"""The `khuyencong` command as an operator runs it: a real process over a real database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TIMEOUT_S = 300


def khuyencong(
    database_url: str, cwd: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts.cli", *args],
        cwd=cwd,
        env={**os.environ, "KHUYENCONG_DATABASE_URL": database_url, **env},
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
